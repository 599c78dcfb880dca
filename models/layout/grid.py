"""From columns and an order to coordinates: the grid both layout engines share.

A column holds every card of one rank, across all lanes, and is as wide as its widest
card; within a lane, the cards of one column stack in rows, and a row is as tall as its
tallest card in any column. Cards are centred in their column and in their row, so a
handoff between neighbours in one row is a straight horizontal line and columns line up
from lane to lane.

The gaps are sized for what the router puts in them: the gap right of a column holds the
widest text (the "passes" pill and branch label) of the handoffs that leave the column,
with LABEL_MARGIN either side, so a pill can sit on the run between two columns without
covering a card; two rows of a lane that a handoff with a text joins are as far apart as
its text is tall, plus LABEL_MARGIN above and below. Every size is found in one pass over
the cards and handoffs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from models.layout.cancel import check_cancelled
from models.layout.graph import LayoutGraph

LEFT = 20.0  # x of the first column, from the lane's left content edge
TOP = 16.0  # y of the first row, from the top of the lane
COLUMN_GAP = 80.0  # the least room for the arrows between two columns
ROW_GAP = 24.0  # the least room between two rows of one lane
LABEL_MARGIN = 20.0  # around a handoff's text in a gap, so it keeps clear of the cards


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
    lefts, widths = column_lefts(graph, columns, predecessors)
    check_cancelled(cancelled)
    tops, heights = _row_tops(graph, rows, predecessors)
    placed = []
    for node, (width, height) in enumerate(graph.sizes):
        column, row = columns[node], (graph.lanes[node], rows[node])
        x = lefts[column] + (widths[column] - width) / 2
        y = tops[row] + (heights[row] - height) / 2
        placed.append((round(x, 2), round(y, 2)))
    return placed


def column_lefts(
    graph: LayoutGraph, columns: list[int], predecessors: list[list[int]]
) -> tuple[list[float], list[float]]:
    """(left edge, width) of every column: as wide as its widest card, and the gap to the
    next one wide enough for the texts of the handoffs that leave it."""
    count = max(columns, default=-1) + 1
    widths = [0.0] * count
    for node, (width, _) in enumerate(graph.sizes):
        if width > widths[columns[node]]:
            widths[columns[node]] = width
    texts = [0.0] * count  # the widest text of a handoff that leaves each column
    if graph.labels:
        for target, sources in enumerate(predecessors):
            for source in sources:
                room = graph.label_room(source, target)
                if room is not None and room[0] > texts[columns[source]]:
                    texts[columns[source]] = room[0]
    lefts, x = [], LEFT
    for column in range(count):
        lefts.append(x)
        x += widths[column] + column_gap(texts[column])
    return lefts, widths


def column_gap(text_width: float) -> float:
    """The room right of a column whose widest leaving handoff text is `text_width` wide."""
    return max(COLUMN_GAP, text_width + 2 * LABEL_MARGIN) if text_width else COLUMN_GAP


def row_gap(text_height: float) -> float:
    """The room between two rows that a handoff with a text `text_height` tall joins."""
    return max(ROW_GAP, text_height + 2 * LABEL_MARGIN) if text_height else ROW_GAP


def stack_rows(heights: list[float], text_heights: list[float], top: float) -> list[float]:
    """The top of each row of a lane, from the first at `top` down: row i is heights[i]
    tall, and text_heights[i] is the tallest handoff text that may run between rows i and
    i + 1 (see row_gap)."""
    tops, y = [], top
    for row, height in enumerate(heights):
        tops.append(y)
        y += height + (row_gap(text_heights[row]) if row < len(text_heights) else ROW_GAP)
    return tops


def spanned_text_heights(row_count: int, spans: Iterable[tuple[int, int, float]]) -> list[float]:
    """For each gap between two rows (gap i lies below row i), the tallest text of the
    handoffs whose route may cross it: a handoff between rows a < b may run through any
    gap from a to b - 1. `spans` are (a, b, height).

    The tallest texts are placed first, and a gap once given a height is skipped from
    then on (each gap points to the next gap still open), so this takes about as long as
    sorting the spans, however many rows they cross.
    """
    heights = [0.0] * max(0, row_count - 1)
    following = list(range(len(heights) + 1))  # gap -> itself, or a later gap still open

    def next_open(gap: int) -> int:
        root = gap
        while following[root] != root:
            root = following[root]
        while following[gap] != root:  # shorten the path for the next search
            following[gap], gap = root, following[gap]
        return root

    for first, last, height in sorted(spans, key=lambda span: -span[2]):
        gap = next_open(first)
        while gap < last:
            heights[gap] = height
            following[gap] = gap + 1
            gap = next_open(gap + 1)
    return heights


def _row_tops(
    graph: LayoutGraph, rows: list[int], predecessors: list[list[int]]
) -> tuple[dict[tuple[int, int], float], dict[tuple[int, int], float]]:
    """(lane, row) -> the row's top, and its height (its tallest card)."""
    heights: dict[tuple[int, int], float] = {}
    row_count: dict[int, int] = {}
    for node, (_, height) in enumerate(graph.sizes):
        lane, row = graph.lanes[node], rows[node]
        if height > heights.get((lane, row), 0.0):
            heights[(lane, row)] = height
        if row >= row_count.get(lane, 0):
            row_count[lane] = row + 1
    spans: dict[int, list[tuple[int, int, float]]] = {}
    if graph.labels:
        for target, sources in enumerate(predecessors):
            for source in sources:
                lane = graph.lanes[source]
                if lane != graph.lanes[target] or rows[source] == rows[target]:
                    continue
                room = graph.label_room(source, target)
                if room is not None:
                    first, last = sorted((rows[source], rows[target]))
                    spans.setdefault(lane, []).append((first, last, room[1]))
    tops: dict[tuple[int, int], float] = {}
    for lane in sorted(row_count):
        count = row_count[lane]
        lane_heights = [heights.get((lane, row), 0.0) for row in range(count)]
        texts = spanned_text_heights(count, spans.get(lane, ()))
        for row, top in enumerate(stack_rows(lane_heights, texts, TOP)):
            tops[(lane, row)] = top
    return tops, heights


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
