"""Editing in the real window: how long from an edit to updated findings on screen.

"edit to findings" clears or restores a touchpoint's owner through the Document (each
edit adds or removes a finding) and runs the live lint the window would run once the
event loop is free, so the badges, findings dock and status bar show the change.
"keystroke" types one character into the inspector's label field, the same way.
The event loop runs (untimed) between edits, as it does between a user's edits.
"""

from __future__ import annotations

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
