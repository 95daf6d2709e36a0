"""Text normalisation and logical paragraphs.

Every reader works on *normalised lines*: one per input line (so line numbers point into what the person
uploaded), NFC, Markdown markup removed (`#` headings, `**bold**`, `*italic*`, backslash escapes), whitespace
collapsed. Paragraphs are then rebuilt from the lines, because extractions wrap sentences across lines and even
across page breaks ("... các cơ quan,\\n\\nđơn vị ..."), while DOCX and Markdown give one paragraph per line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from engine.errors import InvalidInput
from engine.text import nfc

# A plan is 10-100 thousand characters; anything far beyond is not a plan and would only cost time.
MAX_TEXT_CHARS = 1_000_000
MAX_LINE_CHARS = 20_000

_SPACES = re.compile(r"[\s\u00a0\u200b\u2007\u202f\ufeff]+")
_MD_HEADING = re.compile(r"^#{1,6}\s*")
_MD_ESCAPE = re.compile(r"\\([.\-*_#()\[\]+!])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

# Every upper-case Latin letter Vietnamese uses (A-Z and the accented capitals), for "a capital follows" tests.
UPPER = "A-Z" + "".join(chr(c) for c in range(0xC0, 0x1F00) if chr(c).isupper() and chr(c).isalpha())

BULLET = re.compile(r"^[-+•–●○▪]\s*")
ROMAN = re.compile(r"^(?P<n>[IVXL]{1,6})\s*[.\-–:)]\s*")
NUMBERED = re.compile(r"^(?P<n>\d{1,2}(?:\.\d{1,2}){0,3})\s*[.)]\s+")
LETTERED = re.compile(r"^(?P<n>[a-zđ])\s*\)\s*")
FOOTNOTE = re.compile(r"^(?:[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\[\d{1,3}\])\s*")

# Words after which a sentence cannot stop: a line ending with one continues on the next line, whatever case the
# next line starts with ("Kế hoạch số 115" / "KH/HU, ngày ...", "của" / "UBND huyện ...").
_CONNECTORS = frozenset([
    "số", "của", "và", "các", "những", "ngày", "tháng", "năm", "tại", "theo", "với", "về", "trong", "cho", "để",
    "thuộc", "giữa", "từ", "đến", "trên", "dưới", "là", "được", "có", "nhằm", "bằng", "do", "vào", "ra", "hoặc",
    "cùng", "như", "khi", "mà", "thì", "hay", "tới", "qua", "sau", "trước"
])


@dataclass(frozen=True)
class Line:
    number: int  # 1-based, in the input
    text: str  # normalised
    bold_head: str | None = None  # the leading **bold** part when more text follows on the line
    markup_heading: bool = False  # a Markdown heading or a fully bold line


@dataclass
class Para:
    """A logical paragraph: the lines of one sentence group, joined with single spaces."""

    lines: list[Line] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)

    @property
    def first(self) -> Line:
        return self.lines[0]

    @property
    def line(self) -> int:
        return self.lines[0].number


def check_size(text: str) -> None:
    if len(text) > MAX_TEXT_CHARS:
        raise InvalidInput(f"Văn bản quá dài ({len(text):,} ký tự, tối đa {MAX_TEXT_CHARS:,}); "
                           "đây không giống một kế hoạch.", {"file": "quá dài"})


def collapse(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def normalise_line(raw: str, number: int) -> Line:
    text = _CONTROL.sub(" ", nfc(raw[:MAX_LINE_CHARS]))
    text = collapse(text)
    heading = bool(_MD_HEADING.match(text))
    text = _MD_HEADING.sub("", text)
    text = _MD_ESCAPE.sub(r"\1", text)
    bold_head = None
    if text.startswith("**"):
        end = text.find("**", 2)
        if end > 2:
            rest = collapse(text[end + 2:].replace("*", ""))
            if rest:
                bold_head = collapse(text[2:end].replace("*", ""))
            else:
                heading = heading or text.endswith("**")
    text = collapse(text.replace("*", ""))
    return Line(number, text, bold_head, heading)


def normalise_lines(text: str) -> list[Line]:
    check_size(text)
    raw_lines = nfc(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [normalise_line(raw, index) for index, raw in enumerate(raw_lines, start=1)]


def starts_lower(text: str) -> bool:
    return bool(text) and text[0].isalpha() and text[0].islower()


def is_all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def has_marker(text: str) -> bool:
    return bool(BULLET.match(text) or ROMAN.match(text) or NUMBERED.match(text) or LETTERED.match(text))


def _dangling(text: str) -> bool:
    """True when the text cannot end a sentence: it stops on a comma, a hyphen, an opening bracket or a connector."""
    if not text:
        return False
    if text[-1] in ",-–(/“":
        return True
    words = text.rsplit(" ", 2)
    last = words[-1].casefold()
    if last.isdigit() and len(words) > 1 and words[-2].casefold() in ("số", "số:"):
        return True  # "Kế hoạch số 115" / "KH/HU" across a page break
    return last in _CONNECTORS


def _is_heading(line: Line) -> bool:
    return line.markup_heading or is_all_caps(line.text) or bool(ROMAN.match(line.text))


# Words that open a paragraph of their own in a plan: a wrapped line never starts with them unless the line
# before it was left dangling ("… của" / "Thực hiện …" is unlikely; "… năm 2025" / "Căn cứ …" starts anew).
OPENERS = re.compile(r"^(?:Căn cứ\s|Thực hiện\s(?:Kế hoạch|Chỉ thị|Nghị quyết|Quyết định|Kết luận|Công văn|Hướng dẫn)"
                     r"|Trên đây\s|Nơi nhận)")


def _joins_after_newline(prev: Line, nxt: Line) -> bool:
    """Does `nxt`, on the line right after `prev`, continue prev's paragraph (a wrapped line)?"""
    text = nxt.text
    if OPENERS.match(text) and not _dangling(prev.text):
        return False
    if has_marker(text) or FOOTNOTE.match(text) or _is_heading(nxt) or _is_heading(prev):
        return starts_lower(text) and not has_marker(text) and not is_all_caps(prev.text)
    if starts_lower(text) or _dangling(prev.text):
        return True
    if prev.text.endswith(":") or prev.bold_head is not None:
        return False
    # A numbered heading ("3. Các công chức chuyên môn thuộc UBND xã") is followed by its body.
    return not any(marker.match(prev.text) for marker in (ROMAN, NUMBERED, LETTERED))


def _joins_after_blank(prev: Line, nxt: Line) -> bool:
    """After an empty line only an obvious continuation joins: lowercase/digit start, or a dangling end."""
    text = nxt.text
    if has_marker(text) or FOOTNOTE.match(text) or is_all_caps(text) or nxt.markup_heading:
        return False
    if starts_lower(text) or (text[:1].isdigit() and not NUMBERED.match(text)):
        return True
    return _dangling(prev.text) and not is_all_caps(prev.text)


def paragraphs(lines: list[Line]) -> list[Para]:
    """Rebuild paragraphs. A footnote between two halves of a sentence becomes its own paragraph."""
    result: list[Para] = []
    current: Para | None = None
    blank = False
    for line in lines:
        if not line.text:
            blank = True
            continue
        if FOOTNOTE.match(line.text):
            result.append(Para([line]))  # `current` stays open: the sentence may continue after the footnote
            blank = False
            continue
        if current is not None:
            prev = current.lines[-1]
            joins = _joins_after_blank(prev, line) if blank else _joins_after_newline(prev, line)
            if joins:
                current.lines.append(line)
                blank = False
                continue
        current = Para([line])
        result.append(current)
        blank = False
    return result
