"""Which procedure links may be opened or written into an export (CHAIN-FORMAT.md)."""

from __future__ import annotations

import functools
import re
from urllib.parse import urlsplit

SAFE_SCHEMES = ("http", "https", "mailto")
# Browsers drop control characters and whitespace inside a scheme ("java\tscript:"),
# so a link holding any of them is never treated as safe.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


# The common case, checked without urlsplit: http(s)://host/... or mailto:someone.
_PLAIN_SAFE = re.compile(r"(?:https?://[A-Za-z0-9.-]+(?::[0-9]+)?(?:[/?#][!-~]*)?|mailto:[!-~]+)\Z")


def is_safe_link(link: str) -> bool:
    """True for http, https and mailto links and for relative file paths."""
    # A large chain links to the same few procedures many times: remember the answers
    # for links of a usual length (a pasted megabyte is not worth keeping).
    return _remembered_safe_link(link) if len(link) <= 2048 else _safe_link(link)


@functools.lru_cache(maxsize=4096)
def _remembered_safe_link(link: str) -> bool:
    return _safe_link(link)


def _safe_link(link: str) -> bool:
    if _PLAIN_SAFE.match(link):
        return True
    if not link or _CONTROL.search(link) or link != link.strip():
        return False
    if link.startswith(("/", "\\")):  # absolute or protocol-relative: not a relative path
        return False
    try:
        parts = urlsplit(link)
    except ValueError:
        return False
    if not parts.scheme:
        return True
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        return bool(parts.netloc)
    return scheme == "mailto" and bool(parts.path)
