"""Lock files that tell other people a chain is open, in the style of LibreOffice.

Opening `Orders.chain` creates `.~lock.Orders.chain#` beside it, holding one line
`user,host,pid,time`. A lock is a courtesy between colleagues on a shared drive, not a
guarantee: the file system cannot enforce it, so every failure to lock means "open without
a lock" (`acquire` returns None) rather than "do not open".

Choices:
- A lock whose writer is gone (same host, pid not running) is stale and taken over silently.
  A lock from another host cannot be checked, so it counts as held.
- Taking over (a stale lock, or "Open anyway") is atomic: the taker holds an advisory
  lock (flock) on the old lock file while it checks it, removes it and creates its own
  with O_EXCL. Racing takers wait for that flock, then find the name no longer points at
  the file they opened and look again; so of any number of racing editors exactly one
  ends up holding the lock. The kernel drops a flock when its process dies, so a crash
  never blocks a takeover. (Windows has no flock: there the takeover is not guarded.)
- A lock file that cannot be parsed (empty, garbage, unreadable) counts as held by
  "someone": another process may have just created it and not written its line yet, and
  guessing wrong would let two people edit the same chain. "Open anyway" (force=True)
  overwrites it. `holder` reports None for it, since there is nobody to name.
"""

from __future__ import annotations

import getpass
import os
import socket
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

LOCK_FILE_MODE = 0o644
ATTEMPTS = 10  # rounds of "create, else look at the existing lock" before giving up
FLOCK_WAIT_SECONDS = 2.0  # a taker holds the flock for microseconds; longer means trouble


def lock_path(path: str | os.PathLike) -> Path:
    """`/share/Orders.chain` -> `/share/.~lock.Orders.chain#`."""
    path = Path(path)
    return path.parent / f".~lock.{path.name}#"


@dataclass(frozen=True)
class LockInfo:
    """Who holds a lock: user name, host name, process id and ISO time of locking."""

    user: str
    host: str
    pid: int
    time: str

    @classmethod
    def for_this_process(cls) -> LockInfo:
        return cls(
            user=_current_user(),
            host=this_host(),
            pid=os.getpid(),
            time=datetime.now().astimezone().isoformat(timespec="seconds"),
        )

    @classmethod
    def parse(cls, text: str) -> LockInfo | None:
        """The LockInfo in a lock file's text, or None if it is not one valid line."""
        fields = text.strip().split(",")
        if len(fields) != 4 or not all(field.strip() for field in fields):
            return None
        user, host, pid, time = (field.strip() for field in fields)
        if not pid.isdigit() or int(pid) <= 0:
            return None
        return cls(user, host, int(pid), time)

    def to_line(self) -> str:
        fields = [_field(self.user), _field(self.host), str(self.pid), _field(self.time)]
        return ",".join(fields) + "\n"

    def is_this_process(self) -> bool:
        return self.is_this_host() and self.pid == os.getpid()

    def is_this_host(self) -> bool:
        return self.host.casefold() == this_host().casefold()

    def is_stale(self) -> bool:
        """True if the writer is certainly gone: it ran on this host and has exited."""
        return self.is_this_host() and not process_is_alive(self.pid)

    def describe(self) -> str:
        """'Ana is editing this chain on host X since 14:02'."""
        since = _readable_time(self.time)
        return f"{self.user} is editing this chain on host {self.host}" + (
            f" since {since}" if since else ""
        )


#: Stands in for the holder of a lock file that cannot be parsed.
UNKNOWN_HOLDER = LockInfo(user="Someone", host="an unknown computer", pid=0, time="")


class LockHeld(Exception):
    """Someone else holds the lock; `.holder` says who."""

    def __init__(self, holder: LockInfo):
        self.holder = holder
        super().__init__(holder.describe())


class Lock:
    """A lock this process holds; `release()` (or leaving a `with` block) removes it."""

    def __init__(self, path: Path, content: bytes):
        self.path = path
        self._content = content  # the exact bytes we own, to recognise our lock later
        self._released = False

    def release(self) -> None:
        """Remove the lock file if it is still ours; safe to call more than once."""
        if self._released:
            return
        self._released = True
        # Someone may have forced their way in ("Open anyway"): their lock is not ours to remove.
        if _read_bytes(self.path) == self._content:
            try:
                os.unlink(self.path)
            except OSError:
                pass  # already gone, or the drive went away: nothing left to do

    def __enter__(self) -> Lock:
        return self

    def __exit__(self, *exc_info) -> None:
        self.release()


def acquire(path: str | os.PathLike, *, force: bool = False) -> Lock | None:
    """Lock `path` for this process.

    Returns the Lock, or None if no lock can be written here (read-only or missing folder,
    full disk, ...): the caller opens the file anyway with a "could not lock" notice.
    Raises LockHeld if someone else holds it and `force` is False.
    If this process already holds it, the same lock file is reused: releasing any of the
    Locks removes it, so the caller should not open one file twice.
    """
    target = lock_path(path)
    mine = LockInfo.for_this_process().to_line().encode("utf-8")
    for _ in range(ATTEMPTS):  # another round only when the lock file changed under us
        try:
            _create_exclusively(target, mine)
            return Lock(target, mine)
        except FileExistsError:
            pass
        except OSError:
            return None  # cannot lock here; see the module notes on why that is not fatal
        try:
            return _take_existing(target, mine, force)
        except _LookAgain:
            continue
        except _Busy as busy:
            if force:
                return None
            raise LockHeld(busy.holder) from None
    return None


def holder(path: str | os.PathLike) -> LockInfo | None:
    """Who holds `path`'s lock now; None if there is no lock, it is unreadable, or stale."""
    info = _parse_bytes(_read_bytes(lock_path(path)))
    if info is None or info.is_stale():
        return None
    return info


def this_host() -> str:
    return socket.gethostname() or "localhost"


def process_is_alive(pid: int) -> bool:
    """True if a process with this id runs on this computer (or we cannot tell)."""
    if pid <= 0:
        return False  # os.kill(0, ...) would signal our whole process group
    if sys.platform == "win32":
        return _windows_process_is_alive(pid)
    try:
        os.kill(pid, 0)  # signal 0 only checks that the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, it just belongs to another user
    except OSError:
        return True  # cannot tell: assume alive, the safe side for a lock
    return True


# -- helpers ---------------------------------------------------------------------------


class _LookAgain(Exception):
    """The lock file was removed or replaced while we looked at it."""


class _Busy(Exception):
    """Another process kept the lock file's flock for longer than any takeover takes."""

    def __init__(self, holder: LockInfo):
        self.holder = holder


def _take_existing(target: Path, mine: bytes, force: bool) -> Lock | None:
    with _held_lock_file(target) as existing:
        info = _parse_bytes(existing)
        if info is not None and info.is_this_process():
            return Lock(target, existing)
        stale = info is not None and info.is_stale()
        if not stale and not force:
            raise LockHeld(info or UNKNOWN_HOLDER)
        # Still holding the old file's flock: no other taker can decide on it meanwhile.
        try:
            os.unlink(target)
        except FileNotFoundError:
            raise _LookAgain from None
        except OSError:
            return None
        try:
            _create_exclusively(target, mine)
        except FileExistsError:  # a newcomer created its lock after our unlink: it won
            raise _LookAgain from None
        except OSError:
            return None
        return Lock(target, mine)


@contextmanager
def _held_lock_file(target: Path) -> Iterator[bytes | None]:
    """The existing lock file's bytes (None: unreadable), with its flock held.

    Raises _LookAgain if the file at `target` is gone or is no longer the one we locked.
    """
    try:
        fd = os.open(target, os.O_RDONLY)
    except FileNotFoundError:
        raise _LookAgain from None
    except OSError:
        yield None  # unreadable: counts as held by someone
        return
    try:
        if fcntl is None:
            content = _read_fd(fd)
            os.close(fd)  # Windows cannot remove a file that is still open
            fd = -1
            yield content
            return
        if not _flock(fd):
            raise _Busy(_parse_bytes(_read_fd(fd)) or UNKNOWN_HOLDER)
        try:
            now = os.stat(target)
        except FileNotFoundError:
            raise _LookAgain from None
        opened = os.fstat(fd)
        if (now.st_dev, now.st_ino) != (opened.st_dev, opened.st_ino):
            raise _LookAgain  # the taker before us replaced it
        yield _read_fd(fd)
    finally:
        if fd >= 0:
            os.close(fd)  # also drops the flock


def _flock(fd: int) -> bool:
    """Take the exclusive flock on `fd`, waiting a little; False if it stays taken."""
    deadline = time.monotonic() + FLOCK_WAIT_SECONDS
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.005)
        except OSError:
            return True  # this file system has no flock: go on unguarded, as before


def _read_fd(fd: int) -> bytes | None:
    try:
        return os.read(fd, 4096)  # a lock line is short; do not read a huge stray file
    except OSError:
        return None


def _create_exclusively(target: Path, content: bytes) -> None:
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, LOCK_FILE_MODE)
    try:
        os.write(fd, content)
    except OSError:
        os.close(fd)
        _remove_quietly(target)  # an empty lock would block everybody (it reads as "Someone")
        raise
    os.close(fd)


def _read_bytes(target: Path) -> bytes | None:
    try:
        with open(target, "rb") as file:
            return file.read(4096)  # a lock line is short; do not read a huge stray file
    except OSError:
        return None


def _parse_bytes(content: bytes | None) -> LockInfo | None:
    if not content:
        return None
    return LockInfo.parse(content.decode("utf-8", errors="replace"))


def _remove_quietly(target: Path) -> None:
    try:
        os.unlink(target)
    except OSError:
        pass


def _current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment or the password database
        return "Unknown user"


def _field(text: str) -> str:
    # Commas separate the fields and a newline ends the line; a name is only shown, so
    # replacing them is simpler than escaping and loses nothing that matters.
    return " ".join(text.replace(",", " ").split()) or "?"


def _readable_time(iso_time: str) -> str:
    """'14:02' for today, '2026-03-31 14:02' for another day, '' if it is not a time."""
    try:
        moment = datetime.fromisoformat(iso_time)
    except ValueError:
        return ""
    if moment.tzinfo is not None:
        moment = moment.astimezone()  # show it in the reader's time zone
    if moment.date() == datetime.now().date():
        return moment.strftime("%H:%M")
    return moment.strftime("%Y-%m-%d %H:%M")


def _windows_process_is_alive(pid: int) -> bool:
    # On Windows os.kill(pid, 0) would terminate the process, so ask the kernel instead.
    import ctypes

    query_limited_information = 0x1000
    still_active = 259
    kernel32 = ctypes.windll.kernel32
    handle = kernel32.OpenProcess(query_limited_information, False, pid)
    if not handle:
        # Access denied means it exists; any other failure means there is no such process.
        return ctypes.GetLastError() == 5
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == still_active
    finally:
        kernel32.CloseHandle(handle)


__all__ = [
    "Lock",
    "LockHeld",
    "LockInfo",
    "acquire",
    "holder",
    "lock_path",
    "process_is_alive",
    "this_host",
]
