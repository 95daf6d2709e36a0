"""What cannot be undone asks first: signing, issuing, deploying, dissolving, terminating.

The buttons carry `data-confirm` (a dialog, webapp/static/forms.js); deploying, dissolving and terminating also need
the box "Tôi hiểu thao tác này không hoàn tác được", which the server checks without any JavaScript.
"""

from __future__ import annotations

from datetime import date, datetime

from lxml import html
from sqlalchemy import select

from engine.core import WORKFLOWS_DIR
from engine.models import ProcessInstance, Unit
from tests.support import APPROVE
from webapp.confirm import task_confirmation

RECEIPT = (WORKFLOWS_DIR / "document_receipt.bpmn").read_bytes()
RENAMED = RECEIPT.replace("Xác nhận đã nhận kế hoạch".encode(), "Xác nhận đã nhận văn bản".encode())
XML = {"Content-Type": "application/xml"}
SIGN, ISSUE = "Phê duyệt, ký kế hoạch", "Vào sổ, ban hành kế hoạch"


def instance_status(planflow, instance_id: int) -> str:
    with planflow.unit_of_work() as ctx:
        return ctx.session.get_one(ProcessInstance, instance_id).status


def valid_to(planflow, code: str) -> date | None:
    with planflow.unit_of_work() as ctx:
        return ctx.session.scalars(select(Unit.valid_to).where(Unit.code == code)).one()


def buttons(page: str) -> dict[str, str | None]:
    """The task form's buttons by label, with what each asks before it acts."""
    form = html.fromstring(page).get_element_by_id("task-form")
    return {b.text_content().strip(): b.get("data-confirm") for b in form.xpath(".//button")}


def test_dissolving_without_the_box_is_refused_and_the_unit_stays(planflow, login_as):
    admin = login_as("admin.30")
    refused = admin.post("/admin/units/11089/dissolve", data={"on": "2024-03-01"})
    text = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "Chưa giải thể: hãy đánh dấu ô «Tôi hiểu thao tác này không hoàn tác được» rồi bấm lại." in text
    assert valid_to(planflow, "11089") is None
    assert admin.post("/admin/units/11089/dissolve", data={"on": "2024-03-01", "confirm": "yes"}).status_code == 302
    assert valid_to(planflow, "11089") == date(2024, 2, 29)


def test_terminating_without_the_box_is_refused_and_the_instance_runs_on(planflow, driver, login_as):
    instance_id = driver.plan(driver.start_plan("298", "officer.298"))["instance_id"]
    admin = login_as("admin.30")
    refused = admin.post(f"/admin/instances/{instance_id}/terminate", data={"reason": "Lập nhầm"})
    assert refused.status_code == 422 and "Chưa chấm dứt hồ sơ: hãy đánh dấu ô" in refused.get_data(as_text=True)
    assert instance_status(planflow, instance_id) == "running"
    admin.post(f"/admin/instances/{instance_id}/suspend", data={"reason": "Kiểm tra"})  # other repairs ask nothing
    assert instance_status(planflow, instance_id) == "suspended"
    done = admin.post(f"/admin/instances/{instance_id}/terminate", data={"reason": "Lập nhầm", "confirm": "yes"})
    assert done.status_code == 302 and instance_status(planflow, instance_id) == "terminated"


def test_deploying_without_the_box_is_refused_and_no_version_is_made(login_as):
    designer = login_as("designer.30")
    refused = designer.post("/designer/deploy", data=RENAMED, headers=XML)
    assert refused.status_code == 422
    assert refused.get_json()["detail"] == ("Chưa triển khai: hãy đánh dấu ô «Tôi hiểu thao tác này không hoàn tác "
                                            "được» rồi bấm lại.")
    assert designer.get("/designer/document_receipt/source").data == RECEIPT
    deployed = designer.post("/designer/deploy?confirm=yes", data=RENAMED, headers=XML)
    assert deployed.status_code == 201 and deployed.get_json()["version"] == 2


def test_the_pages_carry_the_box_and_the_question(driver, login_as):
    admin = login_as("admin.30")
    page = html.fromstring(admin.get("/admin").get_data(as_text=True))
    [form] = page.xpath('//form[@action="/admin/units/11089/dissolve"]')
    assert form.get("data-confirm").startswith("Giải thể UBND xã Ngọc Kỳ từ ngày đã chọn?")
    [box] = form.xpath('.//input[@name="confirm"]')
    assert box.get("type") == "checkbox" and box.get("required") is not None and box.get("data-confirm-box") == ""

    instance_id = driver.plan(driver.start_plan("298", "officer.298"))["instance_id"]
    page = html.fromstring(admin.get(f"/admin/instances/{instance_id}/repair").get_data(as_text=True))
    terminate, suspend = page.get_element_by_id("repair-terminate"), page.get_element_by_id("repair-suspend")
    assert terminate.get("data-confirm").startswith(f"Chấm dứt hồ sơ #{instance_id}?")
    assert terminate.xpath('.//input[@name="confirm"]') and not suspend.xpath('.//input[@name="confirm"]')
    assert suspend.get("data-confirm") is None

    page = html.fromstring(login_as("designer.30").get("/designer/plan_lifecycle").get_data(as_text=True))
    assert page.get_element_by_id("designer-deploy").get("data-confirm").startswith("Triển khai bản vẽ này")
    assert page.get_element_by_id("designer-deploy-confirm").get("name") == "confirm"


def test_signing_and_issuing_ask_first_and_nothing_else_does(app, driver, login_as):
    app.view_functions.pop("tasks.sign_confirm", None)  # an installation without ký số: the buttons post directly
    plan_id, _ = driver.drafted_plan("Kế hoạch dân vận chính quyền năm 2024", "Tóm tắt")
    review = buttons(login_as("head.298").get(f"/tasks/{driver.task('head.298', 'Thẩm định dự thảo kế hoạch')['id']}")
                     .get_data(as_text=True))
    assert review == {"Lưu nháp": None, "Đồng ý": None, "Trả lại": None}
    driver.act("head.298", "Thẩm định dự thảo kế hoạch", APPROVE, plan_id)

    sign = buttons(login_as("chair.298").get(f"/tasks/{driver.task('chair.298', SIGN)['id']}").get_data(as_text=True))
    assert sign["Đồng ý"] == ("Ký và phê duyệt kế hoạch này? Sau khi ký, kế hoạch chuyển văn thư ban hành và không "
                              "sửa được nữa.")
    assert sign["Trả lại"] is None and sign["Lưu nháp"] is None
    driver.act("chair.298", SIGN, APPROVE, plan_id)

    issue = buttons(login_as("clerk.298").get(f"/tasks/{driver.task('clerk.298', ISSUE)['id']}").get_data(as_text=True))
    assert issue["Gửi"].startswith("Vào sổ, cấp số và ban hành kế hoạch này?")


def test_a_reports_signing_and_sending_ask_first_in_the_language_chosen(app, driver, login_as, clock):
    app.view_functions.pop("tasks.sign_confirm", None)  # without ký số, as above
    driver.issue(driver.start_plan("298", "officer.298"), "298")
    clock.fixed = datetime(2024, 5, 15, 9)
    driver.run_due()
    driver.send_report("11089", until="Phê duyệt, ký báo cáo")
    chair = login_as("chair.11089")
    chair.get("/language/en")
    sign = buttons(chair.get(f"/tasks/{driver.task('chair.11089', 'Phê duyệt, ký báo cáo')['id']}")
                   .get_data(as_text=True))
    assert [text for text in sign.values() if text] == [
        "Sign and approve this report? Once signed it goes to the clerk to be registered and sent, and can no longer "
        "be changed."]
    driver.act("chair.11089", "Phê duyệt, ký báo cáo", APPROVE)
    send = buttons(login_as("clerk.11089").get(f"/tasks/{driver.task('clerk.11089', 'Vào sổ, gửi báo cáo')['id']}")
                   .get_data(as_text=True))
    assert send["Gửi"] == "Vào sổ và gửi báo cáo này đến UBND huyện Tứ Kỳ? Sau khi gửi không thu hồi được."


def test_a_button_leading_to_the_digital_signing_confirmation_asks_nothing_more(app):
    """That page (webapp/signing.py) shows what will be signed and asks for the key: it is the confirmation."""
    page = {"plan_id": 1, "plan_status": "awaiting_signature", "obligation": None}
    with app.test_request_context():
        assert task_confirmation(page, "approve").startswith("Ký và phê duyệt kế hoạch này?")
        assert task_confirmation(page, "approve", "/tasks/t-1/sign") is None
        assert task_confirmation(page, "return") is None
