"""`chain-designer merge` and `git-diff` as git's merge driver and diff command, in a real repository."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from models.chain_file import chain_to_bytes, load_chain

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "retail-order-to-delivery.chain"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture
def repo(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    work = tmp_path / "repo"
    work.mkdir()
    env = {
        "HOME": str(home),
        "GIT_CONFIG_NOSYSTEM": "1",
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
    }

    def git(*args: str, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run(["git", *args], cwd=work, env=env, capture_output=True,
                                text=True, timeout=120)
        if check:
            assert result.returncode == 0, result.stdout + result.stderr
        return result

    program = f"env PYTHONPATH={shlex.quote(str(ROOT))} {shlex.quote(sys.executable)} -m app.cli"
    git("init", "-q", "-b", "main")
    git("config", "user.name", "Test")
    git("config", "user.email", "test@example.com")
    git("config", "merge.chain.name", "Chain Designer merge")
    git("config", "merge.chain.driver", f"{program} merge %O %A %B -o %A")
    git("config", "diff.chain.command", f"{program} git-diff")
    (work / ".gitattributes").write_text("*.chain diff=chain merge=chain\n")
    shutil.copy(SAMPLE, work / "order.chain")
    git("add", ".")
    git("commit", "-q", "-m", "sample")
    return work, git


def edit(path: Path, index: int, label: str) -> None:
    chain = load_chain(path)
    chain.touchpoints[index].label = label
    path.write_bytes(chain_to_bytes(chain))


def test_branches_editing_different_touchpoints_merge_cleanly(repo):
    work, git = repo
    file = work / "order.chain"
    git("checkout", "-q", "-b", "theirs")
    edit(file, 5, "Edited on the branch")
    git("commit", "-q", "-am", "theirs")
    git("checkout", "-q", "main")
    edit(file, 1, "Edited on main")
    git("commit", "-q", "-am", "ours")

    git("merge", "-q", "--no-edit", "theirs")

    merged = load_chain(file)
    assert merged.touchpoints[1].label == "Edited on main"
    assert merged.touchpoints[5].label == "Edited on the branch"
    assert git("status", "--porcelain").stdout == ""


def test_the_same_touchpoint_edited_on_both_branches_is_a_conflict(repo):
    work, git = repo
    file = work / "order.chain"
    git("checkout", "-q", "-b", "theirs")
    edit(file, 1, "Theirs")
    git("commit", "-q", "-am", "theirs")
    git("checkout", "-q", "main")
    edit(file, 1, "Ours")
    git("commit", "-q", "-am", "ours")

    result = git("merge", "--no-edit", "theirs", check=False)

    assert result.returncode != 0
    assert "conflict field" in result.stdout + result.stderr
    assert load_chain(file).touchpoints[1].label == "Ours"  # a loadable file, ours kept


def test_git_diff_shows_changes_by_element(repo):
    work, git = repo
    file = work / "order.chain"
    chain = load_chain(file)
    edit(file, 1, "Renamed step")

    output = git("diff").stdout

    assert "chain diff order.chain" in output
    assert (
        f'~ touchpoint {chain.touchpoints[1].id} "Renamed step": label '
        f'"{chain.touchpoints[1].label}" -> "Renamed step"'
    ) in output
