"""Who writes the comments and sign-offs made on this computer: a name kept in the
settings, taken at first from the account's full name (or its login)."""

from __future__ import annotations

import getpass
import os

from PySide6.QtCore import QSettings

AUTHOR_KEY = "review/author"


def account_name() -> str:
    """The account's full name where the system knows it, else its login."""
    try:
        import pwd  # not on Windows

        full = pwd.getpwuid(os.getuid()).pw_gecos.split(",")[0].strip()
    except (ImportError, KeyError, OSError):
        full = ""
    if full:
        return full
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def review_author() -> str:
    """The name comments and sign-offs are made under ("" until anything is known)."""
    return str(QSettings().value(AUTHOR_KEY, "") or account_name())


def has_chosen_author() -> bool:
    """Whether the user has set their name (the first comment asks for it)."""
    return bool(QSettings().value(AUTHOR_KEY, ""))


def set_review_author(name: str) -> None:
    QSettings().setValue(AUTHOR_KEY, " ".join(name.split()))
