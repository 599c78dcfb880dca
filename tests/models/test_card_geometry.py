"""Cards fit their text: measured with the shipped font, every character shown."""

from hypothesis import given, settings
from hypothesis import strategies as st

from models import text
from models.chain import Position, Size, Touchpoint
from models.geometry import (
    CARD_LIMITS,
    LABEL_PX,
    RESIZE_MIN,
    branch_layout,
    card_layout,
    card_size,
    lane_header,
    pill_layout,
)

LONG = "Submits the permit application online with the site plans and the owner's consent"
KINDS = ("step", "decision", "start", "end")
words = st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")), min_size=0, max_size=160)


def squeezed(value: str) -> str:
    return "".join(value.split())


def test_the_shipped_font_is_measured():
    assert text.text_width("MMMM", 13) == 4 * text.text_width("M", 13)
    assert text.text_width("Receives certificate", 13) > text.text_width("Receives", 13) > 0
    assert text.text_width("a", 13, bold=True) > text.text_width("a", 13)
    assert 17 < text.line_height(13) < 19


def test_wrap_keeps_every_character_and_fits_each_line():
    lines = text.wrap(LONG, 120, 13)
    assert squeezed("".join(lines)) == squeezed(LONG)
    assert all(text.text_width(line, 13) <= 120 for line in lines)
    assert len(lines) >= 4


def test_a_word_longer_than_the_line_is_broken_not_cut():
    word = "Donaudampfschifffahrtsgesellschaftskapitänsmütze"
    lines = text.wrap(word, 80, 13)
    assert "".join(lines) == word and len(lines) > 1
    assert all(text.text_width(line, 13) <= 80 for line in lines)


@settings(max_examples=150, deadline=None)
@given(label=words, kind=st.sampled_from(KINDS))
def test_every_label_fits_its_card(label, kind):
    layout = card_layout(kind, label)
    least, _height, widest = CARD_LIMITS[kind]
    assert least <= layout.width <= widest
    assert squeezed("".join(layout.lines)) == squeezed(label)
    room = layout.width / 2 if kind == "decision" else layout.width
    for line in layout.lines:
        assert text.text_width(line, LABEL_PX) <= room
        assert "…" not in line or "…" in label
    # The lines lie inside the card, above the footer row.
    assert layout.label_top >= 0
    assert layout.label_top + len(layout.lines) * layout.line_height <= layout.height


def test_a_long_label_makes_a_wider_then_taller_card():
    short, medium, long = (card_layout("step", label) for label in ("Ships", "Checks the application is complete", LONG))
    assert short.width == CARD_LIMITS["step"][0]
    assert 200 < long.width <= CARD_LIMITS["step"][2]
    assert short.height <= medium.height < long.height
    assert len(long.lines) > 2


def test_a_resized_card_keeps_its_size_but_never_hides_text():
    roomy = card_layout("step", "Ships", (300.0, 120.0))
    assert (roomy.width, roomy.height) == (300.0, 120.0)
    cramped = card_layout("step", LONG, (100.0, 50.0))
    assert cramped.width == 100.0
    assert cramped.height > 50.0  # taller, so every line still shows
    assert squeezed("".join(cramped.lines)) == squeezed(LONG)
    tiny = card_layout("step", "", (10.0, 10.0))
    assert (tiny.width, tiny.height) == RESIZE_MIN


def test_card_size_reads_the_touchpoint_and_reserves_room_for_the_owner():
    touchpoint = Touchpoint(id="t", label="Ships", department="d", position=Position(x=0, y=0))
    assert card_size(touchpoint) == (card_layout("step", "Ships").width, card_layout("step", "Ships").height)
    named = card_size(touchpoint, "Maximiliane Alexandra von Hohenberg-Schönfeld")
    assert named[0] > card_size(touchpoint)[0]
    touchpoint.size = Size(w=222, h=99)
    assert card_size(touchpoint) == (222, 99)


def test_pills_and_branch_labels_wrap_instead_of_cutting():
    width, height, lines = pill_layout("Approved plans with conditions and the inspection schedule")
    assert len(lines) > 1 and width <= 150 + 16
    assert height > text.line_height(11) * 2
    assert branch_layout("Yes")[2] == ("Yes",)


def test_a_long_lane_name_makes_a_taller_header():
    short_lines, short_height = lane_header("Sales")
    long_lines, long_height = lane_header("Customer service and complaints handling for business customers")
    assert short_lines == ("Sales",)
    assert len(long_lines) > 2 and long_height > short_height
