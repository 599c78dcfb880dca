"""View: zoom, grid, owner names, the timing overlay, the scorecard, the docks (added by the window)
and Reset Layout."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from app.actions import Action, Key, Menu
from app.files import settings
from widgets.walkthrough import Walkthrough


def toggle_snap(window, checked: bool) -> None:
    window.choices.snap_to_grid = checked
    window.session.apply(window.choices)
    settings().setValue("view/snap", checked)


def toggle_owner_names(window, checked: bool) -> None:
    """Owner names on cards: owners by name and job title, not only initials."""
    window.choices.owner_names = checked
    window.session.apply(window.choices)
    settings().setValue("view/owner_names", checked)


def toggle_timing_overlay(window, checked: bool) -> None:
    """View > Timing Overlay: the critical path marked on the canvas, its time above it."""
    window.scene.timing.set_on(checked)
    if checked:
        window.show_status(window.scene.timing.message)


def walkthrough(window) -> Walkthrough:
    """View > Walkthrough (F5): the presenter view over the window, from the chain's start."""
    presenter = window.findChild(Walkthrough)
    if presenter is None or not presenter.isVisible():
        presenter = Walkthrough(window.document, window.scene, window, editor=window.view,
                                review_session=getattr(window.session, "review_session", None))
        presenter.left.connect(window.view.setFocus)
        presenter.show()
    presenter.raise_()
    presenter.setFocus()
    return presenter


def toggle_scorecard(window, checked: bool) -> None:
    """Tint measured cards on, off or without target, and show each lane's share on target."""
    window.choices.scorecard = checked
    window.session.apply(window.choices)
    if checked:
        window.show_status(window.tr("Scorecard: green meets its target, red misses it, grey has no result yet."))


MENU = Menu("View", QT_TRANSLATE_NOOP("menus", "&View"), (
    Action("view.zoom_in", "Zoom &In", lambda window: window.view.zoom_in(), (Key.ZoomIn, "Ctrl+="), "zoom-in"),
    Action("view.zoom_out", "Zoom &Out", lambda window: window.view.zoom_out(), (Key.ZoomOut,), "zoom-out"),
    Action("view.zoom_fit", "&Fit to Window", lambda window: window.view.zoom_to_fit(), ("Ctrl+Shift+F",),
           "zoom-fit", toolbar=True),
    Action("view.zoom_100", "&Actual Size (100%)", lambda window: window.view.set_zoom(1.0), ("Ctrl+0",),
           "zoom-reset"),
    Action("view.walkthrough", "&Walkthrough", walkthrough, ("F5",), separator_before=True,
           tip="Step along the chain from its start on a meeting-room screen, and note the room's critiques",
           enabled=lambda state: bool(state.window.document.chain.touchpoints)),
    Action("view.snap", "&Snap to Grid", toggle_snap, (), "grid", separator_before=True,
           checked=lambda window: window.choices.snap_to_grid),
    Action("view.owner_names", "Owner &Names on Cards", toggle_owner_names,
           tip="Print each owner's name and job title on the cards, not only their initials",
           checked=lambda window: window.choices.owner_names),
    Action("view.timing", "&Timing Overlay", toggle_timing_overlay, ("Ctrl+T",),
           tip="Mark the critical path, the longest from a start to an end by working and waiting time",
           checked=lambda window: window.scene.timing.on),
    Action("view.scorecard", "S&corecard", toggle_scorecard, ("Ctrl+Shift+K",),
           tip="Tint each measured touchpoint by whether its latest result meets the target",
           checked=lambda window: window.choices.scorecard),
    Action("view.reset_layout", "&Reset Layout", lambda window: window.reset_layout(), separator_before=True,
           tip="Put every panel back where it was at first start; the canvas gets most of the window"),
))
