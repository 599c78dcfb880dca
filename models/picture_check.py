"""Checks of a drawn chain's geometry: what a picture of a chain must never show.

Each check is a plain function of the cards, the links and their routes (see
models.routing) and returns human-readable problems; an empty list means the picture
is fine. The tests run them on sample chains, templates and random chains, so a
change to the router cannot quietly draw an arrow through a card.

Shapes are exact: a step is a rounded rectangle, a decision the diamond inscribed in
its box, a start or end a pill. Everything here is axis-aligned, so a shape is asked
for its chord along a horizontal or vertical line (`chord`), and a rectangle (a label,
a segment's extent) for overlaps (`rect_overlaps`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from models.routing import PILL_RADIUS, STEP_RADIUS, Box, Card, Link, Point

TOLERANCE = 0.5  # a segment may touch a card within this, not go deeper
SHARED_PORT = 4.0  # two route ends nearer than this on one card share a port
COLLINEAR = 2.0  # segments this near on the same line lie on one line...
OVERLAP = 1.0  # ...and may overlap by no more than this
CELL = 256.0  # of the card index the checks build


# -- rectangles and shapes --------------------------------------------------------------


def rect_overlaps(a: Box, b: Box, tolerance: float = 0.0) -> bool:
    """Whether the interiors of two (left, top, right, bottom) rectangles overlap by more
    than `tolerance` in both directions (rectangles that only touch do not)."""
    return (
        min(a[2], b[2]) - max(a[0], b[0]) > tolerance
        and min(a[3], b[3]) - max(a[1], b[1]) > tolerance
    )


def segment_box(start: Point, end: Point) -> Box:
    """The extent of a segment, as a (possibly flat) rectangle."""
    return (min(start[0], end[0]), min(start[1], end[1]), max(start[0], end[0]), max(start[1], end[1]))


def chord(card: Card, horizontal: bool, at: float, inset: float = 0.0) -> tuple[float, float] | None:
    """Where the line y = at (horizontal) or x = at crosses the card's shape shrunk by
    `inset` (grown when negative), as (low, high) along the line; None when it misses."""
    left, top, right, bottom = card.box
    left, top, right, bottom = left + inset, top + inset, right - inset, bottom - inset
    if right <= left or bottom <= top:
        return None
    if not horizontal:  # the same question with the axes swapped
        left, top, right, bottom = top, left, bottom, right
    if not top < at < bottom:
        return None
    if card.kind == "decision":
        cx, cy = (left + right) / 2, (top + bottom) / 2
        hw, hh = (right - left) / 2 + inset, (bottom - top) / 2 + inset  # the unshrunk diamond
        if hw <= 0 or hh <= 0:
            return None
        # |dx|/hw + |dy|/hh < 1 - k is the diamond shrunk by `inset` (grown when < 0)
        k = inset * math.sqrt(1 / (hw * hw) + 1 / (hh * hh))
        half = hw * (1 - k - abs(at - cy) / hh)
        return (cx - half, cx + half) if half > 0 else None
    width, height = card.box[2] - card.box[0], card.box[3] - card.box[1]
    if card.kind in ("start", "end"):
        radius = min(width / 2, height / 2, PILL_RADIUS)
    else:
        radius = min(width / 2, height / 2, STEP_RADIUS)
    radius = max(radius - inset, 0.0)
    low, high = top + radius, bottom - radius
    into = (low - at) if at < low else (at - high) if at > high else 0.0
    indent = radius - math.sqrt(max(radius * radius - into * into, 0.0)) if into > 0 else 0.0
    return (left + indent, right - indent) if right - indent > left + indent else None


def enters(card: Card, start: Point, end: Point, inset: float = TOLERANCE) -> bool:
    """Whether an axis-aligned segment runs inside the card's shape shrunk by `inset`."""
    if start[1] == end[1]:
        span = chord(card, True, start[1], inset)
        low, high = min(start[0], end[0]), max(start[0], end[0])
    else:
        span = chord(card, False, start[0], inset)
        low, high = min(start[1], end[1]), max(start[1], end[1])
    if span is None:
        return False
    if low == high:
        return span[0] < low < span[1]
    return low < span[1] and high > span[0]


def contains(card: Card, point: Point, inset: float = 0.0) -> bool:
    """Whether the point lies inside the card's shape shrunk by `inset`."""
    span = chord(card, True, point[1], inset)
    return span is not None and span[0] < point[0] < span[1]


# -- the checks ---------------------------------------------------------------------


def routes_inside_cards(cards: dict[str, Card], links: list[Link], routes: dict[str, list[Point]]) -> list[str]:
    """Routes that pass through a card they do not join, go inside their own cards, or
    touch their own cards anywhere but the port (requirement: only the first segment
    touches the source, only the last the target)."""
    problems = []
    index = _CardIndex(cards)
    for link in links:
        route = routes.get(link.id)
        if not route or len(route) < 2:
            continue
        last = len(route) - 2
        for number, (start, end) in enumerate(zip(route, route[1:])):
            for card_id in index.near(segment_box(start, end)):
                card = cards[card_id]
                own_port = (card_id == link.source and number == 0) or (card_id == link.target and number == last)
                if card_id not in (link.source, link.target) or own_port:
                    if enters(card, start, end, TOLERANCE):
                        what = "goes inside its own card" if own_port else "passes through"
                        problems.append(f"{link.id}: segment {number} {_show(start, end)} {what} {card_id}")
                elif enters(card, start, end, -TOLERANCE):
                    problems.append(
                        f"{link.id}: segment {number} {_show(start, end)} touches its own card {card_id} away from the port"
                    )
    return problems


def shared_ports(cards: dict[str, Card], links: list[Link], routes: dict[str, list[Point]]) -> list[str]:
    """Route ends less than SHARED_PORT apart on one card."""
    ends: dict[str, list[tuple[Point, str]]] = {}
    for link in links:
        route = routes.get(link.id)
        if not route:
            continue
        ends.setdefault(link.source, []).append((route[0], link.id))
        ends.setdefault(link.target, []).append((route[-1], link.id))
    problems = []
    for card_id in cards:
        found = sorted(ends.get(card_id, ()))
        for index, ((x, y), first) in enumerate(found):
            for (ox, oy), second in found[index + 1:]:
                if ox - x >= SHARED_PORT:
                    break
                if math.hypot(ox - x, oy - y) < SHARED_PORT:
                    problems.append(f"{first} and {second} share a port on {card_id} near ({x:.1f}, {y:.1f})")
    return problems


def shared_segments(routes: dict[str, list[Point]]) -> list[str]:
    """Segments of different routes on one line (within COLLINEAR) that overlap by more
    than OVERLAP: they would read as one line."""
    problems = []
    for horizontal in (True, False):
        runs = []
        for link_id, route in routes.items():
            for start, end in zip(route, route[1:]):
                if horizontal and start[1] == end[1] and start[0] != end[0]:
                    runs.append((start[1], min(start[0], end[0]), max(start[0], end[0]), link_id))
                elif not horizontal and start[0] == end[0] and start[1] != end[1]:
                    runs.append((start[0], min(start[1], end[1]), max(start[1], end[1]), link_id))
        runs.sort()
        for index, (at, low, high, link_id) in enumerate(runs):
            for other_at, other_low, other_high, other_id in runs[index + 1:]:
                if other_at - at > COLLINEAR:
                    break
                if other_id != link_id and min(high, other_high) - max(low, other_low) > OVERLAP:
                    what = f"y = {at:.1f}" if horizontal else f"x = {at:.1f}"
                    problems.append(f"{link_id} and {other_id} share a line at {what}")
    return problems


def non_orthogonal(routes: dict[str, list[Point]]) -> list[str]:
    """Routes with a slanted or zero-length segment, two segments in a row along one
    line, or fewer than two points."""
    problems = []
    for link_id, route in routes.items():
        if len(route) < 2:
            problems.append(f"{link_id}: fewer than two points")
            continue
        previous = None
        for number, (start, end) in enumerate(zip(route, route[1:])):
            if start == end:
                problems.append(f"{link_id}: segment {number} has no length")
                previous = None
                continue
            if start[0] != end[0] and start[1] != end[1]:
                problems.append(f"{link_id}: segment {number} {_show(start, end)} is slanted")
                previous = None
                continue
            horizontal = start[1] == end[1]
            if previous is horizontal:
                problems.append(f"{link_id}: segments {number - 1} and {number} run along one line")
            previous = horizontal
    return problems


def bad_ends(cards: dict[str, Card], links: list[Link], routes: dict[str, list[Point]]) -> list[str]:
    """Route ends that are not on their card's outline, or whose first (last) segment
    does not leave (enter) the card square to its side."""
    problems = []
    for link in links:
        route = routes.get(link.id)
        if not route or len(route) < 2:
            continue
        for card_id, port, towards, what in (
            (link.source, route[0], route[1], "start"),
            (link.target, route[-1], route[-2], "end"),
        ):
            card = cards.get(card_id)
            if card is None:
                problems.append(f"{link.id}: its {what} card {card_id} is missing")
                continue
            if contains(card, port, TOLERANCE) or not contains(card, port, -TOLERANCE):
                problems.append(f"{link.id}: its {what} ({port[0]:.1f}, {port[1]:.1f}) is not on the outline of {card_id}")
                continue
            length = math.hypot(towards[0] - port[0], towards[1] - port[1])
            if length == 0:
                continue
            dx, dy = (towards[0] - port[0]) / length, (towards[1] - port[1]) / length
            step = min(1.0, length)
            if contains(card, (port[0] + dx * step, port[1] + dy * step)) or not contains(card, (port[0] - dx, port[1] - dy)):
                problems.append(f"{link.id}: its {what} segment does not meet {card_id} square to its side")
    return problems


def all_problems(cards: dict[str, Card], links: list[Link], routes: dict[str, list[Point]]) -> list[str]:
    """Every check above, in one list."""
    return (
        non_orthogonal(routes)
        + bad_ends(cards, links, routes)
        + routes_inside_cards(cards, links, routes)
        + shared_ports(cards, links, routes)
        + shared_segments(routes)
    )


# -- helpers -----------------------------------------------------------------------------


class _CardIndex:
    """Cards by the grid cells their boxes cover, to find those near a segment."""

    def __init__(self, cards: dict[str, Card]):
        self.cells: dict[tuple[int, int], list[str]] = {}
        for card_id, card in cards.items():
            for key in _cells(card.box):
                self.cells.setdefault(key, []).append(card_id)

    def near(self, box: Box) -> Iterable[str]:
        found: dict[str, None] = {}
        for key in _cells(box):
            for card_id in self.cells.get(key, ()):
                found[card_id] = None
        return found


def _cells(box: Box):
    left, top, right, bottom = box
    for column in range(math.floor((left - 1) / CELL), math.floor((right + 1) / CELL) + 1):
        for row in range(math.floor((top - 1) / CELL), math.floor((bottom + 1) / CELL) + 1):
            yield (column, row)


def _show(start: Point, end: Point) -> str:
    return f"({start[0]:.1f}, {start[1]:.1f})-({end[0]:.1f}, {end[1]:.1f})"
