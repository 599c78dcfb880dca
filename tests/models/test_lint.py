"""Each lint rule on a chain that passes it and on one that fails it; the engine's settings."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.chain import (
    Action,
    Chain,
    Comment,
    Department,
    Handoff,
    LintIgnore,
    Measure,
    Person,
    Position,
    Procedure,
    Rating,
    Result,
    Review,
    SignOff,
    Size,
    Term,
    Touchpoint,
)
from models.geometry import card_sizes
from models.lint import RULES, SEVERITIES, lint_chain, summarise
from models.lint.registry import Reads, rule
from models.lint.rules import layout as overlap_rule
from models.lint.rules.layout import CardOverlaps
from models.links import is_safe_link

APPROVED = Review(
    status="approved",
    signoffs=[
        SignOff(name="Grace Hopper", role="management", date="2026-03-02"),
        SignOff(name="Ana Ruiz", role="service_provider", date="2026-03-03"),
    ],
)


ON_TIME = Measure(metric="done within 1 working day", unit="%", target=95, direction="at_least", period="month")


def _touchpoint(id, label, department, x, kind="step", owner="p-ana", y=28, **fields) -> Touchpoint:
    in_customer_lane = department == "customer"
    defaults = dict(
        owner=None if in_customer_lane else owner,
        procedure=None if in_customer_lane else Procedure(title=f"SOP: {label}"),
        expectation="Knows what happens next",
        objective=None if in_customer_lane else "Within 1 working day",
        measure=None if in_customer_lane else ON_TIME,
        results=[] if in_customer_lane else [Result(period="2026-10", value=97.0)],
        review=APPROVED,
    )
    defaults.update(fields)
    return Touchpoint(
        id=id, label=label, department=department, kind=kind,
        position=Position(x=x, y=y), **defaults,
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
            _touchpoint("courier", "Books courier", "ops", 840, owner="p-bo", y=128),
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


# rule id -> (how to break the clean chain, the element the finding names, or a list of
# the elements the findings name, in file order)
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
    "critique-open-on-approved": (
        lambda c: c.comments.append(Comment(id="c-1", element="ship", author="Ana", date="2026-11-30",
                                            text="Parcels leave without a tracking number.")),
        "ship",
    ),
    "measure-target-required": (lambda c: _set(c, "invoice", results=[], measure=None), "invoice"),
    "off-target-needs-action": (
        lambda c: _touch(c, "ship").results.append(Result(period="2026-11", value=80.0)),
        "ship",
    ),
    "action-overdue": (
        lambda c: c.actions.append(Action(id="a-late", title="Faster courier", phase="do", due="2001-01-01")),
        "a-late",
    ),
    "low-internal-rating": (
        lambda c: c.ratings.append(Rating(customer="ops", provider="sales", period="2026-Q3", score=2.4)),
        "sales",
    ),
    "moment-of-truth-not-approved": (
        lambda c: _set(c, "ship", marks=["moment_of_truth"], review=Review(status="critiqued")),
        "ship",
    ),
    "fail-point-needs-measure": (
        lambda c: _set(c, "invoice", marks=["fail_point"], results=[], measure=None), "invoice",
    ),
    "glossary-avoided-term": (
        lambda c: c.glossary.append(Term(term="consignment", definition="What a courier carries", avoid=["parcel"])),
        ["ship", "receive"],
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
    # Courier (840, 128) moves up onto Ships parcel (840, 28): both cards are told.
    "cards-overlap": (lambda c: _set(c, "courier", position=Position(x=900, y=60)), ["ship", "courier"]),
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
    assert [f.element for f in hits] == (element if isinstance(element, list) else [element])
    assert hits[0].severity == RULES[rule_id].severity
    assert hits[0].message and hits[0].hint == RULES[rule_id].hint


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_metadata_is_complete(rule_id):
    rule = RULES[rule_id]
    assert rule.severity in SEVERITIES
    assert len(rule.rationale) > 80 and rule.rationale.endswith(".")
    assert rule.summary.endswith(".") and rule.hint.endswith((".", ")"))
    assert isinstance(rule.reads, Reads) and rule.reads


def test_a_rule_must_say_what_it_reads():
    texts = ("test-rule", "info", "Summary.", "Rationale.", "Hint.")
    with pytest.raises(TypeError):
        rule(*texts)
    with pytest.raises(ValueError, match="say what the rule reads"):
        rule(*texts, reads=Reads(0))
    with pytest.raises(ValueError, match="tracker"):
        rule(*texts, reads=Reads.PLACES, tracker=CardOverlaps)
    assert "test-rule" not in RULES


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


# -- cards-overlap ---------------------------------------------------------------------------


def _cards(*cards) -> Chain:
    """Cards (id, department, x, y[, label[, (width, height)]]) of two lanes, no handoffs."""
    return Chain(
        title="Cards",
        departments=[Department(id="sales", name="Sales"), Department(id="ops", name="Operations")],
        touchpoints=[
            Touchpoint(id=card[0], department=card[1], position=Position(x=card[2], y=card[3]),
                       label=card[4] if len(card) > 4 else f"Card {card[0]}",
                       size=Size(w=card[5][0], h=card[5][1]) if len(card) > 5 else None)
            for card in cards
        ],
    )


def _overlaps(chain: Chain) -> dict[str, str]:
    return {f.element: f.message for f in lint_chain(chain) if f.rule == "cards-overlap"}


def test_each_overlapping_card_names_the_first_card_it_overlaps():
    # Steps are 160 x 64 with a short label; a is overlapped by b and c, b and c by a only.
    chain = _cards(("a", "sales", 100, 20), ("b", "sales", 200, 60), ("c", "sales", 40, 70),
                   ("d", "sales", 600, 20))
    assert _overlaps(chain) == {
        "a": 'The card overlaps "Card b".',
        "b": 'The card overlaps "Card a".',
        "c": 'The card overlaps "Card a".',
    }
    finding = next(f for f in lint_chain(chain) if f.rule == "cards-overlap")
    assert finding.hint == "Arrange > Tidy pulls overlapping cards apart; or drag one of them aside."


def test_cards_side_by_side_touching_or_in_other_lanes_do_not_overlap():
    chain = _cards(("a", "sales", 100, 20), ("b", "sales", 260, 20),  # b starts where a ends
                   ("c", "sales", 100, 84.4),  # 0.4 px into a: rounding, not an overlap
                   ("d", "ops", 120, 30))  # a's place, but in another lane
    assert _overlaps(chain) == {}


def test_long_labels_and_resized_cards_overlap_by_their_real_size():
    long = "Checks the signed order form against the stock list, then books the courier slot"
    chain = _cards(("a", "sales", 20, 20, "Short"), ("b", "sales", 220, 20))
    assert _overlaps(chain) == {}
    chain.touchpoints[0].label = long  # a grows wider than 200 - 20
    assert set(_overlaps(chain)) == {"a", "b"}
    chain.touchpoints[0].label = "Short"
    chain.touchpoints[0].size = Size(w=100, h=300)
    assert _overlaps(chain) == {}
    chain.touchpoints[1].position = Position(x=100, y=200)  # under a's tall resized card
    assert set(_overlaps(chain)) == {"a", "b"}


def test_a_blank_or_long_label_is_named_briefly():
    chain = _cards(("a", "sales", 20, 20, " "), ("b", "sales", 30, 30, "A" * 30 + " " + "B" * 30))
    messages = _overlaps(chain)
    assert messages["b"] == "The card overlaps the card a."
    assert messages["a"] == f'The card overlaps "{"A" * 30} {"B" * 8}…".'


coordinates = st.integers(-40, 200).map(lambda n: n * 5.0)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["sales", "ops"]), coordinates, coordinates,
                          st.sampled_from(["", "x", "A long label that makes the card wider"]),
                          st.one_of(st.none(), st.tuples(st.floats(90, 40_000), st.floats(44, 20_000)))),
                max_size=25))
def test_the_sweep_and_the_grids_find_the_same_overlaps(cards):
    chain = _cards(*[(f"t{i}", lane, x, y, label, *([size] if size else []))
                     for i, (lane, x, y, label, size) in enumerate(cards)])
    found = CardOverlaps(chain).hits()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(overlap_rule, "SWEEP_BUDGET", -1000)  # the sweep gives up at once
        assert CardOverlaps(chain).hits() == found
    # And by the definition: every pair of cards in one lane.
    sizes = card_sizes(chain)
    boxes = {t.id: (t.department, t.position.x, t.position.y, *sizes[t.id]) for t in chain.touchpoints}

    def overlap(a, b):
        lane, x, y, w, h = boxes[a]
        other_lane, u, v, p, q = boxes[b]
        tolerance = overlap_rule.TOLERANCE
        return lane == other_lane and x < u + p - tolerance and u < x + w - tolerance \
            and y < v + q - tolerance and v < y + h - tolerance

    ids = list(boxes)
    expected = {a: next(b for b in ids if b != a and overlap(a, b)) for a in ids
                if any(b != a and overlap(a, b) for b in ids)}
    assert {key: hits[0].message for key, hits in found.items()} == {
        a: CardOverlaps(chain)._hit(ids.index(a), ids.index(b)).message for a, b in expected.items()}


@pytest.mark.parametrize("pile", [False, True])
def test_cards_overlap_takes_time_in_proportion_to_the_cards(pile):
    """20,000 cards: as laid out by the benchmark, or all piled at one spot of one lane
    (a chain made by a script), or stacked in two columns: never all pairs."""
    import time

    from tests.benchmarks.generate import synthetic_chain

    chain = synthetic_chain(20_000)
    if pile:
        for index, touchpoint in enumerate(chain.touchpoints):
            touchpoint.department = chain.departments[0].id
            # the stack: two columns, so it stays within the format's bounds
            row, column = (index // 2) % 6000, (index // 2) // 6000
            touchpoint.position = Position(x=0, y=0) if index % 2 else Position(x=600 * column, y=150 * row)
    started = time.perf_counter()
    found = CardOverlaps(chain).hits()
    assert time.perf_counter() - started < 5
    if pile:
        assert len(found) == 10_000 + 1  # the pile, and the stacked card that starts in it


def test_an_edit_keeps_the_cards_boxes_in_their_edge_arrays():
    """The boxes an edit reads are the arrays the tracker has anyway: a list of box
    tuples made at the first edit beside them took 3.4 MB at 20,000 cards."""
    import tracemalloc

    from tests.benchmarks.generate import synthetic_chain

    chain = synthetic_chain(2_000, seed=4)
    overlaps = CardOverlaps(chain)
    touchpoint = chain.touchpoints[7]
    touchpoint.position = Position(x=touchpoint.position.x + 30, y=touchpoint.position.y)
    tracemalloc.start()
    try:
        overlaps.touchpoint_changed(touchpoint)
        kept = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert kept < 2_000 * 100  # with a list of tuples, some 170 bytes a card more
    assert overlaps._boxes[overlaps._number[touchpoint.id]][0] == touchpoint.position.x


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
