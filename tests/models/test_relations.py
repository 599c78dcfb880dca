"""Who serves whom: a department's suppliers, customers, and its way to the external customer."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.chain import Chain, Department, Handoff, Position, Touchpoint
from models.chain_file import load_chain
from models.relations import DepartmentRelations, Relation, department_relations
from resources.samples import FIRST_START_SAMPLE


@pytest.fixture
def retail() -> Chain:
    return load_chain(FIRST_START_SAMPLE)


def test_the_fixture_chain_passes_the_order_from_lane_to_lane(chain):
    assert department_relations(chain, "customer") == DepartmentRelations(
        suppliers=[Relation("warehouse", ("h-ship",))],
        customers=[Relation("sales", ("h-order",))],
        reaches_external=True,
    )
    assert department_relations(chain, "sales") == DepartmentRelations(
        suppliers=[Relation("customer", ("h-order",))],
        customers=[Relation("warehouse", ("h-pick",))],
        reaches_external=True,
    )
    warehouse = department_relations(chain, "warehouse")
    assert warehouse.suppliers == [Relation("sales", ("h-pick",))]
    assert warehouse.customers == [Relation("customer", ("h-ship",))]


def test_an_internal_department_reaches_the_customer_only_through_its_handoffs(chain):
    # The warehouse serves only colleagues; its one way to the customer is the parcel.
    assert department_relations(chain, "warehouse").reaches_external
    chain.handoffs = [h for h in chain.handoffs if h.id != "h-ship"]
    warehouse = department_relations(chain, "warehouse")
    assert warehouse.customers == []
    assert not warehouse.reaches_external


def test_a_department_serving_the_customer_itself_reaches_them_without_handoffs(chain):
    chain.handoffs = []
    relations = department_relations(chain, "sales")
    assert relations == DepartmentRelations(suppliers=[], customers=[], reaches_external=True)


def test_a_path_through_internal_touchpoints_only_does_not_reach_the_customer(chain):
    for touchpoint in chain.touchpoints:
        touchpoint.serves = "internal"
    assert not any(department_relations(chain, d.id).reaches_external for d in chain.departments)


def test_handoffs_inside_a_lane_are_not_relations(chain):
    chain.touchpoints.append(
        Touchpoint(id="file-order", label="Files the order", department="sales", position=Position(x=400, y=100))
    )
    chain.handoffs.append(Handoff(id="h-file", source="confirm-order", target="file-order"))
    relations = department_relations(chain, "sales")
    assert relations.customers == [Relation("warehouse", ("h-pick",))]
    assert relations.suppliers == [Relation("customer", ("h-order",))]


def test_relations_are_in_lane_order_and_their_handoffs_in_file_order(chain):
    chain.touchpoints.append(
        Touchpoint(id="check-stock", label="Checks the stock", department="warehouse", position=Position(x=40, y=100))
    )
    chain.handoffs = [
        Handoff(id="h-stock", source="check-stock", target="confirm-order"),  # warehouse -> sales
        *chain.handoffs,
        Handoff(id="h-call", source="receive-parcel", target="confirm-order"),  # customer -> sales
        Handoff(id="h-stock-2", source="pick-and-pack", target="confirm-order"),  # warehouse -> sales
    ]
    assert department_relations(chain, "sales").suppliers == [
        Relation("customer", ("h-order", "h-call")),
        Relation("warehouse", ("h-stock", "h-stock-2")),
    ]


def test_an_empty_department_has_no_relations_and_does_not_reach_the_customer(chain):
    chain.departments.append(Department(id="legal", name="Legal", role="support"))
    assert department_relations(chain, "legal") == DepartmentRelations([], [], reaches_external=False)


def test_an_unknown_department_is_a_key_error(chain):
    with pytest.raises(KeyError, match="nowhere"):
        department_relations(chain, "nowhere")


def test_sales_in_the_retail_sample(retail):
    relations = department_relations(retail, "sales")
    assert relations.suppliers == [
        Relation("reception", ("h-reception-to-adviser",)),
        Relation("operations", ("h-not-in-stock",)),
        Relation("it", ("h-webshop-to-sales",)),
    ]
    assert relations.customers == [
        Relation("customer", ("h-adviser-to-customer", "h-new-date-to-customer")),
        Relation("operations", ("h-confirmed-order-to-stock",)),
    ]
    assert relations.reaches_external


def test_operations_in_the_retail_sample_serves_colleagues_on_the_way_to_the_customer(retail):
    relations = department_relations(retail, "operations")
    assert [r.department_id for r in relations.suppliers] == ["customer", "sales"]
    assert [r.department_id for r in relations.customers] == ["sales", "delivery"]
    assert relations.customers[1].handoff_ids == (
        "h-supplier-goods-to-delivery",
        "h-packed-goods-to-delivery",
    )
    assert all(t.serves == "internal" for t in retail.touchpoints if t.department == "operations")
    assert relations.reaches_external


def test_every_department_of_the_retail_sample_reaches_the_customer(retail):
    assert all(department_relations(retail, d.id).reaches_external for d in retail.departments)


def test_finance_cut_off_from_the_customer_in_the_retail_sample(retail):
    retail.handoffs = [
        h for h in retail.handoffs if h.id not in ("h-matched-payment-to-invoicing", "h-refund-to-customer")
    ]
    next(t for t in retail.touchpoints if t.id == "tp-refund-deposit").serves = "internal"
    relations = department_relations(retail, "finance")
    assert relations.customers == []
    assert not relations.reaches_external


@st.composite
def random_chains(draw) -> Chain:
    departments = [Department(id=f"d{i}", name=f"D{i}") for i in range(draw(st.integers(1, 5)))]
    count = draw(st.integers(0, 12))
    touchpoints = [
        Touchpoint(
            id=f"t{i}",
            label=f"T{i}",
            department=draw(st.sampled_from(departments)).id,
            serves=draw(st.sampled_from(["external", "internal"])),
            position=Position(x=0, y=0),
        )
        for i in range(count)
    ]
    pairs = draw(st.lists(st.tuples(st.integers(0, count - 1), st.integers(0, count - 1)), max_size=20)) if count else []
    handoffs = [Handoff(id=f"h{i}", source=f"t{a}", target=f"t{b}") for i, (a, b) in enumerate(pairs)]
    return Chain(title="random", departments=departments, touchpoints=touchpoints, handoffs=handoffs)


@settings(max_examples=200, deadline=None)
@given(random_chains())
def test_every_cross_lane_handoff_is_one_suppliers_and_one_customers(chain):
    department_of = {t.id: t.department for t in chain.touchpoints}
    crossing = sorted(h.id for h in chain.handoffs if department_of[h.source] != department_of[h.target])
    supplied, served = [], []
    for department in chain.departments:
        relations = department_relations(chain, department.id)
        supplied += [id for relation in relations.suppliers for id in relation.handoff_ids]
        served += [id for relation in relations.customers for id in relation.handoff_ids]
        assert department.id not in [r.department_id for r in relations.suppliers + relations.customers]
        # Reaching the customer: some touchpoint of the lane can walk to an external one.
        own = [t.id for t in chain.touchpoints if t.department == department.id]
        reached, stack = set(own), list(own)
        while stack:
            node = stack.pop()
            for handoff in chain.handoffs:
                if handoff.source == node and handoff.target not in reached:
                    reached.add(handoff.target)
                    stack.append(handoff.target)
        external = {t.id for t in chain.touchpoints if t.serves == "external"}
        assert relations.reaches_external == bool(reached & external)
    assert sorted(supplied) == crossing
    assert sorted(served) == crossing


def test_without_the_verdict_the_relations_are_the_same(retail):
    for department in retail.departments:
        full = department_relations(retail, department.id)
        assert department_relations(retail, department.id, reaches=False) == DepartmentRelations(
            full.suppliers, full.customers, reaches_external=None)
