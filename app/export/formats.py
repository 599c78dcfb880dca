"""The export formats, each declared once: the command line, File > Export… and the tests read this.

A format says what it is called, which file suffixes it writes, which of ExportOptions'
fields the user chooses for it (the export dialog shows their rows; the command line's
flags for them, whose dests are those fields, apply), whether it is text (so `-o -` may
print it), and the function that writes it. To add a format, write its writer and add
one ExportFormat to EXPORT_FORMATS.

This module loads no Qt: the command line builds its `--format` choices from it, and
`chain-designer lint` should not wait for Qt. The drawn formats' writers import their
module (and with it Qt) when they are called.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from app.export.options import ExportError, ExportOptions, scoped_chain, write_file
from app.translatable import QT_TRANSLATE_NOOP
from models.bpmn_export import to_bpmn
from models.chain import Chain
from models.csv_import import UTF8_BOM
from models.drawio_export import to_drawio
from models.interchange import to_csv, to_dot, to_graphml, to_mermaid


#: Writes `chain` (the part the options' scope names) to a path; returns what a user may
#: want to know of the result ("1200 x 800 pixels", "3 pages") or "". The dict, when
#: given, receives details a caller may warn about (see app.export.pdf.export_pdf). A
#: format that `reuses_scene` also takes `scene=`, the editor's scene of the chain.
Writer = Callable[[Chain, "str | os.PathLike", ExportOptions, "dict | None"], str]

#: The options of every picture of the diagram.
PICTURE_OPTIONS = frozenset({"title", "legend", "owner_names", "badges"})


@dataclass(frozen=True)
class ExportFormat:
    """One export format."""

    id: str  # --format, and the value File > Export… remembers
    name: str  # the export dialog's format list (translated there, context "ExportDialog")
    files: str  # the file dialog's filter, before the patterns (the same)
    help_name: str  # how the command line's help names it: "a training handout"
    suffixes: tuple[str, ...]  # lower case with the dot; the first is the one given to a new file
    write: Writer
    options: frozenset[str] = frozenset()  # the ExportOptions fields the user chooses for it, besides the scope
    text: bool = False  # text, so `-o -` may write it to standard output
    switch: str | None = None  # the command-line flag that picks it among formats of its suffix
    reuses_scene: bool = False  # draws from the editor's scene when given one (its routes), see write_export

    @property
    def patterns(self) -> str:
        """The suffixes as a file dialog's patterns: "*.dot *.gv"."""
        return " ".join(f"*{suffix}" for suffix in self.suffixes)


# -- the writers ---------------------------------------------------------------------------


def _pages(count: int) -> str:
    return f"{count} page{'' if count == 1 else 's'}"


def _write_svg(chain: Chain, path, options: ExportOptions, report: dict | None, scene=None) -> str:
    from app.export.svg import export_svg  # the drawn formats load Qt only when called

    export_svg(chain, path, options, scene)
    return ""


def _write_png(chain: Chain, path, options: ExportOptions, report: dict | None, scene=None) -> str:
    from app.export.png import export_png

    width, height = export_png(chain, path, options, scene)
    return f"{width} x {height} pixels"


def _write_pdf(chain: Chain, path, options: ExportOptions, report: dict | None, scene=None) -> str:
    from app.export.pdf import export_pdf

    return _pages(export_pdf(chain, path, options, report, scene))


def _write_handout(chain: Chain, path, options: ExportOptions, report: dict | None) -> str:
    from app.handout import export_handout

    return _pages(export_handout(chain, path, options))


def _text_writer(to_text: Callable[[Chain], str]) -> Writer:
    """A writer of the text `to_text` makes of the scoped chain, as UTF-8."""

    def write(chain: Chain, path, options: ExportOptions, report: dict | None) -> str:
        write_file(to_text(scoped_chain(chain, options)).encode("utf-8"), path)
        return ""

    return write


def _write_csv(chain: Chain, path, options: ExportOptions, report: dict | None) -> str:
    # Excel opens a CSV without a byte-order mark in the system's code page, not UTF-8.
    mark = UTF8_BOM if options.bom else b""
    write_file(mark + to_csv(scoped_chain(chain, options)).encode("utf-8"), path)
    return ""


def _write_mermaid(chain: Chain, path, options: ExportOptions, report: dict | None) -> str:
    text = to_mermaid(scoped_chain(chain, options))
    if Path(path).suffix.lower() == ".md":
        text = f"```mermaid\n{text.rstrip()}\n```\n"  # so Markdown wikis draw it
    write_file(text.encode("utf-8"), path)
    return ""


# -- the registry --------------------------------------------------------------------------

EXPORT_FORMATS = (
    ExportFormat(
        id="svg", name=QT_TRANSLATE_NOOP("ExportDialog", "SVG picture (PowerPoint, Keynote, web pages)"),
        files=QT_TRANSLATE_NOOP("ExportDialog", "SVG pictures"), help_name="SVG",
        suffixes=(".svg",), write=_write_svg, options=PICTURE_OPTIONS | {"links"}, text=True, reuses_scene=True,
    ),
    ExportFormat(
        id="png", name=QT_TRANSLATE_NOOP("ExportDialog", "PNG image (Google Slides, chat)"),
        files=QT_TRANSLATE_NOOP("ExportDialog", "PNG images"), help_name="PNG",
        suffixes=(".png",), write=_write_png, options=PICTURE_OPTIONS | {"scale", "transparent"}, reuses_scene=True,
    ),
    ExportFormat(
        id="pdf", name=QT_TRANSLATE_NOOP("ExportDialog", "PDF (print, one page or tiled)"),
        files=QT_TRANSLATE_NOOP("ExportDialog", "PDF documents"), help_name="PDF",
        suffixes=(".pdf",), write=_write_pdf, options=PICTURE_OPTIONS | {"page", "landscape", "fit"},
        reuses_scene=True,
    ),
    ExportFormat(
        # Its diagram always has owner names and no title; the legend is on its cover.
        id="handout", name=QT_TRANSLATE_NOOP("ExportDialog", "Training handout (PDF)"),
        files=QT_TRANSLATE_NOOP("ExportDialog", "PDF documents"), help_name="a training handout",
        suffixes=(".pdf",), write=_write_handout, options=frozenset({"page", "landscape", "findings", "comments", "scorecard"}),
        switch="--handout",
    ),
    ExportFormat(
        id="dot", name=QT_TRANSLATE_NOOP("ExportDialog", "Graphviz DOT"),
        files=QT_TRANSLATE_NOOP("ExportDialog", "Graphviz files"), help_name="DOT",
        suffixes=(".dot", ".gv"), write=_text_writer(to_dot), text=True,
    ),
    ExportFormat(
        id="graphml", name=QT_TRANSLATE_NOOP("ExportDialog", "GraphML (yEd)"),
        files=QT_TRANSLATE_NOOP("ExportDialog", "GraphML files"), help_name="GraphML",
        suffixes=(".graphml",), write=_text_writer(to_graphml), text=True,
    ),
    ExportFormat(
        id="mermaid", name=QT_TRANSLATE_NOOP("ExportDialog", "Mermaid flowchart (Markdown wikis)"),
        files=QT_TRANSLATE_NOOP("ExportDialog", "Mermaid files"), help_name="Mermaid",
        suffixes=(".mmd", ".md"), write=_write_mermaid, text=True,
    ),
    ExportFormat(
        id="drawio", name=QT_TRANSLATE_NOOP("ExportDialog", "draw.io diagram (diagrams.net)"),
        files=QT_TRANSLATE_NOOP("ExportDialog", "draw.io diagrams"), help_name="draw.io",
        suffixes=(".drawio",), write=_text_writer(to_drawio), text=True,
    ),
    ExportFormat(
        id="bpmn", name=QT_TRANSLATE_NOOP("ExportDialog", "BPMN 2.0 (Camunda, Signavio, bpmn.io)"),
        files=QT_TRANSLATE_NOOP("ExportDialog", "BPMN files"), help_name="BPMN",
        suffixes=(".bpmn",), write=_text_writer(to_bpmn), text=True,
    ),
    ExportFormat(
        id="csv", name=QT_TRANSLATE_NOOP("ExportDialog", "CSV inventory (the import's columns)"),
        files=QT_TRANSLATE_NOOP("ExportDialog", "CSV files"), help_name="CSV",
        suffixes=(".csv",), write=_write_csv, options=frozenset({"bom"}), text=True,
    ),
)


def export_format(format_id: str) -> ExportFormat:
    """The format of `format_id`; an unknown one is refused in one sentence."""
    for fmt in EXPORT_FORMATS:
        if fmt.id == format_id:
            return fmt
    known = ", ".join(fmt.id for fmt in EXPORT_FORMATS)
    raise ExportError(f"Unknown export format {format_id!r}; use one of {known}.")


def format_for_path(path: str | os.PathLike, switches: Iterable[str] = ()) -> ExportFormat | None:
    """The format a file name asks for by its suffix (None: no format writes it).

    Where formats share a suffix, the one whose switch is among `switches` wins (.pdf with
    --handout is the handout), else the one without a switch (.pdf alone is a PDF).
    """
    suffix = Path(path).suffix.lower()
    writing = [fmt for fmt in EXPORT_FORMATS if suffix in fmt.suffixes]
    switched = [fmt for fmt in writing if fmt.switch is not None and fmt.switch in switches]
    plain = [fmt for fmt in writing if fmt.switch is None]
    return (switched or plain or [None])[0]
