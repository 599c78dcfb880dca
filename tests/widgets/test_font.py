"""The canvas draws with the shipped font, at the widths the model layer measures."""

from PySide6.QtGui import QFontInfo, QFontMetricsF

from models import text
from widgets.canvas.style import canvas_font

SAMPLES = ["Submits permit application online", "Receives certificate of occupancy", "Ärztin prüft Öl", "WAVE fi"]


def test_qt_uses_the_shipped_font(qapp):
    assert QFontInfo(canvas_font(13)).family() == text.FAMILY


def test_qt_and_the_model_measure_the_same_widths(qapp):
    for size, bold in ((13, False), (11, False), (11, True), (15, True)):
        metrics = QFontMetricsF(canvas_font(size, bold))
        for sample in SAMPLES:
            drawn, measured = metrics.horizontalAdvance(sample), text.text_width(sample, size, bold)
            # Qt rounds advances to 1/64 px; the model is never narrower than what is drawn.
            assert drawn - 0.05 <= measured <= drawn * 1.005 + 0.5, (sample, size, bold)
        assert abs(metrics.lineSpacing() - text.line_height(size, bold)) < 0.5
