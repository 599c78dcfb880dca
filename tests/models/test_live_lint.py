"""Live lint re-runs only what an edit touched, and always agrees with a full lint."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from models.chain import Handoff, Procedure, Review
from models.chain_file import load_chain
from models.lint import lint_chain
from models.lint.live import LiveLint
from resources.samples import FIRST_START_SAMPLE

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


def test_a_shape_edit_runs_everything_again():
    chain = load_chain(FIRST_START_SAMPLE)
    live = LiveLint(chain)
    chain.touchpoints[5].kind = "end"
    live.touchpoint_changed(chain.touchpoints[5])
    assert live.full_runs == 2
    chain.handoffs.append(Handoff(id="h-new", source=chain.touchpoints[0].id, target=chain.touchpoints[0].id))
    live.relint()
    assert live.findings() == lint_chain(chain, include_ignored=True)


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
