"""View > Timing Overlay (issue 19): the critical path's cards and handoffs are marked on
the canvas, and only they; a strip above the canvas says how long it takes; it follows
edits of the times."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from widgets.canvas.timing_overlay import CRITICAL_COLOUR, minutes_text

#: Times on the retail sample: the showroom order whose item is out of stock, bought from
#: the supplier, delivered and paid is the longest. By hand: working 45 + 10 + 20 + 90 =
#: 165 min, waiting 60 + 120 + 30 = 210 min, 375 min in all.
WORKING = {"tp-advise-and-write-order": 45, "tp-offer-new-date": 10, "tp-order-from-supplier": 20,
           "tp-deliver-and-install": 90}
WAITING = {"h-not-in-stock": 60, "h-supplier-goods-to-delivery": 120, "h-delivery-note-to-invoicing": 30}
CRITICAL = ["tp-visit-showroom", "tp-welcome-visitor", "tp-advise-and-write-order", "tp-sign-order",
            "tp-item-in-stock", "tp-offer-new-date", "tp-accept-new-date", "tp-order-from-supplier",
            "tp-book-delivery-slot", "tp-text-arrival-window", "tp-deliver-and-install", "tp-send-invoice",
            "tp-pay-balance", "tp-reconcile-payment", "tp-send-receipt", "tp-order-closed"]
CRITICAL_HANDOFFS = ["h-visitor-to-reception", "h-reception-to-adviser", "h-adviser-to-customer",
                     "h-signed-order-to-stock", "h-not-in-stock", "h-new-date-to-customer", "h-accepts-new-date",
                     "h-supplier-goods-to-delivery", "h-slot-to-notifications", "h-route-sheet-to-crew",
                     "h-delivery-note-to-invoicing", "h-invoice-to-customer", "h-payment-to-finance",
                     "h-matched-payment-to-invoicing", "h-receipt-to-customer"]


def set_times(document) -> None:
    with document.one_step("Times"):
        for id, minutes in WORKING.items():
            document.set_fields(id, "Time", duration_minutes=minutes)
        for id, minutes in WAITING.items():
            document.set_fields(id, "Wait", wait_minutes=minutes)


def orange_pixels(scene, rect: QRectF) -> int:
    """How many pixels of `rect` (scene coordinates, drawn at 100%) are near the overlay's orange."""
    image = QImage(int(rect.width()), int(rect.height()), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    scene.render(painter, QRectF(image.rect()), rect)
    painter.end()
    orange = QColor(CRITICAL_COLOUR)
    count = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            pixel = image.pixelColor(x, y)
            if abs(pixel.red() - orange.red()) + abs(pixel.green() - orange.green()) + abs(pixel.blue() - orange.blue()) < 60:
                count += 1
    return count


def test_the_overlay_marks_the_critical_path_and_nothing_else(qtbot, window):
    document, scene, view = window.document, window.scene, window.view
    set_times(document)
    timing = scene.timing
    assert not timing.on
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert timing.on and window.actions_by_id["view.timing"].isChecked()
    marked = [t.id for t in document.chain.touchpoints if timing.marks(t.id)]
    assert sorted(marked) == sorted(CRITICAL)
    assert sorted(h.id for h in document.chain.handoffs if timing.marks(h.id)) == sorted(CRITICAL_HANDOFFS)
    assert timing.message == ("Critical path: 6 h 15 min (2 h 45 min working, 3 h 30 min waiting); "
                              "24 of its steps and handoffs have no time yet")

    banner = view._timing_banner
    assert banner.isVisible() and banner.text() == timing.message
    assert banner.geometry().bottom() < view.viewport().geometry().top()  # above the canvas, not on it

    on_path = scene.touchpoint_items["tp-offer-new-date"]
    off_path = scene.touchpoint_items["tp-pick-and-pack"]
    assert orange_pixels(scene, on_path.card_rect().adjusted(-3, -3, 3, 3)) > 20
    assert orange_pixels(scene, off_path.card_rect().adjusted(-3, -3, 3, 3)) == 0

    path = timing.path
    document.set_fields("tp-offer-new-date", "Label", label="Offers another date")
    qtbot.wait(10)
    assert timing.path is path  # a label does not change the timing: not worked out again

    # Stocked items now wait longer than anything: the path goes by the picking instead.
    document.set_fields("h-in-stock", "Wait", wait_minutes=1000)
    qtbot.waitUntil(lambda: timing.marks("tp-pick-and-pack"))
    assert not timing.marks("tp-offer-new-date") and not timing.marks("h-not-in-stock")
    assert timing.marks("h-in-stock") and timing.marks("h-packed-goods-to-delivery")
    assert banner.text().startswith(f"Critical path: {minutes_text(45 + 90 + 1000 + 30)} ")
    document.undo_stack.undo()
    qtbot.waitUntil(lambda: timing.marks("tp-offer-new-date"))

    qtbot.keyClick(view, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert not timing.on and not banner.isVisible()
    assert not any(timing.marks(t.id) for t in document.chain.touchpoints)
    assert orange_pixels(scene, on_path.card_rect().adjusted(-3, -3, 3, 3)) == 0


def test_without_times_nothing_is_marked_and_the_strip_says_why(qtbot, window):
    window.actions_by_id["view.timing"].trigger()
    timing = window.scene.timing
    assert timing.on and not timing.touchpoints and not timing.handoffs
    assert timing.message.startswith("Timing: no touchpoint or handoff has a time yet")


def test_minutes_read_as_days_hours_and_minutes():
    assert [minutes_text(m) for m in (0, 30, 12.5, 60, 95, 1440, 2975)] == [
        "0 min", "30 min", "12.5 min", "1 h 0 min", "1 h 35 min", "1 d 0 h 0 min", "2 d 1 h 35 min"]


def orange_on_screen(view) -> int:
    """Orange-tinted pixels on the canvas (card fills mixed with the overlay's orange)."""
    image = view.viewport().grab().toImage()
    return sum(
        1
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
        if (pixel := image.pixelColor(x, y)).red() > 200 and 120 < pixel.green() < 200 and pixel.blue() < 160
    )


def test_zoomed_out_on_a_large_chain_the_critical_path_is_still_tinted(qtbot, window):
    set_times(window.document)
    view = window.view
    view.set_zoom(0.3)
    window.scene.set_miniature_mode(True)  # as for a large chain: the items do not paint themselves
    before = orange_on_screen(view)
    window.actions_by_id["view.timing"].trigger()
    qtbot.waitUntil(lambda: orange_on_screen(view) > before + 10)
