"""The sample chains shipped in resources/samples: canonical, lint-clean and well laid out.

The samples are what a new user opens first and what trainers show, so they must load,
save to the same bytes, raise no errors or warnings, and explain in their description
every info finding they show on purpose.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from models.chain_file import chain_to_bytes, load_chain, save_chain
from models.geometry import card_sizes
from models.lint import lint_chain

SAMPLES_DIR = Path(__file__).resolve().parents[2] / "resources" / "samples"
SAMPLES = sorted(SAMPLES_DIR.glob("*.chain"))
RETAIL = SAMPLES_DIR / "retail-order-to-delivery.chain"


LANE_ORDER = {"customer": 0, "frontline": 1, "backoffice": 2, "support": 2}

per_sample = pytest.mark.parametrize("path", SAMPLES, ids=[path.name for path in SAMPLES])


def test_there_are_at_least_three_samples():
    assert len(SAMPLES) >= 3, f"expected at least three samples in {SAMPLES_DIR}"


@per_sample
def test_sample_loads(path):
    chain = load_chain(path)
    assert chain.title.strip()
    assert chain.description and chain.description.strip()
    assert chain.touchpoints


@per_sample
def test_sample_saves_to_identical_bytes(path, tmp_path):
    chain = load_chain(path)
    copy = tmp_path / path.name
    save_chain(chain, copy)
    assert copy.read_bytes() == path.read_bytes()
    assert chain_to_bytes(chain) == path.read_bytes()


@per_sample
def test_sample_has_no_errors_or_warnings(path):
    findings = lint_chain(load_chain(path))
    serious = [f"{f.severity} {f.rule} {f.element}: {f.message}" for f in findings if f.severity != "info"]
    assert serious == []


@per_sample
def test_sample_description_explains_its_infos(path):
    chain = load_chain(path)
    rules = {finding.rule for finding in lint_chain(chain) if finding.severity == "info"}
    unexplained = sorted(rule for rule in rules if rule not in chain.description)
    assert unexplained == [], f"the description does not mention the info findings {unexplained}"


@per_sample
def test_sample_lanes_keep_the_line_of_visibility(path):
    # Customer lanes first, then front line, then back office and support.
    ranks = [LANE_ORDER[department.role] for department in load_chain(path).departments]
    assert ranks == sorted(ranks)


@per_sample
def test_sample_handoffs_run_left_to_right(path):
    chain = load_chain(path)
    touchpoints = {touchpoint.id: touchpoint for touchpoint in chain.touchpoints}
    backwards = [
        handoff.id
        for handoff in chain.handoffs
        if touchpoints[handoff.target].position.x <= touchpoints[handoff.source].position.x
    ]
    assert backwards == []


@per_sample
def test_sample_cards_do_not_overlap_in_a_lane(path):
    chain = load_chain(path)
    sizes = card_sizes(chain)
    for department in chain.departments:
        boxes = [
            (t.position.x, t.position.y, t.position.x + sizes[t.id][0], t.position.y + sizes[t.id][1])
            for t in chain.touchpoints if t.department == department.id
        ]
        for index, a in enumerate(boxes):
            for b in boxes[index + 1:]:
                assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), department.id


def test_retail_sample_has_the_named_departments_and_size():
    chain = load_chain(RETAIL)
    assert 20 <= len(chain.touchpoints) <= 30
    names = {department.name for department in chain.departments}
    assert {"Customer", "Sales", "Reception", "Operations", "Delivery", "Invoicing", "IT", "Finance"} <= names
    roles = {department.name: department.role for department in chain.departments}
    assert roles["Customer"] == "customer"
    assert roles["Invoicing"] == "backoffice"
    assert roles["IT"] == roles["Finance"] == "support"
    assert any(touchpoint.kind == "decision" for touchpoint in chain.touchpoints)
    assert any(touchpoint.serves == "internal" for touchpoint in chain.touchpoints)
