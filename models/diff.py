"""Differences between two chains by element id and field, not by text line.

Elements are compared as the plain data of the file (`model_dump`), so a field is named
as in the file: `label`, `position.x`, `procedure.title`, `review.status`. Nested objects
are compared field by field; lists (such as `review.signoffs`) as whole values.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Iterator

from models.chain import Chain, Rating, Term
from models.printable import printable

# (group in the file, what one element is called)
GROUPS: tuple[tuple[str, str], ...] = (
    ("departments", "department"),
    ("stages", "stage"),
    ("people", "person"),
    ("touchpoints", "touchpoint"),
    ("handoffs", "handoff"),
    ("comments", "comment"),
    ("actions", "action"),
    ("ratings", "rating"),
    ("sessions", "session"),
    ("glossary", "term"),
)
CHAIN_FIELDS: tuple[str, ...] = ("title", "organisation", "vision", "description", "lint")

Path = tuple[str, ...]


class _Missing:
    """A key that one side of a free-form dict (such as `lint.rules`) does not have."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


def element_key(element) -> str:
    """What names an element across versions: its id ("customer/provider/period" for a
    rating, the term for a glossary term: they have none)."""
    return element.key if isinstance(element, (Rating, Term)) else element.id


def element_data(element) -> dict:
    """The data of one element, every field present, keys as in the file."""
    return element.model_dump(mode="json", by_alias=True)


def chain_fields_data(chain: Chain) -> dict:
    data = chain.model_dump(mode="json", by_alias=True, include=set(CHAIN_FIELDS))
    return {name: data[name] for name in CHAIN_FIELDS}


def value_changes(old: Any, new: Any, path: Path = ()) -> Iterator[tuple[Path, Any, Any]]:
    """(path, old, new) for every leaf that differs; dicts recurse, the rest compare whole."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key in list(old) + [key for key in new if key not in old]:
            yield from value_changes(old.get(key, MISSING), new.get(key, MISSING), path + (key,))
    elif old != new:
        yield path, old, new


def get_path(data: Any, path: Path) -> Any:
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return MISSING
        data = data[key]
    return data


def set_path(data: dict, path: Path, value: Any) -> None:
    for key in path[:-1]:
        data = data[key]
    if value is MISSING:
        data.pop(path[-1], None)
    else:
        data[path[-1]] = value


def dotted(path: Path) -> str:
    return ".".join(path)


COMMENT_LABEL_LENGTH = 60  # a comment is named by the start of its text


def element_label(group: str, element) -> str | None:
    if group in ("departments", "people", "stages"):
        return element.name
    if group == "glossary":
        return element.term
    if group == "comments":
        text = " ".join(element.text.split())
        return text if len(text) <= COMMENT_LABEL_LENGTH else text[: COMMENT_LABEL_LENGTH - 1] + "…"
    if group in ("sessions", "actions"):
        return element.title
    if group == "ratings":
        return f"{element.score:g} of 5"
    return element.label  # a touchpoint's label; a handoff's, often None


def format_value(value: Any) -> str:
    if value is MISSING or value is None:
        return "(none)"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return json.dumps(value, ensure_ascii=False)


def _json_value(value: Any) -> Any:
    return None if value is MISSING else value


@dataclass
class FieldChange:
    field: str
    old: Any
    new: Any

    def to_text(self) -> str:
        return f"{self.field} {format_value(self.old)} -> {format_value(self.new)}"

    def to_json(self) -> dict:
        return {"field": self.field, "old": _json_value(self.old), "new": _json_value(self.new)}


@dataclass
class ElementRef:
    kind: str  # "touchpoint", "handoff", ...
    id: str
    label: str | None

    def title(self) -> str:
        label = f' "{self.label}"'.replace("\n", " ") if self.label else ""
        return f"{self.kind} {self.id}{label}"


@dataclass
class ElementChange(ElementRef):
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class GroupDiff:
    added: list[ElementRef] = field(default_factory=list)
    removed: list[ElementRef] = field(default_factory=list)
    changed: list[ElementChange] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


@dataclass
class ChainDiff:
    chain: list[FieldChange] = field(default_factory=list)
    department_order: tuple[list[str], list[str]] | None = None
    groups: dict[str, GroupDiff] = field(default_factory=dict)

    def is_empty(self) -> bool:
        return (
            not self.chain
            and self.department_order is None
            and all(group.is_empty() for group in self.groups.values())
        )

    def to_text(self) -> str:
        """One line per change, control characters in labels and values escaped."""
        lines = []
        if self.chain:
            lines.append("~ chain: " + "; ".join(change.to_text() for change in self.chain))
        if self.department_order is not None:
            old, new = self.department_order
            lines.append(f"~ department order: {', '.join(old)} -> {', '.join(new)}")
        for group, _kind in GROUPS:
            diff = self.groups.get(group) or GroupDiff()
            lines += [f"+ {ref.title()}" for ref in diff.added]
            lines += [f"- {ref.title()}" for ref in diff.removed]
            lines += [
                f"~ {change.title()}: " + "; ".join(f.to_text() for f in change.fields)
                for change in diff.changed
            ]
        # One change a line, whatever the labels and values hold.
        return "\n".join(printable(line) for line in lines)

    def to_json(self) -> dict:
        result: dict[str, Any] = {
            "equal": self.is_empty(),
            "chain": [change.to_json() for change in self.chain],
            "department_order": None
            if self.department_order is None
            else {"old": self.department_order[0], "new": self.department_order[1]},
        }
        for group, _kind in GROUPS:
            diff = self.groups.get(group) or GroupDiff()
            result[group] = {
                "added": [{"id": ref.id, "label": ref.label} for ref in diff.added],
                "removed": [{"id": ref.id, "label": ref.label} for ref in diff.removed],
                "changed": [
                    {
                        "id": change.id,
                        "label": change.label,
                        "fields": [f.to_json() for f in change.fields],
                    }
                    for change in diff.changed
                ],
            }
        return result


def diff_chains(a: Chain, b: Chain) -> ChainDiff:
    """What changed from `a` to `b`, by element id and field."""
    result = ChainDiff()
    result.chain = [
        FieldChange(dotted(path), old, new)
        for path, old, new in value_changes(chain_fields_data(a), chain_fields_data(b))
    ]
    for group, kind in GROUPS:
        old_elements = {element_key(element): element for element in getattr(a, group)}
        new_elements = {element_key(element): element for element in getattr(b, group)}
        diff = GroupDiff()
        for element_id, element in new_elements.items():
            if element_id not in old_elements:
                diff.added.append(ElementRef(kind, element_id, element_label(group, element)))
        for element_id, element in old_elements.items():
            if element_id not in new_elements:
                diff.removed.append(ElementRef(kind, element_id, element_label(group, element)))
                continue
            new = new_elements[element_id]
            changes = [
                FieldChange(dotted(path), old, new_value)
                for path, old, new_value in value_changes(element_data(element), element_data(new))
            ]
            if changes:
                diff.changed.append(
                    ElementChange(kind, element_id, element_label(group, new), changes)
                )
        result.groups[group] = diff

    old_order = [d.id for d in a.departments]
    new_order = [d.id for d in b.departments]
    common = set(old_order) & set(new_order)
    if [i for i in old_order if i in common] != [i for i in new_order if i in common]:
        result.department_order = (old_order, new_order)
    return result
