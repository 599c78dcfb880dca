"""The text output of lint, diff, git-diff and merge: one line per item, whatever labels hold."""

from __future__ import annotations

import json
import re

import pytest

from models.chain_file import chain_to_bytes, load_chain
from tests.app.test_cli import SAMPLES, run

# A label with every kind of character that acts on a terminal: a window title change,
# clear screen, a carriage return that overwrites the line, Unicode line and paragraph
# separators, next line, vertical tab, form feed, DEL, the C1 CSI, a bidi override.
HOSTILE_LABEL = (
    "Title\x1b]0;owned\x07 clear\x1b[2J back\rover ls\u2028ps\u2029nel\x85"
    "vt\x0bff\x0cdel\x7fcsi\x9b2J rlo\u202eend"
)
SHOWN = (
    "Title\\x1b]0;owned\\x07 clear\\x1b[2J back\\rover ls\\u2028ps\\u2029nel\\x85"
    "vt\\x0bff\\x0cdel\\x7fcsi\\x9b2J rlo\\u202eend"
)
# What must never reach the terminal: controls other than the line feed ending each
# line, line separators, bidi controls.
ACTING = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def hostile_copy(tmp_path, name="hostile.chain"):
    """The first sample with a staff touchpoint that has no owner (an error) and the hostile label."""
    chain = load_chain(SAMPLES[0])
    customer_lanes = {d.id for d in chain.departments if d.role == "customer"}
    touchpoint = next(t for t in chain.touchpoints if t.department not in customer_lanes)
    touchpoint.owner = None
    touchpoint.label = HOSTILE_LABEL
    path = tmp_path / name
    path.write_bytes(chain_to_bytes(chain))
    return path, touchpoint.id


def assert_plain_lines(text: str) -> list[str]:
    assert not ACTING.search(text), repr(ACTING.search(text).group())
    lines = text.split("\n")
    assert lines == text.splitlines() + [""]  # no other character splits a line
    return lines[:-1]


def test_lint_text_escapes_controls_in_labels_and_json_keeps_them(tmp_path):
    path, touchpoint_id = hostile_copy(tmp_path)
    result = run("lint", str(path))
    assert result.returncode == 1, result.stderr
    lines = assert_plain_lines(result.stdout)
    owner_line = next(line for line in lines if "touchpoint-owner-required" in line)
    assert f'{touchpoint_id} "{SHOWN}": ' in owner_line
    report = json.loads(run("lint", "--format", "json", str(path)).stdout)
    labels = {finding["label"] for finding in report["files"][0]["findings"]}
    assert HOSTILE_LABEL in labels  # JSON carries the label as it is (json escapes it)


def test_lint_error_line_escapes_a_hostile_file_name(tmp_path):
    missing = tmp_path / "gone\x1b[2J\u2028.chain"
    result = run("lint", str(missing))
    assert result.returncode == 2
    assert_plain_lines(result.stderr)
    assert result.stderr.count("\n") == 1 and "gone\\x1b[2J\\u2028.chain" in result.stderr


def test_diff_text_escapes_controls_in_labels_and_values(tmp_path):
    path, touchpoint_id = hostile_copy(tmp_path)
    result = run("diff", str(SAMPLES[0]), str(path))
    assert result.returncode == 1, result.stderr
    lines = assert_plain_lines(result.stdout)
    assert len(lines) == 1  # one touchpoint changed: its label and owner
    assert lines[0].startswith(f'~ touchpoint {touchpoint_id} "{SHOWN}": label ')
    data = json.loads(run("diff", "--format", "json", str(SAMPLES[0]), str(path)).stdout)
    assert data["touchpoints"]["changed"][0]["label"] == HOSTILE_LABEL


def test_git_diff_escapes_controls_in_labels_and_the_path(tmp_path):
    path, _ = hostile_copy(tmp_path)
    name = "chains/odd\x1b]0;owned\x07\r.chain"
    zero = "0" * 40
    result = run("git-diff", name, str(SAMPLES[0]), zero, "100644", str(path), zero, "100644")
    assert result.returncode == 0, result.stderr
    lines = assert_plain_lines(result.stdout)
    assert lines[0] == "chain diff chains/odd\\x1b]0;owned\\x07\\r.chain"
    assert len(lines) == 2 and SHOWN in lines[1]


def test_merge_conflict_lines_escape_controls(tmp_path):
    base = SAMPLES[0]
    ours, touchpoint_id = hostile_copy(tmp_path, "ours.chain")
    chain = load_chain(base)
    next(t for t in chain.touchpoints if t.id == touchpoint_id).label = "Theirs\u2028too"
    theirs = tmp_path / "theirs.chain"
    theirs.write_bytes(chain_to_bytes(chain))
    out = tmp_path / "merged.chain"
    result = run("merge", str(base), str(ours), str(theirs), "-o", str(out))
    assert result.returncode == 1, result.stderr
    lines = assert_plain_lines(result.stdout)
    conflict = next(line for line in lines if f"{touchpoint_id} label" in line)
    assert "owned" in conflict and "Theirs\\u2028too" in conflict


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\r"])
def test_each_line_separator_in_a_label_keeps_one_line_per_finding(tmp_path, separator):
    chain = load_chain(SAMPLES[0])
    for touchpoint in chain.touchpoints:
        touchpoint.label = f"before{separator}after"
    path = tmp_path / "separated.chain"
    path.write_bytes(chain_to_bytes(chain))
    result = run("lint", str(path))
    lines = assert_plain_lines(result.stdout)
    plain = run("lint", str(SAMPLES[0]))
    assert len(lines) == len(plain.stdout.splitlines())
