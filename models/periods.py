"""Periods of measured results and ratings: a year `2026`, a quarter `2026-Q2`, a month
`2026-05` or an ISO week `2026-W19` (format version 2)."""

from __future__ import annotations

import datetime
import functools
import re
from typing import NamedTuple

#: The period kinds, as a measure names them, and how a period of each is written.
PERIOD_KINDS = ("week", "month", "quarter", "year")
_FORMS = {
    "year": re.compile(r"^(\d{4})$"),
    "quarter": re.compile(r"^(\d{4})-Q([1-4])$"),
    "month": re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"),
    "week": re.compile(r"^(\d{4})-W(\d{2})$"),
}
EXAMPLES = {"year": "2026", "quarter": "2026-Q2", "month": "2026-05", "week": "2026-W19"}


class Period(NamedTuple):
    kind: str  # one of PERIOD_KINDS
    start: datetime.date  # its first day
    end: datetime.date  # its last day


@functools.lru_cache(maxsize=4096)  # a large chain repeats the same few periods thousands of times
def parse_period(text: str) -> Period:
    """The period `text` writes; ValueError with a sentence for anything else."""
    for kind, form in _FORMS.items():
        match = form.match(text) if isinstance(text, str) else None
        if not match:
            continue
        year = int(match.group(1))
        if year < 1:
            break
        if kind == "year":
            return Period(kind, datetime.date(year, 1, 1), datetime.date(year, 12, 31))
        if kind == "quarter":
            quarter = int(match.group(2))
            start = datetime.date(year, 3 * quarter - 2, 1)
            return Period(kind, start, _next_month(datetime.date(year, 3 * quarter, 1)) - datetime.timedelta(days=1))
        if kind == "month":
            start = datetime.date(year, int(match.group(2)), 1)
            return Period(kind, start, _next_month(start) - datetime.timedelta(days=1))
        week = int(match.group(2))
        try:
            start = datetime.date.fromisocalendar(year, week, 1)
        except ValueError:
            raise ValueError(f"{year} has no ISO week {week}") from None
        return Period(kind, start, start + datetime.timedelta(days=6))
    raise ValueError(
        "a period is a year (2026), a quarter (2026-Q2), a month (2026-05) or an ISO week (2026-W19)"
    )


def _next_month(day: datetime.date) -> datetime.date:
    return datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def period_key(text: str) -> tuple[datetime.date, datetime.date]:
    """Sorts periods by when they start; of two that start together, the longer first."""
    period = parse_period(text)
    return period.start, -period.end.toordinal()


def latest(periods) -> str | None:
    """The period that starts last (of the longest, when several start together)."""
    return max(periods, key=period_key, default=None)


def period_of(kind: str, day: datetime.date) -> str:
    """The period of `kind` that holds `day`: period_of("quarter", 2026-05-04) is 2026-Q2."""
    if kind == "year":
        return f"{day.year:04d}"
    if kind == "quarter":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    if kind == "month":
        return f"{day.year:04d}-{day.month:02d}"
    year, week, _weekday = day.isocalendar()
    return f"{year:04d}-W{week:02d}"
