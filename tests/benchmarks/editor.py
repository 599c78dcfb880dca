"""The editor's figures, one session per process: `python -m tests.benchmarks.editor N`.

A session opens a synthetic chain of N touchpoints (with `--second-wave`, the one with
stages, measures, comments and long labels) the way `chain-designer FILE` does, then
measures, in this order: json.loads of the file, the reference for opening; open to
interactive; frames, fitted and then at 100% (where the edits are made too); edits and
keystrokes; the stall of an autosave; peak memory, before anything builds a second scene;
an edit that grows a lane;
the frames' references, Qt painting as many plain rectangles and lines (in a child
process, see plain_frames_apart); building a scene;
the SVG export as File > Export makes it, and the memory it adds; the PDF export, the same
way; and auto-layout in the window, last because it moves the cards. It prints one line of
JSON on standard output.

Each session is a fresh process so that peak memory and open to interactive belong to
that size alone; `run_sessions` runs a few and takes the median of each figure. The chain's
file is written, and the frames' references painted, by child processes, so that the
peak memory and the figures after it are the editor's own and not the benchmark's. Settings, recent files
and recovery copies go to a temporary folder, never the user's.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: The figures a session reports (besides what its frames drew), as the table's row keys.
EDITOR_FIGURES = (
    "open json", "open", "routed", "frame fit-all", "frame fit-all reference", "frame 100%", "frame reference",
    "edit", "keystroke", "lane growth", "lane growth followed", "lane growth again", "rss", "scene", "svg",
    "svg rss", "pdf", "stall", "autosave stall",
)
JSON_RUNS = 3  # json.loads of the file, the median taken


def write_chain(n: int, second_wave: bool, path: Path) -> None:
    """Write the synthetic chain's file from a child process, so that building it leaves
    nothing in the process that measures the editor's memory."""
    code = ("import sys; from pathlib import Path; from models.chain_file import chain_to_bytes; "
            "from tests.benchmarks.generate import synthetic_chain; "
            "Path(sys.argv[3]).write_bytes(chain_to_bytes(synthetic_chain(int(sys.argv[1]), second_wave=sys.argv[2] == 'v2')))")
    subprocess.run([sys.executable, "-c", code, str(n), "v2" if second_wave else "plain", str(path)], cwd=ROOT, check=True)


def plain_frames_apart(shapes: list[tuple[int, int, int]], repeat: int) -> list[float]:
    """The median milliseconds of Qt painting each (cards, handoffs, lanes) of plain
    shapes (frames.plain_frame_times), in a child process: painted in the editor's own,
    their 100,000 shapes at 20,000 raised its peak memory by 24 MB and its auto-layout
    stall, measured later, from 90 to 140 ms."""
    code = ("import json, statistics, sys; from PySide6.QtWidgets import QApplication; app = QApplication([]); "
            "from tests.benchmarks.frames import plain_frame_times; "
            "shapes, repeat = json.loads(sys.argv[1]), int(sys.argv[2]); "
            "print(json.dumps([statistics.median(plain_frame_times(*shape, repeat)) * 1000 for shape in shapes]))")
    done = subprocess.run([sys.executable, "-c", code, json.dumps(shapes), str(repeat)], cwd=ROOT,
                          capture_output=True, text=True, check=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    return json.loads(done.stdout.strip().splitlines()[-1])


def session(path: Path, repeat: int, folder: Path) -> dict:
    """Every editor figure for one fresh process opening the chain at `path`, in
    milliseconds, seconds or MB."""
    from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
    from PySide6.QtWidgets import QApplication
    from shiboken6 import delete

    from app.application import create_application
    from app.export.pdf import export_pdf
    from app.export.svg import svg_bytes
    from app.main_window import MainWindow
    from tests.benchmarks import editing, frames
    from tests.benchmarks.autosave_bench import autosave_stall_ms
    from tests.benchmarks.layout_bench import longest_stall_ms
    from tests.benchmarks.timing import once, run_times
    from widgets.canvas.scene import ChainScene

    create_application()
    results: dict = {}
    data = path.read_bytes()
    results["open json"] = statistics.median(run_times(lambda: json.loads(data), JSON_RUNS)) * 1000
    del data

    class PaintSeen(QObject):
        """Notes the first paint of the canvas."""

        seen = False

        def eventFilter(self, _watched, event) -> bool:
            self.seen = self.seen or event.type() == QEvent.Type.Paint
            return False

    # Open to interactive: what application.open_windows does for a file, then the work
    # the event loop finds waiting (the first paint, the lint timer).
    start = time.perf_counter()
    window = MainWindow.open_window_for_path(path)
    painted = PaintSeen()
    window.view.viewport().installEventFilter(painted)
    QApplication.processEvents()
    while not painted.seen and time.perf_counter() - start < 60:
        QApplication.processEvents()
    window.lint.flush()
    QApplication.processEvents()
    results["open"] = time.perf_counter() - start
    window.view.viewport().removeEventFilter(painted)
    if not painted.seen:
        raise RuntimeError("the canvas was never painted after opening")

    # A large chain's handoffs are routed around the cards in the background from here;
    # how long until the last one is routed, and the frames and edits after that.
    # (Waiting in an event loop, not spinning processEvents, which would take the
    # interpreter from the routing thread.)
    routed, waiting = time.perf_counter(), QEventLoop()
    window.scene.routing_finished.connect(waiting.quit)
    while window.scene.routing and time.perf_counter() - routed < 600:
        QTimer.singleShot(50, waiting.quit)
        waiting.exec()
    results["routed"] = time.perf_counter() - start

    frames.size_viewport(window)
    results["painted"] = {}  # what one frame draws, to tell what the frame times mean
    window.view.zoom_to_fit()
    times, results["painted"]["fit-all"] = frames.frame_times(window, repeat)
    results["frame fit-all"] = statistics.median(times) * 1000
    frames.centre_on_busiest(window)  # and the edits that follow are made at 100% too
    times, painted = frames.frame_times(window, repeat)
    results["painted"]["100%"] = painted
    results["frame 100%"] = statistics.median(times) * 1000

    results["edit"] = statistics.median(editing.edit_times(window, repeat)) * 1000
    results["keystroke"] = statistics.median(editing.keystroke_times(window, repeat)) * 1000
    results["autosave stall"] = autosave_stall_ms(window)
    results["rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    # after the peak: re-routing half the chain holds its old routes meanwhile
    stalls, followed, again = editing.lane_growth_times(window, repeat)
    results["lane growth"] = statistics.median(stalls) * 1000
    results["lane growth followed"] = statistics.median(followed) * 1000
    results["lane growth again"] = again * 1000

    chain = window.document.chain
    results["frame fit-all reference"], results["frame reference"] = plain_frames_apart(
        [(len(chain.touchpoints), len(chain.handoffs), len(chain.departments)),
         (painted["cards"], painted["handoffs"], painted["lanes"])], repeat)

    scenes = []
    results["scene"] = once(lambda: scenes.append(ChainScene(window.document))) * 1000
    delete(scenes.pop())  # now, or it would follow the document's signals from here on
    chain = window.document.chain
    before = _resident_mb(reset_peak=True)
    results["svg"] = once(lambda: svg_bytes(chain, scene=window.scene))  # as File > Export makes it
    results["svg rss"] = max(0.0, _peak_mb() - before)
    results["pdf"] = once(lambda: export_pdf(chain, folder / "chain.pdf", scene=window.scene))
    results["stall"] = longest_stall_ms(window)

    window.maybe_save = lambda: True
    window.close()
    QApplication.processEvents()
    return results


def _resident_mb(reset_peak: bool = False) -> float:
    """This process's resident memory now, in MB; with `reset_peak`, its peak is set to
    it (Linux: writing 5 to clear_refs), so that `_peak_mb` then gives the peak from here."""
    if reset_peak:
        Path("/proc/self/clear_refs").write_text("5")
    return _status_mb("VmRSS")


def _peak_mb() -> float:
    return _status_mb("VmHWM")


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024  # kB
    raise RuntimeError(f"/proc/self/status has no {field}")


def run_sessions(n: int, sessions: int, repeat: int, second_wave: bool = False) -> dict:
    """The median of each figure over `sessions` fresh processes; {"error": text} if one
    of them failed."""
    runs = []
    with tempfile.TemporaryDirectory(prefix="chain-bench-file-") as folder:
        path = Path(folder) / f"chain-{n}.chain"
        write_chain(n, second_wave, path)
        for _ in range(sessions):
            command = [sys.executable, "-m", "tests.benchmarks.editor", str(n), "--repeat", str(repeat), "--file", str(path)]
            done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
            lines = done.stdout.strip().splitlines()
            if done.returncode != 0 or not lines:
                tail = "\n".join(done.stderr.strip().splitlines()[-5:])
                return {"error": f"the editor session for {n:,} failed (exit {done.returncode}):\n{tail}"}
            runs.append(json.loads(lines[-1]))
    return {
        key: statistics.median(run[key] for run in runs) if isinstance(value, (int, float)) else value
        for key, value in runs[0].items()
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks.editor", description=__doc__.split("\n")[0]
    )
    parser.add_argument("n", type=int, help="touchpoints in the synthetic chain")
    parser.add_argument("--repeat", type=int, default=20, help="frames, edits and keystrokes each")
    parser.add_argument("--second-wave", action="store_true", help="stages, measures, comments and long labels too")
    parser.add_argument("--file", type=Path, help="open this chain (written before) instead of writing the synthetic one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="chain-bench-editor-") as folder:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
            os.environ[variable] = str(Path(folder) / variable.lower())
        path = args.file or Path(folder) / f"chain-{args.n}.chain"
        if args.file is None:
            write_chain(args.n, args.second_wave, path)
        results = session(path, max(1, args.repeat), Path(folder))
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
