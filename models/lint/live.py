"""Lint that keeps up with editing: after an edit it re-runs only what the edit touched.

An edit of one touchpoint's own fields (label, owner, procedure, review, ...) re-runs the
per-touchpoint rules for that touchpoint alone; a handoff's label or passes re-runs the
two handoff-text rules; the chain's lint settings only re-apply severities and ignores.
Anything that changes the shape of the chain (adding or removing elements, a touchpoint's
lane, kind or serves) runs every rule again. The result always equals `lint_chain`.
"""

from __future__ import annotations

from models.chain import Chain, Touchpoint
from models.lint.context import LintContext
from models.lint.engine import Finding, collector_paused, ignored_findings, in_order, rule_findings
from models.lint.registry import RULES, Hit

#: The rules that read handoff text (label, passes) but nothing that only an edit of
#: the chain's shape changes.
HANDOFF_TEXT_RULES = ("handoff-passes-required", "decision-branches-labelled")


def _shape(touchpoint: Touchpoint) -> tuple:
    """What other touchpoints' findings depend on; a change here means a full run."""
    return touchpoint.department, touchpoint.kind, touchpoint.serves


class _OneTouchpoint:
    """A chain as the per-touchpoint rules see it when one touchpoint changed."""

    def __init__(self, chain: Chain, touchpoint: Touchpoint):
        self.touchpoints = [touchpoint]
        self.departments = chain.departments
        self.people = chain.people
        self.handoffs = []
        self.lint = chain.lint


class LiveLint:
    def __init__(self, chain: Chain):
        self.chain = chain
        self.full_runs = 0  # how often every rule ran: tests check edits stay incremental
        self._findings: dict[str, list[Finding]] = {}  # rule id -> its findings, in file order
        self._by_touchpoint: dict[str, dict[str, list[Finding]]] = {}  # per-touchpoint rules
        self._settings = None
        self.relint()

    def relint(self) -> None:
        """Run every rule."""
        self.full_runs += 1
        self._stale = set(RULES)  # rules whose findings must be built again
        self._stale_touchpoints: set[str] | None = None  # None: all of them
        with collector_paused():
            context = LintContext(self.chain)
            self._per_touchpoint: dict[str, dict[str, list[Hit]]] = {}
            self._global: dict[str, list[Hit]] = {}
            for rule in RULES.values():
                hits = list(rule.check(context))
                if rule.per_touchpoint:
                    grouped: dict[str, list[Hit]] = {}
                    for hit in hits:
                        grouped.setdefault(hit.element, []).append(hit)
                    self._per_touchpoint[rule.id] = grouped
                else:
                    self._global[rule.id] = hits
            self._shapes = {t.id: _shape(t) for t in self.chain.touchpoints}
            self._owners = {t.id: t.owner for t in self.chain.touchpoints}

    def touchpoint_changed(self, touchpoint: Touchpoint) -> None:
        """After an edit of one touchpoint's fields."""
        if self._shapes.get(touchpoint.id) != _shape(touchpoint):
            self.relint()
            return
        context = LintContext(_OneTouchpoint(self.chain, touchpoint))
        if self._stale_touchpoints is not None:
            self._stale_touchpoints.add(touchpoint.id)
        for rule in RULES.values():
            if rule.per_touchpoint:
                self._stale.add(rule.id)
                hits = list(rule.check(context))
                grouped = self._per_touchpoint[rule.id]
                if hits:
                    grouped[touchpoint.id] = hits
                else:
                    grouped.pop(touchpoint.id, None)
        if self._owners.get(touchpoint.id) != touchpoint.owner:
            self._owners[touchpoint.id] = touchpoint.owner
            self._rerun(("owner-overloaded",))

    def handoff_changed(self) -> None:
        """After an edit of a handoff's label, passes or expectation."""
        self._rerun(HANDOFF_TEXT_RULES)

    def _rerun(self, rule_ids) -> None:
        context = LintContext(self.chain)
        for rule_id in rule_ids:
            self._global[rule_id] = list(RULES[rule_id].check(context))
            self._stale.add(rule_id)

    def findings(self) -> list[Finding]:
        """The findings now, ignored ones included, with the chain's current settings.

        Only what ran since the last call builds its findings again (for a per-touchpoint
        rule: only the touchpoints that changed), unless the lint settings changed.
        """
        lint = self.chain.lint
        settings = (tuple(lint.rules.items()), tuple((i.rule, i.element, i.reason) for i in lint.ignore))
        if settings != self._settings:
            self._settings = settings
            self._stale, self._stale_touchpoints = set(RULES), None
        ignored = ignored_findings(self.chain)
        order = [t.id for t in self.chain.touchpoints] if self._stale else []
        for rule_id in self._stale:
            if RULES[rule_id].per_touchpoint:
                self._findings[rule_id] = self._touchpoint_findings(rule_id, ignored, order)
            else:
                self._findings[rule_id] = rule_findings(self.chain, rule_id, self._global[rule_id], ignored, True)
        self._stale, self._stale_touchpoints = set(), set()
        return in_order(self.chain, self._findings)

    def _touchpoint_findings(self, rule_id: str, ignored, order: list[str]) -> list[Finding]:
        grouped = self._per_touchpoint[rule_id]
        built = self._by_touchpoint.setdefault(rule_id, {})
        ids = grouped.keys() if self._stale_touchpoints is None else self._stale_touchpoints
        if self._stale_touchpoints is None:
            built.clear()
        for id in list(ids):
            if id in grouped:
                built[id] = rule_findings(self.chain, rule_id, grouped[id], ignored, True)
            else:
                built.pop(id, None)
        return [finding for id in order if id in built for finding in built[id]]
