"""Routing handoffs without a window: every route of a chain, and what one moved card costs.

`measure_routing` times `Router.route_all` from scratch and `Router.update` after a card
moves a little (the end of a drag), on the scene boxes the canvas would show. Chains come
either from `grid_chain` (cards in lanes, rows and aligned columns, as the layout places
them, with mostly forward handoffs) or from a real chain through `scene_cards`.
"""

from __future__ import annotations

import random
import statistics

from models.geometry import HEADER_WIDTH, canvas_content_width, picture_boxes
from models.labels import route_length
from models.picture_check import routes_inside_cards
from models.routing import Card, Link, Router, lane_walls
from models.stage_columns import stage_columns
from tests.benchmarks.timing import median_seconds, run_times

MOVE = (10.0, 8.0)  # how far the timed edit moves a card: a nudge that overlaps nothing
MOVED_CARDS = 7  # cards moved in turn, spread over the chain


def measure_routing(chain_cards: dict[str, Card], links: list[Link], repeat: int) -> dict[str, float]:
    """Median milliseconds of "route all" (a new Router and route_all) and of "re-route
    after a move" (update after one card moved; several cards in turn, each moved and
    put back, only the move timed); "links changed" is the median number of routes
    such a move changed; "route length" is the routes' total length in pixels (what
    routing makes: it grows faster than the chain where long handoffs cross more lanes);
    "through cards" counts the route segments that run through a card, once for each
    card (the picture check's, models.picture_check): the plain lines drawn when no way
    was found."""
    results = {"route all": median_seconds(lambda: Router(chain_cards, links).route_all(), repeat) * 1000}
    router = Router(chain_cards, links)
    router.route_all()
    results["route length"] = float(sum(map(route_length, router.routes.values())))
    results["through cards"] = float(len(routes_inside_cards(chain_cards, links, router.routes)))
    linked = [card_id for card_id in chain_cards if router._at.get(card_id)]
    step = max(1, len(linked) // MOVED_CARDS)
    times, changed = [], []
    for card_id in linked[step // 2::step][:MOVED_CARDS]:
        card = chain_cards[card_id]
        left, top, right, bottom = card.box
        moved = Card((left + MOVE[0], top + MOVE[1], right + MOVE[0], bottom + MOVE[1]), card.kind)

        def move(card_id=card_id, moved=moved) -> None:
            changed.append(len(router.update({card_id: moved})))

        def put_back(card_id=card_id, card=card) -> None:
            router.update({card_id: card})

        times += run_times(move, max(1, repeat), between=put_back, budget=0.2)
        put_back()
    results["re-route after a move"] = statistics.median(times) * 1000
    results["links changed"] = float(statistics.median(changed))
    return results


def grid_chain(n: int, seed: int = 0) -> tuple[dict[str, Card], list[Link]]:
    """`n` cards in lanes of two rows, columns aligned across lanes (80 px apart, rows
    24 px apart, as the layout places them), and about 1.3 n handoffs: along each row,
    across to a neighbouring row in the next column, a decision's second branch, a few
    skips ahead past a card and a few rework loops back."""
    rng = random.Random(seed)
    columns = max(2, round((n / 2) ** 0.5 * 2))
    rows = -(-n // columns)
    pitch_x, row_height, row_gap, lane_gap = 240.0, 84.0, 24.0, 48.0
    cards: dict[str, Card] = {}
    grid: dict[tuple[int, int], str] = {}
    sizes = {"step": (160.0, 64.0), "decision": (150.0, 84.0), "start": (150.0, 52.0), "end": (150.0, 52.0)}
    for index in range(n):
        row, column = divmod(index, columns)
        lane = row // 2
        top = 20.0 + row * (row_height + row_gap) + lane * (lane_gap - row_gap)
        if column == 0:
            kind = "start"
        elif column == columns - 1:
            kind = "end"
        else:
            kind = "decision" if rng.random() < 0.06 else "step"
        width, height = sizes[kind]
        left = 40.0 + column * pitch_x
        card_id = f"t{index:06d}"
        cards[card_id] = Card((left, top, left + width, top + height), kind)
        grid[(row, column)] = card_id
    links: list[Link] = []

    def link(source: str, target: str) -> None:
        links.append(Link(f"h{len(links):06d}", source, target))

    for (row, column), card_id in grid.items():
        ahead = grid.get((row, column + 1))
        if ahead is not None:
            link(card_id, ahead)
        roll = rng.random()
        other_row = row + rng.choice((-2, -1, 1, 2))
        if cards[card_id].kind == "decision" or roll < 0.15:
            target = grid.get((other_row, column + 1))
            if target is not None:
                link(card_id, target)
        elif roll < 0.20:
            target = grid.get((row, column + rng.randrange(2, 4)))
            if target is not None:
                link(card_id, target)
        elif roll < 0.23 and column > 2:
            link(card_id, grid[(row, column - rng.randrange(1, 3))])
    return cards, links


def scene_cards(chain) -> tuple[dict[str, Card], list[Link]]:
    """A chain's cards as the canvas routes them: at their scene positions (lanes stacked
    in file order), and the walls round the lanes, which keep routes out of the header
    column and inside the lanes; and its handoffs."""
    boxes, lanes = picture_boxes(chain)
    kinds = {touchpoint.id: touchpoint.kind for touchpoint in chain.touchpoints}
    cards = {id: Card((x, y, x + width, y + height), kinds[id]) for id, (x, y, width, height) in boxes.items()}
    # the canvas's lanes reach further right than the export's: its own rule
    right = max((x + width - HEADER_WIDTH for x, _y, width, _height in boxes.values()), default=0.0)
    columns = stage_columns(chain)
    if columns:
        right = max(right, columns[-1].right)
    bottom = max((top + height for _x, top, _width, height in lanes.values()), default=0.0)
    cards |= lane_walls(HEADER_WIDTH, HEADER_WIDTH + canvas_content_width(right), bottom)
    links = [Link(handoff.id, handoff.source, handoff.target) for handoff in chain.handoffs]
    return cards, links


if __name__ == "__main__":
    import sys

    from tests.benchmarks.generate import synthetic_chain

    repeat = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    print(f"{'chain':<28}{'links':>8}{'route all ms':>14}{'move ms':>10}{'changed':>9}")
    for size in (1_000, 5_000, 20_000):
        for name, (cards, links) in (
            (f"grid {size:,}", grid_chain(size)),
            (f"synthetic_chain {size:,}", scene_cards(synthetic_chain(size))),
        ):
            figures = measure_routing(cards, links, repeat)
            print(f"{name:<28}{len(links):>8,}{figures['route all']:>14.0f}"
                  f"{figures['re-route after a move']:>10.2f}{figures['links changed']:>9.0f}")
