"""Running the rules over a chain, with the chain's own severities and ignores."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from models.chain import Chain
from models.collector import collector_paused
from models.lint import rules as _rules  # noqa: F401  (registers every rule)
from models.lint.context import LintContext
from models.lint.registry import RULES, SEVERITIES, Hit, Rule


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
        # A rule the chain turns off is not run: it could only give findings to drop.
        rules = [rule for rule in RULES.values() if effective_severity(chain, rule.id) != "off"]
        return apply_settings(chain, run_rules(context, rules), include_ignored)


#: Touchpoints per block in run_rules: what the per-touchpoint rules read of this many
#: (rows, reviews, procedures, texts: about a kilobyte each) stays in the processor's cache.
BLOCK = 512


def run_rules(context: LintContext, rules: list[Rule]) -> dict[str, Iterable[Hit]]:
    """Rule id -> the hits of each of `rules` over the whole chain of `context`.

    The rules that report per touchpoint run a block of touchpoints at a time, each rule
    in turn over one block before the next block: run one after another over a large
    chain, each would fetch every touchpoint's scattered fields from memory again, and
    that wait grew faster than the chain. Their hits come out in file order all the
    same, as each one's hits depend on its own touchpoint (Reads.TOUCHPOINT)."""
    blocked = [rule for rule in rules if rule.per_touchpoint and rule.tracker is None]
    hits: dict[str, Iterable[Hit]] = {rule.id: [] for rule in blocked}
    rows = context.touchpoint_rows
    for start in range(0, len(rows), BLOCK):
        block = context.about_rows(rows[start : start + BLOCK])
        for rule in blocked:
            hits[rule.id].extend(rule.check(block))
    for rule in rules:
        if rule.id not in hits:
            hits[rule.id] = rule.check(context)
    return hits


def apply_settings(
    chain: Chain, hits: dict[str, Iterable[Hit]], include_ignored: bool = False
) -> list[Finding]:
    """Findings from each rule's hits with the chain's severities and ignores, sorted."""
    ignored = ignored_findings(chain)
    per_rule = {
        rule_id: rule_findings(chain, rule_id, rule_hits, ignored, include_ignored)
        for rule_id, rule_hits in hits.items()
    }
    return in_order(chain, per_rule)


def ignored_findings(chain: Chain) -> dict[str, dict[str, str]]:
    """Rule id -> element id -> the reason the chain gives for ignoring that finding."""
    ignored: dict[str, dict[str, str]] = {}
    for entry in chain.lint.ignore:
        ignored.setdefault(entry.rule, {})[entry.element] = entry.reason
    return ignored


def rule_findings(
    chain: Chain,
    rule_id: str,
    hits: Iterable[Hit],
    ignored: dict[str, dict[str, str]],
    include_ignored: bool,
) -> list[Finding]:
    """One rule's findings at the chain's severity; [] when the chain turned it off."""
    severity = effective_severity(chain, rule_id)
    if severity == "off":
        return []
    hint = RULES[rule_id].hint
    reasons = ignored.get(rule_id)
    if not reasons:  # as for most rules: nothing to look up per finding
        return [Finding(rule_id, severity, element, message, hint) for element, message in hits]
    findings = []
    for element, message in hits:
        reason = reasons.get(element) if element else None
        if reason is None or include_ignored:
            findings.append(Finding(rule_id, severity, element, message, hint, reason))
    return findings


def in_order(chain: Chain, per_rule: dict[str, list[Finding]]) -> list[Finding]:
    """Most severe first, then by rule id; each rule's findings stay in file order."""
    rank = {severity: number for number, severity in enumerate(SEVERITIES)}
    ordered = sorted(
        (rule_id for rule_id in per_rule if effective_severity(chain, rule_id) != "off"),
        key=lambda rule_id: (rank[effective_severity(chain, rule_id)], rule_id),
    )
    return [finding for rule_id in ordered for finding in per_rule[rule_id]]


def summarise(findings: list[Finding]) -> str:
    """`2 errors, 5 warnings, 1 info`: the counts of findings that are not ignored."""
    counts = {severity: 0 for severity in SEVERITIES}
    for finding in findings:
        if finding.ignored is None:
            counts[finding.severity] += 1
    return ", ".join(
        f"{count} {severity}{'' if count == 1 else 's'}" for severity, count in counts.items()
    )
