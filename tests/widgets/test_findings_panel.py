"""The findings panel, driven like a user: filter buttons, header clicks, row clicks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QInputDialog, QLineEdit, QWidget

from app.document import Document
from models.lint import lint_chain
from tests.benchmarks.generate import synthetic_chain
from widgets.findings_panel import FINDING_ROLE, FindingsModel, FindingsPanel


def relint(panel: FindingsPanel) -> None:
    """What the live-lint controller does after each change."""
    panel.set_findings(lint_chain(panel.document.chain, include_ignored=True))


@pytest.fixture
def panel(qtbot, document):
    panel = FindingsPanel(document)
    qtbot.addWidget(panel)
    document.changed.connect(lambda: relint(panel))
    relint(panel)
    panel.resize(1000, 400)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def shown(panel: FindingsPanel, column: int = 0) -> list[str]:
    proxy = panel.proxy
    return [proxy.index(row, column).data() for row in range(proxy.rowCount())]


def shown_findings(panel: FindingsPanel) -> list:
    proxy = panel.proxy
    return [proxy.index(row, 0).data(FINDING_ROLE) for row in range(proxy.rowCount())]


def row_of(panel: FindingsPanel, rule: str, element: str | None) -> int:
    for row, finding in enumerate(shown_findings(panel)):
        if (finding.rule, finding.element) == (rule, element):
            return row
    raise AssertionError(f"no row for {rule} on {element}")


def click_row(qtbot, panel: FindingsPanel, row: int, column: int = 3) -> None:
    table = panel.table
    rect = table.visualRect(panel.proxy.index(row, column))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def click_header(qtbot, panel: FindingsPanel, column: int) -> None:
    header = panel.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def button(panel: FindingsPanel, name: str):
    widget = panel.findChild(QWidget, name)
    assert widget is not None, name
    return widget


# -- filters -----------------------------------------------------------------------------


def test_filter_buttons_count_each_severity_with_a_shape_and_a_word(panel):
    # The fixture chain: 2 errors, 4 warnings, 8 infos (see tests/conftest.py).
    assert button(panel, "filterErrors").text() == "2 errors"
    assert button(panel, "filterWarnings").text() == "4 warnings"
    assert button(panel, "filterInfos").text() == "8 infos"
    icons = [button(panel, name).icon().pixmap(16).toImage() for name in
             ("filterErrors", "filterWarnings", "filterInfos")]
    assert len({icon.bits().tobytes() for icon in icons}) == 3
    assert len(shown(panel)) == 14
    assert set(shown(panel)) == {"Error", "Warning", "Info"}


def test_filter_buttons_hide_and_show_a_severity(qtbot, panel):
    qtbot.mouseClick(button(panel, "filterErrors"), Qt.MouseButton.LeftButton)
    assert not button(panel, "filterErrors").isChecked()
    assert len(shown(panel)) == 12
    assert "Error" not in shown(panel)

    qtbot.mouseClick(button(panel, "filterInfos"), Qt.MouseButton.LeftButton)
    assert shown(panel) == ["Warning"] * 4

    qtbot.mouseClick(button(panel, "filterErrors"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(button(panel, "filterInfos"), Qt.MouseButton.LeftButton)
    assert len(shown(panel)) == 14


def test_filters_survive_new_findings(qtbot, panel, document):
    qtbot.mouseClick(button(panel, "filterInfos"), Qt.MouseButton.LeftButton)
    document.set_fields("pick-and-pack", "Set owner", owner="anna")  # the panel relints
    assert button(panel, "filterErrors").text() == "1 error"
    assert sorted(set(shown(panel))) == ["Error", "Warning"]


def test_ignored_findings_are_hidden_until_asked_for_then_grey_and_italic(qtbot, panel, document):
    document.ignore_finding("handoff-passes-required", "h-ship", "The carrier's label says it all")
    assert button(panel, "filterWarnings").text() == "3 warnings"
    assert ("handoff-passes-required", "h-ship") not in [(f.rule, f.element) for f in shown_findings(panel)]

    show_ignored = button(panel, "showIgnored")
    assert show_ignored.text() == "Show ignored (1)"
    qtbot.mouseClick(show_ignored, Qt.MouseButton.LeftButton)
    row = row_of(panel, "handoff-passes-required", "h-ship")
    message = panel.proxy.index(row, 3)
    assert message.data(Qt.ItemDataRole.FontRole).italic()
    assert message.data(Qt.ItemDataRole.ForegroundRole) is not None
    assert "The carrier's label says it all" in message.data(Qt.ItemDataRole.ToolTipRole)
    other = panel.proxy.index(row_of(panel, "expectation-required", "place-order"), 3)
    assert other.data(Qt.ItemDataRole.FontRole) is None


# -- columns and sorting -----------------------------------------------------------------


def test_element_column_names_elements_as_a_reader_does(panel, document):
    labels = dict(zip([f.element for f in shown_findings(panel)], shown(panel, 2)))
    assert labels["h-ship"] == "Picks and packs the parcel → Receives the parcel"
    assert labels["pick-and-pack"] == "Picks and packs the parcel"
    document.set_fields("receive-parcel", "Make it a step", kind="step")  # no end: chain-level
    labels = dict(zip([f.element for f in shown_findings(panel)], shown(panel, 2)))
    assert labels[None] == "(chain)"


def test_clicking_headers_sorts_and_reverses(qtbot, panel):
    assert shown(panel)[:2] == ["Error", "Error"]  # lint's own order to begin with

    click_header(qtbot, panel, 2)
    elements = shown(panel, 2)
    assert elements == sorted(elements, key=str.casefold)
    click_header(qtbot, panel, 2)
    assert shown(panel, 2) == sorted(elements, key=str.casefold, reverse=True)

    click_header(qtbot, panel, 0)  # severity sorts by rank, not alphabetically
    severities = shown(panel)
    assert severities[0] == "Error" and severities[-1] == "Info"
    click_header(qtbot, panel, 0)
    assert shown(panel)[0] == "Info" and shown(panel)[-1] == "Error"


# -- activation --------------------------------------------------------------------------


def test_clicking_a_row_emits_its_element(qtbot, panel):
    row = row_of(panel, "handoff-passes-required", "h-ship")
    with qtbot.waitSignal(panel.finding_activated, timeout=1000) as blocker:
        click_row(qtbot, panel, row)
    assert blocker.args == ["h-ship"]


def test_enter_on_a_row_emits_its_element(qtbot, panel):
    click_header(qtbot, panel, 2)  # sorted, so view rows differ from model rows
    row = row_of(panel, "expectation-required", "receive-parcel")
    click_row(qtbot, panel, row)
    with qtbot.waitSignal(panel.finding_activated, timeout=1000) as blocker:
        qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert blocker.args == ["receive-parcel"]


def test_chain_level_findings_emit_nothing_and_cannot_be_ignored(qtbot, panel, document):
    document.set_fields("receive-parcel", "Make it a step", kind="step")
    row = row_of(panel, "end-required", None)
    with qtbot.assertNotEmitted(panel.finding_activated, wait=50):
        click_row(qtbot, panel, row)
    assert panel.current_finding().rule == "end-required"
    assert not button(panel, "ignoreFindingButton").isEnabled()


# -- ignoring and showing again ------------------------------------------------------------


def test_ignore_asks_for_a_reason_and_writes_it_to_the_chain(qtbot, panel, document, monkeypatch):
    assert not button(panel, "ignoreFindingButton").isEnabled()  # nothing selected
    asked = []
    monkeypatch.setattr(panel, "ask_reason", lambda finding: asked.append(finding) or "Shipped by a partner")
    click_row(qtbot, panel, row_of(panel, "touchpoint-owner-required", "pick-and-pack"))
    qtbot.mouseClick(button(panel, "ignoreFindingButton"), Qt.MouseButton.LeftButton)

    assert [f.element for f in asked] == ["pick-and-pack"]
    [entry] = document.chain.lint.ignore
    assert (entry.rule, entry.element, entry.reason) == (
        "touchpoint-owner-required", "pick-and-pack", "Shipped by a partner"
    )
    assert button(panel, "filterErrors").text() == "1 error"

    document.undo_stack.undo()
    assert document.chain.lint.ignore == []
    assert button(panel, "filterErrors").text() == "2 errors"


def test_cancelling_the_reason_ignores_nothing(qtbot, panel, document, monkeypatch):
    monkeypatch.setattr(panel, "ask_reason", lambda finding: None)
    click_row(qtbot, panel, row_of(panel, "touchpoint-owner-required", "pick-and-pack"))
    qtbot.mouseClick(button(panel, "ignoreFindingButton"), Qt.MouseButton.LeftButton)
    assert document.chain.lint.ignore == []
    assert document.undo_stack.count() == 0


def test_ignore_through_the_real_reason_dialog(qtbot, panel, document):
    click_row(qtbot, panel, row_of(panel, "handoff-passes-required", "h-ship"))
    seen = {}

    def answer():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        seen["ok enabled when blank"] = ok.isEnabled()
        qtbot.keyClicks(dialog.findChild(QLineEdit), "Labelled by the carrier")
        seen["ok enabled with a reason"] = ok.isEnabled()
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, answer)
    qtbot.mouseClick(button(panel, "ignoreFindingButton"), Qt.MouseButton.LeftButton)

    assert seen == {"ok enabled when blank": False, "ok enabled with a reason": True}
    assert [(e.rule, e.element, e.reason) for e in document.chain.lint.ignore] == [
        ("handoff-passes-required", "h-ship", "Labelled by the carrier")
    ]


def test_show_again_on_an_ignored_row(qtbot, panel, document):
    document.ignore_finding("expectation-required", "place-order", "The customer expects nothing yet")
    qtbot.mouseClick(button(panel, "showIgnored"), Qt.MouseButton.LeftButton)
    click_row(qtbot, panel, row_of(panel, "expectation-required", "place-order"))
    ignore_button = button(panel, "ignoreFindingButton")
    assert ignore_button.text() == "Show Again"

    qtbot.mouseClick(ignore_button, Qt.MouseButton.LeftButton)
    assert document.chain.lint.ignore == []
    # The row stays selected through the relint and is an ordinary finding again.
    assert panel.current_finding().ignored is None
    assert ignore_button.text() == "Ignore…"
    document.undo_stack.undo()
    assert [e.element for e in document.chain.lint.ignore] == ["place-order"]


def test_rules_button_asks_for_the_rules_dialog(qtbot, panel):
    with qtbot.waitSignal(panel.rules_requested, timeout=1000):
        qtbot.mouseClick(button(panel, "rulesButton"), Qt.MouseButton.LeftButton)


def test_every_control_has_an_accessible_name(panel):
    for name in ("findingsTable", "filterErrors", "filterWarnings", "filterInfos",
                 "showIgnored", "ignoreFindingButton", "rulesButton"):
        assert button(panel, name).accessibleName(), name


def test_no_findings_says_so(qtbot, panel):
    panel.set_findings([])
    assert panel.stack.currentWidget() is panel.empty_label
    relint(panel)
    assert panel.stack.currentWidget() is panel.table


# -- scale -------------------------------------------------------------------------------


def test_five_thousand_touchpoints_of_findings(qtbot, qapp):
    document = Document(synthetic_chain(5000))
    panel = FindingsPanel(document)
    qtbot.addWidget(panel)
    panel.resize(1000, 400)
    panel.show()
    findings = lint_chain(document.chain, include_ignored=True)
    assert len(findings) >= 5000
    panel.set_findings(findings)
    assert panel.model.rowCount() == len(findings)
    assert panel.proxy.rowCount() == sum(f.ignored is None for f in findings)
    assert sum(panel.counts().values()) == panel.proxy.rowCount()
    click_header(qtbot, panel, 2)
    first, last = panel.proxy.index(0, 2).data(), panel.proxy.index(panel.proxy.rowCount() - 1, 2).data()
    assert first.casefold() <= last.casefold()
    scroll_bar = panel.table.verticalScrollBar()
    scroll_bar.setValue(scroll_bar.maximum() // 2)
    click_row(qtbot, panel, panel.table.rowAt(10))
    selected = panel.current_finding()
    panel.set_findings(findings)  # a second reset, sorted, as after an edit
    assert panel.proxy.rowCount() == sum(f.ignored is None for f in findings)
    assert scroll_bar.value() == scroll_bar.maximum() // 2  # the view did not jump
    assert panel.current_finding() == selected


def test_the_model_is_a_plain_table(qapp):
    model = FindingsModel()
    assert (model.rowCount(), model.columnCount()) == (0, 4)


def test_the_selected_finding_stays_selected_through_sorting_and_relint(qtbot, panel, document):
    click_row(qtbot, panel, row_of(panel, "handoff-passes-required", "h-ship"))
    click_header(qtbot, panel, 3)
    assert panel.current_finding().element == "h-ship"
    document.set_fields("confirm-order", "Rename", label="Confirms the order by e-mail")
    assert panel.current_finding().element == "h-ship"
    messages = shown(panel, 3)
    assert messages == sorted(messages, key=str.casefold)  # still sorted after the relint


def test_context_menu_ignores_the_row_under_the_pointer(qtbot, panel, document, monkeypatch):
    monkeypatch.setattr(panel, "ask_reason", lambda finding: "Checked on site")
    row = row_of(panel, "expectation-required", "receive-parcel")
    point = panel.table.visualRect(panel.proxy.index(row, 3)).center()
    chosen = []

    def choose_ignore():
        menu = QApplication.activePopupWidget()
        actions = {action.text(): action for action in menu.actions()}
        chosen.append(sorted(name for name in actions if name))
        actions["Ignore…"].trigger()
        menu.close()

    QTimer.singleShot(0, choose_ignore)
    viewport = panel.table.viewport()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, viewport.mapToGlobal(point))
    QApplication.sendEvent(viewport, event)  # what a right-click sends
    assert chosen == [["Create Action…", "Go to Element", "Ignore…", "Rules…"]]
    assert [(e.rule, e.element) for e in document.chain.lint.ignore] == [
        ("expectation-required", "receive-parcel")
    ]
