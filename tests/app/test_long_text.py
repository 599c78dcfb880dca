"""Long unbroken text (a 1 MB description, a 100 kB label) exports in seconds, every character kept.

Real processes with a generous timeout: before, such a handout never finished, as text layout
took time quadratic in the length of a word.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from models.chain_file import load_chain, save_chain
from resources.samples import FIRST_START_SAMPLE
from tests.app.test_export import pdf_text

ROOT = Path(__file__).resolve().parents[2]
DESCRIPTION = "d" * 1_000_000
LABEL = "L" * 100_000


@pytest.fixture(scope="module")
def long_text_chain(tmp_path_factory) -> Path:
    chain = load_chain(FIRST_START_SAMPLE)
    chain.description = DESCRIPTION
    chain.touchpoints[1].label = LABEL
    chain.touchpoints[2].expectation = "e" * 100_000
    path = tmp_path_factory.mktemp("long") / "long.chain"
    save_chain(chain, path)
    return path


def export(path: Path, output: Path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "app.cli", "export", str(path), "-o", str(output), *options],
        cwd=ROOT, capture_output=True, text=True, timeout=180,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen"},
    )


def test_svg_of_a_long_label_keeps_every_character(long_text_chain, tmp_path):
    result = export(long_text_chain, tmp_path / "long.svg")
    assert result.returncode == 0, result.stderr
    svg = (tmp_path / "long.svg").read_text(encoding="utf-8")
    assert svg.count("L") >= len(LABEL)  # wrapped over many lines, none elided
    assert "…" not in svg


def test_handout_of_a_1_mb_description_finishes_with_all_its_text(long_text_chain, tmp_path):
    result = export(long_text_chain, tmp_path / "long.pdf", "--handout")
    assert result.returncode == 0, result.stderr
    text = pdf_text(tmp_path / "long.pdf")
    if text is None:
        pytest.skip("pdftotext is not installed: the handout's text was not read back")
    text = text.replace("\u200b", "")
    assert sum(len(run) for run in text.split() if set(run) == {"d"}) >= len(DESCRIPTION)
    assert sum(len(run) for run in text.split() if set(run) == {"e"}) >= 100_000


def test_tiles_of_a_card_with_a_long_label_each_draw_their_part(qapp, tmp_path, monkeypatch):
    # A card 700 lines tall spreads over many tiles; each tile draws the lines on it (and
    # one either side), not the whole label again, which made tiling quadratic.
    from app.export import ExportOptions
    from app.export.pdf import export_pdf
    from widgets.canvas import touchpoint_item

    chain = load_chain(FIRST_START_SAMPLE)
    chain.touchpoints[1].label = "L" * 20_000
    lines_drawn = []
    draw = touchpoint_item.paint_centred_text

    def counting(*args, **kwargs):
        lines_drawn.append(args[3])
        return draw(*args, **kwargs)

    monkeypatch.setattr(touchpoint_item, "paint_centred_text", counting)
    export_pdf(chain, tmp_path / "whole.pdf", ExportOptions())
    whole = len(lines_drawn)
    lines_drawn.clear()
    pages = export_pdf(chain, tmp_path / "tiled.pdf", ExportOptions(fit=False))
    assert pages > 5
    assert whole <= len(lines_drawn) < 1.5 * whole
