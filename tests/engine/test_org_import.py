"""Importing an organisation from CSV or JSON: idempotent, all or nothing, every refused row named."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from engine.models import RoleAssignment, Unit, User
from engine.org.org_import import MAX_BYTES, ImportRefused, import_organisation
from engine.org.units import authenticate, get_user

HEADER = "type;code;name;level;parent_code;valid_from;kind;abbreviation;is_focal;username;full_name;email;role;"\
         "unit_code"
CSV = ("\ufeff" + HEADER + """
unit;99901;Xã Thử Nghiệm;commune;298;2024-01-01;;;;;;;;
agency;298.KTHT;Phòng Kinh tế và Hạ tầng huyện Tứ Kỳ;;298;;specialised;KTHT;;;;;;
agency;298.NV;Phòng Nội vụ huyện Tứ Kỳ;;298;;specialised;NV;1;;;;;
agency;99901.VHXH;Văn hóa - Xã hội;;99901;;office;VHXH;;;;;;
user;;;;;;;;;tran.ktht;Trần Thị Hạ Tầng;tran.ktht@tuky.gov.vn;;
user;;;;;;;;;le.xa;Lê Văn Xã;;;
role;;;;;;;;;tran.ktht;;;head;298.KTHT
role;;;;;;;;;le.xa;;;officer;99901
role;;;;;;;;;le.xa;;;Chủ tịch;99901
""").encode()

JSON = {
    "units": [{"code": "99902", "name": "Xã Thử Hai", "level": "xã", "parent_code": "298", "valid_from": "01/01/2024"}],
    "agencies": [{"code": "298.DTTG", "name": "Phòng Dân tộc và Tôn giáo huyện Tứ Kỳ", "parent_code": 298,
                  "kind": "specialised", "abbreviation": "DTTG", "is_focal": False}],
    "users": [{"username": "pham.dttg", "full_name": "Phạm Văn Tôn"}],
    "roles": [{"username": "pham.dttg", "role": "officer", "unit_code": "298.DTTG"}],
}


def state(planflow) -> tuple:
    """Everything an import may touch, to compare before and after."""
    with planflow.unit_of_work() as ctx:
        units = ctx.session.execute(select(Unit.code, Unit.name, Unit.level, Unit.parent_id, Unit.kind,
                                           Unit.abbreviation, Unit.is_focal).order_by(Unit.code)).all()
        users = ctx.session.execute(select(User.username, User.full_name, User.email, User.password_hash)
                                    .order_by(User.username)).all()
        roles = ctx.session.execute(select(RoleAssignment.user_id, RoleAssignment.unit_id, RoleAssignment.role)
                                    .order_by(RoleAssignment.id)).all()
    return tuple(map(tuple, units)), tuple(map(tuple, users)), tuple(map(tuple, roles))


def run(planflow, data: bytes, name: str) -> dict:
    with planflow.unit_of_work() as ctx:
        return import_organisation(ctx, data, name).as_dict()


def refused(planflow, data: bytes, name: str) -> list[str]:
    with pytest.raises(ImportRefused) as caught:
        run(planflow, data, name)
    return [str(r) for r in caught.value.refusals]


def test_a_csv_file_imports_units_agencies_users_and_roles_and_again_changes_nothing(demo3):
    first = run(demo3, CSV, "to-chuc.csv")
    assert (first["created"], first["updated"], first["unchanged"]) == (8, 0, 1)  # Phòng Nội vụ as it was
    assert first["by_type"]["agency"] == {"created": 2, "updated": 0, "unchanged": 1}
    assert first["by_type"]["unit"] == {"created": 1, "updated": 0, "unchanged": 0}
    with demo3.unit_of_work() as ctx:
        agency = ctx.session.scalar(select(Unit).where(Unit.code == "298.KTHT"))
        assert (agency.level, agency.parent.code, agency.kind, agency.abbreviation, agency.is_focal) == (
            "agency", "298", "specialised", "KTHT", False)
        commune = ctx.session.scalar(select(Unit).where(Unit.code == "99901"))
        focal = ctx.session.scalar(select(Unit).where(Unit.parent_id == commune.id, Unit.is_focal.is_(True)))
        assert (commune.level, commune.parent.code) == ("commune", "298")
        assert focal.name == "Văn phòng - Thống kê xã Thử Nghiệm"
        head = get_user(ctx.session, "tran.ktht")
        assert (head.email, head.password_hash, [(a.role, a.unit.code) for a in head.roles]) == (
            "tran.ktht@tuky.gov.vn", None, [("head", "298.KTHT")])
        assert sorted((a.role, a.unit.code) for a in get_user(ctx.session, "le.xa").roles) == [
            ("chair", "99901"), ("officer", "99901.NV")]
        assert authenticate(ctx.session, "tran.ktht", "") is None  # no password until an administrator sets one
    before = state(demo3)
    again = run(demo3, CSV, "to-chuc.csv")
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 9)
    assert state(demo3) == before


def test_a_json_file_imports_the_same_way_and_a_changed_name_is_updated(demo3):
    first = run(demo3, json.dumps(JSON, ensure_ascii=False).encode(), "org.json")
    assert (first["created"], first["updated"], first["unchanged"]) == (4, 0, 0)
    with demo3.unit_of_work() as ctx:
        [role] = get_user(ctx.session, "pham.dttg").roles
        assert role.unit.code == "298.DTTG" and role.acts_for == {role.unit_id}  # acts for its agency only
        assert ctx.session.scalar(select(Unit.level).where(Unit.code == "99902")) == "commune"
    renamed = json.loads(json.dumps(JSON))
    renamed["agencies"][0]["name"] = "Phòng Dân tộc và Tôn giáo"
    renamed["users"][0]["full_name"] = "Phạm Văn Tôn Giáo"
    second = run(demo3, json.dumps(renamed, ensure_ascii=False).encode(), "org.json")
    assert (second["created"], second["updated"], second["unchanged"]) == (0, 2, 2)
    with demo3.unit_of_work() as ctx:
        assert ctx.session.scalar(select(Unit.name).where(Unit.code == "298.DTTG")) == "Phòng Dân tộc và Tôn giáo"


def test_a_comma_separated_file_without_a_bom_and_decomposed_text_is_stored_nfc(demo3):
    data = "type,code,name,parent_code,kind\nagency,298.TTPT,Trung tâm Phát triển quỹ đất,298,service\n"
    decomposed = data.replace("Phát", "Pha\u0301t")
    assert run(demo3, decomposed.encode(), "a.csv")["created"] == 1
    with demo3.unit_of_work() as ctx:
        assert ctx.session.scalar(select(Unit.name).where(Unit.code == "298.TTPT")) == "Trung tâm Phát triển quỹ đất"


BAD = (HEADER + """
unit;99903;Xã Không Cha;commune;77777;;;;;;;;;
unit;99904;Xã Lạ;galaxy;298;;;;;;;;;
agency;298.X1;Phòng Một;;298;;specialised;;;;;;;
agency;298.X1;Phòng Một Lần Nữa;;298;;specialised;;;;;;;
agency;298.X2;Phòng Loại Lạ;;298;;ministry;;;;;;;
agency;298.X3;Phòng\x07Chuông;;298;;specialised;;;;;;;
agency;298.X4;{long};;298;;specialised;;;;;;;
agency;298.X5;Phòng Đầu Mối Thứ Hai;;298;;specialised;;1;;;;;
user;;;;;;;;;Tên Có Dấu;Người Lạ;;;
user;;;;;;;;;tran.moi;Trần Mới;khong-phai-thu;;
role;;;;;;;;;tran.moi;;;emperor;298
role;;;;;;;;;officer.298;;;officer;298.KHONGCO
planet;;;;;;;;;;;;;
unit;99905;;commune;298;;;;;;;;;
unit;99906;Xã Ngày Sai;commune;298;2024-13-45;;;;;;;;
""").replace("{long}", "P" * 201).encode()


def test_every_refused_row_is_named_with_its_reason_and_nothing_is_stored(demo3):
    before = state(demo3)
    reasons = refused(demo3, BAD, "xau.csv")
    expected = {
        2: "Không có đơn vị mã '77777'", 3: "cấp 'galaxy'", 5: "trùng với dòng 4", 6: "Loại cơ quan 'ministry'",
        7: "U+0007", 8: "tối đa 200", 9: "cơ quan đầu mối", 10: "Tên đăng nhập", 11: "thư điện tử",
        12: "vai trò 'emperor'", 13: "298.KHONGCO", 14: "loại dòng 'planet'", 15: "thiếu name", 16: "2024-13-45",
    }
    for line, fragment in expected.items():
        assert any(r.startswith(f"dòng {line}: ") and fragment in r for r in reasons), (line, fragment, reasons)
    assert not any(r.startswith("dòng 4:") for r in reasons)  # the valid first 298.X1 is not refused
    assert state(demo3) == before
    with demo3.unit_of_work() as ctx:
        assert ctx.session.scalar(select(Unit.id).where(Unit.code == "298.X1")) is None


def test_json_refusals_name_their_path(demo3):
    data = {"units": [{"code": "99907", "name": "Xã A", "level": "commune", "parent_code": "298"}, "not a row"],
            "roles": [{"username": "nobody.here", "role": "officer", "unit_code": "298"}],
            "users": [{"username": "ok.user", "full_name": "Được", "extra": "x"}]}
    reasons = refused(demo3, json.dumps(data).encode(), "x.json")
    assert any(r.startswith("units[1]: ") for r in reasons)
    assert any(r.startswith("roles[0]: ") and "nobody.here" in r for r in reasons)
    assert any(r.startswith("users[0]: ") and "extra" in r for r in reasons)
    with demo3.unit_of_work() as ctx:
        assert ctx.session.scalar(select(Unit.id).where(Unit.code == "99907")) is None


@pytest.mark.parametrize(("data", "name", "fragment"), [
    (b"x" * (MAX_BYTES + 1), "big.csv", "tối đa"),
    ("type;code\nunit;1\n".encode("utf-16"), "u16.csv", "UTF-8"),
    (b"{not json", "broken.json", "JSON không hợp lệ"),
    (b'{"planets": []}', "other.json", "khóa"),
    (b"code;name\n1;A\n", "nohead.csv", "thiếu cột 'type'"),
    (b"type;colour\nunit;red\n", "cols.csv", "colour"),
    (b"type;code;name\n", "empty.csv", "không có dòng"),
])
def test_a_file_that_cannot_be_read_is_refused_as_a_whole(demo3, data, name, fragment):
    before = state(demo3)
    reasons = refused(demo3, data, name)
    assert any(fragment in r for r in reasons), reasons
    assert state(demo3) == before


def test_an_existing_unit_is_not_moved_nor_its_focal_agency_changed_by_a_file(demo3):
    data = ("type;code;name;level;parent_code;kind;is_focal\n"
            "unit;298;Huyện Tứ Kỳ;district;31;;\n"
            "agency;298.TP;Phòng Tư pháp huyện Tứ Kỳ;;298;specialised;1\n").encode()
    reasons = refused(demo3, data, "move.csv")
    assert reasons[0].startswith("dòng 2: ") and "chuyển cấp trên" in reasons[0]
    assert reasons[1].startswith("dòng 3: ") and "đầu mối" in reasons[1]
