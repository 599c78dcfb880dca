"""Text shown on one terminal line: characters that could change the screen, escaped.

Labels come from users and from files of others. Printed as they are, an ESC starts a
terminal control sequence (change the window title, clear the screen), a carriage return
overwrites the line, and the Unicode line separators, vertical tab and form feed break
"one line per finding". `printable` writes every such character as a visible escape
(`\\x1b`, `\\r`, `\\u2028`), so a printed line shows exactly one line of text.
"""

from __future__ import annotations

import re

# C0 controls, DEL, C1 controls; line and paragraph separators; the bidirectional
# controls that reorder what is shown (as in "Trojan Source"); lone surrogates, which
# cannot be encoded to be printed at all.
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_SHORT_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match) -> str:
    char = match.group()
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` with control characters, line separators and bidi controls escaped."""
    return _UNPRINTABLE.sub(_escape, text)
