"""The find bar: search touchpoints by label, owner, procedure or notes, step through them.

Matching ignores case and accents ("cafe" finds "Café"). Matches are listed in reading
order (lane by lane, left to right) and all of them are highlighted on the canvas while
the bar is shown; the current one is selected and centred.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QObject, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStyle,
    QToolButton,
    QWidget,
)

from widgets.canvas.style import mix

PLACEHOLDER = QT_TRANSLATE_NOOP("FindBar", "Find touchpoints by label, owner, procedure or notes")


def fold(text: str) -> str:
    """`text` without case and accents, for matching: "Café" -> "cafe"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def searchable_text(document, touchpoint) -> str:
    """The folded text a search looks in: label, owner's name, procedure, notes.

    The parts are joined by newlines so that a query never matches across two fields.
    """
    owner = document.person(touchpoint.owner) if touchpoint.owner else None
    procedure = touchpoint.procedure
    parts = [
        touchpoint.label,
        owner.name if owner else None,
        procedure.title if procedure else None,
        procedure.summary if procedure else None,
        touchpoint.notes,
    ]
    return fold("\n".join(part for part in parts if part))


class FindBar(QWidget):
    """A one-line search bar for the bottom of the window (shown by Find, Ctrl+F)."""

    def __init__(self, view, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("findBar")
        self.setAccessibleName(self.tr("Find"))
        self.view = None
        #: Ids of the matching touchpoints, in reading order.
        self.matches: list[str] = []
        #: Index in `matches` of the current (selected) match; -1 for none.
        self.current = -1
        self._connections = []

        self.field = QLineEdit(self)
        self.field.setObjectName("findField")
        self.field.setAccessibleName(self.tr("Find"))
        self.field.setPlaceholderText(self.tr(PLACEHOLDER))
        self.field.setClearButtonEnabled(True)
        self.field.setMinimumWidth(320)
        self.field.setMaximumWidth(420)
        self.field.textChanged.connect(self._on_text_edited)
        self.field.installEventFilter(self)

        self.counter = QLabel(self)
        self.counter.setObjectName("findCount")
        muted = self.counter.palette()
        muted.setColor(QPalette.ColorRole.WindowText, muted.color(QPalette.ColorRole.PlaceholderText))
        self.counter.setPalette(muted)

        style = self.style()
        self.previous_button = self._tool_button(
            "findPrevious", style.standardIcon(QStyle.StandardPixmap.SP_ArrowUp),
            self.tr("Previous match (Shift+Enter)"), self.previous,
        )
        self.next_button = self._tool_button(
            "findNext", style.standardIcon(QStyle.StandardPixmap.SP_ArrowDown),
            self.tr("Next match (Enter)"), self.next,
        )
        self.close_button = self._tool_button(
            "findClose", style.standardIcon(QStyle.StandardPixmap.SP_TitleBarCloseButton),
            self.tr("Close the find bar (Esc)"), self.close_bar,
        )

        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 5, 6, 5)
        layout.setSpacing(4)
        layout.addWidget(self.field)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addSpacing(6)
        layout.addWidget(self.counter)
        layout.addStretch(1)
        layout.addWidget(self.close_button)

        self.set_view(view)
        self._update_counter()

    def _tool_button(self, name: str, icon, tip: str, slot) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setIcon(icon)
        button.setToolTip(tip)
        button.setAccessibleName(tip.split(" (")[0])
        button.setAutoRaise(True)
        button.clicked.connect(slot)
        return button

    def set_view(self, view) -> None:
        """Search the chain shown by `view` (a ChainView); call when the window's view is replaced."""
        for connection in self._connections:
            QObject.disconnect(connection)
        self.view = view
        self.matches, self.current = [], -1
        self._connections = [view.document.changed.connect(self._on_document_changed)]
        if self.isVisible():
            self._search(select=False)

    # -- showing and hiding ----------------------------------------------------------------

    def open(self) -> None:
        """Show the bar, focus the field and select its text, ready to type over."""
        self.show()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def close_bar(self) -> None:
        """Hide the bar and its highlights, and give the keyboard back to the canvas."""
        self.hide()
        self.view.setFocus()

    def showEvent(self, event):
        super().showEvent(event)
        if not event.spontaneous():  # the chain may have changed while the bar was hidden
            self._search(select=False)

    def hideEvent(self, event):
        super().hideEvent(event)
        if not event.spontaneous():  # not a minimised window: the bar was closed
            self.matches, self.current = [], -1
            self._highlight()
            self.counter.clear()

    # -- searching -----------------------------------------------------------------------

    def find(self, text: str) -> None:
        """Search for `text` (shown in the field) and select the first match."""
        if self.field.text() != text:
            self.field.setText(text)  # textChanged brings us back to the search
        else:
            self._search(select=True)

    def next(self) -> None:
        if self.matches:
            self.current = (self.current + 1) % len(self.matches)
            self._show_current()

    def previous(self) -> None:
        if self.matches:
            self.current = (self.current - 1) % len(self.matches) if self.current >= 0 else len(self.matches) - 1
            self._show_current()

    def matching_ids(self, text: str) -> list[str]:
        """Ids of the touchpoints whose text contains `text`, in reading order."""
        query = fold(text)
        if not query.strip():
            return []
        document = self.view.document
        lane_index = {department.id: index for index, department in enumerate(document.chain.departments)}
        found = [t for t in document.chain.touchpoints if query in searchable_text(document, t)]
        found.sort(key=lambda t: (lane_index.get(t.department, len(lane_index)), t.position.x, t.position.y))
        return [t.id for t in found]

    def _on_text_edited(self, _text: str) -> None:
        self._search(select=True)

    def _on_document_changed(self) -> None:
        if self.isVisible():
            self._search(select=False)

    def _search(self, select: bool) -> None:
        """Recompute the matches, keeping the current one if it still matches.

        With `select`, a new current match (the first) is selected and centred; an edit
        of the chain only refreshes the highlights, so it never moves the user's selection.
        """
        kept = self.matches[self.current] if 0 <= self.current < len(self.matches) else None
        self.matches = self.matching_ids(self.field.text())
        if kept in self.matches:
            self.current = self.matches.index(kept)
        elif select and self.matches:
            self.current = 0
            self._show_current()
        else:
            self.current = -1
        self._highlight()
        self._update_counter()

    def _show_current(self) -> None:
        id = self.matches[self.current]
        self.view.select([id])
        item = self.view.chain_scene.touchpoint_items.get(id)
        if item is not None:
            self.view.centerOn(item)
        self._update_counter()

    def _highlight(self) -> None:
        """Highlight exactly the matching cards (all cards are visited: the scene may
        have rebuilt its items since the last search)."""
        matching = set(self.matches)
        for id, item in self.view.chain_scene.touchpoint_items.items():
            set_find_match = getattr(item, "set_find_match", None)
            if set_find_match is not None:
                set_find_match(id in matching)

    def _update_counter(self) -> None:
        count = len(self.matches)
        searching = bool(self.field.text().strip())
        if not searching:
            text = ""
        elif not count:
            text = self.tr("No matches")
        elif self.current < 0:
            text = self.tr("1 match") if count == 1 else self.tr("{count} matches").format(count=count)
        else:
            text = self.tr("{current} of {count}").format(current=self.current + 1, count=count)
        self.counter.setText(text)
        self.previous_button.setEnabled(count > 0)
        self.next_button.setEnabled(count > 0)
        # A faint red field says "nothing found" without a dialog.
        palette = self.palette()
        if searching and not count:
            palette.setColor(QPalette.ColorRole.Base, mix(palette.color(QPalette.ColorRole.Base), "#e53935", 0.18))
        self.field.setPalette(palette)

    # -- keys ------------------------------------------------------------------------------

    def eventFilter(self, watched, event):
        """In the field: Enter finds the next match, Shift+Enter the previous, Esc closes."""
        if watched is self.field and event.type() in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape):
                if event.type() == QEvent.Type.ShortcutOverride:
                    event.accept()  # these keys are ours, not the window's shortcuts
                elif key == Qt.Key.Key_Escape:
                    self.close_bar()
                elif event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    self.previous()
                else:
                    self.next()
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event):
        if event.key() == Qt.Key.Key_Escape:  # with a button focused
            self.close_bar()
            event.accept()
        else:
            super().keyPressEvent(event)

    def paintEvent(self, event):
        """A hairline along the top separates the bar from the canvas above it."""
        painter = QPainter(self)
        painter.setPen(QColor(self.palette().color(QPalette.ColorRole.Mid)))
        painter.drawLine(0, 0, self.width(), 0)
