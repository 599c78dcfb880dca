"""Tiled PDF pages are cut in the gaps between cards, pills and names, never through one."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, QRectF

from app.export import ExportOptions
from app.export.diagram import HEADER_ROOM, Diagram, Outline
from app.export.pdf import export_pdf, plan_pages
from app.export.tile_cuts import AxisCuts, TileCuts
from app.handout import handout_diagram_options, handout_diagram_plan
from models.chain_file import load_chain
from resources.samples import sample_paths

SAMPLES = sample_paths()


def test_a_tile_ends_in_the_last_gap_before_the_page_edge():
    cuts = AxisCuts([(10, 50), (60, 140), (150, 190)], clearance=2)
    assert cuts.edges(0, 200, 100) == (0, 58, 148, 200)


def test_without_anything_to_keep_whole_the_tiles_are_equal():
    assert AxisCuts([]).edges(0, 300, 100) == (0, 100, 200, 300)


def test_where_no_gap_is_in_reach_the_cut_crosses_the_fewest():
    # 0-70 and 60-130 overlap, and 80-105 lies on both: no gap within the first 100.
    cuts = AxisCuts([(0, 70), (60, 130), (80, 105)], clearance=0)
    assert cuts.crossed(100) == 2 and cuts.crossed(80) == 1
    assert cuts.edges(0, 150, 100) == (0, 80, 150)


def test_each_row_of_tiles_is_cut_between_its_own_cards():
    # Seen from above the two cards overlap for longer than a page (100-450 against 250):
    # tiles lined up in a grid would cut one of them; a row at a time, neither is cut.
    cuts = TileCuts([(100, 0, 300, 50), (250, 100, 450, 150)])
    rows, columns = cuts.edges(0, 500, 200, width=250, height=110)
    assert rows == (0, 98, 200)
    assert columns == ((0, 98, 348, 500), (0, 248, 498, 500))


def test_evened_tiles_leave_no_sliver_at_the_end():
    cuts = AxisCuts([(250, 450)])
    assert cuts.edges(0, 500, 250) == (0, 248, 498, 500)  # the last tile 2 long
    even = cuts.even_edges(0, 500, 250)
    lengths = [end - start for start, end in zip(even, even[1:])]
    assert len(even) == 4 and min(lengths) > 40 and max(lengths) <= 250
    assert not any(cuts.crossed(at) for at in even[1:-1])


def whole_things(diagram: Diagram) -> list[tuple[str, QRectF]]:
    """Every card and every pill or branch label, in diagram coordinates."""
    scene = diagram.scene
    things = [(item.touchpoint.label, diagram.to_diagram(item.card_rect()))
              for item in scene.touchpoint_items.values()]
    for item in scene.handoff_items.values():
        for label in item.labels:
            rect = QRectF(QPointF(*label.rect[:2]), QPointF(*label.rect[2:]))
            things.append((" ".join(label.lines), diagram.to_diagram(rect)))
    return things


def cut_through(things: list[tuple[str, QRectF]], rows: tuple[float, ...],
                columns: tuple[tuple[float, ...], ...]) -> list[str]:
    """What a cut between tiles (not the picture's own edges) goes through: a row's edge, or
    an edge between tiles of a row the thing lies in."""
    cut = []
    for name, rect in things:
        if any(rect.top() < y < rect.bottom() for y in rows[1:-1]):
            cut.append(name)
        for (top, bottom), edges in zip(zip(rows, rows[1:]), columns):
            if rect.top() < bottom and rect.bottom() > top and any(rect.left() < x < rect.right() for x in edges[1:-1]):
                cut.append(name)
    return cut


def equal_edges(start: float, end: float, count: int) -> tuple[float, ...]:
    return tuple(start + (end - start) * number / count for number in range(count + 1))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda path: path.stem)
def test_no_card_or_pill_is_cut_between_tiled_pdf_pages(qapp, tmp_path, path):
    chain = load_chain(path)
    options = ExportOptions(fit=False)
    report: dict = {}
    pages = export_pdf(chain, tmp_path / "tiles.pdf", options, report)
    plan = report["plan"]
    assert plan.tiled and pages == plan.pages
    diagram = Diagram(chain, options)
    assert plan.row_edges[0] == 0 and plan.row_edges[-1] == diagram.size.height()
    for edges in plan.column_edges:
        assert edges[0] == HEADER_ROOM and edges[-1] == diagram.size.width()
    assert cut_through(whole_things(diagram), plan.row_edges, plan.column_edges) == []
    # Tiles end in gaps, so they are shorter than a page: at most one more across and down
    # than tiles of equal size, at the same readable size.
    equal = plan_pages(Outline(diagram.size), options, tiles=True)
    assert plan.most_columns <= equal.most_columns + 1 and plan.rows <= equal.rows + 1
    assert plan.label_points >= 7.3


def test_the_handout_cuts_its_diagram_between_cards_where_equal_tiles_cut_a_decision(qapp):
    chain = load_chain(next(path for path in SAMPLES if path.stem == "retail-order-to-delivery"))
    options = ExportOptions()
    diagram = Diagram(chain, handout_diagram_options(options))
    plan = handout_diagram_plan(diagram.outline(), options)
    things = whole_things(diagram)
    assert plan.tiled and cut_through(things, plan.row_edges, plan.column_edges) == []
    # Tiles of equal size, as many, cut the decision "Accepts the new date?" in two.
    width, height = diagram.size.width(), diagram.size.height()
    across = equal_edges(HEADER_ROOM, width, plan.most_columns)
    equal = cut_through(things, equal_edges(0, height, plan.rows), (across,) * plan.rows)
    assert "Accepts the new date?" in equal
