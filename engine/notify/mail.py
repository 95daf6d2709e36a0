"""E-mail copies of new tasks and notices, for users who opted in: sent after the work, never inside it.

A notice's mail is queued in the transaction that creates the notice, so a rollback queues nothing; a new
task's mail is collected by the sender from the task rows (a rolled-back step left none).
`planflow run-due` and `planflow mail send` send the queue outside any workflow transaction: a
failure (server down, recipient refused) never reaches the workflow; the row keeps its attempts, last
error and next attempt, and is given up after MAX_ATTEMPTS.

Configuration (environment): PLANFLOW_SMTP_HOST (no host: mail stays queued), PLANFLOW_SMTP_PORT (25),
PLANFLOW_SMTP_USER and PLANFLOW_SMTP_PASSWORD (login when set), PLANFLOW_SMTP_STARTTLS (1/true/yes),
PLANFLOW_SMTP_FROM (the sender address), PLANFLOW_BASE_URL (links in the mails).
"""

from __future__ import annotations

import os
import re
import smtplib
import ssl
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from email.charset import QP, Charset
from email.header import Header
from email.mime.text import MIMEText
from email.utils import formataddr, formatdate, make_msgid
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, Date, String, bindparam, exists, func, literal, select

from engine.errors import InvalidInput
from engine.models import Delegation, HumanTask, MailMessage, RoleAssignment, Unit, User
from engine.org.roles import Role
from engine.org.units import require_role
from engine.text import nfc

if TYPE_CHECKING:  # imported for types only: the CLI and the reporting services import this module
    from engine.bpmn.runtime import Ctx
    from engine.core import Planflow

MAX_ATTEMPTS = 6
FIRST_RETRY = timedelta(minutes=5)  # doubled after each failure: 5, 10, 20, 40, 80 minutes, then given up
# A batch taken for sending is not taken again meanwhile; if the sender dies, the batch is retried after this.
LEASE = timedelta(minutes=15)
BATCH = 200
SMTP_TIMEOUT = 30  # seconds
DEFAULT_BASE_URL = "http://127.0.0.1:5000"
_UTF8_QP = Charset("utf-8")
_UTF8_QP.body_encoding = QP
# ASCII only: an address with accents needs SMTPUTF8, which few servers offer (the mail would never leave).
EMAIL = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
TRUE_WORDS = {"1", "true", "yes", "on"}

# --- queueing --------------------------------------------------------------------------------------

_USERS, _ROLES, _UNITS, _TASKS = User.__table__, RoleAssignment.__table__, Unit.__table__, HumanTask.__table__
_MAILS, _DELEGATIONS = MailMessage.__table__, Delegation.__table__


def _task_needs(role: ColumnElement[str]) -> ColumnElement[bool]:
    """`roles` is the task row's comma-separated role codes."""
    return (literal(",", String) + _TASKS.c.roles + literal(",", String)).like(
        literal("%,", String) + role + literal(",%", String))


# A task's role holders: a role held at the task's unit or at an agency of that committee.
_AGENCY_OF_TASK_UNIT = (select(_UNITS.c.id).where(_UNITS.c.parent_id == _TASKS.c.unit_id, _UNITS.c.level == "agency")
                        .correlate_except(_UNITS))
_HOLDS_TASK_ROLE = exists().where(
    _ROLES.c.user_id == _USERS.c.id, _task_needs(_ROLES.c.role),
    (_ROLES.c.unit_id == _TASKS.c.unit_id) | _ROLES.c.unit_id.in_(_AGENCY_OF_TASK_UNIT),
).correlate_except(_ROLES)
# A delegate lent one of the task's roles at its unit on the day the task was created (engine.org.delegation.authority's
# rule): the head or chair who is away is mailed too, but the one who now acts must hear of the task.
# date() is SQLite's day of a timestamp and a cast on PostgreSQL.
_TASK_DAY = func.date(_TASKS.c.created_at, type_=Date)
_LENT_TASK_ROLE = exists().where(
    _DELEGATIONS.c.delegate_id == _USERS.c.id, _DELEGATIONS.c.unit_id == _TASKS.c.unit_id,
    _task_needs(_DELEGATIONS.c.role), _DELEGATIONS.c.cancelled_at.is_(None),
    _DELEGATIONS.c.starts_on <= _TASK_DAY, _DELEGATIONS.c.ends_on >= _TASK_DAY,
).correlate_except(_DELEGATIONS)
# New tasks not mailed yet to their opted-in role holders and delegates, one row per task and person. The sender
# collects them, not the step that created the task: a workflow step stays free of mail work (it is the hot path),
# and a rolled-back step has no task row.
UNMAILED_TASKS = (
    select(_TASKS.c.id, _TASKS.c.name, _TASKS.c.plan_id, _TASKS.c.due, _USERS.c.id.label("user_id"),
           _USERS.c.email, _USERS.c.full_name)
    .select_from(_TASKS)
    .join(_USERS, _USERS.c.email_opt_in.is_(True) & _USERS.c.email.is_not(None)
          & (_HOLDS_TASK_ROLE | _LENT_TASK_ROLE))
    .where(_TASKS.c.status == "ready", _TASKS.c.created_at >= bindparam("since"),
           ~exists().where(_MAILS.c.task_id == _TASKS.c.id, _MAILS.c.user_id == _USERS.c.id))
    .order_by(_TASKS.c.created_at)
)
# A task waiting longer than this before the sender ran is no longer news: it is in the inbox.
TASK_NEWS = timedelta(days=1)


def base_url() -> str:
    return (os.environ.get("PLANFLOW_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")


def queue_new_task_mail(ctx: Ctx) -> int:
    """Queue a mail about each task that became ready lately to each opted-in role holder or delegate, once."""
    now, link = ctx.now(), base_url()
    rows = ctx.session.execute(UNMAILED_TASKS, {"since": now - TASK_NEWS}).all()
    ctx.session.add_all(
        MailMessage(user_id=row.user_id, to_address=row.email, kind="task", task_id=row.id,
                    subject=_subject(f"Nhiệm vụ mới: {row.name}"),
                    body=f"Kính gửi {row.full_name}{_task_body(row, link)}", status="queued", attempts=0,
                    created_at=now, next_attempt_at=now)
        for row in rows)
    ctx.session.flush()  # the batch about to be taken reads these rows back
    return len(rows)


def _task_body(task, link: str) -> str:
    plan = f" (kế hoạch #{task.plan_id})" if task.plan_id else ""
    due = f"\nHạn: {task.due:%d/%m/%Y}" if task.due else ""
    return f",\n\nBạn có nhiệm vụ mới: «{task.name}»{plan}.{due}\n\nMở nhiệm vụ: {link}/tasks/{task.id}\n"


def queue_notices(ctx: Ctx, users: Iterable[User], kind: str, text: str, path: str) -> int:
    """Queue a copy of a notice to each of its addressees who opted in; `path` is the page it concerns."""
    wanting = [user for user in users if user.email_opt_in and user.email]
    now, link = ctx.now(), f"{base_url()}{path}"
    ctx.session.add_all(
        MailMessage(user_id=user.id, to_address=user.email, kind=kind, subject=_subject(text),
                    body=f"Kính gửi {user.full_name},\n\n{text}\n\nXem chi tiết: {link}\n", status="queued",
                    attempts=0, created_at=now, next_attempt_at=now)
        for user in wanting)
    return len(wanting)


def _subject(text: str) -> str:
    line = " ".join(text.split())
    return "[planflow] " + (line if len(line) <= 200 else line[:199] + "…")


# --- a user's address and opt-in ---------------------------------------------------------------------


def mail_preferences(user: User) -> dict:
    return {"username": user.username, "full_name": user.full_name, "email": user.email,
            "email_opt_in": user.email_opt_in}


def set_mail_preferences(ctx: Ctx, actor: User, user: User, email: str, opt_in: bool) -> None:
    """Set the address mail goes to and whether the user wants it: users set their own, administrators anyone's.

    Opting in needs an address.
    """
    if actor.id != user.id:
        require_role(actor, {Role.ADMIN})
    ctx.actor = actor
    email = nfc(email).strip()
    if email and not EMAIL.match(email):
        raise InvalidInput(f"'{email}' không phải địa chỉ thư điện tử hợp lệ (chữ không dấu, dạng ten@co-quan.gov.vn).",
                           {"email": "không hợp lệ"})
    if opt_in and not email:
        raise InvalidInput("Cần nhập địa chỉ thư điện tử để nhận thông báo qua thư.", {"email": "cần nhập"})
    user.email, user.email_opt_in = email or None, opt_in
    ctx.audit("set_email", details={"username": user.username, "email": user.email, "opt_in": opt_in})


# --- sending ---------------------------------------------------------------------------------------


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


def send_queued(planflow: Planflow, settings: MailSettings) -> dict[str, int]:
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
        return f"Máy chủ thư từ chối ({exc.smtp_code}): {exc.smtp_error.decode(errors='replace')}"
    return None


def compose(mail: Outgoing, settings: MailSettings) -> MIMEText:
    """A UTF-8 plain-text mail, its body quoted-printable so that any server carries it.

    Built with the legacy `Header` on purpose: the newer EmailMessage folds a long Vietnamese subject at a space
    outside the encoded words, and readers then join the two words ("Soạn thảodự thảo").
    """
    message = MIMEText(mail.body, "plain", _UTF8_QP)
    message["Subject"] = Header(mail.subject, "utf-8")
    message["From"] = formataddr(("planflow", settings.sender))
    message["To"] = mail.to_address
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=settings.sender.rpartition("@")[2] or None)
    return message


def _record(ctx: Ctx, batch: list[Outgoing], errors: dict[int, str | None]) -> dict[str, int]:
    now, counts = ctx.now(), {"sent": 0, "retrying": 0, "failed": 0}
    for mail in batch:
        row = ctx.session.get(MailMessage, mail.id)
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

