"""The handout's scorecard (`--scorecard`): read back from the PDF with pdftotext."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata

import pytest

from app.export import ExportOptions
from app.handout import export_handout
from models.chain_file import load_chain
from models.flow_order import touchpoints_in_flow_order
from models.measures import latest_ratings, status
from resources.samples import FIRST_START_SAMPLE
from tests.app.test_cli import run

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext reads the handout back")

STATUS_WORDS = {"on": "On target", "off": "Off target", "none": "No result yet"}


def pdf_text(path) -> str:
    """The PDF's text, ligatures undone (a fallback font may set "fl" as one glyph), white
    space made single spaces so that wrapped cells read as one line."""
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return unicodedata.normalize("NFKC", text)


def flat(text: str) -> str:
    return " ".join(text.split())


def scorecard_section(text: str) -> str:
    """From the section's summary line ("9 measured touchpoints: ...") to the end."""
    return text[re.search(r"\d+ measured touchpoints?:", text).start():]


def test_the_scorecard_lists_each_departments_measured_steps_with_their_status(qapp, tmp_path):
    chain = load_chain(FIRST_START_SAMPLE)
    target = tmp_path / "handout.pdf"
    export_handout(chain, target, ExportOptions(scorecard=True))
    text = pdf_text(target)
    section = flat(scorecard_section(text))
    measured = [t for t in touchpoints_in_flow_order(chain) if t.measure is not None]
    statuses = [status(t) for t in measured]
    assert section.startswith(
        f"{len(measured)} measured touchpoints: {statuses.count('on')} on target, {statuses.count('off')} off target, "
        f"{statuses.count('none')} without a result yet"
    )
    # Every measured touchpoint's status, in the order the departments and the flow list them.
    lanes = [d.id for d in chain.departments]
    in_order = sorted(measured, key=lambda t: lanes.index(t.department))
    expected = [STATUS_WORDS[status(t)] for t in in_order]
    assert re.findall(r"On target|Off target|No result yet", section.split("By owner")[0]) == expected
    words = set(section.split())
    for touchpoint in measured:  # a wrapped cell reads back split among its row's cells
        assert set(touchpoint.measure.metric.split()) <= words, touchpoint.measure.metric
    # A department's counts and its latest internal rating.
    rating = latest_ratings(chain)["operations"]
    assert f"rated {rating.score:.1f} of 5 by its internal customers for {rating.period}" in section
    assert "0 of 1 on target, 1 off" in section
    # The owners, with the open actions they own by title.
    owners = section.split("By owner")[1]
    assert "Jonas Berg 1 0 1 Scan every pick line to confirm the item and its cover" in owners
    assert "Tom Becker" not in owners  # measures nothing, owns no action
    # The cover's contents name the section.
    assert re.search(r"Scorecard\s+\d+", text.split("\f")[0])


def test_without_the_option_there_is_no_scorecard(qapp, tmp_path):
    target = tmp_path / "handout.pdf"
    export_handout(load_chain(FIRST_START_SAMPLE), target, ExportOptions())
    assert "measured touchpoints:" not in pdf_text(target)


def test_a_chain_that_measures_nothing_says_so(qapp, tmp_path, chain):
    target = tmp_path / "handout.pdf"
    export_handout(chain, target, ExportOptions(scorecard=True))
    assert "Nothing is measured yet: give a touchpoint a measure and a target in the editor." in flat(pdf_text(target))


def test_the_command_line_flag(tmp_path):
    target = tmp_path / "handout.pdf"
    done = run("export", str(FIRST_START_SAMPLE), "--handout", "--scorecard", "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert "measured touchpoints:" in pdf_text(target)


def test_a_departments_handout_keeps_its_rating_and_the_actions_on_its_steps(qapp, tmp_path):
    chain = load_chain(FIRST_START_SAMPLE)
    target = tmp_path / "operations.pdf"
    export_handout(chain, target, ExportOptions(scorecard=True, scope="department", department_id="operations"))
    section = flat(scorecard_section(pdf_text(target)))
    rating = latest_ratings(chain)["operations"]
    assert f"rated {rating.score:.1f} of 5 by its internal customers for {rating.period}" in section
    assert "Jonas Berg 1 0 1 Scan every pick line to confirm the item and its cover" in section
    assert "Sales" not in section  # only the department's own steps


def test_departments_that_measure_nothing_are_named_once_and_the_customer_not_at_all(qapp, tmp_path):
    chain = load_chain(FIRST_START_SAMPLE)
    for touchpoint in chain.touchpoints:
        if touchpoint.department == "invoicing":
            touchpoint.results, touchpoint.measure = [], None
    target = tmp_path / "handout.pdf"
    export_handout(chain, target, ExportOptions(scorecard=True))
    section = flat(scorecard_section(pdf_text(target)))
    assert "Measuring nothing and not rated yet: Invoicing." in section
    assert "Customer" not in section.split("By owner")[0]
