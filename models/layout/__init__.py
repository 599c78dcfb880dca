"""Automatic layout of a chain: new positions for its touchpoints, without Qt.

`layout_chain` is a function of the model: it returns positions and changes nothing, so
the canvas applies them as one undoable command and the command line can use it too.

Every engine and mode keeps these promises, with each card at the size the canvas draws
it (models.geometry.card_sizes: it follows the label, or the user's resize): a touchpoint
stays in its department's lane; the flow reads left to right (in a chain without cycles
every handoff points right, with a card's right edge left of the next card's left edge);
no two cards in one lane overlap or come closer than 20 px both across and down; x >= 20
and y >= 16 (the canvas grows the lane to fit); and the same chain always gives the same
positions, in any process.

Both engines give each card a column (its rank in the flow) and an order among the cards
of its lane and column; `grid.place_in_grid` turns those into coordinates, so lanes,
sizes and the room for the handoffs' texts are handled in one place: columns as wide as
their widest card and lined up across lanes, lanes as tall as their rows. The engines
differ only in how they rank and order: Graphviz's `dot` (models/layout/dot.py) or a
small layered layout in Python (models/layout/builtin.py). When the chain has stages,
their columns are then moved apart so the stages come in order (models/layout/stages.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from models.chain import MAX_COORDINATE, Chain, Position
from models.collector import collector_paused
from models.layout.builtin import builtin_columns
from models.layout.cancel import LayoutCancelled, check_cancelled
from models.layout.dot import DotUnavailable, dot_columns, find_dot
from models.layout.graph import LayoutGraph, break_cycles, invert, layout_graph
from models.layout.grid import place_in_grid
from models.layout.selection import settle_selection
from models.layout.stages import keep_stages, room_for_stage_columns
from models.layout.tidy import tidy_positions

ENGINES = ("auto", "dot", "builtin")
MODES = ("all", "selection", "tidy")

__all__ = ["ENGINES", "MODES", "LayoutCancelled", "LayoutResult", "LayoutTooLarge", "layout_chain"]


@dataclass(frozen=True)
class LayoutResult:
    #: touchpoint id -> new position (lane-relative, rounded to 2 decimals), only for the
    #: touchpoints that were laid out
    positions: dict[str, Position]
    #: "dot" or "builtin": the engine that actually ran (tidy is always "builtin")
    engine: str
    #: why the built-in engine ran instead of dot, for the status bar; "" when it did not
    note: str = ""


@collector_paused()  # tens of thousands of small lists and positions, all kept
def layout_chain(
    chain: Chain,
    *,
    engine: str = "auto",
    mode: str = "all",
    selection: Iterable[str] = (),
    timeout: float = 30.0,
    cancelled: Callable[[], bool] | None = None,
) -> LayoutResult:
    """New positions for the touchpoints of `chain`.

    engine: "auto" and "dot" run dot; when dot is missing, fails or takes longer than
    `timeout` seconds, the built-in layout runs instead and `note` says why. "builtin"
    never runs dot.
    mode: "all" lays out the whole chain; "selection" moves only the touchpoints whose
    ids are in `selection` (unknown ids are ignored); "tidy" keeps the user's arrangement
    and only lines it up and removes overlaps.
    `cancelled` is called now and then; when it returns True, LayoutCancelled is raised.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown layout engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if mode not in MODES:
        raise ValueError(f"unknown layout mode {mode!r}; choose one of {', '.join(MODES)}")
    check_cancelled(cancelled)
    graph = layout_graph(chain)
    if mode == "tidy":
        return _result(graph, dict(enumerate(tidy_positions(graph, cancelled))), "builtin")

    acyclic = break_cycles(graph)
    check_cancelled(cancelled)
    columns, order, used, note = _columns(graph, acyclic, engine, timeout, cancelled)
    columns, predecessors, stages = keep_stages(chain, graph, columns, invert(acyclic))
    laid_out = place_in_grid(graph, columns, order, predecessors, cancelled)
    if stages is not None:
        laid_out = room_for_stage_columns(chain, graph, laid_out, stages)
    if mode == "all":
        return _result(graph, dict(enumerate(laid_out)), used, note)

    number = {identifier: node for node, identifier in enumerate(graph.ids)}
    # Repeats are dropped; the order does not matter, since settle_selection sorts by flow.
    selected = sorted({number[identifier] for identifier in selection if identifier in number})
    return _result(graph, settle_selection(graph, laid_out, selected, predecessors), used, note)


def _columns(graph: LayoutGraph, acyclic, engine, timeout, cancelled):
    """(columns, order, engine used, note): dot's when asked and it works, else built-in."""
    note = ""
    if engine != "builtin":
        dot = find_dot()
        if dot is None:
            note = "dot was not found; used the built-in layout"
        else:
            try:
                columns, order = dot_columns(graph, acyclic, dot, timeout, cancelled)
                return columns, order, "dot", ""
            except DotUnavailable as reason:
                note = f"{reason}; used the built-in layout"
    columns, order = builtin_columns(graph, acyclic, cancelled)
    return columns, order, "builtin", note


class LayoutTooLarge(ValueError):
    """The layout would put cards past the format's bounds (a very long chain)."""

    def __init__(self):
        super().__init__(
            f"the laid-out chain would reach past {MAX_COORDINATE:,} px, the most a chain "
            "file holds; split it into smaller chains"
        )


def _result(graph: LayoutGraph, placed: dict[int, tuple[float, float]], engine, note=""):
    """The result for the nodes in `placed` (node -> (x, y)), listed in file order."""
    if any(abs(x) > MAX_COORDINATE or abs(y) > MAX_COORDINATE for x, y in placed.values()):
        raise LayoutTooLarge()
    positions = {
        graph.ids[node]: Position(x=placed[node][0], y=placed[node][1]) for node in sorted(placed)
    }
    return LayoutResult(positions, engine, note)
