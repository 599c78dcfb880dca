"""Saving a `.chain` file: where it goes, what it keeps (link, mode), and a save that
fails leaving the old file as it was."""

import errno
import os
import stat

import pytest

from models import chain_file
from models.chain_file import ChainFileError, chain_to_bytes, save_bytes, save_chain


# -- saving: where and how -------------------------------------------------------------


def test_save_leaves_no_temporary_file(chain, tmp_path):
    save_chain(chain, tmp_path / "order.chain")
    save_chain(chain, tmp_path / "order.chain")
    assert [p.name for p in tmp_path.iterdir()] == ["order.chain"]


def test_save_through_a_symlink_keeps_the_link(chain, tmp_path):
    real = tmp_path / "shared" / "order.chain"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "order.chain"
    link.symlink_to(os.path.join("shared", "order.chain"))  # a relative link

    save_chain(chain, link)

    assert link.is_symlink()
    assert os.readlink(link) == os.path.join("shared", "order.chain")
    assert real.read_bytes() == chain_to_bytes(chain)
    assert sorted(p.name for p in real.parent.iterdir()) == ["order.chain"]


def test_save_keeps_the_file_mode(chain, tmp_path):
    path = tmp_path / "order.chain"
    path.write_bytes(b"old")
    path.chmod(0o640)
    save_chain(chain, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    path.chmod(0o604)
    save_chain(chain, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o604


def test_a_new_file_gets_the_usual_permissions(chain, tmp_path):
    old_umask = os.umask(0o027)
    try:
        save_chain(chain, tmp_path / "new.chain")
    finally:
        os.umask(old_umask)
    # Like any new file (0666 minus the umask), not the 0600 of a temporary file.
    assert stat.S_IMODE((tmp_path / "new.chain").stat().st_mode) == 0o640


def assert_clear_save_error(error: ChainFileError, path, *words):
    message = str(error)
    assert "\n" not in message
    assert message.startswith(str(path))
    for word in words:
        assert word in message, message


def test_save_into_a_folder_that_is_gone(chain, tmp_path):
    path = tmp_path / "gone" / "order.chain"
    with pytest.raises(ChainFileError) as caught:
        save_chain(chain, path)
    assert_clear_save_error(caught.value, path, "does not exist")
    assert not path.parent.exists()


def test_save_into_a_folder_removed_after_opening(chain, tmp_path):
    folder = tmp_path / "project"
    folder.mkdir()
    path = folder / "order.chain"
    save_chain(chain, path)
    path.unlink()
    folder.rmdir()
    with pytest.raises(ChainFileError) as caught:
        save_chain(chain, path)
    assert_clear_save_error(caught.value, path, "does not exist")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root may write into read-only folders; see the simulated test")
def test_save_into_a_read_only_folder(chain, tmp_path):
    path = tmp_path / "order.chain"
    path.write_bytes(b"old")
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(ChainFileError) as caught:
            save_chain(chain, path)
    finally:
        tmp_path.chmod(0o755)
    assert_clear_save_error(caught.value, path, "permission")
    assert path.read_bytes() == b"old"


@pytest.mark.parametrize(
    ("failing", "code", "words"),
    [
        ("mkstemp", errno.EACCES, ["permission", "save somewhere else"]),
        ("mkstemp", errno.EROFS, ["read-only"]),
        ("fsync", errno.ENOSPC, ["disk is full"]),
        ("replace", errno.EPERM, ["permission"]),
        ("replace", errno.EIO, ["could not be saved", "Input/output error"]),
    ],
)
def test_failed_save_leaves_the_old_file_untouched(chain, tmp_path, monkeypatch,
                                                   failing, code, words):
    # Tests run as root here, where a read-only folder does not stop a write, so the
    # operating system's refusal is simulated at each step of the save.
    path = tmp_path / "order.chain"
    path.write_bytes(b"old content")
    path.chmod(0o644)

    def refuse(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    target = {"mkstemp": chain_file.tempfile, "fsync": chain_file.os,
              "replace": chain_file.os}[failing]
    monkeypatch.setattr(target, failing, refuse)
    with pytest.raises(ChainFileError) as caught:
        save_chain(chain, path)
    monkeypatch.undo()

    assert_clear_save_error(caught.value, path, *words)
    assert path.read_bytes() == b"old content"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["order.chain"]  # temp file removed


def test_save_over_a_folder_is_refused(chain, tmp_path):
    path = tmp_path / "order.chain"
    path.mkdir()
    with pytest.raises(ChainFileError) as caught:
        save_chain(chain, path)
    assert_clear_save_error(caught.value, path)
    assert path.is_dir()
    assert [p.name for p in tmp_path.iterdir()] == ["order.chain"]


def test_save_bytes_writes_exactly_the_bytes(tmp_path):
    path = tmp_path / "a.chain"
    save_bytes(b"\x00\xff binary\r\n", path)
    assert path.read_bytes() == b"\x00\xff binary\r\n"
