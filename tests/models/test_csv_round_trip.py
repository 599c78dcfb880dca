"""A chain exported to CSV and imported again: what a spreadsheet can hold comes back."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.chain import Chain, Department, Handoff, Person, Position, Procedure, Touchpoint
from models.chain_file import load_chain
from models.csv_import import CsvImportError, import_csv
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
                procedure=Procedure(title="-check"), expectation="=fast", objective="+1 day",
                position=Position(x=40 + 200 * index, y=30),
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


SAMPLES = sorted((Path(__file__).resolve().parents[2] / "resources" / "samples").glob("*.chain"))


def held_by_csv(chain: Chain) -> dict:
    """What the CSV carries, by names and labels rather than ids."""
    departments = {d.id: d.name for d in chain.departments}
    people = {p.id: p.name for p in chain.people}
    labels = {t.id: t.label for t in chain.touchpoints}
    lanes = {t.department for t in chain.touchpoints}
    return {
        "departments": [
            (d.name, d.role, d.color, people.get(d.lead)) for d in chain.departments if d.id in lanes
        ],
        "touchpoints": [
            (
                t.label, departments[t.department], t.kind, people.get(t.owner),
                t.procedure.title if t.procedure else None,
                t.channel, t.serves, t.expectation, t.objective,
            )
            for t in sorted(chain.touchpoints, key=lambda t: t.label)
        ],
        "handoffs": sorted(
            (labels[h.source], labels[h.target], h.label or "", h.passes or "", h.expectation or "")
            for h in chain.handoffs
        ),
    }


@pytest.mark.parametrize("path", SAMPLES, ids=[path.stem for path in SAMPLES])
def test_every_sample_comes_back_from_its_csv(path, tmp_path):
    chain = load_chain(path)
    csv_path = tmp_path / f"{path.stem}.csv"
    csv_path.write_text(to_csv(chain), encoding="utf-8", newline="")

    back = import_csv(csv_path)

    assert held_by_csv(back) == held_by_csv(chain)
    assert any(h.label or h.passes for h in chain.handoffs)  # the sample has something to keep


def test_colours_and_handoff_texts_with_formulas_come_back(tmp_path):
    chain = load_chain(SAMPLES[0])
    chain.departments[0].color = "#1f77b4"
    chain.departments[-1].color = "#FFAA00"
    chain.handoffs[0].label = "=Yes"
    chain.handoffs[0].passes = "-form"
    chain.handoffs[1].expectation = "@once"
    text = to_csv(chain)
    assert "'=Yes" in text and "'-form" in text and "'@once" in text

    back = import_csv(text.encode("utf-8"), name="colours.csv")

    assert held_by_csv(back) == held_by_csv(chain)


def test_a_semicolon_in_a_handoff_text_comes_back_as_a_comma():
    chain = load_chain(SAMPLES[0])
    chain.handoffs[0].passes = "form; card"
    back = import_csv(to_csv(chain).encode("utf-8"), name="semicolon.csv")
    assert "form, card" in {h.passes for h in back.handoffs}


@pytest.mark.parametrize("text, column, reason", [
    (
        "department,touchpoint,next,next label\nS,A,B,Yes; No\nS,B,,\n",
        "next label",
        'the cell has 2 values but "next" names 1 touchpoints',
    ),
    (
        "department,touchpoint,department colour\nS,A,blue\n",
        "department colour",
        'expected a colour like #1f77b4, got "blue"',
    ),
    ("department,touchpoint,department role\nS,A,boss\n", "department role", "expected one of"),
])
def test_bad_department_and_handoff_cells_are_refused(text, column, reason):
    with pytest.raises(CsvImportError) as caught:
        import_csv(text.encode("utf-8"), name="bad.csv")
    assert (caught.value.row, caught.value.column) == (2, column)
    assert reason in caught.value.reason


def test_an_inventory_gives_handoff_texts_beside_next_in_order():
    chain = import_csv(
        b"department,touchpoint,next,next label,next passes\n"
        b"Sales,Checks,Ships; Refunds,Yes; No,; the refund form\nSales,Ships,,,\nSales,Refunds,,,\n",
        name="inventory.csv",
    )
    assert [(h.target, h.label, h.passes) for h in chain.handoffs] == [
        ("ships", "Yes", None),
        ("refunds", "No", "the refund form"),
    ]
