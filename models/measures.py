"""What measures, results, actions and ratings say together: whether a touchpoint is on
target, what is being done about it, and how each department is rated (format version 2)."""

from __future__ import annotations

from typing import NamedTuple

from models.chain import Action, Chain, Result, Touchpoint
from models.periods import latest, period_key

#: A touchpoint's status against its target: "on", "off", or "none" (no measure or no result).
STATUSES = ("on", "off", "none")


def latest_result(touchpoint: Touchpoint) -> Result | None:
    """The result of the latest period, or None."""
    return max(touchpoint.results, key=lambda result: period_key(result.period), default=None)


def status(touchpoint: Touchpoint) -> str:
    """"on" when the latest result meets the target, "off" when it misses it, else "none"."""
    result = latest_result(touchpoint)
    if touchpoint.measure is None or result is None:
        return "none"
    return "on" if touchpoint.measure.met_by(result.value) else "off"


def open_actions(chain: Chain) -> list[Action]:
    """The actions not done yet, in file order."""
    return [action for action in chain.actions if action.phase != "done"]


def open_action_elements(chain: Chain) -> set[str]:
    """The ids of the elements some open action names."""
    return {element for action in open_actions(chain) for element in action.elements}


class LatestRating(NamedTuple):
    period: str
    score: float  # the mean of that period's scores
    rehire: float | None  # the mean share who would hire them back, where given
    responses: int | None  # all responses of that period, where given


def latest_ratings(chain: Chain) -> dict[str, LatestRating]:
    """Department id -> how its internal customers rated it for the latest period."""
    by_provider: dict[str, list] = {}
    for rating in chain.ratings:
        by_provider.setdefault(rating.provider, []).append(rating)
    found = {}
    for provider, ratings in by_provider.items():
        period = latest(rating.period for rating in ratings)
        of_period = [rating for rating in ratings if rating.period == period]
        rehires = [rating.rehire for rating in of_period if rating.rehire is not None]
        responses = [rating.responses for rating in of_period if rating.responses is not None]
        found[provider] = LatestRating(
            period,
            sum(rating.score for rating in of_period) / len(of_period),
            sum(rehires) / len(rehires) if rehires else None,
            sum(responses) if responses else None,
        )
    return found
