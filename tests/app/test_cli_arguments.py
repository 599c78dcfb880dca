"""What the first words on the command line mean: a command, or files for the editor.

The processes run without a display and without QT_QPA_PLATFORM, so an editor window
that opened by mistake would make Qt abort, and the test fail.
"""

from __future__ import annotations

import pytest

from app.cli import COMMANDS
from tests.app.test_cli import SAMPLES, run


def assert_one_line_error(result) -> str:
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    return result.stderr


@pytest.mark.parametrize("argv", [["frobnicate", "x.chain"], ["frobnicate"], ["lnit", str(SAMPLES[0])], ["help"]])
def test_an_unknown_command_word_is_an_error_that_lists_the_commands(argv):
    message = assert_one_line_error(run(*argv))
    assert f"unknown command '{argv[0]}'" in message
    assert all(command in message for command in COMMANDS)


@pytest.mark.parametrize("missing", ["nope.chain", "NOPE.CHAIN", "folder/nope", "folder/nope.json"])
def test_a_path_that_does_not_exist_opens_nothing(tmp_path, missing):
    message = assert_one_line_error(run(missing, cwd=tmp_path))
    assert f"{missing} does not exist" in message and "unknown command" not in message


def test_one_missing_path_among_existing_ones_opens_nothing(tmp_path):
    missing = tmp_path / "gone.chain"
    message = assert_one_line_error(run(str(SAMPLES[0]), str(missing), str(SAMPLES[1])))
    assert f"{missing} does not exist" in message


def test_a_word_that_names_an_existing_file_is_not_a_command(tmp_path):
    """`chain-designer frobnicate` with a file of that name beside it means the file:
    the editor is asked to open it (and, with no display here, cannot start)."""
    (tmp_path / "frobnicate").write_text("{}", encoding="utf-8")
    result = run("frobnicate", cwd=tmp_path)
    assert result.returncode != 2  # Qt's own failure to find a display, not ours
    assert "unknown command" not in result.stderr and "does not exist" not in result.stderr


def test_a_hostile_name_is_shown_escaped(tmp_path):
    message = assert_one_line_error(run("frob\x1b]0;owned\x07nicate"))
    assert "unknown command 'frob\\x1b]0;owned\\x07nicate'" in message
