"""What every importer does first: take the file it is given (a path, or its bytes) and
refuse, in one sentence, one that is missing, a folder, a pipe or device (reading it
could block or never end) or too large; read an XML file without letting it declare
entities; and the title a chain gets from its file's name.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

MAX_FILE_BYTES = 50 * 1024 * 1024

#: refuse(shown name, reason) -> the importer's own error, to raise
Refusal = Callable[[str, str], Exception]


def source_bytes(source: str | os.PathLike | bytes, name: str | None, refuse: Refusal,
                 kind: str, holder: str) -> tuple[bytes, str, str | None]:
    """(the file's bytes, the name messages show, the file name a title comes from).
    `kind` names the file in a refusal ("a CSV file"), `holder` what may not exceed
    MAX_FILE_BYTES ("an inventory")."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), name or "<data>", name
    shown = name or os.fspath(source)
    path = Path(source)
    try:
        status = path.stat()
        if stat.S_ISDIR(status.st_mode):
            raise refuse(shown, f"this is a folder, not {kind}")
        if not stat.S_ISREG(status.st_mode):
            raise refuse(shown, f"this is not a regular file, so not {kind}")
        if status.st_size > MAX_FILE_BYTES:
            raise refuse(shown, too_large_message(status.st_size, holder))
        with path.open("rb") as file:
            return file.read(MAX_FILE_BYTES + 1), shown, shown
    except FileNotFoundError:
        raise refuse(shown, "the file does not exist") from None
    except PermissionError:
        raise refuse(shown, "you do not have permission to read this file") from None
    except OSError as error:
        raise refuse(shown, f"the file could not be read: {error.strerror or error}") from None


def too_large_message(size: int, holder: str) -> str:
    return f"the file is {size / 1024 / 1024:.0f} MB, more than the {MAX_FILE_BYTES // 1024 // 1024} MB {holder} may have"


def title_from_file_name(name: str | None, default: str) -> str:
    """"order-inventory.csv" -> "Order inventory"; `default` when there is no name."""
    words = re.split(r"[\s_-]+", Path(name).stem) if name else []
    text = " ".join(word for word in words if word)
    return text[:1].upper() + text[1:] if text else default


class _DoctypeMet(Exception):
    """Raised by the parser's target where the file's DOCTYPE begins."""


class _TreeWithoutDoctype(ElementTree.TreeBuilder):
    def doctype(self, name, pubid, system):
        raise _DoctypeMet


def parse_xml(data: bytes | str, shown_name: str, refuse: Refusal, writer: str) -> ElementTree.Element:
    """The root element of an XML file; a file with a DOCTYPE is refused.

    Entities can only be declared in a DOCTYPE, and the parser stops where the DOCTYPE
    begins, before any entity is declared: so no entity expansion bomb ("billion
    laughs") and no external entity is ever read, whatever the encoding and however
    long the comments before it. `writer` names the program whose files these are
    ("draw.io"): none of them writes a DOCTYPE.
    """
    parser = ElementTree.XMLParser(target=_TreeWithoutDoctype())
    try:
        parser.feed(data)
        return parser.close()
    except _DoctypeMet:
        raise refuse(shown_name, f"the file declares a DOCTYPE, which {writer} never writes") from None
    except ElementTree.ParseError as error:
        raise refuse(shown_name, f"the file is not well-formed XML ({error})") from None
