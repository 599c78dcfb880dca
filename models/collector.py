"""Pausing Python's garbage collector while building large structures.

Loading, linting or drawing a large chain makes tens of thousands of small objects and
keeps them all; with the collector on, it walks the growing heap again and again
meanwhile and finds nothing to free.
"""

from __future__ import annotations

import contextlib
import gc


class collector_paused(contextlib.ContextDecorator):
    """A `with` block (or, as `@collector_paused()`, a function) during which the
    collector does not run; nesting is fine."""

    def __enter__(self):
        self.collecting = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc):
        if self.collecting:
            gc.enable()


def settle_heap() -> None:
    """Tell the collector that what exists now lives long (an open chain, its canvas
    and lists): later collections look only at newer objects, instead of walking
    millions of objects that are never garbage. `unsettle_heap` undoes it when such a
    chain is closed, so the collector can free cycles among its objects again."""
    gc.freeze()


def unsettle_heap() -> None:
    gc.unfreeze()
