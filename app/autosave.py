"""Autosave: a recovery copy soon after each edit, without stalling the editor.

A copy is taken at most AUTOSAVE_WITHIN_MS after the first edit it lacks: the timer starts
at that edit and later edits do not restart it, so a user who keeps editing cannot put the
copy off. A snapshot of the chain is taken at once (Document.snapshot, milliseconds even
at 20,000 touchpoints), turned into text a few milliseconds at a time between the events
the editor handles, and written to disk a part at a time on a worker thread as the text is made
(RecoveryStore.write_later), so a large chain's text is never held whole.

Serializing on a worker thread instead would hold Python's interpreter lock against the
editor for as long as it took: a frame then takes several times as long.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future

from PySide6.QtCore import QObject, QTimer, Signal

from app.recovery import CopyInParts
from models.collector import collector_paused

#: A recovery copy is taken at most this long after the first edit it does not hold; with
#: the time to serialize and write it, under 10 s of work is ever at risk.
AUTOSAVE_WITHIN_MS = 5_000
#: Serializing a copy takes at most this long before the editor handles its events again.
SLICE_SECONDS = 0.004
#: The text goes to the writing thread in parts of about this many bytes.
PART_BYTES = 1 << 20

#: write() -> a copy to write a part at a time (RecoveryStore.write_later)
Writer = Callable[[], CopyInParts]


class Autosave(QObject):
    """Recovery copies of the document that `document()` returns, written by `write`."""

    #: A copy could not be written; the argument says why. Sent from the writing thread.
    failed = Signal(str)

    def __init__(self, document: Callable[[], object], write: Writer, parent: QObject | None = None):
        super().__init__(parent)
        self._document = document
        self._write = write
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(AUTOSAVE_WITHIN_MS)
        self.timer.timeout.connect(self.save_now)
        self._slicer = QTimer(self)  # runs a slice whenever the event loop has handled its events
        self._slicer.setInterval(0)
        self._slicer.timeout.connect(self._serialize_a_slice)
        self._pending: _Copy | None = None

    def edited(self) -> None:
        """The document changed: a copy within AUTOSAVE_WITHIN_MS, unless one is due already."""
        if not self.timer.isActive():
            self.timer.start()

    def save_now(self) -> Future | None:
        """Start a copy of the document as it is now; None when nothing is unsaved.

        The future is done when the copy is on disk (or has failed).
        """
        self.timer.stop()
        document = self._document()
        if document is None or not document.is_modified():
            return None
        self._forget_pending()  # a newer copy wins
        self._pending = _Copy(document, self._write)
        self._slicer.start()
        return self._pending.done

    def finish(self) -> None:
        """Serialize what is pending now and wait until it is written."""
        self._slicer.stop()
        if self._pending is not None:
            copy, self._pending = self._pending, None
            while not copy.serialize(float("inf")):
                pass
            copy.release()
            self._hand_over(copy).exception()

    def cancel(self) -> None:
        """Forget the copy being serialized and the next one due (the chain was saved)."""
        self.timer.stop()
        self._slicer.stop()
        self._forget_pending()

    def _forget_pending(self) -> None:
        if self._pending is not None:
            self._pending.release()
            self._pending.writing.abandon()
            self._pending.done.cancel()
        self._pending = None

    def _serialize_a_slice(self) -> None:
        copy = self._pending
        if copy is None:
            self._slicer.stop()
            return
        if copy.serialize(time.perf_counter() + SLICE_SECONDS):
            self._slicer.stop()
            self._pending = None
            copy.release()
            self._hand_over(copy)

    def _hand_over(self, copy: _Copy) -> Future:
        write = copy.writing.finish(copy.path, copy.title, copy.taken_at)
        done = copy.done  # not the copy: the finished write keeps its callback
        write.add_done_callback(lambda write: self._written(write, done))
        return write

    def _written(self, write: Future, done: Future) -> None:
        # On the writing thread: the news goes to the editor through a queued signal.
        error = write.exception()
        if error is not None:
            self.failed.emit(str(error))
            if done.set_running_or_notify_cancel():
                done.set_exception(error)
        elif done.set_running_or_notify_cancel():
            done.set_result(write.result())


class _Copy:
    """One recovery copy on its way: the snapshot, the part of its text not yet handed to
    the writing thread, and its future.

    Python's garbage collector is paused from the snapshot until the text is complete
    (`release`). The snapshot's tens of thousands of objects would otherwise outlive a few
    collections and so, every few copies, set off a collection of the whole heap, which
    takes a few hundred milliseconds with a large chain open; paused, they are freed
    before the collector ever sees them.
    """

    def __init__(self, document, write: Writer):
        self._pause = collector_paused()
        self._pause.__enter__()
        try:
            snapshot = document.snapshot()
        except BaseException:
            self.release()
            raise
        self.taken_at, self.path, self.title = snapshot.taken_at, document.path, document.chain.title
        self.done: Future = Future()
        self.writing = write()  # once the snapshot is taken: nothing to drop if it failed
        self._pieces: Iterator[str] = snapshot.pieces()
        self._part = bytearray()  # grown in place, then handed over as it is

    def release(self) -> None:
        """Let the collector run again (once; later calls do nothing)."""
        if self._pause is not None:
            self._pieces = iter(())  # the snapshot goes now, while the collector waits
            self._pause.__exit__(None, None, None)
            self._pause = None

    def serialize(self, until: float) -> bool:
        """Serialize until the clock reaches `until`; True when the text is complete."""
        for piece in self._pieces:
            self._part += piece.encode("utf-8")
            if len(self._part) >= PART_BYTES:
                self._hand_part()
            if time.perf_counter() >= until:
                return False
        self._hand_part()
        return True

    def _hand_part(self) -> None:
        if self._part:
            self.writing.add(self._part)
            self._part = bytearray()
