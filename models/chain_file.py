"""Reading and writing `.chain` files: strict loading, canonical bytes, atomic saving.

`load_chain` turns every way a file can be wrong into one `ChainFileError` that names
the file, where in it the problem is, and what was expected. `save_chain` writes the
canonical bytes of the writing rules into a temporary file beside the target and
renames it over the target, so the file on disk is always a complete old or new version.
A save never replaces a file without write permission, nor anything that is not a
regular file (a pipe, a device, a folder).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import stat
import tempfile
import time
from pathlib import Path

from pydantic import ValidationError

from models.chain import FORMAT_NAME, FORMAT_VERSION, Chain
from models.collector import collector_paused
from models.integrity import find_integrity_problem
from models.model_tally import tally_and_share
from models.quick_read import read_sound_chain

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ELEMENTS = 100_000  # departments, people, touchpoints, handoffs, comments and sessions together
#: The keys every chain file carries; the model has defaults only for chains made in code.
HEADER_KEYS = ("format", "version")


class ChainFileError(Exception):
    """A chain file that cannot be read or written, with a one-line reason."""

    def __init__(self, file: str, reason: str, where: str | None = None):
        self.file = file
        self.where = where
        self.reason = reason
        super().__init__(str(self))

    def __str__(self) -> str:
        place = f" at {self.where}" if self.where else ""
        return f"{self.file}{place}: {self.reason}"


def load_chain(source: str | os.PathLike | bytes, name: str | None = None) -> Chain:
    """Load a chain from a path or from the bytes of a file.

    `name` is the file name used in messages when loading from bytes.
    Raises ChainFileError, and nothing else, for every bad file.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        name = name or "<data>"
    else:
        name = name or os.fspath(source)
        data = _read_file(Path(source), name)
    try:
        return _parse(data, name)
    except ChainFileError:
        raise
    except (RecursionError, MemoryError):
        raise ChainFileError(name, "the file is nested too deeply or is too large to read")
    except Exception as error:  # the promise: one clear message, never a traceback
        raise ChainFileError(name, f"the file could not be read ({type(error).__name__})")


def read_chain_bytes(path: str | os.PathLike) -> bytes:
    """The bytes of a chain file, read with the same checks and messages as load_chain."""
    return _read_file(Path(path), os.fspath(path))


def chain_to_bytes(chain: Chain) -> bytes:
    """The canonical bytes of a chain: what `save_chain` writes."""
    # pydantic's UTF-8 bytes as they are (model_dump_json decodes them to text, which was
    # then encoded again: a large chain's file held three times at once, now twice).
    data = chain.__pydantic_serializer__.to_json(chain, indent=2, by_alias=True, exclude_defaults=True)
    return data + b"\n"


def save_chain(chain: Chain, path: str | os.PathLike) -> None:
    """Write `chain` to `path` atomically; on failure the old file is untouched."""
    save_bytes(chain_to_bytes(chain), path)


def save_bytes(data: bytes, path: str | os.PathLike) -> None:
    """Atomically replace `path` with `data`: temporary file, fsync, rename, fsync folder.

    Refuses (ChainFileError) a target without write permission or that is not a regular
    file, since the rename would silently replace it. Removes the temporary files that
    earlier, killed saves left beside the target.
    """
    replacement = Replacement(path)
    replacement.write(data)
    replacement.commit()


class Replacement:
    """A file that atomically replaces `path` once complete, written a part at a time (a
    recovery copy as its text is made, so the text is never held whole): the parts go to
    a temporary file beside it, `commit` renames that over `path` and `abandon` removes it.

    Each method raises ChainFileError (see save_bytes) and then leaves nothing behind.
    """

    def __init__(self, path: str | os.PathLike):
        self.name = os.fspath(path)
        # Write through a symbolic link to the file it points at, so the link survives.
        self._target = target = Path(os.path.realpath(self.name))
        self._folder = folder = target.parent
        if not folder.is_dir():
            raise ChainFileError(self.name, f"the folder {folder} does not exist (any more)")
        try:
            status = target.stat()
        except FileNotFoundError:
            self._mode = _new_file_mode()
        except OSError as error:
            raise ChainFileError(self.name, _describe_os_error(error, folder)) from None
        else:
            _check_replaceable(self.name, target, status)
            self._mode = stat.S_IMODE(status.st_mode)
        remove_stale_temporaries(target)
        self._temp_name: str | None = None
        with self._reported():
            fd, self._temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
            self._temp = os.fdopen(fd, "wb")
            _claim(self._temp.fileno())  # held until the rename: the file is not abandoned

    def write(self, data: bytes) -> None:
        with self._reported():
            self._temp.write(data)

    def commit(self) -> None:
        with self._reported():
            with self._temp as temp:
                temp.flush()
                os.fsync(temp.fileno())
                os.chmod(self._temp_name, self._mode)
                os.replace(self._temp_name, self._target)
                self._temp_name = None
            _fsync_folder(self._folder)

    def abandon(self) -> None:
        """Remove the temporary file (once; later calls do nothing)."""
        if self._temp_name is not None:
            try:
                self._temp.close()
                os.unlink(self._temp_name)
            except OSError:
                pass
            self._temp_name = None

    @contextlib.contextmanager
    def _reported(self):
        """An OSError as a ChainFileError, the temporary file removed."""
        try:
            yield
        except OSError as error:
            self.abandon()
            raise ChainFileError(self.name, _describe_os_error(error, self._folder)) from None
        except BaseException:
            self.abandon()
            raise


def is_read_only(path: str | os.PathLike) -> bool:
    """True if `path` is an existing file that a save must not replace for lack of permission.

    A file without any write bit counts as read-only even for root (whom the operating
    system would let write it), since its owner meant it to stay as it is.
    """
    try:
        status = os.stat(path)
    except OSError:
        return False
    return _is_read_only(path, status)


def _is_read_only(path: str | os.PathLike, status: os.stat_result) -> bool:
    return not status.st_mode & 0o222 or not os.access(path, os.W_OK)


def _check_replaceable(name: str, target: Path, status: os.stat_result) -> None:
    mode = status.st_mode
    if stat.S_ISDIR(mode):
        raise ChainFileError(name, "this is a folder; give the name of a file to write")
    if not stat.S_ISREG(mode):
        kind = "a pipe" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
        raise ChainFileError(name, f"this is {kind}, not a file; it was left as it is")
    if _is_read_only(target, status):
        raise ChainFileError(
            name, "the file is read-only (it has no write permission); save under another name"
        )


#: How long a temporary file must have been left alone before it may count as abandoned.
TEMPORARY_MIN_AGE_SECONDS = 60


def remove_stale_temporaries(path: str | os.PathLike) -> int:
    """Remove the temporary files that killed saves left beside `path`; returns how many.

    A save writes `.NAME.<8 random characters>.tmp` and holds a flock on it until it has
    renamed it over NAME; a process that dies loses its flock. So a temporary file is
    abandoned when nobody holds its flock and it has not been written for a minute (the
    age covers the instant between creating the file and locking it, and writers that do
    not lock, such as older versions). Where there is no flock (Windows), the age alone
    decides, and Windows itself refuses to remove a file that its writer still has open.
    """
    target = Path(os.path.realpath(path))
    pattern = re.compile(re.escape(f".{target.name}.") + r"[a-z0-9_]{8}\.tmp")
    try:
        names = [entry.name for entry in os.scandir(target.parent) if pattern.fullmatch(entry.name)]
    except OSError:
        return 0
    now = time.time()
    removed = 0
    for name in names:
        try:
            removed += _remove_if_abandoned(target.parent / name, now)
        except OSError:
            pass  # gone already, or not ours to remove: leave it
    return removed


def _remove_if_abandoned(temp: Path, now: float) -> bool:
    if fcntl is None:
        if now - os.stat(temp).st_mtime < TEMPORARY_MIN_AGE_SECONDS:
            return False
        os.unlink(temp)
        return True
    fd = os.open(temp, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode) or now - status.st_mtime < TEMPORARY_MIN_AGE_SECONDS:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False  # its writer is still at work
        except OSError:
            pass  # this file system has no flock: the age alone decides
        # Still the file we looked at, not one renamed there since?
        now_status = os.lstat(temp)
        if (now_status.st_dev, now_status.st_ino) != (status.st_dev, status.st_ino):
            return False
        os.unlink(temp)
        return True
    finally:
        os.close(fd)


def _claim(fd: int) -> None:
    """Lock a temporary file while writing it, so that no one removes it as abandoned."""
    if fcntl is None:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        pass  # no flock here: the file's age protects it instead


def chain_schema() -> dict:
    """The JSON Schema of the file format, as `chain-designer schema` prints it."""
    schema = Chain.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Service chain (.chain), format version 2 (version 1 is its subset)"
    schema["required"] = sorted(set(schema.get("required", [])) | set(HEADER_KEYS))
    for key in HEADER_KEYS:  # a file must carry them, so they have no default there
        schema["properties"][key].pop("default", None)
    return schema


# -- reading ---------------------------------------------------------------------------


def _read_file(path: Path, name: str) -> bytes:
    try:
        status = path.stat()
        size = status.st_size
        if stat.S_ISDIR(status.st_mode):
            raise ChainFileError(name, "this is a folder, not a chain file")
        if not stat.S_ISREG(status.st_mode):  # a pipe or device could block or never end
            raise ChainFileError(name, "this is not a regular file, so not a chain file")
        if size > MAX_FILE_BYTES:
            raise ChainFileError(name, _too_large_message(size))
        with path.open("rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise ChainFileError(name, "the file does not exist") from None
    except PermissionError:
        raise ChainFileError(name, "you do not have permission to read this file") from None
    except OSError as error:
        raise ChainFileError(name, f"the file could not be read: {error.strerror or error}") from None
    if len(data) > MAX_FILE_BYTES:  # it grew while we read it
        raise ChainFileError(name, _too_large_message(len(data)))
    return data


def _too_large_message(size: int) -> str:
    return (
        f"the file is {size / 1024 / 1024:.0f} MB, more than the "
        f"{MAX_FILE_BYTES // 1024 // 1024} MB a chain file may have"
    )


def _parse(data: bytes, name: str) -> Chain:
    if len(data) > MAX_FILE_BYTES:
        raise ChainFileError(name, _too_large_message(len(data)))
    encoding = _wide_encoding(data)
    if encoding:
        raise ChainFileError(name, f"the file is {encoding} text; a chain file must be UTF-8")
    if data.startswith(b"\xef\xbb\xbf"):  # a byte-order mark some editors add
        data = data[3:]
    with collector_paused():  # about twenty small objects a touchpoint, all kept
        chain = read_sound_chain(data, MAX_ELEMENTS, HEADER_KEYS)
    return chain if chain is not None else _read_strictly(data, name)


def _read_strictly(data: bytes, name: str) -> Chain:
    """The strict reader: json with a hook on every object, then validation. It refuses
    every bad file with its message; models.quick_read reads the sound ones quicker and
    leaves every other file to it."""
    text = _decode(data, name)
    with collector_paused():
        document = _read_json(text, name)
        _check_header(document, name)
        return _validate(document, name)


def _validate(document: object, name: str) -> Chain:
    try:
        chain = Chain.model_validate(document)
    except ValidationError as error:
        raise _validation_error(error, name) from None
    problem = find_integrity_problem(chain)
    if problem is not None:
        raise ChainFileError(name, problem.reason, problem.path)
    tally_and_share(chain)  # for the sharing of field-name sets
    return chain


def _decode(data: bytes, name: str) -> str:
    """The text of the file, or the reason it is not UTF-8 text."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _line_column(data, error.start)
        raise ChainFileError(
            name,
            f"the file is not UTF-8 text (byte {error.start} is not valid UTF-8); "
            "a chain file is UTF-8 JSON",
            f"line {line}, column {column}",
        ) from None
    if not text or text.isspace():  # isspace stops at the first other character; strip copies
        raise ChainFileError(name, "the file is empty; expected a chain as a JSON object")
    return text


def _wide_encoding(data: bytes) -> str | None:
    """"UTF-32" or "UTF-16" when `data` is text in that encoding, with or without a
    byte-order mark; None otherwise."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):  # before UTF-16's
        return "UTF-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    # Without a mark: ASCII text with three (UTF-32) or one (UTF-16) zero bytes beside
    # every character, always at the same places.
    head = data[:400]
    if _zero_lanes(head, 4) >= 3:
        return "UTF-32"
    if _zero_lanes(head, 2) >= 1:
        return "UTF-16"
    return None


def _zero_lanes(head: bytes, width: int) -> int:
    """How many of the `width` byte positions of each code unit hold a zero almost always."""
    units = len(head) // width
    if units < 2:
        return 0
    return sum(head[lane::width].count(0) >= 0.9 * units for lane in range(width))


def _line_column(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, column


def _text_place(text: str, offset: int) -> str:
    """`line 4, column 17` of a character offset in `text`."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


# -- JSON, read with the limits of a chain file ------------------------------------------


class _RepeatedKey(Exception):
    """An object holds a key twice (the scan for its place comes after)."""


class _TooManyElements(Exception):
    """The file holds more elements than a chain file may have."""


def _object_reader():
    """json's `object_pairs_hook`: builds each object as json does, but refuses a key
    that appears twice, and counts the elements (the objects with an `id`) as they are
    read, so a huge file is refused before it has all been turned into objects."""
    elements = 0

    def build(pairs: list[tuple[str, object]]) -> dict:
        nonlocal elements
        result = dict(pairs)
        if len(result) < len(pairs):
            raise _RepeatedKey
        if "id" in result:
            elements += 1
            if elements > MAX_ELEMENTS:
                raise _TooManyElements
        return result

    return build


def _read_json(text: str, name: str) -> object:
    """The JSON value in `text`; every way it is not acceptable JSON is a ChainFileError."""
    try:
        document = json.loads(text, object_pairs_hook=_object_reader())
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise ChainFileError(name, f"not valid JSON: {error.msg}", where) from None
    except RecursionError:
        raise ChainFileError(
            name,
            "the JSON is nested too deeply; a chain file is only a few levels deep",
            _deep_place(text),
        ) from None
    except _RepeatedKey:
        offset, key = _repeated_key(text)
        raise ChainFileError(
            name, f"the key {_quote(key)} appears twice in one object", _text_place(text, offset)
        ) from None
    except _TooManyElements:
        raise ChainFileError(
            name,
            f"the chain has more than {MAX_ELEMENTS:,} elements (departments, people, "
            "touchpoints, handoffs, comments and sessions), the most a chain file may have",
        ) from None
    except ValueError:  # Python refuses integers of more than 4,300 digits
        digits = re.search(r"\d{4000,}", text)
        raise ChainFileError(
            name,
            "not valid JSON: a number with thousands of digits",
            _text_place(text, digits.start()) if digits else None,
        ) from None
    surrogate = _lone_surrogate(text)
    if surrogate is not None:  # json takes them; no UTF-8 file can hold one
        raise ChainFileError(
            name,
            f"not valid JSON text: {text[surrogate:surrogate + 6]} is half of a UTF-16 "
            "surrogate pair, not a character",
            _text_place(text, surrogate),
        )
    return document


# The two token scans below run only after json has refused a file, to say where: they
# need not be quick, only linear.
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"(\s*:)?|[{}\[\]]', re.DOTALL)
_DEEP = 100  # a chain file is about six levels deep


def _repeated_key(text: str) -> tuple[int, str]:
    """Where the first key that its object already holds starts, and the key."""
    open_containers: list[set | None] = []  # the keys of each open object; None: an array
    for match in _TOKEN.finditer(text):
        token = match[0]
        if token == "{":
            open_containers.append(set())
        elif token == "[":
            open_containers.append(None)
        elif token in ("}", "]"):
            if open_containers:
                open_containers.pop()
        elif match[1] and open_containers and open_containers[-1] is not None:
            key = json.loads(token[: match.start(1) - match.start()])
            if key in open_containers[-1]:
                return match.start(), key
            open_containers[-1].add(key)
    return 0, ""


def _deep_place(text: str) -> str | None:
    depth = 0
    for match in _TOKEN.finditer(text):
        if match[0] in ("{", "["):
            depth += 1
            if depth > _DEEP:
                return _text_place(text, match.start())
        elif match[0] in ("}", "]"):
            depth -= 1
    return None


# A \u escape (four hex digits) of a surrogate, after an even number of backslashes
# (so not "\\u").
_SURROGATE_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\u([dD][89a-fA-F][0-9a-fA-F]{2})")
_ANY_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_LOW_SURROGATE_ESCAPE = re.compile(r"\\u[dD][c-fC-F][0-9a-fA-F]{2}")


def _lone_surrogate(text: str) -> int | None:
    """Where the first surrogate escape without its other half starts, if any; quick
    for the usual file, which has no surrogate escape at all."""
    first = _ANY_SURROGATE_ESCAPE.search(text)  # quick: most files have none
    if first is None:
        return None
    begin = first.start()
    while begin and text[begin - 1] == "\\":  # from the start of its run of backslashes
        begin -= 1
    paired_low_at = -1
    for match in _SURROGATE_ESCAPE.finditer(text, begin):
        start = match.end() - 6
        if int(match[1], 16) < 0xDC00:  # a high half: its low half must follow at once
            if not _LOW_SURROGATE_ESCAPE.match(text, match.end()):
                return start
            paired_low_at = match.end()
        elif start != paired_low_at:
            return start
    return None


def _check_header(document: object, name: str) -> None:
    # The model gives chains made in code a format and version; a file must name both.
    if not isinstance(document, dict):
        return  # validation says what a chain is
    for key in HEADER_KEYS:
        if key not in document:
            raise ChainFileError(
                name,
                f'the required key is missing; a chain file names its format ("{FORMAT_NAME}") '
                "and version",
                f"$.{key}",
            )


def _validation_error(error: ValidationError, name: str) -> ChainFileError:
    problems = error.errors(include_url=False)
    # A newer format version explains every other problem, so it is reported first.
    problems.sort(key=lambda problem: tuple(problem["loc"]) != ("version",))
    first = problems[0]
    if first["type"] == "model_type" and not first["loc"]:
        return ChainFileError(
            name,
            "expected a chain: a JSON object with format, title, departments and touchpoints",
            "$",
        )
    reason = _reason(first)
    more = len(problems) - 1
    if more and first["loc"] != ("version",):
        reason += f" (and {more} more problem{'s' if more > 1 else ''})"
    return ChainFileError(name, reason, json_path(first["loc"]))


_REASONS = {
    "missing": "the required key is missing",
    "extra_forbidden": "unknown key; a chain file does not have it",
    "finite_number": "expected a finite number, not NaN or infinity",
    "string_type": "expected a string",
    "float_type": "expected a number",
    "int_type": "expected a whole number",
    "list_type": "expected an array",
    "dict_type": "expected an object",
    "model_type": "expected an object",
    "bool_type": "expected true or false",
}


_BOUNDS = {
    "greater_than_equal": ("ge", "of at least"),
    "greater_than": ("gt", "above"),
    "less_than_equal": ("le", "of at most"),
    "less_than": ("lt", "below"),
}


def _number(value: object) -> str:
    """1000000 -> "1,000,000"; 0.5 -> "0.5"."""
    if isinstance(value, (int, float)) and float(value).is_integer():
        return f"{int(value):,}"
    return str(value)


def _reason(problem: dict) -> str:
    kind = problem["type"]
    loc = problem["loc"]
    if kind == "string_pattern_mismatch":
        pattern = problem.get("ctx", {}).get("pattern", "")
        if "#" in pattern:
            return f"expected a colour like \"#1f77b4\", got {_show(problem['input'])}"
        if "\\d{4}" in pattern:
            return f"expected a date like \"2026-03-31\", got {_show(problem['input'])}"
        return (
            f"{_show(problem['input'])} is not a valid id: it must start with a letter or digit "
            "and hold at most 64 letters, digits, '_', '.' or '-'"
        )
    if kind == "literal_error":
        expected = problem.get("ctx", {}).get("expected", "")
        return f"expected {expected.replace(chr(39), chr(34))}, got {_show(problem['input'])}"
    if kind in _BOUNDS:
        key, words = _BOUNDS[kind]
        bound = _number(problem.get("ctx", {}).get(key))
        return f"expected a number {words} {bound}, got {_show(problem['input'])}"
    if kind == "value_error":
        return str(problem.get("ctx", {}).get("error", problem["msg"]))
    if kind == "extra_forbidden" and loc:
        return f"unknown key {_show(str(loc[-1]))}; a chain file of version {FORMAT_VERSION} or older does not have it"
    if kind in _REASONS:
        reason = _REASONS[kind]
        if kind.endswith("_type"):
            reason += f", got {_show(problem.get('input'))}"
        return reason
    return problem["msg"][0].lower() + problem["msg"][1:]


def _show(value: object) -> str:
    if isinstance(value, (dict, list)):
        return "an object" if isinstance(value, dict) else "an array"
    shown = _quote(value)
    return shown if len(shown) <= 40 else shown[:37] + "..."


def _quote(value: object) -> str:
    """JSON text of `value` on one line: line breaks and other unprintables escaped."""
    shown = json.dumps(value, ensure_ascii=False)
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in shown)


def json_path(loc: tuple) -> str:
    """`('touchpoints', 3, 'position', 'x')` -> `$.touchpoints[3].position.x`."""
    path = "$"
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif _PLAIN_KEY.fullmatch(str(part)):
            path += f".{part}"
        else:  # a key from the file that could break the path or the line: `$["a b"]`
            path += f"[{_quote(str(part))}]"
    return path


_PLAIN_KEY = re.compile(r"[A-Za-z0-9_-]+")


# -- writing ---------------------------------------------------------------------------


def _describe_os_error(error: OSError, folder: Path) -> str:
    if error.errno == errno.ENOSPC or error.errno == errno.EDQUOT:
        return "the disk is full; free some space or save somewhere else"
    if error.errno in (errno.EACCES, errno.EPERM):
        return f"you do not have permission to write in {folder}; save somewhere else"
    if error.errno == errno.EROFS:
        return f"{folder} is read-only; save somewhere else"
    if error.errno == errno.ENOENT:
        return f"the folder {folder} does not exist (any more)"
    return f"the file could not be saved: {error.strerror or error}"


def _new_file_mode() -> int:
    # mkstemp creates 0600 files; a new chain gets the permissions any new file gets.
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def _fsync_folder(folder: Path) -> None:
    # Makes the rename itself durable; not every platform can open a folder.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


__all__ = [
    "FORMAT_NAME",
    "ChainFileError",
    "chain_schema",
    "chain_to_bytes",
    "is_read_only",
    "json_path",
    "load_chain",
    "remove_stale_temporaries",
    "save_bytes",
    "save_chain",
]
