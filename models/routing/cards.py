"""Cards and links as the router sees them, and the geometry of a card's outline: its
rounded corners, the stretch of each side where ports may sit, and the outline point at
a place along a side."""

from __future__ import annotations

import math
from dataclasses import dataclass

from models.geometry import PILL_RADIUS, STEP_RADIUS
from models.routing.constants import DIAMOND_FULL, DIAMOND_NEAR, DOWN, LEFT, RIGHT, Box, Point


@dataclass(frozen=True, slots=True)
class Card:
    box: Box
    # "step" (rounded rectangle), "decision" (diamond in the box), "start"/"end" (pill); or
    # "wall": a band round the lanes that routes keep out of, as of cards (no link ends on it)
    kind: str


@dataclass(frozen=True, slots=True)
class Link:
    id: str
    source: str  # card id
    target: str  # card id


WALL_THICKNESS = 300.0  # of the bands round the lanes (see lane_walls)


def lane_walls(left: float, right: float, bottom: float) -> dict[str, Card]:
    """Bands round the lanes (from `left` to `right`, from 0 down to `bottom`) that
    routes and labels keep out of, as they do of cards: so nothing is drawn over the
    header column or outside the lanes. ('#' cannot begin an id in a file.)"""
    thick = WALL_THICKNESS
    return {
        "#left": Card((left - thick, -thick, left, bottom + thick), "wall"),
        "#top": Card((left - thick, -thick, right + thick, 0.0), "wall"),
        "#bottom": Card((left - thick, bottom, right + thick, bottom + thick), "wall"),
        "#right": Card((right, -thick, right + thick, bottom + thick), "wall"),
    }


def _radius(card: Card) -> float:
    """The radius of the card's rounded corners (0 for a diamond)."""
    kind = card.kind
    if kind == "step":
        left, top, right, bottom = card.box
        half = min(right - left, bottom - top) / 2
        return half if half < STEP_RADIUS else STEP_RADIUS
    if kind == "decision":
        return 0.0
    left, top, right, bottom = card.box
    width, height = right - left, bottom - top
    limit = PILL_RADIUS if kind in ("start", "end") else STEP_RADIUS
    half = (width if width < height else height) / 2
    return half if half < limit else limit


def _along_range(card: Card, side: int, full: bool = False) -> tuple[float, float]:
    """Where ports may sit along a side: its straight part (for a pill's round end, its
    middle; for a diamond, around the vertex); `full` also allows the rounded corners
    up to their middle, for crowded sides. Neighbouring sides' ranges never meet."""
    left, top, right, bottom = card.box
    low, high = (top, bottom) if side in (RIGHT, LEFT) else (left, right)
    if card.kind == "decision":
        centre, half = (low + high) / 2, (high - low) / 2
        share = DIAMOND_FULL if full else DIAMOND_NEAR
        return centre - half * share, centre + half * share
    radius = _radius(card)
    if full:
        margin = radius * (1 - math.sqrt(0.5)) + 3.0
    elif card.kind in ("start", "end") and side in (RIGHT, LEFT):
        margin = 0.4 * radius
    else:
        margin = radius + 2.0
    return low + margin, high - margin


def _outline_point(card: Card, side: int, along: float) -> Point:
    """The point of the card's outline on `side` at `along` (y for left and right, x for
    top and bottom)."""
    left, top, right, bottom = card.box
    if card.kind == "decision":
        cx, cy = (left + right) / 2, (top + bottom) / 2
        hw, hh = (right - left) / 2, (bottom - top) / 2
        if side in (RIGHT, LEFT):
            inset = hw * min(abs(along - cy) / hh, 1.0) if hh > 0 else 0.0
            return (right - inset, along) if side == RIGHT else (left + inset, along)
        inset = hh * min(abs(along - cx) / hw, 1.0) if hw > 0 else 0.0
        return (along, bottom - inset) if side == DOWN else (along, top + inset)
    radius = _radius(card)
    if side in (RIGHT, LEFT):
        low, high = top + radius, bottom - radius
    else:
        low, high = left + radius, right - radius
    into = (low - along) if along < low else (along - high) if along > high else 0.0
    inset = radius - math.sqrt(max(radius * radius - into * into, 0.0)) if into > 0 else 0.0
    if side == RIGHT:
        return (right - inset, along)
    if side == LEFT:
        return (left + inset, along)
    if side == DOWN:
        return (along, bottom - inset)
    return (along, top + inset)


def _face_distance(box: Box, side: int, x: float, y: float) -> float:
    """How far `side`'s face of the bounding box lies ahead of the port (x, y)."""
    left, top, right, bottom = box
    return (right - x, bottom - y, x - left, y - top)[side]
