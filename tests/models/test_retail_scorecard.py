"""The retail sample's measures, results, actions and ratings, and the scorecard the command
prints of them: its JSON and text agree with the file, touchpoint by touchpoint."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from models.chain_file import load_chain
from models.measures import latest_ratings, open_action_elements, status
from models.periods import parse_period
from resources.samples import FIRST_START_SAMPLE

CHAIN = load_chain(FIRST_START_SAMPLE)


def run_scorecard(fmt: str) -> str:
    done = subprocess.run([sys.executable, "-m", "app", "scorecard", str(FIRST_START_SAMPLE), "--format", fmt],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_sample_shows_every_status_and_acts_on_every_miss():
    statuses = {t.id: status(t) for t in CHAIN.touchpoints if t.measure is not None}
    assert len(statuses) >= 5
    assert {"on", "off", "none"} <= set(statuses.values())
    acted_on = open_action_elements(CHAIN)
    assert all(id in acted_on for id, found in statuses.items() if found == "off")
    # Results over several months, and internal ratings for two quarters.
    assert max(len(t.results) for t in CHAIN.touchpoints) >= 3
    assert len({rating.period for rating in CHAIN.ratings}) == 2
    assert all(parse_period(rating.period).kind == "quarter" for rating in CHAIN.ratings)
    roles = {d.id: d.role for d in CHAIN.departments}
    assert all(roles[r.customer] != "customer" and roles[r.provider] != "customer" for r in CHAIN.ratings)
    phases = {action.phase for action in CHAIN.actions}
    assert "done" in phases and len(phases) >= 3


def test_the_scorecard_json_agrees_with_the_file():
    data = json.loads(run_scorecard("json"))
    touchpoints = {t.id: t for t in CHAIN.touchpoints}
    assert [t["id"] for t in data["touchpoints"]] == list(touchpoints)
    for entry in data["touchpoints"]:
        touchpoint = touchpoints[entry["id"]]
        assert entry["status"] == status(touchpoint), entry["id"]
        if touchpoint.measure is None:
            assert entry["metric"] is None
            continue
        assert (entry["metric"], entry["target"], entry["direction"]) == (
            touchpoint.measure.metric, touchpoint.measure.target, touchpoint.measure.direction)
        if touchpoint.results:
            newest = max(touchpoint.results, key=lambda r: parse_period(r.period).start)
            assert (entry["period"], entry["value"]) == (newest.period, newest.value)
    ratings = latest_ratings(CHAIN)
    for department in data["departments"]:
        rating = ratings.get(department["id"])
        assert department["rating"] == (pytest.approx(rating.score) if rating else None)
        measured = [status(t) for t in CHAIN.touchpoints if t.department == department["id"]]
        assert (department["on"], department["off"]) == (measured.count("on"), measured.count("off"))


def test_the_scorecard_text_names_each_touchpoint_with_its_status():
    lines = run_scorecard("text").splitlines()
    for touchpoint in CHAIN.touchpoints:
        line = next(line for line in lines if f"({touchpoint.id})" in line)
        assert line.split()[0] == status(touchpoint), line
