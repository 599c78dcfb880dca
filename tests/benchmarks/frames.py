"""Painting the canvas: the time for one 1920 x 1080 frame, at 100% and fitted to the window,
and a reference for each: Qt painting as many plain rectangles and lines (`plain_frame_times`).

`viewport().repaint()` paints synchronously, into the window's backing store even on the
offscreen platform; `painted_items` checks that it really draws the chain. It counts the
`paint` calls of the canvas's items with a profile hook, since Qt does not call a `paint`
replaced on the class.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLineF, QRectF, QSize
from PySide6.QtGui import QColor, QImage, QPainter, QPen
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


SEGMENTS_PER_HANDOFF = 3  # a routed handoff is about three straight runs


def plain_frame_times(cards: int, handoffs: int, lanes: int, repeat: int, card_size=(160.0, 64.0)) -> list[float]:
    """Seconds per frame of Qt painting, antialiased into a 1920 x 1080 image as the
    viewport's backing store is, `cards` filled and outlined rectangles of `card_size`,
    SEGMENTS_PER_HANDOFF lines for each of `handoffs` and `lanes` filled bands: the same
    number of shapes as a frame of the chain, without its text, icons and arrowheads.
    Shapes are spread over the image in a grid (a fitted view paints them small)."""
    image = QImage(VIEWPORT, QImage.Format.Format_ARGB32_Premultiplied)
    width, height = card_size
    columns = max(1, int(VIEWPORT.width() // (width * 1.5)))
    step_x = VIEWPORT.width() / columns
    rows = max(1, -(-cards // columns))
    step_y = VIEWPORT.height() / rows
    boxes = [QRectF((i % columns) * step_x, (i // columns) * step_y, min(width, step_x * 0.7), min(height, step_y * 0.7))
             for i in range(cards)]
    segments = []
    for i in range(handoffs):
        box = boxes[i % len(boxes)] if boxes else QRectF(0, 0, 1, 1)
        right, middle = box.right(), box.center().y()
        segments += [QLineF(right, middle, right + step_x * 0.15, middle),
                     QLineF(right + step_x * 0.15, middle, right + step_x * 0.15, middle + step_y * 0.5),
                     QLineF(right + step_x * 0.15, middle + step_y * 0.5, right + step_x * 0.3, middle + step_y * 0.5)]
    bands = [QRectF(0, i * VIEWPORT.height() / max(1, lanes), VIEWPORT.width(), VIEWPORT.height() / max(1, lanes))
             for i in range(lanes)]
    fill, border, line, band = QColor("#e3f2fd"), QPen(QColor("#546e7a"), 1), QPen(QColor("#37474f"), 1.5), QColor("#fafafa")

    def paint() -> None:
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(image.rect(), QColor("#ffffff"))
        for rect in bands:
            painter.fillRect(rect, band)
        painter.setPen(border)
        painter.setBrush(fill)
        for rect in boxes:
            painter.drawRect(rect)
        painter.setPen(line)
        for segment in segments:
            painter.drawLine(segment)
        painter.end()

    return run_times(paint, repeat, collect=False)
