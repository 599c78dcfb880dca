"""Internal ratings in the editor: the department-by-department table and its editor, the
latest rating in Who Serves Whom, and File > Import Results… / Import Ratings…, each one
undo step; a bad file changes nothing."""

from __future__ import annotations

import datetime

import pytest
from PySide6.QtWidgets import QFileDialog

from app.menus import file_menu
from models.chain import Measure, Rating
from models.periods import period_of
from tests.widgets.conftest import chain_bytes, unmeasured_sample
from widgets.ratings_dialog import RatingsDialog


@pytest.fixture
def sample_file(tmp_path):
    """The retail sample without its own actions and ratings: these tests count theirs."""
    return unmeasured_sample(tmp_path)


def choose_file(monkeypatch, path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), ""))


@pytest.fixture
def errors(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(file_menu, "show_error", lambda parent, sentence, details=None: shown.append(sentence))
    return shown


def cell(dialog: RatingsDialog, provider: str, customer: str):
    ids = [department.id for department in dialog.departments()]
    return dialog.table.item(ids.index(provider), ids.index(customer))


def fill(dialog: RatingsDialog, customer: str, provider: str, period: str, score: float, rehire: int | None = None):
    dialog.customer.setCurrentIndex(dialog.customer.findData(customer))
    dialog.provider.setCurrentIndex(dialog.provider.findData(provider))
    dialog.period_edit.setText(period)
    dialog.score.setValue(score)
    dialog.has_rehire.setChecked(rehire is not None)
    dialog.rehire.setValue(rehire or 0)


def test_the_editor_adds_then_replaces_a_rating_each_one_undo_step(window):
    document = window.document
    sales, reception = "sales", "reception"
    dialog = RatingsDialog(document, window)
    assert dialog.empty_label.isVisibleTo(dialog)
    assert dialog.period_edit.text() == period_of("quarter", datetime.date.today())  # ready to add the first
    fill(dialog, reception, sales, "2026-Q1", 2.5, rehire=40)
    assert dialog.save_button.text() == "Add Rating"
    dialog.save_button.click()
    assert document.chain.ratings == [Rating(customer=reception, provider=sales, period="2026-Q1", score=2.5, rehire=0.4)]
    assert cell(dialog, sales, reception).text() == "2.5 — low\n40% rehire"  # low in words, not only red
    assert dialog.save_button.text() == "Replace Rating"

    fill(dialog, reception, sales, "2026-Q1", 4.0)
    dialog.save_button.click()
    assert [(r.score, r.rehire) for r in document.chain.ratings] == [(4.0, None)]  # replaced, not added
    assert cell(dialog, sales, reception).text() == "4.0"
    window.actions_by_id["edit.undo"].trigger()
    assert [(r.score, r.rehire) for r in document.chain.ratings] == [(2.5, 0.4)]
    assert cell(dialog, sales, reception).text().startswith("2.5")
    window.actions_by_id["edit.undo"].trigger()
    assert document.chain.ratings == []
    dialog.deleteLater()


def test_choosing_a_cell_loads_its_rating_and_the_period_chooser_shows_older_ones(window):
    document = window.document
    document.set_rating(Rating(customer="reception", provider="sales", period="2025-Q4", score=3.5, responses=9))
    document.set_rating(Rating(customer="reception", provider="sales", period="2026-Q1", score=4.5, comment="better"))
    dialog = RatingsDialog(document, window)
    assert [dialog.period.itemText(i) for i in range(dialog.period.count())] == ["2026-Q1", "2025-Q4"]
    assert cell(dialog, "sales", "reception").text() == "4.5"
    dialog.period.setCurrentIndex(1)
    assert cell(dialog, "sales", "reception").text() == "3.5"
    place = cell(dialog, "sales", "reception")
    dialog.table.setCurrentCell(place.row(), place.column())
    assert (dialog.customer.currentData(), dialog.provider.currentData(), dialog.period_edit.text()) == ("reception", "sales", "2025-Q4")
    assert (dialog.score.value(), dialog.responses.value()) == (3.5, 9)
    dialog.period_edit.setText("2026-Q1")  # the editor follows its customer, provider and period
    assert (dialog.score.value(), dialog.comment.text(), dialog.save_button.text()) == (4.5, "better", "Replace Rating")
    dialog.period_edit.setText("2025-Q4")
    dialog.remove_button.click()
    assert [r.period for r in document.chain.ratings] == ["2026-Q1"]
    dialog.deleteLater()


def test_a_bad_rating_is_refused_with_a_sentence_and_nothing_changes(window):
    dialog = RatingsDialog(window.document, window)
    before = chain_bytes(window)
    fill(dialog, "sales", "sales", "2026-Q1", 3.0)
    assert not dialog.save_rating()
    assert "does not rate itself" in dialog.problem.text()
    fill(dialog, "reception", "sales", "spring", 3.0)
    assert not dialog.save_rating()
    assert "period" in dialog.problem.text()
    assert dialog.problem.isVisibleTo(dialog)
    assert chain_bytes(window) == before
    dialog.deleteLater()


def test_who_serves_whom_shows_the_latest_rating_under_the_department(window):
    document = window.document
    document.set_rating(Rating(customer="reception", provider="sales", period="2026-Q1", score=2.0, rehire=0.25, responses=8))
    panel = window.serves_panel
    panel.show_department("sales")
    assert panel.rating.text() == "Internal rating 2026-Q1: 2.0 of 5, low · 25% would hire them back · 8 responses"
    panel.show_department("delivery")
    assert panel.rating.text() == "Internal rating: none yet (Review > Internal Ratings…)."


def measure_touchpoints(window) -> list[str]:
    document = window.document
    ids = [document.chain.touchpoints[1].id, document.chain.touchpoints[2].id]
    for id in ids:
        document.set_fields(id, "Measure", measure=Measure(metric="answered in time", unit="%", target=90,
                                                          direction="at_least", period="month"))
    return ids


def test_import_results_from_the_editor_is_one_undo_step(window, tmp_path, monkeypatch, errors):
    document = window.document
    first, second = measure_touchpoints(window)
    document.set_fields(first, "Result", results=[{"period": "2026-01", "value": 80}])
    before, steps = chain_bytes(window), document.undo_stack.count()
    source = tmp_path / "results.csv"
    source.write_text(f"touchpoint,period,value,note\n{first},2026-01,85,\n{first},2026-02,92,\n{second},2026-02,70,short-staffed\n",
                      encoding="utf-8")
    choose_file(monkeypatch, source)
    window.actions_by_id["file.import_results"].trigger()
    assert errors == []
    assert [(r.period, r.value) for r in document.touchpoint(first).results] == [("2026-01", 85), ("2026-02", 92)]
    assert [(r.period, r.value, r.note) for r in document.touchpoint(second).results] == [("2026-02", 70, "short-staffed")]
    assert window.statusBar().currentMessage() == "Added 2 and replaced 1 results."
    assert document.undo_stack.count() == steps + 1
    window.actions_by_id["edit.undo"].trigger()
    assert chain_bytes(window) == before


def test_a_bad_results_file_names_row_and_column_and_changes_nothing(window, tmp_path, monkeypatch, errors):
    document = window.document
    first, _second = measure_touchpoints(window)
    before, steps = chain_bytes(window), document.undo_stack.count()
    source = tmp_path / "results.csv"
    source.write_text(f"touchpoint,period,value\n{first},2026-01,85\nno-such-step,2026-01,3\n", encoding="utf-8")
    choose_file(monkeypatch, source)
    window.actions_by_id["file.import_results"].trigger()
    assert len(errors) == 1
    assert 'row 3, column "touchpoint"' in errors[0] and errors[0].startswith("The results were not imported.")
    assert chain_bytes(window) == before and document.undo_stack.count() == steps


def test_import_ratings_from_the_editor_is_one_undo_step(window, tmp_path, monkeypatch, errors):
    document = window.document
    document.set_rating(Rating(customer="reception", provider="sales", period="2026-Q1", score=2.0))
    before = chain_bytes(window)
    source = tmp_path / "ratings.csv"
    source.write_text("customer,provider,period,score,rehire,responses\n"
                      "Reception,Sales,2026-Q1,3.5,75%,10\nsales,delivery,2026-Q1,4.2,0.9,\n", encoding="utf-8")
    choose_file(monkeypatch, source)
    window.actions_by_id["file.import_ratings"].trigger()
    assert errors == []
    assert {(r.provider, r.score, r.rehire, r.responses) for r in document.chain.ratings} == {
        ("sales", 3.5, 0.75, 10), ("delivery", 4.2, 0.9, None)}
    assert window.statusBar().currentMessage() == "Added 1 and replaced 1 ratings."
    window.actions_by_id["edit.undo"].trigger()
    assert chain_bytes(window) == before


def test_a_bad_ratings_file_changes_nothing(window, tmp_path, monkeypatch, errors):
    before = chain_bytes(window)
    source = tmp_path / "ratings.csv"
    source.write_text("customer,provider,period,score\nReception,Sales,2026-Q1,seven\n", encoding="utf-8")
    choose_file(monkeypatch, source)
    window.actions_by_id["file.import_ratings"].trigger()
    assert len(errors) == 1 and 'row 2, column "score"' in errors[0]
    assert chain_bytes(window) == before
