"""Scoring and classification: a province's scheme (criteria, the superior's share, the DMN table that
names the bands), self-scoring, the superior's appraisal, and the classification.

The bands live only in the DMN decision, deployed like any workflow file: a new version of the table
changes the classification of every scoring that starts afterwards.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from SpiffWorkflow.dmn.engine.DMNEngine import DMNEngine
from sqlalchemy import select

from engine.bpmn.definitions import parse_definitions
from engine.bpmn.deployment import require_latest
from engine.bpmn.scripting import SafeScriptEngine
from engine.context import Ctx
from engine.errors import ExecutionFailure, InvalidInput
from engine.models import ObligationStatus, ProcessInstance, ScoringScheme, Unit
from engine.reporting.reports import own_obligation
from engine.text import nfc_data

DEFAULT_SCHEME_FILE = Path(__file__).resolve().parents[2] / "config" / "scoring_scheme.json"


def province_of(unit: Unit | None) -> Unit | None:
    while unit is not None and unit.level not in ("province", "central"):
        unit = unit.parent
    return unit if unit is not None and unit.level == "province" else None


def scheme_for(ctx: Ctx, unit: Unit) -> dict:
    """The newest scheme of the unit's province, else the default one shipped in config/."""
    province = province_of(unit)
    row = province and ctx.session.scalar(select(ScoringScheme).where(ScoringScheme.province_id == province.id)
                                          .order_by(ScoringScheme.id.desc()).limit(1))
    if row:
        return {"criteria": row.criteria, "decision_id": row.decision_id}
    return json.loads(DEFAULT_SCHEME_FILE.read_text(encoding="utf-8"))


def set_scheme(ctx: Ctx, province: Unit, scheme: dict) -> ScoringScheme:
    """Check and store a province's scheme; the decision it names must already be deployed."""
    if province.level != "province":
        raise InvalidInput(f"{province.committee_name} không phải cấp tỉnh: thang điểm đặt theo tỉnh.")
    scheme = nfc_data(scheme)
    criteria = scheme.get("criteria")
    if not isinstance(criteria, list) or not criteria:
        raise InvalidInput("Thang điểm cần danh sách 'criteria' không rỗng.")
    codes = [_check_criterion(c) for c in criteria]
    if len(set(codes)) != len(codes):
        raise InvalidInput("Mã tiêu chí bị trùng.")
    decision_id = str(scheme.get("decision_id") or "")
    if require_latest(ctx.session, decision_id).kind != "dmn":
        raise InvalidInput(f"'{decision_id}' không phải bảng quyết định DMN.")
    row = ScoringScheme(province_id=province.id, criteria=criteria, decision_id=decision_id, created_at=ctx.now(),
                        created_by=ctx.actor.username if ctx.actor else "system")
    ctx.session.add(row)
    ctx.session.flush()
    ctx.audit("scoring_scheme", details={"province": province.code, "decision_id": decision_id})
    return row


def _check_criterion(criterion: object) -> str:
    if not isinstance(criterion, dict) or not criterion.get("code") or not criterion.get("name"):
        raise InvalidInput("Mỗi tiêu chí cần 'code', 'name', 'max_points' và 'superior_points'.")
    maximum, superior = criterion.get("max_points"), criterion.get("superior_points", 0)
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (maximum, superior)) \
            or not 0 <= superior <= maximum:
        raise InvalidInput(f"Tiêu chí '{criterion['code']}': cần 0 ≤ superior_points ≤ max_points (số nguyên).")
    return str(criterion["code"])


# --- host operations of unit_scoring -----------------------------------------------------------


def load_scheme(ctx: Ctx, instance: ProcessInstance, data: dict) -> dict:
    """The scheme this scoring uses, kept in the instance so later scheme changes do not move it."""
    obligation = own_obligation(ctx, instance, data)
    scheme = scheme_for(ctx, obligation.reporting_unit)
    zeros = {c["code"]: 0 for c in scheme["criteria"]}
    return {**scheme, "scores": zeros, "superior_scores": zeros}


def save_self_scores(ctx: Ctx, instance: ProcessInstance, data: dict) -> dict:
    obligation = own_obligation(ctx, instance, data)
    own_share = {c["code"]: c["max_points"] - c.get("superior_points", 0) for c in data["scheme"]["criteria"]}
    scores = _scores(data.get("scores"), own_share, "Điểm tự chấm")
    obligation.content = {**obligation.content, "self_scores": scores, "self_total": sum(scores.values())}
    return {"self_total": sum(scores.values())}


def save_appraisal(ctx: Ctx, instance: ProcessInstance, data: dict) -> dict:
    obligation = own_obligation(ctx, instance, data)
    superior_share = {c["code"]: c.get("superior_points", 0) for c in data["scheme"]["criteria"]}
    scores = _scores(data.get("superior_scores"), superior_share, "Điểm thẩm định")
    total = obligation.content.get("self_total", 0) + sum(scores.values())
    obligation.content = {**obligation.content, "superior_scores": scores, "total": total,
                          "appraised_by": ctx.actor.username if ctx.actor else "system"}
    return {"total": total}


def _scores(given: object, maxima: dict[str, int], label: str) -> dict[str, int]:
    """Every criterion scored once, as a whole number between 0 and its share."""
    if not isinstance(given, dict) or set(given) != set(maxima):
        raise InvalidInput(f"{label}: cần điểm cho đúng các tiêu chí {', '.join(maxima)}.")
    for code, value in given.items():
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= maxima[code]:
            raise InvalidInput(f"{label} tiêu chí '{code}' phải là số nguyên từ 0 đến {maxima[code]}.")
    return dict(given)


def classify_unit(ctx: Ctx, instance: ProcessInstance, data: dict) -> dict:
    """Classify the total with the newest version of the scheme's DMN table, and close the obligation."""
    obligation = own_obligation(ctx, instance, data)
    total = obligation.content.get("total", 0)
    label, version = classify(ctx, data["scheme"]["decision_id"], total)
    obligation.content = {**obligation.content, "classification": label, "decision_version": version}
    obligation.status, obligation.accepted_at = ObligationStatus.ACCEPTED, ctx.now()
    ctx.audit("classify", instance_id=instance.id, plan_id=obligation.plan_id, comment=label,
              details={"obligation_id": obligation.id, "total": total, "decision_version": version})
    return {"classification": label, "total": total}


def classify(ctx: Ctx, decision_id: str, total: int) -> tuple[str, int]:
    definition = require_latest(ctx.session, decision_id)
    table = decision_table(definition.source, definition.filename)
    label = evaluate_table(table, decision_id, {"total": total}).get("classification")
    if not label:
        raise ExecutionFailure(f"Bảng '{decision_id}' (phiên bản {definition.version}) không xếp loại được "
                               f"tổng điểm {total}.")
    return label, definition.version


def evaluate_table(table: Any, decision_id: str, data: dict) -> dict:
    """Run a decision table over data in the restricted script engine (cells are untrusted code)."""
    task = SimpleNamespace(data=data, task_spec=SimpleNamespace(bpmn_id=decision_id, dmnEngine=True),
                           workflow=SimpleNamespace(script_engine=SafeScriptEngine()))
    return DMNEngine(table).result(task)


def decision_table(source: bytes, filename: str) -> Any:
    """The decision table of a deployed (already validated) DMN file."""
    parser = parse_definitions(source, filename)
    dmn_parser = next(iter(parser.dmn_parsers.values()))
    dmn_parser.parse()
    return dmn_parser.decision.decisionTables[0]
