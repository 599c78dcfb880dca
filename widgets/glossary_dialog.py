"""Review > Glossary…: the chain's common service language (format version 2): each term,
its definition and the words people use instead that the glossary asks to avoid.

The list shows the terms A to Z; the form below edits the term selected, or a new one.
Saving and removing are each one undo step (Document.set_term, remove_term). A term or a
definition left empty, or a term that is already defined, is refused with one sentence
and nothing changes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.document import Document
from app.edit_checks import EditRefused
from models.chain import Term, term_key
from widgets.actions_panel import warning_red
from widgets.text_box import TextBox


def avoided_words(text: str) -> list[str]:
    """"grab, hand over ,, ticket" -> ["grab", "hand over", "ticket"]: the words to avoid
    as typed, separated by commas, blanks and repeats left out."""
    words: list[str] = []
    for word in text.split(","):
        word = " ".join(word.split())
        if word and term_key(word) not in {term_key(kept) for kept in words}:
            words.append(word)
    return words


class GlossaryDialog(QDialog):
    def __init__(self, document: Document, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("glossaryDialog")
        self.setWindowTitle(self.tr("Glossary"))
        self.document = document
        self.editing: str | None = None  # the key of the term the form edits; None: a new one

        explanation = QLabel(self.tr("The words everyone in the chain uses for the same thing. A card whose "
                                     "label uses a term shows its definition in its tooltip; the lint rules "
                                     "point out the words to avoid."))
        explanation.setWordWrap(True)
        self.terms = QListWidget()
        self.terms.setObjectName("glossaryTerms")
        self.terms.setAccessibleName(self.tr("Terms"))
        self.terms.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.terms.setWordWrap(True)
        self.terms.setSpacing(3)  # a term with its words to avoid takes two lines: keep terms apart
        self.terms.currentItemChanged.connect(self._term_chosen)
        terms_label = QLabel(self.tr("&Terms:"))
        terms_label.setBuddy(self.terms)
        self.empty_label = QLabel(self.tr("No terms yet: type the first below and press Save Term."))
        self.empty_label.setObjectName("noTerms")
        self.empty_label.setWordWrap(True)
        self.empty_label.setEnabled(False)

        self.term = QLineEdit()
        self.term.setObjectName("glossaryTerm")
        self.term.setPlaceholderText(self.tr("e.g. Delivery slot"))
        self.definition = TextBox()
        self.definition.setObjectName("glossaryDefinition")
        self.definition.setTabChangesFocus(True)
        self.definition.setFixedHeight(72)
        self.definition.setPlaceholderText(self.tr("What it means here, in one or two sentences"))
        self.avoid = QLineEdit()
        self.avoid.setObjectName("glossaryAvoid")
        self.avoid.setPlaceholderText(self.tr("Other words for it, separated by commas, e.g. time window, slot"))
        self.problem = QLabel()
        self.problem.setObjectName("glossaryProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {warning_red(self.palette()).name()}")
        self.problem.hide()
        for field in (self.term, self.avoid):
            field.textEdited.connect(self.problem.hide)
        self.definition.textChanged.connect(self.problem.hide)

        self.new_button = QPushButton(self.tr("&New Term"))
        self.new_button.setObjectName("newTermButton")
        self.new_button.setAutoDefault(False)
        self.new_button.clicked.connect(self.new_term)
        self.remove_button = QPushButton(self.tr("&Remove Term"))
        self.remove_button.setObjectName("removeTermButton")
        self.remove_button.setAutoDefault(False)  # Enter saves; it never removes
        self.remove_button.clicked.connect(self.remove_term)
        self.save_button = QPushButton(self.tr("&Save Term"))
        self.save_button.setObjectName("saveTermButton")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save_term)

        self.editor = QGroupBox()
        form = QFormLayout(self.editor)
        form.addRow(self.tr("Ter&m:"), self.term)
        form.addRow(self.tr("&Definition:"), self.definition)
        form.addRow(self.tr("&Avoid:"), self.avoid)
        form.addRow(self.problem)
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(self.new_button)
        buttons_row.addStretch(1)
        buttons_row.addWidget(self.remove_button)
        buttons_row.addWidget(self.save_button)
        form.addRow(buttons_row)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(terms_label)
        layout.addWidget(self.terms, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.editor)
        layout.addWidget(close)
        self.resize(620, 600)

        # A modal dialog keeps the main window's Undo out of reach, so offer it here too
        # (a text box being typed in undoes its own typing first).
        QShortcut(QKeySequence.StandardKey.Undo, self, document.undo_stack.undo)
        QShortcut(QKeySequence.StandardKey.Redo, self, document.undo_stack.redo)
        document.glossary_changed.connect(self.refresh)
        document.chain_reset.connect(self.refresh)
        self.refresh()
        self.new_term()

    # -- the list --------------------------------------------------------------------------

    def glossary(self) -> list[Term]:
        return sorted(self.document.chain.glossary, key=lambda term: term.key)

    def refresh(self, *_args) -> None:
        """Show the glossary as it is now (after an edit, an undo or a redo)."""
        keep = self.editing
        self.terms.blockSignals(True)
        self.terms.clear()
        for term in self.glossary():
            text = self.tr("{term} — {definition}").format(term=term.term, definition=term.definition)
            if term.avoid:
                text += "\n" + self.tr("Avoid: {words}").format(words=", ".join(term.avoid))
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, term.key)
            self.terms.addItem(item)
            if term.key == keep:
                self.terms.setCurrentItem(item)
        self.terms.blockSignals(False)
        self.empty_label.setVisible(not self.document.chain.glossary)
        if keep is not None and self._term(keep) is None:  # undone or removed
            self.new_term()
        else:
            self._update_editor_title()

    def _term(self, key: str) -> Term | None:
        return next((term for term in self.document.chain.glossary if term.key == key), None)

    def _term_chosen(self, item: QListWidgetItem | None, _previous=None) -> None:
        if item is None:
            return
        term = self._term(item.data(Qt.ItemDataRole.UserRole))
        if term is None:
            return
        self.editing = term.key
        self.term.setText(term.term)
        self.definition.setPlainText(term.definition)
        self.avoid.setText(", ".join(term.avoid))
        self.problem.hide()
        self._update_editor_title()

    def _update_editor_title(self) -> None:
        self.editor.setTitle(self.tr("Change the term") if self.editing else self.tr("Add a term"))
        self.remove_button.setEnabled(self.editing is not None)

    # -- editing ---------------------------------------------------------------------------

    def new_term(self) -> None:
        """Empty the form for a new term."""
        self.editing = None
        self.terms.blockSignals(True)
        self.terms.setCurrentRow(-1)
        self.terms.clearSelection()
        self.terms.blockSignals(False)
        for field in (self.term, self.avoid):
            field.clear()
        self.definition.clear()
        self.problem.hide()
        self._update_editor_title()
        self.term.setFocus()

    def show_problem(self, sentence: str) -> None:
        self.problem.setText(sentence)
        self.problem.show()

    def save_term(self) -> bool:
        """Add the term in the form, or change the one selected; one undo step."""
        text = " ".join(self.term.text().split())
        definition = self.definition.toPlainText().strip()
        if not text or not definition:
            self.show_problem(self.tr("A glossary term needs a term and a definition."))
            return False
        twin = self._term(term_key(text))
        if twin is not None and twin.key != self.editing:
            self.show_problem(self.tr("“{term}” is already in the glossary: select it in the list to change it.")
                              .format(term=twin.term))
            return False
        avoid = avoided_words(self.avoid.text())
        if term_key(text) in {term_key(word) for word in avoid}:
            self.show_problem(self.tr("A term cannot be one of its own words to avoid."))
            return False
        replacing = self._term(self.editing).term if self.editing and self._term(self.editing) else None
        try:
            self.document.set_term(Term(term=text, definition=definition, avoid=avoid), replacing=replacing)
        except EditRefused as refusal:
            self.show_problem(str(refusal))
            return False
        self.editing = term_key(text)
        self.refresh()
        return True

    def remove_term(self) -> None:
        """Remove the term selected; one undo step."""
        term = self._term(self.editing) if self.editing else None
        if term is None:
            self.show_problem(self.tr("Select the term to remove in the list first."))
            return
        self.document.remove_term(term.term)
        self.new_term()
