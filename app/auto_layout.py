"""Arrange > Auto-layout in the editor: off the UI thread, cancellable, one undo step.

The layout runs on a snapshot of the chain in a worker thread, so the window keeps
painting and answering; after 300 ms a progress dialog offers Cancel. The result is
applied as one move command, named after the engine that ran.

Nothing long runs on the UI thread: the snapshot is a copy of each element's fields
(models.chain_snapshot; serialising the chain, as before, held the interpreter lock for
a tenth of a second at 5,000 touchpoints, in either thread), and the worker also builds
and checks the move command on it, so applying it is only the assignments when the
chain is still as it was (Document.push_checked): 20,000 moves in a few hundredths of a
second. When the chain was edited meanwhile, the worker checks the moves again on a new
snapshot, rather than the UI thread (seconds at 20,000). The canvas then follows over
several event-loop turns (ChainScene._settle), and live lint in a thread (LintController).
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.background_work import sharing_the_interpreter
from app.commands import MoveTouchpointsCommand
from app.document import Document
from models.chain import Chain, Position
from models.chain_snapshot import ChainSnapshot
from models.collector import collector_paused, settle_heap
from models.layout import LayoutCancelled, LayoutResult, layout_chain

SHOW_PROGRESS_AFTER_MS = 300
#: Engine names as the status bar says them; translated (context "AutoLayout") at use.
ENGINE_NAMES = {
    "dot": QT_TRANSLATE_NOOP("AutoLayout", "Graphviz dot"),
    "builtin": QT_TRANSLATE_NOOP("AutoLayout", "the built-in layout"),
}


def layout_moves(document: Document, positions: dict[str, Position]) -> dict[str, tuple[str, Position]]:
    """The move command's arguments for a layout's positions: each touchpoint stays in
    its lane; touchpoints removed meanwhile are left out."""
    return {id: (document.touchpoint(id).department, position) for id, position in positions.items() if document.has(id)}


def checked_command(document: Document, chain: Chain, positions: dict[str, Position]) -> MoveTouchpointsCommand:
    """The move command for a layout's positions, checked on `chain` (a snapshot of
    `document`'s, in the worker thread) without the moves that change nothing, made
    ready to run on `document` (Document.push_checked): all the work of applying a
    layout but the assignments."""
    snapshot = Document(chain)  # never shown: only the command's check reads it
    command = MoveTouchpointsCommand(snapshot, layout_moves(snapshot, positions))
    command.check()
    command.drop_unchanged()
    return command.prepared_for(document)


class _Worker(QThread):
    """Lays out a snapshot of the chain and checks the moves on it; given `result` (a
    layout whose chain was edited meanwhile), only checks its moves on a new snapshot.

    The snapshot is taken here too (a quarter of a second at 20,000 touchpoints): the
    chain cannot change meanwhile, since an edit first waits for `snapshot_taken`
    (AutoLayout._wait_for_snapshot, on Document.about_to_change)."""

    #: The layout finished: ((LayoutResult, checked command, how many touchpoints it laid
    #: out) or None when cancelled, error text or "").
    done = Signal(object, str)

    def __init__(self, document: Document, options: dict, cancel: threading.Event,
                 result: LayoutResult | None = None):
        super().__init__()
        self.document = document
        self.options = options
        self.cancel = cancel
        self.result = result
        self.snapshot_taken = threading.Event()

    def run(self) -> None:
        try:
            # Tens of thousands of objects, all kept: a collection meanwhile would walk the
            # whole heap holding the interpreter lock, and the editor with it.
            with collector_paused(), sharing_the_interpreter():
                try:
                    snapshot = ChainSnapshot.take(self.document.chain)
                finally:  # from here on the thread never reads the document
                    self.snapshot_taken.set()
                chain = snapshot.chain()
                result = self.result
                if result is None:
                    result = layout_chain(chain, cancelled=self.cancel.is_set, **self.options)
                command = checked_command(self.document, chain, result.positions)
                # Counted here, not when applied: the chain is applied to only while it is as
                # this snapshot has it (Document.push_checked).
                ids = {touchpoint.id for touchpoint in chain.touchpoints}
                count = sum(1 for id in result.positions if id in ids)
                del snapshot, chain, ids
                # With the collector paused, all that was made meanwhile (the undo step
                # among it) waits in its youngest generation: the first collection after
                # would walk it in one go (a fifth of a second at 20,000), holding the
                # interpreter lock. Set aside instead, at once; what is not kept is
                # still freed as it is let go.
                settle_heap()
        except LayoutCancelled:
            self.done.emit(None, "")
        except Exception as error:  # shown as one sentence; the chain is untouched
            self.done.emit(None, self.tr("The layout failed: {error}").format(error=error))
        else:
            self.done.emit((result, command, count), "")


class AutoLayout(QObject):
    """One layout at a time for one window."""

    #: A sentence for the status bar when the layout ends (applied, cancelled, failed).
    finished = Signal(str)

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.window = parent
        self.worker: _Worker | None = None
        self.progress: QProgressDialog | None = None
        self._watched: Document | None = None  # whose edits wait for the worker's snapshot

    def running(self) -> bool:
        return self.worker is not None

    def start(
        self, document: Document, *, engine: str = "auto", mode: str = "all", selection=(), timeout: float = 30.0
    ) -> None:
        if self.worker is not None:
            return
        self.document = document
        self.mode = mode
        self.cancel = threading.Event()
        self.options = dict(engine=engine, mode=mode, selection=tuple(selection), timeout=timeout)
        self.progress = QProgressDialog(self.tr("Laying out the chain…"), self.tr("Cancel"), 0, 0, self.window)
        self.progress.setObjectName("layoutProgress")
        self.progress.setWindowTitle(self.tr("Auto-layout"))
        self.progress.setMinimumDuration(SHOW_PROGRESS_AFTER_MS)
        self.progress.canceled.connect(self.cancel.set)
        # Styled now, while the interpreter lock is free: polishing its parts once the
        # worker runs made each wait for the lock.
        self.progress.ensurePolished()
        self._start_worker()

    def _start_worker(self, result: LayoutResult | None = None) -> None:
        """Lay out (or, given `result`, only check its moves) on the chain as it is now."""
        document = self.document
        if self._watched is not document:
            if self._watched is not None:
                self._watched.about_to_change.disconnect(self._wait_for_snapshot)
            document.about_to_change.connect(self._wait_for_snapshot)
            self._watched = document
        self.revision = document.revision  # the moves are checked on the chain as it is now
        self.worker = _Worker(document, self.options, self.cancel, result)
        self.worker.done.connect(self._done)
        self.worker.start()

    def _wait_for_snapshot(self) -> None:
        """An edit is about to change the chain: the worker must have copied it first."""
        if self.worker is not None:
            self.worker.snapshot_taken.wait()

    def stop(self) -> None:
        """Cancel a running layout and wait for its thread (the window is closing)."""
        if self.worker is not None:
            self.cancel.set()
            self.worker.wait()

    def wait(self, milliseconds: int = 60_000) -> None:
        """Block until the worker is done (for tests and the command line)."""
        if self.worker is not None:
            self.worker.wait(milliseconds)

    def _done(self, outcome, error: str) -> None:
        worker, self.worker = self.worker, None
        worker.wait()
        worker.deleteLater()
        if not error and outcome is not None and not self.cancel.is_set():
            result, command, count = outcome
            document = self.document
            command.setText(self.tr("Auto-layout ({engine})").format(engine=result.engine))
            with collector_paused():  # thousands of steps, all kept on the undo stack
                applied = document.push_checked(command, checked_at=self.revision)
            if not applied:  # edited meanwhile: the moves are checked again, on the chain as it is now
                self._start_worker(result)
                return
        self.progress.reset()
        self.progress.deleteLater()
        self.progress = None
        if error:
            self.finished.emit(error)
            return
        if outcome is None or self.cancel.is_set():
            self.finished.emit(self.tr("Auto-layout cancelled; nothing was moved."))
            return
        engine = result.engine
        if engine in ENGINE_NAMES:
            engine = QCoreApplication.translate("AutoLayout", ENGINE_NAMES[engine])
        note = f" {result.note}" if result.note else ""
        self.finished.emit(
            self.tr("Laid out {count} touchpoints with {engine}.").format(count=count, engine=engine) + note
        )
