"""Auto-layout: both engines' times, and how long the editor's event loop stalls meanwhile."""

from __future__ import annotations

import statistics
import time

from models.chain import Chain
from models.layout import layout_chain
from tests.benchmarks.timing import EventLoopGaps

#: Seconds dot may take before layout_chain falls back to the built-in engine. dot takes
#: about 1 s at 20,000 touchpoints (it stops after ordering), so this only guards a hang.
DOT_TIMEOUT = 120.0


def engine_seconds(chain: Chain, engine: str, repeat: int) -> float | str:
    """Median seconds of `layout_chain` with `engine` ("auto" runs dot); "timeout" when
    dot took longer than DOT_TIMEOUT, "no dot" when it fell back for another reason."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = layout_chain(chain, engine=engine, timeout=DOT_TIMEOUT)
        times.append(time.perf_counter() - start)
        if engine == "auto" and result.engine != "dot":
            return "timeout" if "longer than" in result.note else "no dot"
    return statistics.median(times)


#: How long to keep ticking after the layout is applied, so that the lint and repaint
#: it sets off count too.
SETTLE_MS = 250


def longest_stall_ms(window) -> float:
    """Run Arrange > Auto-layout in `window`; the longest gap between 5 ms timer ticks
    until the layout is applied and has settled (it runs in a worker thread)."""
    from PySide6.QtCore import QEventLoop, QTimer

    ticks = EventLoopGaps()
    loop = QEventLoop()
    window.layouter.finished.connect(loop.quit)
    ticks.start()
    window.actions_by_id["arrange.auto_layout"].trigger()
    loop.exec()
    QTimer.singleShot(SETTLE_MS, loop.quit)
    loop.exec()
    return ticks.stop()
