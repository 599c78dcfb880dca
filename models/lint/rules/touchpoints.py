"""Rules about the fields of each touchpoint: owner, procedure, label, expectations."""

from __future__ import annotations

from models.lint.registry import Hit, Reads, rule
from models.links import is_safe_link


def _blank(text: str | None) -> bool:
    return not text or text.isspace()


@rule(
    "touchpoint-owner-required",
    "error",
    "Every touchpoint has an owner.",
    """Every touchpoint has a person or role who owns it until the customer is passed on
    to the next department. Unowned contact points are where service falls apart.
    Touchpoints in the customer's own lane are the customer's actions and need no owner.""",
    "Choose an owner from the roster, or add the person who is responsible.",
    reads=Reads.TOUCHPOINT | Reads.DEPARTMENTS,
)
def owner_required(context):
    customer_lanes = context.customer_lanes
    for touchpoint in context.touchpoint_rows:
        if touchpoint.owner is None and touchpoint.department not in customer_lanes:
            yield Hit(touchpoint.id, "Nobody owns this touchpoint.")


@rule(
    "touchpoint-procedure-required",
    "error",
    "Every touchpoint follows a standard procedure.",
    """Each touchpoint follows a standard procedure: an SOP, a checklist or a script.
    Where none exists, creating one is the first improvement. Touchpoints in the
    customer's own lane are the customer's actions and need no procedure.""",
    "Name the procedure (and link to it), or write one and link it here.",
    reads=Reads.TOUCHPOINT | Reads.DEPARTMENTS,
)
def procedure_required(context):
    customer_lanes = context.customer_lanes
    for touchpoint in context.touchpoint_rows:
        if touchpoint.department in customer_lanes:
            continue
        if touchpoint.procedure is None or _blank(touchpoint.procedure.title):
            yield Hit(touchpoint.id, "No standard procedure is named for this touchpoint.")


@rule(
    "touchpoint-label-required",
    "error",
    "Every touchpoint has a label.",
    """The label is what a new employee reads on the chart. A touchpoint without one
    cannot be discussed, trained or improved.""",
    "Give the touchpoint a short label that says what happens, e.g. \"Confirms order\".",
    reads=Reads.TOUCHPOINT,
)
def label_required(context):
    for touchpoint in context.touchpoint_rows:
        if _blank(touchpoint.label):
            yield Hit(touchpoint.id, "The touchpoint has no label.")


@rule(
    "expectation-required",
    "warning",
    "Every touchpoint says what the customer expects.",
    """Service is judged against what the customer expects at each point of contact.
    Writing the expectation down is what lets the owner meet it.""",
    "Write what the customer expects here, e.g. \"a confirmation within the hour\".",
    reads=Reads.TOUCHPOINT,
)
def expectation_required(context):
    for touchpoint in context.touchpoint_rows:
        if _blank(touchpoint.expectation):
            yield Hit(touchpoint.id, "What the customer expects here is not written down.")


@rule(
    "objective-required",
    "info",
    "Every owned touchpoint has a measurable objective.",
    """A specific, measurable objective ("confirm orders within 1 hour") is what the owner
    is held to and what shows whether the service improves. Touchpoints in the
    customer's own lane have no owner to hold to one.""",
    "Add a measurable target for the owner, with a number and a unit of time or quality.",
    reads=Reads.TOUCHPOINT | Reads.DEPARTMENTS,
)
def objective_required(context):
    customer_lanes = context.customer_lanes
    for touchpoint in context.touchpoint_rows:
        if _blank(touchpoint.objective) and touchpoint.department not in customer_lanes:
            yield Hit(touchpoint.id, "There is no measurable objective for this touchpoint.")


@rule(
    "procedure-link-unsafe",
    "error",
    "Procedure links are http, https, mailto or relative paths.",
    """Chains are shared and their exports are opened by many people. A link with another
    scheme (javascript:, data:, file:) could run code or reach into someone's machine,
    so it is shown as plain text and never opened.""",
    "Link to the procedure with an https:// address or a path relative to the chain file.",
    reads=Reads.TOUCHPOINT,
)
def procedure_link_unsafe(context):
    for touchpoint in context.touchpoint_rows:
        procedure = touchpoint.procedure
        if procedure is not None and procedure.link and not is_safe_link(procedure.link):
            yield Hit(
                touchpoint.id,
                "The procedure link is not an http, https or mailto address or a relative path.",
            )
