"""The chain as the layout sees it: nodes numbered in file order, lanes, card sizes, edges.

Everything is a list indexed by node number, and every list is built in file order, so
the layout never depends on the iteration order of a set or on string hashing (which
Python randomises per process).
"""

from __future__ import annotations

from dataclasses import dataclass

from models.chain import Chain
from models.geometry import card_size


@dataclass(frozen=True)
class LayoutGraph:
    ids: list[str]  # touchpoint ids; node i is ids[i], in file order
    lanes: list[int]  # lane number of each node: its department's place, top to bottom
    kinds: list[str]
    sizes: list[tuple[float, float]]  # (width, height) of each card
    positions: list[tuple[float, float]]  # the current top-left corner of each card
    successors: list[list[int]]  # distinct targets of each node's handoffs, no self-loops
    predecessors: list[list[int]]

    def __len__(self) -> int:
        return len(self.ids)

    def lane_members(self) -> list[list[int]]:
        """The nodes of each lane, in file order."""
        members: list[list[int]] = [[] for _ in range(max(self.lanes, default=-1) + 1)]
        for node, lane in enumerate(self.lanes):
            members[lane].append(node)
        return members


def layout_graph(chain: Chain) -> LayoutGraph:
    touchpoints = chain.touchpoints
    number = {touchpoint.id: index for index, touchpoint in enumerate(touchpoints)}
    lane_of = {department.id: index for index, department in enumerate(chain.departments)}
    for touchpoint in touchpoints:  # a missing department still gets a lane of its own
        lane_of.setdefault(touchpoint.department, len(lane_of))
    # Each source's distinct targets in handoff order; each target's sources in file
    # order (as the networkx view of models/graph.py lists them, without building it).
    successors: list[list[int]] = [[] for _ in touchpoints]
    joined: set[tuple[int, int]] = set()
    for handoff in chain.handoffs:
        source, target = number.get(handoff.source), number.get(handoff.target)
        if source is None or target is None or source == target or (source, target) in joined:
            continue  # a dangling handoff is skipped; a self-loop does not affect the order
        joined.add((source, target))
        successors[source].append(target)
    predecessors = invert(successors)
    return LayoutGraph(
        ids=[touchpoint.id for touchpoint in touchpoints],
        lanes=[lane_of[touchpoint.department] for touchpoint in touchpoints],
        kinds=[touchpoint.kind for touchpoint in touchpoints],
        sizes=[card_size(touchpoint.kind) for touchpoint in touchpoints],
        positions=[(touchpoint.position.x, touchpoint.position.y) for touchpoint in touchpoints],
        successors=successors,
        predecessors=predecessors,
    )


def break_cycles(graph: LayoutGraph) -> list[list[int]]:
    """The successors of each node once every cycle is broken: a DAG with the same links.

    A depth-first search from the starts (then the other sources, then anything left, all
    in file order) reverses each edge that leads back to a node still on its path. So a
    rework loop points forwards again, and the starts stay first in the flow.
    """
    count = len(graph)
    starts = [node for node in range(count) if graph.kinds[node] == "start"]
    sources = [node for node in range(count) if not graph.predecessors[node]]
    new, on_path, done = 0, 1, 2
    state = [new] * count
    acyclic: list[list[int]] = [[] for _ in range(count)]
    for root in starts + sources + list(range(count)):
        if state[root] != new:
            continue
        state[root] = on_path
        stack = [(root, iter(graph.successors[root]))]
        while stack:
            node, children = stack[-1]
            for child in children:
                if state[child] == on_path:
                    acyclic[child].append(node)  # a back edge: reverse it
                    continue
                acyclic[node].append(child)
                if state[child] == new:
                    state[child] = on_path
                    stack.append((child, iter(graph.successors[child])))
                    break
            else:
                state[node] = done
                stack.pop()
    # A reversed edge may duplicate one that already went that way (a <-> b).
    return [list(dict.fromkeys(targets)) for targets in acyclic]


def invert(successors: list[list[int]]) -> list[list[int]]:
    """The predecessors of each node, in the order the edges were listed."""
    predecessors: list[list[int]] = [[] for _ in successors]
    for node, targets in enumerate(successors):
        for target in targets:
            predecessors[target].append(node)
    return predecessors
