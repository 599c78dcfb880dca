"""The inspector's Measure group: a measure, results typed into its table, undo, refusals,
and the sparkline drawn from the results."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit

from models.chain import Measure, Result
from widgets.measure_editor import PERIOD, VALUE

TOUCHPOINT = "tp-advise-and-write-order"  # the sample measures it not yet


def _editor(window):
    window.select_element(TOUCHPOINT)
    editor = window.inspector.measure_editor
    assert editor.touchpoint_id == TOUCHPOINT
    return editor


def _type_into_cell(qtbot, table, row: int, column: int, text: str) -> None:
    """Type `text` into a cell as a user does: open its editor, type over it, press Enter."""
    table.setCurrentCell(row, column)
    table.editItem(table.item(row, column))
    editors = [box for box in table.viewport().findChildren(QLineEdit) if box.isVisible()]
    assert len(editors) == 1, "the cell's editor did not open"
    editors[0].selectAll()
    qtbot.keyClicks(editors[0], text)
    qtbot.keyClick(editors[0], Qt.Key.Key_Return)
    # The delegate hands the text to the table on the next turn of the event loop.
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)


def _touchpoint(window):
    return window.document.touchpoint(TOUCHPOINT)


def test_add_a_measure_and_type_results_then_undo_with_ctrl_z(window, qtbot):
    editor = _editor(window)
    assert editor.add_measure_button.isVisible() and not editor.measured.isVisible()
    qtbot.mouseClick(editor.add_measure_button, Qt.MouseButton.LeftButton)
    measure = _touchpoint(window).measure
    assert measure is not None and measure.period == "month"
    assert editor.measured.isVisible() and not editor.add_measure_button.isVisible()

    editor.metric_box.selectAll()
    qtbot.keyClicks(editor.metric_box, "web orders confirmed within 1 hour")
    assert _touchpoint(window).measure.metric == "web orders confirmed within 1 hour"
    editor.target_box.setFocus()
    editor.target_box.selectAll()
    qtbot.keyClicks(editor.target_box, "95")
    qtbot.keyClick(editor.target_box, Qt.Key.Key_Return)
    assert _touchpoint(window).measure.target == 95.0

    qtbot.mouseClick(editor.add_result_button, Qt.MouseButton.LeftButton)
    _type_into_cell(qtbot, editor.table, 0, PERIOD, "2026-03")
    _type_into_cell(qtbot, editor.table, 0, VALUE, "97")
    qtbot.mouseClick(editor.add_result_button, Qt.MouseButton.LeftButton)
    assert [r.period for r in _touchpoint(window).results] == ["2026-03", "2026-04"]
    _type_into_cell(qtbot, editor.table, 1, VALUE, "91,5")
    results = _touchpoint(window).results
    assert [(r.period, r.value) for r in results] == [("2026-03", 97.0), ("2026-04", 91.5)]
    assert [editor.table.item(row, VALUE).text() for row in range(2)] == ["97", "91.5"]
    # The sparkline draws a dot per result, green on target and red off it.
    assert [on for _point, on in editor.sparkline.points()] == [True, False]

    # Each cell edit is one undo step: Ctrl+Z takes back the last value only.
    assert window.document.undo_stack.undoText() == "Edit result value"
    window.activateWindow()
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [(r.period, r.value) for r in _touchpoint(window).results] == [("2026-03", 97.0), ("2026-04", 97.0)]
    assert editor.table.item(1, VALUE).text() == "97"
    assert len(editor.sparkline.points()) == 2


def test_a_bad_period_or_value_is_refused_and_changes_nothing(window, qtbot):
    document = window.document
    document.set_fields(TOUCHPOINT, "Add measure", measure=Measure(
        metric="confirmed within 1 hour", unit="%", target=95, direction="at_least", period="month"))
    document.set_fields(TOUCHPOINT, "Add results", results=[Result(period="2026-03", value=96.0)])
    editor = _editor(window)
    steps = document.undo_stack.count()

    for bad in ("March", "2026-Q1", "2026-13"):
        _type_into_cell(qtbot, editor.table, 0, PERIOD, bad)
        assert _touchpoint(window).results == [Result(period="2026-03", value=96.0)]
        assert editor.table.item(0, PERIOD).text() == "2026-03"
        message = window.statusBar().currentMessage()
        assert message and "\n" not in message and "Traceback" not in message
    assert "quarter" in window.statusBar().currentMessage() or "month" in window.statusBar().currentMessage()

    _type_into_cell(qtbot, editor.table, 0, VALUE, "lots")
    assert window.statusBar().currentMessage() == "A result must be a number, such as 95 or 2.5."
    assert editor.table.item(0, VALUE).text() == "96"

    editor.target_box.setFocus()
    editor.target_box.selectAll()
    qtbot.keyClicks(editor.target_box, "ninety")
    qtbot.keyClick(editor.target_box, Qt.Key.Key_Return)
    assert window.statusBar().currentMessage() == "The target must be a number, such as 95 or 2.5."
    assert _touchpoint(window).measure.target == 95 and editor.target_box.text() == "95"
    assert document.undo_stack.count() == steps


def test_a_second_result_for_the_same_period_is_refused(window, qtbot):
    document = window.document
    document.set_fields(TOUCHPOINT, "Add measure", measure=Measure(
        metric="confirmed within 1 hour", unit="%", target=95, direction="at_least", period="month"))
    document.set_fields(TOUCHPOINT, "Add results", results=[
        Result(period="2026-03", value=96.0), Result(period="2026-04", value=90.0)])
    editor = _editor(window)
    _type_into_cell(qtbot, editor.table, 1, PERIOD, "2026-03")
    assert [r.period for r in _touchpoint(window).results] == ["2026-03", "2026-04"]
    assert "two results for 2026-03" in window.statusBar().currentMessage()


def test_remove_a_result_and_the_measure_each_in_one_step(window, qtbot):
    document = window.document
    document.set_fields(TOUCHPOINT, "Add measure", measure=Measure(
        metric="minutes to confirm", unit="minutes", target=60, direction="at_most", period="quarter"))
    document.set_fields(TOUCHPOINT, "Add results", results=[
        Result(period="2026-Q1", value=70.0), Result(period="2026-Q2", value=50.0, note="new rota")])
    editor = _editor(window)
    assert editor.table.rowCount() == 2 and editor.table.item(1, 2).text() == "new rota"
    assert [on for _point, on in editor.sparkline.points()] == [False, True]

    editor.table.selectRow(0)
    qtbot.mouseClick(editor.remove_result_button, Qt.MouseButton.LeftButton)
    assert [r.period for r in _touchpoint(window).results] == ["2026-Q2"]
    assert len(editor.sparkline.points()) == 1

    editor.table.selectRow(0)
    qtbot.keyClick(editor.table, Qt.Key.Key_Delete)
    assert _touchpoint(window).results == [] and editor.table.rowCount() == 0
    document.undo_stack.undo()
    assert [r.period for r in _touchpoint(window).results] == ["2026-Q2"]

    qtbot.mouseClick(editor.remove_measure_button, Qt.MouseButton.LeftButton)
    assert _touchpoint(window).measure is None and _touchpoint(window).results == []
    assert editor.add_measure_button.isVisible()
    document.undo_stack.undo()
    assert _touchpoint(window).measure.unit == "minutes" and len(_touchpoint(window).results) == 1


def test_the_sparkline_fits_below_the_table(window, qtbot):
    document = window.document
    document.set_fields(TOUCHPOINT, "Add measure", measure=Measure(
        metric="confirmed within 1 hour", unit="%", target=95, direction="at_least", period="month"))
    document.set_fields(TOUCHPOINT, "Add results", results=[
        Result(period=f"2025-{month:02d}", value=90.0 + month) for month in range(1, 13)])
    editor = _editor(window)
    qtbot.waitUntil(lambda: editor.sparkline.isVisible())
    table = editor.table.geometry()
    spark = editor.sparkline.geometry()
    assert table.bottom() < spark.top(), "the sparkline overlaps the table"
    assert len(editor.sparkline.points()) == 12
    plot = editor.sparkline.plot_rect()
    label = editor.sparkline.label_rect()
    assert editor.sparkline.target_text() == "95 %"
    assert editor.sparkline.rect().toRectF().contains(label), "the target's value is cut"
    for point, _on in editor.sparkline.points():
        assert plot.adjusted(-0.01, -0.01, 0.01, 0.01).contains(point), "a dot is drawn outside the sparkline"
        assert point.x() + 3 < label.left(), "a dot sits under the target's value"
