"""File > Export…: the format, what to export, and the options of that format.

The formats, and which options' rows each shows, come from the registry
(app/export/formats.py).

The choices are remembered between uses (QSettings "export/..."). The dialog only
gathers choices; the main window asks where to write and runs the export. For a PDF it
tells, while the user chooses, how the diagram will go on the pages: which way they are
turned, and how large the labels print (and when that is too small to read, that tiles
would help), measured from the chain without exporting it.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
)

from app.export.diagram import Outline, diagram_outline
from app.export.formats import EXPORT_FORMATS, export_format
from app.export.options import ExportError, ExportOptions
from app.export.pdf import MIN_LABEL_POINTS, PdfPlan, plan_pages
from models.chain import Chain

#: The check boxes remembered between uses: attribute (and settings key) -> default.
REMEMBERED_BOXES = {
    "title": True, "badges": False, "links": False, "transparent": False,
    "tiles": False, "findings": False, "comments": False, "scorecard": False, "legend": False, "owner_names": False, "bom": False,
}
#: The page orientations offered: settings value -> ExportOptions.landscape.
ORIENTATIONS = {"auto": None, "portrait": False, "landscape": True}
NOTE_DELAY_MS = 150  # the note is measured once the user pauses between choices


class ExportDialog(QDialog):
    def __init__(self, departments: list[tuple[str, str]], selection_size: int, parent=None,
                 chain: Chain | None = None, touchpoint_ids: tuple = ()):
        """`departments` are (id, name) pairs; `selection_size` touchpoints are selected.

        `chain` and the selected `touchpoint_ids` let the dialog tell how a PDF will print.
        """
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle(self.tr("Export"))
        self.chain = chain
        self.touchpoint_ids = tuple(touchpoint_ids)
        self._outlines: dict[tuple, Outline | None] = {}  # the diagram's outline for each choice that changes it

        self.format = QComboBox()
        self.format.setObjectName("exportFormat")
        self.format.setAccessibleName(self.tr("Format"))
        for fmt in EXPORT_FORMATS:
            self.format.addItem(self.tr(fmt.name), fmt.id)

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
        self.legend = QCheckBox(self.tr("Legend below the diagram (card kinds, review stripes, lines)"))
        self.owner_names = QCheckBox(self.tr("Owner names on the cards"))
        self.badges = QCheckBox(self.tr("Finding badges"))
        self.links = QCheckBox(self.tr("Procedure links (safe ones only)"))
        self.scale = QComboBox()
        for factor in (1, 2, 3):
            self.scale.addItem(self.tr("{factor}×").format(factor=factor), float(factor))
        self.transparent = QCheckBox(self.tr("Transparent background"))
        self.page = QComboBox()
        for text, value in ((self.tr("A4"), "a4"), (self.tr("Letter"), "letter"), (self.tr("16:9 slide"), "slide")):
            self.page.addItem(text, value)
        self.orientation = QComboBox()
        for text, value in ((self.tr("Automatic (as the diagram is wider or taller)"), "auto"),
                            (self.tr("Portrait"), "portrait"), (self.tr("Landscape"), "landscape")):
            self.orientation.addItem(text, value)
        self.orientation.setAccessibleName(self.tr("Page orientation"))
        self.tiles = QCheckBox(self.tr("Tile over several pages when one page is too small to read"))
        self.findings = QCheckBox(self.tr("Include the open findings"))
        self.comments = QCheckBox(self.tr("Include the open critiques"))
        self.scorecard = QCheckBox(self.tr("Include the scorecard (targets, results, ratings)"))
        self.bom = QCheckBox(self.tr("Byte-order mark, so Excel reads accented letters right"))
        self.page_note = QLabel()
        self.page_note.setWordWrap(True)
        self.page_note.setAccessibleName(self.tr("How the diagram prints"))
        for widget, name in (
            (self.title, "exportTitle"), (self.legend, "exportLegend"), (self.owner_names, "exportOwnerNames"),
            (self.badges, "exportBadges"), (self.links, "exportLinks"),
            (self.scale, "exportScale"), (self.transparent, "exportTransparent"), (self.page, "exportPage"),
            (self.orientation, "exportOrientation"), (self.tiles, "exportTiles"), (self.findings, "exportFindings"),
            (self.comments, "exportComments"), (self.scorecard, "exportScorecard"), (self.bom, "exportBom"),
            (self.page_note, "exportPageNote"),
        ):
            widget.setObjectName(name)
        #: The row of each option a format may declare (app/export/formats.py), by its
        #: ExportOptions field.
        self.option_widgets = {
            "title": self.title, "legend": self.legend, "owner_names": self.owner_names,
            "badges": self.badges, "links": self.links, "scale": self.scale,
            "transparent": self.transparent, "page": self.page, "landscape": self.orientation,
            "fit": self.tiles, "findings": self.findings, "comments": self.comments, "scorecard": self.scorecard,
            "bom": self.bom,
        }

        scope_box = QGroupBox(self.tr("Export"))
        scope_layout = QFormLayout(scope_box)
        scope_layout.addRow(self.whole)
        scope_layout.addRow(self.selection)
        scope_layout.addRow(self.one_department, self.department)
        self.options_box = QGroupBox(self.tr("Options"))
        options = QFormLayout(self.options_box)
        options.addRow(self.title)
        options.addRow(self.legend)
        options.addRow(self.owner_names)
        options.addRow(self.badges)
        options.addRow(self.links)
        options.addRow(self.tr("PNG &scale:"), self.scale)
        options.addRow(self.transparent)
        options.addRow(self.tr("&Page:"), self.page)
        options.addRow(self.tr("&Orientation:"), self.orientation)
        options.addRow(self.tiles)
        options.addRow(self.page_note)
        options.addRow(self.findings)
        options.addRow(self.comments)
        options.addRow(self.scorecard)
        options.addRow(self.bom)

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

        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(NOTE_DELAY_MS)
        self._note_timer.timeout.connect(self.update_page_note)
        self._restore()
        self.format.currentIndexChanged.connect(self._show_relevant_options)
        self.department.activated.connect(lambda _index: self.one_department.setChecked(True))
        for combo in (self.format, self.department, self.page, self.orientation):
            combo.currentIndexChanged.connect(self._note_timer.start)
        for box in (self.title, self.legend, self.owner_names, self.badges, self.tiles):
            box.toggled.connect(self._note_timer.start)
        self.scope.buttonToggled.connect(self._note_timer.start)
        self.page.currentIndexChanged.connect(self._enable_orientation)
        self._enable_orientation()
        self._show_relevant_options()
        self.page_note.hide()
        self._note_timer.start()  # measured once the dialog shows: a large chain takes a moment

    def chosen_format(self) -> str:
        return self.format.currentData()

    def suffix_and_filter(self) -> tuple[str, str]:
        """The suffix a new file of the chosen format gets, and the file dialog's filter."""
        fmt = export_format(self.chosen_format())
        return fmt.suffixes[0], f"{self.tr(fmt.files)} ({fmt.patterns})"

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
            landscape=ORIENTATIONS[self.orientation.currentData()],
            fit=not self.tiles.isChecked(),
            findings=self.findings.isChecked(),
            comments=self.comments.isChecked(),
            scorecard=self.scorecard.isChecked(),
            legend=self.legend.isChecked(),
            owner_names=self.owner_names.isChecked(),
            bom=self.bom.isChecked(),
        )

    def _show_relevant_options(self) -> None:
        """The rows of the options the chosen format declares; no box when it has none."""
        options = export_format(self.chosen_format()).options
        for option, widget in self.option_widgets.items():
            self._show_row(widget, option in options)
        self.options_box.setVisible(bool(options))
        self.adjustSize()

    def _show_row(self, widget, visible: bool) -> None:
        widget.setVisible(visible)
        label = self.options_box.layout().labelForField(widget)
        if label is not None:
            label.setVisible(visible)

    def _enable_orientation(self) -> None:
        slide = self.page.currentData() == "slide"
        self.orientation.setEnabled(not slide)
        self.orientation.setToolTip(self.tr("A 16:9 slide is always landscape.") if slide else "")

    # -- how the diagram prints -----------------------------------------------------------

    def options(self) -> ExportOptions:
        """The choices as export options, with the selection."""
        return ExportOptions(touchpoint_ids=self.touchpoint_ids, **self.choices())

    def page_plan(self) -> PdfPlan | None:
        """How a PDF (or the handout's diagram) of the current choices goes on pages; None
        when it cannot be told (no chain, not a PDF, nothing to export)."""
        fmt = self.chosen_format()
        if self.chain is None or "page" not in export_format(fmt).options:  # not on pages
            return None
        options = self.options()
        if fmt == "handout":
            from app.handout import handout_diagram_options, handout_diagram_plan

            options = handout_diagram_options(options)
        key = (options.scope, options.department_id, options.touchpoint_ids, options.title,
               options.legend, options.badges, options.owner_names)
        if key not in self._outlines:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                self._outlines[key] = diagram_outline(self.chain, options)
            except ExportError:
                self._outlines[key] = None
            finally:
                QApplication.restoreOverrideCursor()
        outline = self._outlines[key]
        if outline is None:
            return None
        if fmt == "handout":
            return handout_diagram_plan(outline, options)
        return plan_pages(outline, options, tiles=not options.fit)

    def update_page_note(self) -> None:
        """Say how the diagram will print: the page, its labels' size, and when too small, what helps."""
        self._note_timer.stop()
        plan = self.page_plan()
        self.page_note.setText(self._note_text(plan) if plan is not None else "")
        if self.page_note.isVisibleTo(self) != (plan is not None):
            self.page_note.setVisible(plan is not None)
            self.adjustSize()

    def _note_text(self, plan: PdfPlan) -> str:
        page = self.page.currentData()
        points = plan.label_points
        size = f"{points:.1f}"
        if self.chosen_format() == "handout":
            if plan.tiled:
                return self.tr(
                    "The diagram is spread over {pages} pages so that its labels print at {points} pt."
                ).format(pages=plan.pages, points=size)
            return self.tr("The diagram fits one page; its labels print at {points} pt.").format(points=size)
        if plan.tiled and plan.pages == plan.rows * plan.most_columns:
            return self.tr(
                "Spread over {pages} {orientation} pages ({columns} across, {rows} down); labels print at {points} pt."
            ).format(pages=plan.pages, orientation=self._orientation_name(plan), rows=plan.rows,
                     columns=plan.most_columns, points=size)
        if plan.tiled:  # each row cut between its own cards
            return self.tr(
                "Spread over {pages} {orientation} pages ({rows} rows of up to {columns}); labels print at {points} pt."
            ).format(pages=plan.pages, orientation=self._orientation_name(plan), rows=plan.rows,
                     columns=plan.most_columns, points=size)
        if points < MIN_LABEL_POINTS:
            return self.tr(
                "The labels would print at {points} pt on {one_page}, too small to read; tick “Tile over "
                "several pages” to spread the diagram over pages at a readable size."
            ).format(points=size, one_page=self._one_page(page, plan))
        return self.tr("Fits {one_page}; labels print at {points} pt.").format(
            one_page=self._one_page(page, plan), points=size
        )

    def _orientation_name(self, plan: PdfPlan) -> str:
        return self.tr("landscape") if plan.landscape else self.tr("portrait")

    def _one_page(self, page: str, plan: PdfPlan) -> str:
        if page == "slide":
            return self.tr("one 16:9 slide")
        name = self.tr("A4") if page == "a4" else self.tr("Letter")
        return self.tr("one {orientation} {page} page").format(orientation=self._orientation_name(plan), page=name)

    # -- remembered between uses ----------------------------------------------------------

    def _restore(self) -> None:
        store = QSettings()
        index = self.format.findData(store.value("export/format", "svg"))
        self.format.setCurrentIndex(max(0, index))
        for key, default in REMEMBERED_BOXES.items():
            getattr(self, key).setChecked(store.value(f"export/{key}", default, type=bool))
        self.scale.setCurrentIndex(max(0, self.scale.findData(store.value("export/scale", 2.0, type=float))))
        self.page.setCurrentIndex(max(0, self.page.findData(store.value("export/page", "a4"))))
        orientation = self.orientation.findData(store.value("export/orientation", "auto"))
        self.orientation.setCurrentIndex(max(0, orientation))

    def accept(self) -> None:
        store = QSettings()
        store.setValue("export/format", self.chosen_format())
        for key in REMEMBERED_BOXES:
            store.setValue(f"export/{key}", getattr(self, key).isChecked())
        store.setValue("export/scale", self.scale.currentData())
        store.setValue("export/page", self.page.currentData())
        store.setValue("export/orientation", self.orientation.currentData())
        super().accept()
