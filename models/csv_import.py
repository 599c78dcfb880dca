"""CSV import of touchpoint inventories, and the export back into the same columns.

Process leads keep inventories in spreadsheets: one row per touchpoint, a header row
naming the columns (matched case-insensitively, in any order; unknown columns ignored):

    department, touchpoint   required: the lane and the touchpoint's label
    kind, owner, procedure, channel, serves, expectation, objective
    next                     labels of the touchpoints this one hands off to, split by ";"
    department role, department colour, department lead
                             the lane's role (customer, frontline, backoffice, support),
                             colour (#rrggbb) and lead (a person's name), read from the
                             department's first row
    next label, next passes, next expectation
                             the handoffs' label ("Yes"), what they pass on and what the
                             next one expects: one value per label in `next`, in the same
                             order, split by ";"

The file is UTF-8 (with or without a byte-order mark), delimited by commas or semicolons;
a row with more (non-empty) cells than the header is refused, since an unquoted value
holding the delimiter would otherwise spread into the next columns.
Departments and people (owners, by name) are created in order of first appearance, and
touchpoints are placed left to right in row order within their lane. Names of departments
and people and the labels in `next` are matched ignoring case and extra spaces; an exact
label match wins over one that differs only in case.

Every bad input raises `CsvImportError`, which names the file, the row as a spreadsheet
shows it (the header is row 1) and the column.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import os
import re
import unicodedata

from models.chain import (
    CHANNELS,
    DEPARTMENT_ROLES,
    SERVES,
    TOUCHPOINT_KINDS,
    Chain,
    Department,
    Handoff,
    Person,
    Position,
    Procedure,
    Touchpoint,
)
from models.chain_file import MAX_ELEMENTS
from models.formula_guard import formula_unguarded
from models.import_source import MAX_FILE_BYTES, source_bytes, title_from_file_name, too_large_message

MAX_ROWS = 100_000

#: What an inventory kept by hand has; the error for a missing header names these.
INVENTORY_COLUMNS = (
    "department",
    "touchpoint",
    "kind",
    "owner",
    "procedure",
    "channel",
    "serves",
    "expectation",
    "objective",
    "next",
)
#: The inventory's columns and those that carry the rest a spreadsheet can hold.
COLUMNS = INVENTORY_COLUMNS + (
    "department role",
    "department colour",
    "department lead",
    "next label",
    "next passes",
    "next expectation",
    "consulted",
    "informed",
)
#: The columns of the handoffs' texts, each value beside its label in `next`, and the
#: Handoff field each fills.
HANDOFF_COLUMNS = {"next label": "label", "next passes": "passes", "next expectation": "expectation"}
#: The people a touchpoint consults and informs (RACI), by name, separated by ";".
RACI_COLUMNS = ("consulted", "informed")
REQUIRED_COLUMNS = ("department", "touchpoint")
NEXT_SEPARATOR = ";"

# Layout of imported touchpoints: left to right in row order, all at the same height,
# until a lane's row is full; then on in a new row below, so that x stays far inside
# the format's bounds (MAX_COORDINATE) however many rows a lane gets.
FIRST_X = 40
X_SPACING = 200
LANE_Y = 30
ROW_LENGTH = 1_000
ROW_SPACING = 150

DEFAULT_TITLE = "Imported inventory"
CUSTOMER_DEPARTMENT_NAMES = ("customer", "customers")
MAX_ID_LENGTH = 64

UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
SAVE_AS_UTF8 = 'save the spreadsheet as "CSV UTF-8" and import that file'

# Bytes that are not UTF-8 survive decoding as these lone surrogates (surrogateescape),
# so a bad byte can be reported in the cell where it sits.
_UNDECODABLE = re.compile("[\udc80-\udcff]")


class CsvImportError(Exception):
    """A CSV inventory that cannot be imported, with a one-line reason.

    `row` is the row as a spreadsheet shows it (the header is row 1), `column` the
    header name; either is None where the problem is not in one row or column.
    """

    def __init__(self, file: str, reason: str, row: int | None = None, column: str | None = None):
        self.file = file
        self.row = row
        self.column = column
        self.reason = reason
        super().__init__(str(self))

    def __str__(self) -> str:
        place = ""
        if self.row is not None:
            place += f", row {self.row}"
        if self.column is not None:
            place += f', column "{self.column}"'
        return f"{self.file}{place}: {self.reason}"


def import_csv(
    source: str | os.PathLike | bytes, name: str | None = None, title: str | None = None
) -> Chain:
    """Build a chain from a CSV inventory, given as a path or as the bytes of a file.

    `name` is the file name used in messages and for the title (default: the path, or
    "<data>" for bytes); `title` overrides the title derived from the file name.
    Raises CsvImportError, and nothing else, for every bad file.
    """
    data, shown_name, file_name = source_bytes(source, name, CsvImportError, "a CSV file", "an inventory")
    try:
        return _import(data, shown_name, title or title_from_file_name(file_name, DEFAULT_TITLE))
    except CsvImportError:
        raise
    except (RecursionError, MemoryError):
        raise CsvImportError(shown_name, "the file is too large to read") from None
    except Exception as error:  # the promise: one clear message, never a traceback
        raise CsvImportError(
            shown_name, f"the file could not be read ({type(error).__name__})"
        ) from None


def export_csv(chain: Chain) -> str:
    """A chain that passes the integrity check as a CSV inventory, comma delimited.

    Rows go lane by lane, left to right, so importing the text again keeps the lane order
    and the order within each lane. Write it with `newline=""`: line ends are "\\r\\n" as
    in RFC 4180, and a line break inside a cell is kept inside its quotes.
    Not expressible in the columns, so lost on import: departments without touchpoints,
    people who neither own, are consulted on or informed of a touchpoint nor lead a lane,
    people's roles and e-mails, a ";" in a consulted or informed person's name,
    review, notes, links, positions and sizes. `next` names touchpoints by label, so
    handoffs survive only where labels are unique and contain no ";"; a ";" in a
    handoff's label, passes or expectation comes back as ",".
    """
    lane_index = {department.id: index for index, department in enumerate(chain.departments)}
    departments = {department.id: department for department in chain.departments}
    person_names = {person.id: person.name for person in chain.people}
    labels = {touchpoint.id: touchpoint.label for touchpoint in chain.touchpoints}
    # Per source, one handoff per target label (the first), in the chain's order.
    next_handoffs: dict[str, dict[str, Handoff]] = {t.id: {} for t in chain.touchpoints}
    for handoff in chain.handoffs:
        next_handoffs[handoff.source].setdefault(labels[handoff.target], handoff)

    ordered = sorted(
        chain.touchpoints,
        key=lambda touchpoint: (
            lane_index[touchpoint.department],
            touchpoint.position.x,
            touchpoint.position.y,
        ),
    )
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(COLUMNS)
    for touchpoint in ordered:
        department = departments[touchpoint.department]
        handoffs = next_handoffs[touchpoint.id]
        writer.writerow(
            [
                department.name,
                touchpoint.label,
                touchpoint.kind,
                person_names[touchpoint.owner] if touchpoint.owner else "",
                touchpoint.procedure.title if touchpoint.procedure else "",
                touchpoint.channel or "",
                touchpoint.serves,
                touchpoint.expectation or "",
                touchpoint.objective or "",
                f"{NEXT_SEPARATOR} ".join(handoffs),
                department.role,
                department.color or "",
                person_names[department.lead] if department.lead else "",
                *(_handoff_texts(handoffs.values(), field) for field in HANDOFF_COLUMNS.values()),
                *(f"{NEXT_SEPARATOR} ".join(person_names[id] for id in getattr(touchpoint, field))
                  for field in RACI_COLUMNS),
            ]
        )
    return text.getvalue()


def _handoff_texts(handoffs, field: str) -> str:
    """The handoffs' values of `field`, one per label in `next`; "" when all are empty."""
    values = [(getattr(handoff, field) or "").replace(NEXT_SEPARATOR, ",") for handoff in handoffs]
    return f"{NEXT_SEPARATOR} ".join(values) if any(values) else ""


# -- reading the file ------------------------------------------------------------------


def looks_like_inventory(head: bytes) -> bool:
    """Whether the start of a file is an inventory's header row: one that names the
    required columns, in UTF-8, comma or semicolon separated."""
    if head.startswith(UTF8_BOM):
        head = head[len(UTF8_BOM) :]
    text = head.decode("utf-8", errors="replace")
    line = next((line for line in io.StringIO(text, newline="") if line.strip()), "")
    cells = next(csv.reader([line], delimiter=_sniff_delimiter(line)), [])
    return set(REQUIRED_COLUMNS) <= {cell.strip().casefold() for cell in cells}


def _decode(data: bytes, file: str) -> str:
    if data.startswith(UTF16_BOMS) or _looks_like_utf16(data):
        raise CsvImportError(file, f"the file is UTF-16 text, not UTF-8; {SAVE_AS_UTF8}")
    if data.startswith(UTF8_BOM):  # Excel's "CSV UTF-8" starts with one
        data = data[len(UTF8_BOM) :]
    return data.decode("utf-8", errors="surrogateescape")


def _looks_like_utf16(data: bytes) -> bool:
    # UTF-16 without a byte-order mark: ASCII text with a zero byte beside every character.
    head = data[:200]
    half = len(head) // 2
    return half >= 2 and max(head[0::2].count(0), head[1::2].count(0)) >= 0.9 * half


def _sniff_delimiter(text: str) -> str:
    """Comma or semicolon: whichever the header line holds more of, outside quotes.

    csv.Sniffer guesses from characters that occur equally often on every line, and
    misfires on short files and on cells that hold the other delimiter ("a; b" in a
    comma file). Column names hold neither delimiter, so the header line decides.
    """
    for line in io.StringIO(text, newline=""):
        if re.sub(r'[\s,;"]', "", line):  # skip rows that hold nothing but delimiters
            unquoted = re.sub(r'"[^"]*"', "", line)
            return ";" if unquoted.count(";") > unquoted.count(",") else ","
    return ","


class _Row:
    """One non-blank row of the file, read cell by cell through its column names."""

    def __init__(self, file: str, number: int, cells: list[str], columns: dict[str, int]):
        self.file = file
        self.number = number
        self.cells = cells
        self.columns = columns

    def value(self, column: str) -> str:
        """The cell's text without surrounding spaces; "" for a missing cell."""
        index = self.columns.get(column)
        if index is None or index >= len(self.cells):
            return ""
        text = self.cells[index].strip()
        if bad_byte := _UNDECODABLE.search(text):
            raise self.error(column, _not_utf8_reason(bad_byte.group()))
        return text

    def text(self, column: str) -> str:
        """A free-text cell's value, without the `'` the export guards formulas with."""
        return formula_unguarded(self.value(column))

    def error(self, column: str | None, reason: str) -> CsvImportError:
        return CsvImportError(self.file, reason, self.number, column)


def _not_utf8_reason(escaped: str) -> str:
    byte = ord(escaped) - 0xDC00
    return f"the text is not UTF-8 (byte 0x{byte:02X} cannot be read); {SAVE_AS_UTF8}"


def _rows(text: str, file: str):
    """The non-blank rows, numbered as a spreadsheet numbers them (blank rows count)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
    number = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise CsvImportError(file, f"the row is not valid CSV: {error}", number + 1) from None
        number += 1
        if any(cell.strip() for cell in cells):
            yield number, cells


def _find_columns(file: str, number: int, cells: list[str], known: tuple[str, ...] = COLUMNS,
                  required: tuple[str, ...] = REQUIRED_COLUMNS) -> dict[str, int]:
    """Column name -> index in the row, from the header row: the `known` columns, of which
    the `required` ones must be there."""
    header = _Row(file, number, cells, {})
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        if bad_byte := _UNDECODABLE.search(cell):
            raise header.error(None, _not_utf8_reason(bad_byte.group()))
        column = cell.strip().casefold()
        if column in columns:
            raise header.error(column, "the header names this column twice")
        if column in known:
            columns[column] = index
    if not columns:
        got = ", ".join(_show(cell) for cell in cells[:4])
        named = INVENTORY_COLUMNS if known is COLUMNS else known
        raise header.error(None, f"expected a header row naming the columns ({', '.join(named)}), got {got}")
    for column in required:
        if column not in columns:
            present = ", ".join(sorted(columns, key=columns.get))
            raise header.error(column, f"the required column is missing (the header has {present})")
    return columns


def _show(text: str) -> str:
    # JSON quoting escapes line breaks, so a message stays on one line.
    shown = json.dumps(text, ensure_ascii=False)
    return shown if len(shown) <= 40 else shown[:36] + '..."'


# -- values ----------------------------------------------------------------------------


def _compact(text: str) -> str:
    """"In-person" -> "inperson": the key that friendly spellings of a value share."""
    return re.sub(r"[\s_-]+", "", text.casefold())


def _spellings(values: tuple[str, ...], aliases: dict[str, str] | None = None) -> dict[str, str]:
    return {_compact(value): value for value in values} | (aliases or {})


KIND_SPELLINGS = _spellings(TOUCHPOINT_KINDS)
ROLE_SPELLINGS = _spellings(DEPARTMENT_ROLES)
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
SERVES_SPELLINGS = _spellings(SERVES)
CHANNEL_SPELLINGS = _spellings(
    CHANNELS,
    {"telephone": "phone", "letter": "written", "website": "web", "facetoface": "in_person"},
)


def _choice(row: _Row, column: str, spellings: dict[str, str], default: str | None):
    text = row.value(column)
    if not text:
        return default
    value = spellings.get(_compact(text))
    if value is None:
        expected = ", ".join(dict.fromkeys(spellings.values()))
        raise row.error(column, f"expected one of {expected}, got {_show(text)}")
    return value


def _name_key(name: str) -> str:
    """Names that differ only in case or spacing name the same thing."""
    return " ".join(name.split()).casefold()


def _slug(text: str) -> str:
    """"Confirms order" -> "confirms-order"; "" when nothing Latin is left."""
    latin = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", latin.lower()).strip("-")


class _Ids:
    """Readable ids, unique across the whole chain."""

    def __init__(self):
        self.used: set[str] = set()
        self.next_suffix: dict[str, int] = {}  # so a label used 10,000 times stays fast

    def make(self, text: str, fallback: str) -> str:
        slug = _slug(text)[:MAX_ID_LENGTH].rstrip("-")
        base = slug or fallback
        candidate = slug or f"{fallback}-1"
        number = self.next_suffix.get(base, 2)
        while candidate in self.used:
            suffix = f"-{number}"
            candidate = base[: MAX_ID_LENGTH - len(suffix)].rstrip("-") + suffix
            number += 1
        self.next_suffix[base] = number
        self.used.add(candidate)
        return candidate


# -- building the chain ----------------------------------------------------------------


class _ChainBuilder:
    """Collects departments, people and touchpoints row by row, then the handoffs."""

    def __init__(self, file: str):
        self.file = file
        self.ids = _Ids()
        self.departments: dict[str, Department] = {}  # by name key, in order of appearance
        self.people: dict[str, Person] = {}
        self.touchpoints: list[Touchpoint] = []
        self.lane_sizes: dict[str, int] = {}
        # Handoffs wait until every label is known: `next` may name a later row.
        self.pending_next: list[tuple[_Row, Touchpoint]] = []
        self.rows_by_touchpoint: dict[str, int] = {}

    def add_row(self, row: _Row) -> None:
        if len(self.touchpoints) >= MAX_ROWS:
            raise row.error(None, f"the file has more than {MAX_ROWS:,} touchpoint rows")
        department_name = formula_unguarded(
            _required(row, "department", "the department is empty")
        )
        label = formula_unguarded(_required(row, "touchpoint", "the touchpoint label is empty"))
        kind = _choice(row, "kind", KIND_SPELLINGS, "step")
        channel = _choice(row, "channel", CHANNEL_SPELLINGS, None)
        serves = _choice(row, "serves", SERVES_SPELLINGS, "external")
        owner_name = row.text("owner")
        procedure_title = row.text("procedure")

        department = self._department(department_name, row)
        owner = self._person(owner_name, department.id) if owner_name else None
        touchpoint = Touchpoint(
            id=self.ids.make(label, "tp"),
            label=label,
            department=department.id,
            kind=kind,
            channel=channel,
            serves=serves,
            owner=owner.id if owner else None,
            procedure=Procedure(title=procedure_title) if procedure_title else None,
            expectation=row.text("expectation") or None,
            objective=row.text("objective") or None,
            **{field: self._people_named(row, field) for field in RACI_COLUMNS},
            position=self._next_position(department.id),
        )
        self.touchpoints.append(touchpoint)
        self.rows_by_touchpoint[touchpoint.id] = row.number
        if row.value("next"):
            self.pending_next.append((row, touchpoint))

    def _department(self, name: str, row: _Row) -> Department:
        key = _name_key(name)
        if key not in self.departments:
            default_role = "customer" if key in CUSTOMER_DEPARTMENT_NAMES else "frontline"
            role = _choice(row, "department role", ROLE_SPELLINGS, default_role)
            colour = row.value("department colour")
            if colour and not _COLOUR.fullmatch(colour):
                reason = f"expected a colour like #1f77b4, got {_show(colour)}"
                raise row.error("department colour", reason)
            department_id = self.ids.make(name, "dept")
            lead_name = row.text("department lead")
            lead = self._person(lead_name, department_id) if lead_name else None
            self.departments[key] = Department(
                id=department_id, name=name, role=role, color=colour or None,
                lead=lead.id if lead else None,
            )
        return self.departments[key]

    def _people_named(self, row: _Row, column: str) -> list[str]:
        """The ids of the people a RACI cell names (";" between names), new ones in no
        department: the cell does not say where they work."""
        names = [name.strip() for name in row.text(column).split(NEXT_SEPARATOR) if name.strip()]
        return list(dict.fromkeys(self._person(name, None).id for name in names))

    def _person(self, name: str, department_id: str | None) -> Person:
        key = _name_key(name)
        if key not in self.people:
            self.people[key] = Person(
                id=self.ids.make(name, "person"), name=name, department=department_id
            )
        return self.people[key]

    def _next_position(self, department_id: str) -> Position:
        index = self.lane_sizes.get(department_id, 0)
        self.lane_sizes[department_id] = index + 1
        row, column = divmod(index, ROW_LENGTH)
        return Position(x=FIRST_X + X_SPACING * column, y=LANE_Y + ROW_SPACING * row)

    def build(self, title: str) -> Chain:
        handoffs = self._handoffs()
        chain = Chain(
            title=title,
            departments=list(self.departments.values()),
            people=list(self.people.values()),
            touchpoints=self.touchpoints,
            handoffs=handoffs,
        )
        if chain.element_count() > MAX_ELEMENTS:
            raise CsvImportError(self.file, self._too_many_elements(chain.element_count()))
        return chain

    def _handoffs(self) -> list[Handoff]:
        labels = _LabelIndex(self.touchpoints, self.rows_by_touchpoint)
        elements = len(self.departments) + len(self.people) + len(self.touchpoints)
        handoffs: list[Handoff] = []
        for row, source in self.pending_next:
            entries = row.value("next").split(NEXT_SEPARATOR)
            texts = {
                field: _beside_next(row, column, len(entries))
                for column, field in HANDOFF_COLUMNS.items()
            }
            targets: dict[str, tuple[Touchpoint, int]] = {}  # a label named twice counts once
            for index, label in enumerate(entries):
                if label.strip():
                    target = labels.find(formula_unguarded(label.strip()), row)
                    targets.setdefault(target.id, (target, index))
            for target, index in targets.values():
                handoff_id = self.ids.make(f"h {source.id} to {target.id}", "h")
                details = {field: values[index] or None for field, values in texts.items()}
                handoffs.append(Handoff(id=handoff_id, source=source.id, target=target.id, **details))
            if elements + len(handoffs) > MAX_ELEMENTS:
                raise row.error("next", self._too_many_elements(elements + len(handoffs)))
        return handoffs

    @staticmethod
    def _too_many_elements(count: int) -> str:
        return (
            f"the inventory makes {count:,} departments, people, touchpoints and handoffs, "
            f"more than the {MAX_ELEMENTS:,} a chain may have"
        )


def _beside_next(row: _Row, column: str, count: int) -> list[str]:
    """A handoff column's values, one per entry of `next` ("" where none is given)."""
    cell = row.value(column)
    values = [formula_unguarded(value.strip()) for value in cell.split(NEXT_SEPARATOR)]
    values = values if cell else []
    if len(values) > count:
        raise row.error(
            column,
            f'the cell has {len(values)} values but "next" names {count} touchpoints; '
            f'give one value per label in "next", in the same order',
        )
    return values + [""] * (count - len(values))


def _required(row: _Row, column: str, reason: str) -> str:
    text = row.value(column)
    if not text:
        raise row.error(column, reason)
    return text


class _LabelIndex:
    """Finds the touchpoint a `next` label names: exact label first, then ignoring case."""

    def __init__(self, touchpoints: list[Touchpoint], rows: dict[str, int]):
        self.rows = rows
        self.exact: dict[str, list[Touchpoint]] = {}
        self.loose: dict[str, list[Touchpoint]] = {}
        for touchpoint in touchpoints:
            self.exact.setdefault(touchpoint.label, []).append(touchpoint)
            self.loose.setdefault(_name_key(touchpoint.label), []).append(touchpoint)

    def find(self, label: str, row: _Row) -> Touchpoint:
        matches = self.exact.get(label) or self.loose.get(_name_key(label), [])
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise row.error("next", f"no touchpoint is labelled {_show(label)}{self._hint(label)}")
        numbers = ", ".join(str(self.rows[touchpoint.id]) for touchpoint in matches[:5])
        raise row.error(
            "next",
            f"{_show(label)} is ambiguous: {len(matches)} touchpoints have that label "
            f"(rows {numbers}); give them different labels",
        )

    def _hint(self, label: str) -> str:
        close = difflib.get_close_matches(label, list(self.exact), n=1)
        return f"; did you mean {_show(close[0])}?" if close else ""


def _refuse_extra_cells(
    file: str, number: int, cells: list[str], header_size: int, delimiter: str
) -> None:
    """A row longer than the header almost always holds the delimiter in an unquoted
    value ("A;B" in a `next` cell of a ";" file): its cells would shift into the wrong
    columns and handoffs be lost without a word. Empty cells at the end are only padding."""
    size = len(cells)
    while size > header_size and not cells[size - 1].strip():
        size -= 1
    if size > header_size:
        raise CsvImportError(
            file,
            f"the row has {size} cells but the header has {header_size}: "
            f"a value holding {delimiter!r} must be in quotes",
            number,
        )


def read_table(data: bytes, file: str, known: tuple[str, ...], required: tuple[str, ...],
               holder: str) -> list[_Row]:
    """The rows below the header of a CSV table, read as an inventory is: UTF-8 with or
    without a byte-order mark, commas or semicolons, rows numbered as a spreadsheet shows
    them, a row longer than the header refused. `holder` names the file in a refusal
    ("an inventory")."""
    if len(data) > MAX_FILE_BYTES:
        raise CsvImportError(file, too_large_message(len(data), holder))
    text = _decode(data, file)
    rows = _rows(text, file)
    header = next(rows, None)
    if header is None:
        raise CsvImportError(file, f"the file is empty; expected a header row ({', '.join(required)}, ...)")
    columns = _find_columns(file, *header, known, required)
    delimiter = _sniff_delimiter(text)
    header_size = len(header[1])
    table = []
    for number, cells in rows:
        _refuse_extra_cells(file, number, cells, header_size, delimiter)
        table.append(_Row(file, number, cells, columns))
    return table


def _import(data: bytes, file: str, title: str) -> Chain:
    builder = _ChainBuilder(file)
    for row in read_table(data, file, COLUMNS, REQUIRED_COLUMNS, "an inventory"):
        builder.add_row(row)
    if not builder.touchpoints:
        raise CsvImportError(file, "the file has a header row but no touchpoints below it")
    return builder.build(title)


__all__ = ["CsvImportError", "export_csv", "import_csv", "looks_like_inventory"]
