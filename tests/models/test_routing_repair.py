"""Local repair (models/routing/repair.py): a long route a moved card blocks is mended
near the card and keeps the rest of its way; the picture stays clean."""

from models.lane_shift import LaneShift
from models.picture_check import all_problems
from models.routing import CLEARANCE, Card, Link, Router


def step(left: float, top: float) -> Card:
    return Card((left, top, left + 160.0, top + 64.0), "step")


def moved(card: Card, dx: float, dy: float) -> Card:
    left, top, right, bottom = card.box
    return Card((left + dx, top + dy, right + dx, bottom + dy), card.kind)


def clearance_from(route, box) -> float:
    """How near the route comes to the box (0 when a run meets it)."""
    left, top, right, bottom = box
    nearest = float("inf")
    for (x0, y0), (x1, y1) in zip(route, route[1:]):
        gap_x = max(left - max(x0, x1), min(x0, x1) - right, 0.0)
        gap_y = max(top - max(y0, y1), min(y0, y1) - bottom, 0.0)
        nearest = min(nearest, max(gap_x, gap_y))
    return nearest


def a_long_run() -> tuple[dict[str, Card], list[Link], Router, list]:
    """Cards, links and their router, with the route of "long", which runs down x = 288
    for 3,000 px past card p."""
    cards = {"s": step(0, 0), "t": step(600, 3000), "m": step(300, 1500), "a": step(0, 1500),
             "b": step(600, 1500), "p": step(330, 800), "q": step(600, 800)}
    links = [Link("long", "s", "t"), Link("am", "a", "m"), Link("mb", "m", "b"), Link("pq", "p", "q")]
    router = Router(cards, links)
    before = dict(router.route_all())["long"]
    assert before[1][0] == before[2][0] == 288.0  # the long run these tests are about
    return cards, links, router, before


def test_a_long_route_a_moved_card_blocks_keeps_its_far_corners():
    # card p moves left onto the long run
    cards, links, router, before = a_long_run()
    changed = router.update({"p": moved(cards["p"], -60, 0)})
    after = router.routes["long"]
    assert "long" in changed
    # the far ends of the route keep their corners; only the stretch at p moved
    assert after[:2] == before[:2] and after[-2:] == before[-2:]
    assert clearance_from(after, router.cards["p"].box) >= CLEARANCE
    assert all_problems(router.cards, links, router.routes) == []


def test_a_long_route_a_grown_card_blocks_is_mended_near_it_while_lanes_below_move():
    # p grows wider onto the long run and taller, and its lane with it: the lanes below
    # (from y = 1,000) move down, every card in them with them
    cards, links, router, before = a_long_run()
    shift = LaneShift([0.0, 1000.0], [0.0, 40.0])
    changed = {id: moved(card, 0, 40) for id, card in cards.items() if card.box[1] >= 1000}
    left, top, right, bottom = cards["p"].box
    changed["p"] = Card((left - 60, top, right, bottom + 40), "step")
    router.update(changed, carry=shift.point)
    carried, after = [shift.point(point) for point in before], router.routes["long"]
    assert after != carried  # it could not be carried along as it was...
    assert after[:2] == carried[:2] and after[-2:] == carried[-2:]  # ...but kept its far corners
    assert clearance_from(after, router.cards["p"].box) >= CLEARANCE
    assert all_problems(router.cards, links, router.routes) == []


def grid_with_long_links() -> tuple[dict[str, Card], list[Link]]:
    """Four columns of cards, 16 rows, linked along each row, and long handoffs between
    the top and bottom rows that run down the gaps between the columns."""
    cards, links = {}, []
    for row in range(16):
        for column in range(4):
            cards[f"c{row}_{column}"] = step(column * 320.0, row * 150.0)
        for column in range(3):
            links.append(Link(f"r{row}_{column}", f"c{row}_{column}", f"c{row}_{column + 1}"))
    for column in range(3):
        links.append(Link(f"down{column}", f"c0_{column}", f"c15_{column + 1}"))
        links.append(Link(f"up{column}", f"c15_{column}", f"c1_{column + 1}"))
    return cards, links


def test_moving_cards_across_long_links_keeps_the_picture_clean():
    cards, links = grid_with_long_links()
    router = Router(cards, links)
    router.route_all()
    long_ids = [link.id for link in links if link.id.startswith(("down", "up"))]
    mended = 0  # long routes that changed but kept both far ends' corners
    for dx, dy in ((10, 8), (-60, 0), (60, 0), (150, 0), (-150, 20)):
        for row in range(2, 14):
            for column in range(4):
                card_id = f"c{row}_{column}"
                before = {link_id: router.routes[link_id] for link_id in long_ids}
                router.update({card_id: moved(cards[card_id], dx, dy)})
                assert all_problems(router.cards, links, router.routes) == [], (card_id, dx, dy)
                for link_id in long_ids:
                    old, new = before[link_id], router.routes[link_id]
                    if new != old and new[:2] == old[:2] and new[-2:] == old[-2:]:
                        mended += 1
                router.update({card_id: cards[card_id]})
                assert all_problems(router.cards, links, router.routes) == [], (card_id, "put back")
    assert mended > 0
