"""Pydantic models of the `.chain` file format (shared/CHAIN-FORMAT.md, docs/chain-format.md).

Field order here is the key order of the file, so keep it in the order of that page.
Optional fields default to None (or their documented default) so that saving with
`exclude_defaults` writes only what the user set.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from functools import partial
from itertools import chain as chain_together
from operator import is_not
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_serializer,
    model_validator,
)

from models.field_reading import field_rows, field_values
from models.periods import parse_period

FORMAT_NAME = "service-chain"
FORMAT_VERSION = 2  # the newest version this program reads
BASE_VERSION = 1  # what a chain that uses no version 2 field is written as

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
ElementId = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Color = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]


def _real_date(text: str) -> str:
    datetime.date.fromisoformat(text)  # a ValueError names what is wrong ("month must be in 1..12")
    return text


def _real_period(text: str) -> str:
    parse_period(text)  # a ValueError says what a period looks like
    return text


Period = Annotated[str, AfterValidator(_real_period)]
Date = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$"), AfterValidator(_real_date)]


#: How far from the origin a card may lie, in pixels (about 260 m at 96 per inch): far
#: beyond any real chain, and near enough that drawing and exporting stay finite.
MAX_COORDINATE = 1_000_000
#: The largest side of a resized card, in pixels.
MAX_CARD_SIDE = 100_000


def _round_coordinate(value: float) -> float:
    # The writing rules keep at most 2 decimals, so a file diffs cleanly after a drag.
    # Most values have no more already, and round(value, 2) would return them as they
    # are: it works out the decimal digits of the value, which costs several times this
    # test (exact: the value is the float nearest to cents / 100, so those are its digits).
    if round(value * 100) / 100 == value:
        return value
    return round(value, 2)


Coordinate = Annotated[
    float, Field(ge=-MAX_COORDINATE, le=MAX_COORDINATE), AfterValidator(_round_coordinate)
]
CardSide = Annotated[float, Field(gt=0, le=MAX_CARD_SIDE), AfterValidator(_round_coordinate)]

DepartmentRole = Literal["customer", "frontline", "backoffice", "support"]
TouchpointKind = Literal["start", "step", "decision", "end"]
Channel = Literal["in_person", "phone", "email", "web", "chat", "written", "system", "other"]
Serves = Literal["external", "internal"]
ReviewStatus = Literal["identified", "examined", "critiqued", "approved"]
SignOffRole = Literal["management", "service_provider"]
Severity = Literal["off", "info", "warning", "error"]
CommentKind = Literal["critique", "question", "idea", "praise"]
Direction = Literal["at_least", "at_most"]
PeriodKind = Literal["week", "month", "quarter", "year"]
Phase = Literal["plan", "do", "check", "act", "done"]
Mark = Literal["moment_of_truth", "fail_point", "pain_point"]
CommentStatus = Literal["open", "resolved"]

DEPARTMENT_ROLES: tuple[str, ...] = DepartmentRole.__args__
TOUCHPOINT_KINDS: tuple[str, ...] = TouchpointKind.__args__
CHANNELS: tuple[str, ...] = Channel.__args__
SERVES: tuple[str, ...] = Serves.__args__
REVIEW_STATUSES: tuple[str, ...] = ReviewStatus.__args__
SIGNOFF_ROLES: tuple[str, ...] = SignOffRole.__args__
COMMENT_KINDS: tuple[str, ...] = CommentKind.__args__
COMMENT_STATUSES: tuple[str, ...] = CommentStatus.__args__
DIRECTIONS: tuple[str, ...] = Direction.__args__
PHASES: tuple[str, ...] = Phase.__args__
MARKS: tuple[str, ...] = Mark.__args__


class _Strict(BaseModel):
    """Common settings: unknown keys refused, no type coercion, finite numbers only."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        allow_inf_nan=False,
        validate_assignment=True,
        populate_by_name=True,
        # JSON strings become new str objects, as json.loads makes them: pydantic's cache
        # of recent strings costs a third of its parsing and a chain file repeats few.
        cache_strings="none",
    )


class Position(_Strict):
    """Top-left corner of a touchpoint; `y` is measured from the top of its lane."""

    x: Coordinate
    y: Coordinate


class Size(_Strict):
    """A card's size at 100%, set when the user resized it (format version 2)."""

    w: CardSide
    h: CardSide


class Procedure(_Strict):
    title: str
    link: str | None = None
    summary: str | None = None


class SignOff(_Strict):
    name: str
    role: SignOffRole
    date: Date
    note: str | None = None
    session: ElementId | None = None  # version 2: the review session it was given in


class Review(_Strict):
    status: ReviewStatus = "identified"
    signoffs: list[SignOff] = Field(default_factory=list)


class Department(_Strict):
    id: ElementId
    name: str
    role: DepartmentRole = "frontline"
    lead: ElementId | None = None
    color: Color | None = None


class Stage(_Strict):
    """A phase of the customer's journey, drawn as a column across all lanes (version 2)."""

    id: ElementId
    name: str
    description: str | None = None


Minutes = Annotated[float, Field(ge=0, le=1_000_000)]  # up to about two years


class Person(_Strict):
    id: ElementId
    name: str
    department: ElementId | None = None
    role: str | None = None
    email: str | None = None


class Measure(_Strict):
    """The objective made measurable (format version 2)."""

    metric: str  # "orders confirmed within 1 hour"
    unit: str  # "%", "minutes", "count", "score"
    target: float
    direction: Direction  # at_least: the value should reach the target; at_most: stay under it
    period: PeriodKind  # how often it is measured

    def met_by(self, value: float) -> bool:
        return value >= self.target if self.direction == "at_least" else value <= self.target


class Result(_Strict):
    """A measured value for one period (format version 2)."""

    period: Period
    value: float
    note: str | None = None


class Touchpoint(_Strict):
    id: ElementId
    label: str
    department: ElementId
    kind: TouchpointKind = "step"
    channel: Channel | None = None
    serves: Serves = "external"
    owner: ElementId | None = None
    procedure: Procedure | None = None
    expectation: str | None = None
    objective: str | None = None
    # A Review of its defaults, made in pydantic-core without a Python call: a third of
    # the touchpoints of a large file have no review.
    review: Review = Field(default_factory=partial(Review.__pydantic_validator__.validate_python, {}))
    notes: str | None = None
    stage: ElementId | None = None  # version 2: the stage whose column it is in
    consulted: list[ElementId] = Field(default_factory=list)  # version 2: people (RACI)
    informed: list[ElementId] = Field(default_factory=list)  # version 2: people (RACI)
    measure: Measure | None = None  # version 2
    results: list[Result] = Field(default_factory=list)  # version 2: oldest first, one per period
    duration_minutes: Minutes | None = None  # version 2: typical working time
    marks: list[Mark] = Field(default_factory=list)  # version 2: blueprint marks
    position: Position
    size: Size | None = None  # version 2: absent, the card fits its content

    @model_validator(mode="after")
    def _results_fit_the_measure(self) -> Touchpoint:
        marks = self.marks
        if len(marks) > 1 and len(set(marks)) < len(marks):
            raise ValueError("a mark is given twice; each of moment_of_truth, fail_point, pain_point at most once")
        if not self.results:
            return self
        if self.measure is None:
            raise ValueError("results need a measure: say what is measured, its target and period")
        seen: set[str] = set()
        for result in self.results:
            kind = parse_period(result.period).kind
            if kind != self.measure.period:
                raise ValueError(
                    f"the result for {result.period} is for a {kind}, but the measure is taken every {self.measure.period}"
                )
            if result.period in seen:
                raise ValueError(f"there are two results for {result.period}; a measure has one result per period")
            seen.add(result.period)
        return self


class Handoff(_Strict):
    id: ElementId
    source: ElementId = Field(alias="from")
    target: ElementId = Field(alias="to")
    label: str | None = None
    passes: str | None = None
    expectation: str | None = None
    wait_minutes: Minutes | None = None  # version 2: the delay before the receiver starts
    #: Where the user dragged the handoff's "passes" pill: the fraction of the route's
    #: length from its start at which the pill's centre sits (0..1). Version 2.
    label_at: Annotated[float, Field(ge=0, le=1), AfterValidator(_round_coordinate)] | None = None


class Comment(_Strict):
    """A critique, question, idea or praise pinned to an element (format version 2).

    A reply (`reply_to`) belongs to its thread's element, whatever its own `element` says;
    models.comments works threads out."""

    id: ElementId
    element: ElementId | None = None  # a touchpoint, handoff or department; absent: the chain
    author: str
    date: Date
    kind: CommentKind = "critique"
    text: str
    status: CommentStatus = "open"
    reply_to: ElementId | None = None  # an earlier comment
    session: ElementId | None = None  # the review session it was made in


class Action(_Strict):
    """An improvement action in its plan-do-check-act phase (format version 2)."""

    id: ElementId
    title: str
    elements: list[ElementId] = Field(default_factory=list)  # what it improves
    owner: ElementId | None = None  # a person
    phase: Phase = "plan"
    due: Date | None = None
    comments: list[ElementId] = Field(default_factory=list)  # the comments it answers
    notes: str | None = None


class Rating(_Strict):
    """How an internal customer department rates the department that serves it, for one
    period (format version 2). At most one per customer, provider and period."""

    customer: ElementId  # the department that rates
    provider: ElementId  # the department rated
    period: Period
    score: Annotated[float, Field(ge=1, le=5)]  # the mean, from 1 to 5
    rehire: Annotated[float, Field(ge=0, le=1)] | None = None  # the share who would "hire them back"
    responses: Annotated[int, Field(ge=1)] | None = None
    comment: str | None = None

    @property
    def key(self) -> str:
        """Its place among the ratings: "customer/provider/period" (no id of its own)."""
        return f"{self.customer}/{self.provider}/{self.period}"


class Session(_Strict):
    """A group learning or review session (format version 2)."""

    id: ElementId
    date: Date
    title: str
    attendees: list[ElementId] = Field(default_factory=list)  # people of the roster
    notes: str | None = None


class Term(_Strict):
    """A word of the common service language (format version 2)."""

    term: str
    definition: str
    avoid: list[str] = Field(default_factory=list)  # words people use instead of the term

    @property
    def key(self) -> str:
        """Its place in the glossary: the term, case and spacing aside (it has no id)."""
        return term_key(self.term)


#: The fields of an element that only format version 2 has: unused when None (a
#: duration may be 0), and the lists among them when empty.
VERSION_2_VALUES: dict[type[BaseModel], tuple[str, ...]] = {
    Touchpoint: ("stage", "measure", "duration_minutes", "size"),
    Handoff: ("wait_minutes", "label_at"),
    SignOff: ("session",),
}
VERSION_2_LISTS: dict[type[BaseModel], tuple[str, ...]] = {
    Touchpoint: ("results", "consulted", "informed", "marks"),
}


def _touchpoints_use_version_2(touchpoints: list[Touchpoint]) -> bool:
    """Whether any of the touchpoints holds a field of format version 2. A chain asks
    this of every touchpoint when it is loaded and saved, so it is read in C
    (models.field_reading): a Python loop costs a tenth of loading 20,000 touchpoints."""
    unused = (None,) * len(VERSION_2_VALUES[Touchpoint])
    signoffs = chain_together.from_iterable(field_values(field_values(touchpoints, "review"), "signoffs"))
    return (
        any(map(unused.__ne__, field_rows(touchpoints, *VERSION_2_VALUES[Touchpoint])))
        or any(map(any, field_rows(touchpoints, *VERSION_2_LISTS[Touchpoint])))
        or any(map(partial(is_not, None), field_values(signoffs, *VERSION_2_VALUES[SignOff])))
    )


def _handoffs_use_version_2(handoffs: list[Handoff]) -> bool:
    unused = (None,) * len(VERSION_2_VALUES[Handoff])
    return any(map(unused.__ne__, field_rows(handoffs, *VERSION_2_VALUES[Handoff])))


def version_2_in_columns(columns: Mapping[tuple[type[BaseModel], str], list]) -> bool:
    """Whether any element holds a field of format version 2, told from the columns of
    VERSION_2_VALUES and VERSION_2_LISTS of every touchpoint, handoff and sign-off, read
    already (models.model_tally reads them while loading); a class without its columns
    has no object in the chain."""
    values = [columns.get((kind, name), []) for kind, names in VERSION_2_VALUES.items() for name in names]
    lists = [columns.get((kind, name), []) for kind, names in VERSION_2_LISTS.items() for name in names]
    return any(column.count(None) < len(column) for column in values) or any(map(any, lists))


def term_key(text: str) -> str:
    return " ".join(text.split()).casefold()


class LintIgnore(_Strict):
    rule: str
    element: str
    reason: str


class LintSettings(_Strict):
    rules: dict[str, Severity] = Field(default_factory=dict)
    ignore: list[LintIgnore] = Field(default_factory=list)


#: The chain's fields whose content decides the version it is written as (see written_version).
_VERSION_FIELDS = frozenset(
    {"version", "touchpoints", "handoffs", "comments", "sessions", "actions", "ratings", "stages", "glossary"}
)


class Chain(_Strict):
    """One service chain: the whole content of a `.chain` file."""

    format: Literal["service-chain"] = FORMAT_NAME
    version: Annotated[
        int, Field(json_schema_extra={"minimum": BASE_VERSION, "maximum": FORMAT_VERSION})
    ] = BASE_VERSION
    title: str
    organisation: str | None = None
    vision: str | None = None
    description: str | None = None
    departments: list[Department]
    stages: list[Stage] = Field(default_factory=list)  # version 2: left to right
    people: list[Person] = Field(default_factory=list)
    touchpoints: list[Touchpoint]
    handoffs: list[Handoff] = Field(default_factory=list)
    comments: list[Comment] = Field(default_factory=list)  # version 2
    actions: list[Action] = Field(default_factory=list)  # version 2
    ratings: list[Rating] = Field(default_factory=list)  # version 2
    sessions: list[Session] = Field(default_factory=list)  # version 2
    glossary: list[Term] = Field(default_factory=list)  # version 2
    lint: LintSettings = Field(default_factory=LintSettings)

    @field_validator("version")
    @classmethod
    def _known_version(cls, version: int) -> int:
        if version > FORMAT_VERSION:
            raise ValueError(
                f"the file is in format version {version}, but this program reads version "
                f"{FORMAT_VERSION}; open it with a newer Chain Designer"
            )
        if version < 1:
            raise ValueError(f"there is no format version {version}; the first is 1")
        return version

    @model_validator(mode="after")
    def _version_in_use(self, info: ValidationInfo) -> Chain:
        # A file may say 2 and use nothing of version 2: it is the chain that version 1
        # describes, and is written so (see written_version). Assigning a field that
        # cannot change that (the title, at every keystroke) keeps the version: working it
        # out walks every touchpoint.
        if info.field_name is None or info.field_name in _VERSION_FIELDS:
            self.__dict__["version"] = self.written_version()
        return self

    @model_serializer(mode="wrap")
    def _always_write_header(self, handler: SerializerFunctionWrapHandler) -> dict:
        # `format` and `version` identify the file, so they are written even though
        # saving omits every other field that is at its default. The version is the
        # lowest that holds what the chain uses, so a reader of version 1 refuses a
        # newer file by its version number rather than by an unknown key.
        data = handler(self)
        data.pop("version", None)  # as loaded; what is written is what the chain uses now
        data.pop("format", None)
        return {"format": self.format, "version": self.written_version(), **data}

    def written_version(self) -> int:
        """1 when the chain uses no field of version 2, else 2."""
        uses_version_2 = (
            self.holds_version_2_groups()
            or _handoffs_use_version_2(self.handoffs)
            or _touchpoints_use_version_2(self.touchpoints)
        )
        return FORMAT_VERSION if uses_version_2 else BASE_VERSION

    def holds_version_2_groups(self) -> bool:
        """Whether the chain holds any of the groups that only format version 2 has."""
        return bool(self.comments or self.sessions or self.actions or self.ratings or self.stages or self.glossary)

    def element_count(self) -> int:
        return (
            len(self.departments) + len(self.people) + len(self.touchpoints) + len(self.handoffs)
            + len(self.comments) + len(self.sessions) + len(self.actions) + len(self.stages)
        )
