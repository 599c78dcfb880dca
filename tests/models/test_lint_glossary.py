"""The glossary rule's quick test (AvoidedWord.ascii_lower) never hides a finding that
the whole-word pattern gives, whatever the case or alphabet of the text."""

from __future__ import annotations

import pytest

from models.chain import Term
from models.lint import lint_chain
from tests.models.test_lint import _set, clean_chain


def _glossary_findings(avoid: str, label: str) -> list[str | None]:
    chain = clean_chain()
    chain.glossary.append(Term(term="the term", definition="What to say", avoid=[avoid]))
    _set(chain, "confirm", label=label)
    return [f.element for f in lint_chain(chain) if f.rule == "glossary-avoided-term"]


@pytest.mark.parametrize(
    ("avoid", "label", "found"),
    [
        ("hand over", "Hands over the order", False),  # not the whole word
        ("hand over", "We HAND   over; done", False),  # two spaces: the pattern wants one
        ("hand over", "We HAND over; done", True),
        ("stop", "ſtop the order", True),  # long s: the same letter to the pattern, not ASCII
        ("kit", "Packs the \u212ait", True),  # Kelvin sign, a K to the pattern
        ("ſtop", "Stop the order", True),  # a word that is not ASCII is always searched for
        ("café", "Café au lait", True),
        ("shipment", "Confirms shipments", False),
    ],
)
def test_the_quick_test_agrees_with_the_pattern(avoid, label, found):
    assert _glossary_findings(avoid, label) == (["confirm"] if found else [])
