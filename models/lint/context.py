"""What the rules share: lookups and graph facts computed once per lint run.

Rules read the touchpoints and handoffs through `touchpoint_rows` and `handoffs`
(models.lint.rows), read once for all of them, not through `chain.touchpoints`: on a
large chain a pass over the models per rule is what made lint grow faster than the
chain. The graph facts number the touchpoints by their place in file order.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from functools import cached_property
from typing import NamedTuple

from models.chain import Chain, Comment, Touchpoint
from models.comments import open_critiques
from models.lint.rows import HandoffColumns, TouchpointRow, handoff_columns, touchpoint_rows
from models.measures import open_action_elements


class AvoidedWord(NamedTuple):
    pattern: re.Pattern  # the word, whole, in any case
    word: str  # as the glossary says it
    term: str  # the glossary's term to use instead
    #: The word in lower case when it is ASCII: in ASCII text the pattern can match only
    #: where this occurs in the text's lower case, a test far quicker than the pattern.
    ascii_lower: str | None


class LintContext:
    #: What "overdue" is measured against; tests may set another day.
    today: datetime.date

    def __init__(self, chain: Chain, owned: Counter | None = None, today: datetime.date | None = None):
        self.chain = chain
        self.today = today or datetime.date.today()
        if owned is not None:  # kept up to date by live lint, so no rule recounts
            self.owned = owned

    @cached_property
    def owned(self) -> Counter:
        """Person id -> how many touchpoints they own."""
        return Counter(row.owner for row in self.touchpoint_rows if row.owner is not None)

    @cached_property
    def touchpoint_rows(self) -> list[TouchpointRow]:
        """The touchpoints' fields, in file order, read once for every rule (models.lint.rows)."""
        return touchpoint_rows(self.chain.touchpoints)

    @cached_property
    def number(self) -> dict[str, int]:
        """Touchpoint id -> its number: its place in file order, and in touchpoint_rows."""
        return {row.id: number for number, row in enumerate(self.touchpoint_rows)}

    @cached_property
    def handoffs(self) -> HandoffColumns:
        """The handoffs' fields, a list each in file order, their ends by number."""
        return handoff_columns(self.chain.handoffs, self.number)

    @cached_property
    def lanes(self) -> list[str]:
        """Touchpoint number -> its lane (department id), for the whole chain."""
        return [row.department for row in self.touchpoint_rows]

    @cached_property
    def successors(self) -> list[list[int]]:
        """Touchpoint number -> the numbers of those it hands off to (duplicates kept)."""
        return self._neighbours[0]

    @cached_property
    def predecessors(self) -> list[list[int]]:
        """Touchpoint number -> the numbers of those that hand off to it (duplicates kept)."""
        return self._neighbours[1]

    @cached_property
    def _neighbours(self) -> tuple[list[list[int]], list[list[int]]]:
        """(successors, predecessors), in one pass over the handoffs."""
        successors: list[list[int]] = [[] for _ in self.touchpoint_rows]
        predecessors: list[list[int]] = [[] for _ in self.touchpoint_rows]
        for source, target in zip(self.handoffs.sources, self.handoffs.targets):
            successors[source].append(target)
            predecessors[target].append(source)
        return successors, predecessors

    @cached_property
    def linked(self) -> list[bool]:
        """Touchpoint number -> whether a handoff leads to or from it."""
        return [bool(out or into) for out, into in zip(self.successors, self.predecessors)]

    @cached_property
    def starts(self) -> list[int]:
        """The numbers of the start touchpoints."""
        return [number for number, row in enumerate(self.touchpoint_rows) if row.kind == "start"]

    @cached_property
    def ends(self) -> list[int]:
        """The numbers of the end touchpoints."""
        return [number for number, row in enumerate(self.touchpoint_rows) if row.kind == "end"]

    @cached_property
    def open_critiques(self) -> dict[str | None, list[Comment]]:
        """Element id (None: the chain) -> its open critiques, replies included."""
        return open_critiques(self.chain)

    @cached_property
    def open_action_elements(self) -> set[str]:
        """The ids of the elements some improvement action not done yet names."""
        return open_action_elements(self.chain)

    @cached_property
    def avoided_words(self) -> list[AvoidedWord]:
        """The glossary's words to avoid, each with its whole-word pattern and the term to use."""
        avoided = []
        for term in self.chain.glossary:
            for word in term.avoid:
                if word.strip():
                    spaced = " ".join(word.split())
                    pattern = re.compile(rf"(?<!\w){re.escape(spaced)}(?!\w)", re.IGNORECASE)
                    avoided.append(AvoidedWord(pattern, word, term.term, spaced.lower() if spaced.isascii() else None))
        return avoided

    @cached_property
    def customer_lanes(self) -> set[str]:
        """The ids of the customer's lanes: the customer's own actions, which nobody in
        the organisation owns or scripts."""
        return {d.id for d in self.chain.departments if d.role == "customer"}

    def about(self, touchpoint: Touchpoint) -> TouchpointContext:
        """This context narrowed to one touchpoint, for a rule that reports per touchpoint."""
        return TouchpointContext(self, touchpoint_rows([touchpoint]))

    def about_rows(self, rows: list[TouchpointRow]) -> TouchpointContext:
        """This context narrowed to some of its own touchpoint rows (a block of them)."""
        return TouchpointContext(self, rows)


class TouchpointContext:
    """A LintContext narrowed to some touchpoints (often one): `chain.touchpoints` and
    `touchpoint_rows` hold those alone, so a per-touchpoint rule reports on them only,
    while every lookup (handoffs, lanes, people, other touchpoints, `number`) is the
    whole chain's, computed once by the wider context."""

    def __init__(self, context: LintContext, rows: list[TouchpointRow]):
        self._context = context
        self.touchpoint_rows = rows
        self.chain = _SomeTouchpoints(context.chain, [row.touchpoint for row in rows])

    def __getattr__(self, name: str):
        return getattr(self._context, name)


class _SomeTouchpoints:
    """A chain whose touchpoints are some of them; the rest of the chain as it is."""

    def __init__(self, chain: Chain, touchpoints: list[Touchpoint]):
        self._chain = chain
        self.touchpoints = touchpoints

    def __getattr__(self, name: str):
        return getattr(self._chain, name)
