"""Chain's validator without two validators written in Python, and what they do, done
afterwards from columns of values read in C.

Pydantic calls a model's Python validator once for every object it validates. Two of
Chain's cost a large file much: `Touchpoint._results_fit_the_measure`, called for every
touchpoint, and `Chain._version_in_use`, which walks every touchpoint once more, all over
memory, to work out the format version: together about a sixth of validating a chain of
version 1. The quick reader (models.quick_read) validates with `QUICK_VALIDATOR`, Chain's
own core schema without these two, has the fields they look at read in the pass over
every object it makes anyway (models.model_tally, `COLUMNS`), and `finish` then does
their work:

- the touchpoint check is called only for the touchpoints it could refuse, those with
  results or more than one mark; if it refuses one, the file is not vouched for, and
  the strict reader says why;
- the version is worked out from the columns (models.chain.version_2_in_columns, from
  the same list of version 2 fields as Chain.written_version).

Every other validator stays in the schema. Were pydantic to build the schema so that
either is not found, QUICK_VALIDATOR is Chain's own and `finish` only repeats their work.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import compress, repeat
from operator import gt, or_

from pydantic import BaseModel
from pydantic_core import SchemaValidator

from models.chain import (
    BASE_VERSION,
    FORMAT_VERSION,
    VERSION_2_LISTS,
    VERSION_2_VALUES,
    Chain,
    Touchpoint,
    version_2_in_columns,
)
from models.model_tally import Tally

_CHECK_TOUCHPOINT: Callable[[Touchpoint], Touchpoint] = Touchpoint.__pydantic_decorators__.model_validators[
    "_results_fit_the_measure"].func
_SET_VERSION = Chain.__pydantic_decorators__.model_validators["_version_in_use"].func
_TAKEN_OUT = {_CHECK_TOUCHPOINT, _SET_VERSION}


def _strip(schema: object, found: set) -> object:
    """A copy of a core schema without the two validators; `found` gets each taken out."""
    if isinstance(schema, list):
        return [_strip(part, found) for part in schema]
    if not isinstance(schema, dict):
        return schema
    if schema.get("type") == "function-after" and schema["function"]["function"] in _TAKEN_OUT:
        found.add(schema["function"]["function"])
        return _strip(schema["schema"], found)
    return {key: _strip(part, found) for key, part in schema.items()}


def _quick_validator() -> SchemaValidator:
    found: set = set()
    schema = _strip(Chain.__pydantic_core_schema__, found)
    # The model's own settings (cache_strings among them) hold for the whole validator.
    if found != _TAKEN_OUT or schema.get("type") != "model" or schema.get("cls") is not Chain:
        return Chain.__pydantic_validator__
    return SchemaValidator(schema, schema.get("config"))


QUICK_VALIDATOR = _quick_validator()

#: The columns `finish` needs, by class: for models.model_tally.tally_and_share.
COLUMNS: dict[type[BaseModel], tuple[str, ...]] = {
    **VERSION_2_VALUES,
    Touchpoint: tuple(dict.fromkeys(("marks", "results", *VERSION_2_VALUES[Touchpoint], *VERSION_2_LISTS[Touchpoint]))),
}


def finish(chain: Chain, tally: Tally) -> bool:
    """Do what the validators QUICK_VALIDATOR lacks do, from the columns of
    `tally_and_share(chain, COLUMNS)`; False if one would have refused the chain."""
    columns = tally.columns
    marks, results = columns.get((Touchpoint, "marks"), []), columns.get((Touchpoint, "results"), [])
    if any(results) or max(map(len, marks), default=0) > 1:
        checked = map(or_, map(gt, map(len, marks), repeat(1)), map(bool, results))
        for touchpoint in compress(tally.objects[Touchpoint], checked):
            try:
                _CHECK_TOUCHPOINT(touchpoint)
            except (ValueError, AssertionError):  # what pydantic makes a validation error of
                return False
    uses_version_2 = chain.holds_version_2_groups() or version_2_in_columns(columns)
    chain.__dict__["version"] = FORMAT_VERSION if uses_version_2 else BASE_VERSION
    return True
