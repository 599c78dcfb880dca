"""The actions table: unique ids, no shortcut bound twice, every menu entry named."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

from app.menus import ACTIONS, MENUS


def test_ids_are_unique_and_name_their_menu():
    ids = [action.id for action in ACTIONS]
    assert len(ids) == len(set(ids))
    for menu in MENUS:
        assert all(action.id.startswith(f"{menu.id.lower()}.") for action in menu.actions), menu.id


def test_no_shortcut_is_bound_twice(window):
    seen: dict[str, str] = {}
    for action in window.actions_by_id.values():
        for shortcut in action.shortcuts():
            text = shortcut.toString(QKeySequence.SequenceFormat.PortableText)
            assert text not in seen, f"{text} is bound to {seen[text]} and {action.objectName()}"
            seen[text] = action.objectName()
    assert "Ctrl+Z" in seen and "Ctrl+S" in seen


def test_every_menu_entry_has_an_object_name(window):
    for menu in window.menuBar().findChildren(type(window.menus["File"])):
        for action in menu.actions():
            if not action.isSeparator() and action.menu() is None:
                assert action.objectName(), f"{action.text()} in {menu.title()} has no objectName"


def test_undo_text_names_the_step(window):
    window.view.select([window.document.chain.touchpoints[3].id])
    window.actions_by_id["edit.delete"].trigger()
    assert window.actions_by_id["edit.undo"].text() == "&Undo Delete 1 touchpoint"
