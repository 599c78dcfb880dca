"""Review > Internal Ratings…: how each internal customer department rates the department
that serves it, one period at a time, and an editor that adds or replaces a rating.

The table has a row per department rated (the provider) and a column per department that
rates (the customer); a cell holds the mean score of 5 and the share who would "hire them
back". A score below 3 says "low" as well as being red. Adding, replacing and removing a
rating are each one undo step (Document.set_rating, remove_rating).
"""

from __future__ import annotations

import datetime

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.document import Document
from app.edit_checks import EditRefused, build
from models.chain import Rating
from models.lint.rules.measures import LOW_RATING
from models.periods import EXAMPLES, period_key, period_of
from widgets.actions_panel import warning_red



def rating_text(score: float, rehire: float | None) -> str:
    """A cell's text: "3.8" and, on a second line, "75% rehire"; a low score says so."""
    text = QCoreApplication.translate("RatingsDialog", "{score:.1f} — low") if score < LOW_RATING else "{score:.1f}"
    text = text.format(score=score)
    if rehire is not None:
        text += "\n" + QCoreApplication.translate("RatingsDialog", "{share:.0%} rehire").format(share=rehire)
    return text


class RatingsDialog(QDialog):
    def __init__(self, document: Document, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("ratingsDialog")
        self.setWindowTitle(self.tr("Internal Ratings"))
        self.document = document

        self.period = QComboBox()
        self.period.setObjectName("ratingsPeriod")
        self.period.currentIndexChanged.connect(self._fill_table)
        period_row = QHBoxLayout()
        period_label = QLabel(self.tr("&Period:"))
        period_label.setBuddy(self.period)
        period_row.addWidget(period_label)
        period_row.addWidget(self.period)
        explanation = QLabel(self.tr("Rows: the department rated. Columns: the internal customer who rates it. "
                                     "Each cell: the score of 5 and the share who would hire them back."))
        explanation.setWordWrap(True)
        period_row.addWidget(explanation, 1)

        self.table = QTableWidget()
        self.table.setObjectName("ratingsTable")
        self.table.setAccessibleName(self.tr("Ratings by department"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setMinimumSectionSize(90)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.currentCellChanged.connect(self._cell_chosen)
        self.empty_label = QLabel(self.tr("No internal ratings yet: add the first below, or import a ratings "
                                          "spreadsheet with File > Import Ratings…."))
        self.empty_label.setObjectName("noRatings")
        self.empty_label.setWordWrap(True)
        self.empty_label.setEnabled(False)

        self.customer = QComboBox()
        self.customer.setObjectName("ratingCustomer")
        self.provider = QComboBox()
        self.provider.setObjectName("ratingProvider")
        for department in self.departments():
            self.customer.addItem(department.name, department.id)
            self.provider.addItem(department.name, department.id)
        self.provider.setCurrentIndex(min(1, self.provider.count() - 1))  # not the customer itself
        self.period_edit = QLineEdit()
        self.period_edit.setObjectName("ratingPeriod")
        self.period_edit.setPlaceholderText(self.tr("e.g. {quarter} or {month}").format(
            quarter=EXAMPLES["quarter"], month=EXAMPLES["month"]))
        self.score = QDoubleSpinBox()
        self.score.setObjectName("ratingScore")
        self.score.setRange(1.0, 5.0)
        self.score.setDecimals(1)
        self.score.setSingleStep(0.1)
        self.score.setSuffix(self.tr(" of 5"))
        self.has_rehire = QCheckBox(self.tr("Asked"))
        self.has_rehire.setObjectName("ratingHasRehire")
        self.rehire = QSpinBox()
        self.rehire.setObjectName("ratingRehire")
        self.rehire.setRange(0, 100)
        self.rehire.setSuffix("%")
        self.has_rehire.toggled.connect(self.rehire.setEnabled)
        self.rehire.setEnabled(False)
        rehire_row = QHBoxLayout()
        rehire_row.addWidget(self.has_rehire)
        rehire_row.addWidget(self.rehire)
        rehire_row.addStretch(1)
        self.responses = QSpinBox()
        self.responses.setObjectName("ratingResponses")
        self.responses.setRange(0, 1_000_000)
        self.responses.setSpecialValueText(self.tr("not counted"))
        self.comment = QLineEdit()
        self.comment.setObjectName("ratingComment")
        self.save_button = QPushButton(self.tr("Add Rating"))
        self.save_button.setObjectName("saveRatingButton")
        self.save_button.clicked.connect(self.save_rating)
        self.remove_button = QPushButton(self.tr("Remove Rating"))
        self.remove_button.setObjectName("removeRatingButton")
        self.remove_button.clicked.connect(self.remove_rating)
        self.remove_button.setAutoDefault(False)  # Enter saves; it never removes
        self.save_button.setDefault(True)
        self.problem = QLabel()
        self.problem.setObjectName("ratingProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {warning_red(self.palette()).name()}")
        self.problem.hide()
        for widget in (self.customer, self.provider):
            widget.currentIndexChanged.connect(self._key_changed)
        self.period_edit.textChanged.connect(self._key_changed)

        editor = QGroupBox(self.tr("Add or replace a rating"))
        form = QFormLayout(editor)
        form.addRow(self.tr("&Customer (rates):"), self.customer)
        form.addRow(self.tr("P&rovider (rated):"), self.provider)
        form.addRow(self.tr("P&eriod:"), self.period_edit)
        form.addRow(self.tr("&Score:"), self.score)
        rehire_label = QLabel(self.tr("Would &hire back:"))
        rehire_label.setBuddy(self.has_rehire)
        form.addRow(rehire_label, rehire_row)
        form.addRow(self.tr("Res&ponses:"), self.responses)
        form.addRow(self.tr("C&omment:"), self.comment)
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(self.problem, 1)
        buttons_row.addWidget(self.remove_button)
        buttons_row.addWidget(self.save_button)
        form.addRow(buttons_row)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(period_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(editor)
        layout.addWidget(close)
        self.resize(760, 620)

        document.ratings_changed.connect(self.refresh)
        document.departments_changed.connect(self.refresh)
        self.refresh()

    # -- the table -------------------------------------------------------------------------

    def periods(self) -> list[str]:
        """The rated periods, latest first."""
        return sorted({rating.period for rating in self.document.chain.ratings}, key=period_key, reverse=True)

    def refresh(self, *_args) -> None:
        chosen = self.period.currentText()
        periods = self.periods()
        self.period.blockSignals(True)
        self.period.clear()
        self.period.addItems(periods)
        self.period.setCurrentIndex(periods.index(chosen) if chosen in periods else 0)
        self.period.blockSignals(False)
        self.period.setEnabled(bool(periods))
        if not self.period_edit.text():  # the latest rated period, or this quarter
            self.period_edit.setText(periods[0] if periods else period_of("quarter", datetime.date.today()))
        self._fill_table()

    def departments(self) -> list:
        """The departments of the table: every internal one, and any other that is rated or rates."""
        rated = {id for rating in self.document.chain.ratings for id in (rating.customer, rating.provider)}
        return [d for d in self.document.chain.departments if d.role != "customer" or d.id in rated]

    def _fill_table(self, *_args) -> None:
        period = self.period.currentText()
        departments = self.departments()
        by_cell = {(r.provider, r.customer): r for r in self.document.chain.ratings if r.period == period}
        table = self.table
        table.blockSignals(True)
        table.clear()
        table.setRowCount(len(departments))
        table.setColumnCount(len(departments))
        names = [department.name for department in departments]
        table.setVerticalHeaderLabels(names)
        table.setHorizontalHeaderLabels([self.tr("by {name}").format(name=name) for name in names])
        for row, provider in enumerate(departments):
            for column, customer in enumerate(departments):
                item = QTableWidgetItem()
                if provider.id == customer.id:
                    item.setText(self.tr("—"))  # a translator may want another dash
                    item.setFlags(Qt.ItemFlag.NoItemFlags)
                    item.setToolTip(self.tr("A department does not rate itself."))
                else:
                    rating = by_cell.get((provider.id, customer.id))
                    if rating is not None:
                        item.setText(rating_text(rating.score, rating.rehire))
                        item.setToolTip(self._tooltip(rating, provider.name, customer.name))
                        if rating.score < LOW_RATING:
                            item.setForeground(QBrush(warning_red(self.palette())))
                            font = QFont(item.font())
                            font.setBold(True)
                            item.setFont(font)
                item.setData(Qt.ItemDataRole.UserRole, (provider.id, customer.id))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                table.setItem(row, column, item)
        table.blockSignals(False)
        table.setVisible(bool(self.document.chain.ratings) or bool(departments))
        self.empty_label.setVisible(not self.document.chain.ratings)
        self._update_save_button()

    def _tooltip(self, rating: Rating, provider: str, customer: str) -> str:
        lines = [self.tr("{customer} rates {provider} {score:.1f} of 5 for {period}").format(
            customer=customer, provider=provider, score=rating.score, period=rating.period)]
        if rating.rehire is not None:
            lines.append(self.tr("{share:.0%} would hire them back").format(share=rating.rehire))
        if rating.responses is not None:
            lines.append(self.tr("{count} responses").format(count=rating.responses))
        if rating.comment:
            lines.append(rating.comment)
        return "\n".join(lines)

    def _cell_chosen(self, row: int, column: int, *_previous) -> None:
        item = self.table.item(row, column)
        cell = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if not cell or cell[0] == cell[1]:
            return
        provider, customer = cell
        self.customer.setCurrentIndex(self.customer.findData(customer))
        self.provider.setCurrentIndex(self.provider.findData(provider))
        if self.period.currentText():
            self.period_edit.setText(self.period.currentText())

    def _key_changed(self, *_args) -> None:
        """Another customer, provider or period: show its rating, if the chain has one."""
        rating = self.current_rating()
        if rating is not None:
            self.score.setValue(rating.score)
            self.has_rehire.setChecked(rating.rehire is not None)
            self.rehire.setValue(round((rating.rehire or 0) * 100))
            self.responses.setValue(rating.responses or 0)
            self.comment.setText(rating.comment or "")
        self._update_save_button()

    # -- the editor ------------------------------------------------------------------------

    def key(self) -> str:
        return f"{self.customer.currentData()}/{self.provider.currentData()}/{self.period_edit.text().strip()}"

    def current_rating(self) -> Rating | None:
        """The rating of the editor's customer, provider and period, if the chain has it."""
        key = self.key()
        return next((rating for rating in self.document.chain.ratings if rating.key == key), None)

    def _update_save_button(self, *_args) -> None:
        exists = self.current_rating() is not None
        self.save_button.setText(self.tr("Replace Rating") if exists else self.tr("Add Rating"))
        self.remove_button.setEnabled(exists)
        self.save_button.setEnabled(bool(self.period_edit.text().strip()))

    def save_rating(self) -> bool:
        """Add the editor's rating, or replace the one of the same customer, provider and
        period (one undo step); False, with the reason shown, when it cannot be."""
        if self.customer.currentData() == self.provider.currentData():
            return self._refuse(self.tr("A department does not rate itself: choose another customer or provider."))
        values = dict(
            customer=self.customer.currentData(), provider=self.provider.currentData(),
            period=self.period_edit.text().strip(), score=round(self.score.value(), 1),
            rehire=self.rehire.value() / 100 if self.has_rehire.isChecked() else None,
            responses=self.responses.value() or None, comment=self.comment.text().strip() or None,
        )
        try:
            self.document.set_rating(build(Rating, values, self.tr("the rating")))
        except EditRefused as refused:
            return self._refuse(str(refused))
        self.problem.hide()
        period = values["period"]
        if self.period.findText(period) >= 0:
            self.period.setCurrentIndex(self.period.findText(period))
        return True

    def remove_rating(self) -> None:
        if self.current_rating() is not None:
            self.document.remove_rating(self.key())

    def _refuse(self, reason: str) -> bool:
        self.problem.setText(reason)
        self.problem.show()
        return False
