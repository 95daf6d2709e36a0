"""The organisation from a file in the browser: administrators only; the counts, or every refused row."""

from __future__ import annotations

import io
import re
from pathlib import Path

from sqlalchemy import func, select

from engine.models import Unit, User
from webapp import create_app

EXAMPLE = (Path(__file__).resolve().parents[2] / "docs" / "examples" / "organisation.csv").read_bytes()
BAD = "type;code;name;parent_code;kind\nagency;298.A;Phòng A;298;lạ\nagency;298.B;Phòng B;77777;specialised\n"


def upload(client, data: bytes, name: str = "to-chuc.csv"):
    return client.post("/admin/org/import", data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def counts(planflow) -> tuple[int, int]:
    with planflow.unit_of_work() as ctx:
        return ctx.session.scalar(select(func.count(Unit.id))), ctx.session.scalar(select(func.count(User.id)))


def test_only_an_administrator_imports_or_sees_the_agencies(login_as, demo3):
    officer, before = login_as("officer.298"), counts(demo3)
    assert upload(officer, EXAMPLE).status_code == 403
    assert officer.get("/admin/units/298/agencies").status_code == 403
    assert counts(demo3) == before


def test_an_administrator_imports_a_file_and_sees_the_counts_then_the_agencies(login_as):
    admin = login_as("admin.30")
    index = admin.get("/admin").get_data(as_text=True)
    assert "Nhập tổ chức từ tệp" in index and 'href="/admin/units/298/agencies"' in index
    page = upload(admin, EXAMPLE).get_data(as_text=True)
    assert "7 mới, 0 cập nhật, 11 không đổi" in page
    assert re.search(r"<td>agency</td><td>1</td><td>0</td><td>8</td>", page)
    again = upload(admin, EXAMPLE).get_data(as_text=True)
    assert "0 mới, 0 cập nhật, 18 không đổi" in again
    agencies = admin.get("/admin/units/298/agencies").get_data(as_text=True)
    assert "Phòng Kinh tế và Hạ tầng huyện Tứ Kỳ" in agencies and "KTHT" in agencies
    assert "VHTT&amp;TDTT" in agencies and "đơn vị sự nghiệp" in agencies
    assert "Phòng Nội vụ huyện Tứ Kỳ" in agencies and "✓" in agencies


def test_a_refused_file_lists_every_refused_row_and_stores_nothing(login_as, demo3):
    before = counts(demo3)
    response = upload(login_as("admin.30"), BAD.encode())
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Tệp bị từ chối, không có gì được ghi" in page
    assert "<td>dòng 2</td><td>Loại cơ quan &#39;lạ&#39; không hợp lệ" in page
    assert "<td>dòng 3</td><td>Không có đơn vị mã &#39;77777&#39;" in page
    assert counts(demo3) == before


def test_the_import_page_speaks_english(login_as):
    admin = login_as("admin.30")
    admin.get("/language/en")
    assert "Import the organisation from a file" in admin.get("/admin").get_data(as_text=True)
    page = upload(admin, BAD.encode()).get_data(as_text=True)
    assert "The file is refused and nothing was written" in page
    assert "Agencies of UBND huyện Tứ Kỳ" in admin.get("/admin/units/298/agencies").get_data(as_text=True)


def test_the_upload_needs_its_csrf_token(demo3):
    app = create_app({"TESTING": True, "SECRET_KEY": "test"}, planflow=demo3)
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    client.post("/login", data={"username": "admin.30", "password": "planflow", "csrf_token": token})
    before = counts(demo3)
    assert upload(client, EXAMPLE).status_code == 400
    assert counts(demo3) == before
