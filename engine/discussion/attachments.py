"""Files attached to a thread (engine.discussion.comments): checked, stored by content, versioned by name.

The bytes live outside the database in a folder (PLANFLOW_FILES_DIR, default instance/files), at
ab/cd/<sha256>, written to a temporary file and renamed into place so a reader never sees half a
file. A row keeps the name, type, size, checksum, uploader and version; uploading the same name to
the same thread adds a version and keeps the older ones. Nothing is deleted: a returned or redone
task shows the same thread. A download re-checks the checksum, so a damaged file is an error, never
wrong bytes.

The file must exist before its row commits, so an upload that then fails leaves it behind: `upload_unit`
removes what such an upload created and no row references, and `planflow files check` (engine/discussion/file_check.py)
finds what is left (a crash) and what is missing or damaged.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypedDict

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from engine.clock import current_clock
from engine.context import Ctx, UnitOfWork
from engine.db import DEFAULT_INSTANCE_DIR
from engine.discussion.comments import Thread, open_thread, require_thread
from engine.discussion.signature_checks import PDF, checks_of, record_check
from engine.errors import Conflict, InvalidInput, NotFound
from engine.models import Attachment, User
from engine.text import clean, fold

DEFAULT_MAX_MB = 20
NAME_MAX_CHARS = 255
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .doc and .xls


def _starts(magic: bytes) -> Callable[[bytes], bool]:
    return lambda content: content.startswith(magic)


def _zip_holding(member: str) -> Callable[[bytes], bool]:
    """A zip archive with this member: an Office file is a zip with its main part at a fixed name."""
    def check(content: bytes) -> bool:
        archive = _zip(content)
        return archive is not None and member in archive.namelist()
    return check


def _opendocument(mimetype: str) -> Callable[[bytes], bool]:
    """An OpenDocument file names its type in a short `mimetype` member (read only if it is short)."""
    def check(content: bytes) -> bool:
        archive = _zip(content)
        if archive is None or "mimetype" not in archive.namelist() or archive.getinfo("mimetype").file_size > 100:
            return False
        return archive.read("mimetype") == mimetype.encode()
    return check


def _zip(content: bytes) -> zipfile.ZipFile | None:
    try:
        return zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, ValueError):
        return None


@dataclass(frozen=True)
class FileType:
    label: str
    content_type: str
    matches: Callable[[bytes], bool]


ODT, ODS = "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet"
OOXML = "application/vnd.openxmlformats-officedocument."
FILE_TYPES = {
    "pdf": FileType("PDF", "application/pdf", _starts(b"%PDF-")),
    "doc": FileType("Word", "application/msword", _starts(OLE2)),
    "docx": FileType("Word", OOXML + "wordprocessingml.document", _zip_holding("word/document.xml")),
    "xls": FileType("Excel", "application/vnd.ms-excel", _starts(OLE2)),
    "xlsx": FileType("Excel", OOXML + "spreadsheetml.sheet", _zip_holding("xl/workbook.xml")),
    "odt": FileType("OpenDocument", ODT, _opendocument(ODT)),
    "ods": FileType("OpenDocument", ODS, _opendocument(ODS)),
    "jpg": FileType("JPEG", "image/jpeg", _starts(b"\xff\xd8\xff")),
    "jpeg": FileType("JPEG", "image/jpeg", _starts(b"\xff\xd8\xff")),
    "png": FileType("PNG", "image/png", _starts(b"\x89PNG\r\n\x1a\n")),
    "zip": FileType("ZIP", "application/zip", lambda content: _zip(content) is not None),
}
ACCEPTED = ", ".join(f".{extension}" for extension in FILE_TYPES)


@dataclass(frozen=True)
class FileStore:
    """The folder of attached files and the size limit of one file."""

    root: Path
    max_bytes: int = DEFAULT_MAX_MB * 1024 * 1024
    # The checksums whose files this store created: kept only by the copy one upload works with (upload_unit).
    created: list[str] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def from_env(cls) -> FileStore:
        """PLANFLOW_FILES_DIR and PLANFLOW_MAX_UPLOAD_MB, as the CLI and the web app read them."""
        root = os.environ.get("PLANFLOW_FILES_DIR") or DEFAULT_INSTANCE_DIR / "files"
        megabytes = float(os.environ.get("PLANFLOW_MAX_UPLOAD_MB") or DEFAULT_MAX_MB)
        return cls(Path(root), int(megabytes * 1024 * 1024))

    @property
    def limit_label(self) -> str:
        return size_label(self.max_bytes)

    def path(self, checksum: str) -> Path:
        return self.root / checksum[:2] / checksum[2:4] / checksum

    def for_upload(self) -> FileStore:
        """A copy that remembers the files it creates, so that a failed upload can take them back."""
        return replace(self, created=[])

    def put(self, content: bytes, checksum: str) -> bool:
        """Write the content under its checksum; True when this call created the file.

        A temporary file in the same folder is linked into place, so a reader never sees half a file and, of
        two uploads of the same new bytes, exactly one creates it.
        """
        target = self.path(checksum)
        if _refresh(target, checksum):
            return False  # the same bytes, uploaded before (perhaps to another thread)
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
                stream.flush()
                os.fsync(stream.fileno())
            created = _place(Path(temporary), target)
        finally:
            Path(temporary).unlink(missing_ok=True)
        if created and self.created is not None:
            self.created.append(checksum)
        return created

    def read(self, attachment: Attachment) -> bytes:
        """The stored bytes, only if they still match the checksum recorded at upload."""
        try:
            content = self.path(attachment.checksum).read_bytes()
        except FileNotFoundError:
            content = None
        if content is None or _sha256(content) != attachment.checksum:
            raise Conflict(f"Tệp '{attachment.name}' (phiên bản {attachment.version}) trên máy chủ bị mất hoặc "
                           "bị hỏng (mã kiểm tra SHA-256 không khớp); hãy báo quản trị viên khôi phục từ bản sao lưu.")
        return content


@contextmanager
def upload_unit(planflow: UnitOfWork, store: FileStore) -> Iterator[tuple[Ctx, FileStore]]:
    """A unit of work for uploads (with the store to upload to): when it fails, its files no row needs go.

    Only a file this unit created may go, and only if no committed row references its checksum: a file that was
    already there may belong to an upload of the same bytes committing at this moment.
    """
    uploading = store.for_upload()
    try:
        with planflow.unit_of_work() as ctx:
            yield ctx, uploading
    except BaseException:
        if uploading.created:
            # The user is told why the upload failed, not that the cleanup did; a file left behind is an orphan
            # that `planflow files check --prune` removes.
            with suppress(Exception), planflow.unit_of_work() as ctx:
                discard_unreferenced(ctx.session, store, uploading.created)
        raise


def discard_unreferenced(session: Session, store: FileStore, checksums: list[str]) -> list[str]:
    """Remove the files of these checksums that no attachment row references; the checksums removed."""
    referenced = set(session.scalars(select(Attachment.checksum).where(Attachment.checksum.in_(checksums))))
    unreferenced = sorted(set(checksums) - referenced)
    for checksum in unreferenced:
        store.path(checksum).unlink(missing_ok=True)
    return unreferenced


def attach_file(ctx: Ctx, user: User, store: FileStore, subject: str, subject_id: str | int, filename: str,
                content: bytes) -> Attachment:
    """Check the file and add it to the subject's thread: version 1, or the next version of that name."""
    ctx.act_as(user)
    thread = open_thread(ctx.session, user, subject, subject_id)
    name = clean_name(filename)
    check_content(store, name, content)
    checksum = _sha256(content)
    latest = _latest_version(ctx.session, thread.key, fold(name))
    if latest is not None and latest.checksum == checksum:
        raise InvalidInput(f"Tệp '{name}' giống hệt phiên bản {latest.version} đã đính kèm; không tạo phiên bản mới.",
                           {"file": "Nội dung không thay đổi."})
    store.put(content, checksum)
    if FILE_TYPES[_extension(name)].content_type == PDF:  # a signed PDF reads as such beside the file (ký số)
        record_check(ctx.session, checksum, content, ctx.now())
    attachment = Attachment(
        thread=thread.key, task_id=thread.task_id, task_name=thread.task_name, name=name, name_key=fold(name),
        version=latest.version + 1 if latest else 1, content_type=FILE_TYPES[_extension(name)].content_type,
        size=len(content), checksum=checksum, uploaded_by=user.id, uploaded_at=ctx.now())
    ctx.session.add(attachment)
    try:
        ctx.session.flush()
    except IntegrityError:  # the same version number, taken by an upload of the same name that committed first
        raise Conflict(f"Một phiên bản khác của tệp '{name}' vừa được tải lên cùng lúc; hãy tải lại trang rồi thử "
                       "lại.") from None
    ctx.audit("attach", comment=f"{name} (phiên bản {attachment.version})", **thread.audit_fields(),
              details={"thread": thread.key, "attachment_id": attachment.id, "name": name,
                       "version": attachment.version, "size": attachment.size, "checksum": checksum})
    return attachment


def clean_name(filename: str) -> str:
    """The file's own name (NFC), without any folder a browser or client sent with it."""
    name = clean(filename or "", "file").replace("\\", "/").rsplit("/", 1)[-1].strip()
    if not name or name in {".", ".."}:
        raise InvalidInput("Tệp chưa có tên.", {"file": "Hãy chọn một tệp có tên."})
    if any(ord(char) < 32 or ord(char) == 127 for char in name):
        raise InvalidInput("Tên tệp chứa ký tự điều khiển.", {"file": "Hãy đổi tên tệp."})
    if len(name) > NAME_MAX_CHARS:
        raise InvalidInput(f"Tên tệp dài {len(name)} ký tự, vượt giới hạn {NAME_MAX_CHARS} ký tự.",
                           {"file": "Hãy đặt tên tệp ngắn hơn."})
    return name


def check_content(store: FileStore, name: str, content: bytes) -> None:
    """Refuse an empty or oversized file, a type we do not take, or content that is not what its name says."""
    extension = _extension(name)
    if extension not in FILE_TYPES:
        raise InvalidInput(f"Không nhận loại tệp của '{name}'. Các loại được nhận: {ACCEPTED}.",
                           {"file": "Loại tệp không được nhận."})
    if not content:
        raise InvalidInput(f"Tệp '{name}' rỗng (0 byte).", {"file": "Tệp rỗng."})
    if len(content) > store.max_bytes:
        raise InvalidInput(f"Tệp '{name}' nặng {size_label(len(content))}, vượt giới hạn {store.limit_label}.",
                           {"file": f"Tối đa {store.limit_label}."})
    kind = FILE_TYPES[extension]
    if not kind.matches(content):
        raise InvalidInput(f"Nội dung tệp '{name}' không phải là tệp {kind.label} như đuôi .{extension} cho biết.",
                           {"file": "Nội dung không khớp với loại tệp."})


def files(session: Session, thread: Thread, store: FileStore | None = None) -> list[dict]:
    """The thread's files, one entry per name (in order of first upload) with every version, newest first; a PDF's
    version carries the check of its signatures (`signature`; with the store, a file not yet checked is checked)."""
    rows = session.execute(select(Attachment, User.username).join(User, User.id == Attachment.uploaded_by)
                           .where(Attachment.thread == thread.key).order_by(Attachment.id)).all()
    stored = {attachment.checksum: attachment for attachment, _ in rows}
    checks = checks_of(session, ((a.checksum, a.content_type) for a, _ in rows), current_clock().now(),
                       (lambda checksum: store.read(stored[checksum])) if store is not None else None)
    grouped: dict[str, dict] = {}
    for attachment, username in rows:
        entry = grouped.setdefault(attachment.name_key, {"versions": []})
        entry["name"] = attachment.name  # the latest spelling of the name
        entry["versions"].insert(0, {**attachment_view(attachment, username),
                                     "signature": checks.get(attachment.checksum)})
    return list(grouped.values())


class AttachmentView(TypedDict):
    """One version of a file in a thread."""

    id: int
    name: str
    version: int
    content_type: str
    size: int
    size_label: str
    checksum: str
    uploaded_by: str
    uploaded_at: str
    task_name: str | None


def attachment_view(attachment: Attachment, uploaded_by: str) -> AttachmentView:
    return {"id": attachment.id, "name": attachment.name, "version": attachment.version,
            "content_type": attachment.content_type, "size": attachment.size,
            "size_label": size_label(attachment.size), "checksum": attachment.checksum, "uploaded_by": uploaded_by,
            "uploaded_at": attachment.uploaded_at.isoformat(), "task_name": attachment.task_name}


def open_file(session: Session, user: User, store: FileStore, attachment_id: int) -> tuple[Attachment, bytes]:
    """A file the user may see, with its checked bytes; another unit's file is 'not found'."""
    attachment = session.get(Attachment, attachment_id)
    missing = NotFound(f"Không có tệp #{attachment_id} trong phạm vi của bạn.")
    if attachment is None:
        raise missing
    try:
        require_thread(session, user, attachment.thread)
    except NotFound:
        raise missing from None
    return attachment, store.read(attachment)


def size_label(size: int) -> str:
    """'1,5 MB', '320 KB', '12 byte': a Vietnamese decimal comma."""
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB".replace(".", ",").replace(",0 MB", " MB")
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} byte"


def _latest_version(session: Session, thread_key: str, name_key: str) -> Attachment | None:
    return session.scalar(select(Attachment).where(Attachment.thread == thread_key, Attachment.name_key == name_key)
                          .order_by(Attachment.version.desc()).limit(1))


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].casefold() if "." in name else ""


def _refresh(target: Path, checksum: str) -> bool:
    """Whether the target already holds these bytes; if so it is touched, because `files check --prune` keeps a
    file younger than an hour and this one is about to be referenced again."""
    try:
        if file_sha256(target) != checksum:
            return False
        os.utime(target)
    except FileNotFoundError:
        return False
    return True


def _place(temporary: Path, target: Path) -> bool:
    """Put the written file at its target; True when no file was there (a link fails if one appears meanwhile)."""
    if target.exists():
        os.replace(temporary, target)  # repairs a damaged file: rows may reference it, so it is not ours
        return False
    try:
        os.link(temporary, target)
    except FileExistsError:
        return False  # another upload of the same bytes placed it first
    except OSError:  # a file system without hard links (some network mounts): a rename, still atomic for readers
        os.replace(temporary, target)
    return True


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def file_sha256(path: Path) -> str:
    """The checksum of a stored file, read in chunks: a file may be far larger than we want in memory."""
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()
