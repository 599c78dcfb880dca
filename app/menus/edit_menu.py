"""Edit: undo and redo (from the chain's undo stack), the clipboard, delete, select, rename, find."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QMimeData, QT_TRANSLATE_NOOP
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from app.actions import Action, Key, Menu
from app.menus import arrange_menu
from models.chain import Chain
from models.chain_file import ChainFileError, chain_to_bytes, load_chain
from models.fragment import extract_fragment

FRAGMENT_MIME = "application/x-service-chain-fragment+json"
PASTE_OFFSET = 20.0


def install_undo_actions(window, actions) -> None:
    """Undo and Redo come from the shown chain's undo stack, so their texts name the step."""
    menu, toolbar = actions.menus["Edit"], actions.toolbar
    for id in ("edit.undo", "edit.redo"):
        old = actions.by_id.pop(id, None)
        if old is not None:
            menu.removeAction(old)
            toolbar.removeAction(old)
            window.removeAction(old)
            old.deleteLater()
    stack = window.document.undo_stack
    first = menu.actions()[0]
    if not first.isSeparator():  # Undo and Redo sit above a line of their own
        first = menu.insertSeparator(first)
    for id, action, key, name in (
        ("edit.undo", stack.createUndoAction(window, window.tr("&Undo")), QKeySequence.StandardKey.Undo, "undo"),
        ("edit.redo", stack.createRedoAction(window, window.tr("&Redo")), QKeySequence.StandardKey.Redo, "redo"),
    ):
        action.setObjectName(id)
        action.setShortcuts(QKeySequence.keyBindings(key))
        action.setIcon(actions.icon(name))
        menu.insertAction(first, action)
        toolbar.insertAction(actions.toolbar_undo_anchor, action)
        window.addAction(action)
        actions.by_id[id] = action


def copy(window) -> None:
    ids = window.view.selected_touchpoints()
    if not ids:
        return
    fragment = extract_fragment(window.document.chain, ids)
    mime = QMimeData()
    mime.setData(FRAGMENT_MIME, QByteArray(chain_to_bytes(fragment)))
    mime.setText("\n".join(t.label for t in fragment.touchpoints))
    QApplication.clipboard().setMimeData(mime)
    window.paste_count = 0
    window.show_status(
        (window.tr("Copied {count} touchpoints.") if len(ids) > 1 else window.tr("Copied {count} touchpoint.")).format(
            count=len(ids)
        )
    )


def cut(window) -> None:
    ids = window.view.selected_touchpoints()
    if not ids:
        return
    copy(window)
    stack = window.document.undo_stack
    window.document.remove(ids)
    stack.command(stack.index() - 1).setText(
        (window.tr("Cut {count} touchpoints") if len(ids) > 1 else window.tr("Cut {count} touchpoint")).format(
            count=len(ids)
        )
    )
    window.paste_count = -1  # pasting after a cut puts things back where they were


def paste(window) -> None:
    mime = QApplication.clipboard().mimeData()
    if mime is None or not mime.hasFormat(FRAGMENT_MIME):
        window.show_status(window.tr("The clipboard holds no touchpoints to paste."))
        return
    try:
        fragment = load_chain(bytes(mime.data(FRAGMENT_MIME).data()), name=window.tr("The clipboard"))
    except ChainFileError as error:
        window.show_status(window.tr("Nothing was pasted: {reason}.").format(reason=error.reason))
        return
    window.paste_count += 1
    offset = PASTE_OFFSET * window.paste_count
    insert_fragment(window, fragment, (offset, offset))


def duplicate(window) -> None:
    ids = window.view.selected_touchpoints()
    if ids:
        insert_fragment(window, extract_fragment(window.document.chain, ids), (PASTE_OFFSET, PASTE_OFFSET))


def insert_fragment(window, fragment: Chain, offset: tuple[float, float]) -> None:
    new_ids = window.document.paste(fragment, offset)
    window.view.select(new_ids)
    window.show_status(window.document.undo_stack.undoText() + ".")


def delete_selection(window) -> None:
    ids = window.view.selected_touchpoints() + window.view.selected_handoffs()
    if ids:
        window.document.remove(ids)
        window.show_status(window.document.undo_stack.undoText() + ".")
    elif window.view.selected_lane() is not None:
        arrange_menu.remove_lane(window)


def select_all(window) -> None:
    scene = window.scene
    for item in list(scene.touchpoint_items.values()) + list(scene.handoff_items.values()):
        item.setSelected(True)


def rename(window) -> None:
    touchpoints = window.view.selected_touchpoints()
    if len(touchpoints) == 1:
        window.view.edit_label(touchpoints[0])
    elif window.view.selected_lane() is not None:
        window.view.edit_lane_name(window.view.selected_lane())


def touchpoints_selected(state) -> bool:
    return bool(state.touchpoints)


MENU = Menu("Edit", QT_TRANSLATE_NOOP("menus", "&Edit"), (
    Action("edit.cut", "Cu&t", cut, (Key.Cut,), "cut", separator_before=True, enabled=touchpoints_selected),
    Action("edit.copy", "&Copy", copy, (Key.Copy,), "copy", enabled=touchpoints_selected),
    Action("edit.paste", "&Paste", paste, (Key.Paste,), "paste"),
    Action("edit.duplicate", "D&uplicate", duplicate, ("Ctrl+D",), "duplicate", enabled=touchpoints_selected),
    Action("edit.delete", "&Delete", delete_selection, (Key.Delete, "Backspace"), "delete",
           enabled=lambda state: bool(state.touchpoints or state.handoffs or state.lane)),
    Action("edit.select_all", "Select &All", select_all, (Key.SelectAll,), "select-all", separator_before=True),
    Action("edit.rename", "&Rename", rename, ("F2",), tip="Edit the label in place",
           enabled=lambda state: len(state.touchpoints) == 1 or state.lane is not None),
    Action("edit.find", "&Find…", lambda window: window.find_bar.open(), (Key.Find,),
           tip="Find touchpoints by label, owner, procedure or notes", separator_before=True),
))
