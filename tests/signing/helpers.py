"""Small tools of the signing tests."""

from __future__ import annotations

import re
from datetime import datetime

from engine.clock import VIETNAM


def aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=VIETNAM)


def flip_byte_in_largest_stream(pdf: bytes) -> bytes:
    """One byte changed in the middle of the file's largest stream (the embedded font): the file still parses,
    every offset still holds, and only the signed bytes differ."""
    streams = [(m.end(), int(m.group(1))) for m in re.finditer(rb"/Length (\d+)[^>]*>>\s*stream\r?\n", pdf)]
    start, length = max(streams, key=lambda s: s[1])
    position = start + length // 2
    return pdf[:position] + bytes([pdf[position] ^ 0xFF]) + pdf[position + 1:]
