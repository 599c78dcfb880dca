"""Live lint re-runs only what an edit touched, and always agrees with a full lint."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.chain import Handoff, Position, Procedure, Review, Size
from models.chain_file import load_chain
from models.lint import RULES, lint_chain
from models.lint.live import LiveLint
from models.lint.registry import Hit, Reads, rule
from resources.samples import FIRST_START_SAMPLE

READS_HANDOFFS = "test-labelled-step-says-what-it-passes"


def _says_nothing_it_passes(context):
    """Per touchpoint, reading its handoffs: a labelled touchpoint whose handoffs out of
    it all leave out what they pass."""
    for touchpoint in context.chain.touchpoints:
        outgoing = [h for h in context.chain.handoffs if h.source == touchpoint.id]
        if touchpoint.label.strip() and outgoing and not any(h.passes for h in outgoing):
            yield Hit(touchpoint.id, "None of its handoffs says what it passes.")


@contextmanager
def rule_reading_handoffs():
    """A per-touchpoint rule that reads handoffs and their text, registered for a while."""
    rule(
        READS_HANDOFFS,
        "warning",
        "A labelled step's handoffs say what they pass.",
        "Registered by the live lint tests only.",
        "Say what is passed.",
        reads=Reads.TOUCHPOINT | Reads.HANDOFFS | Reads.HANDOFF_TEXT,
    )(_says_nothing_it_passes)
    try:
        yield
    finally:
        del RULES[READS_HANDOFFS]


FIELD_EDITS = [
    ("owner", None),
    ("label", "  "),
    ("label", "Calls the customer back"),
    ("expectation", None),
    ("objective", ""),
    ("procedure", None),
    ("procedure", Procedure(title="SOP", link="javascript:alert(1)")),
    ("review", Review(status="critiqued")),
    ("review", Review(status="approved")),
]
SHAPE_EDITS = [("kind", "end"), ("kind", "decision"), ("serves", "internal")]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 10_000)), min_size=1, max_size=12))
def test_after_any_edits_live_lint_equals_a_full_lint(edits):
    with rule_reading_handoffs():
        check_live_lint_after(edits)


def check_live_lint_after(edits):
    chain = load_chain(FIRST_START_SAMPLE)
    live = LiveLint(chain)
    gone, shown = live.changes()
    assert not gone and set(shown) == set(lint_chain(chain, include_ignored=True))
    shown = set(shown)
    for which, what in edits:
        touchpoint = chain.touchpoints[which % len(chain.touchpoints)]
        kind = what % 5
        if kind <= 2:
            name, value = FIELD_EDITS[what % len(FIELD_EDITS)]
            setattr(touchpoint, name, value)
            live.touchpoint_changed(touchpoint)
        elif kind == 3:
            name, value = SHAPE_EDITS[what % len(SHAPE_EDITS)]
            setattr(touchpoint, name, value)
            live.touchpoint_changed(touchpoint)
        else:
            handoff = chain.handoffs[what % len(chain.handoffs)]
            handoff.passes = None if handoff.passes else "a form"
            handoff.label = None
            live.handoff_changed()
        gone, new = live.changes()
        assert not set(gone) & set(new)
        shown = (shown - set(gone)) | set(new)  # what an editor shows, kept up by the changes
        assert shown == set(lint_chain(chain, include_ignored=True))
        assert live.findings() == lint_chain(chain, include_ignored=True)


def test_a_field_edit_does_not_run_every_rule():
    chain = load_chain(FIRST_START_SAMPLE)
    live = LiveLint(chain)
    staff = next(t for t in chain.touchpoints if t.owner)
    staff.owner = None
    live.touchpoint_changed(staff)
    staff.label = "Renamed"
    live.touchpoint_changed(staff)
    assert live.full_runs == 1
    assert any(f.rule == "touchpoint-owner-required" and f.element == staff.id for f in live.findings())


def test_a_shape_edit_runs_again_the_rules_that_read_places():
    chain = load_chain(FIRST_START_SAMPLE)
    live = LiveLint(chain)
    before = live.runs.copy()
    chain.touchpoints[5].kind = "end"
    live.touchpoint_changed(chain.touchpoints[5])
    ran = set(live.runs - before)
    assert ran == {id for id, rule in RULES.items() if Reads.PLACES in rule.reads}
    assert "dead-end" in ran and "touchpoint-label-required" not in ran
    assert live.findings() == lint_chain(chain, include_ignored=True)
    chain.handoffs.append(Handoff(id="h-new", source=chain.touchpoints[0].id, target=chain.touchpoints[0].id))
    live.relint()
    assert live.full_runs == 2
    assert live.findings() == lint_chain(chain, include_ignored=True)


def test_an_edit_runs_over_the_whole_chain_only_the_rules_that_read_what_changed():
    chain = load_chain(FIRST_START_SAMPLE)
    live = LiveLint(chain)
    staff = next(t for t in chain.touchpoints if t.owner)
    before = live.runs.copy()
    staff.label = "Renamed"
    live.touchpoint_changed(staff)
    assert live.runs == before  # each touchpoint rule ran for this touchpoint alone
    staff.owner = None
    live.touchpoint_changed(staff)
    assert set(live.runs - before) == {id for id, rule in RULES.items() if Reads.OWNERS in rule.reads}
    before = live.runs.copy()
    chain.handoffs[0].passes = None
    live.handoff_changed()
    assert set(live.runs - before) == {id for id, rule in RULES.items() if Reads.HANDOFF_TEXT in rule.reads}
    assert live.full_runs == 1
    assert live.findings() == lint_chain(chain, include_ignored=True)


def test_a_touchpoint_rule_that_reads_handoffs_follows_handoff_and_touchpoint_edits():
    with rule_reading_handoffs():
        chain = load_chain(FIRST_START_SAMPLE)
        live = LiveLint(chain)
        live.changes()
        handoff = next(h for h in chain.handoffs if h.passes)
        source = next(t for t in chain.touchpoints if t.id == handoff.source)
        others = [h for h in chain.handoffs if h.source == source.id and h is not handoff]
        for other in others:
            other.passes = None
        handoff.passes = None
        live.handoff_changed()
        assert (READS_HANDOFFS, source.id) in {(f.rule, f.element) for f in live.changes()[1]}
        source.label = " "
        live.touchpoint_changed(source)
        assert (READS_HANDOFFS, source.id) in {(f.rule, f.element) for f in live.changes()[0]}
        source.label = "Hands the order on"  # found again: the rule sees the handoffs
        live.touchpoint_changed(source)
        assert (READS_HANDOFFS, source.id) in {(f.rule, f.element) for f in live.changes()[1]}
        assert live.findings() == lint_chain(chain, include_ignored=True)
        assert live.full_runs == 1


def test_a_touchpoint_rule_that_reports_on_another_element_is_refused():
    def reports_the_chain(context):
        for _touchpoint in context.chain.touchpoints:
            yield Hit(None, "About the chain.")

    rule("test-reports-the-chain", "info", "Summary.", "Rationale.", "Hint.", reads=Reads.TOUCHPOINT)(
        reports_the_chain
    )
    try:
        chain = load_chain(FIRST_START_SAMPLE)
        live = LiveLint(chain)
        with pytest.raises(ValueError, match="reports on touchpoints only"):
            live.touchpoint_changed(chain.touchpoints[0])
    finally:
        del RULES["test-reports-the-chain"]


def test_settings_and_ignores_apply_without_a_full_run():
    from models.chain import LintIgnore, LintSettings

    chain = load_chain(FIRST_START_SAMPLE)
    live = LiveLint(chain)
    staff = next(t for t in chain.touchpoints if t.owner)
    staff.owner = None
    live.touchpoint_changed(staff)
    live.findings()
    chain.lint = LintSettings(
        rules={"review-not-approved": "off", "weak-link": "error"},
        ignore=[LintIgnore(rule="touchpoint-owner-required", element=staff.id, reason="Outsourced")],
    )
    assert live.findings() == lint_chain(chain, include_ignored=True)
    staff.expectation = None
    live.touchpoint_changed(staff)
    assert live.findings() == lint_chain(chain, include_ignored=True)
    assert live.full_runs == 1


def test_changes_after_one_edit_name_only_that_touchpoints_findings():
    chain = load_chain(FIRST_START_SAMPLE)
    live = LiveLint(chain)
    live.changes()
    staff = next(t for t in chain.touchpoints if t.owner and t.procedure)
    staff.procedure = None
    live.touchpoint_changed(staff)
    gone, new = live.changes()
    assert gone == []
    assert [(f.rule, f.element) for f in new] == [("touchpoint-procedure-required", staff.id)]
    assert live.changes() == ([], [])  # nothing since


# -- cards-overlap: an edit of one card updates the cards around it ------------------------

LONG = "Checks the signed order form against the stock list, then books the courier slot"


def cramped_chain():
    """Three lanes of cards 120 px apart: steps are 160 wide, so neighbours may overlap."""
    chain = load_chain(FIRST_START_SAMPLE)
    for index, touchpoint in enumerate(chain.touchpoints):
        touchpoint.position = Position(x=20 + 120 * (index % 6), y=10 + 40 * (index % 2))
    return chain


def overlap_findings(live: LiveLint) -> dict[str, str]:
    return {f.element: f.message for f in live.findings() if f.rule == "cards-overlap"}


CARD_EDITS = [
    ("position", lambda t, n: Position(x=20 + 37 * (n % 20), y=5 + 17 * (n % 7))),
    ("size", lambda t, n: Size(w=90 + 31 * (n % 13), h=44 + 23 * (n % 9))),
    ("size", lambda t, n: None),
    ("label", lambda t, n: LONG[: 10 + n % 70]),
    ("label", lambda t, n: ""),
    ("owner", lambda t, n: None),
    ("kind", lambda t, n: ["step", "decision", "start", "end"][n % 4]),
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 10_000)), min_size=1, max_size=15))
def test_after_moves_resizes_and_renames_live_lint_equals_a_full_lint(edits):
    chain = cramped_chain()
    live = LiveLint(chain)
    _, shown = live.changes()
    shown = set(shown)
    for which, what in edits:
        touchpoint = chain.touchpoints[which % len(chain.touchpoints)]
        name, value = CARD_EDITS[what % len(CARD_EDITS)]
        setattr(touchpoint, name, value(touchpoint, what))
        live.touchpoint_changed(touchpoint)
        gone, new = live.changes()
        shown = (shown - set(gone)) | set(new)
        assert shown == set(lint_chain(chain, include_ignored=True))
        assert live.findings() == lint_chain(chain, include_ignored=True)


def test_moving_a_card_onto_another_and_away_updates_both():
    chain = cramped_chain()
    for index, touchpoint in enumerate(chain.touchpoints):  # nothing overlaps
        touchpoint.position = Position(x=20 + 300 * index, y=10)
    live = LiveLint(chain)
    live.changes()
    first, second = chain.touchpoints[0], chain.touchpoints[1]
    second.position = Position(x=first.position.x + 30, y=20)
    live.touchpoint_changed(second)
    gone, new = live.changes()
    assert gone == []
    assert {(f.rule, f.element) for f in new} == {("cards-overlap", first.id), ("cards-overlap", second.id)}
    assert overlap_findings(live)[first.id] == f'The card overlaps "{second.label}".'
    first.label = "Renamed"  # the other card's finding names it by its new label
    live.touchpoint_changed(first)
    live.changes()
    assert overlap_findings(live)[second.id] == 'The card overlaps "Renamed".'
    second.position = Position(x=first.position.x + 300, y=10)
    live.touchpoint_changed(second)
    gone, new = live.changes()
    assert {(f.rule, f.element) for f in gone} == {("cards-overlap", first.id), ("cards-overlap", second.id)}
    assert new == [] and overlap_findings(live) == {}
    assert live.full_runs == 1


def test_resizing_a_card_or_lengthening_its_label_can_make_it_overlap():
    chain = cramped_chain()
    lane = chain.touchpoints[0].department
    card, neighbour = [t for t in chain.touchpoints if t.department == lane][:2]
    for index, touchpoint in enumerate(chain.touchpoints):
        touchpoint.position = Position(x=20 + 400 * index, y=10)
    neighbour.position = Position(x=card.position.x + 200, y=10)  # 40 right of a plain card
    live = LiveLint(chain)
    assert overlap_findings(live) == {}
    card.size = Size(w=300, h=60)
    live.touchpoint_changed(card)
    assert set(overlap_findings(live)) == {card.id, neighbour.id}
    card.size = None
    live.touchpoint_changed(card)
    assert overlap_findings(live) == {}
    card.label = LONG  # a wider card
    live.touchpoint_changed(card)
    assert set(overlap_findings(live)) == {card.id, neighbour.id}
    assert live.findings() == lint_chain(chain, include_ignored=True)
    assert live.full_runs == 1


def test_adding_or_removing_a_card_is_linted_by_a_full_run():
    chain = cramped_chain()
    live = LiveLint(chain)
    chain.touchpoints.append(chain.touchpoints[0].model_copy(update={"id": "copy"}))  # on top
    live.relint()
    assert set(overlap_findings(live)) >= {chain.touchpoints[0].id, "copy"}
    del chain.touchpoints[-1]
    live.relint()
    assert live.findings() == lint_chain(chain, include_ignored=True)


def test_an_edit_at_20000_touchpoints_takes_about_a_millisecond():
    import statistics
    import time

    from tests.benchmarks.generate import synthetic_chain

    chain = synthetic_chain(20_000)
    live = LiveLint(chain)
    live.changes()
    times = []
    for step in range(200):
        touchpoint = chain.touchpoints[(step * 7919) % len(chain.touchpoints)]
        if step % 3 == 0:
            touchpoint.position = Position(x=touchpoint.position.x + 97, y=touchpoint.position.y + 11)
        elif step % 3 == 1:
            touchpoint.size = Size(w=300, h=120)
        else:
            touchpoint.label = LONG
        started = time.perf_counter()
        live.touchpoint_changed(touchpoint)
        live.changes()
        times.append(time.perf_counter() - started)
    assert statistics.median(times) < 0.004  # about 0.2 ms here; the target is 16 ms
    assert live.full_runs == 1
    assert live.findings() == lint_chain(chain, include_ignored=True)


def test_a_rule_the_chain_turns_off_does_not_run_until_it_is_turned_on():
    from models.chain import LintSettings

    chain = load_chain(FIRST_START_SAMPLE)
    chain.lint = LintSettings(rules={"review-not-approved": "off"})
    live = LiveLint(chain)
    assert live.runs["review-not-approved"] == 0
    assert live.findings() == lint_chain(chain, include_ignored=True)
    staff = next(t for t in chain.touchpoints if t.owner)
    staff.review = staff.review.model_copy(update={"status": "examined"})
    live.touchpoint_changed(staff)
    assert live.runs["review-not-approved"] == 0
    chain.lint = LintSettings(rules={})
    assert live.findings() == lint_chain(chain, include_ignored=True)
    assert any(f.rule == "review-not-approved" for f in live.findings())
    assert live.full_runs == 1
