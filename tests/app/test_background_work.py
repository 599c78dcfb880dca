"""Work spread over event-loop turns (StepRunner) and pure-Python work in a thread
(Offloaded): a few milliseconds a turn, results sent back, finishing at once on demand."""

from __future__ import annotations

import threading
import time

import pytest

from app.background_work import NEXT_TURN, Offloaded, StepRunner


def sleepy_steps(count: int, seconds: float, log: list, runner: StepRunner):
    for index in range(count):
        time.sleep(seconds)
        log.append((runner.turns, index))
        yield


def test_steps_run_a_few_milliseconds_per_turn(qtbot, qapp):
    runner, log = StepRunner(budget=0.005), []
    with qtbot.waitSignal(runner.finished, timeout=10_000):
        runner.start(sleepy_steps(60, 0.001, log, runner))
        assert log == []  # nothing runs before the event loop turns
    assert [index for _turn, index in log] == list(range(60))
    steps_per_turn = {}
    for turn, _index in log:
        steps_per_turn[turn] = steps_per_turn.get(turn, 0) + 1
    assert len(steps_per_turn) >= 8
    assert max(steps_per_turn.values()) <= 7  # 5 ms of 1 ms steps, and the one that crossed it


def test_next_turn_ends_the_turn(qtbot, qapp):
    runner, turns = StepRunner(budget=10.0), []

    def steps():
        turns.append(runner.turns)
        yield NEXT_TURN
        turns.append(runner.turns)
        yield

    with qtbot.waitSignal(runner.finished):
        runner.start(steps())
    assert turns[1] == turns[0] + 1


def test_offloaded_work_runs_in_a_thread_and_its_result_is_sent_back(qtbot, qapp):
    runner, seen = StepRunner(), []

    def steps():
        result = yield Offloaded(lambda: threading.current_thread().name, name="worker-thread")
        seen.append(result)

    with qtbot.waitSignal(runner.finished, timeout=10_000):
        runner.start(steps())
    assert seen == ["worker-thread"]


def test_finish_runs_what_is_left_now_waiting_for_the_thread(qtbot, qapp):
    runner, seen = StepRunner(), []
    release = threading.Event()

    def slow():
        release.wait(5)
        return 42

    def steps():
        seen.append((yield Offloaded(slow)))
        for index in range(100):
            seen.append(index)
            yield

    runner.start(steps())
    qtbot.waitUntil(lambda: runner._waiting is not None)
    threading.Timer(0.05, release.set).start()
    runner.finish()
    assert seen == [42, *range(100)]
    assert not runner.running


def test_steps_wait_while_other_offloaded_work_runs(qtbot, qapp):
    runner, log = StepRunner(), []
    release = threading.Event()
    other = Offloaded(release.wait, 5)
    runner.start(sleepy_steps(3, 0.0, log, runner))
    qtbot.wait(60)
    assert log == []  # a step now would wait for the interpreter lock at every Qt call
    release.set()
    qtbot.waitUntil(lambda: not runner.running, timeout=5000)
    assert len(log) == 3
    assert other.done()


def test_an_error_in_offloaded_work_is_raised_where_the_result_is_asked(qapp):
    def fails():
        raise ValueError("no route")

    work = Offloaded(fails)
    with pytest.raises(ValueError, match="no route"):
        work.result()


def test_cancel_drops_the_steps_left(qtbot, qapp):
    runner, log = StepRunner(budget=0.001), []
    runner.start(sleepy_steps(1000, 0.001, log, runner))
    qtbot.waitUntil(lambda: len(log) > 3)
    runner.cancel()
    done = len(log)
    qtbot.wait(30)
    assert len(log) == done and not runner.running
