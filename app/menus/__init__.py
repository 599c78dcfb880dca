"""The menu bar, one module per menu: each holds its menu's declarations (app/actions.py)
and the small functions they run. A new action is one declaration in its menu's module."""

from __future__ import annotations

from app.actions import Action, Menu
from app.menus import (
    arrange_menu,
    edit_menu,
    file_menu,
    help_menu,
    insert_menu,
    review_menu,
    view_menu,
)

#: The menus, left to right.
MENUS: tuple[Menu, ...] = (
    file_menu.MENU,
    edit_menu.MENU,
    view_menu.MENU,
    insert_menu.MENU,
    arrange_menu.MENU,
    review_menu.MENU,
    help_menu.MENU,
)

#: Every declared action, in menu order.
ACTIONS: tuple[Action, ...] = tuple(action for menu in MENUS for action in menu.actions)
