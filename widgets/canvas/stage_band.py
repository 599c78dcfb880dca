"""The stages' header band above the lanes and the faint separators between their columns.

Each stage (models.stage_columns) is a column across all lanes. The band sits above the
first lane (scene y from -height to 0, so the lanes keep their places and everything that
measures from them, routing walls included, stays as it was), right of the header column;
each stage's name is centred in its column, wrapped to it, never elided: the band grows
to the tallest name. The separators run from the band down through every lane, behind the
cards and routes. Canvas and exports draw the same item.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem

from models import text
from models.stage_columns import StageColumn
from widgets.canvas.style import HEADER_WIDTH, canvas_font, mix

STAGE_NAME_PX = 13  # stage names, bold (as a card's label, one step up in weight)
NAME_PAD_X = 8.0  # a name keeps this far from its column's edges
NAME_PAD_Y = 7.0
LEAST_BAND_HEIGHT = 32.0
#: The item's bounding rect reaches below the lanes to a whole number of these: a lane
#: that grows by a line then seldom changes it. (Each change has Qt's spatial index take
#: the item out of every part of the canvas it covers, the whole canvas: 0.7 ms at 20,000.)
REACH_STEP = 4096.0


def stage_name_lines(name: str, column_width: float) -> tuple[str, ...]:
    """A stage name wrapped to its column (every word shown, long words broken)."""
    return text.wrap(name, max(1.0, column_width - 2 * NAME_PAD_X), STAGE_NAME_PX, bold=True)


def band_height(named_columns: list[tuple[str, float, float]]) -> float:
    """The band's height for (name, left, right) columns: room for the most wrapped name."""
    step = text.line_height(STAGE_NAME_PX, bold=True)
    most = max((len(stage_name_lines(name, right - left)) for name, left, right in named_columns), default=1)
    return max(LEAST_BAND_HEIGHT, max(1, most) * step + 2 * NAME_PAD_Y)


def band_fill(theme) -> QColor:
    """The band's colour: a quiet grey, so the lanes' colours stay what catches the eye."""
    return mix(theme.base, theme.text, 0.07)


def column_separator(theme) -> QColor:
    """The separators between columns: faint, a reading aid; the lanes and cards are the picture."""
    return mix(theme.base, theme.text, 0.16)


def name_baselines(top: float, height: float, lines: int) -> list[float]:
    """The baselines of a stage name's `lines`, centred in its column's part of the band
    (`top`, `height`); each line is centred across the column."""
    step = text.line_height(STAGE_NAME_PX, bold=True)
    first = top + (height - lines * step) / 2 + text.ascent(STAGE_NAME_PX, bold=True)
    return [first + number * step for number in range(lines)]


class StageBand(QGraphicsItem):
    """One item for the whole band and all separators (a chain has a handful of stages)."""

    def __init__(self):
        super().__init__()
        self.setZValue(-8)  # above the lanes (-10), below blueprint lines (-5), cards and routes
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.columns: list[StageColumn] = []
        self.names: dict[str, str] = {}
        self.descriptions: dict[str, str] = {}
        self.height = 0.0  # the band's
        self.lanes_bottom = 0.0
        self.reach = 0.0  # where the bounding rect ends below the lanes (see REACH_STEP)
        self.width = 0.0  # header column and lane area

    def set_geometry(self, columns: list[StageColumn], names: dict[str, str], descriptions: dict[str, str],
                     width: float, lanes_bottom: float) -> None:
        columns, names = list(columns), dict(names)
        height = band_height([(names[c.stage], c.left, c.right) for c in columns]) if columns else 0.0
        reach = math.ceil(lanes_bottom / REACH_STEP) * REACH_STEP
        if (columns, height, width, reach) != (self.columns, self.height, self.width, self.reach):
            self.prepareGeometryChange()
        self.columns, self.names, self.descriptions = columns, names, dict(descriptions)
        self.height, self.width, self.reach = height, width, reach
        self.lanes_bottom = lanes_bottom
        self.update()

    def band_rect(self) -> QRectF:
        """The band across the header column and the lanes, above them (empty without stages)."""
        if not self.columns:
            return QRectF()
        return QRectF(0, -self.height, self.width, self.height)

    def column_rect(self, column: StageColumn) -> QRectF:
        """A column's part of the band, in scene coordinates."""
        return QRectF(HEADER_WIDTH + column.left, -self.height, column.right - column.left, self.height)

    def name_lines(self, column: StageColumn) -> tuple[str, ...]:
        return stage_name_lines(self.names[column.stage], column.right - column.left)

    def boundingRect(self) -> QRectF:
        if not self.columns:
            return QRectF()
        return QRectF(0, -self.height, max(self.width, HEADER_WIDTH + self.columns[-1].right),
                      self.height + self.reach).adjusted(-1, -1, 1, 1)

    def shape(self) -> QPainterPath:
        path = QPainterPath()  # only the band answers tooltips: clicks on lanes go to the lanes
        path.addRect(self.band_rect())
        return path

    def tooltip(self) -> str:
        lines = []
        for column in self.columns:
            description = (self.descriptions.get(column.stage) or "").strip()
            lines.append(f"{self.names[column.stage]}: {description}" if description else self.names[column.stage])
        return QCoreApplication.translate("StageBand", "Stages, left to right:") + "\n" + "\n".join(lines)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if not self.columns:
            return
        theme = self.scene().theme
        band = self.band_rect()
        painter.fillRect(band, band_fill(theme))
        painter.setPen(QPen(theme.lane_separator, 1))
        painter.drawLine(QLineF(band.bottomLeft(), band.bottomRight()))
        painter.drawLine(QLineF(HEADER_WIDTH, band.top(), HEADER_WIDTH, band.bottom()))
        painter.setPen(QPen(column_separator(theme), 1))
        for column in self.columns[1:]:
            x = HEADER_WIDTH + column.left
            painter.drawLine(QLineF(x, band.top(), x, self.lanes_bottom))
        painter.setFont(canvas_font(STAGE_NAME_PX, bold=True))
        painter.setPen(theme.text)
        for column in self.columns:
            rect = self.column_rect(column)
            lines = self.name_lines(column)
            for line, baseline in zip(lines, name_baselines(rect.top(), rect.height(), len(lines))):
                width = text.text_width(line, STAGE_NAME_PX, bold=True)
                painter.drawText(QPointF(rect.center().x() - width / 2, baseline), line)
