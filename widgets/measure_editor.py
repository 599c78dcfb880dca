"""The inspector's "Measure" group for one touchpoint: the measure (metric, unit, target,
direction, period), its results per period in a small table, and a sparkline of them.

Every change is one undo step through `Document.set_fields(touchpoint, text, measure=...,
results=[...])`; a value the model refuses changes nothing and says why in one sentence.
"""

from __future__ import annotations

import datetime
import math

from pydantic import ValidationError
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.document import Document, EditRefused
from models.chain import DIRECTIONS, Measure, Result, Touchpoint
from models.periods import PERIOD_KINDS, latest, parse_period, period_key, period_of
from widgets.sparkline import Sparkline
from widgets.text_box import LineBox

_DIRECTION_NAMES = {
    "at_least": QT_TRANSLATE_NOOP("MeasureEditor", "At least"),
    "at_most": QT_TRANSLATE_NOOP("MeasureEditor", "At most"),
}
_PERIOD_NAMES = {
    "week": QT_TRANSLATE_NOOP("MeasureEditor", "Every week"),
    "month": QT_TRANSLATE_NOOP("MeasureEditor", "Every month"),
    "quarter": QT_TRANSLATE_NOOP("MeasureEditor", "Every quarter"),
    "year": QT_TRANSLATE_NOOP("MeasureEditor", "Every year"),
}
PERIOD, VALUE, NOTE = range(3)
TABLE_ROWS_SHOWN = 4  # the table scrolls beyond this many results


def number_text(value: float) -> str:
    """95.0 -> "95", 2.5 -> "2.5": as a person would type it."""
    return f"{value:g}" if abs(value) < 1e15 else repr(value)


def parse_number(text: str) -> float:
    """A typed number ("95", "2,5"); ValueError for anything else, infinities included."""
    value = float(text.strip().replace(",", "."))
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def _tr(text: str) -> str:
    return QCoreApplication.translate("MeasureEditor", text)


class MeasureEditor(QGroupBox):
    #: A sentence for the status bar (a refused value).
    status_message = Signal(str)

    def __init__(self, document: Document, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("Measure"))
        self.setObjectName("measureEditor")
        self.document = document
        self.touchpoint_id: str | None = None
        self._refreshing = False

        self.add_measure_button = QPushButton(self.tr("Add Measure"))
        self.add_measure_button.setObjectName("addMeasureButton")
        self.add_measure_button.setToolTip(self.tr("Make the objective measurable: a metric, a target and how often it is measured"))
        self.add_measure_button.clicked.connect(self._add_measure)

        self.fields = QWidget()
        form = QFormLayout(self.fields)
        form.setContentsMargins(0, 0, 0, 0)
        self.metric_box = LineBox()
        self.metric_box.setObjectName("field_metric")
        self.metric_box.setAccessibleName(self.tr("Metric"))
        self.metric_box.setPlaceholderText(self.tr("e.g. orders confirmed within 1 hour"))
        self.metric_box.textEdited.connect(lambda text: self._set_measure(self.tr("Edit metric"), "metric", metric=text))
        self.unit_box = LineBox()
        self.unit_box.setObjectName("field_unit")
        self.unit_box.setAccessibleName(self.tr("Unit"))
        self.unit_box.setPlaceholderText(self.tr("%, minutes, count…"))
        self.unit_box.textEdited.connect(lambda text: self._set_measure(self.tr("Edit unit"), "unit", unit=text))
        self.target_box = LineBox()
        self.target_box.setObjectName("field_target")
        self.target_box.setAccessibleName(self.tr("Target"))
        # A number is committed when the box is left: "9" on the way to "95" is no target.
        self.target_box.editingFinished.connect(self._commit_target)
        self.direction_box = QComboBox()
        self.direction_box.setObjectName("field_direction")
        self.direction_box.setAccessibleName(self.tr("Direction"))
        for direction in DIRECTIONS:
            self.direction_box.addItem(_tr(_DIRECTION_NAMES[direction]), direction)
        self.direction_box.activated.connect(
            lambda index: self._set_measure(self.tr("Set direction"), None, direction=self.direction_box.itemData(index))
        )
        self.period_box = QComboBox()
        self.period_box.setObjectName("field_period")
        self.period_box.setAccessibleName(self.tr("Period"))
        for kind in PERIOD_KINDS:
            self.period_box.addItem(_tr(_PERIOD_NAMES[kind]), kind)
        self.period_box.activated.connect(
            lambda index: self._set_measure(self.tr("Set period"), None, period=self.period_box.itemData(index))
        )
        target_row = QHBoxLayout()
        target_row.addWidget(self.direction_box)
        target_row.addWidget(self.target_box, 1)
        # The inspector's touchpoint page uses most letters already: Metric and Unit are
        # reached with Tab from the objective; the letters here are free on that page.
        form.addRow(self.tr("Metric:"), self.metric_box)
        form.addRow(self.tr("Unit:"), self.unit_box)
        target_label = self._label_for(self.tr("Target &value:"), self.target_box)
        form.addRow(target_label, target_row)
        form.addRow(self.tr("Fre&quency:"), self.period_box)

        self.table = QTableWidget(0, 3)
        self.table.setObjectName("resultsTable")
        self.table.setAccessibleName(self.tr("Results"))
        self.table.setHorizontalHeaderLabels([self.tr("Period"), self.tr("Value"), self.tr("Note")])
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(PERIOD, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(VALUE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NOTE, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        row_height = self.table.verticalHeader().defaultSectionSize()
        self.table.setFixedHeight(header.sizeHint().height() + TABLE_ROWS_SHOWN * row_height + 2 * self.table.frameWidth())
        self.table.itemChanged.connect(self._cell_edited)
        self.table.installEventFilter(self)  # Delete removes the selected results

        self.add_result_button = QPushButton(self.tr("Add Result"))
        self.add_result_button.setObjectName("addResultButton")
        self.add_result_button.setToolTip(self.tr("Add a result for the period after the latest one"))
        self.add_result_button.clicked.connect(self._add_result)
        self.remove_result_button = QPushButton(self.tr("Remove Result"))
        self.remove_result_button.setObjectName("removeResultButton")
        self.remove_result_button.setToolTip(self.tr("Remove the selected results (Delete)"))
        self.remove_result_button.clicked.connect(self._remove_result)
        self.remove_measure_button = QPushButton(self.tr("Remove Measure"))
        self.remove_measure_button.setObjectName("removeMeasureButton")
        self.remove_measure_button.setToolTip(self.tr("Remove the measure and its results (Undo brings them back)"))
        self.remove_measure_button.clicked.connect(self._remove_measure)
        # Two short rows, so the group is no wider than the inspector's other fields.
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_result_button)
        buttons.addWidget(self.remove_result_button)
        buttons.addStretch(1)
        measure_buttons = QHBoxLayout()
        measure_buttons.addStretch(1)
        measure_buttons.addWidget(self.remove_measure_button)

        self.sparkline = Sparkline()
        self.measured = QWidget()
        column = QVBoxLayout(self.measured)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.fields)
        column.addWidget(self.table)
        column.addLayout(buttons)
        column.addWidget(self.sparkline)
        column.addLayout(measure_buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.add_measure_button)
        layout.addWidget(self.measured)

    @staticmethod
    def _label_for(text: str, buddy: QWidget) -> QLabel:
        """A row label whose shortcut reaches `buddy` (the row holds two widgets)."""
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if watched is not self.table:
            return super().eventFilter(watched, event)
        if event.type() == QEvent.Type.ShortcutOverride and _is_table_key(event):
            # The window's Delete, Backspace and F2 act on the canvas's selection: in the
            # table they remove a result or edit a cell instead.
            event.accept()
            return True
        if (
            event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and self.table.state() != QAbstractItemView.State.EditingState
        ):
            self._remove_result()
            return True
        return super().eventFilter(watched, event)

    # -- what is shown -------------------------------------------------------------------

    def touchpoint(self) -> Touchpoint | None:
        if self.touchpoint_id is None or not self.document.has(self.touchpoint_id):
            return None
        return self.document.touchpoint(self.touchpoint_id)

    def show_touchpoint(self, touchpoint: Touchpoint) -> None:
        self.touchpoint_id = touchpoint.id
        self._refreshing = True
        try:
            measure = touchpoint.measure
            self.add_measure_button.setVisible(measure is None)
            self.measured.setVisible(measure is not None)
            if measure is not None:
                self._show_measure(measure)
            self._show_results(touchpoint.results)
            self.sparkline.set_results(measure, touchpoint.results)
        finally:
            self._refreshing = False

    def _show_measure(self, measure: Measure) -> None:
        for box, value in ((self.metric_box, measure.metric), (self.unit_box, measure.unit)):
            if box.text() != value:  # leaves the cursor alone while the user types
                with QSignalBlocker(box):
                    box.setText(value)
                    if not box.hasFocus():
                        box.setCursorPosition(0)  # show the start of a long metric
        if not self.target_box.hasFocus() or self.target_box.text().strip() == "":
            with QSignalBlocker(self.target_box):
                self.target_box.setText(number_text(measure.target))
        for combo, data in ((self.direction_box, measure.direction), (self.period_box, measure.period)):
            with QSignalBlocker(combo):
                combo.setCurrentIndex(max(0, combo.findData(data)))

    def _show_results(self, results: list[Result]) -> None:
        with QSignalBlocker(self.table):
            self.table.setRowCount(len(results))
            for row, result in enumerate(results):
                for column, text in ((PERIOD, result.period), (VALUE, number_text(result.value)), (NOTE, result.note or "")):
                    # Items are reused, not replaced: this runs while the table commits an
                    # edit, and replacing the item being committed would crash.
                    item = self.table.item(row, column)
                    if item is None:
                        item = QTableWidgetItem(text)
                        self.table.setItem(row, column, item)
                    elif item.text() != text:
                        item.setText(text)
                    if column == NOTE:  # a long note is elided in its cell: whole in the tooltip
                        item.setToolTip(text)
        self.remove_result_button.setEnabled(bool(results))

    def refresh(self) -> None:
        touchpoint = self.touchpoint()
        if touchpoint is not None:
            self.show_touchpoint(touchpoint)

    # -- committing ----------------------------------------------------------------------

    def _commit(self, text: str, merge_key: str | None = None, **fields) -> bool:
        """Set `fields` of the touchpoint in one step; a refused value changes nothing."""
        if self._refreshing or self.touchpoint_id is None:
            return False
        try:
            self.document.set_fields(self.touchpoint_id, text, merge_key=merge_key, **fields)
        except EditRefused as refusal:
            self.status_message.emit(str(refusal))
            self.refresh()
            return False
        self.refresh()  # the inspector refreshes too; this also covers an unchanged value
        return True

    def _set_measure(self, text: str, merge_field: str | None, **changes) -> None:
        touchpoint = self.touchpoint()
        if touchpoint is None or touchpoint.measure is None:
            return
        try:
            measure = Measure(**(touchpoint.measure.model_dump() | changes))  # built afresh, so checked
        except ValidationError as error:
            self.status_message.emit(self.tr("That value was not accepted: {reason}.").format(reason=error.errors()[0]["msg"].lower()))
            self.refresh()
            return
        merge_key = f"measure.{merge_field}:{self.touchpoint_id}" if merge_field else None
        self._commit(text, merge_key, measure=measure)

    def _commit_target(self) -> None:
        touchpoint = self.touchpoint()
        if self._refreshing or touchpoint is None or touchpoint.measure is None:
            return
        try:
            target = parse_number(self.target_box.text())
        except ValueError:
            self.status_message.emit(self.tr("The target must be a number, such as 95 or 2.5."))
            with QSignalBlocker(self.target_box):
                self.target_box.setText(number_text(touchpoint.measure.target))
            return
        if target != touchpoint.measure.target:
            self._set_measure(self.tr("Set target"), None, target=target)

    def _add_measure(self) -> None:
        touchpoint = self.touchpoint()
        if touchpoint is None:
            return
        # The objective is the usual first wording of the metric.
        measure = Measure(metric=touchpoint.objective or "", unit="%", target=90.0, direction="at_least", period="month")
        self._commit(self.tr("Add measure"), measure=measure)
        self.metric_box.setFocus()

    def _remove_measure(self) -> None:
        # The results go first: a result needs a measure.
        self._commit(self.tr("Remove measure"), results=[], measure=None)

    def _add_result(self) -> None:
        touchpoint = self.touchpoint()
        if touchpoint is None or touchpoint.measure is None:
            return
        kind = touchpoint.measure.period
        newest = latest(result.period for result in touchpoint.results)
        if newest is None:
            period = period_of(kind, datetime.date.today())
            value = touchpoint.measure.target
        else:
            period = period_of(kind, parse_period(newest).end + datetime.timedelta(days=1))
            value = next(result.value for result in touchpoint.results if result.period == newest)
        results = [*touchpoint.results, Result(period=period, value=value)]
        if self._commit(self.tr("Add result for {period}").format(period=period), results=_in_order(results)):
            row = next(row for row in range(self.table.rowCount()) if self.table.item(row, PERIOD).text() == period)
            self.table.setCurrentCell(row, VALUE)

    def _remove_result(self) -> None:
        touchpoint = self.touchpoint()
        rows = sorted({index.row() for index in self.table.selectedIndexes()}) or [self.table.currentRow()]
        rows = [row for row in rows if 0 <= row < len(touchpoint.results)] if touchpoint else []
        if not rows:
            self.status_message.emit(self.tr("Select the results to remove."))
            return
        results = [result for row, result in enumerate(touchpoint.results) if row not in rows]
        text = self.tr("Remove result") if len(rows) == 1 else self.tr("Remove {count} results").format(count=len(rows))
        self._commit(text, results=results)

    def _cell_edited(self, item: QTableWidgetItem) -> None:
        touchpoint = self.touchpoint()
        if self._refreshing or touchpoint is None or item.row() >= len(touchpoint.results):
            return
        row, column, text = item.row(), item.column(), item.text().strip()
        old = touchpoint.results[row]
        if column == PERIOD:
            try:
                parse_period(text)
            except ValueError as error:
                self.status_message.emit(self.tr("{period} is not a period: {reason}.").format(period=text or "''", reason=error))
                self.refresh()
                return
            changes, undo = {"period": text}, self.tr("Edit result period")
        elif column == VALUE:
            try:
                value = parse_number(text)
            except ValueError:
                self.status_message.emit(self.tr("A result must be a number, such as 95 or 2.5."))
                self.refresh()
                return
            changes, undo = {"value": value}, self.tr("Edit result value")
        else:
            changes, undo = {"note": text or None}, self.tr("Edit result note")
        results = list(touchpoint.results)
        try:
            results[row] = Result(**(old.model_dump() | changes))  # built afresh, so checked
        except ValidationError as error:
            self.status_message.emit(self.tr("That value was not accepted: {reason}.").format(reason=error.errors()[0]["msg"].lower()))
            self.refresh()
            return
        self._commit(undo, results=_in_order(results))


def _is_table_key(event) -> bool:
    """A key the results table uses itself: delete, edit, or a character typed over a cell."""
    if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace, Qt.Key.Key_F2):
        return True
    plain = event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier == Qt.KeyboardModifier.NoModifier
    return plain and bool(event.text()) and event.text().isprintable()


def _in_order(results: list[Result]) -> list[Result]:
    """Oldest first, as the file keeps them; a bad period sorts last (the model refuses it)."""

    def key(result: Result):
        try:
            return (0, period_key(result.period))
        except ValueError:
            return (1, ())

    return sorted(results, key=key)
