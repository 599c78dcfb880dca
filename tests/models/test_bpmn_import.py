"""BPMN 2.0 import (models/bpmn_import.py) of hand-written BPMN documents shaped like
those of Camunda Modeler / bpmn.io (prefixed `bpmn:`), Signavio (BPMN as the default
namespace, "sid-" ids) and Chain Designer's own export (the BPMN contract: chain data in
`<chain:element>` and `<chain:chain>`, nodes added for BPMN's rules marked chain:added).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from app import cli
from app.import_formats import ChainImportError, format_of_file, import_format
from models import bpmn_import
from models.bpmn_import import BpmnImportError, import_bpmn, looks_like_bpmn
from models.chain import Chain
from models.chain_file import chain_to_bytes, load_chain
from models.geometry import card_sizes
from models.import_source import MAX_FILE_BYTES
from models.integrity import find_integrity_problem

NAMESPACES = (
    'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
    'xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" '
    'xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" '
    'xmlns:di="http://www.omg.org/spec/DD/20100524/DI" '
    'xmlns:chain="urn:chain-designer:bpmn:1"'
)
DRAWIO_FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "drawio"


def definitions(body: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<bpmn:definitions {NAMESPACES} id="Definitions_1" '
            f'targetNamespace="http://bpmn.io/schema/bpmn">{body}</bpmn:definitions>').encode()


def shape(element: str, x: float, y: float, w: float, h: float) -> str:
    return (f'<bpmndi:BPMNShape id="{element}_di" bpmnElement="{element}">'
            f'<dc:Bounds x="{x}" y="{y}" width="{w}" height="{h}"/></bpmndi:BPMNShape>')


def diagram(*shapes: str) -> str:
    return ('<bpmndi:BPMNDiagram id="BPMNDiagram_1"><bpmndi:BPMNPlane id="BPMNPlane_1" '
            f'bpmnElement="Collaboration_1">{"".join(shapes)}</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>')


def by_label(chain: Chain) -> dict:
    return {t.label: t for t in chain.touchpoints}


def flows(chain: Chain) -> set[tuple[str, str, str | None]]:
    labels = {t.id: t.label for t in chain.touchpoints}
    return {(labels[h.source], labels[h.target], h.label) for h in chain.handoffs}


def assert_sound(chain: Chain) -> None:
    assert find_integrity_problem(chain) is None
    assert load_chain(chain_to_bytes(chain), name="imported.chain") == chain


# -- a Camunda Modeler file: one pool, two lanes, a diagram ----------------------------------

CAMUNDA = definitions("""
  <bpmn:collaboration id="Collaboration_1">
    <bpmn:participant id="Participant_1" name="Order   handling" processRef="Process_1"/>
  </bpmn:collaboration>
  <bpmn:process id="Process_1" isExecutable="true">
    <bpmn:laneSet id="LaneSet_1">
      <bpmn:lane id="Lane_stock" name="Warehouse &amp; stock">
        <bpmn:flowNodeRef>Activity_ship</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>Event_done</bpmn:flowNodeRef>
      </bpmn:lane>
      <bpmn:lane id="Lane_sales" name="Sales">
        <bpmn:flowNodeRef>StartEvent_1</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>Activity_check</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>Gateway_ok</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>Activity_refuse</bpmn:flowNodeRef>
      </bpmn:lane>
    </bpmn:laneSet>
    <bpmn:startEvent id="StartEvent_1" name="Order&#10;received"><bpmn:outgoing>Flow_1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="Activity_check" name="Check   order">
      <bpmn:documentation>Look at the stock
   and the price</bpmn:documentation>
    </bpmn:userTask>
    <bpmn:exclusiveGateway id="Gateway_ok" name="In stock?"/>
    <bpmn:serviceTask id="Activity_ship" name="Ship goods"/>
    <bpmn:sendTask id="Activity_refuse" name="Say sorry"/>
    <bpmn:endEvent id="Event_done" name="Order shipped"/>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Activity_check"/>
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Activity_check" targetRef="Gateway_ok"/>
    <bpmn:sequenceFlow id="Flow_yes" name="yes" sourceRef="Gateway_ok" targetRef="Activity_ship">
      <bpmn:documentation>the   order</bpmn:documentation>
      <bpmn:conditionExpression>${inStock}</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="Flow_no" name="no" sourceRef="Gateway_ok" targetRef="Activity_refuse"/>
    <bpmn:sequenceFlow id="Flow_4" sourceRef="Activity_ship" targetRef="Event_done"/>
  </bpmn:process>
""" + diagram(
    shape("Participant_1", 160, 80, 800, 250),
    shape("Lane_stock", 190, 205, 770, 125),
    shape("Lane_sales", 190, 80, 770, 125),
    shape("StartEvent_1", 232, 122, 36, 36),
    shape("Activity_check", 320, 100, 100, 80),
    shape("Gateway_ok", 475, 115, 50, 50),
    shape("Activity_refuse", 580, 100, 100, 80),
    shape("Activity_ship", 580, 230, 100, 80),
    shape("Event_done", 742, 252, 36, 36),
))


def test_a_camunda_file_gives_lanes_touchpoints_and_handoffs():
    chain, left_out = import_bpmn(CAMUNDA, name="orders.bpmn")
    assert chain.title == "Order handling"
    # Departments are stacked as the diagram stacks the lanes, not in the file's order.
    assert [(d.id, d.name) for d in chain.departments] == [("Lane_sales", "Sales"), ("Lane_stock", "Warehouse & stock")]
    touchpoints = by_label(chain)
    assert {label: (t.kind, t.department) for label, t in touchpoints.items()} == {
        "Order received": ("start", "Lane_sales"),  # the line break is a space
        "Check order": ("step", "Lane_sales"),
        "In stock?": ("decision", "Lane_sales"),
        "Say sorry": ("step", "Lane_sales"),
        "Ship goods": ("step", "Lane_stock"),
        "Order shipped": ("end", "Lane_stock"),
    }
    assert touchpoints["Check order"].id == "Activity_check"
    assert touchpoints["Check order"].notes == "Look at the stock\nand the price"
    assert flows(chain) == {
        ("Order received", "Check order", None), ("Check order", "In stock?", None),
        ("In stock?", "Ship goods", "yes"), ("In stock?", "Say sorry", "no"),
        ("Ship goods", "Order shipped", None),
    }
    assert next(h for h in chain.handoffs if h.label == "yes").passes == "the order"
    assert "The condition of 1 sequence flow was left out; its name is the handoff's label." in left_out
    assert "The diagram's sizes, colours and line routes are not carried over." in left_out
    assert_sound(chain)


def test_cards_keep_the_diagrams_arrangement_in_their_lanes_without_overlapping():
    chain, _ = import_bpmn(CAMUNDA, name="orders.bpmn")
    touchpoints = by_label(chain)
    flow = ["Order received", "Check order", "In stock?", "Say sorry"]
    lefts = [touchpoints[label].position.x for label in flow]
    assert lefts == sorted(lefts) and len(set(lefts)) == len(lefts)  # the flow still reads left to right
    assert min(t.position.x for t in chain.touchpoints) == 20  # the left-most card starts at the margin
    sizes = card_sizes(chain)
    for one in chain.touchpoints:
        for other in chain.touchpoints:
            if one is not other and one.department == other.department:
                ax, ay, (aw, ah) = one.position.x, one.position.y, sizes[one.id]
                bx, by, (bw, bh) = other.position.x, other.position.y, sizes[other.id]
                assert ax + aw <= bx or bx + bw <= ax or ay + ah <= by or by + bh <= ay
    # "Ship goods" lies under "Say sorry" in the diagram; its card stays right of "In stock?".
    assert touchpoints["Ship goods"].position.x > touchpoints["In stock?"].position.x


# -- nested lanes ------------------------------------------------------------------------

NESTED = definitions("""
  <bpmn:process id="Process_1" name="Claims">
    <bpmn:laneSet id="LaneSet_1">
      <bpmn:lane id="Lane_office" name="Office">
        <bpmn:flowNodeRef>Task_a</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>Task_b</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>Task_c</bpmn:flowNodeRef>
        <bpmn:childLaneSet id="LaneSet_2">
          <bpmn:lane id="Lane_front" name="Front desk"><bpmn:flowNodeRef>Task_a</bpmn:flowNodeRef></bpmn:lane>
          <bpmn:lane id="Lane_back" name="Back office">
            <bpmn:flowNodeRef>Task_b</bpmn:flowNodeRef>
            <bpmn:childLaneSet id="LaneSet_3">
              <bpmn:lane id="Lane_claims" name="Claims"/>
              <bpmn:lane id="Lane_pay" name="Payments"/>
            </bpmn:childLaneSet>
          </bpmn:lane>
        </bpmn:childLaneSet>
      </bpmn:lane>
      <bpmn:lane id="Lane_customer" name="Customer"><bpmn:flowNodeRef>Task_d</bpmn:flowNodeRef></bpmn:lane>
    </bpmn:laneSet>
    <bpmn:task id="Task_a" name="A"/>
    <bpmn:task id="Task_b" name="B"/>
    <bpmn:task id="Task_c" name="C"/>
    <bpmn:task id="Task_d" name="D"/>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Task_a" targetRef="Task_b"/>
  </bpmn:process>
""")


def test_nested_lanes_give_their_innermost_lanes_named_with_their_parents():
    chain, left_out = import_bpmn(NESTED, name="claims.bpmn")
    assert chain.title == "Claims"  # the process's name, when there is no pool
    assert [d.name for d in chain.departments] == [
        "Office / Front desk", "Office / Back office / Claims", "Office / Back office / Payments", "Customer",
    ]
    department = {d.id: d.name for d in chain.departments}
    places = {t.label: department[t.department] for t in chain.touchpoints}
    # B is in "Back office" only: its first inner lane. C is in "Office" only: its first leaf.
    assert places == {"A": "Office / Front desk", "B": "Office / Back office / Claims",
                      "C": "Office / Front desk", "D": "Customer"}
    assert any(s.startswith("Nested lanes became departments") for s in left_out)
    assert "The file has no diagram (BPMNDI), so the chain was laid out." in left_out
    assert_sound(chain)


# -- pools without lanes, and message flows between them -----------------------------------

POOLS = definitions("""
  <bpmn:collaboration id="Collaboration_1" name="Repairs">
    <bpmn:participant id="Participant_shop" name="Repair shop" processRef="Process_shop"/>
    <bpmn:participant id="Participant_insurer" name="Insurer" processRef="Process_insurer"/>
    <bpmn:participant id="Participant_customer" name="Customer"/>
    <bpmn:messageFlow id="Flow_claim" name="claim" sourceRef="Task_send" targetRef="Task_receive">
      <bpmn:documentation>photos and invoice</bpmn:documentation>
    </bpmn:messageFlow>
    <bpmn:messageFlow id="Flow_call" sourceRef="Participant_customer" targetRef="Start_shop"/>
  </bpmn:collaboration>
  <bpmn:process id="Process_shop">
    <bpmn:startEvent id="Start_shop" name="Car brought in"/>
    <bpmn:sendTask id="Task_send" name="Send claim"/>
    <bpmn:sequenceFlow id="Flow_s1" sourceRef="Start_shop" targetRef="Task_send"/>
  </bpmn:process>
  <bpmn:process id="Process_insurer">
    <bpmn:receiveTask id="Task_receive" name="Receive claim"/>
    <bpmn:endEvent id="End_insurer" name="Claim settled"/>
    <bpmn:sequenceFlow id="Flow_i1" sourceRef="Task_receive" targetRef="End_insurer"/>
  </bpmn:process>
""" + diagram(
    shape("Participant_shop", 100, 50, 600, 200),
    shape("Participant_insurer", 100, 300, 600, 200),
    shape("Participant_customer", 100, 550, 600, 60),
    shape("Start_shop", 160, 130, 36, 36),
    shape("Task_send", 260, 110, 100, 80),
    shape("Task_receive", 400, 360, 100, 80),
    shape("End_insurer", 560, 382, 36, 36),
))


def test_pools_without_lanes_are_departments_and_message_flows_hand_off_between_them():
    chain, left_out = import_bpmn(POOLS, name="repairs.bpmn")
    assert chain.title == "Repairs"  # several pools: the collaboration's name
    assert [(d.id, d.name) for d in chain.departments] == [
        ("Participant_shop", "Repair shop"), ("Participant_insurer", "Insurer"), ("Participant_customer", "Customer"),
    ]
    assert {t.label: t.department for t in chain.touchpoints} == {
        "Car brought in": "Participant_shop", "Send claim": "Participant_shop",
        "Receive claim": "Participant_insurer", "Claim settled": "Participant_insurer",
    }
    assert flows(chain) == {
        ("Car brought in", "Send claim", None), ("Send claim", "Receive claim", "claim"),
        ("Receive claim", "Claim settled", None),
    }
    assert next(h for h in chain.handoffs if h.label == "claim").passes == "photos and invoice"
    # The message from the customer's pool (no process: no touchpoint) cannot be a handoff.
    assert "1 flow that does not join two imported flow nodes was left out." in left_out
    assert_sound(chain)


# -- a Signavio-style file without a diagram ---------------------------------------------------

SIGNAVIO = b"""<?xml version="1.0" encoding="UTF-8"?>
<!-- exported by a modeler -->
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="sid-defs" targetNamespace="http://www.signavio.com">
  <process id="sid-9A4E" name="  Returns  ">
    <startEvent id="sid-1F2A"/>
    <task id="sid-2B3C" name="Take parcel back"/>
    <parallelGateway id="sid-3C4D"/>
    <task id="sid-4D5E" name="Refund"/>
    <task id="sid-5E6F" name="Restock"/>
    <inclusiveGateway id="sid-6F70" name="Anything else?"/>
    <endEvent id="sid-7081"/>
    <sequenceFlow id="sid-f1" sourceRef="sid-1F2A" targetRef="sid-2B3C"/>
    <sequenceFlow id="sid-f2" sourceRef="sid-2B3C" targetRef="sid-3C4D"/>
    <sequenceFlow id="sid-f3" sourceRef="sid-3C4D" targetRef="sid-4D5E"/>
    <sequenceFlow id="sid-f4" sourceRef="sid-3C4D" targetRef="sid-5E6F"/>
    <sequenceFlow id="sid-f5" sourceRef="sid-4D5E" targetRef="sid-6F70"/>
    <sequenceFlow id="sid-f6" sourceRef="sid-5E6F" targetRef="sid-6F70"/>
    <sequenceFlow id="sid-f7" sourceRef="sid-6F70" targetRef="sid-7081"/>
  </process>
</definitions>
"""


def test_a_file_without_a_diagram_is_laid_out_in_one_department_named_for_its_process():
    chain, left_out = import_bpmn(SIGNAVIO, name="returns.bpmn")
    assert chain.title == "Returns"
    [department] = chain.departments
    assert (department.id, department.name) == ("sid-9A4E", "Returns")
    kinds = {t.id: (t.label, t.kind) for t in chain.touchpoints}
    assert kinds == {
        "sid-1F2A": ("Start", "start"), "sid-2B3C": ("Take parcel back", "step"),
        "sid-3C4D": ("Parallel gateway", "step"), "sid-4D5E": ("Refund", "step"),
        "sid-5E6F": ("Restock", "step"), "sid-6F70": ("Anything else?", "decision"),
        "sid-7081": ("End", "end"),
    }
    # Laid out: left to right along every handoff, inside the lane's margins.
    place = {t.id: t.position for t in chain.touchpoints}
    sizes = card_sizes(chain)
    for handoff in chain.handoffs:
        assert place[handoff.source].x + sizes[handoff.source][0] < place[handoff.target].x
    assert all(p.x >= 20 and p.y >= 16 for p in place.values())
    assert left_out == [
        '3 elements without a name were named for their types: "Start", "Parallel gateway", "End".',
        "1 parallel gateway became a step (every branch runs).",
        "1 inclusive, event-based or complex gateway became a decision.",
        "The file has no diagram (BPMNDI), so the chain was laid out.",
    ]
    assert_sound(chain)


def test_nodes_without_a_shape_are_laid_out_around_the_placed_ones():
    partial = CAMUNDA.replace(b'<bpmndi:BPMNShape id="Activity_refuse_di"', b'<bpmndi:BPMNShape id="x" ')
    partial = partial.replace(b'bpmnElement="Activity_refuse"', b'bpmnElement="nothing"')
    chain, left_out = import_bpmn(partial, name="orders.bpmn")
    assert "1 touchpoint without a shape in the diagram was laid out around the others." in left_out
    sorry, decision = by_label(chain)["Say sorry"], by_label(chain)["In stock?"]
    assert sorry.position.x > decision.position.x  # after its predecessor, in free space


# -- what is left out, and said ---------------------------------------------------------------

UNSUPPORTED = definitions("""
  <bpmn:process id="Process_1">
    <bpmn:startEvent id="Start"/>
    <bpmn:task id="Task_1"/>
    <bpmn:boundaryEvent id="Timer" name="Two days" attachedToRef="Task_1"><bpmn:timerEventDefinition/></bpmn:boundaryEvent>
    <bpmn:subProcess id="Sub" name="Pack">
      <bpmn:startEvent id="Sub_start"/><bpmn:task id="Sub_task" name="Wrap"/><bpmn:endEvent id="Sub_end"/>
      <bpmn:sequenceFlow id="Sub_f" sourceRef="Sub_start" targetRef="Sub_task"/>
    </bpmn:subProcess>
    <bpmn:callActivity id="Call" name="Bill"/>
    <bpmn:intermediateCatchEvent id="Wait" name="Payment in"><bpmn:messageEventDefinition/></bpmn:intermediateCatchEvent>
    <bpmn:eventBasedGateway id="Which"/>
    <bpmn:task id="Remind" name="Remind"/>
    <bpmn:dataObjectReference id="DataRef_1" name="Invoice" dataObjectRef="Data_1"/>
    <bpmn:dataObject id="Data_1"/>
    <bpmn:dataStoreReference id="Store_1" name="CRM"/>
    <bpmn:textAnnotation id="Note_1"><bpmn:text>Ask Ana</bpmn:text></bpmn:textAnnotation>
    <bpmn:textAnnotation id="Note_2"><bpmn:text>Slow</bpmn:text></bpmn:textAnnotation>
    <bpmn:association id="Assoc_1" sourceRef="Task_1" targetRef="Note_1"/>
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Task_1"/>
    <bpmn:sequenceFlow id="F2" sourceRef="Task_1" targetRef="Sub"/>
    <bpmn:sequenceFlow id="F3" sourceRef="Timer" targetRef="Remind"/>
    <bpmn:sequenceFlow id="F4" sourceRef="Sub" targetRef="Call"/>
    <bpmn:sequenceFlow id="F5" sourceRef="Call" targetRef="Wait"/>
    <bpmn:sequenceFlow id="F6" sourceRef="Wait" targetRef="Which"/>
    <bpmn:sequenceFlow id="F7" sourceRef="Which" targetRef="DataRef_1"/>
    <bpmn:sequenceFlow id="F8" sourceRef="Which" targetRef="Nowhere"/>
  </bpmn:process>
""")


def test_elements_that_are_no_touchpoint_are_left_out_and_counted():
    chain, left_out = import_bpmn(UNSUPPORTED, name="billing.bpmn")
    kinds = {t.label: t.kind for t in chain.touchpoints}
    assert kinds == {"Start": "start", "Task": "step", "Pack": "step", "Bill": "step",
                     "Payment in": "step", "Event based gateway": "decision", "Remind": "step"}
    # The flow from the timer leaves from the task it is attached to, named for the timer.
    assert ("Task", "Remind", "Two days") in flows(chain)
    assert len(chain.handoffs) == 6
    assert left_out == [
        '4 elements without a name were named for their types: "Process", "Start", "Task", "Event based gateway".',
        "1 sub-process became a step; the 3 flow nodes inside were left out.",
        "1 intermediate event became a step.",
        "1 inclusive, event-based or complex gateway became a decision.",
        "1 boundary event was left out; the flows leaving it leave from the activity it is attached to.",
        "1 association, 1 data object, 1 data store and 2 text annotations were left out.",
        "2 flows that do not join two imported flow nodes were left out.",
        "The file has no diagram (BPMNDI), so the chain was laid out.",
    ]
    assert_sound(chain)


def test_lanes_that_run_down_the_page_are_turned_to_run_across():
    across = import_bpmn(POOLS, name="repairs.bpmn")[0]
    turned = POOLS
    for element, (x, y, w, h) in {
        "Participant_shop": (100, 50, 600, 200), "Participant_insurer": (100, 300, 600, 200),
        "Participant_customer": (100, 550, 600, 60), "Start_shop": (160, 130, 36, 36),
        "Task_send": (260, 110, 100, 80), "Task_receive": (400, 360, 100, 80), "End_insurer": (560, 382, 36, 36),
    }.items():  # the same diagram, drawn down the page
        turned = turned.replace(f'<dc:Bounds x="{x}" y="{y}" width="{w}" height="{h}"/>'.encode(),
                                f'<dc:Bounds x="{y}" y="{x}" width="{h}" height="{w}"/>'.encode())
    turned = turned.replace(b'bpmnElement="Participant_shop">', b'bpmnElement="Participant_shop" isHorizontal="false">')
    down, left_out = import_bpmn(turned, name="repairs.bpmn")
    assert down == across
    assert "The diagram's lanes run down the page; they were turned to run across." in left_out


def test_a_message_to_a_node_inside_a_sub_process_reaches_the_sub_processs_step():
    inner = definitions("""
      <bpmn:collaboration id="Collaboration_1">
        <bpmn:participant id="Shop" name="Shop" processRef="P1"/>
        <bpmn:participant id="Bank" name="Bank" processRef="P2"/>
        <bpmn:messageFlow id="Pay" name="payment" sourceRef="Inner_pay" targetRef="Inner_book"/>
      </bpmn:collaboration>
      <bpmn:process id="P1"><bpmn:subProcess id="Checkout" name="Check out">
        <bpmn:task id="Inner_pay" name="Pay"/></bpmn:subProcess></bpmn:process>
      <bpmn:process id="P2"><bpmn:transaction id="Booking">
        <bpmn:subProcess id="Deeper"><bpmn:task id="Inner_book" name="Book"/></bpmn:subProcess>
      </bpmn:transaction></bpmn:process>""")
    chain, left_out = import_bpmn(inner, name="pay.bpmn")
    assert [(t.id, t.label, t.department) for t in chain.touchpoints] == [
        ("Checkout", "Check out", "Shop"), ("Booking", "Transaction", "Bank")]
    [handoff] = chain.handoffs
    assert (handoff.source, handoff.target, handoff.label) == ("Checkout", "Booking", "payment")
    assert "2 sub-processes became one step each; the 3 flow nodes inside were left out." in left_out


def test_ids_that_cannot_be_chain_ids_are_made_valid_and_unique():
    odd = definitions("""
      <bpmn:process id="Process_1">
        <bpmn:task id="_1abc" name="Digit first"/>
        <bpmn:task id="Aufgabe_\u00e4" name="Umlaut"/>
        <bpmn:task id="Aufgabe_\u00f6" name="Another umlaut"/>
        <bpmn:task id="_" name="Only an underscore"/>
        <bpmn:task id="x" name="Task"/>
        <bpmn:task id="x" name="Its twin"/>
        <bpmn:sequenceFlow id="x" sourceRef="_1abc" targetRef="x"/>
        <bpmn:sequenceFlow id="%s" sourceRef="x" targetRef="_"/>
      </bpmn:process>
    """ % ("f" * 80))
    chain, left_out = import_bpmn(odd, name="odd.bpmn")
    assert [t.id for t in chain.touchpoints] == ["1abc", "Aufgabe", "Aufgabe-2", "touchpoint", "x"]
    assert [h.id for h in chain.handoffs] == ["x-2", "f" * 64]
    assert "1 flow node without an id or with an id used before was left out." in left_out
    assert_sound(chain)


# -- Chain Designer's own export: its chain data, and nodes it added -------------------------

EXPECTED = {
    "format": "service-chain", "version": 2, "title": "Help  desk", "organisation": "Acme",
    "vision": "Nobody waits", "description": "From question\nto answer",
    "departments": [
        {"id": "d1", "name": "Customer", "role": "customer", "color": "#aabbcc"},
        {"id": "2nd-line", "name": "Back  office", "role": "backoffice", "lead": "p1"},
        {"id": "3rd", "name": " ", "role": "support"},  # its lane: named by its id, as our export does
    ],
    "people": [{"id": "p1", "name": "Ana", "department": "2nd-line", "role": "Lead"}],
    "touchpoints": [
        {"id": "s", "label": "Asks", "department": "d1", "kind": "start", "channel": "web",
         "position": {"x": 20.0, "y": 30.0}},
        {"id": "t1", "label": "Checks\nrequest", "department": "2nd-line", "owner": "p1",
         "procedure": {"title": "Triage", "link": "https://example.org/triage"}, "expectation": "Within a day",
         "review": {"status": "examined"}, "size": {"w": 200.0, "h": 80.0}, "position": {"x": 220.0, "y": 20.0}},
        {"id": "dec", "label": "OK?", "department": "2nd-line", "kind": "decision", "position": {"x": 480.0, "y": 16.0}},
        {"id": "e", "label": "Done", "department": "d1", "kind": "end", "position": {"x": 700.0, "y": 30.0}},
        {"id": "9z", "label": "Fixes", "department": "2nd-line", "notes": "By hand", "position": {"x": 480.0, "y": 120.0}},
        {"id": "lonely", "label": "", "department": "d1", "position": {"x": 300.0, "y": 60.0}},
    ],
    "handoffs": [
        {"id": "h1", "from": "s", "to": "t1", "passes": "request"},
        {"id": "h2", "from": "t1", "to": "dec"},
        {"id": "h3", "from": "dec", "to": "e", "label": "yes", "expectation": "Same day", "label_at": 0.25},
        {"id": "h4", "from": "dec", "to": "9z", "label": "no"},
        {"id": "h5", "from": "9z", "to": "t1", "label": "again"},
        {"id": "6", "from": "9z", "to": "s", "label": "asks anew"},
    ],
    "lint": {"rules": {"handoff-passes": "off"},
             "ignore": [{"rule": "owner", "element": "dec", "reason": "Shared"}]},
}


def payload(element: dict) -> str:
    return f"<bpmn:extensionElements><chain:element>{escape(json.dumps(element))}</chain:element></bpmn:extensionElements>"


def our_export() -> bytes:
    """What our export writes for EXPECTED, per the contract: a join before t1 (two
    handoffs arrive), a merge for the handoff back into the start, an added start event
    before the touchpoint no handoff reaches, an added end after it."""
    d1, d2, d3 = EXPECTED["departments"]
    s, t1, dec, e, z, lonely = EXPECTED["touchpoints"]
    h1, h2, h3, h4, h5, h6 = EXPECTED["handoffs"]
    chain_fields = {key: EXPECTED[key] for key in ("organisation", "vision", "description", "people", "lint", "version")}
    return definitions(f"""
  <bpmn:collaboration id="Collaboration_1">
    <bpmn:participant id="Participant_1" name="Help  desk" processRef="Process_1"/>
  </bpmn:collaboration>
  <bpmn:process id="Process_1" isExecutable="false">
    <bpmn:extensionElements><chain:chain>{escape(json.dumps(chain_fields))}</chain:chain></bpmn:extensionElements>
    <bpmn:laneSet id="LaneSet_1">
      <bpmn:lane id="d1" name="Customer">{payload(d1)}
        <bpmn:flowNodeRef>s</bpmn:flowNodeRef><bpmn:flowNodeRef>e</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>lonely</bpmn:flowNodeRef><bpmn:flowNodeRef>_added_2</bpmn:flowNodeRef>
      </bpmn:lane>
      <bpmn:lane id="_2nd-line" name="Back  office">{payload(d2)}
        <bpmn:flowNodeRef>t1</bpmn:flowNodeRef><bpmn:flowNodeRef>dec</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>_9z</bpmn:flowNodeRef><bpmn:flowNodeRef>_added_1</bpmn:flowNodeRef>
      </bpmn:lane>
      <bpmn:lane id="_3rd" name="3rd">{payload(d3)}</bpmn:lane>
    </bpmn:laneSet>
    <bpmn:startEvent id="s" name="Asks">{payload(s)}</bpmn:startEvent>
    <bpmn:task id="t1" name="Checks&#10;request">{payload(t1)}
      <bpmn:documentation>Owner: Ana
Procedure: Triage https://example.org/triage
Expectation: Within a day</bpmn:documentation></bpmn:task>
    <bpmn:exclusiveGateway id="dec" name="OK?">{payload(dec)}</bpmn:exclusiveGateway>
    <bpmn:endEvent id="e" name="Done">{payload(e)}</bpmn:endEvent>
    <bpmn:task id="_9z" name="Fixes">{payload(z)}<bpmn:documentation>Notes: By hand</bpmn:documentation></bpmn:task>
    <bpmn:task id="lonely" name="lonely">{payload(lonely)}</bpmn:task>
    <bpmn:exclusiveGateway id="_added_1" chain:added="true"/>
    <bpmn:exclusiveGateway id="_added_2" chain:added="true"/>
    <bpmn:startEvent id="_added_3" chain:added="true"/>
    <bpmn:endEvent id="_added_4" chain:added="true"/>
    <bpmn:sequenceFlow id="_added_5" chain:added="true" sourceRef="s" targetRef="_added_1">{payload(h1)}
      <bpmn:documentation>Passes: request</bpmn:documentation></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="h2" sourceRef="t1" targetRef="dec">{payload(h2)}</bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="h3" name="yes" sourceRef="dec" targetRef="e">{payload(h3)}
      <bpmn:documentation>Expectation: Same day</bpmn:documentation></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="h4" name="no" sourceRef="dec" targetRef="_9z">{payload(h4)}</bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="_added_6" chain:added="true" name="again" sourceRef="_9z" targetRef="_added_1">{payload(h5)}</bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="_added_7" chain:added="true" sourceRef="_added_1" targetRef="t1">{payload(h1)}</bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="_added_8" chain:added="true" name="asks anew" sourceRef="_9z" targetRef="_added_2">{payload(h6)}</bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="_added_9" chain:added="true" sourceRef="_added_3" targetRef="lonely"/>
    <bpmn:sequenceFlow id="_added_10" chain:added="true" sourceRef="lonely" targetRef="_added_4"/>
  </bpmn:process>
""" + diagram(
        # Lanes from x = 30 (the pool's band left of them); cards HEADER_WIDTH (150) into their lane.
        shape("Participant_1", 0, 0, 1030, 400),
        shape("d1", 30, 0, 1000, 150),
        shape("_2nd-line", 30, 150, 1000, 250),
        shape("_3rd", 30, 400, 1000, 96),
        shape("s", 200, 30, 150, 52),
        shape("t1", 400, 170, 200, 80),
        shape("dec", 660, 166, 150, 84),
        shape("e", 880, 30, 150, 52),
        shape("_9z", 660, 270, 160, 64),
        shape("_added_1", 330, 190, 36, 36),
        shape("_added_2", 170, 100, 36, 36),
        shape("_added_3", 400, 70, 36, 36),
        shape("_added_4", 700, 70, 36, 36),
    ))  # "lonely" has no shape: its place comes from its chain data


def test_our_export_imports_to_exactly_the_chain_in_its_data():
    chain, left_out = import_bpmn(our_export(), name="help-desk.bpmn")
    assert chain == Chain.model_validate(EXPECTED)
    assert chain_to_bytes(chain) == chain_to_bytes(Chain.model_validate(EXPECTED))
    assert left_out == []


def test_our_empty_chain_is_a_pool_with_no_department():
    empty = definitions("""
      <bpmn:collaboration id="Collaboration_1"><bpmn:participant id="Participant_1" name="Empty" processRef="Process_1"/>
      </bpmn:collaboration>
      <bpmn:process id="Process_1">
        <bpmn:extensionElements><chain:chain>{"version": 1}</chain:chain></bpmn:extensionElements>
        <bpmn:startEvent id="_added_1" name="Start" chain:added="true"/>
        <bpmn:endEvent id="_added_2" name="End" chain:added="true"/>
        <bpmn:sequenceFlow id="_added_3" chain:added="true" sourceRef="_added_1" targetRef="_added_2"/>
      </bpmn:process>""")
    chain, left_out = import_bpmn(empty, name="empty.bpmn")
    assert chain == Chain(title="Empty", departments=[], touchpoints=[]) and left_out == []


def test_what_a_bpmn_tool_changed_wins_over_our_data():
    edited = our_export()
    edited = edited.replace(b'<bpmn:task id="_9z" name="Fixes">', b'<bpmn:userTask id="_9z" name="Repairs  it">')
    edited = edited.replace(b"<bpmn:documentation>Notes: By hand</bpmn:documentation></bpmn:task>",
                            b"</bpmn:userTask>")
    edited = edited.replace(b'<bpmn:flowNodeRef>dec</bpmn:flowNodeRef>', b"")
    edited = edited.replace(b'<bpmn:flowNodeRef>e</bpmn:flowNodeRef>', b'<bpmn:flowNodeRef>dec</bpmn:flowNodeRef>'
                            b'<bpmn:flowNodeRef>e</bpmn:flowNodeRef>')
    edited = edited.replace(b'<bpmn:exclusiveGateway id="dec" name="OK?">', b'<bpmn:task id="dec" name="OK?">')
    edited = edited.replace(b'</bpmn:exclusiveGateway>\n    <bpmn:endEvent id="e"', b'</bpmn:task>\n    <bpmn:endEvent id="e"')
    edited = edited.replace(b'sourceRef="dec" targetRef="e"', b'sourceRef="t1" targetRef="e"')
    edited = edited.replace(b'<dc:Bounds x="880" y="30"', b'<dc:Bounds x="900" y="40"')
    edited = edited.replace(b'<bpmn:lane id="d1" name="Customer">', b'<bpmn:lane id="d1" name="Clients">')
    chain, _ = import_bpmn(edited, name="edited.bpmn")
    touchpoints = {t.id: t for t in chain.touchpoints}
    assert (touchpoints["9z"].label, touchpoints["9z"].notes) == ("Repairs it", "By hand")  # notes: ours
    assert (touchpoints["dec"].kind, touchpoints["dec"].department) == ("step", "d1")
    assert touchpoints["e"].position.model_dump() == {"x": 720.0, "y": 40.0}  # 900 - 30 - 150, 40 - 0
    h3 = next(h for h in chain.handoffs if h.id == "h3")
    assert (h3.source, h3.target, h3.label, h3.expectation) == ("t1", "e", "yes", "Same day")
    assert chain.departments[0].name == "Clients" and chain.departments[0].color == "#aabbcc"


def test_our_data_that_no_longer_fits_is_dropped_and_said():
    broken = our_export()
    broken = broken.replace(b"<bpmn:lane id=\"_2nd-line\"", b"<bpmn:lane id=\"back\"")  # the lead's department
    broken = broken.replace(b'<chain:element>{"id": "dec"', b"<chain:element>{not json")
    chain, left_out = import_bpmn(broken, name="broken.bpmn")
    assert chain.people[0].department is None  # "2nd-line" is no department any more
    assert (chain.touchpoints[2].id, chain.touchpoints[2].label) == ("dec", "OK?")
    assert "Chain Designer's data in 1 element could not be read and was left out." in left_out
    assert "1 reference to people or elements no longer in the file was dropped." in left_out
    assert_sound(chain)


# -- refused files: one sentence that names the file -------------------------------------------

BOMB = ('<?xml version="1.0"?><!-- %s --><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><definitions>&b;</definitions>') % ("x" * 5000)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (BOMB.encode(), "the file declares a DOCTYPE, which a BPMN tool never writes"),
        (BOMB.replace('version="1.0"', 'version="1.0" encoding="UTF-16"').encode("utf-16"), "DOCTYPE"),
        (b"%PDF-1.4 not xml", "not well-formed XML"),
        (b"<bpmn:definitions", "not well-formed XML"),
        (b'<graphml xmlns="http://graphml.graphdrawing.org/xmlns"/>', "not a BPMN 2.0 model"),
        (definitions(""), "holds no process and no pool"),
    ],
)
def test_a_bad_file_is_one_sentence_that_names_it(tmp_path, content, reason):
    path = tmp_path / "bad.bpmn"
    path.write_bytes(content)
    with pytest.raises(ChainImportError) as refused:
        import_format("bpmn").read(path, None)
    message = str(refused.value)
    assert message.startswith(f"{path}: ") and reason in message and "\n" not in message


def test_a_folder_a_huge_file_and_too_many_elements_are_refused(tmp_path, monkeypatch):
    with pytest.raises(BpmnImportError, match="this is a folder, not a BPMN file"):
        import_bpmn(tmp_path)
    huge = tmp_path / "huge.bpmn"
    with huge.open("wb") as file:
        file.truncate(MAX_FILE_BYTES + 1)  # sparse: no disk used
    with pytest.raises(BpmnImportError, match="more than the 50 MB a BPMN model may have"):
        import_bpmn(huge)
    monkeypatch.setattr(bpmn_import, "MAX_ELEMENTS", 10)
    with pytest.raises(BpmnImportError, match="more than 10 elements"):
        import_bpmn(CAMUNDA, name="orders.bpmn")


def test_wild_numbers_in_the_diagram_and_deep_nesting_give_no_traceback():
    wild = CAMUNDA.replace(b'x="320" y="100"', b'x="nan" y="1e300"').replace(b'x="475"', b'x="-inf"')
    chain, _ = import_bpmn(wild, name="wild.bpmn")
    assert_sound(chain)
    deep = definitions('<bpmn:process id="P"><bpmn:laneSet>' + '<bpmn:lane id="l"><bpmn:childLaneSet>' * 5000
                       + "</bpmn:childLaneSet></bpmn:lane>" * 5000 + "</bpmn:laneSet></bpmn:process>")
    with pytest.raises(BpmnImportError, match="^deep.bpmn: the file is nested too deeply or is too large to read$"):
        import_bpmn(deep, name="deep.bpmn")


# -- telling BPMN from other files ---------------------------------------------------------------


def test_bpmn_is_told_by_its_root_and_namespace():
    assert looks_like_bpmn(CAMUNDA[:4096]) and looks_like_bpmn(SIGNAVIO)
    assert looks_like_bpmn(b'\xef\xbb\xbf<semantic:definitions xmlns:semantic="http://www.omg.org/spec/BPMN/20100524/MODEL">')
    assert not looks_like_bpmn(b'<definitions xmlns="http://schemas.xmlsoap.org/wsdl/">')  # WSDL
    assert not looks_like_bpmn(b'<mxfile><diagram>http://www.omg.org/spec/BPMN/20100524/MODEL</diagram></mxfile>')
    assert not looks_like_bpmn(b"<?xml version='1.0'")
    assert not looks_like_bpmn(b"department,touchpoint\n")


def test_the_registry_reads_bpmn_by_suffix_and_xml_by_content(tmp_path):
    assert format_of_file(tmp_path / "orders.bpmn").id == "bpmn"
    as_xml = tmp_path / "orders.xml"
    as_xml.write_bytes(CAMUNDA)
    assert format_of_file(as_xml).id == "bpmn"
    other_xml = tmp_path / "other.xml"
    other_xml.write_bytes(b"<html/>")
    assert format_of_file(other_xml).id == "drawio"  # the first format of the suffix says why not
    as_text = tmp_path / "orders.txt"
    as_text.write_bytes(SIGNAVIO)
    assert format_of_file(as_text).id == "bpmn"
    if DRAWIO_FIXTURES.is_dir():
        assert format_of_file(DRAWIO_FIXTURES / "swimlanes.xml").id == "drawio"


# -- the command line ------------------------------------------------------------------------


def test_the_import_command_writes_the_chain_with_its_diagrams_places_and_reports(tmp_path, capsys):
    source, out = tmp_path / "billing.bpmn", tmp_path / "billing.chain"
    source.write_bytes(UNSUPPORTED)
    assert cli.main(["import", str(source), "-o", str(out)]) == cli.EXIT_OK
    printed = capsys.readouterr()
    assert printed.out == f"Imported 7 touchpoints in 1 department with 6 handoffs into {out}\n"
    assert "chain-designer: 1 boundary event was left out;" in printed.err
    assert "chain-designer: 2 flows that do not join two imported flow nodes were left out." in printed.err

    placed = tmp_path / "help-desk.bpmn"
    placed.write_bytes(our_export())
    mine = tmp_path / "help-desk.chain"
    assert cli.main(["import", str(placed), "-o", str(mine)]) == cli.EXIT_OK
    assert load_chain(mine) == Chain.model_validate(EXPECTED)  # the diagram's places, not laid out again
    assert cli.main(["import", str(placed), "-o", str(mine)]) == cli.EXIT_UNREADABLE
    assert "already exists" in capsys.readouterr().err
    assert cli.main(["import", str(placed), "-o", str(mine), "--force", "--title", "Desk"]) == cli.EXIT_OK
    assert load_chain(mine).title == "Desk"


def test_the_import_command_refuses_a_bad_bpmn_file_in_one_line(tmp_path, capsys):
    source = tmp_path / "bad.bpmn"
    source.write_bytes(BOMB.encode())
    assert cli.main(["import", str(source), "-o", str(tmp_path / "out.chain")]) == cli.EXIT_UNREADABLE
    err = capsys.readouterr().err
    assert err == f"chain-designer: {source}: the file declares a DOCTYPE, which a BPMN tool never writes\n"
    assert not os.path.exists(tmp_path / "out.chain")
