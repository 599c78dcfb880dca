"""Lint that keeps up with editing: after an edit it re-runs only what the edit touched.

An edit of one touchpoint's own fields (label, owner, procedure, review, position, size,
...) re-runs the per-touchpoint rules for that touchpoint alone and tells the rules with a
tracker (cards-overlap), which update that touchpoint and its neighbours; a handoff's
label or passes re-runs the two handoff-text rules; the chain's lint settings only
re-apply severities and ignores. Anything that changes the shape of the chain (adding or
removing elements, a touchpoint's lane, kind or serves) runs every rule again. The
result always equals `lint_chain`.

`changes()` says which findings went away and which are new since it was last asked, so
an editor updates its badges and lists for those alone: after one edit, a handful out of
thousands.
"""

from __future__ import annotations

from models.chain import Chain, Touchpoint
from models.lint.context import LintContext
from models.collector import collector_paused
from models.lint.engine import Finding, ignored_findings, in_order, rule_findings
from models.lint.registry import RULES, Hit, Tracker

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
        self._findings: dict[str, list[Finding]] = {}  # global rule id -> its findings
        self._by_touchpoint: dict[str, dict[str, list[Finding]]] = {}  # per-touchpoint rules
        self._settings = None
        self._gone: list[Finding] = []  # since changes() was last asked
        self._new: list[Finding] = []
        self.relint()

    def relint(self) -> None:
        """Run every rule."""
        self.full_runs += 1
        self._stale = set(RULES)  # rules whose findings must be built again
        self._stale_touchpoints: set[str] | None = None  # None: all of them
        #: tracked rule id -> the touchpoints (besides the edited ones) whose hits changed
        self._stale_neighbours: dict[str, set[str]] = {}
        with collector_paused():
            context = LintContext(self.chain)
            self._per_touchpoint: dict[str, dict[str, list[Hit]]] = {}
            self._global: dict[str, list[Hit]] = {}
            self._trackers: dict[str, Tracker] = {}
            for rule in RULES.values():
                if rule.tracker is not None:
                    tracker = self._trackers[rule.id] = rule.tracker(self.chain)
                    self._per_touchpoint[rule.id] = tracker.hits()
                    continue
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
            self._owned = context.owned

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
        for rule_id, tracker in self._trackers.items():
            changed = tracker.touchpoint_changed(touchpoint)
            if not changed:
                continue
            self._stale.add(rule_id)
            grouped = self._per_touchpoint[rule_id]
            for id, hits in changed.items():
                if hits:
                    grouped[id] = hits
                else:
                    grouped.pop(id, None)
            if self._stale_touchpoints is not None:
                self._stale_neighbours.setdefault(rule_id, set()).update(changed)
        old_owner = self._owners.get(touchpoint.id)
        if old_owner != touchpoint.owner:
            self._owners[touchpoint.id] = touchpoint.owner
            if old_owner is not None:
                self._owned[old_owner] -= 1
            if touchpoint.owner is not None:
                self._owned[touchpoint.owner] += 1
            self._rerun(("owner-overloaded",))

    def handoff_changed(self) -> None:
        """After an edit of a handoff's label, passes or expectation."""
        self._rerun(HANDOFF_TEXT_RULES)

    def _rerun(self, rule_ids) -> None:
        context = LintContext(self.chain, owned=self._owned)
        for rule_id in rule_ids:
            self._global[rule_id] = list(RULES[rule_id].check(context))
            self._stale.add(rule_id)

    def findings(self) -> list[Finding]:
        """The findings now, ignored ones included, with the chain's current settings."""
        self._refresh()
        order = [t.id for t in self.chain.touchpoints]
        per_rule = dict(self._findings)
        for rule_id, built in self._by_touchpoint.items():
            per_rule[rule_id] = [finding for id in order if id in built for finding in built[id]]
        return in_order(self.chain, per_rule)

    def changes(self) -> tuple[list[Finding], list[Finding]]:
        """(gone, new): the findings that went away and those that came, since the last
        call; at the first call every finding is new."""
        self._refresh()
        gone, new = set(self._gone), set(self._new)
        both = gone & new  # went away and came back unchanged
        self._gone, self._new = [], []
        return [f for f in gone if f not in both], [f for f in new if f not in both]

    def _refresh(self) -> None:
        """Build the findings of what ran since the last refresh (for a per-touchpoint
        rule: only of the touchpoints that changed), or of everything when the lint
        settings changed; note what went and what came."""
        lint = self.chain.lint
        settings = (tuple(lint.rules.items()), tuple((i.rule, i.element, i.reason) for i in lint.ignore))
        if settings != self._settings:
            self._settings = settings
            self._stale, self._stale_touchpoints = set(RULES), None
        ignored = ignored_findings(self.chain)
        with collector_paused():
            for rule_id in self._stale:
                if rule_id in self._per_touchpoint:
                    self._refresh_touchpoints(rule_id, ignored)
                else:
                    self._gone += self._findings.get(rule_id, [])
                    self._findings[rule_id] = rule_findings(self.chain, rule_id, self._global[rule_id], ignored, True)
                    self._new += self._findings[rule_id]
        self._stale, self._stale_touchpoints, self._stale_neighbours = set(), set(), {}

    def _refresh_touchpoints(self, rule_id: str, ignored) -> None:
        grouped = self._per_touchpoint[rule_id]
        built = self._by_touchpoint.setdefault(rule_id, {})
        if self._stale_touchpoints is None:  # all of them
            for findings in built.values():
                self._gone += findings
            built.clear()
            ids = grouped.keys()
        else:
            ids = self._stale_touchpoints | self._stale_neighbours.get(rule_id, set())
        for id in ids:
            self._gone += built.pop(id, [])
            if id in grouped:
                built[id] = rule_findings(self.chain, rule_id, grouped[id], ignored, True)
                self._new += built[id]
