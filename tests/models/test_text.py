"""Text wrapping: every character kept, lines that fit, and time linear in the text's length."""

from hypothesis import given
from hypothesis import strategies as st

from models import text
from models.text import (
    BREAK_EVERY,
    LONG_WORD,
    ZERO_WIDTH_SPACE,
    has_long_word,
    text_width,
    with_break_opportunities,
    wrap,
)


def characters_measured(monkeypatch, call) -> int:
    """How many characters `call` looks up in the font (every measurement goes through _advances)."""
    measured = []
    original = text._advances

    def counting(chars, bold):
        measured.append(len(chars))
        return original(chars, bold)

    monkeypatch.setattr(text, "_advances", counting)
    text.text_width.cache_clear()
    call()
    return sum(measured)


def test_wrapping_a_long_word_measures_each_character_a_bounded_number_of_times(monkeypatch):
    # Breaking a word by re-measuring its growing prefix would measure n²/2 characters.
    counts = {}
    for n in (20_000, 80_000):
        counts[n] = characters_measured(monkeypatch, lambda n=n: wrap("w" * n, 180.0, 13.0))
    assert counts[20_000] <= 3 * 20_000
    assert counts[80_000] / counts[20_000] < 6


def test_wrapping_many_words_measures_each_character_a_bounded_number_of_times(monkeypatch):
    words = " ".join(f"word{i}" for i in range(20_000))
    assert characters_measured(monkeypatch, lambda: wrap(words, 180.0, 13.0)) <= 3 * len(words)


@given(st.text(alphabet="ab W\u4e00\u0301.-", max_size=400), st.floats(min_value=10, max_value=300))
def test_wrap_keeps_every_character_and_lines_fit(value, width):
    lines = wrap(value, width, 13.0)
    assert "".join("".join(line.split()) for line in lines) == "".join(value.split())
    for line in lines:
        # a line is wider than the width only when it is a single character
        assert len(line) == 1 or text_width(line, 13.0) <= width + 1e-9


def test_a_long_word_is_broken_into_full_lines():
    lines = wrap("m" * 1_000, 200.0, 13.0)
    assert "".join(lines) == "m" * 1_000
    per_line = len(lines[0])
    assert all(len(line) == per_line for line in lines[:-1])
    assert text_width("m" * (per_line + 1), 13.0) > 200.0  # not one character more fits


def test_break_opportunities_go_only_into_long_words():
    ordinary = "An ordinary sentence with a rather-long-but-normal word."
    assert with_break_opportunities(ordinary) == ordinary
    assert not has_long_word(ordinary)
    long_word = "x" * (LONG_WORD * 3 + 5)
    broken = with_break_opportunities(f"{ordinary} {long_word}\nnext")
    assert broken.replace(ZERO_WIDTH_SPACE, "") == f"{ordinary} {long_word}\nnext"
    pieces = broken.split(" ")[-1].split("\n")[0].split(ZERO_WIDTH_SPACE)
    assert {len(piece) for piece in pieces[:-1]} == {BREAK_EVERY}
    assert has_long_word(long_word)
