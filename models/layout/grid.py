"""From columns and an order to coordinates: the grid both layout engines share.

A column holds every card of one rank, across all lanes; within a lane, the cards of one
column stack in rows. Cards are centred in their column and in their row, so a handoff
between neighbours in one row is a straight horizontal line.
"""

from __future__ import annotations

from collections.abc import Callable

from models.geometry import CARD_SIZES
from models.layout.cancel import check_cancelled
from models.layout.graph import LayoutGraph

LEFT = 20.0  # x of the first column, from the lane's left content edge
TOP = 8.0  # y of the first row, from the top of the lane
WIDEST = max(width for width, _ in CARD_SIZES.values())
COLUMN_GAP = 80.0  # room for the arrows between two columns
COLUMN_PITCH = WIDEST + COLUMN_GAP
ROW_GAP = 24.0  # between two cards stacked in one lane


def place_in_grid(
    graph: LayoutGraph,
    columns: list[int],
    order: list[int],
    predecessors: list[list[int]],
    cancelled: Callable[[], bool] | None = None,
) -> list[tuple[float, float]]:
    """The top-left corner of every card, rounded to 2 decimals.

    `columns[node]` is the node's column, `order[node]` sorts it among the cards of its
    lane and column (top first), and `predecessors` are those of the acyclic graph, so
    every predecessor lies in an earlier column.
    """
    rows = _rows(graph, columns, order, predecessors, cancelled)
    row_height = _row_heights(graph)
    placed = []
    for node, (width, height) in enumerate(graph.sizes):
        lane_row = row_height[graph.lanes[node]]
        x = LEFT + columns[node] * COLUMN_PITCH + (WIDEST - width) / 2
        y = TOP + rows[node] * (lane_row + ROW_GAP) + (lane_row - height) / 2
        placed.append((round(x, 2), round(y, 2)))
    return placed


def _rows(graph, columns, order, predecessors, cancelled) -> list[int]:
    """The row of every card within its lane.

    Column by column, the cards of one lane take rows in their order. A card wants the
    row of its predecessors in the same lane (the median one), so a run of handoffs
    within a lane stays on one straight line; it settles for the next free row below.
    """
    lanes = graph.lanes
    by_place = sorted(
        range(len(graph)), key=lambda node: (columns[node], lanes[node], order[node], node)
    )
    rows = [0] * len(graph)
    last_group, previous_row = None, -1
    for node in by_place:
        group = (columns[node], lanes[node])
        if group != last_group:
            if last_group is None or group[0] != last_group[0]:
                check_cancelled(cancelled)
            last_group, previous_row = group, -1
        same_lane = sorted(
            rows[other] for other in predecessors[node] if lanes[other] == lanes[node]
        )
        wanted = same_lane[(len(same_lane) - 1) // 2] if same_lane else 0
        rows[node] = previous_row = max(previous_row + 1, wanted)
    return rows


def _row_heights(graph: LayoutGraph) -> dict[int, float]:
    """The height of a row in each lane: its tallest card, so short lanes stay short."""
    heights: dict[int, float] = {}
    for lane, (_, height) in zip(graph.lanes, graph.sizes):
        heights[lane] = max(heights.get(lane, 0.0), height)
    return heights
