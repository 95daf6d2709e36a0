"""Text on input: every Vietnamese string entering the system is NFC, and control characters are refused.

A control character (other than tab and line breaks) has no place in a plan or a report, and one stored in a
title made every .docx of its plan fail (XML refuses it). `clean` and `clean_data` are the one rule for input;
`printable` strips what a writer cannot take from text stored before the rule existed.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from engine.errors import InvalidInput

# C0 and C1 controls and DEL, except tab, line feed and carriage return.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def clean(text: str, field: str | None = None) -> str:
    """NFC text, refused when it holds a control character (named by its code point, and by field if given)."""
    found = CONTROL_CHARACTERS.search(text)
    if found is not None:
        where = f" ở trường '{field}'" if field else ""
        raise InvalidInput(f"Văn bản{where} chứa ký tự điều khiển U+{ord(found.group()):04X}, không được chấp nhận; "
                           "hãy xóa ký tự đó rồi gửi lại.", {field or "text": "chứa ký tự điều khiển"})
    return nfc(text)


def clean_data(value: Any, field: str | None = None) -> Any:
    """`clean` every string inside a JSON-like value, keys included."""
    if isinstance(value, str):
        return clean(value, field)
    if isinstance(value, dict):
        return {clean_data(k, field): clean_data(v, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_data(v, field) for v in value]
    return value


nfc_data = clean_data  # the name the engine's input paths have used since the start


def printable(text: str) -> str:
    """Text with control characters removed, for writers (XML) reading what was stored before `clean`."""
    return CONTROL_CHARACTERS.sub("", text)


def fold(text: str) -> str:
    """A comparison key: NFC, case-folded, single spaces."""
    return " ".join(nfc(text).casefold().split())
