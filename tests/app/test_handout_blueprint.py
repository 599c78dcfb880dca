"""The training handout prints the blueprint layer: RACI, marks, stage and working time per
touchpoint, and the glossary."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest

from app.handout import export_handout
from models.chain import Stage, Term
from models.chain_file import load_chain
from resources.samples import FIRST_START_SAMPLE

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext reads the handout back")


def test_the_handout_prints_raci_marks_stage_time_and_the_glossary(qapp, tmp_path):
    chain = load_chain(FIRST_START_SAMPLE)
    touchpoint = next(t for t in chain.touchpoints if t.owner)
    consulted, informed = chain.people[1], chain.people[2]
    chain.stages = [Stage(id="st-order", name="Ordering")]
    touchpoint.stage, touchpoint.consulted, touchpoint.informed = "st-order", [consulted.id], [informed.id]
    touchpoint.duration_minutes, touchpoint.marks = 95, ["moment_of_truth", "pain_point"]
    chain.glossary = [Term(term="Delivery slot", definition="The two hours we promise to arrive in",
                           avoid=["window", "time frame"])]
    target = tmp_path / "handout.pdf"
    export_handout(chain, target)
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
    text = " ".join(unicodedata.normalize("NFKC", text).split())
    assert f"Consulted {consulted.name}" in text and f"Informed {informed.name}" in text
    assert "Marked as a moment of truth, a pain point" in text
    assert "Stage Ordering" in text and "Working time 1 h 35 min" in text
    assert "Glossary" in text and "Delivery slot: The two hours we promise to arrive in" in text
    assert "Not: window, time frame" in text
