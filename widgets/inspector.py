"""The inspector: edits whatever is selected, one undo step per change.

Text fields commit as the user types; the edits of one field merge into one undo step.
Pages: the chain (nothing selected), a touchpoint, several touchpoints (the fields they
share), a handoff, a department.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSignalBlocker, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.document import Document, EditRefused
from models.chain import (
    CHANNELS,
    DEPARTMENT_ROLES,
    REVIEW_STATUSES,
    SERVES,
    TOUCHPOINT_KINDS,
    Procedure,
)
from models.links import is_safe_link
from models.text import shortened, with_break_opportunities
from widgets.blueprint_fields import BlueprintFields, WaitingField
from widgets.canvas.style import role_name
from widgets.measure_editor import MeasureEditor
from widgets.people_dialog import PeopleDialog
from widgets.text_box import LineBox, TextBox

NONE = "—"
#: A name or label in the heading or a line above the fields is cut to this many characters
#: (the field below holds it whole): a word-wrapped label of 100,000 characters held the
#: window for ten seconds each time it was selected.
NAMED_CHARACTERS = 200
#: ...and its words this long or longer may wrap anywhere: a word-wrapped label is as wide
#: as its longest word, and the dock widened to fit it, squeezing the canvas.
NAMED_LONG_WORD = 24
#: Combo item data; the items show these texts translated.
NEW_PERSON = QT_TRANSLATE_NOOP("Inspector", "New person…")
MIXED = QT_TRANSLATE_NOOP("Inspector", "(mixed)")

#: How the combos show the kinds, channels and review statuses (translated in _words).
_WORDS = {
    "start": QT_TRANSLATE_NOOP("Inspector", "Start"),
    "step": QT_TRANSLATE_NOOP("Inspector", "Step"),
    "decision": QT_TRANSLATE_NOOP("Inspector", "Decision"),
    "end": QT_TRANSLATE_NOOP("Inspector", "End"),
    "in_person": QT_TRANSLATE_NOOP("Inspector", "In person"),
    "phone": QT_TRANSLATE_NOOP("Inspector", "Phone"),
    "email": QT_TRANSLATE_NOOP("Inspector", "Email"),
    "web": QT_TRANSLATE_NOOP("Inspector", "Web"),
    "chat": QT_TRANSLATE_NOOP("Inspector", "Chat"),
    "written": QT_TRANSLATE_NOOP("Inspector", "Written"),
    "system": QT_TRANSLATE_NOOP("Inspector", "System"),
    "other": QT_TRANSLATE_NOOP("Inspector", "Other"),
    "identified": QT_TRANSLATE_NOOP("Inspector", "Identified"),
    "examined": QT_TRANSLATE_NOOP("Inspector", "Examined"),
    "critiqued": QT_TRANSLATE_NOOP("Inspector", "Critiqued"),
    "approved": QT_TRANSLATE_NOOP("Inspector", "Approved"),
}


#: The undo texts of the procedure fields, by part.
_PROCEDURE_UNDO_TEXTS = {
    "title": QT_TRANSLATE_NOOP("Inspector", "Edit procedure title"),
    "link": QT_TRANSLATE_NOOP("Inspector", "Edit procedure link"),
    "summary": QT_TRANSLATE_NOOP("Inspector", "Edit procedure summary"),
}


def _words(value: str) -> str:
    """A value of the file as the combos show it: "in_person" -> "In person" (translated)."""
    word = _WORDS.get(value)
    if word is None:
        return value.replace("_", " ").capitalize()
    return QCoreApplication.translate("Inspector", word)


def named(text: str) -> str:
    """A name or label as the heading names it (see NAMED_CHARACTERS)."""
    return with_break_opportunities(shortened(text, NAMED_CHARACTERS), NAMED_LONG_WORD)


class Inspector(QWidget):
    #: The user asked to add a sign-off to this touchpoint.
    signoff_requested = Signal(str)
    #: A sentence for the status bar (a refused value, an unsafe link).
    status_message = Signal(str)

    def __init__(self, document: Document, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("inspector")
        self.setAccessibleName(self.tr("Inspector"))
        self.document = document
        self.touchpoint_ids: list[str] = []
        self.handoff_id: str | None = None
        self.department_id: str | None = None
        self._refreshing = False

        self.heading = QLabel()
        self.heading.setObjectName("inspectorHeading")
        # Names and labels are the user's text: shown as typed ("R&D" keeps its "&"), whole.
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.pages = QStackedWidget()
        self.chain_page = self._chain_page()
        self.touchpoint_page = self._touchpoint_page()
        self.multi_page = self._multi_page()
        self.handoff_page = self._handoff_page()
        self.department_page = self._department_page()
        for page in (self.chain_page, self.touchpoint_page, self.multi_page, self.handoff_page, self.department_page):
            holder = QWidget()  # keeps the form at the top instead of spreading its rows
            column = QVBoxLayout(holder)
            column.addWidget(page)
            column.addStretch(1)
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setWidget(holder)
            self.pages.addWidget(scroll)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.pages)
        document.changed.connect(self.refresh)
        # The department and people combos are refilled only when those lists change.
        self._lists_version = 0
        self._filled: dict[int, int] = {}  # id(combo) -> the version it was filled at
        document.departments_changed.connect(self._lists_changed)
        document.person_changed.connect(self._lists_changed)
        document.chain_reset.connect(self._lists_changed)
        document.chain_reset.connect(lambda: self.show_selection([], [], None))
        self.show_selection([], [], None)

    # -- what is shown -------------------------------------------------------------------

    def show_selection(self, touchpoints: list[str], handoffs: list[str], department: str | None) -> None:
        self.touchpoint_ids = list(touchpoints)
        self.handoff_id = handoffs[0] if handoffs and not touchpoints else None
        self.department_id = department if not touchpoints and not handoffs else None
        self.refresh()

    def refresh(self) -> None:
        """Show the current values; selected elements that are gone fall back to the chain."""
        document = self.document
        self.touchpoint_ids = [id for id in self.touchpoint_ids if document.has(id)]
        if self.handoff_id and not document.has(self.handoff_id):
            self.handoff_id = None
        if self.department_id and not document.has(self.department_id):
            self.department_id = None
        self._refreshing = True
        try:
            if len(self.touchpoint_ids) == 1:
                self._show_touchpoint(document.touchpoint(self.touchpoint_ids[0]))
            elif self.touchpoint_ids:
                self._show_several()
            elif self.handoff_id:
                self._show_handoff(document.handoff(self.handoff_id))
            elif self.department_id:
                self._show_department(document.department(self.department_id))
            else:
                self._show_chain()
        finally:
            self._refreshing = False

    # -- committing ----------------------------------------------------------------------

    def _commit(self, ids, text: str, merge_key: str | None = None, **fields) -> None:
        if self._refreshing:
            return
        try:
            self.document.set_fields(ids, text, merge_key=merge_key, **fields)
        except ValidationError as error:
            problem = error.errors()[0]
            self.status_message.emit(self.tr("That value was not accepted: {reason}.").format(reason=problem["msg"].lower()))
            self.refresh()
        except EditRefused as refusal:
            self.status_message.emit(str(refusal))
            self.refresh()

    def _text_field(
        self, field: str, text: str, *, name: str = "", required: bool = False, multiline: bool = False
    ):
        """A text box that sets `field` of the shown element as the user types."""
        widget = TextBox() if multiline else LineBox()
        widget.setObjectName(name or f"field_{field}")
        widget.setAccessibleName(text)
        if multiline:
            widget.setTabChangesFocus(True)
            widget.setFixedHeight(72)

        def changed(*_args) -> None:
            value = widget.toPlainText() if multiline else widget.text()
            if not required and not value.strip():
                value = None
            self._commit(self._target_ids(), self.tr("Edit {field}").format(field=text.lower()), merge_key=f"{field}:{self._target_ids()}", **{field: value})

        (widget.textChanged if multiline else widget.textEdited).connect(changed)
        return widget

    def _target_ids(self):
        if self.touchpoint_ids:
            return self.touchpoint_ids
        return self.handoff_id or self.department_id  # None: the chain itself

    @staticmethod
    def _buddy_label(text: str, buddy: QWidget) -> QLabel:
        """A row label for a row that holds several widgets: QFormLayout gives a label a
        buddy only for a single widget, and without one its "&" shows instead of working."""
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    @staticmethod
    def _set_text(widget, value: str | None) -> None:
        value = value or ""
        current = widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
        if current != value:  # leaves the cursor alone while the user types
            with QSignalBlocker(widget):
                if isinstance(widget, QPlainTextEdit):
                    widget.setPlainText(value)
                else:
                    widget.setText(value)
                    if not widget.hasFocus():
                        widget.setCursorPosition(0)  # show the start of a long text

    def _combo(self, name: str, accessible: str, items: list[tuple[str, object]], on_choose) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setAccessibleName(accessible)
        for text, data in items:
            combo.addItem(text, data)
        combo.activated.connect(lambda index: self._refreshing or on_choose(combo.itemData(index)))
        return combo

    @staticmethod
    def _select(combo: QComboBox, data, mixed: bool = False) -> None:
        with QSignalBlocker(combo):
            index = combo.findData(MIXED)
            if mixed:
                if index < 0:
                    combo.insertItem(0, QCoreApplication.translate("Inspector", MIXED), MIXED)
                combo.setCurrentIndex(0)
                return
            if index >= 0:
                combo.removeItem(index)
            combo.setCurrentIndex(max(0, combo.findData(data)))

    # -- the chain ----------------------------------------------------------------------

    def _chain_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.chain_title = self._text_field("title", self.tr("Title"), name="chain_title", required=True)
        self.chain_organisation = self._text_field("organisation", self.tr("Organisation"), name="chain_organisation")
        self.chain_vision = self._text_field("vision", self.tr("Service vision"), name="chain_vision", multiline=True)
        self.chain_description = self._text_field("description", self.tr("Description"), name="chain_description", multiline=True)
        form.addRow(self.tr("&Title:"), self.chain_title)
        form.addRow(self.tr("&Organisation:"), self.chain_organisation)
        form.addRow(self.tr("&Vision:"), self.chain_vision)
        form.addRow(self.tr("&Description:"), self.chain_description)
        return page

    def _show_chain(self) -> None:
        chain = self.document.chain
        self.heading.setText(self.tr("Chain: {title}").format(title=named(chain.title)) if chain.title.strip() else self.tr("Chain"))
        self._set_text(self.chain_title, chain.title)
        self._set_text(self.chain_organisation, chain.organisation)
        self._set_text(self.chain_vision, chain.vision)
        self._set_text(self.chain_description, chain.description)
        self.pages.setCurrentIndex(0)

    # -- one touchpoint -------------------------------------------------------------------

    def _touchpoint_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.label = self._text_field("label", self.tr("Label"), required=True)
        self.department = self._combo("field_department", self.tr("Department"), [], self._choose_department)
        self.kind = self._combo(
            "field_kind", self.tr("Kind"), [(_words(k), k) for k in TOUCHPOINT_KINDS],
            lambda kind: self._commit(self.touchpoint_ids, self.tr("Set kind"), kind=kind),
        )
        self.owner = self._combo("field_owner", self.tr("Owner"), [], self._choose_owner)
        self.channel = self._combo(
            "field_channel", self.tr("Channel"), [(NONE, None)] + [(_words(c), c) for c in CHANNELS],
            lambda channel: self._commit(self.touchpoint_ids, self.tr("Set channel"), channel=channel),
        )
        self.serves = self._combo(
            "field_serves", self.tr("Serves"), [(self.tr("External customer"), "external"), (self.tr("Internal customer"), "internal")],
            lambda serves: self._commit(self.touchpoint_ids, self.tr("Set whom it serves"), serves=serves),
        )
        self.procedure_title = LineBox()
        self.procedure_link = LineBox()
        self.procedure_summary = TextBox()
        self._setup_procedure_fields()
        self.open_link = QPushButton(self.tr("Open"))
        self.open_link.setObjectName("openProcedureLink")
        self.open_link.setToolTip(self.tr("Open the procedure in the browser (http, https, mailto and relative paths only)"))
        self.open_link.clicked.connect(self._open_link)
        link_row = QHBoxLayout()
        link_row.addWidget(self.procedure_link)
        link_row.addWidget(self.open_link)
        self.expectation = self._text_field("expectation", self.tr("Expectation"))
        self.expectation.setPlaceholderText(self.tr("What the customer expects here"))
        self.objective = self._text_field("objective", self.tr("Objective"))
        self.objective.setPlaceholderText(self.tr("e.g. Confirm orders within 1 hour"))
        self.notes = self._text_field("notes", self.tr("Notes"), multiline=True)
        self.review = self._combo(
            "field_review", self.tr("Review status"), [(_words(s), s) for s in REVIEW_STATUSES], self._choose_review
        )
        self.signoffs = QListWidget()
        self.signoffs.setObjectName("signoffList")
        self.signoffs.setAccessibleName(self.tr("Sign-offs"))
        self.signoffs.setFixedHeight(70)
        sign = QPushButton(self.tr("Sign Off…"))
        sign.setObjectName("signOffButton")
        sign.clicked.connect(lambda: self.touchpoint_ids and self.signoff_requested.emit(self.touchpoint_ids[0]))

        form.addRow(self.tr("&Label:"), self.label)
        form.addRow(self.tr("&Department:"), self.department)
        form.addRow(self.tr("&Kind:"), self.kind)
        form.addRow(self.tr("O&wner:"), self.owner)
        form.addRow(self.tr("C&hannel:"), self.channel)
        form.addRow(self.tr("&Serves:"), self.serves)
        form.addRow(self.tr("&Procedure:"), self.procedure_title)
        form.addRow(self._buddy_label(self.tr("Lo&cation:"), self.procedure_link), link_row)
        form.addRow(self.tr("Su&mmary:"), self.procedure_summary)
        form.addRow(self.tr("&Expectation:"), self.expectation)
        form.addRow(self.tr("O&bjective:"), self.objective)
        self.measure_editor = MeasureEditor(self.document)
        self.measure_editor.status_message.connect(self.status_message)
        form.addRow(self.measure_editor)
        form.addRow(self.tr("&Notes:"), self.notes)
        form.addRow(self.tr("&Review:"), self.review)
        form.addRow(self.tr("Sign-offs:"), self.signoffs)
        form.addRow("", sign)
        self.blueprint = BlueprintFields(self.document, self._commit, self)
        self.blueprint.add_rows(form)
        return page

    def _setup_procedure_fields(self) -> None:
        for widget, name, accessible in (
            (self.procedure_title, "procedure_title", self.tr("Procedure title")),
            (self.procedure_link, "procedure_link", self.tr("Procedure link")),
            (self.procedure_summary, "procedure_summary", self.tr("Procedure summary")),
        ):
            widget.setObjectName(f"field_{name}")
            widget.setAccessibleName(accessible)
        self.procedure_title.setPlaceholderText(self.tr("The SOP, checklist or script followed here"))
        self.procedure_link.setPlaceholderText(self.tr("https://… or a path relative to the chain file"))
        self.procedure_summary.setTabChangesFocus(True)
        self.procedure_summary.setFixedHeight(56)
        self.procedure_title.textEdited.connect(lambda _text: self._commit_procedure("title"))
        self.procedure_link.textEdited.connect(lambda _text: self._commit_procedure("link"))
        self.procedure_summary.textChanged.connect(lambda: self._commit_procedure("summary"))

    def _commit_procedure(self, part: str) -> None:
        if self._refreshing or not self.touchpoint_ids:
            return
        title = self.procedure_title.text()
        link = self.procedure_link.text().strip() or None
        summary = self.procedure_summary.toPlainText().strip() or None
        procedure = Procedure(title=title, link=link, summary=summary) if title.strip() or link or summary else None
        self._commit(self.touchpoint_ids, self.tr(_PROCEDURE_UNDO_TEXTS[part]), merge_key=f"procedure.{part}:{self.touchpoint_ids}", procedure=procedure)
        self.open_link.setEnabled(bool(link) and is_safe_link(link))

    def _open_link(self) -> None:
        link = self.procedure_link.text().strip()
        if not is_safe_link(link):
            self.status_message.emit(self.tr("Only http, https and mailto links and relative paths are opened."))
            return
        url = QUrl(link)
        if url.isRelative() and self.document.path is not None:
            url = QUrl.fromLocalFile(str(Path(self.document.path).parent / link))
        QDesktopServices.openUrl(url)

    def _lists_changed(self, *_args) -> None:
        self._lists_version += 1

    def _needs_filling(self, combo: QComboBox) -> bool:
        if self._filled.get(id(combo)) == self._lists_version:
            return False
        self._filled[id(combo)] = self._lists_version
        return True

    def _fill_departments(self, combo: QComboBox, with_none: bool = False) -> None:
        if not self._needs_filling(combo):
            return
        with QSignalBlocker(combo):
            combo.clear()
            if with_none:
                combo.addItem(NONE, None)
            for department in self.document.chain.departments:
                combo.addItem(department.name, department.id)

    def _fill_people(self, combo: QComboBox, with_new: bool = True) -> None:
        if not self._needs_filling(combo):
            return
        with QSignalBlocker(combo):
            combo.clear()
            combo.addItem(NONE, None)
            for person in self.document.chain.people:
                combo.addItem(
                    self.tr("{person} ({job})").format(person=person.name, job=person.role) if person.role else person.name,
                    person.id,
                )
            if with_new:
                combo.addItem(self.tr(NEW_PERSON), NEW_PERSON)

    def _choose_department(self, department) -> None:
        if department not in (None, MIXED):
            self._commit(self.touchpoint_ids, self.tr("Set department"), department=department)

    def _choose_owner(self, owner) -> None:
        if owner == NEW_PERSON:
            self._assign_new_person()
        elif owner != MIXED:
            self._commit(self.touchpoint_ids, self.tr("Set owner"), owner=owner)

    def _assign_new_person(self) -> None:
        """Open the roster with a new person added; OK makes the person chosen there the
        owner of the selected touchpoints (one step), Cancel changes nothing."""
        ids = list(self.touchpoint_ids)
        dialog = PeopleDialog(self.document, self, choosing=True)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        person = dialog.current_person_id()
        dialog.deleteLater()
        ids = [id for id in ids if self.document.has(id)]  # the roster's Undo may have removed some
        if accepted and person is not None and ids:
            self._commit(ids, self.tr("Set owner"), owner=person)
        self.refresh()  # the combo shows the owner again, not "New person…"

    def _choose_review(self, status) -> None:
        if status == MIXED:
            return
        ids = self.touchpoint_ids
        reviews = {id: self.document.touchpoint(id).review for id in ids}
        # Each touchpoint keeps its own sign-offs; one step for the whole selection.
        with self.document.one_step(self.tr("Set review status")):
            for id, review in reviews.items():
                self._commit(id, self.tr("Set review status"), review=review.model_copy(update={"status": status}))

    def _show_touchpoint(self, touchpoint) -> None:
        kind = _words(touchpoint.kind)
        label = touchpoint.label.strip()
        self.heading.setText(self.tr("{kind}: {label}").format(kind=kind, label=named(label)) if label else self.tr("{kind} without a label").format(kind=kind))
        self._set_text(self.label, touchpoint.label)
        self._fill_departments(self.department)
        self._select(self.department, touchpoint.department)
        self._select(self.kind, touchpoint.kind)
        self._fill_people(self.owner)
        self._select(self.owner, touchpoint.owner)
        self._select(self.channel, touchpoint.channel)
        self._select(self.serves, touchpoint.serves)
        procedure = touchpoint.procedure
        self._set_text(self.procedure_title, procedure.title if procedure else "")
        self._set_text(self.procedure_link, procedure.link if procedure else "")
        self._set_text(self.procedure_summary, procedure.summary if procedure else "")
        link = procedure.link if procedure else None
        self.open_link.setEnabled(bool(link) and is_safe_link(link))
        self._set_text(self.expectation, touchpoint.expectation)
        self._set_text(self.objective, touchpoint.objective)
        self.measure_editor.show_touchpoint(touchpoint)
        self._set_text(self.notes, touchpoint.notes)
        self._select(self.review, touchpoint.review.status)
        self.signoffs.clear()
        for signoff in touchpoint.review.signoffs:
            role = self.tr("management") if signoff.role == "management" else self.tr("service provider")
            text = self.tr("{date}  {name} ({role})").format(date=signoff.date, name=signoff.name, role=role)
            if signoff.note:
                text = self.tr("{signoff} — {note}").format(signoff=text, note=signoff.note)
            self.signoffs.addItem(text)
        self.blueprint.show_touchpoint(touchpoint)
        self.pages.setCurrentIndex(1)

    # -- several touchpoints ---------------------------------------------------------------

    def _multi_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.multi_department = self._combo("multi_department", self.tr("Department"), [], self._choose_department)
        self.multi_owner = self._combo("multi_owner", self.tr("Owner"), [], self._choose_owner)
        self.multi_channel = self._combo(
            "multi_channel", self.tr("Channel"), [(NONE, None)] + [(_words(c), c) for c in CHANNELS],
            lambda channel: channel != MIXED and self._commit(self.touchpoint_ids, self.tr("Set channel"), channel=channel),
        )
        self.multi_serves = self._combo(
            "multi_serves", self.tr("Serves"), [(self.tr("External customer"), "external"), (self.tr("Internal customer"), "internal")],
            lambda serves: serves != MIXED and self._commit(self.touchpoint_ids, self.tr("Set whom they serve"), serves=serves),
        )
        self.multi_review = self._combo(
            "multi_review", self.tr("Review status"), [(_words(s), s) for s in REVIEW_STATUSES], self._choose_review
        )
        hint = QLabel(self.tr("Changes apply to every selected touchpoint, in one step."))
        hint.setWordWrap(True)
        form.addRow(hint)
        form.addRow(self.tr("&Department:"), self.multi_department)
        form.addRow(self.tr("O&wner:"), self.multi_owner)
        form.addRow(self.tr("C&hannel:"), self.multi_channel)
        form.addRow(self.tr("&Serves:"), self.multi_serves)
        form.addRow(self.tr("&Review:"), self.multi_review)
        return page

    def _show_several(self) -> None:
        touchpoints = [self.document.touchpoint(id) for id in self.touchpoint_ids]
        self.heading.setText(self.tr("{count} touchpoints").format(count=len(touchpoints)))
        self._fill_departments(self.multi_department)
        self._fill_people(self.multi_owner)
        for combo, values in (
            (self.multi_department, [t.department for t in touchpoints]),
            (self.multi_owner, [t.owner for t in touchpoints]),
            (self.multi_channel, [t.channel for t in touchpoints]),
            (self.multi_serves, [t.serves for t in touchpoints]),
            (self.multi_review, [t.review.status for t in touchpoints]),
        ):
            shared = set(values)
            self._select(combo, values[0], mixed=len(shared) > 1)
        self.pages.setCurrentIndex(2)

    # -- a handoff ------------------------------------------------------------------------

    def _handoff_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.handoff_route = QLabel()
        self.handoff_route.setTextFormat(Qt.TextFormat.PlainText)  # the labels are the user's text
        self.handoff_route.setWordWrap(True)
        self.handoff_label = self._text_field("label", self.tr("Label"), name="handoff_label")
        self.handoff_label.setPlaceholderText(self.tr("e.g. Yes / No on a decision's branches"))
        self.handoff_passes = self._text_field("passes", self.tr("Passes"), name="handoff_passes")
        self.handoff_passes.setPlaceholderText(self.tr("What is handed over, e.g. signed order form"))
        self.handoff_expectation = self._text_field("expectation", self.tr("Expectation"), name="handoff_expectation")
        self.handoff_expectation.setPlaceholderText(self.tr("When or how well, e.g. same working day"))
        form.addRow(self.handoff_route)
        form.addRow(self.tr("&Label:"), self.handoff_label)
        form.addRow(self.tr("&Passes:"), self.handoff_passes)
        form.addRow(self.tr("&Expectation:"), self.handoff_expectation)
        self.handoff_wait = WaitingField(self.document, self._commit)
        form.addRow(self.tr("&Waiting:"), self.handoff_wait)
        return page

    def _show_handoff(self, handoff) -> None:
        document = self.document
        name = (handoff.label or "").strip() or (handoff.passes or "").strip()  # "Yes", or what it passes on
        self.heading.setText(self.tr("Handoff: {name}").format(name=named(name)) if name else self.tr("Handoff"))
        source, target = document.touchpoint(handoff.source), document.touchpoint(handoff.target)
        self.handoff_route.setText(self.tr("From “{source}” to “{target}”").format(source=named(source.label), target=named(target.label)))
        self._set_text(self.handoff_label, handoff.label)
        self._set_text(self.handoff_passes, handoff.passes)
        self._set_text(self.handoff_expectation, handoff.expectation)
        self.handoff_wait.show_handoff(handoff)
        self.pages.setCurrentIndex(3)

    # -- a department ---------------------------------------------------------------------

    def _department_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.department_name = self._text_field("name", self.tr("Name"), name="department_name", required=True)
        self.department_role = self._combo(
            "field_role", self.tr("Role"), [(role_name(r).capitalize(), r) for r in DEPARTMENT_ROLES],
            lambda role: self._commit(self.department_id, self.tr("Set role"), role=role),
        )
        self.department_lead = self._combo(
            "field_lead", self.tr("Lead"), [], lambda lead: self._commit(self.department_id, self.tr("Set lead"), lead=lead)
        )
        self.colour_button = QPushButton()
        self.colour_button.setObjectName("colourButton")
        self.colour_button.setAccessibleName(self.tr("Lane colour"))
        self.colour_button.clicked.connect(self._choose_colour)
        default = QPushButton(self.tr("Default"))
        default.setObjectName("defaultColourButton")
        default.clicked.connect(lambda: self._commit(self.department_id, self.tr("Set colour"), color=None))
        colour_row = QHBoxLayout()
        colour_row.addWidget(self.colour_button)
        colour_row.addWidget(default)
        form.addRow(self.tr("&Name:"), self.department_name)
        form.addRow(self.tr("&Role:"), self.department_role)
        form.addRow(self.tr("&Lead:"), self.department_lead)
        form.addRow(self._buddy_label(self.tr("&Colour:"), self.colour_button), colour_row)
        return page

    def _choose_colour(self) -> None:
        department = self.document.department(self.department_id)
        colour = QColorDialog.getColor(QColor(department.color or "#ffffff"), self, self.tr("Lane Colour"))
        if colour.isValid():
            self._commit(self.department_id, self.tr("Set colour"), color=colour.name())

    def _show_department(self, department) -> None:
        self.heading.setText(self.tr("Department: {name}").format(name=named(department.name)))
        self._set_text(self.department_name, department.name)
        self._select(self.department_role, department.role)
        self._fill_people(self.department_lead, with_new=False)
        self._select(self.department_lead, department.lead)
        self.colour_button.setText(department.color or self.tr("Role default"))
        self.colour_button.setStyleSheet(
            f"background-color: {department.color};" if department.color else ""
        )
        self.pages.setCurrentIndex(4)
