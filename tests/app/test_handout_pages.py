"""How the handout's text falls on its pages: entries and table rows whole, a table's heading
row again at the top of each page it runs on to. Checked on the laid-out lines of text."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSizeF
from PySide6.QtGui import QTextTable

from app.export import ExportOptions
from app.export.pdf import page_layout
from app.handout import body_document, html_table, keep_entries_together, text_document, text_page_size
from models.chain_file import load_chain
from resources.templates import TEMPLATES_DIR


def lines(document, first, last=None) -> list[tuple[float, float]]:
    """(top, bottom) of each line of text from block `first` up to `last` (or to the end of
    its table cell when `last` is None and it is in one)."""
    layout = document.documentLayout()
    found, block = [], first
    while block.isValid():
        origin = layout.blockBoundingRect(block).top()
        text = block.layout()
        assert text.lineCount() or not block.text(), f"{block.text()!r} is not laid out"
        for number in range(text.lineCount()):
            line = text.lineAt(number)
            found.append((origin + line.y(), origin + line.y() + line.height()))
        if block == last:
            break
        block = block.next()
    return found


def page_of(y: float, page_height: float) -> int:
    return int(y // page_height)


def split_rows(document, page_height: float) -> list[tuple[int, str]]:
    """(row, first cell's text) of every table row shorter than a page whose lines fall on two pages."""
    split = []
    for table in (frame for frame in document.rootFrame().childFrames() if isinstance(frame, QTextTable)):
        for row in range(table.rows()):
            row_lines = []
            for column in range(table.columns()):
                cell = table.cellAt(row, column)
                row_lines += lines(document, cell.firstCursorPosition().block(), cell.lastCursorPosition().block())
            top, bottom = min(line[0] for line in row_lines), max(line[1] for line in row_lines)
            if bottom - top < page_height and page_of(top, page_height) != page_of(bottom - 1, page_height):
                split.append((row, table.cellAt(row, 0).firstCursorPosition().block().text()))
    return split


def split_entries(document, page_height: float) -> list[str]:
    """The headings of entries (an <h3> and what follows it) shorter than a page that fall on two pages."""
    split = []
    block = document.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() == 3:
            end = block
            while end.next().isValid() and end.next().blockFormat().headingLevel() not in (2, 3):
                end = end.next()
            entry = lines(document, block, end)
            top, bottom = min(line[0] for line in entry), max(line[1] for line in entry)
            if bottom - top < page_height and page_of(top, page_height) != page_of(bottom - 1, page_height):
                split.append(block.text())
        block = block.next()
    return split


def test_entries_are_not_split_across_pages(qapp):
    entries = "".join(
        f"<h3>{number}. Step {number}</h3><table><tr><td>Owner</td><td>Someone</td></tr>"
        f"<tr><td>Objective</td><td>Within {number} hours</td></tr></table>"
        for number in range(1, 40)
    )
    page = QSizeF(500, 300)
    document = text_document(entries, page)
    assert split_entries(document, page.height())

    keep_entries_together(document, page.height())

    assert split_entries(document, page.height()) == [] and document.pageCount() > 1


def test_a_long_table_keeps_each_row_whole_and_repeats_its_heading_row(qapp):
    rows = [(f"Row {number}", "a cell long enough to wrap onto a second line in this narrow page " * (1 + number % 2))
            for number in range(80)]
    page = QSizeF(420, 400)
    document = text_document(html_table(("Name", "Text"), rows), page)
    assert split_rows(document, page.height())  # without keeping them, rows fall on two pages

    keep_entries_together(document, page.height())

    assert split_rows(document, page.height()) == []
    table = next(frame for frame in document.rootFrame().childFrames() if isinstance(frame, QTextTable))
    assert table.format().headerRowCount() == 1
    assert document.pageCount() > 3
    # On every page after the first, the first row starts below the repeated heading row.
    heading = lines(document, table.cellAt(0, 0).firstCursorPosition().block(), table.cellAt(0, 0).lastCursorPosition().block())
    heading_height = heading[-1][1] - heading[0][0]
    tops = [lines(document, table.cellAt(row, 0).firstCursorPosition().block())[0][0] for row in range(1, table.rows())]
    firsts = {}
    for top in tops:
        firsts.setdefault(page_of(top, page.height()), top)
    for number, top in firsts.items():
        if number:
            assert top - number * page.height() >= heading_height


def test_a_row_taller_than_a_page_is_left_to_flow_on(qapp):
    page = QSizeF(420, 300)
    rows = [("Short", "one line"), ("Tall", "many words " * 400), ("After", "one line")]
    document = text_document(html_table(("Name", "Text"), rows), page)
    keep_entries_together(document, page.height())
    text = document.toPlainText()
    assert "Tall" in text and "After" in text and document.pageCount() > 2


@pytest.mark.parametrize("paper", ["a4", "letter", "slide"])
@pytest.mark.parametrize("template", sorted(path.name for path in TEMPLATES_DIR.glob("*.chain")))
def test_template_handouts_keep_entries_and_rows_whole(qapp, template, paper):
    chain = load_chain(TEMPLATES_DIR / template)
    options = ExportOptions(page=paper, findings=True, comments=True, scorecard=True)
    page = text_page_size(page_layout(options, landscape=paper == "slide"))
    document = body_document(chain, options, page)
    assert split_entries(document, page.height()) == []
    assert split_rows(document, page.height()) == []
