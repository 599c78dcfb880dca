"""The findings panel: the lint findings of a chain in a sortable, filterable table.

The panel does not run lint itself: whoever owns it calls `set_findings` with every
finding (ignored ones included) and then `apply_changes` with what each edit changed.
Ignoring a finding and
showing it again go through the Document, so they are undoable edits of `chain.lint`.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QAbstractTableModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPointF,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMenu,
    QPushButton,
    QStackedWidget,
    QStyle,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.document import Document
from models.chain import Action, Handoff, Touchpoint
from models.lint import RULES, SEVERITIES, Finding
from widgets.canvas.badge import paint_badge
from widgets.canvas.style import Theme

#: Marked for translation here, translated where shown (see severity_word).
SEVERITY_WORDS = {
    "error": QT_TRANSLATE_NOOP("FindingsPanel", "Error"),
    "warning": QT_TRANSLATE_NOOP("FindingsPanel", "Warning"),
    "info": QT_TRANSLATE_NOOP("FindingsPanel", "Info"),
}
#: The filter buttons' nouns: (one, several).
_SEVERITY_NOUNS = {
    "error": (QT_TRANSLATE_NOOP("FindingsPanel", "error"), QT_TRANSLATE_NOOP("FindingsPanel", "errors")),
    "warning": (QT_TRANSLATE_NOOP("FindingsPanel", "warning"), QT_TRANSLATE_NOOP("FindingsPanel", "warnings")),
    "info": (QT_TRANSLATE_NOOP("FindingsPanel", "info"), QT_TRANSLATE_NOOP("FindingsPanel", "infos")),
}
_RANK = {severity: rank for rank, severity in enumerate(SEVERITIES)}

#: The Finding of a row.
FINDING_ROLE = Qt.ItemDataRole.UserRole


def severity_word(severity: str) -> str:
    """The translated word for `severity`: "Error", "Warning", "Info"."""
    return QCoreApplication.translate("FindingsPanel", SEVERITY_WORDS[severity])


def severity_icon(severity: str) -> QIcon:
    """The canvas's finding badge for `severity` as an icon: shape and glyph differ too."""
    size, ratio = 20, 2.0  # the badge is about 18 px across; drawn at 2x for HiDPI screens
    pixmap = QPixmap(int(size * ratio), int(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    paint_badge(painter, QPointF(size / 2, size / 2), severity, 1)
    painter.end()
    return _icon(pixmap)


def _icon(pixmap: QPixmap) -> QIcon:
    """An icon that looks the same in selected rows (Qt would tint it otherwise)."""
    icon = QIcon(pixmap)
    icon.addPixmap(pixmap, QIcon.Mode.Selected)
    return icon


def element_label(document: Document, element: str | None) -> str:
    """What a reader calls an element: a touchpoint's label, a lane's name, "A → B".

    Looked up when a row is shown, so a relint of thousands of findings builds no labels.
    """
    if element is None:
        return QCoreApplication.translate("FindingsPanel", "(chain)")
    if not document.has(element):
        return element
    found = document.element(element)
    if isinstance(found, Handoff):
        return QCoreApplication.translate("FindingsPanel", "{source} → {target}").format(
            source=element_label(document, found.source), target=element_label(document, found.target)
        )
    if isinstance(found, Touchpoint):
        return " ".join(found.label.split()) or element
    return getattr(found, "name", None) or getattr(found, "title", None) or element


class FindingsModel(QAbstractTableModel):
    """Findings as rows: severity, rule, element, message.

    The rows are kept sorted; after an edit, `apply_changes` removes and inserts only the
    rows that changed, so the view keeps its selection and scroll position and a large
    chain does not rebuild thousands of rows per keystroke.
    """

    COLUMNS = (
        QT_TRANSLATE_NOOP("FindingsModel", "Severity"), QT_TRANSLATE_NOOP("FindingsModel", "Rule"),
        QT_TRANSLATE_NOOP("FindingsModel", "Element"), QT_TRANSLATE_NOOP("FindingsModel", "Message"),
    )
    SEVERITY, RULE, ELEMENT, MESSAGE = range(4)
    #: More changed rows than this and the model is reset instead: cheaper, and the same.
    RESET_ABOVE = 300

    def __init__(self, parent=None):
        super().__init__(parent)
        self.findings: list[Finding] = []
        self.labeler = lambda element: QCoreApplication.translate("FindingsPanel", "(chain)") if element is None else element
        self.positions: dict[str, int] = {}  # element id -> its place in the file
        self.sort_column, self.sort_order = -1, Qt.SortOrder.AscendingOrder
        #: Severity -> findings of it that are not ignored; and how many are ignored.
        self.counts = {severity: 0 for severity in SEVERITIES}
        self.ignored = 0
        self.muted = QColor("gray")  # the text colour of ignored rows; the panel sets it
        self._icons = {severity: severity_icon(severity) for severity in SEVERITIES}
        self._ignored_icons = {  # greyed, like the rest of an ignored row
            severity: _icon(icon.pixmap(20, QIcon.Mode.Disabled)) for severity, icon in self._icons.items()
        }
        self._italic = QFont()
        self._italic.setItalic(True)

    def set_findings(self, findings: list[Finding], labeler, positions: dict[str, int]) -> None:
        """Show `findings`; `labeler(element)` gives the Element column's text and
        `positions` each element's place in the file (lint's order within a rule)."""
        self.beginResetModel()
        self.labeler, self.positions = labeler, positions
        self.findings = self._in_order(findings)
        self._count(findings, 1, reset=True)
        self.endResetModel()

    def apply_changes(self, gone: list[Finding], new: list[Finding]) -> None:
        """Remove the rows of `gone` and insert those of `new` where the order puts them."""
        if len(gone) + len(new) > self.RESET_ABOVE:
            dropped = set(gone)
            kept = [finding for finding in self.findings if finding not in dropped]
            self.set_findings(kept + new, self.labeler, self.positions)
            return
        self._count(gone, -1)
        self._count(new, 1)
        for finding in gone:
            row = self.findings.index(finding)
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.findings[row]
            self.endRemoveRows()
        for finding in new:
            row = self._insertion_row(finding)
            self.beginInsertRows(QModelIndex(), row, row)
            self.findings.insert(row, finding)
            self.endInsertRows()

    def _count(self, findings: list[Finding], step: int, reset: bool = False) -> None:
        if reset:
            self.counts, self.ignored = {severity: 0 for severity in SEVERITIES}, 0
        for finding in findings:
            if finding.ignored is None:
                self.counts[finding.severity] += step
            else:
                self.ignored += step

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows by `column`, and keep later findings in that order too."""
        self.sort_column, self.sort_order = column, order
        if column < 0:
            return
        self.layoutAboutToBeChanged.emit()
        old_row = {id(finding): row for row, finding in enumerate(self.findings)}
        self.findings = self._in_order(self.findings)
        new_row = {old_row[id(finding)]: row for row, finding in enumerate(self.findings)}
        old_indexes = self.persistentIndexList()  # the selection, the proxy's mapping
        self.changePersistentIndexList(
            old_indexes, [self.index(new_row[i.row()], i.column()) for i in old_indexes]
        )
        self.layoutChanged.emit()

    def _key(self, finding: Finding) -> tuple:
        """Where a finding goes: by the sorted column, then lint's order (most severe
        first, then by rule, then in file order)."""
        position = -1 if finding.element is None else self.positions.get(finding.element, len(self.positions))
        lint_order = (_RANK[finding.severity], finding.rule, position)
        column = self.sort_column
        if column == self.RULE:
            return (finding.rule, lint_order)
        if column == self.ELEMENT:
            return (self.label(finding.element).casefold(), lint_order)
        if column == self.MESSAGE:
            return (finding.message.casefold(), lint_order)
        return lint_order  # severity sorts by rank, not alphabetically

    def _descending(self) -> bool:
        return self.sort_column >= 0 and self.sort_order == Qt.SortOrder.DescendingOrder

    def _in_order(self, findings: list[Finding]) -> list[Finding]:
        return sorted(findings, key=self._key, reverse=self._descending())

    def _insertion_row(self, finding: Finding) -> int:
        """The row `finding` goes to in the sorted rows (a binary search)."""
        key, descending = self._key(finding), self._descending()
        low, high = 0, len(self.findings)
        while low < high:
            middle = (low + high) // 2
            other = self._key(self.findings[middle])
            if (other > key) if descending else (other < key):
                low = middle + 1
            else:
                high = middle
        return low

    def label(self, element: str | None) -> str:
        return self.labeler(element)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.findings)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.COLUMNS[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        finding = self.findings[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.SEVERITY:
                return severity_word(finding.severity)
            if column == self.RULE:
                return finding.rule
            if column == self.ELEMENT:
                return self.label(finding.element)
            return finding.message
        if role == Qt.ItemDataRole.DecorationRole and column == self.SEVERITY:
            icons = self._icons if finding.ignored is None else self._ignored_icons
            return icons[finding.severity]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(finding, column)
        if role == Qt.ItemDataRole.ForegroundRole and finding.ignored is not None:
            return QBrush(self.muted)
        if role == Qt.ItemDataRole.FontRole and finding.ignored is not None:
            return self._italic
        if role == FINDING_ROLE:
            return finding
        return None

    def _tooltip(self, finding: Finding, column: int) -> str:
        if column == self.RULE:
            rule = RULES.get(finding.rule)
            return rule.summary if rule else finding.rule
        if column == self.ELEMENT:
            label = self.label(finding.element)
            return label if finding.element in (None, label) else self.tr("{label} ({id})").format(label=label, id=finding.element)
        lines = [finding.message, self.tr("Fix: {hint}").format(hint=finding.hint)]
        if finding.ignored is not None:
            lines.append(self.tr("Ignored: {reason}").format(reason=finding.ignored or self.tr("no reason given")))
        return "\n".join(lines)


class FindingsFilter(QSortFilterProxyModel):
    """Shows the findings of the checked severities, and ignored ones only when asked."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.severities = set(SEVERITIES)
        self.show_ignored = False

    def set_filter(self, severities: set[str], show_ignored: bool) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10 and later
            self.beginFilterChange()
            self.severities, self.show_ignored = set(severities), show_ignored
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.severities, self.show_ignored = set(severities), show_ignored
            self.invalidateRowsFilter()

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        # The source model sorts its list with Python's sort: sorting here would cost a
        # Python call per comparison, a third of a second for 5,000 findings.
        self.sourceModel().sort(column, order)

    def filterAcceptsRow(self, source_row, source_parent) -> bool:
        finding = self.sourceModel().findings[source_row]
        return finding.severity in self.severities and (
            self.show_ignored or finding.ignored is None
        )


class FindingsPanel(QWidget):
    """The Findings dock's content: filter buttons, the table, Ignore… and Rules…."""

    #: A row about an element was clicked or activated (Enter); carries the element id.
    finding_activated = Signal(str)
    #: The Rules… button was pressed; the owner opens the RulesDialog.
    rules_requested = Signal()
    #: "Create Action…" was chosen for a finding; carries the Finding.
    action_requested = Signal(object)

    def __init__(self, document: Document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.setObjectName("findingsPanel")
        self.setAccessibleName(self.tr("Findings"))

        self.model = FindingsModel(self)
        self.proxy = FindingsFilter(self)
        self.proxy.setSourceModel(self.model)

        self.filter_buttons: dict[str, QToolButton] = {}
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(QLabel(self.tr("Findings:")))
        for severity, name in zip(SEVERITIES, ("filterErrors", "filterWarnings", "filterInfos")):
            button = QToolButton()
            button.setObjectName(name)
            button.setCheckable(True)
            button.setChecked(True)
            button.setAutoRaise(True)
            button.setIcon(severity_icon(severity))
            button.setIconSize(QSize(18, 18))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.toggled.connect(self._update_filter)
            header.addWidget(button)
            self.filter_buttons[severity] = button
        self.show_ignored_box = QCheckBox(self.tr("Show ignored"))
        self.show_ignored_box.setObjectName("showIgnored")
        self.show_ignored_box.setToolTip(self.tr("List the findings this chain ignores, greyed out"))
        self.show_ignored_box.toggled.connect(self._update_filter)
        header.addSpacing(12)
        header.addWidget(self.show_ignored_box)
        header.addStretch(1)
        self.ignore_button = QPushButton(self.tr("Ignore…"))
        self.ignore_button.setObjectName("ignoreFindingButton")
        self.ignore_button.clicked.connect(self._ignore_or_show_again)
        self.rules_button = QPushButton(self.tr("Rules…"))
        self.rules_button.setObjectName("rulesButton")
        self.rules_button.setAccessibleName(self.tr("Rules"))
        self.rules_button.setToolTip(self.tr("Choose how severe each rule is for this chain"))
        self.rules_button.clicked.connect(self.rules_requested)
        header.addWidget(self.ignore_button)
        header.addWidget(self.rules_button)

        self.table = QTableView()
        self.table.setObjectName("findingsTable")
        self.table.setAccessibleName(self.tr("Findings table"))
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setIconSize(QSize(18, 18))
        rows = self.table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # uniform heights: fast
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        columns = self.table.horizontalHeader()
        columns.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        columns.setStretchLastSection(True)
        columns.setHighlightSections(False)
        for column, width in zip(range(3), (96, 210, 230)):
            columns.resizeSection(column, width)
        columns.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # lint's own order first
        self.table.setSortingEnabled(True)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._show_context_menu)
        self.table.activated.connect(self._activate)
        if not self.style().styleHint(QStyle.StyleHint.SH_ItemView_ActivateItemOnSingleClick):
            self.table.clicked.connect(self._activate)
        self.table.selectionModel().selectionChanged.connect(self._update_ignore_button)

        self.empty_label = QLabel(self.tr("No findings: the chain follows every rule."))
        self.empty_label.setObjectName("noFindings")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setEnabled(False)  # drawn in the muted text colour
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_label)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.addLayout(header)
        layout.addWidget(self.stack, 1)

        self._update_muted_colour()
        self.set_findings([])
        # The Element column looks its labels up as rows are painted: a renamed card or
        # lane whose findings stay the same shows its new name once they are painted again.
        document.changed.connect(self.table.viewport().update)

    # -- what the owner calls ----------------------------------------------------------

    def set_findings(self, findings: list[Finding]) -> None:
        """Show `findings` (ignored ones included), keeping the selected one if it is still there."""
        current = self.current_finding()
        scrolled = self.table.verticalScrollBar().value()
        chain = self.document.chain
        elements = itertools.chain(chain.departments, chain.people, chain.touchpoints, chain.handoffs)
        positions = {element.id: place for place, element in enumerate(elements)}
        self.model.set_findings(findings, lambda element: element_label(self.document, element), positions)
        self._show_counts()
        if current is not None:
            self.select_finding(current.rule, current.element, scroll=False)
        self.table.verticalScrollBar().setValue(scrolled)  # a relint does not move the view
        self._update_empty_state()
        self._update_ignore_button()

    def apply_changes(self, gone: list[Finding], new: list[Finding]) -> None:
        """After an edit: take away the findings that went and add the new ones; the
        selection and the scroll position stay where they are."""
        self.model.apply_changes(gone, new)
        self._show_counts()
        self._update_empty_state()
        self._update_ignore_button()

    def _show_counts(self) -> None:
        self._label_filter_buttons()
        ignored = self.model.ignored
        self.show_ignored_box.setText(
            self.tr("Show ignored ({count})").format(count=ignored) if ignored else self.tr("Show ignored")
        )
        self.show_ignored_box.setAccessibleName(self.tr("Show ignored findings: {count}").format(count=ignored))

    def counts(self) -> dict[str, int]:
        """Severity -> how many findings of it are not ignored."""
        return dict(self.model.counts)

    def current_finding(self) -> Finding | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(FINDING_ROLE) if rows else None

    def select_finding(self, rule: str, element: str | None, scroll: bool = True) -> bool:
        """Select the shown row of `rule` about `element`; False when none is shown."""
        for row, finding in enumerate(self.model.findings):
            if (finding.rule, finding.element) == (rule, element):
                index = self.proxy.mapFromSource(self.model.index(row, 0))
                if index.isValid():
                    self.table.selectionModel().setCurrentIndex(
                        index,
                        QItemSelectionModel.SelectionFlag.ClearAndSelect
                        | QItemSelectionModel.SelectionFlag.Rows,
                    )
                    if scroll:
                        self.table.scrollTo(index)
                    return True
        return False

    # -- ignoring ----------------------------------------------------------------------

    def ask_reason(self, finding: Finding) -> str | None:
        """Ask why `finding` may be ignored; None when the user cancels."""
        dialog = QInputDialog(self)
        dialog.setObjectName("ignoreReasonDialog")
        dialog.setWindowTitle(self.tr("Ignore Finding"))
        dialog.setLabelText(
            self.tr(
                "Why is this acceptable for “{element}”?\n"
                "{message}\n\nThe reason is saved in the chain file."
            ).format(element=self.model.label(finding.element), message=finding.message)
        )
        dialog.setOkButtonText(self.tr("Ignore"))
        # An ignore carries a reason, so OK waits for one.
        ok_button = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        ok_button.setEnabled(False)
        dialog.textValueChanged.connect(lambda text: ok_button.setEnabled(bool(text.strip())))
        accepted = dialog.exec() == QInputDialog.DialogCode.Accepted
        reason = dialog.textValue().strip()
        dialog.deleteLater()
        return reason if accepted and reason else None

    def ignore(self, finding: Finding) -> None:
        """Ask for a reason, then ignore `finding` in this chain (one undo step)."""
        if finding.element is None:
            return
        reason = self.ask_reason(finding)
        if reason:
            self.document.ignore_finding(finding.rule, finding.element, reason)

    def show_again(self, finding: Finding) -> None:
        if finding.element is not None:
            self.document.unignore_finding(finding.rule, finding.element)

    def _ignore_or_show_again(self) -> None:
        finding = self.current_finding()
        if finding is None:
            return
        if finding.ignored is None:
            self.ignore(finding)
        else:
            self.show_again(finding)

    # -- internals ---------------------------------------------------------------------

    def _activate(self, index: QModelIndex) -> None:
        finding = index.data(FINDING_ROLE)
        if finding is not None and finding.element is not None:
            self.finding_activated.emit(finding.element)

    def _label_filter_buttons(self) -> None:
        counts = self.counts()
        for severity, button in self.filter_buttons.items():
            one, several = _SEVERITY_NOUNS[severity]
            noun = self.tr(one if counts[severity] == 1 else several)
            button.setText(self.tr("{count} {noun}").format(count=counts[severity], noun=noun))
            button.setAccessibleName(self.tr("Show {noun}: {count}").format(noun=noun, count=counts[severity]))
            tip = self.tr("Hide the {noun}") if button.isChecked() else self.tr("Show the {noun}")
            button.setToolTip(tip.format(noun=self.tr(several)))

    def _update_filter(self) -> None:
        shown = {severity for severity, button in self.filter_buttons.items() if button.isChecked()}
        self.proxy.set_filter(shown, self.show_ignored_box.isChecked())
        self._label_filter_buttons()
        self._update_empty_state()
        self._update_ignore_button()

    def _update_empty_state(self) -> None:
        ignored = self.model.ignored
        if self.proxy.rowCount() or len(self.model.findings) > ignored:
            self.stack.setCurrentWidget(self.table)  # an empty table says "filtered out"
            return
        self.empty_label.setText(
            self.tr("No findings: the chain follows every rule ({count} ignored).").format(count=ignored)
            if ignored
            else self.tr("No findings: the chain follows every rule.")
        )
        self.stack.setCurrentWidget(self.empty_label)

    def _update_ignore_button(self) -> None:
        finding = self.current_finding()
        if finding is not None and finding.ignored is not None:
            self.ignore_button.setText(self.tr("Show Again"))
            self.ignore_button.setAccessibleName(self.tr("Show finding again"))
            self.ignore_button.setToolTip(self.tr("Stop ignoring this finding"))
            self.ignore_button.setEnabled(True)
            return
        self.ignore_button.setText(self.tr("Ignore…"))
        self.ignore_button.setAccessibleName(self.tr("Ignore finding"))
        self.ignore_button.setEnabled(finding is not None and finding.element is not None)
        if finding is not None and finding.element is None:
            self.ignore_button.setToolTip(
                self.tr("A finding about the whole chain cannot be ignored; turn its rule off in Rules…")
            )
        else:
            self.ignore_button.setToolTip(self.tr("Ignore the selected finding in this chain, with a reason"))

    def _show_context_menu(self, position) -> None:
        index = self.table.indexAt(position)
        if not index.isValid():
            return
        finding = index.data(FINDING_ROLE)
        menu = QMenu(self)
        go = menu.addAction(self.tr("Go to Element"), lambda: self.finding_activated.emit(finding.element))
        go.setEnabled(finding.element is not None)
        if finding.ignored is None:
            ignore = menu.addAction(self.tr("Ignore…"), lambda: self.ignore(finding))
            ignore.setEnabled(finding.element is not None)
        else:
            menu.addAction(self.tr("Show Again"), lambda: self.show_again(finding))
        create = menu.addAction(self.tr("Create Action…"), lambda: self.action_requested.emit(finding))
        about_action = finding.element is not None and self.document.has(finding.element) and isinstance(
            self.document.element(finding.element), Action)
        create.setEnabled(not about_action)  # an overdue action is changed, not given another
        menu.addSeparator()
        menu.addAction(self.tr("Rules…"), self.rules_requested.emit)
        menu.exec(self.table.viewport().mapToGlobal(position))
        menu.deleteLater()

    def _update_muted_colour(self) -> None:
        self.model.muted = Theme.from_palette(self.palette()).muted_text

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._update_muted_colour()
            self.table.viewport().update()
        super().changeEvent(event)
