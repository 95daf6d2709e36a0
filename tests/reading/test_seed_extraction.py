"""The reader against the reference data: each seed text × each field of its entry in seed_plans.json.

The comparison is exact, on the keys the seed holds (the reader adds keys such as `source`, `periods`, `date`).
Two kinds of seed content are not text and are handled openly here, never dropped silently:
- annotation keys written in English by the person who built the seeds (`note`, `meaning`, `inference`,
  `purpose`): they explain the data and have no counterpart in the plan's text, so they are removed;
- editorial values: each correction below says what the seed holds, what the text says, and why. A correction
  checks the seed still holds the value it corrects, so a change to the seeds shows up here.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from engine.reading import read_plan

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"
PLANS = {plan["seed_file"][:3]: plan for plan in json.loads((SEEDS / "seed_plans.json").read_text("utf-8"))["plans"]}
FIELDS = ("issuing_body", "number_symbol", "place_date", "plan_year", "title", "parent_plans", "legal_bases",
          "sections", "assignments", "deadlines", "reporting_lines", "recipients", "signature")
ANNOTATION_KEYS = {"note", "meaning", "inference", "purpose"}


def _without_annotations(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_annotations(v) for k, v in value.items() if k not in ANNOTATION_KEYS}
    if isinstance(value, list):
        return [_without_annotations(v) for v in value]
    return value


def _project(got: Any, expected: Any) -> Any:
    """`got` restricted to the keys `expected` has, recursively (lists keep their length: extra items count)."""
    if isinstance(expected, dict) and isinstance(got, dict):
        return {k: _project(got.get(k), v) for k, v in expected.items()}
    if isinstance(expected, list) and isinstance(got, list):
        return [_project(g, e) for g, e in zip(got, expected, strict=False)] + got[len(expected):]
    return got


def _replace(path: list[Any], seed_value: Any, text_value: Any) -> Callable[[Any], None]:
    def apply(expected: Any) -> None:
        holder = expected
        for step in path[:-1]:
            holder = holder[step]
        assert holder[path[-1]] == seed_value, "the seed changed: review this correction"
        holder[path[-1]] = text_value
    return apply


def _move(number_symbol: str, after: str) -> Callable[[Any], None]:
    """The seed appended a citation at the end of its list; the text cites it right after `after`."""
    def apply(expected: list[dict[str, Any]]) -> None:
        item = next(i for i in expected if i["number_symbol"] == number_symbol)
        expected.remove(item)
        expected.insert(next(n for n, i in enumerate(expected) if i["number_symbol"] == after) + 1, item)
    return apply


def _insert_after(after: str, item: dict[str, Any]) -> Callable[[Any], None]:
    def apply(expected: list[dict[str, Any]]) -> None:
        assert all(i["number_symbol"] != item["number_symbol"] for i in expected)
        expected.insert(next(n for n, i in enumerate(expected) if i["number_symbol"] == after) + 1, item)
    return apply


def _swap(first: int, second: int) -> Callable[[Any], None]:
    def apply(expected: list[Any]) -> None:
        expected[first], expected[second] = expected[second], expected[first]
    return apply


_ITEM3 = "Các công chức chuyên môn thuộc UBND xã"
_ITEM1 = "Công chức Văn phòng- Thống kê phụ trách công tác Nội vụ"

CORRECTIONS: dict[tuple[str, str], list[Callable[[Any], None]]] = {
    # 000: the third parent is the district's own 2021-2025 plan; the text says only "Thực hiện" (implements),
    # the parenthesis is the seed author's explanation.
    ("000", "parent_plans"): [_replace([2, "relation"], "implements (own multi-year plan 2021-2025)", "implements")],
    # 000: the seed lists the line of item 7 before the line of item 1 (Phòng Nội vụ); the reader keeps text order.
    ("000", "reporting_lines"): [_swap(0, 1)],
    # 002: the seed quotes the self-naming sentence only up to "công tác dân vận"; the reader quotes it whole.
    ("002", "issuing_body"): [_replace(["evidence"], "Ủy ban nhân dân tỉnh ban hành Kế hoạch tiếp tục tăng cường và "
                                       "đổi mới công tác dân vận", "Ủy ban nhân dân tỉnh ban hành Kế hoạch tiếp tục "
                                       "tăng cường và đổi mới công tác dân vận của cơ quan hành chính nhà nước, chính "
                                       "quyền các cấp trong tình hình mới trên địa bàn tỉnh Hà Giang năm 2022, với các "
                                       "nội dung sau:")],
    # 002: "Kết luận số 114-KL /TW" is cited in the text right after "Chương trình số 01-CT/TU"; the seed added it
    # at the end of its list.
    ("002", "legal_bases"): [_move("114-KL /TW", after="01-CT/TU")],
    # 002: the heading says "Nhiệm vụ của các cơ quan, đơn vị, địa phương"; the seed adds, in parentheses, who those
    # are according to the closing paragraph.
    ("002", "assignments"): [_replace([0, "agency"], "các cơ quan, đơn vị, địa phương (sở, ban, ngành tỉnh; UBND các "
                                      "huyện, thành phố)", "các cơ quan, đơn vị, địa phương")],
    # 002: "báo cáo của UBND tỉnh … gửi Bộ Nội vụ": the report is UBND tỉnh's; who drafts it is the seed's gloss.
    ("002", "deadlines"): [_replace([2, "from"], "UBND tỉnh (drafted by Sở Nội vụ)", "UBND tỉnh")],
    # 002: same gloss on the reporting line; the seed also stops its span at the destination, the reader at the
    # clause end (" theo quy định"). The closing's line: the text asks to coordinate with Sở Nội vụ (via) and
    # propose to UBND tỉnh (to); the seed merges both into "Sở Nội vụ / UBND tỉnh".
    ("002", "reporting_lines"): [
        _replace([1, "from"], "UBND tỉnh (Sở Nội vụ tham mưu)", "UBND tỉnh"),
        _replace([1, "raw"], "báo cáo của UBND tỉnh trước ngày 10 tháng 12 hàng năm gửi Bộ Nội vụ",
                 "báo cáo của UBND tỉnh trước ngày 10 tháng 12 hàng năm gửi Bộ Nội vụ theo quy định"),
        _replace([2, "to"], "Sở Nội vụ / UBND tỉnh", "UBND tỉnh"),
    ],
    # 003: the seed left out "Nghị Quyết số 58/NQ-TU" (written with a capital Q) and appended "kế hoạch số
    # 222-KH/HU" (lower-case k, in the footnote right after 148-KH/TU) at the end of its list.
    ("003", "legal_bases"): [
        _insert_after("34/CTR-HU", {
            "citation": "Nghị Quyết số 58/NQ-TU, ngày 21/11/2021 của Ban Chấp hành Đảng bộ Tỉnh",
            "doc_type": "Nghị quyết", "number_symbol": "58/NQ-TU", "date_raw": "21/11/2021",
            "issuer_raw": "Ban Chấp hành Đảng bộ Tỉnh", "numbering_style": "state", "issuer_system": "party"}),
        _move("222-KH/HU", after="148-KH/TU"),
    ],
    # 004: the seed names the reporting unit by paraphrase ("UBND xã Ngọc Kỳ (các công chức chuyên môn)", "UBND xã
    # (Công chức Văn phòng - Thống kê)"); the text assigns the duty to the agency of its item. "(Hải Dương)" after
    # the scoring criteria is the seed's gloss of "UBND tỉnh".
    ("004", "deadlines"): [
        _replace([0, "from"], "UBND xã Ngọc Kỳ (các công chức chuyên môn)", _ITEM3),
        _replace([0, "criteria"], "Quyết định số 629/QĐ-UBND ngày 10/3/2022 của UBND tỉnh (Hải Dương)",
                 "Quyết định số 629/QĐ-UBND ngày 10/3/2022 của UBND tỉnh"),
        _replace([1, "from"], f"{_ITEM1} (for UBND xã)", _ITEM1),
    ],
    ("004", "reporting_lines"): [
        _replace([0, "from"], "UBND xã (Công chức Văn phòng - Thống kê)", _ITEM1),
        _replace([1, "from"], "UBND xã", _ITEM3),
    ],
}


def _strip_sources(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_sources(v) for k, v in value.items() if k not in ("source", "item_sources")}
    if isinstance(value, list):
        return [_strip_sources(v) for v in value]
    return value


@pytest.fixture(scope="module")
def extracted() -> dict[str, dict[str, Any]]:
    return {key: read_plan((SEEDS / plan["seed_file"]).read_text("utf-8")) for key, plan in PLANS.items()}


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("seed", sorted(PLANS))
def test_field_matches_the_seed(extracted: dict[str, dict[str, Any]], seed: str, field: str) -> None:
    expected = _without_annotations(copy.deepcopy(PLANS[seed][field]))
    for correct in CORRECTIONS.get((seed, field), []):
        correct(expected)
    got = _strip_sources(extracted[seed][field])
    assert _project(got, expected) == expected


def test_every_item_carries_its_source_line(extracted: dict[str, dict[str, Any]]) -> None:
    for seed, plan in extracted.items():
        lines = (SEEDS / PLANS[seed]["seed_file"]).read_text("utf-8").split("\n")
        for field in ("parent_plans", "legal_bases", "assignments", "deadlines", "reporting_lines", "sections"):
            for item in plan[field]:
                source = item["source"]
                assert 1 <= source["line"] <= len(lines)
                raw_line = lines[source["line"] - 1].replace("*", "")
                assert source["text"] and source["text"][:10] in raw_line
        for group in ("issuing_body", "signature", "recipients"):
            assert plan[group]["source"]["line"] >= 1


def test_output_is_json_serialisable(extracted: dict[str, dict[str, Any]]) -> None:
    for plan in extracted.values():
        assert json.loads(json.dumps(plan, ensure_ascii=False)) == plan
