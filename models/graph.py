"""The chain as a networkx DiGraph: touchpoints are nodes, handoffs are edges.

Node attributes: department, kind, serves, label. Edge attribute `handoffs`: the ids of
the handoffs between the two touchpoints, in file order (duplicates share one edge).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from models.chain import Chain

if TYPE_CHECKING:
    import networkx as nx


def chain_graph(chain: Chain) -> nx.DiGraph:
    # networkx is imported here, not above: its 285 modules take some 33 MB, and lint
    # imports this module for the walks below, which do not need it.
    import networkx as nx

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


def reachable(neighbours: dict[str, list[str]], sources) -> set[str]:
    """Every node reachable from any of `sources` (themselves included), in one pass.

    `neighbours` maps a node to its successors (or, to walk backwards, predecessors).
    """
    seen = set(sources)
    stack = list(seen)
    # (Methods bound once: lint walks every touchpoint this way on each run.)
    following, visit, push, pop = neighbours.get, seen.add, stack.append, stack.pop
    while stack:
        for neighbour in following(pop(), ()):
            if neighbour not in seen:
                visit(neighbour)
                push(neighbour)
    return seen


def on_every_path(successors: list[list[int]], source: int, sink: int) -> list[int]:
    """The nodes every path from `source` to `sink` passes through, in path order, both
    ends left out; [] when `sink` cannot be reached. Nodes are 0..n-1.

    These are the sink's dominators, found in linear time without computing the whole
    dominator tree (lint runs this on every edit): take any path p0..pk from source to
    sink; only its nodes can lie on every path. Walking it, remember the furthest path
    node reachable from the part walked so far without touching another path node; p(i+1)
    can be bypassed exactly when that reaches beyond it.
    """
    parent = [-1] * len(successors)
    parent[source] = source
    stack = [source]
    pop, push = stack.pop, stack.append
    # Depth first: one path to the sink, any will do. Breadth first stepped through every
    # journey of a large chain at once, jumping through memory at each step, and walked
    # most of the chain before it reached the sink; depth first follows one journey.
    while stack and parent[sink] == -1:
        node = pop()
        for child in successors[node]:
            if parent[child] == -1:
                parent[child] = node
                push(child)
    if parent[sink] == -1:
        return []
    path = [sink]
    while path[-1] != source:
        path.append(parent[path[-1]])
    path.reverse()
    index = {node: number for number, node in enumerate(path)}
    explored = [False] * len(successors)
    furthest, cut = 0, []
    for number, node in enumerate(path[:-1]):
        if number > 0 and furthest <= number:
            cut.append(node)  # nothing walked so far reaches past it
        stack = [node]
        while stack:  # off the path from here: which path node is reached furthest on?
            for child in successors[stack.pop()]:
                on_path = index.get(child)
                if on_path is not None:
                    furthest = max(furthest, on_path)
                elif not explored[child]:
                    explored[child] = True
                    stack.append(child)
    return cut
