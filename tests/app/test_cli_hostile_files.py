"""Hostile files through the command line: refused in one line with exit status 2."""

from __future__ import annotations

import json

import pytest

from tests.app.test_cli import SAMPLES, run


def _far_away_copy(tmp_path, number: str):
    """A sample whose first card lies at x = `number` (written as is, e.g. 1e308)."""
    data = json.loads(SAMPLES[0].read_text(encoding="utf-8"))
    data["touchpoints"][0]["position"]["x"] = "FAR"
    path = tmp_path / "far.chain"
    path.write_text(json.dumps(data, indent=2).replace('"FAR"', number), encoding="utf-8")
    return path


@pytest.mark.parametrize("suffix", [".svg", ".png"])
def test_export_of_coordinates_near_1e308_exits_2_with_one_line(tmp_path, suffix):
    path = _far_away_copy(tmp_path, "1e308")
    out = tmp_path / f"far{suffix}"
    result = run("export", str(path), "-o", str(out))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert "$.touchpoints[0].position.x" in result.stderr and "1,000,000" in result.stderr
    assert not out.exists()


def test_lint_of_a_file_without_a_version_exits_2_with_one_line(tmp_path):
    data = json.loads(SAMPLES[0].read_text(encoding="utf-8"))
    del data["version"]
    path = tmp_path / "no-version.chain"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run("lint", str(path))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "$.version" in result.stderr, result.stderr
