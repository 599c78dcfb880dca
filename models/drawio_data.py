"""The chain's own data on the cells of a draw.io diagram, so that our draw.io export
imports back as the same chain.

draw.io keeps data of any name on a cell wrapped in `<object label="…" name="value">`
(its "Edit Data" dialog shows and edits it). The export (models.drawio_export) wraps
every cell it writes so, and the import (models.drawio_import) reads it back:

- `chain` names what the cell is: "service-chain" on the root cell (id "0"), then
  "department" (a lane), "touchpoint" (a card), "handoff" (a connector) and "passes"
  (the label on a connector that shows what the handoff passes). A cell without it
  is read as any draw.io shape is.
- The element's id is the cell's id after a prefix of its kind ("card:intake"), so no
  id can be draw.io's own "0" or "1", and a cell copied in draw.io (which gets a new
  id) becomes a new element.
- What the picture shows is not repeated: a name or label is the cell's label, a
  department is the lane a card is in, a position is the card's place in its lane, a
  handoff's ends are the connector's. Every other field of the element that is not at
  its default is an attribute of the same name: text as it is, anything else (a
  number, a procedure, a review, a size, the people, the lint settings) as JSON.

Text that XML cannot hold (control characters other than tab and line breaks, U+FFFE,
U+FFFF) becomes U+FFFD; everything else, line breaks included, is kept exactly.
"""

from __future__ import annotations

import json
import re

from pydantic import BaseModel, ValidationError

from models.chain import Chain, Department, Handoff, Touchpoint

MARKER = "chain"
CHAIN, DEPARTMENT, TOUCHPOINT, HANDOFF, PASSES = (
    "service-chain", "department", "touchpoint", "handoff", "passes"
)
#: The prefix of a cell's id, by what the cell is; the element's id follows it.
ID_PREFIXES = {DEPARTMENT: "lane:", TOUCHPOINT: "card:", HANDOFF: "edge:", PASSES: "pill:"}

#: Fields the picture carries (or the file's header), never written as attributes.
_PICTURE_FIELDS: dict[type[BaseModel], frozenset[str]] = {
    Chain: frozenset({"format", "version", "departments", "touchpoints", "handoffs"}),
    Department: frozenset({"id", "name"}),
    Touchpoint: frozenset({"id", "label", "department", "position"}),
    Handoff: frozenset({"id", "from", "to", "label", "passes"}),
}

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """`text` with the characters XML 1.0 cannot hold replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def cell_id(kind: str, element_id: str) -> str:
    return ID_PREFIXES[kind] + element_id


def element_id(kind: str, cell_id: str) -> str | None:
    """The element id in a cell id of `kind`, or None when the cell id has none."""
    prefix = ID_PREFIXES[kind]
    return cell_id[len(prefix):] if cell_id.startswith(prefix) else None


def data_attributes(element: BaseModel) -> dict[str, str]:
    """The element's fields that the picture does not show, as attributes."""
    picture = _PICTURE_FIELDS[type(element)]
    dumped = element.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    return {
        name: xml_safe(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
        for name, value in dumped.items()
        if name not in picture
    }


def data_fields(model: type[BaseModel]) -> frozenset[str]:
    """The attribute names `data_attributes` may write for elements of `model`."""
    names = {field.alias or name for name, field in model.model_fields.items()}
    return frozenset(names - _PICTURE_FIELDS[model])


def element_from_data(model: type[BaseModel], fixed: dict, attributes: dict[str, str]):
    """An element of `model` from what the picture gives (`fixed`) and the cell's
    attributes, and the names of the attributes left out because they do not hold a
    value of their field (after an edit in draw.io, say).

    An attribute is taken as text first and, when its field holds no text, as JSON.
    """
    values: dict[str, object] = {
        name: text for name, text in attributes.items() if name in data_fields(model)
    }
    rejected: list[str] = []
    for last_try in (False, False, True):
        try:
            return model.model_validate({**fixed, **values}), rejected
        except ValidationError as error:
            failing = {e["loc"][0] for e in error.errors() if e["loc"] and e["loc"][0] in values}
            if not failing or last_try:  # (a value the picture gives is never wrong)
                raise
        for name in failing:
            if values[name] is attributes[name]:  # tried as text only
                try:
                    values[name] = json.loads(attributes[name])
                    continue
                except ValueError:
                    pass
            del values[name]
            rejected.append(name)
    raise AssertionError("the last try returns or raises")
