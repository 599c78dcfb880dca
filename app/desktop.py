"""Desktop integration on Linux: a menu entry, the .chain file type and the app icon.

`install_desktop` writes, under ``$XDG_DATA_HOME`` (default ``~/.local/share``), the files
freedesktop.org desktops read for the current user:

- ``applications/chain-designer.desktop``: the menu entry; it opens ``.chain`` files;
- ``mime/packages/chain-designer.xml``: the ``application/x-service-chain`` type (``*.chain``);
- ``icons/hicolor/scalable/apps/chain-designer.svg`` and, when QtSvg is importable, PNGs at
  48, 128 and 256 pixels for desktops that do not draw SVG icons.

It then refreshes the MIME and desktop-entry caches when ``update-mime-database`` and
``update-desktop-database`` are installed; when they are not, or fail, nothing is lost (the
desktop rebuilds them at its next start). `uninstall_desktop` removes the same files.

No root rights, no Qt application and no screen are needed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from resources.icons import icon_path

NAME = "chain-designer"
MIME_TYPE = "application/x-service-chain"
TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "resources" / "desktop"
PNG_SIZES = (48, 128, 256)


class DesktopError(Exception):
    """Installing or removing the desktop files failed; the message is one line."""


def data_home(override: Path | None = None) -> Path:
    """``$XDG_DATA_HOME``, or ``~/.local/share`` when it is unset or empty."""
    if override is not None:
        return Path(override)
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def installed_files(home: Path) -> list[Path]:
    """Every file `install_desktop` may write under `home`."""
    icons = home / "icons" / "hicolor"
    return [
        home / "applications" / f"{NAME}.desktop",
        home / "mime" / "packages" / f"{NAME}.xml",
        icons / "scalable" / "apps" / f"{NAME}.svg",
        *(icons / f"{size}x{size}" / "apps" / f"{NAME}.png" for size in PNG_SIZES),
    ]


def find_command() -> Path:
    """The absolute path of the program the menu entry should start."""
    if getattr(sys, "frozen", False):  # a PyInstaller bundle: the bundle's executable
        return Path(sys.executable).resolve()
    started_as = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if started_as and started_as.name == NAME and started_as.is_file():
        return started_as.absolute()
    on_path = shutil.which(NAME)
    if on_path:
        return Path(on_path).absolute()
    beside_python = Path(sys.executable).parent / NAME  # the venv's bin/, not on PATH
    if beside_python.is_file():
        return beside_python.absolute()
    raise DesktopError(f"cannot find the `{NAME}` program; install the package first")


def exec_quote(path: Path) -> str:
    """`path` as an Exec= argument: quoted as the Desktop Entry spec asks when needed."""
    text = str(path)
    if not any(char in text for char in ' \t\n"\'\\><~|&;$*?#()`'):
        return text.replace("%", "%%")
    for char in '\\"`$':
        text = text.replace(char, "\\" + char)
    # The value is then a desktop-file string, where a backslash is itself escaped.
    return '"' + text.replace("\\", "\\\\").replace("%", "%%") + '"'


def desktop_entry(command: Path) -> str:
    """The .desktop file's text, starting `command`."""
    template = (TEMPLATES_DIR / f"{NAME}.desktop").read_text(encoding="utf-8")
    trying = str(command).replace("\\", "\\\\")
    return template.replace("@EXEC@", exec_quote(command)).replace("@TRYEXEC@", trying)


def install_desktop(data_home_dir: Path | None = None) -> list[Path]:
    """Install the menu entry, the file type and the icons; returns the files written."""
    home = data_home(data_home_dir)
    desktop, mime, svg, *pngs = installed_files(home)
    try:
        entry = desktop_entry(find_command())
        mime_xml = (TEMPLATES_DIR / f"{NAME}-mime.xml").read_bytes()
        written = [
            _write(desktop, entry.encode("utf-8")),
            _write(mime, mime_xml),
            _write(svg, icon_path("app").read_bytes()),
        ]
        written += _write_pngs(svg, pngs)
    except OSError as error:
        raise DesktopError(f"cannot install the desktop files: {error}") from None
    refresh_caches(home)
    return written


def uninstall_desktop(data_home_dir: Path | None = None) -> list[Path]:
    """Remove what `install_desktop` wrote; returns the files removed."""
    home = data_home(data_home_dir)
    removed = []
    for path in installed_files(home):
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as error:
            raise DesktopError(f"cannot remove {path}: {error.strerror}") from None
        removed.append(path)
    refresh_caches(home)
    return removed


def refresh_caches(home: Path) -> None:
    """Rebuild the MIME and desktop-entry caches; a missing or failing tool is ignored."""
    for program, directory in (
        ("update-mime-database", home / "mime"),
        ("update-desktop-database", home / "applications"),
    ):
        if shutil.which(program) and directory.is_dir():
            try:
                subprocess.run([program, str(directory)], capture_output=True, timeout=60)
            except (OSError, subprocess.SubprocessError):
                pass


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _write_pngs(svg: Path, pngs: list[Path]) -> list[Path]:
    """Render the SVG icon to PNGs when QtSvg is there (no Qt application is needed)."""
    try:
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QImage, QPainter
        from PySide6.QtSvg import QSvgRenderer
    except ImportError:
        return []
    renderer = QSvgRenderer(str(svg))
    written = []
    for path, size in zip(pngs, PNG_SIZES):
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        path.parent.mkdir(parents=True, exist_ok=True)
        if image.save(str(path), "PNG"):
            written.append(path)
    return written


def run_desktop(flag: str) -> int:
    """`chain-designer --install-desktop` / `--uninstall-desktop`: 0 done, 2 failed."""
    try:
        if flag == "--install-desktop":
            for path in install_desktop():
                print(f"installed {path}")
            print("Chain Designer is in the applications menu and opens .chain files.")
        else:
            removed = uninstall_desktop()
            for path in removed:
                print(f"removed {path}")
            print("Removed the desktop entry." if removed else "Nothing to remove.")
    except DesktopError as error:
        print(f"chain-designer: {error}", file=sys.stderr)
        return 2
    return 0
