"""The import formats, each declared once: the command line and the tests read this.

A format says what it is called, which file suffixes it reads, how to recognise its
content when the suffix does not tell (or when several formats share the suffix, as
draw.io and BPMN share .xml), the function that reads a file into a chain and a report
of what it left out, and, for a file of several pages, how to list them. To add a
format, write its reader and add one ImportFormat to IMPORT_FORMATS. `import_chain` is
what the command line and File > Import… both call.

Like the export registry (app/export/formats.py), this module loads no Qt.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.translatable import QT_TRANSLATE_NOOP
from models.bpmn_import import BpmnImportError, import_bpmn, looks_like_bpmn
from models.chain import Chain
from models.csv_import import CsvImportError, import_csv, looks_like_inventory
from models.drawio_import import DrawioImportError, drawio_page_names, looks_like_drawio, read_drawio_diagram
from models.layout import LayoutTooLarge, layout_chain

#: How much of a file `recognises` is given: enough for a header row or an XML root.
HEAD_BYTES = 4096


class ChainImportError(Exception):
    """A file that could not be imported; its text is one sentence that names the file."""


@dataclass(frozen=True)
class ImportReport:
    """What an import could not carry over into the chain, one sentence each."""

    left_out: tuple[str, ...] = ()
    #: True when the reader gave every touchpoint its place (our own draw.io export; a
    #: BPMN file's diagram, laid out where it had none): laying the chain out again
    #: would lose that arrangement.
    placed: bool = False


#: Reads the file at a path into a chain, titled as given (None: from the file); raises
#: ChainImportError, and nothing else, for a file it cannot read. The reader of a format
#: with pages also takes `page=`: a page's name or number from 1 (default: the first).
Reader = Callable[["str | os.PathLike", "str | None"], "tuple[Chain, ImportReport]"]
#: The names of a file's pages, in order; raises ChainImportError for a bad file.
PageLister = Callable[["str | os.PathLike"], "list[str]"]


@dataclass(frozen=True)
class ImportFormat:
    """One import format."""

    id: str
    name: str  # how the editor lists it (translated there, context "ImportFormats")
    files: str  # the file dialog's filter, before the patterns (the same)
    suffixes: tuple[str, ...]  # lower case with the dot
    read: Reader
    recognises: Callable[[bytes], bool]  # whether the first HEAD_BYTES of a file are this format
    pages: PageLister | None = None  # None: a file of this format is one page

    @property
    def patterns(self) -> str:
        """The suffixes as a file dialog's patterns: "*.csv"."""
        return " ".join(f"*{suffix}" for suffix in self.suffixes)


# -- the readers ---------------------------------------------------------------------------


def _read_csv(path: str | os.PathLike, title: str | None) -> tuple[Chain, ImportReport]:
    try:
        return import_csv(path, title=title), ImportReport()
    except CsvImportError as error:
        raise ChainImportError(str(error)) from None


def read_drawio(
    path: str | os.PathLike, title: str | None, page: str | int | None = None
) -> tuple[Chain, ImportReport]:
    """A draw.io diagram's page (default: the first) as a chain."""
    try:
        result = read_drawio_diagram(path, title=title, page=page)
    except DrawioImportError as error:
        raise ChainImportError(str(error)) from None
    return result.chain, ImportReport(tuple(result.left_out), placed=result.placed)


def _drawio_pages(path: str | os.PathLike) -> list[str]:
    try:
        return drawio_page_names(path)
    except DrawioImportError as error:
        raise ChainImportError(str(error)) from None


def _read_bpmn(path: str | os.PathLike, title: str | None) -> tuple[Chain, ImportReport]:
    try:
        chain, left_out = import_bpmn(path, title)
    except BpmnImportError as error:
        raise ChainImportError(str(error)) from None
    return chain, ImportReport(tuple(left_out), placed=True)


# -- the registry --------------------------------------------------------------------------

IMPORT_FORMATS = (
    ImportFormat(
        id="csv", name=QT_TRANSLATE_NOOP("ImportFormats", "CSV touchpoint inventory"),
        files=QT_TRANSLATE_NOOP("ImportFormats", "CSV files"), suffixes=(".csv",),
        read=_read_csv, recognises=looks_like_inventory,
    ),
    ImportFormat(
        id="drawio", name=QT_TRANSLATE_NOOP("ImportFormats", "draw.io diagram"),
        files=QT_TRANSLATE_NOOP("ImportFormats", "draw.io diagrams"), suffixes=(".drawio", ".xml"),
        read=read_drawio, recognises=looks_like_drawio, pages=_drawio_pages,
    ),
    ImportFormat(
        id="bpmn", name=QT_TRANSLATE_NOOP("ImportFormats", "BPMN 2.0 process"),
        files=QT_TRANSLATE_NOOP("ImportFormats", "BPMN files"), suffixes=(".bpmn", ".xml"),
        read=_read_bpmn, recognises=looks_like_bpmn,
    ),
)


def import_format(format_id: str) -> ImportFormat:
    """The format of `format_id`; an unknown one is refused in one sentence."""
    for fmt in IMPORT_FORMATS:
        if fmt.id == format_id:
            return fmt
    known = ", ".join(fmt.id for fmt in IMPORT_FORMATS)
    raise ChainImportError(f"Unknown import format {format_id!r}; use one of {known}.")


def format_of_file(path: str | os.PathLike) -> ImportFormat | None:
    """The format of the file at `path`: by its suffix, else by its content (None: no
    format reads it, or it cannot be read; its reader will say why). Where several
    formats claim the suffix, the content chooses among them, and the first of them
    reads a file none recognises (and says why it cannot)."""
    suffix = Path(path).suffix.lower()
    claimants = [fmt for fmt in IMPORT_FORMATS if suffix in fmt.suffixes]
    if len(claimants) == 1:
        return claimants[0]
    head = _head(path)
    candidates = claimants or list(IMPORT_FORMATS)
    recognised = next((fmt for fmt in candidates if head is not None and fmt.recognises(head)), None)
    return recognised or (claimants[0] if claimants else None)


def _head(path: str | os.PathLike) -> bytes | None:
    """The first HEAD_BYTES of a regular file; None for anything else."""
    try:
        if not Path(path).is_file():  # a pipe would wait for a writer
            return None
        with open(path, "rb") as file:
            return file.read(HEAD_BYTES)
    except OSError:
        return None


def import_chain(
    fmt: ImportFormat,
    path: str | os.PathLike,
    title: str | None = None,
    page: str | int | None = None,
    lay_out: bool = True,
) -> tuple[Chain, ImportReport]:
    """Read the file at `path` in format `fmt` and, unless `lay_out` is False or the file
    places the cards as a chain had them (ImportReport.placed), lay the chain out (dot,
    else the built-in layout) as the editor's Auto-layout would."""
    chain, report = fmt.read(path, title) if page is None else fmt.read(path, title, page=page)
    if lay_out and not report.placed:
        try:
            positions = layout_chain(chain).positions
        except LayoutTooLarge as error:
            raise ChainImportError(f"{os.fspath(path)}: {error}") from None
        for touchpoint in chain.touchpoints:
            touchpoint.position = positions.get(touchpoint.id, touchpoint.position)
    return chain, report


def counted(count: int, noun: str) -> str:
    """"1 handoff", "3 handoffs"."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def imported_summary(chain: Chain) -> str:
    """What an import brought in: "12 touchpoints in 4 departments with 14 handoffs"."""
    return (
        f"{counted(len(chain.touchpoints), 'touchpoint')} in {counted(len(chain.departments), 'department')} "
        f"with {counted(len(chain.handoffs), 'handoff')}"
    )
