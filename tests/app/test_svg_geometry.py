"""The SVG is written from the scene's geometry: every text as <text>, each card where the
scene has its box, each handoff along the scene's route; hostile text stays text."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from app.export import ExportOptions
from app.export.diagram import Diagram
from app.export.svg import svg_bytes
from models.chain_file import load_chain
from models.geometry import lane_header
from resources.samples import sample_paths
from resources.templates import template_paths
from tests.app.test_svg_text import ancestry, translation
from widgets.canvas.handoff_item import line_points

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
CHAINS = sample_paths() + template_paths()
FULL = ExportOptions(legend=True, badges=True, links=True, owner_names=True)
NUMBER = r"-?\d+(?:\.\d+)?"


def exported(chain, options=ExportOptions()) -> tuple[ET.Element, Diagram]:
    """The SVG of `chain`, parsed, and a diagram laid out the same way to check it against."""
    root = ET.fromstring(svg_bytes(chain, options))  # raises unless well-formed XML
    return root, Diagram(chain, options)


def shown_texts(root: ET.Element) -> list[str]:
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


def card_boxes(root: ET.Element) -> list[tuple[float, float, float, float]]:
    """(left, top, width, height) of every card in the SVG, in the picture's coordinates:
    a group placed by translate() whose first child uses a card shape of <defs>."""
    parents = ancestry(root)
    shapes = {}
    for shape in root.find(f"{SVG}defs"):
        if shape.get("id", "").startswith("s"):
            if shape.tag == f"{SVG}rect":
                shapes["#" + shape.get("id")] = (float(shape.get("width")), float(shape.get("height")))
            else:  # a diamond
                numbers = [float(n) for n in re.findall(NUMBER, shape.get("d"))]
                shapes["#" + shape.get("id")] = (max(numbers[0::2]), max(numbers[1::2]))
    boxes = []
    for group in root.iter(f"{SVG}g"):
        first = group[0] if len(group) else None
        if first is not None and first.tag == f"{SVG}use" and first.get(XLINK_HREF) in shapes:
            x, y = translation(group, parents)
            boxes.append((x, y, *shapes[first.get(XLINK_HREF)]))
    return boxes


def route_corners(root: ET.Element) -> list[list[tuple[float, float]]]:
    """Each handoff line's corners, in the picture's coordinates: where it starts, each
    rounded corner's control point, where it ends."""
    parents = ancestry(root)
    defined = set(root.find(f"{SVG}defs").iter())  # icons have round line caps too
    routes = []
    for group in root.iter(f"{SVG}g"):
        if group.get("stroke-linecap") != "round" or group in defined:
            continue
        x, y = translation(group, parents)
        for path in group.iter(f"{SVG}path"):
            d = path.get("d")
            corners = [re.match(rf"M({NUMBER}),({NUMBER})", d).groups()]
            corners += re.findall(rf"Q({NUMBER}),({NUMBER})", d)
            corners.append(re.findall(rf"L({NUMBER}),({NUMBER})", d)[-1])
            routes.append([(float(a) + x, float(b) + y) for a, b in corners])
    return routes


@pytest.mark.parametrize("path", CHAINS, ids=lambda path: f"{path.parent.name}-{path.stem}")
def test_every_text_of_the_picture_is_a_text_element(qapp, path):
    chain = load_chain(path)
    root, diagram = exported(chain, FULL)
    texts = shown_texts(root)
    scene = diagram.scene
    expected = []
    for item in scene.touchpoint_items.values():
        expected += item.layout.lines
    for item in scene.handoff_items.values():
        for label in item.labels:
            expected += label.lines
    for department in chain.departments:
        expected += lane_header(department.name)[0]
    for column in scene.stage_band.columns:
        expected += scene.stage_band.name_lines(column)
    assert expected
    for line in expected:
        assert line in texts, line
    if path.stem.startswith("clinic"):  # the blueprint sample: stages, marks, lines
        assert scene.stage_band.columns and any(t.marks for t in chain.touchpoints)
        assert {"line of interaction", "line of visibility"} <= set(texts)
        assert "Moment of truth" in texts  # the legend names the marks used


@pytest.mark.parametrize("path", sample_paths(), ids=lambda path: path.stem)
def test_cards_are_where_the_scene_has_them(qapp, path):
    root, diagram = exported(load_chain(path))
    boxes = sorted(card_boxes(root))
    scene_boxes = []
    for item in diagram.scene.touchpoint_items.values():
        rect = diagram.to_diagram(item.card_rect())
        scene_boxes.append((rect.x(), rect.y(), rect.width(), rect.height()))
    scene_boxes.sort()
    assert len(boxes) == len(scene_boxes) == len(diagram.chain.touchpoints)
    for box, scene_box in zip(boxes, scene_boxes):
        assert box == pytest.approx(scene_box, abs=0.011)


@pytest.mark.parametrize("path", sample_paths(), ids=lambda path: path.stem)
def test_handoffs_follow_the_scenes_routes(qapp, path):
    root, diagram = exported(load_chain(path))
    offset = diagram.offset()
    routes = sorted(route_corners(root))
    scene_routes = sorted(
        [(x + offset.x(), y + offset.y()) for x, y in line_points(item.points)]
        for item in diagram.scene.handoff_items.values()
    )
    assert len(routes) == len(scene_routes) == len(diagram.chain.handoffs)
    for route, scene_route in zip(routes, scene_routes):
        assert len(route) == len(scene_route)
        for point, scene_point in zip(route, scene_route):
            assert point == pytest.approx(scene_point, abs=0.011)


def test_a_card_without_an_owner_or_label_still_shows_its_chip_and_says_so(qapp):
    chain = load_chain(sample_paths()[0])
    touchpoint = next(t for t in chain.touchpoints
                      if next(d for d in chain.departments if d.id == t.department).role != "customer")
    touchpoint.owner = None
    touchpoint.label = ""
    root, _diagram = exported(chain)
    assert "No label" in shown_texts(root)
    assert any(circle.get("stroke-dasharray") == "4,2" and circle.get("fill") == "none"
               for circle in root.iter(f"{SVG}circle"))  # the hollow, dashed chip


def test_user_text_is_escaped_and_unwritable_characters_dropped(qapp):
    chain = load_chain(sample_paths()[0])
    chain.touchpoints[0].label = 'Bell\x07 & <b>"bold"</b> \ud800 ]]>'
    chain.departments[0].name = "Lane <&>\x1b"
    data = svg_bytes(chain, ExportOptions())
    root = ET.fromstring(data)
    texts = " ".join(shown_texts(root))
    assert '& <b>"bold"</b>' in texts and "]]>" in texts and "Lane <&>" in texts
    assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]", data)


def test_an_svg_written_after_other_xml_exports_is_plain_svg(qapp):
    from models.interchange import to_graphml

    chain = load_chain(sample_paths()[0])
    to_graphml(chain)
    data = svg_bytes(chain)
    assert b'<svg xmlns="http://www.w3.org/2000/svg"' in data and b"ns0:" not in data
    assert ET.fromstring(data).tag == f"{SVG}svg"
