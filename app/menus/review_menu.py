"""Review: review mode, sign-off, comments, sessions and their minutes, the roster, the
glossary, the lint rules, improvement actions and internal ratings, the next finding."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QFileDialog, QInputDialog

from app.actions import Action, Menu
from app.errors import show_error
from app.export.options import ExportError, write_file
from models.chain import Action as ImprovementAction
from models.chain import Chain, Department, Handoff, Session, Touchpoint
from models.comments import pinned_elements
from models.lint import Finding
from models.minutes import MinutesError, session_minutes, to_markdown
from widgets.actions_panel import create_action
from widgets.glossary_dialog import GlossaryDialog
from widgets.people_dialog import PeopleDialog
from widgets.ratings_dialog import RatingsDialog
from widgets.rules_dialog import RulesDialog
from widgets.sessions_dialog import SessionsDialog
from widgets.signoff_dialog import SignOffDialog


def toggle_review_mode(window, checked: bool) -> None:
    window.choices.review_mode = checked
    window.session.apply(window.choices)
    if checked:
        window.show_status(window.tr("Review mode: touchpoints are coloured by review status."))


def show_glossary(window) -> None:
    """Review > Glossary…: the chain's terms; gone when closed, so it stops following edits."""
    dialog = GlossaryDialog(window.document, window)
    dialog.exec()
    dialog.deleteLater()


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


def show_actions_dock(window, action_id: str | None = None) -> None:
    """Bring the Actions dock to the front, with `action_id` selected."""
    window.docks["dock.actions"].show()
    window.docks["dock.actions"].raise_()
    if action_id is not None:
        window.actions_panel.select_action(action_id)


def new_action(window) -> None:
    """Review > New Action…: an improvement action on what is selected on the canvas."""
    show_actions_dock(window)
    id = window.actions_panel.new_action()
    if id is not None:
        show_actions_dock(window, id)


def improvable(window, element: str | None) -> list[str]:
    """[element] when an action can improve it (a touchpoint, handoff or lane), else []."""
    document = window.document
    found = document.element(element) if element is not None and document.has(element) else None
    return [element] if isinstance(found, (Touchpoint, Handoff, Department)) else []


def new_action_for_finding(window, finding: Finding | None = None) -> str | None:
    """Create Action from Finding…: the finding's message as the title, its element as
    what the action improves; one undo step. The finding is the one selected in the
    Findings dock unless given."""
    finding = finding or window.findings_panel.current_finding()
    if finding is None:
        window.show_status(window.tr("Select a finding in the Findings panel first."))
        return None
    element = window.document.element(finding.element) if finding.element and window.document.has(finding.element) else None
    if isinstance(element, ImprovementAction):
        show_actions_dock(window, element.id)
        window.show_status(window.tr("That finding is about an action: change the action itself."))
        return None
    return _create_and_show(window, finding.message, improvable(window, finding.element), ())


def new_action_for_comment(window, comment_id: str | None = None) -> str | None:
    """Create Action from Comment…: the comment's text as the title, the element its
    thread is pinned to as what the action improves, and the comment as what it answers;
    one undo step. The Comments dock calls this with the comment's id (its "Create
    Action…"); from the menu it is the comment selected in that dock, if any."""
    document = window.document
    if comment_id is None:
        comment_id = window.session.dock_contents["dock.comments"].selected_comment()
    if comment_id is None or not document.has(comment_id):
        window.show_status(window.tr("Select a comment in the Comments panel first."))
        return None
    comment = document.element(comment_id)
    element = pinned_elements(document.chain).get(comment_id)
    return _create_and_show(window, comment.text, improvable(window, element), (comment_id,))


def _create_and_show(window, title: str, elements: list[str], comments) -> str | None:
    id = create_action(window.document, window, title=title, elements=elements, comments=comments,
                       selection=window.actions_panel.selection)
    if id is not None:
        show_actions_dock(window, id)
        window.show_status(window.tr("Created the action; it is in the Actions panel."))
    return id


MENU = Menu("Review", QT_TRANSLATE_NOOP("menus", "&Review"), (
    Action("review.mode", "&Review Mode", toggle_review_mode, ("Ctrl+Shift+V",),
           tip="Colour touchpoints by review status", checked=lambda window: window.choices.review_mode),
    Action("review.sign_off", "&Sign Off…", sign_off, ("Ctrl+Shift+O",),
           tip="Record a sign-off for the selected touchpoint"),
    Action("review.add_comment", "Add &Comment…", add_comment, ("Ctrl+Alt+M",),
           tip="Comment on the selected touchpoint, handoff or lane, or on the chain when nothing is selected"),
    Action("review.sessions", "Sess&ions…", sessions,
           tip="Plan review sessions and choose the one in progress"),
    Action("review.minutes", "&Minutes…", write_minutes,
           tip="Write the minutes of a review session as Markdown or PDF"),
    Action("review.people", "&People…", lambda window: PeopleDialog(window.document, window).exec(),
           ("Ctrl+Shift+P",), tip="The roster owners are chosen from", separator_before=True),
    Action("review.glossary", "&Glossary…", show_glossary,
           tip="The chain's common service language: terms, their definitions and the words to avoid"),
    Action("review.rules", "Lint &Rules…", lambda window: RulesDialog(window.document, window).exec(),
           tip="Set each rule's severity for this chain"),
    Action("review.new_action", "New &Action…", new_action,
           tip="An improvement action on what is selected on the canvas", separator_before=True),
    Action("review.action_from_finding", "Create Action from &Finding…", new_action_for_finding,
           tip="An improvement action from the finding selected in the Findings panel"),
    Action("review.action_from_comment", "Create Action from Comm&ent…", new_action_for_comment,
           tip="An improvement action answering the comment selected in the Comments panel"),
    Action("review.ratings", "Internal Ra&tings…", lambda window: RatingsDialog(window.document, window).exec(),
           tip="How each department's internal customers rate it, period by period"),
    Action("review.next_finding", "&Next Finding", next_finding, ("F8",), separator_before=True),
))
