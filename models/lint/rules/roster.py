"""Rules about people and departments."""

from __future__ import annotations

from models.lint.registry import Hit, Reads, rule

OVERLOAD_COUNT = 8  # more touchpoints than this ...
OVERLOAD_SHARE = 0.25  # ... and more than this share of all of them


@rule(
    "owner-overloaded",
    "info",
    "Nobody owns a large share of the chain.",
    """When one person owns many touchpoints, the chain depends on their time and
    presence: a holiday or a sick day becomes a weak link.""",
    "Share the touchpoints with colleagues, or name deputies for some of them.",
    reads=Reads.OWNERS | Reads.ROSTER,
)
def owner_overloaded(context):
    total = len(context.chain.touchpoints)
    for person in context.chain.people:
        count = context.owned.get(person.id, 0)
        if count > OVERLOAD_COUNT and count > OVERLOAD_SHARE * total:
            yield Hit(person.id, f"{person.name} owns {count} of the {total} touchpoints.")


@rule(
    "empty-department",
    "warning",
    "Every department has a touchpoint.",
    """A lane with no touchpoint shows a department that takes no part in the chain:
    either its contribution is missing from the picture or the lane is not needed.""",
    "Add the department's touchpoints, or remove the lane.",
    reads=Reads.PLACES | Reads.DEPARTMENTS,
)
def empty_department(context):
    used = {touchpoint.department for touchpoint in context.touchpoint_rows}
    for department in context.chain.departments:
        if department.id not in used:
            yield Hit(department.id, f"The department \"{department.name}\" has no touchpoint.")
