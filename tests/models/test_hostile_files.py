"""Bad and hostile `.chain` files: each is refused with one clear ChainFileError, quickly.

The format page promises: a bad file is refused as a whole, with one message that names
the file, the JSON path or line and column, and what was expected; nothing escapes as a
traceback, nothing on disk changes. These tests call `load_chain` directly; the CLI and
the GUI only show the message it raises.
"""

import copy
import json
import os
import random
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import chain_file
from models.chain import MAX_COORDINATE, Chain
from models.chain_file import ChainFileError, chain_to_bytes, load_chain
from models.integrity import find_integrity_problem

NAME = "hostile.chain"
LINE_COLUMN = re.compile(r"line \d+, column \d+")

VALID = {
    "format": "service-chain",
    "version": 1,
    "title": "Patient intake",
    "organisation": "Riverside Clinic",
    "departments": [
        {"id": "patient", "name": "Patient", "role": "customer"},
        {"id": "reception", "name": "Reception", "lead": "sam"},
        {"id": "records", "name": "Medical records", "role": "backoffice", "color": "#2ca02c"},
    ],
    "people": [
        {"id": "sam", "name": "Sam O'Neill", "department": "reception", "role": "Head"},
        {"id": "lee", "name": "Lee Chen", "department": "records"},
    ],
    "touchpoints": [
        {"id": "arrive", "label": "Arrives at the desk", "department": "patient",
         "kind": "start", "channel": "in_person", "position": {"x": 40, "y": 20}},
        {"id": "check-in", "label": "Checks the patient in", "department": "reception",
         "owner": "sam", "procedure": {"title": "Check-in script", "link": "sop/check-in.md"},
         "expectation": "Seen within 5 minutes", "objective": "95% within 5 minutes",
         "review": {"status": "critiqued", "signoffs": [
             {"name": "Sam O'Neill", "role": "service_provider", "date": "2026-01-15"}]},
         "position": {"x": 220.5, "y": 20.25}},
        {"id": "fetch-file", "label": "Fetches the \"patient file\"", "department": "records",
         "kind": "decision", "serves": "internal", "owner": "lee",
         "position": {"x": 400, "y": 10}},
        {"id": "seated", "label": "Takes a seat — 🪑", "department": "patient", "kind": "end",
         "position": {"x": 580, "y": 20}},
    ],
    "handoffs": [
        {"id": "h1", "from": "arrive", "to": "check-in"},
        {"id": "h2", "from": "check-in", "to": "fetch-file", "passes": "patient file",
         "expectation": "within 10 minutes"},
        {"id": "h3", "from": "fetch-file", "to": "seated", "label": "file found"},
    ],
    "lint": {"rules": {"touchpoint-owner-missing": "error"},
             "ignore": [{"rule": "touchpoint-procedure-missing", "element": "arrive",
                         "reason": "patients follow no procedure"}]},
}
ALL_IDS = ["patient", "reception", "records", "sam", "lee", "arrive", "check-in",
           "fetch-file", "seated", "h1", "h2", "h3"]


def valid():
    return copy.deepcopy(VALID)


def encode(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


VALID_BYTES = chain_to_bytes(load_chain(encode(VALID)))


def assert_refused(source, *, name=NAME, where=None, words=()):
    """Load `source`, expect a one-line ChainFileError within a second, and return it."""
    started = time.perf_counter()
    with pytest.raises(ChainFileError) as caught:
        if isinstance(source, bytes):
            load_chain(source, name=name)
        else:
            load_chain(source)
    elapsed = time.perf_counter() - started
    error = caught.value
    message = str(error)
    assert elapsed < 1.0, f"took {elapsed:.2f} s: {message}"
    assert len(message.splitlines()) == 1, message  # not even \r, \u2028 or \x85
    assert message.startswith(f"{name} at " if where else f"{name}: "), message
    if isinstance(where, re.Pattern):
        assert where.fullmatch(error.where), message
    elif where is not None:
        assert error.where == where, message
    assert where is None or f" at {error.where}: " in message
    for word in words:
        assert word in message, message
    assert "could not be read (" not in message, f"an unforeseen error was hidden: {message}"
    return error


def test_the_valid_file_loads():
    # Every hostile file below is a small change of this one.
    assert isinstance(load_chain(encode(VALID)), Chain)
    assert load_chain(VALID_BYTES) == load_chain(encode(VALID))


# -- not JSON, or not a chain at all ---------------------------------------------------


def test_truncated_json():
    assert_refused(VALID_BYTES[: len(VALID_BYTES) // 2], where=LINE_COLUMN,
                   words=["not valid JSON"])


def test_trailing_garbage_after_the_object():
    assert_refused(VALID_BYTES + b"}", where=LINE_COLUMN, words=["not valid JSON"])


@pytest.mark.parametrize("opening", [b"[", b'{"a": '])
def test_ten_thousand_levels_of_nesting(opening):
    assert_refused(opening * 10_000, where=LINE_COLUMN, words=["nested too deeply"])


def test_deep_nesting_inside_a_valid_chain():
    data = valid()
    data["description"] = "DEEP"
    text = encode(data).replace(b'"DEEP"', b"[" * 10_000 + b"]" * 10_000)
    assert_refused(text, where=LINE_COLUMN, words=["nested too deeply"])


def test_binary_garbage():
    garbage = random.Random(20260331).randbytes(4096)
    assert b"\x00" in garbage
    assert_refused(garbage, where=LINE_COLUMN, words=["not UTF-8"])


def test_nul_bytes_in_otherwise_valid_utf8():
    assert_refused(b"\x00\x00\x00" + VALID_BYTES, where="line 1, column 1",
                   words=["not valid JSON"])
    assert_refused(VALID_BYTES[:100] + b"\x00" + VALID_BYTES[100:], where=LINE_COLUMN)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_text(encoding):
    data = VALID_BYTES.decode("utf-8").encode(encoding)  # "utf-16" writes a BOM
    assert data.startswith((b"\xff\xfe", b"\xfe\xff")) == (encoding == "utf-16")
    assert_refused(data, words=["UTF-16", "UTF-8"])


@pytest.mark.parametrize("encoding", ["utf-32", "utf-32-le", "utf-32-be"])
def test_utf32_text_is_named_utf32(encoding):
    data = VALID_BYTES.decode("utf-8").encode(encoding)  # "utf-32" writes a BOM
    assert data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")) == (encoding == "utf-32")
    error = assert_refused(data, words=["UTF-32", "UTF-8"])
    assert "UTF-16" not in str(error)


def test_lone_surrogate_escape():
    data = encode(valid()).replace(b'"Patient intake"', b'"Patient \\ud800intake"', 1)
    assert_refused(data, where=place_of(data, b"\\ud800", 1),
                   words=["\\ud800", "surrogate"])


def test_low_surrogate_escape_alone():
    data = encode(valid()).replace(b'"Patient intake"', b'"Patient \\udc00\\udc00"', 1)
    assert_refused(data, where=place_of(data, b"\\udc00", 1), words=["surrogate"])


def test_surrogate_pairs_and_escaped_backslashes_load():
    data = encode(valid()).replace(
        b'"Patient intake"', b'"\\ud83d\\ude00 \\\\ud800 \\\\\\ud83d\\ude00"', 1)
    assert load_chain(data).title == "\U0001F600 \\ud800 \\\U0001F600"


def test_utf8_byte_order_mark_is_accepted():
    assert load_chain(b"\xef\xbb\xbf" + VALID_BYTES) == load_chain(VALID_BYTES)


@pytest.mark.parametrize("data", [b"", b"  \n\t\n"])
def test_empty_file(data):
    assert_refused(data, words=["empty"])


@pytest.mark.parametrize("data", [b"[]", b"[1, 2]", b'"a chain"', b"42", b"null", b"true"])
def test_json_that_is_not_an_object(data):
    assert_refused(data, where="$", words=["expected a chain", "JSON object"])


# -- numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["NaN", "1e400", "-Infinity", "Infinity", "-1e999"])
def test_non_finite_coordinate(number):
    data = encode(valid()).replace(b'"x": 40', f'"x": {number}'.encode(), 1)
    assert_refused(data, where="$.touchpoints[0].position.x", words=["finite number"])


@pytest.mark.parametrize("number", ["1e308", "-1e308", "1000000.01", "-2000000", "1e7"])
def test_coordinate_beyond_the_bounds(number):
    data = encode(valid()).replace(b'"x": 40', f'"x": {number}'.encode(), 1)
    assert_refused(data, where="$.touchpoints[0].position.x",
                   words=["expected a number of", "1,000,000, got"])


def test_coordinates_at_the_bounds_load():
    data = valid()
    data["touchpoints"][0]["position"] = {"x": MAX_COORDINATE, "y": -MAX_COORDINATE}
    chain = load_chain(encode(data))
    assert (chain.touchpoints[0].position.x, chain.touchpoints[0].position.y) == (
        MAX_COORDINATE, -MAX_COORDINATE)


@pytest.mark.parametrize("size, where, words", [
    ({"w": 1e308, "h": 80}, "w", ["at most 100,000", "1e+308"]),
    ({"w": 200, "h": 100_000.5}, "h", ["at most 100,000"]),
    ({"w": -5, "h": 80}, "w", ["above 0"]),
])
def test_card_size_beyond_the_bounds(size, where, words):
    data = valid()
    data["version"] = 2
    data["touchpoints"][1]["size"] = size
    assert_refused(encode(data), where=f"$.touchpoints[1].size.{where}", words=words)


def test_label_position_beyond_the_route():
    data = valid()
    data["version"] = 2
    data["handoffs"][2]["label_at"] = 1e308
    assert_refused(encode(data), where="$.handoffs[2].label_at", words=["at most 1, got 1e+308"])


def test_a_number_of_thousands_of_digits():
    data = encode(valid()).replace(b'"y": 10', b'"y": ' + b"9" * 5000, 1)
    error = assert_refused(data, where=LINE_COLUMN, words=["digits"])
    line, column = map(int, re.findall(r"\d+", error.where))
    assert data.splitlines()[line - 1][column - 1:].startswith(b"9999")


def test_string_where_a_number_is_expected():
    data = valid()
    data["touchpoints"][2]["position"]["y"] = "10"
    assert_refused(encode(data), where="$.touchpoints[2].position.y",
                   words=["expected a number", '"10"'])


def test_number_where_a_string_is_expected():
    data = valid()
    data["handoffs"][1]["passes"] = 3
    assert_refused(encode(data), where="$.handoffs[1].passes", words=["expected a string"])


# -- ids and references ----------------------------------------------------------------


def test_duplicate_id_in_the_same_group():
    data = valid()
    data["departments"][2]["id"] = "reception"
    data["touchpoints"][2]["department"] = "reception"
    assert_refused(encode(data), where="$.departments[2].id",
                   words=['"reception"', "$.departments[1]", "unique"])


def test_duplicate_id_across_groups():
    data = valid()
    data["handoffs"][0]["id"] = "check-in"  # also a touchpoint's id
    assert_refused(encode(data), where="$.handoffs[0].id",
                   words=['"check-in"', "$.touchpoints[1]", "unique"])


def test_handoff_to_a_missing_touchpoint():
    data = valid()
    data["handoffs"][0]["to"] = "check-out"
    assert_refused(encode(data), where="$.handoffs[0].to", words=['"check-out"', "touchpoint"])


def test_handoff_from_a_missing_touchpoint():
    data = valid()
    data["handoffs"][2]["from"] = "reception"  # an id, but a department's
    assert_refused(encode(data), where="$.handoffs[2].from", words=['"reception"'])


def test_touchpoint_in_a_missing_department():
    data = valid()
    data["touchpoints"][3]["department"] = "pharmacy"
    assert_refused(encode(data), where="$.touchpoints[3].department",
                   words=['"pharmacy"', "department"])


def test_owner_not_in_people():
    data = valid()
    data["touchpoints"][1]["owner"] = "alex"
    assert_refused(encode(data), where="$.touchpoints[1].owner", words=['"alex"', "person"])


def test_department_lead_not_in_people():
    data = valid()
    data["departments"][1]["lead"] = "alex"
    assert_refused(encode(data), where="$.departments[1].lead", words=['"alex"'])


def test_lint_ignore_for_a_missing_element():
    data = valid()
    data["lint"]["ignore"][0]["element"] = "gone"
    assert_refused(encode(data), where="$.lint.ignore[0].element", words=['"gone"'])


@pytest.mark.parametrize("bad_id", ["", "has space", "-starts-with-dash", "x" * 65, "ünï", "a/b"])
def test_invalid_id(bad_id):
    data = valid()
    data["people"][1]["id"] = bad_id
    assert_refused(encode(data), where="$.people[1].id", words=["not a valid id"])


# -- keys and versions -----------------------------------------------------------------


def test_unknown_key_at_the_top_level():
    data = valid()
    data["colour"] = "blue"
    assert_refused(encode(data), where="$.colour", words=['unknown key "colour"'])


def test_unknown_key_nested():
    data = valid()
    data["touchpoints"][2]["position"]["z"] = 3
    assert_refused(encode(data), where="$.touchpoints[2].position.z", words=['unknown key "z"'])


@pytest.mark.parametrize("key", ["colour\n", "a\u2028b", 'say "hi"', "a.b[0]"])
def test_unknown_key_with_line_breaks_or_quotes(key):
    data = valid()
    data["departments"][0][key] = 1
    assert_refused(encode(data), where=re.compile(r'\$\.departments\[0\]\[".+"\]'),
                   words=["unknown key"])


def test_line_break_in_a_reference_stays_on_one_line():
    data = valid()
    data["lint"]["ignore"][0]["element"] = "arrive\nseated\u2028"
    assert_refused(encode(data), where="$.lint.ignore[0].element",
                   words=['"arrive\\nseated\\u2028"'])


def test_missing_required_key():
    data = valid()
    del data["touchpoints"][0]["position"]
    assert_refused(encode(data), where="$.touchpoints[0].position", words=["missing"])


def test_newer_version_is_named():
    data = valid()
    data["version"] = 3
    assert_refused(encode(data), where="$.version", words=["version 3", "newer"])


def test_newer_version_is_named_before_its_unknown_keys():
    # A file from a newer program has keys this one does not know; the version explains it.
    data = valid()
    data["version"] = 3
    data["swimlanes"] = []
    data["touchpoints"][0]["sla"] = "1h"
    assert_refused(encode(data), where="$.version", words=["version 3"])


def test_version_zero():
    data = valid()
    data["version"] = 0
    assert_refused(encode(data), where="$.version", words=["version 0"])


@pytest.mark.parametrize("key", ["format", "version"])
def test_format_and_version_are_required(key):
    data = valid()
    del data[key]
    assert_refused(encode(data), where=f"$.{key}", words=["required key is missing"])


def place_of(data: bytes, needle: bytes, occurrence: int) -> str:
    """`line L, column C` of the `occurrence`-th (from 1) appearance of `needle`."""
    offset = -1
    for _ in range(occurrence):
        offset = data.index(needle, offset + 1)
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


def test_a_key_twice_at_the_top_level():
    data = VALID_BYTES.replace(b'"organisation": "Riverside Clinic",',
                               b'"organisation": "Riverside Clinic",\n  "title": "Other",', 1)
    assert_refused(data, where=place_of(data, b'"title"', 2),
                   words=['the key "title" appears twice in one object'])


def test_a_key_twice_in_a_touchpoint():
    data = VALID_BYTES.replace(b'"label": "Checks the patient in",',
                               b'"label": "Checks the patient in", "label": "",', 1)
    where = place_of(data, b'"label": ""', 1)
    assert_refused(data, where=where, words=['the key "label" appears twice'])


def test_a_key_twice_spelled_with_an_escape():
    # "\u0078" is "x": the same key, however it is written.
    data = VALID_BYTES.replace(b'"x": 40.0,', b'"x": 40.0, "\\u0078": 41,', 1)
    assert_refused(data, where=place_of(data, b'"\\u0078"', 1),
                   words=['the key "x" appears twice'])


def test_of_two_repeated_keys_the_first_in_the_file_is_named():
    # json finishes the inner object first, but the outer repeat comes first in the file.
    data = VALID_BYTES.replace(
        b'"lint": {', b'"lint": {"rules": {}, "rules": {"a": "off", "a": "info"}, ', 1)
    assert_refused(data, where=place_of(data, b'"rules"', 2),
                   words=['the key "rules" appears twice'])


def test_a_key_twice_in_text_is_not_a_key():
    data = valid()
    data["description"] = '{"a": 1, "a": 2} and "b": "b":'
    assert load_chain(encode(data)).description == data["description"]


def test_wrong_format_name():
    data = valid()
    data["format"] = "bpmn"
    assert_refused(encode(data), where="$.format", words=['"service-chain"', '"bpmn"'])


# -- size ------------------------------------------------------------------------------


def test_more_than_100_000_elements():
    handoffs = ",".join(f'{{"id":"h{i}","from":"arrive","to":"seated"}}' for i in range(100_001))
    text = encode(valid()).replace(b'"handoffs": [', b'"handoffs": [' + handoffs.encode() + b",")
    assert_refused(text, words=["more than 100,000 elements"])


# The peak is VmHWM where Linux has it: ru_maxrss of a child also counts the pages it
# shared with the test process between fork and exec.
REFUSE_AND_REPORT_MEMORY = """
import re, resource, sys
from models.chain_file import ChainFileError, load_chain
try:
    load_chain(sys.argv[1])
except ChainFileError as error:
    print(error)
try:
    with open("/proc/self/status") as status:
        print(re.search(r"VmHWM:\\s*(\\d+) kB", status.read())[1])
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(peak // 1024 if sys.platform == "darwin" else peak)  # kB
"""


def test_700_000_touchpoints_are_refused_in_little_memory(tmp_path):
    # Under the 50 MB limit, so the file is parsed; the element limit must stop the
    # parser early, not after all 700,000 touchpoints have become objects.
    touchpoints = ",".join(
        f'{{"id":"t{i}","label":"","department":"d","position":{{"x":0,"y":0}}}}'
        for i in range(700_000))
    path = tmp_path / "huge.chain"
    path.write_text(
        '{"format":"service-chain","version":1,"title":"Huge",'
        '"departments":[{"id":"d","name":"D"}],"touchpoints":[' + touchpoints + "]}")
    del touchpoints  # not part of what the child measures, but no need to keep it
    assert path.stat().st_size <= chain_file.MAX_FILE_BYTES
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-c", REFUSE_AND_REPORT_MEMORY, str(path)],
                            capture_output=True, text=True, timeout=120, cwd=root,
                            env={**os.environ, "PYTHONPATH": str(root)})
    assert result.returncode == 0, result.stderr
    message, peak_kb = result.stdout.splitlines()
    assert message.startswith(f"{path}: ") and "more than 100,000 elements" in message
    assert int(peak_kb) < 300 * 1024, f"peak memory {int(peak_kb) // 1024} MB"


def test_60_megabyte_file_is_refused_by_size_before_parsing(tmp_path, monkeypatch):
    data = valid()
    data["description"] = "x" * (60 * 1024 * 1024)
    path = tmp_path / "huge.chain"
    path.write_bytes(encode(data))

    monkeypatch.setattr(chain_file, "_parse", lambda *args: pytest.fail("parsed"))
    assert_refused(path, name=str(path), words=["60 MB", "50 MB"])


def test_60_megabytes_of_data_is_refused_before_parsing(monkeypatch):
    monkeypatch.setattr(chain_file, "_decode", lambda *args: pytest.fail("decoded"))
    assert_refused(b" " * (60 * 1024 * 1024), words=["60 MB", "50 MB"])


# -- paths -----------------------------------------------------------------------------


def test_folder_path(tmp_path):
    assert_refused(tmp_path, name=str(tmp_path), words=["folder"])


def test_missing_file(tmp_path):
    path = tmp_path / "nowhere.chain"
    assert_refused(path, name=str(path), words=["does not exist"])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_named_pipe_is_refused_without_waiting(tmp_path):
    path = tmp_path / "pipe.chain"
    os.mkfifo(path)

    def unblock():  # if loading waits for a writer, give it one so the test fails, not hangs
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            pass

    timer = threading.Timer(2.0, unblock)
    timer.start()
    try:
        assert_refused(path, name=str(path), words=["not a regular file"])
    finally:
        timer.cancel()


def test_loading_a_path_names_it_like_loading_its_bytes(tmp_path):
    data = valid()
    data["handoffs"][0]["to"] = "check-out"
    path = tmp_path / "intake.chain"
    path.write_bytes(encode(data))
    from_path = assert_refused(path, name=str(path), where="$.handoffs[0].to")
    from_bytes = assert_refused(encode(data), name=str(path), where="$.handoffs[0].to")
    assert str(from_path) == str(from_bytes)


def test_refusing_a_file_leaves_it_untouched(tmp_path):
    path = tmp_path / "intake.chain"
    bad = VALID_BYTES.replace(b'"to": "check-in"', b'"to": "check-out"')
    path.write_bytes(bad)
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    assert_refused(path, name=str(path), where="$.handoffs[0].to")
    assert path.read_bytes() == bad
    assert path.stat().st_mtime_ns == 1_000_000_000
    assert [p.name for p in tmp_path.iterdir()] == ["intake.chain"]


# -- fuzzing: mutated files never escape as anything but ChainFileError ----------------

TOKENS = [b"{", b"}", b"[", b"]", b'"', b",", b":", b"\\", b"null", b"true", b"NaN",
          b"1e400", b"-", b"\\ud800", b"\\u0000", b"\x00", b"\xff", b"\xc3", b"\n", b"\xef\xbb\xbf"]
NUMBER_REPLACEMENTS = [b"NaN", b"Infinity", b"-Infinity", b"1e400", b"-1e400", b"1e-400",
                       b"-0", b"0", b"2", b"99999999999999999999999999", b"1.", b".5", b"01",
                       b'"1"', b"null", b"true", b"[]", b"{}"]
NUMBER = re.compile(rb"-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")
ID_STRINGS = [f'"{id_}"'.encode() for id_ in ALL_IDS]


@st.composite
def mutated_files(draw):
    data = bytearray(VALID_BYTES)
    for _ in range(draw(st.integers(1, 4))):
        operation = draw(st.sampled_from(
            ["flip", "insert", "delete", "truncate", "duplicate", "number", "swap_ids",
             "reuse_id"]))
        position = draw(st.integers(0, len(data)))
        if operation == "flip" and position < len(data):
            data[position] ^= 1 << draw(st.integers(0, 7))
        elif operation == "insert":
            data[position:position] = draw(st.sampled_from(TOKENS) | st.binary(max_size=8))
        elif operation == "delete":
            del data[position: position + draw(st.integers(1, 16))]
        elif operation == "truncate":
            del data[position:]
        elif operation == "duplicate":
            piece = bytes(data[position: position + draw(st.integers(1, 400))])
            at = draw(st.integers(0, len(data)))
            data[at:at] = piece * draw(st.integers(1, 3))
        elif operation == "number":
            numbers = list(NUMBER.finditer(data))
            if numbers:
                match = draw(st.sampled_from(numbers))
                data[match.start(): match.end()] = draw(st.sampled_from(NUMBER_REPLACEMENTS))
        elif operation == "swap_ids":
            first, second = draw(st.lists(st.sampled_from(ID_STRINGS), min_size=2,
                                          max_size=2, unique=True))
            data = bytearray(bytes(data).replace(first, b"\x01").replace(second, first)
                             .replace(b"\x01", second))
        elif operation == "reuse_id":  # one occurrence of an id becomes another id
            old, new = draw(st.lists(st.sampled_from(ID_STRINGS), min_size=2, max_size=2,
                                     unique=True))
            places = [m.start() for m in re.finditer(re.escape(old), data)]
            if places:
                at = draw(st.sampled_from(places))
                data[at: at + len(old)] = new
    return bytes(data)


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_files())
def test_mutated_files_load_or_raise_chain_file_error(data):
    try:
        chain = load_chain(data, name=NAME)
    except ChainFileError as error:
        message = str(error)
        assert len(message.splitlines()) == 1, message
        assert message.startswith(NAME)
        assert "could not be read (" not in message, f"an unforeseen error was hidden: {message}"
        return
    # A mutation that still gives a valid chain: it must be whole, sound and savable.
    assert isinstance(chain, Chain)
    assert find_integrity_problem(chain) is None
    assert load_chain(chain_to_bytes(chain)) == chain
