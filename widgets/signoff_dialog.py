"""The dialog that records a sign-off on a touchpoint and moves its review on a step.

A touchpoint's review goes identified -> examined -> critiqued -> approved; each step is
signed by someone in the role of management or of a service provider, and approval needs
both roles (the lint rule approval-needs-both-roles), which the dialog points out.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QSettings
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)
from pydantic import ValidationError

from app.document import Document, EditRefused
from models.chain import REVIEW_STATUSES, SIGNOFF_ROLES, SignOff, Touchpoint
from widgets.canvas.style import REVIEW_COLOURS, review_status_name
from widgets.text_box import LineBox

ROLE_TEXTS = {"management": QT_TRANSLATE_NOOP("SignOffDialog", "Management"), "service_provider": QT_TRANSLATE_NOOP("SignOffDialog", "Service provider")}
#: How the hint names a role that has not signed yet.
MISSING_ROLE_TEXTS = {"management": QT_TRANSLATE_NOOP("SignOffDialog", "management"), "service_provider": QT_TRANSLATE_NOOP("SignOffDialog", "a service provider")}
DATE_FORMAT = "yyyy-MM-dd"  # the file's date format
#: QSettings keys: the signer is usually the same person, in the same role, every time.
WARNING_COLOUR = "#f9a825"  # the amber of warnings on the canvas
NAME_SETTING = "signoff/name"
ROLE_SETTING = "signoff/role"


def next_status(status: str) -> str | None:
    """The review status after `status`; None once approved."""
    index = REVIEW_STATUSES.index(status)
    return REVIEW_STATUSES[index + 1] if index + 1 < len(REVIEW_STATUSES) else None


def missing_roles(touchpoint: Touchpoint, also_signing: str | None = None) -> list[str]:
    """The sign-off roles not yet on `touchpoint`, counting a sign-off in `also_signing`."""
    signed = {signoff.role for signoff in touchpoint.review.signoffs} | {also_signing}
    return [role for role in SIGNOFF_ROLES if role not in signed]


class SignOffDialog(QDialog):
    """Shows a touchpoint's review and sign-offs, and adds one sign-off on OK."""

    def __init__(self, document: Document, touchpoint_id: str, parent=None, session: str | None = None):
        super().__init__(parent)
        self.document = document
        self.touchpoint_id = touchpoint_id
        self.session = session  # the review session in progress: the sign-off belongs to it
        self.setObjectName("signOffDialog")
        self.setWindowTitle(self.tr("Sign Off Touchpoint"))
        self.setMinimumWidth(520)
        touchpoint = document.touchpoint(touchpoint_id)
        layout = QVBoxLayout(self)
        layout.addWidget(self._title_label(touchpoint))
        layout.addWidget(self._status_label(touchpoint))
        layout.addWidget(self._signoffs_view(touchpoint))
        layout.addWidget(self._new_signoff_box(touchpoint))
        self.hint_label = QLabel()
        self.hint_label.setObjectName("signOffHint")
        self.hint_label.setWordWrap(True)
        layout.addWidget(self.hint_label)
        self.error_label = QLabel()
        self.error_label.setObjectName("signOffError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout.addWidget(self.error_label)
        layout.addWidget(self._buttons())
        self.update_hint()
        self._update_ok()
        self.name_edit.setFocus()  # the one field that is always typed

    # -- building ------------------------------------------------------------------------

    def _title_label(self, touchpoint: Touchpoint) -> QLabel:
        label = QLabel(touchpoint.label or touchpoint.id)
        label.setObjectName("signOffTouchpoint")
        label.setWordWrap(True)
        font = label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        label.setFont(font)
        return label

    def _status_label(self, touchpoint: Touchpoint) -> QLabel:
        status = touchpoint.review.status
        department = self.document.department(touchpoint.department).name
        # The square repeats the card's status stripe; the word says it without colour.
        label = QLabel(
            self.tr("Department: {department}&nbsp;&nbsp;·&nbsp;&nbsp;Review status: {status}").format(
                department=department,
                status=f"<span style='color:{REVIEW_COLOURS[status]}'>■</span> "
                + review_status_name(status).capitalize(),
            )
        )
        label.setObjectName("signOffStatus")
        label.setAccessibleName(self.tr("Review status: {status}").format(status=review_status_name(status)))
        return label

    def _signoffs_view(self, touchpoint: Touchpoint) -> QGroupBox:
        box = QGroupBox(self.tr("Sign-offs so far"))
        layout = QVBoxLayout(box)
        signoffs = touchpoint.review.signoffs
        if not signoffs:
            layout.addWidget(QLabel(self.tr("No sign-offs yet.")))
            return box
        table = QTableWidget(len(signoffs), 4)
        table.setObjectName("signOffTable")
        table.setAccessibleName(self.tr("Sign-offs so far"))
        table.setHorizontalHeaderLabels((self.tr("Name"), self.tr("Role"), self.tr("Date"), self.tr("Note")))
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setWordWrap(False)  # a long note elides; the tooltip has all of it
        for row, signoff in enumerate(signoffs):
            texts = (signoff.name, self.tr(ROLE_TEXTS[signoff.role]), signoff.date, signoff.note or "")
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                table.setItem(row, column, item)
        header = table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        # Tall enough for every row up to five; more scroll.
        visible_rows = min(len(signoffs), 5)
        table.setFixedHeight(
            header.sizeHint().height() + visible_rows * table.verticalHeader().defaultSectionSize()
            + 2 * table.frameWidth()
        )
        layout.addWidget(table)
        return box

    def _new_signoff_box(self, touchpoint: Touchpoint) -> QGroupBox:
        settings = QSettings()
        box = QGroupBox(self.tr("Add a sign-off"))
        self.name_edit = QLineEdit(str(settings.value(NAME_SETTING, "") or ""))
        self.name_edit.setObjectName("signOffName")
        self.name_edit.setPlaceholderText(self.tr("Who signs, e.g. Ana Ruiz"))
        self.name_edit.textChanged.connect(self._update_ok)
        self.role_combo = QComboBox()
        self.role_combo.setObjectName("signOffRole")
        for role in SIGNOFF_ROLES:
            self.role_combo.addItem(self.tr(ROLE_TEXTS[role]), role)
        remembered_role = self.role_combo.findData(settings.value(ROLE_SETTING, SIGNOFF_ROLES[0]))
        self.role_combo.setCurrentIndex(max(remembered_role, 0))
        self.role_combo.currentIndexChanged.connect(self.update_hint)
        self.date_edit = QDateEdit(QDate.currentDate())
        self.date_edit.setObjectName("signOffDate")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat(DATE_FORMAT)
        self.note_edit = LineBox()  # a note of any length stays whole
        self.note_edit.setObjectName("signOffNote")
        self.note_edit.setPlaceholderText(self.tr("What was agreed, or why (optional)"))
        self.status_combo = self._status_combo(touchpoint.review.status)
        self.status_combo.currentIndexChanged.connect(self.update_hint)

        form = QFormLayout(box)
        form.addRow(self.tr("&Name:"), self.name_edit)
        form.addRow(self.tr("&Role:"), self.role_combo)
        form.addRow(self.tr("&Date:"), self.date_edit)
        form.addRow(self.tr("N&ote:"), self.note_edit)
        form.addRow(self.tr("&Then move the status to:"), self.status_combo)
        for field, name in (
            (self.name_edit, self.tr("Name of who signs")),
            (self.role_combo, self.tr("Role of who signs")),
            (self.date_edit, self.tr("Date of the sign-off")),
            (self.note_edit, self.tr("Note")),
            (self.status_combo, self.tr("Then move the status to")),
        ):
            field.setAccessibleName(name)
        return box

    def _status_combo(self, status: str) -> QComboBox:
        """Keep the status, or move it one step on (the default, unless already approved)."""
        combo = QComboBox()
        combo.setObjectName("signOffNextStatus")
        combo.addItem(self.tr("{status} (keep as it is)").format(status=review_status_name(status).capitalize()), None)
        following = next_status(status)
        if following:
            combo.addItem(
                self.tr("{status} (next step)").format(status=review_status_name(following).capitalize()), following
            )
            combo.setCurrentIndex(1)
        return combo

    def _buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Sign Off"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        return buttons

    # -- state -----------------------------------------------------------------------------

    def touchpoint(self) -> Touchpoint:
        return self.document.touchpoint(self.touchpoint_id)

    def chosen_status(self) -> str | None:
        """The status to move to, or None to keep the current one."""
        return self.status_combo.currentData()

    def signoff(self) -> SignOff:
        return SignOff(
            name=self.name_edit.text().strip(),
            role=self.role_combo.currentData(),
            date=self.date_edit.date().toString(DATE_FORMAT),
            note=self.note_edit.text().strip() or None,
            session=self.session,
        )

    def update_hint(self) -> None:
        """Warn when this sign-off approves the touchpoint without both roles signed."""
        touchpoint = self.touchpoint()
        approving = (self.chosen_status() or touchpoint.review.status) == "approved"
        missing = missing_roles(touchpoint, self.role_combo.currentData())
        if approving and missing:
            still_missing = self.tr(" and ").join(self.tr(MISSING_ROLE_TEXTS[role]) for role in missing)
            self.hint_label.setText(
                f"<span style='color:{WARNING_COLOUR}'>▲</span> "
                + self.tr(
                    "Approval needs a sign-off from management and from a service provider; "
                    "still missing: {missing}."
                ).format(missing=still_missing)
            )
            self.hint_label.show()
        else:
            self.hint_label.clear()
            self.hint_label.hide()

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(bool(self.name_edit.text().strip()))

    # -- accepting -------------------------------------------------------------------------

    def accept(self) -> None:
        """Add the sign-off (one undo step), remember the signer, and close."""
        if not self.name_edit.text().strip():
            return
        try:
            self.document.add_signoff(self.touchpoint_id, self.signoff(), self.chosen_status())
        except (ValidationError, EditRefused, KeyError) as error:
            # Stay open, so what was typed is not lost.
            self.error_label.setText(self.tr("The sign-off could not be recorded: {reason}").format(reason=_one_sentence(error)))
            self.error_label.show()
            return
        settings = QSettings()
        settings.setValue(NAME_SETTING, self.name_edit.text().strip())
        settings.setValue(ROLE_SETTING, self.role_combo.currentData())
        super().accept()


def _one_sentence(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return f"{error.errors()[0]['msg']}."
    if isinstance(error, KeyError):
        return QCoreApplication.translate("SignOffDialog", "the touchpoint is no longer in the chain.")
    return str(error)
