"""`python -m tests.benchmarks`: time loading, saving and linting of synthetic chains.

For each size N a synthetic chain is generated and its canonical bytes are written to a
temporary folder. Each measure is run `--repeat` times and the median is reported, next
to the plain `json` module doing the comparable work as a reference. The targets at the
end are a report, not an assertion: the exit code is 0 either way.

To add a measure, append to MEASURES; to compare it with another, append to RATIOS;
to hold it to a target, append to the checks in `targets`.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from models.chain import Chain
from models.chain_file import chain_to_bytes, load_chain, save_chain
from models.lint import lint_chain
from tests.benchmarks.generate import synthetic_chain

DEFAULT_SIZES = (1_000, 5_000, 20_000)
QUICK_SIZES = (1_000, 5_000)
GROWTH_FROM, GROWTH_TO = 5_000, 20_000


@dataclass
class Case:
    """One size: the chain, its canonical bytes, and where they are on disk."""

    n: int
    chain: Chain
    data: bytes
    parsed: object  # json.loads(data), for the json.dumps reference
    path: Path  # the canonical file, read by `load`
    save_path: Path  # written by `save`


# (name, what to time). The table shows them in this order, in milliseconds.
MEASURES: list[tuple[str, Callable[[Case], object]]] = [
    ("json.loads", lambda case: json.loads(case.data)),
    ("load", lambda case: load_chain(case.path)),
    ("json.dumps", lambda case: json.dumps(case.parsed, indent=2, ensure_ascii=False)),
    ("save", lambda case: save_chain(case.chain, case.save_path)),
    ("lint", lambda case: lint_chain(case.chain)),
]

# (column title, numerator, denominator); each is shown right after its numerator.
RATIOS: list[tuple[str, str, str]] = [
    ("load/json", "load", "json.loads"),
    ("save/dumps", "save", "json.dumps"),
    ("lint/load", "lint", "load"),
]

LOAD_PER_JSON = 2.5  # load within 2.5 x json.loads
LINT_PER_LOAD = 0.5  # full lint of 5,000 in less than half its load time
MAX_GROWTH = 5.0  # each figure grows at most 5 x from 5,000 to 20,000


def median_time(fn: Callable[[], object], repeat: int) -> float:
    """The median wall-clock time of `repeat` calls of `fn`, in seconds."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
        del result  # freeing what `fn` made is not part of its time
    return statistics.median(times)


def measure(n: int, repeat: int, folder: Path) -> dict[str, float]:
    """The median seconds of every measure for a chain of `n` touchpoints, and its MB."""
    chain = synthetic_chain(n)
    data = chain_to_bytes(chain)
    path = folder / f"chain-{n}.chain"
    path.write_bytes(data)
    case = Case(n, chain, data, json.loads(data), path, folder / f"saved-{n}.chain")
    results = {"MB": len(data) / 1_000_000}
    for name, fn in MEASURES:
        results[name] = median_time(lambda: fn(case), repeat)
    return results


def table(results: dict[int, dict[str, float]]) -> str:
    """The results as a plain text table, one row per size."""
    columns: list[tuple[str, Callable[[dict[str, float]], str]]] = [
        ("file MB", lambda r: f"{r['MB']:.2f}")
    ]
    for name, _ in MEASURES:
        columns.append((f"{name} ms", lambda r, name=name: f"{r[name] * 1000:.1f}"))
        for title, top, bottom in RATIOS:
            if top == name:
                columns.append((title, lambda r, t=top, b=bottom: f"{r[t] / r[b]:.2f}x"))
    header = ["N"] + [title for title, _ in columns]
    rows = [[f"{n:,}"] + [show(r) for _, show in columns] for n, r in results.items()]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(cell.rjust(width) for cell, width in zip(row, widths)) for row in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def growth(results: dict[int, dict[str, float]]) -> dict[str, float]:
    """Each measure's median at 20,000 divided by its median at 5,000, if both ran."""
    if GROWTH_FROM not in results or GROWTH_TO not in results:
        return {}
    small, large = results[GROWTH_FROM], results[GROWTH_TO]
    return {name: large[name] / small[name] for name, _ in MEASURES}


def targets(results: dict[int, dict[str, float]]) -> list[tuple[bool | None, str]]:
    """(passed, description) for every target; passed is None when its size did not run."""
    checks: list[tuple[bool | None, str]] = []
    for n, r in results.items():
        ratio = r["load"] / r["json.loads"]
        target = f"N={n:,}: load within {LOAD_PER_JSON}x json.loads ({ratio:.2f}x)"
        checks.append((ratio <= LOAD_PER_JSON, target))
    lint_target = f"N={GROWTH_FROM:,}: full lint in less than {LINT_PER_LOAD}x its load time"
    if GROWTH_FROM in results:
        r = results[GROWTH_FROM]
        ratio = r["lint"] / r["load"]
        checks.append((ratio < LINT_PER_LOAD, f"{lint_target} ({ratio:.2f}x)"))
    else:
        checks.append((None, lint_target))
    grown = growth(results)
    for name, _ in MEASURES:
        target = f"{name} grows at most {MAX_GROWTH:g}x from {GROWTH_FROM:,} to {GROWTH_TO:,}"
        if name in grown:
            checks.append((grown[name] <= MAX_GROWTH, f"{target} ({grown[name]:.2f}x)"))
        else:
            checks.append((None, target))
    return checks


def svg_against_graphviz(repeat: int) -> float | None:
    """Print our SVG export of 1,000 touchpoints against Graphviz drawing the same
    positioned graph (`neato -n2 -Tsvg`); returns ours / theirs, None without neato."""
    from app.export import svg_bytes
    from tests.benchmarks.svg_reference import neato_svg_seconds

    chain = synthetic_chain(1_000)
    ours = median_time(lambda: svg_bytes(chain), repeat)
    try:
        theirs = statistics.median(neato_svg_seconds(chain) for _ in range(repeat))
    except RuntimeError as error:
        print(f"\nSVG export of 1,000 touchpoints: {ours * 1000:.0f} ms ({error})")
        return None
    print(f"\nSVG export of 1,000 touchpoints: ours {ours * 1000:.0f} ms, neato -n2 {theirs * 1000:.0f} ms")
    return ours / theirs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="only N = 1,000 and 5,000")
    parser.add_argument(
        "--sizes",
        type=lambda text: [int(size) for size in text.split(",")],
        help="comma-separated sizes, default 1000,5000,20000",
    )
    parser.add_argument(
        "--repeat", type=int, default=5, help="runs per measure; the median is shown"
    )
    parser.add_argument(
        "--no-editor", action="store_true", help="skip the measures that open the editor window"
    )
    args = parser.parse_args(argv)
    sizes = args.sizes or (QUICK_SIZES if args.quick else DEFAULT_SIZES)
    repeat = max(1, args.repeat)

    print(f"Chain Designer benchmarks: median of {repeat} run(s), Python {sys.version.split()[0]}")
    results: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="chain-bench-") as folder:
        for n in sizes:
            results[n] = measure(n, repeat, Path(folder))
    print()
    print(table(results))
    grown = growth(results)
    if grown:
        print()
        for name, factor in grown.items():
            print(f"growth {GROWTH_FROM:,} -> {GROWTH_TO:,}: {name:<10} {factor:.2f}x")
    editing = {}
    if not args.no_editor:
        from tests.benchmarks.editing import TARGET_MS, editing_table, measure_editing

        editing = {n: measure_editing(n, max(repeat, 9)) for n in sizes}
        print()
        print("Editing in the window (medians, ms)")
        print(editing_table(editing))
    svg_ratio = None
    if not args.no_editor:
        svg_ratio = svg_against_graphviz(max(repeat, 3))
    from tests.benchmarks.layout_bench import engine_times, layout_table, longest_stall_ms

    layout_times = engine_times(min(repeat, 3))
    print()
    print("Auto-layout (medians)")
    print(layout_table(layout_times))
    stall = None
    if not args.no_editor:
        stall = longest_stall_ms(1_000)
        print(f"Longest event-loop stall while laying out 1,000 touchpoints in the editor: {stall:.0f} ms")
    print()
    print("Targets")
    checks = targets(results)
    for n, limit in ((1_000, 2.0), (5_000, 20.0)):
        fastest = min((t for t in layout_times[n].values() if t is not None), default=None)
        if fastest is not None:
            checks.append((fastest < limit, f"N={n:,}: auto-layout under {limit:g} s ({fastest:.2f} s)"))
    if stall is not None:
        checks.append((stall <= 50, f"N=1,000: no event-loop stall over 50 ms during layout ({stall:.0f} ms)"))
    if svg_ratio is not None:
        checks.append((svg_ratio <= 1.0, f"N=1,000: SVG export no slower than neato -n2 -Tsvg ({svg_ratio:.1f}x)"))
    if 5_000 in editing:
        for name in ("edit to findings", "keystroke"):
            figure = editing[5_000][name]
            checks.append((figure < TARGET_MS, f"N=5,000: {name} under {TARGET_MS:g} ms ({figure:.1f} ms)"))
    for passed, description in checks:
        mark = "SKIP" if passed is None else "PASS" if passed else "FAIL"
        print(f"  {mark}  {description}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
