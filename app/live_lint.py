"""Live findings for an open chain: lint follows every edit, off the typing path.

The Document's signals say what changed; edits are collected and linted once the event
loop is free (a zero-delay timer), so a burst of changes (a paste, an undo of a large
delete) is linted once, and an edit of one touchpoint re-runs only its own rules.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from app.document import Document
from models.lint import SEVERITIES, Finding
from models.lint.live import LiveLint


class LintController(QObject):
    #: Fresh findings (ignored ones included, with their reason) after an edit, and the
    #: ids of the elements whose findings changed.
    findings_changed = Signal(list, set)

    def __init__(self, document: Document, parent: QObject | None = None):
        super().__init__(parent)
        self.document = document
        self.live = LiveLint(document.chain)
        self.findings: list[Finding] = self.live.findings()
        self._touchpoints: set[str] = set()
        self._handoff_text = False
        self._everything = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.flush)

        document.touchpoint_changed.connect(self._touchpoint_changed)
        document.handoff_changed.connect(self._handoff_changed)
        for signal in (
            document.touchpoint_added,
            document.touchpoint_removed,
            document.handoff_added,
            document.handoff_removed,
            document.person_changed,
        ):
            signal.connect(self._shape_changed)
        document.departments_changed.connect(self._shape_changed)
        document.chain_changed.connect(self._timer.start)  # settings: re-apply only
        document.chain_reset.connect(self._chain_reset)

    def _touchpoint_changed(self, id: str) -> None:
        self._touchpoints.add(id)
        self._timer.start()

    def _handoff_changed(self, _id: str) -> None:
        self._handoff_text = True
        self._timer.start()

    def _shape_changed(self, *_args) -> None:
        self._everything = True
        self._timer.start()

    def _chain_reset(self) -> None:
        self.live = LiveLint(self.document.chain)
        self._shape_changed()

    def flush(self) -> None:
        """Lint what changed since the last flush and announce the findings."""
        self._timer.stop()
        if self._everything:
            self.live.relint()
        else:
            for id in self._touchpoints:
                if self.document.has(id):
                    self.live.touchpoint_changed(self.document.touchpoint(id))
            if self._handoff_text:
                self.live.handoff_changed()
        self._touchpoints.clear()
        self._handoff_text = self._everything = False
        findings = self.live.findings()
        if findings != self.findings:  # most keystrokes change no finding
            changed = {f.element for f in set(self.findings).symmetric_difference(findings)}
            self.findings = findings
            self.findings_changed.emit(findings, changed)

    def counts(self) -> dict[str, int]:
        counts = {severity: 0 for severity in SEVERITIES}
        for finding in self.findings:
            if finding.ignored is None:
                counts[finding.severity] += 1
        return counts
