"""The Help menu's dialogs: the getting-started guide, the lint rules and About.

The rules help is generated from the rule registry and the About box reads versions and
licences from the installed packages, so neither can drift from the program.
"""

from __future__ import annotations

import html
import platform
import shutil
import subprocess
from importlib.metadata import PackageNotFoundError, metadata, version
from pathlib import Path

import PySide6
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, qVersion
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

import resources
from app.version import program_version
from models.lint import RULES, SEVERITIES, Rule
from resources.icons import icon

GUIDE_PATH = Path(resources.__file__).parent / "help" / "getting-started.md"

DESCRIPTION = QT_TRANSLATE_NOOP(
    "AboutDialog",
    "Design customer service chains: departments as swimlanes, touchpoints and the "
    "handoffs between them, checked as you draw.",
)

#: Badge glyph, word and colour of each severity, as on the canvas (never colour alone).
SEVERITY_LOOK = {
    "error": ("!", QT_TRANSLATE_NOOP("RulesHelpDialog", "Error"), "#c62828"),
    "warning": ("▲", QT_TRANSLATE_NOOP("RulesHelpDialog", "Warning"), "#b26a00"),
    "info": ("i", QT_TRANSLATE_NOOP("RulesHelpDialog", "Info"), "#1565c0"),
}


def _tr(context: str, text: str) -> str:
    """`text` translated in `context` (a class name of this module)."""
    return QCoreApplication.translate(context, text)


def _close_buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    return buttons


# -- getting started ------------------------------------------------------------------


class GettingStartedDialog(QDialog):
    """The guide for process leads: drawing, checking, signing off, exporting, sharing."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("gettingStartedDialog")
        self.setWindowTitle(self.tr("Getting Started"))
        self.resize(720, 640)

        self.text = QTextBrowser()
        self.text.setObjectName("helpText")
        self.text.setAccessibleName(self.tr("Getting started guide"))
        self.text.setOpenExternalLinks(True)
        self.text.document().setDocumentMargin(16)
        self.text.setMarkdown(GUIDE_PATH.read_text(encoding="utf-8"))

        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(_close_buttons(self))


# -- the rules ------------------------------------------------------------------------


def sorted_rules() -> list[Rule]:
    """The registered rules, most severe default first, then by id."""
    return sorted(RULES.values(), key=lambda rule: (SEVERITIES.index(rule.severity), rule.id))


def rule_matches(rule: Rule, text: str) -> bool:
    """Whether the filter `text` occurs (ignoring case) in anything the help shows of `rule`."""
    needle = text.strip().casefold()
    haystack = " ".join((rule.id, rule.summary, rule.severity, rule.rationale, rule.hint))
    return needle in haystack.casefold()


def rules_html(rules: list[Rule]) -> str:
    """The help text of `rules`: a heading, default severity, rationale and fix for each."""
    if not rules:
        return "<p><i>{}</i></p>".format(html.escape(_tr("RulesHelpDialog", "No rule matches the filter.")))
    parts = []
    for rule in rules:
        glyph, word, colour = SEVERITY_LOOK[rule.severity]
        severity = f'<b style="color:{colour}">{glyph} {html.escape(_tr("RulesHelpDialog", word))}</b>'
        parts.append(
            f"<h3><code>{html.escape(rule.id)}</code> — {html.escape(rule.summary)}</h3>"
            + "<p>{}</p>".format(_tr("RulesHelpDialog", "Default severity: {severity}").format(severity=severity))
            + f"<p>{html.escape(rule.rationale)}</p>"
            + "<p>{}</p>".format(
                _tr("RulesHelpDialog", "<b>How to fix:</b> {hint}").format(hint=html.escape(rule.hint))
            )
        )
    return "".join(parts)


class RulesHelpDialog(QDialog):
    """Every lint rule, why it matters and how to fix its findings; filterable."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("rulesHelpDialog")
        self.setWindowTitle(self.tr("Lint Rules Help"))
        self.resize(720, 640)

        intro = QLabel(self.tr(
            "What each rule checks and why. A chain can change a rule's severity "
            "under Review > Lint Rules…"
        ))
        intro.setWordWrap(True)

        self.filter = QLineEdit()
        self.filter.setObjectName("rulesFilter")
        self.filter.setPlaceholderText(self.tr("Filter rules, e.g. owner or procedure"))
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName(self.tr("Filter rules"))
        self.filter.textChanged.connect(self._refilter)

        self.text = QTextBrowser()
        self.text.setObjectName("rulesHelp")
        self.text.setAccessibleName(self.tr("Lint rules"))
        self.text.setOpenExternalLinks(True)
        self.text.document().setDocumentMargin(12)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.filter)
        layout.addWidget(self.text)
        layout.addWidget(_close_buttons(self))
        self._refilter("")

    def shown_rules(self) -> list[Rule]:
        return [rule for rule in sorted_rules() if rule_matches(rule, self.filter.text())]

    def _refilter(self, _text: str) -> None:
        self.text.setHtml(rules_html(self.shown_rules()))


# -- about ----------------------------------------------------------------------------

#: (shown name, distribution names to try, licence when the metadata names none).
LIBRARIES = (
    ("PySide6", ("PySide6", "PySide6-Essentials"), "LGPL-3.0"),
    ("pydantic", ("pydantic",), "MIT"),
    ("networkx", ("networkx",), "BSD-3-Clause"),
    (QT_TRANSLATE_NOOP("AboutDialog", "graphviz (Python package)"), ("graphviz",), "MIT"),
)


def _distribution(names: tuple[str, ...]) -> str | None:
    """The first of `names` that is installed."""
    for name in names:
        try:
            version(name)
        except PackageNotFoundError:
            continue
        return name
    return None


def package_version(names: tuple[str, ...]) -> str:
    dist = _distribution(names)
    return version(dist) if dist else _tr("AboutDialog", "not installed")


def package_licence(names: tuple[str, ...], fallback: str) -> str:
    """The licence named in the package's metadata, else `fallback`.

    License-Expression first, then a short License field (some packages paste the whole
    licence text there), then a "License ::" classifier.
    """
    dist = _distribution(names)
    if dist is None:
        return fallback
    meta = metadata(dist)
    for field in ("License-Expression", "License"):
        value = (meta.get(field) or "").strip()
        if value and "\n" not in value and len(value) <= 60 and value.upper() != "UNKNOWN":
            return value
    for classifier in meta.get_all("Classifier") or []:
        if classifier.startswith("License ::") and classifier.count("::") >= 2:
            return classifier.rsplit("::", 1)[1].strip()
    return fallback


def graphviz_version() -> str:
    """What `dot -V` says (e.g. "dot - graphviz version 2.43.0 (0)"), or "not installed"."""
    dot = shutil.which("dot")
    if dot is None:
        return _tr("AboutDialog", "not installed")
    try:
        result = subprocess.run([dot, "-V"], capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return _tr("AboutDialog", "not installed")
    output = (result.stderr or result.stdout).strip()
    return output.splitlines()[0] if output else _tr("AboutDialog", "not installed")


def component_versions() -> list[tuple[str, str]]:
    """(component, version) for the About box; the same list is handy in bug reports."""
    return [
        ("Python", platform.python_version()),
        ("Qt", qVersion()),
        ("PySide6", PySide6.__version__),
        ("pydantic", package_version(("pydantic",))),
        ("networkx", package_version(("networkx",))),
        (_tr("AboutDialog", "graphviz (Python package)"), package_version(("graphviz",))),
        ("Graphviz", graphviz_version()),
    ]


def licences() -> list[tuple[str, str]]:
    """(library, licence) of what Chain Designer ships with or runs (test tools left out)."""
    rows = [(_tr("AboutDialog", name), package_licence(dists, fallback)) for name, dists, fallback in LIBRARIES]
    rows.insert(1, ("Qt", "LGPL-3.0"))
    rows.append(("Graphviz", "EPL-1.0"))
    return rows


def _table(rows: list[tuple[str, str]]) -> str:
    cells = "".join(
        f'<tr><td style="padding-right:16px">{html.escape(name)}</td>'
        f"<td>{html.escape(value)}</td></tr>"
        for name, value in rows
    )
    return f'<table cellspacing="0" cellpadding="2">{cells}</table>'


class AboutDialog(QDialog):
    """The program's version, what it runs on and the licences of its libraries."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About Chain Designer"))
        self.resize(520, 520)

        logo = QLabel()
        logo.setObjectName("aboutIcon")
        logo.setPixmap(icon("app").pixmap(64, 64))
        logo.setFixedSize(72, 72)

        self.title = QLabel(self.tr("Chain Designer {version}").format(version=program_version()))
        self.title.setObjectName("aboutTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        description = QLabel(self.tr(DESCRIPTION))
        description.setWordWrap(True)

        heading = QVBoxLayout()
        heading.addWidget(self.title)
        heading.addWidget(description)
        heading.addStretch()
        top = QHBoxLayout()
        top.addWidget(logo)
        top.addLayout(heading, 1)

        self.details = QTextBrowser()
        self.details.setObjectName("aboutText")
        self.details.setAccessibleName(self.tr("Versions and licences"))
        self.details.setOpenExternalLinks(True)
        self.details.document().setDocumentMargin(10)
        self.details.setHtml(
            "<h4>{}</h4>".format(self.tr("Versions")) + _table(component_versions())
            + "<h4>{}</h4>".format(self.tr("Licences"))
            + "<p>{}</p>".format(self.tr("Chain Designer is MIT licensed. It is built on:"))
            + _table(licences())
        )

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.details, 1)
        layout.addWidget(_close_buttons(self))
