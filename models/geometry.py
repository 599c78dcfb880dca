"""How large cards and labels are, and where their parts sit: the geometry the canvas,
the exports and the layout share, in scene units (pixels at 100%).

A card is as wide as its label needs, from a minimum up to a maximum width, then taller;
every word of the label is shown. A user may make a card larger (the touchpoint's
`size`), never smaller than its text needs at that width. Text is measured with the
shipped font (models.text), so these numbers hold on every machine.
"""

from __future__ import annotations

import functools
import math
from typing import NamedTuple

from models import text

LABEL_PX = 13  # card labels (10 pt)
OWNER_PX = 11  # the owner's name on a card
PILL_PX = 11  # what a handoff passes, in its pill (8 pt)
BRANCH_PX = 11  # a decision's branch label, bold

#: kind -> (least width, least height, widest a card grows by itself)
CARD_LIMITS = {
    "step": (160.0, 64.0, 240.0),
    "decision": (150.0, 84.0, 300.0),
    "start": (150.0, 52.0, 240.0),
    "end": (150.0, 52.0, 240.0),
}
#: The least size a user can resize a card to (its text then wraps onto more lines).
RESIZE_MIN = (90.0, 48.0)
PILL_RADIUS = 26.0  # the round ends of start and end cards, at most
STEP_RADIUS = 8.0
FOOTER = 22.0  # the row under the label: owner chip or name, channel icon
CHIP_RADIUS = 8.5
ICON = 13.0
PAD = 6.0
STRIPE = 4.0  # the review-status stripe on the left edge

PILL_MAX_TEXT = 120.0  # a handoff's pill wraps beyond this width
PILL_PAD_X, PILL_PAD_Y = 6.0, 2.0
BRANCH_MAX_TEXT = 110.0

HEADER_WIDTH = 150.0  # the lane header column, left of every lane's cards
LANE_MIN_HEIGHT = 96.0
LANE_BOTTOM_PADDING = 48.0  # below the lowest card in a lane: room for a route and its pill
LANE_RIGHT_ROOM = 40.0  # lane kept right of the rightmost card, as in the diagram export
LANE_MIN_ROOM = 240.0  # lanes stay at least this wide right of the header column
CONTENT_MIN_WIDTH = 1400.0  # the canvas's lanes are at least this wide, right of the header
CONTENT_RIGHT_MARGIN = 400.0  # free room on the canvas right of the rightmost card or stage


class CardLayout(NamedTuple):
    """A card's size and where its parts sit, relative to its top-left corner.

    (A named tuple: a large chain makes one for each of tens of thousands of cards as it
    opens, and a tuple is made in a fraction of a frozen dataclass's time.)"""

    kind: str
    width: float
    height: float
    lines: tuple[str, ...]  # the label, wrapped; empty when there is no label
    label_top: float  # the top of the first line
    label_centre: float  # lines are centred on this x
    line_height: float
    chip: tuple[float, float]  # centre of the owner's initials chip
    owner: tuple[float, float, float]  # left, baseline and width of the owner's name row
    icon: tuple[float, float]  # top-left of the channel icon (ICON square)


def _text_width_for(kind: str, width: float, height: float) -> float:
    """The room for label text across a card of this size."""
    if kind == "decision":
        return width / 2 - PAD  # the diamond's inscribed rectangle is half as wide
    if kind in ("start", "end"):
        return width - 2 * (min(height / 2, PILL_RADIUS) - 4)
    return width - 2 * PAD - STRIPE - 10


def _width_for_text(kind: str, text_width: float, height: float) -> float:
    """The card width whose label room is `text_width` (the inverse of _text_width_for)."""
    if kind == "decision":
        return 2 * (text_width + PAD)
    if kind in ("start", "end"):
        return text_width + 2 * (min(height / 2, PILL_RADIUS) - 4)
    return text_width + 2 * PAD + STRIPE + 10


def _height_for(kind: str, lines: int) -> float:
    block = max(1, lines) * text.line_height(LABEL_PX) + FOOTER
    if kind == "decision":
        return 2 * (block + PAD)  # the text block fills the inscribed half-height rectangle
    return block + PAD + 2


def _footer_need(kind: str, owner_name: str | None) -> float:
    """The width the footer row needs for the owner's name (when names are shown)."""
    if not owner_name:
        return 0.0
    need = text.text_width(owner_name, OWNER_PX) + ICON + 3 * PAD
    return need * 2 if kind == "decision" else need + (PILL_RADIUS if kind in ("start", "end") else STRIPE + 4)


@functools.lru_cache(maxsize=1 << 16)
def card_layout(kind: str, label: str, size: tuple[float, float] | None = None, owner_name: str | None = None) -> CardLayout:
    """The size and inner layout of a card of `kind` showing `label`.

    `size` is the user's (width, height) when they resized the card; `owner_name` is
    reserved room for, so showing owners by name never makes a card larger than the
    layout planned.
    """
    min_width, min_height, max_width = CARD_LIMITS.get(kind, CARD_LIMITS["step"])
    floor = max(min_width, _footer_need(kind, owner_name))
    if size is not None:
        width = max(size[0], RESIZE_MIN[0], _footer_need(kind, owner_name))
        lines = text.wrap(label, _text_width_for(kind, width, min_height), LABEL_PX) if label.strip() else ()
        height = max(size[1], RESIZE_MIN[1], math.ceil(_height_for(kind, len(lines))))
    else:
        width, lines = _fitted_width(kind, label, floor, max(max_width, floor))
        height = max(min_height, math.ceil(_height_for(kind, len(lines))))
    line = text.line_height(LABEL_PX)
    block = max(1, len(lines)) * line
    if kind == "decision":
        label_top = height / 2 - (block + FOOTER) / 2
    else:
        label_top = max(PAD, (height - FOOTER - block) / 2 + 1)
    centre = width / 2 + (STRIPE / 2 if kind == "step" else 0)
    return CardLayout(kind, width, height, lines, label_top, centre, line,
                      *_footer(kind, width, height, label_top + block))


def _fitted_width(kind: str, label: str, least: float, most: float) -> tuple[float, tuple[str, ...]]:
    """The narrowest width from `least` that shows the label in at most two lines (or,
    when even `most` needs more, `most`), shrunk to the widest line."""
    if not label.strip():
        return least, ()
    height = CARD_LIMITS.get(kind, CARD_LIMITS["step"])[1]
    width = least
    while True:
        lines, widest = text.wrap_measured(label, _text_width_for(kind, width, height), LABEL_PX)
        if len(lines) <= 2 or width >= most:
            break
        width = min(most, width + 20)
    needed = math.ceil(_width_for_text(kind, widest + 1, height))
    return max(least, min(width, needed)), lines


def _footer(kind: str, width: float, height: float, label_bottom: float):
    """Chip centre, owner row (left, baseline, width) and icon top-left."""
    if kind == "decision":
        y = label_bottom + FOOTER / 2
        chip = (width / 2 - 11, y)
        icon = (width / 2 + 3, y - ICON / 2)
        name_width = width / 2 - ICON - PAD
        owner = (width / 4 + PAD / 2, y + 4, name_width)
    elif kind in ("start", "end"):
        inset = min(height / 2, PILL_RADIUS)
        y = height - FOOTER / 2 - 2
        chip = (inset - 2, y)
        icon = (width - inset - ICON + 2, y - ICON / 2)
        owner = (inset - 10, y + 4, width - 2 * inset - ICON + 8)
    else:
        y = height - FOOTER / 2 - 1
        chip = (STRIPE + 13, y)
        icon = (width - ICON - 8, y - ICON / 2)
        owner = (STRIPE + 6, y + 4, width - STRIPE - ICON - 20)
    return chip, owner, icon


def icon_top_left(layout: CardLayout, owner_named: bool) -> tuple[float, float]:
    """Where the channel icon goes: beside the initials chip, except on a decision whose
    footer names the owner, where the name fills the middle of the row (over the chip's
    and the icon's places) and the icon moves to the row's right end."""
    if layout.kind != "decision" or not owner_named:
        return layout.icon
    left, _baseline, room = layout.owner
    return left + room + PAD / 2, layout.icon[1]


def card_size(touchpoint, owner_name: str | None = None) -> tuple[float, float]:
    """The (width, height) of a touchpoint's card."""
    layout = card_layout(touchpoint.kind, touchpoint.label, _user_size(touchpoint), owner_name)
    return layout.width, layout.height


def _user_size(touchpoint) -> tuple[float, float] | None:
    size = getattr(touchpoint, "size", None)
    return (size.w, size.h) if size is not None else None


def touchpoint_layout(touchpoint, owner_name: str | None = None) -> CardLayout:
    return card_layout(touchpoint.kind, touchpoint.label, _user_size(touchpoint), owner_name)


def owner_names(chain) -> dict[str, str]:
    """Person id -> name: the owners' names cards reserve room for."""
    return {person.id: person.name for person in chain.people}


def card_sizes(chain) -> dict[str, tuple[float, float]]:
    """Touchpoint id -> (width, height) of its card, for every touchpoint of `chain`."""
    names = owner_names(chain)
    return {t.id: card_size(t, names.get(t.owner)) for t in chain.touchpoints}


def least_card_size(kind: str) -> tuple[float, float]:
    """The smallest card of `kind`: an empty one, e.g. where a new card will land."""
    width, height, _widest = CARD_LIMITS.get(kind, CARD_LIMITS["step"])
    return width, height


@functools.lru_cache(maxsize=1 << 14)
def pill_layout(passes: str) -> tuple[float, float, tuple[str, ...]]:
    """(width, height, lines) of the pill that shows what a handoff passes."""
    lines = text.wrap(passes, PILL_MAX_TEXT, PILL_PX)
    width = text.widest_line(lines, PILL_PX) + 2 * PILL_PAD_X + 2
    height = len(lines) * text.line_height(PILL_PX) + 2 * PILL_PAD_Y
    return width, height, lines


@functools.lru_cache(maxsize=1 << 12)
def branch_layout(label: str) -> tuple[float, float, tuple[str, ...]]:
    """(width, height, lines) of a decision branch's label ("Yes", "No")."""
    lines = text.wrap(label, BRANCH_MAX_TEXT, BRANCH_PX, bold=True)
    width = text.widest_line(lines, BRANCH_PX, bold=True) + 8
    height = len(lines) * text.line_height(BRANCH_PX, bold=True) + 2
    return width, height, lines


LANE_NAME_PX = 15  # lane names, bold (11 pt)
LANE_ROLE_PX = 9
LANE_HEADER_TEXT = 128.0  # the header column's room for text (150 px less its margins)


@functools.lru_cache(maxsize=1 << 12)
def lane_header(name: str) -> tuple[tuple[str, ...], float]:
    """A lane name's lines, wrapped to the header column, and the height the header needs
    for them and the role under them: a lane is never shorter, so no name is cut."""
    lines = text.wrap(name, LANE_HEADER_TEXT, LANE_NAME_PX, bold=True)
    height = 10 + max(1, len(lines)) * text.line_height(LANE_NAME_PX, bold=True) + 2 + text.line_height(LANE_ROLE_PX) + 12
    return lines, height


def lane_spans(chain, sizes: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """Department id -> (top, height) of its lane, stacked in file order as the canvas
    stacks them: tall enough for its name in the header and for its lowest card.

    `sizes` are the cards' sizes (`card_sizes`); a card sits at HEADER_WIDTH + x and
    at its lane's top + y."""
    bottoms: dict[str, float] = {}
    for touchpoint in chain.touchpoints:
        bottom = touchpoint.position.y + sizes[touchpoint.id][1]
        bottoms[touchpoint.department] = max(bottoms.get(touchpoint.department, 0.0), bottom)
    spans, top = {}, 0.0
    for department in chain.departments:
        header = lane_header(department.name)[1]
        lowest = bottoms.get(department.id, 0.0)
        height = max(LANE_MIN_HEIGHT, header, lowest + LANE_BOTTOM_PADDING)
        spans[department.id] = (top, height)
        top += height
    return spans


Box = tuple[float, float, float, float]  # x, y, width, height


def canvas_content_width(right: float) -> float:
    """The width of the canvas's lanes right of the header column, when their rightmost
    card (or stage column) ends at `right`, measured from the header column's edge."""
    return max(CONTENT_MIN_WIDTH, right + CONTENT_RIGHT_MARGIN)


def lane_width(boxes: dict[str, Box]) -> float:
    """The width of every lane: the header column and room for its rightmost card."""
    right = max((x + w for x, _y, w, _h in boxes.values()), default=0.0)
    return max(HEADER_WIDTH + LANE_MIN_ROOM, right + LANE_RIGHT_ROOM)


def picture_boxes(chain) -> tuple[dict[str, Box], dict[str, Box]]:
    """The picture's boxes, as the canvas and the diagram export draw them: each card's
    (x, y, width, height) by touchpoint id and each lane's by department id, on one page
    whose origin is the top left of the first lane."""
    sizes = card_sizes(chain)
    spans = lane_spans(chain, sizes)
    cards = {
        t.id: (HEADER_WIDTH + t.position.x, spans[t.department][0] + t.position.y, *sizes[t.id])
        for t in chain.touchpoints
    }
    width = lane_width(cards)
    lanes = {id: (0.0, top, width, height) for id, (top, height) in spans.items()}
    return cards, lanes
