"""The host operations BPMN service tasks may call, and the routing of messages between instances.

Only the names in OPERATIONS can be deployed in a service task (checked at deploy time).

An operation acts only on the records of the instance that calls it, whatever its data says: its own plan
(`lifecycle.own_plan`: the instance's plan, at the instance's unit), the report it was opened for
(`reports.own_obligation`: the obligation linked to the instance, the receiver's step included), the recipient
line it answers (`lifecycle.acknowledge_receipt`). An id in the data that names anything else — a process a
designer deployed, started at one commune, naming another unit's report — is an ExecutionFailure
("… không thuộc hồ sơ này"): the step rolls back and is an incident of that instance.
"""

from __future__ import annotations

from typing import Any

from engine.context import Ctx
from engine.deadline import label
from engine.errors import ExecutionFailure
from engine.models import Message, ProcessInstance
from engine.notify.notices import notify_users
from engine.org.roles import Role
from engine.org.units import role_holders
from engine.plans import lifecycle
from engine.reporting import obligations, reports, scoring
from engine.signatures import lifecycle as signed

NOTICE_TEXT = {  # {due} as engine/deadline.py writes it: "trước ngày 15/04/2024", "chậm nhất ngày …"
    "reminder": "Nhắc hạn: {unit} cần ban hành kế hoạch {due}.",
    "escalation": "Quá hạn: {unit} chưa ban hành kế hoạch, hạn là {due}.",
}


def notify(ctx: Ctx, instance: ProcessInstance, kind: str, role: str) -> dict:
    """Notify everyone holding the role at the instance's unit (a chair's notice reaches vice chairs too)."""
    plan = lifecycle.own_plan(ctx, instance)
    if kind not in NOTICE_TEXT:
        raise ExecutionFailure(f"Loại thông báo '{kind}' không được hỗ trợ.")
    roles = [role, Role.VICE_CHAIR] if role == Role.CHAIR else [role]
    due = label(plan.deadline) if plan.deadline is not None else "chưa đặt"
    text = NOTICE_TEXT[kind].format(unit=plan.unit.committee_name, due=due)
    users = role_holders(ctx.session, instance.unit_id, roles)
    notify_users(ctx, users, kind, text, f"/plans/{plan.id}", plan_id=plan.id)
    ctx.audit(kind, instance_id=instance.id, plan_id=plan.id, comment=text,
              details={"to": [u.username for u in users]})
    return {"notified": len(users)}


def _params(operation: str, params: dict) -> tuple[str, str]:
    if not {"kind", "role"} <= set(params):
        raise ExecutionFailure(f"Dịch vụ '{operation}' cần tham số 'kind' và 'role'.")
    return params["kind"], params["role"]


_REPORT_OPERATIONS = {
    "consolidate_reports": lambda ctx, instance, params, data: reports.consolidate_reports(ctx, instance, data),
    "save_report": lambda ctx, instance, params, data: reports.save_report(ctx, instance, data),
    "record_report_signature": lambda ctx, instance, params, data: signed.report_signed(
        ctx, instance, data, reports.record_report_signature(ctx, instance, data)),
    "submit_report": lambda ctx, instance, params, data: signed.report_sent(
        ctx, instance, data, reports.submit_report(ctx, instance, data)),
    "record_verdict": lambda ctx, instance, params, data: reports.record_verdict(ctx, instance, data),
    "notify_report": lambda ctx, instance, params, data: reports.notify_report(
        ctx, instance, data, *_params("notify_report", params)),
    "load_scheme": lambda ctx, instance, params, data: scoring.load_scheme(ctx, instance, data),
    "save_self_scores": lambda ctx, instance, params, data: scoring.save_self_scores(ctx, instance, data),
    "save_appraisal": lambda ctx, instance, params, data: scoring.save_appraisal(ctx, instance, data),
    "classify_unit": lambda ctx, instance, params, data: scoring.classify_unit(ctx, instance, data),
}


class PlanflowHandlers:
    """Binds operation names to the domain functions behind them."""

    operations = {"save_draft", "record_signature", "issue_plan", "distribute_plan",
                  "acknowledge_receipt", "notify", "consolidate_reports", "save_report", "record_report_signature",
                  "submit_report", "record_verdict", "notify_report", "load_scheme", "save_self_scores",
                  "save_appraisal", "classify_unit"}
    host_started = {lifecycle.PROCESS_ID, lifecycle.RECEIPT_PROCESS_ID, obligations.REPORT_PROCESS_ID,
                    obligations.SCORING_PROCESS_ID}

    def call(self, ctx: Ctx, instance: ProcessInstance, operation: str, params: dict, data: dict) -> Any:
        if operation in _REPORT_OPERATIONS:
            return _REPORT_OPERATIONS[operation](ctx, instance, params, data)
        match operation:
            case "save_draft":
                return lifecycle.save_draft(ctx, instance, data)
            case "record_signature":  # ký số when the plan's body signs digitally (engine/signatures/)
                return signed.plan_signed(ctx, instance, lifecycle.record_signature(ctx, instance))
            case "issue_plan":
                return signed.plan_issued(ctx, instance, lifecycle.issue_plan(ctx, instance, data))
            case "distribute_plan":
                return lifecycle.distribute_plan(ctx, instance)
            case "acknowledge_receipt":
                return lifecycle.acknowledge_receipt(ctx, instance, data)
            case "notify":
                return notify(ctx, instance, *_params("notify", params))
        raise ExecutionFailure(f"Không có dịch vụ '{operation}'.")

    def deliver(self, ctx: Ctx, message: Message) -> None:
        match message.name:
            case "plan_assigned":
                lifecycle.start_child_plan(ctx, message.payload)
            case "document_sent":
                lifecycle.start_receipt(ctx, message.payload)
            case _:
                raise ExecutionFailure(f"Không có nơi nhận thông điệp '{message.name}'.")
