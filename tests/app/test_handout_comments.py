"""The handout's open critiques (`--comments`): read back from the PDF with pdftotext."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata

import pytest

from app.export import ExportOptions
from app.handout import export_handout
from models.chain_file import save_chain
from tests.app.test_cli import run
from tests.minutes_chain import two_sessions_chain

OPEN_CRITIQUES = ["c-4", "c-1", "c-5", "c-9"]  # in flow order: the first touchpoint's, then the second's

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext reads the handout back")


def pdf_text(path) -> str:
    """The PDF's text, ligatures undone (a fallback font may set "fl" as one glyph)."""
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return unicodedata.normalize("NFKC", text)


def named_comments(text: str) -> list[str]:
    return re.findall(r"\[(c-\d+)\]", text)


def critiques_section(text: str) -> str:
    return text[text.index("4 open critiques, by where they are pinned"):]


def test_the_open_critiques_in_flow_order_with_authors_and_dates(qapp, tmp_path):
    target = tmp_path / "handout.pdf"
    export_handout(two_sessions_chain(), target, ExportOptions(comments=True))
    text = pdf_text(target)
    # Only open critiques: not the resolved c-8, the question c-2, the idea c-3, the praise c-6 and c-7.
    assert named_comments(text) == OPEN_CRITIQUES
    section = critiques_section(text)
    assert section.startswith("4 open critiques, by where they are pinned, in flow order")
    for expected in ("“Visits the showroom”", "“Welcomes the visitor and finds an adviser”", "Ana Ruiz",
                     "2026-04-14", "2026-03-09"):
        assert expected in section
    # Each touchpoint with open critiques points to the section, and the cover's contents list it.
    assert "1 critique, listed under “Open critiques”" in text
    assert "3 critiques, listed under “Open critiques”" in text
    assert re.search(r"Open critiques\s+\d+", text.split("\f")[0])


def test_without_the_option_there_are_no_critiques(qapp, tmp_path):
    target = tmp_path / "handout.pdf"
    export_handout(two_sessions_chain(), target, ExportOptions())
    text = pdf_text(target)
    assert named_comments(text) == []
    assert "Open critiques" not in text


def test_a_department_handout_keeps_its_own_critiques(qapp, tmp_path):
    target = tmp_path / "reception.pdf"
    export_handout(two_sessions_chain(), target, ExportOptions(comments=True, scope="department",
                                                               department_id="reception"))
    assert named_comments(pdf_text(target)) == ["c-1", "c-5", "c-9"]


def test_no_open_critiques_is_said(qapp, tmp_path):
    chain = two_sessions_chain()
    for comment in chain.comments:
        comment.status = "resolved"
    target = tmp_path / "handout.pdf"
    export_handout(chain, target, ExportOptions(comments=True))
    assert "No open critiques: every critique made in review has been resolved." in pdf_text(target)


def test_the_command_line_flag(tmp_path):
    source, target = tmp_path / "reviewed.chain", tmp_path / "handout.pdf"
    save_chain(two_sessions_chain(), source)
    result = run("export", str(source), "--handout", "--comments", "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert named_comments(pdf_text(target)) == OPEN_CRITIQUES
