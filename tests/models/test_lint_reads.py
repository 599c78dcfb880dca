"""A full lint reads each touchpoint once for all rules, not once per rule.

On a large chain the touchpoints' fields lie scattered in memory, and every pass over
them waits on it: with a pass per rule, lint grew 7x from 5,000 to 20,000 touchpoints.
The rules read models.lint.rows' compact rows instead (see LintContext.touchpoint_rows).
"""

from __future__ import annotations

from collections import Counter

from models.lint import lint_chain
from models.lint.rows import TouchpointRow
from tests.benchmarks.generate import synthetic_chain


class _CountingTouchpoint:
    """A touchpoint that counts how often lint reads its fields."""

    def __init__(self, touchpoint, reads: Counter):
        self.__dict__.update(_touchpoint=touchpoint, _reads=reads)

    def __getattr__(self, name: str):
        self._reads[self._touchpoint.id] += 1
        return getattr(self._touchpoint, name)


def test_a_full_lint_reads_each_touchpoint_in_one_pass_for_every_rule():
    chain = synthetic_chain(300, second_wave=True)  # measures, marks and a glossary too
    expected = lint_chain(chain, include_ignored=True)
    reads: Counter[str] = Counter()
    chain.touchpoints[:] = [_CountingTouchpoint(touchpoint, reads) for touchpoint in chain.touchpoints]

    assert lint_chain(chain, include_ignored=True) == expected
    assert len(reads) == len(chain.touchpoints)
    # One read per field of its row (the row's review is read with its status), and its
    # results when it is measured: far fewer than one read per rule that looks at it.
    assert max(reads.values()) <= len(TouchpointRow._fields), reads.most_common(3)
