"""The guard that keeps a spreadsheet from running a CSV cell as a formula, and its removal.

A spreadsheet runs a cell that starts with `=`, `+`, `@` or `-` as a formula (OWASP "CSV
injection"), also after spaces or line breaks it trims away; a minus sign only counts
where the cell is not simply a negative number. The export puts a `'` before such a
text; the import takes exactly that `'` away again, so a round trip gives back the text.

A text that itself starts with `'` before something formula-like ("'=x") is guarded
too ("''=x"), so removing one `'` is never ambiguous.
"""

from __future__ import annotations

import re

_FORMULA_START = re.compile(r"[=+@]|-(?!\d+(?:[.,]\d+)?\s*%?\s*$)")


def _needs_guard(text: str) -> bool:
    # Leading quotes are looked through: they are either the guard or a text's own.
    text = text.lstrip("'")
    return text[:1] in ("\t", "\r") or bool(_FORMULA_START.match(text.lstrip()))


def formula_guarded(text: str) -> str:
    """`text`, with a leading `'` if a spreadsheet would read it as a formula.

    That is: its first character after any whitespace (spaces, tabs, line breaks, no-break
    and other Unicode spaces) starts a formula, or it starts with a tab or carriage return;
    `'` characters at its start are looked through.
    """
    return "'" + text if _needs_guard(text) else text


def formula_unguarded(text: str) -> str:
    """The text `formula_guarded` was given: `text` without the guard's `'`, if it has one."""
    if text.startswith("'") and _needs_guard(text[1:]):
        return text[1:]
    return text


__all__ = ["formula_guarded", "formula_unguarded"]
