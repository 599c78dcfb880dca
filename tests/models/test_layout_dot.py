"""Automatic layout with Graphviz: dot missing, failing or slow, cancelling, and what
reaches it (the other promises of models/layout are in test_layout.py)."""

from __future__ import annotations

import shutil
import signal
import subprocess
import time

import pytest

from models.chain import Chain
from models.layout import LayoutCancelled, layout_chain
from models.layout.dot import dot_source
from models.layout.graph import break_cycles, layout_graph
from tests.benchmarks.generate import synthetic_chain
from tests.models.test_layout import ENGINES, HAS_DOT, assert_keeps_the_promises, needs_dot


# --- dot missing, failing, slow; cancelling -------------------------------------------------


def fake_dot(tmp_path, monkeypatch, script: str) -> None:
    """Make `dot` a shell script that does `script`."""
    program = tmp_path / "dot"
    program.write_text("#!/bin/sh\n" + script + "\n")
    program.chmod(0o755)
    monkeypatch.setattr(shutil, "which", lambda name, *args, **kwargs: str(program))


@pytest.mark.parametrize("engine", ["auto", "dot"])
def test_without_dot_the_builtin_layout_runs(engine, chain, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name, *args, **kwargs: None)
    result = layout_chain(chain, engine=engine)
    assert result.engine == "builtin"
    assert result.note == "dot was not found; used the built-in layout"
    assert result.positions == layout_chain(chain, engine="builtin").positions


@pytest.mark.parametrize(
    "script, note",
    [
        ("echo 'Error: out of memory' >&2; exit 3", "dot failed: Error: out of memory"),
        ("exit 1", "dot failed: exit status 1"),
        ("cat > /dev/null; echo 'not json'", "dot's output could not be read"),
        ("cat > /dev/null; echo '{\"objects\": []}'", "dot did not report the order of every"),
    ],
)
def test_a_failing_dot_falls_back_with_a_note(script, note, chain, tmp_path, monkeypatch):
    fake_dot(tmp_path, monkeypatch, script)
    result = layout_chain(chain, engine="dot")
    assert result.engine == "builtin"
    assert result.note.startswith(note) and result.note.endswith("; used the built-in layout")


def test_a_slow_dot_is_stopped_at_the_timeout(chain, tmp_path, monkeypatch):
    fake_dot(tmp_path, monkeypatch, "exec sleep 30")
    started = time.monotonic()
    result = layout_chain(chain, engine="dot", timeout=0.3)
    assert time.monotonic() - started < 5
    assert result.engine == "builtin"
    assert result.note == "dot took longer than 0.3 s; used the built-in layout"


@needs_dot
def test_the_real_dot_times_out_on_a_tiny_timeout():
    result = layout_chain(synthetic_chain(500), engine="dot", timeout=0.0001)
    assert result.engine == "builtin"
    assert "dot took longer than 0.0001 s" in result.note
    assert len(result.positions) == 500


@pytest.mark.parametrize("mode", ["all", "selection", "tidy"])
@pytest.mark.parametrize("engine", ENGINES)
def test_cancel_raises(engine, mode, chain):
    with pytest.raises(LayoutCancelled):
        layout_chain(chain, engine=engine, mode=mode, cancelled=lambda: True)


def test_cancel_while_dot_runs_kills_it(chain, tmp_path, monkeypatch):
    fake_dot(tmp_path, monkeypatch, "exec sleep 30")
    started = []
    real_popen = subprocess.Popen

    def recording_popen(*args, **kwargs):
        started.append(real_popen(*args, **kwargs))
        return started[-1]

    monkeypatch.setattr(subprocess, "Popen", recording_popen)
    asked = []

    def cancelled() -> bool:  # true once dot has been waited on a few times
        asked.append(True)
        return bool(started) and len(asked) > 4

    began = time.monotonic()
    with pytest.raises(LayoutCancelled):
        layout_chain(chain, engine="dot", cancelled=cancelled)
    assert time.monotonic() - began < 5
    assert started[0].returncode == -signal.SIGKILL


def test_cancel_during_the_builtin_sweeps():
    calls = []

    def cancelled() -> bool:
        calls.append(True)
        return len(calls) > 10  # past the first phases, inside the sweeps over columns

    with pytest.raises(LayoutCancelled):
        layout_chain(synthetic_chain(300), engine="builtin", cancelled=cancelled)


# --- Labels never reach dot ------------------------------------------------------------------


def test_hostile_labels_never_reach_dot(chain):
    hostile = ['"]; evil -> x [label="pwned"', "}\ndigraph evil {", "\\", "<<b>>", "{ }"]
    renamed = chain.model_copy(update={"touchpoints": [
        touchpoint.model_copy(update={"label": hostile[index % len(hostile)]})
        for index, touchpoint in enumerate(chain.touchpoints)
    ]})
    plain = chain.model_copy(update={"touchpoints": [
        touchpoint.model_copy(update={"label": "x"}) for touchpoint in chain.touchpoints
    ]})

    def source(of: Chain) -> str:
        graph = layout_graph(of)
        return dot_source(graph, break_cycles(graph))

    text = source(renamed)
    assert text == source(plain)
    assert "evil" not in text and "pwned" not in text and chain.touchpoints[0].id not in text
    # Card sizes follow the labels, so the positions differ; the promises hold.
    for engine in ["builtin"] + (["dot"] if HAS_DOT else []):
        assert_keeps_the_promises(renamed, engine)


def test_unknown_engine_or_mode_is_refused(chain):
    with pytest.raises(ValueError, match="neato"):
        layout_chain(chain, engine="neato")
    with pytest.raises(ValueError, match="some"):
        layout_chain(chain, mode="some")
