"""The graph view and the dominator algorithm the weak-link rule stands on."""

from __future__ import annotations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from models.graph import chain_graph, immediate_dominators, reachable


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


@settings(max_examples=300, deadline=None)
@given(st.integers(2, 30).flatmap(
    lambda n: st.tuples(st.just(n), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=3 * n))
))
def test_immediate_dominators_agree_with_networkx(graph_spec):
    count, edges = graph_spec
    successors = [[] for _ in range(count)]
    for source, target in edges:
        successors[source].append(target)
    ours = immediate_dominators(successors, 0)
    graph = nx.DiGraph()
    graph.add_nodes_from(range(count))
    graph.add_edges_from(edges)
    theirs = nx.immediate_dominators(graph, 0)
    assert ours[0] == 0
    for node in range(1, count):  # networkx versions differ on what they say of the root
        assert ours[node] == theirs.get(node, -1)
