"""Where the service blueprint's lines run between lanes, from the lanes' roles."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from models.blueprint_lines import blueprint_lines, line_kinds


def lanes(*roles):
    return [SimpleNamespace(id=f"{role}-{number}", role=role) for number, role in enumerate(roles)]


@pytest.mark.parametrize(("roles", "expected"), [
    (("customer", "frontline", "backoffice", "support"),
     [("interaction", "frontline-1"), ("visibility", "backoffice-2"), ("internal", "support-3")]),
    # a customer lane right above the back office: interaction and visibility run together
    (("customer", "backoffice"), [("interaction", "backoffice-1"), ("visibility", "backoffice-1")]),
    (("frontline", "frontline"), []),
    (("customer", "customer", "frontline", "support", "support"),
     [("interaction", "frontline-2"), ("visibility", "support-3"), ("internal", "support-3")]),
])
def test_each_line_runs_along_the_top_of_the_first_lane_below_it(roles, expected):
    assert blueprint_lines(lanes(*roles)) == expected
    assert line_kinds(lanes(*roles)) == {kind for kind, _lane in expected}

