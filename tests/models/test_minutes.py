"""The minutes of a review session: exactly its attendees, comments and sign-offs, in
flow order, and Markdown that shows user text as text."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QTextDocument

from models.chain import Comment, Session
from models.chain_file import load_chain
from models.flow_order import elements_in_flow_order, touchpoints_in_flow_order
from models.minutes import MinutesError, markdown_text, session_minutes, to_markdown
from resources.samples import sample_paths
from resources.templates import template_paths
from tests.minutes_chain import (
    APRIL,
    APRIL_COMMENTS,
    FIRST,
    IN_NEITHER,
    LEAVING_SECOND,
    MARCH,
    MARCH_COMMENTS,
    SECOND,
    two_sessions_chain,
)


def comment_ids(minutes) -> set[str]:
    found = set()

    def visit(comments):
        for comment in comments:
            found.add(comment.id)
            visit(comment.replies)

    for element in minutes.elements:
        visit(element.comments)
    return found


def named_comments(text: str) -> set[str]:
    """The comment ids a text names ("[c-1]", escaped in Markdown as "\\[c-1\\]")."""
    return set(re.findall(r"\[(c-\d+)\\?\]", text))


def test_the_minutes_of_a_session_hold_its_comments_and_nothing_else():
    chain = two_sessions_chain()
    march, april = session_minutes(chain, MARCH), session_minutes(chain, APRIL)
    assert comment_ids(march) == MARCH_COMMENTS
    assert comment_ids(april) == APRIL_COMMENTS
    assert march.comment_count() == len(MARCH_COMMENTS)
    assert not IN_NEITHER & (comment_ids(march) | comment_ids(april))
    # The Markdown too: every comment of the session, none of another day.
    assert named_comments(to_markdown(march)) == MARCH_COMMENTS
    assert named_comments(to_markdown(april)) == APRIL_COMMENTS


def test_attendees_title_date_and_notes():
    minutes = session_minutes(two_sessions_chain(), MARCH)
    assert (minutes.title, minutes.date, minutes.chain_title) == ("Showroom walkthrough", "2026-03-02", "Order to delivery")
    assert [(a.name, a.job_title, a.department) for a in minutes.attendees] == [
        ("Ana Ruiz", "Head of Sales", "Sales"), ("Lena Okafor", "Reception lead", "Reception"),
    ]
    markdown = to_markdown(minutes)
    assert "- **Ana Ruiz**, Head of Sales, Sales\n- **Lena Okafor**, Reception lead, Reception\n" in markdown
    assert "Tom Becker**" not in markdown.split("## Comments")[0]  # April's attendee
    assert "We walked the showroom steps.\\\nBring the forms." in markdown  # a hard line break


def test_an_attendee_no_longer_on_the_roster_is_named_by_id():
    chain = two_sessions_chain()
    chain.sessions[0].attendees.append("p-gone")
    attendee = session_minutes(chain, MARCH).attendees[-1]
    assert (attendee.name, attendee.on_roster) == ("p-gone", False)
    assert "- **p-gone** (no longer on the roster)" in to_markdown(session_minutes(chain, MARCH))


def test_comments_are_grouped_by_element_in_flow_order_with_replies_under_their_comment():
    chain = two_sessions_chain()
    minutes = session_minutes(chain, MARCH)
    assert [e.element for e in minutes.elements] == [None, SECOND, LEAVING_SECOND, "reception"]
    order = elements_in_flow_order(chain)
    assert [order.index(e.element) for e in minutes.elements] == sorted(order.index(e.element) for e in minutes.elements)
    thread = minutes.elements[1].comments
    assert [(c.id, [r.id for r in c.replies]) for c in thread] == [("c-1", ["c-2"])]
    assert minutes.elements[2].name.startswith("Handoff “Welcomes the visitor")
    assert minutes.elements[3].name == "Department Reception"


def test_a_reply_to_a_comment_of_another_session_says_what_it_answers():
    reply = session_minutes(two_sessions_chain(), APRIL).elements[-1].comments[0]
    assert (reply.id, reply.answers) == ("c-9", "Ana Ruiz's comment of 2026-03-02")
    assert "(answering Ana Ruiz's comment of 2026-03-02): \\[c-9\\]" in to_markdown(session_minutes(two_sessions_chain(), APRIL))


def test_signoffs_of_the_session_and_of_its_day_without_session():
    minutes = session_minutes(two_sessions_chain(), MARCH)
    assert [(s.touchpoint, s.name, s.role) for s in minutes.signoffs] == [
        (FIRST, "Lena Okafor", "service_provider"), (SECOND, "Tom Becker", "management"),
    ]
    april = session_minutes(two_sessions_chain(), APRIL)
    assert [(s.touchpoint, s.name) for s in april.signoffs] == [(FIRST, "Tom Becker")]
    markdown = to_markdown(minutes)
    assert "signed off by **Tom Becker** (management); status now" in markdown
    assert "Note: Pending the second desk." in markdown
    assert "Ana Ruiz** (management" not in markdown  # her sign-off is of the day after


def test_open_points_are_the_open_critiques_and_questions_of_the_session():
    minutes = session_minutes(two_sessions_chain(), MARCH)
    assert [(p.kind, p.author) for p in minutes.open_points] == [("critique", "Ana Ruiz"), ("question", "Lena Okafor")]
    # c-8 is a resolved critique, c-3 an idea and c-7 praise: none is open.
    assert "c-8" not in to_markdown(minutes).split("## Still open")[1]


def test_a_comment_recorded_in_the_session_on_a_later_day_says_when():
    chain = two_sessions_chain()
    chain.comments.append(Comment(id="c-late", element=FIRST, author="Ana Ruiz", date="2026-03-03",
                                  session=MARCH, text="Typed up from the flip chart."))
    minutes = session_minutes(chain, MARCH)
    assert "c-late" in comment_ids(minutes)
    assert "**Critique, open, noted 2026-03-03** by Ana Ruiz" in to_markdown(minutes)


def test_the_only_session_is_chosen_when_none_is_named():
    chain = two_sessions_chain()
    with pytest.raises(MinutesError, match=r"has 2 sessions; choose one: s-march “Showroom walkthrough” \(2026-03-02\), s-april"):
        session_minutes(chain, None)
    del chain.sessions[1]
    assert session_minutes(chain, None).session_id == MARCH


@pytest.mark.parametrize(("sessions", "asked", "message"), [
    ([], "s-1", "The chain has no review sessions yet, so there are no minutes to write."),
    ([Session(id="s-1", date="2026-01-05", title="Kick-off")], "s-9",
     "The chain has no session “s-9”; its sessions are s-1 “Kick-off” (2026-01-05)."),
])
def test_an_unknown_session_is_one_sentence_naming_the_sessions(sessions, asked, message):
    chain = two_sessions_chain()
    chain.sessions[:] = sessions
    chain.comments.clear()
    with pytest.raises(MinutesError) as raised:
        session_minutes(chain, asked)
    assert str(raised.value) == message


def test_a_session_without_comments_or_signoffs_says_so():
    chain = two_sessions_chain()
    chain.sessions.append(Session(id="s-quiet", date="2025-12-24", title="Quiet"))
    markdown = to_markdown(session_minutes(chain, "s-quiet"))
    for sentence in ("*No attendees recorded.*", "*No comments were made in this session.*",
                     "*No sign-offs were given in this session.*",
                     "*No critique or question of this session is still open.*"):
        assert sentence in markdown


HOSTILE = (
    "# Not a heading\n[a link](https://example.com) <script>alert(1)</script> <b>bold</b>\n"
    "*stars* _under_ `code` ~~gone~~ | pipe &amp; \\\n"
    "1. not a list\n- nor this\n> nor a quote\n    nor code\n\n===\n![image](x.png) \x1b[31m"
)


def markdown_document(markdown: str) -> QTextDocument:
    document = QTextDocument()
    document.setMarkdown(markdown)  # md4c: CommonMark with GitHub's extensions
    return document


def test_markdown_escapes_what_a_comment_could_inject(qapp):
    chain = two_sessions_chain()
    chain.sessions[0].title = "<i>Session</i> # [x](y) #"
    chain.people[0].name = "**Ana** [me](https://evil.example)"
    chain.comments[0].text = HOSTILE
    markdown = to_markdown(session_minutes(chain, MARCH))
    document = markdown_document(markdown)
    html = document.toHtml()
    for injected in ("<script", "<b>bold", "<img", "<i>Session"):
        assert injected not in html
    # A bare web address stays one (GitHub's Markdown links it too), showing its target;
    # no text links anywhere else.
    links = re.findall(r'<a href="([^"]*)">(?:<span[^>]*>)?([^<]*)', html)
    assert links and all(href == shown for href, shown in links)
    headings = []
    block = document.begin()
    while block.isValid():
        if block.blockFormat().headingLevel():
            headings.append((block.blockFormat().headingLevel(), block.text()))
        block = block.next()
    assert [level for level, _ in headings] == [1, 2, 2, 2, 3, 3, 3, 3, 2, 2, 2]  # ... still open, actions
    assert headings[0][1] == "Minutes: <i>Session</i> # [x](y) #"
    text = document.toPlainText()
    for shown in ("# Not a heading", "[a link](https://example.com) <script>alert(1)</script>", "*stars* _under_ `code` ~~gone~~ | pipe &amp; \\",
                  "1. not a list", "- nor this", "> nor a quote", "nor code", "![image](x.png) \\x1b[31m",
                  "**Ana** [me](https://evil.example)"):
        assert shown in text, shown


@pytest.mark.parametrize("text", ["1) one", "+ plus", "= equals", "#hash", "12. twelve", "-dash"])
def test_a_line_start_that_would_begin_a_block_is_escaped(qapp, text):
    document = markdown_document(f"Some paragraph\n\n{markdown_text(text)}\n")
    assert document.toPlainText().split("\n")[-1] == text
    assert all(not document.findBlockByNumber(n).textList() for n in range(document.blockCount()))


@pytest.mark.parametrize("path", [*sample_paths(), *template_paths()], ids=lambda p: p.stem)
def test_minutes_of_every_sample_and_template(path):
    chain = load_chain(path)
    chain.sessions.append(Session(id="s-x", date="2026-05-05", title="Walk", attendees=[p.id for p in chain.people[:3]]))
    for element in [None, *(t.id for t in chain.touchpoints)]:
        chain.comments.append(Comment(id=f"c-{len(chain.comments)}", element=element, author="A", date="2026-05-05",
                                      session="s-x", text="Remark"))
    minutes = session_minutes(chain, "s-x")
    assert minutes.comment_count() == len(chain.touchpoints) + 1
    flow = [t.id for t in touchpoints_in_flow_order(chain)]
    assert [e.element for e in minutes.elements] == [None, *flow]
    assert to_markdown(minutes).count("- **Critique, open** by A: Remark") == len(chain.touchpoints) + 1


def test_the_improvement_actions_still_open_are_listed_with_owner_phase_and_due_date():
    from models.chain import Action

    chain = two_sessions_chain()
    first = chain.touchpoints[1]
    chain.actions = [
        Action(id="a-open", title="Staff the desk *before* nine", elements=[first.id], owner="p-ana-ruiz",
               phase="do", due="2026-04-01"),
        Action(id="a-done", title="Print the forms", phase="done"),
    ]
    minutes = session_minutes(chain, MARCH)
    assert [action.title for action in minutes.actions] == ["Staff the desk *before* nine"]
    text = to_markdown(minutes)
    assert "## Improvement actions still open" in text and "Print the forms" not in text
    line = next(line for line in text.splitlines() if "Staff the desk" in line)
    assert "\\*before\\*" in line and "(do; Ana Ruiz; due 2026-04-01)" in line
    assert first.label.split()[0] in line
