"""Exports to other tools' formats: DOT, GraphML, Mermaid and CSV (models/interchange.py)."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from models import interchange
from models.chain import Chain, Department, Handoff, Person, Position, Procedure, Touchpoint
from models.chain_file import load_chain
from models.csv_import import import_csv
from models.interchange import to_csv, to_dot, to_graphml, to_mermaid
from models.links import is_safe_link
from resources.samples import sample_paths
from tests.benchmarks import svg_reference
from tests.benchmarks.generate import synthetic_chain

SAMPLES = sample_paths()
per_sample = pytest.mark.parametrize("path", SAMPLES, ids=[path.name for path in SAMPLES])
needs_dot = pytest.mark.skipif(
    shutil.which("dot") is None, reason="Graphviz `dot` is not installed"
)
needs_neato = pytest.mark.skipif(
    shutil.which("neato") is None, reason="Graphviz `neato` is not installed"
)

#: The text functions this module tests, by format (app/export/formats.py names their files).
TEXT_FORMATS = {"dot": to_dot, "graphml": to_graphml, "mermaid": to_mermaid, "csv": to_csv}
SVG = "{http://www.w3.org/2000/svg}"
EVIL_LINK = "javascript:alert(document.cookie)"
SAFE_LINK = "https://example.com/sop?a=1&b=2"
LONG_LABEL = "Checks the order " + "and checks it again " * 99  # 2,000 characters
CONTROL_LABEL = "a\x00b\x01c\td\re\nf\x7fg"

# Hostile touchpoint labels by id, and the text each should show once rendered.
HOSTILE_LABELS = {
    "script": "</text><script>alert(1)</script>",
    "inject": '"]; evil [label="x',
    "quotes": 'Tom "the cat" & Jerry &amp; co &#60;',
    "backslash": "C:\\new\\table\\ \\N \\G \\l ends in \\",
    "control": CONTROL_LABEL,
    "rtl": "مرحبا بالعالم \u202eevil",
    "emoji": "📦 Ships the parcel 👍🏽",
    "long": LONG_LABEL,
    "end": "} end { # | ` %% --> [x] (y)",
    "a.b-c": "",
}
SHOWN_LABELS = {
    **HOSTILE_LABELS,
    "control": "abc d\ne\nfg",  # line breaks kept, tab as a space, other controls dropped
}


@pytest.fixture
def hostile() -> Chain:
    """A chain whose every text tries to break out of its format."""
    ids = list(HOSTILE_LABELS)
    return Chain(
        title='Chain "}" \\ <b>title</b>',
        departments=[
            Department(id="cust", name='} subgraph x { "; color=red', role="customer"),
            Department(id="ops", name="<b>Ops</b> & \"Co\"\n2nd line", role="backoffice"),
            Department(id="empty", name="No touchpoints", role="support", color="#123456"),
        ],
        people=[Person(id="p1", name='=HYPERLINK("http://evil")')],
        touchpoints=[
            Touchpoint(
                id=touchpoint_id,
                label=label,
                department="cust" if index % 2 == 0 else "ops",
                kind=("start", "step", "decision", "end")[index % 4],
                owner="p1" if index == 1 else None,
                procedure=(
                    Procedure(title="</text><b>SOP</b>", link=(EVIL_LINK, SAFE_LINK)[index])
                    if index < 2
                    else None
                ),
                expectation='"]; x [' if index == 2 else None,
                position=Position(x=40 + 200 * index, y=20),
            )
            for index, (touchpoint_id, label) in enumerate(HOSTILE_LABELS.items())
        ],
        handoffs=[
            Handoff(
                id=f"h{index}",
                source=ids[index],
                target=ids[index + 1],
                label=HOSTILE_LABELS[ids[index + 1]] if index % 2 == 0 else None,
                passes='" -> "evil' if index % 2 else None,
                expectation="\\" if index == 3 else None,
            )
            for index in range(len(ids) - 1)
        ],
    )


def samples() -> list[Chain]:
    return [load_chain(path) for path in SAMPLES]


# -- every format ----------------------------------------------------------------------


@per_sample
@pytest.mark.parametrize("name", sorted(TEXT_FORMATS))
def test_output_is_deterministic(path, name):
    export = TEXT_FORMATS[name]
    text = export(load_chain(path))
    assert isinstance(text, str) and text
    assert export(load_chain(path)) == text


@pytest.mark.parametrize("name", sorted(TEXT_FORMATS))
def test_unsafe_link_never_appears(hostile, name):
    text = TEXT_FORMATS[name](hostile)
    text.encode("utf-8")  # writable as UTF-8
    assert "javascript" not in text.lower()


# -- DOT -------------------------------------------------------------------------------


def render_svg(dot_text: str) -> ET.Element:
    """The SVG `dot` makes of the text, parsed (so it is well-formed XML)."""
    result = subprocess.run(
        ["dot", "-Tsvg"], input=dot_text.encode("utf-8"), capture_output=True, timeout=60
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert b"syntax error" not in result.stderr
    return ET.fromstring(result.stdout)


def svg_groups(svg: ET.Element, kind: str) -> dict[str, list[str]]:
    """Title -> lines of text, for the `g` elements of one class (node, edge, cluster)."""
    groups = {}
    for group in svg.iter(f"{SVG}g"):
        if group.get("class") == kind:
            title = group.find(f"{SVG}title").text
            groups[title] = [text.text or "" for text in group.iter(f"{SVG}text")]
    return groups


def assert_wrapped(lines: list[str], shown: str) -> None:
    """The lines `dot` drew are `shown`, wrapped: at a space (dropped), inside a word longer
    than a line, or at a line break of its own; and none is longer than a line."""
    assert all(len(line) <= interchange.DOT_LINE_LENGTH for line in lines), lines
    at = 0
    for line in lines:
        assert shown.startswith(line, at), (shown[at:at + 60], line)
        at += len(line)
        if at < len(shown) and (shown[at] in " \n" or len(line) < interchange.DOT_LINE_LENGTH):
            assert shown[at] in " \n", (shown[at:at + 60], line)
            at += 1
    assert shown[at:].strip() == "", shown[at:]


def assert_dot_draws(chain: Chain) -> ET.Element:
    svg = render_svg(to_dot(chain))
    nodes = svg_groups(svg, "node")
    assert sorted(nodes) == sorted(touchpoint.id for touchpoint in chain.touchpoints)
    assert len(svg_groups(svg, "edge")) == len(chain.handoffs)
    lanes_in_use = {touchpoint.department for touchpoint in chain.touchpoints}
    assert len(svg_groups(svg, "cluster")) == len(lanes_in_use)
    assert not [element.tag for element in svg.iter() if "script" in element.tag.lower()]
    return svg


@needs_dot
@per_sample
def test_sample_dot_renders_every_touchpoint(path):
    chain = load_chain(path)
    nodes = svg_groups(assert_dot_draws(chain), "node")
    for touchpoint in chain.touchpoints:
        assert_wrapped(nodes[touchpoint.id], touchpoint.label)


@needs_dot
def test_hostile_labels_render_as_typed(hostile):
    svg = assert_dot_draws(hostile)
    nodes = svg_groups(svg, "node")
    for touchpoint_id, shown in SHOWN_LABELS.items():
        assert_wrapped(nodes[touchpoint_id], shown)
    cluster_texts = sorted(lines for lines in svg_groups(svg, "cluster").values())
    assert cluster_texts == [["<b>Ops</b> & \"Co\"", "2nd line"], ['} subgraph x { "; color=red']]
    edge_texts = [lines for lines in svg_groups(svg, "edge").values()]
    assert ['" -> "evil'] in edge_texts
    assert ['"]; evil [label="x'] in edge_texts


UNBROKEN_LABEL = "x" * 2_000


@needs_dot
@per_sample
def test_dot_draws_every_edge_past_2000_character_labels(path):
    """Unwrapped, `dot` failed on these ("triangulation failed", exit 1, an edge lost)."""
    for place in ("handoff", "department", "touchpoint", "everywhere"):
        chain = load_chain(path)
        handoff, department, touchpoint = chain.handoffs[3], chain.departments[1], chain.touchpoints[3]
        if place in ("handoff", "everywhere"):
            handoff.label = LONG_LABEL
        if place in ("department", "everywhere"):
            department.name = LONG_LABEL
        if place in ("touchpoint", "everywhere"):
            touchpoint.label = UNBROKEN_LABEL
        svg = assert_dot_draws(chain)  # dot exits 0 with every node, edge and lane
        assert_wrapped(svg_groups(svg, "node")[touchpoint.id], touchpoint.label)
        edge = svg_groups(svg, "edge")[f"{handoff.source}->{handoff.target}"]
        assert_wrapped(edge, handoff.label or handoff.passes or "")
        lanes = svg_groups(svg, "cluster").values()
        assert any(lines and department.name.startswith(lines[0]) for lines in lanes)


@given(st.text(st.sampled_from("ab xyz-\u00e9\u4e2d "), max_size=300), st.integers(1, 50))
def test_wrapped_lines_keep_the_text_and_the_width(line, width):
    lines = interchange.wrapped_lines(line, width)
    assert all(len(part) <= width for part in lines)
    at = 0  # the lines are the text, broken at single spaces or inside long words
    for part in lines:
        assert line.startswith(part, at)
        at += len(part)
        if at < len(line) and (line[at] == " " or len(part) < width):
            assert line[at] == " "
            at += 1
    assert at == len(line)


def test_dot_labels_wrap_long_lines_only():
    assert interchange.dot_label("Confirms the order") == '"Confirms the order"'
    assert interchange.dot_label("a\nb") == '"a\\nb"'
    wrapped = interchange.dot_label("word " * 20)
    assert all(len(line) <= interchange.DOT_LINE_LENGTH for line in wrapped.strip('"').split("\\n"))
    assert to_dot(load_chain(SAMPLES[0])).count("\\n") > 0  # the samples' longest labels wrap


def test_dot_lanes_take_role_fill_or_own_colour(chain):
    chain.departments[1].color = "#abcdef"
    text = to_dot(chain)
    assert 'fillcolor="#f6ecd9"' in text  # customer
    assert 'fillcolor="#abcdef"' in text  # own colour wins over frontline
    assert 'fillcolor="#e7efe9"' in text  # backoffice
    assert "rankdir=LR" in text and text.startswith("digraph")


def test_dot_quoting_keeps_strings_whole():
    assert interchange.dot_quoted('a"b') == '"a\\"b"'
    assert interchange.dot_quoted("end\\") == '"end\\\\"'
    assert interchange.dot_quoted("1\n2") == '"1\\n2"'
    assert interchange.dot_quoted("A & B") == '"A &amp; B"'


# -- GraphML ---------------------------------------------------------------------------


def expected_node_data(chain: Chain) -> dict[str, dict]:
    departments = {department.id: department.name for department in chain.departments}
    people = {person.id: person.name for person in chain.people}
    expected = {}
    for touchpoint in chain.touchpoints:
        procedure = touchpoint.procedure
        data = {
            "label": touchpoint.label,
            "department": touchpoint.department,
            "department_name": departments[touchpoint.department],
            "kind": touchpoint.kind,
            "channel": touchpoint.channel,
            "serves": touchpoint.serves,
            "owner": people[touchpoint.owner] if touchpoint.owner else None,
            "procedure_title": procedure.title if procedure else None,
            "procedure_link": procedure.link if procedure and procedure.link else None,
            "expectation": touchpoint.expectation,
            "objective": touchpoint.objective,
            "review_status": touchpoint.review.status,
            "x": touchpoint.position.x,
            "y": touchpoint.position.y,
        }
        if data["procedure_link"] and not is_safe_link(data["procedure_link"]):
            data["procedure_link"] = None
        expected[touchpoint.id] = {key: value for key, value in data.items() if value is not None}
    return expected


def read_graphml(text: str) -> nx.MultiDiGraph:
    return nx.read_graphml(io.BytesIO(text.encode("utf-8")), force_multigraph=True)


def touchpoint_nodes(graph: nx.MultiDiGraph) -> dict[str, dict]:
    """The touchpoints' nodes, without the shape networkx reads from yEd's markup."""
    return {
        id: {key: value for key, value in data.items() if key != "shape_type"}
        for id, data in graph.nodes(data=True)
        if data.get("kind") != "department"
    }


@per_sample
def test_sample_graphml_reloads_with_the_same_graph(path):
    chain = load_chain(path)
    graph = read_graphml(to_graphml(chain))
    assert touchpoint_nodes(graph) == expected_node_data(chain)
    # Each lane's cards in chain order (they are nested in their lane's group).
    in_lanes = [t.id for d in chain.departments for t in chain.touchpoints if t.department == d.id]
    assert list(touchpoint_nodes(graph)) == in_lanes
    departments = [id for id, kind in graph.nodes(data="kind") if kind == "department"]
    assert departments == [department.id for department in chain.departments]
    assert all(graph.degree(id) == 0 for id in departments)
    edges = {
        key: (source, target, data)
        for source, target, key, data in graph.edges(keys=True, data=True)
    }
    expected = {
        handoff.id: (
            handoff.source,
            handoff.target,
            {
                key: value
                for key, value in (
                    # Without a label of its own, networkx reads yEd's (what it passes).
                    ("label", handoff.label or handoff.passes),
                    ("passes", handoff.passes),
                    ("expectation", handoff.expectation),
                )
                if value is not None
            },
        )
        for handoff in chain.handoffs
    }
    assert edges == expected
    assert graph.graph["title"] == chain.title


def test_hostile_graphml_reloads(hostile):
    text = to_graphml(hostile)
    root = ET.fromstring(text)
    assert not [element.tag for element in root.iter() if "script" in element.tag.lower()]
    graph = read_graphml(text)
    expected = expected_node_data(hostile)
    expected["control"]["label"] = "a\ufffdb\ufffdc\td\ne\nf\x7fg"  # what XML 1.0 can hold
    assert touchpoint_nodes(graph) == expected
    assert graph.nodes["inject"]["procedure_link"] == SAFE_LINK
    assert "procedure_link" not in graph.nodes["script"]
    assert graph.number_of_edges() == len(hostile.handoffs)


# -- Mermaid ---------------------------------------------------------------------------

NODE_LINE = re.compile(r'^        (n\d+)(\(\[|\{|\[)"([^"]*)"(\]\)|\}|\])$')
EDGE_LINE = re.compile(r'^    (n\d+) -->(?:\|"([^"]*)"\|)? (n\d+)$')
SUBGRAPH_LINE = re.compile(r'^    subgraph (d\d+)\["([^"]*)"\]$')
ENTITIES = {"quot": '"', "lt": "<", "gt": ">", "amp": "&", "35": "#", "37": "%", "124": "|", "96": "`"}


def unescape_mermaid(text: str) -> str:
    return re.sub(r"#(\w+);", lambda match: ENTITIES[match.group(1)], text)


def parse_mermaid(text: str) -> dict:
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    parsed = {"subgraphs": [], "nodes": [], "edges": [], "ends": 0, "styles": 0}
    for line in lines[1:]:
        assert line.count('"') % 2 == 0, line
        if match := SUBGRAPH_LINE.match(line):
            parsed["subgraphs"].append(unescape_mermaid(match.group(2)))
        elif match := NODE_LINE.match(line):
            node_id, opening, label = match.group(1, 2, 3)
            parsed["nodes"].append((node_id, opening, unescape_mermaid(label)))
        elif match := EDGE_LINE.match(line):
            label = unescape_mermaid(match.group(2)) if match.group(2) is not None else None
            parsed["edges"].append((match.group(1), label, match.group(3)))
        elif line == "    end":
            parsed["ends"] += 1
        elif re.fullmatch(r"    style d\d+ fill:#[0-9a-fA-F]{6}", line):
            parsed["styles"] += 1
        else:
            pytest.fail(f"unexpected Mermaid line {line!r}")
    return parsed


def assert_mermaid_structure(chain: Chain, shown: dict[str, str] | None = None) -> None:
    parsed = parse_mermaid(to_mermaid(chain))
    count = len(chain.departments)
    assert parsed["ends"] == parsed["styles"] == len(parsed["subgraphs"]) == count
    assert parsed["subgraphs"] == [" ".join(d.name.split("\n")) for d in chain.departments]
    labels = {touchpoint.id: touchpoint.label for touchpoint in chain.touchpoints}
    mermaid_ids = {f"n{index}": touchpoint for index, touchpoint in enumerate(chain.touchpoints, 1)}
    assert len(parsed["nodes"]) == len(chain.touchpoints)
    shapes = {"start": "([", "end": "([", "decision": "{", "step": "["}
    for node_id, opening, label in parsed["nodes"]:
        touchpoint = mermaid_ids[node_id]
        assert opening == shapes[touchpoint.kind]
        expected = (shown or labels)[touchpoint.id].replace("\n", " ")
        assert label == expected
    assert [(mermaid_ids[s].id, mermaid_ids[t].id) for s, _, t in parsed["edges"]] == [
        (handoff.source, handoff.target) for handoff in chain.handoffs
    ]


@per_sample
def test_sample_mermaid_has_a_subgraph_per_lane_and_a_line_per_element(path):
    assert_mermaid_structure(load_chain(path))


def test_hostile_mermaid_stays_balanced(hostile):
    assert_mermaid_structure(hostile, SHOWN_LABELS)
    text = to_mermaid(hostile)
    assert "<" not in text.replace("-->", "") and ">" not in text.replace("-->", "")
    assert "&" not in text and "`" not in text


# Mermaid reads directives (`%%{init: ...}%%`) anywhere in the source and comments at the
# start of a line; a label must stay a label.
DIRECTIVES = [
    "%%{init: {'theme': 'dark', 'securityLevel': 'loose'}}%%",
    "%%{wrap}%%",
    "ends here\n%% a comment line\n%%{init: {'theme': 'forest'}}%%",
    "half %%{init: {'theme': 'base'}} then %% the other half }%%",
    "%",
]


@pytest.mark.parametrize("label", DIRECTIVES)
def test_mermaid_labels_cannot_carry_directives_or_comments(chain, label):
    chain.title = label
    chain.departments[0].name = label
    chain.touchpoints[1].label = label
    chain.handoffs[0].label = label
    text = to_mermaid(chain)
    assert "%" not in text  # neither a directive nor a comment can start
    assert not re.search(r"^\s*%%", text, re.MULTILINE)
    parsed = parse_mermaid(text)
    shown = label.replace("\n", " ")
    assert parsed["subgraphs"][0] == shown
    assert dict((node, label) for node, _, label in parsed["nodes"])["n2"] == shown
    assert parsed["edges"][0][1] == shown


# -- CSV -------------------------------------------------------------------------------


def csv_summary(chain: Chain) -> tuple:
    labels = {touchpoint.id: touchpoint.label for touchpoint in chain.touchpoints}
    people = {person.id: person.name for person in chain.people}
    owners = sorted(
        (touchpoint.label, people[touchpoint.owner])
        for touchpoint in chain.touchpoints
        if touchpoint.owner
    )
    handoffs = sorted({(labels[h.source], labels[h.target]) for h in chain.handoffs})
    return sorted(labels.values()), owners, handoffs


@per_sample
def test_sample_csv_round_trip_keeps_touchpoints_owners_and_handoffs(path):
    chain = load_chain(path)
    text = to_csv(chain)
    assert text == interchange.export_csv(chain)  # no sample text looks like a formula
    assert csv_summary(import_csv(text.encode("utf-8"), name=path.name)) == csv_summary(chain)


def test_csv_cells_that_look_like_formulas_are_guarded(chain):
    formulas = ["=cmd|' /C calc'!A0", "+1+1", "@SUM(A1)", "-2+3+cmd|' /C calc'!A0", "\t=1"]
    for touchpoint, label in zip(chain.touchpoints, formulas):
        touchpoint.label = label
    chain.people[0].name = '=HYPERLINK("http://evil")'
    chain.departments[2].name = "-Warehouse"
    chain.touchpoints[1].objective = "=1+1"
    text = to_csv(chain)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    for row in rows[1:]:
        for cell in row:
            assert not re.match(r"[=+@\t\r-]", cell), cell

    # The import takes the guard away again: the texts come back as they were.
    reimported = import_csv(text.encode("utf-8"), name="guarded.csv")
    assert csv_summary(reimported) == csv_summary(chain)


def test_csv_guard_leaves_ordinary_text_alone():
    for text in ["Confirms the order", "-5", "-12.5 %", "5 - 3", "Ordered by e-mail", ""]:
        assert interchange.formula_guarded(text) == text
    for text in ["=1", "+1", "@A1", "-x", "-1+1", " =1", "\tx", "\rx"]:
        assert interchange.formula_guarded(text) == "'" + text


# Whitespace a spreadsheet may trim before it reads a formula.
LEADING_WHITESPACE = ["\n", " \r\n", "\n\n", " \t", "  \n ", "\x0b", "\x0c", "\xa0", "\u3000", "\u2028", "\x85"]


@pytest.mark.parametrize("space", LEADING_WHITESPACE, ids=[repr(space) for space in LEADING_WHITESPACE])
def test_csv_guard_looks_past_leading_whitespace(space):
    for formula in ["=1+1", "+1", "@SUM(A1)", "-2+3", "-x"]:
        assert interchange.formula_guarded(space + formula) == "'" + space + formula
    for ordinary in ["-5", "-12.5 %", "Confirms the order"]:
        assert interchange.formula_guarded(space + ordinary) == space + ordinary


def test_csv_export_guards_formulas_after_whitespace_and_imports_them_back(chain):
    formulas = ["\n=cmd|' /C calc'!A0", " \n+1+1", "\xa0@SUM(A1)", "\n\n-2+3"]
    for touchpoint, label in zip(chain.touchpoints, formulas):
        touchpoint.label = label
    chain.people[0].name = '\n=HYPERLINK("http://evil")'
    chain.departments[2].name = "\n -Warehouse"
    text = to_csv(chain)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    for row in rows[1:]:
        for cell in row:
            assert cell.startswith("'") or not re.match(r"[=+@-]", cell.lstrip()), repr(cell)

    # The import takes the guard away again: the texts come back as they were.
    reimported = import_csv(text.encode("utf-8"), name="guarded.csv")
    assert csv_summary(reimported) == csv_summary(chain)


# -- SVG reference ---------------------------------------------------------------------


@needs_neato
def test_neato_reference_times_a_synthetic_chain():
    seconds = svg_reference.neato_svg_seconds(synthetic_chain(50))
    assert isinstance(seconds, float) and seconds > 0


def test_neato_reference_says_when_neato_is_missing(monkeypatch):
    monkeypatch.setattr(svg_reference.shutil, "which", lambda name: None)
    with pytest.raises(RuntimeError, match="neato"):
        svg_reference.neato_svg_seconds(synthetic_chain(50))
