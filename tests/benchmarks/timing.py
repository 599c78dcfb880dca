"""Timing helpers shared by every benchmark: medians of wall-clock runs."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable

#: Repeated measures stop after this many seconds once they have MIN_RUNS runs, so that
#: a measure that is slow at 20,000 (a 2 s frame) does not make the run take minutes.
BUDGET_SECONDS = 1.0
MIN_RUNS = 3


def run_times(
    fn: Callable[[], object],
    repeat: int,
    between: Callable[[], object] | None = None,
    collect: bool = True,
    budget: float = BUDGET_SECONDS,
) -> list[float]:
    """Seconds of up to `repeat` calls of `fn`; `between` runs untimed before each call.

    What `fn` returns is freed after the clock stops, and with `collect` garbage is
    collected before each call, so that neither counts against the measure. In the
    editor, where a full collection takes longer than the edit, `collect` is off: the
    editor pays for its own garbage there, as it does in use.
    """
    times: list[float] = []
    spent = 0.0
    for _ in range(repeat):
        if between is not None:
            between()
        if collect:
            gc.collect()
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
        del result
        spent += times[-1]
        if spent > budget and len(times) >= MIN_RUNS:
            break
    return times


def median_seconds(fn: Callable[[], object], repeat: int, **options) -> float:
    """The median of `run_times(fn, repeat, ...)`."""
    return statistics.median(run_times(fn, repeat, **options))


def once(fn: Callable[[], object]) -> float:
    """Seconds of one call of `fn`, for measures too slow to repeat within a session."""
    return run_times(fn, 1)[0]


class EventLoopGaps:
    """The gaps between the ticks of a 5 ms timer on the event loop: the longest one is
    how long the editor stalled meanwhile."""

    def __init__(self) -> None:
        from PySide6.QtCore import QElapsedTimer, QTimer

        self._clock = QElapsedTimer()
        self._clock.start()
        self._last = self._clock.elapsed()
        self.gaps: list[int] = []
        self._ticker = QTimer()
        self._ticker.setInterval(5)
        self._ticker.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = self._clock.elapsed()
        self.gaps.append(now - self._last)
        self._last = now

    def start(self) -> None:
        self.gaps.clear()
        self._last = self._clock.elapsed()
        self._ticker.start()

    def stop(self) -> float:
        """Stop ticking; the longest gap, in milliseconds."""
        self._ticker.stop()
        return float(max(self.gaps, default=0))
