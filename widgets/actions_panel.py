"""The Actions dock: the chain's improvement actions, grouped by plan-do-check-act phase,
and the dialog that creates and edits one.

Each action shows its whole title, its owner, its due date (an overdue one in red, with
a warning icon and the word "overdue"), and the elements it improves. Selecting an
action asks the owner to select its elements on the canvas (`elements_selected`).
Every change is one undo step through the Document (add_action, set_fields,
remove_action).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from app.document import Document
from app.edit_checks import EditRefused
from models.chain import PHASES, Action
from widgets.findings_panel import element_label

#: The phases' names as the dock shows them; marked here, translated where shown.
PHASE_NAMES = {
    "plan": QT_TRANSLATE_NOOP("ActionsPanel", "Plan"),
    "do": QT_TRANSLATE_NOOP("ActionsPanel", "Do"),
    "check": QT_TRANSLATE_NOOP("ActionsPanel", "Check"),
    "act": QT_TRANSLATE_NOOP("ActionsPanel", "Act"),
    "done": QT_TRANSLATE_NOOP("ActionsPanel", "Done"),
}
#: The action id of a row; None on a phase's heading row.
ACTION_ROLE = Qt.ItemDataRole.UserRole
#: The owner filter's entries besides the people: everyone, and actions nobody owns.
EVERYONE, NOBODY = "", "\0nobody"
#: The text colour of an overdue due date (with an icon and a word: never colour alone),
#: on a light and on a dark background.
OVERDUE_RED, OVERDUE_RED_ON_DARK = QColor("#c62828"), QColor("#ef9a9a")


def warning_red(palette: QPalette) -> QColor:
    """A red that reads on the palette's text background."""
    return OVERDUE_RED if palette.color(QPalette.ColorRole.Base).lightnessF() > 0.5 else OVERDUE_RED_ON_DARK


def phase_name(phase: str) -> str:
    return QCoreApplication.translate("ActionsPanel", PHASE_NAMES[phase])


def next_phase(phase: str) -> str | None:
    """The phase after `phase` in plan → do → check → act → done; None after done."""
    place = PHASES.index(phase)
    return PHASES[place + 1] if place + 1 < len(PHASES) else None


def is_overdue(action: Action, today: datetime.date) -> bool:
    """Past its due date and not done: what the rule action-overdue reports."""
    return action.phase != "done" and action.due is not None and action.due < today.isoformat()


def _find(document: Document, id: str | None):
    """The element `id`, or None when the chain has none."""
    return document.element(id) if id and document.has(id) else None


def elements_text(document: Document, elements: Iterable[str]) -> str:
    """The names of `elements`, as the findings panel names them."""
    return ", ".join(element_label(document, element) for element in elements)


class ActionCard(QWidget):
    """One action in the list: title, phase and owner, due date, what it improves."""

    def __init__(self, document: Document, action: Action, today: datetime.date, parent=None):
        super().__init__(parent)
        self.setObjectName("actionCard")
        self.action_id = action.id
        self.overdue = is_overdue(action, today)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.setSpacing(2)
        self.title = self._label("actionTitle", action.title)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        layout.addWidget(self.title)
        person = document.person(action.owner) if action.owner else None
        owner = person.name if person is not None else (action.owner or self.tr("nobody yet"))
        self.owner = self._label("actionOwner", self.tr("{phase} · owner: {owner}").format(
            phase=phase_name(action.phase), owner=owner))
        layout.addWidget(self.owner)
        due_row = QHBoxLayout()
        due_row.setSpacing(4)
        self.due_icon = QLabel()
        self.due_icon.setObjectName("actionOverdueIcon")
        size = self.fontMetrics().height()
        self.due_icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size, size))
        self.due_icon.setVisible(self.overdue)
        due_row.addWidget(self.due_icon, 0, Qt.AlignmentFlag.AlignTop)
        if action.due is None:
            due = self.tr("No due date")
        elif self.overdue:
            due = self.tr("Overdue: due {date}").format(date=action.due)
        else:
            due = self.tr("Due {date}").format(date=action.due)
        self.due = self._label("actionDue", due)
        due_row.addWidget(self.due, 1)
        layout.addLayout(due_row)
        self.elements = tuple(action.elements)
        self.improves_text = elements_text(document, action.elements)  # as shown, to tell a rename
        improves = self.improves_text or self.tr("no element named")
        self.improves = self._label("actionImproves", self.tr("Improves: {elements}").format(elements=improves))
        layout.addWidget(self.improves)
        self.setToolTip(action.notes or "")
        self.set_selected(False)

    @staticmethod
    def _label(name: str, text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # the list takes the clicks
        return label

    def set_selected(self, selected: bool) -> None:
        """Text in the selection's colours, so it reads on the highlight."""
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        colour = self.palette().color(role)
        for label in (self.title, self.owner, self.due, self.improves):
            _set_text_colour(label, colour)
        if self.overdue:
            _set_text_colour(self.due, colour if selected else warning_red(self.palette()))
            font = self.due.font()
            font.setBold(True)
            self.due.setFont(font)


def _set_text_colour(label: QLabel, colour: QColor) -> None:
    # On a list's viewport a label draws in Text, elsewhere in WindowText: set both.
    palette = label.palette()
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
        palette.setColor(role, colour)
    label.setPalette(palette)


class ActionsPanel(QWidget):
    """The Actions dock's content: owner filter, the actions by phase, and their buttons."""

    #: An action was selected: the owner selects these elements on the canvas.
    elements_selected = Signal(list)
    #: A message for the status bar.
    status_message = Signal(str)

    def __init__(self, document: Document, selection: Callable[[], list[str]] = list,
                 today: Callable[[], datetime.date] = datetime.date.today, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("actionsPanel")
        self.setAccessibleName(self.tr("Improvement actions"))
        self.document = document
        self.selection = selection  # the ids selected on the canvas now
        self.today = today
        self.cards: dict[str, ActionCard] = {}

        self.owner_filter = QComboBox()
        self.owner_filter.setObjectName("actionOwnerFilter")
        self.owner_filter.setAccessibleName(self.tr("Show the actions of"))
        self.owner_filter.currentIndexChanged.connect(self.refresh)
        self.owner_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.owner_filter.setMinimumContentsLength(8)
        self.show_done = QCheckBox(self.tr("Show done"))
        self.show_done.setObjectName("actionShowDone")
        self.show_done.setChecked(True)
        self.show_done.toggled.connect(self.refresh)
        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        owner_label = QLabel(self.tr("&Owner:"))
        owner_label.setBuddy(self.owner_filter)
        filters.addWidget(owner_label)
        filters.addWidget(self.owner_filter, 1)
        filters.addWidget(self.show_done)

        self.list = QListWidget()
        self.list.setObjectName("actionsList")
        self.list.setAccessibleName(self.tr("Actions by phase"))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Always there, so the width the cards wrap at does not change when it appears.
        self.list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.itemSelectionChanged.connect(self._selection_changed)
        self.list.itemDoubleClicked.connect(lambda _item: self.edit_action())
        self.empty_label = QLabel(self.tr("No improvement actions yet. Select what to improve on the "
                                          "canvas and press New…, or create one from a finding."))
        self.empty_label.setObjectName("noActions")
        self.empty_label.setWordWrap(True)
        self.empty_label.setEnabled(False)

        self.new_button = self._button("newActionButton", self.tr("New…"), self.new_action,
                                       self.tr("A new action on what is selected on the canvas"))
        self.edit_button = self._button("editActionButton", self.tr("Edit…"), self.edit_action,
                                        self.tr("Change the selected action"))
        self.delete_button = self._button("deleteActionButton", self.tr("Delete"), self.delete_action,
                                          self.tr("Delete the selected action"))
        self.next_button = self._button("nextPhaseButton", self.tr("Next Phase"), self.advance_action,
                                        self.tr("Move the selected action on: plan → do → check → act → done"))
        # Two rows, so the dock stays narrow enough for a small window's canvas.
        buttons = QGridLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for column, button in enumerate((self.new_button, self.edit_button, self.delete_button)):
            buttons.addWidget(button, 0, column)
        buttons.addWidget(self.next_button, 1, 0, 1, 3)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.addLayout(filters)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(buttons)

        document.actions_changed.connect(self.refresh)
        document.person_changed.connect(self.refresh)
        # Renamed elements show under "Improves": not on every keystroke, a moment later.
        self._names_timer = QTimer(self)
        self._names_timer.setSingleShot(True)
        self._names_timer.setInterval(300)
        self._names_timer.timeout.connect(self.refresh)
        for renamed in (document.touchpoint_changed, document.handoff_changed):
            renamed.connect(self._element_changed)
        document.departments_changed.connect(self._names_changed)
        document.chain_reset.connect(self.refresh)
        # A batch is shown again as it ends, unless it only moved touchpoints (an
        # auto-layout of thousands): rebuilding hundreds of cards takes seconds.
        self._batch_changed = False
        for signal in (document.touchpoint_added, document.touchpoint_removed, document.handoff_added,
                       document.handoff_removed, document.handoff_changed, document.person_changed,
                       document.comments_changed, document.sessions_changed, document.actions_changed,
                       document.ratings_changed, document.stages_changed, document.glossary_changed,
                       document.departments_changed, document.chain_changed):
            signal.connect(self._changed_in_batch)
        document.touchpoints_changed.connect(self._touchpoints_changed)
        document.batch_finished.connect(self._batch_finished)
        self.refresh()

    def _changed_in_batch(self, *_args) -> None:
        if self.document.batching:
            self._batch_changed = True

    def _touchpoints_changed(self, ids) -> None:
        """A batch changed these touchpoints: what matters here is a new name under "Improves"."""
        if self._batch_changed:
            return
        ids = set(ids)
        for card in self.cards.values():
            if not ids.isdisjoint(card.elements) and elements_text(self.document, card.elements) != card.improves_text:
                self._batch_changed = True
                return

    def _batch_finished(self) -> None:
        changed, self._batch_changed = self._batch_changed, False
        if changed:
            self.refresh()

    def _names_changed(self, *_args) -> None:
        if self.cards:
            self._names_timer.start()

    def _element_changed(self, id: str) -> None:
        """A keystroke in a touchpoint's label shows the cards again only when one of them
        names it: rebuilding hundreds of cards after every pause in typing held the editor
        and, until Qt deleted the old ones, their memory."""
        if any(id in card.elements and elements_text(self.document, card.elements) != card.improves_text
               for card in self.cards.values()):
            self._names_timer.start()

    def _button(self, name: str, text: str, run, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.clicked.connect(run)
        return button

    # -- showing -------------------------------------------------------------------------

    def refresh(self, *_args) -> None:
        """Show the actions again, keeping the selected one."""
        current = self.current_action()
        self._fill_owner_filter()
        owner = self.owner_filter.currentData()
        today = self.today()
        self.list.blockSignals(True)
        self.list.clear()
        self.cards = {}
        actions = self.document.chain.actions
        for phase in PHASES:
            if phase == "done" and not self.show_done.isChecked():
                continue
            shown = [a for a in actions if a.phase == phase and self._owned_by(a, owner)]
            if not shown:
                continue
            heading = QListWidgetItem(self.tr("{phase} ({count})").format(phase=phase_name(phase), count=len(shown)))
            heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            heading.setBackground(self.palette().brush(QPalette.ColorRole.AlternateBase))
            heading.setSizeHint(QSize(0, self.fontMetrics().height() + 12))
            heading.setData(ACTION_ROLE, None)
            self.list.addItem(heading)
            for action in shown:
                item = QListWidgetItem()
                item.setData(ACTION_ROLE, action.id)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, self._accessible_text(action, today))
                card = ActionCard(self.document, action, today)
                self.cards[action.id] = card
                self.list.addItem(item)
                self.list.setItemWidget(item, card)
        self._size_cards()
        self.list.blockSignals(False)
        self.list.setVisible(bool(self.cards))
        self.empty_label.setVisible(not self.cards)
        if current is not None and current in self.cards:
            self.select_action(current, emit=False)
        self._update_buttons()

    def _fill_owner_filter(self) -> None:
        chosen = self.owner_filter.currentData()
        self.owner_filter.blockSignals(True)
        self.owner_filter.clear()
        self.owner_filter.addItem(self.tr("Everyone"), EVERYONE)
        for person in self.document.chain.people:
            self.owner_filter.addItem(person.name, person.id)
        self.owner_filter.addItem(self.tr("Nobody yet"), NOBODY)
        index = self.owner_filter.findData(chosen) if chosen is not None else 0
        self.owner_filter.setCurrentIndex(max(index, 0))
        self.owner_filter.blockSignals(False)

    @staticmethod
    def _owned_by(action: Action, owner: str | None) -> bool:
        if not owner:
            return True
        return action.owner is None if owner == NOBODY else action.owner == owner

    def _accessible_text(self, action: Action, today: datetime.date) -> str:
        due = ""
        if action.due:
            due = (self.tr("overdue, due {date}") if is_overdue(action, today) else self.tr("due {date}")).format(date=action.due)
        return self.tr("{title}, {phase}, {due}").format(title=action.title, phase=phase_name(action.phase), due=due)

    def _size_cards(self) -> None:
        """Each row as high as its card needs at the list's width (titles wrap)."""
        width = self.list.viewport().width()
        for row in range(self.list.count()):
            item = self.list.item(row)
            card = self.list.itemWidget(item)
            if card is not None:  # headings keep their own height
                item.setSizeHint(QSize(width, card.layout().heightForWidth(width) if card.layout().hasHeightForWidth()
                                       else card.sizeHint().height()))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._size_cards()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._size_cards()

    # -- selection -------------------------------------------------------------------------

    def current_action(self) -> str | None:
        items = self.list.selectedItems()
        return items[0].data(ACTION_ROLE) if items else None

    def select_action(self, id: str, emit: bool = True) -> bool:
        """Select the action `id` (showing it if a filter hid it); False when there is none."""
        action = self._action(id)
        if action is None:
            return False
        if id not in self.cards:  # hidden by a filter: show every action
            self.owner_filter.setCurrentIndex(0)
            self.show_done.setChecked(True)
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(ACTION_ROLE) == id:
                if not emit:
                    self.list.blockSignals(True)
                self.list.setCurrentItem(item)
                self.list.scrollToItem(item)
                self.list.blockSignals(False)
                self._mark_selected()
                self._update_buttons()
                return True
        return False

    def _selection_changed(self) -> None:
        self._mark_selected()
        self._update_buttons()
        action = self._action(self.current_action())
        if action is not None:
            self.elements_selected.emit([e for e in action.elements if self.document.has(e)])

    def _mark_selected(self) -> None:
        current = self.current_action()
        for id, card in self.cards.items():
            card.set_selected(id == current)

    def _update_buttons(self) -> None:
        action = self._action(self.current_action())
        for button in (self.edit_button, self.delete_button):
            button.setEnabled(action is not None)
        self.next_button.setEnabled(action is not None and action.phase != "done")
        if action is not None and action.phase != "done":
            self.next_button.setText(self.tr("Move to {phase}").format(phase=phase_name(next_phase(action.phase))))
        else:
            self.next_button.setText(self.tr("Next Phase"))

    def _action(self, id: str | None) -> Action | None:
        element = _find(self.document, id)
        return element if isinstance(element, Action) else None

    # -- changing ------------------------------------------------------------------------

    def new_action(self) -> str | None:
        """New…: an action on the canvas selection, from the dialog."""
        return create_action(self.document, self, elements=self.selection(), selection=self.selection,
                             on_created=self._created)

    def _created(self, id: str) -> None:
        self.select_action(id, emit=False)

    def edit_action(self) -> None:
        action = self._action(self.current_action())
        if action is None:
            return
        dialog = ActionDialog(self.document, self, action=action, selection=self.selection)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            self.document.set_fields(action.id, self.tr("Edit the action {title}").format(title=dialog.title()),
                                     **dialog.values())
        except EditRefused as refused:
            self.status_message.emit(str(refused))

    def delete_action(self) -> None:
        action = self._action(self.current_action())
        if action is not None:
            self.document.remove_action(action.id)
            self.status_message.emit(self.tr("Deleted the action “{title}”; Undo brings it back.").format(title=action.title))

    def advance_action(self) -> None:
        """Next Phase: plan → do → check → act → done, one undo step."""
        action = self._action(self.current_action())
        if action is None or next_phase(action.phase) is None:
            return
        phase = next_phase(action.phase)
        self.document.set_fields(action.id, self.tr("Move {title} to {phase}").format(
            title=action.title, phase=phase_name(phase)), phase=phase)
        self.select_action(action.id, emit=False)


def create_action(document: Document, parent: QWidget, title: str = "", elements: Iterable[str] = (),
                  comments: Iterable[str] = (), selection: Callable[[], list[str]] = list,
                  on_created: Callable[[str], None] | None = None) -> str | None:
    """Ask for a new action (prefilled with `title`, `elements`, `comments`) and add it as
    one undo step; its id, or None when the user cancels."""
    dialog = ActionDialog(document, parent, title=title, elements=elements, comments=comments, selection=selection)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    values = dialog.values()
    id = document.add_action(values.pop("title"), **values)
    if on_created is not None:
        on_created(id)
    return id


class ActionDialog(QDialog):
    """New or edit an action: title, phase, owner, due date, notes, and what it improves."""

    def __init__(self, document: Document, parent: QWidget | None = None, action: Action | None = None,
                 title: str = "", elements: Iterable[str] = (), comments: Iterable[str] = (),
                 selection: Callable[[], list[str]] = list):
        super().__init__(parent)
        self.setObjectName("actionDialog")
        self.document = document
        self.selection = selection
        self.setWindowTitle(self.tr("Edit Action") if action is not None else self.tr("New Action"))
        self.elements = list(action.elements if action is not None else dict.fromkeys(elements))
        self.comments = list(action.comments if action is not None else comments)

        # A title can be a sentence or two: a box that wraps shows it whole.
        self.title_edit = QPlainTextEdit(action.title if action is not None else " ".join(title.split()))
        self.title_edit.setObjectName("actionTitleEdit")
        self.title_edit.setPlaceholderText(self.tr("What will be done, e.g. “Confirm orders by e-mail within the hour”"))
        self.title_edit.setTabChangesFocus(True)
        self.title_edit.setMinimumWidth(460)
        self.title_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.phase = QComboBox()
        self.phase.setObjectName("actionPhase")
        for phase in PHASES:
            self.phase.addItem(phase_name(phase), phase)
        self.phase.setCurrentIndex(PHASES.index(action.phase if action is not None else "plan"))
        self.owner = QComboBox()
        self.owner.setObjectName("actionOwner")
        self.owner.addItem(self.tr("(nobody yet)"), None)
        for person in document.chain.people:
            department = _find(document, person.department)
            name = person.name if department is None else self.tr("{name} ({department})").format(
                name=person.name, department=department.name)
            self.owner.addItem(name, person.id)
        if action is not None and action.owner:
            self.owner.setCurrentIndex(max(self.owner.findData(action.owner), 0))
        self.no_due = QCheckBox(self.tr("No due date"))
        self.no_due.setObjectName("actionNoDue")
        self.due = QDateEdit()
        self.due.setObjectName("actionDue")
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy-MM-dd")
        due = action.due if action is not None else None
        self.due.setDate(QDate.fromString(due, "yyyy-MM-dd") if due else QDate.currentDate().addDays(30))
        self.no_due.toggled.connect(lambda checked: self.due.setEnabled(not checked))
        self.no_due.setChecked(due is None and action is not None)
        due_row = QHBoxLayout()
        due_row.addWidget(self.due)
        due_row.addWidget(self.no_due)
        due_row.addStretch(1)
        self.notes = QPlainTextEdit((action.notes or "") if action is not None else "")
        self.notes.setObjectName("actionNotes")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.improves = QLabel()
        self.improves.setObjectName("actionElements")
        self.improves.setWordWrap(True)
        self.improves.setTextFormat(Qt.TextFormat.PlainText)
        self.use_selection = QPushButton(self.tr("Use Canvas Selection"))
        self.use_selection.setObjectName("actionUseSelection")
        self.use_selection.setToolTip(self.tr("The action improves what was selected on the canvas when this "
                                              "dialog opened: select or Ctrl+click cards, handoffs or a lane first"))
        self.use_selection.clicked.connect(self._use_selection)
        self.use_selection.setAutoDefault(False)  # Enter creates or saves the action
        improves_row = QHBoxLayout()
        improves_row.addWidget(self.improves, 1)
        improves_row.addWidget(self.use_selection, 0, Qt.AlignmentFlag.AlignTop)
        self._show_elements()

        form = QFormLayout()
        form.addRow(self.tr("&Title:"), self.title_edit)
        form.addRow(self.tr("&Phase:"), self.phase)
        form.addRow(self.tr("O&wner:"), self.owner)
        due_label = QLabel(self.tr("D&ue:"))
        due_label.setBuddy(self.due)  # a row that is a layout gets no buddy by itself
        form.addRow(due_label, due_row)
        form.addRow(self.tr("Improves:"), improves_row)
        if self.comments:
            answers = QLabel(self._comments_text())
            answers.setObjectName("actionComments")
            answers.setWordWrap(True)
            answers.setTextFormat(Qt.TextFormat.PlainText)
            form.addRow(self.tr("Answers:"), answers)
        form.addRow(self.tr("&Notes:"), self.notes)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Save") if action is not None else self.tr("Create"))
        self.title_edit.textChanged.connect(lambda: ok.setEnabled(bool(self.title())))
        ok.setEnabled(bool(self.title()))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def _show_elements(self) -> None:
        self.improves.setText(elements_text(self.document, self.elements)
                              or self.tr("Nothing yet: select cards, handoffs or a lane on the canvas."))

    def _use_selection(self) -> None:
        self.elements = list(self.selection())
        self._show_elements()

    def _comments_text(self) -> str:
        texts = []
        for id in self.comments:
            comment = _find(self.document, id)
            text = " ".join(getattr(comment, "text", id).split())
            texts.append(f"“{text[:80]}…”" if len(text) > 80 else f"“{text}”")
        return "\n".join(texts)

    def title(self) -> str:
        return " ".join(self.title_edit.toPlainText().split())  # one line, as the file keeps it

    def values(self) -> dict:
        """The fields the dialog sets, as add_action and set_fields take them."""
        return dict(
            title=self.title(),
            phase=self.phase.currentData(),
            owner=self.owner.currentData(),
            due=None if self.no_due.isChecked() else self.due.date().toString("yyyy-MM-dd"),
            elements=list(self.elements),
            comments=list(self.comments),
            notes=self.notes.toPlainText().strip() or None,
        )
