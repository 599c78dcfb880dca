"""The New from Template dialog: pick one of the starting chains shipped with the program."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.chain import Chain
from models.chain_file import ChainFileError, load_chain
from models.text import shortened
from resources.templates import template_paths

PATH_ROLE = Qt.ItemDataRole.UserRole
SUMMARY_LENGTH = 84


def one_line(description: str | None) -> str:
    """The first sentence of a description, without a "Template:" prefix, on one line."""
    text = " ".join((description or "").split())
    text = re.sub(r"^template:\s*", "", text, flags=re.IGNORECASE)
    sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    if sentence:
        sentence = sentence[0].upper() + sentence[1:]
    return shortened(sentence, SUMMARY_LENGTH)


def preview_text(chain: Chain) -> str:
    """A short text of what a template holds: its departments and how many touchpoints."""
    departments = ", ".join(department.name for department in chain.departments)
    count = len(chain.touchpoints)
    handoffs = len(chain.handoffs)
    tr = QCoreApplication.translate
    touchpoints = tr("TemplateDialog", "1 touchpoint") if count == 1 else tr("TemplateDialog", "{count} touchpoints")
    links = tr("TemplateDialog", "1 handoff") if handoffs == 1 else tr("TemplateDialog", "{count} handoffs")
    return tr("TemplateDialog", "{title}\nDepartments: {departments}\n{touchpoints}, {handoffs}").format(
        title=chain.title,
        departments=departments,
        touchpoints=touchpoints.format(count=count),
        handoffs=links.format(count=handoffs),
    )


class TemplateDialog(QDialog):
    """A list of the templates with a preview; Create (or a double-click) accepts."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("templateDialog")
        self.setWindowTitle(self.tr("New from Template"))
        self.setAccessibleName(self.tr("New chain from a template"))

        intro = QLabel(
            self.tr(
                "Start from a skeleton of a common service. Departments, touchpoints and handoffs "
                "are laid out; you add the owners and procedures."
            )
        )
        intro.setWordWrap(True)

        self.list = QListWidget()
        self.list.setObjectName("templateList")
        self.list.setAccessibleName(self.tr("Templates"))
        self.list.setAccessibleDescription(self.tr("Choose the template to start the new chain from"))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setWordWrap(False)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setSpacing(2)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setAlternatingRowColors(True)
        intro.setBuddy(self.list)

        self.preview = QLabel()
        self.preview.setObjectName("templatePreview")
        self.preview.setAccessibleName(self.tr("Template preview"))
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview.setMinimumHeight(64)

        self._previews: dict[str, str] = {}
        for path in template_paths():
            self._add_template(path)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.create_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.create_button.setText(self.tr("Create"))
        self.create_button.setObjectName("createFromTemplateButton")
        self.create_button.setAccessibleName(self.tr("Create a chain from the chosen template"))
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        self.list.currentItemChanged.connect(lambda *_: self._show_current())
        self.list.itemDoubleClicked.connect(self._accept_item)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.preview)
        layout.addWidget(buttons)
        self.resize(660, 460)

        first = next(
            (self.list.item(row) for row in range(self.list.count())
             if self.list.item(row).flags() & Qt.ItemFlag.ItemIsEnabled),
            None,
        )
        if first is not None:
            self.list.setCurrentItem(first)
        self._show_current()

    def _add_template(self, path: Path) -> None:
        item = QListWidgetItem()
        item.setData(PATH_ROLE, str(path))
        try:
            chain = load_chain(path)
        except ChainFileError as error:
            # A broken template file is shown, not hidden, so that it gets noticed.
            item.setText(self.tr("{name}\nThis template could not be read.").format(name=path.stem))
            item.setToolTip(str(error))
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.list.addItem(item)
            return
        summary = one_line(chain.description)
        item.setText(f"{chain.title}\n{summary}" if summary else chain.title)
        item.setToolTip(chain.description or chain.title)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, chain.title)
        item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, summary)
        self._previews[str(path)] = preview_text(chain)
        self.list.addItem(item)

    def chosen_path(self) -> Path | None:
        """The file of the selected template, or None when none is selected."""
        item = self.list.currentItem()
        if item is None or not item.flags() & Qt.ItemFlag.ItemIsEnabled:
            return None
        return Path(item.data(PATH_ROLE))

    def _show_current(self) -> None:
        path = self.chosen_path()
        self.preview.setText(self._previews.get(str(path), "") if path else "")
        self.create_button.setEnabled(path is not None)

    def _accept_item(self, item: QListWidgetItem) -> None:
        if item.flags() & Qt.ItemFlag.ItemIsEnabled:
            self.list.setCurrentItem(item)
            self.accept()
