"""The Rules dialog: every lint rule, and how severe it is for this chain."""

from __future__ import annotations

import html

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSignalBlocker, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.document import Document
from models.lint import RULES
from widgets.findings_panel import severity_icon, severity_word

#: The choices of a rule's combo: text (translated where shown) and the value for
#: Document.set_rule_severity.
CHOICES = (
    (QT_TRANSLATE_NOOP("RulesDialog", "Off"), "off"),
    (QT_TRANSLATE_NOOP("RulesDialog", "Info"), "info"),
    (QT_TRANSLATE_NOOP("RulesDialog", "Warning"), "warning"),
    (QT_TRANSLATE_NOOP("RulesDialog", "Error"), "error"),
)


def _choice_index(severity: str | None) -> int:
    """The combo row of a chain's setting: 0 is "Default", then CHOICES in order."""
    values = [value for _text, value in CHOICES]
    return values.index(severity) + 1 if severity in values else 0


class SeverityCombo(QComboBox):
    """A rule's severity; the mouse wheel scrolls the table instead of changing it."""

    def wheelEvent(self, event) -> None:
        event.ignore()


class RulesDialog(QDialog):
    """A table of the rules; each change is one undo step, applied at once."""

    ID, SUMMARY, DEFAULT, SEVERITY = range(4)

    def __init__(self, document: Document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.rules = list(RULES.values())
        self.setObjectName("rulesDialog")
        self.setWindowTitle(self.tr("Lint Rules"))
        self.setAccessibleName(self.tr("Lint rules"))

        intro = QLabel(
            self.tr("How severe each rule is for this chain. Changes apply at once and can be undone.")
        )
        intro.setWordWrap(True)

        self.table = QTableWidget(len(self.rules), 4)
        self.table.setObjectName("rulesTable")
        self.table.setAccessibleName(self.tr("Rules"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Rule"), self.tr("Summary"), self.tr("Default"), self.tr("This chain")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setIconSize(QSize(18, 18))
        self.combos: dict[str, QComboBox] = {}
        for row, rule in enumerate(self.rules):
            self.table.setItem(row, self.ID, QTableWidgetItem(rule.id))
            summary = QTableWidgetItem(rule.summary)
            summary.setToolTip(rule.summary)
            self.table.setItem(row, self.SUMMARY, summary)
            default = QTableWidgetItem(severity_icon(rule.severity), severity_word(rule.severity))
            self.table.setItem(row, self.DEFAULT, default)
            combo = SeverityCombo()
            combo.setObjectName(f"severity-{rule.id}")
            combo.setAccessibleName(self.tr("Severity of {rule} in this chain").format(rule=rule.id))
            combo.addItem(self.tr("Default ({severity})").format(severity=severity_word(rule.severity)), None)
            for text, value in CHOICES:
                combo.addItem(self.tr(text), value)
            combo.currentIndexChanged.connect(
                lambda _index, rule_id=rule.id, combo=combo: self.document.set_rule_severity(
                    rule_id, combo.currentData()
                )
            )
            self.table.setCellWidget(row, self.SEVERITY, combo)
            self.combos[rule.id] = combo
        columns = self.table.horizontalHeader()
        columns.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        columns.setSectionResizeMode(self.SUMMARY, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(
            max(self.combos[self.rules[0].id].sizeHint().height(), 24) + 2
        )
        self.table.currentCellChanged.connect(lambda row, *_: self._show_rule(row))

        self.details = QTextBrowser()
        self.details.setObjectName("ruleDetails")
        self.details.setAccessibleName(self.tr("Why the rule matters and how to fix a finding"))
        self.details.setMaximumHeight(140)

        self.reset_button = QPushButton(self.tr("Reset All to Defaults"))
        self.reset_button.setObjectName("resetRulesButton")
        self.reset_button.setAccessibleName(self.tr("Reset all rules to their defaults"))
        self.reset_button.clicked.connect(self.reset_all)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.reset_button, QDialogButtonBox.ButtonRole.ResetRole)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName(self.tr("Close"))

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        layout.addWidget(buttons)
        self.resize(860, 620)

        document.changed.connect(self.refresh)
        self.refresh()
        self.table.selectRow(0)

    def refresh(self) -> None:
        """Show the chain's current settings (after an edit, an undo or a revert)."""
        settings = self.document.chain.lint.rules
        for rule in self.rules:
            combo = self.combos[rule.id]
            with QSignalBlocker(combo):
                combo.setCurrentIndex(_choice_index(settings.get(rule.id)))
            font = combo.font()
            font.setBold(rule.id in settings)  # a rule this chain changed stands out
            combo.setFont(font)
        self.reset_button.setEnabled(bool(settings))

    def reset_all(self) -> None:
        """Every rule back to its default severity, in one undo step."""
        rules = list(self.document.chain.lint.rules)
        if not rules:
            return
        with self.document.one_step(self.tr("Reset rules to defaults")):
            for rule in rules:
                self.document.set_rule_severity(rule, None)

    def _show_rule(self, row: int) -> None:
        if not 0 <= row < len(self.rules):
            self.details.clear()
            return
        rule = self.rules[row]
        self.details.setHtml(
            f"<p><b>{html.escape(rule.summary)}</b> <code>{html.escape(rule.id)}</code></p>"
            f"<p>{html.escape(rule.rationale)}</p>"
            + "<p>{}</p>".format(self.tr("<b>How to fix:</b> {hint}").format(hint=html.escape(rule.hint)))
        )
