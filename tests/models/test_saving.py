"""Saving replaces only what it may: regular files with write permission; no temporary
file outlives its save, even a save that was killed."""

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from models import chain_file
from tests.models.test_atomic_save import big_chain
from models.chain_file import (
    TEMPORARY_MIN_AGE_SECONDS,
    ChainFileError,
    chain_to_bytes,
    is_read_only,
    remove_stale_temporaries,
    save_bytes,
    save_chain,
)

REPOSITORY = Path(__file__).resolve().parents[2]
posix_only = pytest.mark.skipif(os.name != "posix", reason="pipes, devices, flock and SIGKILL are POSIX")


def names_in(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def age(path: Path, seconds: float) -> None:
    """Make `path` look last written `seconds` ago, as if the save was killed that long ago."""
    then = time.time() - seconds
    os.utime(path, (then, then))


# -- read-only files -------------------------------------------------------------------


@pytest.mark.parametrize("mode", [0o444, 0o400, 0o440, 0o000])
def test_a_file_without_a_write_bit_is_not_replaced(chain, tmp_path, mode):
    # The tests run as root, whom the operating system lets replace any file: the save
    # itself must respect the missing write bits.
    path = tmp_path / "order.chain"
    path.write_bytes(b"the owner's version")
    path.chmod(mode)
    assert is_read_only(path)
    with pytest.raises(ChainFileError) as caught:
        save_chain(chain, path)
    assert str(caught.value) == (
        f"{path}: the file is read-only (it has no write permission); save under another name"
    )
    path.chmod(0o600)  # to read it back whoever runs the tests
    assert path.read_bytes() == b"the owner's version"
    path.chmod(mode)
    assert stat.S_IMODE(path.stat().st_mode) == mode
    assert names_in(tmp_path) == ["order.chain"]


def test_a_file_with_any_write_bit_is_saved(chain, tmp_path):
    path = tmp_path / "order.chain"
    path.write_bytes(b"old")
    path.chmod(0o644)
    assert not is_read_only(path)
    save_chain(chain, path)
    assert path.read_bytes() == chain_to_bytes(chain)
    assert not is_read_only(tmp_path / "new.chain")  # a file to be created is not read-only


def test_a_symlink_to_a_read_only_file_is_not_written_through(chain, tmp_path):
    real = tmp_path / "real.chain"
    real.write_bytes(b"old")
    real.chmod(0o444)
    link = tmp_path / "link.chain"
    link.symlink_to(real)
    with pytest.raises(ChainFileError, match="read-only"):
        save_chain(chain, link)
    assert real.read_bytes() == b"old" and link.is_symlink()


# -- not regular files -----------------------------------------------------------------


@posix_only
def test_a_pipe_is_not_replaced(chain, tmp_path):
    pipe = tmp_path / "out.chain"
    os.mkfifo(pipe)
    with pytest.raises(ChainFileError) as caught:
        save_chain(chain, pipe)
    assert str(caught.value) == f"{pipe}: this is a pipe, not a file; it was left as it is"
    assert stat.S_ISFIFO(pipe.lstat().st_mode)
    assert names_in(tmp_path) == ["out.chain"]


@posix_only
def test_a_device_is_not_replaced_even_through_a_symlink(chain, tmp_path):
    # A null device of our own, so a broken save could not harm the real /dev/null.
    device = tmp_path / "null"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("creating a device needs root")
    link = tmp_path / "out.svg"
    link.symlink_to(device)
    for target in (device, link):
        with pytest.raises(ChainFileError, match="this is a device, not a file"):
            save_bytes(b"<svg/>", target)
    assert stat.S_ISCHR(device.lstat().st_mode) and link.is_symlink()
    assert names_in(tmp_path) == ["null", "out.svg"]


def test_a_folder_is_not_replaced(chain, tmp_path):
    folder = tmp_path / "out.chain"
    folder.mkdir()
    with pytest.raises(ChainFileError, match="this is a folder"):
        save_chain(chain, folder)
    assert folder.is_dir()


# -- temporary files -------------------------------------------------------------------

# Saves FILE with its size capped at LIMIT bytes: a real write failure half-way (EFBIG).
CAPPED_SAVER = """
import resource, signal, sys
from models.chain_file import ChainFileError, save_bytes

path, limit = sys.argv[1], int(sys.argv[2])
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # fail the write instead of being killed
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
try:
    save_bytes(b"x" * (4 * limit), path)
except ChainFileError as error:
    print(error)
"""


@posix_only
def test_a_failed_save_removes_its_temporary_file(tmp_path):
    path = tmp_path / "order.chain"
    path.write_bytes(b"old content")
    result = subprocess.run(
        [sys.executable, "-c", CAPPED_SAVER, str(path), "100000"],
        cwd=REPOSITORY, capture_output=True, text=True, timeout=60,
    )
    assert result.stdout.startswith(f"{path}: the file could not be saved: File too large"), result
    assert path.read_bytes() == b"old content"
    assert names_in(tmp_path) == ["order.chain"]


# Saves the chain SOURCE over TARGET again and again, saying when it has started.
ENDLESS_SAVER = """
import sys
from models.chain_file import load_chain, save_chain

target, source = sys.argv[1:]
chain = load_chain(source)
print("started", flush=True)
while True:
    save_chain(chain, target)
"""


def kill_mid_save(folder: Path, source: Path) -> Path:
    """Save `source` as folder/order.chain in a loop until a SIGKILL lands while its
    temporary file exists; return that file."""
    target = folder / "order.chain"
    target.write_bytes(source.read_bytes())
    for _ in range(50):
        saver = subprocess.Popen(
            [sys.executable, "-c", ENDLESS_SAVER, str(target), str(source)],
            cwd=REPOSITORY, stdout=subprocess.PIPE, text=True,
        )
        assert saver.stdout.readline() == "started\n"
        deadline = time.monotonic() + 10
        while not leftovers(folder) and time.monotonic() < deadline:
            time.sleep(0.0005)  # polls: the kill must land while a temporary file exists
        saver.send_signal(signal.SIGKILL)
        saver.wait()
        saver.stdout.close()
        found = leftovers(folder)
        assert target.read_bytes() == source.read_bytes()  # whole, as always
        if found:
            assert len(found) == 1
            return found[0]
    pytest.fail("no kill landed while a temporary file existed")


def leftovers(folder: Path) -> list[Path]:
    return sorted(folder.glob(".order.chain.*.tmp"))


@pytest.fixture
def source(tmp_path) -> Path:
    """A chain of a few MB, so that most of a save's time goes into writing it."""
    path = tmp_path / "source.chain"
    save_chain(big_chain("Large", 6000, 0.0), path)
    return path


def stale_killed_save(tmp_path: Path) -> tuple[Path, Path]:
    """A folder holding order.chain and the temporary file of a save of it that was
    killed long enough ago to count as stale; and the chain that save was writing."""
    source = tmp_path / "source.chain"
    save_chain(big_chain("Large", 6000, 0.0), source)
    folder = tmp_path / "shared"
    folder.mkdir()
    age(kill_mid_save(folder, source), TEMPORARY_MIN_AGE_SECONDS + 5)
    return folder, source


@posix_only
def test_the_temporary_file_of_a_killed_save_is_removed_by_the_next_save(tmp_path, chain):
    folder, _source = stale_killed_save(tmp_path)
    save_chain(chain, folder / "order.chain")
    assert names_in(folder) == ["order.chain"]


@posix_only
def test_a_young_temporary_file_is_kept_and_removed_once_it_is_old(tmp_path, source, chain):
    # Just after the kill nobody can tell it from a save that has only just begun.
    folder = tmp_path / "shared"
    folder.mkdir()
    temporary = kill_mid_save(folder, source)
    assert remove_stale_temporaries(folder / "order.chain") == 0
    assert temporary.exists()
    age(temporary, TEMPORARY_MIN_AGE_SECONDS + 5)
    assert remove_stale_temporaries(folder / "order.chain") == 1
    assert names_in(folder) == ["order.chain"]


# Holds an exclusive flock on FILE, as a save does while it writes, until killed.
WRITER = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDONLY)
fcntl.flock(fd, fcntl.LOCK_EX)
print("writing", flush=True)
time.sleep(60)  # holds the flock until the test kills this process
"""


@posix_only
def test_a_temporary_file_that_a_live_save_holds_is_kept_however_old(tmp_path, chain):
    path = tmp_path / "order.chain"
    temporary = tmp_path / ".order.chain.abcd1234.tmp"
    temporary.write_bytes(b"half of a slow save")
    age(temporary, 3600)  # e.g. stalled on a network drive
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(temporary)], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline() == "writing\n"
        save_chain(chain, path)
        assert temporary.read_bytes() == b"half of a slow save"
    finally:
        writer.kill()
        writer.wait()
        writer.stdout.close()
    save_chain(chain, path)  # its writer is gone now
    assert names_in(tmp_path) == ["order.chain"]


def test_only_temporary_files_of_this_chain_are_removed(tmp_path, chain):
    keep = [
        ".other.chain.abcd1234.tmp",  # another chain's
        ".order.chain.abcd1234.tmp.bak",
        "order.chain.abcd1234.tmp",  # not hidden: not ours
        ".order.chain.abc.tmp",
    ]
    for name in [*keep, ".order.chain.abcd_123.tmp"]:
        (tmp_path / name).write_bytes(b"x")
        age(tmp_path / name, 3600)
    assert remove_stale_temporaries(tmp_path / "order.chain") == 1
    assert names_in(tmp_path) == sorted(keep)


def test_save_holds_its_temporary_file_until_the_rename(tmp_path, monkeypatch):
    # While a save writes, a cleaner running beside it must see the file as in use.
    path = tmp_path / "order.chain"
    seen = []
    real_replace = os.replace

    def replace_after_a_cleaner_looked(source, target):
        age(Path(source), 3600)
        seen.append(remove_stale_temporaries(path))
        real_replace(source, target)

    monkeypatch.setattr(chain_file.os, "replace", replace_after_a_cleaner_looked)
    save_bytes(b"data", path)
    if chain_file.fcntl is not None:
        assert seen == [0]
    assert path.read_bytes() == b"data"
