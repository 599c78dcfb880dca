"""Autosave copies: saving, listing what crashed processes left, recovering, discarding."""

import json
import os
import subprocess
import sys
import threading
import time

import pytest

from app import recovery
from app.locks import this_host
from app.document import Document
from app.recovery import ChainSnapshot, RecoveryStore, new_key
from models.chain import Position, SignOff, Size
from models.chain_file import ChainFileError, chain_to_bytes, load_chain
from tests.benchmarks.generate import synthetic_chain

CHAIN_BYTES = b'{\n  "format": "service-chain",\n  "title": "Orders"\n}\n'


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


@pytest.fixture
def store(tmp_path):
    return RecoveryStore(tmp_path / "recovery")


def rewrite_sidecar(store, key, **changes):
    """Make a saved copy look as if another process (or time) had written it."""
    sidecar = store.folder / f"{key}.json"
    data = json.loads(sidecar.read_text())
    data.update(changes)
    sidecar.write_text(json.dumps(data))


def test_new_keys_are_distinct_file_name_safe_strings():
    first, second = new_key(), new_key()
    assert first != second and first.isalnum()


def test_save_writes_the_chain_and_its_sidecar(store, tmp_path):
    key = new_key()
    path = store.save(key, CHAIN_BYTES, tmp_path / "Orders.chain", "Orders")
    assert path == store.folder / f"{key}.chain"
    assert path.read_bytes() == CHAIN_BYTES
    sidecar = json.loads((store.folder / f"{key}.json").read_text())
    assert sidecar["original_path"] == str((tmp_path / "Orders.chain").absolute())
    assert sidecar["title"] == "Orders"
    assert sidecar["pid"] == os.getpid() and sidecar["host"] == this_host()
    assert abs(sidecar["saved_at"] - time.time()) < 60


def test_our_own_running_copies_are_not_listed(store):
    store.save(new_key(), CHAIN_BYTES, None, "Untitled")
    assert store.entries() == []


def test_copies_of_a_crashed_process_are_listed_and_recovered(store, tmp_path):
    key = new_key()
    store.save(key, CHAIN_BYTES, tmp_path / "Orders.chain", "Orders")
    pid = dead_pid()
    rewrite_sidecar(store, key, pid=pid)
    [entry] = store.entries()
    assert entry.key == key and entry.pid == pid and entry.title == "Orders"
    assert entry.original_path == (tmp_path / "Orders.chain").absolute()
    assert store.recover(entry) == CHAIN_BYTES


def test_untitled_copies_have_no_original_path(store):
    key = new_key()
    store.save(key, CHAIN_BYTES, None, "Untitled")
    rewrite_sidecar(store, key, pid=dead_pid())
    assert store.entries()[0].original_path is None


def test_copies_of_a_live_process_on_this_host_are_not_listed(store):
    key = new_key()
    store.save(key, CHAIN_BYTES, None, "Untitled")
    rewrite_sidecar(store, key, pid=os.getppid())
    assert store.entries() == []


def test_copies_from_another_host_are_listed(store):
    key = new_key()
    store.save(key, CHAIN_BYTES, None, "Untitled")
    rewrite_sidecar(store, key, host="another-computer")
    assert [entry.key for entry in store.entries()] == [key]


def test_excluded_pids_are_not_listed(store):
    key = new_key()
    store.save(key, CHAIN_BYTES, None, "Untitled")
    pid = dead_pid()
    rewrite_sidecar(store, key, pid=pid)
    assert store.entries(exclude_pids={pid}) == []


def test_entries_are_sorted_oldest_first_and_filtered_by_age(store):
    pid = dead_pid()
    now = time.time()
    for key, age in (("recent", 10), ("old", 3600), ("middle", 600)):
        store.save(key, CHAIN_BYTES, None, key)
        rewrite_sidecar(store, key, pid=pid, saved_at=now - age)
    assert [entry.key for entry in store.entries()] == ["old", "middle", "recent"]
    assert [entry.key for entry in store.entries(older_than=300)] == ["old", "middle"]


def test_discard_removes_both_files_and_is_idempotent(store):
    key = new_key()
    store.save(key, CHAIN_BYTES, None, "Untitled")
    store.discard(key)
    assert list(store.folder.iterdir()) == []
    store.discard(key)


@pytest.mark.parametrize(
    "content", ["not json", "[]", '{"title": "no other keys"}', '{"original_path": null, '
     '"title": "x", "saved_at": "yesterday", "pid": 1, "host": "h"}']
)
def test_corrupt_sidecars_are_skipped(store, content):
    good = new_key()
    store.save(good, CHAIN_BYTES, None, "Good")
    rewrite_sidecar(store, good, pid=dead_pid())
    store.save("corrupt", CHAIN_BYTES, None, "Corrupt")
    (store.folder / "corrupt.json").write_text(content)
    assert [entry.key for entry in store.entries()] == [good]


def test_sidecars_without_their_chain_are_deleted(store):
    key = new_key()
    store.save(key, CHAIN_BYTES, None, "Untitled")
    rewrite_sidecar(store, key, pid=dead_pid())
    (store.folder / f"{key}.chain").unlink()
    assert store.entries() == []
    assert not (store.folder / f"{key}.json").exists()


def test_keys_that_are_not_file_name_safe_are_refused(store):
    with pytest.raises(ValueError):
        store.save("../escape", CHAIN_BYTES, None, "Untitled")


def test_the_default_folder_is_in_the_app_data_location(monkeypatch, tmp_path):
    from PySide6.QtCore import QStandardPaths

    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda location: str(tmp_path))
    store = RecoveryStore()
    assert store.folder == tmp_path / "recovery" and store.folder.is_dir()
    assert recovery.default_folder() == tmp_path / "recovery"


# -- snapshots, written off the GUI thread ---------------------------------------------------


def every_kind_of_edit(document) -> None:
    """Edits through the Document, of every kind a user makes."""
    chain = document.chain
    first, second = chain.touchpoints[0].id, chain.touchpoints[1].id
    department = chain.departments[1].id
    document.set_fields(first, "Rename", label="Renamed after the snapshot")
    document.set_fields(None, "Retitle", title="Retitled after the snapshot")
    document.move_touchpoints({second: (department, Position(x=999, y=40))})
    document.add_signoff(first, SignOff(name="Ann", role="management", date="2026-01-02"), status="examined")
    added = document.add_touchpoint(department, "step", Position(x=1200, y=30), "Added after the snapshot")
    document.connect(first, added)
    document.add_person("Piet", department)
    document.set_rule_severity("objective-required", "error")
    document.ignore_finding("objective-required", first, "not yet")
    document.add_department("Added lane")
    document.move_department(department, 0)
    document.remove([second])


def test_a_snapshot_keeps_the_chain_as_it_was_whatever_is_edited_after(qapp, chain):
    document = Document(chain)
    before = chain_to_bytes(document.chain)
    snapshot = document.snapshot()
    every_kind_of_edit(document)
    assert chain_to_bytes(document.chain) != before
    assert chain_to_bytes(load_chain(snapshot.to_bytes())) == before


def test_a_snapshot_copies_only_the_elements_edited_after_it(qapp):
    """Copies of every element's values took 20 MB at 20,000 touchpoints for as long as a
    recovery copy took to write; only an edit makes one now, of what it changes."""
    document = Document(synthetic_chain(300, seed=2))
    before = chain_to_bytes(document.chain)
    snapshot = document.snapshot()
    assert snapshot.kept == {}
    first, second, third = (touchpoint.id for touchpoint in document.chain.touchpoints[:3])
    document.set_fields(first, "Rename", label="Renamed")
    document.set_fields(first, "Rename", label="Renamed again")  # copied once, before the first
    lane = document.chain.departments[0].id
    document.move_touchpoints({second: (lane, Position(x=5, y=5)), third: (lane, Position(x=500, y=5))})
    assert len(snapshot.kept) == 3
    assert chain_to_bytes(load_chain(snapshot.to_bytes())) == before
    assert snapshot.kept == {}  # let go as written


@pytest.mark.parametrize("size", [0, 2, 300])
def test_snapshot_bytes_load_as_the_chain(size, chain):
    original = synthetic_chain(size, seed=3) if size else chain
    assert load_chain(ChainSnapshot.take(original).to_bytes()) == original


def test_snapshot_bytes_of_a_version_2_chain(chain):
    chain.touchpoints[0].size = Size(w=200, h=100)
    chain.handoffs[0].label_at = 0.25
    data = ChainSnapshot.take(chain).to_bytes()
    assert json.loads(data)["version"] == 2
    assert chain_to_bytes(load_chain(data)) == chain_to_bytes(chain)


def test_a_snapshot_keeps_the_format_version_of_its_moment(chain):
    snapshot = ChainSnapshot.take(chain)
    chain.touchpoints[0].size = Size(w=200, h=100)  # a version 2 field, after the snapshot
    assert json.loads(snapshot.to_bytes())["version"] == 1


def test_a_snapshot_serializes_in_small_pieces(chain):
    pieces = list(ChainSnapshot.take(chain).pieces())
    elements = sum(len(getattr(chain, group)) for group in ("departments", "people", "touchpoints", "handoffs"))
    assert len(pieces) > elements  # at least one piece (a place to pause) per element
    assert max(len(piece) for piece in pieces) < 2_000


def write_copy(store, key, data: bytes, title: str):
    """A copy written as the autosave writes it, in parts on the worker thread."""
    writing = store.write_later(key)
    for start in range(0, len(data), 4096):
        writing.add(data[start:start + 4096])
    return writing.finish(None, title)


def test_copies_are_written_in_order_on_another_thread(store, chain, monkeypatch):
    threads, save_sidecar = [], RecoveryStore._save_sidecar

    def recording(self, *args, **kwargs):
        threads.append(threading.current_thread())
        return save_sidecar(self, *args, **kwargs)

    monkeypatch.setattr(RecoveryStore, "_save_sidecar", recording)
    key = new_key()
    titles = [f"Version {number}" for number in range(5)]
    for title in titles:
        chain.title = title
        write_copy(store, key, ChainSnapshot.take(chain).to_bytes(), title)
    store.flush()
    assert len(threads) == len(titles) and threading.main_thread() not in threads
    assert load_chain((store.folder / f"{key}.chain").read_bytes()).title == titles[-1]


def test_discard_waits_for_a_copy_still_being_written(store, chain):
    key = new_key()
    write_copy(store, key, ChainSnapshot.take(synthetic_chain(500, seed=1)).to_bytes(), "Large")
    store.discard(key)
    assert list(store.folder.iterdir()) == []


def test_a_copy_in_parts_replaces_the_last_copy_only_when_finished(store, chain):
    key = new_key()
    store.save(key, b"the last copy", None, "Last")
    data = ChainSnapshot.take(chain).to_bytes()
    writing = store.write_later(key)
    writing.add(data[:100])
    store.flush()
    assert (store.folder / f"{key}.chain").read_bytes() == b"the last copy"
    writing.add(data[100:])
    path = writing.finish(None, "Parts", 1234.0).result(timeout=60)
    assert path.read_bytes() == data
    assert json.loads((store.folder / f"{key}.json").read_text())["saved_at"] == 1234.0
    assert sorted(file.name for file in store.folder.iterdir()) == [f"{key}.chain", f"{key}.json"]


def test_an_abandoned_copy_in_parts_leaves_the_last_copy_and_no_temporary_file(store):
    key = new_key()
    store.save(key, b"the last copy", None, "Last")
    writing = store.write_later(key)
    writing.add(b"half a copy")
    writing.abandon()
    store.flush()
    assert (store.folder / f"{key}.chain").read_bytes() == b"the last copy"
    assert sorted(file.name for file in store.folder.iterdir()) == [f"{key}.chain", f"{key}.json"]


def test_a_copy_in_parts_that_cannot_be_written_fails_through_its_future(tmp_path):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    writing = RecoveryStore(blocked / "recovery").write_later(new_key())  # the folder cannot be made
    writing.add(b"a part")
    assert isinstance(writing.finish(None, "Untitled").exception(timeout=60), ChainFileError)
