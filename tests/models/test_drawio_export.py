"""draw.io export (models/drawio_export.py): draw.io opens it with the cards inside their
lanes, and our draw.io import (models/drawio_import.py) reads it back as the same chain.

"The same chain" is exact here: the re-imported chain's canonical .chain bytes
(chain_to_bytes) equal the original's, so every field of every element, its id and its
order are kept, and the import reports nothing left out. The picture is checked by a
walk of the XML of its own, against the places and sizes the canvas gives the cards.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.chain import (
    Chain,
    Department,
    Handoff,
    LintIgnore,
    LintSettings,
    Person,
    Position,
    Procedure,
    Review,
    SignOff,
    Size,
    Touchpoint,
)
from models.chain_file import chain_to_bytes, load_chain
from models.drawio_export import to_drawio
from models.drawio_import import import_drawio, read_drawio_diagram
from models.geometry import HEADER_WIDTH, card_sizes
from models.integrity import find_integrity_problem
from resources.samples import sample_paths
from resources.templates import template_paths
from tests.app.test_cli import run

CHAINS = sample_paths() + template_paths()
every_chain = pytest.mark.parametrize(
    "path", CHAINS, ids=[f"{path.parent.name}/{path.name}" for path in CHAINS]
)


def cells(text: str) -> dict[str, tuple[ET.Element, ET.Element | None]]:
    """Cell id -> (its <mxCell>, its <object> wrapper or None), from the file's only page."""
    root = ET.fromstring(text)
    assert root.tag == "mxfile" and len(root.findall("diagram")) == 1
    found = {}
    for element in root.find("diagram/mxGraphModel/root"):
        if element.tag == "object":
            found[element.get("id")] = (element.find("mxCell"), element)
        else:
            assert element.tag == "mxCell"
            found[element.get("id")] = (element, None)
    assert len(found) == len(root.find("diagram/mxGraphModel/root"))  # no id twice
    for cell, _ in found.values():  # every cell's parent and ends are cells of the page
        assert {cell.get(end) for end in ("parent", "source", "target")} - {None} <= set(found)
    return found


def geometry(cell: ET.Element) -> tuple[float, float, float, float]:
    shape = cell.find("mxGeometry")
    return tuple(float(shape.get(name, "0")) for name in ("x", "y", "width", "height"))


def style(cell: ET.Element) -> dict[str, str]:
    return dict(part.partition("=")[::2] for part in cell.get("style", "").split(";") if part)


def round_trip(chain: Chain) -> Chain:
    result = read_drawio_diagram(to_drawio(chain).encode("utf-8"), name="export.drawio")
    assert result.left_out == [] and result.placed
    return result.chain


# -- the picture ---------------------------------------------------------------------------


@every_chain
def test_every_card_is_a_child_of_its_lane_inside_it_at_the_canvas_place(path):
    chain = load_chain(path)
    found = cells(to_drawio(chain))
    sizes = card_sizes(chain)
    lane_bottom = 0.0
    for department in chain.departments:
        lane, data = found[f"lane:{department.id}"]
        assert data.get("label") == department.name and lane.get("parent") == "1"
        lane_style = style(lane)
        assert "swimlane" in lane_style and lane_style["horizontal"] == "0"  # name on the left, read upwards
        assert float(lane_style["startSize"]) == HEADER_WIDTH
        x, y, w, h = geometry(lane)
        assert (x, y) == (0, pytest.approx(lane_bottom, abs=0.01))  # stacked in file order
        lane_bottom = y + h
        for touchpoint in (t for t in chain.touchpoints if t.department == department.id):
            card, _ = found[f"card:{touchpoint.id}"]
            assert card.get("parent") == f"lane:{department.id}" and card.get("vertex") == "1"
            cx, cy, cw, ch = geometry(card)  # relative to the lane, as draw.io reads a child
            assert (cx, cy) == (pytest.approx(HEADER_WIDTH + touchpoint.position.x, abs=0.01),
                                pytest.approx(touchpoint.position.y, abs=0.01))
            assert (cw, ch) == pytest.approx(sizes[touchpoint.id], abs=0.01)
            assert HEADER_WIDTH <= cx and cx + cw <= w and 0 <= cy and cy + ch <= h


@every_chain
def test_connectors_join_the_cards_and_follow_right_angled_routes(path):
    chain = load_chain(path)
    found = cells(to_drawio(chain))
    routed = 0
    for handoff in chain.handoffs:
        edge, data = found[f"edge:{handoff.id}"]
        assert (edge.get("source"), edge.get("target")) == (f"card:{handoff.source}", f"card:{handoff.target}")
        assert data.get("label") == (handoff.label or "") and edge.get("edge") == "1"
        edge_style = style(edge)
        points = [(float(p.get("x")), float(p.get("y"))) for p in edge.iter("mxPoint") if p.get("as") is None]
        if "exitX" in edge_style:
            routed += 1
            ends = []
            for end, card_id in (("exit", handoff.source), ("entry", handoff.target)):
                card, _ = found[f"card:{card_id}"]
                lane_x, lane_y, _, _ = geometry(found[card.get("parent")][0])
                x, y, w, h = geometry(card)
                ends.append((lane_x + x + float(edge_style[f"{end}X"]) * w,
                             lane_y + y + float(edge_style[f"{end}Y"]) * h))
            line = [ends[0], *points, ends[1]]
            for (x1, y1), (x2, y2) in zip(line, line[1:]):
                assert x1 == pytest.approx(x2, abs=0.02) or y1 == pytest.approx(y2, abs=0.02)
    assert routed == len(chain.handoffs)


def test_shapes_read_as_their_kind_and_labels_as_text_without_our_data():
    """Stripped of our data (as another tool that keeps only the picture would leave it),
    the shapes still import as their kinds: draw.io's shapes are ones the import knows."""
    chain = load_chain(sample_paths()[0])
    text = to_drawio(chain)
    plain = re.sub(r"<object label=\"([^\"]*)\" id=\"([^\"]*)\"[^>]*>\s*<mxCell", r'<mxCell value="\1" id="\2"', text)
    plain = plain.replace("</object>", "")
    assert "<object" not in plain
    imported, left_out = import_drawio(plain.encode(), name="plain.drawio")
    assert [d.name for d in imported.departments] == [d.name for d in chain.departments]
    assert [(t.label, t.kind) for t in imported.touchpoints] == [(t.label, t.kind) for t in chain.touchpoints]
    assert len(imported.handoffs) == len(chain.handoffs)
    assert any("Styles" in sentence for sentence in left_out)


def test_the_passes_label_sits_where_the_user_dragged_it():
    chain = small_chain()
    found = cells(to_drawio(chain))
    pill, _ = found["pill:h1"]
    assert pill.get("parent") == "edge:h1" and float(pill.find("mxGeometry").get("x")) == pytest.approx(-0.5)
    assert "pill:h2" not in found  # no pill where nothing passes


# -- importing it back ---------------------------------------------------------------------


@every_chain
def test_every_sample_and_template_imports_back_equal(path):
    chain = load_chain(path)
    back = round_trip(chain)
    assert chain_to_bytes(back) == chain_to_bytes(chain)
    assert find_integrity_problem(back) is None


HOSTILE = [
    'less < and & "quotes" \'single\' > more',
    "two\nlines\r\nand a carriage return\rand\ta tab",
    "=SUM(A1:A9)",
    "+1 -2 @me",
    "x" * 2000,
    "Ünïcødé ✓ 日本語 עברית 🚚 e\u0301",
    "<b>not bold</b><br>not a break &amp; not an entity &nbsp;",
    "  leading and trailing spaces  ",
    "double  spaces",
    "%label% and %name%",  # draw.io's placeholder syntax: must come back as the text it is
    "",
]


def small_chain(text: str = "Plain") -> Chain:
    """A chain that uses every field, `text` in every free text."""
    return Chain(
        title=f"Title {text}", organisation=text, vision=text, description=text,
        departments=[
            Department(id="0", name=text, role="customer", color="#AA3300"),  # "0" and "1":
            Department(id="1", name=f"{text} two", role="support", lead="p.1"),  # draw.io's ids
        ],
        people=[Person(id="p.1", name=text, department="1", role=text, email="a@example.com"),
                Person(id="p-2", name="Other")],
        touchpoints=[
            Touchpoint(id="t1", label=text, department="0", kind="start", channel="web",
                       position=Position(x=12.34, y=5.5)),
            Touchpoint(id="t2", label=f"{text}?", department="1", kind="decision", serves="internal",
                       owner="p.1", notes=text, expectation=text, objective=text,
                       procedure=Procedure(title=text, link="javascript:alert(1)", summary=text),
                       review=Review(status="critiqued", signoffs=[
                           SignOff(name=text, role="management", date="2026-01-31", note=text)]),
                       position=Position(x=300, y=0), size=Size(w=400.5, h=180)),
            Touchpoint(id="t3", label=text, department="1", kind="end", owner="p-2",
                       procedure=Procedure(title="Safe", link="https://example.com/a?b=1&c=2"),
                       position=Position(x=700, y=40)),
            Touchpoint(id="h2x", label="", department="0", position=Position(x=-20, y=0)),
        ],
        handoffs=[
            Handoff(id="h1", source="t1", target="t2", label=text, passes=text, expectation=text, label_at=0.25),
            Handoff(id="h2", source="t2", target="t3", label="Yes"),
            Handoff(id="h3", source="t2", target="t2", passes="loop"),
            Handoff(id="h4", source="t3", target="h2x"),
        ],
        lint=LintSettings(rules={"weak-link": "off", "missing-owner": "error"},
                          ignore=[LintIgnore(rule="no-owner", element="t1", reason=text)]),
    )


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_every_field_and_hostile_text_imports_back_equal(text):
    chain = small_chain(text)
    assert find_integrity_problem(chain) is None
    back = round_trip(chain)
    if text == "":  # the one text that does not come back: an empty handoff label is none
        chain.handoffs[0].label = None
    assert chain_to_bytes(back) == chain_to_bytes(chain)


#: Any text XML can hold (what it cannot is replaced: see the next tests).
XML_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters=[
    chr(c) for c in [*range(0x20), 0xFFFE, 0xFFFF] if chr(c) not in "\t\n\r"]))


@given(label=XML_TEXT, passes=XML_TEXT, name=XML_TEXT)
def test_any_text_comes_back_exactly(label, passes, name):
    chain = small_chain()
    chain.departments[0].name = name
    chain.touchpoints[0].label = label
    chain.handoffs[0].passes = passes
    assert chain_to_bytes(round_trip(chain)) == chain_to_bytes(chain)


def test_labels_are_html_that_shows_the_text_and_only_a_safe_link_is_a_link():
    found = cells(to_drawio(small_chain("a < b & c\nnext")))
    card, data = found["card:t1"]
    assert style(card)["html"] == "1" and data.get("label") == "a &lt; b &amp; c<br>next"
    assert "link" not in found["card:t2"][1].attrib  # javascript: is no link to click
    assert found["card:t3"][1].get("link") == "https://example.com/a?b=1&c=2"


def test_text_xml_cannot_hold_becomes_a_replacement_character():
    chain = small_chain("bell\x07 and \x0b vertical tab")
    back = round_trip(chain)
    assert back.touchpoints[0].label == "bell\ufffd and \ufffd vertical tab"


def test_without_routes_a_large_chain_still_imports_back_equal(monkeypatch):
    monkeypatch.setattr("models.drawio_export.ROUTED_AT_MOST", 0)
    chain = load_chain(sample_paths()[0])
    text = to_drawio(chain)
    assert "exitX" not in text and 'as="points"' not in text
    assert chain_to_bytes(round_trip(chain)) == chain_to_bytes(chain)


# -- after editing in draw.io --------------------------------------------------------------


def test_a_card_moved_to_another_lane_in_draw_io_comes_back_there():
    chain = small_chain()
    text = to_drawio(chain)
    # draw.io re-parents a card dragged into another lane, its geometry relative to that lane.
    moved = re.sub(r'(<mxCell style="[^"]*" vertex="1" parent=")lane:0(">\s*<mxGeometry x=")162.34(" y=")5.5"',
                   r'\g<1>lane:1\g<2>250\g<3>20"', text, count=1)
    assert moved != text
    back, left_out = import_drawio(moved.encode(), name="moved.drawio")
    first = back.touchpoints[0]
    assert (first.id, first.department, first.position.x, first.position.y) == ("t1", "1", 100, 20)
    assert left_out == []


def test_a_copied_card_gets_a_new_id_and_broken_data_is_left_out_in_one_sentence():
    chain = small_chain()
    text = to_drawio(chain)
    start = text.index('<object label="Plain" id="card:t1"')
    end = text.index("</object>", start) + len("</object>")
    copy = text[start:end].replace('id="card:t1"', 'id="x7Yq-3"').replace('kind="start"', 'kind="banana"')
    edited = text[:end] + copy + text[end:]
    edited = edited.replace('lead="p.1"', 'lead="nobody"')
    back, left_out = import_drawio(edited.encode(), name="edited.drawio")
    assert [t.id for t in back.touchpoints] == ["t1", "t4", "t2", "t3", "h2x"]
    copied = back.touchpoints[1]
    assert (copied.label, copied.kind, copied.channel) == ("Plain", "step", "web")
    assert back.departments[1].lead is None
    assert "1 values that do not fit their field were left out (kind)." in left_out
    assert "1 references to people or elements not in the diagram were left out." in left_out
    assert find_integrity_problem(back) is None


def test_a_label_edited_into_other_markup_in_draw_io_is_read_as_text():
    text = to_drawio(small_chain())
    edited = text.replace('<object label="Plain?"', '<object label="&lt;b&gt;Ready&lt;/b&gt;&lt;div&gt;now?&lt;/div&gt;"')
    back, _ = import_drawio(edited.encode(), name="edited.drawio")
    assert back.touchpoints[1].label == "Ready now?"


def test_only_our_own_export_keeps_its_places_on_import():
    """Another tool's diagram is laid out on import; ours keeps the places it gives."""
    foreign = (b'<mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/>'
               b'<mxCell id="a" value="Asks" style="rounded=1" parent="1" vertex="1">'
               b'<mxGeometry x="20" y="40" width="80" height="40" as="geometry"/></mxCell></root></mxGraphModel>')
    assert not read_drawio_diagram(foreign, name="foreign.drawio").placed
    assert read_drawio_diagram(to_drawio(small_chain()).encode(), name="ours.drawio").placed


# -- the command line ------------------------------------------------------------------------


def test_the_command_line_exports_a_drawio_file_that_imports_back_equal(tmp_path):
    source = tmp_path / "x.chain"  # placed as no layout would place it: the places must stay
    source.write_bytes(chain_to_bytes(small_chain()))
    exported, imported = tmp_path / "y.drawio", tmp_path / "z.chain"
    result = run("export", str(source), "-o", str(exported))
    assert result.returncode == 0, result.stderr
    assert exported.read_bytes().startswith(b'<mxfile host="Chain Designer"')
    result = run("import", str(exported), "-o", str(imported))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # nothing left out, nothing to warn about
    assert imported.read_bytes() == source.read_bytes()
