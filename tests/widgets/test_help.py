"""The Help dialogs: the getting-started guide, the rules help and About."""

from __future__ import annotations

import platform

from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QLineEdit, QTextBrowser

from app.cli import program_version
from models.lint import RULES
from widgets.help_dialogs import (
    GUIDE_PATH,
    AboutDialog,
    GettingStartedDialog,
    RulesHelpDialog,
    licences,
    package_licence,
)


def _headings(browser: QTextBrowser) -> list[str]:
    document = browser.document()
    block = document.begin()
    found = []
    while block.isValid():
        if block.blockFormat().headingLevel() > 0:
            found.append(block.text())
        block = block.next()
    return found


def test_guide_renders_the_markdown_file(qtbot):
    dialog = GettingStartedDialog()
    qtbot.addWidget(dialog)
    text = dialog.findChild(QTextBrowser, "helpText")

    assert GUIDE_PATH.is_file()
    headings = _headings(text)
    assert "Getting started with Chain Designer" in headings
    assert {"Drawing a chain", "Checking the chain", "Signing off", "Exporting"} <= set(headings)
    plain = text.toPlainText()
    assert "Export" in plain
    assert "**" not in plain  # rendered, not shown as source
    assert text.openExternalLinks()


def test_rules_help_lists_every_registered_rule(qtbot):
    dialog = RulesHelpDialog()
    qtbot.addWidget(dialog)
    plain = dialog.findChild(QTextBrowser, "rulesHelp").toPlainText()

    for rule in RULES.values():
        assert rule.id in plain
        assert rule.summary in plain
        assert rule.rationale in plain
        assert f"How to fix: {rule.hint}" in plain


def test_rules_help_lists_errors_first(qtbot):
    dialog = RulesHelpDialog()
    qtbot.addWidget(dialog)
    severities = [rule.severity for rule in dialog.shown_rules()]
    assert severities == sorted(severities, key=("error", "warning", "info").index)


def test_rules_filter_narrows_and_clears(qtbot):
    dialog = RulesHelpDialog()
    qtbot.addWidget(dialog)
    text = dialog.findChild(QTextBrowser, "rulesHelp")
    line = dialog.findChild(QLineEdit, "rulesFilter")

    line.setText("SELF-HANDOFF")
    assert [rule.id for rule in dialog.shown_rules()] == ["self-handoff"]
    assert "self-handoff" in text.toPlainText()
    assert "start-required" not in text.toPlainText()

    line.setText("no such rule anywhere")
    assert dialog.shown_rules() == []
    assert "No rule matches" in text.toPlainText()

    line.clear()
    assert len(dialog.shown_rules()) == len(RULES)


def test_rules_help_escapes_html(qtbot, monkeypatch):
    rule = next(iter(RULES.values()))
    tricky = rule.__class__(
        "x-tricky", "info", "<b>not bold</b>", "a < b & c", "use <i>", rule.check, rule.reads
    )
    monkeypatch.setitem(RULES, tricky.id, tricky)
    dialog = RulesHelpDialog()
    qtbot.addWidget(dialog)
    plain = dialog.findChild(QTextBrowser, "rulesHelp").toPlainText()
    assert "<b>not bold</b>" in plain
    assert "a < b & c" in plain


def test_about_shows_versions_and_licences(qtbot):
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    title = dialog.findChild(type(dialog.title), "aboutTitle")
    assert title.text() == f"Chain Designer {program_version()}"
    assert not dialog.findChild(type(dialog.title), "aboutIcon").pixmap().isNull()

    # Table rows read "name", newline, "value" in the plain text.
    plain = dialog.findChild(QTextBrowser, "aboutText").toPlainText()
    assert f"Python\n{platform.python_version()}\n" in plain
    assert f"Qt\n{qVersion()}\n" in plain
    assert "\nGraphviz\n" in plain

    names = [name for name, _licence in licences()]
    assert names == ["PySide6", "Qt", "pydantic", "networkx", "graphviz (Python package)", "Graphviz"]
    licence_section = plain.split("Licences", 1)[1]
    for name, licence in licences():
        assert licence
        assert f"{name}\n{licence}" in licence_section, name
    assert "pytest" not in plain and "hypothesis" not in plain


def test_licence_falls_back_when_the_package_is_missing():
    assert package_licence(("no-such-distribution-here",), "EPL-1.0") == "EPL-1.0"
    assert package_licence(("pydantic",), "fallback") == "MIT"


def test_graphviz_missing_says_not_installed(monkeypatch):
    import widgets.help_dialogs as help_dialogs

    monkeypatch.setattr(help_dialogs.shutil, "which", lambda _name: None)
    assert help_dialogs.graphviz_version() == "not installed"
