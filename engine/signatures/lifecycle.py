"""The host's operations, with ký số: after a plan or a report is signed, and after it is issued or sent.

engine/host.py calls these around the operations of engine/plans/lifecycle.py and engine/reporting/reports.py, so
that those stay about the plan cycle; each adds what signing did to the operation's result (nothing when the body
does not sign digitally).
"""

from __future__ import annotations

from engine.context import Ctx
from engine.models import ProcessInstance
from engine.plans.lifecycle import own_plan
from engine.reporting.reports import own_obligation
from engine.signatures.documents import plan_subject, report_subject, sign_as_body, sign_as_person


def plan_signed(ctx: Ctx, instance: ProcessInstance, result: dict) -> dict:
    """The chair (or whoever signs) has approved the plan: they sign its PDF."""
    subject = plan_subject(ctx, own_plan(ctx, instance))
    return {**result, **sign_as_person(ctx, subject, "Phê duyệt, ký ban hành kế hoạch")}


def plan_issued(ctx: Ctx, instance: ProcessInstance, result: dict) -> dict:
    """The clerk has numbered and dated the plan: the body signs it."""
    plan = own_plan(ctx, instance)
    return {**result, **sign_as_body(ctx, plan_subject(ctx, plan), f"Ban hành Kế hoạch số {plan.number_symbol}")}


def report_signed(ctx: Ctx, instance: ProcessInstance, data: dict, result: dict) -> dict:
    subject = report_subject(ctx, own_obligation(ctx, instance, data))
    return {**result, **sign_as_person(ctx, subject, "Phê duyệt, ký báo cáo")}


def report_sent(ctx: Ctx, instance: ProcessInstance, data: dict, result: dict) -> dict:
    obligation = own_obligation(ctx, instance, data)
    reason = f"Gửi Báo cáo số {obligation.number_symbol}"
    return {**result, **sign_as_body(ctx, report_subject(ctx, obligation), reason)}
