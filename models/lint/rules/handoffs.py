"""Rules about handoffs: what they pass, how decisions branch, loops and duplicates."""

from __future__ import annotations

from models.lint.registry import Hit, Reads, rule


@rule(
    "handoff-passes-required",
    "warning",
    "A handoff between departments says what it passes.",
    """Cross-department handoffs are where "connect the dots" succeeds or fails. Saying
    what is handed over (an order form, a patient file) lets both sides check it arrived.""",
    "Say what is handed over, e.g. \"signed order form\".",
    reads=Reads.PLACES | Reads.HANDOFFS | Reads.HANDOFF_TEXT,
)
def passes_required(context):
    lanes, handoffs = context.lanes, context.handoffs
    for id, source, target, passes in zip(handoffs.ids, handoffs.sources, handoffs.targets, handoffs.passes):
        if lanes[source] != lanes[target] and not (passes or "").strip():
            yield Hit(id, "This handoff crosses departments but does not say what it passes.")


@rule(
    "decision-branches-labelled",
    "warning",
    "A decision has at least two labelled branches.",
    """A decision that leads only one way is not a decision, and an unlabelled branch
    leaves the employee guessing which way to go.""",
    "Give the decision a handoff for each answer and label each one (\"Yes\", \"No\").",
    reads=Reads.PLACES | Reads.HANDOFFS | Reads.HANDOFF_TEXT,
)
def decision_branches(context):
    rows = context.touchpoint_rows
    branches: dict[int, list[str | None]] = {number: [] for number, row in enumerate(rows) if row.kind == "decision"}
    if not branches:
        return
    handoffs = context.handoffs
    for source, label in zip(handoffs.sources, handoffs.labels):
        outgoing = branches.get(source)
        if outgoing is not None:
            outgoing.append(label)
    for number, outgoing in branches.items():  # the decisions (their branches' labels), in file order
        if len(outgoing) < 2:
            yield Hit(rows[number].id, f"The decision has {len(outgoing)} outgoing branch(es); it needs at least two.")
        unlabelled = sum(1 for label in outgoing if not (label or "").strip())
        if unlabelled:
            yield Hit(rows[number].id, f"{unlabelled} branch(es) of this decision have no label.")


@rule(
    "self-handoff",
    "error",
    "No touchpoint hands off to itself.",
    """A handoff passes work from one touchpoint to the next. One that leads back to the
    same touchpoint says nothing about the service and hides a missing step.""",
    "Remove the handoff, or add the step that really happens in between.",
    reads=Reads.HANDOFFS,
)
def self_handoff(context):
    handoffs = context.handoffs
    for id, source, target in zip(handoffs.ids, handoffs.sources, handoffs.targets):
        if source == target:
            yield Hit(id, "The handoff leads from a touchpoint back to itself.")


@rule(
    "duplicate-handoff",
    "warning",
    "Two touchpoints are joined by one handoff only.",
    """Two handoffs between the same touchpoints in the same direction make the chart
    harder to read and usually mean one was drawn twice.""",
    "Remove the duplicate, or merge what the two pass into one handoff.",
    reads=Reads.HANDOFFS,
)
def duplicate_handoff(context):
    # Only a touchpoint that hands off to one touchpoint twice has a duplicate, and most
    # hand off once: remembering just their pairs keeps a large chain's set small, not
    # one entry (and one int) per handoff.
    seen: set[int] = set()
    count = len(context.touchpoint_rows)
    handoffs, successors = context.handoffs, context.successors
    for id, source, target in zip(handoffs.ids, handoffs.sources, handoffs.targets):
        following = successors[source]
        if len(following) < 2 or following.count(target) < 2:
            continue
        pair = source * count + target  # (one int per pair: no tuple to make)
        if pair in seen:
            yield Hit(id, "Another handoff already joins the same two touchpoints.")
        seen.add(pair)
