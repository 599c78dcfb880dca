"""Editing in the real window: how long from an edit to updated findings on screen.

"edit to findings" clears or restores a touchpoint's owner through the Document (each
edit adds or removes a finding) and runs the live lint the window would run once the
event loop is free, so the badges, findings dock and status bar show the change.
"keystroke" types one character into the inspector's label field, the same way.
"lane growth" makes the lowest card of a lane in the middle one line taller by its
label, and back: its lane grows or shrinks, and every lane below moves with its cards,
routes and labels; once more a turn after the one before, while its arrows still follow
(in a large chain).
The event loop runs (untimed) between edits, as it does between a user's edits.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.benchmarks.timing import run_times


def edit_times(window, repeat: int) -> list[float]:
    """Seconds from an owner change to fresh findings, `repeat` times."""
    document = window.document
    touchpoints = document.chain.touchpoints
    touchpoint = next(t for t in touchpoints[len(touchpoints) // 2 :] if t.owner)
    owner, edits = touchpoint.owner, [0]

    def edit() -> None:
        edits[0] += 1
        document.set_fields(touchpoint.id, "Set owner", owner=None if edits[0] % 2 else owner)
        window.lint.flush()

    times = run_times(edit, repeat, between=QApplication.processEvents, collect=False)
    if edits[0] % 2:  # leave the chain as it was
        edit()
    return times


def keystroke_times(window, repeat: int) -> list[float]:
    """Seconds from a key typed in the inspector's label field to fresh findings."""
    document = window.document
    touchpoints = document.chain.touchpoints
    touchpoint = touchpoints[len(touchpoints) // 2]
    before = touchpoint.label
    window.view.select([touchpoint.id])
    QApplication.processEvents()
    field = window.inspector.label
    field.setFocus()
    field.end(False)

    def keystroke() -> None:
        QTest.keyClick(field, Qt.Key.Key_A)
        window.lint.flush()

    times = run_times(keystroke, repeat, between=QApplication.processEvents, collect=False)
    typed = document.touchpoint(touchpoint.id).label
    if typed != before + "a" * len(times):
        raise RuntimeError(f"the keystrokes did not reach the label: {typed!r}")
    return times


#: Words that make a card's label at least one line longer, at the widest a card grows.
LONGER = " - and checked again, then signed off by the team lead"


def lane_growth_times(window, repeat: int) -> tuple[list[float], list[float], float]:
    """Seconds from a label edit that makes the lowest card of a lane in the middle one
    line taller (or, every other time, takes the line back) to fresh findings, and to
    every arrow routed again (in a large chain the arrows below are drawn where their
    lanes took them at once and routed again over the next turns of the event loop).
    Each edit starts from a canvas that has settled; then one more is made a turn of the
    event loop after the one before, as typing does: in a large chain while the arrows
    of the one before are still routed."""
    document, scene = window.document, window.scene
    lanes = list(scene.lane_tops)
    lane, next_lane = lanes[len(lanes) // 2 - 1: len(lanes) // 2 + 1]
    cards = [t for t in document.chain.touchpoints if t.department == lane]
    card = max(cards, key=lambda t: scene.touchpoint_items[t.id].box()[3])
    before, edits, followed = card.label, [0], []

    def edit() -> None:  # longer, then back, then longer...
        edits[0] += 1
        document.set_fields(card.id, "Rename", label=before + LONGER if edits[0] % 2 else before)
        window.lint.flush()

    def settle() -> None:
        scene.finish_routing()
        QApplication.processEvents()

    top = scene.lane_tops[next_lane]
    times = run_times(edit, repeat, between=settle, collect=False)
    settle()
    if edits[0] % 2 == 0:
        edit()
        settle()
    if scene.lane_tops[next_lane] == top:
        raise RuntimeError(f"the longer label did not make the lane {lane!r} taller")
    for _ in range(2):  # back, and longer again, each until every arrow follows
        start = time.perf_counter()
        edit()
        while scene.routing:
            QApplication.processEvents()
        followed.append(time.perf_counter() - start)
    edit()  # back
    QApplication.processEvents()
    start = time.perf_counter()
    edit()  # longer again, a turn later: in a large chain while the arrows still follow
    again = time.perf_counter() - start
    settle()
    edit()  # leave the chain as it was
    settle()
    return times, followed, again
