"""The Router's fast path: the straight, L, Z, U and double-Z shapes a route usually
takes, each written once in a frame where the route leaves along +u, their free
coordinates pushed clear of cards and other routes; and small helpers on route
corners (their direction, tidying)."""

from __future__ import annotations

from models.routing.constants import (
    CLEARANCE, DOWN, DX, DY, LEFT, LIFT_STEPS, LOOP_HEIGHT, MIN_STUB, RIGHT, SEPARATION, TOUCH, UP, Box, Point,
)


class Frame:
    """The frame where a route leaves its source along +u: scene points and boxes in it
    and back, and which way its axes lie in the scene."""

    __slots__ = ("d", "horizontal_u", "flip")

    def __init__(self, d: int):
        self.d = d
        self.horizontal_u = d in (RIGHT, LEFT)  # runs along u are horizontal in the scene
        self.flip = -1 if d in (LEFT, UP) else 1  # u is the scene coordinate times this

    def point(self, u: float, v: float) -> Point:
        """The scene point of (u, v)."""
        return _from_frame(self.d, u, v)

    def local(self, point: Point) -> Point:
        """(u, v) of a scene point."""
        return _to_frame(self.d, *point)

    def box(self, box: Box) -> Box:
        """A scene box in the frame: (u low, v low, u high, v high)."""
        return _box_to_frame(self.d, box)


class Shapes:
    """Routes of the usual shapes, without a search; part of Router (models.routing.router)."""

    def _fast(self, link_id, p0, d0, p1, d1, s_box, t_box, skip0, skip1) -> list[Point] | None:
        """The straight, L, Z, U and double-Z shapes, in the frame where the route
        leaves along +u; the first that fits, or None."""
        frame = Frame(d0)
        u0, v0 = _to_frame(d0, *p0)
        u1, v1 = _to_frame(d0, *p1)
        e = _FRAME_DIR[d0][(d1 + 2) % 4]  # the direction the last run travels, in the frame
        sb, tb = _box_to_frame(d0, s_box), _box_to_frame(d0, t_box)
        first = sb[2] + MIN_STUB  # the earliest bend after leaving the source
        horizontal_u, flip = frame.horizontal_u, frame.flip

        def fits(points):
            return self._frame_fits(frame, link_id, points, d1, skip0, skip1)

        def lift_v(at, low, high, sign):
            return self._lift_v(frame, at, low, high, sign, link_id)

        def lift_u(at, low, high, sign):
            return self._lift_u(frame, at, low, high, sign, link_id)

        def reach(u, v, sign, skip, limit):
            return self._clear_reach(frame, u, v, sign, skip, limit)

        if e == RIGHT:  # the target faces back at the source: Z or double Z
            last = tb[0] - MIN_STUB  # the latest bend before the target
            reach0 = reach(u0, v0, 1, skip0, max(u1, first + CLEARANCE))
            reach1 = reach(u1, v1, -1, skip1, min(u0, last - CLEARANCE))
            low, high = max(first, reach1), min(last, reach0)
            if low <= high and v0 != v1:
                # The runs out and in are clear of cards (see reach); try the middle run
                # at a few places, then the routes along the port lines.
                middle = min(max((sb[2] + tb[0]) / 2, low), high)
                across, v_low, v_high = not horizontal_u, min(v0, v1), max(v0, v1)
                axis_u, axis_v = (0 if horizontal_u else 1), (1 if horizontal_u else 0)
                for m in _around(middle, low, high):
                    at = flip * m
                    if self._blocked(across, at, v_low, v_high, CLEARANCE, ()):
                        continue
                    # the runs out and in first: the middle run may be long, and all must be free
                    a, b = sorted((flip * u0, at))
                    if self._conflict(axis_u, v0, a, b, TOUCH, link_id) is not None:
                        continue
                    a, b = sorted((at, flip * u1))
                    if self._conflict(axis_u, v1, a, b, TOUCH, link_id) is not None:
                        continue
                    if self._conflict(axis_v, at, v_low, v_high, SEPARATION, link_id) is not None:
                        continue
                    return [p0, _from_frame(d0, m, v0), _from_frame(d0, m, v1), p1]
            if reach0 < first or reach1 > last:
                return None
            # out into the first gap, along a free channel past the cards between, in
            a = min(max((sb[2] + reach0 + CLEARANCE) / 2, first), reach0)
            b = max(min((tb[0] + reach1 - CLEARANCE) / 2, last), reach1)
            channels = set()
            for start in (v0, v1):
                for sign in (-1, 1):
                    channel = lift_v(start, a, b, sign)
                    if channel is not None:
                        channels.add(channel)
            outs = list(_around(a, first, reach0))[:3]
            ins = list(_around(b, reach1, last))[:3]
            for channel in sorted(channels, key=lambda c: (abs(c - v0) + abs(c - v1), c)):
                for a, b in ((a, b) for a in outs for b in ins):
                    route = fits([(u0, v0), (a, v0), (a, channel), (b, channel), (b, v1), (u1, v1)])
                    if route:
                        return route
            return None
        if e == LEFT:  # both ends face the same way: a U round the far one (a self-handoff's loop)
            at = lift_u(max(sb[2], tb[2]) + (LOOP_HEIGHT if skip0 == skip1 else CLEARANCE), v0, v1, 1)
            if at is not None:
                return fits([(u0, v0), (at, v0), (at, v1), (u1, v1)])
            return None
        # The target is entered across the frame (e == DOWN: along +v, UP: along -v).
        sign = 1 if e == DOWN else -1
        face = tb[1] if sign > 0 else tb[3]  # the side of the target the route enters by
        last = face - sign * MIN_STUB
        if u1 >= first and (last - v0) * sign >= 0:
            route = fits([(u0, v0), (u1, v0), (u1, v1)])
            if route:
                return route
        # out, across to a channel before the target, along it, and in
        reach0 = reach(u0, v0, 1, skip0, max(u1, first) + CLEARANCE)
        if reach0 < first:
            return None
        a = min(max((sb[2] + reach0 + CLEARANCE) / 2, first), reach0)
        channel = lift_v(face - sign * CLEARANCE, a, u1, -sign)
        if channel is not None:
            return fits([(u0, v0), (a, v0), (a, channel), (u1, channel), (u1, v1)])
        return None

    # -- questions in a frame, for the shapes here and the long ones (channels.py) ---------

    def _frame_fits(self, frame: Frame, link_id, points, d1, skip0, skip1, apart=SEPARATION) -> list[Point] | None:
        """The route through these frame points, tidied, if it leaves and enters by the
        right sides and fits (see _fits); else None."""
        route = _tidy([_from_frame(frame.d, u, v) for u, v in points])
        if not _valid_shape(route, frame.d, d1) or not self._fits(link_id, route, skip0, skip1, apart):
            return None
        return route

    def _lift_v(self, frame: Frame, at, low, high, sign, link_id, steps: int = LIFT_STEPS,
                apart: float = SEPARATION) -> float | None:
        """Move a run along u, at v = at, along v (see _lift)."""
        low, high = sorted((frame.flip * low, frame.flip * high))
        return self._lift(frame.horizontal_u, at, low, high, sign, (), link_id, steps, apart)

    def _lift_u(self, frame: Frame, at, low, high, sign, link_id, steps: int = LIFT_STEPS,
                apart: float = SEPARATION) -> float | None:
        """Move a run along v, at u = at, along u (see _lift)."""
        low, high = sorted((low, high))
        found = self._lift(not frame.horizontal_u, frame.flip * at, low, high, frame.flip * sign, (), link_id, steps,
                           apart)
        return None if found is None else frame.flip * found

    def _clear_reach(self, frame: Frame, u, v, sign, skip, limit) -> float:
        """How far a run from (u, v) along sign * u stays clear of cards, up to `limit`."""
        low, high = sorted((frame.flip * u, frame.flip * limit))
        for entry in self._blockers(frame.horizontal_u, v, low, high, CLEARANCE, skip):
            box = _box_to_frame(frame.d, entry[1:])
            if sign > 0:
                limit = min(limit, box[0] - CLEARANCE)
            else:
                limit = max(limit, box[2] + CLEARANCE)
        return limit


# -- frames: every shape is written once, for a route that leaves along +u ---------------


def _to_frame(d: int, x: float, y: float) -> Point:
    if d == RIGHT:
        return x, y
    if d == LEFT:
        return -x, y
    if d == DOWN:
        return y, x
    return -y, x


def _from_frame(d: int, u: float, v: float) -> Point:
    if d == RIGHT:
        return u, v
    if d == LEFT:
        return -u, v
    if d == DOWN:
        return v, u
    return v, -u


def _box_to_frame(d: int, box) -> Box:
    left, top, right, bottom = box
    if d == RIGHT:
        return left, top, right, bottom
    if d == LEFT:
        return -right, top, -left, bottom
    if d == DOWN:
        return top, left, bottom, right
    return -bottom, left, -top, right


def _frame_dirs(d: int) -> list[int]:
    result = []
    for direction in range(4):
        u, v = _to_frame(d, DX[direction], DY[direction])
        result.append(_direction(0.0, 0.0, u, v))
    return result


def _direction(x0: float, y0: float, x1: float, y1: float) -> int:
    if y0 == y1:
        return RIGHT if x1 > x0 else LEFT
    return DOWN if y1 > y0 else UP


_FRAME_DIR = [_frame_dirs(d) for d in range(4)]  # frame of d -> real direction -> frame direction


def _around(centre: float, low: float, high: float):
    """`centre`, then steps of SEPARATION to either side, within [low, high]."""
    if low > high:
        return
    yield centre
    for step in range(1, 5):
        for value in (centre - step * SEPARATION, centre + step * SEPARATION):
            if low <= value <= high:
                yield value


def _valid_shape(route: list[Point], d0: int, d1: int) -> bool:
    """Whether the route leaves along d0 and enters against d1 (the sides' directions)."""
    if len(route) < 2:
        return False
    (x0, y0), (x1, y1) = route[0], route[1]
    if _direction(x0, y0, x1, y1) != d0:
        return False
    (x0, y0), (x1, y1) = route[-2], route[-1]
    return _direction(x0, y0, x1, y1) == (d1 + 2) % 4


def _tidy(points: list[Point]) -> list[Point]:
    """Drop repeated points and merge runs that continue in the same direction."""
    out = [points[0]]
    for point in points[1:]:
        if point == out[-1]:
            continue
        if len(out) >= 2:
            (ax, ay), (bx, by) = out[-2], out[-1]
            if (ax == bx == point[0]) or (ay == by == point[1]):
                out[-1] = point
                continue
        out.append(point)
    return out
