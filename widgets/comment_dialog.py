"""The dialog that writes a comment: a new one, a reply, or an edit of one.

It shows what the comment is about (or the comment it answers, in full), a kind and the
text. The first time someone comments on this computer it also asks for their name,
prefilled from the account (app.review_author); the name is then remembered.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
)

from models.chain import COMMENT_KINDS

#: The kinds as shown, marked for translation; kind_name() translates them.
KIND_NAMES = {
    "critique": QT_TRANSLATE_NOOP("CommentDialog", "Critique"),
    "question": QT_TRANSLATE_NOOP("CommentDialog", "Question"),
    "idea": QT_TRANSLATE_NOOP("CommentDialog", "Idea"),
    "praise": QT_TRANSLATE_NOOP("CommentDialog", "Praise"),
}
#: Each kind's tag colour in the Comments dock; the word is always shown beside it.
KIND_COLOURS = {"critique": "#c62828", "question": "#1565c0", "idea": "#8d6e00", "praise": "#2e7d32"}


def kind_name(kind: str) -> str:
    return QCoreApplication.translate("CommentDialog", KIND_NAMES.get(kind, kind))


class CommentDialog(QDialog):
    """Ask for a comment's kind and text (and, with `ask_author`, the writer's name)."""

    def __init__(self, title: str, about: str, parent=None, *, kind: str = "critique", text: str = "",
                 author: str | None = None, session: str | None = None):
        super().__init__(parent)
        self.setObjectName("commentDialog")
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        about_label = QLabel(about)
        about_label.setObjectName("commentAbout")
        about_label.setWordWrap(True)
        layout.addWidget(about_label)
        form = QFormLayout()
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("commentKind")
        for value in COMMENT_KINDS:
            self.kind_combo.addItem(kind_name(value), value)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(kind)))
        self.kind_combo.setAccessibleName(self.tr("Kind of comment"))
        form.addRow(self.tr("&Kind:"), self.kind_combo)
        self.text_edit = QPlainTextEdit(text)
        self.text_edit.setObjectName("commentText")
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setPlaceholderText(self.tr("What you noticed, asked or suggest"))
        self.text_edit.setAccessibleName(self.tr("Comment text"))
        self.text_edit.setMinimumHeight(110)
        self.text_edit.textChanged.connect(self._update_ok)
        form.addRow(self.tr("&Text:"), self.text_edit)
        self.author_edit: QLineEdit | None = None
        if author is not None:
            self.author_edit = QLineEdit(author)
            self.author_edit.setObjectName("commentAuthor")
            self.author_edit.setAccessibleName(self.tr("Your name"))
            self.author_edit.setPlaceholderText(self.tr("e.g. Ana Ruiz"))
            self.author_edit.textChanged.connect(self._update_ok)
            form.addRow(self.tr("Your &name:"), self.author_edit)
            hint = QLabel(self.tr("Comments and sign-offs are made under this name; it is remembered."))
            hint.setWordWrap(True)
            form.addRow("", hint)
        if session is not None:
            form.addRow(self.tr("Session:"), QLabel(session))
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.error_label = QLabel()
        self.error_label.setObjectName("commentError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout.addWidget(self.error_label)
        self.text_edit.setFocus()
        self._update_ok()

    def kind(self) -> str:
        return self.kind_combo.currentData()

    def text(self) -> str:
        return self.text_edit.toPlainText().strip()

    def author(self) -> str | None:
        """The name typed, when it was asked for."""
        return " ".join(self.author_edit.text().split()) if self.author_edit is not None else None

    def show_error(self, message: str) -> None:
        """Say why the comment was refused; the dialog stays open with what was typed."""
        self.error_label.setText(message)
        self.error_label.show()

    def _update_ok(self) -> None:
        named = self.author_edit is None or bool(self.author_edit.text().strip())
        self.ok_button.setEnabled(bool(self.text()) and named)
