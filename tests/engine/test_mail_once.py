"""Each mail goes once, at a rate a relay accepts: a killed sender, two senders at once, a whole day's queue in one
call. A real SMTP server on the loopback address counts what arrives (as in test_mailer.py)."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from alembic import command
from sqlalchemy import func, select, update

from engine.core import Planflow
from engine.db import make_engine
from engine.errors import InvalidInput
from engine.models import MailMessage
from engine.notify import outbox, sender
from engine.notify.outbox import queue_new_task_mail
from engine.notify.pacing import Pacer
from engine.notify.sender import LEASE, STOPPED_WHILE_SENDING, MailSettings, queue_counts, send_queued
from engine.org.demo import load_demo
from engine.org.units import get_user
from engine.schema import alembic_config, upgrade_schema
from tests.engine.test_mailer import Inbox, free_port, opt_in, outcome

RUN_FOR = 60  # seconds a sending thread may take at most before the test gives up on it


@pytest.fixture
def port() -> int:
    return free_port()


@pytest.fixture
def settings(port) -> MailSettings:
    return MailSettings(host="127.0.0.1", port=port, sender="planflow@haiduong.gov.vn", rate=1000)


@pytest.fixture
def smtp(port) -> Iterator[Inbox]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox
    controller.stop()


def queue_notices(planflow, count: int) -> list[str]:
    """`count` reminders queued for the district's officer, each to an address of its own; returns the addresses."""
    addresses = [f"nguoi.{n}@tuky.gov.vn" for n in range(count)]
    with planflow.unit_of_work() as ctx:
        officer, now = get_user(ctx.session, "officer.298"), ctx.now()
        ctx.session.add_all(MailMessage(user_id=officer.id, to_address=address, kind="reminder",
                                        subject=f"[planflow] Nhắc hạn #{n}", body="Kính gửi,\n\nNhắc hạn.\n",
                                        status="queued", attempts=0, created_at=now, next_attempt_at=now)
                            for n, address in enumerate(addresses))
    return addresses


def statuses(planflow) -> Counter[str]:
    with planflow.unit_of_work() as ctx:
        return Counter(ctx.session.scalars(select(MailMessage.status)))


def in_threads(*calls: Callable[[], object]) -> list[object]:
    """Run the calls at once, each in a thread of its own (each unit of work opens its own session)."""
    results: list[object] = [None] * len(calls)

    def run(index: int) -> None:
        results[index] = calls[index]()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(RUN_FOR)
    assert not any(thread.is_alive() for thread in threads)
    return results


class Killed(BaseException):
    """The sending process dies: nothing after this point of the sender runs."""


def test_a_sender_killed_while_sending_never_sends_that_mail_again_and_shows_it_uncertain(
        demo3, clock, settings, smtp, monkeypatch):
    addresses = queue_notices(demo3, 5)
    handed_over = sender._send_one

    def dies_after_the_third(smtp_connection, mail, mail_settings):
        error = handed_over(smtp_connection, mail, mail_settings)
        if len(smtp.received) == 3:
            raise Killed  # the server has the third mail; its outcome is never recorded
        return error

    monkeypatch.setattr(sender, "_send_one", dies_after_the_third)
    with pytest.raises(Killed):
        send_queued(demo3, settings)
    monkeypatch.undo()
    assert statuses(demo3) == {"sent": 2, "sending": 1, "queued": 2}

    assert send_queued(demo3, settings) == outcome()  # the rest of the batch is leased: not due yet
    clock.fixed = clock.now() + LEASE
    assert send_queued(demo3, settings) == outcome(sent=2, uncertain=1)

    assert sorted(m["To"] for m in smtp.received) == sorted(addresses)  # each once
    with demo3.unit_of_work() as ctx:
        assert queue_counts(ctx) == {"queued": 0, "sending": 0, "sent": 4, "failed": 0, "uncertain": 1}
        uncertain = ctx.session.scalars(select(MailMessage).where(MailMessage.status == "uncertain")).one()
    assert (uncertain.to_address, uncertain.last_error) == (addresses[2], STOPPED_WHILE_SENDING)
    clock.fixed = clock.now() + timedelta(days=30)
    assert send_queued(demo3, settings) == outcome()  # never sent again
    assert len(smtp.received) == 5


def test_two_senders_at_once_deliver_each_mail_exactly_once(demo3, settings, smtp, monkeypatch):
    addresses = queue_notices(demo3, 60)
    monkeypatch.setattr(sender, "BATCH", 4)  # many small batches: the two senders take turns throughout

    first, second = in_threads(lambda: send_queued(demo3, settings), lambda: send_queued(demo3, settings))

    assert Counter(m["To"] for m in smtp.received) == Counter(addresses)
    assert first["sent"] + second["sent"] == 60 and first["uncertain"] == second["uncertain"] == 0
    assert statuses(demo3) == {"sent": 60}


def test_new_task_mail_collected_by_two_senders_at_once_is_queued_once(demo3, driver, monkeypatch):
    opt_in(demo3, "officer.298", "can.bo@tuky.gov.vn")
    opt_in(demo3, "head.298", "truong.phong@tuky.gov.vn")
    driver.start_plan("298", "officer.298")
    driver.start_plan("294", "officer.294")
    if demo3.db.dialect.name == "postgresql":
        # Both have read the same unmailed tasks before either inserts: the race as it happens. On SQLite the
        # transactions' BEGIN IMMEDIATE lets the second start only after the first committed.
        both_read = threading.Barrier(2, timeout=RUN_FOR)
        insert = outbox._queue_once
        monkeypatch.setattr(outbox, "_queue_once", lambda session: (both_read.wait(), insert(session))[1])

    def collect() -> int:
        with demo3.unit_of_work() as ctx:
            return queue_new_task_mail(ctx)

    assert sorted(in_threads(collect, collect)) == [0, 1]  # the officer's drafting task, mailed to the officer
    with demo3.unit_of_work() as ctx:
        assert ctx.session.scalar(select(func.count()).select_from(MailMessage)) == 1


def test_one_call_sends_the_whole_queue_not_one_batch(demo3, settings, smtp):
    addresses = queue_notices(demo3, 250)
    assert send_queued(demo3, settings) == outcome(sent=250)
    assert sorted(m["To"] for m in smtp.received) == sorted(addresses)
    assert send_queued(demo3, settings) == outcome()


def test_a_limit_ends_the_run_and_the_next_run_goes_on(demo3, settings, smtp):
    queue_notices(demo3, 7)
    assert send_queued(demo3, settings, limit=5) == outcome(sent=5)
    assert send_queued(demo3, settings, limit=5) == outcome(sent=2)
    assert len(smtp.received) == 7


def test_a_stop_request_ends_the_run_after_the_mail_in_hand_and_gives_the_rest_back_at_once(demo3, settings, smtp):
    queue_notices(demo3, 6)
    stop = threading.Event()
    accept = smtp.handle_DATA

    async def stop_after_the_second(server, session, envelope):
        reply = await accept(server, session, envelope)
        if len(smtp.received) == 2:
            stop.set()  # the worker's SIGTERM
        return reply

    smtp.handle_DATA = stop_after_the_second
    assert send_queued(demo3, settings, stop=stop) == outcome(sent=2)
    assert statuses(demo3) == {"sent": 2, "queued": 4}
    assert send_queued(demo3, settings) == outcome(sent=4)  # due at once: no lease to wait out, no attempt spent
    with demo3.unit_of_work() as ctx:
        assert set(ctx.session.scalars(select(MailMessage.attempts))) == {1}


@pytest.mark.parametrize("raw", ["0", "-2", "mười", "1e3", "nan", "2,5", " 10"])
def test_a_rate_that_is_not_a_positive_number_is_refused_with_the_setting_named(raw):
    with pytest.raises(InvalidInput, match=f"PLANFLOW_SMTP_RATE '{raw}' không phải số thư mỗi giây hợp lệ"):
        MailSettings.from_env({"PLANFLOW_SMTP_RATE": raw})


def test_the_rate_comes_from_the_environment_and_is_ten_a_second_unless_set():
    assert MailSettings.from_env({"PLANFLOW_SMTP_RATE": "2.5"}).rate == 2.5
    assert MailSettings.from_env({}).rate == 10


class FakeTime:
    """A clock the pacer reads and a stop event whose waits move it; records each wait."""

    def __init__(self) -> None:
        self.now, self.waits, self.stopped = 100.0, [], False

    def __call__(self) -> float:
        return self.now

    def wait(self, timeout: float | None = None) -> bool:
        self.waits.append(timeout)
        self.now += timeout or 0
        return self.stopped

    def is_set(self) -> bool:
        return self.stopped


def test_sends_are_spaced_evenly_at_the_rate_and_a_late_one_is_not_followed_by_a_burst():
    time = FakeTime()
    pacer = Pacer(4, stop=time, clock=time)
    assert [pacer.ready() for _ in range(3)] == [True, True, True]
    assert time.waits == [0.25, 0.25]  # the first at once, then a quarter of a second apart
    time.now += 1.0  # a slow server
    assert pacer.ready() and time.waits == [0.25, 0.25]  # due long ago: sent at once ...
    assert pacer.ready() and time.waits == [0.25, 0.25, 0.25]  # ... and the next a full interval later
    time.stopped = True
    assert not pacer.ready()


def test_upgrading_a_database_where_a_race_queued_a_task_mail_twice_keeps_the_first(tmp_path, clock):
    db = make_engine(f"sqlite:///{tmp_path / 'planflow.sqlite3'}")
    app = Planflow(db=db, clock=clock)
    app.init()
    with app.unit_of_work() as ctx:
        load_demo(ctx.session, 3)
    command.downgrade(alembic_config(db), "0014")  # before the unique index
    addresses = queue_notices(app, 3)
    with app.unit_of_work() as ctx:  # two task mails to the same person about the same task, and one about another
        ctx.session.execute(update(MailMessage).where(MailMessage.to_address != addresses[2])
                            .values(kind="task", task_id="task-1"))
        ctx.session.execute(update(MailMessage).where(MailMessage.to_address == addresses[2])
                            .values(kind="task", task_id="task-2"))

    upgrade_schema(db)

    with app.unit_of_work() as ctx:
        kept = ctx.session.execute(select(MailMessage.task_id, MailMessage.to_address).order_by(MailMessage.id)).all()
    assert kept == [("task-1", addresses[0]), ("task-2", addresses[2])]
    db.dispose()
