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
    for touchpoint in context.touchpoint_rows:
        if touchpoint.review_status != "approved":
            yield Hit(touchpoint.id, f"The review status is \"{touchpoint.review_status}\", not yet approved.")


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
