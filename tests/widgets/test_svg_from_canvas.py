"""File > Export draws what the canvas shows: the SVG the editor's routes, in the paper
theme, without the screen's selection, review colours or overlays; PNG and PDF build
their own scene in the paper theme, but take its routes and labels instead of routing
the chain again."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from PySide6.QtGui import QColor

from app.document import Document
from app.export import ExportOptions, write_export
from app.export.svg import svg_bytes
from app.main_window import MainWindow
from models.chain_file import load_chain
from tests.app.test_export import hostile_chain  # noqa: F401 (a fixture)
from tests.app.test_svg_geometry import route_corners, shown_texts
from tests.widgets.conftest import close_without_asking
from widgets.canvas.handoff_item import line_points
from widgets.canvas.style import Theme

FULL = ExportOptions(legend=True, badges=True, links=True, owner_names=True)


def test_the_export_of_the_open_window_is_the_export_of_its_file(window, sample_file):
    from_scene = svg_bytes(window.document.chain, FULL, scene=window.scene)
    assert from_scene == svg_bytes(load_chain(sample_file), FULL)


def test_the_screens_state_does_not_reach_the_export(window):
    chain, scene = window.document.chain, window.scene
    before = svg_bytes(chain, FULL, scene=scene)
    cards = list(scene.touchpoint_items.values())
    cards[0].setSelected(True)
    next(iter(scene.handoff_items.values())).setSelected(True)
    cards[1].set_find_match(True)
    scene.set_review_mode(True)
    scene.set_scorecard(True)
    scene.timing.set_on(True)
    scene.set_owner_names(True)
    scene.show_badges = False
    scene.theme = Theme(QColor("#1e1e1e"), QColor("#e0e0e0"), True)  # a dark desktop
    assert svg_bytes(chain, FULL, scene=scene) == before


def test_file_export_draws_the_routes_the_canvas_shows(window, tmp_path):
    # A route only the editor's scene has: the export takes it rather than routing anew.
    item = next(iter(window.scene.handoff_items.values()))
    (start_x, start_y), (end_x, end_y) = item.points[0], item.points[-1]
    detour = [(start_x, start_y), (start_x + 30, start_y), (start_x + 30, start_y - 70),
              (end_x - 30, start_y - 70), (end_x - 30, end_y), (end_x, end_y)]
    item.set_route(detour, item.labels, item.cross_lane)
    path = tmp_path / "chain.svg"
    assert window.export_to(str(path), "svg", ExportOptions())
    routes = route_corners(ET.parse(path).getroot())
    offset = window_offset(window, ExportOptions())
    expected = [coordinate for x, y in line_points(detour) for coordinate in (x + offset[0], y + offset[1])]
    flat = [[coordinate for point in route for coordinate in point] for route in routes]
    assert any(len(route) == len(expected) and route == pytest.approx(expected, abs=0.011) for route in flat)


def window_offset(window, options) -> tuple[float, float]:
    from app.export.diagram import Diagram

    offset = Diagram(window.document.chain, options, scene=window.scene).offset()
    return offset.x(), offset.y()


def test_a_part_of_the_chain_is_laid_out_anew(window):
    chain = window.document.chain
    department = chain.departments[1].id
    options = ExportOptions(scope="department", department_id=department)
    assert svg_bytes(chain, options, scene=window.scene) == svg_bytes(chain, options)


def test_only_formats_that_draw_from_a_scene_are_given_it(window, tmp_path):
    chain = window.document.chain
    write_export(chain, "png", tmp_path / "chain.png", ExportOptions(scale=1), scene=window.scene)
    write_export(chain, "csv", tmp_path / "chain.csv", scene=window.scene)
    assert (tmp_path / "chain.png").stat().st_size and (tmp_path / "chain.csv").stat().st_size


def test_png_and_pdf_paint_their_own_scene_with_the_canvass_routes(window, tmp_path):
    from app.export.diagram import Diagram

    item = next(iter(window.scene.handoff_items.values()))
    (start_x, start_y), (end_x, end_y) = item.points[0], item.points[-1]
    detour = [(start_x, start_y), (start_x + 30, start_y), (start_x + 30, start_y - 70),
              (end_x - 30, start_y - 70), (end_x - 30, end_y), (end_x, end_y)]
    window.scene.router.routes[item.handoff_id] = detour  # as a route the router had found
    chain = window.document.chain
    diagram = Diagram(chain, ExportOptions(), routes_from=window.scene)
    assert diagram.scene is not window.scene and diagram.scene.theme.dark is False
    assert diagram.scene.handoff_items[item.handoff_id].points == window.scene.router.routes[item.handoff_id]
    assert diagram.scene.label_placer is window.scene.label_placer  # placed once, on the canvas
    for fmt in ("png", "pdf"):
        assert window.export_to(str(tmp_path / f"chain.{fmt}"), fmt, ExportOptions())


def test_png_and_pdf_route_anew_when_the_canvas_shows_other_cards(window):
    from app.export.diagram import Diagram

    card = next(iter(window.scene.touchpoint_items.values()))
    card.setPos(card.pos().x() + 40, card.pos().y())  # the canvas no longer matches the chain
    diagram = Diagram(window.document.chain, ExportOptions(), routes_from=window.scene)
    assert diagram.scene.router is not window.scene.router


def test_hostile_text_on_the_canvas_exports_as_text(qtbot, qapp, hostile_chain):  # noqa: F811
    window = MainWindow(Document(hostile_chain))
    try:
        window.scene.finish_routing()
        data = svg_bytes(window.document.chain, FULL, scene=window.scene)
        root = ET.fromstring(data)  # well-formed, whatever the labels hold
        texts = "".join(shown_texts(root))
        assert "</text><script>alert(1)</script>" in texts
        assert "Control char" in " ".join(shown_texts(root))  # the control characters dropped
        assert b"javascript" not in data.lower() and b"<script" not in data
        assert not [element for element in root.iter() if element.tag.rpartition("}")[2] in ("script", "foreignObject")]
        links = [link.get("href") for link in root.iter("{http://www.w3.org/2000/svg}a")]
        assert links == ['https://example.com/sop?a=1&b="2"']
    finally:
        close_without_asking(window)
