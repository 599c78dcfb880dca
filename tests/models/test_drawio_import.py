"""draw.io import (models/drawio_import.py) of real files made by draw.io.

The fixtures (Apache-2.0, from draw.io's own examples) live outside the repository, in
../shared/fixtures/drawio beside the checkout. What each import must hold is worked out here by a walk of
the file's XML of its own, not taken from the importer.
"""

from __future__ import annotations

import base64
import html
import re
import urllib.parse
import zlib
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree

import pytest

from app import cli
from app.import_formats import ChainImportError, format_of_file, import_format
from models.chain_file import chain_to_bytes, load_chain
from models.drawio_import import OUTSIDE_LANES, DrawioImportError, import_drawio, looks_like_drawio
from models.integrity import find_integrity_problem

FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "drawio"
FILES = ("cross_functional_flowchart_1.xml", "cross_functional_flowchart_2.xml", "swimlanes.xml",
         "uml-activity-example.drawio")

pytestmark = pytest.mark.skipif(
    not FIXTURES.is_dir(), reason="the draw.io fixtures are not on this machine"
)


def page_models(path: Path) -> list[ElementTree.Element]:
    """Every page's <mxGraphModel>, unpacking compressed pages."""
    pages = []
    for diagram in ElementTree.parse(path).getroot().iter("diagram"):
        model = diagram.find("mxGraphModel")
        if model is None:
            xml = urllib.parse.unquote(zlib.decompress(base64.b64decode(diagram.text), -15).decode())
            model = ElementTree.fromstring(xml)
        pages.append(model)
    return pages


def text(cell: ElementTree.Element) -> str:
    value = re.sub(r"<br\s*/?>|</?(div|p)\b[^>]*>", " ", cell.get("value", ""))
    value = html.unescape(re.sub(r"<[^>]*>", "", value))
    return " ".join(value.replace("\u00a0", " ").split())


def expected(model: ElementTree.Element) -> tuple[list[str], Counter, Counter]:
    """The lane names, the labels of the labelled shapes, and (source, target, label) of
    the connectors that join two of them directly."""
    cells = {cell.get("id"): cell for cell in model.iter("mxCell")}
    children: dict[str, list] = {}
    for cell in cells.values():
        children.setdefault(cell.get("parent"), []).append(cell)

    def swimlane(cell):
        return cell.get("vertex") == "1" and "swimlane" in cell.get("style", "")

    lanes = [c for c in cells.values()
             if swimlane(c) and not any(map(swimlane, children.get(c.get("id"), [])))]
    pools = [c for c in cells.values() if swimlane(c) and c not in lanes]
    edges = {c.get("id") for c in cells.values() if c.get("edge") == "1"}
    shapes = {
        c.get("id"): text(c) for c in cells.values()
        if c.get("vertex") == "1" and c not in lanes and c not in pools and text(c)
        and c.get("parent") not in edges
    }
    handoffs = Counter()
    for edge_id in edges:
        edge = cells[edge_id]
        if edge.get("source") in shapes and edge.get("target") in shapes:
            label = text(edge) or " ".join(text(c) for c in children.get(edge_id, []) if text(c))
            handoffs[(shapes[edge.get("source")], shapes[edge.get("target")], label or None)] += 1
    return [text(lane) for lane in lanes], Counter(shapes.values()), handoffs


def every_page() -> list:
    return [
        pytest.param(name, number, id=f"{name}-page{number}")
        for name in FILES
        for number in range(1, len(page_models(FIXTURES / name)) + 1 if FIXTURES.is_dir() else 2)
    ]


@pytest.mark.parametrize(("name", "page"), every_page())
def test_every_lane_shape_and_connector_of_a_real_diagram_is_imported(name, page):
    model = page_models(FIXTURES / name)[page - 1]
    lanes, shapes, connectors = expected(model)

    chain, _left_out = import_drawio(FIXTURES / name, page=page)

    names = [d.name for d in chain.departments if d.name != OUTSIDE_LANES]
    assert len(names) == len(lanes)
    assert [n for n, lane in zip(names, lanes) if lane] == [lane for lane in lanes if lane]
    assert Counter(t.label for t in chain.touchpoints) == shapes
    by_id = {t.id: t.label for t in chain.touchpoints}
    imported = Counter((by_id[h.source], by_id[h.target], h.label) for h in chain.handoffs)
    assert not connectors - imported  # each connector between two shapes is a handoff
    assert find_integrity_problem(chain) is None
    assert load_chain(chain_to_bytes(chain), name="imported.chain") == chain


def test_the_fixtures_give_lanes_touchpoints_and_labelled_handoffs():
    """The walk above is not vacuous: the files do hold lanes, shapes and labelled connectors."""
    chain, left_out = import_drawio(FIXTURES / "cross_functional_flowchart_1.xml")
    assert [d.name for d in chain.departments] == ["Navigation", "Driver", "Passengers"]
    kinds = {t.label: t.kind for t in chain.touchpoints}
    assert kinds["At Destination?"] == "decision" and kinds["Plan Route"] == "step"
    assert {h.label for h in chain.handoffs} >= {"Yes", "No"}
    assert any("Styles" in sentence for sentence in left_out)

    swimlanes, left_out = import_drawio(FIXTURES / "swimlanes.xml")
    assert [d.name for d in swimlanes.departments] == ["Lane 1", "Lane 2", "Lane 3"]
    assert "8 shapes without text were left out." in left_out


SMALL = """<mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/>
<mxCell id="lane" value="&lt;b&gt;Sales&lt;/b&gt;&lt;br&gt;desk" style="swimlane;html=1" parent="1" vertex="1">
  <mxGeometry x="100" y="200" width="600" height="150" as="geometry"/></mxCell>
<mxCell id="ask" value="Asks" style="ellipse" parent="lane" vertex="1">
  <mxGeometry x="20" y="40" width="40" height="40" as="geometry"/></mxCell>
<mxCell id="group" value="" style="group" parent="1" vertex="1">
  <mxGeometry x="400" y="230" width="100" height="60" as="geometry"/></mxCell>
<mxCell id="answer" value="Answers" style="rounded=1" parent="group" vertex="1">
  <mxGeometry x="10" y="10" width="80" height="40" as="geometry"/></mxCell>
<mxCell id="e1" value="" style="edgeStyle=orthogonalEdgeStyle" parent="1" source="ask" target="group" edge="1">
  <mxGeometry relative="1" as="geometry"/></mxCell>
<mxCell id="e1label" value="by phone" style="edgeLabel;html=1" parent="e1" vertex="1" connectable="0">
  <mxGeometry x="-0.2" relative="1" as="geometry"/></mxCell>
<mxCell id="loose" value="" parent="1" source="answer" edge="1"><mxGeometry relative="1" as="geometry"/></mxCell>
</root></mxGraphModel>"""


def test_edge_labels_groups_and_shapes_over_a_lane_are_followed():
    chain, left_out = import_drawio(SMALL.encode(), name="small.drawio")
    assert [d.name for d in chain.departments] == ["Sales desk"]  # HTML stripped, <br> a space
    ask, answer = chain.touchpoints
    assert (ask.label, ask.kind, ask.position.x, ask.position.y) == ("Asks", "start", 20, 40)
    # "Answers" sits in a group at the top level, over the lane: placed in it by geometry.
    assert (answer.department, answer.position.x, answer.position.y) == ("d1", 310, 40)
    [handoff] = chain.handoffs  # the connector to the group reaches the shape in it
    assert (handoff.source, handoff.target, handoff.label) == (ask.id, answer.id, "by phone")
    assert "1 connectors that do not join two labelled shapes were left out." in left_out
    assert "1 shapes without text were left out." in left_out


def test_a_shape_is_placed_relative_to_its_lane():
    chain, _ = import_drawio(FIXTURES / "cross_functional_flowchart_1.xml")
    plan = next(t for t in chain.touchpoints if t.label == "Plan Route")
    # In the file: pool at (50, 60), lane "Navigation" at (0, 20) in it, the shape at (50, 30) in that.
    assert (plan.position.x, plan.position.y) == (50, 30)


def test_a_compressed_page_imports_as_the_same_chain_as_the_plain_one(tmp_path):
    source = FIXTURES / "uml-activity-example.drawio"
    model = page_models(source)[0]
    xml = ElementTree.tostring(model, encoding="unicode")
    deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = deflater.compress(urllib.parse.quote(xml, safe="").encode()) + deflater.flush()
    compressed = tmp_path / "compressed.drawio"
    compressed.write_text(
        f'<mxfile><diagram name="Example" id="x">{base64.b64encode(packed).decode()}</diagram></mxfile>',
        encoding="utf-8",
    )
    plain = tmp_path / "plain.drawio"
    plain.write_text(xml, encoding="utf-8")  # a bare <mxGraphModel>

    from_compressed, _ = import_drawio(compressed, title="Orders")
    from_plain, _ = import_drawio(plain, title="Orders")
    from_fixture, _ = import_drawio(source, title="Orders")
    assert from_compressed == from_plain == from_fixture
    assert len(from_plain.touchpoints) > 5


def test_pages_are_chosen_by_name_or_number_and_a_missing_one_is_named():
    first, left_out = import_drawio(FIXTURES / "uml-activity-example.drawio")
    assert 'only page "Example" was read' in left_out[0]
    by_name, _ = import_drawio(FIXTURES / "uml-activity-example.drawio", page="Activity diagram shapes")
    by_number, _ = import_drawio(FIXTURES / "uml-activity-example.drawio", page="2")
    assert by_name == by_number != first
    with pytest.raises(DrawioImportError, match="there is no page '3'; the pages are \"Example\""):
        import_drawio(FIXTURES / "uml-activity-example.drawio", page="3")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"<mxfile><diagram", "not well-formed XML"),
        (b"<html/>", "not a draw.io diagram"),
        (b"<mxfile><diagram name='a'>not base64 at all!</diagram></mxfile>", "cannot be unpacked"),
        (b'<!DOCTYPE x [<!ENTITY a "aaaa">]><mxfile/>', "DOCTYPE"),
        (b"<mxfile/>", "has no pages"),
        (b'<mxfile><diagram name="First"> </diagram></mxfile>', 'page "First" is empty'),
        (b"<mxGraphModel/>", "no <root> of cells"),
    ],
)
def test_a_bad_file_is_one_sentence_that_names_it(tmp_path, content, reason):
    path = tmp_path / "bad.drawio"
    path.write_bytes(content)
    with pytest.raises(ChainImportError) as refused:
        import_format("drawio").read(path, None)
    message = str(refused.value)
    assert message.startswith(f"{path}: ") and reason in message and "\n" not in message


def test_cells_that_are_their_own_parents_and_wild_numbers_still_import():
    cycle = (b'<mxGraphModel><root><mxCell id="a" parent="b" value="A" vertex="1"/>'
             b'<mxCell id="b" parent="a" value="B" vertex="1"><mxGeometry x="nan" y="1e300" as="geometry"/>'
             b'</mxCell><mxCell id="e" edge="1" source="a" target="b" parent="e"/></root></mxGraphModel>')
    chain, _ = import_drawio(cycle)
    assert [t.label for t in chain.touchpoints] == ["A", "B"] and len(chain.handoffs) == 1
    assert find_integrity_problem(chain) is None


def test_the_registry_knows_draw_io_by_suffix_and_by_content(tmp_path):
    assert format_of_file(FIXTURES / "uml-activity-example.drawio").id == "drawio"
    assert format_of_file(FIXTURES / "swimlanes.xml").id == "drawio"
    unnamed = tmp_path / "diagram.txt"
    unnamed.write_bytes((FIXTURES / "swimlanes.xml").read_bytes())
    assert format_of_file(unnamed).id == "drawio"
    assert looks_like_drawio(b'\xef\xbb\xbf<?xml version="1.0"?>\n<mxGraphModel>')
    assert not looks_like_drawio(b"department,touchpoint\n")


def test_the_import_command_reads_a_drawio_file_and_a_chosen_page(tmp_path, capsys):
    out = tmp_path / "orders.chain"
    source = FIXTURES / "uml-activity-example.drawio"
    assert cli.main(["import", str(source), "-o", str(out)]) == cli.EXIT_OK
    printed = capsys.readouterr()
    assert "Imported 12 touchpoints in 3 departments" in printed.out
    assert 'only page "Example" was read' in printed.err
    assert "Receive order" in {t.label for t in load_chain(out).touchpoints}

    assert cli.main(["import", str(source), "-o", str(out), "--page", "2"]) == cli.EXIT_UNREADABLE
    assert "already exists" in capsys.readouterr().err
    assert cli.main(["import", str(source), "-o", str(out), "--page", "2", "--force"]) == cli.EXIT_OK
    assert "Receive order" not in {t.label for t in load_chain(out).touchpoints}

    unknown = tmp_path / "notes.txt"
    unknown.write_text("hello", encoding="utf-8")
    assert cli.main(["import", str(unknown), "-o", str(out), "--force"]) == cli.EXIT_UNREADABLE
    assert "no import format reads this file" in capsys.readouterr().err
