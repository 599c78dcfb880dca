"""The layers of ARCHITECTURE.md: models never uses Qt, widgets never the main window."""

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]


def imported_modules(source: str, package: str) -> list[tuple[int, str]]:
    """(line, module) for every import in `source`, relative ones made absolute.

    `from a import b` yields both `a` and `a.b`, since `b` may be a module.
    `importlib.import_module("x")` and `__import__("x")` with a literal name count too.
    """
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1])
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module
            found.append((node.lineno, module))
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None))
            in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.lineno, node.args[0].value))
    return found


def violations(folder: str, forbidden: tuple[str, ...]) -> list[str]:
    """`file:line imports module` for each import under `folder` of a forbidden module."""
    found = []
    for path in sorted((REPOSITORY / folder).rglob("*.py")):
        relative = path.relative_to(REPOSITORY)
        package = ".".join(relative.with_suffix("").parts)
        if path.name != "__init__.py":
            package = package.rpartition(".")[0]
        for line, module in imported_modules(path.read_text("utf-8"), package):
            reported = found and found[-1].startswith(f"{relative}:{line} ")
            if not reported and any(module == name or module.startswith(name + ".")
                                    for name in forbidden):
                found.append(f"{relative}:{line} imports {module}")
    return found


def test_the_import_finder_sees_every_kind_of_import():
    source = (
        "import os, PySide6.QtCore\n"
        "from app import main_window\n"
        "from ..chain import Chain\n"
        "import importlib\n"
        "importlib.import_module('shiboken6')\n"
    )
    modules = [module for _, module in imported_modules(source, "models.lint")]
    assert "PySide6.QtCore" in modules
    assert "app.main_window" in modules
    assert "models.chain" in modules  # two dots go up from the package models.lint
    assert "shiboken6" in modules
    assert [m for _, m in imported_modules("from . import chain", "models")] == [
        "models", "models.chain"
    ]


def test_models_sources_import_no_qt_widgets_or_app():
    assert list((REPOSITORY / "models").rglob("*.py")), "models/ has no source files"
    assert violations("models", ("PySide6", "shiboken6", "PyQt5", "PyQt6", "widgets",
                                 "app")) == []


def test_widgets_never_import_the_main_window():
    # Passes while widgets/ is empty; guards the rule as the canvas and panels arrive.
    assert violations("widgets", ("app.main_window",)) == []


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
