"""Work written as a generator of steps, for a caller that spreads it over turns of an
event loop (app.background_work), and done at once by everyone else."""

from __future__ import annotations

from collections.abc import Generator
from typing import TypeVar

Result = TypeVar("Result")


def at_once(steps: Generator[None, None, Result]) -> Result:
    """Run every step now; what the generator returns."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value
