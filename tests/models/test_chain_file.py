"""Saving and loading `.chain` files: canonical bytes, round trips, the schema.
(Where a file is saved and failed saves: test_save_places.py.)"""

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.chain import (
    CHANNELS,
    DEPARTMENT_ROLES,
    FORMAT_VERSION,
    MAX_CARD_SIDE,
    MAX_COORDINATE,
    REVIEW_STATUSES,
    SERVES,
    SIGNOFF_ROLES,
    TOUCHPOINT_KINDS,
    Chain,
    Department,
    Handoff,
    LintIgnore,
    LintSettings,
    Person,
    Position,
    Procedure,
    Review,
    SignOff,
    Touchpoint,
)
from models.chain_file import (
    ChainFileError,
    chain_schema,
    chain_to_bytes,
    load_chain,
    save_chain,
)
from models.integrity import find_integrity_problem

# A file written by hand from shared/CHAIN-FORMAT.md: every field, in the page's order.
CANONICAL = """\
{
  "format": "service-chain",
  "version": 1,
  "title": "Order to delivery",
  "organisation": "Greenleaf Garden Supplies",
  "vision": "Every order arrives complete, on the promised day",
  "description": "From the web order to the door — “quoted” and ✓ marked 📦",
  "departments": [
    {
      "id": "customer",
      "name": "Customer",
      "role": "customer"
    },
    {
      "id": "sales",
      "name": "Sales desk",
      "lead": "anna",
      "color": "#1f77b4"
    },
    {
      "id": "warehouse",
      "name": "Warehouse",
      "role": "backoffice"
    }
  ],
  "people": [
    {
      "id": "anna",
      "name": "Anna de Vries",
      "department": "sales",
      "role": "Sales lead",
      "email": "anna@example.org"
    },
    {
      "id": "bram",
      "name": "Bram Österberg"
    }
  ],
  "touchpoints": [
    {
      "id": "place-order",
      "label": "Places an order on the web shop",
      "department": "customer",
      "kind": "start",
      "channel": "web",
      "position": {
        "x": 40.0,
        "y": 20.0
      }
    },
    {
      "id": "confirm-order",
      "label": "Confirms the order",
      "department": "sales",
      "channel": "email",
      "owner": "anna",
      "procedure": {
        "title": "Order confirmation checklist",
        "link": "https://wiki.example.org/sop/confirm-order",
        "summary": "Check stock, then confirm by e-mail"
      },
      "expectation": "A confirmation the same day",
      "objective": "Confirm orders within 1 hour",
      "review": {
        "status": "approved",
        "signoffs": [
          {
            "name": "Anna de Vries",
            "role": "service_provider",
            "date": "2026-03-31",
            "note": "Walked through it with the desk"
          },
          {
            "name": "Carla Jansen",
            "role": "management",
            "date": "2026-04-02"
          }
        ]
      },
      "notes": "Customers ask for a \\"tracking link\\"\\nsecond line of notes",
      "position": {
        "x": 220.5,
        "y": -12.25
      }
    },
    {
      "id": "pick-and-pack",
      "label": "Picks and packs the parcel",
      "department": "warehouse",
      "kind": "decision",
      "channel": "system",
      "serves": "internal",
      "owner": "bram",
      "review": {
        "status": "examined"
      },
      "position": {
        "x": 400.0,
        "y": 20.0
      }
    },
    {
      "id": "receive-parcel",
      "label": "",
      "department": "customer",
      "kind": "end",
      "position": {
        "x": 580.0,
        "y": 20.0
      }
    }
  ],
  "handoffs": [
    {
      "id": "h-order",
      "from": "place-order",
      "to": "confirm-order"
    },
    {
      "id": "h-pick",
      "from": "confirm-order",
      "to": "pick-and-pack",
      "label": "in stock",
      "passes": "signed order form",
      "expectation": "same working day"
    },
    {
      "id": "h-ship",
      "from": "pick-and-pack",
      "to": "receive-parcel"
    }
  ],
  "lint": {
    "rules": {
      "touchpoint-owner-missing": "error",
      "touchpoint-label-empty": "off"
    },
    "ignore": [
      {
        "rule": "touchpoint-procedure-missing",
        "element": "place-order",
        "reason": "The customer follows no procedure"
      }
    ]
  }
}
"""

# Key order of each kind of object, from the tables of the format page.
KEY_ORDER = {
    "chain": ["format", "version", "title", "organisation", "vision", "description",
              "departments", "stages", "people", "touchpoints", "handoffs", "comments", "actions", "ratings",
              "sessions", "glossary", "lint"],
    "department": ["id", "name", "role", "lead", "color"],
    "person": ["id", "name", "department", "role", "email"],
    "touchpoint": ["id", "label", "department", "kind", "channel", "serves", "owner",
                   "procedure", "expectation", "objective", "review", "notes", "stage", "consulted", "informed",
                   "measure", "results", "duration_minutes", "marks", "position", "size"],
    "procedure": ["title", "link", "summary"],
    "review": ["status", "signoffs"],
    "signoff": ["name", "role", "date", "note", "session"],
    "position": ["x", "y"],
    "handoff": ["id", "from", "to", "label", "passes", "expectation", "wait_minutes", "label_at"],
    "stage": ["id", "name", "description"],
    "term": ["term", "definition", "avoid"],
    "comment": ["id", "element", "author", "date", "kind", "text", "status", "reply_to", "session"],
    "session": ["id", "date", "title", "attendees", "notes"],
    "measure": ["metric", "unit", "target", "direction", "period"],
    "result": ["period", "value", "note"],
    "action": ["id", "title", "elements", "owner", "phase", "due", "comments", "notes"],
    "rating": ["customer", "provider", "period", "score", "rehire", "responses", "comment"],
    "lint": ["rules", "ignore"],
    "ignore": ["rule", "element", "reason"],
}


def assert_key_order(keys, kind):
    order = KEY_ORDER[kind]
    assert set(keys) <= set(order), f"{kind} has keys the format page does not list: {keys}"
    assert list(keys) == sorted(keys, key=order.index), f"{kind} keys out of order: {keys}"


def objects_by_kind(data):
    """Yield (kind, key list) for every object in a parsed chain file."""
    yield "chain", list(data)
    for department in data["departments"]:
        yield "department", list(department)
    for stage in data.get("stages", []):
        yield "stage", list(stage)
    for term in data.get("glossary", []):
        yield "term", list(term)
    for person in data.get("people", []):
        yield "person", list(person)
    for touchpoint in data["touchpoints"]:
        yield "touchpoint", list(touchpoint)
        yield "position", list(touchpoint["position"])
        if "procedure" in touchpoint:
            yield "procedure", list(touchpoint["procedure"])
        if "review" in touchpoint:
            yield "review", list(touchpoint["review"])
            for signoff in touchpoint["review"].get("signoffs", []):
                yield "signoff", list(signoff)
    for handoff in data.get("handoffs", []):
        yield "handoff", list(handoff)
    for touchpoint in data["touchpoints"]:
        if "measure" in touchpoint:
            yield "measure", list(touchpoint["measure"])
        for result in touchpoint.get("results", []):
            yield "result", list(result)
    for comment in data.get("comments", []):
        yield "comment", list(comment)
    for action in data.get("actions", []):
        yield "action", list(action)
    for rating in data.get("ratings", []):
        yield "rating", list(rating)
    for session in data.get("sessions", []):
        yield "session", list(session)
    if "lint" in data:
        yield "lint", list(data["lint"])
        for ignore in data["lint"].get("ignore", []):
            yield "ignore", list(ignore)


def assert_writing_rules(data: bytes):
    """UTF-8, \\n line ends, 2-space indentation, one final newline, the page's key order."""
    text = data.decode("utf-8")
    assert "\r" not in text
    assert text.endswith("}\n") and not text.endswith("\n\n")
    depth = 0
    for line in text[:-1].split("\n"):  # a JSON string holds no raw line feed
        if line.lstrip().startswith(("}", "]")):
            depth -= 1
        assert line == "  " * depth + line.lstrip(), f"not indented by 2 x {depth}: {line!r}"
        if line.endswith(("{", "[")):
            depth += 1
    assert depth == 0
    for kind, keys in objects_by_kind(json.loads(text)):
        assert_key_order(keys, kind)


# -- canonical bytes and round trips ---------------------------------------------------


def test_canonical_file_loads_and_saves_to_identical_bytes(tmp_path):
    path = tmp_path / "order.chain"
    path.write_bytes(CANONICAL.encode("utf-8"))
    chain = load_chain(path)
    assert chain.touchpoints[1].review.signoffs[1].role == "management"
    assert chain.handoffs[1].target == "pick-and-pack"
    assert chain_to_bytes(chain) == CANONICAL.encode("utf-8")

    save_chain(chain, path)
    assert path.read_bytes() == CANONICAL.encode("utf-8")


def test_canonical_file_follows_the_writing_rules():
    # Guards the hand-written file itself, so the round trip above proves the rules.
    assert_writing_rules(CANONICAL.encode("utf-8"))
    parsed = json.loads(CANONICAL)
    # Python's json with 2-space indentation and raw UTF-8 writes the same text: this
    # also pins the separators and that non-ASCII text is not \\u-escaped.
    assert CANONICAL == json.dumps(parsed, indent=2, ensure_ascii=False) + "\n"
    kinds = {kind for kind, _ in objects_by_kind(parsed)}
    assert kinds | {kind for kind, _ in objects_by_kind(json.loads(canonical_version_2()))} == set(KEY_ORDER)


def canonical_version_2() -> str:
    """CANONICAL with what review sessions add: a session, comments in a thread, and a
    sign-off given in the session; written as version 2."""
    data = json.loads(CANONICAL)
    data["version"] = 2
    data["touchpoints"][1]["review"]["signoffs"][0]["session"] = "s-review"
    comments = [
        {"id": "c-1", "element": "confirm-order", "author": "Anna de Vries", "date": "2026-11-30",
         "text": "Customers wait for the confirmation.", "session": "s-review"},  # kind and status at their defaults
        {"id": "c-2", "author": "Bo", "date": "2026-11-30", "kind": "question",
         "text": "Same day, or within the hour?", "status": "resolved", "reply_to": "c-1"},
    ]
    session = {"id": "s-review", "date": "2026-11-30", "title": "Order review",
               "attendees": ["anna"], "notes": "First walk through"}
    touchpoint = {}
    for key, value in data["touchpoints"][1].items():
        if key == "position":
            touchpoint["stage"] = "st-order"
            touchpoint["consulted"] = ["anna"]
            touchpoint["informed"] = ["anna"]
            touchpoint["measure"] = {"metric": "orders confirmed within 1 hour", "unit": "%", "target": 95.0,
                                     "direction": "at_least", "period": "month"}
            touchpoint["results"] = [{"period": "2026-10", "value": 91.5},
                                     {"period": "2026-11", "value": 96.0, "note": "new rota"}]
            touchpoint["duration_minutes"] = 12.5
            touchpoint["marks"] = ["moment_of_truth", "fail_point"]
        touchpoint[key] = value
    data["touchpoints"][1] = touchpoint
    action = {"id": "a-rota", "title": "Staff the desk before nine", "elements": ["confirm-order"],
              "owner": "anna", "phase": "do", "due": "2026-12-15", "comments": ["c-1"], "notes": "Trial in December"}
    rating = {"customer": "warehouse", "provider": "sales", "period": "2026-Q4", "score": 3.5, "rehire": 0.75,
              "responses": 8, "comment": "Orders arrive complete"}
    data["handoffs"][1] = {**data["handoffs"][1], "wait_minutes": 30.0}
    ordered = {}
    for key, value in data.items():
        if key == "people":
            ordered["stages"] = [{"id": "st-order", "name": "Order", "description": "From the web shop to the confirmation"}]
        if key == "lint":
            ordered["comments"] = comments
            ordered["actions"] = [action]
            ordered["ratings"] = [rating]
            ordered["sessions"] = [session]
            ordered["glossary"] = [{"term": "order", "definition": "What a customer asked for and paid a deposit on",
                                    "avoid": ["request", "booking"]}]
        ordered[key] = value
    return json.dumps(ordered, indent=2, ensure_ascii=False) + "\n"


def test_a_chain_with_comments_or_sessions_is_version_2_and_without_them_version_1(tmp_path):
    text = canonical_version_2()
    assert_writing_rules(text.encode("utf-8"))
    chain = load_chain(text.encode("utf-8"))
    assert chain_to_bytes(chain) == text.encode("utf-8")
    assert [c.kind for c in chain.comments] == ["critique", "question"]
    chain.comments.clear()
    chain.actions.clear()
    chain.ratings.clear()
    chain.touchpoints[1].results.clear()
    chain.touchpoints[1].measure = None
    touchpoint = chain.touchpoints[1]
    touchpoint.stage, touchpoint.consulted, touchpoint.informed = None, [], []
    touchpoint.duration_minutes, touchpoint.marks = None, []
    chain.handoffs[1].wait_minutes = None
    chain.stages.clear()
    chain.glossary.clear()
    assert chain.written_version() == 2  # the sessions and the sign-off's session are version 2
    chain.sessions.clear()
    assert chain.written_version() == 2
    chain.touchpoints[1].review.signoffs[0].session = None
    assert chain_to_bytes(chain) == CANONICAL.encode("utf-8")


def test_fixture_chain_round_trips(chain, tmp_path):
    path = tmp_path / "fixture.chain"
    save_chain(chain, path)
    data = path.read_bytes()
    assert data == chain_to_bytes(chain)
    assert_writing_rules(data)
    assert load_chain(path) == chain


def test_non_ascii_text_is_written_as_utf8(chain):
    chain.title = "Café ☕ — “Bestellung” 📦"
    data = chain_to_bytes(chain)
    assert "Café ☕ — “Bestellung” 📦".encode("utf-8") in data
    assert b"\\u" not in data


def test_defaults_are_omitted(chain):
    chain.departments[1].role = "frontline"  # set explicitly to its default
    chain.touchpoints[1].kind = "step"
    chain.touchpoints[1].serves = "external"
    chain.touchpoints[1].review = Review(status="identified")
    chain.people = []
    chain.handoffs = []
    chain.lint = LintSettings()
    data = json.loads(chain_to_bytes(chain))
    assert list(data) == ["format", "version", "title", "organisation", "departments",
                          "touchpoints"]
    assert "role" not in data["departments"][1]
    assert set(data["touchpoints"][1]) == {
        "id", "label", "department", "channel", "owner", "procedure", "expectation",
        "objective", "position",
    }
    # The fixture sets no optional field of the procedure but its title.
    assert data["touchpoints"][1]["procedure"] == {"title": "Order confirmation checklist"}


def test_format_and_version_are_always_written():
    chain = Chain(title="", departments=[], touchpoints=[])
    assert chain_to_bytes(chain) == (
        b'{\n  "format": "service-chain",\n  "version": 1,\n  "title": "",\n'
        b'  "departments": [],\n  "touchpoints": []\n}\n'
    )


def test_no_view_state_or_absolute_path_in_the_file(chain, tmp_path):
    path = tmp_path / "order.chain"
    save_chain(chain, path)
    text = path.read_text("utf-8")
    assert str(tmp_path) not in text
    for word in ("zoom", "scroll", "selection", "modified", "saved_at", "timestamp"):
        assert word not in text


def test_coordinates_are_rounded_to_two_decimals(chain):
    chain.touchpoints[0].position = Position(x=12.345678, y=7.891)
    chain.touchpoints[1].position.x = 1 / 3  # assignment is validated and rounded too
    assert chain.touchpoints[1].position.x == 0.33
    data = json.loads(chain_to_bytes(chain))
    assert data["touchpoints"][0]["position"] == {"x": 12.35, "y": 7.89}
    assert data["touchpoints"][1]["position"]["x"] == 0.33


def test_loaded_coordinates_are_rounded_and_written_with_two_decimals_at_most():
    text = CANONICAL.replace('"x": 220.5', '"x": 220.456789').replace('"y": -12.25', '"y": 3')
    data = chain_to_bytes(load_chain(text.encode("utf-8")))
    assert b'"x": 220.46' in data and b'"y": 3.0' in data
    for number in re.findall(rb'"[xy]": ([^,\n]+)', data):
        assert re.fullmatch(rb"-?\d+\.\d{1,2}", number), number


def test_opening_and_saving_twice_does_not_change_the_bytes(tmp_path):
    path = tmp_path / "order.chain"
    path.write_bytes(CANONICAL.encode("utf-8"))
    for _ in range(2):
        save_chain(load_chain(path), path)
    assert path.read_bytes() == CANONICAL.encode("utf-8")


# -- the JSON Schema -------------------------------------------------------------------


def test_chain_schema_describes_the_format():
    schema = chain_schema()
    json.dumps(schema)  # plain JSON data
    assert schema["type"] == "object"
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert list(schema["properties"]) == KEY_ORDER["chain"]
    assert {"format", "version", "title", "departments", "touchpoints"} <= set(
        schema["required"]
    )
    assert schema["additionalProperties"] is False
    definitions = schema["$defs"]
    assert list(definitions["Handoff"]["properties"]) == KEY_ORDER["handoff"]  # aliases
    assert list(definitions["Touchpoint"]["properties"]) == KEY_ORDER["touchpoint"]

    def refs(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "$ref":
                    yield value
                else:
                    yield from refs(value)
        elif isinstance(node, list):
            for value in node:
                yield from refs(value)

    found = list(refs(schema))
    assert found
    for ref in found:
        assert ref.startswith("#/$defs/") and ref.removeprefix("#/$defs/") in definitions


def test_chain_schema_shows_the_bounds_and_the_header_without_defaults():
    schema = chain_schema()
    definitions = schema["$defs"]
    for axis in ("x", "y"):
        bounds = definitions["Position"]["properties"][axis]
        assert (bounds["minimum"], bounds["maximum"]) == (-MAX_COORDINATE, MAX_COORDINATE)
    for side in ("w", "h"):
        bounds = definitions["Size"]["properties"][side]
        assert (bounds["exclusiveMinimum"], bounds["maximum"]) == (0, MAX_CARD_SIDE)
    label_at = next(option for option in definitions["Handoff"]["properties"]["label_at"]["anyOf"]
                    if option.get("type") == "number")
    assert (label_at["minimum"], label_at["maximum"]) == (0, 1)
    version = schema["properties"]["version"]
    assert (version["minimum"], version["maximum"]) == (1, FORMAT_VERSION)
    assert "default" not in version and "default" not in schema["properties"]["format"]


# -- property test: random valid chains round-trip byte for byte -----------------------

ID_START = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
element_ids = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from(ID_START),
    st.text(alphabet=ID_START + "_.-", max_size=63),
)
# Any text, with the characters that break naive writers drawn often.
texts = st.text(
    alphabet=st.one_of(
        st.characters(exclude_categories=("Cs",)),  # any code point but lone surrogates
        st.sampled_from(
            ['"', "\\", "\n", "\r", "\t", "\x00", "😀", "👩", "\u200d", "\u2028", "é", "'"]
        ),
    ),
    max_size=20,
)
coordinates = st.one_of(
    st.floats(min_value=-MAX_COORDINATE, max_value=MAX_COORDINATE),
    st.floats(min_value=-5000, max_value=5000),
    st.integers(min_value=-5000, max_value=5000),
)


def optional(strategy):
    return st.none() | strategy


@st.composite
def chains(draw):
    """A valid Chain: unique ids and references only to elements that exist."""
    sizes = [draw(st.integers(1, 4)), draw(st.integers(0, 3)), draw(st.integers(0, 6))]
    sizes.append(draw(st.integers(0, 6)) if sizes[2] else 0)
    ids = draw(st.lists(element_ids, min_size=sum(sizes), max_size=sum(sizes), unique=True))
    department_ids = ids[: sizes[0]]
    person_ids = ids[sizes[0]: sizes[0] + sizes[1]]
    touchpoint_ids = ids[sizes[0] + sizes[1]: sizes[0] + sizes[1] + sizes[2]]
    handoff_ids = ids[sizes[0] + sizes[1] + sizes[2]:]
    people_or_none = st.sampled_from(person_ids) if person_ids else st.none()

    departments = [
        Department(
            id=department_id,
            name=draw(texts),
            role=draw(st.sampled_from(DEPARTMENT_ROLES)),
            lead=draw(optional(people_or_none)),
            color=draw(optional(st.from_regex(r"\A#[0-9a-fA-F]{6}\Z"))),
        )
        for department_id in department_ids
    ]
    people = [
        Person(
            id=person_id,
            name=draw(texts),
            department=draw(optional(st.sampled_from(department_ids))),
            role=draw(optional(texts)),
            email=draw(optional(texts)),
        )
        for person_id in person_ids
    ]
    signoffs = st.builds(
        SignOff,
        name=texts,
        role=st.sampled_from(SIGNOFF_ROLES),
        date=st.dates().map(lambda day: f"{day.year:04d}-{day.month:02d}-{day.day:02d}"),
        note=optional(texts),
    )
    touchpoints = [
        Touchpoint(
            id=touchpoint_id,
            label=draw(texts),
            department=draw(st.sampled_from(department_ids)),
            kind=draw(st.sampled_from(TOUCHPOINT_KINDS)),
            channel=draw(optional(st.sampled_from(CHANNELS))),
            serves=draw(st.sampled_from(SERVES)),
            owner=draw(optional(people_or_none)),
            procedure=draw(optional(st.builds(
                Procedure, title=texts, link=optional(texts), summary=optional(texts)))),
            expectation=draw(optional(texts)),
            objective=draw(optional(texts)),
            review=Review(
                status=draw(st.sampled_from(REVIEW_STATUSES)),
                signoffs=draw(st.lists(signoffs, max_size=2)),
            ),
            notes=draw(optional(texts)),
            position=Position(x=draw(coordinates), y=draw(coordinates)),
        )
        for touchpoint_id in touchpoint_ids
    ]
    handoffs = [
        Handoff(
            id=handoff_id,
            source=draw(st.sampled_from(touchpoint_ids)),
            target=draw(st.sampled_from(touchpoint_ids)),
            label=draw(optional(texts)),
            passes=draw(optional(texts)),
            expectation=draw(optional(texts)),
        )
        for handoff_id in handoff_ids
    ]
    lint = LintSettings(
        rules=draw(st.dictionaries(texts, st.sampled_from(["off", "info", "warning", "error"]),
                                   max_size=2)),
        ignore=draw(st.lists(
            st.builds(LintIgnore, rule=texts, element=st.sampled_from(ids), reason=texts),
            max_size=2,
        )),
    )
    return Chain(
        title=draw(texts),
        organisation=draw(optional(texts)),
        vision=draw(optional(texts)),
        description=draw(optional(texts)),
        departments=departments,
        people=people,
        touchpoints=touchpoints,
        handoffs=handoffs,
        lint=lint,
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chains())
def test_random_valid_chains_round_trip_byte_for_byte(chain):
    assert find_integrity_problem(chain) is None  # the strategy builds valid chains
    data = chain_to_bytes(chain)
    loaded = load_chain(data, name="random.chain")
    assert loaded == chain
    assert chain_to_bytes(loaded) == data
    assert_writing_rules(data)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(chains())
def test_random_valid_chains_round_trip_through_the_disk(tmp_path, chain):
    path = tmp_path / "random.chain"
    save_chain(chain, path)
    assert load_chain(path) == chain
    save_chain(load_chain(path), path)
    assert path.read_bytes() == chain_to_bytes(chain)


def test_a_chain_is_written_as_version_1_until_it_uses_a_version_2_field(chain):
    from models.chain import Size

    assert json.loads(chain_to_bytes(chain))["version"] == 1
    chain.touchpoints[0].size = Size(w=250, h=90)
    data = json.loads(chain_to_bytes(chain))
    assert data["version"] == 2
    assert data["touchpoints"][0]["size"] == {"w": 250.0, "h": 90.0}
    assert load_chain(chain_to_bytes(chain)).touchpoints[0].size == Size(w=250, h=90)
    chain.touchpoints[0].size = None
    chain.handoffs[0].label_at = 0.25
    assert json.loads(chain_to_bytes(chain))["version"] == 2
    chain.handoffs[0].label_at = None
    assert json.loads(chain_to_bytes(chain))["version"] == 1


@pytest.mark.parametrize(
    "field, value",
    [("size", {"w": 0, "h": 40}), ("size", {"w": 100}), ("size", {"w": 100, "h": 40, "d": 1})],
)
def test_a_bad_card_size_is_refused_with_its_place(chain, field, value):
    data = json.loads(chain_to_bytes(chain))
    data["touchpoints"][0][field] = value
    with pytest.raises(ChainFileError) as error:
        load_chain(json.dumps(data).encode())
    assert "$.touchpoints[0].size" in str(error.value)


def test_a_label_position_outside_its_route_is_refused(chain):
    data = json.loads(chain_to_bytes(chain))
    data["handoffs"][0]["label_at"] = 1.5
    with pytest.raises(ChainFileError) as error:
        load_chain(json.dumps(data).encode())
    assert "$.handoffs[0].label_at" in str(error.value)


def test_assigning_a_chain_field_works_out_the_version_only_when_it_can_change(chain, monkeypatch):
    from models.chain import Chain, Comment

    asked = []
    written_version = Chain.written_version
    monkeypatch.setattr(Chain, "written_version", lambda self: asked.append(1) or written_version(self))
    chain.title = "A new title"  # a keystroke in the title: no walk over every touchpoint
    chain.description = "Another description"
    assert asked == [] and chain.version == 1
    chain.comments = [Comment(id="c-1", author="Ann", date="2026-05-01", text="Too slow")]
    assert asked and chain.version == 2
    chain.comments = []
    assert chain.version == 1


def test_a_loaded_chain_shares_its_field_name_sets_and_stays_editable(chain, tmp_path):
    from models.chain import Size

    path = tmp_path / "chain.chain"
    save_chain(chain, path)
    loaded = load_chain(path)
    first, second = loaded.touchpoints[:2]
    assert first.model_fields_set is second.model_fields_set  # one set for every touchpoint
    assert first.position.model_fields_set is second.position.model_fields_set
    assert set(type(first).model_fields) == first.model_fields_set
    first.size = Size(w=250, h=90)  # pydantic adds the name to the shared set: no change
    copied = second.model_copy(update={"label": "Copied"})
    assert copied.label == "Copied" and second.label != "Copied"
    assert load_chain(chain_to_bytes(loaded)).touchpoints[0] == first
    assert loaded.touchpoints[1] == chain.touchpoints[1]
