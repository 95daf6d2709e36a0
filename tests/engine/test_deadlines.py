"""Deadlines as plans write them, and the data cut-off warning."""

from __future__ import annotations

from datetime import date

import pytest

from engine.errors import InvalidInput
from engine.reporting.deadlines import cutoff_warning, default_cutoff, parse_due


@pytest.mark.parametrize(("text", "day", "inclusive", "deadline"), [
    ("trước ngày 30/5", date(2024, 5, 30), False, date(2024, 5, 30)),
    ("Trước ngày 05/12", date(2024, 12, 5), False, date(2024, 12, 5)),
    ("chậm nhất ngày 25/5", date(2024, 5, 25), True, date(2024, 5, 26)),
    ("trước hoặc trong ngày 15/11", date(2024, 11, 15), True, date(2024, 11, 16)),
    ("trước ngày 15/01/2021", date(2021, 1, 15), False, date(2021, 1, 15)),  # the typo of seed 002 stays as written
    ("2024-06-10", date(2024, 6, 10), True, date(2024, 6, 11)),
])
def test_a_due_date_is_read_as_written_with_the_plan_year(text, day, inclusive, deadline) -> None:
    due = parse_due(text, 2024)
    assert (due.day, due.inclusive, due.deadline.first_late_day, due.text) == (day, inclusive, deadline, text)


@pytest.mark.parametrize(("text", "message"), [
    ("cuối tháng năm", "Không hiểu hạn 'cuối tháng năm'"),
    ("trước ngày 31/2", "không phải ngày có thật"),
])
def test_an_unreadable_due_date_is_refused(text, message) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_due(text, 2024)


def test_the_default_cut_off_runs_from_the_previous_december() -> None:
    assert default_cutoff("six_month", 2024) == (date(2023, 12, 15), date(2024, 6, 14))
    assert default_cutoff("annual", 2024) == (date(2023, 12, 15), date(2024, 12, 14))
    assert default_cutoff("scoring", 2024) is None


def test_a_deadline_before_the_cut_off_ends_is_warned_about() -> None:
    warning = cutoff_warning(date(2024, 6, 14), parse_due("trước ngày 30/5", 2024))
    assert warning == ("Hạn báo cáo (trước ngày 30/5) không cách ngày chốt số liệu (14/06/2024) "
                       "ít nhất một ngày làm việc.")


def test_a_weekend_alone_between_cut_off_and_deadline_is_not_a_working_day() -> None:
    # Cut-off Friday 14/6/2024; "trước ngày 17/6" leaves Saturday and Sunday only.
    assert cutoff_warning(date(2024, 6, 14), parse_due("trước ngày 17/6", 2024)) is not None
    assert cutoff_warning(date(2024, 6, 14), parse_due("trước ngày 18/6", 2024)) is None
