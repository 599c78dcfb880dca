"""The benchmark's one table: a row per measure, a column per chain measured, growth,
target, verdict.

A column is a synthetic chain of some size, plain or with the second wave's features
(stages, measures, comments, long labels: generate.py). A target "at 20,000" holds for
every column of that size. To add a measure, add a Row here and put its figure under the
row's key in the results (`__main__` collects them); a ratio row divides two other rows
column by column.

Times on this shared machine rise and fall with its load, so where a figure has a
reference measured in the same run (json.loads of the same file for opening, Qt painting
as many plain rectangles and lines for a frame), the target is set on the ratio and the
absolute figure is shown beside it, unjudged.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Column:
    """One chain measured: its size, and whether it has the second wave's features."""

    size: int
    second_wave: bool = False

    @property
    def label(self) -> str:
        return f"{self.size:,}" + (" v2" if self.second_wave else "")


GROWTH_FROM, GROWTH_TO = Column(5_000), Column(20_000)
MAX_GROWTH = 5.0  # each figure at 20,000 is at most 5 x its figure at 5,000 (plain chains)

# The targets on ratios, set from this machine's runs so that they hold on a slow one too
# (see the README's "Benchmarks"): opening 20,000 touchpoints within 3 s was about 31 x
# json.loads of the file on a quiet run and 16 x on a busy one (json.loads slows down more);
# a frame's 16 ms is about 13 x Qt painting as many plain cards and lines, and a fitted
# frame should cost no more than painting every card as a plain rectangle.
OPEN_PER_JSON = 32.0
FRAME_PER_PLAIN = 13.0
FIT_ALL_PER_PLAIN = 1.0


@dataclass(frozen=True)
class Target:
    """The row's figure must be below `limit` (or at most, when `inclusive`) in the
    columns of size `at`, or in every column when `at` is None."""

    limit: float
    at: int | None = None
    inclusive: bool = False

    def met(self, value: float) -> bool:
        return value <= self.limit if self.inclusive else value < self.limit

    def text(self, unit: str) -> str:
        limit = f"{self.limit:g}×" if unit == "×" else f"{self.limit:g} {unit}".rstrip()
        where = "everywhere" if self.at is None else f"at {self.at:,}"
        return f"{'≤' if self.inclusive else '<'} {limit} {where}"


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    unit: str  # "ms", "s", "MB", "×" for a ratio or "" for a count
    targets: tuple[Target, ...] = ()
    ratio: tuple[str, str] | None = None  # (numerator key, denominator key)
    reference: bool = False  # not ours (json, Graphviz), or judged by its ratio row: shown, never judged


ROWS = [
    Row("file", "file size (MB)", "MB", reference=True),
    Row("json.loads", "json.loads, reference (ms)", "ms", reference=True),
    Row("load", "load (ms)", "ms"),
    Row("load/json", "load / json.loads", "×", (Target(2.5, inclusive=True),), ("load", "json.loads")),
    Row("json.dumps", "json.dumps, reference (ms)", "ms", reference=True),
    Row("save", "save (ms)", "ms"),
    Row("save/json", "save / json.dumps", "×", (Target(2, inclusive=True),), ("save", "json.dumps")),
    Row("lint", "full lint (ms)", "ms"),
    Row("lint/load", "full lint / load", "×", (Target(0.5, at=5_000),), ("lint", "load")),
    Row("edit", "edit to findings (ms)", "ms", (Target(16, at=20_000),)),
    Row("keystroke", "keystroke (ms)", "ms", (Target(16, at=5_000),)),
    Row("lane growth", "edit that grows a lane (ms)", "ms", (Target(16, at=20_000),)),
    Row("lane growth followed", "..., until every arrow follows (ms)", "ms"),
    Row("lane growth again", "..., again a turn later (ms)", "ms"),
    Row("scene", "scene build (ms)", "ms"),
    Row("open json", "json.loads in the editor, reference (ms)", "ms", reference=True),
    Row("open", "open to interactive (s)", "s", reference=True),
    Row("open/json", "open to interactive / json.loads", "×", (Target(OPEN_PER_JSON, at=20_000),), ("open", "open json")),
    Row("routed", "open to every handoff routed (s)", "s"),
    Row("frame reference", "plain frame, reference (ms)", "ms", reference=True),
    Row("frame 100%", "frame at 100% (ms)", "ms", reference=True),
    Row("frame 100%/ref", "frame at 100% / plain frame", "×", (Target(FRAME_PER_PLAIN, at=20_000),),
        ("frame 100%", "frame reference")),
    Row("frame fit-all reference", "plain frame of every card, reference (ms)", "ms", reference=True),
    Row("frame fit-all", "frame at fit-all (ms)", "ms", reference=True),
    Row("frame fit-all/ref", "frame at fit-all / plain frame of every card", "×",
        (Target(FIT_ALL_PER_PLAIN, at=20_000),), ("frame fit-all", "frame fit-all reference")),
    Row("rss", "peak RSS (MB)", "MB", (Target(600, at=20_000),)),
    Row("svg", "SVG export from the editor (s)", "s"),
    Row("neato", "neato -n2 -Tsvg, reference (s)", "s", reference=True),
    Row("svg/neato", "SVG export / neato", "×", (Target(1, at=1_000, inclusive=True), Target(1, at=5_000, inclusive=True)),
        ("svg", "neato")),
    Row("svg rss", "SVG export, memory added (MB)", "MB", (Target(500, at=20_000),)),
    Row("pdf", "PDF export from the editor (s)", "s"),
    Row("layout auto", "auto-layout, auto: dot (s)", "s", (Target(2, at=1_000), Target(20, at=5_000))),
    Row("layout builtin", "auto-layout, built-in (s)", "s"),
    Row("route length", "routes' total length, reference (million px)", "Mpx", reference=True),
    Row("route all", "routing, all handoffs (ms)", "ms", reference=True),
    Row("route all/json", "routing, all handoffs / json.loads", "×", (Target(OPEN_PER_JSON, at=20_000),),
        ("route all", "json.loads")),
    Row("through cards", "route segments through cards", "", (Target(0, inclusive=True),)),
    Row("reroute", "re-route after a move (ms)", "ms", (Target(16, at=20_000),)),
    Row("stall", "event-loop stall in auto-layout (ms)", "ms",
        (Target(50, at=1_000, inclusive=True), Target(100, at=5_000, inclusive=True))),
    Row("autosave stall", "event-loop stall in autosave (ms)", "ms", (Target(50, at=5_000, inclusive=True),)),
]

#: results[row key][column]: a number, a word such as "timeout" or "error", or missing.
Results = dict[str, dict[Column, float | str]]


MILLISECONDS = {"s": 1000.0, "ms": 1.0}  # a ratio of two times divides them in the same unit


def with_ratios(results: Results) -> Results:
    """`results` with every ratio row filled in where both of its rows have numbers."""
    filled = {key: dict(values) for key, values in results.items()}
    units = {row.key: row.unit for row in ROWS}
    for row in ROWS:
        if row.ratio is not None:
            top, bottom = (results.get(key, {}) for key in row.ratio)
            scale = MILLISECONDS.get(units[row.ratio[0]], 1.0) / MILLISECONDS.get(units[row.ratio[1]], 1.0)
            filled[row.key] = {
                column: top[column] * scale / bottom[column]
                for column in top
                if is_number(top[column]) and is_number(bottom.get(column)) and bottom[column] > 0
            }
    return filled


def is_number(value) -> bool:
    return isinstance(value, (int, float))


def growth(row: Row, values: dict[Column, float | str]) -> float | None:
    """The figure at 20,000 over the figure at 5,000; None for ratios or when missing."""
    small, large = values.get(GROWTH_FROM), values.get(GROWTH_TO)
    if row.ratio is not None or not (is_number(small) and is_number(large)) or small <= 0:
        return None
    return large / small


def misses_growth(row: Row, grown: float) -> bool:
    return not row.reference and grown > MAX_GROWTH


def misses(row: Row, column: Column, value) -> bool:
    """Whether `value`, the figure in `column`, misses one of the row's targets."""
    return is_number(value) and any(
        not target.met(value) for target in row.targets if target.at in (None, column.size)
    )


def verdict(row: Row, values: dict[Column, float | str]) -> str:
    """PASS when every target and the growth limit that could be checked holds, FAIL when
    one does not, SKIP when none could be checked (a size did not run); "-" for a
    reference."""
    if row.reference:
        return "-"
    checks = [
        not misses(row, column, value)
        for column, value in values.items()
        if is_number(value) and any(target.at in (None, column.size) for target in row.targets)
    ]
    grown = growth(row, values)
    if grown is not None:
        checks.append(not misses_growth(row, grown))
    if not checks:
        return "SKIP"
    return "PASS" if all(checks) else "FAIL"


def cell(row: Row, column: Column, value) -> str:
    if value is None:
        return "-"
    if not is_number(value):
        return str(value)
    if row.unit == "×":
        text = f"{value:.2f}×"
    elif row.unit == "":
        text = f"{value:,.0f}"
    elif value >= 100:
        text = f"{value:,.0f}"
    elif value >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.2f}"
    return text + ("*" if misses(row, column, value) else "")


def report(results: Results, columns: list[Column]) -> dict[str, dict]:
    """Every row's figures (by column), growth, targets and verdict, keyed by row."""
    results = with_ratios(results)
    rows = {}
    for row in ROWS:
        values = results.get(row.key, {})
        rows[row.key] = {
            "label": row.label,
            "unit": row.unit,
            "values": {column: values.get(column) for column in columns},
            "growth": growth(row, values),
            "target": "; ".join(target.text(row.unit) for target in row.targets),
            "result": verdict(row, values),
        }
    return rows


def table(rows: dict[str, dict], columns: list[Column]) -> str:
    """The plain-text table of `report`: a row per measure, the columns across; a figure
    that misses its target is starred."""
    header = ["measure", *(column.label for column in columns), "growth 5k→20k", "target", "result"]
    lines = []
    for row in ROWS:
        entry = rows[row.key]
        grown = entry["growth"]
        lines.append(
            [
                row.label,
                *(cell(row, column, entry["values"][column]) for column in columns),
                "-" if grown is None else f"{grown:.2f}×" + ("*" if misses_growth(row, grown) else ""),
                entry["target"] or "-",
                entry["result"],
            ]
        )
    return format_table(header, lines, left=(0, len(header) - 2))


def format_table(header: list[str], rows: list[list[str]], left: tuple[int, ...] = (0,)) -> str:
    """Columns padded to their widest cell: text columns (`left`) to the left, figures to
    the right; a rule under the header."""
    widths = [max(len(line[i]) for line in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        padded = [
            text.ljust(width) if i in left else text.rjust(width)
            for i, (text, width) in enumerate(zip(cells, widths))
        ]
        return "  ".join(padded).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(header), rule, *(line(cells) for cells in rows)])
