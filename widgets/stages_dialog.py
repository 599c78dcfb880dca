"""Arrange > Stages…: the chain's stages (the columns across the lanes of a service
blueprint), in their order, left to right.

Add, Rename, Describe, Move Up, Move Down and Remove are each one undo step
(Document.add_stage, set_fields, move_stage, remove_stage); the canvas's stage band follows
through stages_changed. An empty name is refused with one sentence and nothing changes.
Removing a stage that touchpoints are in asks first: they stay where they are, in no stage.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.document import Document
from app.edit_checks import EditRefused
from models.chain import Stage
from widgets.actions_panel import warning_red


class StagesDialog(QDialog):
    def __init__(self, document: Document, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("stagesDialog")
        self.setWindowTitle(self.tr("Stages"))
        self.document = document
        # The stage chosen in the list, kept by id: a move takes the stage out and puts it back,
        # and the list is rebuilt in between.
        self.chosen: str | None = None

        explanation = QLabel(self.tr("The phases of the customer's journey, left to right. Each is a column "
                                     "across the lanes; dropping a card in a column puts it in that stage."))
        explanation.setWordWrap(True)
        self.stages = QListWidget()
        self.stages.setObjectName("stagesList")
        self.stages.setAccessibleName(self.tr("Stages"))
        self.stages.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.stages.setWordWrap(True)
        self.stages.currentItemChanged.connect(self._stage_chosen)
        stages_label = QLabel(self.tr("&Stages:"))
        stages_label.setBuddy(self.stages)
        self.empty_label = QLabel(self.tr("No stages yet: type a name below and press Add."))
        self.empty_label.setObjectName("noStages")
        self.empty_label.setEnabled(False)

        self.name = QLineEdit()
        self.name.setObjectName("stageName")
        self.name.setPlaceholderText(self.tr("e.g. Order"))
        self.description = QLineEdit()
        self.description.setObjectName("stageDescription")
        self.description.setPlaceholderText(self.tr("What happens in this stage (optional)"))
        self.problem = QLabel()
        self.problem.setObjectName("stageProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {warning_red(self.palette()).name()}")
        self.problem.hide()
        for field in (self.name, self.description):
            field.textEdited.connect(self.problem.hide)

        def button(text: str, name: str, slot) -> QPushButton:
            push = QPushButton(text)
            push.setObjectName(name)
            push.setAutoDefault(False)
            push.clicked.connect(slot)
            return push

        self.add_button = button(self.tr("&Add"), "addStageButton", self.add_stage)
        self.add_button.setDefault(True)  # Enter in the name field adds; in the description, describes
        for field in (self.name, self.description):
            field.installEventFilter(self)
        self.rename_button = button(self.tr("Re&name"), "renameStageButton", self.rename_stage)
        self.describe_button = button(self.tr("&Describe"), "describeStageButton", self.describe_stage)
        self.up_button = button(self.tr("Move &Up"), "stageUpButton", lambda: self.move_stage(-1))
        self.down_button = button(self.tr("Move Do&wn"), "stageDownButton", lambda: self.move_stage(1))
        self.remove_button = button(self.tr("&Remove"), "removeStageButton", self.remove_stage)

        form = QFormLayout()
        form.addRow(self.tr("Na&me:"), self.name)
        form.addRow(self.tr("Descri&ption:"), self.description)
        form.addRow(self.problem)
        buttons = QGridLayout()
        for column, push in enumerate((self.add_button, self.rename_button, self.describe_button)):
            buttons.addWidget(push, 0, column)
        for column, push in enumerate((self.up_button, self.down_button, self.remove_button)):
            buttons.addWidget(push, 1, column)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(stages_label)
        layout.addWidget(self.stages, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(close)
        self.resize(520, 480)

        # A modal dialog keeps the main window's Undo out of reach, so offer it here too.
        QShortcut(QKeySequence.StandardKey.Undo, self, document.undo_stack.undo)
        QShortcut(QKeySequence.StandardKey.Redo, self, document.undo_stack.redo)
        document.stages_changed.connect(self.refresh)
        document.chain_reset.connect(self.refresh)
        self.refresh()
        self.name.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and watched in (self.name, self.description):
            (self.describe_button if watched is self.description else self.add_button).setDefault(True)
        return super().eventFilter(watched, event)

    # -- the list --------------------------------------------------------------------------

    def selected_id(self) -> str | None:
        item = self.stages.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _stage(self, id: str | None) -> Stage | None:
        return next((stage for stage in self.document.chain.stages if stage.id == id), None)

    def refresh(self, *_args, select: str | None = None) -> None:
        """Show the stages as they are now (after an edit, an undo or a redo)."""
        if select is not None:
            self.chosen = select
        keep = self.chosen
        self.stages.blockSignals(True)
        self.stages.clear()
        for number, stage in enumerate(self.document.chain.stages, start=1):
            text = self.tr("{number}. {name}").format(number=number, name=stage.name)
            if stage.description:
                text += self.tr(" — {description}").format(description=stage.description)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, stage.id)
            self.stages.addItem(item)
            if stage.id == keep:
                self.stages.setCurrentItem(item)
        self.stages.blockSignals(False)
        self.empty_label.setVisible(not self.document.chain.stages)
        self._update_buttons()

    def _stage_chosen(self, item: QListWidgetItem | None, _previous=None) -> None:
        """The user chose a stage in the list (or none): the form shows it."""
        self.chosen = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        stage = self._stage(self.chosen)
        if stage is not None:
            self.name.setText(stage.name)
            self.description.setText(stage.description or "")
        self._update_buttons()

    def _update_buttons(self) -> None:
        stage = self._stage(self.selected_id())
        index = self.document.chain.stages.index(stage) if stage is not None else -1
        for push in (self.rename_button, self.describe_button, self.remove_button):
            push.setEnabled(stage is not None)
        self.up_button.setEnabled(index > 0)
        self.down_button.setEnabled(0 <= index < len(self.document.chain.stages) - 1)

    # -- editing ---------------------------------------------------------------------------

    def show_problem(self, sentence: str) -> None:
        self.problem.setText(sentence)
        self.problem.show()

    def _typed_name(self) -> str | None:
        name = " ".join(self.name.text().split())
        if not name:
            self.show_problem(self.tr("A stage needs a name."))
            return None
        return name

    def add_stage(self) -> bool:
        """A new stage named as typed, after the one selected (last when none is); one undo step."""
        name = self._typed_name()
        if name is None:
            return False
        selected = self._stage(self.selected_id())
        index = self.document.chain.stages.index(selected) + 1 if selected is not None else None
        try:
            id = self.document.add_stage(name, index)
        except EditRefused as refusal:
            self.show_problem(str(refusal))
            return False
        self.refresh(select=id)
        self.description.clear()  # a new stage has no description yet
        return True

    def _edit_selected(self, undo_text: str, **fields) -> bool:
        stage = self._stage(self.selected_id())
        if stage is None:
            self.show_problem(self.tr("Select a stage in the list first."))
            return False
        try:
            self.document.set_fields(stage.id, undo_text, **fields)
        except EditRefused as refusal:
            self.show_problem(str(refusal))
            return False
        return True

    def rename_stage(self) -> bool:
        name = self._typed_name()
        return name is not None and self._edit_selected(self.tr("Rename Stage"), name=name)

    def describe_stage(self) -> bool:
        text = " ".join(self.description.text().split())
        return self._edit_selected(self.tr("Describe Stage"), description=text or None)

    def move_stage(self, step: int) -> None:
        stage = self._stage(self.selected_id())
        if stage is not None:
            self.document.move_stage(stage.id, self.document.chain.stages.index(stage) + step)

    def in_stage(self, id: str) -> int:
        return sum(1 for touchpoint in self.document.chain.touchpoints if touchpoint.stage == id)

    def remove_stage(self) -> bool:
        """Remove the stage selected, asking first when touchpoints are in it; one undo step."""
        stage = self._stage(self.selected_id())
        if stage is None:
            self.show_problem(self.tr("Select a stage in the list first."))
            return False
        count = self.in_stage(stage.id)
        if count:
            question = (self.tr("Remove the stage “{name}”? Its {count} touchpoints stay where they are, "
                                "in no stage. You can undo this.") if count > 1 else
                        self.tr("Remove the stage “{name}”? Its touchpoint stays where it is, in no stage. "
                                "You can undo this.")).format(name=stage.name, count=count)
            box = QMessageBox(QMessageBox.Icon.Question, self.tr("Remove Stage"), question,
                              QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
            box.setDefaultButton(QMessageBox.StandardButton.Cancel)
            if box.exec() != QMessageBox.StandardButton.Yes:
                return False
        index = self.document.chain.stages.index(stage)
        self.document.remove_stage(stage.id)
        stages = self.document.chain.stages
        self.refresh(select=stages[min(index, len(stages) - 1)].id if stages else None)
        return True
