"""Lock files: exclusive creation, other holders, stale takeover, forcing, releasing."""

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from app import locks
from app.locks import LockHeld, LockInfo, acquire, holder, lock_path

REPOSITORY = Path(__file__).resolve().parents[2]


def dead_pid() -> int:
    """The pid of a process that has exited (and been reaped)."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def write_lock(chain_path, user="Ana", host=None, pid=None, time="2026-03-31T14:02:00+02:00"):
    info = LockInfo(user, host or locks.this_host(), pid or os.getppid(), time)
    lock_path(chain_path).write_text(info.to_line())
    return info


@pytest.fixture
def chain_path(tmp_path):
    path = tmp_path / "Orders.chain"
    path.write_text("{}")
    return path


def test_lock_path_is_beside_the_file(tmp_path):
    assert lock_path(tmp_path / "Orders.chain") == tmp_path / ".~lock.Orders.chain#"


def test_acquire_creates_the_lock_file_with_our_line(chain_path):
    lock = acquire(chain_path)
    assert lock is not None and lock.path == lock_path(chain_path)
    info = LockInfo.parse(lock.path.read_text())
    assert (info.host, info.pid) == (locks.this_host(), os.getpid())
    assert lock.path.read_text().count("\n") == 1
    assert holder(chain_path) == info


def test_acquire_twice_in_this_process_reuses_the_lock(chain_path):
    first = acquire(chain_path)
    second = acquire(chain_path)
    assert second is not None and second.path == first.path


def test_lock_held_on_another_host(chain_path):
    other = write_lock(chain_path, host="ana-laptop", pid=os.getpid())
    with pytest.raises(LockHeld) as caught:
        acquire(chain_path)
    assert caught.value.holder == other
    assert str(caught.value).startswith("Ana is editing this chain on host ana-laptop since ")
    assert lock_path(chain_path).read_text() == other.to_line()  # left alone


def test_lock_held_by_a_live_process_on_this_host(chain_path):
    other = write_lock(chain_path, pid=os.getppid())
    with pytest.raises(LockHeld) as caught:
        acquire(chain_path)
    assert caught.value.holder == other
    assert holder(chain_path) == other


def test_stale_lock_of_an_exited_process_is_taken_over(chain_path):
    write_lock(chain_path, pid=dead_pid())
    assert holder(chain_path) is None
    lock = acquire(chain_path)
    assert lock is not None
    assert LockInfo.parse(lock.path.read_text()).pid == os.getpid()


def test_force_overwrites_a_held_lock(chain_path):
    write_lock(chain_path, host="ana-laptop")
    lock = acquire(chain_path, force=True)
    assert lock is not None
    assert LockInfo.parse(lock.path.read_text()).pid == os.getpid()


@pytest.mark.parametrize("content", ["", "garbage", "a,b,not-a-pid,t\n", "\xff\xfe"])
def test_unparseable_lock_counts_as_held_unless_forced(chain_path, content):
    lock_path(chain_path).write_text(content)
    with pytest.raises(LockHeld) as caught:
        acquire(chain_path)
    assert caught.value.holder.user == "Someone"
    assert holder(chain_path) is None
    assert acquire(chain_path, force=True) is not None


def test_release_removes_our_lock_and_is_idempotent(chain_path):
    with acquire(chain_path) as lock:
        assert lock.path.exists()
    assert not lock.path.exists()
    lock.release()
    assert holder(chain_path) is None


def test_release_leaves_a_lock_someone_forced_in_place(chain_path):
    lock = acquire(chain_path)
    theirs = write_lock(chain_path, host="ana-laptop")  # they chose "Open anyway"
    lock.release()
    assert lock_path(chain_path).read_text() == theirs.to_line()


def test_a_folder_we_cannot_write_gives_no_lock(chain_path, monkeypatch):
    # The tests run as root, whom chmod does not stop: make os.open refuse instead.
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(locks.os, "open", refuse)
    assert acquire(chain_path) is None


def test_a_folder_that_does_not_exist_gives_no_lock(tmp_path):
    assert acquire(tmp_path / "gone" / "Orders.chain") is None


def test_a_stale_lock_we_cannot_replace_gives_no_lock(chain_path, monkeypatch):
    write_lock(chain_path, pid=dead_pid())

    def refuse(path):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(locks.os, "unlink", refuse)
    assert acquire(chain_path) is None


def test_taking_over_leaves_only_the_new_lock_file(chain_path):
    write_lock(chain_path, pid=dead_pid())
    lock = acquire(chain_path)
    assert lock is not None
    assert sorted(p.name for p in chain_path.parent.iterdir()) == [".~lock.Orders.chain#", "Orders.chain"]


@pytest.mark.skipif(os.name != "posix", reason="the takeover is guarded by flock, which Windows lacks")
def test_a_takeover_waits_for_the_taker_before_it(chain_path):
    # Another process holds the stale lock file's flock (it is taking over right now):
    # we must not decide on that file meanwhile, and say it is held when the wait is long.
    write_lock(chain_path, pid=dead_pid())
    holder_process = subprocess.Popen(
        [sys.executable, "-c", FLOCK_HOLDER, str(lock_path(chain_path))], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder_process.stdout.readline() == "holding\n"
        with pytest.raises(LockHeld):
            acquire(chain_path)
        assert acquire(chain_path, force=True) is None  # "Open anyway" opens without a lock
    finally:
        holder_process.kill()
        holder_process.wait()
    assert acquire(chain_path) is not None  # its flock died with it


FLOCK_HOLDER = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDONLY)
fcntl.flock(fd, fcntl.LOCK_EX)
print("holding", flush=True)
time.sleep(60)  # holds the flock until the test kills this process
"""

# Races for the lock in each of ROUNDS folders: waits for the parent's start signal, tries
# to take the stale lock, says whether it got it, and holds it until the round is over.
RACER = """
import os, sys, time
from app.locks import LockHeld, acquire

folder, rounds = sys.argv[1], int(sys.argv[2])
print("ready", flush=True)
for number in range(rounds):
    round_folder = os.path.join(folder, str(number))
    while not os.path.exists(os.path.join(round_folder, "go")):
        time.sleep(0.0002)  # polls for the parent's start signal, a file
    try:
        result = "owner" if acquire(os.path.join(round_folder, "Orders.chain")) else "no lock"
    except LockHeld:
        result = "held"
    print(result, flush=True)
    while not os.path.exists(os.path.join(round_folder, "over")):
        time.sleep(0.001)  # polls for the end of the round, a file
"""

RACERS, ROUNDS = 3, 30


@pytest.mark.skipif(os.name != "posix", reason="the takeover is guarded by flock, which Windows lacks")
def test_racing_editors_take_over_a_stale_lock_exactly_once(tmp_path):
    stale = dead_pid()
    for number in range(ROUNDS):
        (tmp_path / str(number)).mkdir()
        write_lock(tmp_path / str(number) / "Orders.chain", pid=stale)
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, str(tmp_path), str(ROUNDS)],
            stdout=subprocess.PIPE,
            text=True,
            cwd=REPOSITORY,
        )
        for _ in range(RACERS)
    ]
    try:
        for racer in racers:
            assert racer.stdout.readline() == "ready\n"
        for number in range(ROUNDS):
            round_folder = tmp_path / str(number)
            (round_folder / "go").touch()
            results = [racer.stdout.readline().strip() for racer in racers]
            owners = [racer.pid for racer, result in zip(racers, results) if result == "owner"]
            assert len(owners) == 1 and results.count("held") == RACERS - 1, (number, results)
            info = LockInfo.parse(lock_path(round_folder / "Orders.chain").read_text())
            assert info.pid == owners[0]
            (round_folder / "over").touch()
    finally:
        for racer in racers:
            racer.kill()
            racer.wait()


def test_commas_and_line_breaks_in_names_do_not_break_the_line():
    info = LockInfo("de Vries, Anna\n", "host", 42, "2026-03-31T14:02:00")
    assert LockInfo.parse(info.to_line()) == LockInfo("de Vries Anna", "host", 42,
                                                        "2026-03-31T14:02:00")


def test_the_holder_sentence_shows_the_time_of_day_for_today():
    today = datetime.now().replace(hour=14, minute=2).isoformat(timespec="seconds")
    info = LockInfo("Ana", "X", 42, today)
    assert info.describe() == "Ana is editing this chain on host X since 14:02"
    assert LockInfo("Ana", "X", 42, "?").describe() == "Ana is editing this chain on host X"


def test_process_is_alive():
    assert locks.process_is_alive(os.getpid())
    assert not locks.process_is_alive(dead_pid())
    assert not locks.process_is_alive(0)
