"""The printed handout: a cover, the diagram, the departments one after the other, the roster,
and when asked for, the open critiques and the open findings.

It is what a trainer hands to new employees (DOMAIN.md). The cover carries the title,
organisation and vision, a short "How to read the diagram" with the legend drawn, and
the contents with page numbers. The diagram follows on a page turned the way it is
longer, with owners named on the cards; when one page would print its labels below
MIN_LABEL_POINTS it is tiled over pages instead, as `--tiles` does. The departments'
sections then flow on one after the other, so a chain of small departments takes a few
pages, not one each; an entry (a touchpoint) and a section's heading with its first
entry are never split across pages.

Text pages are portrait (on slides, landscape); text is laid out by QTextDocument from
HTML in which every user text is escaped, then drawn page by page into the same PDF as
the diagram pages.

Touchpoints are listed in flow order (models/flow_order.py): left to right as drawn, then
top to bottom. On the canvas x is time along the lanes, so this is the order in which the
customer meets them; a topological order of the handoffs is not always defined, since
handoffs can loop back (rework).

The open critiques (`comments`) are one section after the roster, by element in flow
order, rather than notes inside each touchpoint's entry: the departments' sections say
how the work is done, which is what a new employee learns from them, and a list of what
is still disputed would blur that; gathered in one place, the critiques are what a
trainer walks through with the group ("this is what we are still improving"). Each
touchpoint with open critiques says how many in its entry, so a reader of one department
finds them. A part of the chain (a department, a selection) keeps the critiques of its
own elements only.

The scorecard (`scorecard`) is one section before the findings: per department, its
measured touchpoints in flow order (metric, target, latest result, status as
models.measures gives it, the same as `chain-designer scorecard`), its on/off counts and
its latest internal rating; then per owner their counts and open actions. Departments that
measure nothing and have no rating are left out of it, and say so in one line.
"""

from __future__ import annotations

import html
from dataclasses import replace

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QFontMetricsF,
    QPageLayout,
    QPainter,
    QPicture,
    QPyTextObject,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextTable,
)

from app.export.diagram import Diagram, Outline, canvas_dpi, play_picture
from app.export.options import ExportOptions, check_options, scoped_chain, write_file
from app.export.pdf import (
    FOOTER_MM,
    PDF_RESOLUTION,
    PdfPages,
    PdfPlan,
    draw_fitted,
    draw_tiles,
    page_layout,
    plan_pages,
    tile_area,
)
from models.blueprint_lines import line_kinds
from models.chain import Chain, Comment, Department, Handoff, Touchpoint
from models.collector import collector_paused
from models.comments import open_critiques, pinned_elements
from models.flow_order import elements_in_flow_order, touchpoints_in_flow_order
from models.links import is_safe_link
from models.timing import minutes_text
from models.lint import lint_chain
from models.measures import open_actions
from models.scorecard import DepartmentScore, TouchpointScore, scorecard
from models.text import ZERO_WIDTH_SPACE, shortened, with_break_opportunities
from widgets.canvas.legend import LegendLayout, legend_layout, paint_legend
from widgets.canvas.mark_glyph import marks_used
from widgets.canvas.scorecard import STATUS_COLOURS
from widgets.canvas.style import REVIEW_COLOURS, ROLE_NAMES, Theme, label_font

CHANNEL_NAMES = {
    "in_person": "In person",
    "phone": "Phone",
    "email": "E-mail",
    "web": "Web",
    "chat": "Chat",
    "written": "Written (letter or form)",
    "system": "Internal system",
    "other": "Other",
}
KIND_NAMES = {"start": "Where the journey starts", "end": "Where the journey ends", "decision": "A decision"}
SEVERITY_NAMES = {"error": "Error", "warning": "Warning", "info": "Info"}
DIAGRAM_HEADING = "The chain at a glance"
CRITIQUES_HEADING = "Open critiques"
MARK_NAMES = {"moment_of_truth": "a moment of truth", "fail_point": "a fail point", "pain_point": "a pain point"}
SCORECARD_HEADING = "Scorecard"
STATUS_WORDS = {"on": "On target", "off": "Off target", "none": "No result yet"}
NAMED_LABEL = 100  # a label named in another line is cut to this: it is printed whole in its own section

#: QTextDocument draws a page in time proportional to the length of the paragraphs on it, so
#: a paragraph longer than this is cut into blocks of about this many characters (at a
#: space or a break opportunity); a huge one then does not cost its length on every page.
BLOCK_CHARACTERS = 10_000
PARAGRAPH_SEPARATOR = "\u2029"  # a new block in the same paragraph's format
SECTION_START_ROOM = 140.0  # a section's heading keeps at least this much below it on its page (layout units)

STYLE = """
h1 { font-size: 26pt; font-weight: 700; color: #1f2933; margin-bottom: 4px; }
h2 { font-size: 17pt; font-weight: 700; color: #1f2933; margin-top: 26px; margin-bottom: 2px; }
h3 { font-size: 11.5pt; font-weight: 700; color: #1f2933; margin-top: 16px; margin-bottom: 4px; }
p { margin-top: 0px; margin-bottom: 6px; }
.kicker { font-size: 10pt; color: #5f6b76; text-transform: uppercase; }
.organisation { font-size: 14pt; color: #3e4c59; margin-bottom: 20px; }
.label { font-size: 9pt; font-weight: 700; color: #5f6b76; margin-top: 16px; margin-bottom: 3px; }
.meta { color: #5f6b76; margin-bottom: 10px; }
.none { color: #8a949e; font-style: italic; }
.link { color: #1e5fa8; font-size: 8.5pt; }
.legend { margin-top: 6px; margin-bottom: 4px; }
td { padding: 3px; vertical-align: top; }
td.key { color: #5f6b76; font-weight: 600; }
td.contents { padding-top: 2px; padding-bottom: 2px; }
th { text-align: left; color: #3e4c59; background-color: #eef1f4; padding: 3px; }
"""


def export_handout(chain: Chain, path, options: ExportOptions = ExportOptions()) -> int:
    """Write the printed handout (cover, diagram, departments, roster); returns the page count."""
    check_options(options)
    return write_handout(chain, path, options)


@collector_paused()  # a scene of the whole chain and long text documents, kept until the end
def write_handout(chain: Chain, path, options: ExportOptions) -> int:
    """Lay out and write the handout of `chain` (or of its scope); returns the page count."""
    part = scoped_chain(chain, options)
    if options.comments and options.scope != "chain":
        part = with_threads_of_part(chain, part)
    if options.scorecard and options.scope != "chain":
        part = with_improvement_of_part(chain, part)
    diagram = Diagram(part, handout_diagram_options(options))
    chain = diagram.chain  # its text made printable
    text_layout = page_layout(options, landscape=options.page == "slide")
    page = text_page_size(text_layout)
    legend = legend_layout(page.width(), options.badges, line_kinds(chain.departments), marks_used(chain))
    diagram_pages = _DiagramPages(diagram, options)

    body = body_document(chain, options, page)
    contents = _section_pages(body, page.height())
    # The cover is laid out twice: its contents' page numbers count its own pages.
    cover = _cover_document(chain, contents, 0, 0, legend, page)
    first_body_page = cover.pageCount() + diagram_pages.plan.pages + 1
    cover = _cover_document(chain, contents, first_body_page, cover.pageCount() + 1, legend, page)
    total = cover.pageCount() + diagram_pages.plan.pages + body.pageCount()

    title = chain.title.strip() or "Untitled chain"
    footer = f"{title} — handout"
    pages = PdfPages(title, text_layout)
    draw_text_pages(pages, cover, page, footer=None, total=total)
    pages.new_page(diagram_pages.plan.layout)
    diagram_pages.draw(pages, footer, total)
    pages.new_page(text_layout)
    draw_text_pages(pages, body, page, footer=footer, total=total)
    count = pages.count
    write_file(pages.finish(), path)
    return count


def body_document(chain: Chain, options: ExportOptions, page: QSizeF) -> QTextDocument:
    """The handout's text after the diagram, laid out on pages of `page` with its entries
    and table rows kept whole."""
    body = text_document(body_html(chain, options), page)
    keep_entries_together(body, page.height())
    return body


def with_threads_of_part(chain: Chain, part: Chain) -> Chain:
    """`part` (cut from `chain` without its comments) with the comment threads pinned to
    its touchpoints, handoffs and departments; the sessions they name are not in a part,
    so the copies name none."""
    kept = {t.id for t in part.touchpoints} | {h.id for h in part.handoffs} | {d.id for d in part.departments}
    pinned = pinned_elements(chain)
    comments = [c.model_copy(update={"session": None}) for c in chain.comments if pinned[c.id] in kept]
    return part.model_copy(update={"comments": comments})


def with_improvement_of_part(chain: Chain, part: Chain) -> Chain:
    """`part` (cut from `chain` without its actions and ratings) with the ratings of its
    departments by their internal customers, wherever those are, and the open actions that
    name its elements (naming only those), so its scorecard rates and acts as the chain's."""
    kept = {t.id for t in part.touchpoints} | {h.id for h in part.handoffs} | {d.id for d in part.departments}
    actions = [
        action.model_copy(update={"elements": [e for e in action.elements if e in kept], "comments": []})
        for action in chain.actions if any(element in kept for element in action.elements)
    ]
    ratings = [rating.model_copy() for rating in chain.ratings if rating.provider in kept]
    return part.model_copy(update={"actions": actions, "ratings": ratings})


def handout_diagram_options(options: ExportOptions) -> ExportOptions:
    """The options the handout draws its diagram with: owners named on the cards, no title
    (the page has a heading) and no legend (the cover has it)."""
    return replace(options, owner_names=True, title=False, legend=False)


def handout_diagram_plan(outline: Outline, options: ExportOptions) -> PdfPlan:
    """How the handout puts a diagram of `outline` (see Diagram.outline) on its pages: fitted
    to one below its heading, or tiled when fitted its labels would print too small to read."""
    return plan_pages(outline, options, tiles=True, top=_DiagramHeading(options).height, footer=True)


# -- laying out and drawing pages ------------------------------------------------------------


def text_page_size(layout: QPageLayout) -> QSizeF:
    """The text area of a page, above the footer, in the units QTextDocument lays out in."""
    paint = layout.paintRectPixels(PDF_RESOLUTION)
    to_layout = canvas_dpi() / PDF_RESOLUTION
    footer = FOOTER_MM / 25.4 * PDF_RESOLUTION
    # Whole units: the layout puts page tops at whole units too, so section pages count right.
    return QSizeF(int(paint.width() * to_layout), int((paint.height() - footer) * to_layout))


def text_document(body: str, page: QSizeF, style: str = "") -> QTextDocument:
    """`body` laid out on pages of `page` in the handout's font and STYLE (and `style`)."""
    document = QTextDocument()
    document.setDefaultFont(label_font(10.0))
    document.setDefaultStyleSheet(STYLE + style)
    document.setDocumentMargin(0)  # the page layout has the margins
    document.setHtml(f"<html><body>{body}</body></html>")
    document.setPageSize(page)
    return document


def keep_entries_together(document: QTextDocument, page_height: float) -> None:
    """Start an entry (an <h3> and what follows it) on a new page rather than split it,
    so a touchpoint's last line never sits alone at the top of a page; start a section
    (an <h2>) on a new page when its heading would be left at the bottom of one without
    its first entry; and move a table row that would be split over two pages to the next
    one whole, under its table's heading row again. The document is walked in order and
    each decision reads the layout the earlier ones left."""
    layout = document.documentLayout()
    block = document.begin()
    while block.isValid():
        table = QTextCursor(block).currentTable()
        if table is not None:
            _keep_rows_together(table, layout, page_height)
            block = table.lastCursorPosition().block().next()
            continue
        level = block.blockFormat().headingLevel()
        if level in (2, 3):
            top = layout.blockBoundingRect(block).top()
            end = _entry_end(document, block) if level == 3 else _section_start_end(document, block)
            if level == 2 and end - top >= page_height:  # a long table: keep a few rows with it
                end = top + SECTION_START_ROOM
            first_page, last_page = int(top // page_height), int((end - 1) // page_height)
            if first_page != last_page and end - top < page_height and top % page_height > 1:
                cursor = QTextCursor(block)
                entry_format = QTextBlockFormat()
                entry_format.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                cursor.mergeBlockFormat(entry_format)
        block = block.next()


def _keep_rows_together(table: QTextTable, layout, page_height: float) -> None:
    """Push each row of `table` that starts on one page and ends on the next down to the
    next page, by padding the row above it down to the page's end: Qt then moves the row
    whole (and repeats the table's heading rows above it). A row taller than a page stays
    split, and so does a first row (its entry or section is kept together above it)."""
    for row in range(max(1, table.format().headerRowCount()), table.rows()):
        lines = [line for column in range(table.columns()) for line in _lines(table.cellAt(row, column), layout)]
        if not lines:
            continue
        top, bottom = min(line.top() for line in lines), max(line.bottom() for line in lines)
        first_page, last_page = int(top // page_height), int((bottom - 1) // page_height)
        if first_page == last_page or bottom - top >= page_height:
            continue
        # The row above is as tall as its tallest cell: padding that one makes it taller.
        cells_above = [table.cellAt(row - 1, column) for column in range(table.columns())]
        tallest = max(cells_above, key=lambda cell: max((line.bottom() for line in _lines(cell, layout)), default=0))
        padded = tallest.format().toTableCellFormat()
        padded.setBottomPadding(padded.bottomPadding() + (first_page + 1) * page_height - top + 1)
        tallest.setFormat(padded)


def _lines(cell, layout) -> list[QRectF]:
    """The lines of text in a table cell, in document coordinates."""
    lines = []
    block, end = cell.firstCursorPosition().block(), cell.lastCursorPosition().block()
    while block.isValid():
        origin = layout.blockBoundingRect(block).topLeft()
        text = block.layout()
        lines += [text.lineAt(number).rect().translated(origin) for number in range(text.lineCount())]
        if block == end:
            break
        block = block.next()
    return lines


def _entry_end(document: QTextDocument, heading) -> float:
    """The bottom of the entry that `heading` starts (it ends at the next heading)."""
    layout = document.documentLayout()
    end = layout.blockBoundingRect(heading).bottom()
    block = heading.next()
    while block.isValid() and block.blockFormat().headingLevel() not in (2, 3):
        # A table's frame rect, not its cells' blocks: asking for it lays out the whole
        # document, and the breaks made later need that. On a document Qt has laid out
        # only in part, a format change ahead of the laid-out part leaves blocks after it
        # with no lines at all, and they print as nothing.
        table = QTextCursor(block).currentTable()
        rect = layout.frameBoundingRect(table) if table else layout.blockBoundingRect(block)
        end = max(end, rect.bottom())
        block = block.next()
    return end


def _section_start_end(document: QTextDocument, heading) -> float:
    """The bottom of a section's start: its heading, what follows it and its first entry."""
    end = _entry_end(document, heading)
    block = heading.next()
    while block.isValid() and block.blockFormat().headingLevel() not in (2, 3):
        block = block.next()
    if block.isValid() and block.blockFormat().headingLevel() == 3:
        end = max(end, _entry_end(document, block))
    return end


def _section_pages(document: QTextDocument, page_height: float) -> list[tuple[str, int]]:
    """(heading, page index in `document`) for each section heading (<h2>)."""
    sections = []
    block = document.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() == 2:
            top = document.documentLayout().blockBoundingRect(block).top()
            sections.append((block.text(), int((top + 0.5) // page_height)))
        block = block.next()
    return sections


def draw_text_pages(
    pages: PdfPages, document: QTextDocument, page: QSizeF, footer: str | None, total: int
) -> None:
    # The document is laid out at the canvas dpi; the painter scales it up to the PDF's.
    scale = PDF_RESOLUTION / canvas_dpi()
    for index in range(document.pageCount()):
        if index:
            pages.new_page()
        painter = pages.painter
        painter.save()
        painter.scale(scale, scale)
        painter.translate(0, -index * page.height())
        document.drawContents(painter, QRectF(QPointF(0, index * page.height()), page))
        painter.restore()
        if footer is not None:
            pages.footer(footer, f"Page {pages.count} of {total}")


class _DiagramHeading:
    """The heading of a diagram page and a note under it: what it shows, how to read it."""

    def __init__(self, options: ExportOptions):
        self.heading_font = label_font(17.0, bold=True)
        self.note_font = label_font(9.0)
        # Measured at the canvas dpi (there is no PDF yet), in the PDF's units, on the
        # narrower page, so the room is the same whichever way the pages are turned.
        to_device = PDF_RESOLUTION / canvas_dpi()
        width = page_layout(options, landscape=False).paintRectPixels(PDF_RESOLUTION).width() / to_device
        self.heading_height = QFontMetricsF(self.heading_font).height() * to_device
        # Room for the longer note, a tiled page's.
        note = QFontMetricsF(self.note_font).boundingRect(
            QRectF(0, 0, width, 1e6), Qt.TextFlag.TextWordWrap, self.note(999, 999, 99, 99, 99, 99)
        )
        self.note_height = note.height() * to_device + _mm(0.5)
        #: The room it takes at the top of the page, in the PDF's units.
        self.height = self.heading_height + _mm(1) + self.note_height + _mm(4)

    @staticmethod
    def note(part: int = 1, parts: int = 1, row: int = 0, rows: int = 1, column: int = 0, columns: int = 1) -> str:
        """The note under the heading: how to read the diagram, or on a tile (`part` of
        `parts`, counted from 1) where it belongs; `row` and `column` count from 0."""
        if parts == 1:
            return (
                "One lane per department, the customer's on top; each card is a touchpoint, named "
                "with its owner, and each arrow a handoff, read from left to right. The legend is on page 1."
            )
        return (
            f"Part {part} of {parts}: row {row + 1} of {rows}, column {column + 1} of {columns}. The "
            "diagram is spread over pages so that its labels stay readable, each page cut between "
            "cards; lay them side by side. The legend is on page 1."
        )

    def draw(self, pages: PdfPages, heading: str, note: str) -> None:
        painter = pages.painter
        area = pages.area()
        wrap = Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap
        painter.save()
        painter.setFont(self.heading_font)
        painter.setPen(Theme.light().text)
        painter.drawText(QRectF(area.left(), area.top(), area.width(), self.heading_height + pages.mm(1)),
                         Qt.AlignmentFlag.AlignLeft, heading)
        painter.setFont(self.note_font)
        painter.setPen(Theme.light().muted_text)
        note_top = area.top() + self.heading_height + pages.mm(1)
        painter.drawText(QRectF(area.left(), note_top, area.width(), self.note_height + pages.mm(1)), wrap, note)
        painter.restore()


class _DiagramPages:
    """The diagram's pages: a heading and a note, then the diagram fitted below them, or
    tiled over pages when fitted its labels would print too small to read."""

    def __init__(self, diagram: Diagram, options: ExportOptions):
        self.diagram = diagram
        self.plan: PdfPlan = handout_diagram_plan(diagram.outline(), options)
        self.heading = _DiagramHeading(options)

    def draw(self, pages: PdfPages, footer: str, total: int) -> None:
        plan, heading = self.plan, self.heading
        if not plan.tiled:
            area = pages.area()
            bottom = area.bottom() - pages.mm(FOOTER_MM)
            top = area.top() + heading.height
            draw_fitted(pages, self.diagram, QRectF(area.left(), top, area.width(), bottom - top))
            heading.draw(pages, DIAGRAM_HEADING, heading.note())
            pages.footer(footer, f"Page {pages.count} of {total}")
            return

        def decorate(row: int, column: int) -> None:
            title = DIAGRAM_HEADING if row == column == 0 else f"{DIAGRAM_HEADING} (continued)"
            heading.draw(pages, title, heading.note(plan.page_of(row, column), plan.pages, row, plan.rows,
                                                     column, plan.columns(row)))
            pages.footer(footer, f"Page {pages.count} of {total}")

        draw_tiles(pages, self.diagram, plan, tile_area(plan.layout, heading.height), decorate)


def _mm(millimetres: float) -> float:
    return millimetres / 25.4 * PDF_RESOLUTION


# -- the cover ------------------------------------------------------------------------------------

LEGEND_MARK = "\ue000legend\ue000"  # where the cover's HTML places the legend
LEGEND_OBJECT = QTextFormat.ObjectTypes.UserObject.value + 1  # the legend's object type in a text document


def cover_html(
    chain: Chain, contents: list[tuple[str, int]], first_body_page: int, diagram_page: int | None = None
) -> str:
    """Title, organisation, vision, description, how to read the diagram (the legend goes
    where LEGEND_MARK is), and the contents with page numbers."""
    parts = [
        '<p class="kicker">Service chain handout</p>',
        f"<h1>{html_text(chain.title or 'Untitled chain')}</h1>",
    ]
    if chain.organisation:
        parts.append(f'<p class="organisation">{html_text(chain.organisation)}</p>')
    if chain.vision:
        parts += ['<p class="label">Vision</p>', f"<p>{html_text(chain.vision)}</p>"]
    if chain.description:
        parts += ['<p class="label">About this chain</p>', f"<p>{html_text(chain.description)}</p>"]
    parts += [
        '<p class="label">How to read the diagram</p>',
        f"<p>{html_text(reading_guide(chain))}</p>",
        f'<p class="legend">{LEGEND_MARK}</p>',
    ]
    counts = [
        _count(len(chain.departments), "department"),
        _count(len(chain.touchpoints), "touchpoint"),
        _count(len(chain.handoffs), "handoff"),
        _count(len(chain.people), "person", "people"),
    ]
    parts.append(f'<p class="label">Contents</p><p class="meta">{" · ".join(counts)}</p>')
    rows = [(DIAGRAM_HEADING, first_body_page - 1 if diagram_page is None else diagram_page)]
    rows += [(heading, first_body_page + index) for heading, index in contents]
    parts.append('<table cellspacing="0" width="70%">')
    for heading, number in rows:
        parts.append(f'<tr><td class="contents">{html_text(heading)}</td><td class="contents" align="right">{number}</td></tr>')
    parts.append("</table>")
    return "\n".join(parts)


def reading_guide(chain: Chain) -> str:
    """A few plain sentences on how to read the diagram; the legend below shows the signs."""
    text = (
        "Each band is a department, the customer's on top; read the diagram from left to right. "
        "Each card is a touchpoint, a moment where someone serves a customer, with the name of "
        "its owner. Each arrow is a handoff; the pill on it says what is passed on. The stripe on "
        "a card's left edge shows how far its review has come."
    )
    lines = line_kinds(chain.departments)
    if "interaction" in lines:
        text += " Above the line of interaction the customer acts; below it the organisation does."
    if "visibility" in lines:
        text += " The customer sees what happens above the dashed line of visibility, not what happens below it."
    if "internal" in lines:
        text += " Below the dotted line of internal interaction, support teams serve the lanes above."
    if chain.stages:
        names = ", ".join(stage.name for stage in chain.stages)
        text += f" The columns are the customer's journey in stages, named above the lanes: {names}."
    return text


def _cover_document(
    chain: Chain, contents: list[tuple[str, int]], first_body_page: int, diagram_page: int,
    legend: LegendLayout, page: QSizeF,
) -> QTextDocument:
    document = text_document(cover_html(chain, contents, first_body_page, diagram_page), page)
    _place_legend(document, legend)
    return document


class _LegendObject(QPyTextObject):
    """The legend as an object in a text document: sized and drawn where the text flows it."""

    def __init__(self, layout: LegendLayout, parent=None):
        super().__init__(parent)
        self.layout = layout
        # Recorded at the canvas dpi, as the diagram is, and replayed at the page's.
        self.picture = QPicture()
        painter = QPainter(self.picture)
        paint_legend(painter, QPointF(0, 0), layout)
        painter.end()

    def intrinsicSize(self, document, position, format) -> QSizeF:  # noqa: N802 (Qt's name)
        return QSizeF(self.layout.size)

    def drawObject(self, painter, rect, document, position, format) -> None:  # noqa: N802
        # The painter maps layout units (canvas pixels) already; a QPicture would scale
        # itself to the device's dpi once more.
        replay = painter.device().logicalDpiX() / self.picture.logicalDpiX()
        play_picture(painter, self.picture, rect.topLeft(), 1 / replay)


def _place_legend(document: QTextDocument, legend: LegendLayout) -> None:
    """Put the legend where the document's text says LEGEND_MARK."""
    cursor = document.find(LEGEND_MARK)
    if cursor.isNull():
        return
    handler = _LegendObject(legend, document)
    document.documentLayout().registerHandler(LEGEND_OBJECT, handler)
    document.legend_object = handler  # kept with the document
    object_format = QTextCharFormat()
    object_format.setObjectType(LEGEND_OBJECT)
    cursor.insertText("\ufffc", object_format)


def _count(number: int, singular: str, plural: str | None = None) -> str:
    return f"{number:,} {singular if number == 1 else plural or singular + 's'}"


# -- the departments, the roster, the findings -------------------------------------------------


def body_html(chain: Chain, options: ExportOptions) -> str:
    """One section per department, the roster, the glossary (when the chain has one) and,
    when asked for, the open critiques and the open findings.

    The sections flow on one after the other (see keep_entries_together for the breaks).
    """
    index = _Index(chain, open_critiques(chain) if options.comments else {})
    parts = [department_html(department, index) for department in chain.departments]
    parts.append(roster_html(chain, index))
    if chain.glossary:
        parts.append(glossary_html(chain))
    if options.comments:
        parts.append(critiques_html(chain, index))
    if options.scorecard:
        parts.append(scorecard_html(chain, index))
    if options.findings:
        parts.append(findings_html(chain, index))
    return "\n".join(parts)


def glossary_html(chain: Chain) -> str:
    """The common service language: each term, what it means, and the words not to use."""
    parts = [_section_heading("Glossary"),
             '<p class="meta">The words this organisation uses, so that every team means the same thing</p>']
    for term in sorted(chain.glossary, key=lambda term: term.key):
        avoid = f'<br><span class="none">Not: {html_text(", ".join(term.avoid))}</span>' if term.avoid else ""
        parts.append(f"<p><b>{html_text(term.term)}</b>: {html_text(term.definition)}{avoid}</p>")
    return "\n".join(parts)


def _section_heading(text: str) -> str:
    return f"<h2>{html_text(text)}</h2>"


class _Index:
    """Look-ups the sections need: elements by id, handoffs by end, open critiques by element."""

    def __init__(self, chain: Chain, critiques: dict[str | None, list[Comment]]):
        self.critiques = critiques
        self.departments = {d.id: d for d in chain.departments}
        self.people = {p.id: p for p in chain.people}
        self.stages = {s.id: s for s in chain.stages}
        self.touchpoints = {t.id: t for t in chain.touchpoints}
        self.handoffs = {h.id: h for h in chain.handoffs}
        self.incoming: dict[str, list[Handoff]] = {}
        self.outgoing: dict[str, list[Handoff]] = {}
        for handoff in chain.handoffs:
            self.incoming.setdefault(handoff.target, []).append(handoff)
            self.outgoing.setdefault(handoff.source, []).append(handoff)
        self.in_lane: dict[str, list[Touchpoint]] = {}
        for touchpoint in touchpoints_in_flow_order(chain):
            self.in_lane.setdefault(touchpoint.department, []).append(touchpoint)

    def department_name(self, id: str | None) -> str:
        department = self.departments.get(id)
        return (department.name or "(unnamed)") if department else "(no department)"

    def element_name(self, id: str | None) -> str:
        if id is None:
            return "The chain"
        if id in self.touchpoints:
            return f"“{shortened(self.touchpoints[id].label or id, NAMED_LABEL)}”"
        if id in self.departments:
            return f"Department {self.departments[id].name}"
        if id in self.people:
            return self.people[id].name
        if id in self.handoffs:
            handoff = self.handoffs[id]
            return f"{self.element_name(handoff.source)} → {self.element_name(handoff.target)}"
        return id


def department_html(department: Department, index: _Index) -> str:
    touchpoints = index.in_lane.get(department.id, [])
    meta = [ROLE_NAMES.get(department.role, department.role).capitalize()]
    lead = index.people.get(department.lead) if department.lead else None
    if lead:
        meta.append(f"Lead: {lead.name}")
    meta.append(_count(len(touchpoints), "touchpoint") + (", in flow order" if len(touchpoints) > 1 else ""))
    parts = [
        _section_heading(department.name or "(unnamed)"),
        f'<p class="meta">{html_text(" · ".join(meta))}</p>',
    ]
    if not touchpoints:
        parts.append('<p class="none">No touchpoints in this department yet.</p>')
    for number, touchpoint in enumerate(touchpoints, 1):
        parts.append(touchpoint_html(number, touchpoint, department, index))
    return "\n".join(parts)


def touchpoint_html(number: int, touchpoint: Touchpoint, department: Department, index: _Index) -> str:
    rows = []
    if touchpoint.kind in KIND_NAMES:
        rows.append(("Kind", html_text(KIND_NAMES[touchpoint.kind])))
    customer = department.role == "customer"  # the customer's own actions: no owner or procedure
    if not customer:
        rows.append(("Owner", _owner(touchpoint, index)))
    for key, people in (("Consulted", touchpoint.consulted), ("Informed", touchpoint.informed)):
        if people:  # RACI beside the owner (who is responsible and accountable)
            rows.append((key, html_text(", ".join(_person_name(id, index) for id in people))))
    if touchpoint.marks:
        rows.append(("Marked as", html_text(", ".join(MARK_NAMES[mark] for mark in touchpoint.marks))))
    if touchpoint.stage and touchpoint.stage in index.stages:
        rows.append(("Stage", html_text(index.stages[touchpoint.stage].name)))
    if touchpoint.duration_minutes is not None:
        rows.append(("Working time", html_text(minutes_text(touchpoint.duration_minutes))))
    if touchpoint.channel:
        rows.append(("Channel", html_text(CHANNEL_NAMES.get(touchpoint.channel, touchpoint.channel))))
    if not customer:
        external = touchpoint.serves == "external"
        rows.append(("Serves", "An external customer" if external else "An internal customer (a colleague)"))
    if not customer or touchpoint.procedure:
        rows.append(("Procedure", _procedure(touchpoint)))
    if touchpoint.expectation:
        rows.append(("Customer expects", html_text(touchpoint.expectation)))
    if touchpoint.objective:
        rows.append(("Objective", html_text(touchpoint.objective)))
    rows.append(("Review", _review(touchpoint)))
    received = [_received(h, index) for h in index.incoming.get(touchpoint.id, [])]
    passed = [_passed(h, index) for h in index.outgoing.get(touchpoint.id, [])]
    if received:
        rows.append(("Receives", "<br>".join(received)))
    if passed:
        rows.append(("Passes on", "<br>".join(passed)))
    critiques = len(index.critiques.get(touchpoint.id, []))
    if critiques:
        rows.append(("Open critiques", f"{_count(critiques, 'critique')}, listed under “{CRITIQUES_HEADING}”"))
    table = "".join(f'<tr><td class="key" width="24%">{key}</td><td>{value}</td></tr>' for key, value in rows)
    label = touchpoint.label.strip() or "(no label)"
    return f'<h3>{number}. {html_text(label)}</h3>\n<table width="100%" cellspacing="0">{table}</table>'


def _person_name(id: str, index: _Index) -> str:
    person = index.people.get(id)
    return ", ".join(part for part in (person.name, person.role) if part) if person else id


def _owner(touchpoint: Touchpoint, index: _Index) -> str:
    owner = index.people.get(touchpoint.owner) if touchpoint.owner else None
    if owner is None:
        return '<span class="none">No owner yet</span>'
    return html_text(", ".join(part for part in (owner.name, owner.role) if part))


def _procedure(touchpoint: Touchpoint) -> str:
    procedure = touchpoint.procedure
    if procedure is None or not procedure.title.strip():
        return '<span class="none">None yet: writing one is the first improvement</span>'
    text = html_text(procedure.title)
    if procedure.summary:
        text += f"<br>{html_text(procedure.summary)}"
    # Only links that are safe to open are printed; others would invite a reader to.
    if procedure.link and is_safe_link(procedure.link):
        text += f'<br><span class="link">{html_text(procedure.link)}</span>'
    return text


def _review(touchpoint: Touchpoint) -> str:
    review = touchpoint.review
    colour = REVIEW_COLOURS.get(review.status, "#9e9e9e")
    text = f'<span style="color: {colour}">■</span> {html_text(review.status.capitalize())}'
    if review.signoffs:
        text += f" · {_count(len(review.signoffs), 'sign-off')}"
    return text


def _received(handoff: Handoff, index: _Index) -> str:
    source = index.touchpoints.get(handoff.source)
    what = handoff.passes or "a handoff"
    where = index.department_name(source.department) if source else "?"
    text = f"{what} from {where}: “{shortened(source.label if source else handoff.source, NAMED_LABEL)}”"
    return _handoff_line(handoff, text)


def _passed(handoff: Handoff, index: _Index) -> str:
    target = index.touchpoints.get(handoff.target)
    what = handoff.passes or "the work"
    where = index.department_name(target.department) if target else "?"
    text = f"{what} to {where}: “{shortened(target.label if target else handoff.target, NAMED_LABEL)}”"
    return _handoff_line(handoff, text)


def _handoff_line(handoff: Handoff, text: str) -> str:
    if handoff.label:  # a decision's branch: "Yes", "No"
        text = f"{handoff.label}: {text}"
    if handoff.expectation:
        text += f" ({handoff.expectation})"
    return html_text(text[:1].upper() + text[1:])


def roster_html(chain: Chain, index: _Index) -> str:
    parts = [_section_heading("People")]
    if not chain.people:
        parts.append('<p class="none">No people on the roster yet.</p>')
        return "\n".join(parts)
    lane_order = {d.id: number for number, d in enumerate(chain.departments)}
    people = sorted(
        chain.people, key=lambda p: (lane_order.get(p.department, len(lane_order)), p.name.lower())
    )
    parts.append(f'<p class="meta">{_count(len(people), "person", "people")}, by department</p>')
    rows = [
        (person.name, index.department_name(person.department) if person.department else "",
         person.role or "", person.email or "")
        for person in people
    ]
    parts.append(html_table(("Name", "Department", "Job title", "E-mail"), rows))
    return "\n".join(parts)


def critiques_html(chain: Chain, index: _Index) -> str:
    """The open critiques, by element in flow order, with their authors and dates."""
    parts = [_section_heading(CRITIQUES_HEADING)]
    critiques = [
        (element, critique) for element in elements_in_flow_order(chain) for critique in index.critiques.get(element, [])
    ]
    if not critiques:
        parts.append('<p class="none">No open critiques: every critique made in review has been resolved.</p>')
        return "\n".join(parts)
    count = _count(len(critiques), "open critique")
    parts.append(f'<p class="meta">{count}, by where they are pinned, in flow order</p>')
    rows = [
        # An element is named on its first row only, so its critiques read as a group.
        ("" if number and critiques[number - 1][0] == element else index.element_name(element),
         critique.text, critique.author, critique.date)
        for number, (element, critique) in enumerate(critiques)
    ]
    parts.append(html_table(("Where", "Critique", "By", "Date"), rows))
    return "\n".join(parts)


def scorecard_html(chain: Chain, index: _Index) -> str:
    """Per department its measured touchpoints, counts and latest rating; then per owner."""
    card = scorecard(chain)
    parts = [_section_heading(SCORECARD_HEADING)]
    scores = {score.id: score for score in card.touchpoints}
    measured = [score for score in card.touchpoints if score.metric is not None]
    if not measured and not any(d.rating is not None for d in card.departments):
        parts.append('<p class="none">Nothing is measured yet: give a touchpoint a measure and a target in the editor.</p>')
        return "\n".join(parts)
    statuses = [score.status for score in measured]
    parts.append(
        f'<p class="meta">{_count(len(measured), "measured touchpoint")}: {statuses.count("on")} on target, '
        f'{statuses.count("off")} off target, {statuses.count("none")} without a result yet; '
        "each by its latest result</p>"
    )
    in_lanes = {
        department.id: [scores[t.id] for t in index.in_lane.get(department.id, []) if scores[t.id].metric is not None]
        for department in card.departments
    }
    # The customer's own lane is neither measured nor rated by colleagues: it is not listed.
    quiet = [d.name or "(unnamed)" for d in card.departments
             if not in_lanes[d.id] and d.rating is None and index.departments[d.id].role != "customer"]
    if quiet:
        parts.append(f'<p class="none">Measuring nothing and not rated yet: {html_text(", ".join(quiet))}.</p>')
    for department in card.departments:
        rows = in_lanes[department.id]
        if not rows and department.rating is None:
            continue
        parts.append(f"<h3>{html_text(department.name or '(unnamed)')}</h3>")
        parts.append(f'<p class="meta">{html_text(_department_summary(department, len(rows)))}</p>')
        if rows:
            parts.append(_scores_table(rows))
    parts.append(_owners_html(chain, measured))
    return "\n".join(parts)


def _owners_html(chain: Chain, measured: list[TouchpointScore]) -> str:
    """Per owner (roster order) their measured touchpoints' statuses and the open actions
    they own, by title; owners with neither are left out."""
    rows = []
    for person in chain.people:
        statuses = [score.status for score in measured if score.owner == person.id]
        actions = [action.title for action in open_actions(chain) if action.owner == person.id]
        if statuses or actions:
            rows.append((person.name, str(len(statuses)), str(statuses.count("on")), str(statuses.count("off")),
                         "\n".join(actions) or "—"))
    if not rows:
        return ""
    return "<h3>By owner</h3>\n" + html_table(
        ("Owner", "Measured", "On target", "Off target", "Open actions they own"), rows,
        widths=(24, 11, 11, 11, 43),
    )


def _department_summary(department: DepartmentScore, measured: int) -> str:
    words = []
    if measured:
        words.append(f"{department.on} of {measured} on target, {department.off} off")
    else:
        words.append("No measured touchpoints")
    if department.rating is not None:
        rating = f"rated {department.rating:.1f} of 5 by its internal customers for {department.rating_period}"
        if department.rehire is not None:
            rating += f", {department.rehire:.0%} would hire them back"
        words.append(rating)
    else:
        words.append("not rated by internal customers yet")
    return " · ".join(words)


def _scores_table(rows: list[TouchpointScore]) -> str:
    # Fixed shares, so the departments' tables line up one under the other.
    columns = (("Touchpoint", 27), ("Measure", 27), ("Target", 15), ("Latest", 16), ("Status", 15))
    head = "".join(f'<th width="{width}%">{heading}</th>' for heading, width in columns)
    body = []
    for score in rows:
        sign = "at least" if score.direction == "at_least" else "at most"
        target = f"{sign} {_number(score.target)} {score.unit}".strip()
        latest = f"{_number(score.value)} {score.unit} ({score.period})" if score.period else "—"
        # The square has the colour the canvas's scorecard tints the card with.
        status = f'<span style="color: {STATUS_COLOURS[score.status]}">■</span> {STATUS_WORDS[score.status]}'
        label = shortened(score.label or score.id, NAMED_LABEL)
        cells = [html_text(label), html_text(score.metric or ""), html_text(target), html_text(latest), status]
        body.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
    return f'<table width="100%" cellspacing="0"><thead><tr>{head}</tr></thead>{"".join(body)}</table>'


def _number(value: float) -> str:
    """95.0 -> "95", 91.5 -> "91.5", as `chain-designer scorecard` writes numbers."""
    return str(int(value)) if value.is_integer() else repr(value)


def findings_html(chain: Chain, index: _Index) -> str:
    findings = [f for f in lint_chain(chain) if f.ignored is None]
    parts = [_section_heading("Open findings")]
    if not findings:
        parts.append('<p class="none">No open findings: every check passes.</p>')
        return "\n".join(parts)
    count = _count(len(findings), "finding")
    parts.append(f'<p class="meta">{count} from the service-chain checks, most severe first</p>')
    rows = [
        (SEVERITY_NAMES.get(finding.severity, finding.severity), finding.rule,
         index.element_name(finding.element), finding.message)
        for finding in findings
    ]
    parts.append(html_table(("Severity", "Rule", "Where", "Finding"), rows))
    return "\n".join(parts)


def html_table(headings: tuple[str, ...], rows: list[tuple[str, ...]], widths: tuple[int, ...] = ()) -> str:
    """A full-width table with a heading row (printed again on each page it runs on to);
    every cell's text escaped; `widths` (in percent of the page) fix the columns' shares,
    else the text sizes them."""
    head = "".join(
        f'<th width="{widths[number]}%">{html_text(heading)}</th>' if widths else f"<th>{html_text(heading)}</th>"
        for number, heading in enumerate(headings)
    )
    body = "".join("<tr>" + "".join(f"<td>{html_text(cell)}</td>" for cell in row) + "</tr>" for row in rows)
    return f'<table width="100%" cellspacing="0"><thead><tr>{head}</tr></thead>{body}</table>'


def html_text(text: str) -> str:
    """User text as HTML: escaped, with its line breaks kept, long words given places to
    break (Qt would otherwise lay each out in time quadratic in its length) and very long
    paragraphs drawn as several blocks."""
    lines = with_break_opportunities(text).split("\n")
    return "<br>".join(html.escape(_in_blocks(line)) for line in lines)


def _in_blocks(line: str) -> str:
    """`line` cut into blocks of at most BLOCK_CHARACTERS, where it may break anyway."""
    if len(line) <= BLOCK_CHARACTERS:
        return line
    blocks, start = [], 0
    while len(line) - start > BLOCK_CHARACTERS:
        end = start + BLOCK_CHARACTERS
        cut = max(line.rfind(" ", start, end), line.rfind(ZERO_WIDTH_SPACE, start, end)) + 1
        cut = cut if cut > start else end
        blocks.append(line[start:cut])
        start = cut
    blocks.append(line[start:])
    return PARAGRAPH_SEPARATOR.join(blocks)
