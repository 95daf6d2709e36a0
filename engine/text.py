"""Text normalisation: every Vietnamese string entering the system is NFC."""

from __future__ import annotations

import unicodedata
from typing import Any


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def nfc_data(value: Any) -> Any:
    """NFC-normalise every string inside a JSON-like value, keys included."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, dict):
        return {nfc_data(k): nfc_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [nfc_data(v) for v in value]
    return value


def fold(text: str) -> str:
    """A comparison key: NFC, case-folded, single spaces."""
    return " ".join(nfc(text).casefold().split())
