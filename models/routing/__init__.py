"""Handoff routes that go around cards: right-angled lines from card outline to outline.

Pure Python (no Qt), so the canvas, the exports and the tests share one router.

How a chain is routed (`Router.route_all`, in router.py):

1. Each handoff picks the side it leaves its source by and the side it enters its
   target by (`_sides`, ports.py): forward to the right, up or down when the cards are
   stacked, a loop over the top or under the bottom when it returns to a card in the
   same band. A decision's branches leave from different vertices of the diamond. A
   side with a card right in front of it gives way to the next best.
2. The handoffs meeting one side of a card get their own port each, spread over the
   side and ordered so that they do not cross near the card (`_place_card`, ports.py;
   the geometry in port_places.py and cards.py); a crowded side spills ports onto its
   neighbours. Ports that can face each other across a clear straight line take the
   same coordinate, for a straight line.
3. Each port's line is reserved out to RESERVE past its card (`_reserve`, ports.py): no
   other route may run along it there, so every link can get out of its card and turn.
4. Handoffs are routed one by one, shortest first (`_routing`, router.py). A fast path
   tries the straight, L, Z, U and double-Z shapes (`_fast`, shapes.py), their free
   coordinates pushed past the cards and routes in the way (`_lift`, obstacles.py).
   When none fits, or the link's Z would have a long middle run, the channels
   (`_channel_route`, channels.py) take the free lines for its long run all at once: a
   Z, a double Z, a dogleg or a detour down lines no card and no other route is near,
   closer than a separation only when a gap is full. Only when that fails too does an
   A* search run over a sparse orthogonal visibility graph of the cards near the two
   ends (`_search`, search.py), in a window that grows while the search runs into its
   edge, then with more lines, then allowed to run over other routes, which are ripped
   up and routed again afterwards. Routes already placed are obstacles for collinear
   runs (an index of segments, run_index.py, see `_conflict`), never for crossings, so
   no two routes share a line. Long runs ask the cards by strips (card_strips.py:
   two bisections) and the placed runs by lanes (run_lanes.py: the sorted lines of a
   few blocks along, coarser ones inside a long run), not every cell along them; the
   channels look at a wide range near the places they want first (channels.py).

An edit (`Router.update`) places the ports of the cards it touches again and re-routes
the handoffs whose ports moved, whose cards moved, or whose routes the edit now blocks.
A long route the edit blocks only near the moved cards is mended there and keeps the
rest of its way (`_repaired`, repair.py), when the mended route passes the checks.

Router is one class put together from parts that share its state: Ports, Obstacles,
RunIndex, Shapes, Channels, Legs, Search and Repair, one module each; constants.py
holds the distances, costs and limits.

Limits: a search gives up after MAX_POPS steps and a pass after BUDGET steps (links
whose ends lie more than FAR_LINK apart share FAR_BUDGET of them, and a window of
more than MAX_NODES crossings of lines is not searched at all). A long link left
without a route then takes its long run in legs (legs.py): lines that each stay free
as far as they go, with a jog between. Only a link that finds no way even so gets a
plain route that may cross cards: when cards overlap, a card has far more handoffs
than its sides hold (beyond some 40 link ends on one card), or, in a chain of 20,000
touchpoints whose frontline lanes all lie above its back-office lanes, a few dozen
links whose ends are hemmed in by other routes.
"""

from models.geometry import PILL_RADIUS, STEP_RADIUS
from models.routing.cards import Card, Link, lane_walls
from models.routing.constants import CLEARANCE, Box, Point
from models.routing.router import Router

__all__ = ["CLEARANCE", "PILL_RADIUS", "STEP_RADIUS", "Box", "Card", "Link", "Point", "Router", "lane_walls"]
