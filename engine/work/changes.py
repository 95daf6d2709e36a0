"""What changed between two versions of a draft, marked as a reader marks a paper: line by line, and word by
word inside a line that was rewritten (difflib). Pure functions over text; no database."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import zip_longest

SAME, ADDED, REMOVED = "same", "added", "removed"
_WORDS = re.compile(r"\s+|[^\s]+")
# Past this many words a rewritten line is shown as removed and added whole: matching word by word is quadratic.
WORDS_MAX = 2_000


@dataclass(frozen=True)
class Piece:
    """A run of text that both versions share, or that one of them alone has."""

    kind: str  # SAME, ADDED or REMOVED
    text: str


@dataclass(frozen=True)
class Change:
    """One part of a document (its title, its content, its recipients …) as it changed: the changed lines only,
    each as pieces, and the lines of the new version that are new or rewritten (to mark them in the document)."""

    label: str
    lines: tuple[tuple[Piece, ...], ...]
    added: tuple[str, ...]


def compare(label: str, before: list[str], after: list[str]) -> Change | None:
    """The changed lines of one part; None when it did not change."""
    lines: list[tuple[Piece, ...]] = []
    added: list[str] = []
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    for op, b1, b2, a1, a2 in matcher.get_opcodes():
        if op == "equal":
            continue
        for old, new in zip_longest(before[b1:b2], after[a1:a2]):
            lines.append(line_change(old, new))
            if new is not None:
                added.append(new)
    return Change(label, tuple(lines), tuple(added)) if lines else None


def line_change(old: str | None, new: str | None) -> tuple[Piece, ...]:
    """A removed line, an added line, or a rewritten one marked word by word."""
    if old is None:
        return (Piece(ADDED, new or ""),)
    if new is None:
        return (Piece(REMOVED, old),)
    return word_diff(old, new)


def word_diff(old: str, new: str) -> tuple[Piece, ...]:
    """The new line with the words it dropped and the words it gained marked; spaces count as words so that the
    text reads as written."""
    before, after = _WORDS.findall(old), _WORDS.findall(new)
    if len(before) > WORDS_MAX or len(after) > WORDS_MAX:
        return (Piece(REMOVED, old), Piece(ADDED, new))
    pieces: list[Piece] = []
    for op, b1, b2, a1, a2 in SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if op == "equal":
            _append(pieces, SAME, "".join(after[a1:a2]))
            continue
        _append(pieces, REMOVED, "".join(before[b1:b2]))
        _append(pieces, ADDED, "".join(after[a1:a2]))
    return tuple(pieces)


def _append(pieces: list[Piece], kind: str, text: str) -> None:
    """Add a run, joined to the last one when it is of the same kind (a word and the space after it)."""
    if not text:
        return
    if pieces and pieces[-1].kind == kind:
        pieces[-1] = Piece(kind, pieces[-1].text + text)
    else:
        pieces.append(Piece(kind, text))
