"""Stages as ordered columns: after an engine has ranked the cards, the columns are moved
apart so that every stage's cards come after all the cards of the stages before it.

A card keeps its place in the engine's order within its stage (its column plus the
stage's offset), so a handoff that runs forward in the flow and forward (or within) the
stages still runs left to right. Once placed, the stages are pushed right where the
canvas's columns (models.stage_columns) need more room than the cards leave: a stage
without cards takes a column of its own, and a column is never narrower than a minimum. A card without a stage goes with the latest stage among
the cards that hand off to it (the first stage when none does), so it stays beside what
comes before it. A handoff that runs from a later stage back to an earlier one points
left: the stages, as the user set them, win over the flow.
"""

from __future__ import annotations

from models.chain import Chain
from models.layout.graph import LayoutGraph
from models.stage_columns import COLUMN_PAD, MIN_COLUMN_WIDTH


def stage_order(chain: Chain, graph: LayoutGraph, columns: list[int], predecessors: list[list[int]]) -> list[int]:
    """Each node's stage as a number in the chain's stage order; for a node without a
    stage, the highest of its predecessors' (taken in column order, so theirs are known)."""
    number = {stage.id: index for index, stage in enumerate(chain.stages)}
    own = {touchpoint.id: number.get(touchpoint.stage) for touchpoint in chain.touchpoints}
    stages = [0] * len(graph)
    for node in sorted(range(len(graph)), key=lambda node: columns[node]):
        stage = own.get(graph.ids[node])
        if stage is None:
            stage = max((stages[before] for before in predecessors[node]), default=0)
        stages[node] = stage
    return stages


def columns_in_stage_order(columns: list[int], stages: list[int]) -> list[int]:
    """The columns moved so that each stage's cards lie right of every earlier stage's:
    stage by stage, an offset that never shrinks, just large enough."""
    offsets: dict[int, int] = {}
    offset, end = 0, -1
    for stage in sorted(set(stages)):
        first = min(columns[node] for node in range(len(columns)) if stages[node] == stage)
        offset = max(offset, end + 1 - first)
        offsets[stage] = offset
        end = max(columns[node] + offset for node in range(len(columns)) if stages[node] == stage)
    return [columns[node] + offsets[stages[node]] for node in range(len(columns))]


def keep_stages(chain: Chain, graph: LayoutGraph, columns: list[int],
                predecessors: list[list[int]]) -> tuple[list[int], list[list[int]], list[int] | None]:
    """(columns, predecessors, each node's stage number) with the stages as ordered
    columns; the predecessors keep only those in earlier columns (the grid reserves room
    for their handoffs' texts). Without stages, all as given and None."""
    if not chain.stages:
        return columns, predecessors, None
    stages = stage_order(chain, graph, columns, predecessors)
    moved = columns_in_stage_order(columns, stages)
    kept = [[before for before in befores if moved[before] < moved[node]] for node, befores in enumerate(predecessors)]
    return moved, kept, stages


def room_for_stage_columns(chain: Chain, graph: LayoutGraph, placed: list[tuple[float, float]],
                           stages: list[int]) -> list[tuple[float, float]]:
    """The placed cards, each stage's pushed right (with every later stage's) where the
    columns before it, as the canvas draws them, reach past its first card."""
    own = {touchpoint.id: touchpoint.stage for touchpoint in chain.touchpoints}
    number = {stage.id: index for index, stage in enumerate(chain.stages)}
    shift, boundary = 0.0, 0.0  # how far later stages move; where the next column starts
    shifts = [0.0] * len(chain.stages)
    spans: list[tuple[float, float] | None] = []
    for index in range(len(chain.stages)):  # the spans of the cards that name the stage
        xs = [(placed[node][0], placed[node][0] + graph.sizes[node][0])
              for node in range(len(graph)) if number.get(own[graph.ids[node]]) == index]
        spans.append((min(x for x, _r in xs), max(r for _x, r in xs)) if xs else None)
    for index, span in enumerate(spans):
        if span is not None and span[0] + shift < boundary + COLUMN_PAD:
            shift += boundary + COLUMN_PAD - (span[0] + shift)
        shifts[index] = shift
        following = next((s for s in spans[index + 1:index + 2] if s is not None), None)
        if span is None:
            right = boundary + MIN_COLUMN_WIDTH
        elif following is None:
            right = span[1] + shift + COLUMN_PAD
        else:
            right = (span[1] + following[0]) / 2 + shift
        boundary = max(right, boundary + MIN_COLUMN_WIDTH)
    return [(round(x + shifts[stages[node]], 2), y) for node, (x, y) in enumerate(placed)]
