"""The graph view and the must-pass nodes the weak-link rule stands on."""

from __future__ import annotations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from models.graph import chain_graph, on_every_path, reachable


def test_chain_graph_has_the_touchpoint_attributes_and_handoff_ids(chain):
    graph = chain_graph(chain)
    assert set(graph.nodes) == {t.id for t in chain.touchpoints}
    assert graph.nodes["pick-and-pack"] == {
        "department": "warehouse", "kind": "step", "serves": "internal", "label": "Picks and packs the parcel",
    }
    assert graph.edges["place-order", "confirm-order"]["handoffs"] == ["h-order"]


def test_reachable_walks_forwards_and_backwards():
    successors = {"a": ["b"], "b": ["c"], "c": [], "d": ["c"]}
    predecessors = {"a": [], "b": ["a"], "c": ["b", "d"], "d": []}
    assert reachable(successors, ["a"]) == {"a", "b", "c"}
    assert reachable(predecessors, ["c"]) == {"a", "b", "c", "d"}


@settings(max_examples=500, deadline=None)
@given(st.integers(2, 30).flatmap(
    lambda n: st.tuples(st.just(n), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=3 * n))
))
def test_on_every_path_is_the_sinks_dominators_as_networkx_finds_them(graph_spec):
    count, edges = graph_spec
    successors = [[] for _ in range(count)]
    for source, target in edges:
        successors[source].append(target)
    sink = count - 1
    graph = nx.DiGraph()
    graph.add_nodes_from(range(count))
    graph.add_edges_from(edges)
    dominators = nx.immediate_dominators(graph, 0)
    expected = []
    if sink in dominators:
        node = dominators[sink]
        while node != 0:
            expected.append(node)
            node = dominators[node]
    assert on_every_path(successors, 0, sink) == expected[::-1]


def test_on_every_path_sees_a_bypass_that_loops_back():
    # 0 -> 1 -> 2 -> 3 -> 4 is the path found; 1 -> 5 -> 3 bypasses 2, and 5 -> 1 loops.
    successors = [[1], [2, 5], [3], [4], [], [1, 3]]
    assert on_every_path(successors, 0, 4) == [1, 3]
    assert on_every_path(successors, 0, 0) == []
    assert on_every_path([[1], [], [3], []], 0, 3) == []
