"""Fixtures shared by all tests. Qt runs offscreen, so the tests need no screen."""

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Recovery copies and other data files go to a folder of the test run, not the user's.
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="chain-designer-tests-data-")

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

# Property tests draw the same examples on every run, so CI passes or fails on the code,
# not on the luck of the draw. `pytest --hypothesis-profile=explore` draws new ones.
settings.register_profile("repeatable", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile("repeatable")

from models.chain import (  # noqa: E402
    Chain,
    Department,
    Handoff,
    Person,
    Position,
    Procedure,
    Touchpoint,
)


@pytest.fixture
def chain() -> Chain:
    """A small valid chain: a web shop order, from the customer's order to delivery."""
    return Chain(
        title="Order to delivery",
        organisation="Greenleaf Garden Supplies",
        departments=[
            Department(id="customer", name="Customer", role="customer"),
            Department(id="sales", name="Sales desk", role="frontline", lead="anna"),
            Department(id="warehouse", name="Warehouse", role="backoffice"),
        ],
        people=[Person(id="anna", name="Anna de Vries", department="sales", role="Sales lead")],
        touchpoints=[
            Touchpoint(
                id="place-order",
                label="Places an order on the web shop",
                department="customer",
                kind="start",
                channel="web",
                position=Position(x=40, y=20),
            ),
            Touchpoint(
                id="confirm-order",
                label="Confirms the order",
                department="sales",
                channel="email",
                owner="anna",
                procedure=Procedure(title="Order confirmation checklist"),
                expectation="A confirmation the same day",
                objective="Confirm orders within 1 hour",
                position=Position(x=220, y=20),
            ),
            Touchpoint(
                id="pick-and-pack",
                label="Picks and packs the parcel",
                department="warehouse",
                serves="internal",
                position=Position(x=400, y=20),
            ),
            Touchpoint(
                id="receive-parcel",
                label="Receives the parcel",
                department="customer",
                kind="end",
                channel="in_person",
                position=Position(x=580, y=20),
            ),
        ],
        handoffs=[
            Handoff(id="h-order", source="place-order", target="confirm-order", passes="web order"),
            Handoff(
                id="h-pick",
                source="confirm-order",
                target="pick-and-pack",
                passes="signed order form",
                expectation="same working day",
            ),
            Handoff(id="h-ship", source="pick-and-pack", target="receive-parcel", label="shipped"),
        ],
    )


@pytest.fixture
def document(qapp, chain):
    """The `chain` fixture in a Document, the one way to change it (with undo)."""
    from app.document import Document  # imported here: model tests load no Qt

    return Document(chain)
