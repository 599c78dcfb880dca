"""The starting chains a user can create a new chain from (File > New from Template)."""

from __future__ import annotations

from pathlib import Path

TEMPLATES_DIR = Path(__file__).parent / "templates"


def template_paths() -> list[Path]:
    """Every template shipped with the program, sorted by file name."""
    return sorted(TEMPLATES_DIR.glob("*.chain"))
