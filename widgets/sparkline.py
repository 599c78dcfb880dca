"""A sparkline: a touchpoint's results, oldest to latest, as a small line against its target.

The target is a dashed line, its value written right of the plot (in a column of its own,
so no dot can sit under it); each result is a dot, green where it meets the target and red
where it misses it. The widget keeps a fixed height, so it never grows over its neighbours.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from models.chain import Measure, Result
from models.periods import period_key

HEIGHT = 64
MARGIN = 8.0  # room around the plot for the dots and the target's value
DOT_RADIUS = 3.0
#: (light, dark) palette: darker inks on a light background, lighter ones on a dark one.
ON_COLOURS = ("#2e7d32", "#81c784")
OFF_COLOURS = ("#c62828", "#ef9a9a")


class Sparkline(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("sparkline")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(HEIGHT)
        self.measure: Measure | None = None
        self.results: list[Result] = []

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(200, HEIGHT)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(80, HEIGHT)

    def set_results(self, measure: Measure | None, results: list[Result]) -> None:
        self.measure = measure
        self.results = sorted(results, key=lambda result: period_key(result.period))
        self.setAccessibleDescription(self._describe())
        self.setToolTip(self._describe())
        self.update()

    def _describe(self) -> str:
        if self.measure is None or not self.results:
            return self.tr("No results yet")
        on = sum(self.measure.met_by(result.value) for result in self.results)
        return self.tr("{on} of {count} results on target").format(on=on, count=len(self.results))

    # -- geometry, public so tests can check what is drawn --------------------------------

    def target_text(self) -> str:
        if self.measure is None:
            return ""
        return f"{self.measure.target:g} {self.measure.unit}".strip()

    def label_rect(self) -> QRectF:
        """Where the target's value is written: right of the plot, level with the target line."""
        if self.measure is None or not self.results:
            return QRectF()
        metrics = QFontMetricsF(self.font())
        width, height = metrics.horizontalAdvance(self.target_text()) + 2, metrics.height()
        top = min(max(0.0, self.y_of(self.measure.target) - height / 2), self.height() - height)
        return QRectF(self.width() - MARGIN / 2 - width, top, width, height)

    def plot_rect(self) -> QRectF:
        label = 0.0
        if self.measure is not None and self.results:
            label = QFontMetricsF(self.font()).horizontalAdvance(self.target_text()) + 2 + MARGIN / 2
        width = self.width() - 2 * MARGIN - label
        return QRectF(MARGIN, MARGIN, max(1.0, width), max(1.0, self.height() - 2 * MARGIN))

    def _value_range(self) -> tuple[float, float]:
        values = [result.value for result in self.results]
        if self.measure is not None:
            values.append(self.measure.target)
        low, high = min(values), max(values)
        if high == low:  # a flat line sits in the middle
            low, high = low - 1, high + 1
        return low, high

    def y_of(self, value: float) -> float:
        top, height = MARGIN, max(1.0, self.height() - 2 * MARGIN)  # as plot_rect's
        low, high = self._value_range()
        return top + height - (value - low) / (high - low) * height

    def points(self) -> list[tuple[QPointF, bool]]:
        """Each result's dot, oldest first, and whether it meets the target."""
        if self.measure is None or not self.results:
            return []
        rect = self.plot_rect()
        count = len(self.results)
        step = rect.width() / (count - 1) if count > 1 else 0.0
        found = []
        for index, result in enumerate(self.results):
            x = rect.left() + index * step if count > 1 else rect.center().x()
            found.append((QPointF(x, self.y_of(result.value)), self.measure.met_by(result.value)))
        return found

    # -- painting ------------------------------------------------------------------------

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        dark = palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        text = palette.color(QPalette.ColorRole.Text)
        if self.measure is None or not self.results:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, self._describe())
            return
        rect = self.plot_rect()
        target_y = self.y_of(self.measure.target)
        painter.setPen(QPen(text, 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(rect.left(), target_y), QPointF(rect.right(), target_y))
        painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(self.label_rect(), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, self.target_text())
        points = self.points()
        line = QColor(text)
        line.setAlphaF(0.7)
        painter.setPen(QPen(line, 1.5))
        path = QPainterPath(points[0][0])
        for point, _on in points[1:]:
            path.lineTo(point)
        painter.drawPath(path)
        painter.setPen(Qt.PenStyle.NoPen)
        for point, on in points:
            painter.setBrush(QColor((ON_COLOURS if on else OFF_COLOURS)[dark]))
            painter.drawEllipse(point, DOT_RADIUS, DOT_RADIUS)
