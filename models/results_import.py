"""Measured results and internal ratings from a spreadsheet, into an existing chain:
`chain-designer import-results` and `import-ratings` (format version 2).

Results: one row per touchpoint and period, columns `touchpoint` (its id or its label),
`period`, `value` and, optionally, `note`. Ratings: one row per customer, provider and
period, columns `customer` and `provider` (department ids or names), `period`, `score`
(1 to 5) and, optionally, `rehire` (0 to 1, or a percentage), `responses` and `comment`.
The files are read as the inventory is (models.csv_import.read_table). A result or rating
already in the chain for the same period is replaced. One bad row refuses the whole file,
naming the row and the column; the chain is then unchanged.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from pydantic import ValidationError

from models.chain import Chain, Rating, Result
from models.csv_import import CsvImportError, read_table
from models.import_source import source_bytes
from models.periods import parse_period, period_key

RESULT_COLUMNS = ("touchpoint", "period", "value", "note")
RATING_COLUMNS = ("customer", "provider", "period", "score", "rehire", "responses", "comment")
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")


@dataclass(frozen=True)
class Imported:
    """What an import did: how many values it added and how many it replaced."""

    added: int
    replaced: int


def import_results(chain: Chain, source: str | os.PathLike | bytes, name: str | None = None) -> tuple[Chain, Imported]:
    """A copy of `chain` with the results of the CSV file `source`; raises CsvImportError."""
    data, file, _file_name = source_bytes(source, name, CsvImportError, "a CSV file", "a results file")
    copy = chain.model_copy(deep=True)
    touchpoints = _Finder(copy.touchpoints, "touchpoint", lambda t: t.label)
    new: dict[tuple[str, str], Result] = {}
    for row in read_table(data, file, RESULT_COLUMNS, ("touchpoint", "period", "value"), "a results file"):
        touchpoint = touchpoints.find(row, "touchpoint")
        if touchpoint.measure is None:
            raise row.error("touchpoint", f"{touchpoint.id} has no measure yet; add one (metric, target, period) first")
        period = _period(row)
        kind = parse_period(period).kind
        if kind != touchpoint.measure.period:
            raise row.error("period", f"{period} is a {kind}, but {touchpoint.id} is measured every {touchpoint.measure.period}")
        if (touchpoint.id, period) in new:
            raise row.error("period", f"an earlier row has a result for {touchpoint.id} in {period}")
        new[touchpoint.id, period] = _checked(row, Result, period=period, value=_number(row, "value"),
                                              note=row.text("note") or None)
    arriving: dict[str, dict[str, Result]] = {}
    for (id, period), result in new.items():
        arriving.setdefault(id, {})[period] = result
    replaced = 0
    for touchpoint in copy.touchpoints:
        if touchpoint.id in arriving:
            results = {result.period: result for result in touchpoint.results}
            replaced += len(results.keys() & arriving[touchpoint.id].keys())
            results.update(arriving[touchpoint.id])
            touchpoint.results = sorted(results.values(), key=lambda result: period_key(result.period))
    return copy, Imported(len(new) - replaced, replaced)


def import_ratings(chain: Chain, source: str | os.PathLike | bytes, name: str | None = None) -> tuple[Chain, Imported]:
    """A copy of `chain` with the internal ratings of the CSV file `source`; raises CsvImportError."""
    data, file, _file_name = source_bytes(source, name, CsvImportError, "a CSV file", "a ratings file")
    copy = chain.model_copy(deep=True)
    departments = _Finder(copy.departments, "department", lambda d: d.name)
    new: dict[str, Rating] = {}
    required = ("customer", "provider", "period", "score")
    for row in read_table(data, file, RATING_COLUMNS, required, "a ratings file"):
        customer, provider = departments.find(row, "customer"), departments.find(row, "provider")
        if customer.id == provider.id:
            raise row.error("provider", "a department does not rate itself")
        rehire = row.value("rehire")
        rating = _checked(
            row, Rating, customer=customer.id, provider=provider.id, period=_period(row),
            score=_number(row, "score"),
            rehire=(_number(row, "rehire") / 100 if rehire.endswith("%") else _number(row, "rehire")) if rehire else None,
            responses=_whole(row, "responses"), comment=row.text("comment") or None,
        )
        if rating.key in new:
            raise row.error("period", f"an earlier row rates {provider.id} by {customer.id} for {rating.period}")
        new[rating.key] = rating
    kept = [rating for rating in copy.ratings if rating.key not in new]
    copy.ratings = kept + list(new.values())
    replaced = len(chain.ratings) - len(kept)
    return copy, Imported(len(new) - replaced, replaced)


class _Finder:
    """Elements by id, or by a name that only one of them has (case and spaces aside)."""

    def __init__(self, elements, kind: str, name_of):
        self.kind = kind
        self.by_id = {element.id: element for element in elements}
        self.by_name: dict[str, list] = {}
        for element in elements:
            self.by_name.setdefault(_key(name_of(element)), []).append(element)

    def find(self, row, column: str):
        text = row.text(column)
        if not text:
            raise row.error(column, f"the {self.kind} is missing")
        if text in self.by_id:
            return self.by_id[text]
        found = self.by_name.get(_key(text), [])
        if len(found) == 1:
            return found[0]
        if found:
            ids = ", ".join(element.id for element in found)
            raise row.error(column, f"several {self.kind}s are called {text!r}; name one by its id ({ids})")
        raise row.error(column, f"there is no {self.kind} {text!r} (by id or name) in the chain")


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _period(row) -> str:
    text = row.value("period")
    try:
        parse_period(text)
    except ValueError as error:
        raise row.error("period", f"{text!r} is not a period: {error}") from None
    return text


def _number(row, column: str) -> float:
    """A number, with a point or a decimal comma ("91,5", as a spreadsheet set to a comma
    writes it); a percentage sign is allowed where the caller says so."""
    text = row.value(column).removesuffix("%").strip()
    if not _NUMBER.match(text):
        raise row.error(column, f"{row.value(column)!r} is not a number")
    return float(text.replace(",", "."))


def _whole(row, column: str) -> int | None:
    text = row.value(column)
    if not text:
        return None
    if not text.isdigit():
        raise row.error(column, f"{text!r} is not a whole number")
    return int(text)


def _checked(row, model, **values):
    """The model made of `values`; its first problem is the row's error, in its column."""
    try:
        return model(**values)
    except ValidationError as error:
        problem = error.errors()[0]
        column = str(problem["loc"][0]) if problem["loc"] else None
        raise row.error(column, problem["msg"].removeprefix("Value error, ")) from None
