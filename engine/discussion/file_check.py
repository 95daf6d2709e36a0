"""`planflow files check`: is every attached file in the store and whole, and is nothing else there?

Run by the operator on the server, like `planflow mail send`: it needs no user. An attachment whose file is
missing or no longer matches its checksum is a loss to restore from the backup; a file no row references is
left by an upload that failed before its row committed (a crash: a refused upload removes its own file, see
engine/discussion/attachments.py) and may be pruned once no upload can still be in flight with it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from pathlib import Path
from typing import TypedDict

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.context import Ctx
from engine.discussion.attachments import FileStore, file_sha256, size_label
from engine.models import Attachment

# An upload writes its file before its row commits: a younger unreferenced file may be one in flight.
ORPHAN_MIN_AGE_SECONDS = 3600


class AttachmentEntry(TypedDict):
    """An attachment whose file is missing or damaged; `path` is relative to the store."""

    attachment_id: int
    thread: str
    name: str
    version: int
    checksum: str
    path: str


class OrphanEntry(TypedDict):
    """A file no attachment references; `path` is relative to the store."""

    path: str
    size: int
    modified_at: str


class StoreView(TypedDict):
    attachments: int
    missing: list[AttachmentEntry]
    corrupted: list[AttachmentEntry]
    orphans: list[OrphanEntry]


@dataclass(frozen=True)
class StoreCheck:
    """What the check found: attachments without their bytes, and files without an attachment."""

    attachments: int
    missing: list[AttachmentEntry]
    corrupted: list[AttachmentEntry]
    orphans: list[OrphanEntry]

    @property
    def whole(self) -> bool:
        return not self.missing and not self.corrupted

    def view(self) -> StoreView:
        return {"attachments": self.attachments, "missing": self.missing, "corrupted": self.corrupted,
                "orphans": self.orphans}


def check_store(session: Session, store: FileStore) -> StoreCheck:
    """Hash each referenced file once (however many versions share it) and list the files nobody references."""
    stored = sorted(_stored_files(store.root))  # before the rows: a file uploaded meanwhile is then no orphan
    rows = session.scalars(select(Attachment).order_by(Attachment.checksum, Attachment.id)).all()
    missing: list[AttachmentEntry] = []
    corrupted: list[AttachmentEntry] = []
    for checksum, sharing in groupby(rows, key=lambda row: row.checksum):
        state = _file_state(store.path(checksum), checksum)
        if state != "whole":
            (missing if state == "missing" else corrupted).extend(_attachment_entry(store, row) for row in sharing)
    referenced = {store.path(row.checksum) for row in rows}
    orphans = [_orphan_entry(store, path) for path in stored if path not in referenced]
    return StoreCheck(len(rows), _by_id(missing), _by_id(corrupted), orphans)


def prune_orphans(ctx: Ctx, store: FileStore, orphans: list[OrphanEntry]) -> list[str]:
    """Delete the orphans older than an hour (their age read again now); audited; the paths deleted."""
    pruned = [entry["path"] for entry in orphans if _remove_if_old(store.root / entry["path"])]
    if pruned:
        ctx.audit("prune_files", comment=f"{len(pruned)} tệp", details={"files": pruned})
    return pruned


def check_text(found: StoreCheck, pruned: list[str] | None) -> str:
    """The report an operator reads: one line per problem, then the counts."""
    lines = [f"Thiếu tệp: {_attachment_text(entry)}" for entry in found.missing]
    lines += [f"Tệp bị hỏng (mã kiểm tra không khớp): {_attachment_text(entry)}" for entry in found.corrupted]
    lines += [f"Tệp thừa (không thuộc đính kèm nào): {entry['path']}, {size_label(entry['size'])}, "
              f"sửa lần cuối {entry['modified_at']}" for entry in found.orphans]
    lines.append(f"{found.attachments} tệp đính kèm: thiếu {len(found.missing)}, hỏng {len(found.corrupted)}; "
                 f"{len(found.orphans)} tệp thừa" + ("" if pruned is None else f", đã xóa {len(pruned)} tệp thừa "
                                                    "cũ hơn 1 giờ"))
    return "\n".join(lines)


def failure_summary(found: StoreCheck) -> str:
    return (f"Kho tệp không toàn vẹn: thiếu {len(found.missing)} và hỏng {len(found.corrupted)} tệp đính kèm; "
            "hãy khôi phục chúng từ bản sao lưu.")


def _file_state(path: Path, checksum: str) -> str:
    try:
        return "whole" if file_sha256(path) == checksum else "corrupted"
    except FileNotFoundError:
        return "missing"


def _stored_files(root: Path) -> list[Path]:
    """Every file under the store, temporary ones of a crashed upload (.upload-*) included."""
    return [path for path in root.rglob("*") if path.is_file()] if root.is_dir() else []


def _attachment_entry(store: FileStore, row: Attachment) -> AttachmentEntry:
    return {"attachment_id": row.id, "thread": row.thread, "name": row.name, "version": row.version,
            "checksum": row.checksum, "path": store.path(row.checksum).relative_to(store.root).as_posix()}


def _orphan_entry(store: FileStore, path: Path) -> OrphanEntry:
    stat = path.stat()
    return {"path": path.relative_to(store.root).as_posix(), "size": stat.st_size,
            "modified_at": datetime.fromtimestamp(stat.st_mtime).isoformat(timespec="seconds")}


def _attachment_text(entry: AttachmentEntry) -> str:
    return f"#{entry['attachment_id']} '{entry['name']}' (phiên bản {entry['version']}, {entry['thread']}), " \
           f"{entry['path']}"


def _by_id(entries: list[AttachmentEntry]) -> list[AttachmentEntry]:
    return sorted(entries, key=lambda entry: entry["attachment_id"])


def _remove_if_old(path: Path) -> bool:
    """The file's age is that of the disk's clock, not planflow's (PLANFLOW_NOW moves only the plan calendar)."""
    try:
        if time.time() - path.stat().st_mtime < ORPHAN_MIN_AGE_SECONDS:
            return False  # touched since the check, or young: an upload may be about to reference it
        path.unlink()
    except FileNotFoundError:
        return False
    return True
