"""yEd's drawing markup for a GraphML export, so yEd opens the chain as our picture.

yEd reads a shape, a box, colours and a label for each node from a `<data>` element
whose key says `yfiles.type="nodegraphics"` (and `edgegraphics` for edges). Boxes are
absolute: a card at the header column's width + its x, its lane's top + its y, with
the size the canvas gives it (models.geometry). Departments are plain nodes drawn as
large rectangles behind the cards (written first: yEd paints in file order), not yEd
group nodes: networkx's reader would take a group's nested graph as more nodes anyway,
and a plain node keeps the file simple for every other reader.

The graphics come before a node's own data, so a reader that, like networkx, also
takes yEd's label and box as data finds the chain's own values last.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from models.geometry import HEADER_WIDTH, card_sizes, lane_spans

Y = "http://www.yworks.com/xml/graphml"
NODE_GRAPHICS, EDGE_GRAPHICS = "yed_node", "yed_edge"

#: yEd's shape for each kind of card.
SHAPES = {"step": "roundrectangle", "decision": "diamond", "start": "ellipse", "end": "ellipse"}
#: Card fills by kind, as the export theme mixes them (white paper, a touch of the accent).
CARD_FILLS = {"step": "#FFFFFF", "decision": "#FEF3E0", "start": "#E5F2E5", "end": "#E7EBEC"}
CARD_BORDER = "#9A9FA3"
LINE = "#5E656C"
LANE_BORDER = "#C8CCD0"
LANE_RIGHT_ROOM = 40.0  # lane kept right of the rightmost card, as in the diagram export
LANE_MIN_ROOM = 240.0  # lanes stay at least this wide right of the header column


Box = tuple[float, float, float, float]  # x, y, width, height


def lane_width(boxes: dict[str, Box]) -> float:
    """The width of every lane: the header column and room for its rightmost card."""
    right = max((x + w for x, _y, w, _h in boxes.values()), default=0.0)
    return max(HEADER_WIDTH + LANE_MIN_ROOM, right + LANE_RIGHT_ROOM)


def picture_boxes(chain) -> tuple[dict[str, Box], dict[str, Box]]:
    """The picture's absolute boxes, as the canvas draws them: touchpoint id -> its card,
    and department id -> its lane (the header column included, so every lane starts at
    x 0), lanes stacked in file order."""
    sizes = card_sizes(chain)
    spans = lane_spans(chain, sizes)
    cards = {
        t.id: (HEADER_WIDTH + t.position.x, spans[t.department][0] + t.position.y, *sizes[t.id])
        for t in chain.touchpoints
    }
    width = lane_width(cards)
    lanes = {id: (0.0, top, width, height) for id, (top, height) in spans.items()}
    return cards, lanes


def add_yed_graphics(
    root: ET.Element,
    kinds: dict[str, str],
    boxes: dict[str, tuple[float, float, float, float]],
    node_labels: dict[str, str],
    lanes: dict[str, tuple[str, tuple[float, float, float, float]]],
    edge_labels: dict[str, str],
) -> str:
    """The GraphML text of `root` (networkx's GraphMLWriter.xml) with yEd's markup on
    its nodes and edges.

    `kinds` and `boxes` give each card's kind and absolute (x, y, w, h); `lanes` gives
    each department node's fill and box; `node_labels` the text shown on every node;
    `edge_labels` the text on each edge (by edge id), where there is one.

    networkx's writer names elements without a namespace and declares the namespaces
    as attributes; the yEd elements do the same with a literal "y:" prefix, so no
    namespace is registered with ElementTree, whose registry every module shares (the
    SVG export relies on its own default namespace there)."""
    root.set("xmlns:y", Y)
    first_graph = list(root).index(root.find("graph"))
    for offset, (target, id, kind) in enumerate(
        (("node", NODE_GRAPHICS, "nodegraphics"), ("edge", EDGE_GRAPHICS, "edgegraphics"))
    ):
        key = ET.Element("key", {"for": target, "id": id, "yfiles.type": kind})
        root.insert(first_graph + offset, key)
    graph = root.find("graph")
    for node in graph.findall("node"):
        id = node.get("id")
        if id in lanes:
            fill, box = lanes[id]
            shape = _shape_node(box, "rectangle", fill, LANE_BORDER, node_labels[id], lane=True)
        else:
            kind = kinds[id]
            fill = CARD_FILLS[kind]
            shape = _shape_node(boxes[id], SHAPES[kind], fill, CARD_BORDER, node_labels[id])
        node.insert(0, _data(NODE_GRAPHICS, shape))
    for edge in graph.findall("edge"):
        edge.insert(0, _data(EDGE_GRAPHICS, _poly_line_edge(edge_labels.get(edge.get("id")))))
    ET.indent(root)  # (only whitespace between elements: no text of ours is touched)
    declaration = '<?xml version="1.0" encoding="UTF-8"?>\n'
    return declaration + ET.tostring(root, encoding="unicode") + "\n"


def _data(key: str, child: ET.Element) -> ET.Element:
    data = ET.Element("data", {"key": key})
    data.append(child)
    return data


def _number(value: float) -> str:
    return repr(float(value))


def _shape_node(box, shape: str, fill: str, border: str, label: str, lane=False) -> ET.Element:
    node = ET.Element("y:ShapeNode")
    names = ("x", "y", "width", "height")
    ET.SubElement(node, "y:Geometry", {name: _number(n) for name, n in zip(names, box)})
    ET.SubElement(node, "y:Fill", {"color": fill, "transparent": "false"})
    ET.SubElement(node, "y:BorderStyle", {"color": border, "type": "line", "width": "1.0"})
    # A lane's name sits in its header column, at the top left; a card's in its middle.
    placement = (
        {"modelName": "internal", "modelPosition": "tl", "fontStyle": "bold", "fontSize": "11"}
        if lane
        else {"modelName": "internal", "modelPosition": "c", "fontSize": "10"}
    )
    text = ET.SubElement(
        node, "y:NodeLabel", {"alignment": "center", "autoSizePolicy": "content", **placement}
    )
    text.text = label
    ET.SubElement(node, "y:Shape", {"type": shape})
    return node


def _poly_line_edge(label: str | None) -> ET.Element:
    edge = ET.Element("y:PolyLineEdge")
    ET.SubElement(edge, "y:LineStyle", {"color": LINE, "type": "line", "width": "1.0"})
    ET.SubElement(edge, "y:Arrows", {"source": "none", "target": "standard"})
    if label:
        placement = {"modelName": "centered", "modelPosition": "center"}
        text = ET.SubElement(
            edge, "y:EdgeLabel", {"alignment": "center", "fontSize": "9", **placement}
        )
        text.text = label
    ET.SubElement(edge, "y:BendStyle", {"smoothed": "false"})
    return edge
