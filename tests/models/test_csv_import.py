"""CSV import of touchpoint inventories, and the export back into the same columns."""

import csv
import io
import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import csv_import
from models.chain import ID_PATTERN, MAX_COORDINATE, Chain
from models.chain_file import chain_to_bytes, load_chain
from models.csv_import import COLUMNS, INVENTORY_COLUMNS, CsvImportError, export_csv, import_csv
from models.integrity import find_integrity_problem

ORDER_INVENTORY = """\
department,touchpoint,kind,owner,procedure,channel,serves,expectation,objective,next
Customer,Places order,start,,,web,,Easy ordering,,Confirms order
Sales,Confirms order,step,Ana Ruiz,Order check SOP,e-mail,external,A quick answer,"Within 1 hour, weekdays",Ships parcel; Sends invoice
Warehouse,Ships parcel,,Bo Li,,In person,,,,Receives parcel
Finance,Sends invoice,end,Ana Ruiz,,,Internal,,,
Customer,Receives parcel,END,,,,,,,
"""


def import_text(text: str, name: str = "inventory.csv", **options) -> Chain:
    return import_csv(text.encode("utf-8"), name=name, **options)


def import_error(source, name: str | None = "inventory.csv") -> CsvImportError:
    """The error importing a text, bytes or a path (with name=None) raises."""
    if isinstance(source, str):
        source = source.encode("utf-8")
    with pytest.raises(CsvImportError) as caught:
        import_csv(source, name=name)
    return caught.value


def assert_valid(chain: Chain) -> None:
    assert find_integrity_problem(chain) is None
    assert load_chain(chain_to_bytes(chain)) == chain
    for element in [*chain.departments, *chain.people, *chain.touchpoints, *chain.handoffs]:
        assert re.match(ID_PATTERN, element.id)


def labels_of(chain: Chain) -> list[str]:
    return [touchpoint.label for touchpoint in chain.touchpoints]


def handoff_labels(chain: Chain) -> list[tuple[str, str]]:
    labels = {touchpoint.id: touchpoint.label for touchpoint in chain.touchpoints}
    return [(labels[handoff.source], labels[handoff.target]) for handoff in chain.handoffs]


# -- reading good files ----------------------------------------------------------------


def test_a_comma_file_becomes_a_chain():
    chain = import_text(ORDER_INVENTORY)

    assert_valid(chain)
    assert [(d.id, d.name, d.role) for d in chain.departments] == [
        ("customer", "Customer", "customer"),
        ("sales", "Sales", "frontline"),
        ("warehouse", "Warehouse", "frontline"),
        ("finance", "Finance", "frontline"),
    ]
    assert [(p.id, p.name, p.department) for p in chain.people] == [
        ("ana-ruiz", "Ana Ruiz", "sales"),
        ("bo-li", "Bo Li", "warehouse"),
    ]
    confirm = chain.touchpoints[1]
    assert confirm.id == "confirms-order"
    assert confirm.label == "Confirms order"
    assert confirm.department == "sales"
    assert confirm.kind == "step"
    assert confirm.owner == "ana-ruiz"
    assert confirm.procedure.title == "Order check SOP"
    assert confirm.channel == "email"
    assert confirm.serves == "external"
    assert confirm.expectation == "A quick answer"
    assert confirm.objective == "Within 1 hour, weekdays"
    assert [t.kind for t in chain.touchpoints] == ["start", "step", "step", "end", "end"]
    assert [t.channel for t in chain.touchpoints] == ["web", "email", "in_person", None, None]
    assert [t.serves for t in chain.touchpoints] == ["external"] * 3 + ["internal", "external"]
    assert chain.touchpoints[0].owner is None
    assert chain.touchpoints[0].procedure is None
    assert chain.touchpoints[0].objective is None


def test_a_semicolon_file_with_commas_inside_cells():
    text = (
        "department;touchpoint;objective;next\n"
        'Sales;Takes order;Within 1 hour, weekdays, 9-17;"Checks stock; Confirms"\n'
        "Sales;Checks stock;;\n"
        'Sales;"Confirms; by phone";;\n'
        "Sales;Confirms;;\n"
    )
    chain = import_text(text)

    assert_valid(chain)
    assert labels_of(chain) == ["Takes order", "Checks stock", "Confirms; by phone", "Confirms"]
    assert chain.touchpoints[0].objective == "Within 1 hour, weekdays, 9-17"
    assert handoff_labels(chain) == [("Takes order", "Checks stock"), ("Takes order", "Confirms")]


def test_the_delimiter_is_read_from_the_header_even_when_rows_hold_the_other_one():
    text = "department,touchpoint,objective\nSales,Answers;calls,a;b;c;d;e\n"
    chain = import_text(text)
    assert labels_of(chain) == ["Answers;calls"]
    assert chain.touchpoints[0].objective == "a;b;c;d;e"


def test_a_byte_order_mark_is_ignored():
    chain = import_csv(b"\xef\xbb\xbf" + ORDER_INVENTORY.encode("utf-8"), name="x.csv")
    assert chain.departments[0].name == "Customer"
    assert chain == import_text(ORDER_INVENTORY, name="x.csv")


def test_windows_and_old_mac_line_ends():
    for line_end in ("\r\n", "\r"):
        chain = import_text(ORDER_INVENTORY.replace("\n", line_end))
        assert chain == import_text(ORDER_INVENTORY)


def test_headers_match_ignoring_case_and_spaces_in_any_order_and_unknown_columns_are_ignored():
    text = (
        " Touchpoint ,Remarks, DEPARTMENT,Kind  ,  Owner,,Next\n"
        "Takes order,call back later,Sales,Start,Ana,ignored,Ships\n"
        "Ships,,Warehouse,end,,also ignored,\n"
    )
    chain = import_text(text)

    assert_valid(chain)
    assert [d.name for d in chain.departments] == ["Sales", "Warehouse"]
    assert labels_of(chain) == ["Takes order", "Ships"]
    assert [t.kind for t in chain.touchpoints] == ["start", "end"]
    assert chain.touchpoints[0].notes is None
    assert handoff_labels(chain) == [("Takes order", "Ships")]


def test_short_rows_leave_the_missing_cells_empty():
    chain = import_text("department,touchpoint,kind,owner\nSales,Takes order\n")
    assert chain.touchpoints[0].kind == "step"
    assert chain.people == []


def test_blank_rows_are_skipped_but_still_counted():
    text = "\n,,\ndepartment,touchpoint,kind\n\nSales,A,\n , , \n,,\nSales,B,stepp\n"
    error = import_error(text)
    assert error.row == 8  # as a spreadsheet numbers it, counting the blank rows
    chain = import_text(text.replace("stepp", "step"))
    assert labels_of(chain) == ["A", "B"]


def test_a_line_break_inside_a_cell_keeps_the_row_numbers_of_a_spreadsheet():
    text = (
        "department,touchpoint,expectation,kind\n"
        'Sales,A,"first line\nsecond line",\n'
        "Sales,B,,stepp\n"
    )
    error = import_error(text)
    assert error.row == 3
    assert import_text(text.replace("stepp", "")).touchpoints[0].expectation == (
        "first line\nsecond line"
    )


def test_values_are_accepted_in_any_case_and_friendly_spellings():
    rows = [
        ("START", "In person", "INTERNAL", "start", "in_person", "internal"),
        ("Decision", "in-person", "External", "decision", "in_person", "external"),
        ("end", "E-mail", "", "end", "email", "external"),
        ("", "e_mail", "", "step", "email", "external"),
        ("step", "Telephone", "", "step", "phone", "external"),
        ("step", "letter", "", "step", "written", "external"),
        ("step", "WEB", "", "step", "web", "external"),
        ("step", "face to face", "", "step", "in_person", "external"),
    ]
    text = "department,touchpoint,kind,channel,serves\n" + "".join(
        f"Sales,T{index},{kind},{channel},{serves}\n"
        for index, (kind, channel, serves, *_) in enumerate(rows)
    )
    chain = import_text(text)
    assert [(t.kind, t.channel, t.serves) for t in chain.touchpoints] == [row[3:] for row in rows]


def test_cells_are_trimmed():
    chain = import_text("department,touchpoint,owner\n  Sales  ,  Takes order ,  Ana Ruiz \n")
    assert chain.departments[0].name == "Sales"
    assert chain.touchpoints[0].label == "Takes order"
    assert chain.people[0].name == "Ana Ruiz"


# -- order and layout ------------------------------------------------------------------


def test_departments_and_people_in_order_of_first_appearance_and_positions_per_lane():
    text = (
        "department,touchpoint,owner\n"
        "Warehouse,W1,Bo\n"
        "Sales,S1,Ana\n"
        "Warehouse,W2,Ana\n"
        "Customer,C1,\n"
        "Sales,S2,Cy\n"
        "Warehouse,W3,\n"
    )
    chain = import_text(text)

    assert [d.name for d in chain.departments] == ["Warehouse", "Sales", "Customer"]
    assert [p.name for p in chain.people] == ["Bo", "Ana", "Cy"]
    assert [p.department for p in chain.people] == ["warehouse", "sales", "sales"]
    positions = {t.label: (t.position.x, t.position.y) for t in chain.touchpoints}
    x0, step, y = csv_import.FIRST_X, csv_import.X_SPACING, csv_import.LANE_Y
    assert positions == {
        "W1": (x0, y),
        "W2": (x0 + step, y),
        "W3": (x0 + 2 * step, y),
        "S1": (x0, y),
        "S2": (x0 + step, y),
        "C1": (x0, y),
    }


def test_names_differing_only_in_case_or_spacing_are_one_department_or_person():
    text = "department,touchpoint,owner\nSales,A,Ana Ruiz\n sales ,B,ana  ruiz\nSALES,C,ANA RUIZ\n"
    chain = import_text(text)
    assert [d.name for d in chain.departments] == ["Sales"]
    assert [p.name for p in chain.people] == ["Ana Ruiz"]
    assert {t.owner for t in chain.touchpoints} == {"ana-ruiz"}


@pytest.mark.parametrize("name", ["Customer", "customers", " CUSTOMERS "])
def test_the_customer_department_gets_the_customer_role(name):
    chain = import_text(f"department,touchpoint\n{name},Asks\nCustomer service,Answers\n")
    assert [d.role for d in chain.departments] == ["customer", "frontline"]


# -- handoffs --------------------------------------------------------------------------


def test_next_makes_handoffs_in_row_order_then_cell_order():
    text = (
        "department,touchpoint,next\n"
        "Sales,A,C; B\n"
        "Sales,B,\n"
        "Sales,C,A;B;;  \n"
    )
    chain = import_text(text)
    assert_valid(chain)
    assert handoff_labels(chain) == [("A", "C"), ("A", "B"), ("C", "A"), ("C", "B")]
    assert [h.id for h in chain.handoffs] == ["h-a-to-c", "h-a-to-b", "h-c-to-a", "h-c-to-b"]


def test_next_may_name_a_later_row_and_the_row_itself():
    chain = import_text("department,touchpoint,next\nSales,A,B\nSales,B,B\n")
    assert handoff_labels(chain) == [("A", "B"), ("B", "B")]


def test_a_label_named_twice_in_one_cell_makes_one_handoff():
    chain = import_text("department,touchpoint,next\nSales,A,B;B; b ;B\nSales,B,\n")
    assert handoff_labels(chain) == [("A", "B")]


def test_next_labels_match_ignoring_case_unless_an_exact_label_exists():
    text = (
        "department,touchpoint,next\n"
        "Sales,Confirms order,ships  PARCEL\n"
        "Sales,Ships parcel,Review\n"
        "Sales,Review,\n"
        "Sales,review,\n"
    )
    chain = import_text(text)
    assert handoff_labels(chain) == [("Confirms order", "Ships parcel"), ("Ships parcel", "Review")]


def test_handoff_ids_follow_the_touchpoint_ids():
    chain = import_text(ORDER_INVENTORY)
    assert [h.id for h in chain.handoffs] == [
        "h-places-order-to-confirms-order",
        "h-confirms-order-to-ships-parcel",
        "h-confirms-order-to-sends-invoice",
        "h-ships-parcel-to-receives-parcel",
    ]


# -- ids -------------------------------------------------------------------------------


def test_ids_are_readable_slugs_unique_across_the_chain():
    text = (
        "department,touchpoint,owner\n"
        "Sales,Sales,Ana Ruiz\n"
        "Sales,Confirms order!,\n"
        "Sales,confirms  order,\n"
        "Réception,Café au lait,José Núñez\n"
        "Sales,???,\n"
        "東京,東京,山田\n"
        "Sales,tp 1,\n"
    )
    chain = import_text(text)

    assert_valid(chain)
    assert [d.id for d in chain.departments] == ["sales", "reception", "dept-1"]
    assert [p.id for p in chain.people] == ["ana-ruiz", "jose-nunez", "person-1"]
    assert [t.id for t in chain.touchpoints] == [
        "sales-2",
        "confirms-order",
        "confirms-order-2",
        "cafe-au-lait",
        "tp-1",
        "tp-2",
        "tp-1-2",
    ]


def test_long_labels_are_cut_to_64_characters_also_with_a_suffix():
    label = "Checks " + "very " * 30 + "carefully"
    chain = import_text(f"department,touchpoint,next\nSales,{label},{label}2\nSales,{label}2,\n")

    assert_valid(chain)
    first, second = (t.id for t in chain.touchpoints)
    assert len(first) == 64 and first.startswith("checks-very-very")
    assert len(second) <= 64 and second.endswith("-2") and second != first
    assert len(chain.handoffs[0].id) <= 64


def test_many_equal_labels_get_numbered_ids_quickly():
    rows = "".join("Sales,Review\n" for _ in range(5000))
    chain = import_text("department,touchpoint\n" + rows)
    ids = [t.id for t in chain.touchpoints]
    assert ids[:3] == ["review", "review-2", "review-3"]
    assert len(set(ids)) == 5000


def test_a_lane_of_thousands_of_rows_stays_within_the_coordinate_bounds():
    rows = "".join(f"Sales,Step {i}\n" for i in range(5001))
    chain = import_text("department,touchpoint\n" + rows)
    assert max(t.position.x for t in chain.touchpoints) <= MAX_COORDINATE
    assert len({(t.position.x, t.position.y) for t in chain.touchpoints}) == 5001
    assert load_chain(chain_to_bytes(chain)) == chain


# -- title -----------------------------------------------------------------------------


def test_the_title_comes_from_the_file_name(tmp_path):
    path = tmp_path / "order-inventory.csv"
    path.write_text(ORDER_INVENTORY, encoding="utf-8")

    assert import_csv(path).title == "Order inventory"
    assert import_csv(str(path), title="Orders, spring").title == "Orders, spring"
    assert import_csv(path.read_bytes(), name="q3_front  desk.CSV").title == "Q3 front desk"
    assert import_csv(path.read_bytes()).title == csv_import.DEFAULT_TITLE


# -- errors name the row and the column ------------------------------------------------

GOOD_ROWS = "Sales,A,step,web,external,B\nSales,B,end,phone,internal,\n"
HEADER = "department,touchpoint,kind,channel,serves,next\n"


@pytest.mark.parametrize(
    "text, row, column, reason",
    [
        (
            HEADER + GOOD_ROWS + "Sales,C,stepp,,,\n",
            4,
            "kind",
            'expected one of start, step, decision, end, got "stepp"',
        ),
        (
            HEADER + GOOD_ROWS + "Sales,C,,fax,,\n",
            4,
            "channel",
            'expected one of in_person, phone, email, web, chat, written, system, other, got "fax"',
        ),
        (
            HEADER + GOOD_ROWS + "Sales,C,,,everyone,\n",
            4,
            "serves",
            'expected one of external, internal, got "everyone"',
        ),
        (HEADER + GOOD_ROWS + "  ,C,,,,\n", 4, "department", "the department is empty"),
        (HEADER + GOOD_ROWS + "Sales, ,,,,\n", 4, "touchpoint", "the touchpoint label is empty"),
        (
            HEADER + "Sales,A,,,,Shps\nSales,Ships,,,,\n",
            2,
            "next",
            'no touchpoint is labelled "Shps"; did you mean "Ships"?',
        ),
        (
            HEADER + "Sales,A,,,,Nowhere\n",
            2,
            "next",
            'no touchpoint is labelled "Nowhere"',
        ),
        (
            HEADER + "Sales,A,,,,B\nSales,B,,,,\nWarehouse,B,,,,\n",
            2,
            "next",
            '"B" is ambiguous: 2 touchpoints have that label (rows 3, 4); '
            "give them different labels",
        ),
        (
            "department,kind\nSales,step\n",
            1,
            "touchpoint",
            "the required column is missing (the header has department, kind)",
        ),
        (
            "Touchpoint,Owner\nA,Ana\n",
            1,
            "department",
            "the required column is missing (the header has touchpoint, owner)",
        ),
        (
            "department,touchpoint,Owner,owner \nSales,A,Ana,Bo\n",
            1,
            "owner",
            "the header names this column twice",
        ),
        (
            "Sales,Takes order,step\nSales,Ships,end\n",
            1,
            None,
            "expected a header row naming the columns (department, touchpoint, kind, owner, "
            'procedure, channel, serves, expectation, objective, next), got "Sales", '
            '"Takes order", "step"',
        ),
    ],
)
def test_errors_name_the_row_and_the_column(text, row, column, reason):
    error = import_error(text)
    assert (error.file, error.row, error.column, error.reason) == (
        "inventory.csv",
        row,
        column,
        reason,
    )
    place = f', column "{column}"' if column else ""
    assert str(error) == f"inventory.csv, row {row}{place}: {reason}"


def test_the_message_of_the_issue():
    text = HEADER + "Sales,A,,,,\n" * 5 + "Sales,F,stepp,,,\n"
    assert str(import_error(text)) == (
        'inventory.csv, row 7, column "kind": expected one of start, step, decision, end, '
        'got "stepp"'
    )


def test_a_cell_that_is_not_utf8_is_named():
    data = "department,touchpoint,owner\nSales,A,Ana\nSales,B,José\n".encode("cp1252")
    error = import_error(data)
    assert (error.row, error.column) == (3, "owner")
    assert "not UTF-8 (byte 0xE9" in error.reason and '"CSV UTF-8"' in error.reason


def test_a_header_that_is_not_utf8_is_named():
    data = "department,touchpoint,Bemerkung für Kunden\nSales,A,x\n".encode("latin-1")
    error = import_error(data)
    assert (error.row, error.column) == (1, None)
    assert "not UTF-8 (byte 0xFC" in error.reason


def test_bad_bytes_in_an_ignored_column_do_not_matter():
    chain = import_csv("department,touchpoint,remark\nSales,A,café\n".encode("latin-1"))
    assert labels_of(chain) == ["A"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_refused_cleanly(encoding):
    error = import_error(ORDER_INVENTORY.encode(encoding))
    assert error.row is None and error.column is None
    assert str(error) == (
        "inventory.csv: the file is UTF-16 text, not UTF-8; "
        'save the spreadsheet as "CSV UTF-8" and import that file'
    )


@pytest.mark.parametrize("text", ["", "\n\n", " \r\n , ,\n\n"])
def test_an_empty_file_is_refused(text):
    error = import_error(text)
    assert str(error).startswith("inventory.csv: the file is empty")


def test_a_header_without_touchpoints_is_refused():
    error = import_error("department,touchpoint\n\n,\n")
    assert str(error) == "inventory.csv: the file has a header row but no touchpoints below it"


def test_a_row_that_is_not_valid_csv_is_named():
    error = import_error(f"department,touchpoint\nSales,A\nSales,{'x' * 200_000}\n")
    assert error.row == 3
    assert error.reason.startswith("the row is not valid CSV: field larger than field limit")


def test_a_missing_file_a_folder_and_a_pipe_are_refused(tmp_path):
    with pytest.raises(CsvImportError, match=r"missing\.csv: the file does not exist$"):
        import_csv(tmp_path / "missing.csv")
    with pytest.raises(CsvImportError, match=r"this is a folder, not a CSV file$"):
        import_csv(tmp_path)
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.csv")
        with pytest.raises(CsvImportError, match=r"not a regular file"):
            import_csv(tmp_path / "pipe.csv")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads all")
def test_an_unreadable_file_is_refused(tmp_path):
    path = tmp_path / "secret.csv"
    path.write_text(ORDER_INVENTORY, encoding="utf-8")
    path.chmod(0)
    with pytest.raises(CsvImportError, match="you do not have permission to read this file"):
        import_csv(path)


def test_a_file_over_50_mb_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.csv"
    with path.open("wb") as file:
        file.truncate(50 * 1024 * 1024 + 1)  # sparse: no disk space used
    error = import_error(path, name=None)
    assert str(error) == f"{path}: the file is 50 MB, more than the 50 MB an inventory may have"


def test_bytes_over_the_size_limit_are_refused(monkeypatch):
    monkeypatch.setattr(csv_import, "MAX_FILE_BYTES", 100)
    error = import_error(ORDER_INVENTORY)
    assert error.row is None and error.reason.startswith("the file is 0 MB, more than")


def test_too_many_rows_are_refused(monkeypatch):
    monkeypatch.setattr(csv_import, "MAX_ROWS", 3)
    error = import_error("department,touchpoint\nS,A\nS,B\n\nS,C\nS,D\n")
    assert (error.row, error.column) == (6, None)
    assert error.reason == "the file has more than 3 touchpoint rows"


def test_too_many_handoffs_are_refused(monkeypatch):
    monkeypatch.setattr(csv_import, "MAX_ELEMENTS", 6)
    error = import_error("department,touchpoint,next\nS,A,B;C\nS,B,A\nS,C,A\n")
    assert (error.row, error.column) == (3, "next")
    assert error.reason.startswith("the inventory makes 7 departments, people, touchpoints")


# -- export ----------------------------------------------------------------------------


def test_export_writes_the_import_columns_by_name():
    text = export_csv(import_text(ORDER_INVENTORY))
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == list(COLUMNS)
    assert rows[3] == [
        "Sales",
        "Confirms order",
        "step",
        "Ana Ruiz",
        "Order check SOP",
        "email",
        "external",
        "A quick answer",
        "Within 1 hour, weekdays",
        "Ships parcel; Sends invoice",
        "frontline",  # department role, colour, lead
        "",
        "",
        "",  # the handoffs' label, passes, expectation
        "",
        "",
        "",  # consulted, informed
        "",
    ]
    assert [row[1] for row in rows[1:]] == [
        "Places order",
        "Receives parcel",  # lane by lane: the customer's lane first
        "Confirms order",
        "Ships parcel",
        "Sends invoice",
    ]


def test_export_then_import_keeps_what_the_columns_hold(chain):
    again = import_csv(export_csv(chain).encode("utf-8"), name="x.csv")

    assert_valid(again)
    assert summary(again) == summary(chain)


def summary(chain: Chain) -> dict:
    """What export and import keep, by names and labels rather than ids."""
    departments = {d.id: d.name for d in chain.departments}
    people = {p.id: p.name for p in chain.people}
    lanes: dict[str, list[str]] = {}
    for touchpoint in sorted(chain.touchpoints, key=lambda t: t.position.x):
        lanes.setdefault(departments[touchpoint.department], []).append(touchpoint.label)
    return {
        "departments": [(d.name, d.role) for d in chain.departments if d.name in lanes],
        "lanes": lanes,
        "touchpoints": {
            t.label: (
                departments[t.department],
                t.kind,
                people.get(t.owner),
                t.procedure.title if t.procedure else None,
                t.channel,
                t.serves,
                t.expectation,
                t.objective,
            )
            for t in chain.touchpoints
        },
        "handoffs": sorted(set(handoff_labels(chain))),
    }


# -- properties ------------------------------------------------------------------------

names = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=12).map(str.strip)
labels = names.filter(lambda label: label and ";" not in label)


@st.composite
def inventories(draw):
    """A valid inventory: (csv text, delimiter, rows as dicts)."""
    touchpoint_labels = draw(st.lists(labels, min_size=1, max_size=12, unique=True))
    departments = draw(st.lists(names.filter(bool), min_size=1, max_size=4))
    owners = draw(st.lists(names, min_size=1, max_size=4))
    rows = []
    for label in touchpoint_labels:
        rows.append(
            {
                "department": draw(st.sampled_from(departments)),
                "touchpoint": label,
                "kind": draw(st.sampled_from(["", "start", "Step", "DECISION", " end "])),
                "owner": draw(st.sampled_from(owners)),
                "procedure": draw(names),
                "channel": draw(st.sampled_from(["", "In person", "e-mail", "WEB", "system"])),
                "serves": draw(st.sampled_from(["", "internal", "External"])),
                "expectation": draw(names),
                "objective": draw(names),
                "next": "; ".join(draw(st.lists(st.sampled_from(touchpoint_labels), max_size=4))),
            }
        )
    columns = draw(st.permutations(INVENTORY_COLUMNS))
    delimiter = draw(st.sampled_from([",", ";"]))
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter)
    writer.writerow(columns)
    writer.writerows([row[column] for column in columns] for row in rows)
    return text.getvalue(), rows


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(inventories(), st.booleans())
def test_random_inventories_import_into_valid_chains_that_round_trip(inventory, with_bom):
    text, rows = inventory
    data = (b"\xef\xbb\xbf" if with_bom else b"") + text.encode("utf-8")

    chain = import_csv(data, name="random.csv")

    assert_valid(chain)
    assert labels_of(chain) == [row["touchpoint"] for row in rows]
    expected_handoffs = [
        (row["touchpoint"], target)
        for row in rows
        for target in dict.fromkeys(label.strip() for label in row["next"].split(";") if label)
    ]
    assert handoff_labels(chain) == expected_handoffs
    assert len({d.id for d in chain.departments}) == len(chain.departments)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(inventories())
def test_export_then_import_keeps_random_inventories(inventory):
    chain = import_csv(inventory[0].encode("utf-8"), name="random.csv")
    again = import_csv(export_csv(chain).encode("utf-8"), name="random.csv")
    assert_valid(again)
    assert summary(again) == summary(chain)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300) | inventories().map(lambda inventory: inventory[0].encode()[:-7]))
def test_any_bytes_give_a_chain_or_a_clear_error(data):
    try:
        chain = import_csv(data, name="fuzz.csv")
    except CsvImportError as error:
        assert "could not be read (" not in str(error)  # no internal error was masked
        assert "\n" not in str(error)
    else:
        assert_valid(chain)


def test_consulted_and_informed_people_round_trip_by_name():
    text = (
        "department,touchpoint,owner,consulted,informed\n"
        "Sales,Confirms order,Ana Ruiz,Bo Lind; Cy Park,Ana Ruiz\n"
        "Sales,Sends invoice,Bo Lind,,Dee Moss;  bo lind \n"
    )
    chain = import_text(text)
    people = {person.name: person for person in chain.people}
    confirm, invoice = chain.touchpoints
    assert [people_name(chain, id) for id in confirm.consulted] == ["Bo Lind", "Cy Park"]
    assert [people_name(chain, id) for id in invoice.informed] == ["Dee Moss", "Bo Lind"]
    assert people["Cy Park"].department is None  # a RACI cell does not say where they work
    rows = list(csv.DictReader(io.StringIO(export_csv(chain), newline="")))
    assert [(row["consulted"], row["informed"]) for row in rows] == [("Bo Lind; Cy Park", "Ana Ruiz"),
                                                                     ("", "Dee Moss; Bo Lind")]


def people_name(chain, id):
    return next(person.name for person in chain.people if person.id == id)
