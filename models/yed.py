"""yEd's drawing markup for a GraphML export, so yEd opens the chain as our picture.

yEd reads a shape, a box, colours and a label for each node from a `<data>` element
whose key says `yfiles.type="nodegraphics"` (and `edgegraphics` for edges). Boxes are
absolute: a card at the header column's width + its x, its lane's top + its y, with
the size the canvas gives it (models.geometry). Departments are yEd group nodes drawn
as the lanes, each holding its cards in a nested graph, so moving a lane in yEd moves
its cards; handoffs stay in the top graph, which GraphML allows for edges between
nested nodes. networkx's reader takes the nested nodes as nodes of the one graph.

The graphics come before a node's own data, so a reader that, like networkx, also
takes yEd's label and box as data finds the chain's own values last.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from models.geometry import HEADER_WIDTH

Y = "http://www.yworks.com/xml/graphml"
NODE_GRAPHICS, EDGE_GRAPHICS = "yed_node", "yed_edge"

#: yEd's shape for each kind of card.
SHAPES = {"step": "roundrectangle", "decision": "diamond", "start": "ellipse", "end": "ellipse"}
#: Card fills by kind, as the export theme mixes them (white paper, a touch of the accent).
CARD_FILLS = {"step": "#FFFFFF", "decision": "#FEF3E0", "start": "#E5F2E5", "end": "#E7EBEC"}
CARD_BORDER = "#9A9FA3"
LINE = "#5E656C"
LANE_BORDER = "#C8CCD0"
LANE_INSET = 20.0  # yEd keeps this much of a lane around its cards when it fits the lane to them


def add_yed_graphics(
    root: ET.Element,
    kinds: dict[str, str],
    boxes: dict[str, tuple[float, float, float, float]],
    node_labels: dict[str, str],
    lanes: dict[str, tuple[str, tuple[float, float, float, float]]],
    edge_labels: dict[str, str],
    lane_of: dict[str, str],
) -> str:
    """The GraphML text of `root` (networkx's GraphMLWriter.xml) with yEd's markup on
    its nodes and edges.

    `kinds` and `boxes` give each card's kind and absolute (x, y, w, h); `lanes` gives
    each department node's fill and box; `node_labels` the text shown on every node;
    `edge_labels` the text on each edge (by edge id), where there is one; `lane_of`
    each card's department, whose group the card moves into.

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
    groups: dict[str, ET.Element] = {}  # department id -> its nested graph
    for node in graph.findall("node"):  # the departments come first (see to_graphml)
        id = node.get("id")
        if id in lanes:
            fill, box = lanes[id]
            node.set("yfiles.foldertype", "group")
            node.insert(0, _data(NODE_GRAPHICS, _group_node(box, fill, node_labels[id])))
            groups[id] = ET.SubElement(node, "graph", {"id": f"{id}:", "edgedefault": "directed"})
        else:
            kind = kinds[id]
            shape = _shape_node(boxes[id], SHAPES[kind], CARD_FILLS[kind], CARD_BORDER, node_labels[id])
            node.insert(0, _data(NODE_GRAPHICS, shape))
            graph.remove(node)
            groups[lane_of[id]].append(node)
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


def _box_fill_border(node: ET.Element, box, fill: str, border: str) -> None:
    names = ("x", "y", "width", "height")
    ET.SubElement(node, "y:Geometry", {name: _number(n) for name, n in zip(names, box)})
    ET.SubElement(node, "y:Fill", {"color": fill, "transparent": "false"})
    ET.SubElement(node, "y:BorderStyle", {"color": border, "type": "line", "width": "1.0"})


def _shape_node(box, shape: str, fill: str, border: str, label: str) -> ET.Element:
    """A card: its shape with the label in the middle."""
    node = ET.Element("y:ShapeNode")
    _box_fill_border(node, box, fill, border)
    text = ET.SubElement(node, "y:NodeLabel", {
        "alignment": "center", "autoSizePolicy": "content", "modelName": "internal",
        "modelPosition": "c", "fontSize": "10",
    })
    text.text = label
    ET.SubElement(node, "y:Shape", {"type": shape})
    return node


def _group_node(box, fill: str, label: str) -> ET.Element:
    """A lane: an open yEd group with its name at the top left, in the header column.
    The left inset keeps that column free when yEd fits the group to moved cards."""
    proxy = ET.Element("y:ProxyAutoBoundsNode")
    group = ET.SubElement(ET.SubElement(proxy, "y:Realizers", {"active": "0"}), "y:GroupNode")
    _box_fill_border(group, box, fill, LANE_BORDER)
    text = ET.SubElement(group, "y:NodeLabel", {
        "alignment": "left", "autoSizePolicy": "content", "modelName": "internal",
        "modelPosition": "tl", "fontStyle": "bold", "fontSize": "11",
    })
    text.text = label
    ET.SubElement(group, "y:Shape", {"type": "rectangle"})
    ET.SubElement(group, "y:State", {"closed": "false", "innerGraphDisplayEnabled": "false"})
    insets = {"top": LANE_INSET, "bottom": LANE_INSET, "left": HEADER_WIDTH, "right": LANE_INSET}
    # yEd writes each inset twice: whole pixels, and as a float ("leftF").
    sides = {side: str(round(value)) for side, value in insets.items()}
    ET.SubElement(group, "y:Insets", sides | {f"{side}F": _number(value) for side, value in insets.items()})
    return proxy


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
