"""A one-line text editor laid over the canvas, for labels and lane names."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal

from widgets.text_box import LineBox


class InlineEditor(LineBox):
    """Enter (or clicking elsewhere) commits, Escape cancels; either way it closes."""

    #: The user confirmed the text.
    committed = Signal(str)
    #: The user pressed Escape.
    cancelled = Signal()

    def __init__(self, text: str, parent=None):
        super().__init__(parent)
        self.setText(text)  # after LineBox lifts the length limit: a long label stays whole
        self.setObjectName("inlineEditor")
        self.setAccessibleName(self.tr("Edit text"))
        self.selectAll()
        self._done = False

    def keyPressEvent(self, event):
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._finish(commit=True)
        elif event.key() == Qt.Key.Key_Escape:
            self._finish(commit=False)
        else:
            super().keyPressEvent(event)

    def focusOutEvent(self, event):
        super().focusOutEvent(event)
        self._finish(commit=True)

    def _finish(self, commit: bool) -> None:
        if self._done:
            return
        self._done = True
        if commit:
            self.committed.emit(self.text())
        else:
            self.cancelled.emit()
        self.hide()
        self.deleteLater()
