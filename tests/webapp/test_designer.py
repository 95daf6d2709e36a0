"""The process designer in the browser: designers only; the modeler page, drafts, deploying, versions."""

from __future__ import annotations

import json
import re
from datetime import date

from lxml import html

from engine.core import WORKFLOWS_DIR
from webapp import create_app

RECEIPT = (WORKFLOWS_DIR / "document_receipt.bpmn").read_bytes()
RENAMED = RECEIPT.replace("Xác nhận đã nhận kế hoạch".encode(), "Xác nhận đã nhận văn bản".encode())
XML = {"Content-Type": "application/xml"}
DEPLOY = "/designer/deploy?confirm=yes"  # the page's box "Tôi hiểu thao tác này không hoàn tác được", ticked


def _modeler(page: str) -> dict[str, str]:
    """The data attributes of the modeler's element, as the JavaScript reads them."""
    element = html.fromstring(page).get_element_by_id("designer")
    return {name.removeprefix("data-"): value for name, value in element.attrib.items() if name.startswith("data-")}


def test_only_designers_open_the_designer_and_see_it_in_the_menu(login_as):
    officer = login_as("officer.298")
    assert officer.get("/designer").status_code == 403
    assert officer.get("/designer/plan_lifecycle/source").status_code == 403
    assert "Thiết kế quy trình" not in officer.get("/").get_data(as_text=True)
    refused = officer.post("/designer/deploy", data=RENAMED, headers=XML)
    assert refused.status_code == 403 and "Người thiết kế quy trình" in refused.get_json()["detail"]
    assert officer.post("/designer/drafts", data=RENAMED, headers=XML).status_code == 403
    assert 'href="/designer"' in login_as("designer.30").get("/").get_data(as_text=True)


def test_the_list_shows_every_deployed_definition_with_its_version_and_running_instances(driver, login_as):
    driver.start_plan("298", "officer.298", due=date(2024, 4, 30))
    page = html.fromstring(login_as("designer.30").get("/designer").get_data(as_text=True))
    rows = {row.get("data-main-id"): [cell.text_content().strip() for cell in row.xpath("td")]
            for row in page.xpath('//table[@id="definitions"]/tbody/tr')}
    assert list(rows)[-1] == "xep_loai_dan_van"
    name, main_id, kind, version, deployed, running = rows["plan_lifecycle"][:6]
    assert (name, main_id, kind, version, running) == (
        "Xây dựng và ban hành kế hoạch", "plan_lifecycle", "Quy trình", "v1", "1")
    assert deployed == "system, 08:00 01/03/2024" and rows["report_lifecycle"][5] == "0"
    buttons = page.text_content()
    assert "Tạo quy trình mới" in buttons and "Tạo bảng quyết định mới" in buttons


def test_the_modeler_page_carries_what_the_modeler_needs(login_as):
    page = login_as("designer.30").get("/designer/plan_lifecycle").get_data(as_text=True)
    modeler = _modeler(page)
    assert (modeler["kind"], modeler["main-id"]) == ("bpmn", "plan_lifecycle")
    assert modeler["source-url"] == "/designer/plan_lifecycle/source"
    assert (modeler["deploy-url"], modeler["draft-url"]) == ("/designer/deploy", "/designer/drafts")
    roles = json.loads(modeler["roles"])
    assert {"Chuyên viên", "Lãnh đạo UBND", "Chuyên viên (nơi nhận)"} <= set(roles)
    assert "Quản trị hệ thống" not in roles
    operations = json.loads(modeler["operations"])
    assert "acknowledge_receipt" in operations and operations == sorted(operations)
    assert json.loads(modeler["plan-statuses"])[:2] == ["received", "drafting"]
    for element in ("designer-deploy", "designer-save-draft", "designer-download", "designer-open-file",
                    "designer-status", "designer-problems", "designer-canvas", "designer-properties"):
        assert f'id="{element}"' in page
    assert "vendor/designer/designer.js" in page


def test_a_new_decision_table_opens_an_empty_modeler(login_as):
    designer = login_as("designer.30")
    modeler = _modeler(designer.get("/designer/new?kind=dmn").get_data(as_text=True))
    assert (modeler["kind"], modeler["main-id"], modeler["source-url"]) == ("dmn", "", "")
    assert designer.get("/designer/new?kind=svg").status_code == 422
    assert designer.get("/designer/khong_co").status_code == 404


def test_the_source_is_the_deployed_file_exactly(login_as):
    response = login_as("designer.30").get("/designer/document_receipt/source")
    assert response.data == RECEIPT
    assert response.mimetype == "application/xml"
    assert response.headers["Content-Disposition"] == "attachment; filename=document_receipt.bpmn"
    designer = login_as("designer.30")
    assert designer.get("/designer/document_receipt/source?version=1").data == RECEIPT
    assert designer.get("/designer/document_receipt/source?version=2").status_code == 404
    assert designer.get("/designer/document_receipt/source?version=x").status_code == 422


def test_a_saved_draft_reopens_in_the_modeler_with_a_way_back_to_the_deployed_version(login_as):
    designer = login_as("designer.30")
    saved = designer.post("/designer/drafts", data=RENAMED, headers=XML)
    assert saved.status_code == 200
    assert saved.get_json() | {"saved_at": None} == {
        "main_id": "document_receipt", "saved_at": None, "url": "/designer/document_receipt"}
    page = designer.get("/designer/document_receipt").get_data(as_text=True)
    assert _modeler(page)["source-url"] == "/designer/document_receipt/source?draft=1"
    assert "Đang mở bản nháp do designer.30" in page and 'href="/designer/document_receipt?version=1"' in page
    assert designer.get("/designer/document_receipt/source?draft=1").data == RENAMED
    assert _modeler(designer.get("/designer/document_receipt?version=1").get_data(as_text=True))["source-url"] \
        == "/designer/document_receipt/source?version=1"
    assert "Có bản nháp" in designer.get("/designer").get_data(as_text=True)


def test_deploying_answers_the_new_version_and_the_same_file_again_changes_nothing(login_as):
    designer = login_as("designer.30")
    deployed = designer.post(DEPLOY, data=RENAMED, headers=XML)
    assert deployed.status_code == 201
    assert deployed.get_json() == {"main_id": "document_receipt", "version": 2, "kind": "bpmn", "unchanged": False,
                                   "versions_url": "/designer/document_receipt/versions"}
    again = designer.post(DEPLOY, data=RENAMED, headers=XML).get_json()
    assert (again["version"], again["unchanged"]) == (2, True)
    assert designer.get("/designer/document_receipt/source").data == RENAMED


def test_an_invalid_file_gets_every_problem_with_its_element_and_nothing_is_stored(login_as):
    designer = login_as("designer.30")
    broken = RENAMED.replace("Văn thư, Trưởng phòng".encode(), "Ai đó".encode()) \
        .replace(b'id="acknowledge_receipt"', b'id="no_such_operation"')
    refused = designer.post(DEPLOY, data=broken, headers=XML)
    assert refused.status_code == 422
    body = refused.get_json()
    assert body["detail"] == "Tệp quy trình không hợp lệ (2 lỗi); chưa có gì được lưu."
    assert {p["element_id"] for p in body["problems"]} == {"Lane_receipt_clerk", "record_receipt"}
    assert designer.get("/designer/document_receipt/source").data == RECEIPT
    not_xml = designer.post("/designer/drafts", data=b"<?xml version='1.0'?><html/>", headers=XML)
    assert not_xml.status_code == 422 and "Không phải tệp BPMN hoặc DMN" in not_xml.get_json()["problems"][0]["message"]


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(login_as):
    refused = login_as("designer.30").post("/designer/drafts", data=b" " * (5 * 1024 * 1024 + 1), headers=XML)
    assert refused.status_code == 413 and "lớn quá 5 MB" in refused.get_json()["detail"]


def test_versions_show_who_deployed_what_and_the_difference(driver, login_as):
    driver.start_plan("298", "officer.298", due=date(2024, 4, 30))
    designer = login_as("designer.30")
    plan = (WORKFLOWS_DIR / "plan_lifecycle.bpmn").read_bytes()
    designer.post(DEPLOY, data=plan.replace("Xây dựng và ban hành".encode(), "Lập".encode()), headers=XML)
    page = designer.get("/designer/plan_lifecycle/versions").get_data(as_text=True)
    assert page.index("Phiên bản 2") < page.index("Phiên bản 1") and "Phiên bản đầu tiên." in page
    assert "Triển khai bởi designer.30" in page and "Thay đổi" in page and "Lập kế hoạch" in page
    assert 'href="/designer/plan_lifecycle/migrate?to=2"' in page
    assert 'href="/designer/plan_lifecycle?version=1"' in page
    assert 'href="/designer/plan_lifecycle/source?version=1"' in page
    receipt = designer.get("/designer/document_receipt/versions").get_data(as_text=True)
    assert "/migrate" not in receipt


def test_the_modeler_posts_with_the_pages_csrf_token_in_a_header(demo3):
    client = create_app({"TESTING": True, "SECRET_KEY": "test"}, planflow=demo3).test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").get_data(as_text=True)).group(1)
    client.post("/login", data={"username": "designer.30", "password": "planflow", "csrf_token": token})
    page = client.get("/designer/document_receipt").get_data(as_text=True)
    token = re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)
    refused = client.post("/designer/deploy", data=RENAMED, headers=XML)
    assert refused.status_code == 400 and "tải lại trang" in refused.get_json()["detail"]
    deployed = client.post(DEPLOY, data=RENAMED, headers={**XML, "X-CSRFToken": token})
    assert deployed.status_code == 201 and deployed.get_json()["version"] == 2


def test_the_designer_speaks_english_on_request(login_as):
    designer = login_as("designer.30")
    designer.get("/language/en")
    page = designer.get("/designer").get_data(as_text=True)
    assert "Process designer" in page and "New decision table" in page
