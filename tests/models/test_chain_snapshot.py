"""A snapshot of a chain is taken in milliseconds and stays as it was taken, whatever the
Document does to the chain afterwards (the auto-layout's worker reads it meanwhile)."""

from __future__ import annotations

from models.chain import Position
from models.chain_file import chain_to_bytes
from models.chain_snapshot import ChainSnapshot
from tests.benchmarks.generate import synthetic_chain


def test_a_snapshot_is_the_chain_as_taken(chain):
    copy = ChainSnapshot.take(chain).chain()
    assert copy == chain
    assert chain_to_bytes(copy) == chain_to_bytes(chain)
    assert copy.touchpoints[0] is not chain.touchpoints[0]


def test_a_synthetic_chain_survives_the_snapshot():
    chain = synthetic_chain(300)
    assert chain_to_bytes(ChainSnapshot.take(chain).chain()) == chain_to_bytes(chain)


def test_edits_after_the_snapshot_do_not_reach_it(document):
    chain = document.chain
    taken = chain_to_bytes(chain)
    snapshot = ChainSnapshot.take(chain)
    first = chain.touchpoints[0]
    document.move_touchpoints({first.id: (first.department, Position(x=999, y=99))})
    document.set_fields(first.id, "Rename", label="Renamed")
    document.add_touchpoint(chain.departments[0].id, "step", Position(x=10, y=10), "New")
    document.remove([chain.handoffs[0].id])
    document.add_department("Late lane")
    document.set_fields(None, "Retitle", title="Another title")
    assert chain_to_bytes(document.chain) != taken
    assert chain_to_bytes(snapshot.chain()) == taken
