"""Working days with Vietnam's public holidays, Tết and Giỗ Tổ included (the `holidays` library)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from engine.calendar import MAX_DAY_SHIFT, add_days, add_working_days, holidays_of, is_working_day, working_days_between
from engine.models import ProcessInstance
from engine.plans.lifecycle import reminder_day


@pytest.mark.parametrize("day", ["2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31"])
def test_tet_2025_is_off(day) -> None:
    assert not is_working_day(day)


def test_the_days_around_tet_2025_are_weekends_or_working_days() -> None:
    assert is_working_day("2025-01-24") and is_working_day("2025-02-03")  # the Friday before, the Monday after
    assert not is_working_day("2025-02-01") and not is_working_day("2025-02-02")  # Saturday, Sunday
    assert add_working_days("2025-01-24", 1) == "2025-02-03"
    assert working_days_between(date(2025, 1, 24), date(2025, 2, 3)) == 1


def test_gio_to_hung_vuong_2025_and_national_day_2025_are_off() -> None:
    assert not is_working_day(date(2025, 4, 7))  # 10/3 âm lịch, a Monday
    assert not is_working_day(date(2025, 9, 1)) and not is_working_day(date(2025, 9, 2))
    assert add_working_days("2025-08-29", 1) == "2025-09-03"


def test_a_compensatory_day_off_the_library_lists_is_off() -> None:
    assert date(2025, 5, 2) in holidays_of(2025) and not is_working_day("2025-05-02")  # swapped with 26/4


def test_the_fixed_holidays_hold_even_in_a_year_the_library_does_not_know() -> None:
    assert not is_working_day("2300-01-01") or date(2300, 1, 1).weekday() >= 5
    assert date(2300, 9, 2) in holidays_of(2300)


def test_the_public_api_keeps_its_bounds() -> None:
    assert add_days("2025-01-28", 1) == "2025-01-29"  # calendar days count holidays
    assert add_working_days(date(2025, 4, 7), 0) == "2025-04-07"
    assert add_working_days("2025-04-08", -1) == "2025-04-04"  # back over Giỗ Tổ and the weekend
    with pytest.raises(ValueError, match=str(MAX_DAY_SHIFT)):
        add_working_days("2025-01-01", MAX_DAY_SHIFT + 1)
    with pytest.raises(TypeError):
        add_working_days("2025-01-01", True)


def test_a_reminder_falling_on_a_holiday_moves_to_the_working_day_before() -> None:
    assert reminder_day(date(2025, 2, 1)) == date(2025, 1, 24)  # 29/1 is Tết: the Friday before
    assert reminder_day(date(2025, 4, 10)) == date(2025, 4, 4)  # 7/4 is Giỗ Tổ, then the weekend
    assert reminder_day(date(2025, 3, 13)) == date(2025, 3, 10)  # an ordinary Monday stays


def test_a_plans_reminder_timer_is_set_on_a_working_day(demo3, driver, clock) -> None:
    clock.fixed = datetime(2025, 1, 2, 8)
    plan_id = driver.start_plan("298", "officer.298", due=date(2025, 2, 1))
    with demo3.unit_of_work() as ctx:
        instance = ctx.session.scalar(select(ProcessInstance).where(ProcessInstance.plan_id == plan_id))
        dues = [str(due) for _, due in instance.timers]
    assert any(due.startswith("2025-01-24T08:00") for due in dues), dues
