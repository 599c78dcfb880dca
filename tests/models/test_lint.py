"""Each lint rule on a chain that passes it and on one that fails it; the engine's settings."""

from __future__ import annotations

import pytest

from models.chain import (
    Chain,
    Department,
    Handoff,
    LintIgnore,
    Person,
    Position,
    Procedure,
    Review,
    SignOff,
    Touchpoint,
)
from models.lint import RULES, SEVERITIES, lint_chain, summarise
from models.links import is_safe_link

APPROVED = Review(
    status="approved",
    signoffs=[
        SignOff(name="Grace Hopper", role="management", date="2026-03-02"),
        SignOff(name="Ana Ruiz", role="service_provider", date="2026-03-03"),
    ],
)


def _touchpoint(id, label, department, x, kind="step", owner="p-ana", **fields) -> Touchpoint:
    in_customer_lane = department == "customer"
    defaults = dict(
        owner=None if in_customer_lane else owner,
        procedure=None if in_customer_lane else Procedure(title=f"SOP: {label}"),
        expectation="Knows what happens next",
        objective=None if in_customer_lane else "Within 1 working day",
        review=APPROVED,
    )
    defaults.update(fields)
    return Touchpoint(
        id=id, label=label, department=department, kind=kind,
        position=Position(x=x, y=28), **defaults,
    )


def _handoff(source, target, **fields) -> Handoff:
    return Handoff(id=f"h-{source}-{target}", source=source, target=target, **fields)


def clean_chain() -> Chain:
    """A small chain that breaks no rule: two routes from order to delivery."""
    return Chain(
        title="Order to delivery",
        departments=[
            Department(id="customer", name="Customer", role="customer"),
            Department(id="sales", name="Sales"),
            Department(id="ops", name="Operations", role="backoffice"),
        ],
        people=[
            Person(id="p-ana", name="Ana Ruiz", department="sales"),
            Person(id="p-bo", name="Bo Lind", department="ops"),
        ],
        touchpoints=[
            _touchpoint("order", "Places order", "customer", 40, kind="start"),
            _touchpoint("paid", "Paid online?", "sales", 240, kind="decision"),
            _touchpoint("confirm", "Confirms order", "sales", 440),
            _touchpoint("invoice", "Sends invoice", "sales", 640),
            _touchpoint("stock", "Updates stock", "ops", 640, owner="p-bo", serves="internal"),
            _touchpoint("ship", "Ships parcel", "ops", 840, owner="p-bo"),
            _touchpoint("courier", "Books courier", "ops", 840, owner="p-bo"),
            _touchpoint("receive", "Receives parcel", "customer", 1040, kind="end"),
        ],
        handoffs=[
            _handoff("order", "paid", passes="web order"),
            _handoff("order", "invoice", passes="order details"),
            _handoff("paid", "confirm", label="Yes"),
            _handoff("paid", "invoice", label="No"),
            _handoff("confirm", "stock", passes="order lines"),
            _handoff("confirm", "ship", passes="pick list"),
            _handoff("stock", "ship"),
            _handoff("invoice", "courier", passes="paid invoice"),
            _handoff("ship", "receive", passes="parcel"),
            _handoff("courier", "receive", passes="parcel"),
        ],
    )


def _touch(chain: Chain, id: str) -> Touchpoint:
    return next(t for t in chain.touchpoints if t.id == id)


def _drop_handoff(chain: Chain, id: str) -> None:
    chain.handoffs = [h for h in chain.handoffs if h.id != id]


def _add_overloading_touchpoints(chain: Chain) -> None:
    for number in range(9):
        chain.touchpoints.append(_touchpoint(f"extra{number}", f"Step {number}", "sales", 2000 + 200 * number))


def _set(chain, id, **fields):
    for name, value in fields.items():
        setattr(_touch(chain, id), name, value)


# rule id -> (how to break the clean chain, the element the finding names)
BREAKERS = {
    "touchpoint-owner-required": (lambda c: _set(c, "confirm", owner=None), "confirm"),
    "touchpoint-procedure-required": (lambda c: _set(c, "confirm", procedure=None), "confirm"),
    "touchpoint-label-required": (lambda c: _set(c, "confirm", label="  "), "confirm"),
    "start-required": (lambda c: _set(c, "order", kind="step"), None),
    "end-required": (lambda c: _set(c, "receive", kind="step"), None),
    "no-disconnected": (
        lambda c: c.touchpoints.append(_touchpoint("lonely", "Answers phone", "sales", 1400)),
        "lonely",
    ),
    "unreachable": (
        lambda c: (
            c.touchpoints.append(_touchpoint("orphan", "Checks address", "ops", 1400, owner="p-bo")),
            c.handoffs.append(_handoff("orphan", "ship")),
        ),
        "orphan",
    ),
    "dead-end": (lambda c: _drop_handoff(c, "h-courier-receive"), "courier"),
    "internal-reaches-external": (lambda c: _drop_handoff(c, "h-stock-ship"), "stock"),
    "handoff-passes-required": (
        lambda c: setattr(c.handoffs[0], "passes", None),
        "h-order-paid",
    ),
    "decision-branches-labelled": (lambda c: setattr(c.handoffs[2], "label", ""), "paid"),
    "self-handoff": (lambda c: c.handoffs.append(_handoff("ship", "ship")), "h-ship-ship"),
    "duplicate-handoff": (
        lambda c: c.handoffs.append(Handoff(id="again", source="ship", target="receive", passes="x")),
        "again",
    ),
    "expectation-required": (lambda c: _set(c, "ship", expectation=None), "ship"),
    "objective-required": (lambda c: _set(c, "ship", objective=""), "ship"),
    "review-not-approved": (lambda c: _set(c, "ship", review=Review(status="critiqued")), "ship"),
    "approval-needs-both-roles": (
        lambda c: _set(c, "ship", review=Review(status="approved", signoffs=APPROVED.signoffs[:1])),
        "ship",
    ),
    "weak-link": (lambda c: _drop_handoff(c, "h-order-invoice"), "paid"),
    "owner-overloaded": (_add_overloading_touchpoints, "p-ana"),
    "empty-department": (
        lambda c: c.departments.append(Department(id="legal", name="Legal", role="support")),
        "legal",
    ),
    "procedure-link-unsafe": (
        lambda c: _set(c, "ship", procedure=Procedure(title="Ship", link="javascript:alert(1)")),
        "ship",
    ),
}


def test_every_rule_has_a_passing_and_a_failing_case():
    assert set(BREAKERS) == set(RULES)


def test_the_clean_chain_has_no_findings():
    assert lint_chain(clean_chain()) == []


@pytest.mark.parametrize("rule_id", sorted(BREAKERS))
def test_rule_reports_the_broken_element(rule_id):
    chain = clean_chain()
    breaker, element = BREAKERS[rule_id]
    breaker(chain)
    hits = [f for f in lint_chain(chain) if f.rule == rule_id]
    assert [f.element for f in hits] == [element]
    assert hits[0].severity == RULES[rule_id].severity
    assert hits[0].message and hits[0].hint == RULES[rule_id].hint


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_metadata_is_complete(rule_id):
    rule = RULES[rule_id]
    assert rule.severity in SEVERITIES
    assert len(rule.rationale) > 80 and rule.rationale.endswith(".")
    assert rule.summary.endswith(".") and rule.hint.endswith((".", ")"))


def test_customer_lane_needs_no_owner_procedure_or_objective():
    chain = clean_chain()
    order = _touch(chain, "order")
    assert order.owner is None and order.procedure is None and order.objective is None
    rules = {f.rule for f in lint_chain(chain) if f.element == "order"}
    assert rules == set()


def test_a_decision_with_one_branch_is_reported():
    chain = clean_chain()
    _drop_handoff(chain, "h-paid-invoice")
    messages = [f.message for f in lint_chain(chain) if f.rule == "decision-branches-labelled"]
    assert messages == ["The decision has 1 outgoing branch(es); it needs at least two."]


def test_disconnected_touchpoint_is_not_also_unreachable_or_dead_end():
    chain = clean_chain()
    BREAKERS["no-disconnected"][0](chain)
    rules = {f.rule for f in lint_chain(chain) if f.element == "lonely"}
    assert rules == {"no-disconnected"}


def test_same_department_handoff_needs_no_passes():
    chain = clean_chain()
    assert next(h for h in chain.handoffs if h.id == "h-stock-ship").passes is None
    assert not [f for f in lint_chain(chain) if f.rule == "handoff-passes-required"]


@pytest.mark.parametrize(
    "link, safe",
    [
        ("https://intranet.example.com/sop/42", True),
        ("http://example.com", True),
        ("mailto:service@example.com", True),
        ("procedures/order handling.pdf", True),
        ("../sop.md#step-2", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("data:text/html,<script>", False),
        ("file:///etc/passwd", False),
        ("/etc/passwd", False),
        ("//evil.example.com/x", False),
        ("C:\\sop.docx", False),
        ("https://", False),
        ("", False),
    ],
)
def test_safe_links(link, safe):
    assert is_safe_link(link) is safe


# -- the engine ----------------------------------------------------------------------------


def test_chain_settings_change_severity_and_turn_rules_off():
    chain = clean_chain()
    _set(chain, "ship", expectation=None)
    chain.lint.rules = {"expectation-required": "error"}
    assert [(f.rule, f.severity) for f in lint_chain(chain)] == [("expectation-required", "error")]
    chain.lint.rules = {"expectation-required": "off"}
    assert lint_chain(chain) == []


def test_ignore_silences_one_rule_on_one_element_and_keeps_the_reason():
    chain = clean_chain()
    _set(chain, "ship", expectation=None)
    _set(chain, "courier", expectation=None)
    chain.lint.ignore = [LintIgnore(rule="expectation-required", element="ship", reason="Set by carrier")]
    assert [f.element for f in lint_chain(chain)] == ["courier"]
    everything = lint_chain(chain, include_ignored=True)
    assert [(f.element, f.ignored) for f in everything] == [("ship", "Set by carrier"), ("courier", None)]
    assert summarise(everything) == "0 errors, 1 warning, 0 infos"


def test_findings_sort_by_severity_then_rule_then_file_order():
    chain = clean_chain()
    for id in ("courier", "ship", "confirm"):
        _set(chain, id, expectation=None, objective=None, owner=None)
    findings = lint_chain(chain)
    keys = [(SEVERITIES.index(f.severity), f.rule) for f in findings]
    assert keys == sorted(keys)
    owner_elements = [f.element for f in findings if f.rule == "touchpoint-owner-required"]
    assert owner_elements == ["confirm", "ship", "courier"]  # file order, not id order
    assert lint_chain(chain) == findings


def test_unknown_rule_settings_are_kept_but_do_nothing():
    chain = clean_chain()
    chain.lint.rules = {"a-rule-of-a-newer-version": "error"}
    assert lint_chain(chain) == []


def test_readme_lists_every_rule_with_its_default_severity():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for rule in RULES.values():
        assert f"| `{rule.id}` | {rule.severity} |" in readme
