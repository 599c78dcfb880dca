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
    assert window.scene.touchpoint_items[moved.id].pos() == window.scene.scene_position(moved)
