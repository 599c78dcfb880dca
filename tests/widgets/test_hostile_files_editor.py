"""Hostile files opened in the editor: the loader's one sentence, nothing else changes."""

from __future__ import annotations

import json

import pytest

from tests.widgets.conftest import chain_bytes


def _written(tmp_path, sample_file, change) -> object:
    data = json.loads(sample_file.read_text(encoding="utf-8"))
    text = change(data)
    path = tmp_path / "hostile.chain"
    path.write_text(text, encoding="utf-8")
    return path


def _far_away(data):
    data["touchpoints"][0]["position"]["x"] = "FAR"
    return json.dumps(data, indent=2).replace('"FAR"', "1e308")


def _no_version(data):
    del data["version"]
    return json.dumps(data, indent=2)


def _title_twice(data):
    # The sample's title is on line 4; the repeated one goes on line 5.
    return json.dumps(data, indent=2).replace('"title":', '"title": "Twice",\n  "title":', 1)


@pytest.mark.parametrize("change, words", [
    (_far_away, ["$.touchpoints[0].position.x", "1,000,000"]),
    (_no_version, ["$.version", "missing"]),
    (_title_twice, ["line 5, column 3", 'the key "title" appears twice']),
])
def test_a_hostile_file_is_refused_in_one_sentence_and_the_open_chain_stays(
        qtbot, window, tmp_path, sample_file, monkeypatch, change, words):
    from app import files

    path = _written(tmp_path, sample_file, change)
    shown = []
    monkeypatch.setattr(files, "show_error",
                        lambda parent, sentence, details=None: shown.append(sentence))
    before = chain_bytes(window)
    assert window.open_path(path) is False
    assert len(shown) == 1 and "\n" not in shown[0], shown
    assert all(word in shown[0] for word in words), shown[0]
    assert "Something went wrong" not in shown[0]
    assert chain_bytes(window) == before
