"""The minutes of a review session as a PDF (models/minutes.py gathers them).

Pages are portrait (the export options' page size, A4 unless asked), laid out and drawn
as the handout's text pages are (app/handout.py: the same fonts, styles and page
breaks: an element's comments are not split from their heading when they fit on a
page), with the chain's title, the session and "Page n of N" in the footer of every
page. The chain's text is made printable first (no control characters), and every user
text is escaped for HTML.
"""

from __future__ import annotations

import datetime
import html

from app.export.options import ExportOptions, check_options, printable_chain, write_file
from app.export.pdf import PdfPages, page_layout
from app.handout import (
    draw_text_pages,
    html_table,
    html_text,
    keep_entries_together,
    text_document,
    text_page_size,
)
from models.chain import Chain
from models.collector import collector_paused
from models.minutes import (
    KIND_NAMES,
    ROLE_NAMES,
    Minutes,
    MinutesComment,
    action_line,
    comment_heading,
    session_minutes,
)

#: The square before a comment's kind, as the handout marks a review status.
KIND_COLOURS = {"critique": "#c0392b", "question": "#1e6fb8", "idea": "#d4a017", "praise": "#2e8540"}
REPLY_INDENT_PX = 22  # each level of reply is indented this much more
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

STYLE = """
p.comment { margin-top: 2px; margin-bottom: 8px; }
p.point { margin-top: 1px; margin-bottom: 5px; }
span.kind { font-weight: 700; }
span.author { color: #3e4c59; }
span.when { color: #8a949e; }
td, th { padding-right: 10px; }
"""


def export_minutes_pdf(chain: Chain, session_id: str | None, path,
                       options: ExportOptions = ExportOptions()) -> int:
    """Write the minutes of the session `session_id` (None: the only one) as a PDF;
    returns the page count. An unknown session is a models.minutes.MinutesError."""
    check_options(options)
    return write_minutes_pdf(session_minutes(printable_chain(chain), session_id), path, options)


@collector_paused()  # long text documents, kept until the end
def write_minutes_pdf(minutes: Minutes, path, options: ExportOptions) -> int:
    layout = page_layout(options, landscape=False)
    page = text_page_size(layout)
    document = text_document(minutes_html(minutes), page, STYLE)
    keep_entries_together(document, page.height())
    chain_title = _plain(minutes.chain_title) or "Untitled chain"
    session = _plain(minutes.title) or "Review session"
    pages = PdfPages(f"Minutes: {session}", layout)
    footer = f"{chain_title} — minutes of “{session}”, {long_date(minutes.date)}"
    draw_text_pages(pages, document, page, footer=footer, total=document.pageCount())
    count = pages.count
    write_file(pages.finish(), path)
    return count


def long_date(iso: str) -> str:
    """"Monday 2 March 2026" (in English, whatever the system's locale)."""
    day = datetime.date.fromisoformat(iso)
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def minutes_html(minutes: Minutes) -> str:
    """The minutes as the HTML the handout's text documents take; user text escaped."""
    parts = [
        '<p class="kicker">Minutes of a review session</p>',
        f"<h1>{html_text(minutes.title) or 'Review session'}</h1>",
        f'<p class="organisation">{html_text(minutes.chain_title) or "Untitled chain"}</p>',
        f'<p class="meta">{html.escape(long_date(minutes.date))} · session {html_text(minutes.session_id)}</p>',
    ]
    parts += _attendees(minutes)
    if minutes.notes and minutes.notes.strip():
        parts += ["<h2>Notes</h2>", f"<p>{html_text(minutes.notes.strip())}</p>"]
    parts += _comments(minutes)
    parts += _signoffs(minutes)
    parts += _open_points(minutes)
    parts += _open_actions(minutes)
    return "\n".join(parts)


def _attendees(minutes: Minutes) -> list[str]:
    parts = ["<h2>Attendees</h2>"]
    if not minutes.attendees:
        return parts + ['<p class="none">No attendees recorded.</p>']
    rows = [
        (attendee.name if attendee.on_roster else f"{attendee.name} (no longer on the roster)",
         attendee.job_title or "", attendee.department or "")
        for attendee in minutes.attendees
    ]
    return parts + [html_table(("Name", "Job title", "Department"), rows)]


def _comments(minutes: Minutes) -> list[str]:
    parts = ["<h2>Comments</h2>"]
    if not minutes.elements:
        return parts + ['<p class="none">No comments were made in this session.</p>']
    count, elements = minutes.comment_count(), len(minutes.elements)
    parts.append(
        f'<p class="meta">{count} comment{"" if count == 1 else "s"} on {elements} '
        f'element{"" if elements == 1 else "s"}, in flow order</p>'
    )
    for element in minutes.elements:
        parts.append(f"<h3>{html_text(element.name)}</h3>")
        for comment in element.comments:
            parts += _comment(comment, minutes.date, 0)
    return parts


def _comment(comment: MinutesComment, session_date: str, depth: int) -> list[str]:
    colour = KIND_COLOURS.get(comment.kind, "#8a949e")
    answers = f' <span class="when">(answering {html_text(comment.answers)})</span>' if comment.answers else ""
    reply = "↳ " if depth else ""
    line = (
        f'<p class="comment" style="margin-left: {depth * REPLY_INDENT_PX}px">{reply}'
        f'<span style="color: {colour}">■</span> <span class="kind">{html.escape(comment_heading(comment, session_date))}</span>'
        f' · <span class="author">{html_text(comment.author)}</span>{answers}<br>{html_text(comment.text.strip())}</p>'
    )
    parts = [line]
    for answer in comment.replies:
        parts += _comment(answer, session_date, depth + 1)
    return parts


def _signoffs(minutes: Minutes) -> list[str]:
    parts = ["<h2>Sign-offs</h2>"]
    if not minutes.signoffs:
        return parts + ['<p class="none">No sign-offs were given in this session.</p>']
    rows = [
        (signoff.touchpoint_name,
         signoff.name + (f" ({signoff.date})" if signoff.date != minutes.date else ""),
         ROLE_NAMES.get(signoff.role, signoff.role).capitalize(),
         signoff.status.capitalize(), signoff.note or "")
        for signoff in minutes.signoffs
    ]
    return parts + [html_table(("Touchpoint", "Signed by", "As", "Status now", "Note"), rows)]


def _open_points(minutes: Minutes) -> list[str]:
    """The open points, under their element's name: paragraphs rather than a table, since
    a table's row may be split between pages and a group under a heading is kept whole."""
    parts = ["<h2>Still open</h2>"]
    if not minutes.open_points:
        return parts + ['<p class="none">No critique or question of this session is still open.</p>']
    parts.append('<p class="meta">The critiques and questions of this session not yet resolved, in flow order</p>')
    where = None
    for point in minutes.open_points:
        if point.element_name != where:
            where = point.element_name
            parts.append(f"<h3>{html_text(where)}</h3>")
        colour = KIND_COLOURS.get(point.kind, "#8a949e")
        parts.append(
            f'<p class="point"><span style="color: {colour}">■</span> <span class="kind">'
            f'{html.escape(KIND_NAMES.get(point.kind, point.kind))}</span> · <span class="author">'
            f"{html_text(point.author)}</span>: {html_text(point.text)}</p>"
        )
    return parts


def _open_actions(minutes: Minutes) -> list[str]:
    parts = ["<h2>Improvement actions still open</h2>"]
    if not minutes.actions:
        return parts + ['<p class="none">No improvement action is open.</p>']
    return parts + [f'<p class="point">{action_line(action, html_text)}</p>' for action in minutes.actions]


def _plain(text: str) -> str:
    return " ".join(text.split())
