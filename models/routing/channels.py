"""The Router's routes for links whose fast shapes all meet something: a route whose
long run goes down a free channel, chosen at once among every line the run could
take, before an A* search is tried.

Why: in a chain whose frontline lanes sit far above its back-office lanes, thousands of
handoffs run tens of thousands of pixels down the gaps between card columns. Those gaps
also hold the short routes of every lane they pass, so the few places the fast shapes
try near the middle of a gap (shapes.py) are taken somewhere along the way, and the
search (search.py) then works over a window as tall as the link: slow, and past its
budget it gives up and draws a line through the cards.

A channel is what is left of a stretch across the long run once every card within
CLEARANCE of it (from the card strips, card_strips.py) and every other route's line
too near it (from the run index and its lanes, run_lanes.py) is taken out: a few free
stretches, each offering its place nearest where the run would best go. The long run
lies either across the direction the route leaves its source in (a Z, its middle run
in the channel, or with a jog across beside an end whose own line cannot reach the
channel) or along it (a double Z whose middle run is the channel). When no one
channel is free all the way, a dogleg takes one channel for the first part and
another for the rest. Channels near the two ends are tried first, then farther off,
then beyond all the cards. A target entered across the frame whose near lines are all
taken gets its long run on a line farther off and a jog onto a free line just before it.
Every route is still checked whole (`_fits`), as the fast shapes' are. A link too long
to search that none of these takes gets its long run in legs (legs.py, from the search).

When more long links cross one height than the gaps hold a SEPARATION apart (some
5,000 in a chain of 20,000 touchpoints), they go CROWDED: as close as the search's
dense lines, never on one line.

A range thousands of pixels wide (the farther tiers, the stretches beyond all the
cards) is looked at in windows growing from the places the route wants, each side
until the free stretches weighed for it on that side all lie inside: the same places
as the whole range would offer, without asking for every card and line across it.
While one link's route is sought nothing is placed, so what each of its spans meets
is kept and only widened (`_span_across`), and so are a window's free stretches
(`_window`) and what each stretch clear of cards keeps clear of lines (`_apart_from`):
its tiers, doglegs and turns ask again and again.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from operator import itemgetter

from models.routing.constants import (
    BEND, CELL, CLEARANCE, CROWDED, DOWN, LEFT, LONG_RUN, MIN_STUB, RIGHT, SEPARATION, TOUCH, Point,
)
from models.routing.shapes import _FRAME_DIR, Frame

# How far beyond the ends a long run looks for a channel (near first, then farther), and
# where along it a dogleg may change channels, in turn; then beyond all the cards.
TIERS = ((0.0, ()), (CELL, (0.5, 0.25, 0.75)), (8 * CELL, (0.5,)))
OUTSIDE = 4 * CELL  # how far beyond all the cards a long run looks for a channel, last
CHANNEL_TRIES = 6  # channels tried for one link at one spacing
NEAREST = 2 * CHANNEL_TRIES  # free stretches either side of the wanted places weighed for them
WINDOW = CELL  # how far past the wanted places a range is first looked at (then 4, 16... times that)
DOGLEG_TRIES = 2  # channels tried either side of a dogleg, at one spacing
JAMMED = 3  # jogs beside an end that found no way off its line: the end is hemmed in, give up
# A target entered across whose near lines are all taken (see _along_around): how near it
# the last part of the long run lies, and how far before it the run jogs over to there.
AROUND_NEAR = 8 * CELL
AROUND_TURNS = (CELL, 4 * CELL)


class _Trip:
    """What one link's channel route works with, in the frame where it leaves its
    source along +u (see shapes.py): its ends, and where it may turn off their lines."""

    __slots__ = ("frame", "link_id", "u0", "v0", "u1", "v1", "d1", "e", "boxes", "skip0", "skip1", "out", "into",
                 "middle", "near", "sign", "turns", "extent", "jammed")


class _Seen:
    """What one link's channel route has looked at so far: nothing is placed meanwhile."""

    __slots__ = ("spans", "windows", "stretches")

    def __init__(self):
        self.spans: dict = {}  # (vertical, span low, span high) -> what it meets, per range (see _span_across)
        self.windows: dict = {}  # (vertical, window, span) -> free stretches and lines (see _window)
        # (vertical, span, apart) -> {stretch clear of cards: what stays free of lines} (see _apart_from)
        self.stretches: dict = {}


class Channels:
    """Long runs down free channels; part of Router (models.routing.router)."""

    def _channel_route(self, link_id, p0, d0, p1, d1, s_box, t_box, skip0, skip1,
                       in_legs: bool = False) -> list[Point] | None:
        """A route whose long run takes a free channel, a SEPARATION from other
        routes or else CROWDED; or None. `in_legs`: the long run in legs instead
        (legs.py), the last way before a plain line."""
        self._spans = _Seen()  # what each long span and window meets, while this link's route is sought
        try:
            return self._channel_route_in(link_id, p0, d0, p1, d1, s_box, t_box, skip0, skip1, in_legs)
        finally:
            self._spans = None

    def _channel_route_in(self, link_id, p0, d0, p1, d1, s_box, t_box, skip0, skip1, in_legs) -> list[Point] | None:
        trip = _Trip()
        trip.frame = frame = Frame(d0)
        trip.link_id, trip.d1, trip.skip0, trip.skip1 = link_id, d1, skip0, skip1
        trip.boxes = s_box, t_box  # scene boxes of the source and the target
        trip.turns = {}  # (end's line, line, spacing) -> where the route turns off the one onto the other, or None
        trip.jammed = {}  # end's line -> jogs that found no way off it
        trip.extent = frame.box(self._card_extent())  # of all the cards, in the frame
        u0, v0 = trip.u0, trip.v0 = frame.local(p0)
        u1, v1 = trip.u1, trip.v1 = frame.local(p1)
        e = trip.e = _FRAME_DIR[d0][(d1 + 2) % 4]  # the direction the last run travels, in the frame
        if e == LEFT:  # a U round the far end: short, the fast shapes' business, or else in legs
            return self._in_legs(trip) if in_legs else None
        sb, tb = frame.box(s_box), frame.box(t_box)
        first = sb[2] + MIN_STUB  # the earliest bend after leaving the source
        reach0 = self._open_reach(trip, u0, v0, 1, skip0, max(u1, first + CLEARANCE))
        if reach0 < first:
            return None
        # an end: (its line v, the stretch of u where the route may turn off it, where best)
        trip.out = (v0, first, reach0, min(max((sb[2] + reach0 + CLEARANCE) / 2, first), reach0))
        if e != RIGHT:  # the target is entered across the frame: the long run along u, then in
            trip.sign = 1 if e == DOWN else -1
            trip.near = (tb[1] if trip.sign > 0 else tb[3]) - trip.sign * CLEARANCE  # before the side it enters
            return self._in_legs(trip) if in_legs else self._along(trip)
        last = tb[0] - MIN_STUB  # the latest bend before the target
        reach1 = self._open_reach(trip, u1, v1, -1, skip1, min(u0, last - CLEARANCE))
        if reach1 > last:
            return None
        trip.into = (v1, reach1, last, max(min((tb[0] + reach1 - CLEARANCE) / 2, last), reach1))
        trip.middle = (sb[2] + tb[0]) / 2
        if in_legs:
            return self._in_legs(trip)
        if v0 == v1:
            ways = [self._along]
        elif abs(v1 - v0) < abs(u1 - u0):
            ways = [self._along, self._across]
        else:  # the long run across; along only when that is short too (else its turns would be the long runs)
            ways = [self._across] + ([self._along] if abs(v1 - v0) <= LONG_RUN else [])
        for way in ways:
            route = way(trip)
            if route:
                return route
        # Beyond all the cards the route turns straight across off its ends' lines: jogs
        # that found no way off them nearer tell nothing of that.
        trip.jammed = {}
        return self._along_beyond(trip)

    # -- the long run across the frame, at u = g --------------------------------------------

    def _across(self, trip: _Trip) -> list[Point] | None:
        """Out, along a channel at u = g from the source's line to the target's, in;
        a jog across beside an end whose line does not reach g."""
        v0, v1, middle = trip.v0, trip.v1, trip.middle
        _v, first, reach0, _a = trip.out
        _v, reach1, last, _b = trip.into
        anchors = [first, reach0, reach1, last, middle]

        def off(g, low, high):  # a jog's bends and twice its length, when g lies beyond an end's reach
            beyond = max(low - g, g - high, 0.0)
            return (2 * BEND + 2 * beyond) if beyond else 0.0

        def cost(g):
            return off(g, first, reach0) + off(g, reach1, last) + abs(g - middle) / 8

        def upper_cost(g):  # the first part of a dogleg: only the source's end counts
            return off(g, first, reach0) + abs(g - middle) / 8

        def lower_cost(g):
            return off(g, reach1, last) + abs(g - middle) / 8

        ranges = [(min(first, reach1) - width, max(last, reach0) + width, shares) for width, shares in TIERS]
        ranges += [(low, high, ()) for low, high in _beyond(trip.extent[0], trip.extent[2], middle)]
        for low, high, shares in ranges:
            if max(trip.jammed.values(), default=0) >= JAMMED:
                return None
            route = self._through_channels(trip, False, low, high, v0, v1, (cost, upper_cost, lower_cost),
                                           anchors, shares, self._across_through)
            if route:
                return route
        return None

    def _through_channels(self, trip: _Trip, along: bool, low, high, start, end, costs, anchors, shares,
                          through) -> list[Point] | None:
        """The first route `through` fits down one free channel between `low` and `high`
        from `start` to `end` (the cheapest first, by costs[0]), else with a dogleg at each
        share of the way between a channel of the first part (costs[1]) and one of the
        second (costs[2]), a few of each."""
        cost, upper_cost, lower_cost = costs
        for apart, channels in self._channels(trip.frame, along, low, high, start, end, trip.link_id, cost, anchors):
            for channel in channels:
                route = through(trip, channel, channel, None, apart)
                if route:
                    return route
        for share in shares:
            turn_at = start + (end - start) * share
            route = self._dogleg(trip, along, (low, high), (low, high), start, turn_at, end, (upper_cost, lower_cost),
                                 anchors, through)
            if route:
                return route
        return None

    def _dogleg(self, trip: _Trip, along: bool, upper_range, lower_range, start, turn_at, end, costs, anchors,
                through) -> list[Point] | None:
        """The first route `through` fits with a dogleg near `turn_at` between a free
        channel in `upper_range` from `start` (the cheapest first, by costs[0]) and one in
        `lower_range` on to `end` (by costs[1]), a few of each."""
        upper_cost, lower_cost = costs
        # asked as needed: most doglegs fit a SEPARATION apart, and then the closer
        # places, or the second part's when the first has none, are not needed
        upper = self._channels(trip.frame, along, *upper_range, start, turn_at, trip.link_id, upper_cost, anchors)
        lower = self._channels(trip.frame, along, *lower_range, turn_at, end, trip.link_id, lower_cost, anchors)
        for apart in (SEPARATION, CROWDED):
            channels_out = _places_for(upper, apart)[:DOGLEG_TRIES]
            if not channels_out:
                continue
            channels_in = _places_for(lower, apart)[:DOGLEG_TRIES]
            for channel_out in channels_out:
                for channel_in in channels_in:
                    route = through(trip, channel_out, channel_in, turn_at, apart)
                    if route:
                        return route
        return None

    def _across_through(self, trip: _Trip, g_out, g_in, turn_at, apart) -> list[Point] | None:
        """The route along the channel at u = g_out (with a dogleg near v = turn_at
        across to the one at u = g_in, and along that), if it fits."""
        frame, link_id = trip.frame, trip.link_id
        start = self._turn(trip, g_out, trip.out, trip.v1, apart)
        end = self._turn(trip, g_in, trip.into, trip.v0, apart)
        if start is None or end is None:
            return None
        (out_turn, out_line), (in_turn, in_line) = start, end
        for sign in ((0,) if turn_at is None else (1, -1)):
            if turn_at is None:
                middle = []
            else:
                jog = self._lift_v(frame, turn_at, g_out, g_in, sign, link_id)
                if jog is None:
                    continue
                middle = [(g_out, jog), (g_in, jog)]
            route = self._frame_fits(frame, link_id, [
                (trip.u0, trip.v0), (out_turn, trip.v0), (out_turn, out_line), (g_out, out_line), *middle,
                (g_in, in_line), (in_turn, in_line), (in_turn, trip.v1), (trip.u1, trip.v1)],
                trip.d1, trip.skip0, trip.skip1, apart)
            if route:
                return route
        return None

    # -- the long run along the frame, at v = c -----------------------------------------------

    def _along(self, trip: _Trip) -> list[Point] | None:
        """Out, across to a channel along u at v = c, along it, and in: across into a
        target entered across the frame, or by a last jog onto the line of a target
        facing back."""
        v0, v1 = trip.v0, trip.v1
        _v, first, reach0, a = trip.out
        if trip.e == RIGHT:
            end, anchors = trip.into[3], [v0, v1]

            def cost(c):
                return abs(c - v0) + abs(c - v1)
        else:
            end, anchors, near = trip.u1, [trip.near], trip.near

            def cost(c):
                return abs(c - near)

        for width, shares in TIERS:
            if max(trip.jammed.values(), default=0) >= JAMMED:
                return None
            if trip.e == RIGHT:
                low, high = min(v0, v1) - width, max(v0, v1) + width
            else:
                low, high = sorted((near, near - trip.sign * width))
            route = self._through_channels(trip, True, low, high, a, end, (cost, cost, cost),
                                           anchors, shares, self._along_through)
            if route:
                return route
        return None if trip.e == RIGHT else self._along_around(trip)

    def _along_beyond(self, trip: _Trip) -> list[Point] | None:
        """For ends that face each other along u when every channel nearer failed (all
        their lines taken somewhere along the way): the long run beyond all the cards,
        the nearer side first."""
        v0, v1, a, end = trip.v0, trip.v1, trip.out[3], trip.into[3]

        def cost(c):
            return abs(c - v0) + abs(c - v1)

        for low, high in _beyond(trip.extent[1], trip.extent[3], (v0 + v1) / 2):
            if max(trip.jammed.values(), default=0) >= JAMMED:
                return None
            route = self._through_channels(trip, True, low, high, a, end, (cost, cost, cost), [v0, v1], (),
                                           self._along_through)
            if route:
                return route
        return None

    def _along_around(self, trip: _Trip) -> list[Point] | None:
        """For a target entered across the frame whose lines near it are all taken
        somewhere along the way (a gap up which thousands of long routes run): the long
        run on a free line farther off, between the ends or else beyond all the cards,
        and a jog just before the target onto a line near it. Without this, the search
        took such a link and zig-zagged it between two lines for hundreds of corners."""
        v0, near, sign, a, end = trip.v0, trip.near, trip.sign, trip.out[3], trip.u1

        def upper_cost(c):  # anywhere between the two ends is as short
            return abs(c - v0) + abs(c - near)

        def lower_cost(c):
            return abs(c - near)

        nearby = tuple(sorted((near, near - sign * AROUND_NEAR)))
        wide = (min(v0, near) - AROUND_NEAR, max(v0, near) + AROUND_NEAR)
        for before in AROUND_TURNS:
            turn_at = end - before
            if turn_at <= a + BEND:
                continue
            for upper_range in (wide, *_beyond(trip.extent[1], trip.extent[3], near)):
                if max(trip.jammed.values(), default=0) >= JAMMED:
                    return None
                route = self._dogleg(trip, True, upper_range, nearby, a, turn_at, end, (upper_cost, lower_cost),
                                     [v0, near], self._along_through)
                if route:
                    return route
        return None

    def _along_through(self, trip: _Trip, c_out, c_in, turn_at, apart) -> list[Point] | None:
        """The route along the channel at v = c_out (with a dogleg near u = turn_at
        across to the one at v = c_in, and along that), if it fits."""
        frame, link_id = trip.frame, trip.link_id
        start = self._turn(trip, None, trip.out, c_out, apart)
        if start is None:
            return None
        out_turn = start[0]
        if trip.e == RIGHT:
            end = self._turn(trip, None, trip.into, c_in, apart)
            if end is None:
                return None
            tail = [(end[0], c_in), (end[0], trip.v1), (trip.u1, trip.v1)]
        else:
            tail = [(trip.u1, c_in), (trip.u1, trip.v1)]
        for sign in ((0,) if turn_at is None else (1, -1)):
            if turn_at is None:
                middle = []
            else:
                jog = self._lift_u(frame, turn_at, c_out, c_in, sign, link_id)
                if jog is None:
                    continue
                middle = [(jog, c_out), (jog, c_in)]
            route = self._frame_fits(frame, link_id, [
                (trip.u0, trip.v0), (out_turn, trip.v0), (out_turn, c_out), *middle, *tail],
                trip.d1, trip.skip0, trip.skip1, apart)
            if route:
                return route
        return None

    # -- the ends ---------------------------------------------------------------------------

    def _open_reach(self, trip: _Trip, u, v, sign, skip, limit) -> float:
        """How far a run from (u, v) along sign * u keeps clear of cards and of other
        routes' lines (up to `limit`)."""
        frame = trip.frame
        limit = self._clear_reach(frame, u, v, sign, skip, limit)
        axis, flip = (0 if frame.horizontal_u else 1), frame.flip
        return flip * self._clear_along(axis, v, flip * u, flip * limit, TOUCH, trip.link_id)

    def _turn(self, trip: _Trip, g, end, toward: float, apart) -> tuple[float, float] | None:
        """Where the route turns off an end's line (a u in the end's stretch) and the
        line v the run across from there reaches: with `g` None, straight across to v =
        `toward`; else to the channel at u = g, on the end's own line when g is in its
        stretch, or with a jog along u on a free line near the end's own (rather
        towards `toward`)."""
        v, low, high, best = end
        if g is not None and low <= g <= high:
            return g, v
        if trip.jammed.get(v, 0) >= JAMMED:
            return None
        if g is None:
            lines = [toward]
        else:
            sign = 1 if toward > v else -1

            def cost(line):
                return abs(line - v) + (0.0 if (line - v) * sign >= 0 else SEPARATION)

            lines = next(self._channels(trip.frame, True, v - CELL, v + CELL, best, g, trip.link_id, cost,
                                        [v], (apart,)), (apart, []))[1]
        for line in lines:
            if line == v:
                return best, v
            key = (v, line, apart)
            if key not in trip.turns:
                trip.turns[key] = None
                for _apart, turns in self._channels(trip.frame, False, low, high, v, line, trip.link_id,
                                                    lambda u: abs(u - best), [best], (apart,)):
                    if turns:
                        trip.turns[key] = turns[0]
            if trip.turns[key] is not None:
                return trip.turns[key], line
        trip.jammed[v] = trip.jammed.get(v, 0) + 1
        return None

    # -- channels ---------------------------------------------------------------------------

    def _channels(self, frame: Frame, along_u: bool, low: float, high: float, span_a: float, span_b: float,
                  link_id: str, cost, anchors: list[float], spacings=(SEPARATION, CROWDED), nearest=NEAREST):
        """For each spacing: (it, the CHANNEL_TRIES places `cost` likes best) for a run
        from `span_a` to `span_b` along u (`along_u`) or along v, on a line in
        [low, high] where it keeps clear of cards and that far from other routes;
        frame coordinates. Each free stretch offers the place nearest one of the
        `anchors` (where `cost` bends) that costs least. `nearest`: how many free
        stretches either side of the anchors are weighed (CHANNEL_TRIES is enough when
        the cost only grows with the distance from one anchor)."""
        flip = frame.flip
        if along_u:  # a run along u lies at a v, which is a scene coordinate as it is
            vertical, scale = not frame.horizontal_u, 1
            span_low, span_high = sorted((flip * span_a, flip * span_b))
        else:
            vertical, scale = frame.horizontal_u, flip
            span_low, span_high = sorted((span_a, span_b))
        scene_low, scene_high = sorted((scale * low, scale * high))
        marks = [scale * anchor for anchor in anchors]
        hull_low, hull_high = min(marks), max(marks)
        # The anchors' hull, moved into the range when it lies beyond: windows grow from it.
        centre_low = min(max(hull_low, scene_low), scene_high)
        centre_high = min(max(hull_high, scene_low), scene_high)
        for apart in spacings:
            below = above = WINDOW  # how far the window reaches past the hull, either side
            while True:
                window_low, window_high = max(scene_low, centre_low - below), min(scene_high, centre_high + above)
                free, stretches = self._window(vertical, window_low, window_high, span_low, span_high, link_id,
                                               apart)
                whole_low, whole_high = window_low == scene_low, window_high == scene_high
                if whole_low and whole_high and not free:
                    return
                # the stretches nearest the anchors: those farther off cost more
                middle = bisect_left(stretches, (hull_low,))
                last = bisect_right(stretches, (hull_high, math.inf))
                # A window's first and last stretches may go on beyond it; the rest are
                # the range's own. Wide enough when those nearest lie among the rest:
                # a side that has them stays put while the other grows.
                wide_below = whole_low or middle - nearest >= 1
                wide_above = whole_high or len(stretches) - last >= nearest + 1
                if wide_below and wide_above:
                    break
                if not wide_below:
                    below *= 4
                if not wide_above:
                    above *= 4
            weighed = []  # (cost, place) of each stretch's best place, in the stretches' order
            for start, end in stretches[max(0, middle - nearest):last + nearest]:
                # each anchor's nearest place in the stretch, once; a stretch beside
                # every anchor (most) offers its near end for all of them
                if start >= hull_high:
                    place = scale * start
                    weighed.append((cost(place), place))
                elif end <= hull_low:
                    place = scale * end
                    weighed.append((cost(place), place))
                else:
                    best = None
                    for candidate in dict.fromkeys(min(max(mark, start), end) for mark in marks):
                        place = scale * candidate
                        value = cost(place)
                        if best is None or value < best[0]:
                            best = (value, place)
                    weighed.append(best)
            weighed.sort(key=itemgetter(0))
            yield apart, [place for _value, place in weighed[:CHANNEL_TRIES]]

    def _window(self, vertical: bool, low: float, high: float, span_low: float, span_high: float, link_id: str,
                apart: float) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
        """Of the lines in [low, high] (x for a `vertical` run) for a run from
        `span_low` to `span_high`: the stretches clear of cards, and those that stay
        free once other routes' lines are kept `apart` from, sorted. Kept while one
        link's route is sought: its tiers, doglegs and turns look at the same windows
        again and again."""
        seen = self._spans if self._spans is not None else _Seen()  # (None: asked afresh)
        windows = seen.windows
        key = (vertical, low, high, span_low, span_high)
        window = windows.get(key)
        if window is None:
            cards, lines = self._span_across(vertical, low, high, span_low, span_high, link_id)
            window = windows[key] = (_uncovered(low, high, cards), lines, {})
        free, lines, stretches_by_apart = window
        stretches = stretches_by_apart.get(apart)
        if stretches is None:
            # what stays free of the stretches clear of cards, once the other
            # routes' lines are kept `apart` from; a stretch a smaller window or
            # another tier had too is taken as it was (see _apart_from)
            known = seen.stretches.setdefault((vertical, span_low, span_high, apart), {})
            stretches = stretches_by_apart[apart] = _apart_from(free, lines, apart, known)
        return free, stretches

    def _span_across(self, vertical: bool, low: float, high: float, span_low: float, span_high: float,
                     link_id: str) -> tuple[list[tuple[float, float]], list[float]]:
        """What a run from `span_low` to `span_high` on a line in [low, high] meets (x
        for a `vertical` run): the stretches cards rule out (see _ruled_out) and, sorted,
        the lines of other routes within SEPARATION (see _runs_meeting); perhaps more of
        each beyond [low, high]. While one link's channel route is sought nothing is
        placed, and its tiers, doglegs and growing windows ask of the same long span
        again and again: what a span meets is kept (in `_spans`) for each range asked,
        and a range reaching beyond one it overlaps asks only for what lies beyond
        (a tall span's question costs as much as its range is wide: the cards are
        asked strip by strip and the lines line by line, and what a range meets is
        what its parts meet). A range far off (beyond all the cards) is kept apart:
        asking for everything between would cost as much as it is wide."""
        key = (vertical, span_low, span_high)
        known = self._spans.spans.setdefault(key, []) if self._spans is not None else []
        for index, (known_low, known_high, cards, lines) in enumerate(known):
            if known_low <= low and high <= known_high:
                return cards, lines
            if known_low <= high and low <= known_high:  # overlapping: ask only for what lies beyond it
                cards, lines = list(cards), list(lines)
                for part_low, part_high in ((low, known_low), (known_high, high)):
                    if part_low < part_high:
                        part_cards = self._ruled_out(vertical, part_low, part_high, span_low, span_high)
                        cards += part_cards
                        lines += self._lines_beside(vertical, part_low, part_high, part_cards, span_low, span_high,
                                                    link_id)
                lines.sort()  # (a line near where the parts meet twice: it takes nothing more)
                known[index] = (min(low, known_low), max(high, known_high), cards, lines)
                return cards, lines
        cards = self._ruled_out(vertical, low, high, span_low, span_high)
        lines = sorted(self._lines_beside(vertical, low, high, cards, span_low, span_high, link_id))
        known.append((low, high, cards, lines))
        return cards, lines

    def _lines_beside(self, vertical, low, high, cards, span_low, span_high, link_id) -> set[float]:
        """The lines of other routes within SEPARATION of the stretches of [low, high]
        that `cards` (see _ruled_out) leave free. A line farther inside a card's
        stretch rules out nothing more: in a long span's range, the short routes
        between the rows of each column of cards lie there."""
        return self._runs_meeting(1 if vertical else 0, _uncovered(low, high, cards), span_low, span_high,
                                  SEPARATION, link_id)


def _beyond(low: float, high: float, middle: float) -> list[tuple[float, float]]:
    """The ranges just beyond all the cards (which lie from `low` to `high` across a long
    run), the one nearer `middle` first."""
    ranges = [(low - CLEARANCE - OUTSIDE, low - CLEARANCE), (high + CLEARANCE, high + CLEARANCE + OUTSIDE)]
    return sorted(ranges, key=lambda stretch: abs((stretch[0] + stretch[1]) / 2 - middle))


def _places_for(channels, apart: float) -> list[float]:
    """The places a _channels generator offers at this spacing (it yields one spacing
    after another: those before are passed over), or none."""
    for spacing, places in channels:
        if spacing == apart:
            return places
    return []


def _apart_from(free: list[tuple[float, float]], lines: list[float], apart: float,
                known: dict | None = None) -> list[tuple[float, float]]:
    """The closed stretches of the closed stretches `free` (sorted, apart) not nearer
    than `apart` to a line (sorted): for each, _uncovered of the lines' open
    intervals, taken in their order. One call a window, not one a stretch: a tall
    window has dozens of them, and this runs for every window a long link asks.

    What a stretch keeps depends only on the lines in the open interval `apart`
    beyond it either side (a line exactly `apart` off takes nothing from it), and
    every window holding the stretch has the same lines there (the lines of a range
    are those within SEPARATION >= apart of it): `known` keeps each stretch's answer
    for the windows of one span, which grow and come back (tiers) while a link's
    route is sought. A crowded gap has hundreds of lines to go through."""
    found = []
    for stretch in free:
        kept = known.get(stretch) if known is not None else None
        if kept is None:
            kept = []
            append = kept.append
            low, high = stretch
            start = low
            # a line an `apart` or more before the stretch takes nothing from it
            for index in range(bisect_right(lines, low - apart - 1), len(lines)):
                at = lines[index]
                taken_low = at - apart
                if taken_low > high:
                    break
                if taken_low >= start:
                    append((start, taken_low))
                taken_high = at + apart
                if taken_high > start:
                    start = taken_high
            if start <= high:
                append((start, high))
            if known is not None:
                known[stretch] = kept
        found += kept
    return found


def _uncovered(low: float, high: float, taken: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The closed stretches of [low, high] outside the open intervals `taken`."""
    taken = sorted(taken)
    free, start = [], low
    for taken_low, taken_high in taken:
        if taken_low > high:
            break
        if taken_low >= start:
            free.append((start, taken_low))
        if taken_high > start:
            start = taken_high
    if start <= high:
        free.append((start, high))
    return free
