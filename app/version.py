"""The program's version, as installed: low in the layers, so the CLI and the About box share it."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version


def program_version() -> str:
    try:
        return version("chain-designer")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"
