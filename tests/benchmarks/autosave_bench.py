"""How long autosaving a chain stalls the editor's event loop."""

from __future__ import annotations

#: How long to keep ticking after the copy is written, so that what it sets off counts too.
SETTLE_MS = 100
EDIT_SETTLE_MS = 1_000


def autosave_stall_ms(window) -> float:
    """Edit the chain and let the edit settle, then autosave it as the timer does; the
    longest gap between 5 ms timer ticks from the autosave until its copy is written and
    has settled."""
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer

    touchpoint = window.document.chain.touchpoints[0]
    window.document.set_fields(touchpoint.id, "Rename", label=touchpoint.label + " (autosaved)")
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
    ticker.start()
    QTimer.singleShot(EDIT_SETTLE_MS, loop.quit)  # the repaints and lint the edit sets off
    loop.exec()
    gaps.clear()
    write = window.autosave_now()
    poll = QTimer()
    poll.setInterval(5)
    poll.timeout.connect(lambda: write.done() and loop.quit())
    poll.start()
    loop.exec()
    poll.stop()
    QTimer.singleShot(SETTLE_MS, loop.quit)
    loop.exec()
    ticker.stop()
    write.result()  # raises if the copy could not be written
    return float(max(gaps, default=0))
