"""Diff and three-way merge of chains by element id and field."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.chain import REVIEW_STATUSES, Handoff, Position, Touchpoint
from models.chain_file import chain_to_bytes, load_chain
from models.diff import diff_chains, element_data, get_path
from models.integrity import find_integrity_problem
from models.merge import merge_chains

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "retail-order-to-delivery.chain"
BASE = load_chain(SAMPLE)
GROUP_OF = {"department": "departments", "person": "people", "touchpoint": "touchpoints",
            "handoff": "handoffs"}


def copy():
    return BASE.model_copy(deep=True)


def find(chain, group, element_id):
    return next((e for e in getattr(chain, group) if e.id == element_id), None)


def assert_sound(chain):
    assert find_integrity_problem(chain) is None
    assert load_chain(chain_to_bytes(chain)) == chain


# -- edits ---------------------------------------------------------------------------------
# An edit is applied to a side's copy of BASE. Its footprint says what it touches:
# ("field", id, path) for a field, ("element", id) for an element it removes or refers to.

text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20)
coordinate = st.floats(min_value=-5000, max_value=5000, allow_nan=False).map(lambda v: round(v, 2))
FIELD_VALUES = {
    ("touchpoints", ("label",)): text,
    ("touchpoints", ("notes",)): text,
    ("touchpoints", ("expectation",)): text,
    ("touchpoints", ("position", "x")): coordinate,
    ("touchpoints", ("position", "y")): coordinate,
    ("touchpoints", ("review", "status")): st.sampled_from(REVIEW_STATUSES),
    ("touchpoints", ("channel",)): st.sampled_from(["phone", "email", "web", None]),
    ("departments", ("name",)): text,
    ("departments", ("color",)): st.sampled_from(["#112233", "#abcdef", None]),
    ("people", ("role",)): text,
    ("people", ("email",)): text,
    ("handoffs", ("passes",)): text,
    ("handoffs", ("label",)): text,
}


def set_field(chain, group, element_id, path, value):
    target = find(chain, group, element_id)
    if target is None:  # removed by an earlier edit of the same side
        return
    for key in path[:-1]:
        target = getattr(target, key)
    setattr(target, path[-1], value)


@st.composite
def edits(draw, side: str):
    """A list of (apply, footprint, check) for one side."""
    result = []
    for number in range(draw(st.integers(0, 6))):
        what = draw(st.sampled_from(["field", "field", "field", "remove-handoff", "remove-tp",
                                     "add-tp", "add-handoff", "title"]))
        if what == "field":
            group, path = draw(st.sampled_from(sorted(FIELD_VALUES)))
            element = draw(st.sampled_from(getattr(BASE, group)))
            value = draw(FIELD_VALUES[(group, path)])
            result.append((
                lambda c, g=group, i=element.id, p=path, v=value: set_field(c, g, i, p, v),
                {("field", element.id, path), ("element", element.id)},
                ("field", group, element.id, path),
            ))
        elif what == "title":
            value = draw(text)
            result.append((lambda c, v=value: setattr(c, "title", v),
                           {("field", None, ("title",))}, ("field", None, None, ("title",))))
        elif what == "remove-handoff":
            handoff = draw(st.sampled_from(BASE.handoffs))
            result.append((
                lambda c, i=handoff.id: setattr(c, "handoffs", [h for h in c.handoffs if h.id != i]),
                {("element", handoff.id), ("removed", handoff.id)},
                ("removed", "handoffs", handoff.id, None),
            ))
        elif what == "remove-tp":
            touchpoint = draw(st.sampled_from(BASE.touchpoints))
            handoffs = {h.id for h in BASE.handoffs if touchpoint.id in (h.source, h.target)}

            # As the editor removes one: the actions that name it no longer do.
            actions = {a.id for a in BASE.actions if touchpoint.id in a.elements}

            def remove(c, i=touchpoint.id):
                c.touchpoints = [t for t in c.touchpoints if t.id != i]
                c.handoffs = [h for h in c.handoffs if i not in (h.source, h.target)]
                for action in c.actions:
                    action.elements = [e for e in action.elements if e != i]

            result.append((
                remove,
                {("element", i) for i in {touchpoint.id, *handoffs, *actions}}
                | {("removed", i) for i in {touchpoint.id, *handoffs}},
                ("removed", "touchpoints", touchpoint.id, None),
            ))
        elif what == "add-tp":
            department = draw(st.sampled_from(BASE.departments))
            new = Touchpoint(id=f"{side}-tp-{number}", label=draw(text), department=department.id,
                             position=Position(x=draw(coordinate), y=10))
            index = draw(st.integers(0, len(BASE.touchpoints)))
            result.append((
                lambda c, n=new, k=index: c.touchpoints.insert(min(k, len(c.touchpoints)), n.model_copy(deep=True)),
                {("element", department.id)},
                ("added", "touchpoints", new.id, None),
            ))
        else:  # add-handoff between two touchpoints of the base
            source, target = draw(st.lists(st.sampled_from(BASE.touchpoints), min_size=2,
                                           max_size=2, unique_by=lambda t: t.id))
            new = Handoff(id=f"{side}-h-{number}", source=source.id, target=target.id)
            def add_handoff(c, n=new):
                if find(c, "touchpoints", n.source) and find(c, "touchpoints", n.target):
                    c.handoffs.append(n.model_copy(deep=True))

            result.append((
                add_handoff,
                {("element", source.id), ("element", target.id)},
                ("added", "handoffs", new.id, None),
            ))
    return result


def compatible(ours_footprint: set, footprint: set) -> bool:
    """Edits on different elements or fields: no shared field, nothing the other removes."""
    fields = {f for f in footprint if f[0] == "field"}
    if fields & ours_footprint:
        return False
    removed = {f[1] for f in ours_footprint if f[0] == "removed"}
    touched = {f[1] for f in footprint if f[0] in ("element", "field")}
    their_removed = {f[1] for f in footprint if f[0] == "removed"}
    our_touched = {f[1] for f in ours_footprint if f[0] in ("element", "field")}
    return not (removed & touched) and not (their_removed & our_touched)


def apply_side(side_edits):
    chain = copy()
    for apply, _footprint, _check in side_edits:
        apply(chain)
    return chain


def expected_value(check, side_chain):
    kind, group, element_id, path = check
    if group is None:
        return get_path({"title": side_chain.title}, path)
    return get_path(element_data(find(side_chain, group, element_id)), path)


def assert_edit_kept(check, side_chain, merged):
    kind, group, element_id, path = check
    if kind == "field":
        if group is not None and find(side_chain, group, element_id) is None:
            return  # the same side removed it later on
        if group is None:
            assert merged.title == side_chain.title
        else:
            element = find(merged, group, element_id)
            assert element is not None
            assert get_path(element_data(element), path) == expected_value(check, side_chain)
    elif kind == "removed":
        assert find(merged, group, element_id) is None
    elif find(side_chain, group, element_id) is not None:  # not skipped on its side
        assert element_data(find(merged, group, element_id)) == element_data(
            find(side_chain, group, element_id)
        )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ours_edits=edits("ours"), theirs_candidates=edits("theirs"))
def test_edits_on_different_elements_or_fields_all_merge_without_conflicts(
    ours_edits, theirs_candidates
):
    ours_footprint = set().union(*(footprint for _a, footprint, _c in ours_edits))
    theirs_edits = [e for e in theirs_candidates if compatible(ours_footprint, e[1])]
    ours, theirs = apply_side(ours_edits), apply_side(theirs_edits)

    result = merge_chains(BASE, ours, theirs)

    assert result.conflicts == []
    for _apply, _footprint, check in ours_edits:
        assert_edit_kept(check, ours, result.chain)
    for _apply, _footprint, check in theirs_edits:
        assert_edit_kept(check, theirs, result.chain)
    assert_sound(result.chain)
    # Merging is symmetric for edits that do not clash, up to the order of added elements.
    swapped = merge_chains(BASE, theirs, ours).chain
    for group in GROUP_OF.values():
        assert sorted(map(element_data, getattr(swapped, group)), key=str) == sorted(
            map(element_data, getattr(result.chain, group)), key=str
        )


@settings(max_examples=40, deadline=None)
@given(side_edits=edits("ours"))
def test_identical_sides_merge_to_that_side_and_diff_of_self_is_empty(side_edits):
    side = apply_side(side_edits)
    assert merge_chains(BASE, side, side.model_copy(deep=True)).chain == side
    assert merge_chains(BASE, side, BASE).chain == side
    assert merge_chains(BASE, BASE, side).conflicts == []
    assert diff_chains(side, side).is_empty()
    assert diff_chains(BASE, side).is_empty() == (side == BASE)


@settings(max_examples=40, deadline=None)
@given(
    key=st.sampled_from(sorted(FIELD_VALUES)),
    index=st.integers(0, 100),
    values=st.data(),
)
def test_the_same_field_changed_differently_is_a_conflict_keeping_ours(key, index, values):
    group, path = key
    element = getattr(BASE, group)[index % len(getattr(BASE, group))]
    ours_value = values.draw(FIELD_VALUES[key])
    theirs_value = values.draw(FIELD_VALUES[key])
    ours, theirs = copy(), copy()
    set_field(ours, group, element.id, path, ours_value)
    set_field(theirs, group, element.id, path, theirs_value)
    ours_value = get_path(element_data(find(ours, group, element.id)), path)
    theirs_value = get_path(element_data(find(theirs, group, element.id)), path)
    base_value = get_path(element_data(element), path)

    result = merge_chains(BASE, ours, theirs)

    merged_value = get_path(element_data(find(result.chain, group, element.id)), path)
    if ours_value == theirs_value:
        assert result.conflicts == []
        assert merged_value == ours_value
    elif ours_value == base_value:
        assert result.conflicts == [] and merged_value == theirs_value
    elif theirs_value == base_value:
        assert result.conflicts == [] and merged_value == ours_value
    else:
        assert merged_value == ours_value
        [conflict] = result.conflicts
        assert (conflict.kind, conflict.id, conflict.field) == ("field", element.id, ".".join(path))
        assert (conflict.ours, conflict.theirs) == (ours_value, theirs_value)
    assert_sound(result.chain)


# -- particular cases ----------------------------------------------------------------------


def test_diff_reports_added_removed_and_changed_fields_by_dotted_path():
    new = copy()
    touchpoint = new.touchpoints[1]
    touchpoint.label = "Orders on the web"
    touchpoint.position.x = 40
    touchpoint.review.status = "critiqued"
    new.handoffs.pop(0)
    new.touchpoints.append(Touchpoint(id="tp-7", label="Calls back", department="customer",
                                      position=Position(x=1, y=2)))
    new.title = "Renamed"
    new.departments.reverse()

    difference = diff_chains(BASE, new)
    lines = difference.to_text().splitlines()

    assert f'~ chain: title "{BASE.title}" -> "Renamed"' in lines
    assert any(line.startswith("~ department order: customer, sales") for line in lines)
    assert '+ touchpoint tp-7 "Calls back"' in lines
    assert f"- handoff {BASE.handoffs[0].id}" in lines
    old = BASE.touchpoints[1]
    assert (
        f'~ touchpoint {old.id} "Orders on the web": label "{old.label}" -> "Orders on the web"; '
        f'review.status "{old.review.status}" -> "critiqued"; position.x {old.position.x:g} -> 40'
    ) in lines
    data = difference.to_json()
    assert data["equal"] is False
    assert data["touchpoints"]["added"] == [{"id": "tp-7", "label": "Calls back"}]
    changed = data["touchpoints"]["changed"][0]
    assert {"field": "position.x", "old": old.position.x, "new": 40} in changed["fields"]
    json.dumps(data)  # plain JSON


def test_signoffs_are_compared_as_a_whole_list():
    new = copy()
    touchpoint = next(t for t in new.touchpoints if t.review.signoffs)
    touchpoint.review.signoffs[0].note = "checked again"
    [change] = diff_chains(BASE, new).groups["touchpoints"].changed
    assert [f.field for f in change.fields] == ["review.signoffs"]


def test_removed_on_one_side_and_changed_on_the_other_is_a_conflict_keeping_ours():
    victim = BASE.touchpoints[3]
    ours, theirs = copy(), copy()
    find(ours, "touchpoints", victim.id).notes = "still needed"
    theirs.touchpoints = [t for t in theirs.touchpoints if t.id != victim.id]
    theirs.handoffs = [h for h in theirs.handoffs if victim.id not in (h.source, h.target)]

    result = merge_chains(BASE, ours, theirs)

    assert find(result.chain, "touchpoints", victim.id).notes == "still needed"
    assert [(c.kind, c.id) for c in result.conflicts] == [("remove-change", victim.id)]
    assert_sound(result.chain)
    # The other way round, ours removed it: it stays removed.
    result = merge_chains(BASE, theirs, ours)
    assert find(result.chain, "touchpoints", victim.id) is None
    assert result.conflicts[0].kind == "remove-change"
    assert_sound(result.chain)


def test_handoff_to_a_touchpoint_the_other_side_removed_is_dropped_with_a_conflict():
    victim = BASE.touchpoints[3]
    ours, theirs = copy(), copy()
    ours.handoffs.append(Handoff(id="h-new", source=BASE.touchpoints[0].id, target=victim.id))
    theirs.touchpoints = [t for t in theirs.touchpoints if t.id != victim.id]
    theirs.handoffs = [h for h in theirs.handoffs if victim.id not in (h.source, h.target)]

    result = merge_chains(BASE, ours, theirs)

    assert find(result.chain, "touchpoints", victim.id) is None
    assert find(result.chain, "handoffs", "h-new") is None
    assert [(c.kind, c.id, c.field) for c in result.conflicts] == [("integrity", "h-new", "to")]
    assert_sound(result.chain)


def test_owner_removed_by_the_other_side_becomes_none_with_a_conflict():
    touchpoint = next(t for t in BASE.touchpoints if t.owner)
    other = next(p for p in BASE.people if p.id != touchpoint.owner)
    ours, theirs = copy(), copy()
    find(ours, "touchpoints", touchpoint.id).owner = other.id
    theirs.people = [p for p in theirs.people if p.id != other.id]
    for element in theirs.touchpoints:
        if element.owner == other.id:
            element.owner = None
    for department in theirs.departments:
        if department.lead == other.id:
            department.lead = None

    result = merge_chains(BASE, ours, theirs)

    assert find(result.chain, "touchpoints", touchpoint.id).owner is None
    assert ("integrity", touchpoint.id, "owner") in [(c.kind, c.id, c.field) for c in result.conflicts]
    assert_sound(result.chain)


def test_added_elements_go_after_their_predecessor_and_one_sided_lane_order_is_taken():
    ours, theirs = copy(), copy()
    anchor = BASE.touchpoints[4].id
    theirs.touchpoints.insert(5, Touchpoint(id="tp-theirs", label="New", department="sales",
                                            position=Position(x=0, y=0)))
    ours.touchpoints.insert(0, Touchpoint(id="tp-ours", label="Also new", department="sales",
                                          position=Position(x=0, y=0)))
    theirs.departments.reverse()

    result = merge_chains(BASE, ours, theirs)

    ids = [t.id for t in result.chain.touchpoints]
    assert ids[0] == "tp-ours"
    assert ids[ids.index(anchor) + 1] == "tp-theirs"
    assert [d.id for d in result.chain.departments] == [d.id for d in theirs.departments]
    assert result.conflicts == []


def test_both_sides_reordering_lanes_differently_is_a_conflict_keeping_ours():
    ours, theirs = copy(), copy()
    ours.departments.reverse()
    theirs.departments.insert(0, theirs.departments.pop())
    result = merge_chains(BASE, ours, theirs)
    assert [d.id for d in result.chain.departments] == [d.id for d in ours.departments]
    assert [c.kind for c in result.conflicts] == ["order"]


# -- command line --------------------------------------------------------------------------


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )


def write(path: Path, chain) -> str:
    path.write_bytes(chain_to_bytes(chain))
    return str(path)


def test_cli_diff_exit_codes_and_formats(tmp_path):
    changed = copy()
    changed.touchpoints[0].label = "Walks in"
    a, b = write(tmp_path / "a.chain", BASE), write(tmp_path / "b.chain", changed)

    same = run("diff", a, a)
    assert (same.returncode, same.stdout) == (0, "")
    different = run("diff", a, b)
    assert different.returncode == 1
    assert different.stdout.startswith(f'~ touchpoint {BASE.touchpoints[0].id} "Walks in": label ')
    as_json = run("diff", a, b, "--format", "json")
    assert as_json.returncode == 1
    assert json.loads(as_json.stdout)["touchpoints"]["changed"][0]["id"] == BASE.touchpoints[0].id
    (tmp_path / "bad.chain").write_text("{")
    bad = run("diff", a, str(tmp_path / "bad.chain"))
    assert bad.returncode == 2
    assert len(bad.stderr.strip().splitlines()) == 1 and "bad.chain" in bad.stderr


def test_cli_merge_writes_out_and_reports_conflicts(tmp_path):
    ours, theirs = copy(), copy()
    ours.touchpoints[0].label = "Ours"
    theirs.touchpoints[1].label = "Theirs"
    base = write(tmp_path / "base.chain", BASE)
    ours_path = write(tmp_path / "ours.chain", ours)
    theirs_path = write(tmp_path / "theirs.chain", theirs)

    clean = run("merge", base, ours_path, theirs_path, "-o", ours_path)  # as git does
    assert (clean.returncode, clean.stdout, clean.stderr) == (0, "", "")
    merged = load_chain(ours_path)
    assert (merged.touchpoints[0].label, merged.touchpoints[1].label) == ("Ours", "Theirs")

    theirs.touchpoints[0].label = "Other"
    write(tmp_path / "theirs.chain", theirs)
    out = tmp_path / "out.chain"
    clashing = run("merge", base, ours_path, theirs_path, "-o", str(out))
    assert clashing.returncode == 1
    [line] = clashing.stdout.splitlines()
    assert f"conflict field {BASE.touchpoints[0].id} label" in line
    assert load_chain(out).touchpoints[0].label == "Ours"

    missing = run("merge", base, ours_path, str(tmp_path / "nope.chain"), "-o", str(out))
    assert missing.returncode == 2 and "nope.chain" in missing.stderr
