"""Rules about measures, improvement actions and internal ratings (format version 2)."""

from __future__ import annotations

from models.lint.registry import Hit, Reads, rule
from models.measures import latest_ratings, latest_result

#: Below this mean score (of 5) an internal customer would not hire its provider back.
LOW_RATING = 3.0


@rule(
    "measure-target-required",
    "info",
    "An objective is made measurable.",
    """An objective written only in words cannot be checked: nobody can say whether the
    step meets it. A measure names the metric, its unit, the target and how often it is
    taken, so results can be compared with it.""",
    "Add a measure to the touchpoint: metric, unit, target, direction and period.",
    reads=Reads.TOUCHPOINT,
)
def measure_target_required(context):
    for touchpoint in context.touchpoint_rows:
        if touchpoint.objective and touchpoint.measure is None:
            yield Hit(touchpoint.id, "The objective has no measure, so no result can show whether it is met.")


@rule(
    "off-target-needs-action",
    "warning",
    "A touchpoint off target has an improvement action.",
    """Plan-do-check-act starts where a result misses its target. A step that is off target
    with no open action naming it is a known problem that nobody is working on.""",
    "Create an improvement action for the touchpoint (from its finding), or record a new result.",
    reads=Reads.TOUCHPOINT | Reads.ACTIONS,
)
def off_target_needs_action(context):
    acted_on = context.open_action_elements
    for touchpoint in context.touchpoint_rows:
        measure = touchpoint.measure
        if measure is None:  # (first: most touchpoints are not measured)
            continue
        result = latest_result(touchpoint.touchpoint)  # (the row's model: few touchpoints are measured)
        if result is None or touchpoint.id in acted_on:
            continue
        if not measure.met_by(result.value):
            yield Hit(
                touchpoint.id,
                f"{result.period}: {result.value:g} {measure.unit} misses the target of "
                f"{_direction(measure.direction)} {measure.target:g} {measure.unit}, and no open action names it.",
            )


@rule(
    "action-overdue",
    "warning",
    "Improvement actions are done by their due date.",
    """An action past its due date and not done stalls the improvement cycle, and the
    people waiting for it stop trusting the plan.""",
    "Finish the action and move it to done, or agree a new due date.",
    reads=Reads.ACTIONS,
)
def action_overdue(context):
    today = context.today.isoformat()
    for action in context.chain.actions:
        if action.phase != "done" and action.due is not None and action.due < today:
            yield Hit(action.id, f"Due {action.due}, still in {action.phase}.")


@rule(
    "low-internal-rating",
    "warning",
    "Internal customers would hire their providers back.",
    """A department whose internal customers rate it below 3 of 5 is failing the
    colleagues who depend on it; the internal chain weakens the service the external
    customer gets.""",
    "Agree an improvement action with the rating departments, naming the department or one of its touchpoints.",
    reads=Reads.RATINGS | Reads.ACTIONS | Reads.PLACES | Reads.DEPARTMENTS,
)
def low_internal_rating(context):
    if not context.chain.ratings:
        return
    acted_on = context.open_action_elements
    lanes = {}
    for touchpoint in context.touchpoint_rows:
        lanes.setdefault(touchpoint.department, set()).add(touchpoint.id)
    for department, (period, score, _rehire, _responses) in latest_ratings(context.chain).items():
        if score < LOW_RATING and department not in acted_on and not lanes.get(department, set()) & acted_on:
            yield Hit(department, f"Rated {score:.1f} of 5 for {period}, and no open action names it.")


def _direction(direction: str) -> str:
    return "at least" if direction == "at_least" else "at most"
