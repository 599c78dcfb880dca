"""The distances, costs and limits routing works with, and the four directions.

All lengths are scene pixels; y grows downwards. A side of a card is named by the
direction it faces (RIGHT, DOWN, LEFT, UP), and so is the heading of a run.
"""

from __future__ import annotations

import math

Point = tuple[float, float]
Box = tuple[float, float, float, float]  # left, top, right, bottom, scene coordinates, y grows downwards

CLEARANCE = 12.0  # how far a route keeps from the cards it passes
SEPARATION = 8.0  # between parallel runs of different routes
TOUCH = 2.5  # collinear runs nearer than this would read as one line: never allowed
CROWDED = TOUCH + 1.5  # between parallel runs in a gap too full for SEPARATION (as the dense search lays them)
HARD = 1.0  # no run comes nearer than this to a card (bar the port's own)
MIN_STUB = 8.0  # the least straight run out of (or into) a card before a bend
RESERVE = 3 * CLEARANCE  # how far out a port's line is kept for its own link
PORT_GAP = 5.0  # the least distance between two ports on one side
PORT_SPACING = 12.0  # between ports, when a straight line moves one off the even spread
PORT_PITCH = 10.0  # between ports gathered around a diamond's vertex
DIAMOND_NEAR, DIAMOND_FULL = 0.3, 0.45  # share of a diamond's half-side its ports may use
LOOP_HEIGHT = 18.0  # how far a self-handoff's loop rises above its card
BEND = 30.0  # what a bend costs in the search, in pixels of length
NEAR = 1.0  # extra cost per pixel run inside a card's clearance or next to another route
SHORT = 5.0  # extra cost per pixel a first or last run falls short of MIN_STUB
GREED = 2.0  # the search trusts its estimate this much more than plain A*: far quicker, rarely worse
CROSSING = 6.0  # cost per pixel of running along another route's line, when ripping it up
RIPS = 2  # how often one link's route may be ripped up for others
LIFT_STEPS = 12  # how many cards or lines a run moved off its place steps past, at most
FREE, NEAR_CARD, ON_ROUTE, BLOCKED = range(4)  # what a search edge runs through, by rank
RUN_COST = (1.0, 1.0 + NEAR, CROSSING, math.inf)  # cost per pixel of each
CELL = 256.0  # spatial hash cell, about one card and a gap
LONG_RUN = 4 * CELL  # a run longer than this asks the card strips, not every cell along it
# The stretch of a line a run index bucket covers. A question about a run looks in a
# bucket for each RUN_CELL along it, and at every run in those buckets: a handoff down a
# gap across hundreds of lanes runs 20,000 to 150,000 px, and asked a hundred buckets and
# more when they were 1,024 px long, while the questions about short runs meet only a
# few more runs in a longer bucket (routing all handoffs at 20,000 touchpoints about a
# tenth quicker, a pair of runs after the other).
RUN_CELL = 16384.0
RUN_BUCKET = 32.0  # the band of lines across (a few separations) a run index bucket covers
REACH = 120.0  # the first search window reaches this far around the two ends...
MAX_REACH = 2000.0  # ...and grows up to this while the search runs into its edge
MAX_NODES = 400_000  # nor beyond this many crossings of lines
MAX_POPS = 150_000  # one search gives up after this many steps...
BUDGET = 2_000_000  # ...and all searches of one pass after this many (or 100 a link, if more):
# beyond, a link gets a plain route. Only chains with hundreds of long handoffs crowding
# through the same gaps come near it.
FAR_LINK = 16 * CELL  # a link whose ends lie farther apart (across plus along) than this...
FAR_BUDGET = 100_000  # ...shares this many search steps a pass with the other such links
OPEN_LINES = 4  # search lines a separation apart beyond the outermost cards (8 times as many dense)
EPS = 1e-6

RIGHT, DOWN, LEFT, UP = range(4)
DX = (1, 0, -1, 0)
DY = (0, 1, 0, -1)
