"""The rules of a chain file that span several elements: unique ids and references."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import chain as chain_together

from pydantic import BaseModel

from models.chain import Chain, Handoff, SignOff, Touchpoint
from models.field_reading import field_rows, field_values


@dataclass(frozen=True)
class IntegrityProblem:
    path: str  # JSON path of the offending value, e.g. "$.handoffs[2].to"
    reason: str


#: The fields `find_integrity_problem` can take as columns read already, by class (see there).
COLUMNS: dict[type[BaseModel], tuple[str, ...]] = {
    Touchpoint: ("id", "department", "owner", "stage", "consulted", "informed"),
    Handoff: ("id", "source", "target"),
    SignOff: ("session",),
}


def find_integrity_problem(
    chain: Chain, columns: Mapping[tuple[type[BaseModel], str], Sequence] | None = None
) -> IntegrityProblem | None:
    """The first duplicate id or dangling reference in file order, or None.

    `columns`: the fields of COLUMNS of every touchpoint, handoff and sign-off, in the
    chain's order, when they have been read already (loading reads them in its pass over
    every object, models.model_tally), so that the test of a sound chain need not read
    every touchpoint again from all over memory."""
    if _looks_sound(chain, columns if columns is not None else _read_columns(chain)):
        return None
    return _first_problem(chain)


def _read_columns(chain: Chain) -> dict[tuple[type[BaseModel], str], Sequence]:
    """The fields of COLUMNS, each group read in one pass in C (models.field_reading):
    a Python loop over 20,000 touchpoints costs a tenth of loading them."""
    columns: dict[tuple[type[BaseModel], str], Sequence] = {}
    for kind, objects in ((Touchpoint, chain.touchpoints), (Handoff, chain.handoffs)):
        if objects:
            columns.update(zip(((kind, name) for name in COLUMNS[kind]), zip(*field_rows(objects, *COLUMNS[kind]))))
    signoffs = chain_together.from_iterable(field_values(field_values(chain.touchpoints, "review"), "signoffs"))
    columns[(SignOff, "session")] = list(field_values(signoffs, "session"))
    return columns


def _looks_sound(chain: Chain, columns: Mapping[tuple[type[BaseModel], str], Sequence]) -> bool:
    """Whether every id is unique and every reference found, checked with sets: a file
    that passes (nearly every file) costs a fraction of the search for the first problem.
    `columns` holds the fields of COLUMNS; a class without them has no object in the chain."""

    def column(kind: type[BaseModel], name: str) -> Sequence:
        return columns.get((kind, name), ())

    departments = set(field_values(chain.departments, "id"))
    people = set(field_values(chain.people, "id"))
    handoffs = set(column(Handoff, "id"))
    comments = set(field_values(chain.comments, "id"))
    sessions = set(field_values(chain.sessions, "id"))
    actions = set(field_values(chain.actions, "id"))
    stages = set(field_values(chain.stages, "id"))
    touchpoints = set(column(Touchpoint, "id"))
    groups = (departments, stages, people, touchpoints, handoffs, comments, actions, sessions)
    sizes = (len(chain.departments), len(chain.stages), len(chain.people), len(chain.touchpoints),
             len(chain.handoffs), len(chain.comments), len(chain.actions), len(chain.sessions))
    every = set().union(*groups)
    if tuple(map(len, groups)) != sizes or len(every) != sum(sizes):
        return False
    people.add(None)  # optional references
    sessions.add(None)
    stages.add(None)
    return (
        {d.lead for d in chain.departments} <= people
        and {p.department for p in chain.people} - {None} <= departments
        and set(column(Touchpoint, "department")) <= departments
        and set(column(Touchpoint, "owner")) <= people
        and set(chain_together(column(Handoff, "source"), column(Handoff, "target"))) <= touchpoints
        and {i.element for i in chain.lint.ignore} <= every
        and set(columns.get((SignOff, "session"), ())) <= sessions
        and _comments_sound(chain, departments | touchpoints | handoffs, sessions)
        and {a for s in chain.sessions for a in s.attendees} <= people
        and {e for a in chain.actions for e in a.elements} <= departments | touchpoints | handoffs
        and {a.owner for a in chain.actions} <= people
        and {c for a in chain.actions for c in a.comments} <= comments
        and {r.customer for r in chain.ratings} | {r.provider for r in chain.ratings} <= departments
        and len({r.key for r in chain.ratings}) == len(chain.ratings)
        and all(r.customer != r.provider for r in chain.ratings)
        and set(column(Touchpoint, "stage")) <= stages
        and set(chain_together.from_iterable(column(Touchpoint, "consulted"))) <= people
        and set(chain_together.from_iterable(column(Touchpoint, "informed"))) <= people
        and len({term.key for term in chain.glossary}) == len(chain.glossary)
    )


def _comments_sound(chain: Chain, pinnable: set[str], sessions: set[str | None]) -> bool:
    earlier: set[str] = set()
    for comment in chain.comments:
        if comment.element is not None and comment.element not in pinnable:
            return False
        if comment.reply_to is not None and comment.reply_to not in earlier:
            return False
        if comment.session not in sessions:
            return False
        earlier.add(comment.id)
    return True


def _first_problem(chain: Chain) -> IntegrityProblem | None:
    seen: dict[str, tuple[str, int]] = {}
    groups = (
        ("departments", chain.departments),
        ("stages", chain.stages),
        ("people", chain.people),
        ("touchpoints", chain.touchpoints),
        ("handoffs", chain.handoffs),
        ("comments", chain.comments),
        ("actions", chain.actions),
        ("sessions", chain.sessions),
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
    stages = {stage.id for stage in chain.stages}
    for index, touchpoint in enumerate(chain.touchpoints):
        if touchpoint.stage is not None and touchpoint.stage not in stages:
            return missing(f"$.touchpoints[{index}].stage", "the stage", touchpoint.stage)
        for field in ("consulted", "informed"):
            for number, person in enumerate(getattr(touchpoint, field)):
                if person not in people:
                    return missing(f"$.touchpoints[{index}].{field}[{number}]", "the person", person)
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
    handoffs = {handoff.id for handoff in chain.handoffs}
    sessions = {session.id for session in chain.sessions}
    for index, touchpoint in enumerate(chain.touchpoints):
        for number, signoff in enumerate(touchpoint.review.signoffs):
            if signoff.session is not None and signoff.session not in sessions:
                return missing(f"$.touchpoints[{index}].review.signoffs[{number}].session",
                               "the session", signoff.session)
    pinnable = departments | touchpoints | handoffs
    earlier: set[str] = set()
    for index, comment in enumerate(chain.comments):
        element = comment.element
        if element is not None and element not in pinnable:
            if element in seen:
                return IntegrityProblem(
                    f"$.comments[{index}].element",
                    f'refers to "{element}", which is not a touchpoint, handoff or department; '
                    "a comment is pinned to one of those, or to the chain",
                )
            return missing(f"$.comments[{index}].element", "the element", element)
        if comment.reply_to is not None and comment.reply_to not in earlier:
            if comment.reply_to in seen:
                return IntegrityProblem(
                    f"$.comments[{index}].reply_to",
                    f'replies to "{comment.reply_to}", which is not a comment before it; '
                    "a reply comes after the comment it answers",
                )
            return missing(f"$.comments[{index}].reply_to", "the comment", comment.reply_to)
        if comment.session is not None and comment.session not in sessions:
            return missing(f"$.comments[{index}].session", "the session", comment.session)
        earlier.add(comment.id)
    for index, action in enumerate(chain.actions):
        for number, element in enumerate(action.elements):
            if element not in pinnable:
                return missing(f"$.actions[{index}].elements[{number}]", "the touchpoint, handoff or department", element)
        if action.owner is not None and action.owner not in people:
            return missing(f"$.actions[{index}].owner", "the person", action.owner)
        for number, comment in enumerate(action.comments):
            if comment not in earlier:  # by now, every comment's id
                return missing(f"$.actions[{index}].comments[{number}]", "the comment", comment)
    rated: dict[str, int] = {}
    for index, rating in enumerate(chain.ratings):
        for side in ("customer", "provider"):
            if getattr(rating, side) not in departments:
                return missing(f"$.ratings[{index}].{side}", "the department", getattr(rating, side))
        if rating.customer == rating.provider:
            return IntegrityProblem(f"$.ratings[{index}].provider",
                                    "a department does not rate itself: the customer and provider differ")
        first = rated.setdefault(rating.key, index)
        if first != index:
            return IntegrityProblem(
                f"$.ratings[{index}].period",
                f"$.ratings[{first}] already rates {rating.provider} by {rating.customer} for {rating.period}; "
                "there is one rating per customer, provider and period",
            )
    for index, session in enumerate(chain.sessions):
        for number, attendee in enumerate(session.attendees):
            if attendee not in people:
                return missing(f"$.sessions[{index}].attendees[{number}]", "the person", attendee)
    terms: dict[str, int] = {}
    for index, term in enumerate(chain.glossary):
        first = terms.setdefault(term.key, index)
        if first != index:
            return IntegrityProblem(f"$.glossary[{index}].term",
                                    f'"{term.term}" is already defined by $.glossary[{first}]; define a term once')
    for index, ignore in enumerate(chain.lint.ignore):
        if ignore.element not in seen:
            return missing(f"$.lint.ignore[{index}].element", "the element", ignore.element)
    return None


def drop_dangling_references(chain: Chain) -> int:
    """Clear, in place, what refers to an element the chain does not hold (one deleted
    in another program before an import, say); how many references that was.

    Optional references are cleared: a lead, a person's department, an owner, a
    comment's element (it is then about the chain), reply (it starts a thread) or
    session, a sign-off's session, an action's owner. A session's missing attendees, an
    action's missing elements and comments, ratings of missing departments and the lint
    ignores of missing elements are dropped."""
    people = {person.id for person in chain.people}
    departments = {department.id for department in chain.departments}
    touchpoints = {touchpoint.id for touchpoint in chain.touchpoints}
    pinnable = departments | touchpoints | {handoff.id for handoff in chain.handoffs}
    sessions = {session.id for session in chain.sessions}
    dropped = 0

    def clear(element, name: str, known: set[str]) -> None:
        nonlocal dropped
        if getattr(element, name) is not None and getattr(element, name) not in known:
            setattr(element, name, None)
            dropped += 1

    for department in chain.departments:
        clear(department, "lead", people)
    for person in chain.people:
        clear(person, "department", departments)
    stages = {stage.id for stage in chain.stages}
    for touchpoint in chain.touchpoints:
        clear(touchpoint, "owner", people)
        clear(touchpoint, "stage", stages)
        dropped += _keep_only(touchpoint, "consulted", people) + _keep_only(touchpoint, "informed", people)
        for signoff in touchpoint.review.signoffs:
            clear(signoff, "session", sessions)
    earlier: set[str] = set()
    for comment in chain.comments:
        clear(comment, "element", pinnable)
        clear(comment, "reply_to", earlier)
        clear(comment, "session", sessions)
        earlier.add(comment.id)
    for session in chain.sessions:
        dropped += _keep_only(session, "attendees", people)
    for action in chain.actions:
        clear(action, "owner", people)
        dropped += _keep_only(action, "elements", pinnable) + _keep_only(action, "comments", earlier)
    ratings = [r for r in chain.ratings if {r.customer, r.provider} <= departments]
    dropped += len(chain.ratings) - len(ratings)
    if len(ratings) < len(chain.ratings):
        chain.ratings = ratings
    every = pinnable | people | sessions | earlier | stages | {action.id for action in chain.actions}
    ignore = [item for item in chain.lint.ignore if item.element in every]
    dropped += len(chain.lint.ignore) - len(ignore)
    if len(ignore) < len(chain.lint.ignore):
        chain.lint.ignore = ignore
    return dropped


def _keep_only(element, name: str, known: set[str]) -> int:
    """Drop the ids in the list `name` of `element` that are not `known`; how many."""
    values = getattr(element, name)
    kept = [value for value in values if value in known]
    if len(kept) < len(values):
        setattr(element, name, kept)
    return len(values) - len(kept)
