"""What changed between two versions of a draft: the changed lines only, rewritten words marked inside them."""

from __future__ import annotations

from engine.work.changes import ADDED, REMOVED, SAME, Piece, compare, word_diff
from engine.work.review import changes_since_return, marks_of


def test_a_rewritten_line_marks_only_the_words_that_changed():
    assert word_diff("trước ngày 30/5 hằng năm", "trước ngày 25/5 hằng năm") == (
        Piece(SAME, "trước ngày "), Piece(REMOVED, "30/5"), Piece(ADDED, "25/5"), Piece(SAME, " hằng năm"))


def test_only_changed_lines_are_kept_and_new_lines_are_named_for_marking():
    change = compare("Nơi nhận", ["UBND tỉnh", "UBND các xã"], ["UBND tỉnh", "Ban Dân vận", "UBND các xã"])

    assert change is not None and change.lines == ((Piece(ADDED, "Ban Dân vận"),),)
    assert change.added == ("Ban Dân vận",)
    assert compare("Nơi nhận", ["UBND tỉnh"], ["UBND tỉnh"]) is None
    assert compare("Nội dung", ["Bỏ dòng này"], []).lines == ((Piece(REMOVED, "Bỏ dòng này"),),)


def test_a_first_round_has_nothing_to_compare_and_unchanged_parts_are_not_listed():
    first = {"title": "Kế hoạch A", "summary": "Một", "reporting": [{"kind": "annual", "due": "trước ngày 30/11"}]}

    assert changes_since_return("plan", [first]) == []
    changes = changes_since_return("plan", [first, {**first, "summary": "Một\nHai"}])
    assert [c.label for c in changes] == ["Nội dung"]
    assert marks_of(changes) == {"title": False, "paragraphs": ["Hai"], "recipients": []}


def test_a_reports_changed_figures_and_sections_are_compared_by_their_labels():
    before = {"results": "Tổ chức 3 cuộc đối thoại.", "indicators": {"dialogues_held": 3}}
    after = {"results": "Tổ chức 4 cuộc đối thoại.", "indicators": {"dialogues_held": 4}}

    changes = {c.label: c for c in changes_since_return("report", [before, after])}

    assert set(changes) == {"Kết quả đạt được", "Chỉ tiêu"}
    assert changes["Chỉ tiêu"].lines[0][-2:] == (Piece(REMOVED, "3"), Piece(ADDED, "4"))
