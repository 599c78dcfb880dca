"""Import of draw.io diagrams: swimlanes become departments, labelled shapes touchpoints,
connectors between them handoffs.

A draw.io file is an `<mxfile>` of pages (`<diagram>`), each holding an `<mxGraphModel>`
either as XML or compressed (base64 of raw deflate of the URL-encoded XML); a bare
`<mxGraphModel>` is read too. Cells form a tree by `parent`, and a child's geometry is
relative to its parent's, so a shape's place on the page is the sum along its parents.

What a chain cannot hold (shapes without text, connectors that do not join two
touchpoints, styles, other pages) is left out and said in the sentences returned beside
the chain.

A diagram of our own draw.io export (models.drawio_export) carries the chain's data on
its cells (models.drawio_data): such cells give back their element's id, exact text and
every field, so the export imports back as the same chain. Places and lanes are still
read from the picture, so a card moved to another lane in draw.io comes back there; a
card's x is then measured from the right of its lane's header column, as in the chain.
"""

from __future__ import annotations

import base64
import binascii
import html
import os
import re
import urllib.parse
import zlib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from xml.etree import ElementTree

from models.chain import ID_PATTERN, MAX_COORDINATE, Chain, Department, Handoff, Position, Touchpoint
from models.chain_file import MAX_ELEMENTS
from models.drawio_data import (
    CHAIN,
    DEPARTMENT,
    HANDOFF,
    MARKER,
    PASSES,
    TOUCHPOINT,
    element_from_data,
    element_id,
)
from models.integrity import drop_dangling_references
from models.import_source import MAX_FILE_BYTES, parse_xml, source_bytes, title_from_file_name

DEFAULT_TITLE = "Imported diagram"
#: The department of shapes that sit in no lane (or of every shape, in a diagram without lanes).
OUTSIDE_LANES = "Outside the lanes"
#: Where a shape outside every lane goes, relative to the page (the lane has no corner).
ROOT_OFFSET = (0.0, 0.0)
#: Shapes read as a start or an end (by whether their connectors leave or arrive).
TERMINAL_SHAPES = ("ellipse", "terminator", "startstate", "endstate", "doubleellipse",
                   "mxgraph.flowchart.start", "mxgraph.flowchart.terminator",
                   "mxgraph.bpmn.event", "mxgraph.flowchart.on-page_reference")
DECISION_SHAPES = ("rhombus", "mxgraph.flowchart.decision")
#: Elements whose HTML text breaks a line: their text is kept apart by a space.
_BREAKING_TAGS = {"br", "div", "p", "li", "tr", "td", "h1", "h2", "h3", "h4", "h5", "h6"}
_WRAPPERS = ("UserObject", "object")


class DrawioImportError(Exception):
    """A draw.io file that cannot be imported; its text is one sentence that names the file."""

    def __init__(self, file: str, reason: str):
        self.file = file
        self.reason = reason
        super().__init__(f"{file}: {reason}")


@dataclass
class _Cell:
    id: str
    parent: str | None
    text: str
    style: dict[str, str]
    vertex: bool
    edge: bool
    source: str | None
    target: str | None
    x: float = 0.0
    y: float = 0.0
    w: float = 0.0
    h: float = 0.0
    relative: bool = False  # an edge label's geometry is along its edge, not on the page
    children: list[str] = field(default_factory=list)
    data: dict[str, str] = field(default_factory=dict)  # the attributes of its <object> wrapper

    def ours(self, kind: str) -> bool:
        """Whether our export wrote this cell as a `kind` (models.drawio_data)."""
        return self.data.get(MARKER) == kind

    @property
    def shape_names(self) -> set[str]:
        """The style's bare words ("ellipse") and its shape ("shape=terminator" → "terminator")."""
        names = {key.lower() for key, value in self.style.items() if value == ""}
        if "shape" in self.style:
            names.add(self.style["shape"].lower())
        return names


def looks_like_drawio(head: bytes) -> bool:
    """Whether the first bytes of a file are a draw.io diagram's."""
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"<?xml"):
        end = text.find(b"?>")
        text = text[end + 2:].lstrip() if end >= 0 else b""
    return text.startswith((b"<mxfile", b"<mxGraphModel"))


@dataclass(frozen=True)
class DrawioImport:
    chain: Chain
    left_out: list[str]  # what could not be carried over, one sentence each
    placed: bool  # the diagram is our own export: its places are the chain's, not to be laid out again


def import_drawio(
    source: str | os.PathLike | bytes,
    name: str | None = None,
    title: str | None = None,
    page: str | int | None = None,
) -> tuple[Chain, list[str]]:
    """Build a chain from a draw.io file (a path or its bytes), and say what was left out.

    `page` picks the page by name or by number from 1 (default: the first).
    Raises DrawioImportError, and nothing else, for every bad file.
    """
    result = read_drawio_diagram(source, name, title, page)
    return result.chain, result.left_out


def read_drawio_diagram(
    source: str | os.PathLike | bytes,
    name: str | None = None,
    title: str | None = None,
    page: str | int | None = None,
) -> DrawioImport:
    """import_drawio's chain and sentences, and whether the diagram is our own export."""
    data, shown_name, file_name = source_bytes(source, name, DrawioImportError, "a draw.io file", "a diagram")
    try:
        model, left_out = _page_model(data, shown_name, page)
        cells = _cells(model, shown_name)
        titles = (title, title_from_file_name(file_name, DEFAULT_TITLE))
        return _chain(cells, titles, left_out, shown_name)
    except DrawioImportError:
        raise
    except (RecursionError, MemoryError):
        raise DrawioImportError(shown_name, "the file is too large to read") from None
    except Exception as error:  # the promise: one clear message, never a traceback
        raise DrawioImportError(
            shown_name, f"the diagram could not be read ({type(error).__name__})"
        ) from None


def drawio_page_names(source: str | os.PathLike | bytes, name: str | None = None) -> list[str]:
    """The names of a draw.io file's pages, in order ("Page 2" for an unnamed second
    page); one name for a bare diagram. Raises DrawioImportError for a bad file."""
    data, shown_name, _file_name = source_bytes(source, name, DrawioImportError, "a draw.io file", "a diagram")
    root = _parse(data, shown_name)
    if root.tag == "mxGraphModel":
        return ["Page 1"]
    if root.tag != "mxfile":
        raise DrawioImportError(shown_name, "the file is not a draw.io diagram (no <mxfile>)")
    return [page.get("name") or f"Page {number}" for number, page in enumerate(root.findall("diagram"), start=1)]


# -- the file and its pages ----------------------------------------------------------------


def _parse(data: bytes | str, shown_name: str) -> ElementTree.Element:
    return parse_xml(data, shown_name, DrawioImportError, "draw.io")


def _page_model(
    data: bytes, shown_name: str, page: str | int | None
) -> tuple[ElementTree.Element, list[str]]:
    """The `<mxGraphModel>` of the chosen page, and a sentence about the pages not read."""
    root = _parse(data, shown_name)
    if root.tag == "mxGraphModel":
        if page not in (None, 1, "1"):
            raise DrawioImportError(shown_name, f"the diagram has only one page, not {page!r}")
        return root, []
    if root.tag != "mxfile":
        raise DrawioImportError(shown_name, "the file is not a draw.io diagram (no <mxfile>)")
    pages = root.findall("diagram")
    if not pages:
        raise DrawioImportError(shown_name, "the draw.io file has no pages")
    chosen = _choose_page(pages, page, shown_name)
    left_out = []
    if len(pages) > 1:
        left_out.append(
            f'The file has {len(pages)} pages; only page "{chosen.get("name", "")}" was read '
            "(import again to read another: --page, or the page list in File > Import…)."
        )
    model = chosen.find("mxGraphModel")
    if model is None:
        if not (chosen.text or "").strip():
            raise DrawioImportError(shown_name, f'page "{chosen.get("name", "")}" is empty')
        model = _parse(_inflate(chosen.text or "", shown_name), shown_name)
        if model.tag != "mxGraphModel":
            raise DrawioImportError(shown_name, "the page holds no draw.io diagram")
    return model, left_out


def _choose_page(pages: list[ElementTree.Element], page: str | int | None, shown_name: str):
    if page is None:
        return pages[0]
    for candidate in pages:
        if candidate.get("name") == str(page):
            return candidate
    number = page if isinstance(page, int) else int(page) if str(page).isdigit() else 0
    if 1 <= number <= len(pages):
        return pages[number - 1]
    names = ", ".join(f'"{p.get("name", "")}"' for p in pages)
    raise DrawioImportError(shown_name, f"there is no page {page!r}; the pages are {names}")


def _inflate(text: str, shown_name: str) -> str:
    """A compressed page's XML: base64, then raw deflate, then URL encoding."""
    try:
        packed = base64.b64decode(text.strip(), validate=False)
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        raw = inflater.decompress(packed, MAX_FILE_BYTES)
        if inflater.unconsumed_tail:
            raise DrawioImportError(shown_name, "the compressed page is larger than 50 MB")
        return urllib.parse.unquote(raw.decode("utf-8"))
    except (binascii.Error, zlib.error, UnicodeDecodeError):
        raise DrawioImportError(shown_name, "the compressed page cannot be unpacked") from None


# -- cells --------------------------------------------------------------------------------


def _cells(model: ElementTree.Element, shown_name: str) -> dict[str, _Cell]:
    root = model.find("root")
    if root is None:
        raise DrawioImportError(shown_name, "the diagram has no <root> of cells")
    cells: dict[str, _Cell] = {}
    for element in root:
        data = {}
        if element.tag in _WRAPPERS:  # a cell with data of its own: the text is its label
            inner = element.find("mxCell")
            value = element.get("label", "")
            cell_id = element.get("id")
            data = {key: text for key, text in element.attrib.items() if key not in ("label", "id")}
            element = inner if inner is not None else ElementTree.Element("mxCell")
        elif element.tag == "mxCell":
            value = element.get("value", "")
            cell_id = element.get("id")
        else:
            continue
        if cell_id is None or cell_id in cells:
            continue
        style = _style(element.get("style", ""))
        html_label = style.get("html") == "1"
        if MARKER in data:  # our own export's text: exact
            text = _exact_text(value) if html_label else value
        else:
            text = _plain_text(value) if html_label else _collapse(value)
        cell = _Cell(
            id=cell_id, parent=element.get("parent"), text=text,
            style=style, vertex=element.get("vertex") == "1", edge=element.get("edge") == "1",
            source=element.get("source"), target=element.get("target"), data=data,
        )
        geometry = element.find("mxGeometry")
        if geometry is not None:
            cell.x, cell.y = _number(geometry.get("x")), _number(geometry.get("y"))
            cell.w, cell.h = _number(geometry.get("width")), _number(geometry.get("height"))
            cell.relative = geometry.get("relative") == "1"
        cells[cell_id] = cell
        if len(cells) > MAX_ELEMENTS:
            raise DrawioImportError(shown_name, f"the diagram has more than {MAX_ELEMENTS} cells")
    for cell in cells.values():
        if cell.parent in cells:
            cells[cell.parent].children.append(cell.id)
    return cells


def _style(text: str) -> dict[str, str]:
    """"ellipse;shape=startState;html=1" → {"ellipse": "", "shape": "startState", "html": "1"}."""
    style = {}
    for part in text.split(";"):
        key, _, value = part.partition("=")
        if key.strip():
            style[key.strip()] = value.strip()
    return style


def _number(text: str | None) -> float:
    try:
        value = float(text) if text else 0.0
    except ValueError:
        return 0.0
    return value if abs(value) < 1e9 else 0.0  # nan and huge numbers are no place


class _TextOfHtml(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _BREAKING_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in _BREAKING_TAGS:
            self.parts.append(" ")

    def handle_data(self, data):
        self.parts.append(data)


def _plain_text(html: str) -> str:
    """The text of an HTML label, its line breaks as spaces."""
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    return _collapse("".join(parser.parts))


def _collapse(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def _exact_text(html_label: str) -> str:
    """The text of an HTML label our export wrote (escaped text, line breaks as <br>),
    exactly; a label edited into other markup in draw.io is read as any HTML label."""
    lines = html_label.split("<br>")
    if any("<" in line for line in lines):
        return _plain_text(html_label)
    return "\n".join(html.unescape(line) for line in lines)


# -- the chain ----------------------------------------------------------------------------


def _is_swimlane(cell: _Cell) -> bool:
    return cell.vertex and ("swimlane" in cell.style or cell.style.get("shape") == "swimlane")


def _ancestors(cells: dict[str, _Cell], cell: _Cell):
    seen = {cell.id}
    parent = cells.get(cell.parent or "")
    while parent is not None and parent.id not in seen:  # a cycle would never end
        seen.add(parent.id)
        yield parent
        parent = cells.get(parent.parent or "")


def _corner(cells: dict[str, _Cell], cell: _Cell) -> tuple[float, float]:
    """Where a cell's top left corner is on the page: its geometry plus its parents'."""
    x, y = cell.x, cell.y
    for parent in _ancestors(cells, cell):
        if parent.edge:  # inside an edge the geometry is along the line: use the edge's ends
            return _corner_of_edge(cells, parent)
        x, y = x + parent.x, y + parent.y
    return x, y


def _corner_of_edge(cells: dict[str, _Cell], edge: _Cell) -> tuple[float, float]:
    end = cells.get(edge.source or "") or cells.get(edge.target or "")
    return _corner(cells, end) if end is not None and not end.edge else (0.0, 0.0)


class _Ids:
    """Element ids: the ids our export gave back where they are valid and still free,
    fresh ones ("d1", "t1", "h1"...) for everything else, never one of the others."""

    def __init__(self, wanted: set[str]):
        self.reserved = wanted
        self.taken: set[str] = set()
        self.counters: dict[str, int] = {}

    def keep(self, wanted: str | None) -> bool:
        if wanted is None or wanted in self.taken or not re.fullmatch(ID_PATTERN, wanted):
            return False
        self.taken.add(wanted)
        return True

    def get(self, wanted: str | None, prefix: str) -> str:
        if self.keep(wanted):
            return wanted
        number = self.counters.get(prefix, 0) + 1
        while f"{prefix}{number}" in self.taken or f"{prefix}{number}" in self.reserved:
            number += 1
        self.counters[prefix] = number
        self.taken.add(f"{prefix}{number}")
        return f"{prefix}{number}"


@dataclass
class _Reading:
    """What reading one diagram gathers besides its elements."""

    ids: _Ids
    rejected: list[str] = field(default_factory=list)  # data values that fit no field

    def element(self, model, fixed: dict, cell: _Cell):
        element, rejected = element_from_data(model, fixed, cell.data)
        self.rejected += rejected
        return element


def _chain(cells: dict[str, _Cell], titles: tuple[str | None, str], left_out: list[str],
           shown_name: str) -> DrawioImport:
    lanes = [c for c in cells.values() if _is_swimlane(c)
             and not any(_is_swimlane(cells[child]) for child in c.children)]
    lane_ids = {lane.id for lane in lanes}
    pools = {c.id for c in cells.values() if _is_swimlane(c)} - lane_ids
    shapes = [c for c in cells.values() if c.vertex and c.id not in lane_ids and c.id not in pools
              and not _is_edge_label(cells, c)]
    root = cells.get("0")
    ours = root is not None and root.ours(CHAIN)
    reading = _Reading(_Ids(_wanted_ids(cells)))
    title, fallback_title = titles
    # The chain's own data (people, lint settings, title...), without its elements yet.
    header = reading.element(Chain, {"title": fallback_title, "departments": [], "touchpoints": []},
                             root) if ours else Chain(title=fallback_title, departments=[], touchpoints=[])
    if title:
        header = header.model_copy(update={"title": title})
    for element in (*header.people, *header.stages, *header.comments, *header.actions, *header.sessions):
        reading.ids.keep(element.id)

    departments = {lane.id: _department(lane, number, reading) for number, lane in enumerate(lanes, 1)}
    lane_boxes = {lane.id: (*_corner(cells, lane), lane.w, lane.h) for lane in lanes}
    # In our lanes a card's x is measured from the right of the header column.
    headers = {lane.id: _header_width(lane) if lane.ours(DEPARTMENT) else 0.0 for lane in lanes}

    unlabelled = [c for c in shapes if not c.text and not c.ours(TOUCHPOINT)]
    labelled = [c for c in shapes if c.text or c.ours(TOUCHPOINT)]
    sources = {c.source for c in cells.values() if c.edge}
    targets = {c.target for c in cells.values() if c.edge}
    outside: Department | None = None
    touchpoints: dict[str, Touchpoint] = {}
    for shape in labelled:
        corner = _corner(cells, shape)
        lane_id = _lane_of(cells, shape, lane_ids, lane_boxes, corner)
        if lane_id is None:
            if outside is None:
                outside = Department(id=reading.ids.get(None, "d"), name=OUTSIDE_LANES)
            department, origin = outside, ROOT_OFFSET
        else:
            department, origin = departments[lane_id], lane_boxes[lane_id][:2]
            origin = (origin[0] + headers[lane_id], origin[1])
        position = Position(x=_clamp(corner[0] - origin[0]), y=_clamp(corner[1] - origin[1]))
        if shape.ours(TOUCHPOINT):
            wanted = element_id(TOUCHPOINT, shape.id)
            fixed = {"id": reading.ids.get(wanted, "t"), "label": shape.text,
                     "department": department.id, "position": position}
            touchpoints[shape.id] = reading.element(Touchpoint, fixed, shape)
        else:
            touchpoints[shape.id] = Touchpoint(
                id=reading.ids.get(None, "t"), label=shape.text, department=department.id,
                kind=_kind(shape, sources, targets), position=position,
            )

    handoffs, dropped = _handoffs(cells, touchpoints, reading)
    if unlabelled:
        left_out.append(f"{len(unlabelled)} shapes without text were left out.")
    if dropped:
        left_out.append(f"{dropped} connectors that do not join two labelled shapes were left out.")
    if outside is not None:
        left_out.append(f'Shapes outside every lane went into the department "{OUTSIDE_LANES}".')
    elements = len(departments) + len(touchpoints) + len(handoffs) + 1
    if elements > MAX_ELEMENTS:
        raise DrawioImportError(shown_name, f"the diagram has more than {MAX_ELEMENTS} elements")
    chain = header.model_copy(update={
        "departments": list(departments.values()) + ([outside] if outside else []),
        "touchpoints": list(touchpoints.values()),
        "handoffs": handoffs,
    })
    loose = drop_dangling_references(chain)
    if reading.rejected:
        names = ", ".join(sorted(set(reading.rejected)))
        left_out.append(f"{len(reading.rejected)} values that do not fit their field were left out ({names}).")
    if loose:
        left_out.append(f"{loose} references to people or elements not in the diagram were left out.")
    everything_ours = ours and outside is None and all(
        cell.ours(DEPARTMENT) for cell in lanes) and all(
        cell.ours(TOUCHPOINT) for cell in labelled) and len(handoffs) == sum(
        1 for cell in cells.values() if cell.edge and cell.ours(HANDOFF))
    if not everything_ours:
        left_out.append("Styles (colours, fonts, shapes, line routes) are not carried over.")
    return DrawioImport(chain, left_out, placed=ours)


def _wanted_ids(cells: dict[str, _Cell]) -> set[str]:
    """The element ids our export's cells give back, so no fresh id takes one."""
    wanted = set()
    for cell in cells.values():
        for kind in (DEPARTMENT, TOUCHPOINT, HANDOFF):
            if cell.ours(kind) and (id := element_id(kind, cell.id)):
                wanted.add(id)
    return wanted


def _department(lane: _Cell, number: int, reading: _Reading) -> Department:
    if lane.ours(DEPARTMENT):
        fixed = {"id": reading.ids.get(element_id(DEPARTMENT, lane.id), "d"), "name": lane.text}
        return reading.element(Department, fixed, lane)
    return Department(id=reading.ids.get(None, "d"), name=lane.text or f"Lane {number}")


def _header_width(lane: _Cell) -> float:
    """The width of a lane's header column: its title bar, when that is on its left."""
    return _number(lane.style.get("startSize")) if lane.style.get("horizontal") == "0" else 0.0


def _clamp(value: float) -> float:
    return max(-MAX_COORDINATE, min(MAX_COORDINATE, value))


def _is_edge_label(cells: dict[str, _Cell], cell: _Cell) -> bool:
    parent = cells.get(cell.parent or "")
    return parent is not None and parent.edge


def _lane_of(cells, shape, lane_ids, lane_boxes, corner) -> str | None:
    """The lane a shape is in: its nearest lane by parents, else the lane under its centre."""
    for parent in _ancestors(cells, shape):
        if parent.id in lane_ids:
            return parent.id
    centre_x, centre_y = corner[0] + shape.w / 2, corner[1] + shape.h / 2
    for lane_id, (x, y, w, h) in lane_boxes.items():
        if x <= centre_x <= x + w and y <= centre_y <= y + h:
            return lane_id
    return None


def _kind(shape: _Cell, sources: set[str], targets: set[str]) -> str:
    names = shape.shape_names
    if names & set(DECISION_SHAPES):
        return "decision"
    if names & set(TERMINAL_SHAPES):
        leaves, arrives = shape.id in sources, shape.id in targets
        if leaves and not arrives:
            return "start"
        if arrives and not leaves:
            return "end"
    return "step"


def _handoffs(cells: dict[str, _Cell], touchpoints: dict[str, Touchpoint],
              reading: _Reading) -> tuple[list[Handoff], int]:
    """The connectors between touchpoints, and how many connectors were left out."""
    handoffs: list[Handoff] = []
    dropped = 0
    for cell in cells.values():
        if not cell.edge:
            continue
        source = _touchpoint_at(cells, cell.source, touchpoints)
        target = _touchpoint_at(cells, cell.target, touchpoints)
        if source is None or target is None:
            dropped += 1
            continue
        if cell.ours(HANDOFF):
            passes = next((cells[child].text for child in cell.children if cells[child].ours(PASSES)), None)
            fixed = {"id": reading.ids.get(element_id(HANDOFF, cell.id), "h"), "from": source.id,
                     "to": target.id, "label": cell.text or None, "passes": passes}
            handoffs.append(reading.element(Handoff, fixed, cell))
            continue
        label = cell.text or " ".join(
            cells[child].text for child in cell.children if cells[child].vertex and cells[child].text
        )
        handoffs.append(Handoff(id=reading.ids.get(None, "h"), source=source.id, target=target.id,
                                label=label or None))
    return handoffs, dropped


def _touchpoint_at(cells: dict[str, _Cell], end: str | None, touchpoints: dict[str, Touchpoint]):
    """The touchpoint a connector's end is: the shape itself, the labelled shape it sits in,
    or the one labelled shape inside the group it is."""
    cell = cells.get(end or "")
    if cell is None:
        return None
    if cell.id in touchpoints:
        return touchpoints[cell.id]
    if _is_swimlane(cell):  # a connector to a whole lane joins no one touchpoint
        return None
    for parent in _ancestors(cells, cell):
        if parent.id in touchpoints:
            return touchpoints[parent.id]
    inside = [touchpoints[c] for c in _descendants(cells, cell) if c in touchpoints]
    return inside[0] if len(inside) == 1 else None


def _descendants(cells: dict[str, _Cell], cell: _Cell) -> list[str]:
    found, stack, seen = [], list(cell.children), {cell.id}
    while stack:
        child = stack.pop()
        if child not in seen:
            seen.add(child)
            found.append(child)
            stack.extend(cells[child].children)
    return found


