"""Work too long for one event-loop turn, spread out so the editor never stalls.

`StepRunner` runs a generator a few milliseconds per turn: each `yield` ends a small
step; yielding NEXT_TURN also ends the turn, so the window paints what the steps did.
A step may yield an `Offloaded` instead: pure-Python work (models/ code: routing, lint)
running in a thread meanwhile; the runner polls it and sends its result back into the
generator. Such a thread slows the UI thread's own Python (paints, handlers) several
fold while it runs, since they take turns at the interpreter lock (PySide gives the lock
up around Qt's own work, and each call back into Python waits for it): so steps wait
while any offloaded work runs, offloading is for while the editor has little else to
do, and while a thread works (`sharing_the_interpreter`, also around the auto-layout's
worker) the interpreter switches threads every millisecond instead of every five, so
each of the UI thread's calls into Python waits a fifth as long. `finish()` runs whatever is left at once, waiting for the thread, for when
something must see the finished work now (an edit, an export).

The canvas settles after a large batch with it (ChainScene._settle), and live lint runs
its full re-checks of a large chain in an Offloaded thread (app.live_lint).
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from collections.abc import Callable, Generator, Iterator

from PySide6.QtCore import QObject, QTimer, Signal

#: Seconds of steps per event-loop turn: well within a frame, so the editor keeps
#: painting and answering while the work goes on.
STEP_BUDGET = 0.005
#: How often to look whether offloaded work is done (ms); the UI thread sleeps meanwhile.
POLL_MS = 5
#: Yielded by a step: the turn ends here (the window paints before the next step).
NEXT_TURN = object()
#: Seconds a thread runs before the interpreter lets another have a go, while work runs
#: in a thread (Python's default is 0.005).
SHARED_SWITCH_INTERVAL = 0.001

_sharing_lock = threading.Lock()
_sharing = 0  # threads inside sharing_the_interpreter
_usual_interval = sys.getswitchinterval()


@contextlib.contextmanager
def sharing_the_interpreter() -> Iterator[None]:
    """Around Python work in a thread of its own: a shorter switch interval meanwhile."""
    global _sharing, _usual_interval
    with _sharing_lock:
        if _sharing == 0:
            _usual_interval = sys.getswitchinterval()
            sys.setswitchinterval(SHARED_SWITCH_INTERVAL)
        _sharing += 1
    try:
        yield
    finally:
        with _sharing_lock:
            _sharing -= 1
            if _sharing == 0:
                sys.setswitchinterval(_usual_interval)


class Offloaded:
    """`function(*args)` running in a thread of its own.

    Only for work that reads data nobody changes meanwhile (the callers finish it before
    any edit) and is Python code, which gives the interpreter lock back every few
    milliseconds, so the UI thread keeps running. The thread is a daemon: a window
    closed meanwhile leaves it to end unseen, and quitting does not wait for it.
    """

    _running: set[threading.Thread] = set()  # every thread of offloaded work still alive

    @classmethod
    def busy(cls) -> bool:
        """True while some offloaded work is still running."""
        cls._running = {thread for thread in cls._running if thread.is_alive()}
        return bool(cls._running)

    def __init__(self, function: Callable, *args, name: str = "offloaded"):
        self._result = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(function, args), name=name, daemon=True)
        self._thread.start()
        Offloaded._running.add(self._thread)

    def _run(self, function: Callable, args: tuple) -> None:
        try:
            with sharing_the_interpreter():
                self._result = function(*args)
        except BaseException as error:  # raised again where the result is asked for
            self._error = error

    def done(self) -> bool:
        return not self._thread.is_alive()

    def result(self):
        """What the function returned, waiting for it if need be; raises what it raised."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._result


Steps = Generator[object, object, object]  # yields None, NEXT_TURN or an Offloaded


def run_all(steps: Steps):
    """Run a generator of steps that offloads nothing to its end at once; what it returns.
    (The same work, spread over turns by a StepRunner, or done now when it must be.)"""
    while True:
        try:
            yielded = next(steps)
        except StopIteration as end:
            return end.value
        if isinstance(yielded, Offloaded):
            raise TypeError("run_all cannot wait for offloaded work")


def run_for(steps: Steps, seconds: float) -> bool:
    """Run a generator of steps that offloads nothing for up to `seconds`: whether it came
    to its end (if not, what is left of it is for a StepRunner to go on with)."""
    deadline = time.perf_counter() + seconds
    while True:
        try:
            yielded = next(steps)
        except StopIteration:
            return True
        if isinstance(yielded, Offloaded):
            raise TypeError("run_for cannot wait for offloaded work")
        if time.perf_counter() >= deadline:
            return False


class StepRunner(QObject):
    """Runs one generator of steps at a time, STEP_BUDGET seconds per event-loop turn."""

    #: The last step ran (not after `cancel`).
    finished = Signal()

    def __init__(self, parent: QObject | None = None, budget: float = STEP_BUDGET):
        super().__init__(parent)
        self.budget = budget
        #: How many event-loop turns the last generator took (tests check the spreading).
        self.turns = 0
        self._steps: Steps | None = None
        self._waiting: Offloaded | None = None
        self._in_step = False
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._run_some)

    @property
    def running(self) -> bool:
        return self._steps is not None

    def start(self, steps: Steps) -> None:
        """Run `steps` from the next turn on, in place of any still running."""
        self.cancel()
        self._steps = steps
        self.turns = 0
        self._timer.start(0)

    def cancel(self) -> None:
        """Drop the steps left (offloaded work ends unseen)."""
        self._timer.stop()
        if self._steps is not None and not self._in_step:
            self._steps.close()
        self._steps = self._waiting = None

    def finish(self) -> None:
        """Run every step left now, waiting for offloaded work."""
        if self._in_step:  # asked by one of the steps themselves: they go on in order
            return
        self._timer.stop()
        while self._steps is not None:
            self._step()

    def _run_some(self) -> None:
        self.turns += 1
        deadline = time.perf_counter() + self.budget
        while self._steps is not None:
            if Offloaded.busy() and (self._waiting is None or not self._waiting.done()):
                self._timer.start(POLL_MS)  # nothing to do here until the thread is done
                return
            if self._step() is NEXT_TURN or time.perf_counter() >= deadline:
                break
        if self._steps is not None:
            self._timer.start(0)

    def _step(self) -> object:
        """Run the next step (sending it what the offloaded work returned); what it yielded."""
        waiting, self._waiting = self._waiting, None
        self._in_step = True
        try:
            yielded = self._steps.send(waiting.result() if waiting is not None else None)
        except StopIteration:
            self._steps = None
            self._timer.stop()
            self.finished.emit()
            return None
        except BaseException:
            self._steps = None  # a failed generator cannot go on
            self._timer.stop()
            raise
        finally:
            self._in_step = False
        if isinstance(yielded, Offloaded) and self._steps is not None:
            self._waiting = yielded
        return yielded
