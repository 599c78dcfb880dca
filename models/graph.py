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


def reachable(neighbours: dict[str, list[str]], sources) -> set[str]:
    """Every node reachable from any of `sources` (themselves included), in one pass.

    `neighbours` maps a node to its successors (or, to walk backwards, predecessors).
    """
    seen = set(sources)
    stack = list(seen)
    while stack:
        for neighbour in neighbours.get(stack.pop(), ()):
            if neighbour not in seen:
                seen.add(neighbour)
                stack.append(neighbour)
    return seen


def immediate_dominators(successors: list[list[int]], root: int) -> list[int]:
    """The immediate dominator of every node reachable from `root` (-1 for the others).

    Nodes are 0..n-1. A node d dominates v when every path from `root` to v passes
    through d. This is the iterative algorithm of Cooper, Harvey and Kennedy ("A Simple,
    Fast Dominance Algorithm"), on integer lists because lint runs it on every edit.
    """
    count = len(successors)
    order: list[int] = []  # postorder
    visited = [False] * count
    visited[root] = True
    stack = [(root, iter(successors[root]))]
    while stack:
        node, children = stack[-1]
        for child in children:
            if not visited[child]:
                visited[child] = True
                stack.append((child, iter(successors[child])))
                break
        else:
            stack.pop()
            order.append(node)
    number = [-1] * count  # postorder number of each node
    for position, node in enumerate(order):
        number[node] = position

    predecessors: list[list[int]] = [[] for _ in range(count)]
    for node in order:
        for child in successors[node]:
            predecessors[child].append(node)

    dominator = [-1] * count
    dominator[root] = root
    reverse_postorder = order[::-1]
    changed = True
    while changed:
        changed = False
        for node in reverse_postorder:
            if node == root:
                continue
            parents = predecessors[node]
            if len(parents) == 1:  # most touchpoints have one way in
                new = parents[0]
                if dominator[node] != new:
                    dominator[node] = new
                    changed = True
                continue
            new = -1
            for parent in parents:
                if dominator[parent] == -1:
                    continue
                if new == -1:
                    new = parent
                    continue
                a, b = parent, new  # intersect: walk up until the two fingers meet
                while a != b:
                    while number[a] < number[b]:
                        a = dominator[a]
                    while number[b] < number[a]:
                        b = dominator[b]
                new = a
            if dominator[node] != new:
                dominator[node] = new
                changed = True
    return dominator
