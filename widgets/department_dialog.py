"""The dialog that asks for a new department's name and role."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout

from models.chain import DEPARTMENT_ROLES
from widgets.canvas.style import role_name
from widgets.text_box import LineBox


class DepartmentDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("departmentDialog")
        self.setWindowTitle(self.tr("Add Department"))
        self.name_edit = LineBox()  # a name of any length stays whole
        self.name_edit.setObjectName("departmentName")
        self.name_edit.setPlaceholderText(self.tr("e.g. Customer Service"))
        self.role_combo = QComboBox()
        self.role_combo.setObjectName("departmentRole")
        for role in DEPARTMENT_ROLES:
            self.role_combo.addItem(role_name(role).capitalize(), role)
        self.role_combo.setCurrentIndex(DEPARTMENT_ROLES.index("frontline"))
        self.role_combo.setToolTip(self.tr(
            "Customer: the customer's own actions. Front line: meets the customer. "
            "Back office and support: behind the line of visibility."
        ))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setEnabled(False)
        self.name_edit.textChanged.connect(lambda text: self.ok_button.setEnabled(bool(text.strip())))
        layout = QFormLayout(self)
        layout.addRow(self.tr("&Name:"), self.name_edit)
        layout.addRow(self.tr("&Role:"), self.role_combo)
        layout.addRow(buttons)

    def name(self) -> str:
        return self.name_edit.text().strip()

    def role(self) -> str:
        return self.role_combo.currentData()
