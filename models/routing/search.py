"""The Router's search, for links the usual shapes cannot route: A* over a sparse
orthogonal visibility graph (lines a clearance outside the cards near the two ends,
the middles of the gaps, the port lines), in a window that grows while the search runs
into its edge, then with more lines, then allowed to run over other routes (ripped up
and routed again afterwards); a plain route when nothing fits."""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left, bisect_right

from models.routing.cards import _face_distance
from models.routing.constants import (
    BEND, BLOCKED, CLEARANCE, DOWN, DX, DY, EPS, FAR_LINK, GREED, HARD, LEFT, MAX_NODES, MAX_POPS, MAX_REACH,
    MIN_STUB,
    NEAR_CARD, ON_ROUTE, OPEN_LINES, REACH, RIGHT, RUN_COST, SEPARATION, SHORT, TOUCH, UP, Point,
)
from models.routing.obstacles import _cells
from models.routing.shapes import _tidy, _valid_shape


class Search:
    """A* routes around cards; part of Router (models.routing.router)."""

    def _search_route(self, link_id, p0, d0, p1, d1, s_box, t_box, skip0, skip1, protected):
        """An A* route between the two ports, in a window that grows while the search
        reaches its edge, then with more lines through crowded gaps, then running over
        other routes (not `protected` ones), which it returns to be routed again; a plain
        route when nothing fits (cards that overlap leave no way around)."""
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
            found = self._searches(link_id, p0, d0, p1, d1, first, last, protected)
            used = min(budget, self._far_budget) - self._budget if far else budget - self._budget
            if far:
                self._far_budget -= used
            self._budget = budget - used
            if found is not None:
                return found
        s0 = (p0[0] + DX[d0] * MIN_STUB, p0[1] + DY[d0] * MIN_STUB)
        s1 = (p1[0] + DX[d1] * MIN_STUB, p1[1] + DY[d1] * MIN_STUB)
        return _tidy([p0, s0] + _plain(s0, d0, s1, e) + [s1, p1]), []

    def _searches(self, link_id, p0, d0, p1, d1, first, last, protected):
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
                path, cramped = self._search(link_id, last, first, reach, dense, crossing)
                path = path[::-1] if path is not None else None
            else:
                path, cramped = self._search(link_id, first, last, reach, dense, crossing)
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
        far = self._reach.get((link_id, end), face + MIN_STUB)
        near = face + 2.0
        if far < near:
            near = far = face + (far - face) / 2
        bend = (x + DX[side] * near, y + DY[side] * near)
        if far - face < 0.5 or self._inside_card(bend):
            return None
        return port, side, face, near, far

    def _search(self, link_id, first, last, reach, dense, crossing=None) -> tuple[list[Point] | None, bool]:
        """A* over the orthogonal visibility graph of the cards within `reach` of the
        two ends: states are (crossing, heading), costs length plus bends plus runs
        near cards or alongside other routes; no run through a card or on another
        route's line, unless `crossing` is a set of links (then runs along the lines of
        other links' routes cost CROSSING a pixel). A route may leave its port's line (and come onto the other's)
        anywhere in the stretch reserved for it, best MIN_STUB or more from the card.
        Returns the corners from that first bend to the last (or None) and whether
        the search reached the window's edge; `dense` lays more lines through gaps."""
        (p0, d0, face0, near0, far0), (p1, d1, face1, near1, far1) = first, last
        e = (d1 + 2) % 4
        aim0 = min(max(face0 + MIN_STUB, near0), far0)
        aim1 = min(max(face1 + MIN_STUB, near1), far1)
        s0 = (p0[0] + DX[d0] * aim0, p0[1] + DY[d0] * aim0)
        s1 = (p1[0] + DX[d1] * aim1, p1[1] + DY[d1] * aim1)
        x_lo, x_hi = min(s0[0], s1[0]) - reach, max(s0[0], s1[0]) + reach
        y_lo, y_hi = min(s0[1], s1[1]) - reach, max(s0[1], s1[1]) + reach
        boxes: dict[str, tuple] = {}
        for key in _cells(x_lo, y_lo, x_hi, y_hi):
            for entry in self._cells.get(key, ()):
                boxes[entry[0]] = entry
        obstacles = sorted(boxes.values())
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
        for _id, left, top, right, bottom in obstacles:
            for grow, level in ((CLEARANCE, NEAR_CARD), (HARD, BLOCKED)):
                l, t, r, b = left - grow, top - grow, right + grow, bottom + grow
                _mark(h_cost, xs, ys, nx - 1, l, t, r, b, level)
                _mark(v_cost, ys, xs, ny - 1, t, l, b, r, level)
        for axis, entry in self._runs_in(x_lo, y_lo, x_hi, y_hi):
            at, low, high, owner, stub = entry
            if owner == link_id:
                continue
            rigid = crossing is None or stub or owner in crossing
            fixed, along = (ys, xs) if axis == 0 else (xs, ys)
            costs, stride = (h_cost, nx - 1) if axis == 0 else (v_cost, ny - 1)
            line_lo = bisect_left(fixed, at - SEPARATION + EPS)
            line_hi = bisect_right(fixed, at + SEPARATION - EPS)
            if line_lo >= line_hi:
                continue
            i_lo = max(bisect_right(along, low - 1) - 1, 0)
            i_hi = min(bisect_left(along, high + 1), len(along) - 1)
            if i_lo >= i_hi:
                continue
            for line in range(line_lo, line_hi):
                level = (BLOCKED if rigid else ON_ROUTE) if abs(fixed[line] - at) < TOUCH else NEAR_CARD
                start, stop = line * stride + i_lo, line * stride + i_hi
                costs[start:stop] = costs[start:stop].translate(_RAISE[level])
        starts = self._line_nodes(xs, ys, first)
        goals = dict(self._line_nodes(xs, ys, last))
        if not starts or not goals:
            return None, False
        gx, gy = s1
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
        pop, push = heapq.heappop, heapq.heappush
        steps = min(MAX_POPS, self._budget)
        while heap:
            steps -= 1
            if steps < 0:
                break
            f, h, _n, state = pop(heap)
            if state == goal_state:
                done = parent[goal_state]
                break
            node, heading = divmod(state, 4)
            g = best[state]
            if f - h > g + EPS:
                continue  # reached more cheaply since
            extra = goals.get(node)
            if extra is not None and heading != back:
                total = g + extra + (0.0 if heading == e else BEND)
                if total < best.get(goal_state, math.inf):
                    best[goal_state] = total
                    parent[goal_state] = state
                    counter += 1
                    push(heap, (total, 0.0, counter, goal_state))
            i, j = node % nx, node // nx
            if i == 0 or j == 0 or i == nx - 1 or j == ny - 1:
                cramped = True
            for direction in range(4):
                if direction == (heading + 2) % 4:
                    continue
                if direction == RIGHT:
                    if i + 1 >= nx:
                        continue
                    level = h_cost[j * (nx - 1) + i]
                    nxt, length = node + 1, xs[i + 1] - xs[i]
                elif direction == LEFT:
                    if i == 0:
                        continue
                    level = h_cost[j * (nx - 1) + i - 1]
                    nxt, length = node - 1, xs[i] - xs[i - 1]
                elif direction == DOWN:
                    if j + 1 >= ny:
                        continue
                    level = v_cost[i * (ny - 1) + j]
                    nxt, length = node + nx, ys[j + 1] - ys[j]
                else:
                    if j == 0:
                        continue
                    level = v_cost[i * (ny - 1) + j - 1]
                    nxt, length = node - nx, ys[j] - ys[j - 1]
                if level == BLOCKED:
                    continue
                cost = g + length * RUN_COST[level] + (BEND if direction != heading else 0.0)
                new_state = nxt * 4 + direction
                if cost < best.get(new_state, math.inf) - EPS:
                    best[new_state] = cost
                    parent[new_state] = state
                    counter += 1
                    estimate = GREED * _estimate(gx - xs[nxt % nx], gy - ys[nxt // nx], direction, e)
                    push(heap, (cost + estimate, estimate, counter, new_state))
        self._budget -= min(MAX_POPS, self._budget) - max(steps, 0)
        if done is None:
            return None, cramped
        path = []
        state = done
        while True:
            node = state // 4
            path.append((xs[node % nx], ys[node // nx]))
            if state in start_states and state not in parent:
                break
            state = parent[state]
        path.reverse()
        return path, cramped

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
# stretch of edges at C speed, where a loop over them was most of a search's time.
_RAISE = tuple(bytes(max(value, level) for value in range(256)) for level in range(BLOCKED + 1))


def _mark(costs: bytearray, along: list[float], across: list[float], stride: int,
          a0: float, c0: float, a1: float, c1: float, level: int) -> None:
    """Raise to `level` the edges along lines of `across` strictly inside (c0, c1) whose
    span meets the open interval (a0, a1)."""
    first = bisect_right(across, c0 + EPS)
    last = bisect_left(across, c1 - EPS)
    if first >= last:
        return
    i_lo = max(bisect_right(along, a0 + EPS) - 1, 0)
    i_hi = min(bisect_left(along, a1 - EPS), len(along) - 1)
    if i_lo >= i_hi:
        return
    table = _RAISE[level]
    # a rectangle of edges: a slice a line, or a strided slice a column, the fewer
    if last - first <= i_hi - i_lo:
        for base in range(first * stride, last * stride, stride):
            costs[base + i_lo:base + i_hi] = costs[base + i_lo:base + i_hi].translate(table)
    else:
        end = (last - 1) * stride + 1
        for i in range(i_lo, i_hi):
            costs[first * stride + i:end + i:stride] = costs[first * stride + i:end + i:stride].translate(table)


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
    ahead = dx * DX[heading] + dy * DY[heading]
    lateral = abs(dx * DY[heading] - dy * DX[heading])
    if heading == final:
        if lateral < EPS:
            bends = 0 if ahead > 0 else 4
        else:
            bends = 2 if ahead > EPS else 4
    elif heading == (final + 2) % 4:
        bends = 2 if lateral > EPS else 4
    else:
        bends = 1 if ahead > -EPS and dx * DX[final] + dy * DY[final] > EPS else 3
    return distance + bends * BEND
