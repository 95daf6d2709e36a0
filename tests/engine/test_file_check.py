"""The file store stays whole: a failed upload takes its file back, and `planflow files check` finds the rest."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time

import pytest
from sqlalchemy import select

from engine.discussion import attachments
from engine.discussion.attachments import FileStore, attach_file, upload_unit
from engine.errors import Conflict
from engine.models import Attachment, AuditEntry
from engine.org.units import get_user
from tests.engine.test_discussion import PDF, PNG, attach

OTHER_PDF = PDF.replace(b"1.7", b"1.4")
TWO_HOURS = 2 * 3600


@pytest.fixture
def store(tmp_path) -> FileStore:
    return FileStore(tmp_path / "files", max_bytes=1024)


def upload_then_fail(planflow, store: FileStore, plan_id: int, name: str, content: bytes) -> None:
    """An upload whose unit of work fails after the file was put (a later refusal, a lost connection)."""
    with pytest.raises(Conflict), upload_unit(planflow, store) as (ctx, uploading):
        attach_file(ctx, get_user(ctx.session, "officer.298"), uploading, "plan", plan_id, name, content)
        raise Conflict("Hồ sơ vừa được người khác thay đổi.")


def stored_files(store: FileStore) -> list[str]:
    return sorted(path.name for path in store.root.rglob("*") if path.is_file())


def checksum(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def age(path, seconds: int) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_an_upload_rolled_back_after_its_put_leaves_no_file_and_no_row(demo3, driver, store):
    plan_id = driver.start_plan("298", "officer.298")
    upload_then_fail(demo3, store, plan_id, "a.pdf", PDF)
    assert stored_files(store) == []
    with demo3.unit_of_work() as ctx:
        assert ctx.session.scalars(select(Attachment)).all() == []


def test_a_same_name_upload_refused_by_the_database_takes_its_file_back(demo3, driver, store, monkeypatch):
    plan_id = driver.start_plan("298", "officer.298")
    with upload_unit(demo3, store) as (ctx, uploading):
        attach_file(ctx, get_user(ctx.session, "officer.298"), uploading, "plan", plan_id, "a.pdf", PDF)
    # Two people upload 'a.pdf' at once: both read "no version yet", the second insert is refused.
    monkeypatch.setattr(attachments, "_latest_version", lambda *_: None)
    with pytest.raises(Conflict, match="vừa được tải lên cùng lúc"), upload_unit(demo3, store) as (ctx, uploading):
        attach_file(ctx, get_user(ctx.session, "head.298"), uploading, "plan", plan_id, "a.pdf", OTHER_PDF)
    assert stored_files(store) == [checksum(PDF)]
    with demo3.unit_of_work() as ctx:
        assert [(a.name, a.version) for a in ctx.session.scalars(select(Attachment))] == [("a.pdf", 1)]


def test_a_failed_upload_keeps_the_same_bytes_another_upload_stored_before_it(demo3, driver, store):
    first, second = driver.start_plan("298", "officer.298"), driver.start_plan("298", "officer.298")
    attach(demo3, store, "officer.298", "plan", first, "a.pdf", PDF)
    upload_then_fail(demo3, store, second, "b.pdf", PDF)
    assert stored_files(store) == [checksum(PDF)]
    assert store.path(checksum(PDF)).read_bytes() == PDF


def test_a_failed_upload_keeps_its_file_once_a_row_of_another_upload_has_committed(demo3, driver, store):
    plan_id = driver.start_plan("298", "officer.298")
    with pytest.raises(Conflict), upload_unit(demo3, store) as (_ctx, uploading):
        assert uploading.put(PDF, checksum(PDF))  # this upload creates the file ...
        attach(demo3, store, "officer.298", "plan", plan_id, "a.pdf", PDF)  # ... another one commits a row for it
        raise Conflict("Hồ sơ vừa được người khác thay đổi.")
    assert stored_files(store) == [checksum(PDF)]


def test_putting_bytes_already_stored_creates_nothing_and_refreshes_the_files_age(store):
    assert store.put(PDF, checksum(PDF)) is True
    path = store.path(checksum(PDF))
    age(path, TWO_HOURS)
    assert store.put(PDF, checksum(PDF)) is False
    assert time.time() - path.stat().st_mtime < TWO_HOURS


def test_check_finds_a_missing_a_damaged_and_an_unreferenced_file(demo3, driver, store):
    plan_id = driver.start_plan("298", "officer.298")
    for name, content in [("mất.pdf", PDF), ("hỏng.pdf", OTHER_PDF), ("còn.png", PNG)]:
        attach(demo3, store, "officer.298", "plan", plan_id, name, content)
    store.path(checksum(PDF)).unlink()
    store.path(checksum(OTHER_PDF)).write_bytes(OTHER_PDF + b"\n")
    store.put(b"%PDF-1.5 never attached", checksum(b"%PDF-1.5 never attached"))
    result = files_check(demo3, store, "--json")
    assert result.returncode == 1
    assert result.stderr == ("Lỗi: Kho tệp không toàn vẹn: thiếu 1 và hỏng 1 tệp đính kèm; hãy khôi phục chúng từ "
                             "bản sao lưu.\n")
    found = json.loads(result.stdout)
    assert [(entry["name"], entry["checksum"]) for entry in found["missing"]] == [("mất.pdf", checksum(PDF))]
    assert [entry["name"] for entry in found["corrupted"]] == ["hỏng.pdf"]
    never = checksum(b"%PDF-1.5 never attached")
    assert [entry["path"] for entry in found["orphans"]] == [f"{never[:2]}/{never[2:4]}/{never}"]
    assert (found["attachments"], found["pruned"]) == (3, None)


def test_a_whole_store_checks_clean_and_the_text_report_counts(demo3, driver, store):
    plan_id = driver.start_plan("298", "officer.298")
    attach(demo3, store, "officer.298", "plan", plan_id, "a.pdf", PDF)
    result = files_check(demo3, store)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "1 tệp đính kèm: thiếu 0, hỏng 0; 0 tệp thừa\n"


def test_prune_removes_an_old_orphan_and_keeps_a_fresh_one_and_every_referenced_file(demo3, driver, store):
    plan_id = driver.start_plan("298", "officer.298")
    attach(demo3, store, "officer.298", "plan", plan_id, "a.pdf", PDF)
    age(store.path(checksum(PDF)), TWO_HOURS)  # old, but referenced
    old, fresh = b"%PDF-1.5 old orphan", b"%PDF-1.5 in flight"
    store.put(old, checksum(old))
    store.put(fresh, checksum(fresh))
    age(store.path(checksum(old)), TWO_HOURS)
    crashed = store.path(checksum(old)).parent / ".upload-crashed"  # a temporary file a crash left behind
    crashed.write_bytes(b"half")
    age(crashed, TWO_HOURS)
    result = files_check(demo3, store, "--prune", "--json")
    assert result.returncode == 0, result.stderr
    old_path = store.path(checksum(old)).relative_to(store.root).as_posix()
    assert sorted(json.loads(result.stdout)["pruned"]) == sorted([old_path, crashed.relative_to(store.root).as_posix()])
    assert stored_files(store) == sorted([checksum(PDF), checksum(fresh)])
    assert "đã xóa 0 tệp thừa cũ hơn 1 giờ" in files_check(demo3, store, "--prune").stdout
    with demo3.unit_of_work() as ctx:
        entry = ctx.session.scalar(select(AuditEntry).where(AuditEntry.action == "prune_files"))
    assert (entry.actor, entry.comment) == ("system", "2 tệp")


def files_check(planflow, store: FileStore, *args: str) -> subprocess.CompletedProcess:
    """The command in its own process, as the operator runs it on the server."""
    env = {**os.environ, "PLANFLOW_DATABASE_URL": planflow.db.url.render_as_string(hide_password=False),
           "PLANFLOW_FILES_DIR": str(store.root)}
    return subprocess.run([sys.executable, "-m", "cli.commands", "files", "check", *args], env=env,
                          capture_output=True, text=True, check=False, timeout=120)
