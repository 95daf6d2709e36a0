"""Scoring and classification: self-scores, the chair's approval, the superior's appraisal, the DMN bands."""

from __future__ import annotations

from xml.sax.saxutils import escape

from bdd_support import (
    ACTOR,
    APPROVE,
    UNIT_ARG,
    act_on_report,
    actor_username,
    assert_table,
    attempt,
    find_unit,
    obligation_of,
    rows,
    split_actor,
)
from pytest_bdd import given, parsers, scenarios, then, when
from sqlalchemy import select

from engine.models import Definition, Unit
from engine.reporting.scoring import scheme_for

scenarios("cham_diem_xep_loai.feature")

KIND = "kết quả tự chấm điểm"
SELF_SCORE, SIGN, APPRAISE = "Tự chấm điểm", "Phê duyệt kết quả tự chấm", "Thẩm định, chấm điểm phần của cấp trên"
DECISION = "xep_loai_dan_van"
DESIGNER = "designer.30"


def criteria(planflow, unit: str) -> list[dict]:
    """The criteria of the scheme of the unit's province: code, name, max_points, superior_points."""
    with planflow.unit_of_work() as ctx:
        return scheme_for(ctx, ctx.session.get(Unit, find_unit(planflow, unit)[0]))["criteria"]


def scores_from(planflow, unit: str, datatable) -> dict[str, int]:
    """A table of criterion names and points as the form takes them: points by criterion code."""
    codes = {c["name"]: c["code"] for c in criteria(planflow, unit)}
    return {codes[row["tiêu chí"]]: int(row["điểm"]) for row in rows(datatable)}


def spread(planflow, unit: str, total: int, superior: bool) -> dict[str, int]:
    """A total spread over the criteria, filling each one's share (the unit's or the superior's) in turn."""
    scores = {}
    for criterion in criteria(planflow, unit):
        share = criterion["superior_points"] if superior else criterion["max_points"] - criterion["superior_points"]
        scores[criterion["code"]] = min(share, total)
        total -= scores[criterion["code"]]
    assert total == 0, f"{unit}: tổng điểm vượt thang điểm"
    return scores


def scoring(planflow, unit: str) -> dict:
    return obligation_of(planflow, unit, KIND)


def self_score(planflow, driver, unit: str, scores: dict[str, int]) -> None:
    code = find_unit(planflow, unit)[1]
    act_on_report(driver, f"officer.{code}", SELF_SCORE, scoring(planflow, unit)["instance_id"], {"scores": scores})


def appraise(planflow, driver, unit: str, scores: dict[str, int]) -> None:
    found = scoring(planflow, unit)
    act_on_report(driver, f"officer.{found['receiver']}", APPRAISE, found["instance_id"], {"superior_scores": scores})


@then(parsers.re(rf"thang điểm của {UNIT_ARG} gồm:"))
def scheme_table(planflow, unit, datatable):
    assert_table(datatable, criteria(planflow, unit), {
        "tiêu chí": lambda c: c["name"], "điểm tối đa": lambda c: c["max_points"],
        "phần của cấp trên": lambda c: c["superior_points"]})


@when(parsers.re(rf"{ACTOR} tự chấm điểm:"))
def self_scores(planflow, driver, context, actor, datatable):
    user = actor_username(planflow, actor)
    unit = split_actor(actor)[1]
    scores = scores_from(planflow, unit, datatable)
    attempt(context, driver, lambda: act_on_report(driver, user, SELF_SCORE, scoring(planflow, unit)["instance_id"],
                                                   {"scores": scores}))


@when(parsers.re(rf"{ACTOR} phê duyệt kết quả tự chấm"))
def sign_scores(planflow, driver, actor):
    unit = split_actor(actor)[1]
    act_on_report(driver, actor_username(planflow, actor), SIGN, scoring(planflow, unit)["instance_id"], APPROVE)


@when(parsers.re(rf"{ACTOR} chấm phần điểm của cấp trên cho {UNIT_ARG}:"))
def superior_scores(planflow, driver, context, actor, unit, datatable):
    user, scores = actor_username(planflow, actor), scores_from(planflow, unit, datatable)
    attempt(context, driver, lambda: act_on_report(driver, user, APPRAISE, scoring(planflow, unit)["instance_id"],
                                                   {"superior_scores": scores}))


@given("các xã đã được chấm điểm như sau:")
@when("các xã được chấm điểm như sau:")
def scored(planflow, driver, datatable):
    """Each commune self-scores, its chair approves, the officer of its district appraises."""
    for row in rows(datatable):
        unit = row["đơn vị"]
        self_score(planflow, driver, unit, spread(planflow, unit, int(row["tự chấm"]), superior=False))
        act_on_report(driver, f"chair.{find_unit(planflow, unit)[1]}", SIGN, scoring(planflow, unit)["instance_id"],
                      APPROVE)
        appraise(planflow, driver, unit, spread(planflow, unit, int(row["cấp trên"]), superior=True))


@then(parsers.re(rf"kết quả chấm điểm của {UNIT_ARG} là (?P<total>\d+) điểm "
                 r'\(tự chấm (?P<own>\d+), cấp trên (?P<superior>\d+)\), xếp loại "(?P<label>[^"]+)"'))
def result(planflow, unit, total, own, superior, label):
    content = scoring(planflow, unit)["content"]
    assert (content["total"], content["self_total"], sum(content["superior_scores"].values()),
            content["classification"]) == (int(total), int(own), int(superior), label)


@then("kết quả xếp loại các xã là:")
def classifications(planflow, datatable):
    found = [{"unit": row["đơn vị"], **scoring(planflow, row["đơn vị"])["content"]} for row in rows(datatable)]
    assert_table(datatable, found, {
        "đơn vị": lambda r: r["unit"], "tổng điểm": lambda r: r.get("total"),
        "xếp loại": lambda r: r.get("classification"), "theo bảng phiên bản": lambda r: r.get("decision_version")})


def decision_table(bands: list[dict[str, str]]) -> str:
    """A DMN table like workflows/xep_loai_dan_van.dmn, one rule per band: "from" ≤ total < "below"."""
    rules = []
    for n, band in enumerate(bands, 1):
        low, high = band["từ điểm"], band["dưới điểm"]
        test = f"{low} <= ? < {high}" if low and high else f"? >= {low}" if low else f"? < {high}"
        rules.append(f'<rule id="band_{n}"><inputEntry id="band_{n}_total"><text>{escape(test)}</text></inputEntry>'
                     f'<outputEntry id="band_{n}_label"><text>"{escape(band["xếp loại"])}"</text></outputEntry></rule>')
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="Definitions_xep_loai"
             name="Xếp loại dân vận chính quyền" namespace="http://planflow.vn/dmn">
  <decision id="{DECISION}" name="Xếp loại theo tổng điểm">
    <decisionTable id="xep_loai_table" hitPolicy="UNIQUE">
      <input id="input_total" label="Tổng điểm">
        <inputExpression id="input_total_expression" typeRef="number"><text>total</text></inputExpression>
      </input>
      <output id="output_classification" label="Xếp loại" name="classification" typeRef="string" />
      {"".join(rules)}
    </decisionTable>
  </decision>
</definitions>
"""


@when("người thiết kế quy trình triển khai phiên bản mới của bảng xếp loại:")
def deploy_bands(planflow, tmp_path, datatable):
    path = tmp_path / f"{DECISION}.dmn"
    path.write_text(decision_table(rows(datatable)), encoding="utf-8")
    with planflow.unit_of_work() as ctx:
        planflow.deploy_file(ctx, path, DESIGNER)


@then(parsers.re(r"bảng xếp loại có các phiên bản (?P<listed>[\d, ]+)"))
def decision_versions(planflow, listed):
    with planflow.unit_of_work() as ctx:
        versions = ctx.session.scalars(select(Definition.version).where(Definition.main_id == DECISION)
                                       .order_by(Definition.version)).all()
    assert versions == [int(v) for v in listed.split(",")]
