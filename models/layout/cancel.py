"""Stopping a layout that the user no longer wants."""

from __future__ import annotations

from collections.abc import Callable


class LayoutCancelled(Exception):
    """The layout was stopped because `cancelled()` returned True; nothing was changed."""


def check_cancelled(cancelled: Callable[[], bool] | None) -> None:
    """Raise LayoutCancelled when the caller has asked to stop."""
    if cancelled is not None and cancelled():
        raise LayoutCancelled("the layout was cancelled")
