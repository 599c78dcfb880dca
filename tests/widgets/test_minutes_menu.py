"""Review > Minutes…: choose a session, choose where, and the minutes are written."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from PySide6.QtWidgets import QFileDialog, QInputDialog

from app.menus import review_menu
from models.chain_file import save_chain
from tests.minutes_chain import APRIL_COMMENTS, MARCH, MARCH_COMMENTS, two_sessions_chain


@pytest.fixture
def sample_file(tmp_path):
    """The window fixture's file: the retail sample reviewed in two sessions."""
    path = tmp_path / "reviewed.chain"
    save_chain(two_sessions_chain(), path)
    return path


class Dialogs:
    """Stand-ins for the session choice and the save dialog, recording what they were asked."""

    def __init__(self, monkeypatch, session: int | None, path, file_type: str = "Markdown (*.md)"):
        self.asked_sessions, self.asked_paths, self.errors = [], [], []

        def get_item(parent, title, label, items, current, editable):
            self.asked_sessions.append((items, current))
            return (items[session], True) if session is not None else ("", False)

        def get_save_file_name(parent, caption, start, filters):
            self.asked_paths.append((start, filters))
            return str(path), file_type

        monkeypatch.setattr(QInputDialog, "getItem", staticmethod(get_item))
        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(get_save_file_name))
        monkeypatch.setattr(review_menu, "show_error", lambda parent, sentence: self.errors.append(sentence))


def named_comments(text: str) -> set[str]:
    return set(re.findall(r"\[(c-\d+)\\?\]", text))


def test_minutes_of_the_chosen_session_as_markdown(window, monkeypatch, tmp_path):
    dialogs = Dialogs(monkeypatch, session=0, path=tmp_path / "march")
    window.actions_by_id["review.minutes"].trigger()
    items, current = dialogs.asked_sessions[0]
    assert items == ["2026-03-02 — Showroom walkthrough", "2026-04-14 — Back office review"]
    assert current == 1  # no current review session: the latest is offered
    start, filters = dialogs.asked_paths[0]
    assert start == str(tmp_path / "Order to delivery minutes 2026-03-02.md")
    assert filters == "Markdown (*.md);;PDF documents (*.pdf)"
    markdown = (tmp_path / "march.md").read_text(encoding="utf-8")  # the suffix of the chosen type
    assert named_comments(markdown) == MARCH_COMMENTS
    assert dialogs.errors == []
    assert "march.md" in window.statusBar().currentMessage()


def test_minutes_as_pdf_of_the_current_review_session(window, monkeypatch, tmp_path):
    window.session.review_session = MARCH
    dialogs = Dialogs(monkeypatch, session=1, path=tmp_path / "april.pdf")
    window.actions_by_id["review.minutes"].trigger()
    assert dialogs.asked_sessions[0][1] == 0  # the current session is offered first
    assert (tmp_path / "april.pdf").read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed: the minutes' text was not read back")
    text = subprocess.run(["pdftotext", str(tmp_path / "april.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert named_comments(text) == APRIL_COMMENTS


def test_cancelling_the_choice_of_session_writes_nothing(window, monkeypatch, tmp_path):
    dialogs = Dialogs(monkeypatch, session=None, path=tmp_path / "m.md")
    window.actions_by_id["review.minutes"].trigger()
    assert dialogs.asked_paths == [] and not (tmp_path / "m.md").exists()


def test_a_failed_write_is_one_sentence(window, monkeypatch, tmp_path):
    dialogs = Dialogs(monkeypatch, session=0, path=tmp_path / "gone" / "m.md")
    window.actions_by_id["review.minutes"].trigger()
    assert dialogs.errors == [
        f"The minutes could not be written. Could not export to {tmp_path / 'gone' / 'm.md'}: "
        f"the folder {tmp_path / 'gone'} does not exist (any more)."
    ]


def test_a_chain_without_sessions_says_so(window, monkeypatch, tmp_path):
    window.document.chain.sessions.clear()
    dialogs = Dialogs(monkeypatch, session=0, path=tmp_path / "m.md")
    window.actions_by_id["review.minutes"].trigger()
    assert dialogs.errors == ["This chain has no review sessions yet, so there are no minutes to write: "
                              "record a session first."]
    assert dialogs.asked_sessions == dialogs.asked_paths == []
