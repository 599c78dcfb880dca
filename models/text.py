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

import bisect
import functools
import itertools
import re
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
    return sum(_advances(text, bold)) * size


@functools.cache
def line_height(size: float, bold: bool = False) -> float:
    """The distance between two baselines at `size` pixels."""
    metrics = font_metrics(bold)
    return (metrics.ascent + metrics.descent) * size


def ascent(size: float, bold: bool = False) -> float:
    """From the top of a line to its baseline, in canvas pixels."""
    return font_metrics(bold).ascent * size


def wrap(text: str, width: float, size: float, bold: bool = False) -> tuple[str, ...]:
    """`text` broken into lines no wider than `width` pixels, every character kept.

    Lines break between words; a word wider than `width` is broken between characters,
    so nothing is ever cut or elided. Explicit line breaks are kept; other runs of white
    space become one space.
    """
    return wrap_measured(text, width, size, bold)[0]


def wrap_measured(text: str, width: float, size: float, bold: bool = False) -> tuple[tuple[str, ...], float]:
    """`wrap`'s lines and the width of the widest of them, measured as they were made.

    Not cached here: its callers (the card, pill, branch and lane-name layouts of
    models.geometry) keep what they made, and a second cache would hold every card's
    lines twice."""
    lines: list[str] = []
    widest = 0.0
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
                widest = max(widest, current_width)
            if word_width <= width:
                current, current_width = word, word_width
                continue
            pieces = _break_word(word, width, size, bold)
            lines.extend(pieces[:-1])
            widest = max(widest, *(text_width(piece, size, bold) for piece in pieces[:-1]), 0.0)
            current, current_width = pieces[-1], text_width(pieces[-1], size, bold)
        if current:
            lines.append(current)
            widest = max(widest, current_width)
    return tuple(lines), widest


def _break_word(word: str, width: float, size: float, bold: bool) -> list[str]:
    """A word too long for one line, in pieces that fit (at least one character each).

    Each character is measured once: a piece ends where the running total of advances
    passes the line's width, found by bisection, so a long word costs time linear in its
    length rather than re-measuring ever longer prefixes.
    """
    ends = list(itertools.accumulate(_advances(word, bold)))  # em widths of word[:1], word[:2], ...
    limit = width / size
    pieces, start, before = [], 0, 0.0
    while start < len(word):
        end = max(bisect.bisect_right(ends, before + limit, lo=start), start + 1)
        pieces.append(word[start:end])
        start, before = end, ends[end - 1]
    return pieces


def _advances(text: str, bold: bool) -> list[float]:
    """The advance width of each character of `text`, in em."""
    metrics = font_metrics(bold)
    widths = list(map(metrics.advances.get, text))
    if None in widths:  # characters the font lacks: measured one by one
        widths = [metrics.advance(char) if width is None else width for char, width in zip(text, widths)]
    return widths


#: A run of this many characters without white space counts as a long word: Qt's word wrap
#: lays such a run out in time proportional to the square of its length.
LONG_WORD = 200
_LONG_WORD = re.compile(r"\S{%d,}" % LONG_WORD)
#: Where a long word may break once it carries break opportunities: every this many characters.
BREAK_EVERY = 8
ZERO_WIDTH_SPACE = "\u200b"


def has_long_word(text: str) -> bool:
    """Whether `text` holds a run of LONG_WORD or more characters without white space."""
    return _LONG_WORD.search(text) is not None


def with_break_opportunities(text: str, long_word: int = LONG_WORD) -> str:
    """`text` with an invisible break opportunity (a zero-width space) every BREAK_EVERY
    characters of its words of `long_word` characters or more, so a text layout can wrap
    them in linear time (or, with a smaller `long_word`, in a narrow column).

    Short words are left alone, so ordinary text wraps and reads as before.
    """
    def split(match: re.Match) -> str:
        word = match.group(0)
        return ZERO_WIDTH_SPACE.join(word[i : i + BREAK_EVERY] for i in range(0, len(word), BREAK_EVERY))

    pattern = _LONG_WORD if long_word == LONG_WORD else re.compile(r"\S{%d,}" % long_word)
    return pattern.sub(split, text)


def shortened(text: str, limit: int) -> str:
    """`text` on one line (its white space collapsed), cut to at most `limit` characters
    with an ellipsis: for a text named where its whole is shown elsewhere."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def widest_line(lines, size: float, bold: bool = False) -> float:
    return max((text_width(line, size, bold) for line in lines), default=0.0)
