"""The report File > Import… shows: what came in, and what the file held that a chain
cannot (one sentence each), so nothing is dropped without a word."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QVBoxLayout, QWidget


class ImportReportDialog(QDialog):
    """A summary line, the list of what was left out, and Close."""

    def __init__(self, file_name: str, summary: str, left_out: tuple[str, ...], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("importReport")
        self.setWindowTitle(self.tr("Imported {name}").format(name=file_name))
        layout = QVBoxLayout(self)
        heading = QLabel(summary)
        heading.setObjectName("importSummary")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        if left_out:
            layout.addWidget(QLabel(self.tr("Left out, because a chain has no place for it:")))
            self.left_out = QListWidget()
            self.left_out.setObjectName("leftOut")
            self.left_out.setWordWrap(True)
            self.left_out.addItems(list(left_out))
            layout.addWidget(self.left_out)
        else:
            layout.addWidget(QLabel(self.tr("Nothing was left out.")))
        hint = QLabel(self.tr("The chain is new and not saved yet: File > Save As… keeps it."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(620, 360 if left_out else 180)
