"""The chain as the layout sees it: nodes numbered in file order, lanes, card sizes, edges
and the room the texts along each edge take.

Everything is a list indexed by node number, and every list is built in file order, so
the layout never depends on the iteration order of a set or on string hashing (which
Python randomises per process).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from models.chain import Chain
from models.geometry import branch_layout, card_sizes, pill_layout

LABEL_SPACING = 8.0  # between a branch label and the pill on one run


@dataclass(frozen=True)
class LayoutGraph:
    ids: list[str]  # touchpoint ids; node i is ids[i], in file order
    lanes: list[int]  # lane number of each node: its department's place, top to bottom
    kinds: list[str]
    sizes: list[tuple[float, float]]  # (width, height) of each card, as the canvas draws it
    positions: list[tuple[float, float]]  # the current top-left corner of each card
    successors: list[list[int]]  # distinct targets of each node's handoffs, no self-loops
    predecessors: list[list[int]]
    #: (source, target) -> (width, height) of the texts a handoff between them shows on
    #: its route (the "passes" pill and a branch label side by side); only for handoffs
    #: that show any, the largest when several join the same two cards.
    labels: dict[tuple[int, int], tuple[float, float]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.ids)

    def lane_members(self) -> list[list[int]]:
        """The nodes of each lane, in file order."""
        members: list[list[int]] = [[] for _ in range(max(self.lanes, default=-1) + 1)]
        for node, lane in enumerate(self.lanes):
            members[lane].append(node)
        return members

    def label_room(self, one: int, other: int) -> tuple[float, float] | None:
        """The room the texts of the handoffs between two cards need, either way round
        (a reversed edge of the acyclic graph shows the texts of the handoff it stands for)."""
        forward, backward = self.labels.get((one, other)), self.labels.get((other, one))
        if forward is None or backward is None:
            return forward or backward
        return max(forward[0], backward[0]), max(forward[1], backward[1])


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
    labels: dict[tuple[int, int], tuple[float, float]] = {}
    for handoff in chain.handoffs:
        source, target = number.get(handoff.source), number.get(handoff.target)
        if source is None or target is None or source == target:
            continue  # a dangling handoff is skipped; a self-loop does not affect the order
        pair = (source, target)
        room = label_room(handoff.label, handoff.passes)
        if room is not None:
            known = labels.get(pair)
            labels[pair] = room if known is None else (max(known[0], room[0]), max(known[1], room[1]))
        if pair not in joined:
            joined.add(pair)
            successors[source].append(target)
    predecessors = invert(successors)
    sizes = card_sizes(chain)
    return LayoutGraph(
        ids=[touchpoint.id for touchpoint in touchpoints],
        lanes=[lane_of[touchpoint.department] for touchpoint in touchpoints],
        kinds=[touchpoint.kind for touchpoint in touchpoints],
        sizes=[sizes[touchpoint.id] for touchpoint in touchpoints],
        positions=[(touchpoint.position.x, touchpoint.position.y) for touchpoint in touchpoints],
        successors=successors,
        predecessors=predecessors,
        labels=labels,
    )


def label_room(label: str | None, passes: str | None) -> tuple[float, float] | None:
    """(width, height) of what a handoff shows on its route: its branch label and its
    "passes" pill side by side, as the canvas paints them; None when it shows neither."""
    width = height = 0.0
    if passes:
        pill_width, pill_height, _ = pill_layout(passes)
        width, height = pill_width, pill_height
    if label:
        branch_width, branch_height, _ = branch_layout(label)
        width += branch_width + (LABEL_SPACING if passes else 0.0)
        height = max(height, branch_height)
    return (width, height) if width else None


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
