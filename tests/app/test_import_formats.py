"""The registry of import formats (app/import_formats.py): what `chain-designer import-csv`
reads through, how a file's format is told, and that a new format is one declaration."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from app import cli, import_formats
from app.import_formats import (
    IMPORT_FORMATS,
    ChainImportError,
    ImportFormat,
    ImportReport,
    format_of_file,
    import_format,
)
from models.chain import Chain, Department, Position, Touchpoint
from models.chain_file import load_chain
from models.csv_import import export_csv, looks_like_inventory
from tests.app.test_cli import SAMPLES

INVENTORY = (
    "Department;Touchpoint;Kind;Next\n"
    "Customer;Places order;start;Confirms order\n"
    "Sales;Confirms order;end;\n"
)


def test_every_format_has_a_unique_id_and_suffixes():
    ids = [fmt.id for fmt in IMPORT_FORMATS]
    assert len(set(ids)) == len(ids) and "csv" in ids
    for fmt in IMPORT_FORMATS:
        assert fmt.name and fmt.files
        assert fmt.suffixes and all(s.startswith(".") and s == s.lower() for s in fmt.suffixes)


def test_csv_reads_an_inventory_into_a_chain_and_an_empty_report(tmp_path):
    path = tmp_path / "order-inventory.csv"
    path.write_text(INVENTORY, encoding="utf-8")
    chain, report = import_format("csv").read(path, None)
    assert chain.title == "Order inventory"
    assert [t.label for t in chain.touchpoints] == ["Places order", "Confirms order"]
    assert report == ImportReport()
    chain, _report = import_format("csv").read(path, "Orders, spring")
    assert chain.title == "Orders, spring"


def test_a_bad_file_is_one_sentence_that_names_it(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("department,touchpoint,kind\nSales,Confirms order,stepp\n", encoding="utf-8")
    with pytest.raises(ChainImportError) as refused:
        import_format("csv").read(path, None)
    message = str(refused.value)
    assert message.startswith(f"{path}, row 2") and "\n" not in message
    with pytest.raises(ChainImportError, match="Unknown import format 'visio'; use one of csv, drawio, bpmn"):
        import_format("visio")


def test_the_format_is_told_by_the_suffix_then_by_the_content(tmp_path):
    by_suffix = tmp_path / "INVENTORY.CSV"
    by_suffix.write_text("anything", encoding="utf-8")
    assert format_of_file(by_suffix) is import_format("csv")
    by_content = tmp_path / "inventory.txt"
    by_content.write_bytes(b"\xef\xbb\xbf" + INVENTORY.encode("utf-8"))
    assert format_of_file(by_content) is import_format("csv")
    chain_file = tmp_path / "retail.txt"
    chain_file.write_bytes(SAMPLES[0].read_bytes())
    assert format_of_file(chain_file) is None
    assert format_of_file(tmp_path / "missing.txt") is None
    assert format_of_file(tmp_path) is None


def test_a_pipe_is_not_read_to_tell_its_format(tmp_path):
    pipe = tmp_path / "inventory"
    os.mkfifo(pipe)
    assert format_of_file(pipe) is None  # opening it would wait for a writer


# -- telling a CSV inventory by its content ---------------------------------------------------


@pytest.mark.parametrize("head", [
    b"department,touchpoint\nSales,Confirms order\n",
    b"\xef\xbb\xbfDepartment;Touchpoint;Kind\r\nSales;Confirms order;\r\n",  # Excel's CSV UTF-8
    b'\n"Touchpoint","Department","Next"\n',
    b" Touchpoint , DEPARTMENT \n",
    b"Department,Touchpoint,Next\nSales,Confirms order,\"A;B\"\n"[:30],  # cut off mid-row
])
def test_an_inventory_is_told_by_its_header_row(head):
    assert looks_like_inventory(head)


@pytest.mark.parametrize("head", [
    b"",
    b"department,owner\nSales,Ana\n",  # no touchpoint column
    b'{"format": "chain-designer", "version": 2}',
    b"<?xml version='1.0'?><graphml/>",
    b"\xff\xfed\x00e\x00p\x00",  # UTF-16
])
def test_other_content_is_not_an_inventory(head):
    assert not looks_like_inventory(head)


def test_every_exported_inventory_is_told_as_one():
    for path in SAMPLES:
        assert looks_like_inventory(export_csv(load_chain(path)).encode("utf-8")[:4096])


# -- a new format is one declaration ---------------------------------------------------------


def read_label_list(path, title):
    """A format of its own for the test: a JSON list of touchpoint labels, one lane."""
    try:
        labels = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ChainImportError(f"{path}: not a list of labels ({type(error).__name__})") from None
    chain = Chain(
        title=title or "Labels",
        departments=[Department(id="lane", name="Lane")],
        touchpoints=[
            Touchpoint(id=f"t{n}", label=label, department="lane", position=Position(x=40 + 200 * n, y=30))
            for n, label in enumerate(labels)
        ],
    )
    return chain, ImportReport(left_out=("The labels' order was not kept as handoffs.",))


LABEL_LIST = ImportFormat(
    id="labels", name="Label list", files="Label lists", suffixes=(".labels",),
    read=read_label_list, recognises=lambda head: head.lstrip().startswith(b'["'),
)


def test_a_declared_format_is_recognised_read_and_reported_by_the_command_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(import_formats, "IMPORT_FORMATS", (*IMPORT_FORMATS, LABEL_LIST))
    source = tmp_path / "steps.json"
    source.write_text('["Asks", "Answers"]', encoding="utf-8")
    assert format_of_file(source) is LABEL_LIST  # by content
    assert format_of_file(tmp_path / "more.labels") is LABEL_LIST  # by suffix

    out = tmp_path / "steps.chain"
    assert cli.run_import(format_of_file(source), str(source), str(out), None, force=False) == cli.EXIT_OK
    printed = capsys.readouterr()
    assert "Imported 2 touchpoints in 1 department with 0 handoffs" in printed.out
    assert printed.err == "chain-designer: The labels' order was not kept as handoffs.\n"
    assert [t.label for t in load_chain(out).touchpoints] == ["Asks", "Answers"]

    source.write_text("not json", encoding="utf-8")
    assert cli.run_import(LABEL_LIST, str(source), str(out), None, force=True) == cli.EXIT_UNREADABLE
    assert capsys.readouterr().err.startswith(f"chain-designer: {source}: not a list of labels")
