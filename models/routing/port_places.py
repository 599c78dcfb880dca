"""Where the ports of one side of a card go: spread evenly, or where straight lines
want them; how many a side holds before the rest spill onto its neighbours; and the
order along a side that keeps the routes fanning out from it from crossing."""

from __future__ import annotations

from models.routing.cards import Card, _along_range, _outline_point
from models.routing.constants import (
    CLEARANCE, DOWN, EPS, LEFT, PORT_GAP, PORT_PITCH, PORT_SPACING, RIGHT, SEPARATION, UP, Box, Point,
)


def _port_points(card: Card, side: int, count: int) -> list[Point]:
    """`count` ports spread over a side; around the vertex on a diamond."""
    if count == 0:
        return []
    left, top, right, bottom = card.box
    if card.kind == "decision":
        centre = (top + bottom) / 2 if side in (RIGHT, LEFT) else (left + right) / 2
        if count == 1:
            along = [centre]
        else:
            low, high = _along_range(card, side, full=True)
            pitch = min(PORT_PITCH, (high - low) / (count - 1))
            along = [centre + (index - (count - 1) / 2) * pitch for index in range(count)]
    else:
        low, high = _along_range(card, side)
        if (high - low) / (count + 1) < PORT_GAP:
            low, high = _along_range(card, side, full=True)
        along = [low + (high - low) * (index + 1) / (count + 1) for index in range(count)]
    return [_outline_point(card, side, value) for value in along]


def _port_places(card: Card, side: int, wishes: list[float | None]) -> list[Point]:
    """Ports for the ends of one side, in order: those with a wish (a straight line)
    where they wish when the others keep PORT_SPACING (or less, if crowded) from them,
    the rest spread evenly between."""
    count = len(wishes)
    if card.kind == "decision" or wishes.count(None) == count:
        return _port_points(card, side, count)
    low, high = _along_range(card, side)
    if (high - low) / (count + 1) < PORT_GAP:
        low, high = _along_range(card, side, full=True)
    gap = min(PORT_SPACING, (high - low) / (count + 1))
    anchors = [(-1, low)]
    for index, wish in enumerate(wishes):
        if wish is None:
            continue
        last_index, last = anchors[-1]
        room = max(PORT_GAP + 1.0, gap / 2)  # the least the ports between may keep apart
        place = max(wish, low + (index + 1) * room, last + (index - last_index) * room)
        place = min(place, high - (count - index) * room)
        if place >= last + (index - last_index) * room - EPS:
            anchors.append((index, place))
    anchors.append((count, high))
    along = [0.0] * count
    for (first, start), (last, end) in zip(anchors, anchors[1:]):
        between = last - first
        for step in range(1, between):
            along[first + step] = start + (end - start) * step / between
        if last < count:
            along[last] = end
    return [_outline_point(card, side, value) for value in along]


def _capacity(card: Card, side: int, gap: float = SEPARATION) -> int:
    """How many ports a side takes before the rest spill onto its neighbours: room for
    `gap` between them (SEPARATION lets the routes fan out)."""
    low, high = _along_range(card, side, full=True)
    if card.kind == "decision":
        return int((high - low) / gap) + 1
    return max(1, int((high - low) / gap) - 1)


def _spill(card: Card, groups: list[list[tuple]]) -> None:
    """Move ports a crowded side cannot hold to its neighbouring sides: those at either
    end of its order, towards the side they lie nearest to. A self-handoff's two ends
    move together, to the side with the most room. A card with more ends than its sides
    hold at SEPARATION packs them closer, down to PORT_GAP."""
    ends = sum(len(group) for group in groups)
    gap = SEPARATION if ends <= sum(_capacity(card, side) for side in range(4)) else PORT_GAP
    for _ in range(12):
        moved = False
        for side in range(4):
            group = groups[side]
            extra = len(group) - _capacity(card, side, gap)
            if extra <= 0:
                continue
            loops = [entry for entry in group if entry[0][0] == 3]
            movable = [entry for entry in group if entry[0][0] != 3]
            if movable:
                extra = min(extra, len(movable))
                # sorted along the side: the first ports lie towards the lower coordinate
                low_side = UP if side in (RIGHT, LEFT) else LEFT
                high_side = DOWN if side in (RIGHT, LEFT) else RIGHT
                head = (extra + 1) // 2
                tail = len(movable) - (extra - head)
                groups[low_side].extend(movable[:head])
                groups[high_side].extend(movable[tail:])
                groups[side] = movable[head:tail] + loops
            else:
                roomiest = max((other for other in range(4) if other != side),
                               key=lambda other: (_capacity(card, other, gap) - len(groups[other]), -other))
                if _capacity(card, roomiest, gap) - len(groups[roomiest]) < 2:
                    continue
                link_id = loops[-1][2]
                groups[roomiest].extend(entry for entry in loops if entry[2] == link_id)
                groups[side] = [entry for entry in loops if entry[2] != link_id]
            moved = True
        for group in groups:
            group.sort()
        if not moved:
            return


def _straight_wish(card: Card, side: int, other: Card, other_side: int) -> float | None:
    """Where a straight line between two facing sides would like its ports: the same
    coordinate on both cards (None when the sides do not overlap enough). A diamond's
    is its vertex."""
    if other_side != (side + 2) % 4:
        return None
    if card.kind == "decision" and other.kind == "decision":
        return None
    along = 1 if side in (RIGHT, LEFT) else 0
    if card.kind == "decision" or other.kind == "decision":
        diamond, plain, plain_side = (card, other, other_side) if card.kind == "decision" else (other, card, side)
        vertex = (diamond.box[along] + diamond.box[along + 2]) / 2
        low, high = _along_range(plain, plain_side)
        return vertex if low <= vertex <= high else None
    low_a, high_a = _along_range(card, side)
    low_b, high_b = _along_range(other, other_side)
    low, high = max(low_a, low_b), min(high_a, high_b)
    if low > high:
        return None
    middle = (card.box[along] + card.box[along + 2] + other.box[along] + other.box[along + 2]) / 4
    return min(max(middle, low), high)


def _port_key(own: Box, side: int, other: Box, other_side: int) -> tuple:
    """Sort key of a port along its side (top to bottom, or left to right) such that
    routes fanning out from the side do not cross: those turning towards the low end
    first, the lowest turn outermost; straight ones; then those turning the other way.
    """
    along = 1 if side in (RIGHT, LEFT) else 0
    own_c = (own[along] + own[along + 2]) / 2
    other_c = (other[along] + other[along + 2]) / 2
    normal = 0 if along == 1 else 1
    sign = 1 if side in (RIGHT, DOWN) else -1
    face = own[normal + 2] if sign > 0 else own[normal]
    if other_side == (side + 2) % 4:  # facing: a Z
        other_face = other[normal] if sign > 0 else other[normal + 2]
        level = max((other_face - face) * sign, 0.0) / 2
        turn = 0 if abs(other_c - own_c) < 0.5 else (1 if other_c > own_c else -1)
    elif other_side == side:  # a U round the cards between
        other_face = other[normal + 2] if sign > 0 else other[normal]
        level = max((other_face - face) * sign, 0.0) + CLEARANCE + abs(other_c - own_c) / 1000
        turn = 1 if other_c >= own_c else -1
    else:  # an L
        centre = (other[normal] + other[normal + 2]) / 2
        level = max((centre - face) * sign, 0.0)
        turn = 1 if other_c >= own_c else -1
    if turn < 0:
        return (0, level, other_c)
    if turn == 0:
        return (1, other_c, 0.0)
    return (2, -level, other_c)
