"""Drawing routes: `rounded_path` turns a route's corners into what gets painted (from
`rounded_corners`, which the SVG export writes too), and
`orthogonal_route` gives a draft route between two cards in no time.

The real routes go around cards (models.routing); a large chain shows drafts while the
router works through its handoffs in the background (ChainScene._route_everything).
Routes are plain (x, y) tuples and boxes (left, top, right, bottom) tuples.
"""

from __future__ import annotations

from PySide6.QtGui import QPainterPath

GAP = 24.0  # the least horizontal room for a forward route
CLEARANCE = 16.0  # how far a route keeps from the cards it goes around

Point = tuple[float, float]
Box = tuple[float, float, float, float]  # left, top, right, bottom


def orthogonal_route(source: Box, target: Box) -> list[Point]:
    """Draft corner points from `source` to `target`, leaving and entering at edge
    midpoints, whatever lies between.

    Forward (target to the right): right edge to left edge with one vertical run.
    Stacked (no room sideways, but vertical room): bottom or top edge, one horizontal run.
    Otherwise (backward in the same band): out right, over the top of both, in from the left.
    """
    s_left, s_top, s_right, s_bottom = source
    t_left, t_top, t_right, t_bottom = target
    s_y, t_y = (s_top + s_bottom) / 2, (t_top + t_bottom) / 2
    if t_left >= s_right + GAP:
        if abs(s_y - t_y) < 0.5:
            return [(s_right, s_y), (t_left, t_y)]
        middle = (s_right + t_left) / 2
        return [(s_right, s_y), (middle, s_y), (middle, t_y), (t_left, t_y)]
    if t_top >= s_bottom + GAP or t_bottom <= s_top - GAP:
        downwards = t_top >= s_bottom
        s_x, t_x = (s_left + s_right) / 2, (t_left + t_right) / 2
        start_y = s_bottom if downwards else s_top
        end_y = t_top if downwards else t_bottom
        if abs(s_x - t_x) < 0.5:
            return [(s_x, start_y), (t_x, end_y)]
        middle = (start_y + end_y) / 2
        return [(s_x, start_y), (s_x, middle), (t_x, middle), (t_x, end_y)]
    top = min(s_top, t_top) - CLEARANCE
    out_x = s_right + CLEARANCE
    in_x = t_left - CLEARANCE
    return [(s_right, s_y), (out_x, s_y), (out_x, top), (in_x, top), (in_x, t_y), (t_left, t_y)]


CORNER_RADIUS = 7.0  # a route's rounded corners


def rounded_corners(points: list[Point], radius: float = CORNER_RADIUS) -> list[tuple[Point, Point, Point]]:
    """Each inner corner of the polyline through `points`, rounded: where the straight run
    into it stops, the corner itself (the quadratic curve's control point) and where the
    run out of it starts. The canvas (rounded_path) and the SVG export draw these."""
    return [
        (_towards(points[index], points[index - 1], radius), points[index],
         _towards(points[index], points[index + 1], radius))
        for index in range(1, len(points) - 1)
    ]


def rounded_path(points: list[Point], radius: float = CORNER_RADIUS) -> QPainterPath:
    """A polyline through `points` with its corners rounded. (Given numbers, not
    QPointFs: a frame after an edit makes the paths of a hundred routes.)"""
    path = QPainterPath()
    path.moveTo(*points[0])
    for (end_x, end_y), (corner_x, corner_y), (start_x, start_y) in rounded_corners(points, radius):
        path.lineTo(end_x, end_y)
        path.quadTo(corner_x, corner_y, start_x, start_y)
    path.lineTo(*points[-1])
    return path


def _towards(corner: Point, other: Point, radius: float) -> Point:
    """The point `radius` from `corner` along the segment to `other` (at most half of it)."""
    dx, dy = other[0] - corner[0], other[1] - corner[1]
    length = (dx * dx + dy * dy) ** 0.5
    if length == 0:
        return corner
    step = min(radius, length / 2) / length
    return (corner[0] + dx * step, corner[1] + dy * step)
