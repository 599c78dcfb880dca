"""Desktop integration: the menu entry, the .chain file type and the icons, in a temporary
XDG_DATA_HOME. The checks with desktop-file-utils, shared-mime-info and xdg-utils skip when
those Debian packages are not installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from app import desktop
from app.desktop import install_desktop, installed_files, uninstall_desktop

ROOT = Path(__file__).resolve().parents[2]
FAKE_COMMAND = Path("/opt/chain designer/bin/chain-designer")  # a space: Exec= must quote it


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    monkeypatch.setattr(desktop, "find_command", lambda: FAKE_COMMAND)
    return tmp_path / "share"


def entry_fields(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if "=" in line)


def test_install_writes_the_entry_the_file_type_and_the_icons(home):
    written = install_desktop(home)

    assert written == installed_files(home)  # QtSvg is a dependency, so the PNGs too
    assert all(path.is_file() for path in written)
    fields = entry_fields(home / "applications" / "chain-designer.desktop")
    assert fields["Exec"] == f'"{FAKE_COMMAND}" %F'
    assert fields["TryExec"] == str(FAKE_COMMAND)
    assert fields["MimeType"] == "application/x-service-chain;"
    assert fields["Icon"] == "chain-designer"
    assert fields["Categories"] == "Office;Chart;"
    assert fields["Terminal"] == "false"
    svg = home / "icons" / "hicolor" / "scalable" / "apps" / "chain-designer.svg"
    assert svg.read_bytes() == (ROOT / "resources" / "icons" / "app.svg").read_bytes()
    png = home / "icons" / "hicolor" / "48x48" / "apps" / "chain-designer.png"
    assert png.read_bytes().startswith(b"\x89PNG")


def test_the_file_type_is_a_json_subclass_matching_dot_chain(home):
    install_desktop(home)
    namespace = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    root = ElementTree.parse(home / "mime" / "packages" / "chain-designer.xml").getroot()
    mime_type = root.find("m:mime-type", namespace)
    assert mime_type.get("type") == "application/x-service-chain"
    assert mime_type.find("m:comment", namespace).text == "Service chain"
    assert mime_type.find("m:glob", namespace).get("pattern") == "*.chain"
    assert mime_type.find("m:sub-class-of", namespace).get("type") == "application/json"


@pytest.mark.parametrize("command", ["/usr/bin/chain-designer", '/odd "dir"/$HOME/50%/cd'])
def test_exec_quotes_what_the_desktop_entry_spec_reserves(command):
    quoted = desktop.exec_quote(Path(command))
    if command == "/usr/bin/chain-designer":
        assert quoted == command
    else:
        assert quoted == r'"/odd \\"dir\\"/\\$HOME/50%%/cd"'


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="needs desktop-file-utils")
def test_the_entry_passes_desktop_file_validate(home):
    install_desktop(home)
    entry = home / "applications" / "chain-designer.desktop"
    result = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def xdg_mime_desktop() -> str | None:
    """An XDG_CURRENT_DESKTOP for which xdg-mime asks shared-mime-info (None: none here)."""
    if not (shutil.which("xdg-mime") and shutil.which("update-mime-database")):
        return None
    if shutil.which("mimetype"):  # libfile-mimeinfo-perl, which xdg-utils recommends
        return "X-Generic"
    return "GNOME" if shutil.which("gio") else None


@pytest.mark.skipif(
    xdg_mime_desktop() is None,
    reason="needs xdg-utils, shared-mime-info and libfile-mimeinfo-perl (or gio)",
)
def test_xdg_mime_recognises_chain_files(home, tmp_path):
    install_desktop(home)
    assert (home / "mime" / "mime.cache").is_file()  # update-mime-database ran
    chain = tmp_path / "some.chain"
    chain.write_text('{"format": "service-chain"}\n', encoding="utf-8")
    result = subprocess.run(
        ["xdg-mime", "query", "filetype", str(chain)],
        capture_output=True, text=True, timeout=60,
        env={**os.environ, "XDG_DATA_HOME": str(home), "XDG_CURRENT_DESKTOP": xdg_mime_desktop()},
    )
    assert result.stdout.strip() == "application/x-service-chain", result.stderr


def test_uninstall_removes_what_install_wrote(home):
    written = install_desktop(home)
    install_desktop(home)  # installing again just overwrites

    assert uninstall_desktop(home) == written
    assert not any(path.exists() for path in written)
    assert uninstall_desktop(home) == []


# -- the command line --------------------------------------------------------------------


def run_cli(*args: str, data_home: Path) -> subprocess.CompletedProcess:
    """The command as a user runs it; wide COLUMNS so --help does not break --options."""
    script = Path(sys.executable).parent / "chain-designer"  # the installed command
    command = [str(script)] if script.is_file() else [sys.executable, "-m", "app.cli"]
    return subprocess.run(
        [*command, *args],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "XDG_DATA_HOME": str(data_home), "PYTHONPATH": str(ROOT),
             "COLUMNS": "200"},
    )


def test_the_cli_flags_install_and_uninstall(tmp_path):
    home = tmp_path / "share"
    result = run_cli("--install-desktop", data_home=home)
    assert result.returncode == 0, result.stderr
    entry = home / "applications" / "chain-designer.desktop"
    assert f"installed {entry}" in result.stdout.splitlines()
    program = entry_fields(entry)["TryExec"]
    assert Path(program).is_file() and os.access(program, os.X_OK)

    result = run_cli("--uninstall-desktop", data_home=home)
    assert result.returncode == 0, result.stderr
    assert f"removed {entry}" in result.stdout.splitlines()
    assert not entry.exists()


def test_the_cli_fails_in_one_line_when_it_cannot_write(tmp_path):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("", encoding="utf-8")
    result = run_cli("--install-desktop", data_home=not_a_folder)
    assert result.returncode == 2
    assert result.stderr.startswith("chain-designer: cannot install the desktop files: ")
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_help_mentions_the_flags(tmp_path):
    result = run_cli("--help", data_home=tmp_path)
    assert "--install-desktop" in result.stdout and "--uninstall-desktop" in result.stdout
