"""Columns and order from Graphviz's `dot`, run as a separate program.

Nothing the user wrote reaches dot: nodes are named n0, n1, ... by their place in the
file, and the DOT text holds only those names and edges, so a label such as `"]; evil`
cannot break or inject into it. Every node has the same size: card sizes follow the
labels, and dot's ranks and order (all this layout asks of it) do not depend on them.

dot is asked to stop after its ordering phase (`phase=2`; `-Tjson0` then reports each
node's `rank` and `order`): that is all this layout uses, since the lanes decide y, and
dot's coordinate and spline phases would take ~40 s for 5,000 touchpoints. `newrank=true`
ranks the graph in one pass instead of one per component (2 s -> 0.1 s at 5,000).

dot's time grows faster than the graph (0.2 s at 5,000 touchpoints, 2 s at 20,000), so
a large chain goes to dot in batches of whole connected components of about BATCH
touchpoints; each batch's columns start at the first, as dot itself lines up the
components of one graph, and its cards come after the previous batch's in each column.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable

from models.layout.cancel import LayoutCancelled, check_cancelled
from models.layout.graph import LayoutGraph

POLL_SECONDS = 0.05  # how often to check for cancel and timeout while dot runs
BIG_GRAPH = 1000  # above this many nodes, trade some crossings for speed
BATCH = 2000  # touchpoints per dot run, in whole connected components
POINTS_PER_INCH = 72.0  # dot sizes are in inches; a scene unit is a point
NODE_SIZE = (160.0, 64.0)  # every node's (width, height) for dot: a plain step card
NODE_NAME = re.compile(r"n(\d+)")


class DotUnavailable(Exception):
    """dot could not give a layout; the message says why, for the user."""


def find_dot() -> str | None:
    """The path of the `dot` program, or None when it is not installed."""
    return shutil.which("dot")


def dot_columns(
    graph: LayoutGraph,
    acyclic: list[list[int]],
    dot: str,
    timeout: float,
    cancelled: Callable[[], bool] | None = None,
) -> tuple[list[int], list[int]]:
    """The column of every node and its order within its column, as dot ranks them.

    Raises DotUnavailable when dot fails or takes longer than `timeout` seconds.
    """
    deadline = time.monotonic() + timeout
    columns, order = [0] * len(graph), [0] * len(graph)
    for number, nodes in enumerate(component_batches(acyclic, BATCH)):
        part, part_acyclic = _subgraph(graph, acyclic, nodes)
        part_columns, part_order = _batch_columns(part, part_acyclic, dot, (deadline, timeout), cancelled)
        for index, node in enumerate(nodes):
            columns[node] = part_columns[index]
            order[node] = number * len(graph) + part_order[index]  # after earlier batches
    return columns, order


def _batch_columns(graph, acyclic, dot, limit, cancelled) -> tuple[list[int], list[int]]:
    output = run_dot(dot, dot_source(graph, acyclic), limit, cancelled)
    check_cancelled(cancelled)
    ranks, order = read_ranks(output, len(graph))
    # dot puts a start right before the card it leads to, and in Graphviz 2.43 `rank=min`
    # does not keep it on the first rank. The flow reads from its starts, so starts that
    # nothing leads to go to the first column, as in the built-in layout.
    has_predecessor = [False] * len(graph)
    for targets in acyclic:
        for target in targets:
            has_predecessor[target] = True
    first_rank = min(ranks, default=0)
    for node in range(len(graph)):
        if graph.kinds[node] == "start" and not has_predecessor[node]:
            ranks[node] = first_rank
    column_of = {rank: column for column, rank in enumerate(sorted(set(ranks)))}
    columns = [column_of[rank] for rank in ranks]
    # dot honours every edge of an acyclic graph; check it, since the grid relies on it.
    for node, targets in enumerate(acyclic):
        if any(columns[target] <= columns[node] for target in targets):
            raise DotUnavailable("dot ranked a handoff backwards")
    return columns, order


def component_batches(acyclic: list[list[int]], size: int) -> list[list[int]]:
    """The nodes in batches of whole connected components, about `size` nodes each (a
    larger component is a batch of its own), each batch in file order."""
    component = list(range(len(acyclic)))  # union-find: each node's representative

    def root(node: int) -> int:
        while component[node] != node:
            component[node] = component[component[node]]
            node = component[node]
        return node

    for node, targets in enumerate(acyclic):
        for target in targets:
            component[root(target)] = root(node)
    members: dict[int, list[int]] = {}
    for node in range(len(acyclic)):
        members.setdefault(root(node), []).append(node)
    batches: list[list[int]] = [[]]
    for nodes in members.values():  # in the order of each component's first node
        if batches[-1] and len(batches[-1]) + len(nodes) > size:
            batches.append([])
        batches[-1].extend(nodes)
    return [sorted(batch) for batch in batches if batch]


def _subgraph(graph: LayoutGraph, acyclic: list[list[int]], nodes: list[int]):
    """The part of the graph on `nodes`, renumbered 0, 1, ... in their order (without the
    handoffs' texts, which dot does not see)."""
    number = {node: index for index, node in enumerate(nodes)}
    successors = [[number[t] for t in graph.successors[node]] for node in nodes]
    part = LayoutGraph(
        ids=[graph.ids[node] for node in nodes],
        lanes=[graph.lanes[node] for node in nodes],
        kinds=[graph.kinds[node] for node in nodes],
        sizes=[graph.sizes[node] for node in nodes],
        positions=[graph.positions[node] for node in nodes],
        successors=successors,
        predecessors=[[number[s] for s in graph.predecessors[node]] for node in nodes],
    )
    return part, [[number[t] for t in acyclic[node]] for node in nodes]


def dot_source(graph: LayoutGraph, acyclic: list[list[int]]) -> str:
    """The DOT text of the acyclic graph: names and edges only, never a label or a
    size that follows from one.

    Nodes are listed lane by lane, because dot's first ordering follows the input order.
    """
    settings = ["rankdir=LR", "newrank=true", "phase=2"]
    if len(graph) > BIG_GRAPH:
        settings += ["nslimit=2", "nslimit1=2", "mclimit=0.5", "searchsize=30", "remincross=false"]
    width, height = (length / POINTS_PER_INCH for length in NODE_SIZE)
    lines = [
        "digraph chain {",
        f"  graph [{', '.join(settings)}];",
        f'  node [shape=box, fixedsize=true, width={width:.4f}, height={height:.4f}, label=""];',
    ]
    for node in sorted(range(len(graph)), key=lambda node: (graph.lanes[node], node)):
        lines.append(f"  n{node};")
    for node, targets in enumerate(acyclic):
        lines.extend(f"  n{node} -> n{target};" for target in targets)
    lines.append("}")
    return "\n".join(lines) + "\n"


def run_dot(
    dot: str, source: str, limit: tuple[float, float], cancelled: Callable[[], bool] | None = None
) -> bytes:
    """dot's JSON output for `source`; killed on cancel (LayoutCancelled) or when the
    time is up: `limit` is (the time.monotonic() deadline, the timeout it stands for).

    dot reads and writes temporary files rather than pipes: nothing can fill up and
    block, and waiting in short steps needs no threads. (Popen.communicate with a timeout
    does not go on sending input when retried, so a big graph would never reach dot.)
    """
    deadline, timeout = limit
    with (
        tempfile.TemporaryFile() as text,
        tempfile.TemporaryFile() as output,
        tempfile.TemporaryFile() as errors,
    ):
        text.write(source.encode("ascii"))
        text.seek(0)
        try:
            process = subprocess.Popen([dot, "-Tjson0"], stdin=text, stdout=output, stderr=errors)
        except OSError as error:
            raise DotUnavailable(f"dot could not be started ({error.strerror or error})") from None
        try:
            _wait(process, deadline, timeout, cancelled)
        finally:
            if process.returncode is None:  # cancelled, timed out or interrupted
                process.kill()
                process.wait()
        output.seek(0)
        errors.seek(0)
        if process.returncode != 0:
            message = errors.read().decode("utf-8", "replace").strip().splitlines()
            reason = message[0][:200] if message else f"exit status {process.returncode}"
            raise DotUnavailable(f"dot failed: {reason}")
        return output.read()


def _wait(process, deadline: float, timeout: float, cancelled) -> None:
    """Wait for dot to finish, looking for a cancel or the deadline every POLL_SECONDS."""
    while True:
        try:
            process.wait(timeout=max(0.0, min(POLL_SECONDS, deadline - time.monotonic())))
            return
        except subprocess.TimeoutExpired:
            pass
        if cancelled is not None and cancelled():
            raise LayoutCancelled("the layout was cancelled")
        if time.monotonic() >= deadline:
            raise DotUnavailable(f"dot took longer than {timeout:g} s")


def read_ranks(output: bytes, count: int) -> tuple[list[int], list[int]]:
    """Each node's rank and order from dot's `-Tjson0` output."""
    ranks: list[int | None] = [None] * count
    order: list[int | None] = [None] * count
    try:
        for item in json.loads(output).get("objects", []):
            match = NODE_NAME.fullmatch(str(item.get("name", "")))
            if match and int(match[1]) < count and "rank" in item and "order" in item:
                node = int(match[1])
                ranks[node], order[node] = int(item["rank"]), int(item["order"])
    except (ValueError, AttributeError, TypeError):
        raise DotUnavailable("dot's output could not be read") from None
    if None in ranks:
        raise DotUnavailable("dot did not report the order of every touchpoint")
    return ranks, order
