"""Autosave copies of open chains, so a crash loses at most a few minutes of work.

Each window autosaves under its own key (`new_key()`) into the recovery folder:
`<key>.chain` holds the chain's bytes and `<key>.json` says whose they are
(original path, title, time, and the writing process's pid and host). When the app starts,
`entries()` lists the copies whose writer is gone, i.e. left behind by a crash. A window
that closes normally calls `discard(key)`.

A recovered chain is opened as a modified document attached to `entry.original_path`
(or untitled): never to another file, so the user decides whether to save over the original.
"""

from __future__ import annotations

import json
import os
import re
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from app.locks import process_is_alive, this_host
from models.chain_file import ChainFileError, save_bytes

#: A key becomes a file name, so it may not hold path separators or dots.
_KEY = re.compile(r"[A-Za-z0-9_-]{1,64}")


def new_key() -> str:
    """A fresh key for one window's session."""
    return uuid.uuid4().hex


@dataclass(frozen=True)
class RecoveryEntry:
    """One autosave copy left behind by a process that is gone."""

    key: str
    original_path: Path | None
    title: str
    saved_at: float  # seconds since the epoch
    pid: int
    path: Path  # the `<key>.chain` file holding the saved bytes
    host: str = ""


class RecoveryStore:
    """The recovery folder: by default `<app data>/recovery`."""

    def __init__(self, folder: Path | None = None):
        self.folder = Path(folder) if folder is not None else default_folder()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            pass  # `save` reports it as a ChainFileError when it matters

    def save(self, key: str, chain_bytes: bytes, original_path: Path | None, title: str) -> Path:
        """Store an autosave copy; returns its `.chain` path. Raises ChainFileError."""
        chain_file = self._chain_file(key)
        sidecar = {
            "original_path": str(Path(original_path).absolute()) if original_path else None,
            "title": title,
            "saved_at": time.time(),
            "pid": os.getpid(),
            "host": this_host(),
        }
        # The chain first: a sidecar then always has its chain, except after a crash between
        # the two writes, which `entries` cleans up.
        save_bytes(chain_bytes, chain_file)
        save_bytes(json.dumps(sidecar, indent=2).encode("utf-8"), self._sidecar(key))
        return chain_file

    def discard(self, key: str) -> None:
        """Delete a key's copy; nothing happens if there is none."""
        for file in (self._sidecar(key), self._chain_file(key)):
            _remove_quietly(file)

    def entries(self, *, older_than: float = 0.0, exclude_pids=()) -> list[RecoveryEntry]:
        """The copies left by crashed processes, oldest first.

        A copy is listed if its writer ran on this host and is no longer running, or ran on
        another host (where we cannot check it). `older_than` keeps only copies at least
        that many seconds old; `exclude_pids` skips copies from those processes on this host.
        Corrupt sidecars are skipped; sidecars whose chain file is missing are deleted.
        """
        now = time.time()
        found = []
        for sidecar in sorted(self.folder.glob("*.json")):
            entry = self._read_entry(sidecar)
            if entry is None:
                continue
            if not entry.path.is_file():
                _remove_quietly(sidecar)  # nothing to recover
                continue
            if _writer_may_be_running(entry, exclude_pids):
                continue
            if now - entry.saved_at < older_than:
                continue
            found.append(entry)
        return sorted(found, key=lambda entry: entry.saved_at)

    def recover(self, entry: RecoveryEntry) -> bytes:
        """The saved chain bytes of `entry`. Raises ChainFileError if they cannot be read."""
        try:
            return entry.path.read_bytes()
        except OSError as error:
            reason = f"the recovery copy could not be read: {error.strerror or error}"
            raise ChainFileError(str(entry.path), reason) from None

    # -- files -------------------------------------------------------------------------

    def _chain_file(self, key: str) -> Path:
        return self.folder / f"{_checked(key)}.chain"

    def _sidecar(self, key: str) -> Path:
        return self.folder / f"{_checked(key)}.json"

    def _read_entry(self, sidecar: Path) -> RecoveryEntry | None:
        """The entry a sidecar describes, or None if it is not a valid sidecar."""
        key = sidecar.stem
        if not _KEY.fullmatch(key):
            return None
        try:
            data = json.loads(sidecar.read_bytes())
            original = data["original_path"]
            entry = RecoveryEntry(
                key=key,
                original_path=Path(original) if original else None,
                title=str(data["title"]),
                saved_at=float(data["saved_at"]),
                pid=int(data["pid"]),
                path=self._chain_file(key),
                host=str(data["host"]),
            )
        except (OSError, ValueError, TypeError, KeyError):  # JSON errors are ValueErrors
            return None
        return entry


def default_folder() -> Path:
    """`<app data>/recovery`; Qt is imported only here, so the rest runs without it."""
    from PySide6.QtCore import QStandardPaths

    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location) / "recovery"


def _writer_may_be_running(entry: RecoveryEntry, exclude_pids) -> bool:
    if entry.host.casefold() != this_host().casefold():
        return False  # another computer's pid means nothing here; list it
    return entry.pid in exclude_pids or process_is_alive(entry.pid)


def _checked(key: str) -> str:
    if not _KEY.fullmatch(key):
        raise ValueError(f"a recovery key is 1 to 64 letters, digits, '_' or '-', not {key!r}")
    return key


def _remove_quietly(file: Path) -> None:
    try:
        file.unlink()
    except OSError:
        pass


__all__ = ["RecoveryEntry", "RecoveryStore", "default_folder", "new_key"]
