"""Who serves whom: a department's internal suppliers and customers, from the handoffs.

The question behind it is the service-chain one: "if your internal customers could
choose, would they hire you back?" A department's customers are the departments it hands
work to; its suppliers are those that hand work to it; and its work should, through the
chain, end up serving the external customer.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.chain import Chain
from models.graph import reachable


@dataclass(frozen=True)
class Relation:
    """Another department, and the handoffs between it and the one asked about (file order)."""

    department_id: str
    handoff_ids: tuple[str, ...]


@dataclass(frozen=True)
class DepartmentRelations:
    #: Departments that hand off into this one, in lane order.
    suppliers: list[Relation]
    #: Departments this one hands off to, in lane order.
    customers: list[Relation]
    #: Whether this department's work reaches the external customer; see department_relations.
    #: None when not asked for (it walks the whole chain).
    reaches_external: bool | None


def department_relations(chain: Chain, department_id: str, reaches: bool = True) -> DepartmentRelations:
    """The suppliers and customers of `department_id`, and whether it reaches the customer.

    Only handoffs between two different departments count: a handoff inside a lane is
    the department's own business. A department that is not in the chain raises KeyError.

    `reaches_external` is True when one of the department's touchpoints has
    `serves == "external"` itself, or leads through handoffs (any number, through any
    lanes) to a touchpoint that has. A department without touchpoints does not reach it.
    With `reaches` False it is None, and the chain is walked only once (the customer's
    own lane needs no verdict).
    """
    lane_index = {department.id: index for index, department in enumerate(chain.departments)}
    if department_id not in lane_index:
        raise KeyError(f"no department with id {department_id!r}")
    department_of = {touchpoint.id: touchpoint.department for touchpoint in chain.touchpoints}

    suppliers: dict[str, list[str]] = {}
    customers: dict[str, list[str]] = {}
    for handoff in chain.handoffs:
        source = department_of.get(handoff.source)
        target = department_of.get(handoff.target)
        if source is None or target is None or source == target:
            continue
        if target == department_id:
            suppliers.setdefault(source, []).append(handoff.id)
        elif source == department_id:
            customers.setdefault(target, []).append(handoff.id)

    return DepartmentRelations(
        suppliers=_in_lane_order(suppliers, lane_index),
        customers=_in_lane_order(customers, lane_index),
        reaches_external=_reaches_external(chain, department_id) if reaches else None,
    )


def _in_lane_order(handoffs: dict[str, list[str]], lane_index: dict[str, int]) -> list[Relation]:
    # A touchpoint in a lane that is not in the chain (a broken file) sorts last.
    order = sorted(handoffs, key=lambda department: lane_index.get(department, len(lane_index)))
    return [Relation(department, tuple(handoffs[department])) for department in order]


def _reaches_external(chain: Chain, department_id: str) -> bool:
    # One walk from all of the department's touchpoints at once, on plain successor lists:
    # asked each time a card is selected, so no graph of the whole chain is built for it.
    successors: dict[str, list[str]] = {}
    for handoff in chain.handoffs:
        successors.setdefault(handoff.source, []).append(handoff.target)
    own = [touchpoint.id for touchpoint in chain.touchpoints if touchpoint.department == department_id]
    external = {touchpoint.id for touchpoint in chain.touchpoints if touchpoint.serves == "external"}
    return not external.isdisjoint(reachable(successors, own))
