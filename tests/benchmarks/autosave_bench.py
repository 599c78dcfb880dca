"""How long autosaving a chain stalls the editor's event loop."""

from __future__ import annotations

from tests.benchmarks.timing import EventLoopGaps

#: How long to keep ticking after the copy is written, so that what it sets off counts too.
SETTLE_MS = 100
EDIT_SETTLE_MS = 1_000


def autosave_stall_ms(window) -> float:
    """Edit the chain and let the edit settle, then autosave it as the timer does; the
    longest gap between 5 ms timer ticks from the autosave until its copy is written and
    has settled."""
    from PySide6.QtCore import QEventLoop, QTimer

    touchpoint = window.document.chain.touchpoints[0]
    window.document.set_fields(touchpoint.id, "Rename", label=touchpoint.label + " (autosaved)")
    loop = QEventLoop()
    QTimer.singleShot(EDIT_SETTLE_MS, loop.quit)  # the repaints and lint the edit sets off
    loop.exec()
    while window.scene.routing:  # and the arrows it moved (a lane that grew), followed in steps
        QTimer.singleShot(50, loop.quit)
        loop.exec()
    ticks = EventLoopGaps()
    ticks.start()
    write = window.autosave_now()
    poll = QTimer()
    poll.setInterval(5)
    poll.timeout.connect(lambda: write.done() and loop.quit())
    poll.start()
    loop.exec()
    poll.stop()
    QTimer.singleShot(SETTLE_MS, loop.quit)
    loop.exec()
    stall = ticks.stop()
    write.result()  # raises if the copy could not be written
    return stall
