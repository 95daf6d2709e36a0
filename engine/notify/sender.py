"""Sending queued e-mail after the work, each mail at most once (engine/notify/outbox.py queues it).

One call sends everything due, batch after batch, over one SMTP connection at the configured rate, until nothing
is due, `limit` mails were handled or `stop` is set (the worker's SIGTERM). A mail passes through short
transactions of its own, so that a sender stopped or killed at any point never sends it twice:

1. a batch is leased: attempts + 1, not due again before LEASE ends. On PostgreSQL the rows are taken FOR UPDATE
   SKIP LOCKED, so that two senders take disjoint batches instead of waiting for each other; on SQLite the
   transaction's BEGIN IMMEDIATE serialises them;
2. each mail is marked `sending`, and committed, immediately before it is handed to the server, provided the
   lease is still this sender's (its attempts unchanged);
3. the outcome is committed right after: `sent`; or queued again for a later attempt; or `failed` after
   MAX_ATTEMPTS.

A mail of a leased batch never marked `sending` is due again when the lease ends (at once if the run was stopped).
A mail still `sending` when its lease has ended was handed to the server by a sender that died before recording
the outcome: it may have been delivered, so it is not sent again but marked `uncertain`. A failure (server down,
recipient refused) never reaches the workflow. The sender takes anything that opens a unit of work
(`UnitOfWork`), never the engine facade.
"""

from __future__ import annotations

import os
import re
import smtplib
import ssl
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from email.charset import QP, Charset
from email.header import Header
from email.mime.text import MIMEText
from email.utils import formataddr, formatdate, make_msgid
from types import TracebackType
from typing import Any, cast

from sqlalchemy import CursorResult, bindparam, func, select, update

from engine.context import Ctx, UnitOfWork
from engine.errors import InvalidInput
from engine.models import MailMessage
from engine.notify.outbox import TRUE_WORDS, queue_new_task_mail
from engine.notify.pacing import Pacer, Stop

MAX_ATTEMPTS = 6
FIRST_RETRY = timedelta(minutes=5)  # doubled after each failure: 5, 10, 20, 40, 80 minutes, then given up
# A leased batch is not taken again meanwhile, nor a mail being sent: far longer than a batch takes at the rate
# (_batch_size) and than one SMTP exchange (SMTP_TIMEOUT).
LEASE = timedelta(minutes=15)
BATCH = 200
SMTP_TIMEOUT = 30  # seconds
IDLE = 60  # seconds a connection is reused after its last mail; servers drop idle clients after a few minutes
DEFAULT_RATE = 10  # mails a second unless PLANFLOW_SMTP_RATE says otherwise: set it to what the relay accepts
STOPPED_WHILE_SENDING = "Bộ gửi dừng khi đang gửi thư này; có thể thư đã đi nên không gửi lại."
COUNTS = ("sent", "retrying", "failed", "uncertain")
_RATE = re.compile(r"^[0-9]+(\.[0-9]+)?$")
_UTF8_QP = Charset("utf-8")
_UTF8_QP.body_encoding = QP


@dataclass(frozen=True)
class MailSettings:
    host: str | None
    port: int = 25
    user: str | None = None
    password: str | None = None
    starttls: bool = False
    sender: str = "planflow@localhost"
    rate: float = DEFAULT_RATE  # mails a second, by each sending process

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> MailSettings:
        port = env.get("PLANFLOW_SMTP_PORT") or "25"
        if not port.isdigit():
            raise InvalidInput(f"PLANFLOW_SMTP_PORT '{port}' không phải số cổng.",
                               {"PLANFLOW_SMTP_PORT": "không hợp lệ"})
        return cls(host=env.get("PLANFLOW_SMTP_HOST") or None, port=int(port),
                   user=env.get("PLANFLOW_SMTP_USER") or None, password=env.get("PLANFLOW_SMTP_PASSWORD") or None,
                   starttls=(env.get("PLANFLOW_SMTP_STARTTLS") or "").lower() in TRUE_WORDS,
                   sender=env.get("PLANFLOW_SMTP_FROM") or cls.sender,
                   rate=_rate(env.get("PLANFLOW_SMTP_RATE") or str(DEFAULT_RATE)))


def _rate(raw: str) -> float:
    rate = float(raw) if _RATE.match(raw) else 0.0
    if rate <= 0:
        raise InvalidInput(f"PLANFLOW_SMTP_RATE '{raw}' không phải số thư mỗi giây hợp lệ: cần một số dương, "
                           "ví dụ 10 hoặc 0.5.", {"PLANFLOW_SMTP_RATE": "không hợp lệ"})
    return rate


@dataclass(frozen=True)
class Outgoing:
    """A queued mail leased for one sending run (plain values: sending happens after its transaction)."""

    id: int
    to_address: str
    subject: str
    body: str
    attempts: int  # counting this one; while it is unchanged in the row, the lease is this run's


class ServerUnreachable(Exception):
    """No connection to the mail server could be opened: the run ends, its mails are retried later."""


def send_queued(planflow: UnitOfWork, settings: MailSettings, limit: int | None = None,
                stop: Stop | None = None) -> dict[str, int]:
    """Send the mail due by the clock, batch after batch, until none is due, `limit` mails were handled or `stop`
    is set; returns how many were sent, will be retried, failed for good, or were found uncertain."""
    if not settings.host:
        raise InvalidInput("Chưa cấu hình máy chủ thư: đặt PLANFLOW_SMTP_HOST.", {"PLANFLOW_SMTP_HOST": "chưa đặt"})
    with planflow.unit_of_work() as ctx:
        queue_new_task_mail(ctx)
    counts = dict.fromkeys(COUNTS, 0)
    pacer, left = Pacer(settings.rate, stop), limit
    with Relay(settings) as relay:
        while (left is None or left > 0) and not (stop is not None and stop.is_set()):
            with planflow.unit_of_work() as ctx:
                counts["uncertain"] += mark_uncertain(ctx)
                batch = _take_due(ctx, _batch_size(settings.rate, left))
            if not batch or not _send_batch(planflow, batch, relay, pacer, counts):
                break
            left = None if left is None else left - len(batch)
    return counts


def _batch_size(rate: float, left: int | None) -> int:
    """BATCH, fewer when the rest of the limit is smaller or when sending it at the rate would outlast half the
    lease (past the lease another sender would take what this one has yet to send)."""
    fits = max(int(rate * LEASE.total_seconds() / 2), 1)
    return min(BATCH, fits, BATCH if left is None else left)


_MAILS = MailMessage.__table__
_DUE = (select(_MAILS.c.id, _MAILS.c.to_address, _MAILS.c.subject, _MAILS.c.body, _MAILS.c.attempts)
        .where(_MAILS.c.status == "queued", _MAILS.c.next_attempt_at <= bindparam("now"))
        .order_by(_MAILS.c.id).limit(bindparam("size")).with_for_update(skip_locked=True))
_OURS = (_MAILS.c.id == bindparam("mail_id")) & (_MAILS.c.attempts == bindparam("leased"))  # lease still ours


def _take_due(ctx: Ctx, size: int) -> list[Outgoing]:
    """Lease a batch of due mail: counted as attempted and not due again until the lease ends."""
    now = ctx.now()
    rows = ctx.session.execute(_DUE, {"now": now, "size": size}).all()
    if rows:
        ctx.session.execute(update(_MAILS).where(_MAILS.c.id.in_([row.id for row in rows]))
                            .values(attempts=_MAILS.c.attempts + 1, next_attempt_at=now + LEASE))
    return [Outgoing(row.id, row.to_address, row.subject, row.body, row.attempts + 1) for row in rows]


def mark_uncertain(ctx: Ctx) -> int:
    """Mark `uncertain` every mail left `sending` past its lease (its sender died mid-send); return how many."""
    result = _execute(ctx, update(_MAILS).where(_MAILS.c.status == "sending", _MAILS.c.next_attempt_at <= ctx.now())
                      .values(status="uncertain", last_error=STOPPED_WHILE_SENDING))
    return result.rowcount


def _send_batch(planflow: UnitOfWork, batch: list[Outgoing], relay: Relay, pacer: Pacer,
                counts: dict[str, int]) -> bool:
    """Send a leased batch mail by mail, each marked `sending` first; False when the run should end (stop
    requested, server unreachable)."""
    for index, mail in enumerate(batch):
        if not pacer.ready():
            with planflow.unit_of_work() as ctx:
                _release(ctx, batch[index:])
            return False
        with planflow.unit_of_work() as ctx:
            if not _mark_sending(ctx, mail):
                continue  # the lease ran out and another sender has it
        try:
            error = relay.send(mail)
        except ServerUnreachable as exc:  # nothing was handed over: this mail and the rest are tried again later
            with planflow.unit_of_work() as ctx:
                for unsent in batch[index:]:
                    _record(ctx, unsent, str(exc), counts)
            return False
        with planflow.unit_of_work() as ctx:
            _record(ctx, mail, error, counts)
    return True


def _mark_sending(ctx: Ctx, mail: Outgoing) -> bool:
    result = _execute(ctx, update(_MAILS).where(_OURS, _MAILS.c.status == "queued")
                      .values(status="sending", next_attempt_at=ctx.now() + LEASE),
                      {"mail_id": mail.id, "leased": mail.attempts})
    return result.rowcount == 1


def _record(ctx: Ctx, mail: Outgoing, error: str | None, counts: dict[str, int]) -> None:
    """The outcome of a mail of this run's lease: sent, to be retried, or failed for good."""
    now = ctx.now()
    if error is None:
        outcome, values = "sent", {"status": "sent", "sent_at": now, "last_error": None}
    elif mail.attempts >= MAX_ATTEMPTS:
        outcome, values = "failed", {"status": "failed", "last_error": error[:2000]}
    else:
        outcome, values = "retrying", {"status": "queued", "last_error": error[:2000],
                                       "next_attempt_at": now + retry_delay(mail.attempts)}
    if _execute(ctx, update(_MAILS).where(_OURS).values(**values),
                {"mail_id": mail.id, "leased": mail.attempts}).rowcount:
        counts[outcome] += 1


def _release(ctx: Ctx, unsent: list[Outgoing]) -> None:
    """Give back the leased mails a stopped run did not send: due again at once, their attempt not counted."""
    for mail in unsent:
        _execute(ctx, update(_MAILS).where(_OURS, _MAILS.c.status == "queued")
                 .values(attempts=mail.attempts - 1, next_attempt_at=ctx.now()),
                 {"mail_id": mail.id, "leased": mail.attempts})


def _execute(ctx: Ctx, statement: Any, params: dict[str, Any] | None = None) -> CursorResult[Any]:
    # An UPDATE's result is a CursorResult (it has the row count); Session.execute is typed for any statement.
    return cast(CursorResult[Any], ctx.session.execute(statement, params))


class Relay:
    """One SMTP connection for a whole run: opened for the first mail, and again after the server dropped it."""

    def __init__(self, settings: MailSettings) -> None:
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None
        self._used = 0.0

    def send(self, mail: Outgoing) -> str | None:
        """The mail's error, or None once the server accepted it; ServerUnreachable when no connection opens."""
        if time.monotonic() - self._used > IDLE:  # at a slow rate: a new connection, not one the server dropped
            self.close()
        self._used = time.monotonic()
        if self._smtp is None:
            try:
                self._smtp = _connect(self.settings)
            except (OSError, smtplib.SMTPException) as exc:
                raise ServerUnreachable(f"{type(exc).__name__}: {exc}") from exc
        try:
            return _send_one(self._smtp, mail, self.settings)
        except (OSError, smtplib.SMTPException) as exc:  # the connection broke: this mail is retried later
            self.close()
            return f"{type(exc).__name__}: {exc}"

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                smtp.close()

    def __enter__(self) -> Relay:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()


def _connect(settings: MailSettings) -> smtplib.SMTP:
    if settings.host is None:  # send_queued refuses first: without a host SMTP() would not even connect
        raise InvalidInput("Chưa cấu hình máy chủ thư: đặt PLANFLOW_SMTP_HOST.", {"PLANFLOW_SMTP_HOST": "chưa đặt"})
    smtp = smtplib.SMTP(settings.host, settings.port, timeout=SMTP_TIMEOUT)
    try:
        if settings.starttls:
            smtp.starttls(context=ssl.create_default_context())
        if settings.user:
            smtp.login(settings.user, settings.password or "")
    except BaseException:
        smtp.close()
        raise
    return smtp


def _send_one(smtp: smtplib.SMTP, mail: Outgoing, settings: MailSettings) -> str | None:
    try:
        smtp.send_message(compose(mail, settings))
    except smtplib.SMTPRecipientsRefused as exc:
        code, reply = next(iter(exc.recipients.values()))
        return f"Người nhận bị từ chối ({code}): {reply.decode(errors='replace')}"
    except smtplib.SMTPResponseException as exc:  # sender or data refused for this mail only
        # smtplib passes the server's reply as bytes; the exception's type also admits text.
        error = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
        return f"Máy chủ thư từ chối ({exc.smtp_code}): {error}"
    return None


def compose(mail: Outgoing, settings: MailSettings) -> MIMEText:
    """A UTF-8 plain-text mail, its body quoted-printable so that any server carries it.

    Built with the legacy `Header` on purpose: the newer EmailMessage folds a long Vietnamese subject at a space
    outside the encoded words, and readers then join the two words ("Soạn thảodự thảo").
    """
    # typeshed has MIMEText take a charset's name only and its headers be str; both take these objects at run time.
    message = MIMEText(mail.body, "plain", _UTF8_QP)  # type: ignore[arg-type]  # a Charset: quoted-printable body
    message["Subject"] = Header(mail.subject, "utf-8")  # type: ignore[assignment]  # compat32 folds a Header itself
    message["From"] = formataddr(("planflow", settings.sender))
    message["To"] = mail.to_address
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=settings.sender.rpartition("@")[2] or None)
    return message


def retry_delay(attempts: int) -> timedelta:
    return FIRST_RETRY * 2 ** (attempts - 1)


QUEUE_LABELS = {"queued": "chờ gửi", "sending": "đang gửi", "sent": "đã gửi", "failed": "không gửi được",
                "uncertain": "không rõ đã gửi"}


def queue_counts(ctx: Ctx) -> dict[str, int]:
    """How many mails are queued, being sent, sent, failed and uncertain (for `planflow mail status`)."""
    rows = ctx.session.execute(select(MailMessage.status, func.count()).group_by(MailMessage.status)).all()
    return {"queued": 0, "sending": 0, "sent": 0, "failed": 0, "uncertain": 0, **dict(rows)}
