"""One deadline, one meaning (engine/deadline.py): how a deadline reads, when it is due soon, due today, overdue,
and when something sent is late — for both kinds of phrase, across weekends and Tết."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from alembic import command

from engine.core import Planflow
from engine.db import make_engine
from engine.deadline import (
    ACCEPTANCE_WORKING_DAYS,
    DUE_SOON_WORKING_DAYS,
    Deadline,
    acceptance_deadline,
    as_data,
    from_data,
    is_late,
    label,
    state,
)
from engine.org.demo import load_demo
from engine.reporting.deadlines import parse_due
from engine.schema import alembic_config, upgrade_schema
from tests.support import Driver

BEFORE = parse_due("trước ngày 24/5", 2024).deadline  # the 24th itself is late
BY = parse_due("chậm nhất ngày 24/5", 2024).deadline  # the 24th itself is in time


def test_trước_ngày_ends_the_day_before_and_chậm_nhất_ends_on_the_day() -> None:
    assert (BEFORE.last_day, BEFORE.day, BEFORE.first_late_day) == (date(2024, 5, 23), date(2024, 5, 24),
                                                                    date(2024, 5, 24))
    assert (BY.last_day, BY.day, BY.first_late_day) == (date(2024, 5, 24), date(2024, 5, 24), date(2024, 5, 25))


@pytest.mark.parametrize(("phrase", "sent_on", "late"), [
    ("trước ngày 24/5", date(2024, 5, 23), False),
    ("trước ngày 24/5", date(2024, 5, 24), True),  # the day itself is not allowed
    ("chậm nhất ngày 24/5", date(2024, 5, 24), False),
    ("trước hoặc trong ngày 24/5", date(2024, 5, 24), False),
    ("đến hết ngày 24/5", date(2024, 5, 24), False),
    ("chậm nhất ngày 24/5", date(2024, 5, 25), True),
])
def test_something_sent_on_the_named_day_is_late_only_when_the_phrase_leaves_the_day_out(phrase, sent_on, late):
    assert is_late(parse_due(phrase, 2024).deadline, sent_on) is late


@pytest.mark.parametrize(("today", "before", "by"), [
    (date(2024, 5, 17), "on_time", "on_time"),  # Friday: four and five working days left
    (date(2024, 5, 20), "due_soon", "on_time"),  # Monday: three working days (21-23) against four
    (date(2024, 5, 21), "due_soon", "due_soon"),
    (date(2024, 5, 23), "due_today", "due_soon"),
    (date(2024, 5, 24), "overdue", "due_today"),
    (date(2024, 5, 25), "overdue", "overdue"),
])
def test_the_state_of_both_kinds_of_deadline_day_by_day(today, before, by) -> None:
    assert (state(BEFORE, today), state(BY, today)) == (before, by)


def test_due_soon_counts_working_days_so_a_weekend_does_not_hide_a_monday_deadline() -> None:
    monday = Deadline(date(2024, 5, 27))  # "chậm nhất ngày 27/5"
    assert DUE_SOON_WORKING_DAYS == 3
    assert state(monday, date(2024, 5, 22)) == "due_soon"  # Wed: Thu, Fri, Mon are three working days
    assert state(monday, date(2024, 5, 21)) == "on_time"  # Tue: four


def test_due_soon_reaches_across_tết_to_before_the_office_closes() -> None:
    # Tết Ất Tỵ: the office is closed from Saturday 25/1/2025 to Sunday 2/2/2025 (holidays and the weekends).
    after_tet = Deadline(date(2025, 2, 5))  # Wednesday after Tết
    assert state(after_tet, date(2025, 1, 24)) == "due_soon"  # Friday before Tết: only 3/2, 4/2, 5/2 remain
    assert state(after_tet, date(2025, 1, 23)) == "on_time"  # Thursday: 24/1 as well
    # Twelve calendar days away, yet due soon: a calendar-day window would have said nothing until after Tết.
    assert (after_tet.last_day - date(2025, 1, 24)).days == 12


@pytest.mark.parametrize(("phrase", "day", "inclusive", "words"), [
    ("trước ngày 24/5", date(2024, 5, 24), False, "trước ngày 24/05/2024"),  # the plan's year filled in
    ("chậm nhất ngày 24/5", date(2024, 5, 24), True, "chậm nhất ngày 24/05/2024"),
    ("chậm nhất là ngày 24 tháng 5", date(2024, 5, 24), True, "chậm nhất là ngày 24 tháng 5 năm 2024"),
    ("trước ngày 24/5/2024", date(2024, 5, 24), False, "trước ngày 24/5/2024"),  # as written, year and all
    ("hằng quý", date(2024, 3, 18), True, "hằng quý (chậm nhất ngày 18/03/2024)"),  # no day: the day added
    # A phrase naming two days, for one of them: that day in plans' words.
    ("định kỳ 6 tháng (trước 30/5), một năm (trước 15/11)", date(2024, 11, 15), False, "trước ngày 15/11/2024"),
    ("2024-06-10", date(2024, 6, 10), True, "chậm nhất ngày 10/06/2024"),  # an ISO date, as the CLI takes it
    (None, date(2024, 3, 31), False, "trước ngày 31/03/2024"),  # a plan's deadline to issue: no phrase
    (None, date(2024, 3, 31), True, "chậm nhất ngày 31/03/2024"),  # never a bare "Hạn: 31/03/2024"
])
def test_a_deadline_reads_as_written_and_never_as_a_bare_date(phrase, day, inclusive, words) -> None:
    assert label(Deadline.written(day, inclusive, phrase)) == words


def test_the_receivers_acceptance_is_due_working_days_after_the_report_arrives() -> None:
    assert ACCEPTANCE_WORKING_DAYS == 2
    friday = acceptance_deadline(date(2024, 5, 24))
    assert (friday.last_day, friday.inclusive) == (date(2024, 5, 28), True)  # Monday, Tuesday
    assert label(friday) == "Tiếp nhận trong 2 ngày làm việc kể từ ngày nhận (chậm nhất ngày 28/05/2024)"
    before_tet = acceptance_deadline(date(2025, 1, 24))
    assert before_tet.last_day == date(2025, 2, 4)  # 3/2 and 4/2: Tết is not counted
    assert state(friday, date(2024, 5, 24)) == "due_soon"  # not red the moment it arrives


def test_a_deadline_travels_through_process_data_and_a_designers_plain_date_reads_inclusive() -> None:
    assert from_data(as_data(BEFORE)) == BEFORE
    assert from_data("2024-05-24") == Deadline(date(2024, 5, 24))
    assert from_data("2024-05-24T08:00:00") == Deadline(date(2024, 5, 24))
    assert from_data(None) is None and from_data("") is None
    assert from_data({"day": "2024-05-24", "inclusive": False, "text": "trước\x07 ngày\n24/5"}) == Deadline(
        date(2024, 5, 23), "trước ngày 24/5", False)  # control characters and line breaks do not reach a page
    for junk in (42, {"day": None}, "24/5/2024", ["2024-05-24"]):
        with pytest.raises(ValueError):
            from_data(junk)


def test_the_named_day_and_the_last_day_agree_for_every_day_of_a_year() -> None:
    for n in range(366):
        day = date(2024, 1, 1) + timedelta(days=n)
        before, by = Deadline.written(day, False), Deadline.written(day, True)
        assert (before.day, by.day) == (day, day)
        assert (is_late(before, day), is_late(by, day)) == (True, False)


def test_upgrading_the_database_gives_open_tasks_their_reports_and_plans_deadline(tmp_path, clock) -> None:
    """Tasks opened before the task rows kept their deadline's phrase read as the rule says after the upgrade."""
    db = make_engine(f"sqlite:///{tmp_path / 'planflow.sqlite3'}")
    app = Planflow(db=db, clock=clock)
    app.init()
    with app.unit_of_work() as ctx:
        load_demo(ctx.session, 3)
    driver = Driver(app)
    clock.fixed = datetime(2024, 1, 3, 8)
    driver.issue(driver.start_plan("298", "officer.298"), "298", reporting=[{"kind": "six_month",
                                                                             "due": "trước ngày 24/5"}])
    plan_id = driver.start_plan("298", "officer.298", due=date(2024, 6, 1))
    clock.fixed = datetime(2024, 5, 23, 9)
    driver.run_due()

    command.downgrade(alembic_config(db), "0013")
    upgrade_schema(db)

    report = driver.task("officer.11089", "Soạn báo cáo")
    plan = driver.task("officer.298", "Soạn thảo dự thảo kế hoạch", plan_id)
    assert (report["due_text"], report["due_state"]) == ("trước ngày 24/05/2024", "due_today")
    assert (plan["due_text"], plan["due_last_day"]) == ("trước ngày 01/06/2024", "2024-05-31")
    db.dispose()
