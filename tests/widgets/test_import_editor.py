"""File > Import…: a file of another tool opens as a new, unsaved chain with a report of
what came in and what was left out; a bad file changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLabel

from app.menus import file_menu
from tests.widgets.conftest import chain_bytes

DRAWIO = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "drawio"
INVENTORY = (
    "Department;Touchpoint;Kind;Next;Next label\n"
    "Customer;Asks for a refund;start;Checks the receipt;\n"
    "Service desk;Checks the receipt;decision;Pays back;Valid\n"
    "Service desk;Pays back;end;;\n"
)


def choose_file(monkeypatch, path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), ""))


@pytest.fixture
def errors(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(file_menu, "show_error", lambda parent, sentence, details=None: shown.append(sentence))
    return shown


def report_of(window):
    return window.findChild(file_menu.ImportReportDialog, "importReport")


def test_ctrl_i_imports_an_inventory_as_a_new_unsaved_chain_with_a_report(qtbot, window, tmp_path, monkeypatch):
    source = tmp_path / "refunds.csv"
    source.write_text(INVENTORY, encoding="utf-8")
    choose_file(monkeypatch, source)
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)

    chain = window.document.chain
    assert window.document.path is None and chain.title == "Refunds"
    assert [t.label for t in chain.touchpoints] == ["Asks for a refund", "Checks the receipt", "Pays back"]
    assert [h.label for h in chain.handoffs] == [None, "Valid"]
    assert len(window.scene.touchpoint_items) == 3  # on the canvas, laid out
    assert len({(t.position.x, t.position.y) for t in chain.touchpoints}) == 3
    report = report_of(window)
    assert report.isVisible() and report.windowTitle() == "Imported refunds.csv"
    summary = report.findChild(QLabel, "importSummary").text()
    assert summary == "Imported 3 touchpoints in 2 departments with 2 handoffs from refunds.csv."
    assert any(label.text() == "Nothing was left out." for label in report.findChildren(QLabel))
    assert window.statusBar().currentMessage() == summary


@pytest.mark.skipif(not DRAWIO.is_dir(), reason="the shared draw.io fixtures are not beside the checkout")
def test_a_diagram_of_several_pages_asks_which_and_reports_what_was_left_out(window, monkeypatch):
    source = DRAWIO / "uml-activity-example.drawio"
    choose_file(monkeypatch, source)
    asked = []

    def second_page(parent, title, label, items, current, editable):
        asked.append((label, items))
        return items[1], True

    monkeypatch.setattr(QInputDialog, "getItem", second_page)
    window.actions_by_id["file.import"].trigger()

    assert asked == [("uml-activity-example.drawio has 2 pages. Import which one?",
                      ["1. Example", "2. Activity diagram shapes"])]
    report = report_of(window)
    left_out = [report.left_out.item(row).text() for row in range(report.left_out.count())]
    assert left_out[0].startswith('The file has 2 pages; only page "Activity diagram shapes" was read')
    assert window.document.chain.title == "Uml activity example"


@pytest.mark.skipif(not DRAWIO.is_dir(), reason="the shared draw.io fixtures are not beside the checkout")
def test_cancelling_the_page_leaves_the_chain_shown_as_it_was(window, monkeypatch):
    before = chain_bytes(window)
    choose_file(monkeypatch, DRAWIO / "uml-activity-example.drawio")
    monkeypatch.setattr(QInputDialog, "getItem", lambda *args: ("", False))
    window.actions_by_id["file.import"].trigger()
    assert chain_bytes(window) == before and window.document.path is not None
    assert report_of(window) is None


def test_a_bad_file_is_one_sentence_and_changes_nothing(window, tmp_path, monkeypatch, errors):
    before = chain_bytes(window)
    broken = tmp_path / "broken.csv"
    broken.write_text("department,touchpoint,kind\nSales,Confirms order,stepp\n", encoding="utf-8")
    choose_file(monkeypatch, broken)
    window.actions_by_id["file.import"].trigger()
    unknown = tmp_path / "notes.txt"
    unknown.write_text("just some notes", encoding="utf-8")
    choose_file(monkeypatch, unknown)
    window.actions_by_id["file.import"].trigger()

    assert len(errors) == 2 and all("\n" not in sentence for sentence in errors)
    assert errors[0].startswith(f"The file could not be imported; nothing was changed. {broken}, row 2")
    assert errors[1].startswith("notes.txt is not a file Chain Designer can import")
    assert chain_bytes(window) == before and report_of(window) is None


def test_keeping_unsaved_changes_cancels_the_import(window, tmp_path, monkeypatch):
    source = tmp_path / "refunds.csv"
    source.write_text(INVENTORY, encoding="utf-8")
    choose_file(monkeypatch, source)
    monkeypatch.setattr(window, "maybe_save", lambda: False)  # the user chose Cancel
    before = chain_bytes(window)
    window.actions_by_id["file.import"].trigger()
    assert chain_bytes(window) == before and report_of(window) is None


def test_the_dialog_offers_every_import_format(window):
    patterns = file_menu.import_filter(window).split(";;")
    assert patterns[0].startswith("Files Chain Designer can import (*.csv *.drawio *.xml")
    assert "CSV files (*.csv)" in patterns and patterns[-1] == "All files (*)"
