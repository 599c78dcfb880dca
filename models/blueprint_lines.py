"""The lines a service blueprint draws between lanes: where they run, from the lanes' roles.

- the line of interaction, below the customer's lanes: above it the customer acts, below
  it the organisation;
- the line of visibility, below the lanes the customer sees (customer and front line);
- the line of internal interaction, above the support lanes, which serve the lanes above.

Each runs at the top of the first lane below it; two may run at the same place.
"""

from __future__ import annotations

from collections.abc import Iterable

#: The lines, in the order a blueprint names them.
LINE_KINDS = ("interaction", "visibility", "internal")
#: The roles of the lanes the customer sees.
FRONT_ROLES = ("customer", "frontline")


def _runs_between(kind: str, upper: str, lower: str) -> bool:
    if kind == "interaction":
        return upper == "customer" and lower != "customer"
    if kind == "visibility":
        return upper in FRONT_ROLES and lower not in FRONT_ROLES
    return upper != "support" and lower == "support"


def blueprint_lines(departments: Iterable) -> list[tuple[str, str]]:
    """(kind, id of the lane whose top it runs along) for each line the lanes have, each
    kind at its first place from the top."""
    departments = list(departments)
    found = []
    for kind in LINE_KINDS:
        for upper, lower in zip(departments, departments[1:]):
            if _runs_between(kind, upper.role, lower.role):
                found.append((kind, lower.id))
                break
    return found


def line_kinds(departments: Iterable) -> set[str]:
    """The kinds of line the lanes have, for a legend."""
    return {kind for kind, _lane in blueprint_lines(departments)}
