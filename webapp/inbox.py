"""My work: the tasks the signed-in user may act on, and the page where they act on one."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy.exc import OperationalError
from werkzeug.datastructures import MultiDict

from engine.db import BUSY_TEXT, is_busy
from engine.errors import Conflict, InvalidInput
from engine.models.process import DECISION_LABELS
from engine.plans.detail import task_receipts
from engine.work.claims import assign_task, claim_task, release_task, team_tasks
from engine.work.drafts import save_draft, submit_task
from engine.work.inbox import task_for_user, task_page, work_list
from engine.work.review import TaskReview, task_review
from webapp.auth import acting_user, engine
from webapp.i18n import _
from webapp.task_forms import (
    checked_answers,
    decision_choices,
    decision_field,
    defaults,
    form_fields,
    read_answers,
)

bp = Blueprint("inbox", __name__)

KINDS = {"plan": "Kế hoạch", "report": "Báo cáo", "receipt": "Tiếp nhận văn bản", "other": "Khác"}
DUE_FILTERS = {"overdue": "Quá hạn", "soon": "Sắp đến hạn"}
STATUSES = {"new": "Chưa xử lý", "draft": "Đã lưu nháp", "returned": "Bị trả lại"}
FORM_PROBLEM = "Biểu mẫu chưa hợp lệ: xem lỗi bên dưới từng trường."
STEPS = {"save": save_draft, "submit": submit_task}
HOLD_STEPS = {"claim": (claim_task, "Bạn đã nhận xử lý nhiệm vụ; đồng nghiệp thấy nhiệm vụ đang do bạn xử lý."),
              "release": (release_task, "Đã trả nhiệm vụ về nhóm: người có vai trò đều có thể nhận xử lý.")}


@dataclass(frozen=True)
class Filters:
    """What the user narrowed their work list to; a value the page does not offer counts as no filter."""

    kind: str = ""
    unit: str = ""
    due: str = ""
    status: str = ""

    @classmethod
    def from_args(cls, args: MultiDict) -> Filters:
        def pick(name: str, allowed: dict) -> str:
            return args.get(name, "") if args.get(name, "") in allowed else ""
        return cls(pick("kind", KINDS), args.get("unit", "").strip(), pick("due", DUE_FILTERS),
                   pick("status", STATUSES))

    def keeps(self, task: dict) -> bool:
        due = {"": True, "overdue": task["overdue"], "soon": task["due_soon"]}[self.due]
        status = {"": True, "draft": bool(task["draft_saved_at"]), "returned": task["returned"],
                  "new": not task["draft_saved_at"] and not task["returned"]}[self.status]
        return due and status and self.kind in ("", task["kind"]) and self.unit in ("", task["unit"])


def counts(tasks: list[dict]) -> dict[str, int]:
    return {"total": len(tasks), "overdue": sum(t["overdue"] for t in tasks),
            "soon": sum(t["due_soon"] for t in tasks), "draft": sum(bool(t["draft_saved_at"]) for t in tasks),
            "returned": sum(t["returned"] for t in tasks)}


@bp.get("/")
def index():
    wanted = Filters.from_args(request.args)
    with engine().unit_of_work() as ctx:
        tasks = work_list(ctx.session, acting_user(ctx), ctx.clock.today())
        team = team_tasks(ctx, acting_user(ctx))
    units = dict(sorted({t["unit"]: t["unit_name"] for t in tasks}.items(), key=lambda item: item[1]))
    return render_template("inbox.html", tasks=[t for t in tasks if wanted.keeps(t)], counts=counts(tasks),
                           wanted=wanted, units=units, kinds=KINDS, due_filters=DUE_FILTERS, statuses=STATUSES,
                           team=team)


@bp.post("/tasks/<task_id>/<any(claim, release):step>")
def hold(task_id: str, step: str):
    """Claim a task, or put it back to the group; back to where the button was."""
    action, done = HOLD_STEPS[step]
    with engine().unit_of_work() as ctx:
        action(ctx, acting_user(ctx), task_id)
    flash(_(done))
    return redirect(_back(task_id))


@bp.post("/tasks/<task_id>/assign")
def assign(task_id: str):
    with engine().unit_of_work() as ctx:
        assignee = assign_task(ctx, acting_user(ctx), task_id, request.form.get("username", ""))
        flash(_("Đã giao nhiệm vụ cho {name}.").format(name=assignee.full_name))
    return redirect(_back(task_id))


def _back(task_id: str) -> str:
    """The task page when the button was there (the holder may go on working), else the work list."""
    return url_for("inbox.task", task_id=task_id) if request.form.get("back") == "task" else url_for("inbox.index")


@bp.get("/tasks/<task_id>")
def task(task_id: str):
    with engine().unit_of_work() as ctx:
        page = task_page(ctx.session, acting_user(ctx), task_id, ctx.clock.today())
        receipts, review = _around(ctx, page)
    # The process's own prefill is fresher than the last round's answers (a late report changes totals).
    answers = {**page["previous"], **defaults(page["form"]), **(page["draft"] or {})}
    return _render(page, answers, {}, receipts=receipts, review=review)


@bp.post("/tasks/<task_id>")
def act(task_id: str):
    action = request.form.get("action", "submit")
    if action not in STEPS:
        abort(400)
    with engine().unit_of_work() as ctx:
        schema = task_for_user(ctx.session, acting_user(ctx), task_id, include_closed=True)["form"]
    answers, problems = _read(action, schema)
    try:
        if problems:
            raise InvalidInput(FORM_PROBLEM, problems)
        with engine().unit_of_work() as ctx:  # a refusal rolls the whole step back
            STEPS[action](ctx, acting_user(ctx), task_id, answers)
    except (InvalidInput, Conflict) as exc:
        return _again(task_id, answers, exc)
    except OperationalError as exc:  # SQLite's write lock waited out: the form again as typed, nothing changed
        if not is_busy(exc):
            raise
        page, _status = _again(task_id, answers, Conflict(BUSY_TEXT))
        return page, 503, {"Retry-After": "5"}
    if action == "save":
        flash(_("Đã lưu nháp. Nhiệm vụ vẫn chờ bạn gửi."))
        return redirect(url_for("inbox.task", task_id=task_id))
    flash(_done_message(schema, answers))
    return redirect(url_for("inbox.index"))


def _read(action: str, schema: dict) -> tuple[dict, dict[str, str]]:
    if action == "save":
        return read_answers(schema, request.form)[0], {}  # a draft may be half done
    return checked_answers(schema, request.form)


def _again(task_id: str, answers: dict, error: InvalidInput | Conflict):
    """The task page again with what the user typed and why it was refused: 422 for input, 409 for a conflict."""
    with engine().unit_of_work() as ctx:
        page = task_page(ctx.session, acting_user(ctx), task_id, ctx.clock.today(), include_closed=True)
        receipts, review = _around(ctx, page)
    fields = error.fields if isinstance(error, InvalidInput) else {}
    message = FORM_PROBLEM if fields else error.message  # the fields name their own; the page translates it
    return _render(page, answers, fields, message, receipts, review), 422 if isinstance(error, InvalidInput) else 409


def _around(ctx, page: dict) -> tuple[list, TaskReview]:
    """What the page shows besides the form: receipts, and the document with its returns and changes."""
    return _receipts(ctx.session, page), task_review(ctx.session, acting_user(ctx), page, ctx.clock.today())


def _receipts(session, page: dict) -> list:
    """Số đến / ngày đến of the plan a receipt concerns, or of the parent a child plan answers, at the task's unit."""
    plan_ids = [plan_id for plan_id in (page["plan_id"], page["parent_plan_id"]) if plan_id]
    return task_receipts(session, page["process_instance_id"], plan_ids) if plan_ids else []


def _render(page: dict, answers: dict, errors: dict[str, str], message: str = "", receipts: list | None = None,
            review: TaskReview | None = None):
    schema = page["form"]
    fields, decision = form_fields(schema, answers), decision_field(schema)
    placed = {f.name for f in fields} | {decision}
    return render_template("task.html", page=page, fields=fields, errors=errors, message=message,
                           receipts=receipts or [], decision=decision, review=review, sign_url=_sign_url(page),
                           unplaced={k: v for k, v in errors.items() if k not in placed},
                           chosen=answers.get(decision) if decision else None,
                           decision_values=decision_choices(schema), decision_labels=DECISION_LABELS, kinds=KINDS)


def _sign_url(page: dict) -> str | None:
    """Where the completing button («Đồng ý», or the clerk's «Gửi») goes on a task that signs the document digitally:
    the confirmation of webapp/signing.py (`tasks.sign_confirm`), when it is installed and says the task needs one.
    The form is posted there, so what was typed (a comment, the number) comes along."""
    if "tasks.sign_confirm" not in current_app.view_functions:
        return None
    needs = getattr(import_module("webapp.signing"), "needs_digital_signature", None)
    return url_for("tasks.sign_confirm", task_id=page["id"]) if needs is not None and needs(page) else None


def _done_message(schema: dict, answers: dict) -> str:
    name = decision_field(schema)
    if name and answers.get(name) in DECISION_LABELS:
        return _("Đã ghi nhận: {decision}.").format(decision=_(DECISION_LABELS[answers[name]]))
    return _("Đã gửi. Nhiệm vụ đã hoàn thành.")
