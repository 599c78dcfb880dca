"""Every action of the main window, declared once: id, text, shortcut, icon, slot, menu.

Texts and tips stay plain English here; the main window translates them where it
creates each QAction, with QCoreApplication.translate("actions", ...), and the menu
titles with QCoreApplication.translate("menus", ...).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QKeySequence

Key = QKeySequence.StandardKey


@dataclass(frozen=True)
class ActionSpec:
    id: str  # also the QAction's objectName, e.g. "file.save"
    text: str
    slot: str  # the MainWindow method it triggers
    menu: str  # the menu it sits in
    shortcuts: tuple = ()  # StandardKey values or portable strings
    icon: str | None = None
    tip: str = ""
    toolbar: bool = False
    checkable: bool = False
    separator_before: bool = False


MENUS = ("File", "Edit", "View", "Insert", "Arrange", "Review", "Help")

#: The menu bar's titles (MENUS are ids); translated where the menus are made.
MENU_TITLES = {
    "File": QT_TRANSLATE_NOOP("menus", "&File"),
    "Edit": QT_TRANSLATE_NOOP("menus", "&Edit"),
    "View": QT_TRANSLATE_NOOP("menus", "&View"),
    "Insert": QT_TRANSLATE_NOOP("menus", "&Insert"),
    "Arrange": QT_TRANSLATE_NOOP("menus", "&Arrange"),
    "Review": QT_TRANSLATE_NOOP("menus", "&Review"),
    "Help": QT_TRANSLATE_NOOP("menus", "&Help"),
}

ACTIONS: tuple[ActionSpec, ...] = (
    # File
    ActionSpec("file.new", "&New", "new_chain", "File", (Key.New,), "new", "Start a blank chain", toolbar=True),
    ActionSpec("file.new_from_template", "New from &Template…", "new_from_template", "File", ("Ctrl+Shift+T",), tip="Start from a skeleton of a common service"),
    ActionSpec("file.new_window", "New &Window", "new_window", "File", ("Ctrl+Shift+N",)),
    ActionSpec("file.open", "&Open…", "open_chain", "File", (Key.Open,), "open", "Open a .chain file", toolbar=True),
    ActionSpec("file.save", "&Save", "save", "File", (Key.Save,), "save", "Save the chain", toolbar=True, separator_before=True),
    ActionSpec("file.save_as", "Save &As…", "save_as", "File", ("Ctrl+Shift+S",), "save-as"),
    ActionSpec("file.export", "&Export…", "export", "File", ("Ctrl+E",), tip="Export as SVG, PNG, PDF, a training handout, DOT, GraphML, Mermaid or CSV", separator_before=True),
    ActionSpec("file.compare", "Compare &With…", "compare_with_file", "File", (), tip="List the differences from another version of this chain"),
    ActionSpec("file.revert", "Re&vert to Saved", "revert", "File"),
    ActionSpec("file.close", "&Close", "close", "File", (Key.Close,), separator_before=True),
    ActionSpec("file.quit", "&Quit", "quit_application", "File", ("Ctrl+Q",)),
    # Edit (Undo and Redo come from the undo stack, see MainWindow)
    ActionSpec("edit.cut", "Cu&t", "cut", "Edit", (Key.Cut,), "cut", separator_before=True),
    ActionSpec("edit.copy", "&Copy", "copy", "Edit", (Key.Copy,), "copy"),
    ActionSpec("edit.paste", "&Paste", "paste", "Edit", (Key.Paste,), "paste"),
    ActionSpec("edit.duplicate", "D&uplicate", "duplicate", "Edit", ("Ctrl+D",), "duplicate"),
    ActionSpec("edit.delete", "&Delete", "delete_selection", "Edit", (Key.Delete, "Backspace"), "delete"),
    ActionSpec("edit.select_all", "Select &All", "select_all", "Edit", (Key.SelectAll,), "select-all", separator_before=True),
    ActionSpec("edit.rename", "&Rename", "rename", "Edit", ("F2",), tip="Edit the label in place"),
    ActionSpec("edit.find", "&Find…", "find", "Edit", (Key.Find,), tip="Find touchpoints by label, owner, procedure or notes", separator_before=True),
    # View
    ActionSpec("view.zoom_in", "Zoom &In", "zoom_in", "View", (Key.ZoomIn, "Ctrl+="), "zoom-in"),
    ActionSpec("view.zoom_out", "Zoom &Out", "zoom_out", "View", (Key.ZoomOut,), "zoom-out"),
    ActionSpec("view.zoom_fit", "&Fit to Window", "zoom_to_fit", "View", ("Ctrl+Shift+F",), "zoom-fit", toolbar=True),
    ActionSpec("view.zoom_100", "&Actual Size (100%)", "zoom_100", "View", ("Ctrl+0",), "zoom-reset"),
    ActionSpec("view.snap", "&Snap to Grid", "toggle_snap", "View", (), "grid", checkable=True, separator_before=True),
    ActionSpec("view.owner_names", "Owner &Names on Cards", "toggle_owner_names", "View", (), tip="Print each owner's name and job title on the cards, not only their initials", checkable=True),
    # Insert: the touchpoint kinds also choose what a double-click on a lane adds
    ActionSpec("insert.step", "&Step", "insert_step", "Insert", ("Ctrl+1",), "touchpoint-step", "Add a step (double-click a lane to add one there)", toolbar=True, checkable=True),
    ActionSpec("insert.decision", "&Decision", "insert_decision", "Insert", ("Ctrl+2",), "touchpoint-decision", "Add a decision", toolbar=True, checkable=True),
    ActionSpec("insert.start", "S&tart", "insert_start", "Insert", ("Ctrl+3",), "touchpoint-start", "Add a start: where a customer enters the chain", toolbar=True, checkable=True),
    ActionSpec("insert.end", "&End", "insert_end", "Insert", ("Ctrl+4",), "touchpoint-end", "Add an end: where the chain delivers", toolbar=True, checkable=True),
    ActionSpec("insert.next", "Add &Next Touchpoint", "add_next_touchpoint", "Insert", ("Ctrl+Return", "Ctrl+Enter"), tip="Add a step right of the selected touchpoint and connect them", separator_before=True),
    ActionSpec("insert.connect", "&Connect Mode", "toggle_connect_mode", "Insert", ("Ctrl+L",), "connect", "Drag from one touchpoint to another to hand off", toolbar=True, checkable=True, separator_before=True),
    ActionSpec("insert.department", "De&partment…", "add_department", "Insert", ("Ctrl+Shift+D",), "lane-add", "Add a department lane", separator_before=True),
    # Arrange
    ActionSpec("arrange.lane_up", "Move Department &Up", "move_lane_up", "Arrange", ("Ctrl+Shift+Up",), "lane-up"),
    ActionSpec("arrange.lane_down", "Move Department &Down", "move_lane_down", "Arrange", ("Ctrl+Shift+Down",), "lane-down"),
    ActionSpec("arrange.rename_lane", "&Rename Department…", "rename_lane", "Arrange", ("Ctrl+Shift+R",)),
    ActionSpec("arrange.remove_lane", "Re&move Department…", "remove_lane", "Arrange", (), "lane-remove"),
    ActionSpec("arrange.auto_layout", "Auto-&layout", "auto_layout", "Arrange", ("Ctrl+Shift+L",), tip="Lay out the whole chain, lane by lane, left to right", separator_before=True),
    ActionSpec("arrange.layout_selection", "Lay Out &Selection", "layout_selection", "Arrange", (), tip="Lay out only the selected touchpoints"),
    ActionSpec("arrange.tidy", "&Tidy", "tidy_layout", "Arrange", (), tip="Keep the order, remove overlaps and straighten"),
    ActionSpec("arrange.fit_text", "&Fit Cards to Text", "fit_cards_to_text", "Arrange", (), tip="Undo a manual resize: the selected cards take the size their text needs"),
    ActionSpec("arrange.engine_auto", "Layout Engine: &Automatic", "layout_engine_auto", "Arrange", (), tip="Graphviz dot when it is installed, else the built-in layout", checkable=True),
    ActionSpec("arrange.engine_dot", "Layout Engine: &Graphviz dot", "layout_engine_dot", "Arrange", (), checkable=True),
    ActionSpec("arrange.engine_builtin", "Layout Engine: &Built-in", "layout_engine_builtin", "Arrange", (), checkable=True),
    ActionSpec("arrange.align_left", "Align &Left", "align_left", "Arrange", (), separator_before=True),
    ActionSpec("arrange.align_centre", "Align &Centre", "align_centre", "Arrange"),
    ActionSpec("arrange.align_right", "Align Rig&ht", "align_right", "Arrange"),
    ActionSpec("arrange.align_top", "Align &Top", "align_top", "Arrange"),
    ActionSpec("arrange.align_middle", "Align M&iddle", "align_middle", "Arrange"),
    ActionSpec("arrange.align_bottom", "Align &Bottom", "align_bottom", "Arrange"),
    ActionSpec("arrange.distribute_horizontally", "Distribute Hori&zontally", "distribute_horizontally", "Arrange", (), separator_before=True),
    ActionSpec("arrange.distribute_vertically", "Distribute &Vertically", "distribute_vertically", "Arrange"),
    # Review
    ActionSpec("review.mode", "&Review Mode", "toggle_review_mode", "Review", ("Ctrl+Shift+V",), tip="Colour touchpoints by review status", checkable=True),
    ActionSpec("review.sign_off", "&Sign Off…", "sign_off", "Review", ("Ctrl+Shift+O",), tip="Record a sign-off for the selected touchpoint"),
    ActionSpec("review.people", "&People…", "edit_people", "Review", ("Ctrl+Shift+P",), tip="The roster owners are chosen from", separator_before=True),
    ActionSpec("review.rules", "Lint &Rules…", "edit_rules", "Review", (), tip="Set each rule's severity for this chain"),
    ActionSpec("review.next_finding", "&Next Finding", "next_finding", "Review", ("F8",), separator_before=True),
    # Help
    ActionSpec("help.getting_started", "&Getting Started", "show_getting_started", "Help", (Key.HelpContents,), tip="A short guide: drawing, checking, signing off, exporting"),
    ActionSpec("help.rules", "&Lint Rules", "show_rules_help", "Help", (), tip="Every rule with its rationale and how to fix it"),
    ActionSpec("help.about", "&About Chain Designer", "about", "Help", separator_before=True),
)
