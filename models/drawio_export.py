"""A chain as a draw.io diagram (`.drawio`, diagrams.net) that draw.io opens as our picture.

What maps to what:
- The chain is one uncompressed page named after its title; its title, organisation,
  vision, description, people and lint settings are data on the page's root cell.
- Each department is a swimlane at the top level, stacked in file order, with its name
  read vertically in a header column as wide as ours (HEADER_WIDTH) and filled with
  the lane's colour; role, lead and colour are data on the lane.
- Each touchpoint is a shape inside its lane (a child of the lane cell, so draw.io
  moves it with the lane), at the canvas's place and size relative to the lane: steps
  rounded rectangles, decisions rhombi, starts and ends terminators. Every other field
  is data on the shape (models.drawio_data).
- Each handoff is a connector from card to card with its label; what it passes is a
  label on the connector (at the place the user dragged it to, else the middle), its
  expectation and that place are data. The connector follows our router's route.

Labels are HTML labels (so draw.io wraps them in the card): the text escaped, line
breaks as <br>. A handoff's empty label ("") comes back as no label, which shows the
same; every other text comes back exactly (see models.drawio_data). draw.io shows the
data in a shape's tooltip and its Edit Data dialog. Left out of the picture: the
owner's initials, channel icons, review stripes and lint badges of the cards (the data
keeps what they show), and the theme's fonts. A chain of more than ROUTED_AT_MOST
handoffs is left for draw.io to route.
"""

from __future__ import annotations

import html
from xml.etree import ElementTree as ET

from models.chain import Chain, Department, Handoff, Touchpoint
from models.drawio_data import (
    CHAIN,
    DEPARTMENT,
    HANDOFF,
    MARKER,
    PASSES,
    TOUCHPOINT,
    cell_id,
    data_attributes,
    xml_safe,
)
from models.geometry import HEADER_WIDTH, LANE_NAME_PX, LABEL_PX, PILL_PX, STEP_RADIUS, picture_boxes
from models.interchange import lane_fill
from models.links import is_safe_link
from models.routing import Card, Link, Router
from models.yed import CARD_BORDER, CARD_FILLS, LANE_BORDER, LINE

HOST = "Chain Designer"
#: Above this many handoffs the connectors carry no route and draw.io routes them
#: itself: routing a very large chain would make the export wait (the canvas routes
#: such a chain in a thread of its own).
ROUTED_AT_MOST = 1500
#: How far routes keep out of the header column and off the lanes' outer edges, as on
#: the canvas (ChainScene._walls).
_WALL = 300.0

_CARD_SHAPES = {
    "step": f"rounded=1;absoluteArcSize=1;arcSize={2 * STEP_RADIUS:g};",
    "decision": "rhombus;",
    "start": "shape=mxgraph.flowchart.terminator;",  # a stadium, as our start and end cards
    "end": "shape=mxgraph.flowchart.terminator;",
}


def to_drawio(chain: Chain) -> str:
    """The `.drawio` text of `chain` (which passes the integrity check)."""
    cards, lanes = picture_boxes(chain)
    routes = _routes(chain, cards, lanes)
    width = max((x + w for x, _y, w, _h in lanes.values()), default=HEADER_WIDTH)
    height = max((y + h for _x, y, _w, h in lanes.values()), default=0.0)

    mxfile = ET.Element("mxfile", {"host": HOST, "type": "device"})
    diagram = ET.SubElement(mxfile, "diagram", {"name": xml_safe(chain.title), "id": "chain"})
    model = ET.SubElement(diagram, "mxGraphModel", {
        "grid": "1", "gridSize": "10", "guides": "1", "tooltips": "1", "connect": "1",
        "arrows": "1", "fold": "1", "page": "1", "pageScale": "1",
        "pageWidth": _number(max(850.0, width + 40)), "pageHeight": _number(max(1100.0, height + 40)),
        "math": "0", "shadow": "0",
    })
    root = ET.SubElement(model, "root")
    _wrapped(root, "0", "", CHAIN, data_attributes(chain))  # the root cell: no parent
    ET.SubElement(root, "mxCell", {"id": "1", "parent": "0"})
    for department in chain.departments:
        _lane(root, department, lanes[department.id])
    for touchpoint in chain.touchpoints:
        _card(root, touchpoint, cards[touchpoint.id], lanes[touchpoint.department])
    for handoff in chain.handoffs:
        _connector(root, handoff, cards, routes.get(handoff.id))
    ET.indent(mxfile)  # whitespace between elements only: no text of ours is touched
    return ET.tostring(mxfile, encoding="unicode") + "\n"


def _wrapped(root: ET.Element, id: str, label: str, kind: str, data: dict[str, str],
             **cell: str) -> ET.Element:
    """An `<object>` holding the label and data, around its `<mxCell>` (returned)."""
    wrapper = ET.SubElement(root, "object", {"label": label, "id": id, MARKER: kind, **data})
    return ET.SubElement(wrapper, "mxCell", cell)


def _geometry(cell: ET.Element, box, **extra: str) -> ET.Element:
    x, y, w, h = box
    return ET.SubElement(cell, "mxGeometry", {
        "x": _number(x), "y": _number(y), "width": _number(w), "height": _number(h),
        **extra, "as": "geometry",
    })


def _lane(root: ET.Element, department: Department, box) -> None:
    fill = lane_fill(department)
    style = (
        f"swimlane;horizontal=0;startSize={HEADER_WIDTH:g};html=1;whiteSpace=wrap;"
        f"collapsible=0;fillColor={fill};swimlaneFillColor={fill};strokeColor={LANE_BORDER};"
        f"fontStyle=1;fontSize={LANE_NAME_PX};"
    )
    cell = _wrapped(root, cell_id(DEPARTMENT, department.id), _html(department.name), DEPARTMENT,
                    data_attributes(department), style=style, vertex="1", parent="1")
    _geometry(cell, box)


def _card(root: ET.Element, touchpoint: Touchpoint, box, lane_box) -> None:
    style = (
        f"{_CARD_SHAPES[touchpoint.kind]}whiteSpace=wrap;html=1;fillColor={CARD_FILLS[touchpoint.kind]};"
        f"strokeColor={CARD_BORDER};fontSize={LABEL_PX};"
    )
    data = data_attributes(touchpoint)
    link = touchpoint.procedure.link if touchpoint.procedure else None
    if link and is_safe_link(link):
        data["link"] = xml_safe(link)  # draw.io opens a shape's link when it is clicked
    cell = _wrapped(root, cell_id(TOUCHPOINT, touchpoint.id), _html(touchpoint.label), TOUCHPOINT,
                    data, style=style, vertex="1", parent=cell_id(DEPARTMENT, touchpoint.department))
    x, y, w, h = box
    _geometry(cell, (x - lane_box[0], y - lane_box[1], w, h))  # a child's place is its parent's


def _connector(root: ET.Element, handoff: Handoff, cards, route) -> None:
    style = (
        f"edgeStyle=orthogonalEdgeStyle;rounded=0;html=1;endArrow=block;endFill=1;"
        f"strokeColor={LINE};fontSize={PILL_PX};labelBackgroundColor=#FFFFFF;"
    )
    if route and len(route) >= 2:  # leave and enter the cards where our route does
        style += _port("exit", route[0], cards[handoff.source]) + _port("entry", route[-1], cards[handoff.target])
    cell = _wrapped(
        root, cell_id(HANDOFF, handoff.id), _html(handoff.label or ""), HANDOFF,
        data_attributes(handoff), style=style, edge="1", parent="1",
        source=cell_id(TOUCHPOINT, handoff.source), target=cell_id(TOUCHPOINT, handoff.target),
    )
    # An edge's own label sits along it at x (-1 at the source, 1 at the target): near
    # the source, as the canvas shows a decision's branch label, when a pill is there too.
    place = {"x": "-0.6"} if handoff.label and handoff.passes else {}
    geometry = ET.SubElement(cell, "mxGeometry", {**place, "relative": "1", "as": "geometry"})
    if route and len(route) > 2:
        points = ET.SubElement(geometry, "Array", {"as": "points"})
        for x, y in route[1:-1]:
            ET.SubElement(points, "mxPoint", {"x": _number(x), "y": _number(y)})
    if handoff.passes is not None:  # (an empty pill too, so an empty "passes" comes back)
        along = 0.0 if handoff.label_at is None else 2 * handoff.label_at - 1
        pill = _wrapped(
            root, cell_id(PASSES, handoff.id), _html(handoff.passes), PASSES, {},
            style=f"edgeLabel;html=1;align=center;verticalAlign=middle;resizable=0;points=[];"
                  f"fontSize={PILL_PX};labelBackgroundColor=#FFFFFF;labelBorderColor={CARD_BORDER};",
            vertex="1", connectable="0", parent=cell_id(HANDOFF, handoff.id),
        )
        label_geometry = ET.SubElement(pill, "mxGeometry", {"x": _number(along), "relative": "1", "as": "geometry"})
        ET.SubElement(label_geometry, "mxPoint", {"as": "offset"})


def _port(end: str, point, box) -> str:
    """Where a connector leaves or enters a card, as a fraction of the card's box."""
    x, y, w, h = box
    return (f"{end}X={_number((point[0] - x) / w, 4)};{end}Y={_number((point[1] - y) / h, 4)};"
            f"{end}Dx=0;{end}Dy=0;{end}Perimeter=0;")


def _routes(chain: Chain, cards, lanes) -> dict[str, list]:
    """Each handoff's route as the canvas draws it (none for a very large chain)."""
    if not chain.handoffs or len(chain.handoffs) > ROUTED_AT_MOST:
        return {}
    kinds = {t.id: t.kind for t in chain.touchpoints}
    boxed = {id: Card((x, y, x + w, y + h), kinds[id]) for id, (x, y, w, h) in cards.items()}
    left = HEADER_WIDTH
    right = max(x + w for x, _y, w, _h in lanes.values())
    bottom = max(y + h for _x, y, _w, h in lanes.values())
    walls = {  # '#' cannot begin an element id
        "#left": Card((left - _WALL, -_WALL, left, bottom + _WALL), "wall"),
        "#top": Card((left - _WALL, -_WALL, right + _WALL, 0.0), "wall"),
        "#bottom": Card((left - _WALL, bottom, right + _WALL, bottom + _WALL), "wall"),
        "#right": Card((right, -_WALL, right + _WALL, bottom + _WALL), "wall"),
    }
    links = [Link(h.id, h.source, h.target) for h in chain.handoffs]
    return Router(boxed | walls, links).route_all()


def _html(text: str) -> str:
    """Plain text as a draw.io HTML label that shows it: escaped, line breaks as <br>."""
    return "<br>".join(html.escape(line, quote=False) for line in xml_safe(text).split("\n"))


def _number(value: float, decimals: int = 2) -> str:
    """A number as draw.io writes it: whole numbers without ".0"."""
    rounded = round(float(value), decimals)
    return str(int(rounded)) if rounded.is_integer() else repr(rounded)
