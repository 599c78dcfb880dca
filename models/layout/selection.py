"""Laying out a selection: the selected cards move, every other card stays put."""

from __future__ import annotations

from bisect import bisect_left, insort
from itertools import islice

from models.layout.graph import LayoutGraph
from models.layout.tidy import NEIGHBOUR_GAP

MIN_GAP = 20.0  # two cards closer than this, both across and down, are in each other's way


def settle_selection(
    graph: LayoutGraph,
    laid_out: list[tuple[float, float]],
    selected: list[int],
    predecessors: list[list[int]],
) -> dict[int, tuple[float, float]]:
    """Where each selected card goes: its laid-out place, moved right into free space.

    `laid_out` is the layout of the whole chain; the cards that are not selected keep their
    current positions and are obstacles. Selected cards are settled in flow order, each at
    least as far right as its settled predecessors were moved (`predecessors` are those of
    the acyclic graph), so their left-to-right order survives.
    """
    chosen = set(selected)  # membership only
    obstacles: dict[int, list[tuple[float, float, float, float]]] = {}
    for node in range(len(graph)):
        if node not in chosen:
            x, y = graph.positions[node]
            obstacles.setdefault(graph.lanes[node], []).append((x, y, *graph.sizes[node]))
    for boxes in obstacles.values():
        boxes.sort()
    widest = max((width for width, _ in graph.sizes), default=0.0)

    placed: dict[int, tuple[float, float]] = {}
    moved: dict[int, float] = {}
    flow_order = sorted(
        selected, key=lambda node: (laid_out[node][0], graph.lanes[node], laid_out[node][1], node)
    )
    for node in flow_order:
        x, y = laid_out[node]
        width, height = graph.sizes[node]
        pushed = max((moved[other] for other in predecessors[node] if other in moved), default=0.0)
        boxes = obstacles.setdefault(graph.lanes[node], [])
        new_x = round(free_x(boxes, x + pushed, y, width, height, widest), 2)
        moved[node] = new_x - x
        placed[node] = (new_x, y)
        insort(boxes, (new_x, y, width, height))
    return placed


def free_x(
    boxes: list[tuple[float, float, float, float]],
    x: float,
    y: float,
    width: float,
    height: float,
    widest: float,
) -> float:
    """The least x' >= x where a width x height card at y keeps clear of `boxes`.

    `boxes` (x, y, width, height) are sorted by x, and none is wider than `widest`. A box
    that starts more than widest + NEIGHBOUR_GAP before x ends before x - NEIGHBOUR_GAP
    and cannot be in the way, so the search starts after those.
    """
    start = bisect_left(boxes, (x - widest - NEIGHBOUR_GAP,))
    for box_x, box_y, box_width, box_height in islice(boxes, start, None):
        if box_x - NEIGHBOUR_GAP - width >= x:
            break  # this box, and every later one, starts far enough to the right
        if box_y >= y + height + MIN_GAP or y >= box_y + box_height + MIN_GAP:
            continue  # above or below: not in the way
        x = max(x, box_x + box_width + NEIGHBOUR_GAP)
    return x
