"""The window's docks, declared in one table, and their default arrangement.

A dock's frame (QDockWidget) is made once per window; its contents are made for each
open chain by the dock's factory, owned by that chain's session and deleted with it.
A new dock is one more row in DOCKS.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import QDockWidget, QWidget

from app.menus import review_menu
from widgets.actions_panel import ActionsPanel
from widgets.canvas.lane_item import LaneItem
from widgets.comments_panel import CommentsPanel
from widgets.findings_panel import FindingsPanel
from widgets.inspector import Inspector
from widgets.overview import Overview
from widgets.serves_panel import ServesPanel

Area = Qt.DockWidgetArea


@dataclass(frozen=True)
class Dock:
    id: str  # the QDockWidget's objectName, e.g. "dock.inspector"
    title: str  # marked with QT_TRANSLATE_NOOP("docks", ...)
    area: Qt.DockWidgetArea
    #: factory(window, session) -> the dock's contents for the chain of `session`
    factory: Callable[[object, object], QWidget]
    #: docks with the same tab group share one place, as tabs; the first is in front
    tab_group: str | None = None
    #: the default width (side docks) or height (top and bottom docks), in pixels
    size: int = 300
    #: the default height of a side dock stacked with others (width of a bottom one)
    length: int | None = None


def make_inspector(window, session) -> Inspector:
    inspector = Inspector(session.document)
    inspector.status_message.connect(window.show_status)
    inspector.signoff_requested.connect(lambda _id: window.run_action("review.sign_off"))
    return inspector


def make_serves_panel(window, session) -> ServesPanel:
    panel = ServesPanel(session.document)
    panel.handoff_activated.connect(window.select_element)
    return panel


def make_overview(_window, session) -> Overview:
    return Overview(session.view)


def make_findings_panel(window, session) -> FindingsPanel:
    panel = FindingsPanel(session.document)
    panel.finding_activated.connect(window.select_element)
    panel.rules_requested.connect(lambda: window.run_action("review.rules"))
    panel.action_requested.connect(lambda finding: review_menu.new_action_for_finding(window, finding))
    return panel


def make_actions_panel(window, session) -> ActionsPanel:
    def canvas_selection() -> list[str]:  # what a new action improves; a lane only when picked itself
        view = session.view
        lanes = [item.department_id for item in session.scene.selectedItems() if isinstance(item, LaneItem)]
        return view.selected_touchpoints() + view.selected_handoffs() + lanes

    panel = ActionsPanel(session.document, selection=canvas_selection)
    panel.elements_selected.connect(session.view.select)
    panel.status_message.connect(window.show_status)
    return panel


def make_comments_panel(window, session) -> CommentsPanel:
    panel = CommentsPanel(session.document, session.view, lambda: session.review_session)
    panel.element_activated.connect(window.select_element)
    panel.status_message.connect(window.show_status)
    session.review_session_changed.connect(panel.show_current_session)
    panel.action_requested.connect(lambda id: review_menu.new_action_for_comment(window, id))
    return panel


DOCKS: tuple[Dock, ...] = (
    Dock("dock.inspector", QT_TRANSLATE_NOOP("docks", "Inspector"), Area.RightDockWidgetArea,
         make_inspector, tab_group="details", size=360, length=560),
    Dock("dock.serves", QT_TRANSLATE_NOOP("docks", "Who Serves Whom"), Area.RightDockWidgetArea,
         make_serves_panel, tab_group="details", size=360, length=560),
    Dock("dock.actions", QT_TRANSLATE_NOOP("docks", "Actions"), Area.RightDockWidgetArea,
         make_actions_panel, tab_group="details", size=360, length=560),
    Dock("dock.comments", QT_TRANSLATE_NOOP("docks", "Comments"), Area.RightDockWidgetArea,
         make_comments_panel, tab_group="details", size=360, length=560),
    Dock("dock.overview", QT_TRANSLATE_NOOP("docks", "Overview"), Area.RightDockWidgetArea,
         make_overview, size=360, length=170),
    Dock("dock.findings", QT_TRANSLATE_NOOP("docks", "Findings"), Area.BottomDockWidgetArea,
         make_findings_panel, size=220),
)


def make_dock_frames(window) -> dict[str, QDockWidget]:
    """A QDockWidget per declared dock, with its toggle in View; arranged by `arrange`."""
    frames = {}
    for dock in DOCKS:
        frame = QDockWidget(QCoreApplication.translate("docks", dock.title), window)
        frame.setObjectName(dock.id)
        toggle = frame.toggleViewAction()
        toggle.setObjectName(f"view.{dock.id}")
        frames[dock.id] = frame
    arrange(window, frames)
    return frames


def arrange(window, frames: dict[str, QDockWidget]) -> None:
    """Put every dock in its area and tab group, shown, at its default size."""
    in_front: dict[str, QDockWidget] = {}
    for dock in DOCKS:
        frame = frames[dock.id]
        frame.setFloating(False)
        window.addDockWidget(dock.area, frame)
        frame.show()
        if dock.tab_group is None:
            continue
        if dock.tab_group in in_front:
            window.tabifyDockWidget(in_front[dock.tab_group], frame)
        else:
            in_front[dock.tab_group] = frame
    for frame in in_front.values():
        frame.raise_()
    size_docks(window, frames)


#: At most this share of the window's width goes to each side's docks by default, and
#: of its height to the bottom docks: the canvas keeps most of a small window too.
SIDE_SHARE, BOTTOM_SHARE = 0.25, 0.2


def size_docks(window, frames: dict[str, QDockWidget]) -> None:
    """Docks wide enough for their forms; the canvas keeps the rest."""
    sides = (Area.LeftDockWidgetArea, Area.RightDockWidgetArea)
    most_wide, most_high = window.width() * SIDE_SHARE, window.height() * BOTTOM_SHARE
    placed, groups = [], set()
    for dock in DOCKS:  # a tab group is sized through its first dock
        if dock.tab_group not in groups:
            placed.append(dock)
        if dock.tab_group is not None:
            groups.add(dock.tab_group)
    for orientation, across in ((Qt.Orientation.Horizontal, True), (Qt.Orientation.Vertical, False)):
        chosen, sizes = [], []
        for dock in placed:
            side = dock.area in sides
            size = dock.size if side == across else dock.length
            if size is None:
                continue
            if side == across:  # the dock's depth into the window
                size = min(size, most_wide if side else most_high)
            chosen.append(frames[dock.id])
            sizes.append(int(size))
        window.resizeDocks(chosen, sizes, orientation)
