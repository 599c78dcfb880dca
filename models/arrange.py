"""Align and distribute boxes, and find room for a new card: the geometry behind the
Arrange menu and the palette, without Qt.

A box is a card's top-left corner and size in one coordinate space (the canvas uses
scene coordinates, where y grows downwards). align and distribute return the new top-left
corner of every box they were given, free_spot the x of a new card, rounded to 2
decimals as the file format keeps them. Sizes are the cards' real sizes
(models.geometry.card_sizes), which follow their labels.
"""

from __future__ import annotations

from typing import NamedTuple


class Box(NamedTuple):
    id: str
    x: float
    y: float
    width: float
    height: float


ALIGN_EDGES = ("left", "centre", "right", "top", "middle", "bottom")
DISTRIBUTE_AXES = ("horizontal", "vertical")


def align(boxes: list[Box], edge: str) -> dict[str, tuple[float, float]]:
    """Line the boxes up on one `edge` of their common bounding box.

    left/right/top/bottom move every box's edge to the outermost one; centre and middle
    put every box's centre on the bounding box's vertical or horizontal centre line.
    """
    if edge not in ALIGN_EDGES:
        raise ValueError(f"cannot align on {edge!r}; choose one of {', '.join(ALIGN_EDGES)}")
    if not boxes:
        return {}
    left = min(box.x for box in boxes)
    right = max(box.x + box.width for box in boxes)
    top = min(box.y for box in boxes)
    bottom = max(box.y + box.height for box in boxes)
    placed = {}
    for box in boxes:
        x, y = box.x, box.y
        if edge == "left":
            x = left
        elif edge == "centre":
            x = (left + right) / 2 - box.width / 2
        elif edge == "right":
            x = right - box.width
        elif edge == "top":
            y = top
        elif edge == "middle":
            y = (top + bottom) / 2 - box.height / 2
        else:  # bottom
            y = bottom - box.height
        placed[box.id] = (round(x, 2), round(y, 2))
    return placed


def distribute(boxes: list[Box], axis: str) -> dict[str, tuple[float, float]]:
    """Make the gaps between neighbouring boxes equal along `axis`.

    The boxes are taken in order of their left edge ("horizontal") or top edge
    ("vertical"), ties in the order given. The first and the last stay where they are;
    the others move along the axis only, so that every gap between one box's far edge
    and the next box's near edge is the same. When the boxes are too wide to fit
    between the first and the last, equal gaps would have to be negative and could
    shuffle the boxes; then their near edges are spaced evenly instead, which keeps the
    order. Fewer than 3 boxes have nothing to distribute and stay where they are.
    """
    if axis not in DISTRIBUTE_AXES:
        raise ValueError(f"cannot distribute {axis!r}; choose one of {', '.join(DISTRIBUTE_AXES)}")
    unchanged = {box.id: (round(box.x, 2), round(box.y, 2)) for box in boxes}
    if len(boxes) < 3:
        return unchanged
    horizontal = axis == "horizontal"

    def start(box: Box) -> float:
        return box.x if horizontal else box.y

    def size(box: Box) -> float:
        return box.width if horizontal else box.height

    ordered = sorted(boxes, key=start)  # sorted() is stable: ties keep the given order
    first, last = ordered[0], ordered[-1]
    steps = len(ordered) - 1
    gap = (start(last) - start(first) - sum(size(box) for box in ordered[:-1])) / steps
    placed = dict(unchanged)
    position = start(first)
    for index, box in enumerate(ordered[1:-1], start=1):
        if gap >= 0:
            position += size(ordered[index - 1]) + gap
        else:
            position = start(first) + (start(last) - start(first)) * index / steps
        x, y = (position, box.y) if horizontal else (box.x, position)
        placed[box.id] = (round(x, 2), round(y, 2))
    return placed


def free_spot(taken: list[tuple[float, float]], width: float, x: float, gap: float = 40.0) -> float:
    """The least x' >= `x` where a card `width` wide overlaps none of the cards `taken`
    and keeps `gap` from each, across: where a new card goes in a lane.

    `taken` holds the (left, width) of the cards already in the lane. Taken in order of
    their left edge, a card in the way moves x' past its right edge (plus the gap), and
    the first card that starts far enough right ends the search: every later one starts
    further right still. Rounded to 2 decimals.
    """
    for left, other_width in sorted(taken):
        if left >= x + width + gap:
            break
        if x < left + other_width + gap:
            x = left + other_width + gap
    return round(x, 2)
