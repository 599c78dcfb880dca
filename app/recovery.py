"""Autosave copies of open chains, so a crash loses at most a few seconds of work.

Each window autosaves under its own key (`new_key()`) into the recovery folder:
`<key>.chain` holds the chain's bytes and `<key>.json` says whose they are
(original path, title, time, and the writing process's pid and host). When the app starts,
`entries()` lists the copies whose writer is gone, i.e. left behind by a crash. A window
that closes normally calls `discard(key)`.

The editor must not stall while it autosaves a large chain, so it takes a
`ChainSnapshot` (a millisecond), turns it into text a few elements at a time between the
events it handles (`ChainSnapshot.pieces`, see app/autosave.py), and `write_later` writes
that text a part at a time on a worker thread as it is made, one copy after the other.

A recovered chain is opened as a modified document attached to `entry.original_path`
(or untitled): never to another file, so the user decides whether to save over the original.
"""

from __future__ import annotations

import json
import os
import re
import time
import uuid
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from app.locks import process_is_alive, this_host
from models.chain import Chain
from models.chain_file import ChainFileError, Replacement, save_bytes

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


#: The chain's lists of elements, in the order the format writes them.
GROUPS = ("departments", "stages", "people", "touchpoints", "handoffs", "comments", "actions", "ratings", "sessions",
          "glossary")


@dataclass(frozen=True, eq=False)  # eq=False: hashed by identity, so a Document can watch it
class ChainSnapshot:
    """A chain as it was at one moment, taken in a millisecond even at 20,000 touchpoints.

    It keeps the chain's fields and its lists of elements, not the elements' values: an
    element's values are copied only when its Document is about to change them
    (`keep`, see Document.snapshot), so the snapshot holds a copy of what was edited
    since, not of every element (copies of every element's table took 20 MB at 20,000
    touchpoints for as long as the text took to write). Edits give a field a new value
    and never change a value in place, so a copy of the table keeps the values as they
    were. A chain edited other than through its Document must not change until
    the snapshot is written.
    """

    chain_fields: dict
    elements: dict[str, list[BaseModel | None]]
    version: int  # the format version the chain is written in (see Chain.written_version)
    taken_at: float = field(default_factory=time.time)  # seconds since the epoch
    #: id(element) -> a copy of its table from before it was first changed
    kept: dict[int, dict] = field(default_factory=dict)

    @classmethod
    def take(cls, chain: Chain) -> ChainSnapshot:
        return cls(
            chain_fields=dict(chain.__dict__),
            elements={group: list(getattr(chain, group)) for group in GROUPS},
            version=chain.written_version(),
        )

    def keep(self, elements: Iterable[BaseModel]) -> None:
        """The elements' values are about to change: copy them, unless already copied."""
        kept = self.kept
        for element in elements:
            if id(element) not in kept:  # the snapshot refers to it, so its id stays its own
                kept[id(element)] = dict(element.__dict__)

    def pieces(self) -> Iterator[str]:
        """The chain as a .chain file's text, in pieces of one element each (or the header),
        so a caller can serialize it a little at a time; the same chain as `chain_to_bytes`.

        A snapshot is written once: each element (and its copy, if it has one) is let
        go as soon as it is written.
        """
        chain = _rebuilt(Chain, {**self.chain_fields, **{group: [] for group in GROUPS}})
        header = chain.model_dump(mode="json", by_alias=True, exclude_defaults=True, exclude=set(GROUPS))
        header["version"] = self.version  # the empty chain above would say 1
        lint = header.pop("lint", None)  # written last, as a save does
        yield json.dumps(header, ensure_ascii=False, indent=2)[: -len("\n}")]
        for group in GROUPS:
            elements = self.elements[group]
            if not elements and not Chain.model_fields[group].is_required():
                continue  # at its default, so a save leaves it out too
            yield f',\n  "{group}": ['
            for number, element in enumerate(elements):
                elements[number] = None
                values = self.kept.pop(id(element), None)
                as_it_was = element if values is None else _rebuilt(type(element), values)
                separator = "\n    " if number == 0 else ",\n    "
                yield separator + as_it_was.model_dump_json(by_alias=True, exclude_defaults=True)
            yield "\n  ]"
        if lint is not None:
            yield ',\n  "lint": ' + json.dumps(lint, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        yield "\n}\n"

    def to_bytes(self) -> bytes:
        """The chain as a .chain file, all at once."""
        return "".join(self.pieces()).encode("utf-8")


def _rebuilt(kind: type[BaseModel], values: dict) -> BaseModel:
    """A model holding `values` as they are, as pydantic's own copy makes it (faster than
    model_construct, which fills in defaults: here every field is present)."""
    model = kind.__new__(kind)
    object.__setattr__(model, "__dict__", values)
    object.__setattr__(model, "__pydantic_fields_set__", set(values))
    object.__setattr__(model, "__pydantic_extra__", None)
    object.__setattr__(model, "__pydantic_private__", None)
    return model


class RecoveryStore:
    """The recovery folder: by default `<app data>/recovery`."""

    def __init__(self, folder: Path | None = None):
        self.folder = Path(folder) if folder is not None else default_folder()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            pass  # `save` reports it as a ChainFileError when it matters
        self._writer: ThreadPoolExecutor | None = None  # made on the first write_later
        self._last_write: Future | None = None

    def write_later(self, key: str) -> CopyInParts:
        """A copy written on the worker thread a part at a time, as its text is made, so
        that the text is never held whole (see CopyInParts); copies are written in the
        order they were asked for."""
        return CopyInParts(self, _checked(key))

    def _later(self, work, *args) -> Future:
        """`work(*args)` on the worker thread, after everything asked for before."""
        if self._writer is None:
            self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="recovery")
        self._last_write = self._writer.submit(work, *args)
        return self._last_write

    def flush(self) -> None:
        """Wait until every copy asked for is written (or has failed), or dropped."""
        if self._last_write is not None:
            self._last_write.exception()  # waits; a failure was reported to whoever asked

    def save(
        self, key: str, chain_bytes: bytes, original_path: Path | None, title: str, saved_at: float | None = None
    ) -> Path:
        """Store an autosave copy; returns its `.chain` path. Raises ChainFileError."""
        # The chain first: a sidecar then always has its chain, except after a crash between
        # the two writes, which `entries` cleans up.
        save_bytes(chain_bytes, self._chain_file(key))
        return self._save_sidecar(key, original_path, title, saved_at)

    def _save_sidecar(self, key: str, original_path: Path | None, title: str, saved_at: float | None) -> Path:
        """Say whose the copy of `key` is; returns its `.chain` path."""
        sidecar = {
            "original_path": str(Path(original_path).absolute()) if original_path else None,
            "title": title,
            "saved_at": time.time() if saved_at is None else saved_at,
            "pid": os.getpid(),
            "host": this_host(),
        }
        save_bytes(json.dumps(sidecar, indent=2).encode("utf-8"), self._sidecar(key))
        return self._chain_file(key)

    def discard(self, key: str) -> None:
        """Delete a key's copy; nothing happens if there is none."""
        self.flush()  # a copy still being written would come back after the delete
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


class CopyInParts:
    """One recovery copy written on its store's worker thread as its parts come (a
    large chain's text, some 20 MB at 20,000 touchpoints, was held whole until written):
    `add` each part, then `finish`, or `abandon` it. The worker holds a part only until it
    has written it, into a temporary file that replaces the copy only when finished, as
    `RecoveryStore.save` does."""

    def __init__(self, store: RecoveryStore, key: str):
        self._store, self._key = store, key
        self._file: Replacement | None = None
        self._error: ChainFileError | None = None  # the first failure, reported by finish
        store._later(self._open)

    def add(self, part: bytes) -> None:
        self._store._later(self._write, part)

    def finish(self, original_path: Path | None, title: str, saved_at: float | None = None) -> Future:
        """The copy is complete; the future's result is the `.chain` path, or it raises
        ChainFileError."""
        return self._store._later(self._commit, original_path, title, saved_at)

    def abandon(self) -> None:
        """Drop the copy: what was written of it is removed, the last copy stays."""
        self._store._later(self._abandon)

    # On the worker thread:

    def _open(self) -> None:
        try:
            self._file = Replacement(self._store._chain_file(self._key))
        except ChainFileError as error:
            self._error = error

    def _write(self, part: bytes) -> None:
        if self._file is not None:
            try:
                self._file.write(part)
            except ChainFileError as error:  # the temporary file is gone already
                self._error, self._file = error, None

    def _commit(self, original_path: Path | None, title: str, saved_at: float | None) -> Path:
        if self._error is not None:
            raise self._error
        self._file.commit()  # the chain first, as `save` writes it
        return self._store._save_sidecar(self._key, original_path, title, saved_at)

    def _abandon(self) -> None:
        if self._file is not None:
            self._file.abandon()


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


__all__ = ["ChainSnapshot", "CopyInParts", "RecoveryEntry", "RecoveryStore", "default_folder", "new_key"]
