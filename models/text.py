"""Text measured as the pictures draw it: with the shipped Noto Sans, without Qt.

The canvas, every export and the layout use the one font in `resources/fonts`, so a
label wraps at the same words everywhere and on every machine. Widths are the font's
own advance widths, without kerning or ligatures (the canvas switches kerning off, and
the shipped subset has no ligatures), so Qt's drawing and these numbers agree.

Sizes, widths and heights are in canvas pixels (96 per inch, as the canvas draws at
100%). Font sizes are whole pixels: Qt rounds a font's size to whole pixels when it draws,
so a size of 13.33 px (10 pt) would measure 2% wider here than it draws.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont

FAMILY = "Noto Sans"
FONT_FOLDER = Path(__file__).resolve().parent.parent / "resources" / "fonts"
FONT_FILES = {False: FONT_FOLDER / "NotoSans-Regular.ttf", True: FONT_FOLDER / "NotoSans-Bold.ttf"}


@dataclass(frozen=True)
class FontMetrics:
    """A font's advance widths and vertical metrics, in em units (1.0 = the font size)."""

    advances: dict[str, float]
    ascent: float
    descent: float  # positive, below the baseline
    fallback: float  # a character the font lacks: another font draws it, about this wide

    def advance(self, char: str) -> float:
        width = self.advances.get(char)
        if width is None:
            if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
                width = 0.0
            elif unicodedata.east_asian_width(char) in ("W", "F"):
                width = 1.0  # CJK ideographs and full-width forms are square
            else:
                width = self.fallback
        return width


@functools.cache
def font_metrics(bold: bool = False) -> FontMetrics:
    font = TTFont(FONT_FILES[bold], lazy=True)
    em = font["head"].unitsPerEm
    widths = font["hmtx"].metrics
    advances = {chr(code): widths[glyph][0] / em for code, glyph in font.getBestCmap().items()}
    hhea = font["hhea"]
    # Characters the font lacks are drawn by a fallback font; "M" is as wide as most.
    return FontMetrics(advances, hhea.ascent / em, -hhea.descent / em, advances["M"] * 0.85)


@functools.lru_cache(maxsize=1 << 17)
def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of `text` on one line at `size` pixels."""
    metrics = font_metrics(bold)
    advances = metrics.advances
    em = 0.0
    for char in text:
        width = advances.get(char)
        em += metrics.advance(char) if width is None else width
    return em * size


def line_height(size: float, bold: bool = False) -> float:
    """The distance between two baselines at `size` pixels."""
    metrics = font_metrics(bold)
    return (metrics.ascent + metrics.descent) * size


def ascent(size: float, bold: bool = False) -> float:
    """From the top of a line to its baseline, in canvas pixels."""
    return font_metrics(bold).ascent * size


@functools.lru_cache(maxsize=1 << 16)
def wrap(text: str, width: float, size: float, bold: bool = False) -> tuple[str, ...]:
    """`text` broken into lines no wider than `width` pixels, every character kept.

    Lines break between words; a word wider than `width` is broken between characters,
    so nothing is ever cut or elided. Explicit line breaks are kept; other runs of white
    space become one space.
    """
    lines: list[str] = []
    space = text_width(" ", size, bold)
    for paragraph in text.splitlines() or [""]:
        current, current_width = "", 0.0
        for word in paragraph.split():
            word_width = text_width(word, size, bold)
            if current and current_width + space + word_width <= width:
                current, current_width = f"{current} {word}", current_width + space + word_width
                continue
            if current:
                lines.append(current)
            if word_width <= width:
                current, current_width = word, word_width
                continue
            pieces = _break_word(word, width, size, bold)
            lines.extend(pieces[:-1])
            current, current_width = pieces[-1], text_width(pieces[-1], size, bold)
        if current:
            lines.append(current)
    return tuple(lines)


def _break_word(word: str, width: float, size: float, bold: bool) -> list[str]:
    """A word too long for one line, in pieces that fit (at least one character each)."""
    metrics = font_metrics(bold)
    scale = size
    pieces, piece, piece_width = [], "", 0.0
    for char in word:
        char_width = metrics.advance(char) * scale
        if piece and piece_width + char_width > width:
            pieces.append(piece)
            piece, piece_width = "", 0.0
        piece += char
        piece_width += char_width
    pieces.append(piece)
    return pieces


def widest_line(lines, size: float, bold: bool = False) -> float:
    return max((text_width(line, size, bold) for line in lines), default=0.0)
