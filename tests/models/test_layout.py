"""Automatic layout: every engine and mode keeps the promises of models/layout."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.chain import TOUCHPOINT_KINDS, Chain, Department, Handoff, Position, Size, Touchpoint
from models.chain_file import load_chain
from models.geometry import branch_layout, card_sizes, pill_layout
from models.graph import chain_graph
from models.layout import LayoutTooLarge, layout_chain
from models.layout import dot as layout_dot
from models.layout.grid import COLUMN_GAP, LABEL_MARGIN, LEFT, ROW_GAP, TOP, spanned_text_heights
from models.layout.tidy import NEIGHBOUR_GAP
from models.lint.rules.layout import CardOverlaps
from resources.samples import sample_paths
from tests.benchmarks.generate import synthetic_chain

REPOSITORY = Path(__file__).resolve().parents[2]
HAS_DOT = shutil.which("dot") is not None
needs_dot = pytest.mark.skipif(not HAS_DOT, reason="Graphviz's dot is not installed")
ENGINES = ["builtin", pytest.param("dot", marks=needs_dot)]
SAMPLES = sample_paths()
MIN_GAP = 20.0  # the layout promise: cards in one lane at least this far apart
EPS = 1e-6  # coordinates are rounded to 2 decimals, so compare with a little slack
ROUNDING = 0.02  # two rounded coordinates and a size: how far a distance may be off
RANDOM = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


# --- Helpers -------------------------------------------------------------------------------


def moved(chain: Chain, positions: dict[str, Position]) -> Chain:
    """A copy of `chain` with the given touchpoints at their new positions."""
    touchpoints = [
        t.model_copy(update={"position": positions.get(t.id, t.position)})
        for t in chain.touchpoints
    ]
    return chain.model_copy(update={"touchpoints": touchpoints})


def clashes(chain: Chain) -> list[tuple[str, str]]:
    """Pairs of cards in one lane that are closer than MIN_GAP both across and down."""
    lanes: dict[str, list] = {}
    sizes = card_sizes(chain)
    for touchpoint in chain.touchpoints:
        width, height = sizes[touchpoint.id]
        box = (touchpoint.position.x, touchpoint.position.y, width, height, touchpoint.id)
        lanes.setdefault(touchpoint.department, []).append(box)
    found = []
    for boxes in lanes.values():
        boxes.sort()
        for index, (x, y, width, height, first) in enumerate(boxes):
            for other_x, other_y, other_width, other_height, second in boxes[index + 1 :]:
                if other_x >= x + width + MIN_GAP - EPS:
                    break  # sorted by x: every later box is clear as well
                below = other_y >= y + height + MIN_GAP - EPS
                above = y >= other_y + other_height + MIN_GAP - EPS
                if below or above:
                    continue
                found.append((first, second))
    return found


def is_acyclic(chain: Chain) -> bool:
    graph = chain_graph(chain)
    graph.remove_edges_from(list(nx.selfloop_edges(graph)))
    return nx.is_directed_acyclic_graph(graph)


def positions_json(result) -> dict:
    return {identifier: [p.x, p.y] for identifier, p in result.positions.items()}


def assert_keeps_the_promises(chain: Chain, engine: str) -> None:
    """Lay out the whole chain and check every promise of models/layout."""
    result = layout_chain(chain, engine=engine)
    assert result.engine == engine, result.note
    assert list(result.positions) == [touchpoint.id for touchpoint in chain.touchpoints]
    after = moved(chain, result.positions)
    assert [t.department for t in after.touchpoints] == [t.department for t in chain.touchpoints]
    for position in result.positions.values():
        assert position.x >= LEFT and position.y >= TOP
        assert round(position.x, 2) == position.x and round(position.y, 2) == position.y
    assert clashes(after) == []

    x = {identifier: position.x for identifier, position in result.positions.items()}
    sizes = card_sizes(chain)
    first_column_end = 20 + max((width for width, _ in sizes.values()), default=0)  # LEFT + widest
    led_to = {handoff.target for handoff in chain.handoffs if handoff.source != handoff.target}
    for touchpoint in chain.touchpoints:  # starts at the left
        if touchpoint.kind == "start" and touchpoint.id not in led_to:
            assert x[touchpoint.id] < first_column_end
    if is_acyclic(chain):  # layered: every handoff points right, clear of its source card
        for handoff in chain.handoffs:
            if handoff.source != handoff.target:
                width = sizes[handoff.source][0]
                assert x[handoff.source] + width <= x[handoff.target] + EPS, handoff.id

    assert_reads_as_a_grid(chain, result.positions)
    assert CardOverlaps(after).hits() == {}  # and the lint agrees

    again = layout_chain(chain, engine=engine)
    assert positions_json(again) == positions_json(result)


def bands(extents: list[tuple[float, float, float]]) -> list[tuple[float, float]]:
    """Cards grouped by their centre (within 0.05, as positions are rounded): the
    (start, end) of each group, in order. `extents` are (start, end, centre) of cards."""
    groups: list[list[tuple[float, float, float]]] = []
    for extent in sorted(extents, key=lambda extent: extent[2]):
        if groups and extent[2] - groups[-1][-1][2] <= 0.05:
            groups[-1].append(extent)
        else:
            groups.append([extent])
    return [(min(e[0] for e in group), max(e[1] for e in group)) for group in groups]


def assert_reads_as_a_grid(chain: Chain, positions: dict[str, Position]) -> None:
    """Columns line up across lanes, with room for the handoffs' texts between them;
    each lane starts its first row at TOP and stacks its rows ROW_GAP apart or more."""
    sizes = card_sizes(chain)

    def across(touchpoint):
        x, width = positions[touchpoint.id].x, sizes[touchpoint.id][0]
        return x, x + width, x + width / 2

    columns = bands([across(t) for t in chain.touchpoints])
    for (_, right), (left, _) in zip(columns, columns[1:]):
        assert left - right >= COLUMN_GAP - ROUNDING, "columns overlap or crowd each other"
    if is_acyclic(chain):  # every handoff points right: its texts sit right of its source
        by_id = {t.id: t for t in chain.touchpoints}
        for handoff in chain.handoffs:
            if handoff.source == handoff.target:
                continue
            need = max(pill_layout(handoff.passes)[0] if handoff.passes else 0,
                       branch_layout(handoff.label)[0] if handoff.label else 0)
            centre = across(by_id[handoff.source])[2]
            column = next(i for i, (left, right) in enumerate(columns) if left <= centre <= right)
            if need and column + 1 < len(columns):
                gap = columns[column + 1][0] - columns[column][1]
                assert gap >= need + 2 * LABEL_MARGIN - ROUNDING, (handoff.id, gap, need)
    texts = any(handoff.passes or handoff.label for handoff in chain.handoffs)
    for department in {t.department for t in chain.touchpoints}:
        lane = [t for t in chain.touchpoints if t.department == department]
        rows = bands([(positions[t.id].y, positions[t.id].y + sizes[t.id][1],
                       positions[t.id].y + sizes[t.id][1] / 2) for t in lane])
        assert rows[0][0] == pytest.approx(TOP, abs=ROUNDING)  # compact: the first row at the top
        for (_, bottom), (top, _) in zip(rows, rows[1:]):
            assert top - bottom >= ROW_GAP - ROUNDING
            if not texts:
                assert top - bottom == pytest.approx(ROW_GAP, abs=ROUNDING)  # and no further


# --- Random chains ---------------------------------------------------------------------------

HOSTILE_LABELS = ['"]; evil', "{ } [ ] ; -> --", "\\\" \\", "a\nb", "<b>&amp;</b>", "", "x"]
#: 80 characters: a card as wide as it grows, then two or three lines tall
LONG_LABEL = "Checks the signed order form against the stock list, then books the courier slot"
LABELS = HOSTILE_LABELS + [LONG_LABEL, "Sends the invoice for the balance with a payment link"]
PASSES = [None, None, "order", "signed order form and deposit receipt with the customer's reference"]
BRANCHES = [None, None, "Yes", "No, not in stock"]


@st.composite
def chains(draw, acyclic: bool | None = None, max_touchpoints: int = 40) -> Chain:
    """A valid chain: 1-6 lanes, 1-40 touchpoints of any kind, random handoffs.

    Labels may be long (so cards are wider and taller), some cards are resized, and
    handoffs may pass something or carry a branch label (so gaps widen). Handoffs may
    form cycles and self-loops, unless `acyclic` (drawn when None) asks for handoffs that
    only go forwards in file order.
    """
    lane_count = draw(st.integers(1, 6))
    departments = [Department(id=f"lane-{lane}", name=f"Lane {lane}") for lane in range(lane_count)]
    count = draw(st.integers(1, max_touchpoints))
    coordinate = st.floats(0, 1500, allow_nan=False)
    touchpoints = [
        Touchpoint(
            id=f"tp-{index}",
            label=draw(st.sampled_from(LABELS)),
            department=f"lane-{draw(st.integers(0, lane_count - 1))}",
            kind=draw(st.sampled_from(TOUCHPOINT_KINDS)),
            position=Position(x=draw(coordinate), y=draw(st.floats(0, 400, allow_nan=False))),
            size=draw(st.one_of(st.none(), st.none(), st.builds(
                Size, w=st.floats(90, 600, allow_nan=False), h=st.floats(44, 300, allow_nan=False)))),
        )
        for index in range(count)
    ]
    pairs = draw(st.lists(st.tuples(st.integers(0, count - 1), st.integers(0, count - 1)),
                          max_size=2 * count))
    if acyclic is None:
        acyclic = draw(st.booleans())
    if acyclic:
        pairs = [(min(pair), max(pair)) for pair in pairs if pair[0] != pair[1]]
    handoffs = [
        Handoff(id=f"h-{index}", source=f"tp-{source}", target=f"tp-{target}",
                passes=draw(st.sampled_from(PASSES)), label=draw(st.sampled_from(BRANCHES)))
        for index, (source, target) in enumerate(pairs)
    ]
    return Chain(title="Random", departments=departments, touchpoints=touchpoints,
                 handoffs=handoffs)


# --- Every engine keeps the promises -------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("path", SAMPLES, ids=[path.stem for path in SAMPLES])
def test_samples_keep_the_promises(path, engine):
    assert_keeps_the_promises(load_chain(path), engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_synthetic_chain_keeps_the_promises(engine):
    assert_keeps_the_promises(synthetic_chain(200), engine)


@needs_dot
def test_dot_gets_all_of_a_big_chain_while_being_polled(monkeypatch):
    """The DOT text of 2,000 touchpoints (120 kB) is more than a pipe holds at once.

    Polled every 0.1 ms, a retried Popen.communicate() would stop sending it half-way
    and dot would wait forever; it must get the whole text and answer.
    """
    monkeypatch.setattr(layout_dot, "POLL_SECONDS", 0.0001)
    result = layout_chain(synthetic_chain(2000), engine="dot", timeout=20)
    assert (result.engine, result.note) == ("dot", "")


@pytest.mark.parametrize("engine", ENGINES)
@RANDOM
@given(chain=chains())
def test_random_chains_keep_the_promises(engine, chain):
    assert_keeps_the_promises(chain, engine)


@needs_dot
@RANDOM
@given(chain=chains())
def test_dot_in_batches_of_components_keeps_the_promises(chain):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(layout_dot, "BATCH", 4)  # a large chain's batches, in miniature
        assert_keeps_the_promises(chain, "dot")


def test_component_batches_keep_components_whole():
    # Components {0, 3}, {1}, {2, 4, 5}, {6}; edges as successor lists.
    acyclic = [[3], [], [4], [], [5], [], []]
    assert layout_dot.component_batches(acyclic, 3) == [[0, 1, 3], [2, 4, 5], [6]]
    assert layout_dot.component_batches(acyclic, 100) == [list(range(7))]
    assert layout_dot.component_batches(acyclic, 1) == [[0, 3], [1], [2, 4, 5], [6]]  # never split


@pytest.mark.parametrize("engine", ENGINES)
@RANDOM
@given(chain=chains(acyclic=True))
def test_random_chains_without_cycles_are_layered(engine, chain):
    assert_keeps_the_promises(chain, engine)


def test_a_rework_loop_points_forwards_again(chain):
    """Breaking a cycle keeps the start first: the loop back to it is what gets reversed."""
    looped = chain.model_copy(
        update={"handoffs": chain.handoffs + [Handoff(id="h-back", source="pick-and-pack",
                                                      target="place-order")]}
    )
    for engine in ["builtin"] + (["dot"] if HAS_DOT else []):
        x = {key: p.x for key, p in layout_chain(looped, engine=engine).positions.items()}
        assert x["place-order"] < x["confirm-order"] < x["pick-and-pack"] < x["receive-parcel"]


@pytest.mark.parametrize("engine", ENGINES)
def test_an_empty_chain_and_a_missing_lane(engine, chain):
    empty = chain.model_copy(update={"touchpoints": [], "handoffs": []})
    assert layout_chain(empty, engine=engine).positions == {}
    # A chain built in code may name a department that is not there; it gets a lane too.
    orphan = chain.touchpoints[1].model_copy(update={"id": "orphan", "department": "gone"})
    stray = chain.model_copy(update={"touchpoints": chain.touchpoints + [orphan]})
    assert "orphan" in layout_chain(stray, engine=engine).positions


# --- The same input, the same output --------------------------------------------------------

SCRIPT = """
import json, sys
from models.chain_file import load_chain
from models.layout import layout_chain
from resources.samples import sample_paths
from tests.benchmarks.generate import synthetic_chain

chains = {path.name: load_chain(path) for path in sample_paths()}
chains["synthetic"] = synthetic_chain(200)
found = {}
for name, chain in chains.items():
    for engine in sys.argv[1:]:
        for mode in ("all", "selection", "tidy"):
            chosen = [touchpoint.id for touchpoint in chain.touchpoints[::3]]
            result = layout_chain(chain, engine=engine, mode=mode, selection=set(chosen))
            found[f"{name} {engine} {mode}"] = {
                key: [p.x, p.y] for key, p in result.positions.items()
            }
print(json.dumps(found))
"""


def test_the_layout_does_not_depend_on_string_hashing():
    """Python salts str hashes per process; two processes must still agree exactly."""
    engines = ["builtin"] + (["dot"] if HAS_DOT else [])
    outputs = []
    for seed in ("1", "2"):
        environment = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPOSITORY)}
        done = subprocess.run(
            [sys.executable, "-c", SCRIPT, *engines], cwd=REPOSITORY, env=environment,
            capture_output=True, text=True, timeout=120,
        )
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert len(json.loads(outputs[0])) == 4 * len(engines) * 3


# --- The grid: real sizes, aligned columns, compact lanes, room for the texts ----------------

PILL_TEXT = "signed order form and deposit receipt with the customer's reference"  # three lines


def lanes_chain(cards, handoffs=()) -> Chain:
    """cards: (id, lane, kind, label[, (width, height) of a resized card]); handoffs:
    (source, target[, passes[, branch label]])."""
    lanes = list(dict.fromkeys(card[1] for card in cards))
    return Chain(
        title="Grid",
        departments=[Department(id=lane, name=lane.title()) for lane in lanes],
        touchpoints=[
            Touchpoint(id=card[0], department=card[1], kind=card[2], label=card[3],
                       position=Position(x=0, y=0),
                       size=Size(w=card[4][0], h=card[4][1]) if len(card) > 4 else None)
            for card in cards
        ],
        handoffs=[
            Handoff(id=f"h-{h[0]}-{h[1]}", source=h[0], target=h[1],
                    passes=h[2] if len(h) > 2 else None, label=h[3] if len(h) > 3 else None)
            for h in handoffs
        ],
    )


def boxes_after(chain: Chain, engine: str = "builtin", mode: str = "all", **options):
    """id -> (left, top, right, bottom) of every card once laid out (lane-relative)."""
    result = layout_chain(chain, engine=engine, mode=mode, **options)
    after = moved(chain, result.positions)
    sizes = card_sizes(after)
    return {
        t.id: (t.position.x, t.position.y, t.position.x + sizes[t.id][0], t.position.y + sizes[t.id][1])
        for t in after.touchpoints
    }


@pytest.mark.parametrize("engine", ENGINES)
def test_a_column_is_as_wide_as_its_widest_card_in_any_lane(engine):
    chain = lanes_chain(
        [("s", "front", "start", "Calls"), ("wide", "front", "step", LONG_LABEL),
         ("narrow", "back", "step", "Files it"), ("e", "back", "end", "Done")],
        [("s", "wide"), ("s", "narrow"), ("wide", "e"), ("narrow", "e")],
    )
    box = boxes_after(chain, engine)
    centre = {key: (left + right) / 2 for key, (left, _, right, _) in box.items()}
    assert box["wide"][2] - box["wide"][0] > box["narrow"][2] - box["narrow"][0]
    assert centre["wide"] == pytest.approx(centre["narrow"], abs=ROUNDING)  # one column, centred
    assert box["s"][0] == LEFT  # the first column holds only the start
    assert box["wide"][0] == pytest.approx(box["s"][2] + COLUMN_GAP, abs=ROUNDING)
    # The next column starts after the widest card of this one, not after a global widest.
    assert box["e"][0] == pytest.approx(box["wide"][2] + COLUMN_GAP, abs=ROUNDING)


@pytest.mark.parametrize("engine", ENGINES)
def test_the_gap_after_a_column_holds_the_widest_text_leaving_it(engine):
    def gap_after_start(*texts) -> float:
        chain = lanes_chain(
            [("s", "front", "start", "Calls"), ("a", "front", "step", "Takes the order"),
             ("b", "back", "step", "Checks stock")],
            [("s", "a", *texts), ("s", "b", "ok")],
        )
        box = boxes_after(chain, engine)
        return min(box["a"][0], box["b"][0]) - box["s"][2]

    assert gap_after_start() == pytest.approx(COLUMN_GAP, abs=ROUNDING)  # "ok" fits in 80
    pill = pill_layout(PILL_TEXT)[0]
    assert gap_after_start(PILL_TEXT) == pytest.approx(pill + 2 * LABEL_MARGIN, abs=ROUNDING)
    branch = branch_layout("No, not in stock")[0]
    assert gap_after_start(None, "No, not in stock") == pytest.approx(
        max(COLUMN_GAP, branch + 2 * LABEL_MARGIN), abs=ROUNDING)
    assert gap_after_start(PILL_TEXT, "Yes") > pill + 2 * LABEL_MARGIN  # side by side


def test_rows_that_a_handoff_with_a_pill_joins_are_further_apart():
    def rows_gap(passes) -> float:
        chain = lanes_chain(
            [("a", "lane", "start", "Calls"), ("b", "lane", "step", "Writes it down"),
             ("c", "lane", "step", "Books a visit")],
            [("a", "b"), ("a", "c", passes)],
        )
        box = boxes_after(chain)
        assert box["b"][3] <= box["c"][1]  # b in the first row, c below it
        return box["c"][1] - box["b"][3]

    assert rows_gap(None) == pytest.approx(ROW_GAP, abs=ROUNDING)
    pill_height = pill_layout(PILL_TEXT)[1]
    assert rows_gap(PILL_TEXT) == pytest.approx(pill_height + 2 * LABEL_MARGIN, abs=ROUNDING)


def test_spanned_text_heights_give_each_gap_its_tallest_text():
    # Rows 0..5: gaps 0..4. A span (a, b, h) may run through gaps a .. b-1.
    assert spanned_text_heights(6, []) == [0.0] * 5
    spans = [(0, 2, 10.0), (1, 4, 30.0), (3, 5, 20.0)]
    assert spanned_text_heights(6, spans) == [10.0, 30.0, 30.0, 30.0, 20.0]
    assert spanned_text_heights(1, [(0, 0, 5.0)]) == []


@pytest.mark.parametrize("engine", ENGINES)
def test_a_lane_is_as_tall_as_its_rows(engine):
    chain = lanes_chain(
        [("s", "lane", "start", "Calls"), ("d", "lane", "decision", "In stock?"),
         ("y", "lane", "step", "Ships it"), ("n", "lane", "step", "Orders it"),
         ("e", "other", "end", "Done")],
        [("s", "d"), ("d", "y"), ("d", "n"), ("y", "e"), ("n", "e")],
    )
    box = boxes_after(chain, engine)
    sizes = card_sizes(chain)
    middle = {key: (top + bottom) / 2 for key, (_, top, _, bottom) in box.items()}
    assert min(box[key][1] for key in "sdyn") == TOP  # the tallest card of the first row
    assert middle["s"] == pytest.approx(middle["d"], abs=ROUNDING)  # one straight line
    assert box["e"][1] == TOP  # a lane of one row
    # Two rows (y and n), each as tall as its tallest card, ROW_GAP apart: nothing more.
    first_row = max(sizes[key][1] for key in "sdy" if box[key][1] < box["n"][1])
    assert max(bottom for _, _, _, bottom in box.values()) == pytest.approx(
        TOP + first_row + ROW_GAP + sizes["n"][1], abs=ROUNDING)


def long_label_chain() -> Chain:
    """Three lanes of cards with 80-character labels, resized cards and long pills."""
    cards = [("start", "customer", "start", "Asks for a quote")]
    for index in range(9):
        lane = ["sales", "ops", "customer"][index % 3]
        size = [(420.0, 180.0)] if index % 4 == 1 else []
        kind = "decision" if index % 5 == 2 else "step"
        cards.append((f"c{index}", lane, kind, LONG_LABEL[: 60 + index * 3], *size))
    cards.append(("end", "customer", "end", LONG_LABEL))
    names = [card[0] for card in cards]
    handoffs = [(a, b, PILL_TEXT if index % 2 else "order")
                for index, (a, b) in enumerate(zip(names, names[1:]))]
    handoffs += [("c0", "c3", PILL_TEXT, "Yes"), ("c2", "c4", None, "No, not in stock"), ("c1", "c6")]
    return lanes_chain(cards, handoffs)


@pytest.mark.parametrize("engine", ENGINES)
def test_long_labels_and_resized_cards_keep_the_promises(engine):
    chain = long_label_chain()
    assert max(width for width, _ in card_sizes(chain).values()) >= 420  # the resized cards
    assert_keeps_the_promises(chain, engine)


# --- Tidy -----------------------------------------------------------------------------------


@RANDOM
@given(chain=chains())
def test_tidy_keeps_each_lane_in_order_and_pulls_cards_apart(chain):
    result = layout_chain(chain, mode="tidy")
    assert result.engine == "builtin"
    after = moved(chain, result.positions)
    assert clashes(after) == []
    assert all(p.x >= LEFT and p.y >= TOP for p in result.positions.values())
    for department in chain.departments:
        lane = [t for t in chain.touchpoints if t.department == department.id]
        lane.sort(key=lambda t: (t.position.x, chain.touchpoints.index(t)))
        xs = [result.positions[t.id].x for t in lane]
        assert xs == sorted(xs), "a card moved left of one that was before it"
    assert positions_json(layout_chain(chain, mode="tidy")) == positions_json(result)


def one_lane(*cards, handoffs=()) -> Chain:
    """A chain with one lane; cards are (id, kind, x, y)."""
    return Chain(
        title="Tidy",
        departments=[Department(id="lane", name="Lane")],
        touchpoints=[
            Touchpoint(id=identifier, label="", department="lane", kind=kind,
                       position=Position(x=x, y=y))
            for identifier, kind, x, y in cards
        ],
        handoffs=[Handoff(id=f"h-{a}-{b}", source=a, target=b) for a, b in handoffs],
    )


def test_tidy_straightens_a_run_of_handoffs():
    chain = one_lane(("a", "start", 40, 10), ("b", "step", 260, 31), ("c", "decision", 480, 47),
                     ("d", "end", 700, 20), handoffs=[("a", "b"), ("b", "c"), ("c", "d")])
    placed = layout_chain(chain, mode="tidy").positions
    sizes = card_sizes(chain)
    centres = {key: p.y + sizes[key][1] / 2 for key, p in placed.items()}
    assert max(centres.values()) - min(centres.values()) <= 0.01, centres  # one straight line
    assert [placed[key].x for key in "abcd"] == [40, 260, 480, 700]  # nothing overlapped


def test_tidy_moves_an_overlapping_card_right_in_its_row():
    chain = one_lane(("a", "step", 100, 20), ("b", "step", 150, 30), ("c", "step", 20, 200),
                     ("d", "end", 200, 190))
    placed = layout_chain(chain, mode="tidy").positions
    assert placed["a"].y == placed["b"].y  # about the same height: one row
    assert placed["b"].x == 100 + 160 + 40
    assert placed["c"].y > placed["a"].y + 64  # a row of its own, lower down
    assert placed["c"].x == 20  # nothing in its way
    assert placed["d"].x == 300  # kept behind b, which was left of it before


def test_tidy_pulls_apart_cards_that_grew_with_their_labels():
    """Cards placed 200 apart when every card was 160 wide: with 80-character labels and
    a resized card they overlap, and tidy pulls them apart in their order."""
    chain = lanes_chain(
        [("a", "lane", "step", LONG_LABEL), ("b", "lane", "step", LONG_LABEL),
         ("c", "lane", "step", "Short", (400.0, 120.0)), ("d", "lane", "end", LONG_LABEL)],
        [("a", "b", PILL_TEXT), ("b", "c"), ("c", "d")],
    )
    for index, touchpoint in enumerate(chain.touchpoints):
        touchpoint.position = Position(x=20 + 200 * index, y=20 + 3 * index)
    assert len(CardOverlaps(chain).hits()) == 4  # every card overlaps a neighbour
    box = boxes_after(chain, mode="tidy")
    assert CardOverlaps(moved(chain, layout_chain(chain, mode="tidy").positions)).hits() == {}
    assert box["a"][0] == 20 and box["c"][1] == 20  # the row stays where the highest card was
    # a -> b shows a pill: room for it on the straight line between them
    room = pill_layout(PILL_TEXT)[0] + 2 * LABEL_MARGIN
    assert box["b"][0] == pytest.approx(box["a"][2] + room, abs=ROUNDING)
    assert box["c"][0] == pytest.approx(box["b"][2] + NEIGHBOUR_GAP, abs=ROUNDING)
    assert box["d"][0] == pytest.approx(box["c"][2] + NEIGHBOUR_GAP, abs=ROUNDING)
    middles = {(top + bottom) / 2 for _, top, _, bottom in box.values()}
    assert max(middles) - min(middles) <= ROUNDING  # a straight run: one row, centred


def test_tidy_rows_are_as_tall_as_their_tallest_card():
    chain = lanes_chain(
        [("tall", "lane", "step", "Tall", (200.0, 200.0)), ("low", "lane", "step", "Below"),
         ("next", "lane", "step", LONG_LABEL)],
    )
    for touchpoint, (x, y) in zip(chain.touchpoints, [(20, 10), (20, 300), (400, 320)]):
        touchpoint.position = Position(x=x, y=y)
    box = boxes_after(chain, mode="tidy")
    assert box["tall"][1] == TOP
    # The second row starts ROW_GAP below the tall card; its cards are centred in it.
    row_height = max(box["low"][3] - box["low"][1], box["next"][3] - box["next"][1])
    assert min(box["low"][1], box["next"][1]) == pytest.approx(TOP + 200 + ROW_GAP, abs=ROUNDING)
    middle = {key: (top + bottom) / 2 for key, (_, top, _, bottom) in box.items()}
    assert middle["low"] == pytest.approx(middle["next"], abs=ROUNDING)
    assert max(box["low"][3], box["next"][3]) == pytest.approx(TOP + 200 + ROW_GAP + row_height, abs=ROUNDING)


@pytest.mark.parametrize("engine", ENGINES)
def test_tidy_and_selection_with_long_labels_and_resized_cards(engine):
    chain = long_label_chain()
    for index, touchpoint in enumerate(chain.touchpoints):  # 180 apart: many overlap
        touchpoint.position = Position(x=20 + 180 * index, y=10 + 7 * (index % 3))
    assert CardOverlaps(chain).hits()
    tidied = moved(chain, layout_chain(chain, mode="tidy").positions)
    assert clashes(tidied) == [] and CardOverlaps(tidied).hits() == {}
    chosen = [touchpoint.id for touchpoint in chain.touchpoints[::2]]
    result = layout_chain(tidied, engine=engine, mode="selection", selection=chosen)
    after = moved(tidied, result.positions)
    assert clashes(after) == []  # the tidied cards are clear, and the moved ones keep clear


# --- Selection ------------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
@RANDOM
@given(data=st.data())
def test_selection_moves_only_the_selected(engine, data):
    chain = data.draw(chains())
    ids = [touchpoint.id for touchpoint in chain.touchpoints]
    chosen = data.draw(st.lists(st.sampled_from(ids), unique=True))
    result = layout_chain(chain, engine=engine, mode="selection", selection=chosen + ["nobody"])
    assert set(result.positions) == set(chosen)
    assert all(p.x >= LEFT and p.y >= TOP for p in result.positions.values())
    # The cards left alone may overlap each other (the user put them there); the moved
    # ones keep clear of everything in their lane.
    after = moved(chain, result.positions)
    assert [pair for pair in clashes(after) if set(pair) & set(chosen)] == []


def test_selection_keeps_the_flow_order_of_the_selected(chain):
    ids = [touchpoint.id for touchpoint in chain.touchpoints]
    result = layout_chain(chain, engine="builtin", mode="selection", selection=ids)
    x = {key: p.x for key, p in result.positions.items()}
    assert x["place-order"] < x["confirm-order"] < x["pick-and-pack"] < x["receive-parcel"]


# --- Speed ----------------------------------------------------------------------------------


@pytest.mark.parametrize("size, limit", [(1000, 1.0), (5000, 20.0)])
def test_the_builtin_layout_is_fast(size, limit):
    chain = synthetic_chain(size)
    started = time.perf_counter()
    result = layout_chain(chain, engine="builtin")
    assert time.perf_counter() - started < limit
    assert len(result.positions) == size
    assert clashes(moved(chain, result.positions)) == []


def test_a_layout_past_the_formats_bounds_is_refused_in_one_sentence():
    # 4,300 steps in one line would reach past x = 1,000,000: the chain stays as it is.
    count = 4300
    chain = Chain(
        title="One long line",
        departments=[Department(id="desk", name="Desk")],
        touchpoints=[Touchpoint(id=f"t{i}", label="", department="desk", position=Position(x=0, y=0))
                     for i in range(count)],
        handoffs=[Handoff(id=f"h{i}", source=f"t{i}", target=f"t{i + 1}") for i in range(count - 1)],
    )
    with pytest.raises(LayoutTooLarge, match="reach past 1,000,000 px"):
        layout_chain(chain, engine="builtin")
