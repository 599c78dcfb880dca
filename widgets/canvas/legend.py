"""The legend of an exported diagram: card kinds, review stripes, badges, lines and marks.

Exports for decks and the handout's cover show it, so a reader who has never seen the
canvas knows what a pill, a diamond, an amber stripe or a dashed line means. It is drawn
with QPainter in canvas pixels (scene units), in the white paper theme, with the
pictures' own font, so it comes out the same in SVG, PNG and PDF.

`legend_layout` places everything (a pure function of the texts and the width allowed);
`paint_legend` draws a layout; `legend_size` is its size. Groups sit one under the other,
their name in a column on the left; a group's entries (a symbol and its name) flow left
to right and wrap within the width allowed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF

from models.blueprint_lines import LINE_KINDS
from models.chain import MARKS
from widgets.canvas.badge import paint_badge
from widgets.canvas.mark_glyph import MARK_NAMES, paint_mark
from widgets.canvas.handoff_item import ARROW_LENGTH, ARROW_WIDTH, LINE_WIDTH, PILL_BORDER
from widgets.canvas.style import BLUEPRINT_LINE_WIDTH, LINE_STYLES, REVIEW_COLOURS, Theme, canvas_font

TEXT_PX = 12  # entry names
HEADING_PX = 12  # group names, bold
PILL_TEXT_PX = 11  # the sample "passes" pill, as handoffs print theirs
PADDING = 10.0  # inside the frame
ROW_HEIGHT = 26.0  # one row of entries
ROW_GAP = 4.0
HEADING_GAP = 14.0  # between the group names' column and the entries
SYMBOL_GAP = 6.0  # between a symbol and its name
ENTRY_GAP = 18.0  # between one entry's name and the next symbol
TEXT_SLACK = 2.0  # room beyond a name's measured width, for renderers a hair wider
MIN_WIDTH = 300.0  # the legend is never squeezed narrower than this
FRAME_RADIUS = 6.0
REVIEW_SAMPLE_RADIUS = 4.0  # the small step card that shows a review stripe
REVIEW_SAMPLE_STRIPE = 4.0
WRAP = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap

#: The groups and their entries: (key, name). Marked for translation (context "legend").
GROUPS = (
    ("kinds", QT_TRANSLATE_NOOP("legend", "Touchpoints"), (
        ("start", QT_TRANSLATE_NOOP("legend", "Start")),
        ("step", QT_TRANSLATE_NOOP("legend", "Step")),
        ("decision", QT_TRANSLATE_NOOP("legend", "Decision")),
        ("end", QT_TRANSLATE_NOOP("legend", "End")),
    )),
    ("review", QT_TRANSLATE_NOOP("legend", "Review"), (
        ("identified", QT_TRANSLATE_NOOP("legend", "Identified")),
        ("examined", QT_TRANSLATE_NOOP("legend", "Examined")),
        ("critiqued", QT_TRANSLATE_NOOP("legend", "Critiqued")),
        ("approved", QT_TRANSLATE_NOOP("legend", "Approved")),
    )),
    ("findings", QT_TRANSLATE_NOOP("legend", "Findings"), (
        ("error", QT_TRANSLATE_NOOP("legend", "Error")),
        ("warning", QT_TRANSLATE_NOOP("legend", "Warning")),
        ("info", QT_TRANSLATE_NOOP("legend", "Info")),
    )),
    ("lines", QT_TRANSLATE_NOOP("legend", "Lines"), (
        ("handoff", QT_TRANSLATE_NOOP("legend", "Handoff, with what it passes on")),
        ("interaction", QT_TRANSLATE_NOOP("legend", "Line of interaction: the customer acts above it")),
        ("visibility", QT_TRANSLATE_NOOP("legend", "Line of visibility: the customer sees the lanes above it")),
        ("internal", QT_TRANSLATE_NOOP("legend", "Line of internal interaction: support below it")),
    )),
)
MARK_SIZE = 14.0  # a mark's glyph in the legend, a little larger than on a card
#: The example text in the handoff's pill.
PILL_SAMPLE = QT_TRANSLATE_NOOP("legend", "order")

#: Each symbol's (width, height), in canvas pixels.
SYMBOL_SIZES = {
    "start": (44.0, 22.0), "end": (44.0, 22.0), "step": (44.0, 22.0), "decision": (38.0, 24.0),
    "identified": (30.0, 20.0), "examined": (30.0, 20.0), "critiqued": (30.0, 20.0), "approved": (30.0, 20.0),
    "error": (20.0, 20.0), "warning": (20.0, 20.0), "info": (20.0, 20.0),
    "handoff": (92.0, 20.0), "interaction": (56.0, 12.0), "visibility": (56.0, 12.0), "internal": (56.0, 12.0),
    **{mark: (MARK_SIZE, MARK_SIZE) for mark in MARKS},
}


@dataclass(frozen=True)
class LegendItem:
    """One thing the legend shows: a group's name (no symbol) or an entry."""

    key: str  # the group's or the entry's key: "review", "critiqued", ...
    text: str  # translated
    symbol: QRectF  # empty for a group's name
    label: QRectF


@dataclass(frozen=True)
class LegendLayout:
    """Where everything goes, relative to the legend's top left; sizes in canvas pixels."""

    size: QSizeF
    headings: tuple[LegendItem, ...]
    entries: tuple[LegendItem, ...]

    def rects(self) -> list[QRectF]:
        """Every name's and symbol's rectangle: none overlaps another."""
        rects = [item.label for item in self.headings]
        for entry in self.entries:
            rects += [entry.symbol, entry.label]
        return rects


def _tr(text: str) -> str:
    return QCoreApplication.translate("legend", text)


def _metrics(bold: bool = False) -> QFontMetricsF:
    # Pixel-sized fonts measure the same on every device.
    return QFontMetricsF(canvas_font(HEADING_PX if bold else TEXT_PX, bold))


def legend_groups(badges: bool = False, lines: Iterable[str] = LINE_KINDS,
                  marks: Iterable[str] = ()) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The groups shown: (key, name, entries), translated. Badges only when the picture has
    them; of the blueprint's lines (models.blueprint_lines) those the chain draws; of the
    marks (mark_glyph.marks_used) those the chain's cards have, and no group without any."""
    lines = set(lines)
    groups = []
    for key, name, entries in GROUPS:
        if key == "findings" and not badges:
            continue
        shown = [(entry, _tr(text)) for entry, text in entries if entry not in LINE_KINDS or entry in lines]
        groups.append((key, _tr(name), shown))
    marks = set(marks)
    if marks:
        groups.append(("marks", _tr(QT_TRANSLATE_NOOP("legend", "Marks")), [
            (mark, QCoreApplication.translate("marks", MARK_NAMES[mark])) for mark in MARKS if mark in marks]))
    return groups


def legend_layout(max_width: float = 0.0, badges: bool = False, lines: Iterable[str] = LINE_KINDS,
                  marks: Iterable[str] = ()) -> LegendLayout:
    """The legend laid out within `max_width` (at least MIN_WIDTH; 0: one row per group)."""
    groups = legend_groups(badges, lines, marks)
    heading_metrics, text_metrics = _metrics(bold=True), _metrics()
    column = max(heading_metrics.horizontalAdvance(name) for _key, name, _entries in groups) + TEXT_SLACK
    entries_left = PADDING + column + HEADING_GAP
    limit = max(max_width, MIN_WIDTH) - PADDING if max_width > 0 else float("inf")
    headings: list[LegendItem] = []
    placed: list[LegendItem] = []
    line_height = text_metrics.height()
    top, right = PADDING, 0.0
    for key, name, entries in groups:
        heading_height = heading_metrics.height()
        headings.append(LegendItem(key, name, QRectF(), QRectF(PADDING, top + (ROW_HEIGHT - heading_height) / 2, column, heading_height)))
        x, row_height = entries_left, ROW_HEIGHT
        for entry, text in entries:
            symbol_width, symbol_height = SYMBOL_SIZES[entry]
            text_width = text_metrics.horizontalAdvance(text) + TEXT_SLACK
            width = symbol_width + SYMBOL_GAP + text_width
            if x > entries_left and x + width > limit:  # wrap to the group's next row
                x = entries_left
                top += row_height + ROW_GAP
                row_height = ROW_HEIGHT
            text_left = x + symbol_width + SYMBOL_GAP
            text_top = top + (ROW_HEIGHT - line_height) / 2
            if text_left + text_width > limit:  # too long for a row of its own: wrap the name
                room = max(limit - text_left - TEXT_SLACK, 4 * line_height)  # the slack stays within the limit
                wrapped = text_metrics.boundingRect(QRectF(0, 0, room, 1e6), WRAP, text)
                text_width, text_height = wrapped.width() + TEXT_SLACK, wrapped.height()
            else:
                text_height = line_height
            # The symbol is centred on the name's first line.
            symbol = QRectF(x, top + (ROW_HEIGHT - symbol_height) / 2, symbol_width, symbol_height)
            label = QRectF(text_left, text_top, text_width, text_height)
            placed.append(LegendItem(entry, text, symbol, label))
            row_height = max(row_height, label.bottom() - top + (ROW_HEIGHT - line_height) / 2)
            right = max(right, label.right())
            x = label.right() + ENTRY_GAP
        top += row_height + ROW_GAP
    size = QSizeF(max(right + PADDING, MIN_WIDTH if max_width > 0 else 0.0), top - ROW_GAP + PADDING)
    return LegendLayout(size, tuple(headings), tuple(placed))


def legend_size(max_width: float = 0.0, badges: bool = False, lines: Iterable[str] = LINE_KINDS,
                marks: Iterable[str] = ()) -> QSizeF:
    """The size of the legend laid out within `max_width`, in canvas pixels."""
    return legend_layout(max_width, badges, lines, marks).size


def paint_legend(painter: QPainter, top_left: QPointF, layout: LegendLayout) -> None:
    """Draw the legend `layout` with its top left at `top_left` (painter units: canvas pixels)."""
    theme = Theme.light()
    painter.save()
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    painter.translate(top_left)
    painter.setPen(QPen(theme.lane_separator, 1))
    painter.setBrush(theme.base)
    painter.drawRoundedRect(frame_rect(layout), FRAME_RADIUS, FRAME_RADIUS)
    painter.setFont(canvas_font(HEADING_PX, bold=True))
    painter.setPen(theme.text)
    for heading in layout.headings:
        painter.drawText(heading.label, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, heading.text)
    for entry in layout.entries:
        _paint_symbol(painter, theme, entry.key, entry.symbol)
        painter.setFont(canvas_font(TEXT_PX))
        painter.setPen(theme.text)
        painter.drawText(entry.label, WRAP, entry.text)
    painter.restore()


def frame_rect(layout: LegendLayout) -> QRectF:
    """The legend's frame, half a pixel in so its 1 px line is crisp."""
    return QRectF(QPointF(0, 0), layout.size).adjusted(0.5, 0.5, -0.5, -0.5)


def kind_sample_radius(key: str, rect: QRectF) -> float:
    """The corner radius of the sample card of kind `key` (not a decision, a diamond)."""
    return rect.height() / 2 if key != "step" else 5.0


class HandoffSample(NamedTuple):
    """The sample handoff: a short arrow with a "passes" pill on it (see handoff_sample)."""

    start: QPointF
    line_end: QPointF  # short of the tip, as a handoff's line stops at its arrowhead
    arrow: tuple[QPointF, QPointF, QPointF]  # tip first
    pill: QRectF
    text: str  # centred in the pill, PILL_TEXT_PX


def handoff_sample(rect: QRectF) -> HandoffSample:
    """Where the sample handoff's parts go within its symbol's `rect`."""
    y = rect.center().y()
    tip = rect.right()
    arrow = (QPointF(tip, y), QPointF(tip - ARROW_LENGTH, y - ARROW_WIDTH / 2), QPointF(tip - ARROW_LENGTH, y + ARROW_WIDTH / 2))
    metrics = QFontMetricsF(canvas_font(PILL_TEXT_PX))
    text = _tr(PILL_SAMPLE)
    width, height = metrics.horizontalAdvance(text) + 12, metrics.height() + 2
    pill = QRectF(rect.left() + (rect.width() - ARROW_LENGTH - width) / 2, y - height / 2, width, height)
    return HandoffSample(QPointF(rect.left(), y), QPointF(rect.right() - ARROW_LENGTH * 0.8, y), arrow, pill, text)


def _paint_symbol(painter: QPainter, theme: Theme, key: str, rect: QRectF) -> None:
    painter.save()
    border = QPen(theme.card_border, 1)
    if key in ("start", "end", "step"):
        radius = kind_sample_radius(key, rect)
        painter.setPen(border)
        painter.setBrush(theme.card_fill(key))
        painter.drawRoundedRect(rect, radius, radius)
    elif key == "decision":
        painter.setPen(border)
        painter.setBrush(theme.card_fill(key))
        painter.drawPolygon(QPolygonF([
            QPointF(rect.center().x(), rect.top()), QPointF(rect.right(), rect.center().y()),
            QPointF(rect.center().x(), rect.bottom()), QPointF(rect.left(), rect.center().y()),
        ]))
    elif key in REVIEW_COLOURS:
        # A small step card with its stripe, as the canvas draws it.
        card = QPainterPath()
        card.addRoundedRect(rect, REVIEW_SAMPLE_RADIUS, REVIEW_SAMPLE_RADIUS)
        painter.fillPath(card, theme.card_fill("step"))
        painter.setClipPath(card)
        painter.fillRect(QRectF(rect.left(), rect.top(), REVIEW_SAMPLE_STRIPE, rect.height()), QColor(REVIEW_COLOURS[key]))
        painter.setClipping(False)
        painter.setPen(border)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(card)
    elif key in ("error", "warning", "info"):
        paint_badge(painter, rect.center(), key, 1)
    elif key in MARKS:
        paint_mark(painter, key, rect)
    elif key == "handoff":
        _paint_handoff_sample(painter, theme, rect)
    elif key in LINE_KINDS:
        pen = QPen(theme.muted_text, BLUEPRINT_LINE_WIDTH, LINE_STYLES[key])
        painter.setPen(pen)
        y = rect.center().y()
        painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
    painter.restore()


def _paint_handoff_sample(painter: QPainter, theme: Theme, rect: QRectF) -> None:
    """A short arrow with a "passes" pill on it."""
    sample = handoff_sample(rect)
    painter.setPen(QPen(theme.line, LINE_WIDTH, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    painter.drawLine(sample.start, sample.line_end)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(theme.line)
    painter.drawPolygon(QPolygonF(list(sample.arrow)))
    painter.setPen(QPen(theme.card_border, PILL_BORDER))
    painter.setBrush(theme.base)
    radius = sample.pill.height() / 2
    painter.drawRoundedRect(sample.pill, radius, radius)
    painter.setFont(canvas_font(PILL_TEXT_PX))
    painter.setPen(theme.text)
    painter.drawText(sample.pill, Qt.AlignmentFlag.AlignCenter, sample.text)
