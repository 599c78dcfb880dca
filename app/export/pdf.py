"""The PDF export: the diagram fitted to one page, or tiled over pages.

Pages: a PDF page is turned the way the picture is longer (a 16:9 slide is always
landscape) unless the user chose. Fitted to one page, the card labels (13 px, 9.75 pt at
100%) print at 9.75 pt times the scale; below MIN_LABEL_POINTS they are hard to read, so
with `fit` off (and always in the handout) the diagram is tiled over pages instead, each
tile repeating the lanes' names. `plan_pages` decides, from the picture's size alone, so
the export dialog and the command line can tell the user before (or after) exporting.
The handout (app/handout.py) draws its diagram pages with the same plan and painters.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPageLayout, QPageSize, QPainter, QPdfWriter

from app.export.diagram import (
    HEADER_ROOM, PAPER, Diagram, Outline, canvas_dpi, diagram_outline, lending_scene, play_picture,
)
from app.export.options import ExportError, ExportOptions, check_options, scoped_chain, write_file
from app.export.tile_cuts import TileCuts
from models.chain import Chain
from models.collector import collector_paused
from widgets.canvas.style import label_font

CREATOR = "Chain Designer"
PDF_RESOLUTION = 1200  # device units per inch of QPdfWriter
MAX_FIT_SCALE = 1.5  # a small chain fitted to a page is enlarged at most this much
LABEL_PX = 13  # card labels at 100%, in canvas pixels (models.geometry.LABEL_PX): 9.75 pt
MIN_LABEL_POINTS = 6.0  # printed smaller, a card's label is hard to read
TILE_SCALE = 0.75  # tiled pages are at least this large: labels print at 7.3 pt or more
SCALE_STEPS = 10  # halvings when the scale is lowered to keep the pages as few: to 0.1% of it
FOOTER_MM = 7.0  # room kept at the bottom of tiled and handout pages for the footer
FOOTER_INK = QColor("#5f6b76")
PAGE_SIZES = {  # each of PAGES -> its portrait size; the layout's orientation turns it
    "a4": QPageSize(QPageSize.PageSizeId.A4),
    "letter": QPageSize(QPageSize.PageSizeId.Letter),
    # 16:9 at PowerPoint's 10 inch width (720 x 405 pt), always printed landscape; given in
    # portrait, as Qt expects page sizes, so that landscape means wide.
    "slide": QPageSize(QSizeF(142.875, 254.0), QPageSize.Unit.Millimeter, "Slide 16:9",
                       QPageSize.SizeMatchPolicy.ExactMatch),
}
#: How a sentence names one page of each size: "on one A4 page".
ONE_PAGE = {"a4": "one A4 page", "letter": "one Letter page", "slide": "one 16:9 slide"}


def page_layout(options: ExportOptions, landscape: bool | None = None) -> QPageLayout:
    """A page of `options.page` with its margins: a slide is always landscape; other pages
    are turned as `landscape` says, else as `options.landscape` says, else portrait."""
    if options.page == "slide":
        wide = True
    elif landscape is not None:
        wide = landscape
    else:
        wide = bool(options.landscape)
    orientation = QPageLayout.Orientation.Landscape if wide else QPageLayout.Orientation.Portrait
    margins = QMarginsF(*[options.margin_mm] * 4)
    return QPageLayout(PAGE_SIZES[options.page], orientation, margins, QPageLayout.Unit.Millimeter)


def picture_landscape(options: ExportOptions, size: QSizeF) -> bool:
    """Whether a page showing a picture of `size` is landscape: a slide always is; else as
    the user asked, or, when they did not, as the picture is wider than it is tall."""
    if options.page == "slide":
        return True
    if options.landscape is not None:
        return options.landscape
    return size.width() > size.height()


def label_points(scale: float) -> float:
    """How large a card's label prints when the diagram is drawn at `scale`, in points."""
    return LABEL_PX / canvas_dpi() * 72.0 * scale


@dataclass(frozen=True)
class PdfPlan:
    """How a diagram goes on pages: the page, and one fitted page or a grid of tiles."""

    layout: QPageLayout
    fit_scale: float  # the diagram fitted to one page: its size there over its size at 100%
    tile_scale: float = 0.0  # when tiled
    # When tiled, where the rows of tiles start and end, down the picture (diagram pixels),
    # and for each row where its tiles start and end across, from the end of the lanes'
    # header column (which every tile repeats) to the picture's right edge.
    row_edges: tuple[float, ...] = ()
    column_edges: tuple[tuple[float, ...], ...] = ()

    @property
    def rows(self) -> int:
        return max(1, len(self.row_edges) - 1)

    def columns(self, row: int) -> int:
        """How many tiles row `row` has."""
        return len(self.column_edges[row]) - 1 if self.column_edges else 1

    @property
    def most_columns(self) -> int:
        return max(self.columns(row) for row in range(self.rows))

    @property
    def pages(self) -> int:
        return sum(self.columns(row) for row in range(self.rows))

    @property
    def tiled(self) -> bool:
        return self.pages > 1

    def page_of(self, row: int, column: int) -> int:
        """The page number, counted from 1, of the tile in row `row` and column `column`."""
        return sum(self.columns(above) for above in range(row)) + column + 1

    @property
    def landscape(self) -> bool:
        return self.layout.orientation() == QPageLayout.Orientation.Landscape

    @property
    def label_points(self) -> float:
        """The card labels' printed size, as planned (tiled or fitted)."""
        return label_points(self.tile_scale if self.tiled else self.fit_scale)

    @property
    def fitted_label_points(self) -> float:
        """The card labels' printed size on one fitted page."""
        return label_points(self.fit_scale)


def plan_pages(outline: Outline, options: ExportOptions, tiles: bool, top: float = 0.0,
               footer: bool = False) -> PdfPlan:
    """Plan a diagram of `outline` (see Diagram.outline) on the pages of `options`.

    The page is turned to suit the picture (`picture_landscape`). With `tiles`, a diagram
    whose labels would print below MIN_LABEL_POINTS on one page is planned over a grid of
    pages instead, at TILE_SCALE or more; then, unless the user chose, the pages are turned
    the way that needs fewer of them. `top` (device units) is kept free at the top of each
    page for a heading; `footer` keeps room for a footer under a fitted diagram too (tiles
    always have one).
    """
    size = outline.size
    landscape = picture_landscape(options, size)
    layout = page_layout(options, landscape)
    paint = layout.paintRectPixels(PDF_RESOLUTION)
    picture = physical_size(size)
    footer_height = FOOTER_MM / 25.4 * PDF_RESOLUTION
    height = paint.height() - top - (footer_height if footer else 0.0)
    fit = min(paint.width() / picture.width(), height / picture.height(), MAX_FIT_SCALE)
    if not tiles or label_points(fit) >= MIN_LABEL_POINTS:
        return PdfPlan(layout, fit)
    plans = [_tiled(layout, fit, outline, top)]
    if options.landscape is None and options.page != "slide":
        plans.append(_tiled(page_layout(options, not landscape), fit, outline, top))
    return min(plans, key=lambda plan: plan.pages)  # the first, the picture's way, on a tie


def _tiled(layout: QPageLayout, fit: float, outline: Outline, top: float) -> PdfPlan:
    """The tiles for a diagram of `outline` on pages of `layout`.

    Every tile shows the lanes' header column on its left (see draw_tiles), so the rest of
    the picture is shared out among the tiles: as many as equal tiles at TILE_SCALE need,
    as large as that many pages allow. The tiles are then cut in the gaps between cards,
    pills and names (app.export.tile_cuts), which makes them shorter than a page: the scale
    goes down as far as TILE_SCALE to keep the pages as few, and only past it does the
    diagram take more.
    """
    area = tile_area(layout, top)
    picture = physical_size(outline.size)
    header = physical_size(QSizeF(HEADER_ROOM, 0)).width()
    rest = max(picture.width() - header, 1.0)
    columns = max(1, math.ceil(rest * TILE_SCALE / (area.width() - header * TILE_SCALE)))
    rows = math.ceil(picture.height() * TILE_SCALE / area.height())
    # As large as that many pages allow, so the tiles fill the pages one way or the other.
    largest = min(area.width() / (header + rest / columns), area.height() * rows / picture.height())
    cuts = TileCuts(outline.keep_whole)
    to_device = physical_size(QSizeF(1, 1)).width()  # diagram pixels to device units at 100%

    def plan_at(scale: float, even: bool = False) -> PdfPlan:
        page_width = area.width() / (to_device * scale) - HEADER_ROOM  # diagram pixels
        page_height = area.height() / (to_device * scale)
        size = outline.size
        row_edges, column_edges = cuts.edges(HEADER_ROOM, size.width(), size.height(), page_width, page_height, even)
        return PdfPlan(layout, fit, scale, row_edges, column_edges)

    return plan_at(_tile_scale(plan_at, columns * rows, largest), even=True)


def _tile_scale(plan_at: Callable[[float], PdfPlan], pages: int, largest: float) -> float:
    """The largest scale from TILE_SCALE to `largest` at which `plan_at` needs at most
    `pages` pages; else the one of the two that needs fewer."""
    most = plan_at(largest).pages
    if most <= pages:
        return largest
    fewest = plan_at(TILE_SCALE).pages
    if fewest > pages:
        return TILE_SCALE if fewest < most else largest
    low, high = TILE_SCALE, largest  # few enough pages at low, not at high: the largest scale between
    for _ in range(SCALE_STEPS):
        middle = (low + high) / 2
        low, high = (middle, high) if plan_at(middle).pages <= pages else (low, middle)
    return low


def tile_area(layout: QPageLayout, top: float = 0.0) -> QRectF:
    """Where a tile goes on a page: below `top`, above the footer (device units)."""
    paint = layout.paintRectPixels(PDF_RESOLUTION)
    footer = FOOTER_MM / 25.4 * PDF_RESOLUTION
    return QRectF(0, top, paint.width(), paint.height() - top - footer)


def fitted_label_points(chain: Chain, options: ExportOptions = ExportOptions()) -> float:
    """How large the card labels print, in points, when the diagram is fitted to one page
    of `options` (turned as `options.landscape` says). Below MIN_LABEL_POINTS they are hard
    to read: tiles (`fit=False`) keep them readable."""
    return plan_pages(diagram_outline(chain, options), options, tiles=False).fitted_label_points


class PdfPages:
    """A QPdfWriter into memory with its painter, one page at a time, and page footers."""

    def __init__(self, title: str, layout: QPageLayout):
        self.buffer = QBuffer()
        self.buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        self.writer = QPdfWriter(self.buffer)
        self.writer.setResolution(PDF_RESOLUTION)
        self.writer.setTitle(title)
        self.writer.setCreator(CREATOR)
        self.writer.setPageLayout(layout)
        self.painter = QPainter(self.writer)
        self.count = 1

    def new_page(self, layout: QPageLayout | None = None) -> None:
        if layout is not None:
            self.writer.setPageLayout(layout)  # takes effect on the new page
        self.writer.newPage()
        self.count += 1

    def area(self) -> QRectF:
        """The page inside its margins, in device units, with (0, 0) at its top left."""
        rect = self.writer.pageLayout().paintRectPixels(PDF_RESOLUTION)
        return QRectF(0, 0, rect.width(), rect.height())

    def mm(self, millimetres: float) -> float:
        return millimetres / 25.4 * PDF_RESOLUTION

    def mask_outside(self, shown: QRectF) -> None:
        """Paint the page white around `shown`, over what a tile drew beyond its edges."""
        layout = self.writer.pageLayout()
        paint = layout.paintRectPixels(PDF_RESOLUTION)
        page = QRectF(layout.fullRectPixels(PDF_RESOLUTION)).translated(-paint.left(), -paint.top())
        bands = (
            QRectF(page.left(), page.top(), page.width(), shown.top() - page.top()),
            QRectF(page.left(), shown.bottom(), page.width(), page.bottom() - shown.bottom()),
            QRectF(page.left(), shown.top(), shown.left() - page.left(), shown.height()),
            QRectF(shown.right(), shown.top(), page.right() - shown.right(), shown.height()),
        )
        for band in bands:
            self.painter.fillRect(band, PAPER)

    def footer(self, left: str, right: str) -> None:
        """Small grey text at the bottom of the page: `left` elided, `right` whole."""
        area = self.area()
        font = label_font(7.5)
        metrics = QFontMetricsF(font, self.writer)
        painter = self.painter
        painter.save()
        painter.setFont(font)
        painter.setPen(FOOTER_INK)
        line = QRectF(area.left(), area.bottom() - metrics.height(), area.width(), metrics.height())
        painter.drawText(line, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom, right)
        room = area.width() - metrics.horizontalAdvance(right) - self.mm(8)
        painter.drawText(line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                         metrics.elidedText(left, Qt.TextElideMode.ElideRight, max(0.0, room)))
        painter.restore()

    def finish(self) -> bytes:
        if not self.painter.end():
            raise ExportError("The PDF could not be made.")
        return bytes(self.buffer.data())


@collector_paused()  # a scene of the whole chain, kept until the end
def export_pdf(chain: Chain, path, options: ExportOptions = ExportOptions(),
               report: dict | None = None, scene=None) -> int:
    """Write the diagram as a vector PDF with selectable text; returns the page count.

    The page is turned the way the picture is longer unless `options.landscape` says, and
    the diagram fitted to it, centred. With `fit` off, a diagram whose labels would print
    below MIN_LABEL_POINTS is tiled over pages at 75% or more instead, each page with the
    chain's title and where it belongs ("row 1, column 2") in its footer. `report`, when
    given, receives the plan (`report["plan"]`, a PdfPlan): how large the labels print.
    """
    check_options(options)
    diagram = Diagram(scoped_chain(chain, options), options, routes_from=lending_scene(chain, options, scene))
    plan = plan_pages(diagram.outline(), options, tiles=not options.fit)
    pages = PdfPages(diagram.chain.title, plan.layout)
    if plan.tiled:
        def footer(row: int, column: int) -> None:
            where = f"Page {plan.page_of(row, column)} of {plan.pages} — row {row + 1}, column {column + 1}"
            pages.footer(diagram.chain.title, where)

        draw_tiles(pages, diagram, plan, tile_area(plan.layout), footer)
    else:
        draw_fitted(pages, diagram, pages.area())
    count = pages.count
    write_file(pages.finish(), path)
    if report is not None:
        report["plan"] = plan
    return count


def physical_size(size: QSizeF) -> QSizeF:
    """A size in canvas pixels as PDF device units at 100%."""
    ratio = PDF_RESOLUTION / canvas_dpi()
    return QSizeF(size.width() * ratio, size.height() * ratio)


def draw_fitted(pages: PdfPages, diagram: Diagram, area: QRectF) -> None:
    """The whole diagram as large as fits in `area` (device units), centred in it.

    Everything else on the page is painted white: draw headings and footers after it.
    """
    size = physical_size(diagram.size)
    scale = min(area.width() / size.width(), area.height() / size.height(), MAX_FIT_SCALE)
    shown = QRectF(0, 0, size.width() * scale, size.height() * scale)
    shown.moveCenter(area.center())
    play_picture(pages.painter, diagram.picture(), shown.topLeft(), scale)
    pages.mask_outside(shown)


def draw_tiles(pages: PdfPages, diagram: Diagram, plan: PdfPlan, area: QRectF,
               decorate: Callable[[int, int], None]) -> None:
    """The diagram in the tiles of `plan`, one a page, row by row, each at the top left of
    `area` (device units) at `plan.tile_scale`.

    The first tile goes on the current page, each next one on a new page; `decorate(row,
    column)` is called after a tile is drawn, to add the page's heading and footer.
    Each tile right of the first shows the lanes' header column again on its left, so
    every page names its lanes.
    """
    scale = plan.tile_scale
    to_device = physical_size(QSizeF(1, 1)).width() * scale  # diagram pixels to device units
    painter = pages.painter
    for row, (top, bottom) in enumerate(pairwise(plan.row_edges)):
        for column, (left, right) in enumerate(pairwise(plan.column_edges[row])):
            if row or column:
                pages.new_page()
            height = bottom - top
            shown = QSizeF((HEADER_ROOM + right - left) * to_device, height * to_device)
            if column == 0:
                region = QRectF(0, top, right, height)
                play_picture(painter, diagram.picture(region), area.topLeft(), scale)
            else:
                region = QRectF(left, top, right - left, height)
                at = area.topLeft() + QPointF(HEADER_ROOM * to_device, 0)
                play_picture(painter, diagram.picture(region), at, scale)
                # Over what the part drew left of itself: the lanes' names.
                painter.fillRect(QRectF(area.topLeft(), QSizeF(HEADER_ROOM * to_device, shown.height())), PAPER)
                headers = diagram.header_picture(QRectF(0, top, HEADER_ROOM, height))
                play_picture(painter, headers, area.topLeft(), scale)
            pages.mask_outside(QRectF(area.topLeft(), shown))
            decorate(row, column)
