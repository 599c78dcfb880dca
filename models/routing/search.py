"""The Router's search, for links the usual shapes cannot route: A* over a sparse
orthogonal visibility graph (lines a clearance outside the cards near the two ends,
the middles of the gaps, the port lines), in a window that grows while the search runs
into its edge, then with more lines, then allowed to run over other routes (ripped up
and routed again afterwards); then a long run in legs (legs.py), its ends bridged by
small searches when their own turns find no way; a plain route when nothing fits.

The search of a link whose ends lie far apart can take a hundred thousand steps (a
third of a second): it yields every SEARCH_STEP of them, so that a caller spreading a
routing pass over turns of an event loop (the canvas) is not held by one link.
`_search` does a search at once (to mend a route, repair.py)."""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left, bisect_right
from collections.abc import Generator

from models.routing.cards import _face_distance
from models.routing.constants import (
    BEND, BLOCKED, CLEARANCE, DOWN, DX, DY, EPS, FAR_LINK, GREED, HARD, LEFT, MAX_NODES, MAX_POPS, MAX_REACH,
    MIN_STUB,
    NEAR_CARD, ON_ROUTE, OPEN_LINES, REACH, RIGHT, RUN_COST, SEPARATION, SHORT, TOUCH, UP, Point,
)
from models.routing.shapes import _tidy, _valid_shape
from models.steps import at_once

BRIDGE_REACH = 4 * REACH  # how far around a bridge (see _bridge_search) its window grows at most
SEARCH_STEP = 4096  # A* steps between two yields: about 10 ms
_STEP_MASK = SEARCH_STEP - 1  # (a power of two: the test on every step is one "and")


class Search:
    """A* routes around cards; part of Router (models.routing.router)."""

    def _searching_route(self, link_id, p0, d0, p1, d1, s_box, t_box, skip0, skip1,
                         protected) -> Generator[None, None, tuple[list[Point], list[str]]]:
        """An A* route between the two ports, in a window that grows while the search
        reaches its edge, then with more lines through crowded gaps, then running over
        other routes (not `protected` ones), which it returns to be routed again; else
        a long run in legs (legs.py, for a link too long to search); a plain route when
        nothing fits (cards that overlap leave no way around)."""
        first = self._port_line(link_id, 0, p0, d0, s_box, skip0)
        last = self._port_line(link_id, 1, p1, d1, t_box, skip1)
        e = (d1 + 2) % 4
        if first is not None and last is not None:
            # A link whose ends lie far apart searches a window as large: its searches
            # share a smaller budget of their own (the channels, channels.py, route
            # nearly all of them; these are the few the gaps have no room left for).
            far = abs(p1[0] - p0[0]) + abs(p1[1] - p0[1]) > FAR_LINK
            budget = self._budget
            if far:
                self._budget = min(budget, self._far_budget)
            found = yield from self._searching_windows(link_id, p0, d0, p1, d1, first, last, protected)
            used = min(budget, self._far_budget) - self._budget if far else budget - self._budget
            if far:
                self._far_budget -= used
            self._budget = budget - used
            if found is not None:
                return found
        route = self._channel_route(link_id, p0, d0, p1, d1, s_box, t_box, skip0, skip1, in_legs=True)
        if route is not None:  # a long link in a gap too full for one line, too tall to search
            return route, []
        s0 = (p0[0] + DX[d0] * MIN_STUB, p0[1] + DY[d0] * MIN_STUB)
        s1 = (p1[0] + DX[d1] * MIN_STUB, p1[1] + DY[d1] * MIN_STUB)
        return _tidy([p0, s0] + _plain(s0, d0, s1, e) + [s1, p1]), []

    def _searching_windows(self, link_id, p0, d0, p1, d1, first, last, protected):
        """Search while the budget lasts: the window grows while the search runs into
        its edge; then more lines, then over other routes, then both. (route,
        victims), or None."""
        link = self.links[link_id]
        backwards = self._count[link.target][d1] > self._count[link.source][d0]
        reach, modes = REACH, [(True, None), (False, protected), (True, protected)]
        dense, crossing = False, None
        for _ in range(10):
            if self._budget <= 0:
                break
            # from the more crowded end: its few ways in are found first
            if backwards:
                path, cramped = yield from self._searching(link_id, last, first, reach, dense, crossing)
                path = path[::-1] if path is not None else None
            else:
                path, cramped = yield from self._searching(link_id, first, last, reach, dense, crossing)
            if path is not None:
                route = _tidy([p0] + path + [p1])
                if _valid_shape(route, d0, d1):
                    victims = self._crossed(link_id, route) if crossing is not None else []
                    return route, victims
            if cramped and reach < MAX_REACH:
                reach *= 4
            elif modes:
                dense, crossing = modes.pop(0)
            else:
                break
        return None

    def _crossed(self, link_id: str, route: list[Point]) -> list[str]:
        """The routed links that run along this route's lines."""
        found: dict[str, None] = {}
        for (x0, y0), (x1, y1) in zip(route, route[1:]):
            if y0 == y1:
                owners = self._sharing(0, y0, min(x0, x1), max(x0, x1), TOUCH, link_id)
            else:
                owners = self._sharing(1, x0, min(y0, y1), max(y0, y1), TOUCH, link_id)
            for owner in owners:
                if owner in self.routes:
                    found[owner] = None
        return list(found)

    def _port_line(self, link_id, end, port, side, box, skip):
        """Where on its port's line a route may bend: (port, side, distance of the face,
        nearest and farthest distance from the port), or None when a card sits flush in
        front of the port."""
        x, y = port
        face = _face_distance(box, side, x, y)
        far = self._reserved(link_id, end)
        if far is None:
            far = face + MIN_STUB
        near = face + 2.0
        if far < near:
            near = far = face + (far - face) / 2
        bend = (x + DX[side] * near, y + DY[side] * near)
        if far - face < 0.5 or self._inside_card(bend):
            return None
        return port, side, face, near, far

    def _bridge_search(self, link_id, first, last) -> list[Point] | None:
        """The corners of a searched way between two ends near each other (a bridge from
        a port onto a long run, legs.py), without running over other routes: its
        window grows while the search reaches its edge, then it tries more lines."""
        if first is None or last is None:
            return None
        for dense in (False, True):
            reach = REACH
            while True:
                path, cramped = self._search(link_id, first, last, reach, dense)
                if path is not None:
                    return path
                if not cramped or reach >= BRIDGE_REACH:
                    break
                reach *= 4
        return None

    def _search(self, link_id, first, last, reach, dense, crossing=None) -> tuple[list[Point] | None, bool]:
        """_searching at once."""
        return at_once(self._searching(link_id, first, last, reach, dense, crossing))

    def _searching(self, link_id, first, last, reach, dense,
                   crossing=None) -> Generator[None, None, tuple[list[Point] | None, bool]]:
        """A* over the orthogonal visibility graph of the cards within `reach` of the
        two ends: states are (crossing, heading), costs length plus bends plus runs
        near cards or alongside other routes; no run through a card or on another
        route's line, unless `crossing` is a set of links (then runs along the lines of
        other links' routes cost CROSSING a pixel). A route may leave its port's line (and come onto the other's)
        anywhere in the stretch reserved for it, best MIN_STUB or more from the card.
        Returns the corners from that first bend to the last (or None) and whether
        the search reached the window's edge; `dense` lays more lines through gaps."""
        (p0, d0, face0, near0, far0), (p1, d1, face1, near1, far1) = first, last
        aim0 = min(max(face0 + MIN_STUB, near0), far0)
        aim1 = min(max(face1 + MIN_STUB, near1), far1)
        s0 = (p0[0] + DX[d0] * aim0, p0[1] + DY[d0] * aim0)
        s1 = (p1[0] + DX[d1] * aim1, p1[1] + DY[d1] * aim1)
        x_lo, x_hi = min(s0[0], s1[0]) - reach, max(s0[0], s1[0]) + reach
        y_lo, y_hi = min(s0[1], s1[1]) - reach, max(s0[1], s1[1]) + reach
        obstacles = self._cards_in(x_lo, y_lo, x_hi, y_hi)
        fixed_x, fixed_y = [s0[0], s1[0]], [s0[1], s1[1]]
        for (px, py), d, face, near, far in (first, last):
            steps = [near, far] + [value for value in (face + MIN_STUB, face + CLEARANCE) if near < value < far]
            if d in (RIGHT, LEFT):
                fixed_x.extend(px + DX[d] * step for step in steps)
            else:
                fixed_y.extend(py + DY[d] * step for step in steps)
        xs = _lines([(entry[1], entry[3]) for entry in obstacles], fixed_x, x_lo, x_hi, dense)
        ys = _lines([(entry[2], entry[4]) for entry in obstacles], fixed_y, y_lo, y_hi, dense)
        nx, ny = len(xs), len(ys)
        if nx * ny > MAX_NODES:
            return None, False
        # what each edge runs through: free, near a card or route, on a route, blocked
        h_cost = bytearray((nx - 1) * ny)  # edge (i, j) -> (i + 1, j): index j * (nx - 1) + i
        v_cost = bytearray(nx * (ny - 1))  # edge (i, j) -> (i, j + 1): index i * (ny - 1) + j
        _mark_cards(h_cost, v_cost, xs, ys, obstacles)
        self._mark_runs(h_cost, v_cost, xs, ys, link_id, crossing, x_lo, y_lo, x_hi, y_hi)
        starts = self._line_nodes(xs, ys, first)
        goals = dict(self._line_nodes(xs, ys, last))
        if not starts or not goals:
            return None, False
        steps = min(MAX_POPS, self._budget)
        path, cramped, left = yield from _astar(xs, ys, h_cost, v_cost, starts, d0, goals, (d1 + 2) % 4, s1, steps)
        self._budget -= steps - max(left, 0)
        return path, cramped

    def _mark_runs(self, h_cost, v_cost, xs, ys, link_id, crossing, x_lo, y_lo, x_hi, y_hi) -> None:
        """Raise the edges on (or a separation from) other links' runs and stubs: blocked
        on their lines (ON_ROUTE when `crossing` lets the search run over that link's
        route), NEAR_CARD beside them."""
        nx, ny = len(xs), len(ys)
        by_axis = ((ys, xs, h_cost, nx - 1), (xs, ys, v_cost, ny - 1))
        on_line = _RAISE[BLOCKED if crossing is None else ON_ROUTE]
        blocked, near = _RAISE[BLOCKED], _RAISE[NEAR_CARD]
        for at, low, high, owner, stub, axis in self._runs_in(x_lo, y_lo, x_hi, y_hi):
            if owner == link_id:
                continue
            fixed, along, costs, stride = by_axis[axis]
            line_lo = bisect_left(fixed, at - SEPARATION + EPS)
            line_hi = bisect_right(fixed, at + SEPARATION - EPS)
            if line_lo >= line_hi:
                continue
            i_lo = max(bisect_right(along, low - 1) - 1, 0)
            i_hi = min(bisect_left(along, high + 1), len(along) - 1)
            if i_lo >= i_hi:
                continue
            table = blocked if stub or (crossing is not None and owner in crossing) else on_line
            for line in range(line_lo, line_hi):
                start = line * stride
                stop = start + i_hi
                start += i_lo
                costs[start:stop] = costs[start:stop].translate(table if abs(fixed[line] - at) < TOUCH else near)

    def _line_nodes(self, xs, ys, end) -> list[tuple[int, float]]:
        """The crossings on a port's line where the route may bend, each with the cost
        of the run between it and the port (more when nearer than MIN_STUB)."""
        (px, py), side, face, near, far = end
        found = []
        if side in (RIGHT, LEFT):
            j = bisect_left(ys, py)
            if j == len(ys) or ys[j] != py:
                return found
            low, high = sorted((px + DX[side] * near, px + DX[side] * far))
            for i in range(bisect_left(xs, low - EPS), bisect_right(xs, high + EPS)):
                found.append((i, j, abs(xs[i] - px)))
        else:
            i = bisect_left(xs, px)
            if i == len(xs) or xs[i] != px:
                return found
            low, high = sorted((py + DY[side] * near, py + DY[side] * far))
            for j in range(bisect_left(ys, low - EPS), bisect_right(ys, high + EPS)):
                found.append((i, j, abs(ys[j] - py)))
        nx = len(xs)
        return [(j * nx + i, run + max(0.0, face + MIN_STUB - run) * SHORT) for i, j, run in found]


# -- the search itself ---------------------------------------------------------------------


def _astar(xs, ys, h_cost, v_cost, starts, d0, goals, e, goal, steps):
    """A* from the `starts` (nodes heading d0, each with its cost so far) to the
    `goals` (nodes with the cost still to go, reached heading e), trusting the
    estimate GREED times over, for at most `steps` pops, yielding every SEARCH_STEP of
    them. Returns (the path's crossings or None, whether it reached the window's edge,
    steps left)."""
    nx, ny = len(xs), len(ys)
    last_i, last_j, h_stride, v_stride = nx - 1, ny - 1, nx - 1, ny - 1
    gx, gy = goal
    # the estimate from a node: its distance (a column's part plus a row's) plus the
    # bends its heading needs, by the offsets' classes (_ESTIMATE_BENDS)
    dx_abs, dx_class = _offsets(gx, xs, 7)
    dy_abs, dy_class = _offsets(gy, ys, 1)
    bends = _ESTIMATE_BENDS[e]
    best: dict[int, float] = {}
    parent: dict[int, int] = {}
    heap = []
    counter = 0
    for node, extra in starts:
        state = node * 4 + d0
        best[state] = extra
        estimate = GREED * _estimate(gx - xs[node % nx], gy - ys[node // nx], d0, e)
        counter += 1
        heap.append((extra + estimate, estimate, counter, state))
    heapq.heapify(heap)
    start_states = {node * 4 + d0 for node, _extra in starts}
    cramped = False
    done = None
    goal_state = -1
    back = (e + 2) % 4
    pop, push, best_get, inf = heapq.heappop, heapq.heappush, best.get, math.inf
    per_pixel = RUN_COST  # by edge level
    while heap:
        steps -= 1
        if steps < 0:
            break
        if not steps & _STEP_MASK:
            yield
        f, h, _n, state = pop(heap)
        if state == goal_state:
            done = parent[goal_state]
            break
        g = best[state]
        if f - h > g + EPS:
            continue  # reached more cheaply since
        node, heading = state >> 2, state & 3
        extra = goals.get(node)
        if extra is not None and heading != back:
            total = g + extra + (0.0 if heading == e else BEND)
            if total < best_get(goal_state, inf):
                best[goal_state] = total
                parent[goal_state] = state
                counter += 1
                push(heap, (total, 0.0, counter, goal_state))
        j, i = divmod(node, nx)
        if i == 0 or j == 0 or i == last_i or j == last_j:
            cramped = True
        # the four ways on, in the order RIGHT, DOWN, LEFT, UP (never straight back),
        # written out, as a loop over the directions was a sixth slower
        if heading != LEFT and i < last_i:
            level = h_cost[j * h_stride + i]
            if level != BLOCKED:
                cost = g + (xs[i + 1] - xs[i]) * per_pixel[level] + (0.0 if heading == RIGHT else BEND)
                new_state = (node + 1) * 4 + RIGHT
                if cost < best_get(new_state, inf) - EPS:
                    best[new_state] = cost
                    parent[new_state] = state
                    counter += 1
                    turn = bends[RIGHT][dx_class[i + 1] + dy_class[j]]
                    if turn is None:
                        estimate = GREED * _estimate(gx - xs[i + 1], gy - ys[j], RIGHT, e)
                    else:
                        estimate = GREED * (dx_abs[i + 1] + dy_abs[j] + turn)
                    push(heap, (cost + estimate, estimate, counter, new_state))
        if heading != UP and j < last_j:
            level = v_cost[i * v_stride + j]
            if level != BLOCKED:
                cost = g + (ys[j + 1] - ys[j]) * per_pixel[level] + (0.0 if heading == DOWN else BEND)
                new_state = (node + nx) * 4 + DOWN
                if cost < best_get(new_state, inf) - EPS:
                    best[new_state] = cost
                    parent[new_state] = state
                    counter += 1
                    turn = bends[DOWN][dx_class[i] + dy_class[j + 1]]
                    if turn is None:
                        estimate = GREED * _estimate(gx - xs[i], gy - ys[j + 1], DOWN, e)
                    else:
                        estimate = GREED * (dx_abs[i] + dy_abs[j + 1] + turn)
                    push(heap, (cost + estimate, estimate, counter, new_state))
        if heading != RIGHT and i > 0:
            level = h_cost[j * h_stride + i - 1]
            if level != BLOCKED:
                cost = g + (xs[i] - xs[i - 1]) * per_pixel[level] + (0.0 if heading == LEFT else BEND)
                new_state = (node - 1) * 4 + LEFT
                if cost < best_get(new_state, inf) - EPS:
                    best[new_state] = cost
                    parent[new_state] = state
                    counter += 1
                    turn = bends[LEFT][dx_class[i - 1] + dy_class[j]]
                    if turn is None:
                        estimate = GREED * _estimate(gx - xs[i - 1], gy - ys[j], LEFT, e)
                    else:
                        estimate = GREED * (dx_abs[i - 1] + dy_abs[j] + turn)
                    push(heap, (cost + estimate, estimate, counter, new_state))
        if heading != DOWN and j > 0:
            level = v_cost[i * v_stride + j - 1]
            if level != BLOCKED:
                cost = g + (ys[j] - ys[j - 1]) * per_pixel[level] + (0.0 if heading == UP else BEND)
                new_state = (node - nx) * 4 + UP
                if cost < best_get(new_state, inf) - EPS:
                    best[new_state] = cost
                    parent[new_state] = state
                    counter += 1
                    turn = bends[UP][dx_class[i] + dy_class[j - 1]]
                    if turn is None:
                        estimate = GREED * _estimate(gx - xs[i], gy - ys[j - 1], UP, e)
                    else:
                        estimate = GREED * (dx_abs[i] + dy_abs[j - 1] + turn)
                    push(heap, (cost + estimate, estimate, counter, new_state))
    if done is None:
        return None, cramped, steps
    path = []
    state = done
    while True:
        node = state // 4
        path.append((xs[node % nx], ys[node // nx]))
        if state in start_states and state not in parent:
            break
        state = parent[state]
    path.reverse()
    return path, cramped, steps


# -- the visibility graph and the estimate ------------------------------------------------


def _lines(spans: list[tuple[float, float]], fixed: list[float], low: float, high: float,
           dense: bool = False) -> list[float]:
    """Candidate lines of the search across one axis: a clearance outside every card,
    the middles of the gaps between cards, the `fixed` ones (the ends' lines) and the
    window's edges; `dense` adds lines a separation further out and either side of the
    middles, and every few pixels across each gap, for routes crowded into it. Lines less than a pixel from a
    fixed one are dropped: they would only make tiny jogs."""
    values = {low, high}
    edges = set()
    for a, b in spans:
        values.add(a - CLEARANCE)
        values.add(b + CLEARANCE)
        if dense:
            values.add(a - CLEARANCE - SEPARATION)
            values.add(b + CLEARANCE + SEPARATION)
        edges.add(a)
        edges.add(b)
    ordered = sorted(edges)
    if ordered:  # lanes for parallel routes in the open beyond the outermost cards
        for step in range(OPEN_LINES * (8 if dense else 1)):
            values.add(ordered[0] - CLEARANCE - step * SEPARATION)
            values.add(ordered[-1] + CLEARANCE + step * SEPARATION)
    for a, b in zip(ordered, ordered[1:]):
        gap = b - a
        if gap > 6.0:
            middle = (a + b) / 2
            values.add(middle)
            if dense and gap >= 2 * SEPARATION + 6.0:
                values.add(middle - SEPARATION)
                values.add(middle + SEPARATION)
            if dense:
                count = min(12, int((gap - 6.0) / (TOUCH + 1.5)))
                for index in range(count):
                    values.add(a + 3.0 + (gap - 6.0) * (index + 0.5) / count)
    keep = sorted(set(fixed))
    lines = []
    for value in sorted(values):
        if low <= value <= high:
            index = bisect_left(keep, value)
            if (index == len(keep) or keep[index] - value >= 1.0) and (index == 0 or value - keep[index - 1] >= 1.0):
                lines.append(value)
    lines.extend(value for value in keep if low <= value <= high)
    lines.sort()
    return lines


# _RAISE[level] maps each edge level v to max(v, level): bytes.translate raises a whole
# stretch of edges at C speed, where an edge-by-edge loop took milliseconds a search.
_RAISE = tuple(bytes(max(value, level) for value in range(256)) for level in range(BLOCKED + 1))


def _mark_cards(h_cost: bytearray, v_cost: bytearray, xs: list[float], ys: list[float], cards) -> None:
    """Raise the edges within CLEARANCE of a card to NEAR_CARD, those within HARD to
    BLOCKED: the edges along lines strictly inside the grown box whose span meets it."""
    last_i, last_j = len(xs) - 1, len(ys) - 1  # also the strides: edges a line
    for _id, left, top, right, bottom in cards:
        for grow, table in ((CLEARANCE, _RAISE[NEAR_CARD]), (HARD, _RAISE[BLOCKED])):
            # the lines strictly inside the box, each way: the same four serve both
            x_first = bisect_right(xs, left - grow + EPS)
            x_last = bisect_left(xs, right + grow - EPS)
            y_first = bisect_right(ys, top - grow + EPS)
            y_last = bisect_left(ys, bottom + grow - EPS)
            _raise_block(h_cost, last_i, y_first, y_last, max(x_first - 1, 0), min(x_last, last_i), table)
            _raise_block(v_cost, last_j, x_first, x_last, max(y_first - 1, 0), min(y_last, last_j), table)


def _raise_block(costs: bytearray, stride: int, first: int, last: int, i_lo: int, i_hi: int, table: bytes) -> None:
    """Map through `table` (one of _RAISE) edges i_lo..i_hi - 1 of lines first..last - 1,
    edge i of line k being costs[k * stride + i]: a slice a line, or a strided slice an
    edge, whichever makes fewer."""
    if first >= last or i_lo >= i_hi:
        return
    if last - first <= i_hi - i_lo:
        for base in range(first * stride, last * stride, stride):
            costs[base + i_lo:base + i_hi] = costs[base + i_lo:base + i_hi].translate(table)
    else:
        span = (last - 1 - first) * stride + 1
        for start in range(first * stride + i_lo, first * stride + i_hi):
            costs[start:start + span:stride] = costs[start:start + span:stride].translate(table)


def _plain(s0: Point, d0: int, s1: Point, e: int) -> list[Point]:
    """Corners of the simplest orthogonal line from s0 (heading d0) to s1 (arriving
    heading e), regardless of what is in the way."""
    (x0, y0), (x1, y1) = s0, s1
    if d0 in (RIGHT, LEFT):
        if e in (RIGHT, LEFT):
            middle = (x0 + x1) / 2
            return [(middle, y0), (middle, y1)]
        return [(x1, y0)]
    if e in (UP, DOWN):
        middle = (y0 + y1) / 2
        return [(x0, middle), (x1, middle)]
    return [(x0, y1)]


def _estimate(dx: float, dy: float, heading: int, final: int) -> float:
    """A lower bound of the cost from a point heading `heading` to a goal (dx, dy) away
    that must be reached heading `final`: the distance plus the bends no route avoids."""
    distance = abs(dx) + abs(dy)
    if distance < EPS:
        return 0.0 if heading == final else BEND
    return distance + _bends(dx, dy, heading, final) * BEND


def _bends(dx: float, dy: float, heading: int, final: int) -> int:
    """The bends no route avoids from a point heading `heading` to a goal (dx, dy) away
    (not within EPS) that must be reached heading `final`."""
    ahead = dx * DX[heading] + dy * DY[heading]
    lateral = abs(dx * DY[heading] - dy * DX[heading])
    if heading == final:
        if lateral < EPS:
            return 0 if ahead > 0 else 4
        return 2 if ahead > EPS else 4
    if heading == (final + 2) % 4:
        return 2 if lateral > EPS else 4
    return 1 if ahead > -EPS and dx * DX[final] + dy * DY[final] > EPS else 3


# _bends compares each offset only with -EPS, 0 and EPS: an offset's class (which of
# the seven stretches and points those make it lie in) settles the answer. The search
# looks the bends' cost up by the classes of a node's column and row: _ESTIMATE_BENDS
# [final][heading][7 * x class + y class], None where both offsets lie within EPS
# (then the distance may be below EPS: _estimate decides).
_CLASS_SAMPLES = (-1.0, -EPS, -EPS / 2, 0.0, EPS / 2, EPS, 1.0)
_ESTIMATE_BENDS = tuple(
    tuple(
        [None if 0 < x_class < 6 and 0 < y_class < 6
         else _bends(_CLASS_SAMPLES[x_class], _CLASS_SAMPLES[y_class], heading, final) * BEND
         for x_class in range(7) for y_class in range(7)]
        for heading in range(4))
    for final in range(4))


def _offset_class(offset: float) -> int:
    """Which of _CLASS_SAMPLES' stretches or points the offset lies in."""
    if offset > EPS:
        return 6
    if offset < -EPS:
        return 0
    if offset == -EPS:
        return 1
    if offset < 0:
        return 2
    if offset == 0:
        return 3
    return 4 if offset < EPS else 5


def _offsets(goal: float, lines: list[float], weight: int) -> tuple[list[float], list[int]]:
    """For each line, how far the goal lies from it (absolute) and that offset's class
    times `weight` (7 for columns, 1 for rows: their sum indexes _ESTIMATE_BENDS)."""
    offsets = [goal - line for line in lines]
    return ([abs(offset) for offset in offsets],
            [weight * (6 if offset > EPS else 0 if offset < -EPS else _offset_class(offset)) for offset in offsets])
