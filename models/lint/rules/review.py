"""Rules about the review of each touchpoint and its sign-offs."""

from __future__ import annotations

from models.lint.registry import Hit, Reads, rule


@rule(
    "review-not-approved",
    "info",
    "Every touchpoint is reviewed and approved.",
    """Every contact point must be identified, examined, critiqued and approved. Until it
    is approved, the way it is drawn is a proposal, not the agreed service.""",
    "Review the touchpoint with management and the service providers, then sign it off.",
    reads=Reads.TOUCHPOINT,
)
def not_approved(context):
    # One message per status, shared by its findings: most touchpoints of a large chain
    # are not approved yet, and a string of its own for each is garbage lint need not make.
    messages: dict[str, str] = {}
    for touchpoint in context.touchpoint_rows:
        status = touchpoint.review_status
        if status != "approved":
            message = messages.get(status)
            if message is None:
                message = messages[status] = f"The review status is \"{status}\", not yet approved."
            yield Hit(touchpoint.id, message)


@rule(
    "approval-needs-both-roles",
    "warning",
    "Approval is signed by management and a service provider.",
    """Approval involves management and, more importantly, the service providers
    themselves: an approval that one side signed alone has not been agreed.""",
    "Add the missing sign-off from management or from a service provider.",
    reads=Reads.TOUCHPOINT,
)
def needs_both_roles(context):
    for touchpoint in context.touchpoint_rows:
        if touchpoint.review_status != "approved":
            continue
        roles = {signoff.role for signoff in touchpoint.review.signoffs}
        missing = [name for role, name in (("management", "management"), ("service_provider", "a service provider")) if role not in roles]
        if missing:
            yield Hit(touchpoint.id, f"Approved without a sign-off from {' or '.join(missing)}.")


@rule(
    "critique-open-on-approved",
    "warning",
    "An approved touchpoint has no open critique.",
    """Approval means the people who do the work and their managers agree on the step. A
    critique still open on it says somebody does not agree yet, or that a promised
    change has not been made.""",
    "Answer the critique and resolve it, or take the touchpoint back into review.",
    reads=Reads.TOUCHPOINT | Reads.COMMENTS,
)
def critique_open_on_approved(context):
    open_critiques = context.open_critiques
    for touchpoint in context.touchpoint_rows:
        if touchpoint.review_status == "approved" and touchpoint.id in open_critiques:
            count = len(open_critiques[touchpoint.id])
            shown = "an open critique" if count == 1 else f"{count} open critiques"
            yield Hit(touchpoint.id, f"Approved with {shown}.")
