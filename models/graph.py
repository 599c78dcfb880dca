"""The chain as a networkx DiGraph: touchpoints are nodes, handoffs are edges.

Node attributes: department, kind, serves, label. Edge attribute `handoffs`: the ids of
the handoffs between the two touchpoints, in file order (duplicates share one edge).
"""

from __future__ import annotations

import networkx as nx

from models.chain import Chain


def chain_graph(chain: Chain) -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_nodes_from(
        (
            touchpoint.id,
            {
                "department": touchpoint.department,
                "kind": touchpoint.kind,
                "serves": touchpoint.serves,
                "label": touchpoint.label,
            },
        )
        for touchpoint in chain.touchpoints
    )
    for handoff in chain.handoffs:
        if graph.has_edge(handoff.source, handoff.target):
            graph.edges[handoff.source, handoff.target]["handoffs"].append(handoff.id)
        else:
            graph.add_edge(handoff.source, handoff.target, handoffs=[handoff.id])
    return graph


def reachable(graph: nx.DiGraph, sources, *, backwards: bool = False) -> set[str]:
    """Every node reachable from any of `sources` (themselves included), in one pass."""
    step = graph.predecessors if backwards else graph.successors
    seen = set(sources)
    stack = list(seen)
    while stack:
        for neighbour in step(stack.pop()):
            if neighbour not in seen:
                seen.add(neighbour)
                stack.append(neighbour)
    return seen
