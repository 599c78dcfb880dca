"""Review: review mode, sign-off, comments and sessions, the roster, the lint rules, the
next finding."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from app.actions import Action, Menu
from widgets.people_dialog import PeopleDialog
from widgets.rules_dialog import RulesDialog
from widgets.sessions_dialog import SessionsDialog
from widgets.signoff_dialog import SignOffDialog


def toggle_review_mode(window, checked: bool) -> None:
    window.choices.review_mode = checked
    window.session.apply(window.choices)
    if checked:
        window.show_status(window.tr("Review mode: touchpoints are coloured by review status."))


def sign_off(window) -> None:
    touchpoints = window.view.selected_touchpoints()
    if len(touchpoints) != 1:
        window.show_status(window.tr("Select one touchpoint to sign off."))
        return
    SignOffDialog(window.document, touchpoints[0], window, session=window.session.review_session).exec()


def add_comment(window) -> None:
    """Comment on the selected touchpoint, handoff or lane (nothing selected: the chain)."""
    window.show_comments()
    window.comments_panel.add_to_selection()


def sessions(window) -> None:
    session = window.session
    dialog = SessionsDialog(window.document, session.review_session, window)
    dialog.current_changed.connect(session.set_review_session)
    dialog.exec()


def next_finding(window) -> None:
    """Select the element of the next finding (F8), most severe first."""
    elements = list(dict.fromkeys(
        f.element for f in window.lint.findings if f.element is not None and f.ignored is None
    ))
    if not elements:
        window.show_status(window.tr("No findings: the chain passes every rule."))
        return
    view = window.view
    selected = view.selected_touchpoints() + view.selected_handoffs()
    current = elements.index(selected[0]) if selected and selected[0] in elements else -1
    window.select_element(elements[(current + 1) % len(elements)])


MENU = Menu("Review", QT_TRANSLATE_NOOP("menus", "&Review"), (
    Action("review.mode", "&Review Mode", toggle_review_mode, ("Ctrl+Shift+V",),
           tip="Colour touchpoints by review status", checked=lambda window: window.choices.review_mode),
    Action("review.sign_off", "&Sign Off…", sign_off, ("Ctrl+Shift+O",),
           tip="Record a sign-off for the selected touchpoint"),
    Action("review.add_comment", "Add &Comment…", add_comment, ("Ctrl+Alt+M",),
           tip="Comment on the selected touchpoint, handoff or lane, or on the chain when nothing is selected"),
    Action("review.sessions", "Sess&ions…", sessions,
           tip="Plan review sessions and choose the one in progress"),
    Action("review.people", "&People…", lambda window: PeopleDialog(window.document, window).exec(),
           ("Ctrl+Shift+P",), tip="The roster owners are chosen from", separator_before=True),
    Action("review.rules", "Lint &Rules…", lambda window: RulesDialog(window.document, window).exec(),
           tip="Set each rule's severity for this chain"),
    Action("review.next_finding", "&Next Finding", next_finding, ("F8",), separator_before=True),
))
