"""File > Export… for decks and print: pages that fit, the small-text note, the legend and
owner-name boxes; and View > Owner Names on Cards."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from app.export.diagram import Diagram
from app.export.options import ExportOptions
from app.export.pdf import MIN_LABEL_POINTS, PdfPlan, export_pdf, fitted_label_points, page_layout
from models.chain_file import load_chain
from resources.samples import sample_paths
from widgets.export_dialog import ExportDialog


@pytest.fixture
def retail():
    return load_chain(next(path for path in sample_paths() if path.stem.startswith("retail")))


def make_dialog(qtbot, chain, fmt="pdf") -> ExportDialog:
    dialog = ExportDialog([(d.id, d.name) for d in chain.departments], 0, chain=chain)
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData(fmt))
    return dialog


def choose(combo, value) -> None:
    combo.setCurrentIndex(combo.findData(value))


# -- the page note -------------------------------------------------------------------------------


def test_the_note_says_when_labels_would_print_too_small_and_what_helps(qtbot, qapp, retail):
    dialog = make_dialog(qtbot, retail)
    dialog.tiles.setChecked(False)
    choose(dialog.page, "a4")
    choose(dialog.orientation, "auto")
    dialog.show()
    dialog.update_page_note()
    points = fitted_label_points(retail, dialog.options())
    assert points < MIN_LABEL_POINTS  # the retail sample is too wide for one A4 page
    note = dialog.page_note
    assert note.isVisible() and note.objectName() == "exportPageNote"
    assert f"{points:.1f} pt" in note.text()
    assert "too small to read" in note.text() and "Tile over several pages" in note.text()

    dialog.tiles.setChecked(True)  # the note follows the choice by itself
    qtbot.waitUntil(lambda: "Spread over" in note.text(), timeout=3000)
    assert "pages" in note.text()


def test_the_note_of_a_readable_page_names_the_page_and_its_orientation(qtbot, qapp, chain):
    dialog = make_dialog(qtbot, chain)
    dialog.tiles.setChecked(False)
    choose(dialog.page, "a4")
    choose(dialog.orientation, "auto")
    dialog.update_page_note()
    assert dialog.page_note.text().startswith("Fits one landscape A4 page")
    choose(dialog.orientation, "portrait")
    dialog.update_page_note()
    assert dialog.page_note.text().startswith("Fits one portrait A4 page")


def test_the_note_is_hidden_for_formats_without_pages(qtbot, qapp, chain):
    dialog = make_dialog(qtbot, chain, "svg")
    dialog.show()
    dialog.update_page_note()
    assert not dialog.page_note.isVisible()
    choose(dialog.format, "handout")
    dialog.update_page_note()
    assert dialog.page_note.isVisible() and "The diagram fits one page" in dialog.page_note.text()


def test_orientation_choices_and_the_slide(qtbot, qapp, chain):
    dialog = make_dialog(qtbot, chain)
    expected = {"auto": None, "portrait": False, "landscape": True}
    assert [dialog.orientation.itemData(index) for index in range(dialog.orientation.count())] == list(expected)
    for value, landscape in expected.items():
        choose(dialog.orientation, value)
        assert dialog.choices()["landscape"] is landscape
    choose(dialog.page, "slide")
    assert not dialog.orientation.isEnabled()  # a slide is always landscape
    dialog.update_page_note()
    assert "16:9 slide" in dialog.page_note.text()
    choose(dialog.page, "letter")
    assert dialog.orientation.isEnabled()


def test_legend_owner_names_and_orientation_are_remembered(qtbot, qapp, chain):
    dialog = make_dialog(qtbot, chain, "png")
    assert not dialog.legend.isChecked() and not dialog.owner_names.isChecked()  # off at first
    dialog.legend.setChecked(True)
    dialog.owner_names.setChecked(True)
    choose(dialog.orientation, "portrait")
    choices = dialog.choices()
    assert choices["legend"] and choices["owner_names"]
    dialog.accept()
    again = ExportDialog([(d.id, d.name) for d in chain.departments], 0, chain=chain)
    qtbot.addWidget(again)
    assert again.legend.isChecked() and again.owner_names.isChecked()
    assert again.orientation.currentData() == "portrait"
    assert again.legend.objectName() == "exportLegend" and again.owner_names.objectName() == "exportOwnerNames"


# -- through the main window ---------------------------------------------------------------------------


def test_the_dialog_reads_the_windows_chain_and_the_options_reach_the_scene(qtbot, window, tmp_path, monkeypatch):
    import app.main_window

    QSettings().setValue("export/format", "pdf")
    written = []
    monkeypatch.setattr(app.main_window, "write_export",
                        lambda chain, fmt, path, options, scene=None: written.append((options, scene)))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(tmp_path / "deck.pdf"), ""))
    seen = {}

    def choose_options():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ExportDialog)
        dialog.update_page_note()
        seen["note"] = dialog.page_note.text()
        dialog.legend.setChecked(True)
        dialog.owner_names.setChecked(True)
        dialog.accept()

    QTimer.singleShot(0, choose_options)
    window.actions_by_id["file.export"].trigger()
    assert " pt" in seen["note"]  # measured from the window's chain
    ((options, scene),) = written
    assert scene is window.scene  # the SVG may draw the canvas's routes
    assert options.legend and options.owner_names and options.landscape is None
    diagram = Diagram(window.document.chain, options)
    assert diagram.scene.owner_names and diagram.legend is not None


# -- View > Owner Names on Cards ---------------------------------------------------------------------------


def test_view_toggle_prints_owner_names_on_the_cards(qtbot, window):
    action = window.actions_by_id["view.owner_names"]
    assert action.objectName() == "view.owner_names" and action.isCheckable()
    assert action in window.menus["View"].actions()
    assert not action.isChecked() and window.scene.owner_names is False
    action.trigger()
    assert action.isChecked() and window.scene.owner_names is True
    assert QSettings().value("view/owner_names", type=bool) is True
    action.trigger()
    assert window.scene.owner_names is False


@pytest.mark.parametrize("orientation", ["auto", "landscape"])
def test_the_note_tells_the_pages_the_tiled_pdf_then_has(qtbot, qapp, tmp_path, retail, orientation):
    dialog = make_dialog(qtbot, retail)
    dialog.tiles.setChecked(True)
    choose(dialog.page, "a4")
    choose(dialog.orientation, orientation)
    dialog.update_page_note()
    pages = export_pdf(retail, tmp_path / "tiles.pdf", dialog.options())
    assert pages > 1 and f"Spread over {pages} " in dialog.page_note.text()


def test_the_note_of_rows_cut_each_its_own_way_says_up_to_how_many_across(qtbot, qapp, retail):
    dialog = make_dialog(qtbot, retail)
    plan = PdfPlan(page_layout(ExportOptions()), 0.3, 0.8, (0, 600, 1200), ((174, 900, 1800, 2400), (174, 1000, 2400)))
    assert plan.pages == 5 and plan.page_of(1, 0) == 4
    assert "(2 rows of up to 3)" in dialog._note_text(plan)
