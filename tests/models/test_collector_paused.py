"""The collector stays paused until the last pause ends, whichever thread began it: an
auto-layout's worker, a lint run in its thread and the UI thread's own pauses overlap."""

from __future__ import annotations

import gc
import threading

from models.collector import collector_paused


def test_a_pause_ending_in_one_thread_leaves_anothers_in_force():
    assert gc.isenabled()
    entered, leave = threading.Event(), threading.Event()

    def worker() -> None:
        with collector_paused():
            entered.set()
            leave.wait(5)

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        assert entered.wait(5)
        with collector_paused():  # begun while the worker's pause holds
            leave.set()
            thread.join(5)
            assert not gc.isenabled(), "the worker's pause ended, this one has not"
        assert gc.isenabled()
    finally:
        leave.set()
        thread.join(5)
        gc.enable()


def test_nested_pauses_and_a_decorated_function():
    @collector_paused()
    def paused() -> bool:
        return gc.isenabled()

    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
        assert paused() is False
        assert not gc.isenabled()
    assert gc.isenabled()
    assert paused() is False
    assert gc.isenabled()
