"""Measures, results, actions and ratings (format version 2): periods, what the model
refuses, and the scorecard."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from pydantic import ValidationError

from models.chain import Action, Measure, Rating, Result
from models.chain_file import chain_to_bytes, load_chain
from models.integrity import find_integrity_problem
from models.measures import latest_ratings, status
from models.periods import latest, parse_period, period_of
from models.scorecard import scorecard
from resources.samples import FIRST_START_SAMPLE

ON_TIME = Measure(metric="orders confirmed within 1 hour", unit="%", target=95, direction="at_least", period="month")
WAIT = Measure(metric="minutes to pack", unit="minutes", target=30, direction="at_most", period="week")


@pytest.mark.parametrize(("text", "kind", "start", "end"), [
    ("2026", "year", "2026-01-01", "2026-12-31"),
    ("2026-Q4", "quarter", "2026-10-01", "2026-12-31"),
    ("2026-02", "month", "2026-02-01", "2026-02-28"),
    ("2026-W53", "week", "2026-12-28", "2027-01-03"),
])
def test_a_period_is_a_year_quarter_month_or_iso_week(text, kind, start, end):
    period = parse_period(text)
    assert (period.kind, period.start.isoformat(), period.end.isoformat()) == (kind, start, end)
    assert period_of(kind, period.start) == text


@pytest.mark.parametrize("text", ["2026-13", "2026-Q5", "2025-W53", "26", "2026-1", "2026-w01", ""])
def test_anything_else_is_not_a_period(text):
    with pytest.raises(ValueError):
        parse_period(text)


def test_the_latest_period_is_the_one_that_starts_last():
    assert latest(["2026-05", "2025-12", "2026-04"]) == "2026-05"
    assert latest(["2026-W02", "2026-W10", "2025-W52"]) == "2026-W10"


def retail_with_measures():
    chain = load_chain(FIRST_START_SAMPLE)
    for touchpoint in chain.touchpoints:  # the sample's own measures (results first: they need one)
        touchpoint.results = []
        touchpoint.measure = None
    staff = [t for t in chain.touchpoints if t.owner]
    confirm, pack, third = staff[0], staff[1], staff[2]
    confirm.measure = ON_TIME
    confirm.results = [Result(period="2026-09", value=97.0), Result(period="2026-10", value=91.5)]
    pack.measure = WAIT
    pack.results = [Result(period="2026-W40", value=25.0)]
    third.measure = ON_TIME  # measured, no result yet
    lanes = [d.id for d in chain.departments]
    chain.actions = [
        Action(id="a-1", title="Staff the desk before nine", elements=[confirm.id], owner=confirm.owner, phase="do"),
        Action(id="a-2", title="Done already", elements=[pack.id], phase="done"),
    ]
    chain.ratings = [
        Rating(customer=lanes[1], provider=lanes[2], period="2026-Q2", score=4.5),
        Rating(customer=lanes[1], provider=lanes[2], period="2026-Q3", score=2.0, rehire=0.5, responses=6),
        Rating(customer=lanes[3], provider=lanes[2], period="2026-Q3", score=3.0, rehire=0.7, responses=4),
    ]
    return chain, confirm, pack, third, lanes[2]


def test_status_and_latest_ratings_follow_the_latest_period():
    chain, confirm, pack, third, rated = retail_with_measures()
    assert (status(confirm), status(pack), status(third)) == ("off", "on", "none")
    latest_rating = latest_ratings(chain)[rated]
    assert latest_rating.period == "2026-Q3" and latest_rating.score == 2.5
    assert latest_rating.rehire == pytest.approx(0.6) and latest_rating.responses == 10


def test_results_must_fit_their_measure():
    touchpoint = load_chain(FIRST_START_SAMPLE).touchpoints[1]
    data = touchpoint.model_dump(by_alias=True)
    for measure, results, reason in [
        (None, [{"period": "2026-10", "value": 1.0}], "results need a measure"),
        (ON_TIME.model_dump(), [{"period": "2026-W40", "value": 1.0}], "is for a week"),
        (ON_TIME.model_dump(), [{"period": "2026-10", "value": 1.0}, {"period": "2026-10", "value": 2.0}], "two results"),
    ]:
        with pytest.raises(ValidationError, match=reason):
            type(touchpoint).model_validate({**data, "measure": measure, "results": results})


def test_ratings_and_actions_are_checked_against_the_chain():
    chain, confirm, *_rest, rated = retail_with_measures()
    assert find_integrity_problem(chain) is None
    chain.ratings.append(Rating(customer=chain.ratings[0].customer, provider=rated, period="2026-Q3", score=5))
    assert "one rating per customer, provider and period" in find_integrity_problem(chain).reason
    chain.ratings.pop()
    chain.actions[0].elements.append("nowhere")
    assert find_integrity_problem(chain).path == "$.actions[0].elements[1]"


def test_the_scorecard_agrees_with_the_file_as_text_json_and_csv(tmp_path):
    chain, confirm, pack, third, rated = retail_with_measures()
    path = tmp_path / "retail.chain"
    path.write_bytes(chain_to_bytes(chain))
    card = scorecard(load_chain(path))
    scores = {score.id: score for score in card.touchpoints}
    assert (scores[confirm.id].status, scores[confirm.id].period, scores[confirm.id].value) == ("off", "2026-10", 91.5)
    assert scores[confirm.id].open_actions == ["a-1"] and scores[pack.id].open_actions == []
    assert scores[third.id].status == "none" and scores[third.id].metric == ON_TIME.metric

    def run(fmt):
        done = subprocess.run([sys.executable, "-m", "app", "scorecard", str(path), "--format", fmt],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout

    data = json.loads(run("json"))
    assert {t["id"]: t["status"] for t in data["touchpoints"]} == {s.id: s.status for s in card.touchpoints}
    department = next(d for d in data["departments"] if d["id"] == rated)
    assert department["rating"] == 2.5 and department["rating_period"] == "2026-Q3"
    rows = list(csv.DictReader(io.StringIO(run("csv"))))
    assert [row["id"] for row in rows] == [t.id for t in chain.touchpoints]
    assert next(row for row in rows if row["id"] == confirm.id)["value"] == "91.5"
    text = run("text")
    assert f"off   {' '.join(confirm.label.split())} ({confirm.id}): {ON_TIME.metric} 91.5 % in 2026-10, target >= 95; open actions: a-1" in text
    assert "rated 2.5 of 5 for 2026-Q3, 60% would hire them back" in text


def test_a_bad_file_is_one_line_and_exit_2(tmp_path):
    missing = tmp_path / "missing.chain"
    done = subprocess.run([sys.executable, "-m", "app", "scorecard", str(missing)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1
