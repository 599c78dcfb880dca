"""Live lint of a large chain: a full re-check runs in a thread, its findings arrive as
they would have on the UI thread, and an edit meanwhile waits for them."""

from __future__ import annotations

import threading

from app.document import Document
from app.live_lint import RELINT_IN_THREAD_ABOVE, LintController
from models.chain import Position
from models.lint import lint_chain
from models.lint.live import LiveLint
from tests.benchmarks.generate import synthetic_chain


def key(findings) -> list:
    return sorted((f.rule, f.element or "", f.message, f.severity, f.ignored or "") for f in findings)


def large_document() -> Document:
    document = Document(synthetic_chain(RELINT_IN_THREAD_ABOVE + 100))
    assert len(document.chain.touchpoints) > RELINT_IN_THREAD_ABOVE
    return document


def test_a_full_relint_of_a_large_chain_runs_in_a_thread(qtbot, qapp, monkeypatch):
    threads = []
    real = LiveLint.relint
    monkeypatch.setattr(LiveLint, "relint", lambda self: (threads.append(threading.current_thread()), real(self)))
    document = large_document()
    controller = LintController(document)
    threads.clear()
    department = document.chain.departments[0].id
    with qtbot.waitSignal(controller.findings_changed, timeout=30_000):
        document.add_touchpoint(department, "step", Position(x=30000, y=20))  # adding runs every rule
    assert threads and threads[0] is not threading.main_thread()
    assert key(controller.findings) == key(lint_chain(document.chain))


def test_an_edit_while_the_thread_lints_waits_for_its_findings(qtbot, qapp):
    document = large_document()
    controller = LintController(document)
    department = document.chain.departments[0].id
    document.add_touchpoint(department, "step", Position(x=30000, y=20))
    qtbot.waitUntil(lambda: controller._relint is not None, timeout=5000)
    first = document.chain.touchpoints[0]
    document.set_fields(first.id, "Rename", label="")  # the chain changes only after the run is in
    assert controller._relint is None
    controller.flush()
    assert key(controller.findings) == key(lint_chain(document.chain))
