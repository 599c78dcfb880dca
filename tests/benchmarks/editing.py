"""Editing in the real window: how long from an edit to updated findings on screen.

Runs the editor offscreen on a synthetic chain. "edit to findings" clears or
restores a touchpoint's owner through the Document (each edit adds or removes a finding)
and waits until lint has run and the badges, findings dock and status bar show it; "keystroke" types one character into the
inspector's label field, the same way.
"""

from __future__ import annotations

import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from tests.benchmarks.generate import synthetic_chain  # noqa: E402

TARGET_MS = 16.0


def measure_editing(n: int, repeat: int) -> dict[str, float]:
    """Median milliseconds of each editing measure on a chain of `n` touchpoints."""
    from app.application import create_application
    from app.document import Document
    from app.main_window import MainWindow

    create_application()
    window = MainWindow(Document(synthetic_chain(n)))
    window.resize(1600, 1000)
    window.show()
    QApplication.processEvents()
    document = window.document
    touchpoint = next(t for t in document.chain.touchpoints[n // 2 :] if t.owner)
    owner = touchpoint.owner
    results = {}
    try:
        edits = []
        for number in range(repeat):
            start = time.perf_counter()
            document.set_fields(touchpoint.id, "Set owner", owner=None if number % 2 == 0 else owner)
            window.lint.flush()
            edits.append(time.perf_counter() - start)
        results["edit to findings"] = statistics.median(edits) * 1000

        window.view.select([touchpoint.id])
        QApplication.processEvents()
        field = window.inspector.label
        field.setFocus()
        field.end(False)
        keys = []
        for number in range(repeat):
            start = time.perf_counter()
            QTest.keyClick(field, Qt.Key.Key_A)
            window.lint.flush()
            keys.append(time.perf_counter() - start)
        results["keystroke"] = statistics.median(keys) * 1000
    finally:
        window.maybe_save = lambda: True
        window.close()
        QApplication.processEvents()
    return results


def editing_table(results: dict[int, dict[str, float]]) -> str:
    names = ["edit to findings", "keystroke"]
    header = ["N"] + [f"{name} ms" for name in names]
    rows = [[f"{n:,}"] + [f"{r[name]:.1f}" for name in names] for n, r in results.items()]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(cell.rjust(width) for cell, width in zip(row, widths)) for row in [header, *rows]]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)
