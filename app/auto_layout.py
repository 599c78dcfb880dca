"""Arrange > Auto-layout in the editor: off the UI thread, cancellable, one undo step.

The layout runs on a snapshot of the chain in a worker thread, so the window keeps
painting and answering; after 300 ms a progress dialog offers Cancel. The result is
applied as one move command, named after the engine that ran.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.document import Document
from models.chain_file import chain_to_bytes, load_chain
from models.layout import LayoutCancelled, layout_chain

SHOW_PROGRESS_AFTER_MS = 300
#: Engine names as the status bar says them; translated (context "AutoLayout") at use.
ENGINE_NAMES = {
    "dot": QT_TRANSLATE_NOOP("AutoLayout", "Graphviz dot"),
    "builtin": QT_TRANSLATE_NOOP("AutoLayout", "the built-in layout"),
}


class _Worker(QThread):
    #: The layout finished: (LayoutResult or None when cancelled, error text or "").
    done = Signal(object, str)

    def __init__(self, snapshot: bytes, options: dict, cancel: threading.Event):
        super().__init__()
        self.snapshot = snapshot
        self.options = options
        self.cancel = cancel

    def run(self) -> None:
        try:
            chain = load_chain(self.snapshot, name=self.tr("the chain"))
            result = layout_chain(chain, cancelled=self.cancel.is_set, **self.options)
        except LayoutCancelled:
            self.done.emit(None, "")
        except Exception as error:  # shown as one sentence; the chain is untouched
            self.done.emit(None, self.tr("The layout failed: {error}").format(error=error))
        else:
            self.done.emit(result, "")


class AutoLayout(QObject):
    """One layout at a time for one window."""

    #: A sentence for the status bar when the layout ends (applied, cancelled, failed).
    finished = Signal(str)

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.window = parent
        self.worker: _Worker | None = None
        self.progress: QProgressDialog | None = None

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
        options = dict(engine=engine, mode=mode, selection=tuple(selection), timeout=timeout)
        self.worker = _Worker(chain_to_bytes(document.chain), options, self.cancel)
        self.worker.done.connect(self._done)
        self.progress = QProgressDialog(self.tr("Laying out the chain…"), self.tr("Cancel"), 0, 0, self.window)
        self.progress.setObjectName("layoutProgress")
        self.progress.setWindowTitle(self.tr("Auto-layout"))
        self.progress.setMinimumDuration(SHOW_PROGRESS_AFTER_MS)
        self.progress.canceled.connect(self.cancel.set)
        self.worker.start()

    def stop(self) -> None:
        """Cancel a running layout and wait for its thread (the window is closing)."""
        if self.worker is not None:
            self.cancel.set()
            self.worker.wait()

    def wait(self, milliseconds: int = 60_000) -> None:
        """Block until the worker is done (for tests and the command line)."""
        if self.worker is not None:
            self.worker.wait(milliseconds)

    def _done(self, result, error: str) -> None:
        worker, self.worker = self.worker, None
        worker.wait()
        worker.deleteLater()
        self.progress.reset()
        self.progress.deleteLater()
        self.progress = None
        if error:
            self.finished.emit(error)
            return
        if result is None or self.cancel.is_set():
            self.finished.emit(self.tr("Auto-layout cancelled; nothing was moved."))
            return
        document = self.document
        moves = {
            id: (document.touchpoint(id).department, position)
            for id, position in result.positions.items()
            if document.has(id)
        }
        engine = result.engine
        if engine in ENGINE_NAMES:
            engine = QCoreApplication.translate("AutoLayout", ENGINE_NAMES[engine])
        document.move_touchpoints(moves, text=self.tr("Auto-layout ({engine})").format(engine=result.engine))
        note = f" {result.note}" if result.note else ""
        self.finished.emit(
            self.tr("Laid out {count} touchpoints with {engine}.").format(count=len(moves), engine=engine) + note
        )
