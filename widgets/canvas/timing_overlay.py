"""View > Timing Overlay: the critical path (models.timing) marked on the canvas.

While it is on, the cards on the critical path get a tint and an outline in CRITICAL_COLOUR
and its handoffs are drawn thicker in that colour (TouchpointItem and HandoffItem ask
`scene.timing.marks`); a strip above the canvas says how long the path takes, e.g.
"Critical path: 4 h 44 min (1 h 14 min working, 3 h 30 min waiting)". The strip sits in a
viewport margin of the view, like review mode's key, so it never covers a card or a label.
The path is worked out again after every edit while the overlay is on (coalesced, so a
batch of edits costs one pass). Exports leave the overlay out: it is a way of looking at
the chain, not part of its picture.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QWidget

from models.chain import Chain
from models.timing import PathTiming, chain_timing
from widgets.canvas.style import label_font

#: The critical path's colour: an orange apart from the blue of the selection.
CRITICAL_COLOUR = "#e8590c"
PADDING = 8.0
SWATCH = 12.0


def minutes_text(minutes: float) -> str:
    """95 -> "1 h 35 min", 30 -> "30 min", 12.5 -> "12.5 min", 2975 -> "2 d 1 h 35 min" (translated)."""
    days, rest = divmod(minutes, 1440)
    hours, rest = divmod(rest, 60)
    rest_text = f"{rest:.1f}".removesuffix(".0")
    if days:
        return QCoreApplication.translate("TimingOverlay", "{days} d {hours} h {minutes} min").format(
            days=f"{days:.0f}", hours=f"{hours:.0f}", minutes=rest_text)
    if not hours:
        return QCoreApplication.translate("TimingOverlay", "{minutes} min").format(minutes=rest_text)
    return QCoreApplication.translate("TimingOverlay", "{hours} h {minutes} min").format(hours=f"{hours:.0f}", minutes=rest_text)


def critical_handoffs(chain: Chain, path: PathTiming) -> list[str]:
    """The handoffs the critical path goes along: between each two touchpoints on it, the
    handoff with the longest wait (the one its total counts, when there are two)."""
    ids = []
    for source, target in zip(path.touchpoints, path.touchpoints[1:]):
        between = [h for h in chain.handoffs if h.source == source and h.target == target]
        if between:
            ids.append(max(between, key=lambda h: h.wait_minutes or 0).id)
    return ids


def timing_inputs(chain: Chain) -> tuple:
    """What the timing of `chain` depends on: its touchpoints' kinds and working times and
    its handoffs' ends and waiting times (a large chain has 10,000 paths to walk again)."""
    return (tuple((t.id, t.kind, t.duration_minutes) for t in chain.touchpoints),
            tuple((h.id, h.source, h.target, h.wait_minutes) for h in chain.handoffs))


def timing_message(chain: Chain, path: PathTiming | None) -> str:
    """The strip's sentence: the critical path's total, working and waiting time."""
    tr = QCoreApplication.translate
    if path is None:
        return tr("TimingOverlay", "Timing: no path runs from a start to an end.")
    if path.total == 0 and path.missing:
        return tr("TimingOverlay", "Timing: no touchpoint or handoff has a time yet; set working and waiting "
                                   "minutes in the inspector's Blueprint fields.")
    message = tr("TimingOverlay", "Critical path: {total} ({working} working, {waiting} waiting)").format(
        total=minutes_text(path.total), working=minutes_text(path.working), waiting=minutes_text(path.waiting))
    if path.missing:
        message += tr("TimingOverlay", "; {count} of its steps and handoffs have no time yet").format(count=path.missing)
    return message


class TimingOverlay(QObject):
    """Whether the overlay is on, and which cards and handoffs it marks."""

    #: The overlay was turned on or off, or the critical path changed.
    changed = Signal()

    def __init__(self, scene):
        super().__init__(scene)
        self.scene = scene
        self.on = False
        self.path: PathTiming | None = None
        self.touchpoints: frozenset[str] = frozenset()
        self.handoffs: frozenset[str] = frozenset()
        self.message = ""
        self._inputs: tuple | None = None  # what the path was worked out from
        self._again = QTimer(self)
        self._again.setSingleShot(True)
        self._again.timeout.connect(self.recompute)
        scene.document.changed.connect(self._document_changed)

    def marks(self, id: str) -> bool:
        """True when the overlay is on and `id` (a touchpoint or handoff) is on the path."""
        return self.on and (id in self.touchpoints or id in self.handoffs)

    def set_on(self, on: bool) -> None:
        if on == self.on:
            return
        self.on = on
        if on:
            self.recompute()
        else:
            self._mark(frozenset(), frozenset())
            self.path, self.message, self._inputs = None, "", None
            self.changed.emit()

    def _document_changed(self) -> None:
        if self.on:
            self._again.start(0)

    def recompute(self) -> None:
        if not self.on:
            return
        chain = self.scene.document.chain
        inputs = timing_inputs(chain)
        if inputs == self._inputs:
            return  # a label or a position changed: the path is the same (and costly to find)
        self._inputs = inputs
        self.path = chain_timing(chain).critical_path
        self.message = timing_message(chain, self.path)
        if self.path is None or (self.path.total == 0 and self.path.missing):
            self._mark(frozenset(), frozenset())  # no times: no path is critical
        else:
            self._mark(frozenset(self.path.touchpoints), frozenset(critical_handoffs(chain, self.path)))
        self.changed.emit()

    def _mark(self, touchpoints: frozenset[str], handoffs: frozenset[str]) -> None:
        """Take the new path; repaint only the items that joined or left it."""
        scene = self.scene
        for id in self.touchpoints ^ touchpoints:
            item = scene.touchpoint_items.get(id)
            if item is not None:
                item.update()
        for id in self.handoffs ^ handoffs:
            item = scene.handoff_items.get(id)
            if item is not None:
                item.update()
        if touchpoints != self.touchpoints:
            scene.miniature.invalidate()  # zoomed out, the path's cards are tinted too
        self.touchpoints, self.handoffs = touchpoints, handoffs


class TimingBanner(QWidget):
    """The strip above the canvas with the critical path's time."""

    def __init__(self, view):
        super().__init__(view)
        self.view = view
        self.setObjectName("timingBanner")
        self.setAccessibleName(self.tr("Critical path"))
        self.font_ = label_font(9.5, bold=True)
        self.hide()

    def text(self) -> str:
        return self.view.chain_scene.timing.message

    def needed_height(self, width: float) -> int:
        metrics = QFontMetricsF(self.font_)
        room = max(40.0, width - 3 * PADDING - SWATCH)
        text = metrics.boundingRect(QRectF(0, 0, room, 10_000), Qt.TextFlag.TextWordWrap, self.text())
        return int(max(text.height(), SWATCH) + 2 * PADDING + 1)

    def paintEvent(self, event):
        theme = self.view.chain_scene.theme
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.fillRect(self.rect(), theme.base)
        painter.setPen(QPen(theme.lane_separator, 1))
        painter.drawLine(0, self.height() - 1, self.width(), self.height() - 1)
        swatch = QRectF(PADDING, (self.height() - SWATCH) / 2, SWATCH, SWATCH)
        painter.fillRect(swatch, QColor(CRITICAL_COLOUR))
        painter.setFont(self.font_)
        painter.setPen(theme.text)
        text = QRectF(swatch.right() + PADDING, PADDING, self.width() - 3 * PADDING - SWATCH, self.height() - 2 * PADDING)
        painter.drawText(text, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap,
                         self.text())
