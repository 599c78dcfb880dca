"""The pieces SVG text is written from: numbers, escaped text, dashes, paths, badges, and
the <defs> that cards, channel icons and mark glyphs share.

The SVG export (app/export/svg.py) writes the picture straight from the geometry the
canvas draws, as strings: no QSvgGenerator and no XML tree, so a chain of 20,000
touchpoints is written in seconds. What is drawn many times is defined once in <defs>
and placed with <use>: each card shape (kind and size) with the clip path its review
stripe is cut to, each channel icon and each mark glyph. Coordinates are canvas pixels
with at most two decimals.
"""

from __future__ import annotations

import functools
import re

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainterPath, QPicture

from app.export.options import printable_text
from models.text import FAMILY
from resources.icons import svg_data
from widgets.canvas.badge import COUNT_FILL, COUNT_POINTS, COUNT_RADIUS, GLYPH_POINTS, OUTLINE, OUTLINE_WIDTH, RADIUS, badge_parts
from widgets.canvas.mark_glyph import COLOURS as MARK_COLOURS, OUTLINE as MARK_OUTLINE, OUTLINE_WIDTH as MARK_LINE, mark_path
from widgets.canvas.routing import rounded_corners
from widgets.canvas.style import label_font
from widgets.canvas.touchpoint_item import card_corner_radius

FONT_FALLBACKS = ("DejaVu Sans", "Helvetica", "Arial", "sans-serif")  # after the shipped font
#: The font-family attribute: the shipped font first, then fallbacks for a machine without it.
FONT_FAMILY = ", ".join(f"'{f}'" if " " in f else f for f in (FAMILY, *FONT_FALLBACKS))
ICON_VIEW = re.compile(r'viewBox="([-\d.]+) ([-\d.]+) ([\d.]+) ([\d.]+)"')
ICON_BODY = re.compile(r"<svg\b[^>]*>(.*)</svg>", re.S)

#: Qt's dash patterns, in pen widths (QPen's documentation): SVG needs them in pixels.
DASHES = {
    Qt.PenStyle.DashLine: (4, 2),
    Qt.PenStyle.DotLine: (1, 2),
    Qt.PenStyle.DashDotLine: (4, 2, 1, 2),
    Qt.PenStyle.DashDotDotLine: (4, 2, 1, 2, 1, 2),
}


@functools.lru_cache(maxsize=None)  # a picture repeats most of its coordinates; see forget_numbers
def number(value: float) -> str:
    """A coordinate: at most two decimals, never in exponent notation."""
    return ("%.2f" % value).rstrip("0").rstrip(".")


def forget_numbers() -> None:
    """Drop the numbers written so far (after a picture), so they do not outlive it."""
    number.cache_clear()


def text(value: str) -> str:
    """User text as element content: escaped, without characters XML 1.0 cannot hold (nor
    the control characters that would show as boxes)."""
    return printable_text(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attribute(value: str) -> str:
    """User text as an attribute value in double quotes."""
    return text(value).replace('"', "&quot;")


def dash_array(style: Qt.PenStyle, width: float) -> str:
    """The stroke-dasharray of a Qt pen `style` at `width` ("" for a solid line)."""
    pattern = DASHES.get(style)
    return ",".join(number(length * width) for length in pattern) if pattern else ""


def route_data(points: list[tuple[float, float]]) -> str:
    """The path data of a route through `points`, with its corners rounded as the canvas
    rounds them (widgets.canvas.routing.rounded_corners)."""
    parts = [f"M{number(points[0][0])},{number(points[0][1])}"]
    for (ax, ay), (cx, cy), (bx, by) in rounded_corners(points):
        parts.append(f"L{number(ax)},{number(ay)}Q{number(cx)},{number(cy)} {number(bx)},{number(by)}")
    parts.append(f"L{number(points[-1][0])},{number(points[-1][1])}")
    return "".join(parts)


def polygon_data(points) -> str:
    """The path data of a closed polygon through (x, y) `points`."""
    return "M" + "L".join(f"{number(x)},{number(y)}" for x, y in points) + "Z"


def path_data(path: QPainterPath) -> str:
    """A QPainterPath as SVG path data; a subpath that ends where it began is closed."""
    parts: list[str] = []
    start = None
    index, count = 0, path.elementCount()
    while index < count:
        element = path.elementAt(index)
        point = (element.x, element.y)
        if element.isMoveTo():
            if start is not None and parts and last == start:
                parts.append("Z")
            start = point
            parts.append(f"M{number(element.x)},{number(element.y)}")
        elif element.isLineTo():
            parts.append(f"L{number(element.x)},{number(element.y)}")
        else:  # a cubic curve: this element and the next two
            first, second = path.elementAt(index + 1), path.elementAt(index + 2)
            parts.append(f"C{number(element.x)},{number(element.y)} {number(first.x)},{number(first.y)} "
                         f"{number(second.x)},{number(second.y)}")
            point = (second.x, second.y)
            index += 2
        last = point
        index += 1
    if start is not None and parts and last == start:
        parts.append("Z")
    return "".join(parts)


def shape_element(kind: str, width: float, height: float, attributes: str = "") -> str:
    """A card's outline with its top-left corner at (0, 0), as the canvas draws it
    (widgets.canvas.touchpoint_item.card_path): a diamond, or a rounded rectangle."""
    radius = card_corner_radius(kind, height)
    if radius is None:
        diamond = ((width / 2, 0), (width, height / 2), (width / 2, height), (0, height / 2))
        return f'<path{attributes} d="{polygon_data(diamond)}"/>'
    return f'<rect{attributes} width="{number(width)}" height="{number(height)}" rx="{number(radius)}"/>'


def mark_glyph(mark: str, rect: QRectF, attributes: str = "") -> str:
    """The glyph of `mark` filling `rect`, as widgets.canvas.mark_glyph.paint_mark draws it."""
    return (f'<path{attributes} d="{path_data(mark_path(mark, rect))}" fill="{MARK_COLOURS[mark]}" '
            f'stroke="{MARK_OUTLINE}" stroke-width="{number(MARK_LINE)}"/>')


def rounded_rect(left: float, top: float, width: float, height: float, radius: float, attributes: str) -> str:
    return (f'<rect x="{number(left)}" y="{number(top)}" width="{number(width)}" height="{number(height)}" '
            f'rx="{number(radius)}"{attributes}/>')


@functools.cache
def font_size(font: QFont) -> str:
    """A font's size in canvas pixels, as an SVG font-size."""
    if font.pixelSize() > 0:
        return number(font.pixelSize())
    return number(font.pointSizeF() * QPicture().logicalDpiY() / 72)


@functools.cache
def vertical_metrics(font: QFont) -> tuple[float, float]:
    """(ascent, height) of `font` as Qt lays out text at the canvas dpi."""
    metrics = QFontMetricsF(font, QPicture())
    return metrics.ascent(), metrics.height()


def centred_text(content: str, rect: tuple[float, float, float, float], font: QFont, attributes: str) -> str:
    """One line centred in `rect` (left, top, width, height), as Qt's AlignCenter places
    it; anchored on its centre so it stays centred in any font."""
    left, top, width, height = rect
    ascent, line = vertical_metrics(font)
    baseline = top + (height - line) / 2 + ascent
    weight = ' font-weight="700"' if font.bold() else ""
    return (f'<text x="{number(left + width / 2)}" y="{number(baseline)}" font-size="{font_size(font)}"{weight} '
            f'text-anchor="middle"{attributes}>{text(content)}</text>')


@functools.cache
def _badge_fonts() -> tuple[QFont, QFont]:
    return label_font(GLYPH_POINTS, bold=True), label_font(COUNT_POINTS, bold=True)


def badge(centre: tuple[float, float], severity: str, count: int) -> str:
    """A finding badge, as widgets.canvas.badge.paint_badge draws it."""
    parts = badge_parts(centre, severity, count)
    outline = f' fill="{parts.colour}" stroke="{OUTLINE}" stroke-width="{number(OUTLINE_WIDTH)}"'
    if parts.triangle is not None:
        shape = f'<path d="{polygon_data(parts.triangle)}"{outline}/>'
    else:
        shape = f'<circle cx="{number(centre[0])}" cy="{number(centre[1])}" r="{number(RADIUS)}"{outline}/>'
    glyph_font, count_font = _badge_fonts()
    written = [shape, centred_text(parts.glyph, parts.glyph_rect, glyph_font, f' fill="{parts.ink}"')]
    if parts.count:
        written.append(rounded_rect(*parts.count_rect, COUNT_RADIUS, f' fill="{COUNT_FILL}"'))
        written.append(centred_text(parts.count, parts.count_rect, count_font, f' fill="{OUTLINE}"'))
    return "".join(written)


class Defs:
    """What the picture draws many times, each defined once: card shapes (each with the
    clip path of its review stripe), channel icons and mark glyphs. Ask for one, get the
    id a <use> names; `svg()` is the <defs> element of everything asked for."""

    def __init__(self):
        self._parts: list[str] = []
        self._shapes: dict[tuple[str, float, float], str] = {}
        self._icons: dict[tuple[str, str], str | None] = {}
        self._marks: dict[tuple[str, float], str] = {}
        self._clips = 0

    def shape(self, kind: str, width: float, height: float) -> str:
        """The number n of a card shape: #sn is its outline, #cn the clip path of its inside."""
        key = (kind, width, height)
        found = self._shapes.get(key)
        if found is None:
            found = self._shapes[key] = str(len(self._shapes))
            self._parts.append(shape_element(kind, width, height, f' id="s{found}"'))
            self._parts.append(f'<clipPath id="c{found}">{shape_element(kind, width, height)}</clipPath>')
        return found

    def icon(self, name: str, ink: str, size: float) -> str | None:
        """The id of the icon `name` drawn in `ink` in a `size` square at (0, 0); None for a
        name without an icon."""
        key = (name, ink)
        if key not in self._icons:
            try:
                source = svg_data(name, ink).decode("utf-8")
            except KeyError:
                self._icons[key] = None
                return None
            view = ICON_VIEW.search(source)
            left, top, width, height = (float(v) for v in view.groups()) if view else (0.0, 0.0, 24.0, 24.0)
            body = ICON_BODY.search(source).group(1).strip()
            id = self._icons[key] = f"i{len(self._icons)}"
            shift = f" translate({number(-left)},{number(-top)})" if left or top else ""
            self._parts.append(f'<g id="{id}" transform="scale({number_fine(size / width)},{number_fine(size / height)})'
                               f'{shift}">{body}</g>')
        return self._icons[key]

    def mark(self, mark: str, size: float) -> str:
        """The id of the glyph of `mark` filling a `size` square at (0, 0)."""
        key = (mark, size)
        found = self._marks.get(key)
        if found is None:
            found = self._marks[key] = f"m{len(self._marks)}"
            self._parts.append(mark_glyph(mark, QRectF(0, 0, size, size), f' id="{found}"'))
        return found

    def clip(self, element: str) -> str:
        """The id of a clip path of one shape `element` (e.g. a legend sample's outline)."""
        self._clips += 1
        id = f"k{self._clips}"
        self._parts.append(f'<clipPath id="{id}">{element}</clipPath>')
        return id

    def svg(self) -> str:
        return "<defs>\n" + "\n".join(self._parts) + "\n</defs>\n"


def number_fine(value: float) -> str:
    """A scale factor: six decimals, so a 24-unit icon lands on its 13 pixels exactly."""
    return f"{value:.6f}".rstrip("0").rstrip(".")
