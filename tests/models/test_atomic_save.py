"""Killing the program in the middle of a save never leaves a half-written chain file.

A child process saves two large chains alternately to the same path, as fast as it can;
the parent kills it with SIGKILL at a random moment and checks that the file on disk is
complete: byte for byte the first file, or one of the two saved versions.
"""

import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from models.chain import Chain, Department, Handoff, Person, Position, Procedure, Touchpoint
from models.chain_file import chain_to_bytes, save_chain

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")

REPOSITORY = Path(__file__).resolve().parents[2]
KILLS = 50
MAX_KILLS = 200  # only reached if fewer than one kill in 50 lands while a file is written

# Loads the chains to save, says it has started, then saves them in turn until killed.
CHILD = """
import sys
from models.chain_file import load_chain, save_chain

target, *sources = sys.argv[1:]
chains = [load_chain(source) for source in sources]
print("started", flush=True)
while True:
    for chain in chains:
        save_chain(chain, target)
"""


def big_chain(title: str, touchpoints: int, shift: float) -> Chain:
    """A chain of a few hundred KB, so that one save takes a few milliseconds."""
    departments = [Department(id=f"dept-{lane}", name=f"Department {lane}") for lane in range(8)]
    return Chain(
        title=title,
        departments=departments,
        people=[Person(id="owner", name="Jo Martens", department="dept-1")],
        touchpoints=[
            Touchpoint(
                id=f"tp-{index}",
                label=f"Step {index}: answer the customer's question about order {index}",
                department=f"dept-{index % 8}",
                owner="owner",
                procedure=Procedure(title=f"Procedure {index}", link=f"sop/step-{index}.md"),
                expectation="An answer within one working day, in plain words",
                notes="Feedback from the desk: customers ask for a reference number",
                position=Position(x=(index % 1000) * 180 + shift, y=(index // 1000) * 300 + (index % 5) * 40.5),
            )
            for index in range(touchpoints)
        ],
        handoffs=[
            Handoff(id=f"h-{index}", source=f"tp-{index}", target=f"tp-{index + 1}",
                    passes="the case file")
            for index in range(touchpoints - 1)
        ],
    )


def test_sigkill_during_save_leaves_a_complete_file(tmp_path, chain):
    first = big_chain("Version A", 700, 0.25)
    second = big_chain("Version B: a little longer", 760, 0.75)
    target = tmp_path / "service.chain"
    save_chain(chain, target)
    versions = {
        target.read_bytes(): "initial",
        chain_to_bytes(first): "A",
        chain_to_bytes(second): "B",
    }
    assert len(versions) == 3 and all(len(data) > 200_000 for data in list(versions)[1:])
    sources = tmp_path / "sources"
    sources.mkdir()
    save_chain(first, sources / "a.chain")
    save_chain(second, sources / "b.chain")

    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)
    temp_name = re.compile(r"\.service\.chain\..+\.tmp")
    env = {**os.environ, "PYTHONPATH": str(REPOSITORY)}
    seen = []
    kill = left_over = 0
    while kill < KILLS or (left_over == 0 and kill < MAX_KILLS):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(target), str(sources / "a.chain"),
             str(sources / "b.chain")],
            cwd=REPOSITORY, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        try:
            line = child.stdout.readline()
            assert line == "started\n", f"the child did not start: {child.stderr.read()}"
            delay = rng.uniform(0.0, 0.3)
            time.sleep(delay)  # the child saves all the while
            child.send_signal(signal.SIGKILL)
            assert child.wait(timeout=10) == -signal.SIGKILL, child.stderr.read()
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
            child.stdout.close()
            child.stderr.close()

        kill += 1
        where = f"kill {kill} after {delay * 1000:.0f} ms (seed {seed})"
        on_disk = target.read_bytes()
        assert on_disk in versions, f"{where}: the file is {len(on_disk)} bytes of no version"
        seen.append(versions[on_disk])
        temps = {path.name for path in tmp_path.iterdir()} - {"service.chain", "sources"}
        assert all(temp_name.fullmatch(name) for name in temps), f"{where}: {temps}"
        assert len(temps) <= left_over + 1, f"{where}: more than one new temporary file"
        left_over = len(temps)  # each from a kill between making a temporary file and renaming

    # The test reached the moments that matter: saves completed between kills (both
    # versions were found whole), and some kills fell while a file was being written.
    assert {"A", "B"} <= set(seen), f"versions found: {seen} (seed {seed})"
    assert left_over > 0, f"no kill fell while writing in {kill} kills (seed {seed})"
