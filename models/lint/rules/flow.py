"""Rules about how the chain flows from where customers enter to where it delivers."""

from __future__ import annotations

from models.graph import on_every_path
from models.lint.registry import Hit, Reads, rule


@rule(
    "start-required",
    "error",
    "The chain has a start.",
    """A start touchpoint is where a customer enters the chain. Without one, nobody can
    tell where the service begins or check that every step can be reached.""",
    "Mark the touchpoint where the customer first makes contact as a start.",
    reads=Reads.PLACES,
)
def start_required(context):
    if not context.starts:
        yield Hit(None, "The chain has no start touchpoint.")


@rule(
    "end-required",
    "warning",
    "The chain has an end.",
    """An end touchpoint is where the chain delivers to the customer. A chain without one
    does not show what the service achieves.""",
    "Mark the touchpoint where the customer is served in full as an end.",
    reads=Reads.PLACES,
)
def end_required(context):
    if not context.ends:
        yield Hit(None, "The chain has no end touchpoint.")


@rule(
    "no-disconnected",
    "warning",
    "Every touchpoint is connected to the chain.",
    """A touchpoint with no handoff at all is a link outside the chain: nobody hands work
    to it and it hands nothing on.""",
    "Connect it to the touchpoints before and after it, or remove it.",
    reads=Reads.HANDOFFS,
)
def no_disconnected(context):
    linked = context.linked
    for number, touchpoint in enumerate(context.touchpoint_rows):
        if not linked[number]:
            yield Hit(touchpoint.id, "The touchpoint has no handoff to or from any other.")


@rule(
    "unreachable",
    "warning",
    "Every touchpoint can be reached from a start.",
    """A touchpoint that no path from a start leads to is never reached by a customer
    in this chain: either a handoff is missing or the step is waste.""",
    "Add the missing handoff that leads here, or mark the touchpoint as a start.",
    reads=Reads.PLACES | Reads.HANDOFFS,
)
def unreachable(context):
    if not context.starts:
        return  # start-required already says what is wrong
    reached, linked = _reached(context.successors, context.starts), context.linked
    for number, touchpoint in enumerate(context.touchpoint_rows):
        # A touchpoint with no handoff at all is reported by no-disconnected alone.
        if not reached[number] and linked[number]:
            yield Hit(touchpoint.id, "No path from a start touchpoint leads here.")


@rule(
    "dead-end",
    "warning",
    "Every touchpoint but an end hands off to another.",
    """A touchpoint other than an end that hands nothing on leaves the customer waiting:
    the next department never hears of them.""",
    "Add a handoff to the next touchpoint, or mark this one as an end.",
    reads=Reads.PLACES | Reads.HANDOFFS,
)
def dead_end(context):
    successors, predecessors = context.successors, context.predecessors
    for number, touchpoint in enumerate(context.touchpoint_rows):
        if touchpoint.kind != "end" and not successors[number] and predecessors[number]:
            yield Hit(touchpoint.id, "The touchpoint hands off to nothing, but it is not an end.")


@rule(
    "internal-reaches-external",
    "warning",
    "Internal service reaches the external customer.",
    """A department that never meets a paying customer still serves colleagues, and that
    chain of internal service must eventually reach the external customer. An internal
    touchpoint with no path to any external one is a link that leads nowhere: waste.""",
    "Add the handoffs that carry this work on to a touchpoint serving the external customer.",
    reads=Reads.PLACES | Reads.HANDOFFS,
)
def internal_reaches_external(context):
    rows = context.touchpoint_rows
    external = [number for number, touchpoint in enumerate(rows) if touchpoint.serves == "external"]
    leads_to_customer = _reached(context.predecessors, external)
    for number, touchpoint in enumerate(rows):
        if touchpoint.serves == "internal" and not leads_to_customer[number]:
            yield Hit(touchpoint.id, "No path leads from this internal service to the external customer.")


@rule(
    "weak-link",
    "info",
    "No single touchpoint carries every path from start to end.",
    """One weak link breaks the service the customer feels. A touchpoint that every path
    from every start to every end passes through is such a link: if it fails (its owner
    is ill, its system is down), the whole chain stops.""",
    "Give it a backup owner and a fallback procedure, or add an alternative path around it.",
    reads=Reads.PLACES | Reads.HANDOFFS,
)
def weak_link(context):
    if not context.starts or not context.ends:
        return
    # A touchpoint on every start-to-end path is on every path from a virtual source
    # before all starts to a virtual sink behind all ends. The touchpoints are nodes by
    # their numbers; the source and the sink come after them.
    rows = context.touchpoint_rows
    source, sink = len(rows), len(rows) + 1
    successors = [*context.successors, context.starts, []]  # (the lists are shared, not copied:)
    for end in context.ends:
        successors[end] = [*successors[end], sink]  # (... so a list that changes is a new one)
    endpoints = {*context.starts, *context.ends}
    weak = sorted(node for node in on_every_path(successors, source, sink) if node not in endpoints)
    for number in weak:  # in file order
        yield Hit(rows[number].id, "Every path from a start to an end passes through this touchpoint.")


def _reached(neighbours: list[list[int]], sources: list[int]) -> list[bool]:
    """Touchpoint number -> whether a walk along `neighbours` (successors, or to walk
    backwards, predecessors) from any of `sources` reaches it; the sources do."""
    reached = [False] * len(neighbours)
    for source in sources:
        reached[source] = True
    stack = list(sources)
    pop, push = stack.pop, stack.append
    while stack:
        for neighbour in neighbours[pop()]:
            if not reached[neighbour]:
                reached[neighbour] = True
                push(neighbour)
    return reached
