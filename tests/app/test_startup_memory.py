"""What the editor holds from the start, in a fresh process: at 20,000 touchpoints its
peak memory has a budget (issue 20), and these were some 35 MB of it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]


def run_fresh(script: str) -> list[str]:
    """The words `script` prints, run in a fresh interpreter."""
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPOSITORY, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPOSITORY), "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_the_editor_loads_networkx_only_for_a_graphml_export():
    """networkx's 285 modules take some 21 MB; only the GraphML export and chain_graph use it."""
    printed = run_fresh(
        "import sys\n"
        "import app.main_window, app.export.formats, models.lint, widgets.canvas.scene\n"
        "print('networkx' in sys.modules)\n"
    )
    assert printed == ["False"]


def test_the_application_keeps_no_module_source():
    """shiboken reads every module's source through linecache, which would keep 12 MB of it."""
    printed = run_fresh(
        "import linecache\n"
        "from app.application import create_application\n"
        "print(len(linecache.cache) > 100)\n"
        "create_application()\n"
        "print(len(linecache.cache))\n"
    )
    assert printed == ["True", "0"]
