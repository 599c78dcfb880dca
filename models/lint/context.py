"""What the rules share: lookups and graph facts computed once per lint run."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from functools import cached_property

from models.chain import Chain, Comment, Department, Person, Touchpoint
from models.comments import open_critiques
from models.measures import open_action_elements


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
        return Counter(t.owner for t in self.chain.touchpoints if t.owner is not None)

    @cached_property
    def touchpoints(self) -> dict[str, Touchpoint]:
        return {touchpoint.id: touchpoint for touchpoint in self.chain.touchpoints}

    @cached_property
    def lane_of(self) -> dict[str, str]:
        """Touchpoint id -> its department's id."""
        return {touchpoint.id: touchpoint.department for touchpoint in self.chain.touchpoints}

    @cached_property
    def departments(self) -> dict[str, Department]:
        return {department.id: department for department in self.chain.departments}

    @cached_property
    def people(self) -> dict[str, Person]:
        return {person.id: person for person in self.chain.people}

    @cached_property
    def successors(self) -> dict[str, list[str]]:
        """Touchpoint id -> the touchpoints it hands off to (duplicates kept)."""
        successors: dict[str, list[str]] = {t.id: [] for t in self.chain.touchpoints}
        for handoff in self.chain.handoffs:
            successors[handoff.source].append(handoff.target)
        return successors

    @cached_property
    def predecessors(self) -> dict[str, list[str]]:
        predecessors: dict[str, list[str]] = {t.id: [] for t in self.chain.touchpoints}
        for handoff in self.chain.handoffs:
            predecessors[handoff.target].append(handoff.source)
        return predecessors

    @cached_property
    def linked(self) -> set[str]:
        """The touchpoints with a handoff to or from them."""
        linked = {handoff.source for handoff in self.chain.handoffs}
        linked.update(handoff.target for handoff in self.chain.handoffs)
        return linked

    @cached_property
    def starts(self) -> list[str]:
        return [t.id for t in self.chain.touchpoints if t.kind == "start"]

    @cached_property
    def ends(self) -> list[str]:
        return [t.id for t in self.chain.touchpoints if t.kind == "end"]

    @cached_property
    def open_critiques(self) -> dict[str | None, list[Comment]]:
        """Element id (None: the chain) -> its open critiques, replies included."""
        return open_critiques(self.chain)

    @cached_property
    def open_action_elements(self) -> set[str]:
        """The ids of the elements some improvement action not done yet names."""
        return open_action_elements(self.chain)

    @cached_property
    def avoided_words(self) -> list[tuple[re.Pattern, str, str]]:
        """(whole-word pattern, the word to avoid, the term to use) for the glossary."""
        return [
            (re.compile(rf"(?<!\w){re.escape(' '.join(word.split()))}(?!\w)", re.IGNORECASE), word, term.term)
            for term in self.chain.glossary
            for word in term.avoid
            if word.strip()
        ]

    @cached_property
    def customer_lanes(self) -> set[str]:
        return {d.id for d in self.chain.departments if d.role == "customer"}

    def in_customer_lane(self, touchpoint: Touchpoint) -> bool:
        """The customer's own actions: nobody in the organisation owns or scripts them."""
        return touchpoint.department in self.customer_lanes

    def about(self, touchpoint: Touchpoint) -> TouchpointContext:
        """This context narrowed to one touchpoint, for a rule that reports per touchpoint."""
        return TouchpointContext(self, touchpoint)


class TouchpointContext:
    """A LintContext narrowed to one touchpoint: `chain.touchpoints` holds that one alone,
    so a per-touchpoint rule reports on it only, while every lookup (handoffs, lanes,
    people, other touchpoints) is the whole chain's, computed once by the wider context."""

    def __init__(self, context: LintContext, touchpoint: Touchpoint):
        self._context = context
        self.chain = _OneTouchpoint(context.chain, touchpoint)

    def __getattr__(self, name: str):
        return getattr(self._context, name)


class _OneTouchpoint:
    """A chain whose touchpoints are one of them; the rest of the chain as it is."""

    def __init__(self, chain: Chain, touchpoint: Touchpoint):
        self._chain = chain
        self.touchpoints = [touchpoint]

    def __getattr__(self, name: str):
        return getattr(self._chain, name)
