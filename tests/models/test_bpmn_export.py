"""BPMN 2.0 export (models/bpmn_export.py): what BPMN tools read, checked by their own code.

Every sample, every template and a set of chains built to meet BPMN's rules head-on are
parsed with bpmn-moddle (the model behind bpmn.io and Camunda Modeler) and linted with
bpmnlint's recommended rules, by tests/bpmn_check/check.mjs, run once for all files
(Node starts slowly). Node, npm and the packages are required: without them these tests
fail, they do not skip. The structure (pool, lanes, nodes, flows, payloads, diagram) is
checked here by walking the XML.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from models.bpmn_export import ADDED_PREFIX, bpmn_id, to_bpmn
from models.chain import Chain, Department, Handoff, Person, Position, Procedure, Touchpoint
from models.chain_file import load_chain
from models.geometry import HEADER_WIDTH
from models.integrity import find_integrity_problem
from models.geometry import picture_boxes
from resources.samples import sample_paths
from resources.templates import template_paths

CHECK = Path(__file__).resolve().parents[1] / "bpmn_check"
NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
    "chain": "urn:chain-designer:bpmn:1",
}
B = "{%s}" % NS["bpmn"]
ADDED = "{%s}added" % NS["chain"]
TAGS = {"start": "startEvent", "end": "endEvent", "decision": "exclusiveGateway", "step": "task"}
FLOW_NODES = set(TAGS.values()) | {"parallelGateway", "intermediateThrowEvent"}
NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
SHIPPED = {f"{path.parent.name}-{path.stem}": path for path in sample_paths() + template_paths()}


# -- chains that meet BPMN's rules head-on ---------------------------------------------------


def make(touchpoints, handoffs=(), departments=("a", "b"), **fields) -> Chain:
    """A chain from (id, kind, department, x, y[, label]) and (id, from, to[, label])."""
    chain = Chain(
        title=fields.pop("title", "Adversarial"),
        departments=[Department(id=id, name=id.upper()) for id in departments],
        touchpoints=[
            Touchpoint(id=t[0], kind=t[1], department=t[2], position=Position(x=t[3], y=t[4]),
                       label=t[5] if len(t) > 5 else f"Touchpoint {t[0]}")
            for t in touchpoints
        ],
        handoffs=[Handoff(id=h[0], source=h[1], target=h[2], label=h[3] if len(h) > 3 else None)
                  for h in handoffs],
        **fields,
    )
    assert find_integrity_problem(chain) is None
    return chain


def row(ids, kinds, department="a", y=20.0, gap=320.0):
    """Touchpoints side by side in one lane, `gap` apart."""
    return [(id, kind, department, 20.0 + index * gap, y) for index, (id, kind) in enumerate(zip(ids, kinds))]


def random_chain(seed: int) -> Chain:
    """A tangle: random kinds and handoffs (self-loops, duplicates, into starts, out of
    ends) over cards on a grid."""
    rng = random.Random(seed)
    departments = ("d1", "d2", "d3")
    touchpoints = [
        (f"t{index}", rng.choice(("start", "step", "step", "decision", "end")), departments[index % 3],
         20.0 + (index // 3) * 330.0, 20.0 + rng.choice((0.0, 150.0)))
        for index in range(18)
    ]
    handoffs = [
        (f"h{index}", f"t{rng.randrange(18)}", f"t{rng.randrange(18)}", rng.choice((None, "Yes", "No")))
        for index in range(30)
    ]
    return make(touchpoints, handoffs, departments)


def scattered_chain(seed: int) -> Chain:
    """Cards anywhere, overlapping each other, outside their lanes and left of the header
    column; any kinds, blank labels, any handoffs."""
    rng = random.Random(seed)
    count = rng.randrange(1, 12)
    departments = [f"d{index}" for index in range(rng.randrange(1, 4))]
    touchpoints = [
        (f"t{index}", rng.choice(("start", "step", "decision", "end")), rng.choice(departments),
         rng.uniform(-300, 1500), rng.uniform(-100, 300), rng.choice(("", "x", "Label")))
        for index in range(count)
    ]
    handoffs = [(f"h{index}", f"t{rng.randrange(count)}", f"t{rng.randrange(count)}", rng.choice((None, "", "Yes")))
                for index in range(rng.randrange(0, 3 * count))]
    return make(touchpoints, handoffs, departments)


def blank_names() -> Chain:
    """A blank department name and a forking decision without a label: BPMN asks for names."""
    chain = make(row(["s", "d", "x", "y"], ("start", "decision", "end", "end"), gap=300.0),
                 [("h1", "s", "d"), ("h2", "d", "x"), ("h3", "d", "y")])
    chain.departments[0].name = ""
    chain.touchpoints[1].label = ""
    return chain


ADVERSARIAL = {
    "empty": lambda: make([], departments=("only",)),
    "no-departments": lambda: make([], departments=()),
    "isolated": lambda: make(row("wxyz", ("start", "step", "decision", "end"))),
    "loop-without-start-or-end": lambda: make(
        row("pq", ("step", "step")), [("h1", "p", "q"), ("h2", "q", "p")]),
    "several-starts": lambda: make(
        row("rst", ("start", "start", "start")) + [("u", "step", "b", 700.0, 20.0), ("v", "end", "b", 1100.0, 20.0)],
        [("h1", "r", "u"), ("h2", "s", "u"), ("h3", "t", "u"), ("h4", "u", "v")]),
    "decision-with-one-branch-and-none": lambda: make(
        row(["s", "d1", "x", "d2"], ("start", "decision", "end", "decision")),
        [("h1", "s", "d1", "Yes"), ("h2", "d1", "x"), ("h3", "x", "d2")]),
    "decision-joining-and-forking": lambda: make(
        row("pqcd", ("start", "start", "decision", "step"), y=20.0)
        + [("e", "end", "b", 1400.0, 20.0), ("f", "end", "b", 1400.0, 200.0)],
        [("h1", "p", "c"), ("h2", "q", "c"), ("h3", "c", "d", "Maybe"), ("h4", "c", "e", "Yes"),
         ("h5", "c", "f", "No"), ("h6", "d", "e")]),
    "handoff-into-start": lambda: make(
        row("sxe", ("start", "step", "end")) + [("y", "step", "b", 660.0, 20.0)],
        [("h1", "s", "x"), ("h2", "x", "s"), ("h3", "s", "y"), ("h4", "y", "e"), ("h5", "x", "e")]),
    "handoff-out-of-end": lambda: make(
        row("sxe", ("start", "step", "end")) + [("y", "step", "b", 980.0, 20.0), ("z", "end", "b", 1300.0, 20.0)],
        [("h1", "s", "e"), ("h2", "x", "e"), ("h3", "e", "y"), ("h4", "e", "z"), ("h5", "y", "x")]),
    "self-loops": lambda: make(
        row("sxde", ("start", "step", "decision", "end")),
        [("h1", "s", "s"), ("h2", "s", "x"), ("h3", "x", "x"), ("h4", "x", "d"), ("h5", "d", "d", "Again"),
         ("h6", "d", "e", "Done"), ("h7", "e", "e")]),
    "duplicate-handoffs": lambda: make(
        row("sxde", ("start", "step", "decision", "end")),
        [("h1", "s", "x"), ("h2", "s", "x"), ("h3", "s", "x"), ("h4", "x", "d"), ("h5", "d", "e", "Yes"),
         ("h6", "d", "e", "No"), ("h7", "x", "d")]),
    "touchpoints-outside-their-lanes": lambda: make(
        [("s", "start", "a", -140.0, -60.0), ("x", "step", "b", 400.0, -100.0), ("e", "end", "b", 900.0, 500.0)],
        [("h1", "s", "x"), ("h2", "x", "e")]),
    "crowded-cards": lambda: make(
        # (Gaps of 40 and 34 px: no added gateway fits beside its card.)
        [(f"c{i}{j}", "step", "a", 20.0 + i * 200.0, 20.0 + j * 100.0) for i in range(4) for j in range(4)],
        [(f"h{i}{j}{k}", f"c{i}{j}", f"c{(i + 1) % 4}{(j + k) % 4}") for i in range(4) for j in range(4)
         for k in range(2)]),
    "awkward-ids-and-text": lambda: make(
        [("1st", "start", "Process_1", 20.0, 20.0, ""), ("2-b.c", "step", "9lane", 340.0, 20.0, "<&>\"' \x01\ud800"),
         ("Participant_1", "end", "9lane", 660.0, 20.0, "   ")],
        [("3h", "1st", "2-b.c", "line\nbreak"), ("LaneSet_1", "2-b.c", "Participant_1", "")],
        departments=("Process_1", "9lane"), title=" "),
    "blank-names": lambda: blank_names(),
    **{f"tangle-{seed}": (lambda seed=seed: random_chain(seed)) for seed in range(4)},
    **{f"scattered-{seed}": (lambda seed=seed: scattered_chain(seed)) for seed in range(8)},
}


# -- running the BPMN tools once -------------------------------------------------------------


def installed_as_pinned() -> bool:
    """Whether node_modules holds exactly the versions package.json pins."""
    pinned = json.loads((CHECK / "package.json").read_text(encoding="utf-8"))["dependencies"]
    for package, version in pinned.items():
        manifest = CHECK / "node_modules" / package / "package.json"
        if not manifest.is_file() or json.loads(manifest.read_text(encoding="utf-8"))["version"] != version:
            return False
    return True


@pytest.fixture(scope="session")
def bpmn_checker() -> Path:
    """The check script, with its npm packages installed (`npm ci`) when they are not
    there as pinned. Without Node.js these tests fail: CI must run them."""
    for program in ("node", "npm"):
        if shutil.which(program) is None:
            pytest.fail(f"The BPMN export tests need {program} (Node.js 20.12 or newer): install nodejs and npm.")
    version = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    if tuple(int(part) for part in re.findall(r"\d+", version)[:2]) < (20, 12):
        pytest.fail(f"The BPMN export tests need Node.js 20.12 or newer (bpmn-moddle 10); this is {version}.")
    if not installed_as_pinned():
        done = subprocess.run(["npm", "ci", "--prefix", str(CHECK), "--no-audit", "--no-fund"],
                              capture_output=True, text=True, timeout=600)
        if done.returncode != 0 or not installed_as_pinned():
            pytest.fail(f"npm ci in {CHECK} failed:\n{done.stderr[-2000:]}")
    return CHECK / "check.mjs"


@pytest.fixture(scope="module")
def checked(bpmn_checker, tmp_path_factory) -> dict[str, dict]:
    """name -> what bpmn-moddle and bpmnlint say of the export of every shipped and
    adversarial chain."""
    folder = tmp_path_factory.mktemp("bpmn")
    files = {}
    for name in BUILDERS:
        files[name] = folder / f"{name}.bpmn"
        files[name].write_text(exported(name)[1].text, encoding="utf-8")
    done = subprocess.run(["node", str(bpmn_checker), *map(str, files.values())],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    results = {Path(result["file"]).stem: result for result in map(json.loads, done.stdout.splitlines())}
    assert set(results) == set(files)
    return results


@pytest.mark.parametrize("name", list(SHIPPED) + list(ADVERSARIAL))
def test_bpmn_tools_read_the_export_without_warnings_or_lint_errors(checked, name):
    result = checked[name]
    assert result["warnings"] == []
    assert result["errors"] == []
    # Warnings left: a handoff's label on a plain flow (superfluous-label: the label is
    # the chain's, kept as the flow's name) and a decision with one branch, as drawn.
    allowed = {"superfluous-label"} | ({"superfluous-gateway"} if name in ADVERSARIAL else set())
    # Scattered cards overlap each other, as the chain has them; an added node never does.
    overlapping = [w["id"] for w in result["warningsLint"] if w["rule"] == "no-overlapping-elements"]
    if name.startswith("scattered-"):
        assert not [id for id in overlapping if id.startswith(ADDED_PREFIX)]
        allowed.add("no-overlapping-elements")
    assert {warning["rule"] for warning in result["warningsLint"]} <= allowed, result["warningsLint"]


def test_the_check_script_reports_what_is_wrong(bpmn_checker, tmp_path):
    # (So a passing run above means the tools found nothing, not that they never ran.)
    broken = tmp_path / "broken.bpmn"
    broken.write_text(
        f'<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="{NS["bpmn"]}" id="D" targetNamespace="x">'
        '<bpmn:process id="P"><bpmn:task id="t" unknown="1"/><bpmn:nonsense/></bpmn:process>'
        "</bpmn:definitions>",
        encoding="utf-8",
    )
    done = subprocess.run(["node", str(bpmn_checker), str(broken)], capture_output=True, text=True, timeout=120)
    result = json.loads(done.stdout)
    assert result["warnings"]
    assert {"label-required", "no-bpmndi", "start-event-required"} <= {e["rule"] for e in result["errors"]}


# -- the structure --------------------------------------------------------------------------


class Export:
    """An export read back: elements by id, shapes and edges by the element they show."""

    def __init__(self, chain: Chain):
        self.text = to_bpmn(chain)
        self.root = ET.fromstring(self.text)
        self.by_id = {e.get("id"): e for e in self.root.iter() if e.get("id") is not None}
        self.process = self.root.find("bpmn:process", NS)
        self.nodes = {e.get("id"): e for e in self.process if e.tag[len(B):] in FLOW_NODES}
        self.flows = {e.get("id"): e for e in self.process.findall("bpmn:sequenceFlow", NS)}
        plane = self.root.find("bpmndi:BPMNDiagram/bpmndi:BPMNPlane", NS)
        self.shapes = {}
        for shape in plane.findall("bpmndi:BPMNShape", NS):
            bounds = shape.find("dc:Bounds", NS)
            self.shapes[shape.get("bpmnElement")] = tuple(float(bounds.get(k)) for k in ("x", "y", "width", "height"))
        self.edges = {
            edge.get("bpmnElement"): [(float(p.get("x")), float(p.get("y"))) for p in edge.findall("di:waypoint", NS)]
            for edge in plane.findall("bpmndi:BPMNEdge", NS)
        }

    def payload(self, element: ET.Element) -> dict | None:
        found = element.find("bpmn:extensionElements/chain:element", NS)
        return None if found is None else json.loads(found.text)

    def kind(self, id: str) -> str:
        return self.by_id[id].tag[len(B):]

    def added(self, id: str) -> bool:
        return self.by_id[id].get(ADDED) == "true"

    def lane_of(self, node_id: str) -> str:
        (lane,) = [lane.get("id") for lane in self.process.iterfind("bpmn:laneSet/bpmn:lane", NS)
                   if node_id in [ref.text for ref in lane.findall("bpmn:flowNodeRef", NS)]]
        return lane


def dump(model) -> dict:
    return model.model_dump(mode="json", by_alias=True, exclude_defaults=True)


BUILDERS = {name: (lambda path=path: load_chain(path)) for name, path in SHIPPED.items()} | ADVERSARIAL
_exports: dict[str, tuple[Chain, Export]] = {}


def exported(name: str) -> tuple[Chain, Export]:
    """The chain of `name` and its export, made once for all the tests that read it."""
    if name not in _exports:
        chain = BUILDERS[name]()
        _exports[name] = chain, Export(chain)
    return _exports[name]


ALL_CHAINS = pytest.mark.parametrize("name", list(BUILDERS))


@ALL_CHAINS
def test_one_pool_a_lane_per_department_and_a_node_per_touchpoint(name):
    chain, export = exported(name)
    (participant,) = export.root.findall("bpmn:collaboration/bpmn:participant", NS)
    assert participant.get("name") == (chain.title if chain.title.strip() else "Untitled chain")
    assert participant.get("processRef") == export.process.get("id")
    lanes = export.process.findall("bpmn:laneSet/bpmn:lane", NS)
    assert [lane.get("id") for lane in lanes] == [bpmn_id(d.id) for d in chain.departments]
    for lane, department in zip(lanes, chain.departments):
        assert export.payload(lane) == dump(department)
        refs = [ref.text for ref in lane.findall("bpmn:flowNodeRef", NS)]
        real = [ref for ref in refs if not export.added(ref)]
        assert real == [bpmn_id(t.id) for t in chain.touchpoints if t.department == department.id]
    for touchpoint in chain.touchpoints:
        node = export.nodes[bpmn_id(touchpoint.id)]
        assert node.tag == B + TAGS[touchpoint.kind]
        assert node.get("name") == (touchpoint.label if touchpoint.label.strip() else touchpoint.id) or (
            "\ufffd" in node.get("name"))
        assert export.payload(node) == dump(touchpoint)
        assert node.get(ADDED) is None
    real_nodes = {id for id in export.nodes if not export.added(id)}
    assert real_nodes == {bpmn_id(t.id) for t in chain.touchpoints}
    assert all(id.startswith(ADDED_PREFIX) for id in export.nodes if export.added(id))


@ALL_CHAINS
def test_every_handoff_is_a_flow_that_carries_it(name):
    chain, export = exported(name)
    for handoff in chain.handoffs:
        flow = export.flows[bpmn_id(handoff.id)]
        assert flow.get(ADDED) is None
        assert flow.get("name") == (handoff.label or None)
        assert export.payload(flow) == dump(handoff)
    carried = [flow for flow in export.flows.values() if export.payload(flow) is not None]
    # A flow that carries no handoff was added, and so was any second flow of a handoff.
    for id, flow in export.flows.items():
        if export.payload(flow) is None or id not in {bpmn_id(h.id) for h in chain.handoffs}:
            assert export.added(id) and id.startswith(ADDED_PREFIX)
    assert {export.payload(flow)["id"] for flow in carried} == {h.id for h in chain.handoffs}


@ALL_CHAINS
def test_the_diagram_shows_every_element_at_the_pictures_boxes(name):
    chain, export = exported(name)
    cards, lanes = picture_boxes(chain)
    participant = export.root.find("bpmn:collaboration/bpmn:participant", NS).get("id")
    pool = export.shapes[participant]
    assert set(export.shapes) == {participant} | {bpmn_id(d.id) for d in chain.departments} | set(export.nodes)
    all_numbers = [n for box in export.shapes.values() for n in box] + [
        n for edge in export.edges.values() for point in edge for n in point]
    assert min(all_numbers, default=0) >= 0
    lane_lefts = {export.shapes[bpmn_id(d.id)][0] for d in chain.departments}
    assert len(lane_lefts) <= 1 and all(left >= pool[0] + 30 for left in lane_lefts)  # the pool's label band
    for department in chain.departments:
        x, y, w, h = export.shapes[bpmn_id(department.id)]
        assert y - min(export.shapes[bpmn_id(d.id)][1] for d in chain.departments) == pytest.approx(
            lanes[department.id][1])
        assert h == pytest.approx(lanes[department.id][3]) and w >= lanes[department.id][2] - 0.01
    for touchpoint in chain.touchpoints:
        x, y, w, h = export.shapes[bpmn_id(touchpoint.id)]
        lane_x, lane_y, _w, _h = export.shapes[bpmn_id(touchpoint.department)]
        card_w, card_h = cards[touchpoint.id][2:]
        if touchpoint.kind in ("start", "end"):  # an event: a circle as tall as the card, in its middle
            assert w == pytest.approx(h, abs=0.011) and w == pytest.approx(min(card_w, card_h), abs=0.011)
            x, y, w, h = x + w / 2 - card_w / 2, y + h / 2 - card_h / 2, card_w, card_h
        # The import reads the position back from the shape and its lane.
        assert x - lane_x - HEADER_WIDTH == pytest.approx(touchpoint.position.x, abs=0.011)
        assert y - lane_y == pytest.approx(touchpoint.position.y, abs=0.011)
        assert (w, h) == pytest.approx((card_w, card_h), abs=0.011)
    for id, node in export.nodes.items():  # every node is inside the pool
        x, y, w, h = export.shapes[id]
        assert pool[0] <= x and pool[1] <= y and x + w <= pool[0] + pool[2] and y + h <= pool[1] + pool[3]


@ALL_CHAINS
def test_every_flow_is_an_edge_from_outline_to_outline(name):
    _chain, export = exported(name)
    assert set(export.edges) == set(export.flows)
    for id, flow in export.flows.items():
        points = export.edges[id]
        assert len(points) >= 2
        for point, end in ((points[0], flow.get("sourceRef")), (points[-1], flow.get("targetRef"))):
            x, y, w, h = export.shapes[end]
            assert x - 0.5 <= point[0] <= x + w + 0.5 and y - 0.5 <= point[1] <= y + h + 0.5
            inner = (x + 2 < point[0] < x + w - 2) and (y + 2 < point[1] < y + h - 2)
            if export.kind(end) == "task":  # (a diamond's and a circle's outline lie inside their box)
                assert not inner
        # Orthogonal, as the canvas draws it.
        assert all(a[0] == pytest.approx(b[0]) or a[1] == pytest.approx(b[1]) for a, b in zip(points, points[1:]))


@ALL_CHAINS
def test_ids_are_unique_ncnames(name):
    text = exported(name)[1].text
    ids = re.findall(r'\sid="([^"]*)"', text)
    assert len(ids) == len(set(ids))
    assert all(NCNAME.match(id) for id in ids)
    refs = {e.get("bpmnElement") for e in ET.fromstring(text).iter() if e.get("bpmnElement")}
    assert refs <= set(ids)


def test_the_same_chain_gives_the_same_text():
    chain = load_chain(sample_paths()[0])
    assert to_bpmn(chain) == to_bpmn(chain.model_copy(deep=True))


# -- what the export adds to satisfy BPMN's rules -------------------------------------------


def flows_between(export: Export, source: str, target: str) -> list[ET.Element]:
    return [f for f in export.flows.values() if f.get("sourceRef") == source and f.get("targetRef") == target]


def only(items):
    (item,) = items
    return item


def test_several_handoffs_into_a_step_meet_in_an_added_exclusive_join():
    export = Export(ADVERSARIAL["several-starts"]())
    into = only(export.nodes["u"].findall("bpmn:incoming", NS)).text
    join = export.flows[into].get("sourceRef")
    assert export.kind(join) == "exclusiveGateway" and export.added(join) and export.added(into)
    assert export.lane_of(join) == "b"
    assert sorted(f.get("sourceRef") for f in export.flows.values() if f.get("targetRef") == join) == ["r", "s", "t"]
    jx, _y, jw, _h = export.shapes[join]
    assert jx + jw < export.shapes["u"][0]  # drawn before the card


def test_several_handoffs_out_of_a_step_leave_an_added_parallel_split():
    export = Export(make(row("sxyz", ("start", "step", "end", "end")), [("h1", "s", "x"), ("h2", "x", "y"),
                                                                      ("h3", "x", "z")]))
    split = export.flows[only(export.nodes["x"].findall("bpmn:outgoing", NS)).text].get("targetRef")
    assert export.kind(split) == "parallelGateway" and export.added(split)
    assert export.by_id[split].get("name") is None  # (a parallel split needs no label)
    assert [(export.flows[id].get("sourceRef"), export.flows[id].get("targetRef")) for id in ("h2", "h3")] == [
        (split, "y"), (split, "z")]
    assert export.shapes[split][0] > export.shapes["x"][0] + export.shapes["x"][2]  # drawn after the card


def test_a_handoff_back_into_a_start_reaches_an_added_merge_after_the_start_event():
    export = Export(ADVERSARIAL["handoff-into-start"]())
    assert export.nodes["s"].findall("bpmn:incoming", NS) == []
    merge = export.flows[only(export.nodes["s"].findall("bpmn:outgoing", NS)).text].get("targetRef")
    assert export.kind(merge) == "exclusiveGateway" and export.added(merge)
    back = export.flows["h2"]
    assert back.get("targetRef") == merge
    assert export.payload(back)["to"] == "s"
    assert export.shapes[merge][0] > export.shapes["s"][0] + export.shapes["s"][2]


def test_a_handoff_out_of_an_end_leaves_an_added_split_before_the_end_event():
    export = Export(ADVERSARIAL["handoff-out-of-end"]())
    assert export.nodes["e"].findall("bpmn:outgoing", NS) == []
    split = export.flows["h3"].get("sourceRef")
    assert export.kind(split) == "parallelGateway" and export.added(split)
    assert export.flows["h4"].get("sourceRef") == split
    assert flows_between(export, split, "e")


def test_only_the_first_start_is_blank_the_others_are_message_starts():
    export = Export(ADVERSARIAL["several-starts"]())
    definitions = {id: export.nodes[id].find("bpmn:messageEventDefinition", NS) is not None for id in "rst"}
    assert definitions == {"r": False, "s": True, "t": True}


def test_touchpoints_no_handoff_reaches_or_leaves_get_added_start_and_end_events():
    export = Export(ADVERSARIAL["isolated"]())
    for id in "xy":  # the step and the decision
        before = export.flows[only(export.nodes[id].findall("bpmn:incoming", NS)).text].get("sourceRef")
        after = export.flows[only(export.nodes[id].findall("bpmn:outgoing", NS)).text].get("targetRef")
        assert (export.kind(before), export.kind(after)) == ("startEvent", "endEvent")
        assert export.added(before) and export.added(after)
        assert export.by_id[before].get("name") == "Start" and export.by_id[after].get("name") == "End"
    blank = [id for id in export.nodes if export.kind(id) == "startEvent"
             and export.nodes[id].find("bpmn:messageEventDefinition", NS) is None]
    assert blank == ["w"]  # the drawn start stays the blank one


def test_a_loop_without_start_or_end_gets_one_of_each():
    export = Export(ADVERSARIAL["loop-without-start-or-end"]())
    assert sorted(export.kind(id) for id in export.nodes if export.added(id)) == [
        "endEvent", "exclusiveGateway", "parallelGateway", "startEvent"]


def test_duplicate_handoffs_pass_through_added_intermediate_events():
    export = Export(ADVERSARIAL["duplicate-handoffs"]())
    for id in ("h2", "h3"):
        flow = export.flows[id]
        event = flow.get("targetRef")
        assert export.kind(event) == "intermediateThrowEvent" and export.added(event)
        onward = export.flows[only(export.nodes[event].findall("bpmn:outgoing", NS)).text]
        assert export.added(onward.get("id")) and export.payload(onward) == export.payload(flow)
    pairs = [(f.get("sourceRef"), f.get("targetRef")) for f in export.flows.values()]
    assert len(pairs) == len(set(pairs))


def test_an_empty_chain_is_a_pool_with_an_added_start_and_end():
    export = Export(ADVERSARIAL["empty"]())
    assert sorted(export.kind(id) for id in export.nodes) == ["endEvent", "startEvent"]
    assert all(export.lane_of(id) == "only" for id in export.nodes)


def test_people_read_owner_procedure_and_expectation_and_what_a_handoff_passes():
    chain = make(row("sx", ("start", "step")) + [("e", "end", "b", 700.0, 20.0)],
                 [("h1", "s", "x"), ("h2", "x", "e")])
    chain.people = [Person(id="ann", name="Ann Lee")]
    x = chain.touchpoints[1]
    x.owner, x.expectation = "ann", "Within a day"
    x.procedure = Procedure(title="Desk guide", link="https://example.com/guide")
    chain.handoffs[1].passes, chain.handoffs[1].expectation = "the signed form", "complete"
    export = Export(chain)
    lines = export.nodes["x"].find("bpmn:documentation", NS).text.splitlines()
    assert lines == ["Owner: Ann Lee", "Procedure: Desk guide https://example.com/guide", "Expectation: Within a day"]
    assert export.flows["h2"].find("bpmn:documentation", NS).text == "Passes: the signed form\nExpectation: complete"
    kept = json.loads(export.process.find("bpmn:extensionElements/chain:chain", NS).text)
    assert kept["people"] == [{"id": "ann", "name": "Ann Lee"}] and "title" not in kept


def test_unsafe_procedure_links_are_left_out_of_the_documentation():
    chain = make(row("sx", ("start", "end")), [("h1", "s", "x")])
    chain.touchpoints[0].procedure = Procedure(title="Guide", link="javascript:alert(1)")
    export = Export(chain)
    assert export.nodes["s"].find("bpmn:documentation", NS).text == "Procedure: Guide"
    assert export.payload(export.nodes["s"])["procedure"]["link"] == "javascript:alert(1)"  # the chain's own


def test_blank_names_become_the_elements_ids():
    chain, export = exported("blank-names")
    assert export.by_id["a"].get("name") == "a"
    assert export.nodes["d"].get("name") == "d"
    assert export.payload(export.nodes["d"])["label"] == ""  # the chain's own, for the import
