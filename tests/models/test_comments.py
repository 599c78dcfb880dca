"""Comments and review sessions in the model (format version 2): threads, references,
diff and merge, live lint, and the recovery copy."""

from __future__ import annotations

import pytest

from app.recovery import ChainSnapshot
from models.chain import Comment, Session, SignOff
from models.chain_file import chain_to_bytes, load_chain
from models.comments import comments_by_element, open_critiques, pinned_elements
from models.diff import diff_chains
from models.integrity import find_integrity_problem
from models.lint import lint_chain
from models.lint.live import LiveLint
from models.merge import merge_chains
from resources.samples import FIRST_START_SAMPLE


def comment(id, element=None, **fields) -> Comment:
    values = {"author": "Ana", "date": "2026-11-30", "text": f"About {element or 'the chain'}"} | fields
    return Comment(id=id, element=element, **values)


@pytest.fixture
def reviewed():
    """The retail sample with a session and a thread on its second touchpoint."""
    chain = load_chain(FIRST_START_SAMPLE)
    touchpoint = chain.touchpoints[1]
    chain.sessions.append(Session(id="s-1", date="2026-11-30", title="Review", attendees=[chain.people[0].id]))
    chain.comments += [
        comment("c-1", touchpoint.id, session="s-1"),
        comment("c-2", None, reply_to="c-1", kind="question", text="Which form?"),  # inherits the element
        comment("c-3", chain.departments[0].id, kind="idea", status="resolved"),
    ]
    return chain


def test_a_reply_belongs_to_its_threads_element(reviewed):
    touchpoint = reviewed.touchpoints[1].id
    assert pinned_elements(reviewed) == {"c-1": touchpoint, "c-2": touchpoint, "c-3": reviewed.departments[0].id}
    assert [c.id for c in comments_by_element(reviewed)[touchpoint]] == ["c-1", "c-2"]
    assert [c.id for c in open_critiques(reviewed)[touchpoint]] == ["c-1"]  # c-2 is a question
    assert reviewed.departments[0].id not in open_critiques(reviewed)  # an idea, and resolved


def test_comments_and_sessions_round_trip_as_version_2(reviewed):
    assert find_integrity_problem(reviewed) is None
    data = chain_to_bytes(reviewed)
    assert b'"version": 2' in data
    assert chain_to_bytes(load_chain(data)) == data


@pytest.mark.parametrize(("break_it", "path", "reason"), [
    (lambda c: setattr(c.comments[0], "element", "nobody"), "$.comments[0].element", "not in the file"),
    (lambda c: setattr(c.comments[0], "element", c.people[0].id), "$.comments[0].element",
     "not a touchpoint, handoff or department"),
    (lambda c: setattr(c.comments[0], "reply_to", "c-2"), "$.comments[0].reply_to", "not a comment before it"),
    (lambda c: setattr(c.comments[1], "reply_to", "gone"), "$.comments[1].reply_to", "not in the file"),
    (lambda c: setattr(c.comments[0], "session", "s-9"), "$.comments[0].session", "the session"),
    (lambda c: c.sessions[0].attendees.append("ghost"), "$.sessions[0].attendees[1]", "the person"),
    (lambda c: c.touchpoints[2].review.signoffs.append(
        SignOff(name="Bo", role="management", date="2026-11-30", session="s-9")),
     "$.touchpoints[2].review.signoffs[0].session", "the session"),
    (lambda c: setattr(c.sessions[0], "id", "c-1"), "$.sessions[0].id", "already used"),
])
def test_every_reference_of_a_comment_or_session_is_checked(reviewed, break_it, path, reason):
    reviewed.touchpoints[2].review.signoffs.clear()
    break_it(reviewed)
    problem = find_integrity_problem(reviewed)
    assert problem is not None and problem.path == path and reason in problem.reason


def test_both_sides_new_comments_survive_a_merge(reviewed):
    ours, theirs = reviewed.model_copy(deep=True), reviewed.model_copy(deep=True)
    ours.comments.append(comment("c-ours", ours.touchpoints[0].id))
    theirs.comments.append(comment("c-theirs", None, reply_to="c-1", text="Agreed"))
    theirs.comments[0].status = "resolved"
    merged = merge_chains(reviewed, ours, theirs)
    assert merged.conflicts == []
    assert sorted(c.id for c in merged.chain.comments) == ["c-1", "c-2", "c-3", "c-ours", "c-theirs"]
    assert merged.chain.comments[0].status == "resolved"
    difference = diff_chains(reviewed, merged.chain)
    assert sorted(ref.id for ref in difference.groups["comments"].added) == ["c-ours", "c-theirs"]
    assert '~ comment c-1 "About' in difference.to_text()


def test_a_merge_repins_comments_of_removed_elements_and_drops_removed_attendees(reviewed):
    touchpoint, person = reviewed.touchpoints[1].id, reviewed.sessions[0].attendees[0]
    ours, theirs = reviewed.model_copy(deep=True), reviewed.model_copy(deep=True)
    theirs.touchpoints = [t for t in theirs.touchpoints if t.id != touchpoint]
    theirs.handoffs = [h for h in theirs.handoffs if touchpoint not in (h.source, h.target)]
    theirs.people = [p for p in theirs.people if p.id != person]
    for department in theirs.departments:
        department.lead = None if department.lead == person else department.lead
    for card in theirs.touchpoints:
        card.owner = None if card.owner == person else card.owner
    merged = merge_chains(reviewed, ours, theirs)
    assert find_integrity_problem(merged.chain) is None
    assert merged.chain.comments[0].element is None  # now about the chain, not lost
    assert merged.chain.sessions[0].attendees == []
    assert {c.field for c in merged.conflicts} >= {"element", "attendees"}


def test_live_lint_sees_a_critique_on_an_approved_touchpoint(reviewed):
    touchpoint = reviewed.touchpoints[1]
    touchpoint.review.status = "approved"
    live = LiveLint(reviewed)
    assert [f.element for f in live.findings() if f.rule == "critique-open-on-approved"] == [touchpoint.id]
    reviewed.comments[0].status = "resolved"
    live.comments_changed()
    assert live.findings() == lint_chain(reviewed, include_ignored=True)
    assert not [f for f in live.findings() if f.rule == "critique-open-on-approved"]


def test_the_recovery_copy_keeps_comments_and_sessions(reviewed):
    copy = ChainSnapshot.take(reviewed).to_bytes()
    assert chain_to_bytes(load_chain(copy)) == chain_to_bytes(reviewed)
    plain = load_chain(FIRST_START_SAMPLE)  # version 1, with no empty lists of version 2
    assert b'"comments"' not in ChainSnapshot.take(plain).to_bytes()
