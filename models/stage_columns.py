"""Where each stage's column runs across the lanes, from where its cards are.

A stage (models.chain.Stage) is drawn as a column across all lanes. Its column is not
stored: it follows the cards assigned to it, so moving a card moves the column with it.
Columns are given in the touchpoints' own x (lane-relative: from the right of the header
column), which all lanes share.

- A stage with cards spans them, COLUMN_PAD beyond its first and last card.
- A stage without cards gets MIN_COLUMN_WIDTH right after the column before it.
- Two neighbouring stages with cards meet halfway between the end of the first one's cards
  and the start of the next one's (halfway through the overlap when they overlap).
- Columns are contiguous, in stage order, never overlap and are at least MIN_COLUMN_WIDTH
  wide; the first starts at 0. Cards out of order (a later stage's cards left of an
  earlier one's) may then stand outside their column: the layout, not this module, puts
  them back.

Cards without a stage do not shape any column.
"""

from __future__ import annotations

from typing import NamedTuple

from models.geometry import card_sizes

MIN_COLUMN_WIDTH = 160.0  # as wide as the narrowest step card: room for a short name
COLUMN_PAD = 20.0  # a column reaches this far beyond its outermost cards


class StageColumn(NamedTuple):
    stage: str  # the stage's id
    left: float
    right: float


def stage_spans(chain, sizes: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """Each stage with cards: the left of its leftmost card and the right of its
    rightmost, in the touchpoints' own x. `sizes` maps touchpoint id -> (width, height)."""
    spans: dict[str, tuple[float, float]] = {}
    no_size = (0.0, 0.0)
    for touchpoint in chain.touchpoints:  # (every card moved across or widened walks them all)
        stage = touchpoint.stage
        if stage is None:
            continue
        left = touchpoint.position.x
        right = left + sizes.get(touchpoint.id, no_size)[0]
        old = spans.get(stage)
        if old is None:
            spans[stage] = (left, right)
        elif left < old[0] or right > old[1]:
            spans[stage] = (left if left < old[0] else old[0], right if right > old[1] else old[1])
    return spans


def stage_columns(chain, sizes: dict[str, tuple[float, float]] | None = None,
                  spans: dict[str, tuple[float, float]] | None = None) -> list[StageColumn]:
    """Each stage's column, left to right in stage order; [] when the chain has no stages.

    `sizes` maps touchpoint id -> card (width, height); by default models.geometry's.
    `spans`: the stage_spans, when known already.
    """
    if not chain.stages:
        return []
    if spans is None:
        spans = stage_spans(chain, card_sizes(chain) if sizes is None else sizes)

    columns: list[StageColumn] = []
    left = 0.0
    stages = chain.stages
    for index, stage in enumerate(stages):
        span = spans.get(stage.id)
        following = spans.get(stages[index + 1].id) if index + 1 < len(stages) else None
        if span is None:
            right = left + MIN_COLUMN_WIDTH
        elif following is None:
            right = span[1] + COLUMN_PAD
        else:
            right = (span[1] + following[0]) / 2
        right = max(right, left + MIN_COLUMN_WIDTH)
        columns.append(StageColumn(stage.id, left, right))
        left = right
    return columns


def stage_at(columns: list[StageColumn], x: float) -> str | None:
    """The id of the stage whose column holds `x`; None outside every column.

    Left of the first column (x < 0) counts as the first column: cards cannot go there.
    """
    if not columns:
        return None
    if x < columns[0].left:
        return columns[0].stage
    for column in columns:
        if x < column.right:
            return column.stage
    return None
