"""Every model object inside a loaded chain, gathered kind by kind, with what the file
gave them: how many keys, and how many ':' in their text.

After validation, loading looks at every object once more: to let the objects of a kind
share one set of field names (memory), and to count the keys and colons that tell
whether the file repeated a key (models.quick_read). Each kind costs one `map` over its
objects that reads all the fields needed at once (models.field_reading); the rest is
done column by column in C. Reading the objects, not working on what they hold, is
what costs: they lie all over memory, so each is read as few times as can be.

Which fields hold text, objects or lists of them is read from the models' annotations
once per kind, so a field added to the format is tallied without being listed here; a
field of a type this module does not know raises TypeError when its kind is first met.
The counts never exceed what the file gave: texts with a pattern (ids, dates, colours)
and Literal words are taken to hold no colon and are not read, so were a pattern ever
to allow one, such a file would count short, and be read the strict way, only slower.
"""

from __future__ import annotations

import types
import typing
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain as chained, repeat

from pydantic import BaseModel

from models.field_reading import field_rows, field_values

_fields_set_slot = BaseModel.__dict__["__pydantic_fields_set__"]  # the fields an object's input gave
_fields_set_of, _set_fields_set = _fields_set_slot.__get__, _fields_set_slot.__set__


@dataclass(frozen=True)
class _KindPlan:
    """The fields of one model class that the tally reads, by what they hold."""

    objects: tuple[tuple[str, type[BaseModel]], ...]  # an object (or None), and its class
    object_lists: tuple[tuple[str, type[BaseModel]], ...]  # a list of objects
    texts: tuple[str, ...]  # a string that may hold a colon (or None)
    text_lists: tuple[str, ...]  # a list of them
    text_maps: tuple[str, ...]  # an object of them, dict[str, str]
    all_required: bool  # whether every field is required, so every object was given all

    @property
    def names(self) -> tuple[str, ...]:
        return (*(name for name, _kind in self.objects + self.object_lists),
                *self.texts, *self.text_lists, *self.text_maps)


_PLANS: dict[type[BaseModel], _KindPlan] = {}


def _plan(kind: type[BaseModel]) -> _KindPlan:
    plan = _PLANS.get(kind)
    if plan is None:
        held: dict[str, list] = {"objects": [], "object_lists": [], "texts": [], "text_lists": [], "text_maps": []}
        for name, field in kind.model_fields.items():
            what, model = _holds(field.annotation, field.metadata, f"{kind.__name__}.{name}")
            if what is not None:
                held[what].append((name, model) if model else name)
        plan = _PLANS[kind] = _KindPlan(
            **{what: tuple(found) for what, found in held.items()},
            all_required=all(field.is_required() for field in kind.model_fields.values()),
        )
    return plan


def _holds(annotation: object, metadata: list, where: str) -> tuple[str | None, type[BaseModel] | None]:
    """What a field holds, as the name of a group of _KindPlan (and the model class for
    objects), or (None, None) for what holds neither keys nor colons: numbers, words of
    a Literal without a colon, texts with a pattern."""
    kind, patterned = _bare(annotation, metadata)
    if _is_model(kind):
        return "objects", kind
    if kind in (int, float, bool) or _is_word(kind) or (kind is str and patterned):
        return None, None
    if kind is str:
        return "texts", None
    origin = typing.get_origin(kind)
    if origin in (list, dict):
        item, item_patterned = _bare(typing.get_args(kind)[-1], [])
        if origin is list and _is_model(item):
            return "object_lists", item
        if origin is list and (_is_word(item) or (item is str and item_patterned)):
            return None, None
        if origin is list and item is str:
            return "text_lists", None
        if origin is dict and typing.get_args(kind)[0] is str and (item is str or _is_word(item)):
            return "text_maps", None
    raise TypeError(f"{where}: cannot tally a field of type {annotation!r}")


def _bare(annotation: object, metadata: list) -> tuple[object, bool]:
    """`Annotated[X, ...]` or `X | None` -> X, and whether a pattern constrains it."""
    patterned = any(getattr(item, "pattern", None) for item in metadata)
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation, *extra = typing.get_args(annotation)
            patterned = patterned or any(getattr(item, "pattern", None) for item in extra)
        elif origin in (typing.Union, types.UnionType):
            kept = [part for part in typing.get_args(annotation) if part is not type(None)]
            if len(kept) != 1:
                return annotation, patterned
            annotation = kept[0]
        else:
            return annotation, patterned


def _is_word(kind: object) -> bool:
    """Whether `kind` is a Literal of strings none of which holds a colon."""
    if typing.get_origin(kind) is not typing.Literal:
        return False
    return all(isinstance(value, str) and ":" not in value for value in typing.get_args(kind))


def _is_model(kind: object) -> bool:
    # Objects are told from None by their truth, which __len__ or __bool__ could make false.
    if not (isinstance(kind, type) and issubclass(kind, BaseModel)):
        return False
    if hasattr(kind, "__len__") or hasattr(kind, "__bool__"):
        raise TypeError(f"{kind.__name__} defines __len__ or __bool__, so an object of it may be false")
    return True


@dataclass
class Tally:
    """What `tally_and_share` found in a model object and its parts."""

    objects: dict[type[BaseModel], list[BaseModel]]  # by class, each in file order
    columns: dict[tuple[type[BaseModel], str], Sequence]  # (class, field): the fields asked for, in that order
    keys: int  # the keys its input gave: each object's field names, the keys of string maps
    colons: int  # the ':' in its strings (string maps' keys too), but for those with a pattern


def tally_and_share(root: BaseModel, read: Mapping[type[BaseModel], tuple[str, ...]] | None = None) -> Tally:
    """Gather every model object in `root` (itself included), count the keys and colons
    its input gave, and let the objects of each kind share one set of field names.

    `read` names, by class, further fields to return as columns (`Tally.columns`), read
    in the same pass over each object: for what loading checks next (models.quick_read),
    which would otherwise read every touchpoint again from all over memory.

    Pydantic keeps on every object the set of the fields its input gave, for
    `exclude_unset`, which this program never uses (it saves with exclude_defaults). For
    20,000 touchpoints those sets take about 40 MB. A shared set that holds every field
    name of its kind stays right: pydantic and Document only ever add field names to it.
    Sharing right after counting a kind finds its objects still in the processor's cache.
    """
    read = read or {}
    objects: dict[type[BaseModel], list[BaseModel]] = {}
    asked: dict[tuple[type[BaseModel], str], list] = {}
    keys = 0
    pieces: list[str] = []
    waiting: deque[tuple[type[BaseModel], list[BaseModel]]] = deque([(type(root), [root])])
    while waiting:
        kind, found = waiting.popleft()
        objects.setdefault(kind, []).extend(found)
        plan = _plan(kind)
        if plan.all_required:  # each object was given every field
            keys += len(found) * len(kind.model_fields)
        else:
            keys += sum(map(len, map(_fields_set_of, found)))
        extra = tuple(name for name in read.get(kind, ()) if name not in plan.names)
        columns = _columns(found, plan.names + extra)
        if kind in read:
            columns = list(columns)
            named = dict(zip(plan.names + extra, columns))
            for name in read[kind]:
                asked.setdefault((kind, name), []).extend(named[name])
            columns = iter(columns)
        if len(found) > 1:
            deque(map(_set_fields_set, found, repeat(set(kind.model_fields))), maxlen=0)
        for _name, part_kind in plan.objects:
            parts = list(filter(None, next(columns)))
            if parts:
                waiting.append((part_kind, parts))
        for _name, part_kind in plan.object_lists:
            parts = list(chained.from_iterable(next(columns)))
            if parts:
                waiting.append((part_kind, parts))
        for _name in plan.texts:
            pieces.extend(filter(None, next(columns)))
        for _name in plan.text_lists:
            pieces.extend(chained.from_iterable(next(columns)))
        for _name in plan.text_maps:
            for mapping in next(columns):
                keys += len(mapping)
                pieces.extend(mapping)
                pieces.extend(mapping.values())
    return Tally(objects, asked, keys, "".join(pieces).count(":"))


def _columns(found: list[BaseModel], names: tuple[str, ...]) -> Iterator[Sequence]:
    """The fields `names` of the objects, a sequence a field, from one read of each object."""
    if len(names) == 1:
        return iter([list(field_values(found, names[0]))])
    return iter(zip(*field_rows(found, *names))) if names else iter(())
