"""Auto-layout: both engines' times, and how long the editor's event loop stalls meanwhile."""

from __future__ import annotations

import os
import shutil
import statistics
import time

from models.layout import layout_chain
from tests.benchmarks.generate import synthetic_chain

LAYOUT_SIZES = (100, 1_000, 5_000)


def engine_times(repeat: int) -> dict[int, dict[str, float | None]]:
    """Median seconds of each engine for each size; None for dot when it is missing."""
    results: dict[int, dict[str, float | None]] = {}
    for n in LAYOUT_SIZES:
        chain = synthetic_chain(n)
        row: dict[str, float | None] = {}
        for engine in ("dot", "builtin"):
            if engine == "dot" and shutil.which("dot") is None:
                row[engine] = None
                continue
            runs = max(1, repeat if n < 5_000 else 1)
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                result = layout_chain(chain, engine=engine, timeout=120)
                times.append(time.perf_counter() - start)
            row[engine] = statistics.median(times) if result.engine == engine else None
        results[n] = row
    return results


def longest_stall_ms(n: int = 1_000) -> float:
    """Lay out `n` touchpoints in the editor window; the longest gap between 5 ms ticks."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from app.application import create_application
    from app.document import Document
    from app.main_window import MainWindow

    create_application()
    window = MainWindow(Document(synthetic_chain(n)))
    window.show()
    QApplication.processEvents()
    clock, gaps = QElapsedTimer(), []
    clock.start()
    last = [clock.elapsed()]

    def tick() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    ticker = QTimer()
    ticker.setInterval(5)
    ticker.timeout.connect(tick)
    loop = QEventLoop()
    window.layouter.finished.connect(loop.quit)
    ticker.start()
    last[0] = clock.elapsed()
    window.auto_layout()
    loop.exec()
    ticker.stop()
    window.maybe_save = lambda: True
    window.close()
    return max(gaps, default=0.0)


def layout_table(times: dict[int, dict[str, float | None]]) -> str:
    def show(value):
        return "n/a" if value is None else f"{value * 1000:.0f}"

    header = ["N", "dot ms", "built-in ms"]
    rows = [[f"{n:,}", show(row["dot"]), show(row["builtin"])] for n, row in times.items()]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(3)]
    lines = ["  ".join(cell.rjust(width) for cell, width in zip(row, widths)) for row in [header, *rows]]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)
