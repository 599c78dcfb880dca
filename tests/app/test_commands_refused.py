"""Refused edits change nothing; a command that fails part-way rolls back; texts translate.

"Nothing" means: the chain (compared as model_dump), the undo stack's count, index and
clean index, and no change signal of the Document.
"""

from __future__ import annotations

import math
from contextlib import ExitStack, contextmanager

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QCoreApplication, QTranslator

from app import commands
from app.document import Document, EditRefused
from models.chain import CHANNELS, MAX_COORDINATE, TOUCHPOINT_KINDS, Position, SignOff
from models.fragment import extract_fragment

#: Every signal that says the content changed.
CHANGE_SIGNALS = (
    "touchpoint_added",
    "touchpoint_removed",
    "touchpoint_changed",
    "handoff_added",
    "handoff_removed",
    "handoff_changed",
    "person_changed",
    "departments_changed",
    "chain_changed",
    "chain_reset",
    "changed",
    "batch_finished",
)


@pytest.fixture
def document(qapp, chain):
    document = Document(chain)
    # A history with a saved point and an undone step, so a refused edit that pushed or
    # cleared anything would show in the count, the index or the clean index.
    document.set_fields("confirm-order", "Rename touchpoint", label="Confirms by phone")
    document.undo_stack.setClean()
    document.set_fields(None, "Edit vision", vision="Every parcel on time")
    document.undo_stack.undo()
    return document


def state(document: Document) -> tuple:
    stack = document.undo_stack
    return document.chain.model_dump(), stack.count(), stack.index(), stack.cleanIndex(), document.is_modified()


@contextmanager
def changes_nothing(document: Document):
    """Expect EditRefused with one sentence, and the document exactly as it was."""
    before = state(document)
    emitted: list[str] = []
    with ExitStack() as stack:
        for name in CHANGE_SIGNALS:
            signal = getattr(document, name)
            slot = lambda *_args, name=name: emitted.append(name)  # noqa: E731
            signal.connect(slot)
            stack.callback(signal.disconnect, slot)
        with pytest.raises(EditRefused) as refusal:
            yield refusal
    assert state(document) == before
    assert emitted == []
    sentence = str(refusal.value)
    assert "\n" not in sentence and sentence.endswith("."), sentence
    assert sentence[:1].isupper() or sentence.startswith("“"), sentence


# -- one bad value among good ones -------------------------------------------------------


def test_a_bad_kind_next_to_a_good_label_changes_neither(document, qtbot):
    with qtbot.assertNotEmitted(document.touchpoint_changed), changes_nothing(document) as refusal:
        document.set_fields("pick-and-pack", "Edit", label="NEW", kind="bogus")
    assert str(refusal.value).startswith("The kind of touchpoint “Picks and packs the parcel” cannot be “bogus”")
    assert document.touchpoint("pick-and-pack").label == "Picks and packs the parcel"


def test_an_owner_that_does_not_exist_is_refused(document):
    with changes_nothing(document) as refusal:
        document.set_fields(["pick-and-pack", "place-order"], "Set owner", owner="ghost")
    assert "refers to person “ghost”, which is not in the chain" in str(refusal.value)
    with changes_nothing(document):  # an id of a department is not a person
        document.set_fields("pick-and-pack", "Set owner", owner="sales")
    with changes_nothing(document):
        document.remove_person("anna", reassign_to="ghost")
    with changes_nothing(document):
        document.remove_person("anna", reassign_to="anna")
    with changes_nothing(document):
        document.add_person("Bo Lind", department="nowhere")


def test_a_handoff_to_a_missing_touchpoint_is_refused(document):
    with changes_nothing(document) as refusal:
        document.connect("place-order", "nowhere")
    assert str(refusal.value) == "There is no touchpoint “nowhere” in the chain."
    with changes_nothing(document) as refusal:
        document.set_fields("h-order", "Reconnect", target="nowhere")
    assert "refers to touchpoint “nowhere”" in str(refusal.value)
    with changes_nothing(document):
        document.set_fields("h-order", "Reconnect", target="place-order")  # to itself


def test_an_out_of_bounds_position_is_refused(document):
    far = MAX_COORDINATE + 1
    with changes_nothing(document) as refusal:
        document.set_fields("confirm-order", "Move", position={"x": far, "y": 10})
    assert "position x" in str(refusal.value) and "less than or equal to 1000000" in str(refusal.value)
    with changes_nothing(document):  # made without checks, so checked when it is used
        document.move_touchpoints(
            {
                "place-order": ("customer", Position(x=60, y=20)),
                "confirm-order": ("sales", Position.model_construct(x=far, y=10)),
            }
        )
    with changes_nothing(document):
        document.add_touchpoint("sales", "step", Position.model_construct(x=-far, y=0))
    with changes_nothing(document):
        document.set_fields("confirm-order", "Move", position={"x": math.nan, "y": 10})
    fragment = extract_fragment(document.chain, ["place-order", "confirm-order"])
    with changes_nothing(document):  # the pasted copies would land beyond the bounds
        document.paste(fragment, (MAX_COORDINATE - 100, 0))


def test_unknown_and_fixed_fields_and_elements_are_refused(document):
    with changes_nothing(document) as refusal:
        document.set_fields("confirm-order", "Edit", bogus=1)
    assert str(refusal.value) == "Touchpoint “Confirms by phone” has no field “bogus”."
    with changes_nothing(document):
        document.set_fields("confirm-order", "Edit", id="renamed")
    with changes_nothing(document):
        document.set_fields(None, "Edit", touchpoints=[])
    with changes_nothing(document):
        document.set_fields(["confirm-order", "ghost"], "Edit", label="X")
    with changes_nothing(document):
        document.remove(["confirm-order", "ghost"])
    with changes_nothing(document):
        document.remove_department("ghost")
    with changes_nothing(document):
        document.move_touchpoints({"confirm-order": ("ghost", Position(x=1, y=1))})


def test_new_elements_with_bad_values_are_refused(document):
    with changes_nothing(document) as refusal:
        document.add_touchpoint("sales", "bogus", Position(x=1, y=1))
    assert str(refusal.value).startswith("The kind of the new touchpoint cannot be “bogus”")
    with changes_nothing(document) as refusal:
        document.add_touchpoint("nowhere", "step", Position(x=1, y=1))
    assert "refers to department “nowhere”" in str(refusal.value)
    with changes_nothing(document):
        document.add_department("Legal", role="bogus")
    with changes_nothing(document) as refusal:
        document.add_department("Legal", index=7)
    assert str(refusal.value) == "There is no place 7 among the chain's 3 departments."
    with changes_nothing(document):
        document.move_department("sales", "first")


def test_rule_settings_sign_offs_and_ignores_are_checked(document):
    with changes_nothing(document) as refusal:
        document.set_rule_severity("objective-required", "loud")
    assert "is not a severity" in str(refusal.value)
    with changes_nothing(document) as refusal:
        document.ignore_finding("dead-end", "ghost", "kept on purpose")
    assert "refers to “ghost”, which is not in the chain" in str(refusal.value)
    with changes_nothing(document):
        document.ignore_finding("dead-end", "h-order", "   ")
    with changes_nothing(document):
        signoff = SignOff(name="Ana", role="management", date="2026-11-22")
        document.add_signoff("confirm-order", signoff, status="done")
    with changes_nothing(document):
        document.add_signoff("ghost", signoff)


def test_values_are_stored_as_the_model_checks_them(document):
    document.set_fields("confirm-order", "Move", position={"x": 12.3456, "y": 10})
    assert document.touchpoint("confirm-order").position == Position(x=12.35, y=10)  # rounded
    assert document.undo_stack.undoText() == "Move"
    count = document.undo_stack.count()
    document.set_fields("confirm-order", "Move", position={"x": 12.3456, "y": 10})
    document.set_fields("confirm-order", "Move", position=Position(x=12.35, y=10))
    assert document.undo_stack.count() == count  # the same value as stored: no step


# -- rolling back ----------------------------------------------------------------------


def test_a_command_failing_on_its_second_step_rolls_back(document):
    """The first step (a touchpoint's kind) is undone when the second (a handoff has no
    kind) fails, and the failure is one sentence; the Document's check refuses it first."""
    before = state(document)
    command = commands.SetFieldsCommand(document, ["confirm-order", "h-order"], {"kind": "decision"}, "Set kind")
    with pytest.raises(EditRefused) as failure:
        command.apply()  # what Document.push runs once the check has passed
    assert str(failure.value).startswith("“Set kind” could not be done, so nothing was changed: ")
    assert state(document) == before
    with changes_nothing(document) as refusal:
        document.push(command)
    assert str(refusal.value) == "Handoff “h-order” has no field “kind”."


def test_one_step_is_one_undo_step_and_undoes_all_when_an_edit_is_refused(document):
    before = state(document)
    with pytest.raises(EditRefused, match="kind"):
        with document.one_step("Add and connect"):
            added = document.add_touchpoint("sales", "step", Position(x=400, y=60))
            document.connect("confirm-order", added)
            document.set_fields(added, "Edit", kind="bogus")
    assert state(document) == before and not document.has(added)

    with document.one_step("Add and connect"):
        added = document.add_touchpoint("sales", "step", Position(x=400, y=60))
        handoff = document.connect("confirm-order", added)
    # One step on top of the first one; the undone step after it is gone, as after any edit.
    assert (document.undo_stack.count(), document.undo_stack.index()) == (2, 2)
    assert document.undo_stack.undoText() == "Add and connect"
    after = document.chain.model_dump()
    document.undo_stack.undo()
    assert not document.has(added) and not document.has(handoff)
    assert document.chain.model_dump() == before[0]
    document.undo_stack.redo()
    assert document.chain.model_dump() == after


def test_a_refused_edit_in_one_step_pushes_no_empty_step(document):
    before = state(document)
    with pytest.raises(EditRefused):
        with document.one_step("Set review status"):
            document.set_fields("confirm-order", "Edit", review="approved")
    assert state(document) == before


def test_a_redo_that_fails_is_rolled_back_and_does_nothing_after(document):
    """A redo history that no longer fits the chain: the step is not half-done."""
    document.set_fields(["confirm-order", "pick-and-pack"], "Set channel", channel="phone")
    document.undo_stack.undo()
    document.take("touchpoint", "pick-and-pack")  # behind the stack's back
    chain = document.chain.model_dump()
    with pytest.raises(EditRefused, match="could not be done, so nothing was changed"):
        document.undo_stack.redo()
    assert document.chain.model_dump() == chain
    document.undo_stack.undo()  # the failed step does nothing either way now
    document.undo_stack.redo()
    assert document.chain.model_dump() == chain


# -- the property ----------------------------------------------------------------------

TOUCHPOINTS = ["place-order", "confirm-order", "pick-and-pack", "receive-parcel"]
coordinate = st.floats(min_value=0, max_value=MAX_COORDINATE)
GOOD = {
    "label": st.text(max_size=12),
    "kind": st.sampled_from(TOUCHPOINT_KINDS),
    "channel": st.sampled_from([*CHANNELS, None]),
    "owner": st.sampled_from(["anna", None]),
    "department": st.sampled_from(["customer", "sales", "warehouse"]),
    "position": st.builds(lambda x, y: {"x": x, "y": y}, coordinate, coordinate),
    "notes": st.none() | st.text(max_size=12),
}
BAD = {
    "label": st.none() | st.integers(),
    "kind": st.text(max_size=8).filter(lambda kind: kind not in TOUCHPOINT_KINDS),
    "channel": st.sampled_from(["fax", "", "Phone"]),
    "owner": st.sampled_from(["ghost", "sales", "h-order", "anna "]),
    "department": st.sampled_from(["nowhere", "anna", "place-order"]),
    "position": st.builds(
        lambda x, y: {"x": x, "y": y},
        st.floats(min_value=MAX_COORDINATE + 1) | st.floats(max_value=-MAX_COORDINATE - 1) | st.just(math.nan),
        coordinate,
    ),
    "serves": st.sampled_from(["everyone", None]),
    "id": st.just("renamed"),
    "size": st.just({"w": 0, "h": 10}),
    "colour": st.just("#ff0000"),  # a department's field, spelt wrong, on a touchpoint
}


@st.composite
def refused_edits(draw):
    """(description, edit) where the edit has one bad value among good ones."""
    which = draw(st.sampled_from(["fields", "move", "add", "connect", "person", "lane"]))
    if which == "fields":
        ids = draw(st.lists(st.sampled_from(TOUCHPOINTS), min_size=1, max_size=3, unique=True))
        names = draw(st.lists(st.sampled_from(sorted(GOOD)), max_size=4, unique=True))
        good = {name: draw(GOOD[name]) for name in names}
        bad = draw(st.sampled_from(sorted(BAD)))
        good.pop(bad, None)
        fields = {**good, bad: draw(BAD[bad])}
        return f"set_fields({ids}, {fields})", lambda document: document.set_fields(ids, "Edit", **fields)
    if which == "move":
        moves = {
            id: (draw(GOOD["department"]), Position(**draw(GOOD["position"])))
            for id in draw(st.lists(st.sampled_from(TOUCHPOINTS), max_size=3, unique=True))
        }
        bad_id = draw(st.sampled_from(TOUCHPOINTS))
        bad = draw(st.sampled_from(["department", "position"]))
        department = draw(BAD["department"]) if bad == "department" else "sales"
        position = Position.model_construct(**draw(BAD["position"])) if bad == "position" else Position(x=1, y=1)
        moves[bad_id] = (department, position)
        return f"move_touchpoints({moves})", lambda document: document.move_touchpoints(moves)
    if which == "add":
        bad = draw(st.sampled_from(["kind", "department", "label"]))
        values = {
            "department": draw(BAD["department"] if bad == "department" else GOOD["department"]),
            "kind": draw(BAD["kind"] if bad == "kind" else GOOD["kind"]),
            "position": Position(**draw(GOOD["position"])),
            "label": draw(BAD["label"] if bad == "label" else GOOD["label"]),
        }
        return f"add_touchpoint({values})", lambda document: document.add_touchpoint(**values)
    if which == "connect":
        source = draw(st.sampled_from(TOUCHPOINTS))
        target = draw(st.sampled_from(["ghost", "sales", "h-order", source]))
        return f"connect({source}, {target})", lambda document: document.connect(source, target)
    if which == "person":
        name = draw(GOOD["label"])
        department = draw(BAD["department"])
        return f"add_person({name}, {department})", lambda document: document.add_person(name, department)
    role = draw(st.sampled_from(["boss", "", "Frontline"]))
    return f"add_department(Legal, {role})", lambda document: document.add_department("Legal", role)


@st.composite
def good_edits(draw):
    """Edits that are allowed, to give the refused one a history to leave alone."""
    edits = []
    for _ in range(draw(st.integers(0, 3))):
        id = draw(st.sampled_from(TOUCHPOINTS))
        names = draw(st.lists(st.sampled_from(sorted(GOOD)), min_size=1, max_size=3, unique=True))
        fields = {name: draw(GOOD[name]) for name in names}
        edits.append(lambda document, id=id, fields=fields: document.set_fields(id, "Edit", **fields))
    return edits


@settings(
    max_examples=60,
    deadline=None,  # a shared machine may be slow; speed is for the benchmarks
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(history=good_edits(), undone=st.integers(0, 2), saved=st.booleans(), refused=refused_edits())
def test_an_edit_with_one_bad_value_changes_nothing(qapp, chain, history, undone, saved, refused):
    description, edit = refused
    document = Document(chain.model_copy(deep=True))
    for good in history:
        good(document)
    if saved:
        document.undo_stack.setClean()
    for _ in range(undone):
        document.undo_stack.undo()
    with changes_nothing(document):
        edit(document)


# -- translation -----------------------------------------------------------------------


class Marking(QTranslator):
    """Translates every text of the edit layer by putting it in «»."""

    def translate(self, context, source, disambiguation=None, n=-1):
        if context in ("commands", "Document", "EditCheck"):
            return f"«{source}»"
        return ""

    def isEmpty(self) -> bool:
        return False


@pytest.fixture
def marking(qapp):
    translator = Marking()
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)


def test_undo_texts_and_refusals_go_through_translation(marking, document):
    document.add_touchpoint("sales", "decision", Position(x=400, y=30))
    assert document.undo_stack.undoText() == "«Add decision»"
    document.connect("place-order", "pick-and-pack")
    assert document.undo_stack.undoText() == "«Connect Places an order on the web shop → Picks and packs the parcel»"
    document.remove(["pick-and-pack"])
    assert document.undo_stack.undoText() == "«Delete 1 touchpoint»"
    document.move_touchpoints({"place-order": ("customer", Position(x=1, y=1))})
    assert document.undo_stack.undoText() == "«Move 1 touchpoint»"
    document.set_rule_severity("objective-required", None)
    document.set_rule_severity("objective-required", "off")
    assert document.undo_stack.undoText() == "«Set objective-required to off»"
    document.add_department("Legal")
    assert document.undo_stack.undoText() == "«Add department Legal»"
    with pytest.raises(EditRefused) as refusal:
        document.set_fields("confirm-order", "Edit", kind="bogus")
    assert str(refusal.value).startswith("«")
