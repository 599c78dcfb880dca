"""The PyInstaller bundle (packaging/chain-designer.spec): build it and run it.

Slow (a build takes a minute or less) and needs PyInstaller, which is not a test
dependency. CHAIN_DESIGNER_BUNDLE_TEST=1 asks for it (and fails without PyInstaller);
=0 skips it; unset, it runs when PyInstaller is installed.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "retail-order-to-delivery.chain"
WANTED = os.environ.get("CHAIN_DESIGNER_BUNDLE_TEST", "")
HAVE_PYINSTALLER = importlib.util.find_spec("PyInstaller") is not None

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        WANTED == "0" or (WANTED != "1" and not HAVE_PYINSTALLER),
        reason="set CHAIN_DESIGNER_BUNDLE_TEST=1 and pip install pyinstaller to build the bundle",
    ),
]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    """The bundle's executable, built once for this module."""
    if not HAVE_PYINSTALLER:
        pytest.fail("CHAIN_DESIGNER_BUNDLE_TEST=1 needs PyInstaller: pip install pyinstaller")
    work = tmp_path_factory.mktemp("bundle")
    result = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(work / "dist"), "--workpath", str(work / "build"),
         str(ROOT / "packaging" / "chain-designer.spec")],
        cwd=work, capture_output=True, text=True, timeout=900,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    executable = work / "dist" / "chain-designer" / "chain-designer"
    assert executable.is_file()
    return executable


def run(executable: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(cwd / "share"), PYTHONPATH="")
    return subprocess.run([str(executable), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, env=env)


def test_the_bundle_knows_its_version(bundle, tmp_path):
    from app.cli import program_version

    result = run(bundle, "--version", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"chain-designer {program_version()}"


def test_the_bundle_exports_a_sample_to_svg(bundle, tmp_path):
    out = tmp_path / "retail.svg"
    result = run(bundle, "export", str(SAMPLE), "-o", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    svg = out.read_text(encoding="utf-8")
    assert "<svg" in svg and "</svg>" in svg


def test_the_bundle_ships_its_samples_and_desktop_files(bundle, tmp_path):
    with open(ROOT / "pyproject.toml", "rb") as file:
        patterns = tomllib.load(file)["tool"]["setuptools"]["package-data"]["resources"]
    shipped = [path.relative_to(ROOT) for pattern in patterns
               for path in (ROOT / "resources").glob(pattern) if path.is_file()]
    assert Path("resources/samples", SAMPLE.name) in shipped
    missing = [str(path) for path in shipped if not (bundle.parent / "_internal" / path).is_file()]
    assert missing == []
    result = run(bundle, "--install-desktop", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    entry = (tmp_path / "share" / "applications" / "chain-designer.desktop").read_text("utf-8")
    assert f"Exec={bundle} %F" in entry.splitlines()  # the menu starts the bundle itself
