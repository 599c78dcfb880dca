"""The inspector's "Blueprint" fields (format version 2): for one touchpoint its stage,
the people consulted and informed (RACI, beside its owner), its typical working time and
its marks; for a handoff its waiting time. Each change is one undo step through
`Document.set_fields`; the inspector calls `show_touchpoint` / `show_handoff` whenever the
document changes, so the fields follow undo and redo.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, QSignalBlocker, QSize, Qt
from PySide6.QtGui import QAction, QValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.document import Document
from models.chain import MARKS, Handoff, Touchpoint

#: Commits fields of elements: (ids, undo text, merge_key=..., **fields); the inspector's.
Commit = Callable[..., None]

#: The largest number of minutes the file accepts (models.chain.Minutes).
MOST_MINUTES = 1_000_000.0

#: The width a people button keeps beside its names: its frame and its menu arrow.
NAMES_ROOM = 44

#: How the checkboxes name the marks, with their underlined letters (translated).
MARK_NAMES = {
    "moment_of_truth": QT_TRANSLATE_NOOP("BlueprintFields", "Moment of &truth"),
    "fail_point": QT_TRANSLATE_NOOP("BlueprintFields", "&Fail point"),
    "pain_point": QT_TRANSLATE_NOOP("BlueprintFields", "P&ain point"),
}
MARK_TIPS = {
    "moment_of_truth": QT_TRANSLATE_NOOP("BlueprintFields", "Here the customer is won or lost"),
    "fail_point": QT_TRANSLATE_NOOP("BlueprintFields", "Here the chain is likely to break"),
    "pain_point": QT_TRANSLATE_NOOP("BlueprintFields", "Here the customer or the staff suffer"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("BlueprintFields", text)


class MinutesBox(QDoubleSpinBox):
    """Minutes, or "not set": one step below 0 (and an empty box) means no time is known,
    which is not the same as 0 minutes."""

    NOT_SET = -1.0

    def __init__(self, name: str, accessible: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(accessible)
        self.setRange(self.NOT_SET, MOST_MINUTES)
        self.setDecimals(1)
        self.setSingleStep(5)
        self.setSpecialValueText(_tr("not set"))
        self.setSuffix(_tr(" min"))
        self.setToolTip(_tr("Minutes; step below 0, or clear the box, for “not set”"))

    def minutes(self) -> float | None:
        value = self.value()
        return None if value < 0 else value

    def show_minutes(self, minutes: float | None) -> None:
        with QSignalBlocker(self):
            self.setValue(self.NOT_SET if minutes is None else minutes)

    def textFromValue(self, value: float) -> str:
        return f"{value:.1f}".removesuffix(".0")  # "30", "12.5"; not "30.0"

    def validate(self, text: str, position: int):
        if not self._number(text):  # an emptied box is "not set", not invalid
            return QValidator.State.Acceptable, text, position
        return super().validate(text, position)

    def valueFromText(self, text: str) -> float:
        value = super().valueFromText(text) if self._number(text) else self.NOT_SET
        return max(value, 0.0) if value > self.NOT_SET else self.NOT_SET  # "-0.5" is 0, not "not set"

    def stepBy(self, steps: int) -> None:
        if self.value() < 0 and steps > 0:  # up from "not set" starts at 0, not at 4
            self.setValue(0)
            steps -= 1
        super().stepBy(steps)

    def _number(self, text: str) -> str:
        return text.removesuffix(self.suffix()).strip()


class PeopleButton(QPushButton):
    """A button naming the people chosen (consulted or informed) with a menu of the
    roster to tick and untick them: compact however long the roster is."""

    def __init__(self, name: str, accessible: str, on_toggle: Callable[[str, bool], None], parent=None):
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(accessible)
        self.setMenu(QMenu(self))
        self.menu().setObjectName(f"{name}Menu")
        self._on_toggle = on_toggle
        self.names = ""  # the names of the people chosen, whole; the button may show them cut
        self._roster: list[tuple[str, str]] | None = None  # what the menu was filled from
        self._actions: dict[str, QAction] = {}  # each person's entry in the menu, by id
        self._chosen: list[str] = []  # the ids ticked when last shown
        self._clicked: set[str] = set()  # ids the user ticked or unticked since
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def show_people(self, roster: list[tuple[str, str]], chosen: list[str]) -> None:
        """`roster`: (person id, name) in the roster's order; `chosen`: the ids ticked."""
        filled = roster != self._roster
        if filled:
            self._fill(roster, chosen)
        else:
            # The inspector shows again after every edit, typing included, and the roster
            # of a large chain has thousands of people: only the ticks that can be wrong
            # are set again (a tick the document refused is taken back).
            for person_id in {*self._chosen, *chosen, *self._clicked}:
                action = self._actions.get(person_id)
                if action is not None:
                    with QSignalBlocker(action):
                        action.setChecked(person_id in chosen)
        self._clicked.clear()
        if filled or chosen != self._chosen:
            self._chosen = list(chosen)
            names = dict(roster)
            shown = [names.get(id, id) for id in chosen]
            self.names = ", ".join(shown) if shown else _tr("nobody")
            self.setToolTip(self.names if shown else "")
            self._show_names()

    def _fill(self, roster: list[tuple[str, str]], chosen: list[str]) -> None:
        self._roster = list(roster)
        menu = self.menu()
        menu.clear()
        self._actions = {}
        if not roster:
            empty = menu.addAction(_tr("No people yet: add them with Review > People…"))
            empty.setEnabled(False)
        for person_id, person_name in roster:
            action = self._actions[person_id] = menu.addAction(person_name.replace("&", "&&"))
            action.setCheckable(True)
            action.setChecked(person_id in chosen)
            action.setData(person_id)
            action.toggled.connect(lambda on, person_id=person_id: self._toggled(person_id, on))

    def _toggled(self, person_id: str, on: bool) -> None:
        self._clicked.add(person_id)
        self._on_toggle(person_id, on)

    def sizeHint(self) -> QSize:
        # The names are cut to the room there is ("Ana Ruiz, Tom Be…"): a long list must
        # not widen the inspector. The hint does not follow the text, else cutting the
        # text would resize the button and cut it again.
        return QSize(self.fontMetrics().averageCharWidth() * 8 + NAMES_ROOM, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._show_names()

    def _show_names(self) -> None:
        room = max(0, self.width() - NAMES_ROOM)
        text = self.fontMetrics().elidedText(self.names, Qt.TextElideMode.ElideRight, room)
        self.setText(text.replace("&", "&&"))  # a name's "&" shows, it is no mnemonic


class BlueprintFields(QObject):
    """The blueprint fields of one touchpoint, under the heading "Blueprint": rows of the
    inspector's own form (`add_rows`), so their labels line up with the fields above."""

    def __init__(self, document: Document, commit: Commit, parent: QObject | None = None):
        super().__init__(parent)
        self.setObjectName("blueprintFields")
        self.document = document
        self._commit = commit
        self.touchpoint_id: str | None = None
        self._stages_shown: list[tuple[str, str]] | None = None  # what the stage list was filled from
        # (id, name) of each person, read again only when the people change: the roster
        # of a large chain has thousands, and every edit shows the touchpoint again
        self._roster: list[tuple[str, str]] | None = None
        document.person_changed.connect(self._people_changed)
        document.chain_reset.connect(self._people_changed)
        self.heading = QLabel(_tr("Blueprint"))
        self.heading.setObjectName("blueprintHeading")
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.stage = QComboBox()
        self.stage.setObjectName("field_stage")
        self.stage.setAccessibleName(_tr("Stage"))
        self.stage.activated.connect(lambda index: self._set(_tr("Set stage"), stage=self.stage.itemData(index)))
        self.consulted = PeopleButton("field_consulted", _tr("Consulted"), lambda id, on: self._toggle_person("consulted", id, on))
        self.informed = PeopleButton("field_informed", _tr("Informed"), lambda id, on: self._toggle_person("informed", id, on))
        self.duration = MinutesBox("field_duration", _tr("Working time"))
        self.duration.valueChanged.connect(self._duration_changed)
        self.marks_box = QWidget()
        marks_column = QVBoxLayout(self.marks_box)
        marks_column.setContentsMargins(0, 0, 0, 0)
        self.marks: dict[str, QCheckBox] = {}
        for mark in MARKS:
            box = QCheckBox(_tr(MARK_NAMES[mark]))
            box.setObjectName(f"mark_{mark}")
            box.setToolTip(_tr(MARK_TIPS[mark]))
            box.toggled.connect(self._marks_changed)
            marks_column.addWidget(box)
            self.marks[mark] = box

    def add_rows(self, form: QFormLayout) -> None:
        """The heading and the fields, as the last rows of `form`."""
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setFrameShadow(QFrame.Shadow.Sunken)
        form.addRow(rule)
        form.addRow(self.heading)
        form.addRow(_tr("Sta&ge:"), self.stage)
        form.addRow(_tr("Cons&ulted:"), self.consulted)
        form.addRow(_tr("&Informed:"), self.informed)
        form.addRow(_tr("W&orking:"), self.duration)
        form.addRow(_tr("Marks:"), self.marks_box)

    # -- showing -------------------------------------------------------------------------

    def show_touchpoint(self, touchpoint: Touchpoint) -> None:
        self.touchpoint_id = touchpoint.id
        chain = self.document.chain
        with QSignalBlocker(self.stage):
            stages = [(stage.name, stage.id) for stage in chain.stages]
            if stages != self._stages_shown:
                self._stages_shown = stages
                self.stage.clear()
                self.stage.addItem(_tr("(none)"), None)
                for name, id in stages:
                    self.stage.addItem(name, id)
            self.stage.setCurrentIndex(max(0, self.stage.findData(touchpoint.stage)))
        if self._roster is None:
            self._roster = [(person.id, person.name) for person in chain.people]
        roster = self._roster
        for button, chosen in ((self.consulted, touchpoint.consulted), (self.informed, touchpoint.informed)):
            with QSignalBlocker(button):
                button.show_people(roster, chosen)
        self.duration.show_minutes(touchpoint.duration_minutes)
        for mark, box in self.marks.items():
            with QSignalBlocker(box):
                box.setChecked(mark in touchpoint.marks)

    def _people_changed(self, *_args) -> None:
        self._roster = None

    # -- committing ----------------------------------------------------------------------

    def _set(self, text: str, merge_key: str | None = None, **fields) -> None:
        if self.touchpoint_id is not None and self.document.has(self.touchpoint_id):
            self._commit(self.touchpoint_id, text, merge_key=merge_key, **fields)

    def _toggle_person(self, field: str, person_id: str, on: bool) -> None:
        if self.touchpoint_id is None or not self.document.has(self.touchpoint_id):
            return
        people = list(getattr(self.document.touchpoint(self.touchpoint_id), field))
        if on and person_id not in people:
            people.append(person_id)
        elif not on and person_id in people:
            people.remove(person_id)
        else:
            return
        text = _tr("Set consulted") if field == "consulted" else _tr("Set informed")
        self._set(text, **{field: people})

    def _duration_changed(self, _value: float) -> None:
        # Typing "120" passes 1 and 12 on the way: those edits merge into one step.
        self._set(_tr("Set working time"), merge_key=f"duration_minutes:{self.touchpoint_id}",
                  duration_minutes=self.duration.minutes())

    def _marks_changed(self, _on: bool) -> None:
        self._set(_tr("Set marks"), marks=[mark for mark in MARKS if self.marks[mark].isChecked()])


class WaitingField(MinutesBox):
    """A handoff's waiting time: the delay before the receiver starts."""

    def __init__(self, document: Document, commit: Commit, parent: QWidget | None = None):
        super().__init__("field_wait", _tr("Waiting time"), parent)
        self.document = document
        self._commit = commit
        self.handoff_id: str | None = None
        self.setToolTip(_tr("How long the handover waits before the receiver starts; "
                            "step below 0, or clear the box, for “not set”"))
        self.valueChanged.connect(self._changed)

    def show_handoff(self, handoff: Handoff) -> None:
        self.handoff_id = handoff.id
        self.show_minutes(handoff.wait_minutes)

    def _changed(self, _value: float) -> None:
        if self.handoff_id is not None and self.document.has(self.handoff_id):
            self._commit(self.handoff_id, _tr("Set waiting time"), merge_key=f"wait_minutes:{self.handoff_id}",
                         wait_minutes=self.minutes())
