"""The Router's last way for a long link before a plain line: its long run in legs, each
on a line that stays free as far as it goes, with a jog onto the next just before it
would meet a card or another route; part of Router (models.routing.router).

Why: in a chain of 20,000 touchpoints, a few hundred handoffs run tens of thousands of
pixels down gaps that no single line keeps free all the way: over that length some
wide card juts into every line of the gap, and the short routes of the lanes passed
take the rest. The channels (channels.py) take one line, or two with a dogleg; the
search cannot look at a window that tall. Those links were drawn as plain lines
through dozens of cards, which read as if they joined them.

The legs are found greedily, the way that needs fewest: from where the route turns
onto its long run, each leg takes, of the free lines a little way on, the one that
keeps free farthest (asked of the card strips and the run index, not walked), and
jogs to the next one just before that. The last leg steps over near the target's
line when it can, so that the route turns into the target without a detour, and is
dropped when the leg before can turn in itself. The whole route is then checked as
every other is (`_frame_fits`).

An end hemmed in (a card in front of the source, other routes on every line its turn
could take) has no turn onto any leg: then the legs start a BRIDGE along the run, and
a small search from each port joins them there (`_bridged`). At 20,000 touchpoints
with long labels, 12 of the 16 handoffs still drawn as plain lines through cards were
of this kind; the other 4 had legs that could not jog across a gap the lanes' short
routes packed with lines (see JOG_STEPS). A far U (both ports facing the same way) has
no turn that the channels find: its long run goes in legs beyond both ends, bridged.
"""

from __future__ import annotations

from models.routing.channels import CHANNEL_TRIES, OUTSIDE
from models.routing.constants import CELL, CLEARANCE, CROWDED, DOWN, LEFT, RIGHT, Point
from models.routing.shapes import _FRAME_DIR, _tidy, _valid_shape

LEG_LOOK = 2 * CELL  # a line is a leg's candidate if it is free this far on
LEG_RANGE = 8 * CELL  # legs lie this far either side of the ends at most
MIN_LEG = CELL  # each leg goes at least this far: else the gap is too full for legs
MAX_LEGS = 24
LAST_LEG = 4 * CELL  # the last leg, on a line near the target's, is at least this long
JOG_BEFORE = 2 * CLEARANCE  # a jog lies this far before what ends its leg, then moves back if taken
JOG_TRIES = (0.0, CELL, 2 * CELL)  # ...or from this much farther back
# A jog steps past this many cards or lines at most (LIFT_STEPS elsewhere), and keeps
# only CROWDED from other lines, as the legs do: between two rows of cards, the lanes'
# own handoffs pack the gap with 20 lines and more, 8 px apart.
JOG_STEPS = 40
BRIDGE = 2 * CELL  # when the ends' turns fail: how far along the run a search from each port may join it


class Legs:
    """Long runs in legs, for links no channel takes; part of Router."""

    def _in_legs(self, trip) -> list[Point] | None:
        """The route with its long run in legs (see the module), CROWDED, or None."""
        trip.jammed = {}  # (the jogs off the ends' lines that failed nearer tell nothing here)
        if trip.e == LEFT:
            return self._round_in_legs(trip)
        if trip.e == RIGHT and abs(trip.v1 - trip.v0) > abs(trip.u1 - trip.u0):
            return self._across_in_legs(trip)
        return self._along_in_legs(trip)

    def _round_in_legs(self, trip) -> list[Point] | None:
        """A U (the target entered from the side facing the way the source is left) whose
        long run, along v beyond both ends, is too long to search: in legs, both ends
        bridged (see _bridged)."""
        beyond = max(trip.u0, trip.u1) + CLEARANCE  # the nearest line clear of both ends' cards
        low, high = _within(trip.extent[0], trip.extent[2], beyond, beyond + LEG_RANGE)
        sign = 1 if trip.v1 >= trip.v0 else -1
        return self._bridged(trip, False, low, high, trip.v0 + sign * BRIDGE, trip.v1 - sign * BRIDGE, beyond, beyond)

    def _across_in_legs(self, trip) -> list[Point] | None:
        """The long run across the frame (along v) in legs at u = g."""
        u0, v0, u1, v1 = trip.u0, trip.v0, trip.u1, trip.v1
        _v, first, reach0, _a = trip.out
        _v, reach1, last, _b = trip.into
        low, high = _within(trip.extent[0], trip.extent[2], min(first, reach1) - LEG_RANGE,
                            max(last, reach0) + LEG_RANGE)
        for g in self._leg_starts(trip, False, low, high, v0, v1, trip.middle):
            start = self._turn(trip, g, trip.out, v1, CROWDED)
            legs = start and self._legs(trip, False, low, high, g, start[1], v1, trip.into[3])
            for lines, jogs in _fewer_first(legs):
                end = self._turn(trip, lines[-1], trip.into, v0, CROWDED)
                if end is None:
                    continue
                (out_turn, out_line), (in_turn, in_line) = start, end
                middle = [point for g_a, g_b, jog in zip(lines, lines[1:], jogs) for point in ((g_a, jog), (g_b, jog))]
                route = self._frame_fits(trip.frame, trip.link_id, [
                    (u0, v0), (out_turn, v0), (out_turn, out_line), (lines[0], out_line), *middle,
                    (lines[-1], in_line), (in_turn, in_line), (in_turn, v1), (u1, v1)],
                    trip.d1, trip.skip0, trip.skip1, CROWDED)
                if route:
                    return route
        sign = 1 if v1 >= v0 else -1
        return self._bridged(trip, False, low, high, v0 + sign * BRIDGE, v1 - sign * BRIDGE, trip.middle,
                             trip.into[3])

    def _along_in_legs(self, trip) -> list[Point] | None:
        """The long run along u in legs at v = c, then in: across into a target entered
        across the frame, or by a last jog onto the line of a target facing back."""
        u0, v0, u1, v1, e = trip.u0, trip.v0, trip.u1, trip.v1, trip.e
        if e == RIGHT:
            low, high, aim = min(v0, v1) - LEG_RANGE, max(v0, v1) + LEG_RANGE, (v0 + v1) / 2
            end_u = trip.into[3]
        else:
            low, high = sorted((trip.near, trip.near - trip.sign * LEG_RANGE))
            aim, end_u = trip.near, u1
        low, high = _within(trip.extent[1], trip.extent[3], low, high)
        for c in self._leg_starts(trip, True, low, high, trip.out[3], end_u, aim):
            start = self._turn(trip, None, trip.out, c, CROWDED)
            legs = start and self._legs(trip, True, low, high, c, start[0], end_u, v1 if e == RIGHT else trip.near)
            for lines, jogs in _fewer_first(legs):
                if e == RIGHT:
                    end = self._turn(trip, None, trip.into, lines[-1], CROWDED)
                    if end is None:
                        continue
                    tail = [(end[0], lines[-1]), (end[0], v1), (u1, v1)]
                else:
                    tail = [(u1, lines[-1]), (u1, v1)]
                middle = [point for c_a, c_b, jog in zip(lines, lines[1:], jogs) for point in ((jog, c_a), (jog, c_b))]
                route = self._frame_fits(trip.frame, trip.link_id, [
                    (u0, v0), (start[0], v0), (start[0], lines[0]), *middle, *tail],
                    trip.d1, trip.skip0, trip.skip1, CROWDED)
                if route:
                    return route
        return self._bridged(trip, True, low, high, u0 + BRIDGE, u1 - BRIDGE, aim, v1 if e == RIGHT else trip.near)

    def _bridged(self, trip, along: bool, low: float, high: float, start: float, end: float, aim: float,
                 last_aim: float) -> list[Point] | None:
        """The long run in legs from `start` to `end` (a u when `along`, else a v), each
        end bridged to its port by a search (search.py) that may join the run anywhere
        in the BRIDGE before it: for a link whose ends' own turns find no way onto a
        leg, or whose turns cross what they must not. None when no legs go that far."""
        sign = 1 if end >= start else -1
        if (end - start) * sign < MIN_LEG:
            return None
        frame, link_id = trip.frame, trip.link_id
        forward = _FRAME_DIR[frame.d].index(RIGHT if along else DOWN)  # the scene direction of +u or +v
        if sign < 0:
            forward = (forward + 2) % 4
        back = (forward + 2) % 4

        def at(line, w):
            return frame.point(w, line) if along else frame.point(line, w)

        (s_box, t_box), ports = trip.boxes, (frame.point(trip.u0, trip.v0), frame.point(trip.u1, trip.v1))
        source_end = self._port_line(link_id, 0, ports[0], frame.d, s_box, trip.skip0)
        target_end = self._port_line(link_id, 1, ports[1], trip.d1, t_box, trip.skip1)
        for line in self._leg_starts(trip, along, low, high, start, end, aim):
            legs = self._legs(trip, along, low, high, line, start, end, last_aim)
            if legs is None:
                continue
            lines, jogs = legs
            # each search joins the run where the run's line is free up to the legs
            first_free = abs(self._leg_reach(trip, along, lines[0], start, start - sign * BRIDGE) - start)
            last_free = abs(self._leg_reach(trip, along, lines[-1], end, end + sign * BRIDGE) - end)
            head = self._bridge_search(link_id, source_end, (at(lines[0], start), back, 0.0, 0.0, first_free))
            tail = head and self._bridge_search(link_id, (at(lines[-1], end), forward, 0.0, 0.0, last_free),
                                                target_end)
            if not tail:
                continue
            middle = [at(line_ab, jog) for line_a, line_b, jog in zip(lines, lines[1:], jogs)
                      for line_ab in (line_a, line_b)]
            if not self._fits(link_id, _tidy([head[-1], *middle, tail[0]]), (), (), CROWDED):
                continue
            route = _tidy([ports[0], *head, *middle, *tail, ports[1]])
            if _valid_shape(route, frame.d, trip.d1):
                return route
        return None

    def _leg_starts(self, trip, along: bool, low: float, high: float, start: float, end: float,
                    aim: float) -> list[float]:
        """The lines free from `start` a LEG_LOOK on towards `end` (or else a MIN_LEG: the
        lines near an end are the most taken), nearest `aim` first."""
        sign = 1 if end >= start else -1
        for look in (LEG_LOOK, MIN_LEG):
            places = self._leg_places(trip, along, low, high, start, start + sign * look, aim)
            if places:
                return places
        return []

    def _leg_places(self, trip, along: bool, low: float, high: float, start: float, end: float,
                    aim: float) -> list[float]:
        return next(self._channels(trip.frame, along, low, high, start, end, trip.link_id,
                                   lambda line: abs(line - aim), [aim], (CROWDED,), CHANNEL_TRIES), (CROWDED, []))[1]

    def _legs(self, trip, along: bool, low: float, high: float, line: float, start: float,
              end: float, last_aim: float) -> tuple[list[float], list[float]] | None:
        """The lines of the legs from `start` to `end`, the first at `line`, and the
        jogs between them (where each leg ends); None when the gap is too full. The
        last leg lies as near `last_aim` (the target's line, or where the route best
        turns into it) as a free line does: the turn into the target crosses no more
        than it must, and finds a way."""
        sign = 1 if end >= start else -1
        lines, jogs = [line], []
        reach = self._leg_reach(trip, along, line, start, end)
        while (end - reach) * sign > 0:
            if len(lines) == MAX_LEGS or (reach - start) * sign < MIN_LEG:
                return None
            best = None  # (how far it reaches, line, jog)
            before = reach - sign * JOG_BEFORE
            for candidate in self._leg_places(trip, along, low, high, before, before + sign * LEG_LOOK, line):
                if candidate == line:
                    continue
                jog = self._leg_jog(trip, along, before, line, candidate, -sign)
                if jog is None or (jog - start) * sign < 0:
                    continue
                reached = self._leg_reach(trip, along, candidate, jog, end)
                if (reached - jog) * sign < MIN_LEG and (end - reached) * sign > 0:
                    continue
                if best is None or (reached - best[0]) * sign > 0:
                    best = (reached, candidate, jog)
            if best is None:
                return None
            reach, line, start = best
            lines.append(line)
            jogs.append(start)
        self._last_leg(trip, along, low, high, lines, jogs, start, end, last_aim)
        return lines, jogs

    def _last_leg(self, trip, along: bool, low: float, high: float, lines: list[float], jogs: list[float],
                  start: float, end: float, aim: float) -> None:
        """A jog onto the free line nearest `aim` for the last LAST_LEG of the run, when
        there is one nearer than the last leg's (added to `lines` and `jogs`)."""
        sign = 1 if end >= start else -1
        before = end - sign * LAST_LEG
        if (before - start) * sign <= 0:
            return
        line = lines[-1]
        for candidate in self._leg_places(trip, along, low, high, before, end, aim):
            if abs(candidate - aim) >= abs(line - aim):
                return
            jog = self._leg_jog(trip, along, before, line, candidate, -sign)
            if jog is not None and (jog - start) * sign > 0 and \
                    (self._leg_reach(trip, along, candidate, jog, end) - end) * sign >= 0:
                lines.append(candidate)
                jogs.append(jog)
                return

    def _leg_jog(self, trip, along: bool, at: float, line_a: float, line_b: float, sign: int) -> float | None:
        """Where near `at` a jog from the leg on `line_a` to the one on `line_b` keeps
        clear, moving towards `sign` (from farther that way when it is too crowded to
        find a place nearer)."""
        lift = self._lift_u if along else self._lift_v  # the jog runs along v at u = at, or along u
        for back in JOG_TRIES:
            jog = lift(trip.frame, at + sign * back, line_a, line_b, sign, trip.link_id, JOG_STEPS, CROWDED)
            if jog is not None:
                return jog
        return None

    def _leg_reach(self, trip, along: bool, line: float, start: float, end: float) -> float:
        """How far from `start` towards `end` a run on `line` (a v when `along`, else a
        u) keeps CLEARANCE from cards and CROWDED from other routes' lines."""
        frame = trip.frame
        if along:  # along u at v = line: the scene's along is flip * u, its line v
            horizontal, at, scale = frame.horizontal_u, line, frame.flip
        else:  # along v at u = line
            horizontal, at, scale = not frame.horizontal_u, frame.flip * line, 1
        a, b = scale * start, scale * end
        forward = b >= a
        reach = b
        for _id, left, top, right, bottom in self._blockers(horizontal, at, min(a, b), max(a, b), CLEARANCE, ()):
            low, high = (left, right) if horizontal else (top, bottom)
            reach = min(reach, max(a, low - CLEARANCE)) if forward else max(reach, min(a, high + CLEARANCE))
        # Other routes' lines, a stretch at a time, each twice the last: a question costs
        # as much as its stretch is long, and most lines end a leg long before a card does.
        axis, step, done = (0 if horizontal else 1), LEG_LOOK, a
        while done != reach:
            stop = done + step if forward else done - step
            stop = min(stop, reach) if forward else max(stop, reach)
            found = self._clear_along(axis, at, done, stop, CROWDED, trip.link_id)
            if found != stop:
                return scale * found
            done, step = stop, 2 * step
        return scale * reach


def _within(extent_low: float, extent_high: float, low: float, high: float) -> tuple[float, float]:
    """[low, high] cut to the room beyond the cards that the walls round the lanes
    leave (OUTSIDE, as channels.py looks there): lines farther out lie beyond them."""
    return max(low, extent_low - CLEARANCE - OUTSIDE), min(high, extent_high + CLEARANCE + OUTSIDE)


def _fewer_first(legs: tuple[list[float], list[float]] | None):
    """The legs without the last one, then all: the end's own turn (or the run into a
    target entered across) may reach the last line but one, and a jog less is better."""
    if not legs:
        return
    lines, jogs = legs
    if len(lines) > 1:
        yield lines[:-1], jogs[:-1]
    yield lines, jogs
