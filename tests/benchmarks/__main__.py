"""`python -m tests.benchmarks`: one table of medians for synthetic chains of 1,000, 5,000
and 20,000 touchpoints, and the largest again with the second wave's features (stages,
measures, comments, long labels: the column marked v2).

Loading, saving, linting and auto-layout are timed in this process, `--repeat` times
each. The editor's figures come from `--sessions` fresh editor processes per size (see
editor.py), whose frames, edits and keystrokes repeat up to 4 x `--repeat` times. The
targets are a report, not an assertion: the exit code is 0 either way. A line after the
table gives the time to open and export a chain with a 1 MB description (long_text.py).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks.editor import EDITOR_FIGURES, ROOT, run_sessions
from tests.benchmarks.generate import synthetic_chain
from tests.benchmarks.layout_bench import engine_seconds
from tests.benchmarks.long_text import run_session as run_long_text, summary as long_text_summary
from tests.benchmarks.model_bench import measure_model
from tests.benchmarks.routing_bench import measure_routing, scene_cards
from tests.benchmarks.report import GROWTH_FROM, GROWTH_TO, MAX_GROWTH, Column, Results, report, table
from tests.benchmarks.svg_reference import neato_reference

DEFAULT_SIZES = [1_000, 5_000, 20_000]
QUICK_SIZES = [1_000, 5_000]
EDITOR_REPEAT_FACTOR = 4  # frames, edits and keystrokes are quick: repeat them more


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="only 1,000 and 5,000 touchpoints")
    parser.add_argument(
        "--sizes",
        type=lambda text: [int(size) for size in text.split(",")],
        help="comma-separated sizes instead, e.g. 1000,5000",
    )
    parser.add_argument(
        "--repeat", type=int, default=5, help="runs per measure (default 5); the median is shown"
    )
    parser.add_argument("--sessions", type=int, default=3, help="editor processes per size (default 3)")
    parser.add_argument("--no-editor", action="store_true", help="skip what needs the editor or Qt")
    parser.add_argument(
        "--no-second-wave", action="store_true",
        help="skip the largest chain with stages, measures, comments and long labels",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the medians to FILE")
    parser.add_argument(
        "--long-text", type=int, default=1_000_000, metavar="CHARACTERS",
        help="the description's length in the long-text line (default 1,000,000; 0 skips it)",
    )
    return parser.parse_args(argv)


def measure(column: Column, args: argparse.Namespace, folder: Path) -> tuple[dict, dict, str | None]:
    """(figures by row key, what a frame draws, the editor's error) for the column's chain."""
    repeat, sessions, n = max(1, args.repeat), max(1, args.sessions), column.size
    chain = synthetic_chain(n, second_wave=column.second_wave)
    figures: dict = measure_model(chain, repeat, folder)
    figures["layout auto"] = engine_seconds(chain, "auto", repeat)
    figures["layout builtin"] = engine_seconds(chain, "builtin", repeat)
    routing = measure_routing(*scene_cards(chain), repeat)
    figures["route all"] = routing["route all"]
    figures["route length"] = routing["route length"] / 1e6
    figures["through cards"] = routing["through cards"]
    figures["reroute"] = routing["re-route after a move"]
    if args.no_editor:
        return figures, {}, None
    figures["neato"] = neato_reference(chain, sessions)  # one run per SVG export
    del chain
    editor = run_sessions(n, sessions, EDITOR_REPEAT_FACTOR * repeat, column.second_wave)
    if "error" in editor:
        return {**figures, **dict.fromkeys(EDITOR_FIGURES, "error")}, {}, editor["error"]
    painted = editor.pop("painted")
    figures.update(editor)
    return figures, painted, None


def commit() -> str:
    """The measured code's commit, with "+ local changes" when the code outside the
    benchmarks differs from it (a newer harness may measure an older commit)."""
    def git(*arguments: str) -> str:
        done = subprocess.run(["git", *arguments], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    changed = git("status", "--porcelain", "--untracked-files=no", "--", ".", ":!tests/benchmarks")
    return head + (" + local changes" if changed else "")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = args.sizes or (QUICK_SIZES if args.quick else DEFAULT_SIZES)
    columns = [Column(n) for n in sizes]
    if not args.no_second_wave:
        columns.append(Column(max(sizes), second_wave=True))
    started = time.perf_counter()
    results: Results = {}
    painted: dict[Column, dict] = {}
    errors: list[str] = []
    with tempfile.TemporaryDirectory(prefix="chain-bench-") as folder:
        for column in columns:
            print(f"measuring {column.label} touchpoints…", file=sys.stderr, flush=True)
            figures, painted[column], error = measure(column, args, Path(folder))
            for key, value in figures.items():
                results.setdefault(key, {})[column] = value
            if error:
                errors.append(error)
        long_text = None
        if args.long_text > 0 and not args.no_editor:
            print(f"measuring a {args.long_text:,}-character description…", file=sys.stderr, flush=True)
            long_text = run_long_text(args.long_text)
            if "error" in long_text:
                errors.append(long_text["error"])
    rows = report(results, columns)
    seconds = time.perf_counter() - started

    repeat, sessions, measured = max(1, args.repeat), max(1, args.sessions), commit()
    print(f"Chain Designer benchmarks at {measured}, Python {sys.version.split()[0]}")
    editor = "no editor" if args.no_editor else (
        f"editor: median of {sessions} session(s), each with up to "
        f"{EDITOR_REPEAT_FACTOR * repeat} frames, edits and keystrokes"
    )
    print(f"Medians of {repeat} run(s); {editor}.")
    print()
    print(table(rows, columns))
    print()
    print(f"* misses its target. Growth: each figure at {GROWTH_TO.label} within {MAX_GROWTH:g}× "
          f"its figure at {GROWTH_FROM.label}. v2: the chain with stages, measures, comments and long labels.")
    for column, views in painted.items():
        if views:
            drawn = "; ".join(
                f"{view}: " + ", ".join(f"{name} {number:,}" for name, number in counts.items())
                for view, counts in views.items()
            )
            print(f"One frame at {column.label} draws: {drawn}.")
    if long_text is not None:
        print(long_text_summary(args.long_text, long_text))
    for error in errors:
        print(f"\nError: {error}")
    print(f"\nTook {seconds:.0f} s.")
    if args.json:
        document = {
            "commit": measured,
            "python": sys.version.split()[0],
            "columns": [column.label for column in columns],
            "repeat": repeat,
            "sessions": None if args.no_editor else sessions,
            "seconds": round(seconds, 1),
            "rows": {key: {**row, "values": {c.label: v for c, v in row["values"].items()}} for key, row in rows.items()},
            "painted": {column.label: views for column, views in painted.items()},
            "long_text": None if long_text is None else {"characters": args.long_text, **long_text},
            "errors": errors,
        }
        args.json.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
