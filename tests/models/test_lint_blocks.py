"""A full lint runs the per-touchpoint rules a block of touchpoints at a time (so what
they read stays in the processor's cache), with the same findings, in the same order,
as each rule run over the whole chain."""

from __future__ import annotations

from dataclasses import replace

import pytest

from models.lint import RULES, engine
from models.lint.context import LintContext
from models.lint.live import LiveLint
from tests.benchmarks.generate import synthetic_chain


def _count_blocks(monkeypatch) -> list[int]:
    """The number of touchpoints review-not-approved sees at each run, from now on."""
    seen: list[int] = []
    check = RULES["review-not-approved"].check

    def counting(context):
        seen.append(len(context.touchpoint_rows))
        return check(context)

    monkeypatch.setitem(RULES, "review-not-approved", replace(RULES["review-not-approved"], check=counting))
    return seen


@pytest.mark.parametrize("lint", [engine.lint_chain, LiveLint], ids=["full lint", "live lint"])
def test_per_touchpoint_rules_see_one_block_of_touchpoints_at_a_time(monkeypatch, lint):
    chain = synthetic_chain(3 * engine.BLOCK + 7, second_wave=True)
    expected = engine.lint_chain(chain, include_ignored=True)
    seen = _count_blocks(monkeypatch)

    found = lint(chain)

    assert seen == [engine.BLOCK, engine.BLOCK, engine.BLOCK, 7]
    if isinstance(found, LiveLint):
        assert found.findings() == expected


def test_blocks_give_each_rule_its_findings_over_the_whole_chain_in_file_order():
    # Measures, marks, comments, a glossary: every per-touchpoint rule has findings.
    chain = synthetic_chain(2 * engine.BLOCK + 100, second_wave=True)
    rules = list(RULES.values())

    blocked = engine.run_rules(LintContext(chain), rules)

    whole = LintContext(chain)
    for rule in rules:
        assert list(blocked[rule.id]) == list(rule.check(whole)), rule.id
    per_touchpoint = [rule.id for rule in rules if rule.per_touchpoint and rule.tracker is None]
    assert sum(len(list(blocked[id])) > 0 for id in per_touchpoint) >= 8
