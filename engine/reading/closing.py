"""The end of a plan: the closing paragraph, "Nơi nhận" (recipients, archive line) and the signature block."""

from __future__ import annotations

import re
from typing import Any

from engine.reading.document import Document
from engine.reading.normalize import BULLET, UPPER, is_all_caps, starts_lower

_RECIPIENTS = re.compile(r"^(?P<label>Nơi nhận\s?:?)\s?(?P<rest>.*)$", re.IGNORECASE)
_ARCHIVE = re.compile(r"^Lưu\s?:?\s?(?P<body>.*)$")
_MARKER = re.compile(r"^(?P<marker>TM|KT|TL|TUQ|Q|Q\.\s?CHỦ TỊCH)\.\s?(?P<rest>.*)$")
_NAME = re.compile(rf"^[{UPPER}]\w*(?:\s[{UPPER}]\w*){{1,5}}$")  # "Nguyễn Văn Sơn"


def recipients_start(doc: Document) -> int | None:
    """The line number of "Nơi nhận:" (the last one: a plan may quote the words earlier)."""
    found = None
    for line in doc.lines:
        if _RECIPIENTS.match(line.text):
            found = line.number
    return found


def read_archive(text: str) -> dict[str, Any]:
    """ "Lưu: VT, NCPC. N" → units VT, NCPC and the drafter's initials N."""
    match = _ARCHIVE.match(text)
    body = match.group("body") if match else text
    units_part, _, initials = body.partition(". ")
    units = [u.strip(" .") for u in units_part.split(",") if u.strip(" .")]
    archive: dict[str, Any] = {"raw": text, "units": units}
    if initials.strip():
        archive["drafter_initials"] = initials.strip()
    return archive


def read_recipients(doc: Document) -> tuple[dict[str, Any] | None, int]:
    """The recipients group and the last line it uses (0 when there is none)."""
    start = recipients_start(doc)
    if start is None:
        return None, 0
    label = _RECIPIENTS.match(doc.lines[start - 1].text)
    assert label is not None
    items: list[tuple[str, int]] = []
    archive = None
    last = start
    for line in doc.lines[start:]:
        text = line.text
        if not text:
            continue
        bullet = BULLET.match(text)
        if bullet is None and items and starts_lower(text):
            items[-1] = (f"{items[-1][0]} {text}", items[-1][1])  # a wrapped recipient line
            last = line.number
            continue
        if bullet is None and not _ARCHIVE.match(text):
            break
        item = text[bullet.end():].strip() if bullet else text
        last = line.number
        if _ARCHIVE.match(item):
            archive = {**read_archive(item), "source": doc.source(line.number)}
            break
        items.append((item, line.number))
    group = {"label": label.group("label").strip() if label.group("label").endswith(":") else "Nơi nhận:",
             "items": [text for text, _ in items], "archive": archive, "source": doc.source(start),
             "item_sources": [doc.source(n) for _, n in items]}
    return group, last


def read_signature(doc: Document, after_line: int) -> dict[str, Any] | None:
    """Markers (TM./KT./TL.), the signer's title (capitals) and name (title case), after the recipients."""
    markers: list[tuple[str, str]] = []
    title = name = None
    used: list[str] = []
    first_line = None
    for line in doc.lines[after_line:]:
        text = line.text
        if not text or text.startswith(("(", "[")) or BULLET.match(text):
            continue
        marker = _MARKER.match(text)
        if marker is not None:
            markers.append((marker.group("marker") + ".", marker.group("rest").strip()))
        elif is_all_caps(text):
            title = text
        elif _NAME.match(text):
            name = text
        else:
            continue
        used.append(text)
        first_line = first_line or line.number
    if first_line is None or (title is None and not markers):
        return None
    marker_text, on_behalf = (markers[-1] if markers else (None, None))
    signature: dict[str, Any] = {"authority_marker": marker_text, "on_behalf_of": on_behalf or None,
                                 "signer_title": title, "signer_name": name, "raw": " ".join(used),
                                 "source": doc.source(first_line)}
    if len(markers) > 1:  # "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"
        signature["collective_marker"], signature["collective"] = markers[0]
    return signature
