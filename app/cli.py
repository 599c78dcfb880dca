"""The `chain-designer` command: lint, schema and imports from a terminal or CI job."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from app.export.formats import EXPORT_FORMATS, export_format, format_for_path
from app.export.options import PAGES
from app.import_formats import (
    IMPORT_FORMATS,
    ChainImportError,
    ImportFormat,
    format_of_file,
    import_chain,
    import_format,
    imported_summary,
)
from app.version import program_version
from models.chain import Chain
from models.chain_file import ChainFileError, chain_schema, chain_to_bytes, load_chain, save_chain
from models.layout import LayoutTooLarge, layout_chain
from models.lint import SEVERITIES, Finding, lint_chain
from models.printable import printable

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2
STANDARD_OUTPUT = "-"  # `-o -` writes to standard output (text formats only)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chain-designer",
        usage="chain-designer [FILE.chain ...] | chain-designer COMMAND ...",
        description="Design, check and export customer service chains. "
        "With no command, opens the editor on the given files (or on a sample chain); "
        "a word that is neither a command nor an existing file is an error. "
        "--install-desktop adds Chain Designer to the applications menu of this user's "
        "Linux desktop and makes it open .chain files; --uninstall-desktop removes that.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {program_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    lint = commands.add_parser(
        "lint",
        help="check chains against the service-chain rules",
        description="Check chains against the service-chain rules. Exit status: 0 clean, "
        "1 errors or too many warnings, 2 a file could not be read.",
    )
    lint.add_argument("files", nargs="+", metavar="FILE", help=".chain files to check")
    lint.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    lint.add_argument(
        "--max-warnings",
        type=int,
        default=-1,
        metavar="N",
        help="fail when there are more than N warnings (default: no limit)",
    )

    commands.add_parser("schema", help="print the JSON Schema of the .chain format")

    importer = commands.add_parser(
        "import-csv",
        help="turn a touchpoint inventory (CSV) into a chain",
        description="Turn a touchpoint inventory kept in a spreadsheet (CSV) into a chain.",
    )
    importer.add_argument("csv", metavar="IN.csv")
    importer.add_argument("-o", "--output", required=True, metavar="OUT.chain",
                          help="where to write; - for standard output")
    importer.add_argument("--title", help="the chain's title (default: from the file name)")
    importer.add_argument("--force", action="store_true", help="overwrite OUT.chain if it exists")
    importer.add_argument(
        "--no-layout", action="store_true", help="keep the rows' order instead of laying out the chain"
    )

    generic = commands.add_parser(
        "import",
        help="turn a file of another program into a chain (CSV inventory, draw.io diagram, BPMN process)",
        description="Turn a file of another program into a chain, with the format from the "
        "file's suffix or, failing that, its content.",
    )
    generic.add_argument("source", metavar="SRC")
    generic.add_argument("-o", "--output", required=True, metavar="OUT.chain",
                         help="where to write; - for standard output")
    generic.add_argument("--title", help="the chain's title (default: from the file name)")
    generic.add_argument("--force", action="store_true", help="overwrite OUT.chain if it exists")
    generic.add_argument(
        "--page", help="a draw.io diagram's page, by name or number (default: the first)"
    )
    generic.add_argument(
        "--no-layout", action="store_true",
        help="keep the places the file gives instead of laying out the chain (the places of a "
        "BPMN diagram, and of a draw.io file Chain Designer wrote, are always kept)",
    )

    layout = commands.add_parser(
        "layout",
        help="lay out a chain: lane by lane, left to right",
        description="Lay out a chain: every touchpoint stays in its lane, flow reads left to "
        "right. Writes OUT, or the file itself when -o is not given.",
    )
    layout.add_argument("file", metavar="FILE")
    layout.add_argument("-o", "--output", metavar="OUT",
                        help="where to write; - for standard output (default: FILE itself)")
    layout.add_argument("--engine", choices=("auto", "dot", "builtin"), default="auto",
                        help="Graphviz dot, the built-in layout, or dot when installed (default)")
    layout.add_argument("--tidy", action="store_true", help="keep the current order; only remove overlaps")
    exporter = commands.add_parser(
        "export",
        help=f"export a chain as {_listed(fmt.help_name for fmt in EXPORT_FORMATS)}",
        description="Export a chain. The format comes from the output's suffix unless "
        "--format says otherwise. Works without a display.",
    )
    exporter.add_argument("file", metavar="FILE")
    exporter.add_argument("-o", "--output", required=True, metavar="OUT",
                          help="where to write; - for standard output (text formats: "
                          f"{', '.join(fmt.id for fmt in EXPORT_FORMATS if fmt.text)}; needs --format)")
    exporter.add_argument("--format", choices=sorted(fmt.id for fmt in EXPORT_FORMATS), help="the output format")
    exporter.add_argument("--department", metavar="ID", help="export this department's lane only")
    # Each option a format declares is a flag whose dest is the ExportOptions field.
    exporter.add_argument("--page", choices=PAGES, default="a4",
                          help="PDF page size (a 16:9 slide is always landscape)")
    turned = exporter.add_mutually_exclusive_group()
    turned.add_argument("--landscape", action="store_const", const=True, dest="landscape",
                        help="PDF pages in landscape (default: as the diagram is wider or taller)")
    turned.add_argument("--portrait", action="store_const", const=False, dest="landscape",
                        help="PDF pages in portrait")
    exporter.add_argument("--tiles", action="store_false", dest="fit",
                          help="PDF: tile over pages when one page is too small to read")
    exporter.add_argument("--scale", type=float, default=2.0, metavar="N", help="PNG scale: 1, 2 or 3")
    exporter.add_argument("--transparent", action="store_true", help="PNG with a transparent background")
    exporter.add_argument("--handout", action="store_true", help="PDF: the multi-page training handout")
    exporter.add_argument("--findings", action="store_true", help="handout: include the open findings")
    exporter.add_argument("--comments", action="store_true",
                          help="handout: include the open critiques, with their authors and dates")
    exporter.add_argument("--scorecard", action="store_true",
                          help="handout: include the scorecard, per department its measures, results and rating")
    exporter.add_argument("--badges", action="store_true", help="draw finding badges")
    exporter.add_argument("--links", action="store_true", help="SVG: procedure links as links")
    exporter.add_argument("--no-title", action="store_false", dest="title", help="no title above the diagram")
    exporter.add_argument("--legend", action="store_true",
                          help="a legend below the diagram: card kinds, review stripes, badges, lines")
    exporter.add_argument("--bom", action="store_true",
                          help="CSV: start with a UTF-8 byte-order mark, so Excel reads accents right")
    exporter.add_argument("--owner-names", action="store_true",
                          help="print each owner's name and job title on the cards, not only initials")

    minutes = commands.add_parser(
        "minutes",
        help="write the minutes of a review session (Markdown or PDF)",
        description="Write the minutes of a review session: its attendees, every comment made "
        "in it by element in flow order, its sign-offs and the critiques and questions still "
        "open. The format comes from the output's suffix: .md or .pdf.",
    )
    minutes.add_argument("file", metavar="FILE")
    minutes.add_argument("--session", metavar="ID",
                         help="the session's id (may be left out when the chain has only one)")
    minutes.add_argument("-o", "--output", required=True, metavar="OUT",
                         help="OUT.md or OUT.pdf; - prints the Markdown to standard output")
    minutes.add_argument("--page", choices=PAGES, default="a4", help="the PDF's page size")

    differ = commands.add_parser(
        "diff",
        help="show what changed between two chains, element by element",
        description="Show what changed from A to B by element id and field. Exit status: "
        "0 equal, 1 different, 2 a file could not be read.",
    )
    differ.add_argument("old", metavar="A")
    differ.add_argument("new", metavar="B")
    differ.add_argument("--format", choices=("text", "json"), default="text", help="output format")

    merger = commands.add_parser(
        "merge",
        help="three-way merge of chains (a git merge driver)",
        description="Merge the changes OURS and THEIRS made to BASE into OUT (which may be "
        "OURS). Conflicts keep ours and are printed one per line. Exit status: 0 clean, "
        "1 conflicts, 2 a file could not be read or written.",
    )
    merger.add_argument("base", metavar="BASE")
    merger.add_argument("ours", metavar="OURS")
    merger.add_argument("theirs", metavar="THEIRS")
    merger.add_argument("-o", "--output", required=True, metavar="OUT",
                        help="where to write; - for standard output")

    scorer = commands.add_parser(
        "scorecard",
        help="whether the measured touchpoints meet their targets, per touchpoint, department and owner",
        description="Print the scorecard: per touchpoint its metric, target, latest result, status "
        "(on, off or none) and open improvement actions; per department how many are on and off "
        "target and its latest internal rating; per owner the same and their open actions. "
        "Exit status: 0 printed, 2 the file could not be read.",
    )
    scorer.add_argument("file", metavar="FILE")
    scorer.add_argument("--format", choices=("text", "json", "csv"), default="text", help="output format")

    timer = commands.add_parser(
        "timing",
        help="working, waiting and total time per path from a start to an end, and the critical path",
        description="Print, per path from a start to an end (each handoff used at most once, so a "
        "rework loop is gone round once), the working minutes of its touchpoints, the waiting "
        "minutes of its handoffs and the total, longest first; the longest is the critical path. "
        "Exit status: 0 printed, 2 the file could not be read.",
    )
    timer.add_argument("file", metavar="FILE")
    timer.add_argument("--format", choices=("text", "json"), default="text", help="output format")

    for command, what, columns in (
        ("import-results", "measured results", "touchpoint (id or label), period, value, optional note"),
        ("import-ratings", "internal ratings",
         "customer and provider (department ids or names), period, score, optional rehire, responses, comment"),
    ):
        values = commands.add_parser(
            command,
            help=f"add {what} from a CSV file to a chain",
            description=f"Add the {what} of a CSV file (columns: {columns}) to FILE and write the chain "
            "to OUT (which may be FILE). A value already there for the same period is replaced. A bad "
            "row refuses the whole file, naming the row and column; nothing is written. Exit status: "
            "0 written, 2 not.",
        )
        values.add_argument("file", metavar="FILE")
        values.add_argument("csv", metavar="VALUES.csv")
        values.add_argument("-o", "--output", required=True, metavar="OUT",
                            help="where to write the chain; - for standard output")

    git_diff = commands.add_parser(
        "git-diff",
        help="git's external diff command for .chain files (see README)",
        description="Called by git as diff.chain.command with PATH OLD-FILE OLD-HEX OLD-MODE "
        "NEW-FILE NEW-HEX NEW-MODE. Always exits 0, as git requires.",
    )
    git_diff.add_argument("path", metavar="PATH")
    git_diff.add_argument("rest", nargs="*", metavar="ARG")
    return parser


def _listed(names) -> str:
    """The names as "a, b or c"."""
    *rest, last = names
    return f"{', '.join(rest)} or {last}" if rest else last


#: The ExportOptions fields some format reads: the export command's flags for them.
EXPORT_OPTIONS = sorted(set().union(*(fmt.options for fmt in EXPORT_FORMATS)))


COMMANDS = (
    "lint", "schema", "import-csv", "import", "export", "minutes", "layout", "diff", "merge", "scorecard",
    "timing", "import-results", "import-ratings", "git-diff",
)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in ("--install-desktop", "--uninstall-desktop"):
        from app.desktop import run_desktop

        return run_desktop(argv[0])
    if not argv or not (argv[0] in COMMANDS or argv[0].startswith("-")):
        # `chain-designer [FILE...]` opens the editor; Qt is loaded only for it.
        problem = editor_arguments_problem(argv)
        if problem:
            print(printable(f"chain-designer: {problem}"), file=sys.stderr)
            return EXIT_UNREADABLE
        from app.application import run_editor

        return run_editor(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "lint":
            return run_lint(args.files, args.format, args.max_warnings)
        if args.command == "schema":
            print(json.dumps(chain_schema(), indent=2, ensure_ascii=False))
            return EXIT_OK
        if args.command == "import-csv":
            return run_import(import_format("csv"), args.csv, args.output, args.title, args.force,
                              not args.no_layout)
        if args.command == "import":
            return run_import_any(args)
        if args.command == "export":
            return run_export(args)
        if args.command == "minutes":
            return run_minutes(args.file, args.session, args.output, args.page)
        if args.command == "layout":
            return run_layout(args.file, args.output, args.engine, args.tidy)
        if args.command == "diff":
            return run_diff(args.old, args.new, args.format)
        if args.command == "merge":
            return run_merge(args.base, args.ours, args.theirs, args.output)
        if args.command == "scorecard":
            return run_scorecard(args.file, args.format)
        if args.command == "timing":
            return run_timing(args.file, args.format)
        if args.command in ("import-results", "import-ratings"):
            return run_import_values(args.command, args.file, args.csv, args.output)
        if args.command == "git-diff":
            return run_git_diff(args.path, args.rest)
        parser.print_usage()
        return EXIT_OK
    except BrokenPipeError:  # e.g. `chain-designer lint ... | head`
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        return 130


def editor_arguments_problem(paths: list[str]) -> str:
    """Why the editor should not open these paths ("" when it should), checked before any
    window opens: a mistyped command word, or a file that is not there."""
    if paths and _is_command_word(paths[0]):
        return (
            f"unknown command '{paths[0]}'; the commands are {', '.join(COMMANDS)} "
            "(or give .chain files to open them in the editor)"
        )
    for path in paths:
        if not os.path.exists(path):
            return f"{path} does not exist; nothing was opened"
    return ""


def _is_command_word(argument: str) -> bool:
    """A word that is neither an existing path nor looks like one (a .chain name or a
    name in a folder), so it can only be meant as a command."""
    looks_like_a_path = argument.lower().endswith(".chain") or "/" in argument or os.sep in argument
    return not (looks_like_a_path or os.path.exists(argument))


# -- lint --------------------------------------------------------------------------------


def run_lint(files: list[str], output_format: str, max_warnings: int) -> int:
    results = []
    unreadable = False
    for file in files:
        try:
            chain = load_chain(file)
        except ChainFileError as error:
            unreadable = True
            print(printable(f"chain-designer: {error}"), file=sys.stderr)
            results.append({"file": file, "error": error.reason, "findings": []})
            continue
        findings = lint_chain(chain)
        results.append({"file": file, "labels": element_labels(chain), "findings": findings})

    counts = {severity: 0 for severity in SEVERITIES}
    for result in results:
        for finding in result["findings"]:
            counts[finding.severity] += 1

    if output_format == "json":
        print(json.dumps(_json_report(results, counts), indent=2, ensure_ascii=False))
    else:
        for result in results:
            for finding in result["findings"]:
                print(_text_line(result["file"], result["labels"], finding))
        print(_summary(counts, len(files)))

    if unreadable:
        return EXIT_UNREADABLE
    too_many_warnings = 0 <= max_warnings < counts["warning"]
    return EXIT_FINDINGS if counts["error"] or too_many_warnings else EXIT_OK


def element_labels(chain: Chain) -> dict[str | None, str]:
    """What a reader calls each element: a touchpoint's label, a person's name, ..."""
    labels: dict[str | None, str] = {None: chain.title}
    labels.update((t.id, t.label) for t in chain.touchpoints)
    labels.update((d.id, d.name) for d in chain.departments)
    labels.update((p.id, p.name) for p in chain.people)
    labels.update(
        (h.id, f"{labels[h.source]} -> {labels[h.target]}") for h in chain.handoffs
    )
    return labels


def _text_line(file: str, labels: dict[str | None, str], finding: Finding) -> str:
    """One finding on one line: the label's line breaks as spaces, other controls escaped."""
    element = finding.element or "(chain)"
    label = labels.get(finding.element, "").replace("\n", " ")
    return printable(
        f'{file}: {finding.severity} {finding.rule} {element} "{label}": '
        f"{finding.message} Fix: {finding.hint}"
    )


def _summary(counts: dict[str, int], file_count: int) -> str:
    parts = [f"{count} {severity}{'' if count == 1 else 's'}" for severity, count in counts.items()]
    prefix = f"{file_count} files: " if file_count > 1 else ""
    return prefix + ", ".join(parts)


def _json_report(results: list[dict], counts: dict[str, int]) -> dict:
    files = []
    for result in results:
        entry = {"file": result["file"], "error": result.get("error")}
        entry["findings"] = [
            {
                "severity": finding.severity,
                "rule": finding.rule,
                "element": finding.element,
                "label": result["labels"].get(finding.element, ""),
                "message": finding.message,
                "hint": finding.hint,
            }
            for finding in result["findings"]
        ]
        files.append(entry)
    summary = {f"{severity}s": count for severity, count in counts.items()}
    return {"files": files, "summary": summary}


# -- scorecard ---------------------------------------------------------------------------


def run_scorecard(file: str, output_format: str) -> int:
    from models.scorecard import scorecard

    try:
        card = scorecard(load_chain(file))
    except ChainFileError as error:
        print(printable(f"chain-designer: {error}"), file=sys.stderr)
        return EXIT_UNREADABLE
    text = {"text": card.to_text, "json": card.to_json, "csv": card.to_csv}[output_format]()
    # Labels are the user's text: terminal escapes are shown, not run (JSON escapes its own).
    sys.stdout.write(text if output_format == "json" else "\n".join(printable(line) for line in text.split("\n")))
    return EXIT_OK


def run_timing(file: str, output_format: str) -> int:
    from models.timing import chain_timing

    try:
        chain = load_chain(file)
    except ChainFileError as error:
        print(printable(f"chain-designer: {error}"), file=sys.stderr)
        return EXIT_UNREADABLE
    timing = chain_timing(chain)
    if output_format == "json":
        sys.stdout.write(timing.to_json())
    else:
        labels = {t.id: " ".join(t.label.split()) or t.id for t in chain.touchpoints}
        sys.stdout.write("\n".join(printable(line) for line in timing.to_text(labels).split("\n")))
    return EXIT_OK


def run_import_values(command: str, file: str, values: str, output: str) -> int:
    """`import-results` and `import-ratings`: values from a CSV file into a chain."""
    from models.csv_import import CsvImportError
    from models.results_import import import_ratings, import_results

    read = import_results if command == "import-results" else import_ratings
    try:
        chain, imported = read(load_chain(file), values)
        write_chain(chain, output)
    except (ChainFileError, CsvImportError) as error:
        print(printable(f"chain-designer: {error}"), file=sys.stderr)
        return EXIT_UNREADABLE
    what = "results" if command == "import-results" else "ratings"
    print(f"Added {imported.added} and replaced {imported.replaced} {what} in {shown_output(output)}",
          file=report_stream(output))
    return EXIT_OK


# -- import ------------------------------------------------------------------------------


def run_import(fmt: ImportFormat, source: str, output: str, title: str | None, force: bool,
               lay_out: bool = True, page: str | None = None) -> int:
    """Read `source` in format `fmt` (app/import_formats.py) and write the chain to `output`."""
    if output != STANDARD_OUTPUT and not output.endswith(".chain"):
        output += ".chain"
    if output != STANDARD_OUTPUT and os.path.exists(output) and not force:
        print(
            f"chain-designer: {output} already exists; choose another name or add --force",
            file=sys.stderr,
        )
        return EXIT_UNREADABLE
    try:
        chain, report = import_chain(fmt, source, title, page, lay_out)
        write_chain(chain, output)
    except (ChainImportError, ChainFileError) as error:
        print(printable(f"chain-designer: {error}"), file=sys.stderr)
        return EXIT_UNREADABLE
    print(f"Imported {imported_summary(chain)} into {shown_output(str(Path(output)))}",
          file=report_stream(output))
    for sentence in report.left_out:
        print(printable(f"chain-designer: {sentence}"), file=sys.stderr)
    return EXIT_OK


def run_import_any(args: argparse.Namespace) -> int:
    """`chain-designer import`: the format from the source's suffix or content."""
    fmt = format_of_file(args.source)
    if fmt is None:
        known = ", ".join(suffix for f in IMPORT_FORMATS for suffix in f.suffixes)
        print(printable(f"chain-designer: {args.source}: no import format reads this file "
                        f"(known: {known})"), file=sys.stderr)
        return EXIT_UNREADABLE
    if args.page is not None and fmt.pages is None:
        print(printable(f"chain-designer: {args.source}: --page is for files of several pages, "
                        f"such as draw.io diagrams"), file=sys.stderr)
        return EXIT_UNREADABLE
    return run_import(fmt, args.source, args.output, args.title, args.force, not args.no_layout, args.page)


# -- writing the output ----------------------------------------------------------------


def write_chain(chain: Chain, output: str) -> None:
    """Save `chain` to `output` (atomically, never over a read-only or special file) or stdout."""
    if output == STANDARD_OUTPUT:
        write_standard_output(chain_to_bytes(chain))
    else:
        save_chain(chain, output)


def write_standard_output(data: bytes) -> None:
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def shown_output(output: str) -> str:
    return "standard output" if output == STANDARD_OUTPUT else output


def report_stream(output: str):
    """Where to say what was written: stderr when the output itself goes to stdout."""
    return sys.stderr if output == STANDARD_OUTPUT else sys.stdout


# -- layout ------------------------------------------------------------------------------


def apply_layout(chain: Chain, result) -> None:
    positions = result.positions
    for touchpoint in chain.touchpoints:
        if touchpoint.id in positions:
            touchpoint.position = positions[touchpoint.id]


def run_layout(file: str, output: str | None, engine: str, tidy: bool) -> int:
    try:
        chain = load_chain(file)
        result = layout_chain(chain, engine=engine, mode="tidy" if tidy else "all")
        apply_layout(chain, result)
        write_chain(chain, output or file)
    except (ChainFileError, LayoutTooLarge) as error:
        print(printable(f"chain-designer: {error}"), file=sys.stderr)
        return EXIT_UNREADABLE
    note = f" {result.note}" if result.note else ""
    print(
        f"Laid out {len(result.positions)} touchpoints with {result.engine} into {shown_output(output or file)}.{note}",
        file=report_stream(output or file),
    )
    return EXIT_OK


# -- export ------------------------------------------------------------------------------


def chosen_export_format(output: str, asked: str | None, handout: bool) -> str | None:
    """The format to write: as asked, else from the output's suffix (None: unknown)."""
    if asked:
        return asked
    fmt = format_for_path(output, {"--handout"} if handout else ())
    return fmt.id if fmt else None


def run_export(args) -> int:
    fmt = chosen_export_format(args.output, args.format, args.handout)
    if fmt is None:
        print(
            f"chain-designer: cannot tell the format from {args.output!r}; add --format "
            f"({', '.join(sorted(fmt.id for fmt in EXPORT_FORMATS))})",
            file=sys.stderr,
        )
        return EXIT_UNREADABLE
    if args.output == STANDARD_OUTPUT and not export_format(fmt).text:
        print(
            f"chain-designer: {fmt} is not text, so it is not written to standard output; "
            "give a file name with -o",
            file=sys.stderr,
        )
        return EXIT_UNREADABLE
    try:
        chain = load_chain(args.file)
    except ChainFileError as error:
        print(printable(f"chain-designer: {error}"), file=sys.stderr)
        return EXIT_UNREADABLE
    start_qt_for_drawing()
    from app.export import ExportError, ExportOptions, write_export

    options = ExportOptions(
        scope="department" if args.department else "chain",
        department_id=args.department,
        **{option: getattr(args, option) for option in EXPORT_OPTIONS},
    )
    report: dict = {}
    try:
        if args.output == STANDARD_OUTPUT:
            result = export_to_standard_output(chain, fmt, options, report)
        else:
            result = write_export(chain, fmt, args.output, options, report)
    except ExportError as error:
        print(printable(f"chain-designer: {error}"), file=sys.stderr)
        return EXIT_UNREADABLE
    print(
        f"Exported {chain.title!r} as {fmt} to {shown_output(args.output)}" + (f" ({result})" if result else ""),
        file=report_stream(args.output),
    )
    note = small_labels_note(report.get("plan"), args.page)
    if note:
        print(f"chain-designer: {note}", file=sys.stderr)
    return EXIT_OK


def start_qt_for_drawing() -> None:
    """The QApplication the drawn exports need, offscreen when there is no screen."""
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # exporting needs no screen
    from PySide6.QtWidgets import QApplication

    QApplication.instance() or QApplication([sys.argv[0]])


def export_to_standard_output(chain: Chain, fmt: str, options, report: dict) -> str:
    """Export into a private temporary folder, then copy the bytes to stdout.

    The same code as a file export writes them, so `-o -` and `-o FILE` cannot differ.
    """
    from app.export import write_export

    with tempfile.TemporaryDirectory(prefix="chain-designer-") as folder:
        temporary = Path(folder) / "export"
        result = write_export(chain, fmt, temporary, options, report)
        write_standard_output(temporary.read_bytes())
    return result


def small_labels_note(plan, page: str) -> str:
    """A warning when a PDF fitted to one page prints its labels too small to read ("" if not)."""
    from app.export.pdf import MIN_LABEL_POINTS, ONE_PAGE

    if plan is None or plan.tiled or plan.fitted_label_points >= MIN_LABEL_POINTS:
        return ""
    return (
        f"The labels would print at {plan.fitted_label_points:.1f} pt on {ONE_PAGE[page]}; add --tiles "
        "to spread the diagram over pages at a readable size."
    )


# -- minutes -----------------------------------------------------------------------------

MINUTES_SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".pdf": "pdf"}


def run_minutes(file: str, session_id: str | None, output: str, page: str) -> int:
    """Write the minutes of a review session as Markdown (.md, or - for stdout) or PDF."""
    from app.export.options import ExportError, ExportOptions, write_file
    from models.minutes import MinutesError, session_list, session_minutes, to_markdown

    kind = "markdown" if output == STANDARD_OUTPUT else MINUTES_SUFFIXES.get(Path(output).suffix.lower())
    if kind is None:
        print(printable(f"chain-designer: cannot tell the format from {output!r}; name it .md or .pdf "
                        "(or - for Markdown on standard output)"), file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        chain = load_chain(file)
        if session_id is None and len(chain.sessions) > 1:
            raise MinutesError(f"{file} has {len(chain.sessions)} review sessions; choose one with "
                               f"--session: {session_list(chain)}.")
        minutes = session_minutes(chain, session_id)
        if kind == "markdown":
            data = to_markdown(minutes).encode("utf-8")
            if output == STANDARD_OUTPUT:
                write_standard_output(data)
            else:
                write_file(data, output)
        else:
            start_qt_for_drawing()
            from app.minutes_pdf import export_minutes_pdf

            export_minutes_pdf(chain, minutes.session_id, output, ExportOptions(page=page))
    except (ChainFileError, MinutesError, ExportError) as error:
        print(printable(f"chain-designer: {error}"), file=sys.stderr)
        return EXIT_UNREADABLE
    comments, signoffs = minutes.comment_count(), len(minutes.signoffs)
    print(
        printable(
            f"Wrote the minutes of {minutes.title!r} ({minutes.date}: {comments} comment"
            f"{'' if comments == 1 else 's'}, {signoffs} sign-off{'' if signoffs == 1 else 's'}) "
            f"to {shown_output(output)}"
        ),
        file=report_stream(output),
    )
    return EXIT_OK


# -- diff and merge ----------------------------------------------------------------------


def run_diff(old: str, new: str, output_format: str) -> int:
    from models.diff import diff_chains

    try:
        difference = diff_chains(load_chain(old), load_chain(new))
    except ChainFileError as error:
        print(printable(f"chain-designer: {error}"), file=sys.stderr)
        return EXIT_UNREADABLE
    if output_format == "json":
        print(json.dumps(difference.to_json(), indent=2, ensure_ascii=False))
    elif not difference.is_empty():
        print(difference.to_text())
    return EXIT_OK if difference.is_empty() else EXIT_FINDINGS


def run_merge(base: str, ours: str, theirs: str, output: str) -> int:
    from models.merge import merge_chains

    try:
        result = merge_chains(load_chain(base), load_chain(ours), load_chain(theirs))
        write_chain(result.chain, output)
    except ChainFileError as error:
        print(printable(f"chain-designer: {error}"), file=sys.stderr)
        return EXIT_UNREADABLE
    for conflict in result.conflicts:
        print(f"{output}: {conflict.to_text()}", file=report_stream(output))
    return EXIT_FINDINGS if result.conflicts else EXIT_OK


def run_git_diff(path: str, rest: list[str]) -> int:
    """git's diff.<driver>.command: PATH OLD OLD-HEX OLD-MODE NEW NEW-HEX NEW-MODE."""
    from models.diff import diff_chains

    print(printable(f"chain diff {path}"))
    if len(rest) < 6:  # git passes only PATH for an unmerged file
        print(printable(f"{path}: unmerged; run `git diff` again after resolving it"))
        return EXIT_OK
    old_file, new_file = rest[0], rest[3]
    try:
        old = _chain_or_empty(old_file, f"a/{path}")
        new = _chain_or_empty(new_file, f"b/{path}")
    except ChainFileError as error:
        print(printable(f"chain-designer: {error}"))
        return EXIT_OK  # git treats any other exit status as fatal
    difference = diff_chains(old, new)
    print(difference.to_text() if not difference.is_empty() else "(same content; only the bytes differ)")
    return EXIT_OK


def _chain_or_empty(file: str, name: str) -> Chain:
    if file == os.devnull:  # the file is new or deleted
        return Chain(title="", departments=[], touchpoints=[])
    return load_chain(file, name=name)


if __name__ == "__main__":
    sys.exit(main())
