"""The timing of a chain with a decision and a rework loop, against times computed by hand."""

from __future__ import annotations

import json
import subprocess
import sys

from models.chain import Chain, Department, Handoff, Position, Touchpoint
from models.chain_file import chain_to_bytes
from models.timing import chain_timing


def card(id, kind="step", minutes=None, x=0):
    return Touchpoint(id=id, label=id.title(), department="d", kind=kind, duration_minutes=minutes,
                      position=Position(x=x, y=20))


def looped_chain() -> Chain:
    """start(0) -> check(10) -> ok?(decision, 2) -yes-> ship(30) -> end
                                               -no-> fix(20) -> check (the loop back)
    waits: start->check 5, check->ok 0, ok->ship 60, ok->fix 15, fix->check 10, ship->end 120."""
    return Chain(
        title="Looped", departments=[Department(id="d", name="Desk")],
        touchpoints=[card("start", "start", 0), card("check", minutes=10, x=200), card("ok", "decision", 2, x=400),
                     card("ship", minutes=30, x=600), card("fix", minutes=20, x=600), card("done", "end", x=800)],
        handoffs=[
            Handoff(id="h1", source="start", target="check", wait_minutes=5),
            Handoff(id="h2", source="check", target="ok", wait_minutes=0),
            Handoff(id="h3", source="ok", target="ship", wait_minutes=60),
            Handoff(id="h4", source="ok", target="fix", wait_minutes=15),
            Handoff(id="h5", source="fix", target="check", wait_minutes=10),
            Handoff(id="h6", source="ship", target="done", wait_minutes=120),
        ],
    )


def test_paths_and_critical_path_computed_by_hand():
    timing = chain_timing(looped_chain())
    found = {tuple(path.touchpoints): (path.working, path.waiting, path.missing) for path in timing.paths}
    straight = ("start", "check", "ok", "ship", "done")
    rework = ("start", "check", "ok", "fix", "check", "ok", "ship", "done")
    assert set(found) == {straight, rework}  # round the loop once, never twice
    # working 0+10+2+30 (done has no time: 1 missing); waiting 5+0+60+120
    assert found[straight] == (42, 185, 1)
    # check and ok are worked twice: 0+10+2+20+10+2+30; waiting 5+0+15+10+0+60+120
    assert found[rework] == (74, 210, 1)
    assert timing.critical_path.touchpoints == list(rework) and timing.critical_path.total == 284
    assert timing.complete


def test_two_loops_are_each_gone_round_once():
    chain = looped_chain()
    # A second rework loop, from ship back to check.
    chain.handoffs.append(Handoff(id="h7", source="ship", target="check", wait_minutes=1))
    timing = chain_timing(chain)
    longest = max(len(path.touchpoints) for path in timing.paths)
    # start, then check-ok-fix (loop 1), check-ok-ship (loop 2), check-ok-ship-done
    assert longest == 1 + 3 + 3 + 4
    for path in timing.paths:
        pairs = list(zip(path.touchpoints, path.touchpoints[1:]))
        assert pairs.count(("fix", "check")) <= 1 and pairs.count(("ship", "check")) <= 1


def test_the_command_prints_the_critical_path_as_json_and_text(tmp_path):
    path = tmp_path / "looped.chain"
    path.write_bytes(chain_to_bytes(looped_chain()))
    done = subprocess.run([sys.executable, "-m", "app", "timing", str(path), "--format", "json"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["critical_path"]["minutes"] == 284
    assert data["critical_path"]["touchpoints"] == ["start", "check", "ok", "fix", "check", "ok", "ship", "done"]
    text = subprocess.run([sys.executable, "-m", "app", "timing", str(path)], capture_output=True, text=True,
                          timeout=120).stdout
    assert text.startswith("Critical path: 4 h 44 min (1 h 14 min working, 3 h 30 min waiting)")


def test_long_times_read_in_days():
    from models.timing import minutes_text

    assert [minutes_text(m) for m in (12.5, 95, 1440, 2975)] == ["12.5 min", "1 h 35 min", "1 d 0 h 0 min",
                                                                 "2 d 1 h 35 min"]
