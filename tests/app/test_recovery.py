"""Autosave copies: saving, listing what crashed processes left, recovering, discarding."""

import json
import os
import subprocess
import sys
import time

import pytest

from app import recovery
from app.locks import this_host
from app.recovery import RecoveryStore, new_key

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
