"""Every model object inside a loaded chain, gathered kind by kind, with how many keys
the file gave them.

After validation, loading looks at every object once more: to let the objects of a kind
share one set of field names (memory), and to count the keys that tell whether the file
repeated a key (models.quick_read). Each object's keys are the names in its set of
given fields, and the keys of the string maps it holds; a field that holds no object
(a number, a text, a list of texts) holds no key and is not read.

Reading the objects, not working on what they hold, is what costs: they lie all over
memory. So each kind is taken in blocks of a few hundred objects: a block's keys are
counted, its fields read (models.field_reading: one `map` in C for all the fields
needed) and its sets shared while its objects are still in the processor's cache.

Which fields hold objects or string maps is read from the models' annotations once per
kind, so a field added to the format is tallied without being listed here; a field of
a type this module does not know raises TypeError when its kind is first met.
"""

from __future__ import annotations

import types
import typing
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import chain as chained, repeat

from pydantic import BaseModel

from models.field_reading import field_rows, field_values

_fields_set_slot = BaseModel.__dict__["__pydantic_fields_set__"]  # the fields an object's input gave
_fields_set_of, _set_fields_set = _fields_set_slot.__get__, _fields_set_slot.__set__

#: Objects counted, read and shared at a time: few enough that a block stays in the
#: processor's cache from the first of those passes to the last (measured: 256 to 1,024
#: take about a third less time than whole kinds at once, 4,096 much less so).
_BLOCK = 512


@dataclass(frozen=True)
class _KindPlan:
    """The fields of one model class that the tally reads, by what they hold."""

    objects: tuple[tuple[str, type[BaseModel]], ...]  # an object (or None), and its class
    object_lists: tuple[tuple[str, type[BaseModel]], ...]  # a list of objects
    maps: tuple[str, ...]  # an object of strings, dict[str, str]
    all_required: bool  # whether every field is required, so every object was given all

    @property
    def names(self) -> tuple[str, ...]:
        return (*(name for name, _kind in self.objects + self.object_lists), *self.maps)


_PLANS: dict[type[BaseModel], _KindPlan] = {}


def _plan(kind: type[BaseModel]) -> _KindPlan:
    plan = _PLANS.get(kind)
    if plan is None:
        held: dict[str, list] = {"objects": [], "object_lists": [], "maps": []}
        for name, field in kind.model_fields.items():
            what, model = _holds(field.annotation, f"{kind.__name__}.{name}")
            if what is not None:
                held[what].append((name, model) if model else name)
        plan = _PLANS[kind] = _KindPlan(
            **{what: tuple(found) for what, found in held.items()},
            all_required=all(field.is_required() for field in kind.model_fields.values()),
        )
    return plan


def _holds(annotation: object, where: str) -> tuple[str | None, type[BaseModel] | None]:
    """What a field holds, as the name of a group of _KindPlan (and the model class for
    objects), or (None, None) for what holds no key: numbers, texts, lists of them."""
    kind = _bare(annotation)
    if _is_model(kind):
        return "objects", kind
    if _is_plain(kind):
        return None, None
    origin = typing.get_origin(kind)
    if origin in (list, dict):
        item = _bare(typing.get_args(kind)[-1])
        if origin is list and _is_model(item):
            return "object_lists", item
        if origin is list and _is_plain(item):
            return None, None
        if origin is dict and typing.get_args(kind)[0] is str and _is_plain(item):
            return "maps", None
    raise TypeError(f"{where}: cannot tally a field of type {annotation!r}")


def _bare(annotation: object) -> object:
    """`Annotated[X, ...]` or `X | None` -> X."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            kept = [part for part in typing.get_args(annotation) if part is not type(None)]
            if len(kept) != 1:
                return annotation
            annotation = kept[0]
        else:
            return annotation


def _is_plain(kind: object) -> bool:
    """Whether a value of `kind` is a JSON number, string or true/false: no key in it."""
    if typing.get_origin(kind) is typing.Literal:
        return all(isinstance(value, str) for value in typing.get_args(kind))
    return kind in (int, float, bool, str)


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


def tally_and_share(root: BaseModel, read: Mapping[type[BaseModel], tuple[str, ...]] | None = None) -> Tally:
    """Gather every model object in `root` (itself included), count the keys its input
    gave, and let the objects of each kind share one set of field names.

    `read` names, by class, further fields to return as columns (`Tally.columns`), read
    in the same pass over each object: for what loading checks next (models.quick_read),
    which would otherwise read every touchpoint again from all over memory.

    Pydantic keeps on every object the set of the fields its input gave, for
    `exclude_unset`, which this program never uses (it saves with exclude_defaults). For
    20,000 touchpoints those sets take about 40 MB. A shared set that holds every field
    name of its kind stays right: pydantic and Document only ever add field names to it.
    """
    read = read or {}
    objects: dict[type[BaseModel], list[BaseModel]] = {}
    asked: dict[tuple[type[BaseModel], str], list] = {}
    keys = 0
    waiting: deque[tuple[type[BaseModel], list[BaseModel]]] = deque([(type(root), [root])])
    while waiting:
        kind, found = waiting.popleft()
        objects.setdefault(kind, []).extend(found)
        plan = _plan(kind)
        names = plan.names + tuple(name for name in read.get(kind, ()) if name not in plan.names)
        columns: dict[str, list] = {name: [] for name in names}
        shared = set(kind.model_fields)
        for start in range(0, len(found), _BLOCK):
            block = found[start:start + _BLOCK]
            if plan.all_required:  # each object was given every field
                keys += len(block) * len(shared)
            else:
                keys += sum(map(len, map(_fields_set_of, block)))
            for column, values in zip(columns.values(), _columns(block, names)):
                column.extend(values)
            if len(found) > 1:
                deque(map(_set_fields_set, block, repeat(shared)), maxlen=0)
        for name in read.get(kind, ()):
            asked.setdefault((kind, name), []).extend(columns[name])
        for name, part_kind in plan.objects:
            parts = list(filter(None, columns[name]))
            if parts:
                waiting.append((part_kind, parts))
        for name, part_kind in plan.object_lists:
            parts = list(chained.from_iterable(columns[name]))
            if parts:
                waiting.append((part_kind, parts))
        for name in plan.maps:
            keys += sum(map(len, columns[name]))
    return Tally(objects, asked, keys)


def _columns(block: list[BaseModel], names: tuple[str, ...]) -> list[Sequence]:
    """The fields `names` of the objects, a sequence a field, from one read of each object."""
    if len(names) == 1:
        return [list(field_values(block, names[0]))]
    return list(zip(*field_rows(block, *names))) if names else []
