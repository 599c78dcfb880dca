"""Checks of an edit before it runs: a dry run of an undo command's steps over the chain.

Each step of a command tells an EditPlan what it would do (insert an element, take one,
assign fields, set the rule settings, move a lane). The plan validates every value with the
pydantic models of models/chain.py, on copies, and at the end checks what the edit would
leave behind against the chain's integrity rules (unique ids, references to elements that
exist: models/integrity.py). The first problem raises EditRefused with one sentence for
the user; the document has not changed by then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, ValidationError
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from models.chain import (
    Action,
    Chain,
    Comment,
    Department,
    Handoff,
    LintSettings,
    Person,
    Session,
    Stage,
    Touchpoint,
)

if TYPE_CHECKING:
    from app.document import Document


class EditRefused(Exception):
    """An edit the chain does not allow; its text is one sentence for the status bar."""


#: The model of each kind of element, by the name the commands use.
MODELS: dict[str, type] = {
    "department": Department,
    "stage": Stage,
    "person": Person,
    "touchpoint": Touchpoint,
    "handoff": Handoff,
    "comment": Comment,
    "action": Action,
    "session": Session,
}

#: The fields that hold another element's id, and the model that element must have.
REFERENCES: dict[type, dict[str, type]] = {
    Department: {"lead": Person},
    Person: {"department": Department},
    Touchpoint: {"department": Department, "owner": Person, "stage": Stage},
    Handoff: {"source": Touchpoint, "target": Touchpoint},
    Comment: {"element": (Touchpoint, Handoff, Department), "reply_to": Comment, "session": Session},
    Session: {},
    Stage: {},
    Action: {"owner": Person},
    Chain: {},
}
#: The fields that hold a list of other elements' ids, and the model those must have.
LIST_REFERENCES: dict[type, dict[str, type]] = {
    Touchpoint: {"consulted": Person, "informed": Person},
    Session: {"attendees": Person},
    Action: {"elements": (Touchpoint, Handoff, Department), "comments": Comment},
}

#: Fields that assigning may not change: ids (views and references hold them), and the
#: chain's header, lists and rule settings, which have commands of their own. (Ratings
#: and glossary terms have no ids, so the chain's lists of them are set as a whole.)
FIXED_FIELDS = frozenset({"id"})
CHAIN_FIXED_FIELDS = frozenset(
    {"format", "version", "departments", "stages", "people", "touchpoints", "handoffs", "comments", "actions",
     "sessions", "lint"}
)


# -- sentences -------------------------------------------------------------------------


def _quoted(value) -> str:
    text = " ".join(str(value).split())
    return f"“{text[:40]}…”" if len(text) > 40 else f"“{text}”"


#: How a sentence calls an element of each model (translated where used).
KIND_NOUNS: dict[type, str] = {
    Touchpoint: QT_TRANSLATE_NOOP("EditCheck", "touchpoint"),
    Handoff: QT_TRANSLATE_NOOP("EditCheck", "handoff"),
    Department: QT_TRANSLATE_NOOP("EditCheck", "department"),
    Stage: QT_TRANSLATE_NOOP("EditCheck", "stage"),
    Person: QT_TRANSLATE_NOOP("EditCheck", "person"),
    Comment: QT_TRANSLATE_NOOP("EditCheck", "comment"),
    Action: QT_TRANSLATE_NOOP("EditCheck", "action"),
    Session: QT_TRANSLATE_NOOP("EditCheck", "session"),
}


def kind_noun(model: type | tuple[type, ...]) -> str:
    if isinstance(model, tuple):  # what a comment or an action may name
        return QCoreApplication.translate("EditCheck", "touchpoint, handoff or department")
    return QCoreApplication.translate("EditCheck", KIND_NOUNS.get(model, QT_TRANSLATE_NOOP("EditCheck", "element")))


def name_of(element) -> str:
    """How a sentence names an element: its kind, then its label or name."""
    if isinstance(element, Chain):
        return QCoreApplication.translate("EditCheck", "the chain")
    name = (getattr(element, "label", None) or getattr(element, "name", None)
            or getattr(element, "title", None) or element.id)
    return QCoreApplication.translate("EditCheck", "{kind} {name}").format(
        kind=kind_noun(type(element)), name=_quoted(name)
    )


def new_name(model: type) -> str:
    return QCoreApplication.translate("EditCheck", "the new {kind}").format(kind=kind_noun(model))


def invalid_value(error: ValidationError, element: str) -> EditRefused:
    """The first problem pydantic found, as one sentence naming the field and the value."""
    problem = error.errors()[0]
    field = " ".join(str(part) for part in problem["loc"]).replace("_", " ")
    reason = problem["msg"].rstrip(".")
    reason = reason[:1].lower() + reason[1:]
    value = problem.get("input")
    if problem["type"] == "missing":
        text = QCoreApplication.translate("EditCheck", "{element} needs a {field}.")
    elif value is None or isinstance(value, (str, int, float)):
        value = QCoreApplication.translate("EditCheck", "empty") if value is None else _quoted(value)
        text = QCoreApplication.translate("EditCheck", "The {field} of {element} cannot be {value}: {reason}.")
    else:
        text = QCoreApplication.translate("EditCheck", "The {field} of {element} was not accepted: {reason}.")
    return EditRefused(_capitalised(text.format(field=field, element=element, value=value, reason=reason)))


def missing(model: type, id) -> EditRefused:
    return EditRefused(
        QCoreApplication.translate("EditCheck", "There is no {kind} {id} in the chain.").format(
            kind=kind_noun(model), id=_quoted(id)
        )
    )


def failed(action: str, error: Exception) -> EditRefused:
    """A step that failed while it ran (its command was checked, so this is not expected)."""
    if isinstance(error, EditRefused):
        return error
    reason = error.errors()[0]["msg"] if isinstance(error, ValidationError) else str(error) or type(error).__name__
    return EditRefused(
        QCoreApplication.translate(
            "EditCheck", "“{action}” could not be done, so nothing was changed: {reason}."
        ).format(action=action, reason=reason.rstrip("."))
    )


# -- values ----------------------------------------------------------------------------


def build(model: type, values: dict, name: str | None = None) -> BaseModel:
    """A new `model` from a verb's arguments; EditRefused names a bad one.

    `name` is how a sentence names what is built ("the new touchpoint" by default).
    """
    try:
        return model(**values)
    except ValidationError as error:
        raise invalid_value(error, name or new_name(model)) from None


def validated(element: BaseModel, name: str | None = None) -> BaseModel:
    """A validated copy of `element`, which may have been made without checks (model_copy)."""
    try:
        return type(element).model_validate(element.model_dump(by_alias=True))
    except ValidationError as error:
        raise invalid_value(error, name or name_of(element)) from None


def assigned(element: BaseModel, fields: dict) -> BaseModel:
    """A copy of `element` with `fields` assigned and validated, as the model stores them."""
    for field in fields:
        if field not in type(element).model_fields:
            sentence = QCoreApplication.translate("EditCheck", "{element} has no field {field}.")
            raise EditRefused(_capitalised(sentence.format(element=name_of(element), field=_quoted(field))))
        if field in (CHAIN_FIXED_FIELDS if isinstance(element, Chain) else FIXED_FIELDS):
            sentence = QCoreApplication.translate("EditCheck", "The {field} of {element} cannot be changed.")
            raise EditRefused(sentence.format(element=name_of(element), field=field))
    copy = element.model_copy()
    try:
        for field, value in fields.items():
            if isinstance(value, BaseModel):
                value = value.model_dump(by_alias=True)  # checked afresh, as it will be stored
            setattr(copy, field, value)
    except ValidationError as error:
        raise invalid_value(error, name_of(element)) from None
    return copy


def _capitalised(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


# -- the dry run -----------------------------------------------------------------------


class EditPlan:
    """What a command's steps would do to the document, checked step by step.

    `changed` holds each element as the edit would leave it (None: taken away), so a later
    step sees what the earlier ones did (a paste adds a lane, then cards in it).
    """

    def __init__(self, document: Document):
        self.document = document
        self.changed: dict[str | None, BaseModel | None] = {}
        self.removed: set[str] = set()
        self.lint: LintSettings | None = None
        self.sizes: dict[str, int] = {}

    def lookup(self, id: str | None):
        """The element `id` as the edit leaves it so far (the chain for None), or None."""
        if id is not None and not isinstance(id, str):
            return None
        if id in self.changed:
            return self.changed[id]
        return self.document.element(id) if id is None or self.document.has(id) else None

    def require(self, id: str | None, model: type | tuple[type, ...]):
        element = self.lookup(id)
        if not isinstance(element, model):
            raise missing(model if isinstance(model, type) else BaseModel, id)
        return element

    def _size(self, kind: str) -> int:
        return self.sizes.get(kind, len(self.document.group(kind)))

    def insert(self, kind: str, element: BaseModel, index: int | None) -> BaseModel:
        """Check a new element; returns it as it will be stored."""
        element = validated(element, new_name(MODELS[kind]))
        if self.lookup(element.id) is not None:
            raise EditRefused(
                QCoreApplication.translate("EditCheck", "The id {id} is already used in the chain.").format(
                    id=_quoted(element.id)
                )
            )
        size = self._size(kind)
        if index is not None and not _is_index(index, size + 1):
            raise no_place(index, size)
        self.sizes[kind] = size + 1
        self.changed[element.id] = element
        self.removed.discard(element.id)
        return element

    def take(self, kind: str, id: str) -> None:
        self.require(id, MODELS[kind])
        self.sizes[kind] = self._size(kind) - 1
        self.changed[id] = None
        self.removed.add(id)

    def assign(self, id: str | None, fields: dict) -> dict:
        """Check new values of fields of `id` (the chain for None); returns them as stored."""
        element = self.require(id, Chain if id is None else tuple(MODELS.values()))
        copy = assigned(element, fields)
        self.changed[id] = copy
        return {field: _kept(value, getattr(copy, field)) for field, value in fields.items()}

    def set_lint(self, lint: LintSettings) -> LintSettings:
        self.lint = validated(lint, QCoreApplication.translate("EditCheck", "the rule settings"))
        return self.lint

    def move_department(self, id: str, index: int) -> None:
        self.require(id, Department)
        size = self._size("department")
        if not _is_index(index, size):
            raise no_place(index, size)

    def finish(self) -> None:
        """Check what the edit leaves behind: every reference it touches finds its element."""
        for element in self.changed.values():
            if element is not None:
                self._check_references(element)
        if self.removed:
            # Whatever still refers to a removed element would dangle (the commands build
            # their cascades, so this finds a missing cascade, not a user's mistake).
            for id, element in self.document.elements():
                if id not in self.changed:
                    self._check_references(element)
            if None not in self.changed:
                self._check_ratings(self.document.chain)
        if self.removed or self.lint is not None:
            lint = self.lint or self.document.chain.lint
            for entry in lint.ignore:
                if self.lookup(entry.element) is None:
                    sentence = QCoreApplication.translate(
                        "EditCheck", "The ignored finding of {rule} refers to {element}, which is not in the chain."
                    )
                    raise EditRefused(sentence.format(rule=_quoted(entry.rule), element=_quoted(entry.element)))

    def _check_ratings(self, chain: Chain) -> None:
        """Each rating names two departments of the chain, and one rating per customer,
        provider and period."""
        keys: set[str] = set()
        for rating in chain.ratings:
            for id in (rating.customer, rating.provider):
                if not isinstance(self.lookup(id), Department):
                    raise missing(Department, id)
            if rating.customer == rating.provider:
                raise EditRefused(QCoreApplication.translate("EditCheck", "A department does not rate itself."))
            if rating.key in keys:
                sentence = QCoreApplication.translate(
                    "EditCheck", "{provider} is rated twice by {customer} for {period}; keep one rating."
                )
                raise EditRefused(sentence.format(provider=_quoted(rating.provider), customer=_quoted(rating.customer),
                                                  period=rating.period))
            keys.add(rating.key)

    def _check_references(self, element: BaseModel) -> None:
        references = [(field, model, getattr(element, field)) for field, model in REFERENCES[type(element)].items()]
        references += [
            (field, model, id)
            for field, model in LIST_REFERENCES.get(type(element), {}).items()
            for id in getattr(element, field)
        ]
        for field, model, id in references:
            if id is not None and not isinstance(self.lookup(id), model):
                sentence = QCoreApplication.translate(
                    "EditCheck", "The {field} of {element} refers to {kind} {id}, which is not in the chain."
                )
                raise EditRefused(
                    _capitalised(
                        sentence.format(field=field, element=name_of(element), kind=kind_noun(model), id=_quoted(id))
                    )
                )
        if isinstance(element, Chain):
            self._check_ratings(element)
            if len({term.key for term in element.glossary}) < len(element.glossary):
                raise EditRefused(QCoreApplication.translate("EditCheck", "The glossary defines a term twice."))
        if isinstance(element, Touchpoint):
            for signoff in element.review.signoffs:
                if signoff.session is not None and not isinstance(self.lookup(signoff.session), Session):
                    raise missing(Session, signoff.session)
        if isinstance(element, Handoff) and element.source == element.target:
            raise EditRefused(QCoreApplication.translate("EditCheck", "A touchpoint cannot hand off to itself."))


def _kept(given, checked):
    """The caller's value when the check left it as it was, so the checked copy can go at
    once (a layout's 20,000 positions); else the checked one (rounded, or made a model)."""
    return given if type(given) is type(checked) and given == checked else checked


def _is_index(index, size: int) -> bool:
    """Whether `index` is a whole number from 0 to size - 1."""
    return isinstance(index, int) and not isinstance(index, bool) and 0 <= index < size


def no_place(index, size: int) -> EditRefused:
    # Only lanes are put at a chosen place; other elements go at the end of their list.
    sentence = QCoreApplication.translate("EditCheck", "There is no place {index} among the chain's {count} departments.")
    return EditRefused(sentence.format(index=index, count=size))
