"""The Document and its undo commands: every verb does, undoes and redoes exactly."""

from __future__ import annotations

import os

import pytest

from app.document import Document, EditRefused
from models.chain import LintIgnore, Position
from models.chain_file import ChainFileError, chain_to_bytes, load_chain, save_chain
from resources.samples import sample_paths
from tests.models.test_saving import stale_killed_save
from tests.undo_redo import snapshot, undo_redo_round_trip


def test_add_touchpoint(document):
    before = snapshot(document)
    id = document.add_touchpoint("sales", "decision", Position(x=400, y=30), "Paid?")
    assert document.touchpoint(id).kind == "decision"
    assert document.undo_stack.undoText() == "Add decision"
    undo_redo_round_trip(document, before)


def test_connect_and_refusals(document):
    before = snapshot(document)
    id = document.connect("place-order", "pick-and-pack")
    assert document.handoff(id).target == "pick-and-pack"
    assert document.undo_stack.undoText() == "Connect Places an order on the web shop → Picks and packs the parcel"
    undo_redo_round_trip(document, before)
    with pytest.raises(EditRefused, match="cannot hand off to itself"):
        document.connect("place-order", "place-order")
    with pytest.raises(EditRefused, match="already hands off to"):
        document.connect("place-order", "confirm-order")


def test_move_to_another_lane(document):
    before = snapshot(document)
    document.move_touchpoints({"confirm-order": ("warehouse", Position(x=10, y=50))})
    assert document.touchpoint("confirm-order").department == "warehouse"
    undo_redo_round_trip(document, before)


def test_nudges_with_the_same_key_merge_into_one_step(document):
    before = snapshot(document)
    for x in (230, 240, 250):
        document.move_touchpoints({"confirm-order": ("sales", Position(x=x, y=20))}, merge_key="nudge")
    assert document.undo_stack.count() == 1
    undo_redo_round_trip(document, before)


def test_remove_cascades_to_handoffs_and_ignores(document):
    document.chain.lint.ignore = [LintIgnore(rule="dead-end", element="h-pick", reason="kept")]
    before = snapshot(document)
    document.remove(["confirm-order"])
    assert not document.has("h-order") and not document.has("h-pick")
    assert document.chain.lint.ignore == []
    undo_redo_round_trip(document, before)


def test_rename_touchpoint(document):
    before = snapshot(document)
    document.set_fields("confirm-order", "Rename touchpoint", label="Confirms by phone")
    undo_redo_round_trip(document, before)
    document.set_fields("confirm-order", "Rename touchpoint", label="Confirms by phone")
    assert document.undo_stack.count() == 1  # no change, no step


def test_departments_add_move_rename_remove(document):
    before = snapshot(document)
    id = document.add_department("Legal", "support", 1)
    assert document.department_index(id) == 1
    undo_redo_round_trip(document, before)

    before = snapshot(document)
    document.move_department("warehouse", 0)
    assert document.chain.departments[0].id == "warehouse"
    undo_redo_round_trip(document, before)

    before = snapshot(document)
    document.set_fields("sales", "Rename department", name="Sales and service")
    undo_redo_round_trip(document, before)

    before = snapshot(document)
    document.remove_department("sales")
    assert not document.has("confirm-order") and document.person("anna").department is None
    undo_redo_round_trip(document, before)


def test_paste_gives_fresh_ids_and_keeps_inner_handoffs(document):
    from models.fragment import extract_fragment

    fragment = extract_fragment(document.chain, ["place-order", "confirm-order"])
    assert [h.id for h in fragment.handoffs] == ["h-order"]
    before = snapshot(document)
    new_ids = document.paste(fragment, (20, 20))
    assert len(new_ids) == 2 and not {"place-order", "confirm-order"} & set(new_ids)
    assert document.chain.handoffs[-1].source == new_ids[0]
    undo_redo_round_trip(document, before)


def test_new_ids_are_unique(document):
    ids = {document.new_id("tp") for _ in range(3)}
    assert len(ids) == 1  # nothing was added in between
    assert not document.has(ids.pop())


@pytest.mark.parametrize("path", sample_paths(), ids=lambda path: path.name)
def test_opening_and_saving_a_sample_without_edits_gives_identical_bytes(qapp, tmp_path, path):
    copy = tmp_path / path.name
    copy.write_bytes(path.read_bytes())
    document = Document.open(copy)
    document.save()
    assert copy.read_bytes() == path.read_bytes()
    assert not document.is_modified()


def test_save_marks_clean_and_revert_reloads(qapp, tmp_path, chain):
    path = tmp_path / "c.chain"
    document = Document(chain)
    document.save(path)
    document.remove(["confirm-order"])
    assert document.is_modified()
    document.revert()
    assert document.chain == load_chain(path) and not document.is_modified()


def test_set_fields_of_several_touchpoints_is_one_step(document):
    before = snapshot(document)
    document.set_fields(["confirm-order", "pick-and-pack"], "Set channel", channel="phone")
    assert document.undo_stack.count() == 1
    assert {document.touchpoint(id).channel for id in ("confirm-order", "pick-and-pack")} == {"phone"}
    undo_redo_round_trip(document, before)


def test_typing_in_one_field_merges_into_one_step(document):
    before = snapshot(document)
    for text in ("C", "Co", "Con"):
        document.set_fields("confirm-order", "Edit label", merge_key="label", label=text)
    document.set_fields("confirm-order", "Edit objective", merge_key="objective", objective="1 h")
    assert document.undo_stack.count() == 2
    document.undo_stack.undo()
    assert document.touchpoint("confirm-order").label == "Con"
    document.undo_stack.undo()
    assert snapshot(document) == before


def test_chain_fields(document):
    before = snapshot(document)
    document.set_fields(None, "Edit vision", vision="Every parcel on time")
    assert document.chain.vision == "Every parcel on time"
    undo_redo_round_trip(document, before)


def test_people_add_and_remove_with_reassignment(document):
    before = snapshot(document)
    bo = document.add_person("Bo Lind", "warehouse", "Packer")
    undo_redo_round_trip(document, before)
    before = snapshot(document)
    document.remove_person("anna", reassign_to=bo)
    assert document.touchpoint("confirm-order").owner == bo
    assert document.department("sales").lead == bo
    undo_redo_round_trip(document, before)
    document.undo_stack.undo()
    document.remove_person("anna")
    assert document.touchpoint("confirm-order").owner is None


def test_sign_off_moves_the_status_on(document):
    from models.chain import SignOff

    before = snapshot(document)
    document.add_signoff("confirm-order", SignOff(name="Ana", role="management", date="2026-11-22"), "examined")
    review = document.touchpoint("confirm-order").review
    assert review.status == "examined" and [s.name for s in review.signoffs] == ["Ana"]
    undo_redo_round_trip(document, before)


def test_rule_settings_and_ignores(document):
    before = snapshot(document)
    document.set_rule_severity("objective-required", "off")
    assert document.chain.lint.rules == {"objective-required": "off"}
    undo_redo_round_trip(document, before)
    document.set_rule_severity("objective-required", None)
    assert document.chain.lint.rules == {}
    before = snapshot(document)
    document.ignore_finding("touchpoint-owner-required", "pick-and-pack", "Outsourced")
    assert document.chain.lint.ignore[0].reason == "Outsourced"
    undo_redo_round_trip(document, before)
    document.unignore_finding("touchpoint-owner-required", "pick-and-pack")
    assert document.chain.lint.ignore == []


# -- files that must not be replaced, and leftovers of killed saves -----------------------


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_opening_removes_the_temporary_file_of_a_killed_save(qapp, tmp_path):
    folder, source = stale_killed_save(tmp_path)
    document = Document.open(folder / "order.chain")
    assert sorted(p.name for p in folder.iterdir()) == ["order.chain"]
    assert chain_to_bytes(document.chain) == source.read_bytes()


def test_a_file_without_write_permission_opens_write_protected(qapp, tmp_path, chain):
    path = tmp_path / "c.chain"
    save_chain(chain, path)
    assert not Document.open(path).read_only
    path.chmod(0o444)
    document = Document.open(path)
    assert document.read_only and document.write_protected
    with pytest.raises(ChainFileError, match="read-only"):
        document.save()
    document.save(tmp_path / "mine.chain")  # Save As makes it a file of one's own
    assert not document.read_only and not document.write_protected
