"""Icons: SVG files in ``resources/icons`` looked up by name.

The files are package data (see ``[tool.setuptools.package-data]`` in pyproject.toml), so
they are found relative to this module; there is no compiled .qrc. An unknown name is a
programming error and raises ``KeyError`` naming the closest known icons, so a typo in an
action table fails loudly instead of giving a blank button.

Qt is imported only inside :func:`icon`, so ``resources`` stays importable without Qt
(for the CLI and for tests of the models).
"""

from __future__ import annotations

import difflib
import functools
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - for type checkers only
    from PySide6.QtGui import QIcon

ICONS_DIR = Path(__file__).parent / "icons"


@functools.cache
def _icon_files() -> dict[str, Path]:
    """Map each icon name (the file name without ``.svg``) to its file."""
    paths = sorted(ICONS_DIR.glob("*.svg"), key=lambda path: path.stem)
    return {path.stem: path for path in paths}


def icon_names() -> list[str]:
    """The names of all icons, sorted."""
    return list(_icon_files())


def icon_path(name: str) -> Path:
    """The SVG file of the icon called ``name``.

    Raises ``KeyError`` for an unknown name, suggesting the closest known names.
    """
    files = _icon_files()
    try:
        return files[name]
    except KeyError:
        raise KeyError(_unknown_icon_message(name, list(files))) from None


def _unknown_icon_message(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
    if not close:
        # Short typos ("zom") score low against long names; fall back to prefix matches.
        close = [known_name for known_name in known if known_name.startswith(name)][:3]
    message = f'unknown icon "{name}"'
    if close:
        quoted = ", ".join(f'"{suggestion}"' for suggestion in close)
        return f"{message}; did you mean {quoted}?"
    return f"{message}; known icons are in {ICONS_DIR}"


#: The stroke colour the icons are drawn in; `svg_data` can swap it for another ink.
INK = "#37474f"


def svg_data(name: str, ink: str | None = None) -> bytes:
    """The SVG of an icon, with its strokes in `ink` (e.g. light strokes on a dark palette)."""
    text = icon_path(name).read_text(encoding="utf-8")
    if ink:
        text = text.replace(INK, ink)
    return text.encode("utf-8")


#: Sizes a recoloured icon is drawn at: toolbar and menu sizes, also at twice the pixels.
_PIXMAP_SIZES = (16, 20, 24, 32, 40, 48, 64)


@functools.lru_cache(maxsize=None)
def icon(name: str, ink: str | None = None) -> QIcon:
    """The icon called ``name`` as a ``QIcon`` (cached; needs a ``QGuiApplication``).

    Without `ink` the QIcon keeps the SVG file and draws it crisply at any size; with
    `ink` (light strokes for a dark palette) it is drawn at the usual sizes up front.
    """
    data = svg_data(name, ink)  # raises KeyError before Qt is touched
    from PySide6.QtCore import QByteArray, Qt
    from PySide6.QtGui import QIcon, QPainter, QPixmap
    from PySide6.QtSvg import QSvgRenderer

    if ink is None:
        return QIcon(str(icon_path(name)))
    renderer = QSvgRenderer(QByteArray(data))
    result = QIcon()
    for size in _PIXMAP_SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter)
        painter.end()
        result.addPixmap(pixmap)
    return result
