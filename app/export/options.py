"""What to export and how: the options, the part of the chain they name, and the atomic write.

Everything here is plain Python (no Qt), so the command line can check a request and
the format registry (app/export/formats.py) can name these before any drawing starts.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from models.chain import Chain
from models.chain_file import ChainFileError, save_bytes
from models.fragment import extract_fragment

SCOPES = ("chain", "selection", "department")
#: The PDF page sizes by name (app/export/pdf.py gives each its QPageSize).
PAGES = ("a4", "letter", "slide")

# The C0 controls but tab and newline, DEL, lone surrogates, U+FFFE and U+FFFF: in the
# labels we draw they would show as boxes or break the SVG.
_NOT_PRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class ExportOptions:
    """What to export and how; frozen, so change one with dataclasses.replace()."""

    scope: str = "chain"  # "chain" | "selection" | "department"
    touchpoint_ids: tuple = ()  # for scope "selection"
    department_id: str | None = None  # for scope "department"
    title: bool = True  # the chain's title above the diagram (for decks)
    badges: bool = False  # finding badges only when asked for
    links: bool = False  # SVG: safe procedure links as <a> elements
    scale: float = 2.0  # PNG: 1, 2 or 3 (or dpi / 96)
    transparent: bool = False  # PNG background
    page: str = "a4"  # PDF: "a4" | "letter" | "slide" (16:9, 254 x 142.9 mm, always landscape)
    landscape: bool | None = None  # PDF: None follows the picture (landscape when it is wider)
    margin_mm: float = 10.0
    fit: bool = True  # PDF: fit to one page; False = tiles when text would be too small
    findings: bool = False  # handout: include the open findings section
    comments: bool = False  # handout: include the open critiques section
    scorecard: bool = False  # handout: include the scorecard section (measures, results, ratings)
    legend: bool = False  # SVG, PNG, PDF: a legend below the diagram (the handout has one on its cover)
    owner_names: bool = False  # cards name their owner (the handout's diagram always does)
    bom: bool = False  # CSV: a UTF-8 byte-order mark first, so Excel reads the text as UTF-8


class ExportError(Exception):
    """An export that could not be made; its text is one plain sentence."""


def scoped_chain(chain: Chain, options: ExportOptions) -> Chain:
    """The chain, the selected touchpoints, or one department, as a chain of its own.

    A part keeps the handoffs among its touchpoints, the owners, and the chain's title,
    organisation, vision and description; its cards are moved to the top left of their
    lanes, so the export does not begin with the empty room where the rest of the chain was.
    """
    if options.scope == "chain":
        if not chain.departments:
            raise ExportError("There is nothing to export: the chain has no departments yet.")
        return chain
    if options.scope == "selection":
        wanted = set(options.touchpoint_ids)
        if not any(touchpoint.id in wanted for touchpoint in chain.touchpoints):
            raise ExportError("There is nothing to export: select one or more touchpoints first.")
        part = extract_fragment(chain, wanted)
    elif options.scope == "department":
        part = _department_part(chain, options.department_id)
    else:
        raise ExportError(f"Unknown export scope {options.scope!r}; use one of {', '.join(SCOPES)}.")
    part = part.model_copy(
        update={
            "organisation": chain.organisation,
            "vision": chain.vision,
            "description": chain.description,
            "lint": chain.lint.model_copy(deep=True),
        }
    )
    return _moved_to_top_left(part)


def _department_part(chain: Chain, department_id: str | None) -> Chain:
    department = next((d for d in chain.departments if d.id == department_id), None)
    if department is None:
        raise ExportError("There is nothing to export: choose a department of this chain.")
    ids = [t.id for t in chain.touchpoints if t.department == department.id]
    if not ids:
        raise ExportError(f"There is nothing to export: “{department.name}” has no touchpoints yet.")
    part = extract_fragment(chain, ids)
    # The fragment drops the lead (made for pasting elsewhere); a department's own
    # handout names it.
    lead = next((p for p in chain.people if p.id == department.lead), None)
    people = list(part.people)
    if lead is not None and all(p.id != lead.id for p in people):
        people.append(lead.model_copy(update={"department": department.id}))
    return part.model_copy(update={"departments": [department.model_copy()], "people": people})


def _moved_to_top_left(chain: Chain) -> Chain:
    """Cards shifted left by the same amount, and up to the top of each lane."""
    if not chain.touchpoints:
        return chain
    left = min(t.position.x for t in chain.touchpoints)
    tops: dict[str, float] = {}
    for touchpoint in chain.touchpoints:
        tops[touchpoint.department] = min(tops.get(touchpoint.department, math.inf), touchpoint.position.y)
    touchpoints = [
        t.model_copy(
            update={
                "position": t.position.model_copy(
                    update={
                        "x": round(t.position.x - left + 40.0, 2),
                        "y": round(t.position.y - tops[t.department] + 20.0, 2),
                    }
                )
            }
        )
        for t in chain.touchpoints
    ]
    return chain.model_copy(update={"touchpoints": touchpoints})


def printable_text(text: str) -> str:
    """`text` without the control characters that would show as boxes or break XML."""
    return _NOT_PRINTABLE.sub("", text)


def printable_chain(chain: Chain) -> Chain:
    """A copy of `chain` whose every text is printable; links are kept as they are.

    Links are left alone so that `is_safe_link` still sees, and refuses, a control
    character hidden in one ("java\\tscript:").
    """
    return Chain.model_validate(_printable_data(chain.model_dump(by_alias=True)))


def _printable_data(value, key: str | None = None):
    if isinstance(value, str):
        return value if key == "link" else printable_text(value)
    if isinstance(value, dict):
        return {k: _printable_data(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_printable_data(item) for item in value]
    return value


def check_options(options: ExportOptions) -> None:
    """Refuse, in one sentence, a page, scale or margin no drawn export can take."""
    if options.page not in PAGES:
        raise ExportError(f"Unknown page size {options.page!r}; use one of {', '.join(PAGES)}.")
    if not (0.1 <= options.scale <= 8):
        raise ExportError(f"The image scale must be between 0.1 and 8, not {options.scale:g}.")
    if not (0 <= options.margin_mm <= 40):
        raise ExportError(f"Page margins must be between 0 and 40 mm, not {options.margin_mm:g}.")


def write_file(data: bytes, path) -> None:
    """Write atomically; every failure becomes one ExportError sentence."""
    try:
        save_bytes(data, Path(path))
    except ChainFileError as error:
        raise ExportError(f"Could not export to {error.file}: {error.reason.rstrip('.')}.") from None
