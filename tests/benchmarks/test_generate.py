"""The synthetic chain generator."""

from collections import Counter

import pytest

from models.chain_file import chain_to_bytes, load_chain
from models.integrity import find_integrity_problem
from tests.benchmarks.generate import synthetic_chain

SIZES = [200, 1000]


@pytest.fixture(scope="module", params=SIZES)
def generated(request):
    return request.param, synthetic_chain(request.param)


def test_passes_integrity(generated):
    _, chain = generated
    assert find_integrity_problem(chain) is None


def test_counts(generated):
    n, chain = generated
    assert len(chain.touchpoints) == n
    assert abs(len(chain.departments) - n / 25) <= max(1, 0.1 * n / 25)
    assert abs(len(chain.handoffs) - 1.3 * n) <= 0.1 * 1.3 * n
    assert abs(len(chain.people) - n / 10) <= max(1, 0.1 * n / 10)


def test_lanes_and_flow_look_like_a_chain(generated):
    n, chain = generated
    roles = [department.role for department in chain.departments]
    assert roles[0] == "customer"
    assert roles[1] == "frontline"
    assert set(roles[roles.index("backoffice"):]) <= {"backoffice", "support"}
    kinds = Counter(touchpoint.kind for touchpoint in chain.touchpoints)
    assert kinds["start"] == kinds["end"] == max(1, round(n / 200))
    assert kinds["decision"] > 0
    decisions = {t.id for t in chain.touchpoints if t.kind == "decision"}
    branches = [h for h in chain.handoffs if h.source in decisions]
    assert branches and all(handoff.label for handoff in branches)
    assert all(handoff.source != handoff.target for handoff in chain.handoffs)
    assert len({(h.source, h.target) for h in chain.handoffs}) == len(chain.handoffs)
    assert any(t.review.status == "approved" and t.review.signoffs for t in chain.touchpoints)
    links = [t.procedure.link or "" for t in chain.touchpoints if t.procedure]
    assert any(link.startswith("https://") for link in links)


def test_touchpoints_do_not_overlap(generated):
    _, chain = generated
    corners = [(t.department, t.position.x, t.position.y) for t in chain.touchpoints]
    assert len(set(corners)) == len(corners)
    lane = {}
    for department, x, y in corners:  # boxes of 160 x 60 on a grid of 200 x 100
        lane.setdefault((department, y), []).append(x)
    for xs in lane.values():
        xs.sort()
        assert all(b - a >= 200 for a, b in zip(xs, xs[1:]))


def test_round_trips(generated, tmp_path):
    _, chain = generated
    data = chain_to_bytes(chain)
    path = tmp_path / "synthetic.chain"
    path.write_bytes(data)
    loaded = load_chain(path)
    assert loaded == chain
    assert chain_to_bytes(loaded) == data


def test_deterministic_for_a_seed():
    first = chain_to_bytes(synthetic_chain(200, seed=7))
    assert chain_to_bytes(synthetic_chain(200, seed=7)) == first
    assert chain_to_bytes(synthetic_chain(200, seed=8)) != first


@pytest.fixture(scope="module")
def second_wave():
    return synthetic_chain(1000, second_wave=True)


def test_second_wave_chain_is_the_same_chain_with_version_2_fields(second_wave):
    plain = synthetic_chain(1000)
    assert find_integrity_problem(second_wave) is None
    assert second_wave.version == 2
    assert [t.id for t in second_wave.touchpoints] == [t.id for t in plain.touchpoints]
    assert [(h.source, h.target) for h in second_wave.handoffs] == [(h.source, h.target) for h in plain.handoffs]
    assert load_chain(chain_to_bytes(second_wave)) == second_wave


def test_second_wave_chain_uses_stages_measures_comments_and_long_labels(second_wave):
    touchpoints = second_wave.touchpoints
    assert [stage.name for stage in second_wave.stages] == ["Orientation", "Ordering", "Fulfilment", "Delivery", "Aftercare"]
    assert all(t.stage for t in touchpoints)
    # Stages follow the flow: every journey passes through them in order.
    order = {stage.id: number for number, stage in enumerate(second_wave.stages)}
    for first in range(0, len(touchpoints), 200):
        journey = [order[t.stage] for t in touchpoints[first:first + 200]]
        assert journey == sorted(journey) and set(journey) == set(order.values())
    measured = [t for t in touchpoints if t.measure]
    assert 0.08 * len(touchpoints) < len(measured) < 0.17 * len(touchpoints)
    assert all(len(t.results) == 6 for t in measured)
    assert second_wave.actions and second_wave.glossary and second_wave.sessions
    assert 0.03 * len(touchpoints) < len(second_wave.comments) < 0.07 * len(touchpoints)
    long = [t for t in touchpoints if len(t.label) > 100]
    assert 0.06 * len(touchpoints) < len(long) < 0.14 * len(touchpoints)
    assert any(t.marks for t in touchpoints) and any(t.consulted for t in touchpoints)
    assert any(h.wait_minutes for h in second_wave.handoffs)
