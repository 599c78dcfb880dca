"""Our BPMN and draw.io exports import back to the chain they came from, byte for byte,
with nothing reported as left out: every sample and template, and a chain that uses every
field of format version 2 (comments and sessions, measures, actions and ratings, stages,
marks, times, RACI and the glossary)."""

from __future__ import annotations

import pytest

from models.bpmn_export import to_bpmn
from models.bpmn_import import import_bpmn
from models.chain import Action, Comment, Measure, Rating, Result, Session, SignOff, Stage, Term
from models.chain_file import chain_to_bytes, load_chain
from models.drawio_export import to_drawio
from models.drawio_import import import_drawio
from resources.samples import FIRST_START_SAMPLE, sample_paths
from resources.templates import template_paths

SHIPPED = sample_paths() + template_paths()


def reviewed_chain():
    """The retail sample after a review session: a thread of comments on a touchpoint,
    one on a handoff and one on the chain, and a sign-off given in the session."""
    chain = load_chain(FIRST_START_SAMPLE)
    touchpoint, handoff = chain.touchpoints[1], chain.handoffs[0]
    chain.sessions.append(Session(id="s-1", date="2026-11-30", title="Order review",
                                  attendees=[person.id for person in chain.people[:2]], notes="Walked the chain"))
    chain.comments += [
        Comment(id="c-1", element=touchpoint.id, author="Ana", date="2026-11-30",
                text="Customers wait <a day> & more", session="s-1"),
        Comment(id="c-2", reply_to="c-1", author="Bo", date="2026-11-30", kind="question", text="Which form?"),
        Comment(id="c-3", element=handoff.id, author="Ana", date="2026-11-30", kind="idea", status="resolved",
                text="Send it by e-mail"),
        Comment(id="c-4", author="Cy", date="2026-12-01", kind="praise", text="Clear at last"),
    ]
    touchpoint.review.signoffs.append(SignOff(name="Ana", role="service_provider", date="2026-11-30", session="s-1"))
    # Measures and improvement, and the blueprint layer (issues 18 and 19).
    touchpoint.measure = Measure(metric="confirmed within 1 hour", unit="%", target=95, direction="at_least", period="month")
    touchpoint.results = [Result(period="2026-10", value=91.5, note="short-staffed")]
    chain.stages = [Stage(id="st-visit", name="Visit"), Stage(id="st-order", name="Order", description="Deposit paid")]
    touchpoint.stage, touchpoint.marks, touchpoint.duration_minutes = "st-order", ["moment_of_truth"], 12.5
    touchpoint.consulted = [chain.people[0].id]
    handoff.wait_minutes = 45
    chain.actions = [Action(id="a-1", title="Staff the desk before nine", elements=[touchpoint.id], comments=["c-1"],
                            owner=chain.people[0].id, phase="do", due="2026-12-15")]
    lanes = [department.id for department in chain.departments]
    chain.ratings = [Rating(customer=lanes[1], provider=lanes[2], period="2026-Q3", score=3.5, rehire=0.75)]
    chain.glossary = [Term(term="order", definition="What a customer asked for", avoid=["booking"])]
    return chain


CHAINS = [pytest.param(load_chain(path), id=f"{path.parent.name}-{path.stem}") for path in SHIPPED]
CHAINS.append(pytest.param(reviewed_chain(), id="reviewed"))


@pytest.mark.parametrize("chain", CHAINS)
def test_our_bpmn_imports_back_equal(chain):
    back, left_out = import_bpmn(to_bpmn(chain).encode("utf-8"), name="chain.bpmn")
    assert left_out == []
    assert chain_to_bytes(back) == chain_to_bytes(chain)


@pytest.mark.parametrize("chain", CHAINS)
def test_our_drawio_imports_back_equal(chain):
    back, left_out = import_drawio(to_drawio(chain).encode("utf-8"), "chain.drawio")
    assert left_out == []
    assert chain_to_bytes(back) == chain_to_bytes(chain)


def test_comments_on_an_element_deleted_in_another_tool_come_back_about_the_chain():
    chain = reviewed_chain()
    text = to_bpmn(chain)
    touchpoint = chain.touchpoints[1]
    # As if the task were deleted in a BPMN tool: its node, its flows, its diagram shapes.
    back, left_out = import_bpmn(_without_node(text, touchpoint.id, chain).encode("utf-8"), name="edited.bpmn")
    comments = {comment.id: comment for comment in back.comments}
    assert comments["c-1"].element is None and comments["c-2"].reply_to == "c-1"
    assert any("no longer in the file" in sentence for sentence in left_out)


def _without_node(text: str, node_id: str, chain) -> str:
    """The BPMN text without the flow node `node_id` and everything that refers to it."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(text)
    gone = {node_id} | {h.id for h in chain.handoffs if node_id in (h.source, h.target)}
    for parent in list(root.iter()):
        for child in list(parent):
            refers = child.get("id") in gone or child.get("bpmnElement") in gone or (child.text or "").strip() in gone
            refers = refers or child.get("sourceRef") in gone or child.get("targetRef") in gone
            if refers:
                parent.remove(child)
    return ET.tostring(root, encoding="unicode")
