"""The scorecard: per touchpoint, department and owner, whether the measured steps meet
their targets, what is being done about those that do not, and how each department's
internal customers rate it. `chain-designer scorecard` prints it as text, JSON or CSV."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass, field

from models.chain import Chain
from models.formula_guard import formula_guarded
from models.measures import latest_ratings, latest_result, open_actions, status


@dataclass
class TouchpointScore:
    id: str
    label: str
    department: str
    owner: str | None
    metric: str | None
    unit: str | None
    target: float | None
    direction: str | None
    period: str | None  # the latest result's
    value: float | None
    status: str  # "on", "off" or "none"
    open_actions: list[str] = field(default_factory=list)  # ids


@dataclass
class DepartmentScore:
    id: str
    name: str
    on: int
    off: int
    none: int
    rating_period: str | None = None
    rating: float | None = None  # the mean score of the latest period
    rehire: float | None = None


@dataclass
class OwnerScore:
    id: str
    name: str
    on: int
    off: int
    none: int
    open_actions: list[str] = field(default_factory=list)  # the open actions they own


@dataclass
class Scorecard:
    touchpoints: list[TouchpointScore]
    departments: list[DepartmentScore]
    owners: list[OwnerScore]

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2) + "\n"

    def to_csv(self) -> str:
        """One row per touchpoint, the columns of TouchpointScore; cells a spreadsheet would
        run as a formula are guarded as in the CSV export."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        names = list(TouchpointScore.__dataclass_fields__)
        writer.writerow(names)
        for score in self.touchpoints:
            writer.writerow([_cell(getattr(score, name)) for name in names])
        return out.getvalue()

    def to_text(self) -> str:
        lines = ["Touchpoints"]
        for score in self.touchpoints:
            if score.status == "none":
                measured = "no result" if score.metric else "not measured"
                lines.append(f"  {score.status:4}  {score.label} ({score.id}): {measured}")
                continue
            sign = ">=" if score.direction == "at_least" else "<="
            actions = f"; open actions: {', '.join(score.open_actions)}" if score.open_actions else ""
            lines.append(
                f"  {score.status:4}  {score.label} ({score.id}): {score.metric} {_number(score.value)} {score.unit} "
                f"in {score.period}, target {sign} {_number(score.target)}{actions}"
            )
        lines.append("Departments")
        for score in self.departments:
            rating = (f"; rated {score.rating:.1f} of 5 for {score.rating_period}"
                      + (f", {score.rehire:.0%} would hire them back" if score.rehire is not None else "")
                      if score.rating is not None else "")
            lines.append(f"  {score.name} ({score.id}): {score.on} on, {score.off} off, {score.none} without a result{rating}")
        lines.append("Owners")
        for score in self.owners:
            actions = f"; open actions: {', '.join(score.open_actions)}" if score.open_actions else ""
            lines.append(f"  {score.name} ({score.id}): {score.on} on, {score.off} off, {score.none} without a result{actions}")
        return "\n".join(lines) + "\n"


def scorecard(chain: Chain) -> Scorecard:
    """The scorecard of `chain`, touchpoints and departments in file order, owners in
    roster order."""
    acting: dict[str, list[str]] = {}
    for action in open_actions(chain):
        for element in action.elements:
            acting.setdefault(element, []).append(action.id)
    touchpoints = []
    for touchpoint in chain.touchpoints:
        measure, result = touchpoint.measure, latest_result(touchpoint)
        touchpoints.append(TouchpointScore(
            id=touchpoint.id, label=" ".join(touchpoint.label.split()), department=touchpoint.department,
            owner=touchpoint.owner,
            metric=measure.metric if measure else None, unit=measure.unit if measure else None,
            target=measure.target if measure else None, direction=measure.direction if measure else None,
            period=result.period if result and measure else None, value=result.value if result and measure else None,
            status=status(touchpoint), open_actions=acting.get(touchpoint.id, []),
        ))
    ratings = latest_ratings(chain)
    departments = []
    for department in chain.departments:
        statuses = [score.status for score in touchpoints if score.department == department.id]
        rating = ratings.get(department.id)
        departments.append(DepartmentScore(
            id=department.id, name=department.name, on=statuses.count("on"), off=statuses.count("off"),
            none=statuses.count("none"), rating_period=rating.period if rating else None,
            rating=rating.score if rating else None, rehire=rating.rehire if rating else None,
        ))
    owners = []
    for person in chain.people:
        statuses = [score.status for score in touchpoints if score.owner == person.id]
        actions = [action.id for action in open_actions(chain) if action.owner == person.id]
        if statuses or actions:
            owners.append(OwnerScore(id=person.id, name=person.name, on=statuses.count("on"),
                                     off=statuses.count("off"), none=statuses.count("none"), open_actions=actions))
    return Scorecard(touchpoints, departments, owners)


def _cell(value) -> str:
    """A CSV cell: numbers as written ("95", "91.5"), lists joined by ";", text guarded."""
    if value is None:
        return ""
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, list):
        return ";".join(value)
    return formula_guarded(value)


def _number(value: float) -> str:
    """95.0 -> "95", 91.5 -> "91.5", 1e6 -> "1000000"."""
    return str(int(value)) if value.is_integer() else repr(value)
