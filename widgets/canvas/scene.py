"""The canvas scene: mirrors a Document as lanes, touchpoint cards and handoff arrows.

Items hold ids, not copies of the data. The scene connects the Document's signals and
then creates items for what already exists (the orange-canvas `set_scheme` habit).
Touchpoint positions are stored relative to their lane (`x` from the header column, `y`
from the lane's top); the scene turns them into scene coordinates.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from itertools import islice

from PySide6.QtCore import QT_TRANSLATE_NOOP, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QToolTip,
)

from app.background_work import NEXT_TURN, Offloaded, StepRunner, Steps, run_all, run_for
from app.document import Document
from models.blueprint_lines import blueprint_lines
from models.chain import MAX_COORDINATE, Position, Touchpoint
from models.collector import collector_paused, settle_heap
from models.comments import pinned_elements
from models.letting_go import letting_go
from widgets.canvas.active_scene import make_active
from widgets.canvas.comment_marker import marker_area
from widgets.canvas.handoff_item import HandoffItem
from widgets.canvas.lane_item import LaneItem
from widgets.canvas.miniature import Miniature
from widgets.canvas.routing_plan import ChangesMeanwhile, RoutingPlan
from widgets.canvas.scorecard import lane_scores
from widgets.canvas.stage_band import StageBand
from widgets.canvas.style import (
    BLUEPRINT_LINE_WIDTH,
    LINE_STYLES,
    ACCENT,
    HEADER_WIDTH,
    LANE_BOTTOM_PADDING,
    LANE_MIN_HEIGHT,
    Theme,
    label_font,
)
from models.geometry import canvas_content_width, lane_header, least_card_size, touchpoint_layout
from models.labels import HandoffTexts, Label, LabelPlacer
from models.lane_shift import Carry, LaneShift, moved_rect
from models.routing import Card, Link, Router, lane_walls
from models.stage_columns import StageColumn, stage_at, stage_columns, stage_spans
from widgets.canvas.timing_overlay import TimingOverlay
from widgets.canvas.touchpoint_item import TouchpointItem, owner_name
from widgets.canvas.unshown import UnshownHandoffs

#: Each blueprint line's name in the header column.
LINE_NAMES = {"interaction": QT_TRANSLATE_NOOP("ChainScene", "line of interaction"),
              "visibility": QT_TRANSLATE_NOOP("ChainScene", "line of visibility"),
              "internal": QT_TRANSLATE_NOOP("ChainScene", "line of internal interaction")}
LINE_NAME_POINTS = 8.0  # the blueprint lines' names
#: Qt picks a spatial index of 2^16 cells for 20,000 touchpoints; a frame of the whole
#: chain then spends most of its time gathering items from cells (a long handoff sits in
#: hundreds). 2^10 cells over the canvas alone were as quick at 100% and twice as quick
#: fitted. The index covers more than twice the canvas's area (INDEX_ROOM): with 2^12
#: cells a frame at 100% asks as few items for their bounds as before, and a fitted one
#: takes as long (measured at 5,000 and 20,000).
BSP_DEPTH = 12
#: Above this many handoffs, routing all of them around the cards takes longer than a
#: user should wait for the window: they are routed in the background instead.
BACKGROUND_ROUTING_ABOVE = 1500
ROUTING_SLICE = 0.012  # seconds of routing per event-loop turn, within a frame
#: Lanes that moved with more cards than this in them are routed again over turns of
#: the event loop (_follow_lanes): at once, one word typed held the editor for seconds.
FOLLOW_IN_STEPS_ABOVE = 300
SHOW_STEP = 64  # handoffs carried along a step, off screen, when lanes moved
#: In a chain routed in the background, an edit is routed at once for this long (most are
#: done by then), and the rest over the next turns, its arrows drawn as drafts meanwhile: a
#: card grown by a keystroke with a handoff across hundreds of lanes took half a second.
EDIT_AT_ONCE = 0.012
READ_STEP = 512  # cards read a step after lanes moved (see _follow_lanes)
LANE_STEP = 64  # lanes off screen placed a step after lanes moved (see _follow_lanes)
#: A lane's band in the scene, as top, height and right edge, and whether it is shaded
#: (LaneItem.set_geometry; the band is made only when the lane takes it).
LaneShape = tuple[float, float, float, bool]
STAGE_STEP = 512  # cards measured a step for the stages' columns (see _measuring_stages)
#: A batch (an auto-layout, its undo, a large paste) in a chain of more cards than this is
#: followed over several event-loop turns (see _settle) rather than in one long one.
SETTLE_IN_STEPS_ABOVE = 400
#: Qt's spatial index covers the scene's own rect and is built anew whenever that changes
#: (a fifth to half a second at 20,000 cards), so it is not the canvas's extent (which a
#: layout or an edit changes) but a rect that holds it with this share of its size to
#: spare right and below, grows only when the canvas outgrows it, and never shrinks while
#: the chain is open. The view scrolls over `scroll_rect` instead.
INDEX_ROOM = 0.5
INDEX_HEADROOM = 400.0  # scene pixels above the canvas to spare (a stages band growing taller)
SCROLL_MARGIN = 40.0  # scene pixels round the lanes (and the stages' band) the view scrolls over
NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
HANDOFFS_IN_A_TUPLE = 16  # a card's handoff ids are a tuple up to this many, then a set


def _texts(handoff) -> HandoffTexts:
    return HandoffTexts(handoff.label, handoff.passes, handoff.label_at)


def _route_aside(plan: RoutingPlan) -> RoutingPlan:
    """plan.route() in a thread, the collector paused: a collection meanwhile walked every
    object made since the chain was opened, holding the interpreter lock (over half a
    second at 20,000). What the router made lives as long as the canvas: set aside from
    the collector (at once) before it runs again."""
    with collector_paused():
        plan.route()
        settle_heap()
    return plan


def _settling(steps: Steps) -> Steps:
    """`steps` (which offload nothing), with what each step made set aside from the
    collector: what a routing pass, or following lanes that moved, makes lives as long as
    the canvas, and full collections walked it again and again (0.1 to 0.25 s each, at
    20,000 cards)."""
    try:
        while True:
            try:
                next(steps)
            except StopIteration as end:
                return end.value
            settle_heap()
            yield
    finally:  # (dropped: the steps' own clean-up runs now)
        steps.close()


def _extent(touchpoint: Touchpoint, item: TouchpointItem) -> tuple[str, float, float]:
    """The card's lane and its bottom and right edges, relative to the lane."""
    width, height = item.size()
    return touchpoint.department, touchpoint.position.y + height, touchpoint.position.x + width


def _card_at(item: TouchpointItem, tops: dict[str, float]) -> Card:
    """The router's card for `item` (see ChainScene._card) while its lane's top was at
    tops[lane]: placed in its lane (LaneItem.cards), it lies at that top plus its own y."""
    x, y = item.pos().toTuple()
    if item.parentItem() is not None:
        y += tops.get(item.lane, 0.0)
    width, height = item.size()
    return Card((x, y, x + width, y + height), item.kind)


class ChainScene(QGraphicsScene):
    #: The user asked to rename a lane (double-clicked its header); carries its id.
    lane_rename_requested = Signal(str)
    #: Every handoff of a large chain is now routed around the cards (see _route_everything).
    routing_finished = Signal()
    #: Review mode was turned on or off; the view shows or hides its key.
    review_mode_changed = Signal(bool)
    #: The rect the view scrolls over changed (see scroll_rect); carries it.
    scroll_rect_changed = Signal(QRectF)

    def __init__(self, document: Document, theme: Theme | None = None, parent=None,
                 routes_like: ChainScene | None = None):
        """`routes_like`: a scene whose routing has finished (the editor's), whose routes
        and labels this one takes where it shows the same cards, lanes and handoff texts,
        instead of routing everything again (an export of a large chain)."""
        super().__init__(parent)
        self._routes_like = routes_like
        self.document = document
        self.theme = theme or Theme.from_palette(QApplication.palette())
        self.exporting = False  # set while rendering an export: no selection, hover, handles
        self.review_mode = False  # cards filled in the colour of their review status
        self.scorecard = False  # measured cards tinted on/off target, lanes show their share
        self._lane_scores: dict | None = None  # department id -> LaneScore, while fresh
        self.show_badges = True  # finding badges on elements
        self.owner_names = False  # cards name their owner instead of showing initials
        self.timing = TimingOverlay(self)  # View > Timing Overlay: the critical path marked
        self.touchpoint_items: dict[str, TouchpointItem] = {}
        self.handoff_items: dict[str, HandoffItem] = {}
        self.lane_items: dict[str, LaneItem] = {}
        self.lane_tops: dict[str, float] = {}
        self.lane_heights: dict[str, float] = {}
        # touchpoint id -> ids of its handoffs (see _file_handoff); none for a card without
        self._handoffs_at: dict[str, tuple[str, ...] | set[str]] = {}
        # What sizes the lanes, kept up to date one card at a time so that moving a card
        # does not walk all of them: each card's (lane, bottom, right), each lane's cards,
        # and each lane's lowest bottom and rightmost right (lane-relative).
        self._extents: dict[str, tuple[str, float, float]] = {}
        self._lane_cards: dict[str, set[str]] = {}
        self._lane_bottom: dict[str, float] = {}
        self._lane_right: dict[str, float] = {}
        #: The lanes measured since the lanes were last stacked (None: any may have
        #: changed): only they, and the lanes below them, are stacked again.
        self._lanes_remeasured: set[str] | None = None
        #: The blueprint's lines between lanes, each as (its kinds, the line, the label with
        #: their names); see _place_lines.
        self.blueprint_lines: list[tuple[tuple[str, ...], QGraphicsLineItem, QGraphicsSimpleTextItem]] = []
        self._line_lanes: list[tuple[tuple[str, ...], str]] = []  # each line's kinds and the lane it tops
        self._line_roles: list[tuple[str, str]] | None = None  # the lanes' roles they were found for
        self._drop_marker = QGraphicsLineItem()
        self.stage_band = StageBand()  # the stages' names above the lanes, their columns' separators
        self.stage_columns: list[StageColumn] = []  # see models.stage_columns
        # What the stages' columns were measured from: each card's (stage, x, width), the
        # stages in order and each one's span (see _spans_follow).
        self._stage_inputs: dict[str, tuple[str | None, float, float]] = {}
        self._stage_order: list[str] = []
        self._stage_spans: dict[str, tuple[float, float]] = {}
        self._content_width = 0.0
        self._scroll_rect = QRectF()  # see scroll_rect
        self._index_rect = QRectF()  # the scene's own rect (see INDEX_ROOM)
        self._findings_by_element: dict[str, list[tuple[str, str]]] = {}
        self._open_comments: Counter[str | None] = Counter()  # element id -> open comments
        self.router = Router({}, [])  # the handoffs' routes around the cards
        self.label_placer = LabelPlacer({}, {}, {})  # where their texts go
        self._wall_cards: dict[str, Card] = {}  # see _walls
        #: Routes a large chain over several event-loop turns (see _route_in_background).
        self.router_steps = StepRunner(self, budget=ROUTING_SLICE)
        self.router_steps.finished.connect(self._routing_finished)
        self._changes_meanwhile: ChangesMeanwhile | None = None  # edits the routing pass takes after it
        #: Handoffs off screen still drawn where they were when lanes moved: carried
        #: along over the next turns (see _follow_lanes).
        self._unshown = UnshownHandoffs(self._handoffs_at_cards)
        #: Lanes off screen whose band is still where it was when lanes moved, with their
        #: band and shade now: placed in the first of those turns (see _follow_lanes).
        self._lanes_due: dict[str, LaneShape] = {}
        self.setBspTreeDepth(BSP_DEPTH)
        make_active(self)  # for good, while it holds no item (see active_scene.py)
        self.miniature = Miniature(self)
        #: Zoomed out: the items do not paint themselves, the view paints the miniature.
        self.miniature_mode = False
        self._setup_decorations()

        document.touchpoint_added.connect(self._on_touchpoint_added)
        document.touchpoint_removed.connect(self._on_touchpoint_removed)
        document.touchpoint_changed.connect(self._on_touchpoint_changed)
        document.touchpoints_changed.connect(self._on_touchpoints_changed)
        document.handoff_added.connect(self._on_handoff_added)
        document.handoff_removed.connect(self._on_handoff_removed)
        document.handoff_changed.connect(self._on_handoff_changed)
        document.person_changed.connect(self._on_person_changed)
        document.departments_changed.connect(self._on_departments_changed)
        document.stages_changed.connect(self._on_stages_changed)
        document.chain_reset.connect(self.rebuild)
        for signal in (document.touchpoint_added, document.touchpoint_removed, document.touchpoint_changed,
                       document.touchpoints_changed, document.departments_changed, document.chain_reset):
            signal.connect(self._scores_changed)
        document.batch_finished.connect(self._catch_up)
        document.about_to_change.connect(self.finish_settling)
        document.comments_changed.connect(self.show_comment_counts)
        self._stale_layout = False  # a batch changed cards; relayout when it ends
        self._unsynced: set[str] = set()  # cards a batch changed: sized when it ends
        #: Runs the catching up after a batch in a large chain (see _settle).
        self.settler = StepRunner(self)
        self.rebuild()

    # -- building ----------------------------------------------------------------------

    def _setup_decorations(self) -> None:
        self._drop_marker.setPen(QPen(QColor(ACCENT), 3))
        self._drop_marker.setZValue(50)
        self._drop_marker.hide()
        self.addItem(self._drop_marker)
        self.addItem(self.stage_band)

    def rebuild(self) -> None:
        """Recreate every item from the document."""
        with collector_paused():  # tens of thousands of items, none of them garbage
            self._rebuild()

    def _rebuild(self) -> None:
        self.settler.cancel()  # every item is made anew, at its size
        self._index_rect = QRectF()  # fitted to this chain: its index is built anew anyway
        self._unsynced.clear()
        self._stale_layout = False
        for items in (self.touchpoint_items, self.handoff_items):
            for item in items.values():
                self.removeItem(item)
            items.clear()
        for id in list(self.lane_items):
            self._remove_lane(id)
        self._handoffs_at = {}
        for touchpoint in self.document.chain.touchpoints:
            self._create_touchpoint_item(touchpoint.id)
        for handoff in self.document.chain.handoffs:
            self._create_handoff_item(handoff.id)
        self.relayout()
        self.show_comment_counts()

    def set_miniature_mode(self, on: bool) -> None:
        """Switch the items' own painting off (on=True) or back on; see miniature.py."""
        if on == self.miniature_mode:
            return
        self.miniature_mode = on
        if not on:
            self.miniature.let_go_of_picture()
        for items in (self.lane_items, self.touchpoint_items, self.handoff_items):
            for item in items.values():
                item.setFlag(NO_CONTENTS, on)
        self.update()

    def helpEvent(self, event) -> None:
        """Tooltips are built when asked for: thousands of cards need none until then."""
        for item in self.items(event.scenePos()):
            if hasattr(item, "tooltip"):
                QToolTip.showText(event.screenPos(), item.tooltip(), event.widget())
                event.accept()
                return
        QToolTip.hideText()
        event.ignore()

    def _create_touchpoint_item(self, id: str) -> TouchpointItem:
        item = TouchpointItem(id)
        if self.miniature_mode:
            item.setFlag(NO_CONTENTS)
        self.touchpoint_items[id] = item
        touchpoint = self.document.touchpoint(id)
        item.show_layout(touchpoint_layout(touchpoint, owner_name(self.document, touchpoint)), touchpoint.kind)
        if self.document.has(touchpoint.department):
            # Into the scene with its lane: a third quicker than added and moved in later.
            item.lane = touchpoint.department
            item.setParentItem(self._lane_item(touchpoint.department).cards)
        else:
            self.addItem(item)
        self.miniature.invalidate_cards(touchpoint.department)
        self._show_findings_on(item, id)  # e.g. back after an undo
        item.set_open_comments(self._open_comments[id])
        return item

    def _create_handoff_item(self, id: str) -> HandoffItem:
        handoff = self.document.handoff(id)
        item = HandoffItem(id, handoff.source, handoff.target)
        if self.miniature_mode:
            item.setFlag(NO_CONTENTS)
        self.handoff_items[id] = item
        self._file_handoff(handoff.source, id)
        self._file_handoff(handoff.target, id)
        self.addItem(item)
        self._show_findings_on(item, id)
        item.set_open_comments(self._open_comments[id])
        return item

    def _show_findings_on(self, item, id: str) -> None:
        """A new item's findings; one without keeps its class's empty tuple."""
        findings = self._findings_by_element.get(id)
        if findings:
            item.findings = findings

    def _file_handoff(self, touchpoint_id: str, id: str) -> None:
        """Note that handoff `id` ends at `touchpoint_id`.

        A card's few handoffs are kept in a tuple: a set per card (216 bytes even for one
        id) held 4 MB at 20,000 cards. A card with many, where a tuple would grow at a cost
        that rises with its length, gets a set.
        """
        ids = self._handoffs_at.get(touchpoint_id, ())
        if id in ids:
            return
        if isinstance(ids, set):
            ids.add(id)
        elif len(ids) < HANDOFFS_IN_A_TUPLE:
            self._handoffs_at[touchpoint_id] = (*ids, id)
        else:
            self._handoffs_at[touchpoint_id] = {*ids, id}

    def _unfile_handoff(self, touchpoint_id: str, id: str) -> None:
        """Forget that handoff `id` ends at `touchpoint_id` (nothing if it was not noted)."""
        ids = self._handoffs_at.get(touchpoint_id, ())
        if id not in ids:
            return
        if isinstance(ids, set):
            ids.discard(id)
            rest = ids
        else:
            rest = tuple(other for other in ids if other != id)
        if rest:
            self._handoffs_at[touchpoint_id] = rest
        else:
            del self._handoffs_at[touchpoint_id]

    # -- lanes and positions -----------------------------------------------------------

    def _measure_all(self) -> None:
        """Every card's extent and every lane's, from scratch."""
        run_all(self._measuring_all())

    def _measuring_all(self) -> Steps:
        """_measure_all, a card a step (it walks every card: a tenth of a second at 20,000)."""
        items = self.touchpoint_items
        extents: dict[str, tuple[str, float, float]] = {}
        lane_cards: dict[str, set[str]] = {}
        for touchpoint in self.document.chain.touchpoints:
            extents[touchpoint.id] = _extent(touchpoint, items[touchpoint.id])
            lane_cards.setdefault(touchpoint.department, set()).add(touchpoint.id)
            yield
        self._extents, self._lane_cards = extents, lane_cards
        self._lane_bottom, self._lane_right = {}, {}
        self._lanes_remeasured = None  # every lane: stacked from the top
        for lane in lane_cards:
            self._measure_lane(lane)
            yield

    def _measure_lane(self, lane: str) -> None:
        if self._lanes_remeasured is not None:
            self._lanes_remeasured.add(lane)
        extents = [self._extents[id] for id in self._lane_cards.get(lane, ())]
        self._lane_bottom[lane] = max((bottom for _lane, bottom, _right in extents), default=0.0)
        self._lane_right[lane] = max((right for _lane, _bottom, right in extents), default=0.0)

    def _remeasure(self, id: str) -> None:
        """After one card was added, moved, resized or removed: its lanes' extents."""
        old = self._extents.pop(id, None)
        new = _extent(self.document.touchpoint(id), self.touchpoint_items[id]) if id in self.touchpoint_items else None
        if new is not None:
            self._extents[id] = new
        if old == new:
            return
        if old is not None:
            self._lane_cards[old[0]].discard(id)
        if new is not None:
            self._lane_cards.setdefault(new[0], set()).add(id)
        for lane in {extent[0] for extent in (old, new) if extent is not None}:
            self._measure_lane(lane)

    def _lane_height(self, department) -> float:
        """Tall enough for its cards and for its whole name in the header column."""
        header = lane_header(department.name)[1]
        return max(LANE_MIN_HEIGHT, header, self._lane_bottom.get(department.id, 0.0) + LANE_BOTTOM_PADDING)

    def _lanes_resized(self) -> bool:
        """True when a lane's height or the content's width no longer fits the cards."""
        return self._content_width != self._measured_width() or any(
            self._lane_height(department) != self.lane_heights.get(department.id)
            for department in self.document.chain.departments
        )

    def _measured_width(self) -> float:
        right = max(self._lane_right.values(), default=0.0)
        if self.stage_columns:  # a stage without cards may stand right of every card
            right = max(right, self.stage_columns[-1].right)
        return canvas_content_width(right)

    def relayout(self) -> None:
        """Stack the lanes in file order, size them to what they hold, place every card."""
        self.finish_settling()
        self._measure_all()
        # (Not with Qt's spatial index dropped meanwhile: quicker here, but the index
        # built again afterwards made every later frame eight times slower.)
        self._arrange(everything=True)

    def _arrange(self, everything: bool = False, cards: set[str] = frozenset()) -> None:
        """Size and stack the lanes; place `cards` and the cards of every lane that moved
        (all cards when `everything`), and re-route the handoffs of the cards placed."""
        self._settle_unshown()  # (an earlier move's lanes in place first)
        old_tops = dict(self.lane_tops)
        placed, moved, bottom, shapes = self._stack_lanes(everything, cards)
        placed_cards = {touchpoint.id: self._place_card(touchpoint) for touchpoint in placed}
        if everything:
            self._shape_lanes(shapes)
            self._route_everything()
        else:  # (with no card placed, it still follows the lanes' new size)
            shift = LaneShift.between(old_tops, self.lane_tops)
            self._reroute(cards=placed_cards.keys(), carry=shift.point if shift else None, placed=placed_cards,
                          lanes=moved, shapes=shapes)
        self._finish_arrange(bottom)

    def _stack_lanes(
        self, everything: bool, cards: set[str], columns: list[StageColumn] | None = None
    ) -> tuple[list[Touchpoint], set[str], float, dict[str, LaneShape]]:
        """Size and stack the lanes; the touchpoints whose cards are to be placed (every
        one when `everything`, else those of `cards`), the lanes that moved (their cards
        move with them: see LaneItem.cards), the bottom of the last lane, and the band and
        shade of each lane stacked again, for _shape_lanes. `columns`: the stages'
        columns, when measured already (_measuring_stages)."""
        chain = self.document.chain
        if columns is not None:
            self.stage_columns = columns
        elif everything or not self._spans_follow(cards):
            self.stage_columns = self._measure_stages()
        elif chain.stages:
            self.stage_columns = stage_columns(chain, spans=self._stage_spans)
        width = self._content_width
        self._content_width = content_width = self._measured_width()
        departments = chain.departments
        remeasured, self._lanes_remeasured = self._lanes_remeasured, set()
        first = self._first_lane_changed(remeasured) if not everything and content_width == width else 0
        if first == 0:
            for id in list(self.lane_items):
                if not self.document.has(id):
                    self._remove_lane(id)
            old_tops = dict(self.lane_tops)
            self.lane_tops.clear()
            self.lane_heights.clear()
            top = 0.0
        else:  # (the lanes above keep their place)
            old_tops = self.lane_tops
            above = departments[first - 1].id
            top = self.lane_tops[above] + self.lane_heights[above]
        moved, shapes = set(), {}
        tops, heights, items = self.lane_tops, self.lane_heights, self.lane_items
        right = HEADER_WIDTH + content_width
        for index in range(first, len(departments)):  # (400 lanes below an edit at 20,000)
            department = departments[index]
            id = department.id
            height = self._lane_height(department)
            if not everything and old_tops.get(id) != top:
                moved.add(id)
            tops[id] = top
            heights[id] = height
            item = items.get(id) or self._lane_item(id)
            shapes[id] = (top, height, right, index % 2 == 1)
            if everything:  # (its name, role or colour may have changed)
                item.update()
            top += height
        placed = list(chain.touchpoints) if everything else [self.document.touchpoint(id) for id in cards]
        return placed, moved, top, shapes

    def _shape_lanes(self, shapes: dict[str, LaneShape]) -> None:
        """Give these lanes their band and shade (and so move their cards)."""
        for id, (top, height, right, alternate) in shapes.items():
            item = self.lane_items.get(id)
            if item is not None:
                item.set_geometry(QRectF(0, top, right, height), alternate)

    def _lanes_near_views(self, shapes: dict[str, LaneShape]) -> set[str] | None:
        """The lanes of `shapes` whose band, as drawn or as shaped, lies near a view's
        visible area (see _view_areas); when a view shows much of the chain, all of them
        if the canvas paints its miniature (which draws every band), else None.
        `shapes` come in the order the lanes are stacked, and were drawn in that order
        before, so the lanes near an area are a run of them, found by bisection (400
        lanes move at 20,000). (Were they drawn in another order, a lane missed here
        takes its band over the next turns.)"""
        areas = self._view_areas()
        if areas is None:
            return set(shapes) if self.miniature_mode else None
        ids, items = list(shapes), self.lane_items

        def reach(index: int) -> tuple[float, float]:  # from the higher top to the lower bottom
            top, height, _right, _alternate = shapes[ids[index]]
            drawn = items[ids[index]].rect
            if drawn.isNull():  # (a new lane's: the shaped band alone counts)
                return top, top + height
            return min(top, drawn.top()), max(top + height, drawn.bottom())

        lanes, near = range(len(ids)), set()
        for area in areas:
            first = bisect_left(lanes, area.top(), key=lambda index: reach(index)[1])
            past = bisect_right(lanes, area.bottom(), key=lambda index: reach(index)[0])
            near.update(ids[first:past])
        return near

    def _lane_item(self, id: str) -> LaneItem:
        """The lane of department `id`, made and added to the scene (with its cards'
        carrier) if need be; placed when the lanes are stacked."""
        item = self.lane_items.get(id)
        if item is None:
            item = self.lane_items[id] = LaneItem(id)
            if self.miniature_mode:
                item.setFlag(NO_CONTENTS)
            self.addItem(item)
            self.addItem(item.cards)
            item.findings = self._findings_by_element.get(id, ())
            item.open_comments = self._open_comments[id]
        return item

    def _first_lane_changed(self, remeasured: set[str] | None) -> int:
        """The index of the first lane whose height may have changed since the lanes
        were last stacked (those above keep their place): the highest of `remeasured`
        when the lanes are the same, in the same order (else 0); len(departments) when
        none may have changed. The lanes of a large chain are many (800 at 20,000 cards),
        and an edit changes the height of one or two."""
        if remeasured is None:
            return 0
        ids = [department.id for department in self.document.chain.departments]
        if ids != list(self.lane_tops):
            return 0
        return min((ids.index(lane) for lane in remeasured if lane in self.lane_tops), default=len(ids))

    def _remove_lane(self, id: str) -> None:
        """Take a lane out, and its cards' carrier; a card still in it (to be placed in
        another lane) stays where it is drawn meanwhile."""
        item = self.lane_items.pop(id)
        for card in item.cards.childItems():
            position = card.scenePos()
            card.setParentItem(None)
            card.setPos(position)
        self.removeItem(item.cards)
        self.removeItem(item)
        self.miniature.invalidate()  # its cards are in no lane now

    def _place_card(self, touchpoint: Touchpoint) -> Card:
        """Put the card where the model says, in its lane's carrier (LaneItem.cards);
        returns the router's card for it as placed (what _card would say, made here while
        the place is at hand)."""
        item = self.touchpoint_items[touchpoint.id]
        self.miniature.invalidate_cards(item.lane, touchpoint.department)
        item.lane = touchpoint.department
        lane = self.lane_items.get(touchpoint.department)
        carrier = lane.cards if lane is not None else None  # (no lane: at the scene's top)
        if item.parentItem() is not carrier:
            item.setParentItem(carrier)
        x, y = HEADER_WIDTH + touchpoint.position.x, touchpoint.position.y  # in the lane
        item.setPos(x, y)
        # the lane's top (read from the stacking: its band may be placed a turn later, see _follow_lanes)
        y += self.lane_tops.get(lane.department_id, 0.0) if carrier is not None else 0.0
        width, height = item.size()
        return Card((x, y, x + width, y + height), item.kind)

    def _finish_arrange(self, bottom: float) -> None:
        """The blueprint lines, the stages' band and the scene's bounds, for lanes just stacked."""
        width = HEADER_WIDTH + self._content_width
        self._place_lines(width)
        self._place_stage_band()
        self.miniature.invalidate_lanes()
        band = self.stage_band.band_rect().height()
        margin = SCROLL_MARGIN
        rect = QRectF(-margin, -margin - band, width + 2 * margin, max(bottom, LANE_MIN_HEIGHT) + band + 2 * margin)
        self._cover(rect)
        if rect != self._scroll_rect:
            self._scroll_rect = rect
            self.scroll_rect_changed.emit(QRectF(rect))

    def scroll_rect(self) -> QRectF:
        """What the view scrolls over: the lanes and the stages' band, with a margin."""
        return QRectF(self._scroll_rect)

    def _cover(self, rect: QRectF) -> None:
        """Grow the scene's own rect, and with it Qt's spatial index, to hold `rect` with
        room to spare (see INDEX_ROOM); leave it alone while it holds it already."""
        if self._index_rect.contains(rect):
            return
        united = rect.united(self._index_rect) if not self._index_rect.isEmpty() else rect
        self._index_rect = united.adjusted(
            0, -INDEX_HEADROOM, united.width() * INDEX_ROOM, united.height() * INDEX_ROOM)
        self.setSceneRect(self._index_rect)

    def _measure_stages(self) -> list[StageColumn]:
        """Each stage's column from its cards as drawn (models.stage_columns); [] without stages."""
        return run_all(self._measuring_stages())

    def _measuring_stages(self) -> Steps:
        """_measure_stages, STAGE_STEP cards a step; returns the columns. (A step a card
        cost more than the measuring itself.)"""
        chain = self.document.chain
        self._stage_inputs, self._stage_order = {}, [stage.id for stage in chain.stages]
        if not chain.stages:
            return []
        inputs, sizes = {}, {}
        items = self.touchpoint_items
        touchpoints = chain.touchpoints
        for start in range(0, len(touchpoints), STAGE_STEP):
            for touchpoint in touchpoints[start:start + STAGE_STEP]:
                id = touchpoint.id
                sizes[id] = size = items[id].size()
                inputs[id] = (touchpoint.stage, touchpoint.position.x, size[0])
            yield
        self._stage_inputs, self._stage_spans = inputs, stage_spans(chain, sizes)
        return stage_columns(chain, spans=self._stage_spans)

    def _spans_follow(self, cards) -> bool:
        """Whether the stages' spans measured last can follow `cards` (and no other card)
        changing without walking every card (35 ms at 20,000, for every card moved or
        resized); they are updated when they can. They can when no card came or went, the
        stages are the same, and each of `cards` keeps its stage and either lay strictly
        inside its stage's span before (so another card made each end) or now covers all
        it covered before, as a card grown by a word does: either way the span only grows
        to take it in. (models.stage_columns reads nothing else.)"""
        chain = self.document.chain
        inputs, spans = self._stage_inputs, self._stage_spans
        if (not cards or len(chain.touchpoints) != len(inputs)
                or [stage.id for stage in chain.stages] != self._stage_order):
            return False
        document, items = self.document, self.touchpoint_items
        now, grown = {}, {}
        for id in cards:
            touchpoint = document.touchpoint(id)
            stage, x, width = now[id] = (touchpoint.stage, touchpoint.position.x, items[id].size()[0])
            before = inputs.get(id)
            if before is None or before[0] != stage:
                return False
            if stage is None or before == now[id]:
                continue
            low, high = grown.get(stage, spans[stage])
            was_inside = low < before[1] and before[1] + before[2] < high
            covers = x <= before[1] and x + width >= before[1] + before[2]
            if not (was_inside or covers):
                return False
            grown[stage] = (min(low, x), max(high, x + width))
        inputs.update(now)
        spans.update(grown)
        return True

    def _place_stage_band(self) -> None:
        """The band above the lanes and the separators down through them (see stage_band.py)."""
        stages = self.document.chain.stages
        self.stage_band.set_geometry(
            self.stage_columns, {s.id: s.name for s in stages}, {s.id: s.description or "" for s in stages},
            HEADER_WIDTH + self._content_width, sum(self.lane_heights.values()))

    def stage_at(self, scene_x: float) -> str | None:
        """The stage whose column holds scene x `scene_x`; None outside every column."""
        return stage_at(self.stage_columns, scene_x - HEADER_WIDTH)

    # -- routes and labels -------------------------------------------------------------------

    def _card(self, id: str) -> Card:
        item = self.touchpoint_items[id]
        return Card(item.box(), item.kind)

    def _walls(self) -> dict[str, Card]:
        """The bands round the lanes (models.routing.cards.lane_walls)."""
        return lane_walls(HEADER_WIDTH, HEADER_WIDTH + self._content_width, sum(self.lane_heights.values()))

    def _route_everything(self) -> None:
        """Route every handoff and place every label from scratch.

        A large chain is shown at once with draft routes (straight across, possibly
        under cards) while the router works through it over several event-loop turns
        (see _route_in_background). An export's scene may borrow the editor's routes
        instead (`routes_like`).
        """
        if self._borrow_routes():
            return
        plan = self._routing_plan()
        if plan.background:
            boxes = plan.boxes
            for id in self.handoff_items:
                self._show_draft(id, boxes)
            self._route_in_background(plan)
            return
        self._stop_routing_pass()
        self._take_routes(plan.route())
        for id in self.handoff_items:
            self._show_route(id)

    def _stop_routing_pass(self) -> None:
        """Drop a routing pass still going on: its plan is out of date."""
        self.router_steps.cancel()
        self._drop_unshown()
        self._changes_meanwhile = None

    def _routing_plan(self) -> RoutingPlan:
        """What routing every handoff from scratch starts from: the cards where they are
        now, and the handoffs with their texts."""
        return run_all(self._planning_routes())

    def _planning_routes(self) -> Steps:
        """_routing_plan, a card a step; returns the plan."""
        walls = self._walls()
        cards = {}
        for id in self.touchpoint_items:
            cards[id] = self._card(id)
            yield
        cards |= walls
        handoff_items = self.handoff_items
        links: list[Link] = []
        texts: dict[str, HandoffTexts] = {}
        for handoff in self.document.chain.handoffs:
            if handoff.id in handoff_items:
                links.append(Link(handoff.id, handoff.source, handoff.target))
                texts[handoff.id] = _texts(handoff)
            yield
        return RoutingPlan(walls, cards, links, texts, background=len(links) > BACKGROUND_ROUTING_ABOVE)

    def _take_routes(self, plan: RoutingPlan) -> None:
        """Use the router and label placer `plan` made (see RoutingPlan.route)."""
        self._wall_cards = plan.walls
        self.router, self.label_placer = plan.router, plan.label_placer

    def _show_draft(self, id: str, boxes: dict | None = None) -> None:
        item = self.handoff_items[id]
        source, target = item.ends
        cross_lane = self.touchpoint_items[source].lane != self.touchpoint_items[target].lane
        if boxes is None:
            item.set_draft(self.touchpoint_items[source].box(), self.touchpoint_items[target].box(), cross_lane)
        else:
            item.set_draft(boxes[source], boxes[target], cross_lane)

    def _route_in_background(self, plan: RoutingPlan) -> None:
        """Route `plan` over the next event-loop turns (_routing_in_steps), in place of any
        pass still going on, while the canvas shows drafts and takes edits."""
        # The routes shown so far no longer fit the cards; dropping them now also spares
        # holding two routers of a large chain at once. Freed a piece at a time (at
        # 20,000 cards, freeing them at once held the editor for most of a second).
        out_of_date = [self.router, self.label_placer]
        self.router, self.label_placer = Router({}, []), LabelPlacer({}, {}, {})
        self._changes_meanwhile = ChangesMeanwhile()
        self._drop_unshown()
        self.router_steps.start(self._unshown_first(self._routing_in_steps(plan, letting_go(out_of_date))))

    def _routing_in_steps(self, plan: RoutingPlan, freeing: Steps) -> Steps:
        """Free the routes out of date (`freeing`), then route `plan` a link, a card or a
        label per step, then show the routes a handoff per step. Edits made meanwhile are
        noted (ChangesMeanwhile) and drawn as drafts, and routed the way any edit is once
        the pass is done."""
        yield from freeing
        # What the pass makes lives as long as the canvas: set aside from the collector at
        # once (gc.freeze costs nothing), or a collection between two turns would walk it all.
        yield from _settling(plan.routing())
        changes, self._changes_meanwhile = self._changes_meanwhile, None
        self._take_routes(plan)
        self._reroute(cards=changes.cards, added=[id for id in changes.added if id in self.handoff_items],
                      removed=changes.removed, texts=[id for id in changes.texts if id in self.handoff_items],
                      carry=changes.carry(), in_steps=False)
        for id in list(self.handoff_items):
            if id in self.handoff_items:
                self._show_route(id)
                yield

    def _borrow_routes(self) -> bool:
        """Show the routes and labels of `routes_like` when it draws exactly these cards,
        walls and handoff texts (its router is only read from then on); False otherwise."""
        other, self._routes_like = self._routes_like, None  # once: later changes route as usual
        walls = self._walls()
        if other is None or other.routing or other._wall_cards != walls:
            return False
        if other.touchpoint_items.keys() != self.touchpoint_items.keys() or any(
            other.touchpoint_items[id].box() != item.box() for id, item in self.touchpoint_items.items()
        ):
            return False
        theirs, ours = other.document, self.document
        for id, item in self.handoff_items.items():
            mine, their = ours.handoff(id), other.handoff_items.get(id)
            if their is None or their.ends != item.ends or _texts(theirs.handoff(id)) != _texts(mine):
                return False
        if other.handoff_items.keys() != self.handoff_items.keys():
            return False
        self._wall_cards = walls
        self.router, self.label_placer = other.router, other.label_placer
        for id in self.handoff_items:
            self._show_route(id)
        return True

    @property
    def routing(self) -> bool:
        """True while some handoffs still show draft routes (or the canvas is settling)."""
        return self.router_steps.running or self.settler.running

    def finish_routing(self) -> None:
        """Route and show every handoff now (exports, and before measuring)."""
        self.finish_settling()
        self.router_steps.finish()

    def _routing_finished(self) -> None:
        self.miniature.invalidate_lines()
        self.routing_finished.emit()

    def _reroute(self, cards=(), added=(), removed=(), texts=(), carry: Carry | None = None,
                 in_steps: bool = True, placed: dict[str, Card] | None = None, lanes: set[str] = frozenset(),
                 shapes: dict[str, LaneShape] | None = None) -> None:
        """After cards moved or changed size, or handoffs came, went or changed their
        texts: re-route and re-label only what that affects (models.routing, models.labels).
        `lanes`: lanes that moved, and with them every card in them; `carry`: where they
        took each point (models.lane_shift). The routes and labels in them move along
        where they still fit. When that moved more than FOLLOW_IN_STEPS_ABOVE cards, it
        is followed over the next turns of the event loop (`in_steps`, _follow_lanes).
        `placed`: the router's cards of those of `cards` just placed (see _place_card);
        `shapes`: the band and shade of the lanes stacked again, for them to take now, or
        when that is followed so, those far from the views over the next turns. In a chain
        routed in the background, what takes longer than EDIT_AT_ONCE goes on over the
        next turns (_editing_on)."""
        placed = placed or {}
        if self._changes_meanwhile is not None:  # the routing pass takes them once it is done
            self._edit_meanwhile(cards, added, removed, texts, carry, placed, lanes, shapes or {})
            return
        self._show_unshown()  # (the lanes moved before: each handoff at their place first)
        if (lanes and carry is not None and in_steps
                and not (added or removed or texts)
                and len(cards) + sum(len(self._lane_cards.get(lane, ())) for lane in lanes) > FOLLOW_IN_STEPS_ABOVE):
            self._follow_lanes(set(cards), placed, lanes, carry, shapes or {})
            return
        self._shape_lanes(shapes or {})
        if lanes:
            cards = self._cards_in(lanes, cards)
        changed_cards = self._changed_cards(cards, placed)
        edit = self._editing(changed_cards, added, removed, texts, carry)
        if not in_steps or len(self.handoff_items) <= BACKGROUND_ROUTING_ABOVE:
            run_all(edit)
            return
        moved = [id for id, card in changed_cards.items() if card != self.router.cards.get(id)]
        if not run_for(edit, EDIT_AT_ONCE):  # the rest over the next turns, drafts meanwhile
            self._changes_meanwhile = ChangesMeanwhile()
            self._show_moved(self._handoffs_at_cards(moved), carry, moved)
            for id in set(added) & self.handoff_items.keys():
                self._show_draft(id)
            self.router_steps.start(self._unshown_first(self._editing_on(edit)))

    def _editing(self, changed_cards: dict[str, Card | None], added, removed, texts, carry: Carry | None) -> Steps:
        """Route and label again what an edit affects (see _reroute), a card, a link or a
        label per step, then show what changed: the cards `changed_cards` (the router's,
        None when gone), handoffs `added`, `removed` or with new `texts`. While it is
        spread over turns (_editing_on), a handoff at a card edited meanwhile keeps showing
        that edit."""
        document = self.document
        links = [Link(id, *self.handoff_items[id].ends) for id in added]
        rerouted = yield from self.router.updating(cards=changed_cards, added=links, removed=list(removed), carry=carry)
        routes = {id: self.router.routes.get(id) for id in rerouted if id in self.handoff_items}
        routes.update({id: None for id in removed})
        new_texts = {}
        for id in (*added, *texts):
            handoff = document.handoff(id)
            new_texts[id] = HandoffTexts(handoff.label, handoff.passes, handoff.label_at)
        new_texts.update({id: None for id in removed})
        boxes = {id: card.box if card else None for id, card in changed_cards.items()}
        relabelled = yield from self.label_placer.updating(cards=boxes, routes=routes, texts=new_texts, carry=carry)
        shown = set(routes) | relabelled | set(texts)
        waiting = {}
        if self._changes_meanwhile is not None:  # spread over turns: drafts were drawn meanwhile
            waiting = self._changes_meanwhile.cards
            items = self.handoff_items  # (and those the router kept)
            shown.update(id for id in self._handoffs_at_cards(changed_cards) if items[id].drafted)
        for id in shown:
            item = self.handoff_items.get(id)
            if item is not None and not (item.ends[0] in waiting or item.ends[1] in waiting):
                self._show_route(id)
                yield

    def _editing_on(self, edit: Steps) -> Steps:
        """The rest of an edit spread over turns (one that took longer than EDIT_AT_ONCE,
        or lanes that moved: _following_lanes), then the edits made meanwhile
        (ChangesMeanwhile, drawn carried or as drafts until then), the same way."""
        yield from edit
        while True:
            changes, self._changes_meanwhile = self._changes_meanwhile, ChangesMeanwhile()
            if not changes:
                break
            yield from self._editing(self._changed_cards(changes.cards), [id for id in changes.added if id in self.handoff_items],
                                     changes.removed, [id for id in changes.texts if id in self.handoff_items],
                                     changes.carry())
        self._changes_meanwhile = None

    def _follow_lanes(self, cards: set[str], placed: dict[str, Card], lanes: set[str], carry: Carry,
                      shapes: dict[str, LaneShape]) -> None:
        """_reroute for lanes that moved with many cards: the handoffs on screen at once,
        drawn where their lanes took them, the others over the next turns (at 20,000
        touchpoints, carrying some 14,000 of them held the editor 0.5 s), then routed
        and labelled again (_following_lanes). Likewise the lanes: those of `shapes` near
        the views take their band at once, the others in the first of those turns (moving
        400 lanes and their cards' carriers held it 15 ms). What the router needs of the
        cards that moved is read over those turns too, as they were now (_reading_cards)."""
        near = self._lanes_near_views(shapes)
        self._shape_lanes({id: shape for id, shape in shapes.items() if near is None or id in near})
        # (each lane's own set of its cards: place_touchpoints carries these handoffs
        # along before it changes any)
        moved = [self._lane_cards[lane] for lane in lanes if lane in self._lane_cards] + [cards]
        seen = self._on_screen(lanes, cards)
        if seen is None:
            seen = {id for some in moved for id in self._handoffs_at_cards(some)}
        self._show_moved(seen, carry, cards)
        self._unshown.add_move(carry, cards, seen, moved)
        self._lanes_due = {id: shape for id, shape in shapes.items() if near is not None and id not in near}
        self._changes_meanwhile = ChangesMeanwhile()
        reading = self._reading_cards(lanes, cards, placed, dict(self.lane_tops))
        self.router_steps.start(self._unshown_first(_settling(self._following_lanes(reading, carry))))

    def _cards_in(self, lanes: set[str], cards, touchpoints=None) -> list[str]:
        """`cards` and the cards in `lanes`, in the chain's order (the router's work does
        not depend on the order of a set); of `touchpoints` only, when given."""
        cards = cards if isinstance(cards, (set, dict)) else set(cards)
        touchpoints = self.document.chain.touchpoints if touchpoints is None else touchpoints
        return [t.id for t in touchpoints if t.department in lanes or t.id in cards]

    def _reading_cards(self, lanes: set[str], cards: set[str], placed: dict[str, Card],
                       tops: dict[str, float]) -> Steps:
        """_changed_cards(_cards_in(lanes, cards), placed), READ_STEP cards a step, for
        the cards as they lay when the lanes' tops were `tops`: edits meanwhile are
        noted and followed after it (ChangesMeanwhile)."""
        touchpoints = self.document.chain.touchpoints
        items = self.touchpoint_items
        changed: dict[str, Card | None] = {}
        for start in range(0, len(touchpoints), READ_STEP):
            for id in self._cards_in(lanes, cards, touchpoints[start:start + READ_STEP]):
                item = items.get(id)
                changed[id] = placed[id] if id in placed else None if item is None else _card_at(item, tops)
            yield
        return changed | self._changed_cards(())  # (the lanes' walls, when they moved)

    def _changed_cards(self, cards, placed: dict[str, Card] | None = None) -> dict[str, Card | None]:
        """The router's cards for these touchpoints as drawn now (None: gone; `placed`:
        those known already), and the lanes' walls when the lanes grew or shrank."""
        placed = placed or {}
        items = self.touchpoint_items
        changed_cards = {id: placed[id] if id in placed else self._card(id) if id in items else None for id in cards}
        walls = self._walls()
        if walls != self._wall_cards:
            self._wall_cards = walls
            changed_cards.update(walls)
        return changed_cards

    def _handoffs_at_cards(self, cards) -> set[str]:
        return {id for card in cards for id in self._handoffs_at.get(card, ())} & self.handoff_items.keys()

    def _show_moved(self, ids, carry: Carry | None, cards=()) -> None:
        """Until they are routed again: the handoffs in lanes that moved drawn where the
        lanes took them; the others, and those at one of `cards` that changed size, as
        drafts."""
        cards = cards if isinstance(cards, (set, dict)) else set(cards)
        resized: dict[str, bool] = {}  # asked of the ends of `ids` only

        def changed_size(card: str) -> bool:
            if card not in resized:
                resized[card] = card in cards and self._card_size_changed(card)
            return resized[card]

        for id in ids:
            item = self.handoff_items.get(id)
            if item is None:  # (removed meanwhile)
                continue
            source, target = item.ends
            if carry is None or item.drafted or changed_size(source) or changed_size(target):
                self._show_draft(id)
                continue
            labels = []
            for label in item.labels:
                rect = moved_rect(carry, label.rect)
                if rect is not None:
                    labels.append(Label(id, label.kind, rect, label.lines))
            item.set_route([carry(point) for point in item.points], tuple(labels), item.cross_lane)

    def _on_screen(self, lanes: set[str], cards: set[str]) -> set[str] | None:
        """The handoffs at `cards` or at a card in `lanes` whose items lie in a view's
        visible area or within half a screen of it; None when a view shows much of the
        chain (asking Qt for that many items costs more than it saves). No handoff at all
        while the canvas paints its miniature: no item paints then, and the miniature
        takes the arrows' lines once they are routed again (_routing_finished)."""
        if self.miniature_mode:
            return set()
        areas = self._view_areas()
        if areas is None:
            return None
        seen: set[str] = set()
        items = self.touchpoint_items
        for area in areas:
            for item in self.items(area, Qt.ItemSelectionMode.IntersectsItemBoundingRect):
                if type(item) is HandoffItem and any(
                        end in cards or end in items and items[end].lane in lanes for end in item.ends):
                    seen.add(item.handoff_id)
        return seen

    def _view_areas(self) -> list[QRectF] | None:
        """What each view shows, and half a screen round it; None when a view shows much
        of the chain (then asking Qt for the items there costs more than it saves)."""
        whole = self._scroll_rect
        areas = []
        for view in self.views():
            area = view.mapToScene(view.viewport().rect()).boundingRect()
            if area.width() * area.height() * 16 > whole.width() * whole.height():
                return None
            areas.append(area.adjusted(-area.width() / 2, -area.height() / 2, area.width() / 2, area.height() / 2))
        return areas

    def _showing_unshown(self) -> Steps:
        """Place the lanes left off screen when lanes moved, then carry along the handoffs
        left there (see _follow_lanes and _edit_meanwhile): gathered from the cards that
        moved, then drawn, a few a step. What an edit leaves while this goes on is taken
        too."""
        while self._lanes_due or self._unshown:
            if self._lanes_due:
                self._place_some_due_lanes()
            elif self._unshown.gathering:
                self._unshown.gather_some()
            else:
                for ids, carry, cards in self._unshown.take(SHOW_STEP):
                    self._show_moved(ids, carry, cards)
            yield

    def _drop_unshown(self) -> None:
        """A routing pass dropped: whatever dropped it draws every handoff afresh; the
        lanes take their place now."""
        self._shape_lanes(self._lanes_due)
        self._lanes_due.clear()
        self._unshown.clear()

    def _unshown_first(self, steps: Steps) -> Steps:
        """`steps` (a routing pass), with what an edit made meanwhile left to carry along
        off screen (_edit_meanwhile) done first, a step at a time: before the pass routes
        those handoffs again, and soon, in case the view scrolls there."""
        sent = None
        try:
            while True:
                if self._lanes_due or self._unshown:
                    yield from self._showing_unshown()
                try:
                    yielded = steps.send(sent)
                except StopIteration as stop:
                    return stop.value
                sent = yield yielded  # (what offloaded work returned, for `steps`)
        finally:
            steps.close()

    def _place_some_due_lanes(self) -> None:
        """Place LANE_STEP of the lanes left off screen when lanes moved."""
        ids = list(islice(self._lanes_due, LANE_STEP))
        self._shape_lanes({id: self._lanes_due.pop(id) for id in ids})
        if not self._lanes_due:
            self.miniature.invalidate_lanes()  # (it may have drawn them where they were)

    def place_due_lanes(self) -> None:
        """Place now the lanes an edit left to place over the next turns (see
        _follow_lanes): before asking where a card or lane off screen lies. (Asked at
        every scroll: nothing made when none waits.)"""
        while self._lanes_due:
            self._place_some_due_lanes()

    def _settle_unshown(self) -> None:
        """Place the lanes left off screen now, and gather the handoffs left there (from
        lanes' own sets of cards, which an edit may change); they wait on to be drawn."""
        self.place_due_lanes()
        self._unshown.gather_all()

    def _show_unshown(self) -> None:
        """_showing_unshown at once: before anything else moves or reads them."""
        if self._lanes_due or self._unshown:
            run_all(self._showing_unshown())

    def _card_size_changed(self, id: str) -> bool:
        """Whether the card is drawn at another size than the router knows it by."""
        known, item = self.router.cards.get(id), self.touchpoint_items.get(id)
        if known is None or item is None:
            return True
        left, top, right, bottom = item.box()
        return (right - left, bottom - top) != (known.box[2] - known.box[0], known.box[3] - known.box[1])

    def _edit_meanwhile(self, cards, added, removed, texts, carry: Carry | None, placed: dict[str, Card],
                        lanes: set[str], shapes: dict[str, LaneShape]) -> None:
        """_reroute while a routing pass goes on: the edit is noted for the pass to route
        once it is done (ChangesMeanwhile), and drawn meanwhile: the handoffs at the cards
        that moved where the edit took them (or as drafts: see _show_moved), those added
        as drafts. When lanes moved more than FOLLOW_IN_STEPS_ABOVE cards, as in
        _follow_lanes, the lanes and handoffs on screen at once, the others over the next
        turns, before the pass routes them again (_unshown_first), those an edit before
        left waiting carried by both (UnshownHandoffs): at 20,000 touchpoints, carrying
        some 14,000 handoffs at once held each keystroke that grew a card 0.4 s while the
        previous one's arrows were still routed."""
        in_lanes = set().union(*(self._lane_cards.get(lane, ()) for lane in lanes))
        self._changes_meanwhile.note([*cards, *in_lanes], added, removed, texts, carry)
        # The cards of the lanes that moved moved with them; a card placed where the
        # router has it already (as one typed into without growing) keeps its arrows as
        # they are.
        moved = in_lanes.union(id for id in cards if id not in self.touchpoint_items
                               or (placed[id] if id in placed else self._card(id)) != self.router.cards.get(id))
        near = seen = None
        if lanes and carry is not None and len(moved) > FOLLOW_IN_STEPS_ABOVE:
            near = self._lanes_near_views(shapes)
        if near is None:
            self._show_unshown()  # (each handoff at its place first)
        self._shape_lanes({id: shape for id, shape in shapes.items() if near is None or id in near})
        if near is not None:  # (none were due: see _settle_unshown)
            self._lanes_due = {id: shape for id, shape in shapes.items() if id not in near}
            seen = self._on_screen(lanes, moved)
        if seen is None:
            self._show_moved(self._handoffs_at_cards(moved), carry, moved)
        else:
            seen = {id for id in seen if not moved.isdisjoint(self.handoff_items[id].ends)}
            self._unshown.add_move(carry, moved, seen, [moved])
            for ids, carried_by, cards_moved in self._unshown.draw_now(seen):
                self._show_moved(ids, carried_by, cards_moved)
        for id in set(added) & self.handoff_items.keys():
            self._show_draft(id)

    def _following_lanes(self, reading: Steps, carry: Carry) -> Steps:
        """Route and label again what lanes that moved carried along (see _follow_lanes),
        a card, a link or a label per step, then show what changed; `reading` reads the
        router's cards of what moved. Edits made meanwhile are noted (ChangesMeanwhile),
        drawn carried or as drafts, and followed the same way next (_editing_on). (The
        handoffs left off screen are carried first: see _unshown_first.)"""
        cards = yield from reading
        yield from self._editing_on(self._editing(cards, (), (), (), carry))

    def _show_route(self, id: str) -> None:
        item = self.handoff_items[id]
        source, target = (self.touchpoint_items.get(end) for end in item.ends)
        cross_lane = source is not None and target is not None and source.lane != target.lane
        item.set_route(self.router.routes.get(id, []), self.label_placer.labels.get(id, ()), cross_lane)

    def _on_departments_changed(self) -> None:
        if self.document.batching:
            self._stale_layout = True
        else:
            self.relayout()

    def _on_stages_changed(self) -> None:
        """The band and the lanes' width; the lanes stay where they are (the band is above them)."""
        if self.document.batching:
            self._stale_layout = True
        else:
            self._arrange()

    def _catch_up(self) -> None:
        """A batch ended: the cards it changed take their new size, and when any card
        must move, every lane, card and handoff is laid out again (as relayout does). In a
        large chain this is spread over event-loop turns (_settle)."""
        self.finish_settling()
        unsynced, stale = self._unsynced, self._stale_layout
        self._unsynced, self._stale_layout = set(), False
        if not unsynced and not stale:
            return
        if len(self.touchpoint_items) > SETTLE_IN_STEPS_ABOVE:
            self.settler.start(self._settle(unsynced, stale))
            return
        placed = [self._sync_card(id) for id in unsynced]
        if stale or not all(placed):
            self.relayout()

    def _sync_card(self, id: str) -> bool:
        """A card the batch changed takes its size from the model; False when it must
        also move (a move, or a new size, can change its lane's height)."""
        item = self.touchpoint_items.get(id)
        if item is None:  # removed later in the batch
            return True
        touchpoint = self.document.touchpoint(id)
        item.sync()
        return self._extents.get(id) == _extent(touchpoint, item) and item.scenePos() == self.scene_position(touchpoint)

    def finish_settling(self) -> None:
        """Do now what is left of settling after a batch (before an edit, an export)."""
        self.settler.finish()

    def _settle(self, unsynced: set[str], stale: bool) -> Steps:
        """Catching up after a batch in a large chain, one small step per `yield` (see
        app.background_work): what _catch_up and relayout() do, with the same result.

        The document is complete meanwhile; the canvas follows: the cards take their new
        sizes, then (when any must move) the lanes are stacked, the cards placed, their
        handoffs drawn as drafts, routed from scratch (widgets/canvas/routing_plan.py: in a
        thread of its own, or for a large chain in a routing pass over further turns) and
        shown. Every edit finishes the settling first (Document.about_to_change), so it
        always works on the chain as the batch left it; a routing pass takes edits along.
        """
        for id in unsynced:
            stale = not self._sync_card(id) or stale
            yield
        if not stale:
            return
        self._stop_routing_pass()  # routed anew below
        yield from self._measuring_all()
        columns = yield from self._measuring_stages()
        placed, _moved, bottom, shapes = self._stack_lanes(everything=True, cards=set(), columns=columns)
        self._shape_lanes(shapes)
        yield  # (each a few hundredths of a second at 20,000 cards)
        self._finish_arrange(bottom)
        yield
        for touchpoint in placed:
            self._place_card(touchpoint)
            yield
        self.miniature.invalidate()  # (zoomed out, the canvas shows it: it kept the cards' old places)
        plan = yield from self._planning_routes()
        boxes = {}
        for id, card in plan.cards.items():
            boxes[id] = card.box
            yield
        for id in self.handoff_items:  # the lines follow their cards as drafts until routed
            self._show_draft(id, boxes)
            yield
        self.miniature.invalidate_lines()
        yield NEXT_TURN  # the drafts are painted before the router takes the interpreter's time
        if plan.background:
            self._route_in_background(plan)
            return
        plan = yield Offloaded(_route_aside, plan, name="routing")
        self._take_routes(plan)
        for id in self.handoff_items:
            self._show_route(id)
            yield
        self._routing_finished()

    def place_touchpoints(self, ids) -> None:
        """After touchpoints moved or changed kind in the model: put their cards where the
        model says, with their handoffs; lanes that grow or shrink push the ones below."""
        self._settle_unshown()  # (before the lanes' sets of cards change: see _follow_lanes)
        if self.document.batching:
            self._stale_layout = True  # one relayout when the batch ends
            return
        for id in ids:
            self._remeasure(id)
        self._arrange(cards={id for id in ids if id in self.touchpoint_items})

    def _place_lines(self, width: float) -> None:
        """The blueprint's lines between lanes (models.blueprint_lines), each with its name
        in the header column, where no card or route runs. Lines that run at one place are
        drawn once, in the style of the first, with their names one above the other. The
        items are made anew only when the lines change, else moved (an edit that grows a
        lane stacks the lanes again: adding items to a large scene takes a while)."""
        departments = self.document.chain.departments
        roles = [(department.id, department.role) for department in departments]
        if roles != self._line_roles:  # (finding the lines walks 800 lanes at 20,000)
            self._line_roles = roles
            at: dict[str, list[str]] = {}
            for kind, lane in blueprint_lines(departments):
                at.setdefault(lane, []).append(kind)
            wanted = [(tuple(kinds), lane) for lane, kinds in at.items()]
            if wanted != self._line_lanes:
                for _kinds, line, label in self.blueprint_lines:
                    self.removeItem(line)
                    self.removeItem(label)
                self.blueprint_lines = [(kinds, *self._blueprint_line(kinds)) for kinds, _lane in wanted]
                self._line_lanes = wanted
        for (_kinds, lane), (_same, line, label) in zip(self._line_lanes, self.blueprint_lines):
            boundary = self.lane_tops[lane]
            line.setLine(0, boundary, width, boundary)
            label.setPos(10, boundary - label.boundingRect().height() - 2)

    def _blueprint_line(self, kinds: tuple[str, ...]) -> tuple[QGraphicsLineItem, QGraphicsSimpleTextItem]:
        """A blueprint line in the style of kinds[0], with the names of `kinds`, in the scene."""
        line = QGraphicsLineItem()
        line.setPen(QPen(self.theme.muted_text, BLUEPRINT_LINE_WIDTH, LINE_STYLES[kinds[0]]))
        label = QGraphicsSimpleTextItem("\n".join(self.tr(LINE_NAMES[kind]) for kind in kinds))
        label.setFont(label_font(LINE_NAME_POINTS))
        label.setBrush(self.theme.muted_text)
        for item in (line, label):
            item.setZValue(-5)
            self.addItem(item)
        return line, label

    def scene_position(self, touchpoint: Touchpoint) -> QPointF:
        """Where the card's top left goes in the scene (a lane-relative y in the file)."""
        top = self.lane_tops.get(touchpoint.department, 0.0)
        return QPointF(HEADER_WIDTH + touchpoint.position.x, top + touchpoint.position.y)

    def lane_at(self, y: float) -> str | None:
        """The department whose lane holds scene height `y` (the nearest end lane outside)."""
        departments = self.document.chain.departments
        if not departments:
            return None
        for department in departments:
            if y < self.lane_tops[department.id] + self.lane_heights[department.id]:
                return department.id
        return departments[-1].id

    def model_position(self, scene_point: QPointF, kind: str) -> tuple[str, Position]:
        """The lane and lane-relative position of a card whose top-left is `scene_point`."""
        width, height = least_card_size(kind)
        department = self.lane_at(scene_point.y() + height / 2)
        # Within the format's bounds however far the card was dragged.
        x = min(MAX_COORDINATE, max(0.0, scene_point.x() - HEADER_WIDTH))
        y = min(MAX_COORDINATE, max(4.0, scene_point.y() - self.lane_tops[department]))
        return department, Position(x=round(x, 2), y=round(y, 2))

    def in_customer_lane(self, touchpoint: Touchpoint) -> bool:
        department = self.document.department(touchpoint.department)
        return department.role == "customer"

    def content_rect(self) -> QRectF:
        """Lanes and cards: what Fit to window shows and an export draws."""
        rect = QRectF()
        for item in self.lane_items.values():
            rect = rect.united(item.rect)
        if not rect.isEmpty() and self.stage_columns:  # the stages' band above the lanes
            rect = rect.united(self.stage_band.band_rect())
        return rect

    # -- reacting to the document --------------------------------------------------------

    def _on_touchpoint_added(self, id: str) -> None:
        self._create_touchpoint_item(id)
        self.place_touchpoints([id])

    def _on_touchpoint_removed(self, id: str) -> None:
        item = self.touchpoint_items.pop(id)
        self.removeItem(item)
        self._handoffs_at.pop(id, None)
        self.miniature.invalidate_cards(item.lane)
        if self.document.batching:
            self._stale_layout = True
            return
        self._reroute(cards={id})
        self._remeasure(id)
        if self._lanes_resized():
            self._arrange()

    def _on_touchpoints_changed(self, ids: list) -> None:
        """A batch changed these cards: they are sized and placed as it ends (_catch_up)."""
        self._unsynced.update(ids)

    def _on_touchpoint_changed(self, id: str) -> None:
        item = self.touchpoint_items[id]
        touchpoint = self.document.touchpoint(id)
        item.sync()
        self.miniature.invalidate_cards(item.lane)  # its colour may change (review status, results)
        placed = self._extents.get(id) == _extent(touchpoint, item)
        placed = placed and item.scenePos() == self.scene_position(touchpoint)
        if not placed:  # a move, or a new size (kind, label, resize), can change the lanes
            self.place_touchpoints([id])
        elif (self.document.chain.stages and not self.document.batching
              and self._stage_inputs.get(id, (None,))[0] != touchpoint.stage):
            # A card that stays where it is changes the columns only by changing stage
            # (measuring them walks every card: 50 ms at 20,000).
            if self._measure_stages() != self.stage_columns:
                self._arrange()

    def _on_handoff_added(self, id: str) -> None:
        self._create_handoff_item(id)
        if self.document.batching:
            self._stale_layout = True
        else:
            self._reroute(added=[id])
            self.miniature.invalidate_lines()

    def _on_handoff_removed(self, id: str) -> None:
        item = self.handoff_items.pop(id)
        for end in item.ends:
            self._unfile_handoff(end, id)
        self.removeItem(item)
        if self.document.batching:
            self._stale_layout = True
        else:
            self._reroute(removed=[id])
        self.miniature.invalidate_lines()

    def _on_handoff_changed(self, id: str) -> None:
        item = self.handoff_items[id]
        handoff = self.document.handoff(id)
        if item.ends != (handoff.source, handoff.target):  # reconnected: route it anew
            for end in item.ends:
                self._unfile_handoff(end, id)
            self._reroute(removed=[id])
            item.ends = (handoff.source, handoff.target)
            for end in item.ends:
                self._file_handoff(end, id)
            self._reroute(added=[id])
        else:
            self._reroute(texts=[id])
        self.miniature.invalidate_lines()

    def _on_person_changed(self, id: str) -> None:
        # Owner chips show initials, and a card keeps room for its owner's name.
        owned = [t.id for t in self.document.chain.touchpoints if t.owner == id]
        for touchpoint_id in owned:
            self.touchpoint_items[touchpoint_id].sync()
        if owned:
            self.place_touchpoints(owned)
        self.update()

    def set_owner_names(self, on: bool) -> None:
        """Print each owner's name (and job title when there is room) on the cards."""
        self.owner_names = on
        self.update()

    def set_scorecard(self, on: bool) -> None:
        """Tint measured cards by whether they meet their target (see widgets/canvas/scorecard)."""
        self.scorecard = on
        self._lane_scores = None
        self.miniature.invalidate()
        self.update()

    def lane_score(self, department_id: str):
        """The LaneScore of a lane, or None when it measures nothing."""
        if self._lane_scores is None:
            self._lane_scores = lane_scores(self.document.chain)
        return self._lane_scores.get(department_id)

    def _scores_changed(self, *_args) -> None:
        """A card's results, measure or lane changed: the lane headers count again."""
        self._lane_scores = None
        if self.scorecard:
            self.miniature.invalidate()
            for item in self.lane_items.values():
                item.update()

    def set_review_mode(self, on: bool) -> None:
        self.review_mode = on
        self.miniature.invalidate()
        self.update()
        self.review_mode_changed.emit(on)

    def set_findings(self, findings, changed: set | None = None) -> None:
        """Badges for the findings that are not ignored.

        `changed`, when known, names the elements whose findings changed; only their
        items are looked at (after one edit, a handful out of thousands).
        """
        if changed is None:
            changed = set(self._findings_by_element) | {f.element for f in findings}
        fresh: dict[str, list[tuple[str, str]]] = {id: [] for id in changed if id is not None}
        for finding in findings:
            if finding.element in fresh and finding.ignored is None:
                fresh[finding.element].append((finding.severity, finding.message))
        for id, new in fresh.items():
            if new:
                self._findings_by_element[id] = new
            else:
                self._findings_by_element.pop(id, None)
                new = ()  # what an item without findings holds
            item = self._item_of(id)
            if item is not None and item.findings != new:
                item.set_findings(new)

    def show_comment_counts(self) -> None:
        """Mark each element with the number of its open comments (replies included)."""
        chain = self.document.chain
        pinned = pinned_elements(chain)
        self._open_comments = Counter(pinned[c.id] for c in chain.comments if c.status == "open")
        for items in (self.touchpoint_items, self.handoff_items, self.lane_items):
            for id, item in items.items():
                item.set_open_comments(self._open_comments[id])

    def comment_marker_at(self, point: QPointF) -> str | None:
        """The element whose comment marker is at scene `point`, if any."""
        if self.miniature_mode:  # zoomed far out: no item paints, no marker shows
            return None
        for item in self.items(point, Qt.ItemSelectionMode.IntersectsItemBoundingRect):
            rect = item.comment_marker_rect() if hasattr(item, "comment_marker_rect") else None
            if rect is not None and marker_area(rect).contains(point):
                return getattr(item, "touchpoint_id", None) or getattr(item, "handoff_id", None) or item.department_id
        return None

    def _item_of(self, id: str):
        return self.touchpoint_items.get(id) or self.handoff_items.get(id) or self.lane_items.get(id)

    # -- called by items ------------------------------------------------------------------

    def follow_cards(self, ids) -> None:
        """While cards are dragged (or resized), their handoffs follow them around the
        other cards, and their lanes' carriers hold them wherever they are."""
        for id in ids:
            item = self.touchpoint_items.get(id)
            lane = self.lane_items.get(item.lane) if item is not None else None
            if lane is not None and item.parentItem() is lane.cards:
                lane.hold_card(item)
        self._reroute(cards=set(ids))
        # The miniature stays as it was until the drop; it shows the selection (the
        # dragged cards) where it is.

    def show_lane_drop_marker(self, department_id: str, y: float) -> None:
        index = self._lane_drop_index(y)
        departments = self.document.chain.departments
        if index < len(departments):
            marker_y = self.lane_tops[departments[index].id]
        else:
            last = departments[-1].id
            marker_y = self.lane_tops[last] + self.lane_heights[last]
        self._drop_marker.setLine(0, marker_y, HEADER_WIDTH, marker_y)
        self._drop_marker.show()

    def hide_lane_drop_marker(self) -> None:
        self._drop_marker.hide()

    def request_lane_move(self, department_id: str, y: float) -> None:
        index = self._lane_drop_index(y)
        current = self.document.department_index(department_id)
        # Dropping below itself: the lane leaves its old place first.
        self.document.move_department(department_id, index - 1 if index > current else index)

    def request_lane_rename(self, department_id: str) -> None:
        self.lane_rename_requested.emit(department_id)

    def _lane_drop_index(self, y: float) -> int:
        """The index a lane dropped at height `y` is inserted before."""
        for index, department in enumerate(self.document.chain.departments):
            if y < self.lane_tops[department.id] + self.lane_heights[department.id] / 2:
                return index
        return len(self.document.chain.departments)
