"""Autosave while the user keeps editing: a copy within the limit, of the state it was taken at."""

from __future__ import annotations

import json
import threading
import time

from PySide6.QtWidgets import QApplication

from app.autosave import AUTOSAVE_WITHIN_MS
from app.recovery import CopyInParts, RecoveryStore
from models.chain_file import Replacement, chain_to_bytes, load_chain

INTERVAL_MS = 300  # AUTOSAVE_WITHIN_MS shortened, so the test takes a second, not ten
EDIT_EVERY_MS = 40


def test_the_promise_leaves_room_to_write_within_10_seconds():
    assert AUTOSAVE_WITHIN_MS <= 8_000


def test_continuous_editing_gets_a_copy_within_the_interval(qtbot, window, tmp_path, monkeypatch):
    window.recovery = RecoveryStore(tmp_path / "recovery")
    window.autosave.timer.setInterval(INTERVAL_MS)
    writers = []
    write = Replacement.write
    monkeypatch.setattr(
        Replacement, "write", lambda *args, **kwargs: writers.append(threading.current_thread()) or write(*args, **kwargs)
    )
    copy = window.recovery.folder / f"{window.recovery_key}.chain"
    touchpoint = window.document.chain.touchpoints[0].id
    states = []  # (time of the edit, the chain's bytes after it)

    def edit() -> None:
        window.document.set_fields(touchpoint, "Rename", label=f"Edit {len(states)}")
        states.append((time.time(), chain_to_bytes(window.document.chain)))

    edit()
    first_edit = states[0][0]
    # Edits keep coming faster than the interval, as when a user types: the copy is not put off.
    # Real time must pass between the edits (the autosave timer runs on it), hence the waits.
    while not copy.exists():
        assert time.time() - first_edit < 5, "no recovery copy while the user kept editing"
        qtbot.wait(EDIT_EVERY_MS)
        edit()
    window.finish_autosave()
    saved_at = json.loads((window.recovery.folder / f"{window.recovery_key}.json").read_text())["saved_at"]
    assert saved_at - first_edit < (INTERVAL_MS + 500) / 1000
    # The copy holds exactly the state after the last edit before it was taken.
    held = [state for at, state in states if at <= saved_at][-1]
    assert chain_to_bytes(load_chain(copy.read_bytes())) == held
    assert writers and threading.main_thread() not in writers

    # Editing on: the next copy comes within the interval of the first edit it lacks.
    written = copy.stat().st_mtime_ns
    start = time.time()
    while copy.stat().st_mtime_ns == written:
        assert time.time() - start < 5, "no second recovery copy while the user kept editing"
        qtbot.wait(EDIT_EVERY_MS)
        edit()
    window.finish_autosave()
    assert load_chain(copy.read_bytes()).touchpoints[0].label.startswith("Edit ")


def test_no_copy_without_unsaved_edits(qtbot, window, tmp_path):
    window.recovery = RecoveryStore(tmp_path / "recovery")
    assert window.autosave_now() is None
    assert list(window.recovery.folder.iterdir()) == []


def test_a_large_chain_is_serialized_between_events(qtbot, qapp, tmp_path, monkeypatch):
    """A copy of 2,000 touchpoints is serialized in many slices, the editor's events
    handled between them, and edits made meanwhile do not get into it."""
    from app import autosave
    from app.document import Document
    from app.main_window import MainWindow
    from tests.benchmarks.generate import synthetic_chain
    from tests.widgets.conftest import close_without_asking

    slices, serialize = [], autosave._Copy.serialize
    monkeypatch.setattr(autosave._Copy, "serialize", lambda copy, until: slices.append(until) or serialize(copy, until))
    # The text goes to the writing thread in parts as it is made, never held whole.
    parts, add = [], CopyInParts.add
    monkeypatch.setattr(CopyInParts, "add", lambda writing, part: parts.append(len(part)) or add(writing, part))
    monkeypatch.setattr(autosave, "PART_BYTES", 50_000)
    window = MainWindow(Document(synthetic_chain(2_000, seed=2)))
    try:
        window.recovery = RecoveryStore(tmp_path / "recovery")
        touchpoint = window.document.chain.touchpoints[0].id
        window.document.set_fields(touchpoint, "Rename", label="Before the copy")
        expected = chain_to_bytes(window.document.chain)
        write = window.autosave_now()
        assert not slices  # nothing serialized yet: the work waits for the event loop
        QApplication.processEvents()  # one turn of the event loop: a slice, not the whole copy
        assert slices and not write.done()
        window.document.set_fields(touchpoint, "Rename", label="While the copy is made")
        qtbot.waitUntil(write.done, timeout=60_000)
        assert len(slices) > 2
        copy = window.recovery.folder / f"{window.recovery_key}.chain"
        assert chain_to_bytes(load_chain(copy.read_bytes())) == expected
        assert len(parts) > 2 and max(parts) < 50_000 + 2_000  # a part: at most one piece more
        assert sum(parts) == copy.stat().st_size
    finally:
        close_without_asking(window)


def test_saving_drops_the_copy_under_way(qtbot, window, tmp_path):
    window.recovery = RecoveryStore(tmp_path / "recovery")
    touchpoint = window.document.chain.touchpoints[0].id
    window.document.set_fields(touchpoint, "Rename", label="Saved at once")
    write = window.autosave_now()
    window.save()
    assert write.cancelled() or write.done()
    window.finish_autosave()  # waits for every copy under way: a dropped one must not land
    assert list(window.recovery.folder.iterdir()) == []
