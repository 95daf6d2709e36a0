"""Uploaded files → plan text: .txt (UTF-8, UTF-8 with BOM, UTF-16 with BOM), .docx, .pdf with a text layer.

Uploads are untrusted: the bytes, the pages, the unpacked DOCX and the text are all bounded, and every failure
becomes an InvalidInput naming what is wrong in Vietnamese. DOCX paragraphs and table cells (real plans put the
header block in a two-column table) are read in document order, one paragraph per line with a blank line between,
which is the shape the paragraph rules expect.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from engine.errors import InvalidInput
from engine.reading.normalize import MAX_TEXT_CHARS
from engine.text import nfc

MAX_BYTES = 10 * 1024 * 1024
MAX_PAGES = 200
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # a DOCX is a zip: refuse one that inflates past this (zip bomb)
MAX_ZIP_ENTRIES = 2000


def _refuse(message: str) -> InvalidInput:
    return InvalidInput(message, {"file": message})


def _extension(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].casefold() if "." in filename else ""


def read_text(data: bytes, filename: str) -> str:
    """The text of an uploaded plan, NFC. Raises InvalidInput for what cannot be a plan."""
    if not data:
        raise _refuse(f"Tệp '{filename}' rỗng.")
    if len(data) > MAX_BYTES:
        raise _refuse(f"Tệp '{filename}' quá lớn ({len(data) // 1024} KB, tối đa {MAX_BYTES // 1024 // 1024} MB).")
    kind = _extension(filename)
    readers = {"txt": _text_of_txt, "md": _text_of_txt, "docx": _text_of_docx, "pdf": _text_of_pdf}
    if kind not in readers:
        raise _refuse(f"Không đọc được tệp '{filename}': chỉ nhận .txt, .docx hoặc .pdf.")
    text = nfc(readers[kind](data, filename))
    if len(text) > MAX_TEXT_CHARS:
        raise _refuse(f"Văn bản trong tệp '{filename}' quá dài (tối đa {MAX_TEXT_CHARS:,} ký tự).")
    if not text.strip():
        raise _refuse(f"Tệp '{filename}' không có chữ nào đọc được.")
    return text


def _text_of_txt(data: bytes, filename: str) -> str:
    encoding = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise _refuse(f"Tệp '{filename}' không phải văn bản UTF-8 hoặc UTF-16 "
                      f"(byte lỗi ở vị trí {exc.start}).") from exc


def _check_zip(data: bytes, filename: str) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise _refuse(f"Tệp '{filename}' không phải tệp Word (.docx) hợp lệ.") from exc
    entries = archive.infolist()
    if len(entries) > MAX_ZIP_ENTRIES or sum(e.file_size for e in entries) > MAX_UNPACKED_BYTES:
        raise _refuse(f"Tệp '{filename}' giải nén ra quá lớn; không đọc tệp này.")
    if "word/document.xml" not in {e.filename for e in entries}:
        raise _refuse(f"Tệp '{filename}' không phải tệp Word (.docx) hợp lệ: thiếu word/document.xml.")


def _block_text(block: Any) -> Iterator[str]:
    """Paragraphs and table cells in document order (a merged cell appears once)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in block.iter_inner_content():
        if isinstance(child, Paragraph):
            yield child.text
        elif isinstance(child, Table):
            for row in child.rows:
                previous = None
                for cell in row.cells:
                    if cell._tc is previous:  # a horizontally merged cell is listed once per grid column
                        continue
                    previous = cell._tc
                    yield from _block_text(cell)


def _text_of_docx(data: bytes, filename: str) -> str:
    _check_zip(data, filename)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        parts = [p.replace("\r", "") for p in _block_text(document) if p.strip()]
    except Exception as exc:  # python-docx raises many types on a broken package
        raise _refuse(f"Không đọc được tệp Word '{filename}': tệp hỏng ({type(exc).__name__}).") from exc
    return "\n\n".join(parts)


def _text_of_pdf(data: bytes, filename: str) -> str:
    import pypdf
    from pypdf.errors import PdfReadError

    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise _refuse(f"Tệp '{filename}' không phải tệp PDF hợp lệ.")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise _refuse(f"Tệp PDF '{filename}' có mật khẩu; hãy gửi bản không khóa.")
        if len(reader.pages) > MAX_PAGES:
            raise _refuse(f"Tệp PDF '{filename}' có {len(reader.pages)} trang (tối đa {MAX_PAGES}).")
        pages = []
        total = 0
        for page in reader.pages:
            text = page.extract_text() or ""
            total += len(text)
            if total > MAX_TEXT_CHARS:
                raise _refuse(f"Văn bản trong tệp '{filename}' quá dài (tối đa {MAX_TEXT_CHARS:,} ký tự).")
            pages.append(text)
    except InvalidInput:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError) as exc:
        raise _refuse(f"Không đọc được tệp PDF '{filename}': tệp hỏng ({type(exc).__name__}).") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise _refuse(f"Tệp PDF '{filename}' không có lớp chữ (bản quét ảnh); hãy gửi bản .docx hoặc PDF có chữ.")
    return text
