"""The action model: an action declared once, and the window's QActions, menus and toolbar
built from the declarations in app/menus/ (one module per menu).

Texts and tips stay plain English in the declarations; they are translated here, where
each QAction is made, with QCoreApplication.translate("actions", ...), and the menu
titles with QCoreApplication.translate("menus", ...).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QPalette
from PySide6.QtWidgets import QMenu, QToolBar

from resources.icons import icon

Key = QKeySequence.StandardKey


@dataclass(frozen=True)
class EditorState:
    """What enabled/checked functions look at, worked out once per update."""

    window: object  # the MainWindow
    touchpoints: list[str]  # selected, in file order
    handoffs: list[str]  # selected
    lane: str | None  # the selected lane, or the lane of the first selected touchpoint


@dataclass(frozen=True)
class Action:
    id: str  # also the QAction's objectName, e.g. "file.save"
    text: str
    #: run(window), or run(window, checked) for a checkable action
    run: Callable
    shortcuts: tuple = ()  # StandardKey values or portable strings
    icon: str | None = None
    tip: str = ""
    toolbar: bool = False
    separator_before: bool = False
    #: enabled(state) -> bool; always enabled without one
    enabled: Callable[[EditorState], bool] | None = None
    #: checked(window) -> bool; the action is checkable when it has one
    checked: Callable[[object], bool] | None = None
    #: actions of one group are exclusive (one of them is checked)
    group: str | None = None


@dataclass(frozen=True)
class Menu:
    id: str  # "File"; the QMenu's objectName is "menu.file"
    title: str  # marked with QT_TRANSLATE_NOOP("menus", ...)
    actions: tuple[Action, ...] = field(default=())


class WindowActions:
    """The QActions of one window, made from `menus`, and the menus and toolbar holding them."""

    def __init__(self, window, menus: tuple[Menu, ...]):
        self.window = window
        self.declared = {action.id: action for menu in menus for action in menu.actions}
        self.by_id: dict[str, QAction] = {}
        self.menus: dict[str, QMenu] = {}
        groups: dict[str, QActionGroup] = {}
        for declared in self.declared.values():
            action = self._make(declared)
            if declared.group is not None:
                groups.setdefault(declared.group, QActionGroup(window)).addAction(action)
        self.toolbar = QToolBar(window.tr("Main toolbar"), window)
        self.toolbar.setObjectName("toolbar.main")
        window.addToolBar(self.toolbar)
        self.toolbar_undo_anchor = None  # Undo and Redo go before it (see edit_menu)
        self._fill(menus)

    def _make(self, declared: Action) -> QAction:
        window = self.window
        text = QCoreApplication.translate("actions", declared.text)
        action = QAction(text, window)
        action.setObjectName(declared.id)
        if declared.icon:
            action.setIcon(self.icon(declared.icon))
        if declared.shortcuts:
            action.setShortcuts([QKeySequence(key) for key in declared.shortcuts])
        tip = QCoreApplication.translate("actions", declared.tip) if declared.tip else text.replace("&", "").rstrip("…")
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.setCheckable(declared.checked is not None)
        if declared.checked is not None:  # the function takes the new state
            action.triggered.connect(lambda checked, run=declared.run: self._run(run, window, checked))
        else:
            action.triggered.connect(lambda _checked=False, run=declared.run: self._run(run, window))
        self.by_id[declared.id] = action
        window.addAction(action)
        return action

    def _run(self, run: Callable, *arguments) -> None:
        run(*arguments)
        self.update()  # the action may have changed what is checked or possible

    def _fill(self, menus: tuple[Menu, ...]) -> None:
        window = self.window
        last_group = None
        for declared_menu in menus:
            menu = window.menuBar().addMenu(QCoreApplication.translate("menus", declared_menu.title))
            menu.setObjectName(f"menu.{declared_menu.id.lower()}")
            self.menus[declared_menu.id] = menu
            for declared in declared_menu.actions:
                action = self.by_id[declared.id]
                if declared.separator_before and not menu.isEmpty():
                    menu.addSeparator()
                menu.addAction(action)
                if not declared.toolbar:
                    continue
                if last_group is not None and last_group != declared_menu.id:
                    self.toolbar.addSeparator()
                    if last_group == "File":
                        self.toolbar_undo_anchor = self.toolbar.addSeparator()
                self.toolbar.addAction(action)
                if declared_menu.id == "Insert":  # process leads read "Step" faster than a shape
                    self.toolbar.widgetForAction(action).setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
                last_group = declared_menu.id

    def icon(self, name: str):
        """Icons in the palette's ink, so they read on dark toolbars too."""
        text = self.window.palette().color(QPalette.ColorRole.WindowText)
        return icon(name, text.name() if text.lightnessF() > 0.5 else None)

    def update(self) -> None:
        """Enable and check each action as its declaration says for the editor as it is now."""
        window = self.window
        if getattr(window, "session", None) is None:
            return
        view = window.view
        touchpoints = view.selected_touchpoints()
        state = EditorState(window, touchpoints, view.selected_handoffs(), view.selected_lane())
        for id, declared in self.declared.items():
            action = self.by_id[id]
            if declared.enabled is not None:
                action.setEnabled(bool(declared.enabled(state)))
            if declared.checked is not None:
                checked = bool(declared.checked(window))
                if action.isChecked() != checked:
                    action.setChecked(checked)
