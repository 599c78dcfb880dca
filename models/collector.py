"""Pausing Python's garbage collector while building large structures.

Loading, linting or drawing a large chain makes tens of thousands of small objects and
keeps them all; with the collector on, it walks the growing heap again and again
meanwhile and finds nothing to free.
"""

from __future__ import annotations

import contextlib
import gc
import threading

_lock = threading.Lock()
_pauses = 0  # blocks inside collector_paused, in every thread
_was_enabled = False  # whether the collector ran before the first of them


class collector_paused(contextlib.ContextDecorator):
    """A `with` block (or, as `@collector_paused()`, a function) during which the
    collector does not run; nesting is fine, in one thread or several: the collector
    runs again when the last block ends (not when the first one that began ends, which
    let it walk a thread's half-built structures while that thread held the lock)."""

    def __enter__(self):
        global _pauses, _was_enabled
        with _lock:
            if _pauses == 0:
                _was_enabled = gc.isenabled()
                gc.disable()
            _pauses += 1

    def __exit__(self, *exc):
        global _pauses
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()


def settle_heap() -> None:
    """Tell the collector that what exists now lives long (an open chain, its canvas
    and lists): later collections look only at newer objects, instead of walking
    millions of objects that are never garbage. `unsettle_heap` undoes it when such a
    chain is closed, so the collector can free cycles among its objects again."""
    gc.freeze()


def unsettle_heap() -> None:
    gc.unfreeze()
