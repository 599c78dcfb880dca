"""The benchmark command end to end on a tiny chain: every row is measured and shown."""

import json

from tests.benchmarks.__main__ import main
from tests.benchmarks.report import ROWS


def test_prints_every_row_and_writes_json(capsys, tmp_path):
    output = tmp_path / "bench.json"
    arguments = ["--sizes", "60", "--repeat", "1", "--sessions", "1", "--long-text", "20000", "--json", str(output)]
    assert main(arguments) == 0
    out = capsys.readouterr().out
    assert "Error" not in out, out
    lines = out.splitlines()
    header = next(line for line in lines if line.startswith("measure"))
    assert header.split()[1:] == ["60", "60", "v2", "growth", "5k→20k", "target", "result"]
    for row in ROWS:
        line = next((line for line in lines if line.startswith(row.label + "  ")), None)
        assert line is not None, f"no row {row.label!r} in\n{out}"
        plain, second_wave = line[len(row.label) :].split()[:2]
        assert plain[0].isdigit() and second_wave[0].isdigit(), line  # measured, not "-" or "error"
        assert line.split()[-1] in (("-",) if row.reference else ("PASS", "FAIL", "SKIP")), line
    assert next(line for line in lines if line.startswith("Long text (a 20,000-character description")).endswith(" s.")
    document = json.loads(output.read_text(encoding="utf-8"))
    assert set(document["long_text"]) == {"characters", "open", "select", "svg", "pdf", "handout"}
    rows = document["rows"]
    assert set(rows) == {row.key for row in ROWS}
    assert all(isinstance(row["values"][column], float) for row in rows.values() for column in ("60", "60 v2"))
    assert document["columns"] == ["60", "60 v2"]


def test_a_ratio_of_two_times_divides_them_in_the_same_unit():
    from tests.benchmarks.report import Column, with_ratios

    column = Column(20_000)
    ratios = with_ratios({"open": {column: 3.0}, "open json": {column: 100.0}})
    assert ratios["open/json"][column] == 30.0  # 3 s over 100 ms


def test_a_count_is_shown_whole_and_any_route_through_a_card_fails():
    from tests.benchmarks.report import Column, cell, verdict

    row = next(row for row in ROWS if row.key == "through cards")
    column = Column(20_000)
    assert cell(row, column, 0.0) == "0"
    assert cell(row, column, 1234.0) == "1,234*"
    assert row.targets[0].text(row.unit) == "≤ 0 everywhere"
    assert verdict(row, {Column(5_000): 0.0, column: 0.0}) == "PASS"
    assert verdict(row, {Column(5_000): 0.0, column: 3.0}) == "FAIL"
