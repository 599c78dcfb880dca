"""PySide6 traps: void Qt calls must not wear out None, and quitting must not crash.

PySide6 6.12.0 on Python < 3.12 decrements None's refcount on every call of a Qt method
that returns nothing, and the process aborts ("none_dealloc") after a few thousand. The
pin in pyproject.toml avoids it; this test proves the running editor survives such calls.
It runs in a child process so that an abort fails this test instead of killing the run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor
from app.application import create_application
from app.main_window import MainWindow

app = create_application()
window = MainWindow.open_first_start()
item = next(iter(window.scene.touchpoint_items.values()))
refcount = sys.getrefcount(None)
for number in range(300_000):
    item.setPos(QPointF(number % 500, 40))  # a void Qt method
    item.setToolTip("x")
    window.statusBar().clearMessage()
app.processEvents()
print("survived", sys.getrefcount(None) >= refcount - 10)
"""


def test_hundreds_of_thousands_of_void_qt_calls_in_the_editor():
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().endswith("survived True")


COPY_THEN_QUIT = """
from PySide6.QtCore import QTimer
from app.application import create_application
from app.main_window import MainWindow

app = create_application()
window = MainWindow.open_first_start()
window.view.select([window.document.chain.touchpoints[3].id])
window.actions_by_id["edit.copy"].trigger()
QTimer.singleShot(0, app.quit)
app.exec()
"""


def test_quitting_with_touchpoints_on_the_clipboard_exits_cleanly():
    # Qt frees the clipboard's data after Python has stopped; data made in Python
    # crashed the process there until the application handed over a plain copy.
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-c", COPY_THEN_QUIT], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
