"""Results and ratings from spreadsheets into a chain: by id or name, replacing a value
of the same period, and refusing the whole file over one bad row."""

from __future__ import annotations

import subprocess
import sys

import pytest

from models.chain_file import chain_to_bytes, load_chain
from models.csv_import import CsvImportError
from models.results_import import import_ratings, import_results
from tests.models.test_measures import retail_with_measures


def test_results_by_id_or_label_are_added_and_replace_their_period():
    chain, confirm, pack, third, _rated = retail_with_measures()
    text = (
        "Touchpoint;Period;Value;Note\n"
        f"{confirm.id};2026-11;96,5;new rota\n"
        f"  {confirm.label.upper()} ;2026-10;93;corrected\n"
        f"{third.id};2026-11;88\n"
    )
    updated, imported = import_results(chain, text.encode(), "results.csv")
    assert (imported.added, imported.replaced) == (2, 1)
    results = {t.id: [(r.period, r.value, r.note) for r in t.results] for t in updated.touchpoints}
    assert results[confirm.id] == [("2026-09", 97.0, None), ("2026-10", 93.0, "corrected"), ("2026-11", 96.5, "new rota")]
    assert results[third.id] == [("2026-11", 88.0, None)]
    assert chain.touchpoints != updated.touchpoints  # the chain given is left as it was
    assert [r.period for r in confirm.results] == ["2026-09", "2026-10"]


@pytest.mark.parametrize(("row", "column", "reason"), [
    ("nowhere,2026-11,1", "touchpoint", "there is no touchpoint 'nowhere'"),
    ("{first},2026-11,1", "touchpoint", "has no measure yet"),
    ("{confirm},2026-W45,1", "period", "is a week, but"),
    ("{confirm},2026-13,1", "period", "is not a period"),
    ("{confirm},2026-11,lots", "value", "is not a number"),
    ("{confirm},2026-11,1\n{confirm},2026-11,2", "period", "an earlier row"),
    ("{confirm},2026-11,1,a,b", None, "a value holding ',' must be in quotes"),
])
def test_one_bad_row_refuses_the_file_naming_row_and_column(row, column, reason):
    chain, confirm, *_rest = retail_with_measures()
    first = next(t for t in chain.touchpoints if t.measure is None)
    text = "touchpoint,period,value\n" + row.format(confirm=confirm.id, first=first.id) + "\n"
    with pytest.raises(CsvImportError) as refused:
        import_results(chain, text.encode(), "results.csv")
    error = refused.value
    assert error.column == column and reason in str(error) and error.row is not None


def test_ratings_by_name_replace_the_same_period_and_refuse_bad_rows():
    chain, *_rest, rated = retail_with_measures()
    names = {d.id: d.name for d in chain.departments}
    customer = chain.ratings[0].customer
    text = (
        "customer,provider,period,score,rehire,responses,comment\n"
        f"{names[customer]},{names[rated]},2026-Q3,3.5,80%,7,Better\n"
        f"{customer},{rated},2026-Q4,4,0.9,,\n"
    )
    updated, imported = import_ratings(chain, text.encode(), "ratings.csv")
    assert (imported.added, imported.replaced) == (1, 1)
    keyed = {r.key: r for r in updated.ratings}
    replaced = keyed[f"{customer}/{rated}/2026-Q3"]
    assert (replaced.score, replaced.rehire, replaced.responses, replaced.comment) == (3.5, 0.8, 7, "Better")
    for bad, column in [(f"{customer},{customer},2026-Q3,3", "provider"), (f"{customer},{rated},2026-Q3,6", "score"),
                        (f"{customer},{rated},2026-Q3,3,1.5", "rehire"), (f"{customer},nobody,2026-Q3,3", "provider")]:
        with pytest.raises(CsvImportError) as refused:
            import_ratings(chain, f"customer,provider,period,score,rehire\n{bad}\n".encode(), "ratings.csv")
        assert refused.value.column == column and refused.value.row == 2


def test_the_commands_write_the_chain_or_nothing(tmp_path):
    chain, confirm, *_rest = retail_with_measures()
    source = tmp_path / "retail.chain"
    source.write_bytes(chain_to_bytes(chain))
    results = tmp_path / "results.csv"
    results.write_text(f"touchpoint,period,value\n{confirm.id},2026-11,99\n", encoding="utf-8")

    def run(*args):
        return subprocess.run([sys.executable, "-m", "app", *map(str, args)], capture_output=True, text=True, timeout=120)

    done = run("import-results", source, results, "-o", source)
    assert done.returncode == 0 and "Added 1 and replaced 0 results" in done.stdout
    assert load_chain(source).touchpoints[[t.id for t in chain.touchpoints].index(confirm.id)].results[-1].value == 99
    before = source.read_bytes()
    results.write_text(f"touchpoint,period,value\n{confirm.id},2026-12,soon\n", encoding="utf-8")
    done = run("import-results", source, results, "-o", source)
    assert done.returncode == 2 and 'row 2, column "value"' in done.stderr and len(done.stderr.splitlines()) == 1
    assert source.read_bytes() == before
