"""A chain drawn for export: the same item classes the canvas shows, on white paper.

Every drawn export (SVG, PNG, PDF, the handout) is a function of the chain alone and needs
no window, only a QApplication: it builds a Document and a ChainScene in the white paper
theme and renders the same item classes the canvas shows (ARCHITECTURE.md), with no
selection, hover or grid, and 24 px of margin around the lanes (UI.md).

Units: the diagram is measured in canvas pixels, the scene's own units. Fonts are set in
points, and Qt turns points into pixels with the dpi of the device it paints on; the
canvas wraps labels at the dpi Qt uses without a device (the screen's, 96 on most
systems). So the diagram is always painted at that dpi: directly for SVG, and for PNG
and PDF first into a QPicture, which those devices then replay scaled. The QPicture also
keeps labels at every scale: items hide them when they are drawn small.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPicture
from PySide6.QtWidgets import QApplication, QStyleOptionGraphicsItem

from app.document import Document
from app.export.options import ExportError, ExportOptions, check_options, printable_chain, scoped_chain
from app.export.tile_cuts import Box
from models.blueprint_lines import line_kinds
from models.chain import Chain
from models.collector import collector_paused
from models.geometry import lane_header
from models.lint import lint_chain
from models.text import text_width
from widgets.canvas.badge import RADIUS, badge_parts, most_severe
from widgets.canvas.legend import LegendLayout, legend_layout, paint_legend
from widgets.canvas.mark_glyph import marks_used
from widgets.canvas.scene import ChainScene
from widgets.canvas.stage_band import STAGE_NAME_PX, band_fill
from widgets.canvas.style import HEADER_WIDTH, Theme, label_font
from widgets.canvas.touchpoint_item import card_badge_centre

MARGIN = 24.0  # around the diagram, in canvas pixels (UI.md)
TITLE_HEIGHT = 52.0  # the title block above the diagram, when there is one
RIGHT_ROOM = 40.0  # lane kept right of the rightmost card, instead of the canvas's 400 px
MIN_LANE_ROOM = 240.0  # lanes stay at least this wide right of the header column
LEGEND_GAP = 16.0  # between the lanes and the legend below them, in canvas pixels
HEADER_ROOM = MARGIN + HEADER_WIDTH  # the left margin and the lanes' header column, repeated on tiles
PAPER = QColor("#ffffff")


@dataclass(frozen=True)
class Outline:
    """What planning a diagram's pages needs of it: its size (canvas pixels), and what a cut
    between tiles must not go through, in diagram pixels: the cards, the pills and every
    name, each of which a cut would leave whole on no page."""

    size: QSizeF
    keep_whole: tuple[Box, ...] = ()  # (left, top, right, bottom) each


def lending_scene(chain: Chain, options: ExportOptions, scene: ChainScene | None) -> ChainScene | None:
    """`scene` when it shows this very chain and the export is of the whole chain (a part
    is laid out on its own); None otherwise."""
    if scene is None or options.scope != "chain" or scene.document.chain is not chain:
        return None
    return scene


def canvas_dpi() -> int:
    """The dpi Qt lays out text at when it has no device: cards wrap their labels at it."""
    return QPicture().logicalDpiY()


class Diagram:
    """A chain drawn for export: its scene, the part of the scene to show, the title above
    and, when asked for, the legend below (`title` and `legend` override the options).

    Diagram coordinates are canvas pixels with (0, 0) at the top left of the margin.

    `scene`, when given, is a scene already showing `chain` (the editor's): its cards,
    routes and labels are taken as they are, with nothing of it changed, so the picture
    is what the canvas shows. Such a diagram is read (the SVG export writes its geometry),
    never painted: the items would paint the scene's theme, selection and hover.
    """

    def __init__(self, chain: Chain, options: ExportOptions, title: bool | None = None,
                 legend: bool | None = None, scene: ChainScene | None = None,
                 routes_from: ChainScene | None = None):
        if QApplication.instance() is None:
            raise RuntimeError("exports draw with Qt: create a QApplication first")
        self.borrowed = scene is not None
        self.owner_names = options.owner_names
        if scene is not None:
            # Its texts are drawn as the canvas wraps them; a writer drops what XML cannot hold.
            self.chain = chain
            self.document = scene.document
            self.scene = scene
            self.scene.finish_routing()
            findings = lint_chain(self.chain) if options.badges else []
        else:
            self.chain = printable_chain(chain)
            self.document = Document(self.chain)
            if routes_from is not None:
                routes_from.finish_routing()
            # With `routes_from`, the editor's scene of this chain, its routes and labels are
            # taken where they fit (see ChainScene) instead of routing everything again.
            self.scene = ChainScene(self.document, Theme.light(), routes_like=routes_from)
            self.scene.finish_routing()  # a large chain routes in the background on screen
            self.scene.exporting = True
            self.scene.show_badges = options.badges
            if options.owner_names:
                self.scene.set_owner_names(True)
            findings = lint_chain(self.chain) if options.badges else []
            if options.badges:
                self.scene.set_findings(findings)
        #: Element id -> the severities of its findings that are not ignored, when badges are shown.
        self.badges: dict[str, list[str]] = {}
        for finding in findings:
            if finding.element is not None and finding.ignored is None:
                self.badges.setdefault(finding.element, []).append(finding.severity)
        self.drawing = self._drawing_rect()
        show_title = options.title if title is None else title
        self.title = (self.chain.title.strip() or "Untitled chain") if show_title else ""
        self.title_height = TITLE_HEIGHT if self.title else 0.0
        show_legend = options.legend if legend is None else legend
        #: The legend below the lanes, laid out within their width; None without one.
        self.legend: LegendLayout | None = None
        legend_height = legend_width = 0.0
        if show_legend:
            self.legend = legend_layout(self.drawing.width(), options.badges, line_kinds(self.chain.departments),
                                        marks_used(self.chain))
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
        for column in self.scene.stage_columns:  # every stage's column whole, named
            right = max(right, lanes.left() + HEADER_WIDTH + column.right)
        return QRectF(lanes.topLeft(), QPointF(min(lanes.right(), right), lanes.bottom()))

    def bounds(self) -> QRectF:
        return QRectF(QPointF(0, 0), self.size)

    def outline(self) -> Outline:
        """The diagram's size and what a cut between tiles must not go through (see Outline)."""
        keep: list[Box] = []

        def add(rect: QRectF) -> None:
            rect = self.to_diagram(rect)
            keep.append((rect.left(), rect.top(), rect.right(), rect.bottom()))

        for id, item in self.scene.touchpoint_items.items():
            add(self._card_with_badge(item, self.badges.get(id)))
        for item in self.scene.handoff_items.values():
            for label in item.labels:
                add(QRectF(QPointF(*label.rect[:2]), QPointF(*label.rect[2:])))
        for lane in self.scene.lane_items.values():  # its name and role, at the top of its header
            header = lane.header_rect()
            add(QRectF(header.left(), header.top(), header.width(), lane_header(lane.department.name)[1]))
        band = self.scene.stage_band
        for column in self.scene.stage_columns:
            name = band.column_rect(column)
            width = max((text_width(line, STAGE_NAME_PX, bold=True) for line in band.name_lines(column)), default=0.0)
            add(QRectF(name.center().x() - width / 2, name.top(), width, name.height()))
        if self.title:  # no width: it runs over every column of tiles, but no row may cut it
            keep.append((MARGIN, MARGIN, MARGIN, MARGIN + self.title_height))
        if self.legend is not None:
            corner = self.legend_rect().topLeft()
            for rect in self.legend.rects():
                rect = rect.translated(corner)
                keep.append((rect.left(), rect.top(), rect.right(), rect.bottom()))
        return Outline(QSizeF(self.size), tuple(keep))

    def _card_with_badge(self, item, severities: list[str] | None) -> QRectF:
        """A card's rectangle in the scene, with its finding badge and count when one is drawn."""
        card = item.card_rect()
        if not severities:
            return card
        severity = most_severe(severities)
        x, y = card_badge_centre(item.kind, card.width())
        parts = badge_parts((card.left() + x, card.top() + y), severity, severities.count(severity))
        reach = RADIUS + 1  # a warning's triangle is a pixel larger than the circle
        card = card.united(QRectF(card.left() + x - reach, card.top() + y - reach, 2 * reach, 2 * reach))
        return card.united(QRectF(*parts.count_rect)) if parts.count else card

    def to_diagram(self, scene_rect: QRectF) -> QRectF:
        """A rectangle of the scene in diagram coordinates."""
        return scene_rect.translated(self.offset())

    def to_scene(self, diagram_rect: QRectF) -> QRectF:
        """A rectangle of the diagram in scene coordinates, within the drawing."""
        return diagram_rect.translated(-self.offset()).intersected(self.drawing)

    def offset(self) -> QPointF:
        """Where the scene's origin is in diagram coordinates."""
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
        if self.borrowed:
            raise RuntimeError("a diagram of the editor's scene is not painted: it would show the screen's state")
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
        painter.translate(self.offset())
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
        for text, font, colour, baseline in self.title_lines():
            painter.setFont(font)
            painter.setPen(colour)
            painter.drawText(baseline, text)

    def title_lines(self) -> list[tuple[str, QFont, QColor, QPointF]]:
        """The title block above the diagram: (text, font, colour, left end of the baseline)
        for the title, elided to the picture's width, and the organisation under it."""
        if not self.title:
            return []
        width = self.size.width() - 2 * MARGIN
        device = QPicture()  # measured at the canvas dpi the diagram is painted at
        font = label_font(16.0, bold=True)
        metrics = QFontMetricsF(font, device)
        title = metrics.elidedText(self.title, Qt.TextElideMode.ElideRight, width)
        lines = [(title, font, Theme.light().text, QPointF(MARGIN, MARGIN + metrics.ascent()))]
        organisation = (self.chain.organisation or "").strip()
        if organisation:
            small = label_font(10.0)
            small_metrics = QFontMetricsF(small, device)
            top = MARGIN + metrics.height() + 2
            text = small_metrics.elidedText(organisation, Qt.TextElideMode.ElideRight, width)
            lines.append((text, small, Theme.light().muted_text, QPointF(MARGIN, top + small_metrics.ascent())))
        return lines

    def header_picture(self, region: QRectF) -> QPicture:
        """The lanes alone (no cards, no arrows) within `region` of the diagram, recorded at
        1:1 with the region's top left at (0, 0): the header column a tile repeats."""
        if self.borrowed:
            raise RuntimeError("a diagram of the editor's scene is not painted: it would show the screen's state")
        lanes = self.to_diagram(self.drawing)
        shown = region.intersected(QRectF(region.left(), lanes.top(), region.width(), lanes.height()))
        picture = QPicture()
        painter = QPainter(picture)
        painter.translate(-region.topLeft())
        if not shown.isEmpty():
            painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
            painter.setClipRect(shown)  # lanes set no clip of their own, unlike cards
            painter.translate(self.offset())
            option = QStyleOptionGraphicsItem()
            for item in self.scene.lane_items.values():
                _paint_item(painter, item, option)
            band = self.scene.stage_band.band_rect()
            if not band.isEmpty():  # the stages' band runs on above the repeated header column
                painter.fillRect(QRectF(band.left(), band.top(), HEADER_WIDTH, band.height()),
                                 band_fill(self.scene.theme))
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


def diagram_outline(chain: Chain, options: ExportOptions = ExportOptions()) -> Outline:
    """The outline of the picture `options` export of `chain` (it is not drawn): what its
    pages are planned from."""
    check_options(options)
    with collector_paused():
        return Diagram(scoped_chain(chain, options), options).outline()


def diagram_size(chain: Chain, options: ExportOptions = ExportOptions()) -> QSizeF:
    """The size of the picture `options` export of `chain`, in canvas pixels (it is not drawn)."""
    return diagram_outline(chain, options).size
