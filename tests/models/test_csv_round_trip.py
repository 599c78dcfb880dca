"""A chain exported to CSV and imported again: what a spreadsheet can hold comes back."""

from __future__ import annotations

from models.chain import Chain, Department, Handoff, Person, Position, Procedure, Touchpoint
from models.csv_import import import_csv
from models.formula_guard import formula_guarded, formula_unguarded
from models.interchange import to_csv


def round_trip(chain: Chain) -> Chain:
    return import_csv(to_csv(chain).encode("utf-8"), name="round-trip.csv")


def test_the_formula_guard_is_taken_away_on_import():
    texts = ["=SUM(A1)", "-5 % off", "+49 30 1234", "@home", "  =indented", "'=quoted", "''@x"]
    chain = Chain(
        title="Guarded",
        departments=[Department(id="d", name="=Sales")],
        people=[Person(id="p", name="@Ana", department="d")],
        touchpoints=[
            Touchpoint(
                id=f"t{index}", label=text, department="d", owner="p",
                procedure=Procedure(title="-check"), expectation="=fast", objective="+1 day", position=Position(x=40 + 200 * index, y=30),
            )
            for index, text in enumerate(texts)
        ],
        handoffs=[Handoff(id="h", source="t0", target="t1")],
    )
    text = to_csv(chain)
    assert "'=SUM(A1)" in text and "'-5 % off" in text  # the file is still guarded

    back = round_trip(chain)

    assert [t.label for t in back.touchpoints] == texts  # the guard keeps leading spaces too
    assert [d.name for d in back.departments] == ["=Sales"]
    assert [p.name for p in back.people] == ["@Ana"]
    assert {(t.procedure.title, t.expectation, t.objective) for t in back.touchpoints} == {
        ("-check", "=fast", "+1 day")
    }
    labels = {t.id: t.label for t in back.touchpoints}
    assert [(labels[h.source], labels[h.target]) for h in back.handoffs] == [("=SUM(A1)", "-5 % off")]


def test_unguarding_undoes_exactly_the_guard():
    for text in ["=x", "'=x", "''=x", "'", "'plain", "plain", "-5", "-5 % off", "\tx", "'\tx"]:
        assert formula_unguarded(formula_guarded(text)) == text
    assert formula_unguarded("'plain") == "'plain"  # a text's own quote is kept
