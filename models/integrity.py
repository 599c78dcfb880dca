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
    if _looks_sound(chain):
        return None
    return _first_problem(chain)


def _looks_sound(chain: Chain) -> bool:
    """Whether every id is unique and every reference found, checked with sets: a file
    that passes (nearly every file) costs a fraction of the search for the first problem."""
    departments = {d.id for d in chain.departments}
    people = {p.id for p in chain.people}
    touchpoints = {t.id for t in chain.touchpoints}
    handoffs = {h.id for h in chain.handoffs}
    sizes = (len(chain.departments), len(chain.people), len(chain.touchpoints), len(chain.handoffs))
    every = departments | people | touchpoints | handoffs
    if (len(departments), len(people), len(touchpoints), len(handoffs)) != sizes or len(every) != sum(sizes):
        return False
    people.add(None)  # optional references
    return (
        {d.lead for d in chain.departments} <= people
        and {p.department for p in chain.people} - {None} <= departments
        and {t.department for t in chain.touchpoints} <= departments
        and {t.owner for t in chain.touchpoints} <= people
        and {h.source for h in chain.handoffs} | {h.target for h in chain.handoffs} <= touchpoints
        and {i.element for i in chain.lint.ignore} <= every
    )


def _first_problem(chain: Chain) -> IntegrityProblem | None:
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
