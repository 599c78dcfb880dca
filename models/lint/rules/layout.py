"""Rules about the picture: cards that cover each other."""

from __future__ import annotations

import functools
from array import array
from bisect import bisect_left, insort

from models.chain import Chain, Touchpoint
from models.geometry import card_layout, card_size, owner_names
from models.lint.registry import Hit, Reads, rule
from models.lint.rows import TouchpointRow, touchpoint_rows
from models.text import shortened

TOLERANCE = 0.5  # cards that overlap by this much or less (rounding) do not count
CELL = (256.0, 128.0)  # (width, height) of the cells of a lane's grid, about a card's size
LARGE = 64  # a card that covers more cells than this is kept aside, and checked against its lane
SWEEP_BUDGET = 16  # comparisons per card before the sweep gives way to the grids
NAME_LENGTH = 40  # a longer label is cut short in a message

Box = tuple[float, float, float, float]  # left, top, right, bottom, in the card's lane


def _overlap(box: Box, other: Box) -> bool:
    return (
        box[0] < other[2] - TOLERANCE
        and other[0] < box[2] - TOLERANCE
        and box[1] < other[3] - TOLERANCE
        and other[1] < box[3] - TOLERANCE
    )


class CardOverlaps:
    """Which cards overlap another card of their lane, kept up to date as cards change.

    A card is placed by its `position`, relative to its lane's top, and sized by
    models.geometry, so cards of different lanes never overlap. Each overlapping card
    names its partner: the first card in file order that it overlaps.

    All partners are found by a sweep along x through each lane, which compares each card
    with the few whose left edge lies under it; should cards pile up (many at one x), the
    sweep gives way to the grids below, so a chain is checked in time in proportion to
    its cards either way.

    Live lint keeps one between edits (see models.lint.live) and calls
    `touchpoint_changed` after a card moved, was resized or relabelled, or its owner
    changed (its size follows its label and its owner's name). An edit looks only at the
    cards near the one that changed, through its lane's grid (built at the first edit in
    that lane). Adding or removing a card, moving it to another lane or changing its kind
    or a person's name needs a new one.
    """

    def __init__(self, chain: Chain, rows: list[TouchpointRow] | None = None):
        """`rows`: the chain's touchpoint rows, when a full lint has read them already."""
        if rows is None:
            rows = touchpoint_rows(chain.touchpoints)
        self._ids = [row.id for row in rows]
        self._names = owner_names(chain)
        lane_of: dict[str, int] = {}
        self._lanes = [lane_of.setdefault(row.department, len(lane_of)) for row in rows]
        self._labels = [row.label for row in rows]
        # Each edge of every card in an array of its own: the sweep reads the cards of
        # one lane, which lie all over the file; in four compact arrays those reads stay
        # in the cache, where a tuple and four floats per card of a large chain did not.
        self._edges = edges = (array("d"), array("d"), array("d"), array("d"))
        lefts, tops, rights, bottoms = (edge.append for edge in edges)
        name_of = self._names.get
        for row in rows:  # (self._box and card_size, unrolled: a full lint sizes every card)
            size = row.size
            layout = card_layout(row.kind, row.label, None if size is None else (size.w, size.h), name_of(row.owner))
            position = row.position
            x, y = position.x, position.y
            lefts(x)
            tops(y)
            rights(x + layout.width)
            bottoms(y + layout.height)
        self._grids: dict[int, _LaneGrid] = {}  # built when first needed
        partners = self._sweep()
        if partners is None:  # cards pile up: the grids find the first overlap quickly
            partners = [self._grid(lane).first_overlap(node) for node, lane in enumerate(self._lanes)]
        self._partner = partners

    def hits(self) -> dict[str, list[Hit]]:
        """Touchpoint id -> its finding, for every card that overlaps another, in file order."""
        return {
            self._ids[node]: [self._hit(node, partner)]
            for node, partner in enumerate(self._partner)
            if partner is not None
        }

    def touchpoint_changed(self, touchpoint: Touchpoint) -> dict[str, list[Hit]]:
        """After an edit of one card that kept it in its lane: touchpoint id -> its hits now
        ([] for none), for every card whose finding may have changed."""
        node = self._number[touchpoint.id]
        box, old_box = self._box(touchpoint), self._boxes[node]
        moved = box != old_box
        if not moved and touchpoint.label == self._labels[node]:
            return {}
        self._labels[node] = touchpoint.label
        grid, partner = self._grid(self._lanes[node]), self._partner
        before = grid.overlapping(old_box) - {node}  # these may name the card, by its old label
        after = before
        if moved:
            grid.unfile(node, old_box)
            self._boxes[node] = box
            grid.file(node, box)
            after = grid.overlapping(box) - {node}
            for other in before - after:
                if partner[other] == node:  # it named the card, which has gone: look again
                    partner[other] = grid.first_overlap(other)
            for other in after - before:
                if partner[other] is None or node < partner[other]:
                    partner[other] = node
            partner[node] = grid.first_overlap(node)
        changed = {}
        for other in sorted(before | after | {node}):
            found = partner[other]
            changed[self._ids[other]] = [] if found is None else [self._hit(other, found)]
        return changed

    # -- finding overlaps -----------------------------------------------------------------

    def _box(self, touchpoint: Touchpoint) -> Box:
        width, height = card_size(touchpoint, self._names.get(touchpoint.owner))
        x, y = touchpoint.position.x, touchpoint.position.y
        return x, y, x + width, y + height

    def _sweep(self) -> list[int | None] | None:
        """Each card's partner, by a sweep along x through each lane; None when the cards
        pile up so that the sweep would compare more than SWEEP_BUDGET pairs per card."""
        left, top, right, bottom = self._edges
        count = len(left)
        partner: list[int | None] = [None] * count
        budget = SWEEP_BUDGET * count + 256
        # Each lane sorted on its own: lanes are short, so this takes time in proportion
        # to the cards, where one sort of all cards would not.
        for members in self._members:
            order = sorted(members, key=left.__getitem__)  # by left, then file order
            size = len(order)
            for place, node in enumerate(order):
                limit, node_left, node_top = right[node] - TOLERANCE, left[node], top[node]
                node_bottom = bottom[node] - TOLERANCE
                after = place + 1
                while after < size:
                    other = order[after]
                    if left[other] >= limit:
                        break  # sorted by left: every later card is clear of this one
                    # (_overlap, less the test just made)
                    if (
                        node_left < right[other] - TOLERANCE
                        and node_top < bottom[other] - TOLERANCE
                        and top[other] < node_bottom
                    ):
                        if partner[node] is None or other < partner[node]:
                            partner[node] = other
                        if partner[other] is None or node < partner[other]:
                            partner[other] = node
                    after += 1
                budget -= after - place
                if budget < 0:
                    return None
        return partner

    @functools.cached_property
    def _boxes(self) -> _Boxes:
        """Every card's box, for the grids and edits (a full lint needs neither)."""
        return _Boxes(self._edges)

    @functools.cached_property
    def _number(self) -> dict[str, int]:
        """Touchpoint id -> its place in the file (needed for edits only)."""
        return {id: node for node, id in enumerate(self._ids)}

    @functools.cached_property
    def _members(self) -> list[list[int]]:
        """The cards of each lane, in file order."""
        members: list[list[int]] = [[] for _ in range(max(self._lanes, default=-1) + 1)]
        for node, lane in enumerate(self._lanes):
            members[lane].append(node)
        return members

    def _grid(self, lane: int) -> _LaneGrid:
        grid = self._grids.get(lane)
        if grid is None:
            grid = self._grids[lane] = _LaneGrid(self._members[lane], self._boxes)
        return grid

    def _hit(self, node: int, partner: int) -> Hit:
        label = shortened(self._labels[partner], NAME_LENGTH)
        name = f"\"{label}\"" if label else f"the card {self._ids[partner]}"
        return Hit(self._ids[node], f"The card overlaps {name}.")


class _Boxes:
    """Every card's box as a tuple, read from and written to the arrays of its edges: a
    list of the tuples beside the arrays took 3.4 MB at 20,000 cards for as long as the
    chain was open, from its first edit on."""

    __slots__ = ("_edges",)

    def __init__(self, edges: tuple[array, array, array, array]):
        self._edges = edges

    def __getitem__(self, node: int) -> Box:
        left, top, right, bottom = self._edges
        return left[node], top[node], right[node], bottom[node]

    def __setitem__(self, node: int, box: Box) -> None:
        left, top, right, bottom = self._edges
        left[node], top[node], right[node], bottom[node] = box


class _LaneGrid:
    """The cards of one lane filed in CELL-sized cells, each cell's cards in file order,
    so the first card in file order that overlaps a box is found after a look at the
    few cards near it, however many cards pile up there. A LARGE card is kept aside in
    a list of its own that every search also looks at."""

    def __init__(self, members: list[int], boxes: _Boxes):
        self.members = members  # every card of the lane, file order (the lane never changes)
        self.boxes = boxes  # every card's box, shared with CardOverlaps
        self.cells: dict[tuple[int, int], list[int]] = {}
        self.large: list[int] = []
        cells, width, height = self.cells, *CELL
        for node in members:  # (self.file, unrolled) in file order, so each cell is sorted
            left, top, right, bottom = boxes[node]
            columns = range(int(left // width), int(right // width) + 1)
            rows = range(int(top // height), int(bottom // height) + 1)
            if len(columns) * len(rows) > LARGE:
                self.large.append(node)
                continue
            for column in columns:
                for row in rows:
                    cell = cells.get((column, row))
                    if cell is None:
                        cells[(column, row)] = [node]
                    else:
                        cell.append(node)

    @staticmethod
    def _cells(box: Box) -> tuple[range, range] | None:
        """The columns and rows of the cells `box` covers; None for a LARGE box."""
        columns = range(int(box[0] // CELL[0]), int(box[2] // CELL[0]) + 1)
        rows = range(int(box[1] // CELL[1]), int(box[3] // CELL[1]) + 1)
        return (columns, rows) if len(columns) * len(rows) <= LARGE else None

    def file(self, node: int, box: Box) -> None:
        cells = self._cells(box)
        if cells is None:
            insort(self.large, node)
            return
        for column in cells[0]:
            for row in cells[1]:
                insort(self.cells.setdefault((column, row), []), node)

    def unfile(self, node: int, box: Box) -> None:
        cells = self._cells(box)
        if cells is None:
            self.large.remove(node)
            return
        for column in cells[0]:
            for row in cells[1]:
                cell = self.cells[(column, row)]
                del cell[bisect_left(cell, node)]
                if not cell:
                    del self.cells[(column, row)]

    def _near(self, box: Box) -> list[list[int]]:
        """Lists of cards, each in file order, that hold every card `box` may overlap."""
        cells = self._cells(box)
        if cells is None:
            return [self.members]
        near = [self.large] if self.large else []
        for column in cells[0]:
            for row in cells[1]:
                cell = self.cells.get((column, row))
                if cell:
                    near.append(cell)
        return near

    def first_overlap(self, node: int) -> int | None:
        """The first card in file order that `node`'s card overlaps, or None."""
        box, first = self.boxes[node], None
        for cards in self._near(box):
            for other in cards:
                if first is not None and other >= first:
                    break  # in file order: nothing earlier in this list
                if other != node and _overlap(box, self.boxes[other]):
                    first = other
                    break
        return first

    def overlapping(self, box: Box) -> set[int]:
        """Every card of the lane that `box` overlaps."""
        boxes = self.boxes
        return {other for cards in self._near(box) for other in cards if _overlap(box, boxes[other])}


@rule(
    "cards-overlap",
    "warning",
    "No card overlaps another.",
    """The picture goes into onboarding decks and printed handouts. A card that covers
    another hides part of its label, owner and handoffs, so the reader cannot tell what
    happens there or who owns it.""",
    "Arrange > Tidy pulls overlapping cards apart; or drag one of them aside.",
    reads=Reads.TOUCHPOINT | Reads.PLACES | Reads.ROSTER,
    tracker=CardOverlaps,
)
def cards_overlap(context):
    for hits in CardOverlaps(context.chain, context.touchpoint_rows).hits().values():
        yield from hits
