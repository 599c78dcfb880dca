"""The registry of lint rules: each rule is a small function with its metadata."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Flag, auto
from typing import TYPE_CHECKING, NamedTuple, Protocol

if TYPE_CHECKING:
    from models.chain import Chain, Touchpoint
    from models.lint.context import LintContext

#: Most severe first; findings sort in this order.
SEVERITIES = ("error", "warning", "info")


class Reads(Flag):
    """What a rule's findings depend on. Live lint (models.lint.live) re-runs a rule after
    an edit of something it reads, and only then; adding or removing any element, a
    person or a lane runs every rule."""

    #: Every field of the touchpoint a finding is about, and of no other touchpoint: the
    #: rule reports on touchpoints one by one, so an edit of one touchpoint re-runs it
    #: for that touchpoint alone (or, with a tracker, for it and its neighbours).
    TOUCHPOINT = auto()
    #: Who owns each touchpoint (its `owner`), across the chain.
    OWNERS = auto()
    #: Each touchpoint's lane, kind and whom it serves (PLACE_FIELDS), across the chain.
    PLACES = auto()
    #: Which touchpoints hand off to which.
    HANDOFFS = auto()
    #: What each handoff says: its label, what it passes, its expectation.
    HANDOFF_TEXT = auto()
    #: The people of the roster.
    ROSTER = auto()
    #: The departments (lanes) and their roles.
    DEPARTMENTS = auto()
    #: The comments: what they are pinned to, their kind and status.
    COMMENTS = auto()
    #: The improvement actions: what they name, their phase and due date.
    ACTIONS = auto()
    #: The internal ratings of the departments.
    RATINGS = auto()
    #: The glossary's terms and the words it says to avoid.
    GLOSSARY = auto()


#: The touchpoint fields that make up Reads.PLACES: an edit of one of them changes what
#: the rules reading places see, not just the touchpoint itself.
PLACE_FIELDS = ("department", "kind", "serves")


class Hit(NamedTuple):
    """What a rule reports: the element (None for the chain as a whole) and why."""

    element: str | None
    message: str


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str  # the default; a chain's `lint.rules` may override it
    summary: str  # one line, for lists and help
    rationale: str  # one paragraph: why the rule matters in a service chain
    hint: str  # how to fix a finding
    check: Callable[[LintContext], Iterable[Hit]]
    #: What its findings depend on (see Reads).
    reads: Reads
    #: Findings about a touchpoint depend on it and a few others near it (the cards it
    #: overlaps): live lint keeps one `tracker(chain)` (a Tracker) between edits instead
    #: of running `check` again after an edit of one touchpoint.
    tracker: Callable[[Chain], Tracker] | None = None

    @property
    def per_touchpoint(self) -> bool:
        """Each finding is about one touchpoint and reads that touchpoint's fields."""
        return Reads.TOUCHPOINT in self.reads


class Tracker(Protocol):
    """A rule's findings about touchpoints, kept up to date as single touchpoints change.

    Live lint makes a new one after an edit of anything else the rule reads (see
    models.lint.live); between those it reports each edit of one touchpoint's fields.
    """

    def hits(self) -> dict[str, list[Hit]]:
        """Touchpoint id -> its hits, for every touchpoint with any, in file order."""
        ...

    def touchpoint_changed(self, touchpoint: Touchpoint) -> dict[str, list[Hit]]:
        """After an edit of `touchpoint`'s fields: touchpoint id -> its hits now ([] for
        none), for every touchpoint whose hits may have changed."""
        ...


RULES: dict[str, Rule] = {}


def rule(
    id: str,
    severity: str,
    summary: str,
    rationale: str,
    hint: str,
    *,
    reads: Reads,
    tracker: Callable[[Chain], Tracker] | None = None,
):
    """Register the decorated function as the check of a rule that reads `reads`."""
    if severity not in SEVERITIES:
        raise ValueError(f"rule {id}: unknown default severity {severity!r}")
    if not isinstance(reads, Reads) or not reads:
        raise ValueError(f"rule {id}: say what the rule reads, e.g. reads=Reads.TOUCHPOINT")
    if tracker is not None and Reads.TOUCHPOINT not in reads:
        raise ValueError(f"rule {id}: a tracker follows touchpoints, so the rule reads Reads.TOUCHPOINT")

    def register(check: Callable[[LintContext], Iterable[Hit]]):
        if id in RULES:
            raise ValueError(f"rule {id} is registered twice")
        RULES[id] = Rule(id, severity, summary, " ".join(rationale.split()), hint, check, reads, tracker)
        return check

    return register
