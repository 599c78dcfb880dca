"""Running the rules over a chain, with the chain's own severities and ignores."""

from __future__ import annotations

import gc
from typing import NamedTuple

from models.chain import Chain
from models.lint import rules as _rules  # noqa: F401  (registers every rule)
from models.lint.context import LintContext
from models.lint.registry import RULES, SEVERITIES


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
    # Lint makes many small objects and keeps them all; pausing the collector meanwhile
    # spares it full passes over the heap that would find nothing to free.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _lint(chain, include_ignored)
    finally:
        if collecting:
            gc.enable()


def _lint(chain: Chain, include_ignored: bool) -> list[Finding]:
    context = LintContext(chain)
    ignored = {(entry.rule, entry.element): entry.reason for entry in chain.lint.ignore}
    findings = []
    for rule in RULES.values():
        severity = effective_severity(chain, rule.id)
        if severity == "off":
            continue
        for hit in rule.check(context):
            reason = ignored.get((rule.id, hit.element)) if ignored and hit.element else None
            if reason is not None and not include_ignored:
                continue
            findings.append(Finding(rule.id, severity, hit.element, hit.message, rule.hint, reason))
    # Rules run in a fixed order and report in file order, so sorting by severity and
    # rule id (a stable sort) gives the documented order without looking up elements.
    rank = {severity: number for number, severity in enumerate(SEVERITIES)}
    findings.sort(key=lambda f: (rank[f.severity], f.rule))
    return findings


def summarise(findings: list[Finding]) -> str:
    """`2 errors, 5 warnings, 1 info`: the counts of findings that are not ignored."""
    counts = {severity: 0 for severity in SEVERITIES}
    for finding in findings:
        if finding.ignored is None:
            counts[finding.severity] += 1
    names = {"error": "error", "warning": "warning", "info": "info"}
    return ", ".join(
        f"{count} {names[severity]}{'' if count == 1 else 's'}" for severity, count in counts.items()
    )

