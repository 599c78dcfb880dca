"""Running the rules over a chain, with the chain's own severities and ignores."""

from __future__ import annotations

import gc
from collections.abc import Iterable
from typing import NamedTuple

from models.chain import Chain
from models.lint import rules as _rules  # noqa: F401  (registers every rule)
from models.lint.context import LintContext
from models.lint.registry import RULES, SEVERITIES, Hit


class Finding(NamedTuple):
    """One lint result (a named tuple: lint makes thousands of them on a large chain)."""

    rule: str
    severity: str
    element: str | None  # the id of the element, None for the chain as a whole
    message: str
    hint: str
    ignored: str | None = None  # the reason, when the chain ignores this finding


def effective_severity(chain: Chain, rule_id: str) -> str:
    """The rule's severity for this chain: its own setting or the rule's default."""
    return chain.lint.rules.get(rule_id, RULES[rule_id].severity)


def lint_chain(chain: Chain, *, include_ignored: bool = False) -> list[Finding]:
    """Every finding for `chain`, most severe first, then by rule and file order."""
    with collector_paused():
        context = LintContext(chain)
        hits = {rule.id: rule.check(context) for rule in RULES.values()}
        return apply_settings(chain, hits, include_ignored)


def apply_settings(
    chain: Chain, hits: dict[str, Iterable[Hit]], include_ignored: bool = False
) -> list[Finding]:
    """Findings from each rule's hits with the chain's severities and ignores, sorted.

    Rules report in file order and run in registry order, so a stable sort by severity
    and rule id gives the documented order.
    """
    ignored = {(entry.rule, entry.element): entry.reason for entry in chain.lint.ignore}
    findings = []
    for rule_id, rule_hits in hits.items():
        rule = RULES[rule_id]
        severity = effective_severity(chain, rule_id)
        if severity == "off":
            continue
        for hit in rule_hits:
            reason = ignored.get((rule_id, hit.element)) if ignored and hit.element else None
            if reason is not None and not include_ignored:
                continue
            findings.append(Finding(rule_id, severity, hit.element, hit.message, rule.hint, reason))
    rank = {severity: number for number, severity in enumerate(SEVERITIES)}
    findings.sort(key=lambda f: (rank[f.severity], f.rule))
    return findings


class collector_paused:
    """Pause the garbage collector: lint makes many small objects and keeps them all,
    and full passes over the heap meanwhile would find nothing to free."""

    def __enter__(self):
        self.collecting = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc):
        if self.collecting:
            gc.enable()


def summarise(findings: list[Finding]) -> str:
    """`2 errors, 5 warnings, 1 info`: the counts of findings that are not ignored."""
    counts = {severity: 0 for severity in SEVERITIES}
    for finding in findings:
        if finding.ignored is None:
            counts[finding.severity] += 1
    return ", ".join(
        f"{count} {severity}{'' if count == 1 else 's'}" for severity, count in counts.items()
    )
