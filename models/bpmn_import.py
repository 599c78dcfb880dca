"""Import of BPMN 2.0 process models (Camunda Modeler, bpmn.io, Signavio, and Chain
Designer's own BPMN export): lanes and pools become departments, flow nodes touchpoints,
sequence and message flows handoffs.

What maps to what:
- Departments: a process's lanes (its laneSet); of nested lanes (childLaneSet) the
  innermost ones, named with the lanes around them ("Sales / Desk"). A pool (participant)
  without lanes is one department named for the pool; so is a process without a pool
  ("Process" when it has no name). A flow node in no lane goes where its shape is, else
  into a department named for its pool. Departments are stacked as the diagram stacks
  their lanes (in file order when the diagram does not show every one).
- Touchpoints: startEvent -> start, endEvent -> end; exclusive, inclusive, event-based
  and complex gateways -> decision (each chooses between its branches); a parallel
  gateway -> step (it chooses nothing: every branch runs); every task type, call
  activity and sub-process -> step (a sub-process is one step, its contents are left
  out); intermediate events -> step. A node's documentation -> the touchpoint's notes.
  Names are whitespace-normalised (a line break in a BPMN name is a space); a node
  without a name is named for its type ("Task").
- Handoffs: sequenceFlow, and messageFlow between pools (a handoff between
  organisations): name -> label, documentation -> passes. A flow leaving a boundary
  event leaves from the activity the event is attached to; a message to or from a node
  inside a sub-process reaches the sub-process's step.
- Ids: a BPMN id is the chain id, less a leading "_" that only made it an XML name; an
  id that cannot be a chain id is made one, and kept unique.
- Places: from the diagram (BPMNDI). A BPMN shape is smaller than a card, so a card is
  centred where its shape is, the diagram is widened (up to MAX_STRETCH times) until
  cards side by side in a lane do not overlap, the left-most card starts at the
  layout's margin, and the layout's tidy lines cards up in rows and pulls apart any
  that still overlap. A diagram whose lanes run down the page is turned a quarter.
  Nodes without a shape are laid out around the others (models.layout); a file
  without a diagram is laid out whole. So every touchpoint has its place when the
  import returns, and the command line does not lay the chain out again.

Chain Designer's own export (the BPMN contract shared with models/bpmn_export.py)
carries each element's chain data in `<chain:element>` and the chain's own fields in
`<chain:chain>`. Where that data is present, every field comes from it except what a
BPMN tool may have changed: names, lane membership, kinds (from the element types),
places (a card sits exactly at its shape's corner, HEADER_WIDTH right of its lane's
left edge), and the ends of flows that join real nodes. Nodes that the export added
only for BPMN's rules (chain:added="true") are dropped, and the flows through them are
joined back into the handoffs they stand for (each handoff's `<chain:element>` is on
the flows that belong to it; where one of its ends is an added node, the touchpoint
it names is that end). A name our export wrote for a blank one (the element's id)
comes back blank; our export's pool without lanes (an empty chain) is no department.

Left out, and said in the sentences returned beside the chain: boundary events, data
objects and stores, text annotations, groups, associations and any other drawn element
that is not a flow node; the contents of sub-processes; flow conditions; flows that do
not join two touchpoints; and the diagram's sizes, colours and line routes.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from xml.etree import ElementTree

from pydantic import ValidationError

from models.chain import (
    ID_PATTERN,
    MAX_COORDINATE,
    Chain,
    Department,
    Handoff,
    Position,
    Touchpoint,
)
from models.bpmn_export import BPMN, BPMNDI, CHAIN, CHAIN_FIELDS, DC, POOL_BAND
from models.chain_file import MAX_ELEMENTS
from models.geometry import HEADER_WIDTH, card_size, owner_names
from models.import_source import parse_xml, source_bytes, title_from_file_name
from models.integrity import drop_dangling_references, find_integrity_problem
from models.layout import LayoutTooLarge, layout_chain
from models.layout.grid import LEFT, TOP
from models.layout.tidy import NEIGHBOUR_GAP

DEFAULT_TITLE = "Imported process"
#: How far the export's two-decimal numbers may move a card of ours.
ROUNDING = 0.02
#: The most a foreign diagram is widened for the cards, which are larger than its shapes.
MAX_STRETCH = 4.0
STRETCH_NEIGHBOURS = 8  # the cards to the right of each that are checked for overlap
ACTIVITIES = ("callActivity", "subProcess", "transaction", "adHocSubProcess")
CONTAINERS = ("subProcess", "transaction", "adHocSubProcess")
INTERMEDIATE_EVENTS = ("intermediateCatchEvent", "intermediateThrowEvent", "implicitThrowEvent")
#: Drawn elements that are no flow node, as the report names them.
ARTIFACTS = {
    "dataObjectReference": "data object",
    "dataStoreReference": "data store",
    "textAnnotation": "text annotation",
    "group": "group",
    "association": "association",
}
_VALID_ID = re.compile(ID_PATTERN)
_NOT_ID = re.compile(r"[^A-Za-z0-9_.-]+")
_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?definitions[\s>/]")


class BpmnImportError(Exception):
    """A BPMN file that cannot be imported; its text is one sentence that names the file."""

    def __init__(self, file: str, reason: str):
        self.file = file
        self.reason = reason
        super().__init__(f"{file}: {reason}")


def looks_like_bpmn(head: bytes) -> bool:
    """Whether the first bytes of a file are a BPMN 2.0 model's: a <definitions> root in
    the BPMN model namespace."""
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    while text.startswith((b"<?", b"<!--")):  # the XML declaration, comments
        end = text.find(b"?>" if text.startswith(b"<?") else b"-->")
        if end < 0:
            return False
        text = text[end + 3:].lstrip()
    return bool(_ROOT.match(text)) and BPMN.encode() in head


def import_bpmn(
    source: str | os.PathLike | bytes, title: str | None = None, *, name: str | None = None
) -> tuple[Chain, list[str]]:
    """Build a chain from a BPMN 2.0 file (a path or its bytes), and say what was left out.

    `name` is the file name messages show when `source` is bytes. Raises
    BpmnImportError, and nothing else, for every bad file.
    """
    data, shown_name, file_name = source_bytes(source, name, BpmnImportError, "a BPMN file", "a BPMN model")
    try:
        root = parse_xml(data, shown_name, BpmnImportError, "a BPMN tool")
        if root.tag != _q("definitions"):
            raise BpmnImportError(shown_name, "the file is not a BPMN 2.0 model (no BPMN <definitions>)")
        reader = _Reader(root, shown_name)
        chain = reader.chain(title, title_from_file_name(file_name, DEFAULT_TITLE))
        return chain, reader.sentences()
    except BpmnImportError:
        raise
    except (RecursionError, MemoryError):
        raise BpmnImportError(shown_name, "the file is nested too deeply or is too large to read") from None
    except LayoutTooLarge as error:
        raise BpmnImportError(shown_name, str(error)) from None
    except Exception as error:  # the promise: one clear message, never a traceback
        raise BpmnImportError(
            shown_name, f"the model could not be read ({type(error).__name__})"
        ) from None


# -- reading the XML ------------------------------------------------------------------------


def _q(name: str) -> str:
    return f"{{{BPMN}}}{name}"


def _local(tag: object) -> str | None:
    """The BPMN type of an element ("userTask"); None for comments and other namespaces."""
    if isinstance(tag, str) and tag.startswith(f"{{{BPMN}}}"):
        return tag[len(BPMN) + 2:]
    return None


def _collapse(text: str | None) -> str:
    return " ".join((text or "").split())


def _documentation(element: ElementTree.Element) -> str:
    """The element's documentation, its lines whitespace-normalised, blank lines dropped."""
    text = "\n".join(part.text or "" for part in element.findall(_q("documentation")))
    return "\n".join(line for line in (_collapse(line) for line in text.splitlines()) if line)


def _kind_of(bpmn_type: str | None) -> str | None:
    """The kind of touchpoint a BPMN flow node of this type becomes; None if none."""
    if bpmn_type is None:
        return None
    if bpmn_type == "startEvent":
        return "start"
    if bpmn_type == "endEvent":
        return "end"
    if bpmn_type.endswith("Gateway"):
        return "step" if bpmn_type == "parallelGateway" else "decision"
    if bpmn_type in INTERMEDIATE_EVENTS or bpmn_type in ACTIVITIES:
        return "step"
    if bpmn_type == "task" or bpmn_type.endswith("Task"):
        return "step"
    return None


def _type_name(bpmn_type: str) -> str:
    """The name of a node that has none: "Start", "End", "User task", "Exclusive gateway"."""
    special = {"startEvent": "Start", "endEvent": "End", "participant": "Pool", "subProcess": "Sub-process"}
    if bpmn_type in special:
        return special[bpmn_type]
    return re.sub(r"(?<!^)(?=[A-Z])", " ", bpmn_type).lower().capitalize()


def _number(text: str | None) -> float | None:
    try:
        value = float(text) if text is not None else math.nan
    except ValueError:
        return None
    return value if math.isfinite(value) and abs(value) < 1e9 else None


def _shapes(root: ElementTree.Element) -> tuple[dict[str, tuple[float, float, float, float]], bool]:
    """BPMN element id -> (x, y, width, height) of its first shape in the diagram, and
    whether they were turned a quarter (x and y swapped): when the diagram's lanes run
    down the page, so that they run across as a chain's lanes do."""
    shapes: dict[str, tuple[float, float, float, float]] = {}
    vertical: set[str] = set()
    for shape in root.iter(f"{{{BPMNDI}}}BPMNShape"):
        if shape.get("isHorizontal") == "false":
            vertical.add(shape.get("bpmnElement", ""))
        bounds = shape.find(f"{{{DC}}}Bounds")
        element = shape.get("bpmnElement")
        if bounds is None or element is None or element in shapes:
            continue
        box = tuple(_number(bounds.get(key)) for key in ("x", "y", "width", "height"))
        if None not in box:
            shapes[element] = box  # type: ignore[assignment]
    swimlanes = {element.get("id") for tag in ("lane", "participant") for element in root.iter(_q(tag))}
    if vertical & swimlanes:
        return {key: (y, x, h, w) for key, (x, y, w, h) in shapes.items()}, True
    return shapes, False


def _chain_id(bpmn_id: str | None) -> str:
    """The chain id a BPMN id stands for: itself, or less the "_" that made it an XML name
    (the export writes a chain id that starts with a digit as "_" + id)."""
    bpmn_id = bpmn_id or ""
    if bpmn_id.startswith("_") and _VALID_ID.match(bpmn_id[1:]):
        return bpmn_id[1:]
    return bpmn_id


class _Ids:
    """Chain ids handed out so far: each new one valid and unique across every kind."""

    def __init__(self):
        self.taken: set[str] = set()

    def claim(self, wanted: str | None, fallback: str) -> str:
        candidate = _chain_id(wanted)
        if not _VALID_ID.match(candidate):
            candidate = _NOT_ID.sub("-", candidate).strip("_.-")[:64] or fallback
        unique, number = candidate, 1
        while unique in self.taken:
            number += 1
            suffix = f"-{number}"
            unique = candidate[:64 - len(suffix)] + suffix
        self.taken.add(unique)
        return unique


def _payload(element: ElementTree.Element, kind: str) -> ElementTree.Element | None:
    """The `<chain:element>` (or `<chain:chain>`) our export wrote into the element."""
    extensions = element.find(_q("extensionElements"))
    return None if extensions is None else extensions.find(f"{{{CHAIN}}}{kind}")


def _named(bpmn_name: str | None, payload: dict | None, key: str) -> str | None:
    """A name from BPMN, whitespace-normalised; but our chain data's text (`payload[key]`)
    when it reads the same, so line breaks and double spaces of our own labels survive
    a round trip, and when it is blank and the name is the element's id (which our
    export writes for a blank name, as BPMN tools show a nameless element poorly)."""
    name = _collapse(bpmn_name)
    ours = payload.get(key) if payload is not None else None
    if isinstance(ours, str):
        if _collapse(ours) == name or (not ours.strip() and bpmn_name == payload.get("id")):
            return ours
    return name or None


# -- the model's parts ------------------------------------------------------------------------


@dataclass(eq=False)  # told apart by identity
class _Lane:
    """A department in the making: a lane, a pool, or a process without either."""

    bpmn_id: str
    name: str  # whitespace-normalised, with its parents' names; its type's when it has none
    bpmn_name: str | None  # as the file has it, to compare with our own data's name
    payload: dict | None
    box: tuple[float, float, float, float] | None  # where its cards sit, in the diagram
    order: int
    is_pool: bool = False  # a pool without lanes (or its nodes in no lane), not a lane
    top: float | None = None  # where a lane without a shape begins (worked out once)
    department: Department | None = None


@dataclass(eq=False)
class _Pool:
    """A participant and its process, or a process without a participant."""

    element: ElementTree.Element  # the participant, or the process
    name: str
    process: ElementTree.Element | None
    box: tuple[float, float, float, float] | None
    leaves: list[_Lane] = field(default_factory=list)  # its departments: lanes, or itself
    has_lanes: bool = False
    outside: _Lane | None = None  # the department of its nodes in no lane, made when needed


@dataclass(eq=False)
class _Node:
    element: ElementTree.Element
    bpmn_type: str
    kind: str
    pool: _Pool
    payload: dict | None
    lane: _Lane | None = None
    touchpoint: Touchpoint | None = None
    fallback_position: Position | None = None  # the payload's (see _our_corners)


@dataclass
class _Flow:
    element: ElementTree.Element
    source: str
    target: str
    payload: dict | None
    order: int
    added: bool  # drawn by our export only for BPMN's rules


# -- the reader -------------------------------------------------------------------------------


class _Reader:
    """One BPMN model read into a chain; what it left out is counted as it goes."""

    def __init__(self, root: ElementTree.Element, shown_name: str):
        self.root = root
        self.shown_name = shown_name
        self.shapes, self.turned = _shapes(root)
        edges = {edge.get("bpmnElement", "") for edge in root.iter(f"{{{BPMNDI}}}BPMNEdge")}
        self.drawn = edges | set(self.shapes)  # ids of what the diagram shows
        self.ids = _Ids()
        self.notes: Counter[str] = Counter()
        self.left_out: Counter[str] = Counter()  # drawn elements that are no flow node, by name
        self.unnamed: Counter[str] = Counter()  # the names given for a type, in order of first use
        self.unreadable_payloads = 0
        self.lanes: list[_Lane] = []
        self.nodes: dict[str, _Node] = {}
        self.added: set[str] = set()
        self.boundary: dict[str, ElementTree.Element] = {}
        self.inside: dict[str, str] = {}  # a sub-process's inner element -> the sub-process
        self.flows: list[_Flow] = []
        self.lane_of_node: dict[str, _Lane] = {}  # by the lanes' flowNodeRefs
        self.outside_names: list[str] = []  # pools whose nodes in no lane got a department
        self.ours = False  # the file holds our export's chain data
        self.placing: list[str] = []

    # -- the whole chain --

    def chain(self, title: str | None, file_title: str) -> Chain:
        chain_fields = self._chain_fields()
        pools = self._pools()
        if not pools:
            raise BpmnImportError(self.shown_name, "the BPMN model holds no process and no pool")
        for pool in pools:
            self._lanes_of(pool)
        for pool in pools:
            for element in pool.process if pool.process is not None else ():
                self._element(element, pool)
        self._collaboration_elements()
        self._check_size()
        departments = self._departments()
        touchpoints = [self._touchpoint(node) for node in self.nodes.values()]
        handoffs = self._handoffs()
        chain = Chain(
            title=title or self._title(pools, file_title),
            departments=departments, touchpoints=touchpoints, handoffs=handoffs,
        )
        for key, value in chain_fields.items():
            setattr(chain, key, value)
        self.notes["dangling"] += drop_dangling_references(chain)
        self._place(chain)
        problem = find_integrity_problem(chain)
        if problem is not None:  # every reference was checked above: this is a bug's net
            raise BpmnImportError(self.shown_name, f"the chain would not be valid: {problem.path} {problem.reason}")
        return chain

    def _title(self, pools: list[_Pool], file_title: str) -> str:
        participants = [p for p in self.root.iter(_q("participant"))]
        if len(participants) == 1 and participants[0].get("name") is not None:
            name = participants[0].get("name", "")
            if self.ours:
                return name  # our export writes the title there, exactly
            if _collapse(name):
                return _collapse(name)
        collaboration = self.root.find(_q("collaboration"))
        if collaboration is not None and _collapse(collaboration.get("name")):
            return _collapse(collaboration.get("name"))
        names = [_collapse(p.process.get("name")) for p in pools if p.process is not None]
        if len(names) == 1 and names[0]:
            return names[0]
        return file_title

    def _check_size(self) -> None:
        if len(self.lanes) + len(self.nodes) + len(self.flows) > MAX_ELEMENTS:
            raise BpmnImportError(self.shown_name, f"the model has more than {MAX_ELEMENTS} elements")

    def _read_payload(self, element: ElementTree.Element | None) -> dict | None:
        """The JSON object in a `<chain:element>`/`<chain:chain>`; None (and counted) when
        it is not one."""
        if element is None:
            return None
        self.ours = True
        try:
            value = json.loads(element.text or "")
        except ValueError:
            value = None
        if not isinstance(value, dict):
            self.unreadable_payloads += 1
            return None
        return value

    def _chain_fields(self) -> dict:
        """The chain's own fields from `<chain:chain>`, checked as a chain file's would be."""
        holder = next(self.root.iter(f"{{{CHAIN}}}chain"), None)
        payload = self._read_payload(holder)
        if payload is None:
            return {}
        fields = {key: payload[key] for key in CHAIN_FIELDS if key in payload}
        try:
            checked = Chain.model_validate({"title": "", "departments": [], "touchpoints": [], **fields})
        except ValidationError:
            self.unreadable_payloads += 1
            return {}
        # People, stages, comments, actions and sessions keep their ids: claimed first.
        for element in (*checked.people, *checked.stages, *checked.comments, *checked.actions, *checked.sessions):
            element.id = self.ids.claim(element.id, type(element).__name__.lower())
        return {key: getattr(checked, key) for key in fields}

    # -- pools and lanes --

    def _pools(self) -> list[_Pool]:
        """Every participant with its process, then every process without a participant."""
        processes = {p.get("id"): p for p in self.root.findall(_q("process"))}
        pools: list[_Pool] = []
        seen: set[str] = set()
        for participant in self.root.iter(_q("participant")):
            process = processes.get(participant.get("processRef"))
            if process is not None and process.get("id") in seen:
                process = None  # a second pool of one process: its nodes are in the first
            if process is not None:
                seen.add(process.get("id"))
            pools.append(_Pool(participant, self._name_of(participant, "participant", shown=False), process,
                               self._pool_box(participant.get("id", ""))))
        for process_id, process in processes.items():
            if process_id not in seen:
                pools.append(_Pool(process, self._name_of(process, "process", shown=False), process,
                                   self.shapes.get(process_id or "")))
        return pools

    def _pool_box(self, bpmn_id: str):
        """A pool's shape less the band its name is drawn in: where its lanes are."""
        box = self.shapes.get(bpmn_id)
        if box is None:
            return None
        x, y, w, h = box
        return x + POOL_BAND, y, max(w - POOL_BAND, 0.0), h

    def _name_of(self, element: ElementTree.Element, bpmn_type: str, shown: bool = True) -> str:
        """The element's name, else its type's; `shown`: the name is a department's, so a
        type's name is said in the report (a pool's is said once it becomes one)."""
        name = _collapse(element.get("name"))
        if not name:
            name = _type_name(bpmn_type)
            if shown:
                self.unnamed[name] += 1
        return name

    def _new_lane(self, element: ElementTree.Element, name: str, payload: dict | None, box) -> _Lane:
        lane = _Lane(element.get("id", ""), name, element.get("name"), payload, box, len(self.lanes))
        self.lanes.append(lane)
        return lane

    def _pool_lane(self, pool: _Pool, payload: dict | None) -> _Lane:
        """A department that is the pool itself, named for it."""
        if not _collapse(pool.element.get("name")):
            self.unnamed[pool.name] += 1
        lane = self._new_lane(pool.element, pool.name, payload, pool.box)
        lane.is_pool = True
        return lane

    def _lanes_of(self, pool: _Pool) -> None:
        """The pool's departments: its innermost lanes, or the pool itself."""
        lane_sets = pool.process.findall(_q("laneSet")) if pool.process is not None else []
        parent_refs: list[tuple[list[str], list[_Lane]]] = []
        for lane_set in lane_sets:
            self._leaf_lanes(pool, lane_set, (), parent_refs)
        pool.has_lanes = bool(pool.leaves)
        if not pool.has_lanes:
            payload = self._read_payload(_payload(pool.process, "element")) if pool.process is not None else None
            pool.leaves.append(self._pool_lane(pool, payload))
            return
        for refs, leaves in parent_refs:  # nodes a parent lane holds and none of its children
            for ref in refs:
                if ref not in self.lane_of_node:
                    self.lane_of_node[ref] = self._lane_under(ref, leaves) or leaves[0]

    def _leaf_lanes(self, pool: _Pool, lane_set, parents: tuple[str, ...], parent_refs) -> list[_Lane]:
        found: list[_Lane] = []
        for lane in lane_set.findall(_q("lane")):
            name = self._name_of(lane, "lane")
            refs = [_collapse(ref.text) for ref in lane.findall(_q("flowNodeRef"))]
            child_set = lane.find(_q("childLaneSet"))
            if child_set is not None and child_set.find(_q("lane")) is not None:
                self.notes["nested"] += 1
                leaves = self._leaf_lanes(pool, child_set, (*parents, name), parent_refs)
                parent_refs.append((refs, leaves))
                found += leaves
                continue
            leaf = self._new_lane(lane, " / ".join((*parents, name)),
                                  self._read_payload(_payload(lane, "element")),
                                  self.shapes.get(lane.get("id", "")))
            pool.leaves.append(leaf)
            found.append(leaf)
            for ref in refs:
                self.lane_of_node.setdefault(ref, leaf)
        return found

    def _lane_under(self, node_id: str, lanes: list[_Lane]) -> _Lane | None:
        """The lane whose box holds the centre of the node's shape."""
        shape = self.shapes.get(node_id)
        if shape is None:
            return None
        centre_x, centre_y = shape[0] + shape[2] / 2, shape[1] + shape[3] / 2
        for lane in lanes:
            if lane.box is not None:
                x, y, w, h = lane.box
                if x <= centre_x <= x + w and y <= centre_y <= y + h:
                    return lane
        return None

    # -- flow nodes and flows --

    def _element(self, element: ElementTree.Element, pool: _Pool) -> None:
        bpmn_type = _local(element.tag)
        bpmn_id = element.get("id", "")
        if bpmn_type is None:
            return
        if element.get(f"{{{CHAIN}}}added") == "true" and bpmn_type != "sequenceFlow":
            self.added.add(bpmn_id)
            return
        kind = _kind_of(bpmn_type)
        if kind is not None:
            if bpmn_id in self.nodes or not bpmn_id:
                self.notes["duplicate"] += 1
                return
            self._note_mapping(element, bpmn_type)
            self.nodes[bpmn_id] = _Node(element, bpmn_type, kind, pool,
                                        self._read_payload(_payload(element, "element")))
        elif bpmn_type == "boundaryEvent":
            self.boundary[bpmn_id] = element
        elif bpmn_type == "sequenceFlow":
            self._flow(element)
            if element.find(_q("conditionExpression")) is not None:
                self.notes["condition"] += 1
        elif bpmn_type in ARTIFACTS or bpmn_id in self.drawn:
            self.left_out[ARTIFACTS.get(bpmn_type) or _type_name(bpmn_type).lower()] += 1

    def _note_mapping(self, element: ElementTree.Element, bpmn_type: str) -> None:
        if bpmn_type in CONTAINERS:
            self.notes["sub-process"] += 1
            for inner in element.iter():
                if inner is not element and inner.get("id"):
                    self.inside.setdefault(inner.get("id", ""), element.get("id", ""))
                    self.notes["inside sub-processes"] += _kind_of(_local(inner.tag)) is not None
        elif bpmn_type in INTERMEDIATE_EVENTS:
            self.notes["intermediate"] += 1
        elif bpmn_type == "parallelGateway":
            self.notes["parallel"] += 1
        elif bpmn_type.endswith("Gateway") and bpmn_type != "exclusiveGateway":
            self.notes["choosing gateway"] += 1

    def _flow(self, element: ElementTree.Element) -> None:
        self.flows.append(_Flow(
            element, element.get("sourceRef", ""), element.get("targetRef", ""),
            self._read_payload(_payload(element, "element")), len(self.flows),
            element.get(f"{{{CHAIN}}}added") == "true",
        ))

    def _collaboration_elements(self) -> None:
        for collaboration in self.root.findall(_q("collaboration")):
            for element in collaboration:
                bpmn_type = _local(element.tag)
                if bpmn_type == "messageFlow":
                    self._flow(element)
                elif bpmn_type in ARTIFACTS:
                    self.left_out[ARTIFACTS[bpmn_type]] += 1

    # -- departments --

    def _departments(self) -> list[Department]:
        for node_id, node in self.nodes.items():
            leaves = node.pool.leaves
            if not node.pool.has_lanes:
                node.lane = leaves[0]
                continue
            lane = self.lane_of_node.get(node_id)
            if not any(lane is leaf for leaf in leaves):  # in no lane, or in another pool's
                lane = self._lane_under(node_id, leaves) or self._outside_lane(node.pool)
            node.lane = lane
        lanes = self.lanes
        if self.ours:  # our export's pool is the chain, not a department, unless it holds nodes
            holding = {id(node.lane) for node in self.nodes.values()}
            lanes = [lane for lane in lanes if not lane.is_pool or id(lane) in holding]
        lanes = list(lanes)
        if all(lane.box is not None for lane in lanes):  # as the diagram stacks them
            lanes.sort(key=lambda lane: (lane.box[1], lane.order))
        departments = []
        for lane in lanes:
            department_id = self.ids.claim(lane.bpmn_id, "department")
            lane.department = self._department(lane, department_id)
            departments.append(lane.department)
        return departments

    def _outside_lane(self, pool: _Pool) -> _Lane:
        if pool.outside is None:
            pool.outside = self._pool_lane(pool, None)
            self.outside_names.append(pool.name)
        return pool.outside

    def _department(self, lane: _Lane, department_id: str) -> Department:
        known = {"id": department_id, "name": lane.name}
        if lane.payload is not None:
            name = _named(lane.bpmn_name, lane.payload, "name")
            known["name"] = lane.name if name is None else name
            try:
                return Department.model_validate({**lane.payload, **known})
            except ValidationError:
                self.unreadable_payloads += 1
        return Department.model_validate(known)

    # -- touchpoints --

    def _touchpoint(self, node: _Node) -> Touchpoint:
        element, payload = node.element, node.payload
        touchpoint_id = self.ids.claim(element.get("id"), "touchpoint")
        label = _named(element.get("name"), payload, "label")
        if label is None:
            label = _type_name(node.bpmn_type)
            self.unnamed[label] += 1
        known = {
            "id": touchpoint_id, "label": label, "department": node.lane.department.id,
            "kind": node.kind, "position": {"x": 0.0, "y": 0.0},
        }
        if payload is not None:
            try:
                node.touchpoint = Touchpoint.model_validate({**payload, **known})
            except ValidationError:
                self.unreadable_payloads += 1
            else:
                node.fallback_position = _position(payload.get("position"))
                return node.touchpoint
        notes = _documentation(element)
        node.touchpoint = Touchpoint.model_validate({**known, **({"notes": notes} if notes else {})})
        return node.touchpoint

    # -- handoffs --

    def _handoffs(self) -> list[Handoff]:
        touchpoints = {node_id: node.touchpoint.id for node_id, node in self.nodes.items()}
        made: list[tuple[int, Handoff]] = []
        paths: dict[str, list[_Flow]] = {}
        for flow in self.flows:
            # A message to or from a node inside a sub-process reaches the sub-process's step.
            source = self._from_boundary(self.inside.get(flow.source, flow.source))
            target = self.inside.get(flow.target, flow.target)
            if flow.added or source in self.added or target in self.added:
                if flow.payload is not None:  # our export's plumbing: joined by the payload's id
                    paths.setdefault(str(flow.payload.get("id")), []).append(flow)
                continue
            if source not in touchpoints or target not in touchpoints:
                self.notes["loose flow"] += 1
                continue
            handoff = self._handoff(flow.element.get("id"), [flow], touchpoints[source], touchpoints[target])
            made.append((flow.order, handoff))
        chain_ids = set(touchpoints.values())
        for payload_id, flows in paths.items():
            source = self._path_end(flows, "source", touchpoints, chain_ids)
            target = self._path_end(flows, "target", touchpoints, chain_ids)
            if source is None or target is None:
                self.notes["loose flow"] += 1
                continue
            made.append((flows[0].order, self._handoff(payload_id, flows, source, target)))
        made.sort(key=lambda pair: pair[0])
        return [handoff for _order, handoff in made]

    def _from_boundary(self, source: str) -> str:
        """A flow that leaves a boundary event leaves from the activity it is attached to."""
        event = self.boundary.get(source)
        return event.get("attachedToRef", "") if event is not None else source

    def _path_end(self, flows: list[_Flow], end: str, touchpoints: dict[str, str], chain_ids: set[str]):
        """The touchpoint at one end of a handoff drawn through added nodes: the real node
        a flow of it reaches, else the one the payload names."""
        reached = {touchpoints[getattr(f, end)] for f in flows if getattr(f, end) in touchpoints}
        if len(reached) == 1:
            return reached.pop()
        named = flows[0].payload.get("from" if end == "source" else "to")
        return named if named in chain_ids else None

    def _handoff(self, bpmn_id: str | None, flows: list[_Flow], source: str, target: str) -> Handoff:
        payload = flows[0].payload
        name = next((f.element.get("name") for f in flows if _collapse(f.element.get("name"))), None)
        event = self.boundary.get(flows[0].source)
        if name is None and event is not None:
            name = event.get("name")
        known = {
            "id": self.ids.claim(bpmn_id, "handoff"), "from": source, "to": target,
            "label": _named(name, payload, "label"),
        }
        if payload is not None:
            try:
                return Handoff.model_validate({**payload, **known})
            except ValidationError:
                self.unreadable_payloads += 1
        passes = _collapse(" ".join(_documentation(f.element) for f in flows))
        return Handoff.model_validate({**known, **({"passes": passes} if passes else {})})

    # -- references and places --

    def _place(self, chain: Chain) -> None:
        """Every touchpoint's place: from its shape, else laid out around the others."""
        names = owner_names(chain)
        sizes = {t.id: card_size(t, names.get(t.owner)) for t in chain.touchpoints}
        nodes = {node.touchpoint.id: node for node in self.nodes.values()}
        placed = self._our_corners(chain, nodes, sizes) if self.ours else self._corners_of_shapes(chain, nodes, sizes)
        for touchpoint in chain.touchpoints:
            x, y = placed.get(touchpoint.id, (LEFT, TOP))
            touchpoint.position = Position(x=_clamp(x), y=_clamp(y))
        if not chain.touchpoints:
            return
        unplaced = [t.id for t in chain.touchpoints if t.id not in placed]
        if placed and not self.ours:  # line the cards up in rows, pull apart any that overlap
            _apply(chain, layout_chain(chain, mode="tidy").positions)
        if not placed:
            _apply(chain, layout_chain(chain).positions)
            self.placing.append("The file has no diagram (BPMNDI), so the chain was laid out.")
        elif unplaced:
            _apply(chain, layout_chain(chain, mode="selection", selection=unplaced).positions)
            self.placing.append(f"{_count(len(unplaced), 'touchpoint')} without a shape in the diagram "
                                f"{_was(len(unplaced))} laid out around the others.")

    def _our_corners(self, chain: Chain, nodes: dict[str, _Node], sizes) -> dict[str, tuple[float, float]]:
        """Our export drew each card HEADER_WIDTH into its lane: a task or gateway at the
        card's own box, a start or end event as a circle in the middle of it. The card's
        place is that box's corner in its lane; where that is the chain data's place to
        within the export's rounding, the data's is kept exactly; without a shape, the
        data's is taken."""
        corners = {}
        for touchpoint in chain.touchpoints:
            node = nodes[touchpoint.id]
            shape, lane_box = self.shapes.get(node.element.get("id", "")), node.lane.box
            kept = node.fallback_position
            if shape is not None and lane_box is not None:
                x, y = shape[0], shape[1]
                if touchpoint.kind in ("start", "end"):  # the circle's centre is the card's
                    width, height = sizes[touchpoint.id]
                    x, y = x + shape[2] / 2 - width / 2, y + shape[3] / 2 - height / 2
                x, y = x - lane_box[0] - HEADER_WIDTH, y - lane_box[1]
                if kept is not None and abs(x - kept.x) <= ROUNDING and abs(y - kept.y) <= ROUNDING:
                    x, y = kept.x, kept.y
                corners[touchpoint.id] = (x, y)
            elif kept is not None:
                corners[touchpoint.id] = (kept.x, kept.y)
        return corners

    def _corners_of_shapes(self, chain: Chain, nodes: dict[str, _Node], sizes) -> dict[str, tuple[float, float]]:
        """Each card centred where its shape is, down from its lane's top; across, the
        diagram widened until no two cards side by side overlap (BPMN shapes are smaller
        than cards), and the left-most card at the layout's margin."""
        centres: dict[str, tuple[float, float, str]] = {}
        tops: dict[str, float] = {}
        for touchpoint in chain.touchpoints:
            node = nodes[touchpoint.id]
            shape = self.shapes.get(node.element.get("id", ""))
            if shape is not None:
                centres[touchpoint.id] = (shape[0] + shape[2] / 2, shape[1] + shape[3] / 2, touchpoint.department)
                box = node.lane.box
                tops[touchpoint.id] = box[1] if box is not None else self._top_of(node.lane)
        if not centres:
            return {}
        stretch = _stretch(centres, sizes)
        corners = {key: (x * stretch - sizes[key][0] / 2, y - sizes[key][1] / 2 - tops[key])
                   for key, (x, y, _department) in centres.items()}
        shift = LEFT - min(x for x, _y in corners.values())
        if stretch > 1:
            self.placing.append(f"The diagram was widened {stretch:.1f} times so that the chain's cards, "
                                "larger than BPMN's shapes, do not overlap.")
        return {key: (x + shift, y) for key, (x, y) in corners.items()}

    def _top_of(self, lane: _Lane) -> float:
        """A lane without a shape begins a margin above its highest node."""
        if lane.top is None:
            tops = [self.shapes[n.element.get("id", "")][1] for n in self.nodes.values()
                    if n.lane is lane and n.element.get("id", "") in self.shapes]
            lane.top = min(tops, default=0.0) - TOP
        return lane.top

    # -- the report --

    def sentences(self) -> list[str]:
        notes, said = self.notes, []
        if notes["nested"]:
            said.append('Nested lanes became departments named for the lane and the lanes around it '
                        '("Parent / Child").')
        for name in self.outside_names:
            said.append(f'Flow nodes in no lane went into the department "{name}".')
        if self.unnamed:
            n = sum(self.unnamed.values())
            types = ", ".join(f'"{name}"' for name in self.unnamed)
            said.append(f"{_count(n, 'element')} without a name {_was(n)} named for "
                        f"{_one(n, 'its type', 'their types')}: {types}.")
        if notes["sub-process"]:
            n, inside = notes["sub-process"], notes["inside sub-processes"]
            said.append(f"{_count(n, 'sub-process', 'sub-processes')} became {_one(n, 'a step', 'one step each')}; "
                        f"the {_count(inside, 'flow node')} inside {_was(inside)} left out.")
        if notes["intermediate"]:
            n = notes["intermediate"]
            said.append(f"{_count(n, 'intermediate event')} became {_one(n, 'a step', 'steps')}.")
        if notes["parallel"]:
            n = notes["parallel"]
            said.append(f"{_count(n, 'parallel gateway')} became {_one(n, 'a step', 'steps')} (every branch runs).")
        if notes["choosing gateway"]:
            n = notes["choosing gateway"]
            said.append(f"{_count(n, 'inclusive, event-based or complex gateway')} became "
                        f"{_one(n, 'a decision', 'decisions')}.")
        if self.boundary:
            n = len(self.boundary)
            said.append(f"{_count(n, 'boundary event')} {_was(n)} left out; the flows leaving "
                        f"{_one(n, 'it leave from the activity it is', 'them leave from the activity they are')} "
                        "attached to.")
        if self.left_out:
            things = [_count(n, name) for name, n in sorted(self.left_out.items())]
            said.append(f"{_listed(things)} {_was(sum(self.left_out.values()))} left out.")
        if notes["loose flow"]:
            n = notes["loose flow"]
            said.append(f"{_count(n, 'flow')} that {_one(n, 'does', 'do')} not join two imported flow nodes "
                        f"{_was(n)} left out.")
        if notes["condition"]:
            n = notes["condition"]
            said.append(f"The {_one(n, 'condition', 'conditions')} of {_count(n, 'sequence flow')} {_was(n)} "
                        f"left out; {_one(n, 'its name is the handoff', 'their names are the handoffs')}'s label.")
        if notes["duplicate"]:
            n = notes["duplicate"]
            said.append(f"{_count(n, 'flow node')} without an id or with an id used before {_was(n)} left out.")
        if self.unreadable_payloads:
            said.append(f"Chain Designer's data in {_count(self.unreadable_payloads, 'element')} could not "
                        "be read and was left out.")
        if notes["dangling"]:
            n = notes["dangling"]
            said.append(f"{_count(n, 'reference')} to people or elements no longer in the file {_was(n)} dropped.")
        if self.turned:
            said.append("The diagram's lanes run down the page; they were turned to run across.")
        said += self.placing
        if self.shapes and not self.ours:
            said.append("The diagram's sizes, colours and line routes are not carried over.")
        return said


def _stretch(centres: dict[str, tuple[float, float, str]], sizes: dict[str, tuple[float, float]]) -> float:
    """How many times wider the diagram must be for the cards of each lane that sit side by
    side (their rows overlap) to be NEIGHBOUR_GAP apart, at most MAX_STRETCH."""
    lanes: dict[str, list[str]] = {}
    for key in sorted(centres, key=lambda key: centres[key][0]):
        lanes.setdefault(centres[key][2], []).append(key)
    stretch = 1.0
    for keys in lanes.values():
        for index, one in enumerate(keys):
            for other in keys[index + 1:index + 1 + STRETCH_NEIGHBOURS]:
                (x1, y1, _), (x2, y2, _) = centres[one], centres[other]
                (w1, h1), (w2, h2) = sizes[one], sizes[other]
                if abs(y1 - y2) < (h1 + h2) / 2 and x2 > x1:
                    stretch = max(stretch, ((w1 + w2) / 2 + NEIGHBOUR_GAP) / (x2 - x1))
    return min(stretch, MAX_STRETCH)


def _position(value: object) -> Position | None:
    try:
        return Position.model_validate(value)
    except ValidationError:
        return None


def _apply(chain: Chain, positions: dict[str, Position]) -> None:
    for touchpoint in chain.touchpoints:
        if touchpoint.id in positions:
            touchpoint.position = positions[touchpoint.id]


def _clamp(value: float) -> float:
    return max(-MAX_COORDINATE, min(MAX_COORDINATE, value))


def _count(number: int, noun: str, plural: str | None = None) -> str:
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def _one(number: int, singular: str, plural: str) -> str:
    return singular if number == 1 else plural


def _was(number: int) -> str:
    return _one(number, "was", "were")


def _listed(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
