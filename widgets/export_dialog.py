"""File > Export…: the format, what to export, and the options of that format.

The choices are remembered between uses (QSettings "export/..."). The dialog only
gathers choices; the main window asks where to write and runs the export.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSettings
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QRadioButton,
    QVBoxLayout,
)

#: (format, menu text, file suffix, file dialog filter); the texts are marked for translation
#: here and translated (context "ExportDialog") where they are shown.
FORMATS = (
    ("svg", QT_TRANSLATE_NOOP("ExportDialog", "SVG picture (PowerPoint, Keynote, web pages)"), ".svg",
     QT_TRANSLATE_NOOP("ExportDialog", "SVG pictures (*.svg)")),
    ("png", QT_TRANSLATE_NOOP("ExportDialog", "PNG image (Google Slides, chat)"), ".png",
     QT_TRANSLATE_NOOP("ExportDialog", "PNG images (*.png)")),
    ("pdf", QT_TRANSLATE_NOOP("ExportDialog", "PDF (print, one page or tiled)"), ".pdf",
     QT_TRANSLATE_NOOP("ExportDialog", "PDF documents (*.pdf)")),
    ("handout", QT_TRANSLATE_NOOP("ExportDialog", "Training handout (PDF)"), ".pdf",
     QT_TRANSLATE_NOOP("ExportDialog", "PDF documents (*.pdf)")),
    ("dot", QT_TRANSLATE_NOOP("ExportDialog", "Graphviz DOT"), ".dot",
     QT_TRANSLATE_NOOP("ExportDialog", "Graphviz files (*.dot *.gv)")),
    ("graphml", QT_TRANSLATE_NOOP("ExportDialog", "GraphML (yEd)"), ".graphml",
     QT_TRANSLATE_NOOP("ExportDialog", "GraphML files (*.graphml)")),
    ("mermaid", QT_TRANSLATE_NOOP("ExportDialog", "Mermaid flowchart (Markdown wikis)"), ".mmd",
     QT_TRANSLATE_NOOP("ExportDialog", "Mermaid files (*.mmd *.md)")),
    ("csv", QT_TRANSLATE_NOOP("ExportDialog", "CSV inventory (the import's columns)"), ".csv",
     QT_TRANSLATE_NOOP("ExportDialog", "CSV files (*.csv)")),
)
DRAWN = ("svg", "png", "pdf", "handout")
#: The check boxes remembered between uses: attribute (and settings key) -> default.
REMEMBERED_BOXES = {
    "title": True, "badges": False, "links": False, "transparent": False,
    "landscape": True, "tiles": False, "findings": False,
}


class ExportDialog(QDialog):
    def __init__(self, departments: list[tuple[str, str]], selection_size: int, parent=None):
        """`departments` are (id, name) pairs; `selection_size` touchpoints are selected."""
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle(self.tr("Export"))
        self.format = QComboBox()
        self.format.setObjectName("exportFormat")
        self.format.setAccessibleName(self.tr("Format"))
        for name, text, _suffix, _filter in FORMATS:
            self.format.addItem(self.tr(text), name)

        self.whole = QRadioButton(self.tr("The whole chain"))
        self.selection = QRadioButton(
            self.tr("The selection ({count} touchpoints)").format(count=selection_size)
        )
        self.selection.setEnabled(selection_size > 0)
        self.one_department = QRadioButton(self.tr("One department:"))
        self.department = QComboBox()
        self.department.setObjectName("exportDepartment")
        self.department.setAccessibleName(self.tr("Department to export"))
        for id, name in departments:
            self.department.addItem(name, id)
        self.scope = QButtonGroup(self)
        for button in (self.whole, self.selection, self.one_department):
            self.scope.addButton(button)
        self.whole.setChecked(True)

        self.title = QCheckBox(self.tr("Chain title above the diagram"))
        self.badges = QCheckBox(self.tr("Finding badges"))
        self.links = QCheckBox(self.tr("Procedure links (safe ones only)"))
        self.scale = QComboBox()
        for factor in (1, 2, 3):
            self.scale.addItem(self.tr("{factor}×").format(factor=factor), float(factor))
        self.transparent = QCheckBox(self.tr("Transparent background"))
        self.page = QComboBox()
        for text, value in ((self.tr("A4"), "a4"), (self.tr("Letter"), "letter"), (self.tr("16:9 slide"), "slide")):
            self.page.addItem(text, value)
        self.landscape = QCheckBox(self.tr("Landscape"))
        self.tiles = QCheckBox(self.tr("Tile over several pages when one page is too small to read"))
        self.findings = QCheckBox(self.tr("Include the open findings"))
        for widget, name in (
            (self.title, "exportTitle"), (self.badges, "exportBadges"), (self.links, "exportLinks"),
            (self.scale, "exportScale"), (self.transparent, "exportTransparent"), (self.page, "exportPage"),
            (self.landscape, "exportLandscape"), (self.tiles, "exportTiles"), (self.findings, "exportFindings"),
        ):
            widget.setObjectName(name)

        scope_box = QGroupBox(self.tr("Export"))
        scope_layout = QFormLayout(scope_box)
        scope_layout.addRow(self.whole)
        scope_layout.addRow(self.selection)
        scope_layout.addRow(self.one_department, self.department)
        self.options_box = QGroupBox(self.tr("Options"))
        options = QFormLayout(self.options_box)
        options.addRow(self.title)
        options.addRow(self.badges)
        options.addRow(self.links)
        options.addRow(self.tr("PNG &scale:"), self.scale)
        options.addRow(self.transparent)
        options.addRow(self.tr("&Page:"), self.page)
        options.addRow(self.landscape)
        options.addRow(self.tiles)
        options.addRow(self.findings)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Export…"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.addRow(self.tr("&Format:"), self.format)
        layout.addLayout(form)
        layout.addWidget(scope_box)
        layout.addWidget(self.options_box)
        layout.addWidget(buttons)

        self.format.currentIndexChanged.connect(self._show_relevant_options)
        self.department.activated.connect(lambda _index: self.one_department.setChecked(True))
        self._restore()
        self._show_relevant_options()

    def chosen_format(self) -> str:
        return self.format.currentData()

    def suffix_and_filter(self) -> tuple[str, str]:
        for name, _text, suffix, file_filter in FORMATS:
            if name == self.chosen_format():
                return suffix, self.tr(file_filter)
        raise AssertionError("every format is in FORMATS")

    def choices(self) -> dict:
        """The options as keyword arguments of app.export.ExportOptions."""
        scope = "selection" if self.selection.isChecked() else "department" if self.one_department.isChecked() else "chain"
        return dict(
            scope=scope,
            department_id=self.department.currentData() if scope == "department" else None,
            title=self.title.isChecked(),
            badges=self.badges.isChecked(),
            links=self.links.isChecked(),
            scale=self.scale.currentData(),
            transparent=self.transparent.isChecked(),
            page=self.page.currentData(),
            landscape=self.landscape.isChecked(),
            fit=not self.tiles.isChecked(),
            findings=self.findings.isChecked(),
        )

    def _show_relevant_options(self) -> None:
        fmt = self.chosen_format()
        for widget, formats in (
            (self.title, ("svg", "png", "pdf")),
            (self.badges, ("svg", "png", "pdf")),
            (self.links, ("svg",)),
            (self.scale, ("png",)),
            (self.transparent, ("png",)),
            (self.page, ("pdf", "handout")),
            (self.landscape, ("pdf", "handout")),
            (self.tiles, ("pdf",)),
            (self.findings, ("handout",)),
        ):
            self._show_row(widget, fmt in formats)
        self.options_box.setVisible(fmt in DRAWN)
        self.adjustSize()

    def _show_row(self, widget, visible: bool) -> None:
        widget.setVisible(visible)
        label = self.options_box.layout().labelForField(widget)
        if label is not None:
            label.setVisible(visible)

    # -- remembered between uses ----------------------------------------------------------

    def _restore(self) -> None:
        store = QSettings()
        index = self.format.findData(store.value("export/format", "svg"))
        self.format.setCurrentIndex(max(0, index))
        for key, default in REMEMBERED_BOXES.items():
            getattr(self, key).setChecked(store.value(f"export/{key}", default, type=bool))
        self.scale.setCurrentIndex(max(0, self.scale.findData(store.value("export/scale", 2.0, type=float))))
        self.page.setCurrentIndex(max(0, self.page.findData(store.value("export/page", "a4"))))

    def accept(self) -> None:
        store = QSettings()
        store.setValue("export/format", self.chosen_format())
        for key in REMEMBERED_BOXES:
            store.setValue(f"export/{key}", getattr(self, key).isChecked())
        store.setValue("export/scale", self.scale.currentData())
        store.setValue("export/page", self.page.currentData())
        super().accept()
