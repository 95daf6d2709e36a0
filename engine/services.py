"""The host operations BPMN service tasks may call, and the routing of messages between instances.

Only the names in OPERATIONS can be deployed in a service task (checked at deploy time).
"""

from __future__ import annotations

from typing import Any

from engine import plans
from engine.errors import ExecutionFailure
from engine.models import Message, Notification, ProcessInstance
from engine.org import role_holders
from engine.roles import Role
from engine.runtime import Ctx

NOTICE_TEXT = {
    "reminder": "Nhắc hạn: {unit} cần ban hành kế hoạch trước ngày {due:%d/%m/%Y}.",
    "escalation": "Quá hạn: {unit} chưa ban hành kế hoạch, hạn là trước ngày {due:%d/%m/%Y}.",
}


def notify(ctx: Ctx, instance: ProcessInstance, kind: str, role: str) -> dict:
    """Notify everyone holding the role at the instance's unit (a chair's notice reaches vice chairs too)."""
    plan = plans.plan_of(ctx, instance)
    if kind not in NOTICE_TEXT:
        raise ExecutionFailure(f"Loại thông báo '{kind}' không được hỗ trợ.")
    roles = [role, Role.VICE_CHAIR] if role == Role.CHAIR else [role]
    text = NOTICE_TEXT[kind].format(unit=plan.unit.committee_name, due=plan.due_date)
    users = role_holders(ctx.session, instance.unit_id, roles)
    for user in users:
        ctx.session.add(Notification(user_id=user.id, kind=kind, plan_id=plan.id, text=text,
                                     created_at=ctx.now()))
    ctx.audit(kind, instance_id=instance.id, plan_id=plan.id, comment=text,
              details={"to": [u.username for u in users]})
    return {"notified": len(users)}


class PlanflowHandlers:
    """Binds operation names to the domain functions behind them."""

    operations = {"save_draft", "record_signature", "issue_plan", "distribute_plan",
                  "acknowledge_receipt", "notify"}
    host_started = {plans.PROCESS_ID, plans.RECEIPT_PROCESS_ID}

    def call(self, ctx: Ctx, instance: ProcessInstance, operation: str, params: dict, data: dict) -> Any:
        match operation:
            case "save_draft":
                return plans.save_draft(ctx, instance, data)
            case "record_signature":
                return plans.record_signature(ctx, instance)
            case "issue_plan":
                return plans.issue_plan(ctx, instance)
            case "distribute_plan":
                return plans.distribute_plan(ctx, instance)
            case "acknowledge_receipt":
                return plans.acknowledge_receipt(ctx, data)
            case "notify":
                if not {"kind", "role"} <= set(params):
                    raise ExecutionFailure("Dịch vụ 'notify' cần tham số 'kind' và 'role'.")
                return notify(ctx, instance, params["kind"], params["role"])
        raise ExecutionFailure(f"Không có dịch vụ '{operation}'.")

    def deliver(self, ctx: Ctx, message: Message) -> None:
        match message.name:
            case "plan_assigned":
                plans.start_child_plan(ctx, message.payload)
            case "document_sent":
                plans.start_receipt(ctx, message.payload)
            case _:
                raise ExecutionFailure(f"Không có nơi nhận thông điệp '{message.name}'.")
