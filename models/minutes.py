"""The minutes of a review session: who came, what was said, what was signed, what is open.

`session_minutes(chain, session_id)` gathers, from the chain alone:

- the session's title, date and notes, and its attendees with their job title and
  department (an attendee no longer on the roster is named by id);
- every comment made in the session, grouped by the element it is pinned to, the
  elements in flow order (models.flow_order: the chain, each touchpoint followed by the
  handoffs leaving it, then the departments). A reply made in the session sits under the
  comment it answers when that is in the minutes too; otherwise it stands on its own and
  says whose comment of which day it answers;
- the sign-offs given in the session, with the review status each touchpoint has now
  (the file records sign-offs, not when a status changed, so "status changes of that
  day" are the sign-offs and the status they left);
- the open points: the critiques and questions of the session still open;
- the improvement actions still open (not done), whoever made them and when: what the
  group is waiting for, with owner, phase and due date.

What belongs to a session: a comment or sign-off that names it (`session`), and one that
names no session and is dated the session's day (made that day before anyone chose the
session in the editor). Nothing else: not what was said in another session, not what was
said on another day without a session, and not a later reply to a comment of the session
(its date or session is another). The open actions are the chain's, not the session's:
an action has no date of its own, and the minutes say what is still to be done.

`to_markdown(minutes)` writes them as Markdown in which every user text is escaped, so a
comment cannot start a heading, a list, a link or HTML. Pure Python: the PDF is drawn
by app/minutes_pdf.py from the same Minutes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from models.chain import Chain, Comment, Session, SignOff
from models.comments import pinned_elements
from models.flow_order import elements_in_flow_order, touchpoints_in_flow_order
from models.measures import open_actions
from models.printable import printable
from models.text import shortened

KIND_NAMES = {"critique": "Critique", "question": "Question", "idea": "Idea", "praise": "Praise"}
ROLE_NAMES = {"management": "management", "service_provider": "service provider"}
#: Kinds whose open status is a point still to settle (an open praise is not).
OPEN_POINT_KINDS = ("critique", "question")
OPEN_POINT_CHARACTERS = 160  # an open point repeats the start of a comment printed in full above


class MinutesError(ValueError):
    """Minutes that cannot be made; the text is one sentence."""


@dataclass(frozen=True)
class Attendee:
    id: str
    name: str
    job_title: str | None
    department: str | None  # the department's name
    on_roster: bool


@dataclass(frozen=True)
class MinutesComment:
    id: str
    kind: str
    author: str
    date: str
    text: str
    status: str
    replies: tuple[MinutesComment, ...] = ()
    #: "Ann Smith's comment of 2026-03-01": the earlier comment it answers, when that
    #: comment is not in these minutes (None: not a reply, or a reply shown under it).
    answers: str | None = None


@dataclass(frozen=True)
class ElementComments:
    element: str | None  # None: the chain as a whole
    name: str  # how the minutes name it
    comments: tuple[MinutesComment, ...]  # the threads' first comments here, in file order


@dataclass(frozen=True)
class MinutesSignOff:
    touchpoint: str
    touchpoint_name: str
    name: str
    role: str
    date: str
    note: str | None
    status: str  # the touchpoint's review status now


@dataclass(frozen=True)
class OpenPoint:
    element_name: str
    kind: str
    author: str
    text: str


@dataclass(frozen=True)
class OpenAction:
    title: str
    owner: str | None  # a name
    phase: str
    due: str | None
    elements: tuple[str, ...]  # the names of what it improves


@dataclass(frozen=True)
class Minutes:
    chain_title: str
    session_id: str
    title: str
    date: str
    attendees: tuple[Attendee, ...]
    notes: str | None
    elements: tuple[ElementComments, ...]
    signoffs: tuple[MinutesSignOff, ...]
    open_points: tuple[OpenPoint, ...]
    actions: tuple[OpenAction, ...] = ()

    def comment_count(self) -> int:
        def count(comments) -> int:
            return sum(1 + count(c.replies) for c in comments)

        return sum(count(element.comments) for element in self.elements)


# -- which session -------------------------------------------------------------------------


def session_list(chain: Chain) -> str:
    """The chain's sessions as `id “title” (date)`, comma-separated, for an error sentence."""
    return ", ".join(f"{s.id} “{' '.join(s.title.split())}” ({s.date})" for s in chain.sessions)


def find_session(chain: Chain, session_id: str | None) -> Session:
    """The session `session_id`, or, when it is None, the chain's only session."""
    if not chain.sessions:
        raise MinutesError("The chain has no review sessions yet, so there are no minutes to write.")
    if session_id is None:
        if len(chain.sessions) == 1:
            return chain.sessions[0]
        raise MinutesError(f"The chain has {len(chain.sessions)} sessions; choose one: {session_list(chain)}.")
    for session in chain.sessions:
        if session.id == session_id:
            return session
    raise MinutesError(f"The chain has no session “{session_id}”; its sessions are {session_list(chain)}.")


def in_session(item: Comment | SignOff, session: Session) -> bool:
    """Whether a comment or sign-off was made in `session`: it names the session, or it
    names none and is dated the session's day."""
    if item.session is not None:
        return item.session == session.id
    return item.date == session.date


# -- gathering -----------------------------------------------------------------------------


def session_minutes(chain: Chain, session_id: str | None) -> Minutes:
    """The minutes of the session `session_id` (None: the chain's only session)."""
    session = find_session(chain, session_id)
    names = ElementNames(chain)
    comments = [c for c in chain.comments if in_session(c, session)]
    elements = _elements(chain, comments, names)
    return Minutes(
        chain_title=chain.title,
        session_id=session.id,
        title=session.title,
        date=session.date,
        attendees=tuple(_attendee(chain, id) for id in session.attendees),
        notes=session.notes,
        elements=elements,
        signoffs=_signoffs(chain, session, names),
        open_points=_open_points(elements),
        actions=_open_actions(chain, names),
    )


def _open_actions(chain: Chain, names: ElementNames) -> tuple[OpenAction, ...]:
    people = {person.id: person.name for person in chain.people}
    return tuple(
        OpenAction(action.title, people.get(action.owner, action.owner) if action.owner else None,
                   action.phase, action.due, tuple(names.name(element) for element in action.elements))
        for action in open_actions(chain)
    )


def _attendee(chain: Chain, person_id: str) -> Attendee:
    person = next((p for p in chain.people if p.id == person_id), None)
    if person is None:
        return Attendee(person_id, person_id, None, None, on_roster=False)
    department = next((d.name for d in chain.departments if d.id == person.department), None)
    return Attendee(person.id, person.name, person.role, department, on_roster=True)


def _elements(chain: Chain, comments: list[Comment], names: ElementNames) -> tuple[ElementComments, ...]:
    pinned = pinned_elements(chain)
    everything = {c.id: c for c in chain.comments}
    here = {c.id for c in comments}
    replies: dict[str, list[Comment]] = {}
    roots: dict[str | None, list[Comment]] = {}
    for comment in comments:
        if comment.reply_to in here:
            replies.setdefault(comment.reply_to, []).append(comment)
        else:
            roots.setdefault(pinned.get(comment.id, comment.element), []).append(comment)

    def entry(comment: Comment) -> MinutesComment:
        answered = everything.get(comment.reply_to) if comment.reply_to not in here else None
        return MinutesComment(
            id=comment.id, kind=comment.kind, author=comment.author, date=comment.date,
            text=comment.text, status=comment.status,
            replies=tuple(entry(reply) for reply in replies.get(comment.id, [])),
            answers=f"{answered.author}'s comment of {answered.date}" if answered else None,
        )

    order = elements_in_flow_order(chain)
    known = set(order)
    order += [element for element in roots if element not in known]  # pinned to what is gone
    return tuple(
        ElementComments(element, names.name(element), tuple(entry(c) for c in roots[element]))
        for element in order
        if element in roots
    )


def _signoffs(chain: Chain, session: Session, names: ElementNames) -> tuple[MinutesSignOff, ...]:
    return tuple(
        MinutesSignOff(
            touchpoint=touchpoint.id, touchpoint_name=names.name(touchpoint.id), name=signoff.name,
            role=signoff.role, date=signoff.date, note=signoff.note, status=touchpoint.review.status,
        )
        for touchpoint in touchpoints_in_flow_order(chain)
        for signoff in touchpoint.review.signoffs
        if in_session(signoff, session)
    )


def _open_points(elements: tuple[ElementComments, ...]) -> tuple[OpenPoint, ...]:
    points = []

    def visit(name: str, comments) -> None:
        for comment in comments:
            if comment.status == "open" and comment.kind in OPEN_POINT_KINDS:
                text = shortened(comment.text, OPEN_POINT_CHARACTERS)
                points.append(OpenPoint(name, comment.kind, comment.author, text))
            visit(name, comment.replies)

    for element in elements:
        visit(element.name, element.comments)
    return tuple(points)


class ElementNames:
    """How the minutes name an element: a touchpoint by its label and department, a
    handoff by its two ends, a department by its name."""

    def __init__(self, chain: Chain):
        self.touchpoints = {t.id: t for t in chain.touchpoints}
        self.handoffs = {h.id: h for h in chain.handoffs}
        self.departments = {d.id: d for d in chain.departments}

    def name(self, element: str | None) -> str:
        if element is None:
            return "The chain as a whole"
        if element in self.touchpoints:
            touchpoint = self.touchpoints[element]
            department = self.departments.get(touchpoint.department)
            where = f" ({_one_line(department.name)})" if department and department.name.strip() else ""
            return f"{self._label(element)}{where}"
        if element in self.handoffs:
            handoff = self.handoffs[element]
            passes = f": {_one_line(handoff.passes)}" if handoff.passes and handoff.passes.strip() else ""
            return f"Handoff {self._label(handoff.source)} → {self._label(handoff.target)}{passes}"
        if element in self.departments:
            return f"Department {_one_line(self.departments[element].name) or element}"
        return f"{element} (no longer in the chain)"

    def _label(self, touchpoint_id: str) -> str:
        touchpoint = self.touchpoints.get(touchpoint_id)
        label = _one_line(touchpoint.label) if touchpoint else ""
        return f"“{label or touchpoint_id}”"


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


# -- Markdown ------------------------------------------------------------------------------

# Characters that start inline Markdown anywhere in a line: code, emphasis, links, HTML,
# tables, strike-through, the escape itself, and "#", which also closes a heading at a
# line's end ("# Review #" shows "Review").
_INLINE = re.compile(r"([\\`*_\[\]<>|~#])")
_ENTITY = re.compile(r"&(#?[A-Za-z0-9]+;)")  # "&lt;" would print "<"
# What starts a block at the beginning of a line: a heading, quote, list, rule, setext
# underline, or a numbered list ("1." / "1)").
_LINE_START = re.compile(r"^([>+\-=])|^(\d+)([.)])")


def markdown_text(text: str) -> str:
    """One line of user text as Markdown that shows exactly that text: line breaks become
    spaces, control characters are shown escaped (models.printable), and every character
    that would start Markdown or HTML is escaped with a backslash."""
    return _escaped_line(" ".join(text.split()))


def _escaped_line(line: str) -> str:
    line = printable(line.strip())
    line = _INLINE.sub(r"\\\1", line)
    line = _ENTITY.sub(r"\\&\1", line)
    return _LINE_START.sub(lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}", line)


def markdown_paragraph(text: str, indent: str = "") -> str:
    """User text of several lines, escaped line by line, its lines joined by hard line
    breaks and continued at `indent` (so it stays inside a list item); blank lines are
    dropped, since a blank line would end the list."""
    lines = [_escaped_line(line) for line in re.split(r"\r\n|[\n\r\u2028\u2029\v\f]", text)]
    lines = [line for line in lines if line]
    return f"\\\n{indent}".join(lines)


def to_markdown(minutes: Minutes) -> str:
    """The minutes as a Markdown document."""
    out = [f"# Minutes: {markdown_text(minutes.title) or 'Review session'}", ""]
    out += [
        f"- **Chain:** {markdown_text(minutes.chain_title) or 'Untitled chain'}",
        f"- **Date:** {minutes.date}",
        f"- **Session:** {markdown_text(minutes.session_id)}",
        "",
        "## Attendees",
        "",
    ]
    if minutes.attendees:
        out += [f"- {_attendee_line(attendee)}" for attendee in minutes.attendees]
    else:
        out.append("*No attendees recorded.*")
    if minutes.notes and minutes.notes.strip():
        out += ["", "## Notes", "", markdown_paragraph(minutes.notes)]
    out += ["", "## Comments", ""]
    if minutes.elements:
        count = minutes.comment_count()
        out += [
            f"{count} comment{'' if count == 1 else 's'} on {_elements_count(len(minutes.elements))}, "
            "in flow order.",
        ]
        for element in minutes.elements:
            out += ["", f"### {markdown_text(element.name)}", ""]
            for comment in element.comments:
                out += _comment_lines(comment, minutes.date, "")
    else:
        out.append("*No comments were made in this session.*")
    out += ["", "## Sign-offs", ""]
    if minutes.signoffs:
        out += [f"- {_signoff_line(signoff, minutes.date)}" for signoff in minutes.signoffs]
    else:
        out.append("*No sign-offs were given in this session.*")
    out += ["", "## Still open", ""]
    if minutes.open_points:
        out += [
            f"- {markdown_text(point.element_name)}: {KIND_NAMES.get(point.kind, point.kind).lower()} "
            f"by {markdown_text(point.author)}: {markdown_text(point.text)}"
            for point in minutes.open_points
        ]
    else:
        out.append("*No critique or question of this session is still open.*")
    out += ["", "## Improvement actions still open", ""]
    if minutes.actions:
        out += [f"- {action_line(action, markdown_text)}" for action in minutes.actions]
    else:
        out.append("*No improvement action is open.*")
    return "\n".join(out) + "\n"


def action_line(action: OpenAction, escaped) -> str:
    """"Staff the desk before nine (do; Ana Ruiz; due 2026-12-15): Confirms the order", with
    the user's text passed through `escaped`."""
    details = [action.phase] + ([escaped(action.owner)] if action.owner else []) + (
        [f"due {action.due}"] if action.due else [])
    improves = f": {', '.join(escaped(name) for name in action.elements)}" if action.elements else ""
    return f"{escaped(action.title)} ({'; '.join(details)}){improves}"


def _elements_count(count: int) -> str:
    return f"{count} element{'' if count == 1 else 's'}"


def _attendee_line(attendee: Attendee) -> str:
    parts = [f"**{markdown_text(attendee.name)}**"]
    parts += [markdown_text(part) for part in (attendee.job_title, attendee.department) if part and part.strip()]
    line = ", ".join(parts)
    return line if attendee.on_roster else f"{line} (no longer on the roster)"


def comment_heading(comment: MinutesComment, session_date: str) -> str:
    """"Critique, open" / "Praise" / "Question, resolved, noted 2026-03-02" (plain text)."""
    parts = [KIND_NAMES.get(comment.kind, comment.kind)]
    if comment.status == "resolved" or comment.kind in OPEN_POINT_KINDS:
        parts.append(comment.status)
    if comment.date != session_date:
        parts.append(f"noted {comment.date}")
    return ", ".join(parts)


def _comment_lines(comment: MinutesComment, session_date: str, indent: str) -> list[str]:
    heading = comment_heading(comment, session_date)
    answers = f" (answering {markdown_text(comment.answers)})" if comment.answers else ""
    text = markdown_paragraph(comment.text, indent + "  ")
    lines = [f"{indent}- **{heading}** by {markdown_text(comment.author)}{answers}: {text}"]
    for reply in comment.replies:
        lines += _comment_lines(reply, session_date, indent + "  ")
    return lines


def _signoff_line(signoff: MinutesSignOff, session_date: str) -> str:
    line = (
        f"{markdown_text(signoff.touchpoint_name)}: signed off by **{markdown_text(signoff.name)}** "
        f"({ROLE_NAMES.get(signoff.role, signoff.role)}"
        + (f", {signoff.date}" if signoff.date != session_date else "")
        + f"); status now {signoff.status}"
    )
    if signoff.note and signoff.note.strip():
        line += f". Note: {markdown_text(signoff.note)}"
    return line
