"""Arrange: departments, automatic layout and its engine, align and distribute."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QMessageBox

from app.actions import Action, Menu
from app.files import settings
from models.arrange import Box, align, distribute
from widgets.stages_dialog import StagesDialog


def move_lane(window, step: int) -> None:
    lane = window.view.selected_lane()
    if lane is not None:
        window.document.move_department(lane, window.document.department_index(lane) + step)
        window.view.select([lane])


def rename_lane(window) -> None:
    lane = window.view.selected_lane()
    if lane is not None:
        window.view.edit_lane_name(lane)


def remove_lane(window) -> None:
    lane = window.view.selected_lane()
    if lane is None:
        return
    document = window.document
    department = document.department(lane)
    count = len(document.touchpoints_in(lane))
    if count:
        answer = QMessageBox.question(
            window,
            window.tr("Remove Department"),
            (
                window.tr("Remove the department “{name}” and its {count} touchpoints? You can undo this.")
                if count > 1
                else window.tr("Remove the department “{name}” and its {count} touchpoint? You can undo this.")
            ).format(name=department.name, count=count),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
    document.remove_department(lane)
    window.show_status(window.tr("Removed the department {name}.").format(name=department.name))


def layout_engine() -> str:
    return settings().value("layout/engine", "auto")


def lay_out(window, mode: str) -> None:
    if mode == "selection" and not window.view.selected_touchpoints():
        window.show_status(window.tr("Select the touchpoints to lay out first."))
        return
    if window.layouter.running():
        window.show_status(window.tr("A layout is already running."))
        return
    window.show_status(window.tr("Laying out…"))
    window.layouter.start(
        window.document, engine=layout_engine(), mode=mode, selection=window.view.selected_touchpoints()
    )


def fit_cards_to_text(window) -> None:
    """Forget the size the user gave the selected cards: they fit their text again."""
    document = window.document
    resized = [id for id in window.view.selected_touchpoints() if document.touchpoint(id).size is not None]
    if not resized:
        window.show_status(window.tr("Select a card you resized to fit it to its text again."))
        return
    document.set_fields(resized, window.tr("Fit cards to text"), size=None)
    message = window.tr("The card fits its text again.") if len(resized) == 1 else window.tr("{count} cards fit their text again.")
    window.show_status(message.format(count=len(resized)))


def arrange(window, how, argument: str) -> None:
    """Align or distribute the selected cards (in scene coordinates), one undo step."""
    texts = {
        "left": window.tr("Align left"), "centre": window.tr("Align centre"), "right": window.tr("Align right"),
        "top": window.tr("Align top"), "middle": window.tr("Align middle"), "bottom": window.tr("Align bottom"),
        "horizontal": window.tr("Distribute horizontally"), "vertical": window.tr("Distribute vertically"),
    }
    text = texts[argument]
    ids = window.view.selected_touchpoints()
    needed = 3 if how is distribute else 2
    if len(ids) < needed:
        window.show_status(
            window.tr("Select at least {count} touchpoints to {action}.").format(count=needed, action=text.lower())
        )
        return
    scene = window.scene
    boxes = []
    for id in ids:
        rect = scene.touchpoint_items[id].card_rect()
        boxes.append(Box(id, rect.x(), rect.y(), rect.width(), rect.height()))
    moves = {}
    for id, (x, y) in how(boxes, argument).items():
        moves[id] = scene.model_position(QPointF(x, y), window.document.touchpoint(id).kind)
    window.document.move_touchpoints(moves, text=text)
    window.show_status(window.tr("{action}: {count} touchpoints.").format(action=text, count=len(ids)))


def show_stages(window) -> None:
    """Arrange > Stages…: gone when closed, so it stops following edits."""
    dialog = StagesDialog(window.document, window)
    dialog.exec()
    dialog.deleteLater()


def lane_selected(state) -> bool:
    return state.lane is not None


def engine_action(engine: str, text: str, tip: str = "") -> Action:
    return Action(
        f"arrange.engine_{engine}", text, lambda _window, _checked: settings().setValue("layout/engine", engine),
        tip=tip, group="layout-engine", checked=lambda _window: layout_engine() == engine,
    )


def arrange_action(id: str, text: str, how, argument: str, separator_before: bool = False) -> Action:
    return Action(f"arrange.{id}", text, lambda window: arrange(window, how, argument),
                  separator_before=separator_before)


MENU = Menu("Arrange", QT_TRANSLATE_NOOP("menus", "&Arrange"), (
    Action("arrange.lane_up", "Move Department &Up", lambda window: move_lane(window, -1), ("Ctrl+Shift+Up",),
           "lane-up", enabled=lane_selected),
    Action("arrange.lane_down", "Move Department &Down", lambda window: move_lane(window, 1), ("Ctrl+Shift+Down",),
           "lane-down", enabled=lane_selected),
    Action("arrange.rename_lane", "&Rename Department…", rename_lane, ("Ctrl+Shift+R",), enabled=lane_selected),
    Action("arrange.remove_lane", "Re&move Department…", remove_lane, (), "lane-remove", enabled=lane_selected),
    Action("arrange.stages", "Stag&es…", show_stages,
           tip="The stages of the customer's journey: the columns across the lanes"),
    Action("arrange.auto_layout", "Auto-&layout", lambda window: lay_out(window, "all"), ("Ctrl+Shift+L",),
           tip="Lay out the whole chain, lane by lane, left to right", separator_before=True),
    Action("arrange.layout_selection", "Lay Out &Selection", lambda window: lay_out(window, "selection"),
           tip="Lay out only the selected touchpoints"),
    Action("arrange.tidy", "&Tidy", lambda window: lay_out(window, "tidy"),
           tip="Keep the order, remove overlaps and straighten"),
    Action("arrange.fit_text", "&Fit Cards to Text", fit_cards_to_text,
           tip="Undo a manual resize: the selected cards take the size their text needs"),
    engine_action("auto", "Layout Engine: &Automatic", "Graphviz dot when it is installed, else the built-in layout"),
    engine_action("dot", "Layout Engine: &Graphviz dot"),
    engine_action("builtin", "Layout Engine: &Built-in"),
    arrange_action("align_left", "Align &Left", align, "left", separator_before=True),
    arrange_action("align_centre", "Align &Centre", align, "centre"),
    arrange_action("align_right", "Align Rig&ht", align, "right"),
    arrange_action("align_top", "Align &Top", align, "top"),
    arrange_action("align_middle", "Align M&iddle", align, "middle"),
    arrange_action("align_bottom", "Align &Bottom", align, "bottom"),
    arrange_action("distribute_horizontally", "Distribute Hori&zontally", distribute, "horizontal",
                   separator_before=True),
    arrange_action("distribute_vertically", "Distribute &Vertically", distribute, "vertical"),
))
