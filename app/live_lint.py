"""Live findings for an open chain: lint follows every edit, off the typing path.

The Document's signals say what changed; edits are collected and linted once the event
loop is free (a zero-delay timer), so a burst of changes (a paste, an undo of a large
delete) is linted once, and an edit of one touchpoint re-runs only its own rules. What
it announces is the change, not the whole list, so the canvas and the findings panel
update a handful of rows and badges rather than thousands.

A change that needs every rule to run again (an auto-layout, a paste, adding a card) in a
large chain takes a tenth of a second at 5,000 touchpoints: the timer then runs it in a
thread (app.background_work.Offloaded) and announces its findings when it is done. No
edit can change the chain meanwhile: the Document's `about_to_change` waits for it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from app.background_work import POLL_MS, Offloaded
from app.document import Document
from models.collector import collector_paused
from models.lint import SEVERITIES, Finding
from models.lint.live import LiveLint


#: More touchpoints changed at once than this (an auto-layout, a large paste) and one
#: full run is cheaper than re-running the per-touchpoint rules for each of them.
RELINT_ABOVE = 500
#: In a chain of more touchpoints than this, running every rule goes to a thread.
RELINT_IN_THREAD_ABOVE = 2000


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
        self._timer.timeout.connect(self._flush_due)
        self._relint: Offloaded | None = None  # a full run in its thread, until announced
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._look_at_relint)
        document.about_to_change.connect(self._wait_for_relint)

        document.touchpoint_changed.connect(self._touchpoint_changed)
        document.touchpoints_changed.connect(self._touchpoints_changed)
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

    def _touchpoints_changed(self, ids: list) -> None:
        self._touchpoints.update(ids)
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
        self._wait_for_relint()
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

    def _has_changes(self) -> bool:
        return bool(self._touchpoints) or self._everything or self._handoff_text or self._comments or (
            self._actions or self._ratings or self._glossary)

    def _needs_relint(self) -> bool:
        return self._everything or len(self._touchpoints) > RELINT_ABOVE

    def _flush_due(self) -> None:
        """The timer: lint what changed; a full run of a large chain goes to a thread."""
        if self._relint is not None:  # it is looked at when that run is announced
            return
        if self._needs_relint() and len(self.document.chain.touchpoints) > RELINT_IN_THREAD_ABOVE:
            self._forget_changes()
            self._relint = Offloaded(self._relint_now, name="lint")
            self._poll.start()
        else:
            self.flush()

    @collector_paused()  # a collection in the thread would hold the interpreter lock throughout
    def _relint_now(self) -> tuple[list[Finding], list[Finding]]:
        self.live.relint()
        return self.live.changes()

    def _look_at_relint(self) -> None:
        if self._relint is not None and self._relint.done():
            self._wait_for_relint()

    def _wait_for_relint(self) -> None:
        """Announce the run in its thread (waiting for it if need be), before the chain changes."""
        running, self._relint = self._relint, None
        if running is None:
            return
        self._poll.stop()
        self._announce(*running.result())
        if self._has_changes():  # that came meanwhile
            self._timer.start()

    def flush(self) -> None:
        """Lint what changed since the last flush and announce the findings."""
        self._wait_for_relint()
        self._timer.stop()
        if self._needs_relint():
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
        self._forget_changes()
        self._announce(*self.live.changes())

    def _forget_changes(self) -> None:
        """What changed is being linted."""
        self._touchpoints.clear()
        self._handoff_text = self._comments = self._actions = self._ratings = self._glossary = False
        self._everything = False

    def _announce(self, gone: list[Finding], new: list[Finding]) -> None:
        if gone or new:  # most keystrokes change no finding
            self._note(gone, new)
            self.findings_changed.emit(gone, new)

    def counts(self) -> dict[str, int]:
        """Severity -> how many findings of it are not ignored."""
        return dict(self._counts)
