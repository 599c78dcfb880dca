"""Rules of the service blueprint: moments of truth, fail points and the common service
language (format version 2)."""

from __future__ import annotations

from models.lint.registry import Hit, Reads, rule


@rule(
    "moment-of-truth-not-approved",
    "warning",
    "A moment of truth is approved.",
    """A moment of truth is where the customer is won or lost. Of all the steps it is the
    one that must not stay a proposal: management and the people who do it must have
    agreed how it goes.""",
    "Review the touchpoint with management and its service providers, then sign it off.",
    reads=Reads.TOUCHPOINT,
)
def moment_of_truth_not_approved(context):
    messages: dict[str, str] = {}  # status -> its message, shared (see review-not-approved)
    for touchpoint in context.touchpoint_rows:
        status = touchpoint.review_status
        if status != "approved" and "moment_of_truth" in touchpoint.marks:
            message = messages.get(status)
            if message is None:
                message = messages[status] = f"A moment of truth, still \"{status}\"."
            yield Hit(touchpoint.id, message)


@rule(
    "fail-point-needs-measure",
    "warning",
    "A fail point is measured.",
    """A fail point is where the chain is known to break. Unless it is measured, nobody
    sees it break until a customer complains; a measure with a target makes each failure
    visible in the results and the scorecard.""",
    "Add a measure to the touchpoint (for example the share of cases done right the first time).",
    reads=Reads.TOUCHPOINT,
)
def fail_point_needs_measure(context):
    for touchpoint in context.touchpoint_rows:
        if "fail_point" in touchpoint.marks and touchpoint.measure is None:
            yield Hit(touchpoint.id, "A fail point without a measure: nobody will see it fail.")


@rule(
    "glossary-avoided-term",
    "info",
    "Touchpoints use the common service language.",
    """The glossary is the organisation's common service language: one word for one thing.
    A label, procedure or expectation that uses a word the glossary says to avoid makes
    two teams talk past each other.""",
    "Use the glossary's term instead.",
    reads=Reads.TOUCHPOINT | Reads.GLOSSARY,
)
def glossary_avoided_term(context):
    avoided = context.avoided_words
    if not avoided:
        return
    for touchpoint in context.touchpoint_rows:
        procedure = touchpoint.procedure
        texts = [touchpoint.label, touchpoint.expectation,
                 procedure.title if procedure else None, procedure.summary if procedure else None]
        said = " ".join(text for text in texts if text)
        lowered = said.lower() if said.isascii() else None
        for pattern, word, term, ascii_lower in avoided:
            if lowered is not None and ascii_lower is not None and ascii_lower not in lowered:
                continue  # (quick: most touchpoints use no avoided word; see AvoidedWord)
            if pattern.search(said):
                yield Hit(touchpoint.id, f"Says \"{word}\"; the glossary's term is \"{term}\".")
