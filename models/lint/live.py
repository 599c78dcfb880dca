"""Lint that keeps up with editing: after an edit it re-runs only the rules that read
what the edit changed, as each rule declares (models.lint.registry.Reads).

An edit of one touchpoint changes that touchpoint (Reads.TOUCHPOINT), and, when its
lane, kind or serves changed, the chain's places (Reads.PLACES), and when its owner
changed, the chain's owners (Reads.OWNERS); an edit of a handoff's label or passes
changes handoff text (Reads.HANDOFF_TEXT); adding, editing or removing a comment changes
the comments (Reads.COMMENTS). A rule that reads none of what changed keeps
its findings. One that reads only the edited touchpoint's fields runs for that
touchpoint alone (a rule with a tracker updates it and its neighbours); any other runs
again over the whole chain. The chain's lint settings only re-apply severities and
ignores; adding or removing elements, people or lanes runs every rule (`relint`). The
result always equals `lint_chain`.

`changes()` says which findings went away and which are new since it was last asked, so
an editor updates its badges and lists for those alone: after one edit, a handful out of
thousands.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from operator import attrgetter

from models.chain import Chain, Touchpoint
from models.collector import collector_paused
from models.lint.context import LintContext, TouchpointContext
from models.lint.engine import Finding, effective_severity, ignored_findings, in_order, rule_findings, run_rules
from models.lint.registry import PLACE_FIELDS, RULES, Hit, Reads, Rule, Tracker

_place = attrgetter(*PLACE_FIELDS)


class LiveLint:
    def __init__(self, chain: Chain):
        self.chain = chain
        self.full_runs = 0  # how often every rule ran: tests check edits stay incremental
        self.runs: Counter[str] = Counter()  # rule id -> how often it ran over the whole chain
        self._findings: dict[str, list[Finding]] = {}  # global rule id -> its findings
        self._by_touchpoint: dict[str, dict[str, list[Finding]]] = {}  # per-touchpoint rules
        self._settings = None
        self._gone: list[Finding] = []  # since changes() was last asked
        self._new: list[Finding] = []
        #: Rules the chain turns off: not run (their findings are never shown) until the
        #: settings turn them on again. A chain without measures turns a rule off whose
        #: checks would otherwise make thousands of findings nobody sees.
        self._off: set[str] = set()
        self.relint()

    def relint(self) -> None:
        """Run every rule."""
        self.full_runs += 1
        #: rule id -> the touchpoints whose findings must be built again (None: all)
        self._stale: dict[str, set[str] | None] = {}
        self._context = LintContext(self.chain)
        self._per_touchpoint: dict[str, dict[str, list[Hit]]] = {}  # rule id -> by touchpoint
        self._global: dict[str, list[Hit]] = {}
        self._trackers: dict[str, Tracker] = {}
        with collector_paused():
            # The per-touchpoint rules a block of touchpoints at a time, as a full lint runs them.
            blocked = run_rules(self._context, [
                rule for rule in RULES.values()
                if rule.per_touchpoint and rule.tracker is None and effective_severity(self.chain, rule.id) != "off"
            ])
            for rule in RULES.values():
                self._run(rule, blocked.get(rule.id))
            self._places = {t.id: _place(t) for t in self.chain.touchpoints}
            self._owners = {t.id: t.owner for t in self.chain.touchpoints}
            self._owned = self._context.owned  # kept up to date below, so no rule recounts

    def touchpoint_changed(self, touchpoint: Touchpoint) -> None:
        """After an edit of one touchpoint's fields."""
        place = self._places.get(touchpoint.id)
        if place is None:  # new to live lint: added without a relint
            self.relint()
            return
        changed = Reads.TOUCHPOINT
        if place != _place(touchpoint):
            self._places[touchpoint.id] = _place(touchpoint)
            changed |= Reads.PLACES
        old_owner = self._owners[touchpoint.id]
        if old_owner != touchpoint.owner:
            self._owners[touchpoint.id] = touchpoint.owner
            if old_owner is not None:
                self._owned[old_owner] -= 1
            if touchpoint.owner is not None:
                self._owned[touchpoint.owner] += 1
            changed |= Reads.OWNERS
        self._rerun(changed, touchpoint)

    def handoff_changed(self) -> None:
        """After an edit of a handoff's label, passes or expectation."""
        self._rerun(Reads.HANDOFF_TEXT)

    def comments_changed(self) -> None:
        """After a comment was added, edited, resolved, reopened or removed."""
        self._rerun(Reads.COMMENTS)

    def actions_changed(self) -> None:
        """After an improvement action was added, changed or removed."""
        self._rerun(Reads.ACTIONS)

    def ratings_changed(self) -> None:
        """After an internal rating was added, changed or removed."""
        self._rerun(Reads.RATINGS)

    def glossary_changed(self) -> None:
        """After a glossary term was defined, changed or removed."""
        self._rerun(Reads.GLOSSARY)

    def _rerun(self, changed: Reads, touchpoint: Touchpoint | None = None) -> None:
        """Run again the rules that read anything in `changed`."""
        if changed != Reads.TOUCHPOINT:  # beyond one touchpoint's own fields: lookups may be stale
            self._context = LintContext(self.chain, owned=self._owned)
        narrowed = self._context.about(touchpoint) if touchpoint is not None else None
        with collector_paused():
            for rule in RULES.values():
                read = rule.reads & changed
                if rule.id in self._off:
                    continue
                if read == Reads.TOUCHPOINT:
                    self._run_for(rule, touchpoint, narrowed)
                elif read:
                    self._run(rule)

    def _run(self, rule: Rule, hits: Iterable[Hit] | None = None) -> None:
        """Run `rule` over the whole chain (a rule the chain turns off: record nothing);
        `hits`: its hits, when run_rules has found them already."""
        if effective_severity(self.chain, rule.id) == "off":
            self._off.add(rule.id)
            self._stale[rule.id] = None
            if rule.per_touchpoint or rule.tracker is not None:
                self._per_touchpoint[rule.id] = {}
            else:
                self._global[rule.id] = []
            return
        self._off.discard(rule.id)
        self.runs[rule.id] += 1
        self._stale[rule.id] = None
        if rule.tracker is not None:
            tracker = self._trackers[rule.id] = rule.tracker(self.chain)
            self._per_touchpoint[rule.id] = tracker.hits()
        elif rule.per_touchpoint:
            grouped: dict[str, list[Hit]] = {}
            for hit in rule.check(self._context) if hits is None else hits:
                grouped.setdefault(hit.element, []).append(hit)
            self._per_touchpoint[rule.id] = grouped
        else:
            self._global[rule.id] = list(rule.check(self._context))

    def _run_for(self, rule: Rule, touchpoint: Touchpoint, narrowed: TouchpointContext) -> None:
        """Run a per-touchpoint `rule` after an edit of `touchpoint` alone."""
        grouped = self._per_touchpoint[rule.id]
        if rule.tracker is not None:
            changed = self._trackers[rule.id].touchpoint_changed(touchpoint)
        else:
            hits = list(rule.check(narrowed))
            if any(hit.element != touchpoint.id for hit in hits):
                raise ValueError(f"rule {rule.id} reads Reads.TOUCHPOINT, so it reports on touchpoints only")
            changed = {touchpoint.id: hits}
        for id, hits in changed.items():
            if hits:
                grouped[id] = hits
            else:
                grouped.pop(id, None)
        stale = self._stale.setdefault(rule.id, set())
        if stale is not None:
            stale.update(changed)

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
            for rule_id in list(self._off):  # turned on again: run it now
                if effective_severity(self.chain, rule_id) != "off":
                    self._context = LintContext(self.chain, owned=self._owned)
                    with collector_paused():
                        self._run(RULES[rule_id])
            self._stale = dict.fromkeys([*self._global, *self._per_touchpoint])
        ignored = ignored_findings(self.chain)
        with collector_paused():
            for rule_id, ids in self._stale.items():
                if rule_id in self._per_touchpoint:
                    self._refresh_touchpoints(rule_id, ids, ignored)
                else:
                    self._gone += self._findings.get(rule_id, [])
                    self._findings[rule_id] = rule_findings(self.chain, rule_id, self._global[rule_id], ignored, True)
                    self._new += self._findings[rule_id]
        self._stale = {}

    def _refresh_touchpoints(self, rule_id: str, ids: set[str] | None, ignored) -> None:
        grouped = self._per_touchpoint[rule_id]
        built = self._by_touchpoint.setdefault(rule_id, {})
        if ids is None:  # all of them
            for findings in built.values():
                self._gone += findings
            built.clear()
            ids = grouped.keys()
        for id in ids:
            self._gone += built.pop(id, [])
            if id in grouped:
                built[id] = rule_findings(self.chain, rule_id, grouped[id], ignored, True)
                self._new += built[id]
