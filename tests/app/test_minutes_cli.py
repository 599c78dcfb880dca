"""`chain-designer minutes`: a session's minutes as Markdown or PDF, run as a user runs it."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from models.chain_file import save_chain
from tests.app.test_cli import run
from tests.minutes_chain import APRIL, APRIL_COMMENTS, MARCH, MARCH_COMMENTS, two_sessions_chain

SESSIONS = "s-march “Showroom walkthrough” (2026-03-02), s-april “Back office review” (2026-04-14)"


@pytest.fixture
def reviewed(tmp_path) -> Path:
    path = tmp_path / "reviewed.chain"
    save_chain(two_sessions_chain(), path)
    return path


def named_comments(text: str) -> set[str]:
    return set(re.findall(r"\[(c-\d+)\\?\]", text))


def test_markdown_to_a_file_holds_the_sessions_comments_only(reviewed, tmp_path):
    target = tmp_path / "minutes.md"
    result = run("minutes", str(reviewed), "--session", MARCH, "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        f"Wrote the minutes of 'Showroom walkthrough' (2026-03-02: 5 comments, 2 sign-offs) to {target}\n"
    )
    assert result.stderr == ""
    markdown = target.read_text(encoding="utf-8")
    assert markdown.startswith("# Minutes: Showroom walkthrough\n")
    assert named_comments(markdown) == MARCH_COMMENTS


def test_markdown_to_standard_output_reports_on_stderr(reviewed):
    result = run("minutes", str(reviewed), "--session", APRIL, "-o", "-")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Minutes: Back office review\n")
    assert named_comments(result.stdout) == APRIL_COMMENTS
    assert result.stderr.startswith("Wrote the minutes of 'Back office review'")
    assert result.stderr.rstrip().endswith("to standard output")


def test_pdf_reads_back_with_the_sessions_comments_only(reviewed, tmp_path):
    target = tmp_path / "minutes.pdf"
    result = run("minutes", str(reviewed), "--session", MARCH, "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert target.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed: the minutes' text was not read back")
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
    text = unicodedata.normalize("NFKC", text)  # ligatures undone
    assert named_comments(text) == MARCH_COMMENTS
    for expected in ("Showroom walkthrough", "Monday 2 March 2026", "Ana Ruiz", "Lena Okafor", "Attendees",
                     "Sign-offs", "Still open", "Page 1 of"):
        assert expected in text
    # The footer names the chain and the session on every page.
    pages = text.split("\f")[:-1]
    assert pages and all("Order to delivery — minutes of “Showroom walkthrough”" in page for page in pages)


def test_the_only_session_needs_no_session_flag(tmp_path):
    chain = two_sessions_chain()
    del chain.sessions[1]
    chain.comments[:] = [c for c in chain.comments if c.session != APRIL]
    for touchpoint in chain.touchpoints:
        touchpoint.review.signoffs[:] = [s for s in touchpoint.review.signoffs if s.session != APRIL]
    path = tmp_path / "one.chain"
    save_chain(chain, path)
    result = run("minutes", str(path), "-o", "-")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Minutes: Showroom walkthrough\n")


@pytest.mark.parametrize(("args", "message"), [
    (["-o", "{tmp}/m.md"], "chain-designer: {file} has 2 review sessions; choose one with --session: "
                           f"{SESSIONS}."),
    (["--session", "s-june", "-o", "{tmp}/m.md"],
     f"chain-designer: The chain has no session “s-june”; its sessions are {SESSIONS}."),
    (["--session", MARCH, "-o", "{tmp}/m.txt"],
     "chain-designer: cannot tell the format from '{tmp}/m.txt'; name it .md or .pdf (or - for Markdown on "
     "standard output)"),
    (["--session", MARCH, "-o", "{tmp}/missing/m.md"],
     "chain-designer: Could not export to {tmp}/missing/m.md: the folder {tmp}/missing does not exist (any more)."),
    (["--session", MARCH, "-o", "{tmp}/missing/m.pdf"],
     "chain-designer: Could not export to {tmp}/missing/m.pdf: the folder {tmp}/missing does not exist (any more)."),
])
def test_errors_are_one_sentence_with_exit_status_2(reviewed, tmp_path, args, message):
    result = run("minutes", str(reviewed), *(arg.format(tmp=tmp_path) for arg in args))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == message.format(tmp=tmp_path, file=reviewed) + "\n"
    assert list(tmp_path.iterdir()) == [reviewed]  # nothing half-written


def test_an_unreadable_file_and_a_chain_without_sessions(tmp_path):
    result = run("minutes", str(tmp_path / "none.chain"), "-o", "-")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"chain-designer: {tmp_path / 'none.chain'}: the file does not exist\n"
    sample = Path(__file__).resolve().parents[2] / "resources" / "samples" / "hr-onboarding.chain"
    result = run("minutes", str(sample), "-o", "-")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "chain-designer: The chain has no review sessions yet, so there are no minutes to write.\n"
