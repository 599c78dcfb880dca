"""Exports of a chain: SVG, PNG and PDF pictures of the diagram, and a printed handout.

Every export is a function of the chain alone and needs no window, only a QApplication:
it builds a Document and a ChainScene in the white paper theme and renders the same item
classes the canvas shows (ARCHITECTURE.md), with no selection, hover or grid, and 24 px
of margin around the lanes (UI.md). Files are written atomically, so a failed export
never leaves half a file behind.

Units: the diagram is measured in canvas pixels, the scene's own units. Fonts are set in
points, and Qt turns points into pixels with the dpi of the device it paints on; the
canvas wraps labels at the dpi Qt uses without a device (the screen's, 96 on most
systems). So the diagram is always painted at that dpi: directly for SVG, and for PNG
and PDF first into a QPicture, which those devices then replay scaled. The QPicture also
keeps labels at every scale: items hide them when they are drawn small.

Pages: a PDF page is turned the way the picture is longer (a 16:9 slide is always
landscape) unless the user chose. Fitted to one page, the card labels (13 px, 9.75 pt at
100%) print at 9.75 pt times the scale; below MIN_LABEL_POINTS they are hard to read, so
with `fit` off (and always in the handout) the diagram is tiled over pages instead, each
tile repeating the lanes' names. `plan_pages` decides, from the picture's size alone, so
the export dialog and the command line can tell the user before (or after) exporting.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QPointF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPicture,
)
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication, QStyleOptionGraphicsItem

from app.document import Document
from models.chain import Chain
from models.chain_file import ChainFileError, save_bytes
from models.collector import collector_paused
from models.fragment import extract_fragment
from models.links import is_safe_link
from models.lint import lint_chain
from widgets.canvas.legend import LegendLayout, legend_layout, paint_legend
from widgets.canvas.scene import FRONT_ROLES, ChainScene
from models.text import FAMILY
from widgets.canvas.style import HEADER_WIDTH, Theme, label_font
from widgets.canvas.text_paint import recording_centred_text

CREATOR = "Chain Designer"
MARGIN = 24.0  # around the diagram, in canvas pixels (UI.md)
TITLE_HEIGHT = 52.0  # the title block above the diagram, when there is one
RIGHT_ROOM = 40.0  # lane kept right of the rightmost card, instead of the canvas's 400 px
MIN_LANE_ROOM = 240.0  # lanes stay at least this wide right of the header column
MAX_IMAGE_SIDE = 32_000  # pixels; beyond it PNG viewers and QPainter give up
MAX_IMAGE_PIXELS = 150_000_000  # about 600 MB of memory while painting
PDF_RESOLUTION = 1200  # device units per inch of QPdfWriter
MAX_FIT_SCALE = 1.5  # a small chain fitted to a page is enlarged at most this much
LABEL_PX = 13  # card labels at 100%, in canvas pixels (models.geometry.LABEL_PX): 9.75 pt
MIN_LABEL_POINTS = 6.0  # printed smaller, a card's label is hard to read
TILE_SCALE = 0.75  # tiled pages are at least this large: labels print at 7.3 pt or more
LEGEND_GAP = 16.0  # between the lanes and the legend below them, in canvas pixels
HEADER_ROOM = MARGIN + HEADER_WIDTH  # the left margin and the lanes' header column, repeated on tiles
FOOTER_MM = 7.0  # room kept at the bottom of tiled and handout pages for the footer
PAPER = QColor("#ffffff")
FOOTER_INK = QColor("#5f6b76")
FONT_FALLBACKS = ("DejaVu Sans", "Helvetica", "Arial", "sans-serif")  # after the shipped font
SCOPES = ("chain", "selection", "department")
PAGE_SIZES = {  # name -> the portrait size; the layout's orientation turns it
    "a4": QPageSize(QPageSize.PageSizeId.A4),
    "letter": QPageSize(QPageSize.PageSizeId.Letter),
    # 16:9 at PowerPoint's 10 inch width (720 x 405 pt), always printed landscape; given in
    # portrait, as Qt expects page sizes, so that landscape means wide.
    "slide": QPageSize(QSizeF(142.875, 254.0), QPageSize.Unit.Millimeter, "Slide 16:9",
                       QPageSize.SizeMatchPolicy.ExactMatch),
}
#: How a sentence names one page of each size: "on one A4 page".
ONE_PAGE = {"a4": "one A4 page", "letter": "one Letter page", "slide": "one 16:9 slide"}

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)

# Characters XML 1.0 cannot hold (C0 controls other than tab, newline and carriage return,
# lone surrogates, U+FFFE and U+FFFF), and everything the C0 range holds but tab and newline
# in the labels we draw: they would show as boxes or break the SVG.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NOT_PRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class ExportOptions:
    """What to export and how; frozen, so change one with dataclasses.replace()."""

    scope: str = "chain"  # "chain" | "selection" | "department"
    touchpoint_ids: tuple = ()  # for scope "selection"
    department_id: str | None = None  # for scope "department"
    title: bool = True  # the chain's title above the diagram (for decks)
    badges: bool = False  # finding badges only when asked for
    links: bool = False  # SVG: safe procedure links as <a> elements
    scale: float = 2.0  # PNG: 1, 2 or 3 (or dpi / 96)
    transparent: bool = False  # PNG background
    page: str = "a4"  # PDF: "a4" | "letter" | "slide" (16:9, 254 x 142.9 mm, always landscape)
    landscape: bool | None = None  # PDF: None follows the picture (landscape when it is wider)
    margin_mm: float = 10.0
    fit: bool = True  # PDF: fit to one page; False = tiles when text would be too small
    findings: bool = False  # handout: include the open findings section
    legend: bool = False  # SVG, PNG, PDF: a legend below the diagram (the handout has one on its cover)
    owner_names: bool = False  # cards name their owner (the handout's diagram always does)


class ExportError(Exception):
    """An export that could not be made; its text is one plain sentence."""


# -- what to export ----------------------------------------------------------------------


def scoped_chain(chain: Chain, options: ExportOptions) -> Chain:
    """The chain, the selected touchpoints, or one department, as a chain of its own.

    A part keeps the handoffs among its touchpoints, the owners, and the chain's title,
    organisation, vision and description; its cards are moved to the top left of their
    lanes, so the export does not begin with the empty room where the rest of the chain was.
    """
    if options.scope == "chain":
        if not chain.departments:
            raise ExportError("There is nothing to export: the chain has no departments yet.")
        return chain
    if options.scope == "selection":
        wanted = set(options.touchpoint_ids)
        if not any(touchpoint.id in wanted for touchpoint in chain.touchpoints):
            raise ExportError("There is nothing to export: select one or more touchpoints first.")
        part = extract_fragment(chain, wanted)
    elif options.scope == "department":
        part = _department_part(chain, options.department_id)
    else:
        raise ExportError(f"Unknown export scope {options.scope!r}; use one of {', '.join(SCOPES)}.")
    part = part.model_copy(
        update={
            "organisation": chain.organisation,
            "vision": chain.vision,
            "description": chain.description,
            "lint": chain.lint.model_copy(deep=True),
        }
    )
    return _moved_to_top_left(part)


def _department_part(chain: Chain, department_id: str | None) -> Chain:
    department = next((d for d in chain.departments if d.id == department_id), None)
    if department is None:
        raise ExportError("There is nothing to export: choose a department of this chain.")
    ids = [t.id for t in chain.touchpoints if t.department == department.id]
    if not ids:
        raise ExportError(f"There is nothing to export: “{department.name}” has no touchpoints yet.")
    part = extract_fragment(chain, ids)
    # The fragment drops the lead (made for pasting elsewhere); a department's own
    # handout names it.
    lead = next((p for p in chain.people if p.id == department.lead), None)
    people = list(part.people)
    if lead is not None and all(p.id != lead.id for p in people):
        people.append(lead.model_copy(update={"department": department.id}))
    return part.model_copy(update={"departments": [department.model_copy()], "people": people})


def _moved_to_top_left(chain: Chain) -> Chain:
    """Cards shifted left by the same amount, and up to the top of each lane."""
    if not chain.touchpoints:
        return chain
    left = min(t.position.x for t in chain.touchpoints)
    tops: dict[str, float] = {}
    for touchpoint in chain.touchpoints:
        tops[touchpoint.department] = min(tops.get(touchpoint.department, math.inf), touchpoint.position.y)
    touchpoints = [
        t.model_copy(
            update={
                "position": t.position.model_copy(
                    update={
                        "x": round(t.position.x - left + 40.0, 2),
                        "y": round(t.position.y - tops[t.department] + 20.0, 2),
                    }
                )
            }
        )
        for t in chain.touchpoints
    ]
    return chain.model_copy(update={"touchpoints": touchpoints})


def printable_text(text: str) -> str:
    """`text` without the control characters that would show as boxes or break XML."""
    return _NOT_PRINTABLE.sub("", text)


def printable_chain(chain: Chain) -> Chain:
    """A copy of `chain` whose every text is printable; links are kept as they are.

    Links are left alone so that `is_safe_link` still sees, and refuses, a control
    character hidden in one ("java\\tscript:").
    """
    return Chain.model_validate(_printable_data(chain.model_dump(by_alias=True)))


def _printable_data(value, key: str | None = None):
    if isinstance(value, str):
        return value if key == "link" else printable_text(value)
    if isinstance(value, dict):
        return {k: _printable_data(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_printable_data(item) for item in value]
    return value


def _check_options(options: ExportOptions) -> None:
    if options.page not in PAGE_SIZES:
        raise ExportError(f"Unknown page size {options.page!r}; use one of {', '.join(PAGE_SIZES)}.")
    if not (0.1 <= options.scale <= 8):
        raise ExportError(f"The image scale must be between 0.1 and 8, not {options.scale:g}.")
    if not (0 <= options.margin_mm <= 40):
        raise ExportError(f"Page margins must be between 0 and 40 mm, not {options.margin_mm:g}.")


# -- the diagram ---------------------------------------------------------------------------


def canvas_dpi() -> int:
    """The dpi Qt lays out text at when it has no device: cards wrap their labels at it."""
    return QPicture().logicalDpiY()


class Diagram:
    """A chain drawn for export: its scene, the part of the scene to show, the title above
    and, when asked for, the legend below (`title` and `legend` override the options).

    Diagram coordinates are canvas pixels with (0, 0) at the top left of the margin.
    """

    def __init__(self, chain: Chain, options: ExportOptions, title: bool | None = None,
                 legend: bool | None = None):
        if QApplication.instance() is None:
            raise RuntimeError("exports draw with Qt: create a QApplication first")
        self.chain = printable_chain(chain)
        self.document = Document(self.chain)
        self.scene = ChainScene(self.document, Theme.light())
        self.scene.finish_routing()  # a large chain routes in the background on screen
        self.scene.exporting = True
        self.scene.show_badges = options.badges
        if options.owner_names:
            self.scene.set_owner_names(True)
        if options.badges:
            self.scene.set_findings(lint_chain(self.chain))
        self.drawing = self._drawing_rect()
        show_title = options.title if title is None else title
        self.title = (self.chain.title.strip() or "Untitled chain") if show_title else ""
        self.title_height = TITLE_HEIGHT if self.title else 0.0
        show_legend = options.legend if legend is None else legend
        #: The legend below the lanes, laid out within their width; None without one.
        self.legend: LegendLayout | None = None
        legend_height = legend_width = 0.0
        if show_legend:
            self.legend = legend_layout(self.drawing.width(), options.badges, has_visibility_line(self.chain))
            legend_height = LEGEND_GAP + self.legend.size.height()
            legend_width = self.legend.size.width()
        # Whole pixels, so an image at 2× is exactly twice the one at 1×.
        self.size = QSizeF(
            math.ceil(max(self.drawing.width(), legend_width) + 2 * MARGIN),
            math.ceil(self.drawing.height() + 2 * MARGIN + self.title_height + legend_height),
        )

    def _drawing_rect(self) -> QRectF:
        """The lanes, cut off a little right of the cards and arrows.

        The canvas keeps 400 px of free lane right of the last card to drop new cards
        on; in a picture that is only an empty band, so most of it is left out.
        """
        lanes = self.scene.content_rect()
        if lanes.isEmpty():
            raise ExportError("There is nothing to export: the chain has no departments yet.")
        right = lanes.left() + HEADER_WIDTH + MIN_LANE_ROOM
        for item in self.scene.touchpoint_items.values():
            right = max(right, item.card_rect().right() + RIGHT_ROOM)
        for item in self.scene.handoff_items.values():
            for x, _y in item.points:
                right = max(right, x + RIGHT_ROOM)
            for label in item.labels:  # a pill can stick out of a vertical line
                right = max(right, label.rect[2] + RIGHT_ROOM)
        return QRectF(lanes.topLeft(), QPointF(min(lanes.right(), right), lanes.bottom()))

    def bounds(self) -> QRectF:
        return QRectF(QPointF(0, 0), self.size)

    def to_diagram(self, scene_rect: QRectF) -> QRectF:
        """A rectangle of the scene in diagram coordinates."""
        return scene_rect.translated(self._offset())

    def to_scene(self, diagram_rect: QRectF) -> QRectF:
        """A rectangle of the diagram in scene coordinates, within the drawing."""
        return diagram_rect.translated(-self._offset()).intersected(self.drawing)

    def _offset(self) -> QPointF:
        return QPointF(MARGIN - self.drawing.left(), MARGIN + self.title_height - self.drawing.top())

    def legend_rect(self) -> QRectF:
        """Where the legend is, in diagram coordinates (empty without one)."""
        if self.legend is None:
            return QRectF()
        top = MARGIN + self.title_height + self.drawing.height() + LEGEND_GAP
        return QRectF(QPointF(MARGIN, top), self.legend.size)

    def paint(
        self, painter: QPainter, region: QRectF | None = None, background: QColor | None = PAPER
    ) -> None:
        """Paint the diagram, or the items in its part `region`, at 1:1.

        Nothing is clipped: cards replace any outer clip with their own (and QSvgGenerator
        mishandles an outer clip besides). Lanes' free room right of the drawing is
        painted over; what a part paints beyond `region`, the page masks (`PdfPages`).
        The painter's device must have the canvas dpi (see the module docstring).
        """
        region = self.bounds() if region is None else region.intersected(self.bounds())
        painter.save()
        painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        if background is not None:
            painter.fillRect(region, background)
        self._paint_items(painter, self.to_scene(region))
        self._cover_cut_off_lanes(painter, background)
        if self.title and region.top() < MARGIN + self.title_height:
            self._paint_title(painter)
        if self.legend is not None and region.intersects(self.legend_rect()):
            paint_legend(painter, self.legend_rect().topLeft(), self.legend)
        painter.restore()

    def _paint_items(self, painter: QPainter, scene_rect: QRectF) -> None:
        """The items in `scene_rect`, bottom to top, as QGraphicsScene.render draws them but unclipped."""
        painter.save()
        painter.translate(self._offset())
        option = QStyleOptionGraphicsItem()
        order = Qt.SortOrder.AscendingOrder
        for item in self.scene.items(scene_rect, Qt.ItemSelectionMode.IntersectsItemBoundingRect, order):
            if item.isVisible():
                _paint_item(painter, item, option, scene_rect)
        painter.restore()

    def _cover_cut_off_lanes(self, painter: QPainter, background: QColor | None) -> None:
        """Paint over the lanes' free room beyond the drawing, in the right margin."""
        lanes = self.to_diagram(self.drawing)
        strip = QRectF(lanes.right(), 0, self.size.width() - lanes.right() + 1, self.size.height())
        if background is None:
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Clear)
            painter.fillRect(strip, Qt.GlobalColor.transparent)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
        else:
            painter.fillRect(strip, background)

    def _paint_title(self, painter: QPainter) -> None:
        width = self.size.width() - 2 * MARGIN
        font = label_font(16.0, bold=True)
        metrics = QFontMetricsF(font, painter.device())
        painter.setFont(font)
        painter.setPen(Theme.light().text)
        title = metrics.elidedText(self.title, Qt.TextElideMode.ElideRight, width)
        painter.drawText(QRectF(MARGIN, MARGIN, width, metrics.height()), Qt.AlignmentFlag.AlignLeft, title)
        organisation = (self.chain.organisation or "").strip()
        if organisation:
            small = label_font(10.0)
            painter.setFont(small)
            painter.setPen(Theme.light().muted_text)
            top = MARGIN + metrics.height() + 2
            small_metrics = QFontMetricsF(small, painter.device())
            text = small_metrics.elidedText(organisation, Qt.TextElideMode.ElideRight, width)
            painter.drawText(QRectF(MARGIN, top, width, 20), Qt.AlignmentFlag.AlignLeft, text)

    def header_picture(self, region: QRectF) -> QPicture:
        """The lanes alone (no cards, no arrows) within `region` of the diagram, recorded at
        1:1 with the region's top left at (0, 0): the header column a tile repeats."""
        lanes = self.to_diagram(self.drawing)
        shown = region.intersected(QRectF(region.left(), lanes.top(), region.width(), lanes.height()))
        picture = QPicture()
        painter = QPainter(picture)
        painter.translate(-region.topLeft())
        if not shown.isEmpty():
            painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
            painter.setClipRect(shown)  # lanes set no clip of their own, unlike cards
            painter.translate(self._offset())
            option = QStyleOptionGraphicsItem()
            for item in self.scene.lane_items.values():
                _paint_item(painter, item, option)
        painter.end()
        return picture

    def picture(self, region: QRectF | None = None, background: QColor | None = PAPER) -> QPicture:
        """The part `region` of the diagram recorded at 1:1, its top left at (0, 0)."""
        region = self.bounds() if region is None else region
        picture = QPicture()
        painter = QPainter(picture)
        painter.translate(-region.topLeft())
        self.paint(painter, region, background)
        painter.end()
        return picture


def has_visibility_line(chain: Chain) -> bool:
    """Whether the diagram draws a line of visibility (where ChainScene places one)."""
    departments = chain.departments
    return any(
        upper.role in FRONT_ROLES and lower.role not in FRONT_ROLES
        for upper, lower in zip(departments, departments[1:])
    )


def _paint_item(painter: QPainter, item, option: QStyleOptionGraphicsItem, scene_rect: QRectF | None = None) -> None:
    """One scene item where the scene has it: whole, or what lies in `scene_rect` (an item may
    leave out text wholly outside it, so a tile of a card with a long label draws its part)."""
    painter.save()
    painter.setWorldTransform(item.sceneTransform(), True)
    exposed = item.boundingRect()
    option.exposedRect = exposed if scene_rect is None else exposed.intersected(item.mapRectFromScene(scene_rect))
    item.paint(painter, option, None)
    painter.restore()


def play_picture(painter: QPainter, picture: QPicture, top_left: QPointF, scale: float) -> None:
    """Draw `picture` with its top left at `top_left`, `scale` times its physical size.

    QPicture replays at the device's dpi by itself (a recorded inch stays an inch), so
    `scale` 1 prints a canvas pixel as large as the canvas shows it.
    """
    painter.save()
    painter.translate(top_left)
    painter.scale(scale, scale)
    painter.drawPicture(QPointF(0, 0), picture)
    painter.restore()


# -- SVG ---------------------------------------------------------------------------------------


def export_svg(chain: Chain, path, options: ExportOptions = ExportOptions()) -> None:
    """Write the diagram as an SVG file with text as text, a title and a description."""
    _check_options(options)
    write_file(svg_bytes(chain, options), path)


@collector_paused()  # an export makes and keeps a scene and hundreds of thousands of SVG elements
def svg_bytes(chain: Chain, options: ExportOptions = ExportOptions()) -> bytes:
    """The SVG export as bytes (UTF-8 XML)."""
    diagram = Diagram(scoped_chain(chain, options), options)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # SVG 1.1, not the default Tiny 1.2: only 1.1 carries the clip paths that keep the
    # review stripes inside rounded cards and diamonds.
    generator = QSvgGenerator(QSvgGenerator.SvgVersion.Svg11)
    generator.setOutputDevice(buffer)
    generator.setResolution(canvas_dpi())
    size = diagram.size
    generator.setSize(QSize(math.ceil(size.width()), math.ceil(size.height())))
    generator.setViewBox(diagram.bounds())
    painter = QPainter(generator)
    with recording_centred_text() as centred:
        diagram.paint(painter)
    painter.end()
    text = bytes(buffer.data()).decode("utf-8", errors="replace")
    root = _parse_xml(_NOT_XML.sub("", text))
    _finish_svg(root, diagram, options)
    _anchor_centred_text(root, centred)
    body = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body + b"\n"


def _parse_xml(text: str, chunk: int = 1 << 20) -> ET.Element:
    """Parse `text` a megabyte at a time: the XML parser takes a single buffer of a
    hundred megabytes (the SVG of 20,000 touchpoints) at twice the time per byte."""
    parser = ET.XMLParser()
    for start in range(0, len(text), chunk):
        parser.feed(text[start : start + chunk])
    return parser.close()


def _finish_svg(root: ET.Element, diagram: Diagram, options: ExportOptions) -> None:
    width, height = diagram.size.width(), diagram.size.height()
    root.set("width", _number(width))
    root.set("height", _number(height))
    root.set("viewBox", f"0 0 {_number(width)} {_number(height)}")
    _set_title_and_description(root, diagram.chain)
    _prune_empty_groups(root)
    _loosen_text_clips(root)
    _add_font_fallbacks(root)
    _remove_active_content(root)
    if options.links:
        _add_procedure_links(root, diagram)


def _number(value: float) -> str:
    """A coordinate for SVG: at most two decimals, never in exponent notation."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _set_title_and_description(root: ET.Element, chain: Chain) -> None:
    for tag in ("title", "desc"):
        for element in root.findall(f"{{{SVG_NS}}}{tag}"):
            root.remove(element)
    title = ET.Element(f"{{{SVG_NS}}}title")
    title.text = chain.title.strip() or "Untitled chain"
    description = ET.Element(f"{{{SVG_NS}}}desc")
    parts = [chain.organisation, chain.vision, chain.description]
    description.text = "\n".join(part.strip() for part in parts if part and part.strip()) or (
        f"Service chain: {len(chain.departments)} departments, {len(chain.touchpoints)} touchpoints."
    )
    root.insert(0, description)
    root.insert(0, title)


def _prune_empty_groups(element: ET.Element) -> None:
    """Drop the empty <g> elements QSvgGenerator writes for every state change."""
    for child in element:
        _prune_empty_groups(child)
    # Rebuilt rather than removed one by one: each remove() searches the whole list.
    element[:] = [child for child in element if not _is_empty_group(child)]


def _is_empty_group(element: ET.Element) -> bool:
    return element.tag == f"{{{SVG_NS}}}g" and len(element) == 0 and not (element.text or "").strip()


_RECTANGLE_PATH = re.compile(r"\s*M([-\d.e]+),([-\d.e]+) L([-\d.e]+),\2 L\3,([-\d.e]+) L\1,\4 L\1,\2 Z\s*")
TEXT_CLIP_SLACK = 6.0  # canvas pixels either side


def _loosen_text_clips(root: ET.Element) -> None:
    """Give text a little room beyond the box Qt clips it to.

    Qt clips a line of text that (nearly) fills its box to that box; another renderer's
    glyphs can come out a pixel wider, and the last letter would be cut off. Only the
    sides move, so a long lane name still stops after its three lines.
    """
    text, group = f"{{{SVG_NS}}}text", f"{{{SVG_NS}}}g"
    text_clips = set()
    for element in root.iter(group):
        clip = element.get("clip-path", "")
        tags = {inner.tag for inner in element.iter()}
        if clip.startswith("url(#") and text in tags and tags <= {group, text}:
            text_clips.add(clip[len("url(#"):-1])
    for clip_path in root.iter(f"{{{SVG_NS}}}clipPath"):
        if clip_path.get("id") not in text_clips:
            continue
        for path in clip_path:
            match = _RECTANGLE_PATH.fullmatch(path.get("d", ""))
            if match:
                left, top, right, bottom = (float(number) for number in match.groups())
                left, right = left - TEXT_CLIP_SLACK, right + TEXT_CLIP_SLACK
                left, top, right, bottom = map(_number, (left, top, right, bottom))
                path.set("d", f"M{left},{top} L{right},{top} L{right},{bottom} L{left},{bottom} Z")


def _add_font_fallbacks(root: ET.Element) -> None:
    """The shipped font first, then fallbacks for a machine that does not have it.

    Every text of the picture is in the shipped font; Qt names its default family on the
    groups that hold no text, which is rewritten too so the file names one font.
    """
    families = ", ".join(f"'{f}'" if " " in f else f for f in (FAMILY, *FONT_FALLBACKS))
    for element in root.iter():
        if element.get("font-family"):
            element.set("font-family", families)


def _anchor_centred_text(root: ET.Element, centred: dict[tuple[float, float, str], float]) -> None:
    """Centred lines are anchored on their centre, so they stay centred in any font.

    Qt writes coordinates with six significant digits, so a line is matched to what was
    painted by its text and a position within a tenth of a pixel.
    """
    painted: dict[tuple[str, int], list[tuple[float, float, float]]] = {}
    for (left, baseline, line), centre in centred.items():
        painted.setdefault((line, round(baseline)), []).append((left, baseline, centre))
    for element in root.iter(f"{{{SVG_NS}}}text"):
        try:
            x, y = float(element.get("x", "")), float(element.get("y", ""))
        except ValueError:
            continue
        line = element.text or ""
        for row in (round(y), round(y) - 1, round(y) + 1):
            match = next(
                (centre for left, baseline, centre in painted.get((line, row), ())
                 if abs(left - x) < 0.1 and abs(baseline - y) < 0.1),
                None,
            )
            if match is not None:
                element.set("x", _number(match))
                element.set("text-anchor", "middle")
                break


def _remove_active_content(root: ET.Element) -> None:
    """No scripts, event handlers or foreign objects: the SVG stays a picture."""
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag.rpartition("}")[2] in ("script", "foreignObject", "handler"):
                parent.remove(child)
    for element in root.iter():
        for name in list(element.attrib):
            if name.rpartition("}")[2].lower().startswith("on"):
                del element.attrib[name]


def _add_procedure_links(root: ET.Element, diagram: Diagram) -> None:
    """A clickable, invisible card-sized area for each safe procedure link, on top."""
    for touchpoint in diagram.chain.touchpoints:
        procedure = touchpoint.procedure
        if procedure is None or not procedure.link or not is_safe_link(procedure.link):
            continue
        rect = diagram.to_diagram(diagram.scene.touchpoint_items[touchpoint.id].card_rect())
        # `href` for SVG 2 readers, `xlink:href` for SVG 1.1 ones.
        link = ET.SubElement(
            root, f"{{{SVG_NS}}}a", {"href": procedure.link, f"{{{XLINK_NS}}}href": procedure.link}
        )
        tip = ET.SubElement(link, f"{{{SVG_NS}}}title")
        tip.text = f"Procedure: {procedure.title}"
        ET.SubElement(
            link,
            f"{{{SVG_NS}}}rect",
            {
                "x": _number(rect.x()),
                "y": _number(rect.y()),
                "width": _number(rect.width()),
                "height": _number(rect.height()),
                "rx": "8",
                # Painted (so it takes clicks) but invisible.
                "fill": "#ffffff",
                "fill-opacity": "0",
            },
        )


# -- PNG ---------------------------------------------------------------------------------------


def export_png(chain: Chain, path, options: ExportOptions = ExportOptions()) -> tuple[int, int]:
    """Write the diagram as a PNG image `options.scale` times the canvas size; returns its size."""
    _check_options(options)
    image = diagram_image(chain, options)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise ExportError("The image could not be encoded as PNG.")
    write_file(bytes(buffer.data()), path)
    return image.width(), image.height()


@collector_paused()  # a scene of the whole chain, kept until the end
def diagram_image(chain: Chain, options: ExportOptions = ExportOptions()) -> QImage:
    diagram = Diagram(scoped_chain(chain, options), options)
    width = math.ceil(diagram.size.width() * options.scale)
    height = math.ceil(diagram.size.height() * options.scale)
    if max(width, height) > MAX_IMAGE_SIDE or width * height > MAX_IMAGE_PIXELS:
        raise ExportError(
            f"The image would be {width:,} × {height:,} pixels, too large to make; "
            "choose a smaller scale, or export SVG or PDF."
        )
    background = None if options.transparent else PAPER
    picture = diagram.picture(background=background)
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    if image.isNull():
        raise ExportError(f"There is not enough memory for a {width:,} × {height:,} pixel image.")
    dots_per_metre = round(options.scale * 96 / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
                           | QPainter.RenderHint.SmoothPixmapTransform)
    # The picture replays at the image's dpi; scale it so a canvas pixel is `scale` pixels.
    replay = image.logicalDpiX() / picture.logicalDpiX()
    play_picture(painter, picture, QPointF(0, 0), options.scale / replay)
    painter.end()
    return image


# -- PDF ---------------------------------------------------------------------------------------


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
    columns: int = 1
    rows: int = 1
    tile_scale: float = 0.0  # when tiled

    @property
    def tiled(self) -> bool:
        return self.columns * self.rows > 1

    @property
    def pages(self) -> int:
        return self.columns * self.rows

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


def plan_pages(size: QSizeF, options: ExportOptions, tiles: bool, top: float = 0.0,
               footer: bool = False) -> PdfPlan:
    """Plan a diagram of `size` (canvas pixels) on the pages of `options`.

    The page is turned to suit the picture (`picture_landscape`). With `tiles`, a diagram
    whose labels would print below MIN_LABEL_POINTS on one page is planned over a grid of
    pages instead, at TILE_SCALE or more; then, unless the user chose, the pages are turned
    the way that needs fewer of them. `top` (device units) is kept free at the top of each
    page for a heading; `footer` keeps room for a footer under a fitted diagram too (tiles
    always have one).
    """
    landscape = picture_landscape(options, size)
    layout = page_layout(options, landscape)
    paint = layout.paintRectPixels(PDF_RESOLUTION)
    picture = physical_size(size)
    footer_height = FOOTER_MM / 25.4 * PDF_RESOLUTION
    height = paint.height() - top - (footer_height if footer else 0.0)
    fit = min(paint.width() / picture.width(), height / picture.height(), MAX_FIT_SCALE)
    if not tiles or label_points(fit) >= MIN_LABEL_POINTS:
        return PdfPlan(layout, fit)
    plans = [_tiled(layout, fit, picture, top)]
    if options.landscape is None and options.page != "slide":
        plans.append(_tiled(page_layout(options, not landscape), fit, picture, top))
    return min(plans, key=lambda plan: plan.pages)  # the first, the picture's way, on a tie


def _tiled(layout: QPageLayout, fit: float, picture: QSizeF, top: float) -> PdfPlan:
    """The grid of tiles for a `picture` (device units at 100%) on pages of `layout`.

    Every column of tiles shows the lanes' header column on its left (see draw_tiles), so
    the rest of the picture is shared out among the columns.
    """
    area = tile_area(layout, top)
    header = physical_size(QSizeF(HEADER_ROOM, 0)).width()
    rest = max(picture.width() - header, 1.0)
    columns = max(1, math.ceil(rest * TILE_SCALE / (area.width() - header * TILE_SCALE)))
    rows = math.ceil(picture.height() * TILE_SCALE / area.height())
    # As large as that many pages allow, so the tiles fill the pages one way or the other;
    # and equal tiles rather than full ones and a sliver.
    scale = min(area.width() / (header + rest / columns), area.height() * rows / picture.height())
    return PdfPlan(layout, fit, columns, rows, scale)


def tile_area(layout: QPageLayout, top: float = 0.0) -> QRectF:
    """Where a tile goes on a page: below `top`, above the footer (device units)."""
    paint = layout.paintRectPixels(PDF_RESOLUTION)
    footer = FOOTER_MM / 25.4 * PDF_RESOLUTION
    return QRectF(0, top, paint.width(), paint.height() - top - footer)


def diagram_size(chain: Chain, options: ExportOptions = ExportOptions()) -> QSizeF:
    """The size of the picture `options` export of `chain`, in canvas pixels (it is not drawn)."""
    _check_options(options)
    with collector_paused():
        return QSizeF(Diagram(scoped_chain(chain, options), options).size)


def fitted_label_points(chain: Chain, options: ExportOptions = ExportOptions()) -> float:
    """How large the card labels print, in points, when the diagram is fitted to one page
    of `options` (turned as `options.landscape` says). Below MIN_LABEL_POINTS they are hard
    to read: tiles (`fit=False`) keep them readable."""
    return plan_pages(diagram_size(chain, options), options, tiles=False).fitted_label_points


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
               report: dict | None = None) -> int:
    """Write the diagram as a vector PDF with selectable text; returns the page count.

    The page is turned the way the picture is longer unless `options.landscape` says, and
    the diagram fitted to it, centred. With `fit` off, a diagram whose labels would print
    below MIN_LABEL_POINTS is tiled over pages at 75% or more instead, each page with the
    chain's title and where it belongs ("row 1, column 2") in its footer. `report`, when
    given, receives the plan (`report["plan"]`, a PdfPlan): how large the labels print.
    """
    _check_options(options)
    diagram = Diagram(scoped_chain(chain, options), options)
    plan = plan_pages(diagram.size, options, tiles=not options.fit)
    pages = PdfPages(diagram.chain.title, plan.layout)
    if plan.tiled:
        def footer(row: int, column: int) -> None:
            where = f"Page {row * plan.columns + column + 1} of {plan.pages} — row {row + 1}, column {column + 1}"
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
    """The diagram in `plan.rows` x `plan.columns` equal tiles, one a page, row by row,
    each at the top left of `area` (device units) at `plan.tile_scale`.

    The first tile goes on the current page, each next one on a new page; `decorate(row,
    column)` is called after a tile is drawn, to add the page's heading and footer.
    Each tile right of the first shows the lanes' header column again on its left, so
    every page names its lanes.
    """
    scale = plan.tile_scale
    to_device = physical_size(QSizeF(1, 1)).width() * scale  # diagram pixels to device units
    slice_width = (diagram.size.width() - HEADER_ROOM) / plan.columns
    height = diagram.size.height() / plan.rows
    shown = QSizeF((HEADER_ROOM + slice_width) * to_device, height * to_device)
    painter = pages.painter
    for row in range(plan.rows):
        for column in range(plan.columns):
            if row or column:
                pages.new_page()
            top = row * height
            if column == 0:
                region = QRectF(0, top, HEADER_ROOM + slice_width, height)
                play_picture(painter, diagram.picture(region), area.topLeft(), scale)
            else:
                region = QRectF(HEADER_ROOM + column * slice_width, top, slice_width, height)
                at = area.topLeft() + QPointF(HEADER_ROOM * to_device, 0)
                play_picture(painter, diagram.picture(region), at, scale)
                # Over what the part drew left of itself: the lanes' names.
                painter.fillRect(QRectF(area.topLeft(), QSizeF(HEADER_ROOM * to_device, shown.height())), PAPER)
                headers = diagram.header_picture(QRectF(0, top, HEADER_ROOM, height))
                play_picture(painter, headers, area.topLeft(), scale)
            pages.mask_outside(QRectF(area.topLeft(), shown))
            decorate(row, column)


# -- the handout ---------------------------------------------------------------------------------


def export_handout(chain: Chain, path, options: ExportOptions = ExportOptions()) -> int:
    """Write the printed handout (cover, diagram, departments, roster); returns the page count."""
    from app.handout import write_handout  # the handout builds on this module

    _check_options(options)
    return write_handout(chain, path, options)


# -- any format ----------------------------------------------------------------------------------

DRAWN_FORMATS = ("svg", "png", "pdf", "handout")


def write_export(chain: Chain, fmt: str, path, options: ExportOptions = ExportOptions(),
                 report: dict | None = None) -> str:
    """Write `chain` (or the part `options.scope` names) in format `fmt` to `path`.

    The drawn formats are above; the text formats (DOT, GraphML, Mermaid, CSV) come from
    models.interchange, written with the same scope and the same atomic write. Returns
    what a user may want to know of the result: "1200 x 800 pixels", "3 pages" or "".
    `report`, when given, receives details a caller may warn about (see export_pdf).
    """
    if fmt == "svg":
        export_svg(chain, path, options)
        return ""
    if fmt == "png":
        width, height = export_png(chain, path, options)
        return f"{width} x {height} pixels"
    if fmt in ("pdf", "handout"):
        if fmt == "pdf":
            pages = export_pdf(chain, path, options, report)
        else:
            pages = export_handout(chain, path, options)
        return f"{pages} page{'' if pages == 1 else 's'}"
    from models.interchange import FORMATS  # only the text formats need it

    if fmt not in FORMATS:
        known = ", ".join((*DRAWN_FORMATS, *FORMATS))
        raise ExportError(f"Unknown export format {fmt!r}; use one of {known}.")
    text = FORMATS[fmt](scoped_chain(chain, options))
    if fmt == "mermaid" and Path(path).suffix.lower() == ".md":
        text = f"```mermaid\n{text.rstrip()}\n```\n"  # so Markdown wikis draw it
    write_file(text.encode("utf-8"), path)
    return ""


# -- files ---------------------------------------------------------------------------------------


def write_file(data: bytes, path) -> None:
    """Write atomically; every failure becomes one ExportError sentence."""
    try:
        save_bytes(data, Path(path))
    except ChainFileError as error:
        raise ExportError(f"Could not export to {error.file}: {error.reason.rstrip('.')}.") from None
