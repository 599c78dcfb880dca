"""The `chain-designer` command line, run as a user runs it: a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from models.chain_file import chain_to_bytes, load_chain

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "resources" / "samples").glob("*.chain"))


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )


def test_samples_lint_clean_with_a_summary():
    assert SAMPLES, "no samples shipped"
    result = run("lint", *map(str, SAMPLES))
    assert result.returncode == 0, result.stdout + result.stderr
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith(f"{len(SAMPLES)} files: 0 errors, 0 warnings, ")


def _staff_touchpoint(chain):
    """The first touchpoint outside the customer's lane: one that needs an owner."""
    customer_lanes = {d.id for d in chain.departments if d.role == "customer"}
    return next(t for t in chain.touchpoints if t.department not in customer_lanes)


def _broken_copy(tmp_path: Path) -> Path:
    chain = load_chain(SAMPLES[0])
    touchpoint = _staff_touchpoint(chain)
    touchpoint.owner = None
    touchpoint.expectation = None
    path = tmp_path / "broken.chain"
    path.write_bytes(chain_to_bytes(chain))
    return path


def test_findings_are_one_line_each_and_errors_exit_1(tmp_path):
    path = _broken_copy(tmp_path)
    touchpoint = _staff_touchpoint(load_chain(path))
    result = run("lint", str(path))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    owner_line = next(line for line in lines if "touchpoint-owner-required" in line)
    assert owner_line.startswith(f'{path}: error touchpoint-owner-required {touchpoint.id} "{touchpoint.label}": ')
    assert "Fix: " in owner_line
    assert lines[-1].startswith("1 error, 1 warning, ")


def test_max_warnings(tmp_path):
    chain = load_chain(SAMPLES[0])
    _staff_touchpoint(chain).expectation = None
    path = tmp_path / "warned.chain"
    path.write_bytes(chain_to_bytes(chain))
    assert run("lint", str(path)).returncode == 0
    assert run("lint", "--max-warnings", "1", str(path)).returncode == 0
    assert run("lint", "--max-warnings", "0", str(path)).returncode == 1


def test_json_format(tmp_path):
    path = _broken_copy(tmp_path)
    result = run("lint", "--format", "json", str(path))
    report = json.loads(result.stdout)
    assert report["summary"]["errors"] == 1 and report["summary"]["warnings"] == 1
    finding = report["files"][0]["findings"][0]
    assert set(finding) == {"severity", "rule", "element", "label", "message", "hint"}
    assert finding["rule"] == "touchpoint-owner-required"


@pytest.mark.parametrize(
    "content, reason",
    [
        (b'{"format": "service-chain", "version": 1, "title": "x", ', "not valid JSON"),
        (b"\x00\x9f\x92\x96 binary", "not UTF-8"),
        ('{"a": 1}'.encode("utf-16"), "UTF-16"),
    ],
)
def test_unreadable_file_exits_2_with_one_line_and_no_traceback(tmp_path, content, reason):
    path = tmp_path / "bad.chain"
    path.write_bytes(content)
    result = run("lint", str(path), str(SAMPLES[0]))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and reason in result.stderr and str(path) in result.stderr


def test_missing_file_exits_2(tmp_path):
    result = run("lint", str(tmp_path / "nope.chain"))
    assert result.returncode == 2 and "does not exist" in result.stderr


def test_version_and_usage():
    version = run("--version")
    assert version.returncode == 0 and version.stdout.startswith("chain-designer ")
    usage = run("--help")
    assert usage.returncode == 0 and "usage: chain-designer [FILE.chain ...]" in usage.stdout
    assert all(command in usage.stdout for command in ("lint", "schema", "import-csv"))


def test_schema_is_json_with_the_top_level_keys():
    result = run("schema")
    schema = json.loads(result.stdout)
    assert {"format", "version", "title", "departments", "touchpoints"} <= set(schema["required"])
    assert "handoffs" in schema["properties"]


def test_import_csv_writes_a_chain_and_refuses_to_overwrite(tmp_path):
    csv_path = tmp_path / "inventory.csv"
    csv_path.write_text(
        "Department,Touchpoint,Kind,Owner,Next\n"
        "Customer,Places order,start,,Confirms order\n"
        "Sales,Confirms order,,Ana Ruiz,Receives parcel\n"
        "Customer,Receives parcel,end,,\n",
        encoding="utf-8",
    )
    out = tmp_path / "inventory.chain"
    result = run("import-csv", str(csv_path), "-o", str(out))
    assert result.returncode == 0, result.stderr
    chain = load_chain(out)
    assert [t.label for t in chain.touchpoints] == ["Places order", "Confirms order", "Receives parcel"]
    assert len(chain.handoffs) == 2
    again = run("import-csv", str(csv_path), "-o", str(out))
    assert again.returncode == 2 and "already exists" in again.stderr


def test_import_csv_error_names_row_and_column(tmp_path):
    csv_path = tmp_path / "bad.csv"
    csv_path.write_text("department,touchpoint,kind\nSales,Confirms order,stepp\n", encoding="utf-8")
    result = run("import-csv", str(csv_path), "-o", str(tmp_path / "out.chain"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "row 2" in result.stderr and "kind" in result.stderr
    assert not (tmp_path / "out.chain").exists()


@pytest.mark.parametrize("suffix, check", [
    (".svg", lambda data: data.lstrip().startswith(b"<?xml") or b"<svg" in data[:500]),
    (".png", lambda data: data.startswith(b"\x89PNG")),
    (".pdf", lambda data: data.startswith(b"%PDF")),
    (".dot", lambda data: data.startswith(b"digraph")),
    (".graphml", lambda data: b"<graphml" in data[:400]),
    (".mmd", lambda data: data.startswith(b"flowchart LR")),
    (".csv", lambda data: data.lower().startswith(b"department,touchpoint")),
])
def test_export_takes_the_format_from_the_suffix(tmp_path, suffix, check):
    out = tmp_path / f"retail{suffix}"
    result = run("export", str(SAMPLES[0]), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert check(out.read_bytes())
    assert result.stdout.startswith("Exported ")


def test_export_handout_department_and_errors(tmp_path):
    chain = load_chain(SAMPLES[0])
    department = chain.departments[1].id
    handout = run("export", str(SAMPLES[0]), "-o", str(tmp_path / "h.pdf"), "--handout")
    assert handout.returncode == 0 and " pages)" in handout.stdout
    lane = run("export", str(SAMPLES[0]), "-o", str(tmp_path / "lane.svg"), "--department", department)
    assert lane.returncode == 0, lane.stderr
    unknown = run("export", str(SAMPLES[0]), "-o", str(tmp_path / "x.svg"), "--department", "nope")
    assert unknown.returncode == 2 and "Traceback" not in unknown.stderr and unknown.stderr.count("\n") == 1
    no_format = run("export", str(SAMPLES[0]), "-o", str(tmp_path / "x.weird"))
    assert no_format.returncode == 2 and "--format" in no_format.stderr
    gone = run("export", str(SAMPLES[0]), "-o", str(tmp_path / "missing" / "x.svg"))
    assert gone.returncode == 2 and "Traceback" not in gone.stderr
    assert not (tmp_path / "missing").exists()
