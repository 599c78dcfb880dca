"""Live findings for an open chain: lint follows every edit, off the typing path.

The Document's signals say what changed; edits are collected and linted once the event
loop is free (a zero-delay timer), so a burst of changes (a paste, an undo of a large
delete) is linted once, and an edit of one touchpoint re-runs only its own rules. What
it announces is the change, not the whole list, so the canvas and the findings panel
update a handful of rows and badges rather than thousands.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from app.document import Document
from models.lint import SEVERITIES, Finding
from models.lint.live import LiveLint


#: More touchpoints changed at once than this (an auto-layout, a large paste) and one
#: full run is cheaper than re-running the per-touchpoint rules for each of them.
RELINT_ABOVE = 500


class LintController(QObject):
    #: After an edit: the findings that went away and the new ones (ignored ones
    #: included, with their reason).
    findings_changed = Signal(list, list)

    def __init__(self, document: Document, parent: QObject | None = None):
        super().__init__(parent)
        self.document = document
        self._start()
        self._touchpoints: set[str] = set()
        self._handoff_text = False
        self._comments = self._actions = self._ratings = self._glossary = False
        self._everything = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.flush)

        document.touchpoint_changed.connect(self._touchpoint_changed)
        document.handoff_changed.connect(self._handoff_changed)
        document.comments_changed.connect(self._comments_changed)
        document.actions_changed.connect(self._actions_changed)
        document.ratings_changed.connect(self._ratings_changed)
        document.glossary_changed.connect(self._glossary_changed)
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

    def _comments_changed(self) -> None:
        self._comments = True
        self._timer.start()

    def _actions_changed(self) -> None:
        self._actions = True
        self._timer.start()

    def _ratings_changed(self) -> None:
        self._ratings = True
        self._timer.start()

    def _glossary_changed(self) -> None:
        self._glossary = True
        self._timer.start()

    def _shape_changed(self, *_args) -> None:
        self._everything = True
        self._timer.start()

    def _start(self) -> None:
        self.live = LiveLint(self.document.chain)
        self._all: list[Finding] | None = None  # built when asked for
        self._by_element: dict[str | None, list[Finding]] = {}
        self._counts = {severity: 0 for severity in SEVERITIES}
        self._note(*self.live.changes())

    def _chain_reset(self) -> None:
        gone = self.findings
        self._start()
        self.findings_changed.emit(gone, self.findings)

    @property
    def findings(self) -> list[Finding]:
        """Every finding, most severe first (see lint_chain)."""
        if self._all is None:
            self._all = self.live.findings()
        return self._all

    def findings_of(self, element: str | None) -> list[Finding]:
        return self._by_element.get(element, [])

    def _note(self, gone: list[Finding], new: list[Finding]) -> None:
        """Keep the per-element lists and the counts up with a change."""
        self._all = None
        for finding, step in [(f, -1) for f in gone] + [(f, 1) for f in new]:
            if finding.ignored is None:
                self._counts[finding.severity] += step
            if step < 0:
                self._by_element[finding.element].remove(finding)
                if not self._by_element[finding.element]:
                    del self._by_element[finding.element]
            else:
                self._by_element.setdefault(finding.element, []).append(finding)

    def flush(self) -> None:
        """Lint what changed since the last flush and announce the findings."""
        self._timer.stop()
        if self._everything or len(self._touchpoints) > RELINT_ABOVE:
            self.live.relint()
        else:
            for id in self._touchpoints:
                if self.document.has(id):
                    self.live.touchpoint_changed(self.document.touchpoint(id))
            if self._handoff_text:
                self.live.handoff_changed()
            if self._comments:
                self.live.comments_changed()
            if self._actions:
                self.live.actions_changed()
            if self._ratings:
                self.live.ratings_changed()
            if self._glossary:
                self.live.glossary_changed()
        self._touchpoints.clear()
        self._handoff_text = self._comments = self._actions = self._ratings = self._glossary = False
        self._everything = False
        gone, new = self.live.changes()
        if gone or new:  # most keystrokes change no finding
            self._note(gone, new)
            self.findings_changed.emit(gone, new)

    def counts(self) -> dict[str, int]:
        """Severity -> how many findings of it are not ignored."""
        return dict(self._counts)
