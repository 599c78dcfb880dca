"""A chain reviewed in two sessions on two days, for the minutes' tests.

Every comment's text names its id ("[c-1] ..."), so a test can tell from any output which
comments it holds. In the minutes of MARCH belong: c-1, c-2 (a reply in the session),
c-3 (no session, the session's day), c-7 (a handoff), c-8 (a department, resolved); and
the sign-offs of Lena Okafor (in the session) and Tom Becker (no session, that day).
c-5 is in neither: a reply to c-1 made a week later, in no session.
"""

from __future__ import annotations

from models.chain import Chain, Comment, Session, SignOff
from models.chain_file import load_chain
from resources.samples import FIRST_START_SAMPLE

MARCH, APRIL = "s-march", "s-april"
MARCH_COMMENTS = {"c-1", "c-2", "c-3", "c-7", "c-8"}
APRIL_COMMENTS = {"c-4", "c-6", "c-9"}  # c-6: no session, April's day; c-9 answers c-1 of March
IN_NEITHER = {"c-5"}  # a reply to c-1 a week later, without session
FIRST, SECOND = "tp-visit-showroom", "tp-welcome-visitor"  # in flow order
LEAVING_SECOND = "h-reception-to-adviser"


def comment(id: str, element: str | None, date: str, **fields) -> Comment:
    text = fields.pop("text", "remark")
    return Comment(id=id, element=element, author=fields.pop("author", "Ana Ruiz"), date=date,
                   text=f"[{id}] {text}", **fields)


def two_sessions_chain() -> Chain:
    chain = load_chain(FIRST_START_SAMPLE)
    chain.sessions += [
        Session(id=MARCH, date="2026-03-02", title="Showroom walkthrough",
                attendees=["p-ana-ruiz", "p-lena-okafor"], notes="We walked the showroom steps.\nBring the forms."),
        Session(id=APRIL, date="2026-04-14", title="Back office review", attendees=["p-tom-becker"]),
    ]
    chain.comments += [
        comment("c-1", SECOND, "2026-03-02", session=MARCH, text="The queue at reception is too long."),
        comment("c-2", None, "2026-03-02", session=MARCH, reply_to="c-1", kind="question",
                author="Lena Okafor", text="At which hours?"),
        comment("c-3", None, "2026-03-02", kind="idea", text="Greet every visitor by name."),
        comment("c-4", FIRST, "2026-04-14", session=APRIL, text="Nobody owns the stock list."),
        comment("c-5", None, "2026-03-09", reply_to="c-1", text="Still too long a week later."),
        comment("c-6", FIRST, "2026-04-14", kind="praise", text="Lovely new displays."),
        comment("c-7", LEAVING_SECOND, "2026-03-02", session=MARCH, kind="praise", text="A smooth handover."),
        comment("c-8", "reception", "2026-03-02", session=MARCH, status="resolved", text="Two people at the desk."),
        comment("c-9", None, "2026-04-14", session=APRIL, reply_to="c-1", text="Fixed by a second desk."),
    ]
    touchpoints = {t.id: t for t in chain.touchpoints}
    touchpoints[FIRST].review.signoffs += [
        SignOff(name="Lena Okafor", role="service_provider", date="2026-03-02", session=MARCH),
        SignOff(name="Tom Becker", role="management", date="2026-04-14", session=APRIL),
    ]
    touchpoints[SECOND].review.signoffs += [
        SignOff(name="Tom Becker", role="management", date="2026-03-02", note="Pending the second desk."),
        SignOff(name="Ana Ruiz", role="management", date="2026-03-03"),  # the day after, no session
    ]
    return chain
