"""The PySide6 6.12.0 trap (ARCHITECTURE.md): void Qt calls must not wear out None.

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
