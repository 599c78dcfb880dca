"""What the rules share: lookups and graph facts computed once per lint run."""

from __future__ import annotations

from functools import cached_property

import networkx as nx

from models.chain import Chain, Department, Person, Touchpoint
from models.graph import chain_graph


class LintContext:
    def __init__(self, chain: Chain):
        self.chain = chain

    @cached_property
    def graph(self) -> nx.DiGraph:
        return chain_graph(self.chain)

    @cached_property
    def touchpoints(self) -> dict[str, Touchpoint]:
        return {touchpoint.id: touchpoint for touchpoint in self.chain.touchpoints}

    @cached_property
    def departments(self) -> dict[str, Department]:
        return {department.id: department for department in self.chain.departments}

    @cached_property
    def people(self) -> dict[str, Person]:
        return {person.id: person for person in self.chain.people}

    @cached_property
    def starts(self) -> list[str]:
        return [t.id for t in self.chain.touchpoints if t.kind == "start"]

    @cached_property
    def ends(self) -> list[str]:
        return [t.id for t in self.chain.touchpoints if t.kind == "end"]

    def in_customer_lane(self, touchpoint: Touchpoint) -> bool:
        """The customer's own actions: nobody in the organisation owns or scripts them."""
        department = self.departments.get(touchpoint.department)
        return department is not None and department.role == "customer"

    def has_handoffs(self, touchpoint_id: str) -> bool:
        return self.graph.degree(touchpoint_id) > 0
