"""Comment threads: which element each comment is about, and which are still open.

A comment answers the comment in its `reply_to`, which comes before it in the file, so
one pass in file order finds every thread's element: a reply is about what its thread's
first comment is about, whatever its own `element` says.
"""

from __future__ import annotations

from models.chain import Chain, Comment


def pinned_elements(chain: Chain) -> dict[str, str | None]:
    """Comment id -> the element its thread is pinned to (None: the chain)."""
    pinned: dict[str, str | None] = {}
    for comment in chain.comments:
        reply_to = comment.reply_to
        pinned[comment.id] = pinned.get(reply_to, comment.element) if reply_to else comment.element
    return pinned


def comments_by_element(chain: Chain) -> dict[str | None, list[Comment]]:
    """Element id (None: the chain) -> the comments of its threads, in file order."""
    pinned = pinned_elements(chain)
    found: dict[str | None, list[Comment]] = {}
    for comment in chain.comments:
        found.setdefault(pinned[comment.id], []).append(comment)
    return found


def open_critiques(chain: Chain) -> dict[str | None, list[Comment]]:
    """Element id (None: the chain) -> its open critiques, replies included."""
    found: dict[str | None, list[Comment]] = {}
    for element, comments in comments_by_element(chain).items():
        critiques = [c for c in comments if c.kind == "critique" and c.status == "open"]
        if critiques:
            found[element] = critiques
    return found
