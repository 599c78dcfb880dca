"""yEd's markup in the GraphML export (models/yed.py): yEd opens it as our picture."""

from __future__ import annotations

import io
import itertools
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from models.chain_file import load_chain
from models.geometry import (
    HEADER_WIDTH,
    LANE_BOTTOM_PADDING,
    LANE_MIN_HEIGHT,
    card_sizes,
    lane_header,
)
from models.interchange import lane_fill, to_graphml
from resources.samples import sample_paths

SAMPLES = sample_paths()
per_sample = pytest.mark.parametrize("path", SAMPLES, ids=[path.name for path in SAMPLES])
G = "{http://graphml.graphdrawing.org/xmlns}"
Y = "{http://www.yworks.com/xml/graphml}"


def graphics(root: ET.Element, target: str) -> dict[str, ET.Element]:
    """Element id -> its yEd graphics (the child of the data whose key yEd reads)."""
    keys = {
        key.get("id")
        for key in root.iter(f"{G}key")
        if key.get("for") == target and key.get("yfiles.type") == f"{target}graphics"
    }
    assert len(keys) == 1
    found = {}
    for element in root.iter(f"{G}{target}"):
        data = [data for data in element.findall(f"{G}data") if data.get("key") in keys]
        assert len(data) == 1 and len(data[0]) == 1
        found[element.get("id")] = data[0][0]
    return found


def box(shape: ET.Element) -> tuple[float, float, float, float]:
    geometry = shape.find(f".//{Y}Geometry")
    return tuple(float(geometry.get(name)) for name in ("x", "y", "width", "height"))


def lane_tops(chain) -> dict[str, float]:
    """Each lane's top as the canvas stacks them, measured independently of the export."""
    sizes = card_sizes(chain)
    tops, top = {}, 0.0
    for department in chain.departments:
        tops[department.id] = top
        cards = [t for t in chain.touchpoints if t.department == department.id]
        lowest = max((t.position.y + sizes[t.id][1] for t in cards), default=0.0)
        top += max(LANE_MIN_HEIGHT, lane_header(department.name)[1], lowest + LANE_BOTTOM_PADDING)
    return tops


@per_sample
def test_every_card_is_a_yed_shape_at_its_place_in_our_picture(path):
    chain = load_chain(path)
    root = ET.fromstring(to_graphml(chain))
    nodes = graphics(root, "node")
    sizes = card_sizes(chain)
    tops = lane_tops(chain)
    shapes = {"step": "roundrectangle", "decision": "diamond", "start": "ellipse", "end": "ellipse"}
    for touchpoint in chain.touchpoints:
        shape = nodes[touchpoint.id]
        assert shape.tag == f"{Y}ShapeNode"
        x = HEADER_WIDTH + touchpoint.position.x
        y = tops[touchpoint.department] + touchpoint.position.y
        assert box(shape) == (x, y, *sizes[touchpoint.id])
        assert shape.find(f"{Y}NodeLabel").text == touchpoint.label
        assert shape.find(f"{Y}Shape").get("type") == shapes[touchpoint.kind]
        assert shape.find(f"{Y}Fill").get("color").startswith("#")


def overlap(a, b) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


@per_sample
def test_no_two_cards_overlap_in_yed(path):
    chain = load_chain(path)
    nodes = graphics(ET.fromstring(to_graphml(chain)), "node")
    boxes = [box(nodes[touchpoint.id]) for touchpoint in chain.touchpoints]
    assert len(boxes) > 1
    assert not [pair for pair in itertools.combinations(boxes, 2) if overlap(*pair)]


@per_sample
def test_departments_are_lane_groups_holding_their_cards(path):
    chain = load_chain(path)
    root = ET.fromstring(to_graphml(chain))
    nodes = graphics(root, "node")
    top = root.find(f"{G}graph")
    # The lanes, in chain order, are the top graph's nodes; each holds its cards.
    assert [node.get("id") for node in top.findall(f"{G}node")] == [d.id for d in chain.departments]
    for node in top.findall(f"{G}node"):
        assert node.get("yfiles.foldertype") == "group"
        held = [card.get("id") for card in node.findall(f"{G}graph/{G}node")]
        assert held == [t.id for t in chain.touchpoints if t.department == node.get("id")]
    assert {edge.get("id") for edge in top.findall(f"{G}edge")} == {h.id for h in chain.handoffs}
    for department in chain.departments:
        lane = nodes[department.id].find(f"{Y}Realizers/{Y}GroupNode")
        assert lane.find(f"{Y}NodeLabel").text == department.name
        assert lane.find(f"{Y}Fill").get("color") == lane_fill(department)
        assert float(lane.find(f"{Y}Insets").get("leftF")) == HEADER_WIDTH
        x, y, w, h = box(lane)
        for touchpoint in chain.touchpoints:
            if touchpoint.department == department.id:
                cx, cy, cw, ch = box(nodes[touchpoint.id])
                assert x + HEADER_WIDTH <= cx and cx + cw <= x + w
                assert y <= cy and cy + ch <= y + h
    lanes = [box(nodes[department.id]) for department in chain.departments]
    assert all(upper[1] + upper[3] == lower[1] for upper, lower in zip(lanes, lanes[1:]))


@per_sample
def test_every_handoff_is_an_arrow_with_its_label(path):
    chain = load_chain(path)
    edges = graphics(ET.fromstring(to_graphml(chain)), "edge")
    assert set(edges) == {handoff.id for handoff in chain.handoffs}
    for handoff in chain.handoffs:
        edge = edges[handoff.id]
        assert edge.tag == f"{Y}PolyLineEdge"
        assert edge.find(f"{Y}Arrows").attrib == {"source": "none", "target": "standard"}
        shown = [text for text in (handoff.label, handoff.passes) if text]
        label = edge.find(f"{Y}EdgeLabel")
        assert (label.text.split("\n") if label is not None else []) == shown


@per_sample
def test_networkx_still_reads_it(path):
    chain = load_chain(path)
    text = to_graphml(chain)
    graph = nx.read_graphml(io.BytesIO(text.encode("utf-8")), force_multigraph=True)
    cards = [id for id, kind in graph.nodes(data="kind") if kind != "department"]
    assert sorted(cards) == sorted(touchpoint.id for touchpoint in chain.touchpoints)
    assert {(s, t, k) for s, t, k in graph.edges(keys=True)} == {
        (handoff.source, handoff.target, handoff.id) for handoff in chain.handoffs
    }
    # The chain's own position, not yEd's box, is what networkx keeps as x and y.
    assert all(
        graph.nodes[t.id]["x"] == t.position.x and graph.nodes[t.id]["y"] == t.position.y
        for t in chain.touchpoints
    )


def test_the_export_leaves_other_xml_writers_their_namespaces():
    """A writer that registers its namespace as ElementTree's default (as the SVG export
    once did) keeps it: GraphML must not take it over (an SVG written after a GraphML
    export came out as `ns0:svg`)."""
    SVG_NS = "http://www.w3.org/2000/svg"
    ET.register_namespace("", SVG_NS)

    to_graphml(load_chain(SAMPLES[0]))
    assert ET.tostring(ET.Element(f"{{{SVG_NS}}}svg"), encoding="unicode").startswith("<svg")
