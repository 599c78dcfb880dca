"""The layers of ARCHITECTURE.md, declared as import-linter contracts in pyproject.toml.

`lint-imports` checks every import against them; the tests here also check what it cannot
see: that every module of app/ is placed in a layer, that no module imports by a name
computed at run time, and that importing models loads no Qt.
"""

import ast
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[1]
PACKAGES = ("app", "widgets", "models", "resources")
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    """Run `lint-imports` on the sources and pyproject.toml under `root`."""
    if not LINT_IMPORTS.exists():
        pytest.fail(f"{LINT_IMPORTS} is missing: install the test extra (pip install -e '.[test]')")
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=root, capture_output=True, text=True,
        env={**os.environ, "PYTHONPATH": str(root)}, timeout=300,
    )


def test_the_layers_hold():
    result = lint_imports(REPOSITORY)
    assert result.returncode == 0, result.stdout + result.stderr


#: (file, an import added to it, what lint-imports reports): one import across each boundary
CROSSINGS = [
    ("models/chain.py", "import PySide6.QtCore", "models.chain -> PySide6"),
    ("models/graph.py", "import app.document", "models.graph -> app.document"),
    ("app/document.py", "import widgets.inspector", "app.document -> widgets.inspector"),
    ("widgets/overview.py", "import app.main_window", "widgets.overview -> app.main_window"),
]


def test_lint_imports_finds_an_import_across_each_layer(tmp_path):
    for package in PACKAGES:
        shutil.copytree(REPOSITORY / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPOSITORY / "pyproject.toml", tmp_path)
    for path, line, _reported in CROSSINGS:
        with open(tmp_path / path, "a", encoding="utf-8") as source:
            source.write(f"\n{line}\n")
    result = lint_imports(tmp_path)
    assert result.returncode != 0, result.stdout
    broken = result.stdout[result.stdout.index("Broken contracts"):]
    assert [reported for _, _, reported in CROSSINGS if reported not in broken] == [], broken


def layer_names() -> set[str]:
    """Every module the layers contract names, optional ones included."""
    config = tomllib.loads((REPOSITORY / "pyproject.toml").read_text("utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    layers = next(c for c in contracts if c["type"] == "layers")["layers"]
    return {
        name.strip().strip("()")
        for layer in layers
        for name in layer.replace("|", ":").split(":")
    }


def test_every_app_module_is_in_a_layer():
    named = layer_names()
    unplaced = []
    for path in sorted((REPOSITORY / "app").iterdir()):
        if path.name == "__init__.py" or not (path.suffix == ".py" or (path / "__init__.py").exists()):
            continue
        module = f"app.{path.stem}"
        if module not in named:
            unplaced.append(module)
    assert unplaced == [], (
        f"{unplaced}: name each in the layer it belongs to, under [tool.importlinter] in pyproject.toml"
    )


def computed_imports(source: str) -> list[tuple[int, str]]:
    """(line, call) for each `importlib.import_module(...)` or `__import__(...)` in `source`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", None))
            if name in ("import_module", "__import__"):
                found.append((node.lineno, name))
    return found


def test_the_import_finder_sees_imports_by_computed_name():
    source = "import importlib\nimportlib.import_module('shiboken6')\nx = __import__(name)\nimport os\n"
    assert computed_imports(source) == [(2, "import_module"), (3, "__import__")]


def test_no_module_imports_by_a_computed_name():
    # lint-imports reads import statements only: such an import could cross the layers unseen.
    found = [
        f"{path.relative_to(REPOSITORY)}:{line} calls {name}"
        for package in PACKAGES
        for path in sorted((REPOSITORY / package).rglob("*.py"))
        for line, name in computed_imports(path.read_text("utf-8"))
    ]
    assert found == []


def test_importing_every_models_module_loads_no_qt():
    script = """
import json, pkgutil, sys
import models

leaks = {}
names = ["models"]
for module in pkgutil.walk_packages(models.__path__, "models."):
    names.append(module.name)
    __import__(module.name)
    qt = sorted(name for name in sys.modules if name.split(".")[0] in ("PySide6", "shiboken6"))
    if qt:
        leaks.setdefault(module.name, qt)
print(json.dumps({"modules": names, "leaks": leaks}))
"""
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPOSITORY, capture_output=True, text=True,
        env={**os.environ, "PYTHONPATH": str(REPOSITORY)}, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert {"models.chain", "models.chain_file", "models.integrity"} <= set(report["modules"])
    assert report["leaks"] == {}, f"models modules that load Qt: {report['leaks']}"

