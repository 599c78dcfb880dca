"""The quick reader (models.quick_read) vouches for a file only when the strict reader
would read the same chain from it: a repeated key anywhere, more elements than allowed,
or JSON that Python's json refuses send the file to the strict reader, and text that
merely looks like keys does not."""

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from models import chain_file
from models.chain import Chain
from models.chain_file import HEADER_KEYS, MAX_ELEMENTS, ChainFileError, chain_to_bytes, load_chain
from models.model_tally import _plan, tally_and_share
from models.quick_read import keys_written, read_sound_chain
from tests.benchmarks.generate import synthetic_chain
from tests.models.test_chain_file import chains
from tests.models.test_hostile_files import VALID, mutated_files


def quick(data: bytes, max_elements: int = MAX_ELEMENTS) -> Chain | None:
    return read_sound_chain(data, max_elements, HEADER_KEYS)


def strict(data: bytes) -> Chain:
    return chain_file._read_strictly(data, "strict.chain")


def rich_document() -> dict:
    """A chain that uses every kind of object of the format, with colons in its text."""
    document = json.loads(chain_to_bytes(synthetic_chain(60, second_wave=True)))
    touchpoint = document["touchpoints"][3]
    touchpoint["size"] = {"w": 250.5, "h": 90}
    touchpoint["label"] = 'Note: "a": 1, "a": 2 — key-like text {"b": [":"]} \\": \u2028'
    document["handoffs"][0].update(label_at=0.25, wait_minutes=15, passes="form: signed")
    departments = [department["id"] for department in document["departments"]]
    document["ratings"] = [{"customer": departments[0], "provider": departments[1], "period": "2026-Q1",
                            "score": 4.5, "rehire": 0.8, "responses": 12, "comment": "Fast: yes"}]
    document["glossary"] = [{"term": "Order", "definition": "What a customer asks for: goods.",
                             "avoid": ["request: sale", "deal"]}]
    document["lint"]["rules"]["rule:with:colons"] = "off"
    return document


def encode(document: dict) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def test_the_rich_chain_uses_every_kind_of_object():
    chain = Chain.model_validate(rich_document())
    kinds = set(tally_and_share(chain).objects)
    every = set()
    waiting = [Chain]
    while waiting:
        kind = waiting.pop()
        every.add(kind)
        plan = _plan(kind)
        waiting += [part for _name, part in plan.objects + plan.object_lists if part not in every]
    assert kinds == every


def test_a_sound_file_is_vouched_for_and_read_as_the_strict_reader_reads_it():
    data = encode(rich_document())
    found = quick(data)
    assert found is not None
    assert found == strict(data)
    assert chain_to_bytes(found) == chain_to_bytes(strict(data))


# A key given twice in each kind of object, both values valid: pydantic keeps the last
# silently, so only the count of keys and colons can tell. (the object, its key, the
# first value)
REPEATS = {
    "top level": (lambda d: d, "title", "Other: title"),
    "department": (lambda d: d["departments"][1], "name", "Other"),
    "stage": (lambda d: d["stages"][0], "name", "Other"),
    "person": (lambda d: d["people"][0], "name", "Other"),
    "touchpoint": (lambda d: d["touchpoints"][2], "label", "Other"),
    "touchpoint object": (lambda d: d["touchpoints"][2], "position", {"x": 1, "y": 2}),
    "position": (lambda d: d["touchpoints"][2]["position"], "x", 10),
    "procedure": (lambda d: next(t for t in d["touchpoints"] if "procedure" in t)["procedure"], "title", "Q"),
    "review": (lambda d: next(t for t in d["touchpoints"] if "review" in t)["review"], "status", "examined"),
    "signoff": (lambda d: next(t["review"]["signoffs"][0] for t in d["touchpoints"]
                               if t.get("review", {}).get("signoffs")), "name", "Other"),
    "measure": (lambda d: next(t for t in d["touchpoints"] if "measure" in t)["measure"], "unit", "%"),
    "result": (lambda d: next(t for t in d["touchpoints"] if "results" in t)["results"][0], "value", 1),
    "size": (lambda d: d["touchpoints"][3]["size"], "w", 100),
    "handoff": (lambda d: d["handoffs"][0], "passes", "Other: form"),
    "comment": (lambda d: d["comments"][0], "text", "Other"),
    "action": (lambda d: d["actions"][0], "title", "Other"),
    "rating": (lambda d: d["ratings"][0], "score", 3),
    "session": (lambda d: d["sessions"][0], "title", "Other"),
    "term": (lambda d: d["glossary"][0], "definition", "Other"),
    "lint": (lambda d: d["lint"], "rules", {}),
    "lint rules": (lambda d: d["lint"]["rules"], "rule:with:colons", "info"),
    "lint ignore": (lambda d: d["lint"]["ignore"][0], "reason", "Other"),
}
_MARK = "\ue000"


def _with_a_key_twice(document: dict, where: str) -> bytes:
    """The file of `document` in which one object gives a key twice: first another
    value, then its own."""
    find, key, first = REPEATS[where]
    found = find(document)
    assert key in found
    items = list(found.items())
    found.clear()
    found.update({_MARK + key: first, **dict(items)})
    return encode(document).replace(_MARK.encode("utf-8"), b"")


@pytest.mark.parametrize("where", REPEATS)
def test_a_key_given_twice_in_any_object_is_left_to_the_strict_reader(where):
    document = rich_document()
    assert quick(encode(document)) is not None  # the same file without the repeat is vouched for
    data = _with_a_key_twice(document, where)
    assert quick(data) is None
    with pytest.raises(ChainFileError, match="appears twice in one object"):
        load_chain(data)


@pytest.mark.parametrize("text", [
    '{"a": 1, "a": 2}', '"title": "x", "title": "y"', 'time: 16:00, url: https://x.example/a:b',
    '\\": ', '": "', ':::', ' : ', '\\\\": "',
])
def test_text_that_looks_like_keys_is_not_taken_for_a_repeated_key(text):
    document = rich_document()
    document["description"] = text
    document["touchpoints"][0]["notes"] = text
    document["lint"]["rules"][text] = "off"
    data = encode(document)
    assert quick(data) is not None
    assert load_chain(data).description == text


@pytest.mark.parametrize("escaped", [b"16\\u003a00", b"16\\u0022: 00", b'16\\": 00', b"16\\\\", b"16\\\\\\\\\\u003a"])
def test_escapes_that_hide_or_show_a_colon_or_quote_are_read_as_the_strict_reader_reads_them(escaped):
    # The keys are counted in the bytes: an escaped colon or quote is a character of a
    # string, an escaped backslash leaves the quote after it a string's end.
    document = rich_document()
    document["description"] = "time 16:00"
    data = encode(document).replace(b"16:00", escaped)
    found = quick(data)
    assert found is not None
    assert found == strict(data)
    assert found.description == json.loads(b'"time ' + escaped + b'"')


@pytest.mark.parametrize("first", [b"a\\\\", b'a\\"', b"\\u0022", b'\\\\\\": ', b"\\\\\\\\"])
def test_a_key_given_twice_after_escapes_is_left_to_the_strict_reader(first):
    data = encode(rich_document()).replace(b'"title": ', b'"title": "' + first + b'", "title": ', 1)
    assert quick(data) is None
    with pytest.raises(ChainFileError, match="appears twice in one object"):
        load_chain(data)


# Texts made mostly of what could confuse a count of keys in the bytes.
_tricky_texts = st.text(st.sampled_from(['"', ":", "\\", "a", " ", "\n", "\u00e9", "\u2028", "{", "]"]), max_size=8)
_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | _tricky_texts,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_tricky_texts, inner, max_size=4),
    max_leaves=20,
)


def _keys_json_reads(data: bytes) -> int:
    count = 0

    def hook(pairs: list) -> dict:
        nonlocal count
        count += len(pairs)
        return {}

    json.loads(data, object_pairs_hook=hook)
    return count


@settings(max_examples=500, deadline=None)
@given(_json_values, st.sampled_from([{}, {"ensure_ascii": False}, {"indent": 1}, {"separators": (",", ":")}]))
def test_the_keys_counted_in_the_bytes_are_the_keys_json_reads(value, options):
    data = json.dumps(value, **options).encode("utf-8")
    assert keys_written(data) == _keys_json_reads(data)


def test_the_keys_counted_in_the_bytes_include_repeated_ones():
    data = b'{"a": {"b:": "\\\\", "b:": ":\\""}, "a": [":", {"c": 1}]}'
    assert keys_written(data) == _keys_json_reads(data) == 5


def test_a_file_that_may_hold_too_many_elements_is_left_to_the_strict_reader():
    data = encode(rich_document())
    count = data.count(b'"id"')
    assert quick(data, max_elements=count) is not None
    assert quick(data, max_elements=count - 1) is None
    # An "id" written with an escape is still counted: the file holds count elements.
    escaped = data.replace(b'"id"', b'"\\u0069d"', 1)
    assert escaped.count(b'"id"') == count - 1
    assert quick(escaped, max_elements=count - 1) is None
    assert quick(escaped, max_elements=count + escaped.count(b"\\u")) is not None


@pytest.mark.parametrize("change", [
    lambda d: d.replace(b'"Patient intake"', b'"Patient\tintake"'),  # a control character
    lambda d: d.replace(b'"Patient intake"', b'"\\ud800 intake"'),  # a lone surrogate
    lambda d: d.replace(b'"Patient intake"', b'"\\udc00 intake"'),
    lambda d: d.replace(b'"Patient intake"', b'"\\ud800\\u0041 intake"'),
    lambda d: d.replace(b'"Patient intake"', b'"Patient \xff intake"'),  # not UTF-8
    lambda d: d + b"}",  # trailing text
    lambda d: d.replace(b'"x": 40', b'"x": ' + b"4" * 4301),  # more digits than int() takes
    lambda d: d.replace(b'"x": 40', b'"x": NaN'),
    lambda d: d.replace(b'"version": 1', b'"version": 1.0'),
    lambda d: d.replace(b'"version": 1', b'"version": true'),
    lambda d: d.replace(b'"format": "service-chain",', b""),  # no header key
    lambda d: d.replace(b'"to": "check-in"', b'"to": "nowhere"'),  # a dangling reference
], ids=["control", "high surrogate", "low surrogate", "surrogate and letter", "not utf-8", "trailing",
        "digits", "nan", "float version", "bool version", "no format", "dangling"])
def test_json_or_chains_that_the_strict_reader_refuses_are_not_vouched_for(change):
    data = change(json.dumps(VALID, ensure_ascii=False, indent=2).encode("utf-8"))
    with pytest.raises(ChainFileError):
        strict(data)
    assert quick(data) is None


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_files())
def test_a_mutated_file_is_vouched_for_only_when_the_strict_reader_reads_the_same(data):
    found = quick(data[3:] if data.startswith(b"\xef\xbb\xbf") else data)
    if found is None:
        return
    read = strict(data)
    assert found == read
    assert chain_to_bytes(found) == chain_to_bytes(read)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chains())
def test_a_random_valid_chain_is_vouched_for(chain):
    data = chain_to_bytes(chain)
    found = quick(data)
    assert found is not None
    assert found == chain == strict(data)


def test_the_field_name_sets_are_shared_after_a_quick_read():
    found = quick(encode(rich_document()))
    first, second = found.touchpoints[:2]
    assert first.model_fields_set is second.model_fields_set
    assert first.review.model_fields_set is second.review.model_fields_set
    assert found.handoffs[0].model_fields_set is found.handoffs[1].model_fields_set


def test_a_quick_read_works_out_the_version_without_walking_every_touchpoint_again(monkeypatch):
    # The validator that works it out walks every touchpoint, all over memory; the
    # quick reader tells it from the fields it reads in its one pass (models.column_validation).
    data = encode(rich_document())
    asked = []
    written_version = Chain.written_version
    monkeypatch.setattr(Chain, "written_version", lambda self: asked.append(1) or written_version(self))
    found = quick(data)
    assert found is not None and found.version == 2
    assert asked == []


def version_2_uses() -> dict:
    """Each field of an element that only version 2 has, set alone on the valid chain:
    a change to the document (ids it refers to are added to the roster), by name."""
    def set_touchpoint(**fields):
        return lambda d: d["touchpoints"][1].update(fields)
    return {
        "stage": lambda d: (d.update(stages=[{"id": "s1", "name": "Arrival"}]), set_touchpoint(stage="s1")(d)),
        "measure": set_touchpoint(measure={"metric": "seen", "unit": "%", "target": 95, "direction": "at_least",
                                           "period": "month"}),
        "zero duration": set_touchpoint(duration_minutes=0),
        "size": set_touchpoint(size={"w": 250, "h": 90}),
        "results": set_touchpoint(measure={"metric": "seen", "unit": "%", "target": 95, "direction": "at_least",
                                           "period": "month"}, results=[{"period": "2026-01", "value": 90}]),
        "consulted": set_touchpoint(consulted=["lee"]),
        "informed": set_touchpoint(informed=["lee"]),
        "marks": set_touchpoint(marks=["pain_point"]),
        "zero wait": lambda d: d["handoffs"][0].update(wait_minutes=0),
        "label place at 0": lambda d: d["handoffs"][0].update(label_at=0),
    }


@pytest.mark.parametrize("use", [*version_2_uses(), None])
def test_the_version_read_quickly_is_the_one_the_validator_works_out(use):
    document = copy.deepcopy(VALID)
    document["version"] = 2  # a file may say 2 and use nothing of it: it is read as 1
    if use is not None:
        version_2_uses()[use](document)
    data = encode(document)
    found = quick(data)
    assert found is not None
    assert found.version == strict(data).version == found.written_version() == (1 if use is None else 2)


@pytest.mark.parametrize("touchpoint, reason", [
    ({"marks": ["pain_point", "fail_point", "pain_point"]}, "a mark is given twice"),
    ({"results": [{"period": "2026-01", "value": 90}]}, "results need a measure"),
    ({"measure": {"metric": "seen", "unit": "%", "target": 95, "direction": "at_least", "period": "month"},
      "results": [{"period": "2026-Q1", "value": 90}]}, "the measure is taken every month"),
    ({"measure": {"metric": "seen", "unit": "%", "target": 95, "direction": "at_least", "period": "month"},
      "results": [{"period": "2026-01", "value": 90}, {"period": "2026-01", "value": 91}]}, "two results for 2026-01"),
], ids=["mark twice", "no measure", "other period", "period twice"])
def test_a_touchpoint_the_validator_refuses_is_left_to_the_strict_reader(touchpoint, reason):
    document = copy.deepcopy(VALID)
    document["touchpoints"][2].update(touchpoint)
    data = encode(document)
    assert quick(data) is None
    with pytest.raises(ChainFileError, match=reason) as error:
        load_chain(data)
    assert "$.touchpoints[2]" in str(error.value)


@pytest.mark.parametrize("change", [
    lambda d: d["touchpoints"][1].update(department="nowhere"),
    lambda d: d["touchpoints"][1].update(owner="nobody"),
    lambda d: d["touchpoints"][1].update(stage="no-stage"),
    lambda d: d["touchpoints"][1].update(consulted=["lee", "nobody"]),
    lambda d: d["touchpoints"][1].update(informed=["nobody"]),
    lambda d: d["touchpoints"][1]["review"]["signoffs"][0].update(session="no-session"),
    lambda d: d["handoffs"][1].update({"from": "nowhere"}),
    lambda d: d["handoffs"][2].update(to="nowhere"),
    lambda d: d["touchpoints"][3].update(id="arrive"),
    lambda d: d["handoffs"][2].update(id="h1"),
    lambda d: d["handoffs"][2].update(id="arrive"),
], ids=["department", "owner", "stage", "consulted", "informed", "sign-off session", "from", "to",
        "touchpoint id twice", "handoff id twice", "handoff with a touchpoint's id"])
def test_the_references_read_in_the_tally_pass_are_checked(change):
    # The integrity check takes these fields from the tally's columns (models.quick_read).
    document = copy.deepcopy(VALID)
    change(document)
    data = encode(document)
    with pytest.raises(ChainFileError):
        strict(data)
    assert quick(data) is None


def test_the_quick_validator_is_chains_own_schema_without_the_two_python_validators():
    # Were pydantic to lay out the schema otherwise, the quick reader would fall back to
    # Chain's validator: right, but slower; this says so.
    from models import column_validation

    assert column_validation.QUICK_VALIDATOR is not Chain.__pydantic_validator__
    data = encode(rich_document())
    assert column_validation.QUICK_VALIDATOR.validate_json(data).touchpoints == Chain.model_validate_json(data).touchpoints
