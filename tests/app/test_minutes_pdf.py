"""The minutes as a PDF: user text shown as text, long minutes paged with a footer on each page."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest

from app.export import ExportOptions
from app.minutes_pdf import export_minutes_pdf, long_date
from models.chain import Comment
from tests.minutes_chain import MARCH, two_sessions_chain

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext reads the minutes back")

LONG = "The queue in the morning, when three buses arrive at once and nobody knows who is next. " * 4


def pdf_pages(path) -> list[str]:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return unicodedata.normalize("NFKC", text).split("\f")[:-1]  # ligatures undone


def test_long_minutes_run_over_pages_each_with_the_footer(qapp, tmp_path):
    chain = two_sessions_chain()
    for number, touchpoint in enumerate(chain.touchpoints * 3):
        chain.comments.append(Comment(id=f"x-{number}", element=touchpoint.id, author="Priya Nair",
                                      date="2026-03-02", session=MARCH, text=f"[x-{number}] {LONG}"))
    target = tmp_path / "minutes.pdf"
    count = export_minutes_pdf(chain, MARCH, target, ExportOptions(page="letter"))
    pages = pdf_pages(target)
    assert count == len(pages) > 3
    for number, page in enumerate(pages, 1):
        assert "Order to delivery — minutes of “Showroom walkthrough”, Monday 2 March 2026" in page
        assert f"Page {number} of {count}" in page
    text = "\n".join(pages)
    assert all(f"[x-{number}]" in text for number in range(len(chain.touchpoints) * 3))


def test_user_text_is_printed_as_text(qapp, tmp_path):
    chain = two_sessions_chain()
    chain.comments[0].text = "<b>not bold</b> & <script>alert(1)</script>\x1b[31m"
    chain.sessions[0].title = "<i>Walk</i>"
    target = tmp_path / "minutes.pdf"
    export_minutes_pdf(chain, MARCH, target)
    text = "\n".join(pdf_pages(target))
    assert "<b>not bold</b> & <script>alert(1)</script>[31m" in text
    assert "<i>Walk</i>" in text


def test_dates_are_spelled_in_english():
    assert long_date("2026-03-02") == "Monday 2 March 2026"
    assert long_date("2024-12-29") == "Sunday 29 December 2024"
