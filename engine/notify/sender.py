"""Sending queued e-mail after the work, in units of work of its own (engine/notify/outbox.py queues it).

A batch is leased in one transaction, sent with no transaction open, and each outcome recorded in another:
a failure (server down, recipient refused) never reaches the workflow; the row keeps its attempts, last error
and next attempt, and is given up after MAX_ATTEMPTS. The sender takes anything that opens a unit of work
(`UnitOfWork`), never the engine facade.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from email.charset import QP, Charset
from email.header import Header
from email.mime.text import MIMEText
from email.utils import formataddr, formatdate, make_msgid

from sqlalchemy import func, select

from engine.context import Ctx, UnitOfWork
from engine.errors import InvalidInput
from engine.models import MailMessage
from engine.notify.outbox import TRUE_WORDS, queue_new_task_mail

MAX_ATTEMPTS = 6
FIRST_RETRY = timedelta(minutes=5)  # doubled after each failure: 5, 10, 20, 40, 80 minutes, then given up
# A batch taken for sending is not taken again meanwhile; if the sender dies, the batch is retried after this.
LEASE = timedelta(minutes=15)
BATCH = 200
SMTP_TIMEOUT = 30  # seconds
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

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> MailSettings:
        port = env.get("PLANFLOW_SMTP_PORT") or "25"
        if not port.isdigit():
            raise InvalidInput(f"PLANFLOW_SMTP_PORT '{port}' không phải số cổng.",
                               {"PLANFLOW_SMTP_PORT": "không hợp lệ"})
        return cls(host=env.get("PLANFLOW_SMTP_HOST") or None, port=int(port),
                   user=env.get("PLANFLOW_SMTP_USER") or None, password=env.get("PLANFLOW_SMTP_PASSWORD") or None,
                   starttls=(env.get("PLANFLOW_SMTP_STARTTLS") or "").lower() in TRUE_WORDS,
                   sender=env.get("PLANFLOW_SMTP_FROM") or cls.sender)


@dataclass(frozen=True)
class Outgoing:
    """A queued mail taken for one sending run (plain values: sending happens after its transaction)."""

    id: int
    to_address: str
    subject: str
    body: str
    attempts: int


def send_queued(planflow: UnitOfWork, settings: MailSettings) -> dict[str, int]:
    """Send the mail due by the clock, then record each outcome; returns counts of sent, retrying, failed."""
    if not settings.host:
        raise InvalidInput("Chưa cấu hình máy chủ thư: đặt PLANFLOW_SMTP_HOST.", {"PLANFLOW_SMTP_HOST": "chưa đặt"})
    with planflow.unit_of_work() as ctx:
        queue_new_task_mail(ctx)
        batch = _take_due(ctx)
    errors = _deliver(batch, settings) if batch else {}
    with planflow.unit_of_work() as ctx:
        return _record(ctx, batch, errors)


def _take_due(ctx: Ctx) -> list[Outgoing]:
    """Lease a batch of due mail: counted as attempted and not due again until the lease ends."""
    now = ctx.now()
    rows = ctx.session.scalars(select(MailMessage).where(
        MailMessage.status == "queued", MailMessage.next_attempt_at <= now)
        .order_by(MailMessage.id).limit(BATCH).with_for_update()).all()
    for row in rows:
        row.attempts, row.next_attempt_at = row.attempts + 1, now + LEASE
    return [Outgoing(row.id, row.to_address, row.subject, row.body, row.attempts) for row in rows]


def _deliver(batch: list[Outgoing], settings: MailSettings) -> dict[int, str | None]:
    """Each mail's error, or None once the server accepted it; a lost connection fails the rest."""
    errors: dict[int, str | None] = {}
    try:
        with _connect(settings) as smtp:
            for mail in batch:
                errors[mail.id] = _send_one(smtp, mail, settings)
    except (OSError, smtplib.SMTPException) as exc:
        for mail in batch:
            errors.setdefault(mail.id, f"{type(exc).__name__}: {exc}")
    return errors


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


def _record(ctx: Ctx, batch: list[Outgoing], errors: dict[int, str | None]) -> dict[str, int]:
    now, counts = ctx.now(), {"sent": 0, "retrying": 0, "failed": 0}
    for mail in batch:
        row = ctx.session.get_one(MailMessage, mail.id)  # leased by _take_due: the row is there
        error = errors.get(mail.id)
        if error is None:
            row.status, row.sent_at, row.last_error = "sent", now, None
            counts["sent"] += 1
            continue
        row.last_error = error[:2000]
        if mail.attempts >= MAX_ATTEMPTS:
            row.status = "failed"
            counts["failed"] += 1
        else:
            row.next_attempt_at = now + retry_delay(mail.attempts)
            counts["retrying"] += 1
    return counts


def retry_delay(attempts: int) -> timedelta:
    return FIRST_RETRY * 2 ** (attempts - 1)


def queue_counts(ctx: Ctx) -> dict[str, int]:
    """How many mails are queued, sent and failed (for `planflow mail status`)."""
    rows = ctx.session.execute(select(MailMessage.status, func.count()).group_by(MailMessage.status)).all()
    return {"queued": 0, "sent": 0, "failed": 0, **dict(rows)}
