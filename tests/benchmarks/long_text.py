"""Long text in one editor process: `python -m tests.benchmarks.long_text CHARACTERS`.

The retail sample with a description of CHARACTERS characters and a label of a tenth of
that, neither with a space (the worst case for wrapping text): the time to open it in
the editor, to select the touchpoint with the long label (the inspector shows it), and to
export it as SVG, PDF and the handout. Prints one line of JSON on standard output.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks.editor import ROOT

#: The figures, in seconds, and how the report names them.
FIGURES = {"open": "open", "select": "select", "svg": "SVG", "pdf": "PDF", "handout": "handout"}
TIMEOUT_SECONDS = 900


def long_text_chain(characters: int):
    from models.chain_file import load_chain
    from resources.samples import FIRST_START_SAMPLE

    chain = load_chain(FIRST_START_SAMPLE)
    chain.description = "d" * characters
    chain.touchpoints[1].label = "L" * (characters // 10)
    return chain


def session(characters: int, folder: Path) -> dict:
    from PySide6.QtWidgets import QApplication

    from app.application import create_application
    from app.export.pdf import export_pdf
    from app.export.svg import svg_bytes
    from app.handout import export_handout
    from app.main_window import MainWindow
    from models.chain_file import chain_to_bytes
    from tests.benchmarks.timing import once

    path = folder / "long-text.chain"
    path.write_bytes(chain_to_bytes(long_text_chain(characters)))
    create_application()
    results = {}

    def settle() -> None:
        for _ in range(3):
            QApplication.processEvents()

    start = time.perf_counter()
    window = MainWindow.open_window_for_path(path)
    window.view.viewport().repaint()
    settle()
    window.lint.flush()
    settle()
    results["open"] = time.perf_counter() - start
    touchpoint = window.document.chain.touchpoints[1].id
    results["select"] = once(lambda: (window.view.select([touchpoint]), window.inspector.repaint(), settle()))
    chain = window.document.chain
    results["svg"] = once(lambda: svg_bytes(chain))
    results["pdf"] = once(lambda: export_pdf(chain, folder / "long-text.pdf"))
    results["handout"] = once(lambda: export_handout(chain, folder / "long-text-handout.pdf"))
    window.maybe_save = lambda: True
    window.close()
    QApplication.processEvents()
    return results


def run_session(characters: int) -> dict:
    """The figures of one fresh process; {"error": text} if it failed or took too long."""
    command = [sys.executable, "-m", "tests.benchmarks.long_text", str(characters)]
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        return {"error": f"the long-text session took longer than {TIMEOUT_SECONDS} s"}
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        tail = "\n".join(done.stderr.strip().splitlines()[-5:])
        return {"error": f"the long-text session failed (exit {done.returncode}):\n{tail}"}
    return json.loads(lines[-1])


def summary(characters: int, figures: dict) -> str:
    """One line for the report."""
    what = (f"Long text (a {characters:,}-character description and a {characters // 10:,}-character "
            f"label, without spaces)")
    if "error" in figures:
        return f"{what}: error."
    times = ", ".join(f"{name} {figures[key]:.2f} s" for key, name in FIGURES.items())
    return f"{what}: {times}."


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.long_text", description=__doc__.split("\n")[0])
    parser.add_argument("characters", type=int, help="the description's length")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="chain-bench-long-text-") as folder:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
            os.environ[variable] = str(Path(folder) / variable.lower())
        results = session(args.characters, Path(folder))
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
