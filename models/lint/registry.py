"""The registry of lint rules: each rule is a small function with its metadata."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple, Protocol

if TYPE_CHECKING:
    from models.chain import Chain, Touchpoint
    from models.lint.context import LintContext

#: Most severe first; findings sort in this order.
SEVERITIES = ("error", "warning", "info")


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
    #: Findings about a touchpoint depend on that touchpoint (and the lanes) alone, so an
    #: edit of one touchpoint re-runs the rule for it only (see models.lint.live).
    per_touchpoint: bool = False
    #: Findings about a touchpoint depend on it and a few others near it (the cards it
    #: overlaps): live lint keeps one `tracker(chain)` (a Tracker) between edits instead
    #: of running `check` again.
    tracker: Callable[[Chain], Tracker] | None = None


class Tracker(Protocol):
    """A rule's findings about touchpoints, kept up to date as single touchpoints change.

    Live lint makes a new one after any edit that changes the chain's shape (see
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
    per_touchpoint: bool = False,
    tracker: Callable[[Chain], Tracker] | None = None,
):
    """Register the decorated function as the check of a rule."""
    if severity not in SEVERITIES:
        raise ValueError(f"rule {id}: unknown default severity {severity!r}")
    if per_touchpoint and tracker is not None:
        raise ValueError(f"rule {id}: a rule is per touchpoint or has a tracker, not both")

    def register(check: Callable[[LintContext], Iterable[Hit]]):
        if id in RULES:
            raise ValueError(f"rule {id} is registered twice")
        RULES[id] = Rule(
            id, severity, summary, " ".join(rationale.split()), hint, check, per_touchpoint, tracker
        )
        return check

    return register
