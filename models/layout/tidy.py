"""Tidy: keep the user's arrangement, only line it up and pull overlapping cards apart.

Within each lane, cards at about the same height share a row, a run of handoffs from a
card with one successor to a card with one predecessor in the same lane shares the row
of its first card (so it reads as one straight line), and cards move right, never left,
until neighbours in a row are NEIGHBOUR_GAP apart, or further when a handoff between them
shows a text (its pill then fits between them, as in the grid). Cards are taken in order
of their current x, and none moves left of the card before it, so each lane keeps its
order. A row is as tall as its tallest card; the rows stack from the lane's highest card
(at least TOP) with the grid's gaps.
"""

from __future__ import annotations

from collections.abc import Callable

from models.layout.cancel import check_cancelled
from models.layout.graph import LayoutGraph
from models.layout.grid import LABEL_MARGIN, LEFT, ROW_GAP, TOP, spanned_text_heights, stack_rows

NEIGHBOUR_GAP = 40.0  # between two cards side by side in a row


def tidy_positions(
    graph: LayoutGraph, cancelled: Callable[[], bool] | None = None
) -> list[tuple[float, float]]:
    """The tidied top-left corner of every card, rounded to 2 decimals."""
    placed = list(graph.positions)
    links = straight_links(graph)
    for members in graph.lane_members():
        check_cancelled(cancelled)
        if not members:
            continue
        pitch = max(graph.sizes[node][1] for node in members) + ROW_GAP
        rows = _snap_rows(graph, members, pitch)
        _straighten(rows, members, links)
        rows = _close_gaps(rows)
        top = max(TOP, min(graph.positions[node][1] for node in members))
        heights = [0.0] * (max(rows.values()) + 1)
        for node in members:
            heights[rows[node]] = max(heights[rows[node]], graph.sizes[node][1])
        texts = spanned_text_heights(len(heights), _spans(graph, members, rows))
        tops = stack_rows(heights, texts, top)
        xs = _spread(graph, members, rows)
        for node in members:
            row = rows[node]
            y = tops[row] + (heights[row] - graph.sizes[node][1]) / 2
            placed[node] = (round(xs[node], 2), round(y, 2))
    return placed


def _spans(graph: LayoutGraph, members: list[int], rows: dict[int, int]):
    """(upper row, lower row, text height) of each handoff with a text between two rows
    of the lane."""
    for node in members:
        for target in graph.successors[node]:
            if target in rows and rows[target] != rows[node]:
                room = graph.label_room(node, target)
                if room is not None:
                    first, last = sorted((rows[node], rows[target]))
                    yield first, last, room[1]


def straight_links(graph: LayoutGraph) -> dict[int, int]:
    """u -> v for each handoff that is u's only one out and v's only one in, in one lane."""
    links = {}
    for node, targets in enumerate(graph.successors):
        if len(targets) == 1:
            target = targets[0]
            if len(graph.predecessors[target]) == 1 and graph.lanes[target] == graph.lanes[node]:
                links[node] = target
    return links


def _snap_rows(graph: LayoutGraph, members: list[int], pitch: float) -> dict[int, int]:
    """Rows by height: a card whose centre is within half a row of the row's first joins it."""

    def centre(node: int) -> float:
        return graph.positions[node][1] + graph.sizes[node][1] / 2

    rows: dict[int, int] = {}
    row, anchor = -1, 0.0
    for node in sorted(members, key=lambda node: (centre(node), graph.positions[node][0], node)):
        if row < 0 or centre(node) - anchor > pitch / 2:
            row, anchor = row + 1, centre(node)
        rows[node] = row
    return rows


def _straighten(rows: dict[int, int], members: list[int], links: dict[int, int]) -> None:
    """Give every card of a straight run the row of the run's first card."""
    followed = {target for target in links.values()}  # membership only, never iterated
    first_cards = [node for node in members if node in links and node not in followed]
    in_cycles = [node for node in members if node in links]  # a closed loop has no first card
    visited: set[int] = set()
    for first in first_cards + in_cycles:
        if first in visited:
            continue
        visited.add(first)
        node = first
        while node in links and links[node] not in visited:
            node = links[node]
            visited.add(node)
            rows[node] = rows[first]


def _close_gaps(rows: dict[int, int]) -> dict[int, int]:
    """Renumber the rows 0, 1, ... so a row emptied by straightening leaves no gap."""
    renumbered = {row: index for index, row in enumerate(sorted(set(rows.values())))}
    return {node: renumbered[row] for node, row in rows.items()}


def _spread(graph: LayoutGraph, members: list[int], rows: dict[int, int]) -> dict[int, float]:
    """x of each card: where it was, or further right to clear its row's previous card."""
    last: dict[int, int] = {}  # row -> the last card placed in it
    previous_x = LEFT
    xs = {}
    for node in sorted(members, key=lambda node: (graph.positions[node][0], node)):
        row = rows[node]
        x = max(graph.positions[node][0], previous_x)
        if row in last:
            before = last[row]
            x = max(x, xs[before] + graph.sizes[before][0] + _neighbour_gap(graph, before, node))
        xs[node] = previous_x = x
        last[row] = node
    return xs


def _neighbour_gap(graph: LayoutGraph, left: int, right: int) -> float:
    """The room between two neighbours in a row: more when a handoff between them shows
    a text, so its pill sits on the straight line between them."""
    room = graph.label_room(left, right) if graph.labels else None
    return NEIGHBOUR_GAP if room is None else max(NEIGHBOUR_GAP, room[0] + 2 * LABEL_MARGIN)
