"""A chain as a BPMN 2.0 collaboration diagram (`.bpmn`) for Camunda, Signavio, bpmn.io.

What maps to what (the contract with models/bpmn_import.py):

- The chain is one pool: a participant named by the chain's title, whose process holds
  the chain's other fields that BPMN has no place for (organisation, vision,
  description, stages, people, comments, actions, ratings, review sessions, glossary, lint
  settings, version) as JSON in `<chain:chain>`.
- Each department is a lane, in file order, listing its touchpoints (and the nodes
  added for them) as flowNodeRefs; its `<chain:element>` is the department as in the
  .chain file.
- Each touchpoint is a flow node named by its label: start -> startEvent, end ->
  endEvent, decision -> exclusiveGateway, step -> task. Its documentation has plain
  lines for people reading it in a BPMN tool ("Owner: <name>", "Channel: ...",
  "Procedure: <title> <link>" with only a safe link, "Expectation: ...", "Objective:
  ..."); its `<chain:element>` is the touchpoint as in the .chain file.
- Each handoff is a sequenceFlow named by its label (a decision's branch), documented
  with what it passes and its expectation; its `<chain:element>` is the handoff as in
  the .chain file.
- Diagram interchange: the participant, every lane and every flow node is a shape at
  the picture's boxes (models.geometry.picture_boxes: cards, lanes with their 150 px header
  column); the participant's own label band is 30 px left of the lanes. Every flow is an
  edge along the route the canvas draws (models.routing), from outline to outline.
  Everything is shifted so that no coordinate is negative; a card's lane-relative
  position is its shape's x - its lane's x - 150 and its shape's y - its lane's y.

BPMN's rules (bpmnlint's recommended set) ask more of a process than a chain does. Where
they meet, the export draws what a BPMN modeller would, with nodes and flows it ADDS:
each has `chain:added="true"` and an id "_added_<n>" (never a chain id: those cannot
begin with "_"), so the import drops them. Added flows carry no `<chain:element>`:
every flow that carries one belongs to exactly that handoff.

- Several handoffs into a touchpoint (step, end, or a decision that also branches):
  an exclusive gateway joins them just before it ("merge"). Exclusive, not parallel:
  the handoffs are often alternatives (two branches meeting again), and a parallel join
  would wait for a token that never comes; a merge never blocks.
- Several handoffs out of a step or a start: a parallel gateway splits them just after
  it. A step that is not a decision hands off to all of its next departments, so all
  paths are taken: that is a parallel split, and it needs no conditions or label.
- A decision keeps its branches on its own gateway. A decision with several handoffs in
  and one (or none) out is a merging gateway as it stands; with one in and one out it is
  exported as it is, and bpmnlint warns "superfluous-gateway", as the chain's own lint
  flags a decision with a single branch.
- A touchpoint no handoff reaches (other than a start) gets an added start event just
  before it, named "Start"; one no handoff leaves (other than an end) an added end event
  just after it, named "End". A chain with no start at all (every touchpoint in a loop)
  gets one before its first touchpoint; with no end at all, one after its last; an
  empty chain gets an added start joined to an added end in its first lane.
- A process may have only one blank start event: the first start (a start touchpoint
  in file order, else the first added start) is blank; every further start, drawn or
  added, is a message start event. A service begins when a request reaches it (a
  customer calls, a form or another department's request arrives), which is what a
  message start event says.
- A handoff back into a start: a start event takes no incoming flow, so an exclusive
  gateway merges just after the start event; the start flows into it and the handoffs
  back into the start reach it (the loop "starts over").
- A handoff out of an end: an end event has no outgoing flow, so a parallel gateway
  just before the end event splits into the end and the handoffs that leave it.
- Duplicate handoffs (one touchpoint to another more than once: BPMN allows no two
  flows between the same nodes): the second and later pass through an added
  intermediate event named by what they pass; both flows of such a handoff carry its
  `<chain:element>`, and the second is marked added.
- A handoff from a touchpoint to itself is a flow from the node to itself (through the
  added gateways where the node has them).
- BPMN names the participant, lanes and flow nodes; an empty title becomes "Untitled
  chain" and an empty label or department name becomes the element's id.

Added nodes are 50 px gateways and 36 px events, placed in the gap beside their card
(joins and added starts left of it, splits and added ends right of it, centred on it
vertically; a duplicate's event half-way between its ends). Where that spot is taken
by a card or another added node (they keep 8 px apart, so bpmnlint finds no overlap),
the nearest free spot above or below it, then further out, is used; the cards never
move. An added node belongs to the lane it is drawn in (else its touchpoint's); lanes
widen to the right, and the pool grows, to hold them.

A flow between two touchpoints' own nodes runs as the canvas routes it; one that meets an
added node is routed to it, so its line differs from the picture's there.

Left out of what BPMN shows (the payloads keep all of it for our import): lane colours,
review status and sign-offs, notes, the position of a handoff's "passes" pill.
Characters XML cannot hold become U+FFFD in names and documentation (the JSON payloads
keep them exactly, as \\u escapes).
"""

from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from importlib import metadata

from models.chain import Chain, Handoff, Touchpoint
from models.geometry import HEADER_WIDTH, LANE_RIGHT_ROOM, Box, picture_boxes
from models.links import is_safe_link
from models.routing import Card, Link, Router

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
CHAIN = "urn:chain-designer:bpmn:1"

#: The ids of the document's own elements; a chain id that equals one moves them aside.
FIXED_IDS = ("Definitions_1", "Collaboration_1", "Participant_1", "Process_1", "LaneSet_1",
             "BPMNDiagram_1", "BPMNPlane_1")
ADDED_PREFIX = "_added_"
DI_PREFIX = "_di_"
POOL_BAND = 30.0  # the participant's label band, left of the lanes
GATEWAY_SIZE = 50.0  # BPMN tools' usual sizes of the nodes the export adds
EVENT_SIZE = 36.0
NODE_GAP = 24.0  # between an added node and the card or node it stands beside
CLEAR = 8.0  # the least room between an added node and anything else
UNTITLED = "Untitled chain"
#: The chain's fields that `<chain:chain>` holds (the title is the pool's name).
CHAIN_FIELDS = ("version", "organisation", "vision", "description", "stages", "people", "comments", "actions",
                "ratings", "sessions", "glossary", "lint")

_TAGS = {"start": "startEvent", "end": "endEvent", "decision": "exclusiveGateway", "step": "task"}
_SURROGATE = re.compile("[\ud800-\udfff]")
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def bpmn_id(chain_id: str) -> str:
    """A chain id as a BPMN id (an NCName): as it is when it starts with a letter, else
    with "_" before it. The import drops a leading "_" where the rest is a chain id."""
    return chain_id if chain_id[:1].isalpha() else "_" + chain_id


def _xml_text(text: str) -> str:
    """`text` with what XML 1.0 cannot hold (lone surrogates, most control characters)
    replaced by U+FFFD; line breaks and tabs stay (ElementTree escapes them)."""
    return _NOT_XML.sub("\ufffd", _SURROGATE.sub("\ufffd", text))


def _payload(data: dict) -> str:
    # ASCII JSON: every character, even one XML cannot hold, survives as an escape.
    return json.dumps(data, ensure_ascii=True, separators=(",", ":"))


def _exporter_version() -> str:
    try:
        return metadata.version("chain-designer")
    except metadata.PackageNotFoundError:
        return "1"


# -- the process as BPMN nodes and flows ---------------------------------------------------


@dataclass
class _Node:
    id: str
    tag: str  # startEvent, endEvent, task, exclusiveGateway, parallelGateway, intermediateThrowEvent
    lane: str | None  # department id
    name: str | None = None
    touchpoint: Touchpoint | None = None  # None: added
    message: bool = False  # a message start event
    box: Box | None = None
    incoming: list[str] = field(default_factory=list)
    outgoing: list[str] = field(default_factory=list)

    @property
    def added(self) -> bool:
        return self.touchpoint is None


@dataclass
class _Flow:
    id: str
    source: str
    target: str
    handoff: Handoff | None = None  # its payload; None for flows inside the added structure
    added: bool = False


@dataclass
class _Touchpoint:
    """A touchpoint's node and the added nodes around it: handoffs into it reach `entry`,
    handoffs out of it leave `exit`. `left`/`right`: added nodes drawn before/after the
    card, nearest first."""

    node: _Node
    entry: str = ""
    exit: str = ""
    left: list[_Node] = field(default_factory=list)
    right: list[_Node] = field(default_factory=list)


class _Process:
    """Builds the flow nodes and flows of a chain by the rules in the module docstring."""

    def __init__(self, chain: Chain):
        self.chain = chain
        self.nodes: dict[str, _Node] = {}
        self.flows: list[_Flow] = []
        self.parts: dict[str, _Touchpoint] = {}
        self.extra: list[_Node] = []  # intermediate events of duplicate handoffs, empty-chain events
        self._serial = 0
        touchpoints = {t.id: t for t in chain.touchpoints}
        self.handoffs = [
            h for h in chain.handoffs if h.source in touchpoints and h.target in touchpoints
        ]
        ins = {t.id: 0 for t in chain.touchpoints}
        outs = dict(ins)
        for handoff in self.handoffs:
            outs[handoff.source] += 1
            ins[handoff.target] += 1
        starts = {t.id for t in chain.touchpoints if t.kind != "start" and ins[t.id] == 0}
        ends = {t.id for t in chain.touchpoints if t.kind != "end" and outs[t.id] == 0}
        if chain.touchpoints:
            if not starts and all(t.kind != "start" for t in chain.touchpoints):
                starts.add(chain.touchpoints[0].id)  # every touchpoint is in a loop
            if not ends and all(t.kind != "end" for t in chain.touchpoints):
                ends.add(chain.touchpoints[-1].id)
        for touchpoint in chain.touchpoints:
            id = touchpoint.id
            self._build(touchpoint, ins[id] + (id in starts), outs[id] + (id in ends))
        for touchpoint in chain.touchpoints:  # (after every part exists: links join parts)
            part = self.parts[touchpoint.id]
            if touchpoint.id in starts:
                start = self._added("startEvent", touchpoint.department, "Start")
                part.left.append(start)
                self._flow(start.id, part.entry)
            if touchpoint.id in ends:
                end = self._added("endEvent", touchpoint.department, "End")
                part.right.append(end)
                self._flow(part.exit, end.id)
        if not chain.touchpoints:
            lane = chain.departments[0].id if chain.departments else None
            start = self._added("startEvent", lane, "Start")
            end = self._added("endEvent", lane, "End")
            self.extra += [start, end]
            self._flow(start.id, end.id)
        self._link_handoffs()
        self._mark_message_starts()

    def _next_id(self) -> str:
        self._serial += 1
        return f"{ADDED_PREFIX}{self._serial}"

    def _added(self, tag: str, lane: str | None, name: str | None = None) -> _Node:
        node = _Node(self._next_id(), tag, lane, name)
        self.nodes[node.id] = node
        return node

    def _flow(self, source: str, target: str, handoff: Handoff | None = None,
              added: bool = True, id: str | None = None) -> _Flow:
        flow = _Flow(id or self._next_id(), source, target, handoff, added)
        self.flows.append(flow)
        self.nodes[source].outgoing.append(flow.id)
        self.nodes[target].incoming.append(flow.id)
        return flow

    def _build(self, touchpoint: Touchpoint, ins: int, outs: int) -> None:
        """The touchpoint's node and the gateways its handoff counts call for."""
        lane, kind = touchpoint.department, touchpoint.kind
        name = touchpoint.label if touchpoint.label.strip() else touchpoint.id
        node = _Node(bpmn_id(touchpoint.id), _TAGS[kind], lane, name, touchpoint)
        self.nodes[node.id] = node
        part = _Touchpoint(node, node.id, node.id)
        self.parts[touchpoint.id] = part
        if kind == "start":
            body = node
            if ins:  # handoffs back into the start meet its flow in a merge after it
                body = self._added("exclusiveGateway", lane)
                part.right.append(body)
                self._flow(node.id, body.id)
                part.entry = body.id
            part.exit = body.id
            if outs > 1:
                part.exit = self._split_after(part, body.id)
        elif kind == "end" and outs:
            split = self._added("parallelGateway", lane)  # an end event has no way out
            part.left.append(split)
            self._flow(split.id, node.id)
            part.entry = part.exit = split.id
            if ins > 1:
                part.entry = self._join_before(part, split.id)
        else:
            if ins > 1 and (kind != "decision" or outs > 1):
                part.entry = self._join_before(part, node.id)
            if kind == "step" and outs > 1:
                part.exit = self._split_after(part, node.id)

    def _join_before(self, part: _Touchpoint, target: str) -> str:
        join = self._added("exclusiveGateway", part.node.lane)
        part.left.append(join)
        self._flow(join.id, target)
        return join.id

    def _split_after(self, part: _Touchpoint, source: str) -> str:
        split = self._added("parallelGateway", part.node.lane)
        part.right.append(split)
        self._flow(source, split.id)
        return split.id

    def _link_handoffs(self) -> None:
        """One flow per handoff from its source's exit to its target's entry; a second
        handoff between the same nodes passes through an added intermediate event."""
        taken: set[tuple[str, str]] = set()
        for handoff in self.handoffs:
            source = self.parts[handoff.source].exit
            target = self.parts[handoff.target].entry
            id = bpmn_id(handoff.id)
            if (source, target) not in taken:
                taken.add((source, target))
                self._flow(source, target, handoff, added=False, id=id)
                continue
            text = handoff.passes or handoff.label or ""
            event = self._added(
                "intermediateThrowEvent", self.nodes[source].lane, text if text.strip() else "Handoff"
            )
            self.extra.append(event)
            self._flow(source, event.id, handoff, added=False, id=id)
            self._flow(event.id, target, handoff)

    def _mark_message_starts(self) -> None:
        starts = [
            node for node in self._in_order() if node.tag == "startEvent"
        ]
        drawn = [node for node in starts if not node.added]
        blank = (drawn or starts or [None])[0]
        for node in starts:
            node.message = node is not blank

    def _in_order(self) -> list[_Node]:
        """Every node in document order: each touchpoint with the added nodes around it,
        then the other added nodes."""
        order = []
        for touchpoint in self.chain.touchpoints:
            part = self.parts[touchpoint.id]
            order += list(reversed(part.left)) + [part.node] + part.right
        return order + self.extra


# -- where the nodes are drawn --------------------------------------------------------------


def _overlaps(a: Box, b: Box, room: float) -> bool:
    return (a[0] < b[0] + b[2] + room and b[0] < a[0] + a[2] + room
            and a[1] < b[1] + b[3] + room and b[1] < a[1] + a[3] + room)


def _size(node: _Node) -> float:
    return GATEWAY_SIZE if node.tag.endswith("Gateway") else EVENT_SIZE


class _Placer:
    """Finds a free spot for each added node: beside its card, else nearby. Taken boxes
    are kept in a grid of CELL-sized cells, so a large chain is placed in linear time."""

    CELL = 200.0

    def __init__(self, taken: list[Box]):
        self.grid: dict[tuple[int, int], list[Box]] = {}
        for box in taken:
            self._take(box)

    def _cells(self, box: Box, room: float):
        x, y, w, h = box
        for column in range(math.floor((x - room) / self.CELL), math.floor((x + w + room) / self.CELL) + 1):
            for row in range(math.floor((y - room) / self.CELL), math.floor((y + h + room) / self.CELL) + 1):
                yield column, row

    def _take(self, box: Box) -> None:
        for cell in self._cells(box, 0.0):
            self.grid.setdefault(cell, []).append(box)

    def _free(self, box: Box) -> bool:
        return not any(
            _overlaps(box, other, CLEAR) for cell in self._cells(box, CLEAR) for other in self.grid.get(cell, ())
        )

    def place(self, centre: tuple[float, float], size: float, direction: float) -> Box:
        """A box of `size` centred at `centre`, or the nearest free one: above or below
        it, then further out `direction` (-1 left, +1 right, 0 either way). Nodes stay
        right of the lanes' label band unless only the left of it is free (a card there).
        Where nothing is free, the box overlaps."""
        step_x, step_y = size + NODE_GAP, size + CLEAR
        if direction:
            columns = [direction * n * step_x for n in range(12)]
        else:
            columns = [0.0] + [sign * n * step_x for n in range(1, 12) for sign in (1, -1)]
        rows = [0.0] + [sign * n * step_y for n in range(1, 7) for sign in (-1, 1)]
        for least_x in (POOL_BAND + CLEAR, -math.inf):
            for dx in columns:
                for dy in rows:
                    box = (centre[0] + dx - size / 2, centre[1] + dy - size / 2, size, size)
                    if box[0] >= least_x and self._free(box):
                        self._take(box)
                        return box
        box = (centre[0] - size / 2, centre[1] - size / 2, size, size)
        self._take(box)
        return box


def _event_circle(box: Box) -> Box:
    """A start or end card's event: a circle as tall as the card, in its middle. BPMN
    tools draw an event as a circle (bpmn.io: of the box's mean side), so the card's own
    wide box would spill over its lane; the name goes below it."""
    x, y, w, h = box
    side = min(w, h)
    return (x + (w - side) / 2, y + (h - side) / 2, side, side)


def _centre(box: Box) -> tuple[float, float]:
    return box[0] + box[2] / 2, box[1] + box[3] / 2


def _place_added(process: _Process, cards: dict[str, Box], lanes: dict[str, Box]) -> None:
    """Boxes for every node: the picture's card boxes for touchpoints, free spots for
    the added nodes."""
    placer = _Placer(list(cards.values()))
    for touchpoint in process.chain.touchpoints:
        part = process.parts[touchpoint.id]
        part.node.box = cards[touchpoint.id]
        x, y, w, h = part.node.box
        for side, nodes in ((-1.0, part.left), (1.0, part.right)):
            edge = x if side < 0 else x + w
            for node in nodes:
                size = _size(node)
                centre = (edge + side * (NODE_GAP + size / 2), y + h / 2)
                node.box = placer.place(centre, size, side)
                edge = node.box[0] if side < 0 else node.box[0] + size
        if part.node.tag in ("startEvent", "endEvent"):
            part.node.box = _event_circle(part.node.box)
    flows = {flow.id: flow for flow in process.flows}
    first_lane = next(iter(lanes.values()), (0.0, 0.0, HEADER_WIDTH, 96.0))
    at = (HEADER_WIDTH + NODE_GAP + EVENT_SIZE / 2, first_lane[1] + first_lane[3] / 2)
    for node in process.extra:
        if node.tag == "intermediateThrowEvent":  # between the nodes its handoff joins
            source = _centre(process.nodes[flows[node.incoming[0]].source].box)
            target = _centre(process.nodes[flows[node.outgoing[0]].target].box)
            middle = ((source[0] + target[0]) / 2, (source[1] + target[1]) / 2)
            node.box = placer.place(middle, _size(node), 0.0)
        else:  # the empty chain's start and end, side by side
            node.box = placer.place(at, _size(node), 1.0)
            at = (node.box[0] + node.box[2] + NODE_GAP + EVENT_SIZE / 2, at[1])
    for node in process.nodes.values():  # an added node belongs to the lane it is drawn in
        middle = _centre(node.box)[1]
        if node.added:
            node.lane = next((id for id, (_x, top, _w, height) in lanes.items()
                              if top <= middle < top + height), node.lane)


def _routes(process: _Process, lane_boxes: dict[str, Box]) -> dict[str, list[tuple[float, float]]]:
    """Each flow's waypoints, routed as the canvas routes handoffs, inside walls around
    the lanes and nodes as the canvas keeps routes inside its lanes."""
    kinds = {"task": "step", "exclusiveGateway": "decision", "parallelGateway": "decision"}
    cards = {}
    for node in process.nodes.values():
        x, y, w, h = node.box
        kind = node.touchpoint.kind if node.touchpoint else kinds.get(node.tag, "start")
        cards[node.id] = Card((x, y, x + w, y + h), kind)
    boxes = [card.box for card in cards.values()]
    left = min([HEADER_WIDTH] + [box[0] - CLEAR for box in boxes])
    top = min([0.0] + [box[1] - CLEAR for box in boxes])
    right = max([lane[0] + lane[2] for lane in lane_boxes.values()] + [box[2] + CLEAR for box in boxes])
    bottom = max([lane[1] + lane[3] for lane in lane_boxes.values()] + [box[3] + CLEAR for box in boxes])
    thick = 300.0
    # ('#' cannot begin a BPMN id.)
    cards["#left"] = Card((left - thick, top - thick, left, bottom + thick), "wall")
    cards["#top"] = Card((left - thick, top - thick, right + thick, top), "wall")
    cards["#bottom"] = Card((left - thick, bottom, right + thick, bottom + thick), "wall")
    cards["#right"] = Card((right, top - thick, right + thick, bottom + thick), "wall")
    links = [Link(flow.id, flow.source, flow.target) for flow in process.flows]
    routes = Router(cards, links).route_all()
    result = {}
    for flow in process.flows:
        route = [(float(x), float(y)) for x, y in routes.get(flow.id) or []]
        route = [point for index, point in enumerate(route) if index == 0 or point != route[index - 1]]
        if len(route) < 2:  # (the router gave up: a straight line between the centres)
            a, b = cards[flow.source].box, cards[flow.target].box
            route = [((a[0] + a[2]) / 2, (a[1] + a[3]) / 2), ((b[0] + b[2]) / 2, (b[1] + b[3]) / 2)]
        result[flow.id] = route
    return result


# -- the XML -------------------------------------------------------------------------------


def _documentation(parent: ET.Element, lines: list[str]) -> None:
    if lines:
        ET.SubElement(parent, "bpmn:documentation").text = _xml_text("\n".join(lines))


def _extension(parent: ET.Element, tag: str, data: dict) -> None:
    extension = ET.SubElement(parent, "bpmn:extensionElements")
    ET.SubElement(extension, tag).text = _payload(data)


def _dump(model) -> dict:
    """A model as the .chain file writes it."""
    return model.model_dump(mode="json", by_alias=True, exclude_defaults=True)


def _touchpoint_lines(touchpoint: Touchpoint, people: dict[str, str]) -> list[str]:
    lines = []
    if touchpoint.owner:
        lines.append(f"Owner: {people.get(touchpoint.owner, touchpoint.owner)}")
    if touchpoint.channel:
        lines.append(f"Channel: {touchpoint.channel.replace('_', ' ')}")
    procedure = touchpoint.procedure
    if procedure:
        link = procedure.link if procedure.link and is_safe_link(procedure.link) else None
        lines.append(f"Procedure: {procedure.title}" + (f" {link}" if link else ""))
    if touchpoint.expectation:
        lines.append(f"Expectation: {touchpoint.expectation}")
    if touchpoint.objective:
        lines.append(f"Objective: {touchpoint.objective}")
    return lines


def _handoff_lines(handoff: Handoff) -> list[str]:
    lines = []
    if handoff.passes:
        lines.append(f"Passes: {handoff.passes}")
    if handoff.expectation:
        lines.append(f"Expectation: {handoff.expectation}")
    return lines


def _number(value: float) -> str:
    value = round(value, 2) + 0.0  # (+ 0.0: no "-0")
    return str(int(value)) if value.is_integer() else repr(value)


def _bounds(parent: ET.Element, box: Box, shift: tuple[float, float]) -> None:
    x, y, w, h = box
    ET.SubElement(parent, "dc:Bounds", {
        "x": _number(x + shift[0]), "y": _number(y + shift[1]), "width": _number(w), "height": _number(h),
    })


def to_bpmn(chain: Chain) -> str:
    """The BPMN 2.0 XML of `chain` (see the module docstring for the mapping)."""
    chain_ids = {d.id for d in chain.departments} | {p.id for p in chain.people} | {
        t.id for t in chain.touchpoints} | {h.id for h in chain.handoffs}
    bpmn_ids = {bpmn_id(id) for id in chain_ids}
    fixed = {name: "_" + name if name in bpmn_ids else name for name in FIXED_IDS}

    process = _Process(chain)
    cards, lane_boxes = picture_boxes(chain)
    _place_added(process, cards, lane_boxes)
    node_boxes = [node.box for node in process.nodes.values()]
    right = max([x + w for x, _y, w, _h in node_boxes], default=0.0) + LANE_RIGHT_ROOM
    lane_boxes = {
        id: (x, y, max(w, right - x), h) for id, (x, y, w, h) in lane_boxes.items()
    }
    routes = _routes(process, lane_boxes)

    # The pool: the lanes with the label band left of them, grown over any node outside.
    areas = list(lane_boxes.values()) or [(0.0, 0.0, HEADER_WIDTH + 240.0, 96.0)]
    pool_left = min([areas[0][0] - POOL_BAND] + [b[0] - CLEAR for b in node_boxes])
    pool_top = min([a[1] for a in areas] + [b[1] - CLEAR for b in node_boxes])
    pool_right = max([a[0] + a[2] for a in areas] + [b[0] + b[2] + CLEAR for b in node_boxes])
    pool_bottom = max([a[1] + a[3] for a in areas] + [b[1] + b[3] + CLEAR for b in node_boxes])
    points = [point for route in routes.values() for point in route]
    # Whole pixels, so a shape's position less its lane's is the card's to the hundredth.
    shift = (-math.floor(min([pool_left] + [x for x, _ in points])),
             -math.floor(min([pool_top] + [y for _, y in points])))
    pool = (pool_left, pool_top, pool_right - pool_left, pool_bottom - pool_top)

    root = ET.Element("bpmn:definitions", {
        "xmlns:bpmn": BPMN, "xmlns:bpmndi": BPMNDI, "xmlns:dc": DC, "xmlns:di": DI,
        "xmlns:chain": CHAIN, "id": fixed["Definitions_1"], "targetNamespace": CHAIN,
        "exporter": "Chain Designer", "exporterVersion": _exporter_version(),
    })
    collaboration = ET.SubElement(root, "bpmn:collaboration", {"id": fixed["Collaboration_1"]})
    title = _xml_text(chain.title) if chain.title.strip() else UNTITLED
    ET.SubElement(collaboration, "bpmn:participant", {
        "id": fixed["Participant_1"], "name": title, "processRef": fixed["Process_1"],
    })
    process_element = ET.SubElement(root, "bpmn:process", {"id": fixed["Process_1"], "isExecutable": "false"})
    whole = _dump(chain)
    kept = {key: whole[key] for key in CHAIN_FIELDS if key in whole}
    _extension(process_element, "chain:chain", kept)

    people = {person.id: person.name for person in chain.people}
    in_order = process._in_order()
    by_lane: dict[str | None, list[_Node]] = {}
    for node in in_order:
        by_lane.setdefault(node.lane, []).append(node)
    if chain.departments:
        lane_set = ET.SubElement(process_element, "bpmn:laneSet", {"id": fixed["LaneSet_1"]})
        for department in chain.departments:
            name = department.name if department.name.strip() else department.id
            lane = ET.SubElement(lane_set, "bpmn:lane", {"id": bpmn_id(department.id), "name": _xml_text(name)})
            if department.lead:
                _documentation(lane, [f"Lead: {people.get(department.lead, department.lead)}"])
            _extension(lane, "chain:element", _dump(department))
            for node in by_lane.get(department.id, []):
                ET.SubElement(lane, "bpmn:flowNodeRef").text = node.id
    for node in in_order:
        attributes = {"id": node.id}
        if node.name is not None:
            attributes["name"] = _xml_text(node.name)
        if node.added:
            attributes["chain:added"] = "true"
        element = ET.SubElement(process_element, f"bpmn:{node.tag}", attributes)
        if node.touchpoint is not None:
            _documentation(element, _touchpoint_lines(node.touchpoint, people))
            _extension(element, "chain:element", _dump(node.touchpoint))
        for flow_id in node.incoming:
            ET.SubElement(element, "bpmn:incoming").text = flow_id
        for flow_id in node.outgoing:
            ET.SubElement(element, "bpmn:outgoing").text = flow_id
        if node.message:
            ET.SubElement(element, "bpmn:messageEventDefinition", {"id": process._next_id()})
    for flow in process.flows:
        attributes = {"id": flow.id}
        if flow.handoff is not None and flow.handoff.label and not flow.added:
            attributes["name"] = _xml_text(flow.handoff.label)
        if flow.added:
            attributes["chain:added"] = "true"
        attributes |= {"sourceRef": flow.source, "targetRef": flow.target}
        element = ET.SubElement(process_element, "bpmn:sequenceFlow", attributes)
        if flow.handoff is not None:
            if not flow.added:
                _documentation(element, _handoff_lines(flow.handoff))
            _extension(element, "chain:element", _dump(flow.handoff))

    diagram = ET.SubElement(root, "bpmndi:BPMNDiagram", {"id": fixed["BPMNDiagram_1"]})
    plane = ET.SubElement(diagram, "bpmndi:BPMNPlane", {
        "id": fixed["BPMNPlane_1"], "bpmnElement": fixed["Collaboration_1"]})
    shape = ET.SubElement(plane, "bpmndi:BPMNShape", {
        "id": DI_PREFIX + fixed["Participant_1"], "bpmnElement": fixed["Participant_1"], "isHorizontal": "true"})
    _bounds(shape, pool, shift)
    for department in chain.departments:
        id = bpmn_id(department.id)
        shape = ET.SubElement(plane, "bpmndi:BPMNShape", {
            "id": DI_PREFIX + id, "bpmnElement": id, "isHorizontal": "true"})
        _bounds(shape, lane_boxes[department.id], shift)
    for node in in_order:
        attributes = {"id": DI_PREFIX + node.id, "bpmnElement": node.id}
        if node.tag == "exclusiveGateway":
            attributes["isMarkerVisible"] = "true"
        shape = ET.SubElement(plane, "bpmndi:BPMNShape", attributes)
        _bounds(shape, node.box, shift)
    for flow in process.flows:
        edge = ET.SubElement(plane, "bpmndi:BPMNEdge", {"id": DI_PREFIX + flow.id, "bpmnElement": flow.id})
        for x, y in routes[flow.id]:
            ET.SubElement(edge, "di:waypoint", {"x": _number(x + shift[0]), "y": _number(y + shift[1])})

    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
