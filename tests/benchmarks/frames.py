"""Painting the canvas: the time for one 1920 x 1080 frame, at 100% and fitted to the window.

`viewport().repaint()` paints synchronously, into the window's backing store even on the
offscreen platform; `painted_items` checks that it really draws the chain. It counts the
`paint` calls of the canvas's items with a profile hook, since Qt does not call a `paint`
replaced on the class.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QRectF, QSize
from PySide6.QtWidgets import QApplication

import widgets.canvas
from tests.benchmarks.timing import run_times
from widgets.canvas.touchpoint_item import TouchpointItem

VIEWPORT = QSize(1920, 1080)
SAMPLES = 100  # touchpoints tried as the centre of the busiest 100% view
PAINTERS = {"TouchpointItem": "cards", "HandoffItem": "handoffs", "LaneItem": "lanes"}


def size_viewport(window) -> None:
    """Resize the window so that the canvas's viewport is exactly VIEWPORT."""
    viewport = window.view.viewport()
    for _ in range(3):
        if viewport.size() == VIEWPORT:
            return
        window.resize(window.size() + VIEWPORT - viewport.size())
        QApplication.processEvents()
    raise RuntimeError(f"the viewport is {viewport.width()} x {viewport.height()}, not 1920 x 1080")


def centre_on_busiest(window) -> None:
    """At 100%, centre the view where the most cards fall inside the viewport."""
    view, scene = window.view, window.scene
    view.set_zoom(1.0)
    touchpoints = window.document.chain.touchpoints
    step = max(1, len(touchpoints) // SAMPLES)

    def cards_around(item) -> int:
        centre = item.sceneBoundingRect().center()
        area = QRectF(0, 0, VIEWPORT.width(), VIEWPORT.height())
        area.moveCenter(centre)
        return sum(isinstance(other, TouchpointItem) for other in scene.items(area))

    items = [scene.touchpoint_items[t.id] for t in touchpoints[::step]]
    view.centerOn(max(items, key=cards_around))
    QApplication.processEvents()


def painted_items(window) -> dict[str, int]:
    """What one `repaint()` draws: the `paint` calls of the canvas's painters (cards,
    handoffs, lanes, or the miniature that stands in for them zoomed out), untimed."""
    canvas = str(Path(widgets.canvas.__file__).parent)
    counts = dict.fromkeys(PAINTERS.values(), 0)

    def count(frame, event, _arg) -> None:
        code = frame.f_code
        if event == "call" and code.co_name == "paint" and code.co_filename.startswith(canvas):
            painter = type(frame.f_locals["self"]).__name__
            name = PAINTERS.get(painter, painter)
            counts[name] = counts.get(name, 0) + 1

    repaint_watched(window, count)
    return counts


def repaint_watched(window, hook) -> None:
    """One repaint with `hook` as the profile function (see sys.setprofile): Qt remembers
    a Python override of a virtual method per object, so a `paint` replaced on the class
    would miss the items painted before, but a profile hook sees every call."""
    sys.setprofile(hook)
    try:
        window.view.viewport().repaint()
    finally:
        sys.setprofile(None)


def frame_times(window, repeat: int) -> tuple[list[float], dict[str, int]]:
    """Seconds per repaint of the viewport as it is now, and what one repaint draws."""
    QApplication.processEvents()
    painted = painted_items(window)
    if not any(painted.values()):
        raise RuntimeError("repaint() drew nothing of the chain: the frame times would mean nothing")
    return run_times(window.view.viewport().repaint, repeat, collect=False), painted
