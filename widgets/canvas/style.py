"""Sizes and colours of the canvas, derived from the application palette.

Colours are mixed from the palette's base and text colours with a few role accents, so
the canvas reads well in light and dark palettes and keeps distinct greys in print.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette

from models import text
from models.geometry import HEADER_WIDTH, LANE_BOTTOM_PADDING, LANE_MIN_HEIGHT  # noqa: F401 (re-exported)

# -- sizes, in scene units (pixels at 100%) ---------------------------------------------
GRID = 20.0  # snap-to-grid step
NUDGE = 10.0  # arrow-key nudge; Shift+arrow moves 1


#: Below this zoom, cards are plain shapes without text or chips.
DETAIL_THRESHOLD = 0.4

ROLE_ACCENTS = {
    "customer": "#d9a441",  # warm sand
    "frontline": "#4a86c5",  # cool blue
    "backoffice": "#6b9080",  # grey-green
    "support": "#8e7cc3",  # soft lavender
}
#: The role names, marked for translation (context "style"); role_name() translates them.
ROLE_NAMES = {
    "customer": QT_TRANSLATE_NOOP("style", "customer"),
    "frontline": QT_TRANSLATE_NOOP("style", "front line"),
    "backoffice": QT_TRANSLATE_NOOP("style", "back office"),
    "support": QT_TRANSLATE_NOOP("style", "support"),
}
#: The review statuses as shown (lower case); review_status_name() translates them.
REVIEW_STATUS_NAMES = {
    "identified": QT_TRANSLATE_NOOP("style", "identified"),
    "examined": QT_TRANSLATE_NOOP("style", "examined"),
    "critiqued": QT_TRANSLATE_NOOP("style", "critiqued"),
    "approved": QT_TRANSLATE_NOOP("style", "approved"),
}
#: How each line of the service blueprint (models.blueprint_lines) is drawn.
LINE_STYLES = {"interaction": Qt.PenStyle.DashDotLine, "visibility": Qt.PenStyle.DashLine,
               "internal": Qt.PenStyle.DotLine}
BLUEPRINT_LINE_WIDTH = 1.2
REVIEW_COLOURS = {
    "identified": "#9e9e9e",
    "examined": "#1e88e5",
    "critiqued": "#f9a825",
    "approved": "#43a047",
}
KIND_ACCENTS = {"start": "#43a047", "end": "#546e7a", "decision": "#f9a825", "step": None}
ACCENT = "#1e88e5"
FIND_HIGHLIGHT = "#ffd54f"  # a marker-pen yellow behind cards that match the find bar


def role_name(role: str) -> str:
    """The translated name of a department role: "front line" for "frontline"."""
    return QCoreApplication.translate("style", ROLE_NAMES[role])


def review_status_name(status: str) -> str:
    """The translated name of a review status (lower case, as the file spells it)."""
    name = REVIEW_STATUS_NAMES.get(status)
    return QCoreApplication.translate("style", name) if name else status


def mix(a: QColor, b: QColor | str, amount: float) -> QColor:
    """`a` moved towards `b` by `amount` (0..1)."""
    b = QColor(b)
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * amount,
        a.greenF() + (b.greenF() - a.greenF()) * amount,
        a.blueF() + (b.blueF() - a.blueF()) * amount,
    )


@dataclass(eq=False)  # hashed by identity, so its colours can be cached per theme
class Theme:
    base: QColor
    text: QColor
    dark: bool

    @classmethod
    def from_palette(cls, palette: QPalette) -> Theme:
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        return cls(QColor(base), QColor(text), base.lightnessF() < 0.5)

    @classmethod
    @functools.cache
    def light(cls) -> Theme:
        """The export theme: white paper, dark ink, whatever the desktop uses."""
        return cls(QColor("#ffffff"), QColor("#1f2933"), False)

    # The colours are mixed once per theme: painting asks for them thousands of times.

    @functools.cache
    def lane_fill(self, role: str, color: str | None, alternate: bool) -> QColor:
        accent = color or ROLE_ACCENTS.get(role, ROLE_ACCENTS["frontline"])
        fill = mix(self.base, accent, 0.20 if self.dark else 0.13)
        return mix(fill, self.text, 0.04) if alternate else fill

    @functools.cache
    def header_fill(self, role: str, color: str | None) -> QColor:
        accent = color or ROLE_ACCENTS.get(role, ROLE_ACCENTS["frontline"])
        return mix(self.base, accent, 0.34 if self.dark else 0.26)

    @functools.cache
    def card_fill(self, kind: str) -> QColor:
        base = mix(self.base, self.text, 0.07) if self.dark else QColor(self.base)
        accent = KIND_ACCENTS.get(kind)
        return mix(base, accent, 0.14) if accent else base

    @functools.cached_property
    def card_border(self) -> QColor:
        return mix(self.base, self.text, 0.45)

    @functools.cached_property
    def line(self) -> QColor:
        return mix(self.base, self.text, 0.72)

    @functools.cached_property
    def line_name(self) -> str:
        """The line colour as #rrggbb, a cheap key for cached pens."""
        return self.line.name()

    @functools.cached_property
    def muted_text(self) -> QColor:
        return mix(self.base, self.text, 0.6)

    @functools.cached_property
    def lane_separator(self) -> QColor:
        return mix(self.base, self.text, 0.25)


@functools.cache
def register_fonts() -> None:
    """Make the shipped font known to Qt (once; needs a QGuiApplication)."""
    for path in text.FONT_FILES.values():
        QFontDatabase.addApplicationFont(str(path))


def _picture_font(bold: bool) -> QFont:
    register_fonts()
    font = QFont(text.FAMILY)
    font.setBold(bold)
    # Measured without kerning and hinting (models.text), so drawn without them.
    font.setKerning(False)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


def canvas_font(pixel_size: int, bold: bool = False) -> QFont:
    """The pictures' font at a whole-pixel size, for what the canvas and exports draw."""
    font = _picture_font(bold)
    font.setPixelSize(pixel_size)
    return font


def label_font(point_size: float = 10.0, bold: bool = False) -> QFont:
    """The pictures' font in points, for pages (handout, footers) of any resolution."""
    font = _picture_font(bold)
    font.setPointSizeF(point_size)
    return font
