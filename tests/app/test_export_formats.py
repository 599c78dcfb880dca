"""The registry of export formats (app/export/formats.py) is what the command line, the
export dialog and write_export offer: every format writes, from every suffix it declares."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys

import pytest

from app import cli
from app.export import ExportError, ExportOptions, write_export
from app.export.formats import EXPORT_FORMATS, format_for_path
from app.export.options import PAGES
from models.chain_file import load_chain
from tests.app.test_cli import ROOT, SAMPLES

IDS = [fmt.id for fmt in EXPORT_FORMATS]
#: What the start of each format's file holds (in lower case): a new format adds its line here.
BEGINS = {
    "svg": b"<svg",
    "png": b"\x89png",
    "pdf": b"%pdf",
    "handout": b"%pdf",
    "dot": b"digraph",
    "graphml": b"<graphml",
    "mermaid": b"flowchart lr",
    "csv": b"department,touchpoint",
    "drawio": b"<mxfile",
    "bpmn": b"<bpmn:definitions",
}
def looks_like(format_id: str, data: bytes) -> bool:
    return BEGINS[format_id] in data[:400].lower()


SUFFIXES = [(fmt, suffix) for fmt in EXPORT_FORMATS for suffix in fmt.suffixes]


def export_parser():
    parser = cli.build_parser()
    commands = next(action for action in parser._actions if action.dest == "command")
    return commands.choices["export"]


def test_every_format_has_a_unique_id_and_a_check_here():
    assert len(set(IDS)) == len(IDS)
    assert set(BEGINS) == set(IDS)


@pytest.mark.parametrize("fmt", EXPORT_FORMATS, ids=IDS)
def test_a_format_declares_suffixes_and_options_that_exist(fmt):
    assert fmt.suffixes and all(s.startswith(".") and s == s.lower() for s in fmt.suffixes)
    assert fmt.name and fmt.files and fmt.help_name
    fields = {field.name for field in dataclasses.fields(ExportOptions)}
    assert fmt.options <= fields - {"scope", "touchpoint_ids", "department_id"}


def test_each_suffix_names_one_format_and_a_switch_picks_among_formats_sharing_it():
    for fmt, suffix in SUFFIXES:
        if fmt.switch is None:
            assert format_for_path(f"out{suffix.upper()}") is fmt
        else:
            assert format_for_path(f"out{suffix}", {fmt.switch}) is fmt
            assert format_for_path(f"out{suffix}").switch is None  # without it, the plain format
    assert format_for_path("out.txt") is None
    assert format_for_path("out") is None


@pytest.mark.parametrize("fmt, suffix", SUFFIXES, ids=[f"{f.id}{s}" for f, s in SUFFIXES])
def test_write_export_writes_every_format_to_every_suffix(qapp, tmp_path, fmt, suffix):
    path = tmp_path / f"retail{suffix}"
    write_export(load_chain(SAMPLES[0]), fmt.id, path, ExportOptions())
    assert looks_like(fmt.id, path.read_bytes())
    assert list(tmp_path.iterdir()) == [path]  # nothing else left behind


def test_an_unknown_format_is_refused_in_one_sentence_naming_the_formats(tmp_path):
    with pytest.raises(ExportError) as refused:
        write_export(load_chain(SAMPLES[0]), "bmp", tmp_path / "x.bmp")
    assert str(refused.value) == f"Unknown export format 'bmp'; use one of {', '.join(IDS)}."
    assert not (tmp_path / "x.bmp").exists()


# -- the command line -------------------------------------------------------------------


def test_the_command_line_offers_exactly_the_registrys_formats():
    choices = next(action.choices for action in export_parser()._actions if action.dest == "format")
    assert sorted(choices) == sorted(IDS)


def test_every_option_and_switch_of_a_format_is_a_command_line_flag():
    parser = export_parser()
    destinations = {action.dest for action in parser._actions}
    flags = {flag for action in parser._actions for flag in action.option_strings}
    for fmt in EXPORT_FORMATS:
        assert fmt.options <= destinations, fmt.id
        assert fmt.switch is None or fmt.switch in flags
    page = next(action for action in parser._actions if action.dest == "page")
    assert tuple(page.choices) == PAGES


@pytest.mark.parametrize("fmt, suffix", [(f, s) for f, s in SUFFIXES if f.switch is None],
                         ids=[f"{f.id}{s}" for f, s in SUFFIXES if f.switch is None])
def test_the_command_line_takes_every_format_from_its_suffix(qapp, tmp_path, capsys, fmt, suffix):
    out = tmp_path / f"retail{suffix}"
    assert cli.main(["export", str(SAMPLES[0]), "-o", str(out)]) == cli.EXIT_OK
    assert f"as {fmt.id} to {out}" in capsys.readouterr().out
    assert looks_like(fmt.id, out.read_bytes())


@pytest.mark.parametrize("fmt", [fmt for fmt in EXPORT_FORMATS if fmt.text], ids=lambda fmt: fmt.id)
def test_text_formats_and_only_they_go_to_standard_output(tmp_path, fmt):
    # Standard output is the process's own, so the command runs in a process of its own.
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "export", str(SAMPLES[0]), "-o", "-", "--format", fmt.id],
        cwd=ROOT, capture_output=True, timeout=60,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    assert looks_like(fmt.id, result.stdout)


def test_a_format_that_is_not_text_is_refused_on_standard_output(capsys):
    for fmt in (fmt for fmt in EXPORT_FORMATS if not fmt.text):
        assert cli.main(["export", str(SAMPLES[0]), "-o", "-", "--format", fmt.id]) == cli.EXIT_UNREADABLE
        assert f"{fmt.id} is not text" in capsys.readouterr().err


def test_the_command_line_builds_its_parser_without_loading_qt():
    script = (
        "import json, sys\n"
        "from app.cli import build_parser\n"
        "build_parser()\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


# -- the PDF pages ------------------------------------------------------------------------


def test_every_page_size_has_a_qt_page_and_a_name_in_sentences():
    from app.export.pdf import ONE_PAGE, PAGE_SIZES

    assert tuple(PAGE_SIZES) == PAGES
    assert tuple(ONE_PAGE) == PAGES
