"""Text printed on a terminal line shows control characters escaped, never acts on them."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.printable import printable

# Each kind of character that changes the screen or breaks a line, and how it is shown.
HOSTILE = {
    "window title change (OSC)": ("\x1b]0;owned\x07", "\\x1b]0;owned\\x07"),
    "clear screen (CSI)": ("\x1b[2J", "\\x1b[2J"),
    "carriage return overwriting the line": ("shown\roverwritten", "shown\\roverwritten"),
    "line feed": ("one\ntwo", "one\\ntwo"),
    "tab": ("a\tb", "a\\tb"),
    "NUL": ("a\x00b", "a\\x00b"),
    "backspace": ("ab\x08c", "ab\\x08c"),
    "vertical tab": ("a\x0bb", "a\\x0bb"),
    "form feed": ("a\x0cb", "a\\x0cb"),
    "DEL": ("a\x7fb", "a\\x7fb"),
    "next line (C1 NEL)": ("a\x85b", "a\\x85b"),
    "C1 CSI": ("\x9b2J", "\\x9b2J"),
    "line separator": ("a\u2028b", "a\\u2028b"),
    "paragraph separator": ("a\u2029b", "a\\u2029b"),
    "right-to-left override": ("a\u202eb", "a\\u202eb"),
    "right-to-left isolate": ("a\u2067b\u2069", "a\\u2067b\\u2069"),
    "lone surrogate": ("a\ud800b", "a\\ud800b"),
}


@pytest.mark.parametrize("text, shown", HOSTILE.values(), ids=HOSTILE.keys())
def test_each_kind_of_control_is_shown_escaped(text, shown):
    assert printable(text) == shown


def _acts_on_the_screen(char: str) -> bool:
    """A control (Cc), a line or paragraph separator, a surrogate, or a bidi control."""
    category = unicodedata.category(char)
    bidi_control = unicodedata.bidirectional(char) in ("LRE", "RLE", "LRO", "RLO", "PDF",
                                                       "LRI", "RLI", "FSI", "PDI")
    return category in ("Cc", "Zl", "Zp", "Cs") or bidi_control or char in "\u200e\u200f\u061c"


SCREEN_CHARACTERS = sorted(
    {char for text, _ in HOSTILE.values() for char in text if _acts_on_the_screen(char)}
)
# Any text at all, with the characters that act on the screen mixed in often.
ANY_TEXT = st.lists(
    st.one_of(st.text(st.characters(exclude_categories=())), st.sampled_from(SCREEN_CHARACTERS))
).map("".join)


@settings(max_examples=300)
@given(ANY_TEXT)
def test_nothing_that_acts_on_the_screen_is_left(text):
    shown = printable(text)
    assert not any(_acts_on_the_screen(char) for char in shown)
    assert len(shown.splitlines()) <= 1
    shown.encode("utf-8")  # printable on any UTF-8 terminal


@given(st.text(st.characters(exclude_categories=("Cc", "Zl", "Zp", "Cs", "Cf"))))
def test_ordinary_text_is_unchanged(text):
    assert printable(text) == text
