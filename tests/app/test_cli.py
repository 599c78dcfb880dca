"""The `chain-designer` command line, run as a user runs it: a real process."""

from __future__ import annotations

import json
import os
import stat
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


def test_import_csv_refuses_a_row_whose_unquoted_value_holds_the_separator(tmp_path):
    # "Ships parcel;Sends invoice" unquoted in a ";" file: two cells where one was meant.
    csv_path = tmp_path / "semicolons.csv"
    csv_path.write_text(
        "department;touchpoint;kind;owner;channel;next\n"
        "Customer;Places order;start;;web;Confirms order\n"
        "Sales;Confirms order;;Ana Ruiz;;Ships parcel\n"
        "Sales;Checks stock;;Ana Ruiz;;Ships parcel;Sends invoice\n"
        "Warehouse;Ships parcel;end;;;\n"
        "Finance;Sends invoice;end;;;\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.chain"
    result = run("import-csv", str(csv_path), "-o", str(out))
    assert_refused_in_one_line(
        result, "row 4", "7 cells", "header has 6", "a value holding ';' must be in quotes"
    )
    assert not out.exists()


def test_import_csv_takes_empty_cells_past_the_header_as_padding(tmp_path):
    csv_path = tmp_path / "padded.csv"
    csv_path.write_text(
        "department,touchpoint,next\nCustomer,Asks,Answers,,\nSales,Answers,,\n", encoding="utf-8"
    )
    out = tmp_path / "out.chain"
    result = run("import-csv", str(csv_path), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert len(load_chain(out).handoffs) == 1


def test_export_csv_with_bom_for_excel_imports_back(tmp_path):
    out = tmp_path / "chain.csv"
    result = run("export", str(SAMPLES[0]), "-o", str(out), "--bom")
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"\xef\xbb\xbfdepartment,touchpoint,")
    plain = tmp_path / "plain.csv"
    assert run("export", str(SAMPLES[0]), "-o", str(plain)).returncode == 0
    assert plain.read_bytes().startswith(b"department,touchpoint,")
    back = tmp_path / "back.chain"
    result = run("import-csv", str(out), "-o", str(back), "--no-layout")
    assert result.returncode == 0, result.stderr
    original, imported = load_chain(SAMPLES[0]), load_chain(back)
    assert sorted(t.label for t in imported.touchpoints) == sorted(t.label for t in original.touchpoints)
    assert sorted(h.passes or "" for h in imported.handoffs) == sorted(h.passes or "" for h in original.handoffs)


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


def pdf_page_boxes(path: Path) -> list[tuple[int, int]]:
    import re

    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", path.read_bytes())
    return [(round(float(width)), round(float(height))) for width, height in boxes]


def test_export_pdf_warns_in_one_line_when_labels_print_too_small(tmp_path):
    retail = next(path for path in SAMPLES if path.stem.startswith("retail"))
    result = run("export", str(retail), "-o", str(tmp_path / "one.pdf"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Exported ") and "(1 page)" in result.stdout
    assert result.stderr.count("\n") == 1, result.stderr
    assert "The labels would print at " in result.stderr and " pt on one A4 page; add --tiles" in result.stderr
    tiled = run("export", str(retail), "-o", str(tmp_path / "tiles.pdf"), "--tiles")
    assert tiled.returncode == 0 and tiled.stderr == ""
    assert " pages)" in tiled.stdout


def test_export_pdf_of_a_small_chain_does_not_warn(tmp_path, chain):
    source = tmp_path / "small.chain"
    source.write_bytes(chain_to_bytes(chain))
    result = run("export", str(source), "-o", str(tmp_path / "small.pdf"))
    assert result.returncode == 0 and result.stderr == "", result.stderr


def test_export_pdf_orientation_flags_and_the_slide(tmp_path):
    source = str(SAMPLES[0])
    auto = run("export", source, "-o", str(tmp_path / "auto.pdf"))
    portrait = run("export", source, "-o", str(tmp_path / "portrait.pdf"), "--portrait")
    landscape = run("export", source, "-o", str(tmp_path / "landscape.pdf"), "--landscape", "--page", "letter")
    slide = run("export", source, "-o", str(tmp_path / "slide.pdf"), "--page", "slide", "--portrait")
    for result in (auto, portrait, landscape, slide):
        assert result.returncode == 0, result.stderr
    assert pdf_page_boxes(tmp_path / "auto.pdf") == [(842, 595)]  # the samples are wider than tall
    assert pdf_page_boxes(tmp_path / "portrait.pdf") == [(595, 842)]
    assert pdf_page_boxes(tmp_path / "landscape.pdf") == [(792, 612)]
    assert pdf_page_boxes(tmp_path / "slide.pdf") == [(720, 405)]  # a slide is always wide
    both = run("export", source, "-o", str(tmp_path / "both.pdf"), "--portrait", "--landscape")
    assert both.returncode == 2 and "not allowed with" in both.stderr
    assert not (tmp_path / "both.pdf").exists()


def test_export_legend_and_owner_names_flags(tmp_path):
    import xml.etree.ElementTree as ET

    out = tmp_path / "deck.svg"
    result = run("export", str(SAMPLES[0]), "-o", str(out), "--legend", "--owner-names")
    assert result.returncode == 0, result.stderr
    texts = ["".join(element.itertext()) for element in ET.parse(out).getroot().iter("{http://www.w3.org/2000/svg}text")]
    assert {"Touchpoints", "Review", "Identified", "Approved", "Lines"} <= set(texts)
    plain = tmp_path / "plain.svg"
    assert run("export", str(SAMPLES[0]), "-o", str(plain)).returncode == 0
    assert "Identified" not in plain.read_text("utf-8")


# -- what -o may replace, and -o - -------------------------------------------------------


def copy_of_sample(tmp_path: Path, mode: int = 0o644) -> Path:
    path = tmp_path / "shared.chain"
    path.write_bytes(SAMPLES[0].read_bytes())
    path.chmod(mode)
    return path


def assert_refused_in_one_line(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode == 2, result
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


@pytest.mark.parametrize("command", [
    ["layout", "{chain}"],
    ["layout", "{chain}", "-o", "{target}"],
    ["export", "{chain}", "-o", "{target}", "--format", "svg"],
    ["export", "{chain}", "-o", "{target}", "--format", "png"],
    ["merge", "{chain}", "{chain}", "{chain}", "-o", "{target}"],
    ["import-csv", "{csv}", "-o", "{target}", "--force"],
])
def test_a_read_only_output_is_refused(tmp_path, command):
    chain = copy_of_sample(tmp_path, 0o444)
    target = tmp_path / "out.chain"
    target.write_bytes(b"keep me")
    target.chmod(0o444)
    csv_path = tmp_path / "in.csv"
    csv_path.write_text("Department,Touchpoint\nSales,Answers\n", encoding="utf-8")
    result = run(*(part.format(chain=chain, target=target, csv=csv_path) for part in command))
    assert_refused_in_one_line(result, "read-only")
    assert chain.read_bytes() == SAMPLES[0].read_bytes() and target.read_bytes() == b"keep me"
    assert stat.S_IMODE(target.stat().st_mode) == 0o444
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out.chain", "shared.chain"]


@pytest.mark.skipif(os.name != "posix", reason="named pipes are POSIX")
@pytest.mark.parametrize("command", [
    ["layout", "{chain}", "-o", "{target}"],
    ["export", "{chain}", "-o", "{target}", "--format", "dot"],
    ["export", "{chain}", "-o", "{target}", "--format", "pdf"],
])
def test_a_pipe_as_output_is_refused_and_left_as_it_is(tmp_path, command):
    chain = copy_of_sample(tmp_path)
    pipe = tmp_path / "out"
    os.mkfifo(pipe)
    result = run(*(part.format(chain=chain, target=pipe) for part in command))
    assert_refused_in_one_line(result, "this is a pipe, not a file")
    assert stat.S_ISFIFO(pipe.lstat().st_mode)


@pytest.mark.skipif(os.name != "posix", reason="devices are POSIX")
def test_a_device_as_output_is_refused_and_left_as_it_is(tmp_path):
    device = tmp_path / "null"  # our own null device, so a failure cannot harm /dev/null
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("creating a device needs root")
    chain = copy_of_sample(tmp_path)
    for command in (["layout", str(chain), "-o", str(device)], ["export", str(chain), "-o", str(device), "--format", "svg"]):
        assert_refused_in_one_line(run(*command), "this is a device, not a file")
        assert stat.S_ISCHR(device.lstat().st_mode)


@pytest.mark.parametrize("fmt", ["svg", "dot", "graphml", "mermaid", "csv"])
def test_export_of_a_text_format_to_standard_output_matches_the_file(tmp_path, fmt):
    file = tmp_path / "out"
    assert run("export", str(SAMPLES[0]), "-o", str(file), "--format", fmt).returncode == 0
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "export", str(SAMPLES[0]), "-o", "-", "--format", fmt],
        cwd=tmp_path, capture_output=True, timeout=60, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == file.read_bytes()
    assert result.stderr.decode().startswith("Exported ") and "to standard output" in result.stderr.decode()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no file named "-"


@pytest.mark.parametrize("fmt", ["png", "pdf", "handout"])
def test_export_of_a_binary_format_to_standard_output_is_refused(tmp_path, fmt):
    result = run("export", str(SAMPLES[0]), "-o", "-", "--format", fmt, cwd=tmp_path)
    assert_refused_in_one_line(result, "not written to standard output", "-o")
    assert result.stdout == "" and list(tmp_path.iterdir()) == []


def test_chains_go_to_standard_output_with_o_dash(tmp_path):
    chain = copy_of_sample(tmp_path)
    csv_path = tmp_path / "in.csv"
    csv_path.write_text("Department,Touchpoint\nSales,Answers\n", encoding="utf-8")
    for command in (
        ["layout", str(chain), "-o", "-"],
        ["merge", str(chain), str(chain), str(chain), "-o", "-"],
        ["import-csv", str(csv_path), "-o", "-"],
    ):
        result = run(*command, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert load_chain(result.stdout.encode("utf-8"), name="stdout").title
    assert chain.read_bytes() == SAMPLES[0].read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "shared.chain"]


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_layout_removes_the_temporary_file_of_a_killed_save(tmp_path):
    from tests.models.test_saving import stale_killed_save

    folder, _source = stale_killed_save(tmp_path)
    (folder / "order.chain").write_bytes(SAMPLES[0].read_bytes())  # quicker to lay out
    assert run("layout", str(folder / "order.chain")).returncode == 0
    assert sorted(p.name for p in folder.iterdir()) == ["order.chain"]
