"""A chain as text in other tools' formats: Graphviz DOT, GraphML, Mermaid and CSV.

Every function takes a chain that passes the integrity check and returns the whole text;
the same chain always gives the same text. Labels come from users and from files of
others, so every string is escaped for its format: no label can end a string early,
add a node or an attribute, or carry markup into an SVG or HTML rendering. Procedure
links are written only where `is_safe_link` allows them (CHAIN-FORMAT.md), and only
GraphML has a place for them.

Lone surrogates (text that cannot be encoded as UTF-8) become U+FFFD everywhere, so the
text can always be written as UTF-8.
"""

from __future__ import annotations

import re

from models.chain import Chain, Touchpoint
from models.csv_import import export_csv
from models.formula_guard import formula_guarded
from models.geometry import picture_boxes
from models.links import is_safe_link
from models.yed import add_yed_graphics

#: Lane fill by department role, where the department sets no colour of its own.
ROLE_FILLS = {
    "customer": "#f6ecd9",
    "frontline": "#e6effa",
    "backoffice": "#e7efe9",
    "support": "#eeeaf7",
}

_SURROGATE = re.compile("[\ud800-\udfff]")
_LINE_BREAK = re.compile("\r\n|[\r\n\v\f\x85\u2028\u2029]")
# Control characters other than line breaks: tab becomes a space, the rest is dropped.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
# Characters XML 1.0 cannot hold at all (ElementTree writes them anyway, and the file
# would then not load).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _display_text(text: str) -> str:
    """The text as it is shown: lines split by "\\n", no other control characters."""
    text = _SURROGATE.sub("\ufffd", text)
    text = _LINE_BREAK.sub("\n", text).replace("\t", " ")
    return _CONTROL.sub("", text)


def lane_fill(department) -> str:
    """The department's own colour, else the light fill of its role."""
    return department.color or ROLE_FILLS[department.role]


# -- Graphviz DOT ----------------------------------------------------------------------


def dot_quoted(text: str) -> str:
    """`text` as a double-quoted DOT string that shows exactly `text` in a label.

    Inside quotes only `\\"` ends nothing, so escaping `\\` and `"` keeps the string
    whole. Graphviz then reads label escapes (`\\n`, `\\l`, `\\N`, ...) and entities
    (`&amp;`), so backslashes are doubled and `&` is written as `&amp;` to show them as
    typed; line breaks become `\\n` (centred lines).
    """
    text = _display_text(text)
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;")
    return '"' + text.replace("\n", "\\n") + '"'


#: The longest line of a label in the DOT export, in characters. `dot` fails on very
#: wide labels (it cannot route edges past them: "triangulation failed", exit 1, an edge
#: lost), so longer lines are wrapped.
DOT_LINE_LENGTH = 40


def wrapped_lines(line: str, width: int = DOT_LINE_LENGTH) -> list[str]:
    """One line of text as lines of at most `width` characters.

    Lines break at a space, which is dropped; a word longer than `width` is broken into
    pieces of `width` characters. Linear in the line's length (textwrap breaks long
    words in quadratic time), so a label of any length can be exported.
    """
    pieces: list[str] = []
    for word in line.split(" "):
        if len(word) > width:
            pieces += [word[start:start + width] for start in range(0, len(word), width)]
        else:
            pieces.append(word)
    lines: list[str] = []
    current: str | None = None
    for piece in pieces:
        if current is not None and len(current) + 1 + len(piece) <= width:
            current += " " + piece
        else:
            if current is not None:
                lines.append(current)
            current = piece
    lines.append(current or "")
    return lines


def dot_label(text: str) -> str:
    """`text` as a DOT label: shown as typed, its long lines wrapped (see DOT_LINE_LENGTH)."""
    lines = _display_text(text).split("\n")
    return dot_quoted("\n".join(part for line in lines for part in wrapped_lines(line)))


_DOT_SHAPES = {
    "start": 'shape=box, style="rounded,filled", fillcolor="#ffffff", penwidth=2',
    "end": 'shape=box, style="rounded,filled", fillcolor="#ffffff", penwidth=2',
    "decision": 'shape=diamond, style=filled, fillcolor="#ffffff"',
    "step": "shape=box, style=rounded",
}


def to_dot(chain: Chain) -> str:
    """Graphviz source: one cluster per department in lane order, left-to-right flow.

    Node ids are the touchpoint ids; a handoff's connector shows its label, or else
    what it passes. Labels are wrapped at DOT_LINE_LENGTH characters. Departments without touchpoints have no cluster drawn (Graphviz
    leaves empty clusters out).
    """
    lines = [
        "digraph chain {",
        f"  graph [rankdir=LR, label={dot_label(chain.title)}, labelloc=t, "
        'fontname="Helvetica", charset="UTF-8"];',
        '  node [fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=10];',
    ]
    by_department: dict[str, list[Touchpoint]] = {}
    for touchpoint in chain.touchpoints:
        by_department.setdefault(touchpoint.department, []).append(touchpoint)
    for index, department in enumerate(chain.departments):
        lines += [
            f"  subgraph cluster_{index} {{",
            f"    label={dot_label(department.name)};",
            f'    style=filled; fillcolor="{lane_fill(department)}"; color="#b0b0b0";',
        ]
        for touchpoint in by_department.get(department.id, []):
            lines.append(
                f"    {dot_quoted(touchpoint.id)} [label={dot_label(touchpoint.label)}, "
                f"{_DOT_SHAPES[touchpoint.kind]}];"
            )
        lines.append("  }")
    for handoff in chain.handoffs:
        text = handoff.label or handoff.passes
        attributes = f" [label={dot_label(text)}]" if text else ""
        lines.append(f"  {dot_quoted(handoff.source)} -> {dot_quoted(handoff.target)}{attributes};")
    lines.append("}")
    return "\n".join(lines) + "\n"


# -- GraphML ---------------------------------------------------------------------------


def _xml_text(text: str) -> str:
    """`text` with what XML 1.0 cannot hold replaced by U+FFFD.

    XML readers turn "\\r\\n" and "\\r" into "\\n", so line breaks are written as "\\n".
    """
    text = _SURROGATE.sub("\ufffd", text).replace("\r\n", "\n").replace("\r", "\n")
    return _NOT_XML.sub("\ufffd", text)


def _without_missing(attributes: dict) -> dict:
    """GraphML holds str, int, float and bool, never None: missing values are left out."""
    return {
        key: _xml_text(value) if isinstance(value, str) else value
        for key, value in attributes.items()
        if value is not None
    }


def to_graphml(chain: Chain) -> str:
    """GraphML for networkx and yEd: touchpoints as nodes, handoffs as edges.

    Node ids are touchpoint ids, with the touchpoint's fields as data: label,
    department (id), department_name, kind, channel, serves, owner (the person's name),
    procedure_title, procedure_link (only a safe link), expectation, objective,
    review_status, x, y (y from the top of the lane). Edge ids are handoff ids, with
    label, passes, expectation as data. A field the touchpoint or handoff leaves unset
    is left out. The graph carries the chain's title.

    Each department is a node too, first, with its id, kind "department", label (its
    name), x and y (its lane's top): a yEd group holding its cards, which yEd draws as
    the lane. yEd's markup (models.yed) draws every node and edge as the canvas does.
    """
    # Imported here, not above: networkx's modules take some 33 MB, which an editor that
    # never exports GraphML need not hold.
    import networkx as nx

    department_names = {department.id: department.name for department in chain.departments}
    person_names = {person.id: person.name for person in chain.people}
    boxes, lane_boxes = picture_boxes(chain)
    graph = nx.MultiDiGraph(title=_xml_text(chain.title))
    lanes = {}
    for department in chain.departments:
        box = lane_boxes[department.id]
        lanes[department.id] = (lane_fill(department), box)
        graph.add_node(
            department.id, label=_xml_text(department.name), kind="department", x=0.0, y=float(box[1])
        )
    for touchpoint in chain.touchpoints:
        procedure = touchpoint.procedure
        link = procedure.link if procedure else None
        attributes = {
            "label": touchpoint.label,
            "department": touchpoint.department,
            "department_name": department_names.get(touchpoint.department),
            "kind": touchpoint.kind,
            "channel": touchpoint.channel,
            "serves": touchpoint.serves,
            "owner": person_names.get(touchpoint.owner) if touchpoint.owner else None,
            "procedure_title": procedure.title if procedure else None,
            "procedure_link": link if link and is_safe_link(link) else None,
            "expectation": touchpoint.expectation,
            "objective": touchpoint.objective,
            "review_status": touchpoint.review.status,
            "x": float(touchpoint.position.x),
            "y": float(touchpoint.position.y),
        }
        graph.add_node(touchpoint.id, **_without_missing(attributes))
    for handoff in chain.handoffs:
        attributes = {
            "label": handoff.label,
            "passes": handoff.passes,
            "expectation": handoff.expectation,
        }
        # In a multigraph networkx writes the key as the edge's GraphML id.
        graph.add_edge(
            handoff.source, handoff.target, key=handoff.id, **_without_missing(attributes)
        )
    labels = {id: data.get("label", "") for id, data in graph.nodes(data=True)}
    edge_labels = {
        handoff.id: _xml_text("\n".join(text for text in (handoff.label, handoff.passes) if text))
        for handoff in chain.handoffs
    }
    kinds = {touchpoint.id: touchpoint.kind for touchpoint in chain.touchpoints}
    plain = nx.readwrite.graphml.GraphMLWriter(graph, prettyprint=False).xml
    lane_of = {touchpoint.id: touchpoint.department for touchpoint in chain.touchpoints}
    return add_yed_graphics(plain, kinds, boxes, labels, lanes, edge_labels, lane_of)


# -- Mermaid ---------------------------------------------------------------------------

# Mermaid reads "#name;" and "#number;" inside quoted labels as HTML entities; every
# character that could end the quotes, the edge label or start markup is written so.
# Mermaid finds `%%{init: ...}%%` directives anywhere in the source, before it reads
# quotes or entities, so every "%" is an entity too: no label can hold "%%".
_MERMAID_ENTITIES = str.maketrans(
    {
        "#": "#35;",
        "%": "#37;",
        '"': "#quot;",
        "<": "#lt;",
        ">": "#gt;",
        "&": "#amp;",
        "|": "#124;",
        "`": "#96;",
        "\n": " ",
    }
)


def mermaid_quoted(text: str) -> str:
    """`text` as a double-quoted Mermaid label on one line, with no markup or directive."""
    return '"' + _display_text(text).translate(_MERMAID_ENTITIES) + '"'


_MERMAID_SHAPES = {
    "start": ("([", "])"),
    "end": ("([", "])"),
    "decision": ("{", "}"),
    "step": ("[", "]"),
}


def to_mermaid(chain: Chain) -> str:
    """A Mermaid `flowchart LR`: one subgraph per department, in lane order.

    Mermaid ids are generated (`d1`, `d2`... for departments, `n1`, `n2`... for
    touchpoints in file order), so no id can clash with Mermaid's keywords (`end`) or
    arrows (`--`). Start and end touchpoints are stadiums, decisions rhombi, steps boxes.
    The text is bare Mermaid; to render it on GitHub, put it in a ```mermaid fence.
    """
    node_ids = {touchpoint.id: f"n{index}" for index, touchpoint in enumerate(chain.touchpoints, 1)}
    by_department: dict[str, list[Touchpoint]] = {}
    for touchpoint in chain.touchpoints:
        by_department.setdefault(touchpoint.department, []).append(touchpoint)
    lines = ["flowchart LR"]
    for index, department in enumerate(chain.departments, 1):
        lines.append(f"    subgraph d{index}[{mermaid_quoted(department.name)}]")
        for touchpoint in by_department.get(department.id, []):
            opening, closing = _MERMAID_SHAPES[touchpoint.kind]
            label = mermaid_quoted(touchpoint.label)
            lines.append(f"        {node_ids[touchpoint.id]}{opening}{label}{closing}")
        lines.append("    end")
        lines.append(f"    style d{index} fill:{lane_fill(department)}")
    for handoff in chain.handoffs:
        text = handoff.label or handoff.passes
        arrow = f"-->|{mermaid_quoted(text)}|" if text else "-->"
        lines.append(f"    {node_ids[handoff.source]} {arrow} {node_ids[handoff.target]}")
    return "\n".join(lines) + "\n"


# -- CSV -------------------------------------------------------------------------------


def to_csv(chain: Chain) -> str:
    """The CSV inventory of models.csv_import.export_csv, safe to open in a spreadsheet.

    Every free-text value (department, touchpoint, owner, procedure, expectation,
    objective, department lead, and each handoff's label, passes and expectation) that a
    spreadsheet would run as a formula, one starting with `=`, `+`, `@`, tab, carriage
    return or a `-` that does not begin a plain number (also after leading whitespace),
    gets a leading `'`. The guard is applied to the chain's texts before exporting, so the
    labels in the `next` column match their touchpoints and importing the file again
    keeps every touchpoint, owner and handoff; the file holds the `'` (it is
    what was written) and models.csv_import takes it away again on import, so a round
    trip gives back the original texts (see models.formula_guard).
    """
    guard = formula_guarded
    departments = [
        department.model_copy(update={"name": guard(department.name)})
        for department in chain.departments
    ]
    people = [person.model_copy(update={"name": guard(person.name)}) for person in chain.people]
    touchpoints = []
    for touchpoint in chain.touchpoints:
        update = {"label": guard(touchpoint.label)}
        if touchpoint.procedure:
            title = guard(touchpoint.procedure.title)
            update["procedure"] = touchpoint.procedure.model_copy(update={"title": title})
        for field in ("expectation", "objective"):
            if value := getattr(touchpoint, field):
                update[field] = guard(value)
        touchpoints.append(touchpoint.model_copy(update=update))
    handoffs = [
        handoff.model_copy(
            update={
                field: guard(value)
                for field in ("label", "passes", "expectation")
                if (value := getattr(handoff, field))
            }
        )
        for handoff in chain.handoffs
    ]
    guarded = chain.model_copy(
        update={
            "departments": departments,
            "people": people,
            "touchpoints": touchpoints,
            "handoffs": handoffs,
        }
    )
    return _SURROGATE.sub("\ufffd", export_csv(guarded))


__all__ = [
    "DOT_LINE_LENGTH",
    "ROLE_FILLS",
    "dot_label",
    "dot_quoted",
    "formula_guarded",
    "lane_fill",
    "mermaid_quoted",
    "to_csv",
    "to_dot",
    "to_graphml",
    "to_mermaid",
    "wrapped_lines",
]
