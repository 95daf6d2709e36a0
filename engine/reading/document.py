"""The normalised document every extractor reads: lines, paragraphs, and where each item came from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engine.reading.normalize import Line, Para, normalise_lines, paragraphs


@dataclass
class Document:
    lines: list[Line]
    paras: list[Para]

    @classmethod
    def read(cls, text: str) -> Document:
        lines = normalise_lines(text)
        return cls(lines, paragraphs(lines))

    def source(self, line: int) -> dict[str, Any]:
        """Where an item came from: the 1-based line and its normalised text, for display beside the item."""
        return {"line": line, "text": self.lines[line - 1].text}

    def flat(self, start_line: int = 1) -> tuple[str, list[tuple[int, int]]]:
        """The text from `start_line` on as one string (lines joined by a space), with (offset, line) marks."""
        parts: list[str] = []
        marks: list[tuple[int, int]] = []
        offset = 0
        for line in self.lines[start_line - 1:]:
            if not line.text:
                continue
            marks.append((offset, line.number))
            parts.append(line.text)
            offset += len(line.text) + 1
        return " ".join(parts), marks


def line_at(marks: list[tuple[int, int]], offset: int) -> int:
    """The line holding character `offset` of a `Document.flat` text (binary search over the marks)."""
    low, high = 0, len(marks) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if marks[middle][0] <= offset:
            low = middle
        else:
            high = middle - 1
    return marks[low][1] if marks else 1


def para_offsets(para: Para) -> list[tuple[int, int]]:
    """(offset, line) marks of a paragraph's joined text."""
    marks, offset = [], 0
    for line in para.lines:
        marks.append((offset, line.number))
        offset += len(line.text) + 1
    return marks
