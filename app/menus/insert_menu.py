"""Insert: choose the kind of touchpoint, add one, add the next one, connect, add a department.

Choosing a kind (the toolbar's Step, Decision, Start, End) only chooses it: a double-click
on a lane, or Insert > Add Touchpoint, places one.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from app.actions import Action, Menu
from models.geometry import least_card_size
from widgets.canvas.style import HEADER_WIDTH
from widgets.department_dialog import DepartmentDialog

KINDS = ("step", "decision", "start", "end")
NEXT_GAP = 40.0  # between a card and the one added right of it


def choose_kind(window, kind: str) -> None:
    window.choices.insert_kind = kind
    window.session.apply(window.choices)
    names = {
        "step": window.tr("step"), "decision": window.tr("decision"), "start": window.tr("start"), "end": window.tr("end"),
    }
    window.show_status(
        window.tr("Double-click a lane to add a {kind} there, or press Insert to add one now.").format(kind=names[kind])
    )


def add_touchpoint(window, kind: str) -> str | None:
    """Add a touchpoint right of the selected one, or in view, and edit its label."""
    document, view = window.document, window.view
    chain = document.chain
    if not chain.departments:
        window.show_status(window.tr("Add a department first: touchpoints live in lanes."))
        return None
    selected = view.selected_touchpoints()
    if selected:
        anchor = document.touchpoint(selected[-1])
        department = anchor.department
        x = anchor.position.x + window.scene.touchpoint_items[anchor.id].size()[0] + NEXT_GAP
    else:
        department = view.selected_lane() or next(
            (d.id for d in chain.departments if d.role != "customer"), chain.departments[0].id
        )
        centre = view.mapToScene(view.viewport().rect().center())
        x = centre.x() - HEADER_WIDTH - least_card_size(kind)[0] / 2
    position = view.free_spot(department, kind, x)
    id = document.add_touchpoint(department, kind, position)
    view.select([id])
    view.edit_label(id)
    window.show_status(window.tr("Added a {kind}; type its label and press Enter.").format(kind=kind))
    return id


def add_next_touchpoint(window) -> None:
    """Ctrl+Enter: a step right of the selected touchpoint, connected to it, in one step."""
    document, view = window.document, window.view
    selected = view.selected_touchpoints()
    if len(selected) != 1:
        window.show_status(window.tr("Select one touchpoint to add the next one after it."))
        return
    source = document.touchpoint(selected[0])
    x = source.position.x + window.scene.touchpoint_items[source.id].size()[0] + NEXT_GAP
    position = view.free_spot(source.department, "step", x)
    with document.one_step(window.tr("Add next touchpoint")):
        id = document.add_touchpoint(source.department, "step", position)
        document.connect(source.id, id)
    view.select([id])
    view.edit_label(id)
    window.show_status(window.tr("Added the next step; type its label and press Enter."))


def toggle_connect_mode(window, checked: bool) -> None:
    window.choices.connect_mode = checked
    window.session.apply(window.choices)
    if checked:
        window.show_status(window.tr("Connect mode: drag from one touchpoint to another to add a handoff."))


def add_department(window) -> None:
    dialog = DepartmentDialog(window)
    if dialog.exec() != DepartmentDialog.DialogCode.Accepted:
        return
    lane = window.view.selected_lane()
    index = window.document.department_index(lane) + 1 if lane else None
    id = window.document.add_department(dialog.name(), dialog.role(), index)
    window.view.select([id])
    window.show_status(window.tr("Added the department {name}.").format(name=dialog.name()))


def kind_action(kind: str, text: str, shortcut: str, tip: str) -> Action:
    return Action(
        f"insert.{kind}", text, lambda window, _checked: choose_kind(window, kind), (shortcut,),
        f"touchpoint-{kind}", tip, toolbar=True, group="insert-kind",
        checked=lambda window: window.choices.insert_kind == kind,
    )


MENU = Menu("Insert", QT_TRANSLATE_NOOP("menus", "&Insert"), (
    kind_action("step", "&Step", "Ctrl+1", "Choose a step: what a double-click on a lane adds"),
    kind_action("decision", "&Decision", "Ctrl+2", "Choose a decision: what a double-click on a lane adds"),
    kind_action("start", "S&tart", "Ctrl+3", "Choose a start, where a customer enters the chain"),
    kind_action("end", "&End", "Ctrl+4", "Choose an end, where the chain delivers"),
    Action("insert.touchpoint", "&Add Touchpoint", lambda window: add_touchpoint(window, window.choices.insert_kind),
           ("Ins",), tip="Add the chosen kind right of the selected touchpoint, or in view", separator_before=True),
    Action("insert.next", "Add &Next Touchpoint", add_next_touchpoint, ("Ctrl+Return", "Ctrl+Enter"),
           tip="Add a step right of the selected touchpoint and connect them"),
    Action("insert.connect", "&Connect Mode", toggle_connect_mode, ("Ctrl+L",), "connect",
           "Drag from one touchpoint to another to hand off", toolbar=True, separator_before=True,
           checked=lambda window: window.choices.connect_mode),
    Action("insert.department", "De&partment…", add_department, ("Ctrl+Shift+D",), "lane-add",
           "Add a department lane", separator_before=True),
))
