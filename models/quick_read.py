"""Reading a sound chain file the quick way, and vouching that the strict way (the reader
in models.chain_file) would have read the same chain.

The strict reader parses with Python's json module, with a hook on every object that
refuses a key given twice and counts the elements as they are read, then validates the
parsed objects: about four times as long as json.loads alone. Pydantic's own parser
validates as it parses, in about half that time, but keeps the last of a repeated key
and knows no element limit. So `read_sound_chain` parses with pydantic and then shows, with
exact checks that cost little, that the strict reader would have found nothing wrong:

- Elements: the text holds `"id"` at most `max_elements` times, counting every `\\u`
  escape as a possibly disguised one; else it may have more elements than a chain may,
  and the strict reader refuses that while reading, in little memory. A file with no
  more keys than that needs no count: "id" is a key.
- Repeated keys: the keys of the file are counted from its bytes (`keys_written`), and
  the keys of the chain from its objects (models.model_tally): each object holds each
  of its keys once, so with no key repeated it holds every key the file gave it. A
  repeated key (or the alias and the name of one field) drops a key, and the keys of
  the value it held, so the file has more keys than the chain.
- JSON: pydantic's parser takes no text that Python's json refuses (control characters
  in strings, lone surrogates, numbers of more than 4,300 digits, trailing text, ...;
  tests/models/test_quick_read.py compares the two), and validation of parsed JSON
  accepts the same values as validation of json's objects in strict mode.
- The file names its format and version, and its ids and references are sound.

Pydantic validates with models.column_validation.QUICK_VALIDATOR: Chain's own schema but
for two validators whose work `finish` does afterwards, from the fields read in the same
pass as the counts (models.model_tally), instead of walking every touchpoint once more.

It returns None for any other file; the strict reader then reads it and says what is
wrong, so every message a user sees is the strict reader's.
"""

from __future__ import annotations

import sys

from pydantic import ValidationError

from models import column_validation, integrity
from models.chain import Chain
from models.column_validation import QUICK_VALIDATOR, finish
from models.integrity import find_integrity_problem
from models.model_tally import tally_and_share

#: The most digits Python's int() takes from text by default, as json.loads does; the
#: JSON parser refuses longer numbers too, so both refuse the same files unless the
#: limit was lowered.
_INT_DIGITS = 4300

#: The fields that `finish` and the integrity check read, by class: the tally reads them in
#: its pass over every object, so that neither reads the touchpoints again.
_COLUMNS = {
    kind: tuple(dict.fromkeys(column_validation.COLUMNS.get(kind, ()) + integrity.COLUMNS.get(kind, ())))
    for kind in column_validation.COLUMNS | integrity.COLUMNS
}


#: Every byte but '"' and ':', for bytes.translate to take out.
_NOT_QUOTE_OR_COLON = bytes(byte for byte in range(256) if byte not in b'":')


def keys_written(data: bytes) -> int:
    """How many keys the JSON text `data` holds: its colons outside strings (exact for
    valid JSON; for other text, a number).

    Without its escapes, every '"' of the text opens or closes a string, so a colon
    after an even number of them ends a key. A backslash escapes the character after
    it: taking out the pairs of backslashes first leaves each of the others before the
    character it escapes, and an escaped quote is taken out with its backslash (the
    other escapes hold neither a quote nor a colon). Then `translate` keeps only the
    quotes and colons; taking out two quotes side by side (most strings: they hold no
    colon) leaves every other character after as many quotes, but for an even number,
    as before; what is left is short, and split at its quotes, the colons outside
    strings are in every other piece. All of it runs in C."""
    if b"\\" in data:  # one memchr: most files have no escape at all
        data = data.replace(b"\\\\", b"").replace(b'\\"', b"")
    skeleton = data.translate(None, _NOT_QUOTE_OR_COLON).replace(b'""', b"")
    return sum(map(len, skeleton.split(b'"')[::2]))


def read_sound_chain(data: bytes, max_elements: int, header_keys: tuple[str, ...]) -> Chain | None:
    """The chain in `data` (UTF-8 JSON without a byte-order mark), or None if it cannot
    vouch that the strict reader would return the same chain from it."""
    if 0 < sys.get_int_max_str_digits() < _INT_DIGITS:
        return None
    keys = keys_written(data)
    if keys > max_elements:  # else it cannot: every element has an "id" key
        disguised_ids = data.count(b"\\u") if b"\\" in data else 0
        if data.count(b'"id"') + disguised_ids > max_elements:
            return None
    try:
        chain = QUICK_VALIDATOR.validate_json(data)
    except ValidationError:
        return None
    if not set(header_keys) <= chain.model_fields_set:
        return None
    found = tally_and_share(chain, _COLUMNS)
    if found.keys != keys:
        return None  # a key given twice
    if not finish(chain, found):
        return None  # a touchpoint's results or marks are wrong
    if find_integrity_problem(chain, found.columns) is not None:
        return None
    return chain
