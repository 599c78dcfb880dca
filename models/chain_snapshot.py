"""A copy of a chain, taken and used off the editor's thread.

An auto-layout runs in a worker thread on a copy of the chain, so the user can go on
editing. Serialising the chain (or a deep copy) takes a tenth of a second at 5,000
touchpoints, and pydantic does it in one call that holds the interpreter lock, so the
editor stalls whether it runs on the UI thread or in the worker.

`ChainSnapshot.take` copies instead each element's field table (a dict copy, well under a
microsecond) and the lists that hold the elements: Python work that gives the interpreter
lock back every few milliseconds, so the worker takes the copy itself (a quarter of a
second at 20,000 touchpoints) while edits wait for it (app.auto_layout). `chain()` builds
unvalidated models from those tables, in the worker too. The
field values themselves are shared: that is safe because the Document never changes a
value in place, it assigns a new one (Document.assign_fields), and it adds and removes
elements in the chain's lists, which the snapshot copied.
"""

from __future__ import annotations

from models.chain import Chain
from models.collector import collector_paused

#: The chain's fields that hold elements (the Document's groups).
ELEMENT_LISTS = ("departments", "stages", "people", "touchpoints", "handoffs", "comments", "actions", "sessions")


def _fields(model) -> tuple[type, dict, set]:
    return type(model), model.__dict__.copy(), set(model.__pydantic_fields_set__)


def _build(fields: tuple[type, dict, set]):
    model_type, values, fields_set = fields
    return model_type.model_construct(_fields_set=fields_set, **values)


class ChainSnapshot:
    """The chain's content at one moment; `chain()` makes a Chain of it (in any thread)."""

    def __init__(self, chain_fields: tuple[type, dict, set], elements: dict[str, list[tuple[type, dict, set]]]):
        self._chain_fields = chain_fields
        self._elements = elements

    @classmethod
    def take(cls, chain: Chain) -> ChainSnapshot:
        """Copy what a later edit could change (about 20 ms at 5,000 touchpoints); the
        chain must not change meanwhile."""
        with collector_paused():  # thousands of small dicts, all kept
            elements = {name: [_fields(element) for element in getattr(chain, name)] for name in ELEMENT_LISTS}
        return cls(_fields(chain), elements)

    def chain(self) -> Chain:
        """A Chain equal to the one taken, sharing no list or element with it."""
        model_type, values, fields_set = self._chain_fields
        values = dict(values)
        for name, elements in self._elements.items():
            values[name] = [_build(fields) for fields in elements]
        return model_type.model_construct(_fields_set=fields_set, **values)
