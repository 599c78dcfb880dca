"""Three-way merge of chains by element id and field.

A change made on one side only is taken; the same change on both sides is fine; different
changes to the same field (or an element removed on one side and changed on the other)
are conflicts, and the result keeps "ours" for them. The result always passes
`find_integrity_problem`: references left dangling by the other side's removals are
cleared or dropped, each with a conflict that says so.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from typing import Any

from models.chain import Chain
from models.diff import (
    GROUPS,
    MISSING,
    Path,
    chain_fields_data,
    dotted,
    element_data,
    element_key,
    get_path,
    set_path,
    value_changes,
)
from models.integrity import find_integrity_problem
from models.printable import printable

KIND_OF_GROUP = dict(GROUPS)


@dataclass
class Conflict:
    kind: str  # "field", "remove-change", "add-add", "order", "integrity"
    id: str | None  # the element's id, None for the chain's own fields
    field: str | None  # dotted field path, None when the whole element is concerned
    ours: Any
    theirs: Any
    message: str

    def to_text(self) -> str:
        """One line, control characters in the field and message escaped."""
        where = self.id or "(chain)"
        if self.field:
            where += f" {self.field}"
        return printable(f"conflict {self.kind} {where}: {self.message}")


@dataclass
class MergeResult:
    chain: Chain
    conflicts: list[Conflict] = field(default_factory=list)


def _overlaps(a: Path, b: Path) -> bool:
    shorter = min(len(a), len(b))
    return a[:shorter] == b[:shorter]


def _show(value: Any) -> str:
    return "(none)" if value is MISSING or value is None else json.dumps(value, ensure_ascii=False)


def merge_fields(
    base: dict, ours: dict, theirs: dict, element_id: str | None, conflicts: list[Conflict]
) -> dict:
    """Ours with the changes theirs made to fields ours left alone."""
    merged = copy.deepcopy(ours)
    our_paths = [path for path, _old, _new in value_changes(base, ours)]
    reported: set[Path] = set()
    for path, _old, their_value in value_changes(base, theirs):
        clashing = [other for other in our_paths if _overlaps(path, other)]
        if not clashing:
            set_path(merged, path, their_value)
            continue
        field_path = min([path, *clashing], key=len)
        ours_value = get_path(ours, field_path)
        theirs_value = get_path(theirs, field_path)
        if ours_value == theirs_value or field_path in reported:
            continue
        reported.add(field_path)
        name = dotted(field_path)
        conflicts.append(
            Conflict(
                "field",
                element_id,
                name,
                None if ours_value is MISSING else ours_value,
                None if theirs_value is MISSING else theirs_value,
                f"both sides changed {name}: ours {_show(ours_value)}, theirs "
                f"{_show(theirs_value)}; kept ours",
            )
        )
    return merged


def _reordered(base_ids: list[str], side_ids: list[str]) -> bool:
    """Whether a side changed the relative order of the elements it kept."""
    base_set, side_set = set(base_ids), set(side_ids)
    return [i for i in side_ids if i in base_set] != [i for i in base_ids if i in side_set]


def merge_order(
    base_ids: list[str], ours_ids: list[str], theirs_ids: list[str], kept: set[str]
) -> tuple[list[str], bool]:
    """The order of the kept ids, and whether both sides reordered differently.

    The side that reordered gives the order (ours when neither or both did); elements
    only the other side has go in after their predecessor in that side's list.
    """
    ours_moved, theirs_moved = _reordered(base_ids, ours_ids), _reordered(base_ids, theirs_ids)
    clash = ours_moved and theirs_moved and _common_order(ours_ids, theirs_ids, base_ids)
    primary, secondary = (theirs_ids, ours_ids) if theirs_moved and not ours_moved else (ours_ids, theirs_ids)
    result = [i for i in primary if i in kept]
    placed = set(result)
    previous = None
    for element_id in secondary:
        if element_id in kept and element_id not in placed:
            index = result.index(previous) + 1 if previous is not None else 0
            result.insert(index, element_id)
            placed.add(element_id)
        if element_id in placed:
            previous = element_id
    return result, bool(clash)


def _common_order(ours_ids: list[str], theirs_ids: list[str], base_ids: list[str]) -> bool:
    common = set(ours_ids) & set(theirs_ids) & set(base_ids)
    return [i for i in ours_ids if i in common] != [i for i in theirs_ids if i in common]


def _merge_group(
    group: str, base: Chain, ours: Chain, theirs: Chain, conflicts: list[Conflict]
) -> list[dict]:
    kind = KIND_OF_GROUP[group]
    sides = [{element_key(e): element_data(e) for e in getattr(c, group)} for c in (base, ours, theirs)]
    base_map, ours_map, theirs_map = sides
    merged: dict[str, dict] = {}
    for element_id in {**base_map, **ours_map, **theirs_map}:
        b, o, t = base_map.get(element_id), ours_map.get(element_id), theirs_map.get(element_id)
        if b is None:  # added on one side or both
            if o is not None and t is not None and o != t:
                conflicts.append(
                    Conflict("add-add", element_id, None, o, t,
                             f"both sides added a {kind} {element_id} that differ; kept ours")
                )
            merged[element_id] = o if o is not None else t
        elif o is None and t is None:  # removed on both sides
            continue
        elif o is None or t is None:  # removed on one side
            other = t if o is None else o
            if other == b:
                continue
            remover, changer = ("ours", "theirs") if o is None else ("theirs", "ours")
            conflicts.append(
                Conflict("remove-change", element_id, None, o, t,
                         f"{remover} removed the {kind} {element_id}, {changer} changed it; "
                         "kept ours")
            )
            if o is not None:
                merged[element_id] = o
        else:
            merged[element_id] = merge_fields(b, o, t, element_id, conflicts)

    order, clash = merge_order(
        list(base_map), list(ours_map), list(theirs_map), set(merged)
    )
    if clash and group == "departments":
        conflicts.append(
            Conflict("order", None, "department order", list(ours_map), list(theirs_map),
                     "both sides changed the department (lane) order; kept ours")
        )
    return [merged[element_id] for element_id in order]


def merge_chains(base: Chain, ours: Chain, theirs: Chain) -> MergeResult:
    """Three-way merge of `ours` and `theirs`, which both started from `base`."""
    conflicts: list[Conflict] = []
    data = merge_fields(
        chain_fields_data(base), chain_fields_data(ours), chain_fields_data(theirs), None, conflicts
    )
    data = {"format": ours.format, "version": ours.version, **data}
    for group, _kind in GROUPS:
        data[group] = _merge_group(group, base, ours, theirs, conflicts)
    _repair_integrity(data, (ours, theirs, base), conflicts)
    chain = Chain.model_validate_json(json.dumps(data))
    return MergeResult(chain, conflicts)


_ELEMENT_PATH = re.compile(r"^\$\.(\w+)\[(\d+)\]\.(\w+)$")
_IGNORE_PATH = re.compile(r"^\$\.lint\.ignore\[(\d+)\]\.element$")
#: A reference in a list of ids: a session's attendees, an action's elements or comments,
#: the people a touchpoint consults or informs.
_LIST_ITEM_PATH = re.compile(
    r"^\$\.(sessions|actions|touchpoints)\[(\d+)\]\.(attendees|elements|comments|consulted|informed)\[(\d+)\]$"
)
_SIGNOFF_SESSION_PATH = re.compile(r"^\$\.touchpoints\[(\d+)\]\.review\.signoffs\[(\d+)\]\.session$")


def _repair_integrity(data: dict, sources: tuple[Chain, ...], conflicts: list[Conflict]) -> None:
    """Clear or drop what refers to elements the other side removed, until nothing does."""
    references = (
        sum(len(s["attendees"]) for s in data["sessions"]) + len(data["lint"]["ignore"])
        + sum(len(t["review"]["signoffs"]) for t in data["touchpoints"])
        + sum(len(a["elements"]) + len(a["comments"]) for a in data["actions"])
        + sum(len(t["consulted"]) + len(t["informed"]) for t in data["touchpoints"])
    )
    for _attempt in range(10 * (sum(len(data[g]) for g, _k in GROUPS) + references) + 10):
        chain = Chain.model_validate_json(json.dumps(data))
        problem = find_integrity_problem(chain)
        if problem is None:
            return
        ignore = _IGNORE_PATH.match(problem.path)
        if ignore:
            entry = data["lint"]["ignore"].pop(int(ignore.group(1)))
            conflicts.append(
                Conflict("integrity", entry["element"], "lint.ignore", None, None,
                         f"dropped the lint ignore of {entry['rule']}: its element was removed")
            )
            continue
        item = _LIST_ITEM_PATH.match(problem.path)
        if item:
            group, index, key, number = item.group(1), int(item.group(2)), item.group(3), int(item.group(4))
            element = data[group][index]
            gone = element[key].pop(number)
            conflicts.append(
                Conflict("integrity", element["id"], key, gone, None,
                         f"took {gone} off the {KIND_OF_GROUP[group]} {element['id']}'s {key}: it was removed")
            )
            continue
        signoff_session = _SIGNOFF_SESSION_PATH.match(problem.path)
        if signoff_session:
            touchpoint = data["touchpoints"][int(signoff_session.group(1))]
            signoff = touchpoint["review"]["signoffs"][int(signoff_session.group(2))]
            conflicts.append(
                Conflict("integrity", touchpoint["id"], "review.signoffs", signoff["session"], None,
                         f"cleared the session of {signoff['name']}'s sign-off on {touchpoint['id']}: "
                         f"the session {signoff['session']} was removed")
            )
            signoff["session"] = None
            continue
        match = _ELEMENT_PATH.match(problem.path)
        if not match:  # cannot happen for the problems find_integrity_problem reports
            raise ValueError(f"cannot repair the merged chain: {problem.path}: {problem.reason}")
        group, index, key = match.group(1), int(match.group(2)), match.group(3)
        element = data[group][index]
        kind = KIND_OF_GROUP[group]
        if key == "id":
            data[group].pop(index)
            conflicts.append(
                Conflict("integrity", element["id"], None, None, element,
                         f"dropped a {kind} whose id {element['id']} is already used by "
                         "another element")
            )
        elif group == "ratings":  # customer and provider are what a rating is about
            data[group].pop(index)
            conflicts.append(
                Conflict("integrity", None, "ratings", element, None,
                         f"dropped the rating of {element['provider']} by {element['customer']} for "
                         f"{element['period']}: the {key} department was removed")
            )
        elif key in ("from", "to"):
            data[group].pop(index)
            conflicts.append(
                Conflict("integrity", element["id"], key, None, element[key],
                         f"dropped the handoff {element['id']}: its touchpoint "
                         f"{element[key]} was removed")
            )
        elif group == "touchpoints" and key == "department":
            department = _find_department(element["department"], sources)
            if department is None:
                data[group].pop(index)
                conflicts.append(
                    Conflict("integrity", element["id"], "department", None, element["department"],
                             f"dropped the touchpoint {element['id']}: its department "
                             f"{element['department']} was removed")
                )
            else:
                data["departments"].append(department)
                conflicts.append(
                    Conflict("integrity", department["id"], None, None, department,
                             f"kept the department {department['id']} that one side removed: "
                             f"the touchpoint {element['id']} is in it")
                )
        else:  # department.lead, person.department, touchpoint.owner, and a comment's
            # element (it is then about the chain), reply_to (it starts a thread) or session
            conflicts.append(
                Conflict("integrity", element["id"], key, element[key], None,
                         f"cleared the {kind} {element['id']}'s {key}: {element[key]} was removed")
            )
            element[key] = None


def _find_department(department_id: str, sources: tuple[Chain, ...]) -> dict | None:
    for chain in sources:
        for department in chain.departments:
            if department.id == department_id:
                return element_data(department)
    return None
