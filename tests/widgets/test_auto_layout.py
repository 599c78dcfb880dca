"""Arrange > Auto-layout in the window: one undo step, Cancel moves nothing."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from models.chain_file import load_chain
from tests.widgets.conftest import chain_bytes


def run_layout(qtbot, window, action: str) -> None:
    with qtbot.waitSignal(window.layouter.finished, timeout=60_000):
        window.actions_by_id[action].trigger()


def test_auto_layout_then_undo_restores_every_position(qtbot, window):
    before = chain_bytes(window)
    # The sample was laid out with dot; the built-in engine places it differently.
    window.actions_by_id["arrange.engine_builtin"].trigger()
    run_layout(qtbot, window, "arrange.auto_layout")
    document = window.document
    assert chain_bytes(window) != before
    assert document.undo_stack.undoText().startswith("Auto-layout (")
    assert document.undo_stack.count() == 1
    assert window.statusBar().currentMessage().startswith("Laid out ")
    # Every card sits where the model says, inside its own lane.
    for touchpoint in document.chain.touchpoints:
        card = window.scene.touchpoint_items[touchpoint.id].card_rect()
        top = window.scene.lane_tops[touchpoint.department]
        assert top <= card.top() and card.bottom() <= top + window.scene.lane_heights[touchpoint.department]
    window.actions_by_id["edit.undo"].trigger()
    assert chain_bytes(window) == before
    window.actions_by_id["edit.redo"].trigger()
    assert chain_bytes(window) != before


def test_cancel_leaves_the_chain_untouched(qtbot, window, monkeypatch):
    import models.layout as layout

    before = chain_bytes(window)
    started = threading.Event()
    real = layout.layout_chain

    def slow_layout(chain, *, cancelled, **options):
        started.set()
        while not cancelled():  # stands for a long layout; it stops when asked
            threading.Event().wait(0.01)
        return real(chain, cancelled=cancelled, **options)

    monkeypatch.setattr("app.auto_layout.layout_chain", slow_layout)
    with qtbot.waitSignal(window.layouter.finished, timeout=20_000) as finished:
        window.actions_by_id["arrange.auto_layout"].trigger()
        assert started.wait(5)
        qtbot.waitUntil(lambda: window.layouter.progress is not None and window.layouter.progress.isVisible(), timeout=5000)
        cancel_button = window.layouter.progress.findChild(QPushButton)
        qtbot.mouseClick(cancel_button, Qt.MouseButton.LeftButton)
    assert finished.args == ["Auto-layout cancelled; nothing was moved."]
    assert chain_bytes(window) == before
    assert window.document.undo_stack.count() == 0


def test_the_engine_setting_is_used_and_said(qtbot, window):
    window.actions_by_id["arrange.engine_builtin"].trigger()
    run_layout(qtbot, window, "arrange.auto_layout")
    assert window.document.undo_stack.undoText() == "Auto-layout (builtin)"
    assert "the built-in layout" in window.statusBar().currentMessage()
    window.actions_by_id["arrange.engine_auto"].trigger()
    QApplication.processEvents()


def test_tidy_keeps_each_lanes_order(qtbot, window):
    document = window.document
    order = {d.id: [t.id for t in sorted(document.touchpoints_in(d.id), key=lambda t: t.position.x)]
             for d in document.chain.departments}
    run_layout(qtbot, window, "arrange.tidy")
    after = {d.id: [t.id for t in sorted(document.touchpoints_in(d.id), key=lambda t: t.position.x)]
             for d in document.chain.departments}
    assert after == order


def test_layout_command_line_writes_the_file(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    from resources.samples import FIRST_START_SAMPLE

    root = Path(__file__).resolve().parents[2]
    out = tmp_path / "laid-out.chain"
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "layout", str(FIRST_START_SAMPLE), "-o", str(out), "--engine", "builtin"],
        cwd=root, capture_output=True, text=True, timeout=120, env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert "with builtin" in result.stdout
    laid_out, original = load_chain(out), load_chain(FIRST_START_SAMPLE)
    assert [t.department for t in laid_out.touchpoints] == [t.department for t in original.touchpoints]


def test_a_command_with_many_steps_relays_out_the_canvas_once(qtbot, window, monkeypatch):
    from models.chain import Position

    calls = []
    real = window.scene.relayout
    monkeypatch.setattr(window.scene, "relayout", lambda: (calls.append(1), real()))
    document = window.document
    moves = {
        t.id: (t.department, Position(x=t.position.x + 37, y=t.position.y + 3))
        for t in document.chain.touchpoints
    }
    document.move_touchpoints(moves)
    assert len(calls) == 1
    moved = document.chain.touchpoints[0]
    assert window.scene.touchpoint_items[moved.id].scenePos() == window.scene.scene_position(moved)


def test_the_snapshot_is_copied_in_the_worker_and_an_edit_waits_for_the_copy(qtbot, window, monkeypatch):
    """Copying 20,000 touchpoints' fields held the UI thread a quarter of a second; the
    worker copies them now, and an edit meanwhile waits for the copy, so that the copy
    never holds half of it. The layout, checked on a chain without the edit, is checked
    again in the worker and applied after it, as its own undo step."""
    from app.auto_layout import ChainSnapshot

    document = window.document
    window.actions_by_id["arrange.engine_builtin"].trigger()
    copying, threads = threading.Event(), []
    real = ChainSnapshot.take.__func__

    def slow_take(cls, chain):
        threads.append(threading.current_thread())
        copying.set()
        threading.Event().wait(0.3)  # an edit now must wait until the copy is done
        return real(cls, chain)

    monkeypatch.setattr(ChainSnapshot, "take", classmethod(slow_take))
    first = document.chain.touchpoints[0]
    with qtbot.waitSignal(window.layouter.finished, timeout=60_000):
        window.actions_by_id["arrange.auto_layout"].trigger()
        assert copying.wait(5)
        document.set_fields(first.id, "Rename", label="Renamed while copying")
    assert threads and threading.main_thread() not in threads
    assert len(threads) == 2  # the first copy predates the rename: checked again on a second
    assert document.touchpoint(first.id).label == "Renamed while copying"
    assert [document.undo_stack.text(i) for i in range(2)] == ["Rename", "Auto-layout (builtin)"]


def test_moves_of_a_chain_edited_during_the_layout_are_checked_in_the_worker(qtbot, window, monkeypatch):
    """Checking 20,000 moves took seconds on the UI thread when the chain was edited while
    the layout ran; the worker checks them again now."""
    import models.layout as layout
    from app.commands import Command

    document = window.document
    window.actions_by_id["arrange.engine_builtin"].trigger()
    started, go_on = threading.Event(), threading.Event()
    real_layout = layout.layout_chain

    def held_layout(chain, **options):
        started.set()
        assert go_on.wait(10)
        return real_layout(chain, **options)

    checked_in = []
    real_check = Command.check
    monkeypatch.setattr("app.auto_layout.layout_chain", held_layout)
    monkeypatch.setattr(Command, "check", lambda self: (checked_in.append(threading.current_thread()), real_check(self)))
    first = document.chain.touchpoints[0]
    with qtbot.waitSignal(window.layouter.finished, timeout=60_000):
        window.actions_by_id["arrange.auto_layout"].trigger()
        assert started.wait(5)
        document.set_fields(first.id, "Rename", label="Renamed during the layout")
        checked_in.clear()  # (the rename's own check)
        go_on.set()
    assert len(checked_in) == 2 and threading.main_thread() not in checked_in
    assert document.touchpoint(first.id).label == "Renamed during the layout"
    assert document.undo_stack.undoText() == "Auto-layout (builtin)"
    window.actions_by_id["edit.undo"].trigger()  # the layout alone, whole
    assert document.touchpoint(first.id).label == "Renamed during the layout"
    assert document.undo_stack.undoText() == "Rename"
