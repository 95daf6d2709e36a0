"""A committee's agencies as units: who acts for whom, lanes at an agency, groups of agencies in Nơi nhận."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from engine.errors import Forbidden, InvalidInput
from engine.models import HumanTask, RoleAssignment, Unit, User
from engine.org import admin
from engine.org.authority import MAY_ACT_ON_TASK, held_roles, may_act
from engine.org.demo import demo_accounts
from engine.org.recipients import resolve, resolve_assignee
from engine.org.roles import Role, lane_roles, lane_roles_at
from engine.org.units import agencies_of, get_unit, get_user, name_key, role_holders

DAY = date(2024, 3, 1)
RECEIPT = "Xác nhận đã nhận kế hoạch"
DRAFT = "Soạn thảo dự thảo kế hoạch"
# Tứ Kỳ's agencies besides Phòng Nội vụ (the focal one, left out of every group)
SPECIALISED = {"298.VP", "298.TTR", "298.TP", "298.TCKH", "298.VHTT"}
SERVICE = {"298.TTVH"}
COMMUNES = {"11089", "11113", "11146"}
PEOPLE = ("officer.298", "head.298", "chair.298", "clerk.298", "officer.298.tp", "head.298.tp", "head.298.vp")


def _unit(session, code: str) -> Unit:
    return session.scalar(select(Unit).where(Unit.code == code))


def _acting(session, task: HumanTask) -> dict[str, tuple[bool, bool]]:
    """username → (may act by the Python rule, may act by the SQL rule) for the task."""
    users, tasks = User.__table__, HumanTask.__table__
    by_sql = set(session.scalars(select(users.c.username).select_from(tasks).join(users, MAY_ACT_ON_TASK)
                                 .where(tasks.c.id == task.id)))
    return {name: (may_act(held_roles(session, get_user(session, name), DAY), task), name in by_sql)
            for name in PEOPLE}


# --- the authority rule, in Python and in SQL ----------------------------------------------------------------


def test_only_the_focal_agency_acts_for_the_committee(demo3, driver):
    plan_id = driver.start_plan("298", "officer.298")
    with demo3.unit_of_work() as ctx:
        task = ctx.session.scalar(select(HumanTask).where(HumanTask.plan_id == plan_id, HumanTask.name == DRAFT))
        task_id, acting = task.id, _acting(ctx.session, task)
        assert {name for name, (python, sql) in acting.items() if python} == {"officer.298"}
        assert all(python == sql for python, sql in acting.values()), acting
        of_tp = get_user(ctx.session, "officer.298.tp").roles[0]
        assert of_tp.acts_for == {of_tp.unit_id} and of_tp.committee_id == of_tp.unit_id
        district = get_unit(ctx.session, "298", DAY)
        assert [u.username for u in role_holders(ctx.session, district.id, ["officer", "head"])] == [
            "head.298", "officer.298"]
    assert [t["name"] for t in driver.tasks("officer.298.tp")] == []
    with pytest.raises(Forbidden, match="vai trò"):
        driver.complete("officer.298.tp", task_id, {"title": "Không được"})


def test_an_agency_acts_for_itself_in_both_forms_of_the_rule(demo3, driver):
    plan_id = driver.start_plan("298", "officer.298")
    driver.issue(plan_id, "298")
    with demo3.unit_of_work() as ctx:
        agency = _unit(ctx.session, "298.TP")
        task = ctx.session.scalar(select(HumanTask).where(HumanTask.unit_id == agency.id, HumanTask.name == RECEIPT))
        assert task is not None and task.roles == "clerk,head"
        acting = _acting(ctx.session, task)
        assert {name for name, (python, _) in acting.items() if python} == {"head.298.tp"}
        assert all(python == sql for python, sql in acting.values()), acting
    assert [t["name"] for t in driver.tasks("officer.298.tp")] == []
    driver.act("head.298.tp", RECEIPT, {})
    assert driver.tasks("head.298.tp") == []


# --- lanes at an agency ----------------------------------------------------------------------------------------


def test_at_an_agency_its_head_signs_and_registers(demo3):
    with demo3.unit_of_work() as ctx:
        agency, district = _unit(ctx.session, "298.TP"), get_unit(ctx.session, "298", DAY)
        assert lane_roles_at("Lãnh đạo UBND", agency) == {Role.HEAD}
        assert lane_roles_at("Văn thư", agency) == {Role.CLERK, Role.HEAD}
        assert lane_roles_at("Chuyên viên", agency) == {Role.OFFICER}
        assert lane_roles_at("Trưởng phòng", agency) == {Role.HEAD}
        assert lane_roles_at("Chuyên viên (nơi nhận)", agency) == {Role.OFFICER}
        for lane in ("Lãnh đạo UBND", "Văn thư", "Chuyên viên", "officer, head"):
            assert lane_roles_at(lane, district) == lane_roles(lane) == lane_roles_at(lane, None)


# --- groups and names in Nơi nhận -----------------------------------------------------------------------------

GROUPS = [
    ("298", "Các cơ quan, đơn vị thuộc UBND huyện;", SPECIALISED | SERVICE),
    ("298", "Các phòng, ban thuộc huyện;", SPECIALISED),
    ("298", "Các phòng, ban, ngành huyện;", SPECIALISED),
    ("298", "Các cơ quan chuyên môn, đơn vị sự nghiệp trực thuộc UBND huyện;", SPECIALISED | SERVICE),
    ("298", "Thủ trưởng các cơ quan, đơn vị;", SPECIALISED | SERVICE),
    ("298", "Các cơ quan chuyên môn thuộc UBND huyện;", SPECIALISED),
    ("298", "- Các phòng, ban thuộc huyện (để thực hiện);", SPECIALISED),
    ("298", "Các phòng, ban thuộc huyện và UBND các xã, thị trấn", SPECIALISED | COMMUNES),
    ("298", "Thủ trưởng các cơ quan, đơn vị; Chủ tịch Ủy ban nhân dân các xã, thị trấn",
     SPECIALISED | SERVICE | COMMUNES),
    ("30", "các sở, ban, ngành tỉnh", {"30.VP", "30.STP", "30.TTR", "30.STC", "30.STTTT"}),
    ("30", "Các sở, ban, ngành, đơn vị sự nghiệp thuộc tỉnh;",
     {"30.VP", "30.STP", "30.TTR", "30.STC", "30.STTTT", "30.PTTH"}),
    ("30", "các sở, ban, ngành tỉnh, UBND các huyện, thành phố",
     {"30.VP", "30.STP", "30.TTR", "30.STC", "30.STTTT", "294", "298"}),
    ("30", "các cơ quan, đơn vị, địa phương (sở, ban, ngành tỉnh; UBND các huyện, thành phố)",
     {"30.VP", "30.STP", "30.TTR", "30.STC", "30.STTTT", "294", "298"}),
    ("11089", "Các công chức chuyên môn thuộc UBND xã", {"11089.VHXH"}),
]
NAMED = [
    ("298", "Phòng Tư pháp", "298.TP"),
    ("298", "phong tu phap huyen Tu Ky", "298.TP"),
    ("298", "PHÒNG TƯ PHÁP HUYỆN", "298.TP"),
    ("298", "Thanh tra huyện;", "298.TTR"),
    ("298", "Văn phòng HĐND và UBND huyện", "298.VP"),
    ("298", "Trung tâm VHTT và TDTT", "298.TTVH"),
    ("298", "Phòng Tài chính-Kế hoạch", "298.TCKH"),
    ("298", "Thanh tra tỉnh", "30.TTR"),
    ("298", "Sở Tư pháp;", "30.STP"),
    ("30", "Đài Phát thanh và Truyền hình tỉnh;", "30.PTTH"),
    ("11089", "Công chức Văn hóa - xã hội", "11089.VHXH"),
    ("11089", "Thanh tra huyện", "298.TTR"),
]
INTERNAL = [
    ("298", "CT, các PCT UBND huyện;", "298"),
    ("298", "Chỉ tịch, các PCT UBND huyện;", "298"),
    ("298", "Lãnh đạo UBND huyện;", "298"),
    ("298", "VP HĐND và UBND: C, PVP, CVNV", "298.VP"),
    ("298", "C, PCVP;", "298.VP"),
    ("30", "Chủ tịch, các PCT UBND tỉnh;", "30"),
    ("30", "Lãnh đạo Văn phòng UBND tỉnh;", "30.VP"),
    ("11089", "Chủ tịch, Phó Chủ tịch UBND xã;", "11089"),
]


@pytest.mark.parametrize(("issuer", "line", "expected"), GROUPS)
def test_a_group_resolves_to_the_issuers_agencies_of_its_kinds(demo3, issuer, line, expected):
    with demo3.unit_of_work() as ctx:
        rows = resolve(ctx.session, get_unit(ctx.session, issuer, DAY), [line], DAY)
    assert {r.unit.code for r in rows if r.unit} == expected
    assert all(r.line == line.strip() and not r.internal for r in rows)
    assert all(r.implements == (r.unit.level != "agency") for r in rows if r.unit)


@pytest.mark.parametrize(("issuer", "line", "expected"), NAMED)
def test_a_named_agency_resolves_to_it_whatever_its_case_and_accents(demo3, issuer, line, expected):
    with demo3.unit_of_work() as ctx:
        [row] = resolve(ctx.session, get_unit(ctx.session, issuer, DAY), [line], DAY)
    assert row.unit is not None and row.unit.code == expected and not row.implements and not row.internal


@pytest.mark.parametrize(("issuer", "line", "expected"), INTERNAL)
def test_the_issuers_own_leaders_and_office_are_internal_recipients(demo3, issuer, line, expected):
    with demo3.unit_of_work() as ctx:
        [row] = resolve(ctx.session, get_unit(ctx.session, issuer, DAY), [line], DAY)
    assert row.unit is not None and row.unit.code == expected and row.internal and not row.implements


@pytest.mark.parametrize("line", ["Thường trực Huyện ủy;", "Ban Dân vận Huyện ủy;", "UBMTTQ, các tổ chức chính trị - "
                                  "xã hội huyện;", "TT HU, HĐND, UBMTTQ huyện;", "Thường trực HĐND huyện;"])
def test_party_and_mass_bodies_stay_as_written(demo3, line):
    with demo3.unit_of_work() as ctx:
        rows = resolve(ctx.session, get_unit(ctx.session, "298", DAY), [line], DAY)
    assert [(r.line, r.unit, r.internal) for r in rows] == [(line, None, False)]


def test_the_superiors_leaders_are_the_superior_in_a_communes_plan(demo3):
    with demo3.unit_of_work() as ctx:
        [row] = resolve(ctx.session, get_unit(ctx.session, "11089", DAY), ["Lãnh đạo UBND huyện;"], DAY)
        assert row.unit is not None and row.unit.code == "298" and not row.internal


def test_an_agency_dissolved_before_the_issue_date_is_not_reached(demo3):
    with demo3.unit_of_work() as ctx:
        _unit(ctx.session, "298.TP").valid_to = date(2024, 1, 1)
    with demo3.unit_of_work() as ctx:
        district = get_unit(ctx.session, "298", DAY)
        rows = resolve(ctx.session, district, ["Các phòng, ban thuộc huyện", "Phòng Tư pháp"], DAY)
        assert {r.unit.code for r in rows if r.unit} == SPECIALISED - {"298.TP"}
        assert "298.TP" in {a.code for a in agencies_of(ctx.session, district.id, date(2023, 12, 31))}


def test_an_assignment_line_names_committees_and_agencies(demo3):
    with demo3.unit_of_work() as ctx:
        district = get_unit(ctx.session, "298", DAY)
        named = resolve_assignee(ctx.session, district, "Phòng Văn hóa và Thông tin, Trung tâm VHTT và TDTT", DAY)
        assert [u.code for u in named] == ["298.VHTT", "298.TTVH"]
        everyone = resolve_assignee(ctx.session, district, "Các phòng, ban thuộc huyện và UBND các xã, thị trấn", DAY)
        assert {u.code for u in everyone} == SPECIALISED | COMMUNES
        assert resolve_assignee(ctx.session, district, "Ban Dân vận Huyện ủy", DAY) == []


# --- the organisation: agencies, the demo, roles at an agency -------------------------------------------------


def test_agencies_of_a_committee_by_kind_in_vietnamese_order(demo3):
    with demo3.unit_of_work() as ctx:
        district = get_unit(ctx.session, "298", DAY)
        names = [a.name for a in agencies_of(ctx.session, district.id, DAY)]
        assert names == sorted(names, key=name_key) and len(names) == 7
        assert [a.code for a in agencies_of(ctx.session, district.id, DAY, kinds=["service"])] == ["298.TTVH"]
    assert sorted(["Văn phòng", "Đài", "Dân tộc", "Ban"], key=name_key) == ["Ban", "Dân tộc", "Đài", "Văn phòng"]


def test_the_demo_has_real_agencies_and_people_at_the_first_districts(demo3):
    with demo3.unit_of_work() as ctx:
        province, thanh_ha = get_unit(ctx.session, "30", DAY), get_unit(ctx.session, "294", DAY)
        assert {a.name for a in agencies_of(ctx.session, province.id, DAY)} >= {
            "Văn phòng UBND tỉnh Hải Dương", "Sở Tư pháp tỉnh Hải Dương", "Thanh tra tỉnh Hải Dương",
            "Đài Phát thanh và Truyền hình tỉnh Hải Dương", "Sở Nội vụ tỉnh Hải Dương"}
        assert len(agencies_of(ctx.session, thanh_ha.id, DAY)) == 7
        tp = get_user(ctx.session, "head.298.tp").roles[0]
        assert (tp.role, tp.unit.name) == ("head", "Phòng Tư pháp huyện Tứ Kỳ")
        assert ctx.session.scalar(select(User.id).where(User.username == "head.294.tp")) is None
        assert {"officer.298.tp", "head.298.tp"} <= set(demo_accounts(ctx.session))


def test_a_role_given_at_an_agency_code_is_held_there(demo3):
    with demo3.unit_of_work() as ctx:
        ctx.act_as(get_user(ctx.session, "admin.30"))
        user = admin.add_user_without_password(ctx, "nguyen.tp", "Nguyễn Văn Tư")
        at_agency = admin.grant_role(ctx, "nguyen.tp", "officer", "298.TP")
        at_committee = admin.grant_role(ctx, "nguyen.tp", "head", "298")
        assert (at_agency.unit.code, at_committee.unit.code) == ("298.TP", "298.NV")
        assert user.password_hash is None
        with pytest.raises(InvalidInput, match="Chủ tịch"):
            admin.grant_role(ctx, "nguyen.tp", "chair", "298.TP")
        assert ctx.session.scalar(select(RoleAssignment.id).where(RoleAssignment.role == "chair",
                                                                  RoleAssignment.user_id == user.id)) is None
