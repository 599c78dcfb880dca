"""Review: review mode, sign-off, the minutes of a session, the roster, the lint rules,
the next finding."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QFileDialog, QInputDialog

from app.actions import Action, Menu
from app.errors import show_error
from app.export.options import ExportError, write_file
from models.chain import Chain, Session
from models.minutes import MinutesError, session_minutes, to_markdown
from widgets.people_dialog import PeopleDialog
from widgets.rules_dialog import RulesDialog
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
    SignOffDialog(window.document, touchpoints[0], window).exec()


def write_minutes(window) -> None:
    """Review > Minutes…: choose a session, then where to write its minutes (.md or .pdf)."""
    chain = window.document.chain
    if not chain.sessions:
        show_error(window, window.tr("This chain has no review sessions yet, so there are no minutes "
                                     "to write: record a session first."))
        return
    session = choose_session(window, chain)
    if session is None:
        return
    path = minutes_path(window, chain, session)
    if path is None:
        return
    try:
        if path.suffix.lower() == ".pdf":
            from app.minutes_pdf import export_minutes_pdf  # loads the handout's page layout

            export_minutes_pdf(chain, session.id, path)
        else:
            write_file(to_markdown(session_minutes(chain, session.id)).encode("utf-8"), path)
    except (ExportError, MinutesError) as error:
        show_error(window, window.tr("The minutes could not be written. {error}").format(error=error))
        return
    window.show_status(window.tr("The minutes of “{title}” are in {name}.").format(title=session.title, name=path.name))


def choose_session(window, chain: Chain) -> Session | None:
    """The session to write the minutes of: asked when there are several, the current
    review session (else the latest) offered first; None when the user cancels."""
    sessions = chain.sessions
    if len(sessions) == 1:
        return sessions[0]
    current = getattr(window.session, "review_session", None)
    latest = max(sessions, key=lambda s: s.date)
    offered = next((s for s in sessions if s.id == current), latest)
    items = [f"{s.date} — {' '.join(s.title.split())}" for s in sessions]
    item, chosen = QInputDialog.getItem(
        window, window.tr("Minutes"), window.tr("Write the minutes of the session:"), items,
        sessions.index(offered), False,
    )
    return sessions[items.index(item)] if chosen and item in items else None


def minutes_path(window, chain: Chain, session: Session) -> Path | None:
    """Where to write the minutes, asked with a save dialog: a name that does not end in
    .md or .pdf gets the suffix of the chosen file type."""
    markdown, pdf = window.tr("Markdown (*.md)"), window.tr("PDF documents (*.pdf)")
    folder = window.document.path.parent if window.document.path else Path.home()
    name = f"{chain.title or window.tr('chain')} minutes {session.date}.md".replace("/", "-")
    path, chosen_filter = QFileDialog.getSaveFileName(
        window, window.tr("Save Minutes"), str(folder / name), f"{markdown};;{pdf}"
    )
    if not path:
        return None
    path = Path(path)
    if path.suffix.lower() not in (".md", ".pdf"):
        path = path.with_name(path.name + (".pdf" if chosen_filter == pdf else ".md"))
    return path


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
    Action("review.minutes", "&Minutes…", write_minutes,
           tip="Write the minutes of a review session as Markdown or PDF"),
    Action("review.people", "&People…", lambda window: PeopleDialog(window.document, window).exec(),
           ("Ctrl+Shift+P",), tip="The roster owners are chosen from", separator_before=True),
    Action("review.rules", "Lint &Rules…", lambda window: RulesDialog(window.document, window).exec(),
           tip="Set each rule's severity for this chain"),
    Action("review.next_finding", "&Next Finding", next_finding, ("F8",), separator_before=True),
))
