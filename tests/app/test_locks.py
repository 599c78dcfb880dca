"""Lock files: exclusive creation, other holders, stale takeover, forcing, releasing."""

import os
import subprocess
import sys
from datetime import datetime

import pytest

from app import locks
from app.locks import LockHeld, LockInfo, acquire, holder, lock_path


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

    def refuse(data, path):
        raise locks.ChainFileError(str(path), "read-only")

    monkeypatch.setattr(locks, "save_bytes", refuse)
    assert acquire(chain_path) is None


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
