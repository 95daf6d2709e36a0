"""Sections (I, II, III…), their numbered subsections, and the assignments of "Tổ chức thực hiện".

In section III each numbered item gives a task to an agency. The agency is written three ways: as a heading
("1. Phòng Nội vụ", "**2. Giao Sở Nội vụ:** …"), or as the subject of the item's sentence ("2. Giao Phòng Nội
vụ phối hợp với …", "1. Các cơ quan …, UBND các xã, thị trấn căn cứ chức năng, nhiệm vụ và Kế hoạch này, xây
dựng …"). The subject ends at the first verb written in lower case.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from engine.reading.document import Document
from engine.reading.normalize import BULLET, LETTERED, NUMBERED, ROMAN, Para

SECTION_KEYS: tuple[tuple[str, str], ...] = (
    ("tổ chức thực hiện", "to_chuc_thuc_hien"), ("mục đích", "muc_dich_yeu_cau"), ("yêu cầu", "muc_dich_yeu_cau"),
    ("kinh phí", "kinh_phi"), ("chế độ báo cáo", "che_do_bao_cao"), ("nội dung", "noi_dung"),
    ("nhiệm vụ", "noi_dung"), ("giải pháp", "noi_dung"), ("căn cứ", "can_cu"),
)
# Lower-case verbs that end an agency written as the subject of its task sentence.
_VERBS = ("căn cứ", "phối hợp", "chủ trì", "có trách nhiệm", "chịu trách nhiệm", "tham mưu", "thực hiện", "tổ chức",
          "xây dựng", "theo dõi", "hướng dẫn", "triển khai", "làm đầu mối", "là cơ quan", "chủ động", "tăng cường",
          "kiểm tra", "đôn đốc", "tuyên truyền", "bố trí", "rà soát", "tổng hợp", "báo cáo")
_VERB_RE = re.compile(r"\s(?:" + "|".join(_VERBS) + r")\b")
_AGENCY_LEADS = re.compile(r"^(?:Giao|giao|Đề nghị|đề nghị|Nhiệm vụ của|Trách nhiệm của|Đối với)\s")
_AGENCY_HEADS = re.compile(
    r"^(?i:phòng|sở|ban|ubnd|ủy ban|uỷ ban|thanh tra|trung tâm|văn phòng|công an|ban chỉ huy|đài|báo|công chức|các|"
    r"cơ quan|bộ|hội|đoàn|mặt trận|ủy ban mặt trận|huyện ủy|huyện uỷ|tỉnh ủy|tỉnh uỷ|đảng ủy|đảng uỷ|chủ tịch|trưởng|"
    r"kho bạc|chi cục|bảo hiểm|viện|tòa án|liên đoàn|hội đồng|cục|ngân hàng|trường|bệnh viện|thủ trưởng|người đứng đầu|"
    r"cán bộ|lãnh đạo)\b"
)
_FOCAL_HEADING = re.compile(r"\((?:cơ quan |đơn vị )?(?:chủ trì|đầu mối|thường trực)[^)]*\)")
_FOCAL_DUTY = re.compile(r"^(?:Là|Làm|là|làm)\s(?:cơ quan\s)?(?:đầu mối|thường trực)")
_NEW_DUTY = re.compile(r"(?<=;)\s(?=[A-ZĐÂĂÊÔƠƯ])")


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if unicodedata.category(c) != "Mn")
    return "_".join(re.findall(r"[a-z0-9]+", plain.casefold()))


def section_key(heading: str) -> str:
    folded = heading.casefold()
    for words, key in SECTION_KEYS:
        if words in folded:
            return key
    return slug(ROMAN.sub("", heading)) or "section"


def head_text(para: Para) -> str:
    """A heading's words: the **bold** part when the line goes on after it."""
    bold = para.first.bold_head
    return bold if bold else para.text


@dataclass
class Section:
    number: str
    heading: str
    key: str
    para_index: int
    body: list[int] = field(default_factory=list)  # paragraph indexes inside the section
    line: int = 0


def is_closing(para: Para) -> bool:
    return para.text.startswith(("Trên đây", "Nơi nhận"))


def read_sections(doc: Document, start: int) -> list[Section]:
    sections: list[Section] = []
    for index in range(start, len(doc.paras)):
        para = doc.paras[index]
        if is_closing(para):
            break
        roman = ROMAN.match(para.text)
        if roman:
            heading = head_text(para)
            sections.append(Section(roman.group("n"), heading, section_key(heading), index, line=para.line))
        elif sections:
            sections[-1].body.append(index)
    return sections


def _top_numbered(para: Para) -> bool:
    match = NUMBERED.match(para.text)
    return match is not None and "." not in match.group("n")


def subsections(doc: Document, section: Section) -> list[str]:
    """Numbered headings of a section; empty for "Tổ chức thực hiện", whose items are the assignments."""
    if section.key == "to_chuc_thuc_hien":
        return []
    found = []
    for index in section.body:
        para = doc.paras[index]
        if _top_numbered(para):
            text = head_text(para)
            if len(text) > 250 and ":" in text[:200]:
                text = text[:text.index(":") + 1]
            found.append(text)
    return found


def section_dict(doc: Document, section: Section) -> dict[str, Any]:
    return {"number": section.number, "heading": section.heading, "key": section.key,
            "subsections": subsections(doc, section), "source": doc.source(section.line)}


# --- assignments -------------------------------------------------------------------------------------------------

def _strip_marker(text: str) -> str:
    for pattern in (NUMBERED, LETTERED, BULLET):
        match = pattern.match(text)
        if match:
            return text[match.end():]
    return text


def agency_of(heading: str) -> str | None:
    """ "2. Giao Sở Nội vụ:" → "Sở Nội vụ"; "1. Phòng Nội vụ (cơ quan chủ trì)" → "Phòng Nội vụ"."""
    text = _strip_marker(heading).strip()
    text = _AGENCY_LEADS.sub("", text)
    text = re.sub(r"\s?\([^)]*\)", "", text)
    verb = _VERB_RE.search(text)
    if verb:
        text = text[:verb.start()]
    text = text.strip().rstrip(":.,;").strip()
    return text if text and _AGENCY_HEADS.match(text) else None


def _split_heading(para: Para) -> tuple[str, str]:
    """(heading, inline duty) of an assignment item."""
    text = para.text
    bold = para.first.bold_head
    if bold:
        return bold, text[len(bold):].strip()
    colon = text.find(":")
    if 0 < colon < 200 and agency_of(text[:colon]) is not None:
        return text[:colon + 1], text[colon + 1:].strip()
    body = _strip_marker(text)
    marker = text[:len(text) - len(body)]
    lead = _AGENCY_LEADS.match(body)
    # A verb inside brackets ("(cơ quan chủ trì)") is part of the heading, not the start of the duty.
    masked = re.sub(r"\([^)]*\)", lambda m: "_" * len(m.group(0)), body)
    verb = _VERB_RE.search(masked, lead.end() if lead else 0)
    if verb is None:
        return text, ""
    cut = verb.start()
    if body[verb.start() + 1:].startswith("căn cứ"):
        # "… căn cứ chức năng, nhiệm vụ và Kế hoạch này, xây dựng …": the basis clause belongs to the heading.
        following = re.compile(r",\s(?=(?:" + "|".join(v for v in _VERBS if v != "căn cứ") + r")\b)")
        match = following.search(masked, verb.end())
        if match:
            return marker + body[:match.end()].rstrip(), body[match.end():].strip()
    return (marker + body[:cut]).rstrip(), body[cut:].strip()


def _duties(para: Para) -> list[str]:
    """A paragraph's duties: its text without the bullet, split where "; " is followed by a capital."""
    text = _strip_marker(para.text).strip()
    return [part.strip() for part in _NEW_DUTY.split(text) if part.strip()]


@dataclass
class Assignment:
    heading: str
    agency: str
    duties: list[tuple[str, int]]  # (text, line)
    line: int
    explicit_focal: bool = False


def _items(doc: Document, section: Section) -> list[int]:
    """Indexes of the paragraphs that open an assignment: numbered items, else lettered, else "- Agency: …"."""
    for test in (_top_numbered, lambda p: bool(LETTERED.match(p.text)),
                 lambda p: bool(BULLET.match(p.text)) and ":" in p.text[:150]
                 and agency_of(p.text[:p.text.index(":")]) is not None):
        found = [i for i in section.body if test(doc.paras[i])]
        if found:
            return found
    return []


def read_assignments(doc: Document, section: Section) -> list[Assignment]:
    starts = _items(doc, section)
    result: list[Assignment] = []
    for position, index in enumerate(starts):
        para = doc.paras[index]
        heading, inline = _split_heading(para)
        agency = agency_of(heading)
        if agency is None:
            continue
        end = starts[position + 1] if position + 1 < len(starts) else None
        duties = [(inline, para.line)] if inline else []
        for body_index in section.body:
            if body_index <= index or (end is not None and body_index >= end):
                continue
            body = doc.paras[body_index]
            duties.extend((duty, body.line) for duty in _duties(body))
        explicit = bool(_FOCAL_HEADING.search(heading)) or any(_FOCAL_DUTY.match(d) for d, _ in duties[:1])
        result.append(Assignment(heading.strip(), agency, duties, para.line, explicit))
    return result


def mark_focal(assignments: list[Assignment]) -> list[bool]:
    """The focal point: an agency marked so ("(cơ quan chủ trì)", "Là cơ quan đầu mối"), else the home-affairs one."""
    explicit = [a.explicit_focal for a in assignments]
    if any(explicit):
        return explicit
    flags = [False] * len(assignments)
    for index, assignment in enumerate(assignments):
        if "Nội vụ" in assignment.agency or "nội vụ" in assignment.agency:
            flags[index] = True
            break
    return flags


def assignment_dicts(doc: Document, assignments: list[Assignment]) -> list[dict[str, Any]]:
    focal = mark_focal(assignments)
    return [{"heading": a.heading, "agency": a.agency, "is_focal_point": flag,
             "responsibilities": [text for text, _ in a.duties], "source": doc.source(a.line)}
            for a, flag in zip(assignments, focal, strict=True)]
