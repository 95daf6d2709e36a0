"""The `planflow` command line: every call is one process and one transaction over the database."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path

import click

from cli.keys import COMMANDS as KEY_COMMANDS
from cli.keys import demo_signing, signing_secret
from cli.org import org
from cli.reading import plan_import
from cli.references import record_external
from cli.reports import COMMANDS
from cli.signing import verify
from cli.support import emit, json_data, json_option, refusals
from cli.worker import worker
from engine.bpmn.runtime import start_for_user
from engine.clock import Clock, iso, parse_moment
from engine.core import Planflow
from engine.db import dispose_engines, live_engines
from engine.deadline import described
from engine.discussion.attachments import FileStore
from engine.discussion.file_check import check_store, check_text, failure_summary, prune_orphans
from engine.errors import InvalidDefinition, InvalidInput, NotFound
from engine.models import ProcessInstance
from engine.models.plan import Urgency
from engine.notify.notices import notifications
from engine.notify.sender import MailSettings, queue_counts, send_queued
from engine.org.admin import list_users
from engine.org.delegation import STATE_LABELS, cancel_delegation, delegate_by_name, delegation_view, delegations_of
from engine.org.demo import DEMO_PASSWORD, demo_accounts, load_demo
from engine.org.roles import Role
from engine.org.units import get_unit, get_user, require_role
from engine.plans.detail import PlanDetail, plan_detail
from engine.plans.lifecycle import start_plan
from engine.processes.designer import deployed_with_content, export_definitions
from engine.processes.repairs import REPAIR_ACTIONS, list_incidents, repair_instance
from engine.scheduler.steps import run_due_steps
from engine.signatures.confirm import complete_with_secret
from engine.work.claims import assign_task, claim_task, release_task
from engine.work.inbox import inbox


@click.group()
@click.pass_context
def main(context: click.Context) -> None:
    """planflow: plans for 'công tác dân vận chính quyền', as BPMN workflows."""
    before = live_engines()  # one command: close the connections it opened as it ends (tests run it in-process)
    context.call_on_close(lambda: dispose_engines(keep=before))


@main.command()
@json_option
@refusals
def init(as_json: bool) -> None:
    """Create or upgrade the schema and deploy workflows/* (idempotent)."""
    definitions = Planflow().init()
    rows = [{"id": d.main_id, "version": d.version, "file": d.filename} for d in definitions]
    emit(as_json, {"definitions": rows}, "\n".join(f"{r['id']} v{r['version']} ({r['file']})" for r in rows))


@main.command()
@click.option("--regime", type=click.Choice(["3", "2"]), required=True, help="3: tỉnh-huyện-xã; 2: tỉnh-xã.")
@click.option("--signing", is_flag=True, help="Ký số too: a demo CA and a demo key for every signer and committee.")
@json_option
@refusals
def demo(regime: str, signing: bool, as_json: bool) -> None:
    """Load a demo organisation with one user per role per unit."""
    with Planflow().unit_of_work() as ctx:
        created = load_demo(ctx.session, int(regime))
        keys = demo_signing(ctx) if signing else None
    emit(as_json, {"regime": int(regime), "users_created": created, "password": DEMO_PASSWORD,
                   **({"signing_keys": keys} if keys is not None else {})},
          f"Đã tạo {created} người dùng (mật khẩu: {DEMO_PASSWORD}). Xem danh sách: planflow users"
          + (f"\nKý số: {keys} khóa mới của CA thử nghiệm (mật khẩu khóa: planflow, chỉ để thử)."
             if keys is not None else ""))


@main.command()
@json_option
@refusals
def users(as_json: bool) -> None:
    """List users with their unit, level and roles."""
    with Planflow().unit_of_work() as ctx:
        rows = list_users(ctx.session)
    emit(as_json, rows, "\n".join(
        f"{u['username']:<22} {','.join(u['roles']):<12} {u['unit'] or '-':<6} {u['unit_name'] or ''}" for u in rows))


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))  # as given: see import_files
@click.option("--user", "username", default="system",
              help="A designer or administrator (recorded in the audit trail); 'system' for the operator.")
@json_option
@refusals
def deploy(file: str, username: str, as_json: bool) -> None:
    """Validate and deploy a new version of a BPMN or DMN file."""
    app = Planflow()
    with app.unit_of_work() as ctx:
        if username != "system":
            require_role(get_user(ctx.session, username), {Role.DESIGNER, Role.ADMIN})
        try:
            definition = app.deploy_file(ctx, Path(file), username)
        except InvalidDefinition as exc:
            raise InvalidInput(f"{file}: {exc.message}") from exc
    emit(as_json, {"id": definition.main_id, "version": definition.version, "kind": definition.kind},
          f"Đã triển khai {definition.main_id} phiên bản {definition.version}.")


@main.command("import")
# Kept as the strings given (no path_type): pathlib drops a leading './', and a refusal names the file as typed.
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--user", "username", default="system",
              help="A designer or administrator (recorded in the audit trail); 'system' for the operator.")
@json_option
@refusals
def import_files(files: tuple[str, ...], username: str, as_json: bool) -> None:
    """Deploy each file as a new version (all or none); a file equal to the latest version changes nothing."""
    app = Planflow()
    rows = []
    with app.unit_of_work() as ctx:
        if username != "system":
            require_role(get_user(ctx.session, username), {Role.DESIGNER, Role.ADMIN})
        for given in files:
            path = Path(given)
            existing = deployed_with_content(ctx.session, path.read_bytes())
            try:
                definition = app.deploy_file(ctx, path, username)
            except InvalidDefinition as exc:
                raise InvalidInput(f"{given}: {exc.message}") from exc
            rows.append({"file": given, "id": definition.main_id, "version": definition.version,
                         "unchanged": definition.id in existing})
    emit(as_json, rows, "\n".join(
        f"{r['file']}: {r['id']} phiên bản {r['version']}{' (không đổi)' if r['unchanged'] else ''}" for r in rows))


@main.command("export")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--all", "every_version", is_flag=True, help="Every version, as <id>.v<N>.bpmn|dmn.")
@json_option
@refusals
def export_files(folder: Path, every_version: bool, as_json: bool) -> None:
    """Write the latest deployed version of every definition to FOLDER, byte for byte as deployed."""
    with Planflow().unit_of_work() as ctx:
        written = export_definitions(ctx.session, folder, every_version)
        rows = [{"file": str(path), "id": d.main_id, "version": d.version} for path, d in written]
    emit(as_json, rows, "\n".join(f"{r['file']}: {r['id']} phiên bản {r['version']}" for r in rows)
         or "Chưa triển khai định nghĩa nào.")


@main.group()
def plan() -> None:
    """Plans: start one, show one."""


@plan.command("start")
@click.option("--unit", "unit_code", required=True)
@click.option("--user", "username", required=True)
@click.option("--due", type=click.DateTime(["%Y-%m-%d"]), help="Deadline for issuing this plan.")
@click.option("--title")
@click.option("--urgency", type=click.Choice([u.value for u in Urgency]), help="Độ khẩn; mặc định thuong.")
@click.option("--parent", "parent_id", type=int, help="Kế hoạch cấp trên được thực hiện (đã ban hành hoặc ghi nhận).")
@json_option
@refusals
def plan_start(unit_code: str, username: str, due: datetime | None, title: str | None, urgency: str | None,
               parent_id: int | None, as_json: bool) -> None:
    """Start a plan at a unit; prints its id."""
    with Planflow().unit_of_work() as ctx:
        created = start_plan(ctx, unit_code, get_user(ctx.session, username), due.date() if due else None, title,
                             urgency, parent_id)
        payload = {"id": created.id, "unit": unit_code, "status": created.status,
                   "due_date": iso(created.due_date), "urgency": created.urgency, "parent_id": created.parent_id}
    emit(as_json, payload, str(payload["id"]))


@plan.command("show")
@click.argument("plan_id", type=int)
@json_option
@refusals
def plan_show(plan_id: int, as_json: bool) -> None:
    """Show a plan: status, number, children, requirements, assignments, recipients, audit trail."""
    with Planflow().unit_of_work() as ctx:
        view = plan_detail(ctx.session, plan_id)
    emit(as_json, view, _plan_text(view))


def _plan_text(view: PlanDetail) -> str:
    lines = [f"Kế hoạch #{view['id']} — {view['unit_name']} — {view['status']}",
             f"Số: {view['number'] or '(chưa ban hành)'}  Ngày ban hành: {view['issued_date'] or '-'}  "
             f"Hạn: {view['due_date']}", f"Trích yếu: {view['title'] or '-'}"]
    lines += [f"  Cấp dưới #{c['id']} {c['unit_name']}: {c['status']}" for c in view["children"]]
    lines += [f"  Yêu cầu báo cáo: {_requirement_text(r)}" for r in view["requirements"]]
    for a in view["assignments"]:
        lead = "chủ trì" if a["lead"] else "phối hợp"
        lines.append(f"  Tổ chức thực hiện: {a['line']} ({lead}) → "
                     f"{', '.join(u['name'] for u in a['units'] if u['applies']) or '(chưa đơn vị nào)'}")
        lines += [f"    - {r['description'] or r['kind_label']}: {_requirement_text(r)}" for r in a["owes"]]
    lines += [f"  Nơi nhận: {r['line']} → {r['unit_name'] or '(ngoài hệ thống)'}" for r in view["recipients"]]
    lines += [f"  {a['at']} {a['actor']}: {a['action']} {a['task'] or ''} {a['comment'] or ''}" for a in view["audit"]]
    return "\n".join(lines)


def _requirement_text(r: dict) -> str:
    """'Báo cáo sơ kết 6 tháng — trước ngày 30/5 (30/05/2024, không kể ngày này) — chốt số liệu …'."""
    when = "khi có yêu cầu" if r["on_request"] else \
        f"{r['due_date']}, {'kể cả' if r['inclusive'] else 'không kể'} ngày này"
    parts = [r["kind_label"] + (f" {r['period']}" if r["period"] else ""), f"{r['due_text']} ({when})"]
    if r["cutoff"]:
        parts.append(r["cutoff"]["label"])
    if r["warning"]:
        parts.append("Cảnh báo: " + r["warning"])
    return " — ".join(parts)


@main.group()
def instance() -> None:
    """Process instances of any deployed process."""


@instance.command("start")
@click.argument("process_id")
@click.option("--unit", "unit_code", required=True)
@click.option("--user", "username", required=True)
@click.option("--data", "raw", default="{}")
@json_option
@refusals
def instance_start(process_id: str, unit_code: str, username: str, raw: str, as_json: bool) -> None:
    """Start any deployed process at a unit."""
    with Planflow().unit_of_work() as ctx:
        unit = get_unit(ctx.session, unit_code, ctx.clock.today())
        created = start_for_user(ctx, get_user(ctx.session, username), process_id, unit, json_data(raw))
        payload = {"id": created.id, "process_id": process_id, "status": created.status}
    emit(as_json, payload, str(payload["id"]))


def _repair_command(action: str, title: str) -> click.Command:
    """`planflow instance <action> ID --reason ... --user <admin>` (move also takes --to TASK_BPMN_ID)."""

    def run(instance_id: int, reason: str, username: str, as_json: bool, to: str | None = None) -> None:
        with Planflow().unit_of_work() as ctx:
            message = repair_instance(ctx, get_user(ctx.session, username), instance_id, action, reason, to)
            status = ctx.session.get_one(ProcessInstance, instance_id).status  # repair_instance found it
        emit(as_json, {"instance_id": instance_id, "action": action, "status": status, "message": message}, message)

    command = refusals(json_option(run))
    if action == "move":
        command = click.option("--to", "to", required=True, help="Mã BPMN của bước đã hoàn thành cần mở lại.")(command)
    command = click.option("--user", "username", required=True, help="Quản trị viên (ghi vào nhật ký).")(command)
    command = click.option("--reason", required=True, help="Lý do (bắt buộc, ghi vào nhật ký).")(command)
    return instance.command(action, help=f"{title} một hồ sơ (quản trị viên).")(
        click.argument("instance_id", type=int)(command))


for _action, _title in REPAIR_ACTIONS.items():
    _repair_command(_action, _title)


@main.command("incidents")
@click.option("--user", "username", required=True, help="Quản trị viên.")
@click.option("--status", default="open", type=click.Choice(["open", "resolved", "all"]))
@json_option
@refusals
def incidents_command(username: str, status: str, as_json: bool) -> None:
    """Steps that failed when run (incidents), newest first."""
    with Planflow().unit_of_work() as ctx:
        rows = list_incidents(ctx, get_user(ctx.session, username), status)
    emit(as_json, rows, "\n".join(
        f"#{r['id']} hồ sơ #{r['instance_id']} {r['process_id']} [{r['element_id']}] {r['action_label']}, "
        f"{r['occurrences']} lần, {r['status_label']}: {r['error']}" for r in rows) or "Không có sự cố nào.")


@main.command()
@click.option("--user", "username", required=True)
@json_option
@refusals
def tasks(username: str, as_json: bool) -> None:
    """The ready tasks this user may act on, with their form schema."""
    with Planflow().unit_of_work() as ctx:
        rows = inbox(ctx.session, get_user(ctx.session, username))
    emit(as_json, rows, "\n".join(
        f"{t['id']}  {t['name']}  [{t['unit_name']}] kế hoạch #{t['plan_id']} "
        f"hạn: {described(t['due_text'], t['due_state'])}" for t in rows) or "Không có nhiệm vụ.")


@main.command("notifications")
@click.option("--user", "username", required=True)
@json_option
@refusals
def notifications_command(username: str, as_json: bool) -> None:
    """Reminders, overdue notices and escalations sent to this user."""
    with Planflow().unit_of_work() as ctx:
        rows = notifications(ctx.session, get_user(ctx.session, username))
    emit(as_json, rows, "\n".join(f"{n['created_at']}  {n['text']}" for n in rows) or "Không có thông báo.")


@main.command()
@click.argument("task_id")
@click.option("--user", "username", required=True)
@click.option("--data", "raw", default="{}")
@click.option("--signing-secret-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Ký số: a file holding the key's passphrase or PIN (a signing task asks for it otherwise).")
@json_option
@refusals
def complete(task_id: str, username: str, raw: str, signing_secret_file: Path | None, as_json: bool) -> None:
    """Complete a task with form data (JSON): the same path as the task page and the API (scope, guards, drafts)."""
    secret = signing_secret(task_id, username, signing_secret_file)
    with Planflow().unit_of_work(actor=username) as ctx:
        if ctx.actor is None:  # the unit of work names a user for any name but an empty one
            raise NotFound(f"Không có người dùng '{username}'.")
        done = complete_with_secret(ctx, ctx.actor, task_id, json_data(raw), secret)
        payload = {"task_id": task_id, "process_instance_id": done.id, "plan_id": done.plan_id,
                   "instance_status": done.status}
    emit(as_json, payload, f"Đã hoàn thành nhiệm vụ {task_id}.")


@main.group()
def task() -> None:
    """Claim a group task, put it back, or (the unit's head) hand it to someone."""


@task.command("claim")
@click.argument("task_id")
@click.option("--user", "username", required=True)
@json_option
@refusals
def task_claim(task_id: str, username: str, as_json: bool) -> None:
    """Take a task offered to one of your roles; others then see who holds it."""
    with Planflow().unit_of_work() as ctx:
        claim_task(ctx, get_user(ctx.session, username), task_id)
    emit(as_json, {"task_id": task_id, "claimed_by": username}, f"{username} đã nhận xử lý nhiệm vụ {task_id}.")


@task.command("release")
@click.argument("task_id")
@click.option("--user", "username", required=True, help="The holder, or the unit's head or chair.")
@json_option
@refusals
def task_release(task_id: str, username: str, as_json: bool) -> None:
    """Put a claimed task back to the group."""
    with Planflow().unit_of_work() as ctx:
        release_task(ctx, get_user(ctx.session, username), task_id)
    emit(as_json, {"task_id": task_id, "claimed_by": None}, f"Đã trả nhiệm vụ {task_id} về nhóm.")


@task.command("assign")
@click.argument("task_id")
@click.option("--user", "username", required=True, help="The unit's head or chair.")
@click.option("--to", "assignee", required=True, help="A user who may act on the task.")
@json_option
@refusals
def task_assign(task_id: str, username: str, assignee: str, as_json: bool) -> None:
    """Hand a task to an eligible user, over any claim."""
    with Planflow().unit_of_work() as ctx:
        given = assign_task(ctx, get_user(ctx.session, username), task_id, assignee)
        payload = {"task_id": task_id, "claimed_by": given.username, "claimed_by_name": given.full_name}
    emit(as_json, payload, f"Đã giao nhiệm vụ {task_id} cho {payload['claimed_by_name']}.")


@main.command()
@click.option("--user", "username", required=True, help="The delegator, or an administrator.")
@click.option("--to", "delegate", help="The vice chair (for chair) or officer (for head) who receives the role.")
@click.option("--role", type=click.Choice(["chair", "head"]), help="The role lent.")
@click.option("--from", "starts_on", help="First day, YYYY-MM-DD.")
@click.option("--until", "ends_on", help="Last day, YYYY-MM-DD (included).")
@click.option("--reason", default="")
@click.option("--for", "delegator", help="Administrators: whose role is lent (default: --user).")
@click.option("--cancel", "cancel_id", type=int, help="Cancel this delegation instead.")
@click.option("--list", "listing", is_flag=True, help="List your delegations instead.")
@json_option
@refusals
def delegate(username: str, delegate: str | None, role: str | None, starts_on: str | None, ends_on: str | None,
             reason: str, delegator: str | None, cancel_id: int | None, listing: bool, as_json: bool) -> None:
    """Lend signing (chair → vice chair) or review (head → officer) for a date range; --list, --cancel ID."""
    with Planflow().unit_of_work() as ctx:
        user, today = get_user(ctx.session, username), ctx.clock.today()
        if listing:
            rows = delegations_of(ctx.session, user, today)
        elif cancel_id is not None:
            rows = [delegation_view(cancel_delegation(ctx, user, cancel_id), user, today)]
        else:
            made = delegate_by_name(ctx, user, delegator or username, delegate or "", role or "", starts_on or "",
                                    ends_on or "", reason)
            rows = [delegation_view(made, user, today)]
    emit(as_json, rows, "\n".join(
        f"#{d['id']} {d['delegator']} → {d['delegate']}: {d['role_title']} tại {d['unit_name']} "
        f"{d['starts_on']} – {d['ends_on']} ({STATE_LABELS[d['state']]})" for d in rows) or "Chưa có ủy quyền nào.")


@main.command("run-due")
@click.option("--now", "now", help="ISO date-time to treat as now (default: the clock).")
@json_option
@refusals
def run_due(now: str | None, as_json: bool) -> None:
    """Do once what the worker does continuously: open the report windows that started, fire every timer due by
    now (each missed one once), send the mail that is due; prints how many fired. Replays the clock with --now."""
    clock = Clock(_moment(now)) if now else Clock.from_env()
    settings = MailSettings.from_env()  # a wrong setting refuses before anything fires
    app = Planflow(clock=clock)
    # Each item in a transaction of its own (engine/scheduler/steps.py): safe beside running workers.
    done = run_due_steps(app).counts()
    moment = clock.now()
    # After the work: a mail server's trouble never undoes what fired. No server configured: mail stays queued.
    mailed = send_queued(app, settings) if settings.host else None
    emit(as_json, {**done, "now": moment.isoformat(), **({"mail": mailed} if mailed else {})},
          f"{done['fired']} (mở {done['opened']} kỳ báo cáo, hủy {done['cancelled']}){_mail_text(mailed)}")


@main.group()
def mail() -> None:
    """E-mail copies of new tasks and notices (PLANFLOW_SMTP_HOST, ... : docs/operations.md)."""


@mail.command("send")
@click.option("--now", "now", help="ISO date-time to treat as now (default: the clock).")
@json_option
@refusals
def mail_send(now: str | None, as_json: bool) -> None:
    """Send the queued mail that is due; a failed mail is retried later, then given up."""
    mailed = send_queued(Planflow(clock=Clock(_moment(now)) if now else Clock.from_env()), MailSettings.from_env())
    emit(as_json, mailed, _mail_text(mailed).strip(" ;"))


@mail.command("status")
@json_option
@refusals
def mail_status(as_json: bool) -> None:
    """How many mails are queued, being sent, sent, failed, and uncertain (the sender stopped while sending)."""
    with Planflow().unit_of_work() as ctx:
        counts = queue_counts(ctx)
    emit(as_json, counts, f"Chờ gửi {counts['queued']}, đang gửi {counts['sending']}, đã gửi {counts['sent']}, "
                          f"không gửi được {counts['failed']}, không rõ đã gửi {counts['uncertain']}")


@main.group("files")
def files_group() -> None:
    """The folder of attached files (PLANFLOW_FILES_DIR): is it whole?"""


@files_group.command("check")
@click.option("--prune", is_flag=True, help="Delete the files no attachment references, if older than one hour.")
@json_option
@refusals
def files_check(prune: bool, as_json: bool) -> None:
    """Attachments whose file is missing or damaged (exit 1), and files no attachment references."""
    app, store = Planflow(), FileStore.from_env()
    with app.unit_of_work() as ctx:
        found = check_store(ctx.session, store)
    pruned = None
    if prune:
        with app.unit_of_work() as ctx:
            pruned = prune_orphans(ctx, store, found.orphans)
    emit(as_json, {**found.view(), "pruned": pruned}, check_text(found, pruned))
    if not found.whole:
        click.echo(f"Lỗi: {failure_summary(found)}", err=True)
        sys.exit(1)


def _mail_text(mailed: dict | None) -> str:
    if mailed is None:
        return ""
    uncertain = f", không rõ đã gửi {mailed['uncertain']}" if mailed.get("uncertain") else ""
    return (f"; thư: đã gửi {mailed['sent']}, sẽ gửi lại {mailed['retrying']}, không gửi được {mailed['failed']}"
            f"{uncertain}")


def _moment(raw: str) -> datetime:
    try:
        return parse_moment(raw)
    except ValueError as exc:
        raise InvalidInput(f"--now '{raw}' không phải thời điểm ISO (ví dụ 2025-05-26T08:00).") from exc


@main.command()
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=5000, type=int)
@click.option("--with-worker", is_flag=True, help="Also run `planflow worker` beside it, stopped with the server.")
def serve(host: str, port: int, with_worker: bool) -> None:
    """Serve the web application (development server; see README for gunicorn)."""
    from webapp import create_app  # the CLI stays usable without importing Flask

    app = create_app()
    with app.extensions["planflow"].unit_of_work() as ctx:
        accounts = demo_accounts(ctx.session)
    click.echo(f"planflow: http://{host}:{port}/")
    if accounts:
        click.echo(f"Tài khoản thử (mật khẩu '{DEMO_PASSWORD}'): " + ", ".join(accounts))
    worker_process = subprocess.Popen([sys.executable, "-m", "cli.commands", "worker"]) if with_worker else None
    try:
        app.run(host=host, port=port)
    finally:
        if worker_process is not None:  # SIGTERM: the worker finishes the item in hand
            worker_process.terminate()
            worker_process.wait(timeout=60)


plan.add_command(plan_import)
plan.add_command(record_external)

for command in COMMANDS:
    main.add_command(command)
main.add_command(org)
main.add_command(verify)
main.add_command(worker)
for command in KEY_COMMANDS:  # ký số: planflow key, planflow document (cli/keys.py)
    main.add_command(command)

if __name__ == "__main__":
    main()
