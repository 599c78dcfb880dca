"""The rules of a chain file that span several elements: unique ids and references."""

from __future__ import annotations

import json
from dataclasses import dataclass

from models.chain import Chain


@dataclass(frozen=True)
class IntegrityProblem:
    path: str  # JSON path of the offending value, e.g. "$.handoffs[2].to"
    reason: str


def find_integrity_problem(chain: Chain) -> IntegrityProblem | None:
    """The first duplicate id or dangling reference in file order, or None."""
    seen: dict[str, tuple[str, int]] = {}
    groups = (
        ("departments", chain.departments),
        ("people", chain.people),
        ("touchpoints", chain.touchpoints),
        ("handoffs", chain.handoffs),
    )
    for group, elements in groups:
        for index, element in enumerate(elements):
            first = seen.setdefault(element.id, (group, index))
            if first != (group, index):
                return IntegrityProblem(
                    f"$.{group}[{index}].id",
                    f'the id "{element.id}" is already used by $.{first[0]}[{first[1]}]; '
                    "every id must be unique",
                )

    departments = {department.id for department in chain.departments}
    people = {person.id for person in chain.people}
    touchpoints = {touchpoint.id for touchpoint in chain.touchpoints}

    def missing(path: str, kind: str, value: str) -> IntegrityProblem:
        # json.dumps: a lint ignore's element is free text and may hold quotes or line breaks.
        shown = json.dumps(value)
        return IntegrityProblem(path, f"refers to {kind} {shown}, which is not in the file")

    for index, department in enumerate(chain.departments):
        if department.lead is not None and department.lead not in people:
            return missing(f"$.departments[{index}].lead", "the person", department.lead)
    for index, person in enumerate(chain.people):
        if person.department is not None and person.department not in departments:
            return missing(f"$.people[{index}].department", "the department", person.department)
    for index, touchpoint in enumerate(chain.touchpoints):
        if touchpoint.department not in departments:
            return missing(
                f"$.touchpoints[{index}].department", "the department", touchpoint.department
            )
        if touchpoint.owner is not None and touchpoint.owner not in people:
            return missing(f"$.touchpoints[{index}].owner", "the person", touchpoint.owner)
    for index, handoff in enumerate(chain.handoffs):
        if handoff.source not in touchpoints:
            return missing(f"$.handoffs[{index}].from", "the touchpoint", handoff.source)
        if handoff.target not in touchpoints:
            return missing(f"$.handoffs[{index}].to", "the touchpoint", handoff.target)
    for index, ignore in enumerate(chain.lint.ignore):
        if ignore.element not in seen:
            return missing(f"$.lint.ignore[{index}].element", "the element", ignore.element)
    return None
