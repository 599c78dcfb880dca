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
from models.lint.engine import Finding, apply_settings, collector_paused
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
        self.relint()

    def relint(self) -> None:
        """Run every rule."""
        self.full_runs += 1
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
        for rule in RULES.values():
            if rule.per_touchpoint:
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

    def findings(self, include_ignored: bool = True) -> list[Finding]:
        """The findings now, with the chain's current severities and ignores."""
        hits = {}
        order = [t.id for t in self.chain.touchpoints]
        for rule in RULES.values():
            if rule.per_touchpoint:
                grouped = self._per_touchpoint[rule.id]
                hits[rule.id] = [hit for id in order if id in grouped for hit in grouped[id]]
            else:
                hits[rule.id] = self._global[rule.id]
        return apply_settings(self.chain, hits, include_ignored)
