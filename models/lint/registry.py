"""The registry of lint rules: each rule is a small function with its metadata."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
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


RULES: dict[str, Rule] = {}


def rule(id: str, severity: str, summary: str, rationale: str, hint: str, *, per_touchpoint: bool = False):
    """Register the decorated function as the check of a rule."""
    if severity not in SEVERITIES:
        raise ValueError(f"rule {id}: unknown default severity {severity!r}")

    def register(check: Callable[[LintContext], Iterable[Hit]]):
        if id in RULES:
            raise ValueError(f"rule {id} is registered twice")
        RULES[id] = Rule(id, severity, summary, " ".join(rationale.split()), hint, check, per_touchpoint)
        return check

    return register
