"""The handoff router: shapes it draws, ports it gives out, edits it follows, and the
checks of models.picture_check on sample chains, templates and random chains."""

import json
import os
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.chain_file import load_chain
from models.picture_check import all_problems, rect_overlaps
from models.routing import CLEARANCE, Card, Link, Router
from resources.samples import sample_paths
from resources.templates import template_paths
from tests.benchmarks.routing_bench import grid_chain, scene_cards

KINDS = ["step", "decision", "start", "end"]


def step(left: float, top: float, kind: str = "step", width: float = 160.0, height: float = 64.0) -> Card:
    return Card((left, top, left + width, top + height), kind)


def route_all(cards: dict[str, Card], links: list[Link]) -> dict[str, list[tuple[float, float]]]:
    """Route, and insist on every check of the picture."""
    routes = Router(cards, links).route_all()
    assert all_problems(cards, links, routes) == []
    return routes


def bends(route) -> int:
    return len(route) - 2


# -- shapes ---------------------------------------------------------------------------


def test_cards_in_a_row_get_a_straight_line_between_their_facing_sides():
    cards = {"a": step(0, 0), "b": step(240, 0)}
    routes = route_all(cards, [Link("ab", "a", "b")])
    assert routes["ab"] == [(160.0, 32.0), (240.0, 32.0)]


def test_cards_of_different_heights_in_a_row_still_get_a_straight_line():
    cards = {"start": step(0, 0, "start", 150, 52), "b": step(230, 0, height=90)}
    route = route_all(cards, [Link("sb", "start", "b")])["sb"]
    assert len(route) == 2 and route[0][1] == route[1][1]


def test_a_target_in_the_next_column_and_another_row_gets_a_z():
    cards = {"a": step(0, 0), "b": step(240, 200)}
    route = route_all(cards, [Link("ab", "a", "b")])["ab"]
    (x0, y0), (x1, _), (x2, y2), (x3, y3) = route
    assert (x0, y0) == (160.0, 32.0) and (x3, y3) == (240.0, 232.0)
    assert 160 + CLEARANCE <= x1 == x2 <= 240 - CLEARANCE and y2 == y3


def test_a_rework_loop_goes_round_the_cards_it_returns_past():
    cards = {name: step(240 * index, 100) for index, name in enumerate("abcd")}
    route = route_all(cards, [Link("back", "d", "a")])["back"]
    # leaves d upwards and enters a from above, over b and c
    assert route[0][1] == 100 and route[-1][1] == 100
    assert route[0][0] > 720 and route[-1][0] < 160
    assert all(y < 100 - CLEARANCE + 0.01 for _x, y in route[1:-1])
    assert bends(route) == 2


def test_a_loop_back_takes_the_free_side_when_the_top_is_crowded():
    cards = {name: step(240 * index, 100) for index, name in enumerate("abc")}
    cards["roof"] = step(0, -100, width=700, height=186)  # 14 px above the row: no room to pass
    route = route_all(cards, [Link("back", "c", "a")])["back"]
    assert all(y > 164 for _x, y in route[1:-1])  # under the row


def test_a_route_goes_round_a_card_in_its_way():
    cards = {"a": step(0, 0), "b": step(240, 0), "c": step(480, 0)}
    route = route_all(cards, [Link("skip", "a", "c"), Link("ab", "a", "b"), Link("bc", "b", "c")])["skip"]
    assert bends(route) >= 2
    box = cards["b"].box
    for (x0, y0), (x1, y1) in zip(route, route[1:]):
        segment = (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
        assert not rect_overlaps(segment, box, tolerance=-(CLEARANCE - 0.01))


def test_several_handoffs_into_one_side_get_ports_ordered_like_their_sources():
    target = step(400, 200)
    cards = {"t": target, "high": step(0, 0), "level": step(0, 200), "low": step(0, 400)}
    links = [Link(name, name, "t") for name in ("low", "high", "level")]
    routes = route_all(cards, links)
    ends = {name: routes[name][-1] for name in ("high", "level", "low")}
    assert all(x == 400.0 for x, _y in ends.values())
    assert ends["high"][1] < ends["level"][1] < ends["low"][1]
    # spread over the straight part of the side, not crowded at its middle
    assert ends["high"][1] >= 200 + 8 and ends["low"][1] <= 264 - 8
    assert ends["level"][1] - ends["high"][1] >= 8 and ends["low"][1] - ends["level"][1] >= 8


def test_handoffs_out_of_one_side_do_not_cross_near_the_card():
    cards = {"s": step(0, 200), "up": step(400, 0), "mid": step(400, 200), "down": step(400, 400)}
    links = [Link(name, "s", name) for name in ("down", "up", "mid")]
    routes = route_all(cards, links)
    assert routes["up"][0][1] < routes["mid"][0][1] < routes["down"][0][1]


def test_decision_branches_leave_from_different_vertices():
    diamond = Card((0.0, 200.0, 150.0, 284.0), "decision")
    cards = {"d": diamond, "up": step(300, 0), "ahead": step(300, 210), "down": step(300, 420)}
    links = [Link(name, "d", name) for name in ("up", "ahead", "down")]
    routes = route_all(cards, links)
    assert routes["up"][0] == (75.0, 200.0)  # top vertex
    assert routes["ahead"][0] == (150.0, 242.0)  # right vertex
    assert routes["down"][0] == (75.0, 284.0)  # bottom vertex
    assert bends(routes["up"]) == 1 and bends(routes["down"]) == 1


def test_extra_branches_from_one_vertex_sit_on_the_slanted_edges_near_it():
    diamond = Card((0.0, 200.0, 150.0, 284.0), "decision")
    cards = {"d": diamond, "a": step(300, 0), "b": step(500, -100)}
    routes = route_all(cards, [Link("a", "d", "a"), Link("b", "d", "b")])
    starts = sorted(routes[name][0] for name in "ab")
    for x, y in starts:
        assert abs(x - 75) <= 20 and y == pytest.approx(200 + 42 * abs(x - 75) / 75)
    assert starts[1][0] - starts[0][0] >= 6


def test_a_self_handoff_is_a_small_loop_on_top():
    cards = {"a": step(0, 100)}
    route = route_all(cards, [Link("self", "a", "a")])["self"]
    assert len(route) == 4
    assert route[0][1] == route[-1][1] == 100
    assert route[0][0] > route[-1][0]  # out on the right, in on the left
    assert 100 - 40 < route[1][1] < 100


def test_a_link_to_a_missing_card_gets_no_route():
    cards = {"a": step(0, 0)}
    routes = Router(cards, [Link("lost", "a", "gone"), Link("self", "a", "a")]).route_all()
    assert set(routes) == {"self"}


def test_parallel_handoffs_between_the_same_cards_do_not_share_a_line():
    cards = {"a": step(0, 0), "b": step(240, 150)}
    links = [Link(f"l{index}", "a", "b") for index in range(4)]
    route_all(cards, links)


def test_a_crowded_side_spills_onto_its_neighbours():
    cards = {"hub": step(400, 400)} | {f"s{index}": step(0, 100 * index, height=52) for index in range(14)}
    links = [Link(f"l{index}", f"s{index}", "hub") for index in range(14)]
    route_all(cards, links)


# -- edits ---------------------------------------------------------------------------


def test_moving_a_card_reroutes_its_links_and_nothing_far_away():
    cards, links = grid_chain(120, seed=3)
    router = Router(cards, links)
    before = {id: list(route) for id, route in router.route_all().items()}
    moved_id = next(card_id for card_id in cards if len(router._at.get(card_id, ())) >= 3)
    left, top, right, bottom = cards[moved_id].box
    moved = Card((left + 10, top + 8, right + 10, bottom + 8), cards[moved_id].kind)
    changed = router.update({moved_id: moved})
    cards[moved_id] = moved
    own = {link.id for link in links if moved_id in (link.source, link.target)}
    assert own <= changed
    assert changed == {id for id in before if before[id] != router.routes.get(id)}
    assert len(changed) < len(links) / 4
    assert all_problems(cards, links, router.routes) == []
    fresh = Router(cards, links).route_all()
    assert set(fresh) == set(router.routes)


def test_added_and_removed_links_and_cards():
    cards = {"a": step(0, 0), "b": step(240, 0), "c": step(480, 0)}
    links = [Link("ab", "a", "b"), Link("bc", "b", "c")]
    router = Router(cards, links)
    router.route_all()
    assert router.update(added=[Link("ac", "a", "c")]) >= {"ac"}
    assert set(router.routes) == {"ab", "bc", "ac"}
    router.update(removed=["ab"])
    assert set(router.routes) == {"bc", "ac"}
    changed = router.update({"b": None})
    assert "bc" in changed and "bc" not in router.routes
    router.update({"b": step(240, 200)})
    links = [Link("bc", "b", "c"), Link("ac", "a", "c")]
    cards["b"] = step(240, 200)
    assert set(router.routes) == {"bc", "ac"}
    assert all_problems(cards, links, router.routes) == []


def test_update_before_route_all_routes_everything():
    router = Router({"a": step(0, 0), "b": step(240, 0)}, [Link("ab", "a", "b")])
    assert router.update() == {"ab"}


# -- whole chains ---------------------------------------------------------------------


@pytest.mark.parametrize("path", sample_paths() + template_paths(), ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_sample_chains_and_templates_draw_cleanly(path):
    cards, links = scene_cards(load_chain(path))  # the walls round the lanes too, as the canvas routes them
    overlapping = [(a, b) for a in cards for b in cards if a < b and rect_overlaps(cards[a].box, cards[b].box)
                   and not cards[a].kind == cards[b].kind == "wall"]  # (the walls meet at the corners)
    if overlapping:
        pytest.skip(f"cards overlap in the file, no route can avoid them: {overlapping}")
    routes = route_all(cards, links)
    assert set(routes) == {link.id for link in links}


def test_a_grid_chain_draws_cleanly_and_mostly_straight():
    cards, links = grid_chain(400, seed=1)
    routes = route_all(cards, links)
    straight = sum(1 for route in routes.values() if len(route) == 2)
    assert straight > len(links) / 2
    assert sum(bends(route) for route in routes.values()) / len(routes) < 1.5


SCRIPT = """
import json
from models.routing import Card, Link, Router
from tests.benchmarks.routing_bench import grid_chain
cards, links = grid_chain(60, seed=5)
links.append(Link("loop", "t000010", "t000010"))
print(json.dumps(Router(cards, links).route_all(), sort_keys=True))
"""


def test_routes_do_not_depend_on_string_hashing():
    outputs = []
    for seed in ("1", "2"):
        environment = dict(os.environ, PYTHONHASHSEED=seed)
        result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True,
                                env=environment, cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
        outputs.append(json.loads(result.stdout))
    assert outputs[0] == outputs[1]


# -- random chains ----------------------------------------------------------------------

CELL_WIDTH, CELL_HEIGHT, GAP = 300.0, 160.0, 40.0  # a card per cell, at least GAP apart
MOST_ENDS = 20  # link ends at one card: far more than a chain has, fewer than its sides hold


@st.composite
def chains(draw, most_cards: int = 18, most_links: int = 30, fewest_cards: int = 2, fewest_columns: int = 1):
    """Cards of random kinds and sizes on a jittered grid, at least GAP apart; random
    handoffs between them (self-handoffs and repeats included), at most MOST_ENDS link
    ends at a card."""
    count = draw(st.integers(fewest_cards, most_cards))
    columns = draw(st.integers(fewest_columns, 6))
    cards = {}
    for index in range(count):
        row, column = divmod(index, columns)
        width = draw(st.floats(120, 260))
        height = draw(st.floats(52, 120))
        left = column * CELL_WIDTH + draw(st.floats(0, 1)) * (CELL_WIDTH - GAP - width)
        top = row * CELL_HEIGHT + draw(st.floats(0, 1)) * (CELL_HEIGHT - GAP - height)
        cards[f"c{index}"] = Card((left, top, left + width, top + height), draw(st.sampled_from(KINDS)))
    ends = st.integers(0, count - 1)
    pairs = draw(st.lists(st.tuples(ends, ends), min_size=min(count, most_links) // 2, max_size=most_links))
    links, degree = [], [0] * count
    for source, target in pairs:
        if degree[source] < MOST_ENDS - 1 and degree[target] < MOST_ENDS - 1:
            degree[source] += 1
            degree[target] += 1
            links.append(Link(f"l{len(links)}", f"c{source}", f"c{target}"))
    return cards, links


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chains())
def test_random_chains_draw_cleanly(chain):
    cards, links = chain
    routes = Router(cards, links).route_all()
    assert all_problems(cards, links, routes) == []
    assert set(routes) == {link.id for link in links}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(chains(most_cards=40, fewest_cards=20, most_links=80, fewest_columns=2))
def test_large_crowded_random_chains_draw_cleanly(chain):
    # (Not one tall column: 40 cards stacked with 80 random handoffs can jam the one
    # corridor beside them, a known limit of the router.)
    cards, links = chain
    routes = Router(cards, links).route_all()
    assert all_problems(cards, links, routes) == []


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chains(most_cards=12, most_links=20), st.data())
def test_random_edits_keep_the_picture_clean(chain, data):
    cards, links = chain
    cards, links = dict(cards), list(links)
    router = Router(cards, links)
    router.route_all()
    for number in range(5):
        before = dict(router.routes)
        card_id = data.draw(st.sampled_from(sorted(cards)))
        action = data.draw(st.sampled_from(["move", "link", "unlink", "drop"]))
        if action == "move":  # within its own grid cell, so it keeps GAP from the rest
            index = int(card_id[1:])
            columns_left = cards[card_id].box[0] // CELL_WIDTH
            rows_top = cards[card_id].box[1] // CELL_HEIGHT
            left, top, right, bottom = cards[card_id].box
            width, height = right - left, bottom - top
            left = columns_left * CELL_WIDTH + data.draw(st.floats(0, 1)) * (CELL_WIDTH - GAP - width)
            top = rows_top * CELL_HEIGHT + data.draw(st.floats(0, 1)) * (CELL_HEIGHT - GAP - height)
            cards[card_id] = Card((left, top, left + width, top + height), cards[card_id].kind)
            changed = router.update({card_id: cards[card_id]})
            del index
        elif action == "link":
            link = Link(f"new{number}", card_id, data.draw(st.sampled_from(sorted(cards))))
            links.append(link)
            changed = router.update(added=[link])
            assert link.id in changed
        elif action == "unlink" and links:
            link = links.pop(data.draw(st.integers(0, len(links) - 1)))
            changed = router.update(removed=[link.id])
        elif action == "drop" and len(cards) > 2:
            del cards[card_id]
            changed = router.update({card_id: None})
        else:
            continue
        routable = {link.id for link in links if link.source in cards and link.target in cards}
        assert set(router.routes) == routable
        assert all_problems(cards, links, router.routes) == []
        moved = {id for id in routable | set(before) if before.get(id) != router.routes.get(id)}
        assert moved - {link.id for link in links if link.id not in routable} - set(before) <= changed | moved
        assert {id for id in moved if id in routable} <= changed


def test_a_router_built_a_card_at_a_time_routes_as_one_built_at_once():
    # The canvas builds a large chain's router over turns of its event loop
    # (RoutingPlan.routing): hashing 20,000 cards in one turn held the editor a third
    # of a second.
    cards, links = grid_chain(60, seed=1)
    steps, count = Router.building(cards, links), 0
    while True:
        try:
            next(steps)
        except StopIteration as done:
            router = done.value
            break
        count += 1
    assert count >= len(cards)
    assert router.route_all() == Router(cards, links).route_all()


def test_a_routing_pass_in_steps_files_the_cards_by_strips_and_lines_up_ports_a_few_at_a_time(monkeypatch):
    # Filing 20,000 cards by strips (which the first long straight line asked for) and
    # lining up 26,000 links' ports each took one step of 130 to 140 ms: the editor
    # stood still that long while it opened a large chain.
    import models.routing.router as router_module
    from models.routing.card_strips import CardStrips

    monkeypatch.setattr(router_module, "STRIP_STEP", 16)
    monkeypatch.setattr(router_module, "ALIGN_STEP", 16)
    cards, links = grid_chain(300, seed=2)
    filed, aligned = [0], [0]
    add, align = CardStrips.add, Router._align
    monkeypatch.setattr(CardStrips, "add", lambda self, *args: (filed.__setitem__(0, filed[0] + 1), add(self, *args)))
    monkeypatch.setattr(Router, "_align", lambda self, some: (aligned.__setitem__(0, aligned[0] + len(some)),
                                                              align(self, some)))
    router = Router(cards, links)
    per_step = []
    for _step in router.routing_all():
        per_step.append((filed[0], aligned[0]))
        filed[0] = aligned[0] = 0
    assert sum(cards_filed for cards_filed, _ in per_step) == 2 * len(cards)  # both axes
    assert max(cards_filed for cards_filed, _ in per_step) <= 2 * 16
    assert sum(links_aligned for _, links_aligned in per_step) == len(links)
    assert max(links_aligned for _, links_aligned in per_step) <= 16
    assert router.routes == Router(cards, links).route_all()


def test_a_search_gives_the_event_loop_turns_between_its_steps_and_finds_the_same_routes(monkeypatch):
    # One far handoff's search took up to 400 ms, in one step of the routing pass of a
    # 20,000-card chain: the editor stood still meanwhile.
    import models.routing.search as search

    monkeypatch.setattr(Router, "_fast", lambda self, *args, **kwargs: None)  # every link searched
    monkeypatch.setattr(Router, "_channel_route", lambda self, *args, **kwargs: None)
    cards = {"a": step(0, 0), "b": step(240, 0), "c": step(480, 0), "d": step(240, 200)}
    links = [Link("skip", "a", "c"), Link("ab", "a", "b"), Link("bc", "b", "c"), Link("ad", "a", "d")]
    at_once = Router(cards, links).route_all()

    def steps() -> tuple[int, dict]:
        router = Router(cards, links)
        return sum(1 for _step in router.routing_all()), router.routes

    usual, routes = steps()
    assert routes == at_once
    monkeypatch.setattr(search, "_STEP_MASK", 7)  # a turn every 8 search steps
    more, routes = steps()
    assert more > usual and routes == at_once
    assert bends(at_once["skip"]) >= 2  # round b: the search's route
