"""The walkthrough: a presenter view for a meeting-room screen that steps along the chain.

It covers the whole window: on the left the chain's own canvas (a second view on the
editor's scene, widgets/walkthrough_canvas.py) centred on the current touchpoint,
enlarged, the rest dimmed; on the right, in large type, what the room talks
about: the touchpoint's department, owner, procedure, customer expectation, objective,
review and sign-offs, its open comments, and where the walk goes next (models/walk.py).

Keys: Right, Space or Enter go on; Left or Backspace go back; Up/Down or a number choose a
branch; Home goes to the first start (again: the next start); G goes to a touchpoint by
its number; Page Down/Up scroll long details; C adds a critique, S a sign-off, both in
the current review session; F11 (or a double-click on the canvas) shows it full screen;
Escape leaves. A click on a card goes there, a click on a way on takes it.

The editor's own view is not touched: its zoom, scroll position and selection are as
they were when the walkthrough ends. While it is open the window's shortcuts are held
(but Save, Undo and Redo), so no key meant for the walkthrough edits the chain.
"""

from __future__ import annotations

import html
import re

import shiboken6
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGraphicsView,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.document import Document, EditRefused
from app.review_author import has_chosen_author, review_author, set_review_author
from models.chain import COMMENT_KINDS, Touchpoint
from models.comments import comments_by_element
from models.walk import EmptyChain, Option, Walk
from widgets.canvas.scene import ChainScene
from widgets.canvas.style import ACCENT, REVIEW_COLOURS, mix, review_status_name, role_name
from widgets.comment_dialog import kind_name
from widgets.signoff_dialog import ROLE_TEXTS, SignOffDialog
from widgets.text_box import LineBox, TextBox
from widgets.walkthrough_canvas import PresenterCanvas

#: Type sizes in points: read from the back of a meeting room.
BODY_POINTS = 17
TITLE_POINTS = 28
#: The panel's share of the walkthrough's width, and its least width in pixels.
PANEL_SHARE = 0.4
PANEL_MIN_WIDTH = 440
#: From this height (pixels) the panel lists every key; below, only the essential ones.
ALL_KEYS_FROM_HEIGHT = 800
#: The most ways on listed at once (more scroll with Up and Down).
MOST_ROWS = 6
#: Words longer than this get break opportunities, so a long link wraps instead of being cut.
LONG_WORD = 22
ZERO_WIDTH_SPACE = "\u200b"
#: Key sequences the window keeps while the walkthrough is open.
PASSED_THROUGH = (QKeySequence.StandardKey.Save, QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)

KIND_NAMES = {
    "start": QT_TRANSLATE_NOOP("Walkthrough", "Start"),
    "step": QT_TRANSLATE_NOOP("Walkthrough", "Step"),
    "decision": QT_TRANSLATE_NOOP("Walkthrough", "Decision"),
    "end": QT_TRANSLATE_NOOP("Walkthrough", "End"),
}
#: Brighter than the Comments dock's tags: they are read on the presenter's panel.
COMMENT_KIND_COLOURS = {"critique": "#e53935", "question": "#1e88e5", "idea": "#8e24aa", "praise": "#43a047"}


def _tr(text: str) -> str:
    return QCoreApplication.translate("Walkthrough", text)


def breakable(text: str) -> str:
    """`text` escaped for rich text, with its long words (links) able to wrap anywhere."""
    def split(match: re.Match) -> str:
        pieces = re.split(r"(?<=[/\\_?&=.-])", match.group(0))  # after a link's separators first
        chunk = LONG_WORD // 2
        return ZERO_WIDTH_SPACE.join(
            ZERO_WIDTH_SPACE.join(piece[i : i + chunk] for i in range(0, len(piece), chunk)) if len(piece) > LONG_WORD
            else piece
            for piece in pieces
        )

    return html.escape(re.sub(r"\S{%d,}" % LONG_WORD, split, text)).replace("\n", "<br>")


class OptionRow(QLabel):
    """One way on, as a line of the panel that a click takes."""

    clicked = Signal()

    def __init__(self, text: str, parent=None):
        super().__init__(text, parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setMargin(6)

    def set_current(self, current: bool) -> None:
        accent = QColor(ACCENT)
        # A style sheet's font wins over the inherited one, so it names the size too.
        self.setStyleSheet(
            f"OptionRow {{ font-size: {BODY_POINTS}pt; border: 3px solid {ACCENT}; border-radius: 6px;"
            f" background: rgba({accent.red()}, {accent.green()}, {accent.blue()}, 40); }}"
            if current else f"OptionRow {{ font-size: {BODY_POINTS}pt; border: 3px solid transparent; }}"
        )
        self.setAccessibleDescription(self.tr("chosen") if current else "")

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        event.accept()


class CritiqueDialog(QDialog):
    """A comment from the room: its text, its kind (a critique unless said) and who says it."""

    def __init__(self, touchpoint: Touchpoint, parent=None):
        super().__init__(parent)
        self.setObjectName("critiqueDialog")
        self.setWindowTitle(self.tr("Add a Critique"))
        font = self.font()
        font.setPointSize(BODY_POINTS)
        self.setFont(font)
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        about = QLabel(self.tr("About: {label}").format(label=breakable(touchpoint.label or touchpoint.id)))
        about.setObjectName("critiqueAbout")
        about.setWordWrap(True)
        layout.addWidget(about)
        self.text_edit = TextBox()
        self.text_edit.setObjectName("critiqueText")
        self.text_edit.setAccessibleName(self.tr("Comment"))
        self.text_edit.setPlaceholderText(self.tr("What does the room say about this step?"))
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setMinimumHeight(140)
        layout.addWidget(self.text_edit)
        form = QFormLayout()
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("critiqueKind")
        for kind in COMMENT_KINDS:
            self.kind_combo.addItem(kind_name(kind), kind)
        self.author_edit = LineBox()
        self.author_edit.setObjectName("critiqueAuthor")
        self.author_edit.setText(review_author())
        self.author_edit.setPlaceholderText(self.tr("Who says it"))
        form.addRow(self.tr("&Kind:"), self.kind_combo)
        form.addRow(self.tr("&Author:"), self.author_edit)
        self.kind_combo.setAccessibleName(self.tr("Kind"))
        self.author_edit.setAccessibleName(self.tr("Author"))
        layout.addLayout(form)
        self.error_label = QLabel()
        self.error_label.setObjectName("critiqueError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.add_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.add_button.setText(self.tr("Add"))
        self.add_button.setObjectName("critiqueAdd")
        self.add_button.setToolTip(self.tr("Add the comment (Ctrl+Enter)"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.text_edit.textChanged.connect(self._update_add)
        self.author_edit.textChanged.connect(self._update_add)
        self._update_add()
        self.text_edit.setFocus()

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.accept()
            return
        super().keyPressEvent(event)

    def _update_add(self) -> None:
        self.add_button.setEnabled(bool(self.text().strip() and self.author().strip()))

    def text(self) -> str:
        return self.text_edit.toPlainText()

    def kind(self) -> str:
        return self.kind_combo.currentData()

    def author(self) -> str:
        return self.author_edit.text()

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()


class SessionSignOffDialog(SignOffDialog):
    """The sign-off dialog, saying that the sign-off is recorded in the session under way."""

    def __init__(self, document: Document, touchpoint_id: str, session: str | None, parent=None):
        super().__init__(document, touchpoint_id, parent, session=session)
        found = next((s for s in document.chain.sessions if s.id == session), None)
        if found is not None:
            label = QLabel(self.tr("Signed in the session {title} of {date}.").format(title=found.title, date=found.date))
            label.setTextFormat(Qt.TextFormat.PlainText)  # a title is shown as typed
            label.setObjectName("signOffSession")
            label.setWordWrap(True)
            self.layout().insertWidget(2, label)


class Walkthrough(QWidget):
    """The presenter view over a window; see the module docstring."""

    #: The walkthrough ended (Escape); the window gives the editor its focus back.
    left = Signal()

    def __init__(self, document: Document, scene: ChainScene, host: QWidget,
                 editor: QGraphicsView | None = None, review_session: str | None = None):
        super().__init__(host)
        self.setObjectName("walkthrough")
        self.setAccessibleName(self.tr("Walkthrough"))
        self.setAutoFillBackground(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.document = document
        self.scene = scene
        self.host = host
        self.editor = editor
        self.review_session = review_session
        self.walk = Walk(document.chain)  # EmptyChain when there is nothing to walk
        self.highlight: int | None = None  # the way on that Enter takes
        self.options: list[Option] = []
        self._left = False
        self._host_state = None  # the window's state before full screen, to go back to
        self._editor_state = self._remember_editor()
        self._miniature = scene.miniature_mode
        scene.set_miniature_mode(False)  # cards drawn whole, however far out the editor is
        font = self.font()
        font.setPointSize(BODY_POINTS)
        self.setFont(font)

        self.canvas = PresenterCanvas(scene, self)
        self.canvas.card_clicked.connect(self.jump_to)
        self.canvas.double_clicked.connect(self.toggle_full_screen)
        self.panel = self._build_panel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.panel)

        document.changed.connect(self._document_changed)
        document.comments_changed.connect(self.refresh)
        document.sessions_changed.connect(self.refresh)
        document.destroyed.connect(self.leave)
        host.installEventFilter(self)
        self.setGeometry(host.rect())
        self.refresh(glide=False)

    # -- building ------------------------------------------------------------------------

    def _build_panel(self) -> QWidget:
        """The touchpoint's details (scrolling when long), and under them, always in
        sight, the ways on and the keys."""
        panel = QWidget(self)
        panel.setObjectName("walkthroughPanel")
        panel.setAutoFillBackground(True)
        outer = QVBoxLayout(panel)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)

        def scrolling(name: str) -> tuple[QScrollArea, QVBoxLayout]:
            area = QScrollArea(panel)
            area.setObjectName(name)
            area.setWidgetResizable(True)
            area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # text wraps instead
            area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            area.setFrameShape(QFrame.Shape.NoFrame)
            inside = QWidget()
            column = QVBoxLayout(inside)
            column.setContentsMargins(28, 20, 28, 12)
            column.setSpacing(12)
            area.setWidget(inside)
            return area, column

        def label(column: QVBoxLayout, name: str, points: int = BODY_POINTS, bold: bool = False) -> QLabel:
            widget = QLabel()
            widget.setObjectName(name)
            widget.setWordWrap(True)
            widget.setTextFormat(Qt.TextFormat.RichText)
            widget.setOpenExternalLinks(True)
            widget.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
            font = widget.font()
            font.setPointSize(points)
            font.setBold(bold)
            widget.setFont(font)
            column.addWidget(widget)
            return widget

        self.details_area, column = scrolling("walkDetailsArea")
        self.step_label = label(column, "walkStep")
        self.title_label = label(column, "walkTitle", TITLE_POINTS, bold=True)
        self.details_label = label(column, "walkDetails")
        self.comments_label = label(column, "walkComments")
        column.addStretch(1)
        outer.addWidget(self.details_area, 1)

        rule = QFrame(panel)
        rule.setFrameShape(QFrame.Shape.HLine)
        outer.addWidget(rule)
        self.next_area = QWidget(panel)
        self.next_area.setObjectName("walkNextArea")
        column = QVBoxLayout(self.next_area)
        column.setContentsMargins(28, 12, 28, 16)
        column.setSpacing(10)
        self.next_heading = label(column, "walkNextHeading")
        self.options_box = QVBoxLayout()
        self.options_box.setSpacing(6)
        column.addLayout(self.options_box)
        self.rows: list[OptionRow] = []
        self.more_label = label(column, "walkMore")
        self.keys_label = label(column, "walkKeys", BODY_POINTS - 1)
        outer.addWidget(self.next_area)
        return panel

    # -- showing the current step ----------------------------------------------------------

    def current(self) -> Touchpoint:
        return self.document.touchpoint(self.walk.current)

    def refresh(self, glide: bool = True) -> None:
        """Show the walk's current step: the canvas on its card, the panel about it."""
        walk = self.walk
        touchpoint = self.current()
        self.options = walk.options()
        default = walk.default_option(self.options)
        if self.highlight is None or self.highlight >= len(self.options):
            self.highlight = default
        self.step_label.setText(self._step_text())
        self.title_label.setText(breakable(touchpoint.label or self.tr("(no label)")))
        self.details_label.setText(self._details_html(touchpoint))
        self.comments_label.setText(self._comments_html(touchpoint))
        self._show_options()
        branches = [option.target for option in self.options if option.kind == "handoff"]
        self.canvas.focus(touchpoint.id, [option.target for option in self.options],
                          branches if len(branches) > 1 else [], glide=glide)
        self.setAccessibleDescription(self.tr("Step {step}: {label}").format(step=walk.step, label=touchpoint.label))

    def _step_text(self) -> str:
        walk = self.walk
        touchpoint = self.current()
        text = self.tr("Step {step} · touchpoint {number} of {total} in flow order").format(
            step=walk.step, number=walk.number(walk.current), total=len(walk.order)
        )
        if touchpoint.kind != "step":
            text = f"<b>{html.escape(_tr(KIND_NAMES[touchpoint.kind]))}</b> · " + text
        session = next((s for s in self.document.chain.sessions if s.id == self.review_session), None)
        if session is not None:
            text += "<br>" + self.tr("Session: {title}, {date}").format(title=breakable(session.title), date=session.date)
        return self._muted(text)

    def _muted(self, text: str) -> str:
        palette = self.palette()
        colour = mix(palette.color(QPalette.ColorRole.WindowText), palette.color(QPalette.ColorRole.Window), 0.35).name()
        return f"<span style='color:{colour}'>{text}</span>"

    def _link_colour(self) -> str:
        """The palette's link colour, lightened where it would not read on a dark panel."""
        palette = self.palette()
        link = palette.color(QPalette.ColorRole.Link)
        if palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5 and link.lightnessF() < 0.6:
            return "#64b5f6"
        return link.name()

    def _details_html(self, touchpoint: Touchpoint) -> str:
        document = self.document
        department = document.department(touchpoint.department)
        customer = department.role == "customer"
        not_set = self._muted("<i>" + html.escape(self.tr("not set yet")) + "</i>")
        rows: list[tuple[str, str]] = []
        place = breakable(department.name)
        if department.name.strip().casefold() != role_name(department.role).casefold():
            place = self.tr("{department} ({role})").format(department=place, role=role_name(department.role))
        rows.append((self.tr("Department"), place))
        if not customer:
            owner = document.person(touchpoint.owner) if touchpoint.owner else None
            if owner is not None:
                rows.append((self.tr("Owner"), breakable(owner.name) + (f", {breakable(owner.role)}" if owner.role else "")))
            else:
                rows.append((self.tr("Owner"), not_set))
        procedure = touchpoint.procedure
        if procedure is not None:
            text = breakable(procedure.title)
            if procedure.link:
                text += (f"<br><a style='color:{self._link_colour()}' href='{html.escape(procedure.link, quote=True)}'>"
                         f"{breakable(procedure.link)}</a>")
            if procedure.summary:
                text += "<br>" + breakable(procedure.summary)
            rows.append((self.tr("Procedure"), text))
        elif not customer:
            rows.append((self.tr("Procedure"), not_set))
        rows.append((self.tr("Customer expects"), breakable(touchpoint.expectation) if touchpoint.expectation else not_set))
        rows.append((self.tr("Objective"), breakable(touchpoint.objective) if touchpoint.objective else not_set))
        status = touchpoint.review.status
        review = f"<span style='color:{REVIEW_COLOURS[status]}'>■</span> " + review_status_name(status).capitalize()
        for signoff in touchpoint.review.signoffs:
            review += "<br>✓ " + self.tr("{name}, {role}, {date}").format(
                name=breakable(signoff.name), role=QCoreApplication.translate("SignOffDialog", ROLE_TEXTS[signoff.role]),
                date=signoff.date,
            )
        rows.append((self.tr("Review"), review))
        return "".join(
            f"<p style='margin-bottom:8px'><b>{html.escape(name)}</b><br>{value}</p>" for name, value in rows
        )

    def _comments_html(self, touchpoint: Touchpoint) -> str:
        comments = [c for c in comments_by_element(self.document.chain).get(touchpoint.id, []) if c.status == "open"]
        heading = f"<b>{html.escape(self.tr('Open comments ({count})').format(count=len(comments)))}</b>"
        if not comments:
            return heading + "<br>" + self._muted(html.escape(self.tr("None yet: C adds a critique.")))
        items = []
        for comment in comments:
            kind = f"<span style='color:{COMMENT_KIND_COLOURS[comment.kind]}'>■ {html.escape(kind_name(comment.kind))}</span>"
            reply = "↳ " if comment.reply_to else ""
            indent = 32 if comment.reply_to else 0
            byline = self._muted(breakable(self.tr("{author}, {date}").format(author=comment.author, date=comment.date)))
            items.append(
                f"<p style='margin-top:6px; margin-left:{indent}px'>{reply}{kind}: {breakable(comment.text)}<br>{byline}</p>"
            )
        return heading + "".join(items)

    def _show_options(self) -> None:
        for row in self.rows:
            self.options_box.removeWidget(row)
            row.hide()  # at once: deletion waits for the event loop
            row.deleteLater()
        self.rows = []
        walk, options = self.walk, self.options
        choice = walk.is_choice(options)
        note = ""
        if walk.default_option(options) is None:
            heading = self.tr("End of the walk: {shown} of {total} touchpoints shown.").format(
                shown=len(walk.shown), total=len(walk.order)
            )
            if options:
                note = self.tr("The handoffs from here lead back to steps already seen. ")
            unreached = walk.unreached()
            if unreached:
                names = ", ".join(
                    f"{walk.number(id)} {self.document.touchpoint(id).label}" for id in unreached[:8]
                ) + (" …" if len(unreached) > 8 else "")
                note += self.tr("Not reached yet: {names}. G goes to a number.").format(names=names)
        elif not choice:
            heading = self.tr("Next")
        elif all(option.kind == "handoff" for option in options):
            heading = self.tr("Choose the way on")
        else:
            heading = self.tr("Nothing new ahead from here. Go on with")
        self.next_heading.setText(f"<b>{breakable(heading)}</b>" + (f"<br>{breakable(note)}" if note else ""))
        for number, option in enumerate(options, 1):
            row = OptionRow(self._option_html(number if choice else None, option), self.next_area)
            row.setObjectName(f"walkOption{number}")
            row.set_current(number - 1 == self.highlight)
            row.clicked.connect(lambda option=option: self.take(option))
            self.options_box.addWidget(row)
            self.rows.append(row)
        self._show_rows_near_highlight()

    def _show_rows_near_highlight(self) -> None:
        """At most MOST_ROWS ways on in sight, the highlighted one among them."""
        first = 0
        if self.highlight is not None and self.highlight >= MOST_ROWS:
            first = self.highlight - MOST_ROWS + 1
        for index, row in enumerate(self.rows):
            row.setVisible(first <= index < first + MOST_ROWS)
        hidden = len(self.rows) - MOST_ROWS
        self.more_label.setVisible(hidden > 0)
        if hidden > 0:
            self.more_label.setText(self._muted(html.escape(
                self.tr("{count} more ways on: ↓ shows them").format(count=hidden) if first == 0
                else self.tr("{count} more ways on: ↑ ↓ show them").format(count=hidden)
            )))

    def _option_html(self, number: int | None, option: Option) -> str:
        document, walk = self.document, self.walk
        target = document.touchpoint(option.target)
        name = breakable(target.label or option.target)
        lane = breakable(document.department(target.department).name)
        prefix = f"<b>{number}</b>&nbsp;&nbsp;" if number is not None else "→ "
        label = f"<b>{breakable(option.label)}</b> → " if option.label else ""
        if option.kind == "branch":
            source = document.touchpoint(option.source)
            text = self.tr("Still to walk from “{source}”: ").format(source=breakable(source.label)) + label + name
        elif option.kind == "start":
            text = self.tr("Another start: {name}").format(name=name)
        else:
            text = label + name
        text += " " + self._muted(f"({lane})")
        if option.seen:
            text += " " + self._muted(html.escape(self.tr("already seen at step {step}").format(step=walk.step_of(option.target))))
        return prefix + text

    # -- moving ------------------------------------------------------------------------------

    def go_on(self) -> None:
        """Take the highlighted way on (the first new one unless the room chose another)."""
        if self.highlight is None or self.highlight >= len(self.options):
            return
        self.take(self.options[self.highlight])

    def take(self, option: Option) -> None:
        self.walk.go(option)
        self.highlight = None
        self.refresh()

    def back(self) -> None:
        came_from = self.walk.current
        if self.walk.back():
            options = self.walk.options()
            # Highlight the way just walked, so that going on again retraces it.
            self.highlight = next((i for i, o in enumerate(options) if o.target == came_from), None)
            self.refresh()

    def home(self) -> None:
        """Back to the first start; at a start already, to the next start."""
        walk = self.walk
        starts = walk.starts
        start = starts[0]
        if walk.step == 1 and walk.current in starts:
            start = starts[(starts.index(walk.current) + 1) % len(starts)]
        walk.restart(start)
        self.highlight = None
        self.refresh()

    def jump_to(self, touchpoint_id: str) -> None:
        if touchpoint_id == self.walk.current or not self.document.has(touchpoint_id):
            return
        self.walk.jump_to(touchpoint_id)
        self.highlight = None
        self.refresh()

    def choose(self, index: int) -> None:
        """Highlight the way on `index` (from 0), when there is one."""
        if 0 <= index < len(self.options):
            self.highlight = index
            for number, row in enumerate(self.rows):
                row.set_current(number == index)
            self._show_rows_near_highlight()

    def ask_number(self) -> QInputDialog:
        """G: a small box asking for a touchpoint's number in flow order."""
        dialog = QInputDialog(self)
        dialog.setObjectName("walkGoTo")
        dialog.setWindowTitle(self.tr("Go to Touchpoint"))
        dialog.setLabelText(self.tr("Touchpoint number in flow order (1 to {total}):").format(total=len(self.walk.order)))
        dialog.setInputMode(QInputDialog.InputMode.IntInput)
        dialog.setIntRange(1, len(self.walk.order))
        dialog.setIntValue(self.walk.number(self.walk.current))
        dialog.setFont(self.font())
        dialog.intValueSelected.connect(lambda number: self.jump_to(self.walk.order[number - 1]))
        dialog.finished.connect(self._dialog_closed)
        dialog.open()
        return dialog

    # -- the room speaks ---------------------------------------------------------------------

    def add_critique(self) -> CritiqueDialog:
        """C: a critique (or question, idea, praise) on the current touchpoint."""
        dialog = CritiqueDialog(self.current(), self)
        touchpoint_id = self.walk.current

        def accept() -> None:
            author = " ".join(dialog.author().split())
            try:
                self.document.add_comment(touchpoint_id, dialog.text().strip(), author, dialog.kind(),
                                          session=self._session())
            except EditRefused as refusal:
                dialog.show_error(str(refusal))
                return
            if not has_chosen_author() and author:
                set_review_author(author)  # asked once: the next comment is made under it
            QDialog.accept(dialog)

        dialog.accept = accept
        dialog.finished.connect(self._dialog_closed)
        dialog.open()
        return dialog

    def sign_off(self) -> SignOffDialog:
        """S: a sign-off on the current touchpoint, in the current session."""
        dialog = SessionSignOffDialog(self.document, self.walk.current, self._session(), self)
        dialog.finished.connect(self._dialog_closed)
        dialog.open()
        return dialog

    def _session(self) -> str | None:
        """The review session under way, if it is (still) in the chain."""
        sessions = {s.id for s in self.document.chain.sessions}
        return self.review_session if self.review_session in sessions else None

    def _dialog_closed(self, _result=None) -> None:
        self.activateWindow()
        self.setFocus()

    # -- keys --------------------------------------------------------------------------------

    def event(self, event) -> bool:
        # The window's shortcuts (Delete, arrows of the editor...) must not act behind the
        # walkthrough; Save, Undo and Redo still do.
        if event.type() == QEvent.Type.ShortcutOverride:
            if not any(event.matches(key) for key in PASSED_THROUGH):
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        key = event.key()
        text = event.text()
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.go_on()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Backspace):
            self.back()
        elif key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            bar = self.details_area.verticalScrollBar()
            step = bar.pageStep() if key == Qt.Key.Key_PageDown else -bar.pageStep()
            bar.setValue(bar.value() + step)
        elif key == Qt.Key.Key_Home:
            self.home()
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self.options:
            step = -1 if key == Qt.Key.Key_Up else 1
            start = self.highlight if self.highlight is not None else (-1 if step > 0 else len(self.options))
            self.choose(max(0, min(len(self.options) - 1, start + step)))
        elif text.isdigit() and text != "0" and len(text) == 1:
            self.choose(int(text) - 1)
        elif key == Qt.Key.Key_C and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.add_critique()
        elif key == Qt.Key.Key_S and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.sign_off()
        elif key == Qt.Key.Key_G:
            self.ask_number()
        elif key == Qt.Key.Key_F11:
            self.toggle_full_screen()
        elif key == Qt.Key.Key_Escape:
            self.leave()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    # -- the window around it ------------------------------------------------------------------

    def toggle_full_screen(self) -> None:
        window = self.host.window()
        if self._host_state is None:
            self._host_state = window.windowState()
            window.setWindowState(window.windowState() | Qt.WindowState.WindowFullScreen)
        else:
            window.setWindowState(self._host_state)
            self._host_state = None

    def is_full_screen(self) -> bool:
        return self._host_state is not None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.host and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.host.rect())
        return super().eventFilter(watched, event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.panel.setFixedWidth(max(PANEL_MIN_WIDTH, int(self.width() * PANEL_SHARE)))
        # On a small window the details need the room: the keys then say only the essentials.
        if self.height() >= ALL_KEYS_FROM_HEIGHT:
            keys = self.tr(
                "→ or Enter: go on · ←: back · ↑ ↓ or 1–9: choose · Home: first start · G: go to number · "
                "Page Down: more details · C: critique · S: sign off · F11: full screen · Esc: leave"
            )
        else:
            keys = self.tr("→ go on · ← back · C critique · S sign off · Esc leave")
        self.keys_label.setText(self._muted(html.escape(keys)))

    def _document_changed(self) -> None:
        try:
            self.walk = self.walk.refreshed(self.document.chain)
        except EmptyChain:
            self.leave()
            return
        self.refresh(glide=False)

    def leave(self) -> None:
        """End the walkthrough: the editor as it was, the window as it was."""
        if self._left:
            return
        self._left = True
        if self._host_state is not None:
            self.toggle_full_screen()
        if shiboken6.isValid(self.host):
            self.host.removeEventFilter(self)
        try:
            self.document.changed.disconnect(self._document_changed)
            self.document.comments_changed.disconnect(self.refresh)
            self.document.sessions_changed.disconnect(self.refresh)
        except (RuntimeError, TypeError):  # the document is going already
            pass
        if shiboken6.isValid(self.scene):  # not when the chain's session is closing
            self.scene.set_miniature_mode(self._miniature)
            self._restore_editor()
        self.hide()
        self.deleteLater()
        self.left.emit()

    def _remember_editor(self):
        selected = list(self.scene.selectedItems())
        if self.editor is None:
            return selected, None
        bars = self.editor.horizontalScrollBar(), self.editor.verticalScrollBar()
        return selected, (self.editor.transform(), [bar.value() for bar in bars])

    def _restore_editor(self) -> None:
        selected, view = self._editor_state
        alive = [item for item in selected if item.scene() is self.scene]
        if set(self.scene.selectedItems()) != set(alive):
            self.scene.clearSelection()
            for item in alive:
                item.setSelected(True)
        if self.editor is not None and view is not None and shiboken6.isValid(self.editor):
            transform, values = view
            if self.editor.transform() != transform:
                self.editor.setTransform(transform)
            for bar, value in zip((self.editor.horizontalScrollBar(), self.editor.verticalScrollBar()), values):
                bar.setValue(value)
