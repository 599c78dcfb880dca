"""Where the lanes' contents went when the lanes were stacked again: a map from the
picture before an edit to the picture after it, for the routes and labels an edit can
carry along instead of placing them afresh.

When a card grows or shrinks its lane (a word typed into its label can do that), every
lane below moves down or up as a whole, and every card in them moves with it. On a
large chain that is thousands of cards, and routing their handoffs afresh took seconds
for one keystroke. Each lane moved by one distance, so a point of the old picture moved
as the lane it lay in: routes mapped point by point keep their right angles and their
order (the lanes keep theirs), a run across a lane boundary only growing or shrinking.
The router and the label placer keep what is so carried where it still fits
(models.routing.router, models.labels).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence

Point = tuple[float, float]
Rect = tuple[float, float, float, float]
Carry = Callable[[Point], Point]  # where an edit took each point of the picture before it


class LaneShift:
    """How far each lane moved: a point at or below a lane's old top (and above the
    next lane's) moved as that lane did; a point above the first lane as the first."""

    __slots__ = ("_tops", "_moves")

    def __init__(self, tops: Sequence[float], moves: Sequence[float]):
        """`tops`: the lanes' old tops, from the top down; `moves`: how far each moved down."""
        self._tops = tuple(tops)
        self._moves = tuple(moves)

    @classmethod
    def between(cls, old_tops: Mapping[str, float], new_tops: Mapping[str, float]) -> LaneShift | None:
        """The shift from lanes stacked at `old_tops` to the same lanes at `new_tops`,
        each by lane id in stacking order; None when no lane moved, or when lanes came,
        went or changed places (then nothing is carried)."""
        if list(old_tops) != list(new_tops):
            return None
        moves = [new_tops[lane] - old_tops[lane] for lane in old_tops]
        if not any(moves):
            return None
        return cls(list(old_tops.values()), moves)

    def point(self, point: Point) -> Point:
        x, y = point
        return x, y + self._moves[max(bisect_right(self._tops, y) - 1, 0)]


#: Moves of two points that differ by less than this are one move: a lane's move added to
#: two coordinates can differ in the last digit.
SAME_MOVE = 1e-6


def moved_rect(carry: Carry, rect: Rect) -> Rect | None:
    """Where `carry` took a rectangle (a label's), or None when it did not move it
    whole (it lay across a lane boundary that moved)."""
    left, top, right, bottom = rect
    (new_left, new_top), (new_right, new_bottom) = carry((left, top)), carry((right, bottom))
    dx, dy = new_left - left, new_top - top
    if abs(new_right - right - dx) > SAME_MOVE or abs(new_bottom - bottom - dy) > SAME_MOVE:
        return None
    return new_left, new_top, right + dx, bottom + dy


def one_after_another(carries: Sequence[Carry]) -> Carry:
    """The map of several moves made one after another, the first first."""
    if len(carries) == 1:
        return carries[0]

    def carry(point: Point) -> Point:
        for each in carries:
            point = each(point)
        return point

    return carry
