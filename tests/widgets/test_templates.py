"""The starting templates: valid, canonical, lint-clean but for owners and procedures."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QListWidget

from models.chain_file import chain_to_bytes, load_chain
from models.lint import lint_chain
from resources.templates import TEMPLATES_DIR, template_paths
from widgets.template_dialog import TemplateDialog, one_line

TO_FILL_IN = {"touchpoint-owner-required", "touchpoint-procedure-required"}
TEMPLATES = template_paths()


def test_there_are_at_least_five_templates_sorted():
    assert len(TEMPLATES) >= 5
    assert TEMPLATES == sorted(TEMPLATES)
    assert all(path.parent == TEMPLATES_DIR for path in TEMPLATES)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: path.stem)
def test_template_loads_and_saves_to_identical_bytes(path):
    chain = load_chain(path)
    assert chain_to_bytes(chain) == path.read_bytes()


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: path.stem)
def test_template_lints_with_only_owner_and_procedure_errors(path):
    findings = lint_chain(load_chain(path))
    errors = {finding.rule for finding in findings if finding.severity == "error"}
    assert errors <= TO_FILL_IN
    warnings = [f"{f.rule} {f.element}" for f in findings if f.severity == "warning"]
    assert warnings == []


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: path.stem)
def test_template_is_a_skeleton_to_fill_in(path):
    chain = load_chain(path)
    kinds = {touchpoint.kind for touchpoint in chain.touchpoints}
    assert {"start", "end", "decision"} <= kinds
    assert chain.departments[0].role == "customer"
    assert chain.people == []
    assert all(t.owner is None and t.procedure is None for t in chain.touchpoints)
    assert "template" in (chain.description or "").lower()
    decisions = {t.id for t in chain.touchpoints if t.kind == "decision"}
    for decision in decisions:
        labels = {h.label for h in chain.handoffs if h.source == decision}
        assert {"Yes", "No"} <= labels


def test_the_dialog_lists_every_template(qtbot):
    dialog = TemplateDialog()
    qtbot.addWidget(dialog)
    listing = dialog.findChild(QListWidget, "templateList")
    assert listing.count() == len(TEMPLATES)
    titles = {load_chain(path).title for path in TEMPLATES}
    shown = {listing.item(row).text().split("\n")[0] for row in range(listing.count())}
    assert shown == titles
    assert dialog.chosen_path() == TEMPLATES[0]  # the first is selected from the start
    assert "Departments:" in dialog.preview.text()


def test_chosen_path_is_the_selected_template(qtbot):
    dialog = TemplateDialog()
    qtbot.addWidget(dialog)
    listing = dialog.findChild(QListWidget, "templateList")
    for row, path in enumerate(TEMPLATES):
        listing.setCurrentRow(row)
        assert dialog.chosen_path() == path
        chain = load_chain(path)
        assert f"{len(chain.touchpoints)} touchpoints" in dialog.preview.text()
        assert chain.departments[0].name in dialog.preview.text()


def test_double_click_accepts_with_that_template(qtbot):
    dialog = TemplateDialog()
    qtbot.addWidget(dialog)
    listing = dialog.findChild(QListWidget, "templateList")
    item = listing.item(len(TEMPLATES) - 1)
    listing.itemDoubleClicked.emit(item)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.chosen_path() == TEMPLATES[-1]


def test_create_button_accepts(qtbot):
    dialog = TemplateDialog()
    qtbot.addWidget(dialog)
    assert dialog.create_button.text() == "Create"
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_one_line_summary_drops_the_prefix_and_the_instructions():
    text = "Template: an order through delivery. Fill in: the owners."
    assert one_line(text) == "An order through delivery."
    assert one_line(None) == ""


def test_file_new_from_template_opens_an_untitled_copy(qtbot, window):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from resources.templates import template_paths
    from widgets.template_dialog import TemplateDialog

    def choose_second():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, TemplateDialog)
        dialog.findChild(QListWidget, "templateList").setCurrentRow(1)
        dialog.accept()

    QTimer.singleShot(0, choose_second)
    window.actions_by_id["file.new_from_template"].trigger()
    expected = load_chain(template_paths()[1])
    assert window.document.path is None and window.document.chain == expected
    assert len(window.scene.touchpoint_items) == len(expected.touchpoints)
