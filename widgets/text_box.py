"""Text boxes for any text: a line box that holds it whole, a plain-text box that stays quick
however long its words."""

from __future__ import annotations

from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from models.text import has_long_word


#: The most characters QLineEdit can hold.
LINE_BOX_MAX = 2**31 - 1


class LineBox(QLineEdit):
    """A QLineEdit that holds any text whole.

    QLineEdit keeps only 32,767 characters by default: a longer label showed cut, and the
    next edit in the box would have saved the cut text over the whole one.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setMaxLength(LINE_BOX_MAX)


class TextBox(QPlainTextEdit):
    """A QPlainTextEdit that wraps long words anywhere.

    Qt's usual wrap (at word boundaries, else anywhere) lays out a word in time that grows
    with the square of its length: a 100 kB word takes seconds, 1 MB minutes. Breaking
    anywhere is linear, so a text holding such a word is wrapped that way; ordinary text
    still wraps between words. The mode is chosen before new text is laid out.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.textChanged.connect(lambda: self._wrap_for(self.toPlainText()))

    def setPlainText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        self._wrap_for(text)
        super().setPlainText(text)

    def insertFromMimeData(self, source) -> None:  # noqa: N802 (Qt's name)
        if source.hasText() and has_long_word(source.text()):
            self._wrap_for(source.text())
        super().insertFromMimeData(source)

    def _wrap_for(self, text: str) -> None:
        modes = QTextOption.WrapMode
        mode = modes.WrapAnywhere if has_long_word(text) else modes.WrapAtWordBoundaryOrAnywhere
        if self.wordWrapMode() != mode:
            self.setWordWrapMode(mode)
