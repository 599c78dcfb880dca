"""Help: the getting-started guide, the rules, about."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from app.actions import Action, Key, Menu
from widgets.help_dialogs import AboutDialog, GettingStartedDialog, RulesHelpDialog

MENU = Menu("Help", QT_TRANSLATE_NOOP("menus", "&Help"), (
    Action("help.getting_started", "&Getting Started", lambda window: GettingStartedDialog(window).exec(),
           (Key.HelpContents,), tip="A short guide: drawing, checking, signing off, exporting"),
    Action("help.rules", "&Lint Rules", lambda window: RulesHelpDialog(window).exec(),
           tip="Every rule with its rationale and how to fix it"),
    Action("help.about", "&About Chain Designer", lambda window: AboutDialog(window).exec(), separator_before=True),
))
