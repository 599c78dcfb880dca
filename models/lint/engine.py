"""Running the rules over a chain, with the chain's own severities and ignores."""

from __future__ import annotations

from dataclasses import dataclass

from models.chain import Chain
from models.lint import rules as _rules  # noqa: F401  (registers every rule)
from models.lint.context import LintContext
from models.lint.registry import RULES, SEVERITIES


@dataclass(frozen=True)
class Finding:
    """One lint result."""

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
    context = LintContext(chain)
    ignored = {(entry.rule, entry.element): entry.reason for entry in chain.lint.ignore}
    findings = []
    for rule in RULES.values():
        severity = effective_severity(chain, rule.id)
        if severity == "off":
            continue
        for hit in rule.check(context):
            reason = ignored.get((rule.id, hit.element)) if hit.element else None
            if reason is not None and not include_ignored:
                continue
            findings.append(Finding(rule.id, severity, hit.element, hit.message, rule.hint, reason))
    order = _file_order(chain)
    findings.sort(
        key=lambda f: (
            SEVERITIES.index(f.severity),
            f.rule,
            order.get(f.element, -1),
            f.message,
        )
    )
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


def _file_order(chain: Chain) -> dict[str, int]:
    order: dict[str, int] = {}
    for group in (chain.departments, chain.people, chain.touchpoints, chain.handoffs):
        for element in group:
            order[element.id] = len(order)
    return order
