"""Ký số in the browser and the API: the confirmation shows what is signed and with which certificate, asks for the
key's secret, and never shows the secret again."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from engine.models import Plan
from tests.signatures.fixtures import signing, signing_folder, signing_world  # noqa: F401 - fixtures
from tests.support import APPROVE, Driver
from webapp import create_app

SIGN, ISSUE, REVIEW = "Phê duyệt, ký kế hoạch", "Vào sổ, ban hành kế hoạch", "Thẩm định dự thảo kế hoạch"
TITLE = "Kế hoạch công tác dân vận chính quyền năm 2024"
WRONG = "sai-mat-khau-9x7"


@pytest.fixture
def app(signing, tmp_path):  # noqa: F811 - the fixture imported above
    return create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "SECRET_KEY": "test",
                       "FILES_DIR": str(tmp_path / "files")}, planflow=signing.planflow)


@pytest.fixture
def driver(signing) -> Driver:  # noqa: F811
    return Driver(signing.planflow)


@pytest.fixture
def login_as(app):
    def sign_in(username: str):
        client = app.test_client()
        assert client.post("/login", data={"username": username, "password": "planflow"}).status_code == 302
        return client
    return sign_in


@pytest.fixture
def plan_id(driver) -> int:
    """A plan of Tứ Kỳ (which signs digitally), reviewed: awaiting its signer."""
    plan_id = driver.start_plan("298", "officer.298")
    driver.act("officer.298", "Soạn thảo dự thảo kế hoạch", {"title": TITLE, "summary": "Nội dung"}, plan_id)
    driver.act("head.298", REVIEW, APPROVE, plan_id)
    return plan_id


def status(driver: Driver, plan_id: int) -> str:
    return driver.plan(plan_id)["status"]


def test_the_chair_sees_the_document_as_it_will_be_signed_their_certificate_and_a_secret_field(
        login_as, driver, plan_id):
    task = driver.task("chair.298", SIGN, plan_id)

    page = login_as("chair.298").get(f"/tasks/{task['id']}/sign").get_data(as_text=True)

    chair = driver.planflow
    with chair.unit_of_work() as ctx:
        name = ctx.session.scalar(select(Plan).where(Plan.id == plan_id)).unit.committee_name
    assert "Công tác dân vận chính quyền năm 2024" in page and "CHỦ TỊCH" in page
    assert "planflow demo CA" in page and 'type="password"' in page and name in page
    assert "Ký số</button>" in page and "Quay lại" in page


def test_the_task_pages_approval_opens_the_confirmation_keeping_the_typed_comment(login_as, driver, plan_id):
    task = driver.task("chair.298", SIGN, plan_id)

    response = login_as("chair.298").post(f"/tasks/{task['id']}/sign", data={"comment": "Đồng ý ban hành"})

    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'type="password"' in page
    assert "Đồng ý ban hành" in page and "Hãy nhập mật khẩu" not in page
    assert status(driver, plan_id) == "awaiting_signature"


def test_a_wrong_secret_is_refused_never_shown_again_and_nothing_is_signed(login_as, driver, plan_id):
    task = driver.task("chair.298", SIGN, plan_id)

    response = login_as("chair.298").post(f"/tasks/{task['id']}/sign", data={"signing_secret": WRONG})

    assert response.status_code == 422
    assert "mật khẩu không đúng" in response.get_data(as_text=True)
    assert WRONG not in response.get_data(as_text=True)
    assert status(driver, plan_id) == "awaiting_signature"


def test_the_right_secret_signs_and_the_clerk_then_issues_with_the_bodys(signing, login_as, driver, plan_id):  # noqa: F811
    task = driver.task("chair.298", SIGN, plan_id)

    response = login_as("chair.298").post(f"/tasks/{task['id']}/sign", data={"signing_secret": "planflow"})

    assert response.status_code == 302 and status(driver, plan_id) == "approved"
    clerk = login_as("clerk.298")
    issue = driver.task("clerk.298", ISSUE, plan_id)
    page = clerk.get(f"/tasks/{issue['id']}/sign").get_data(as_text=True)
    assert "Mã PIN khóa ký số của cơ quan" in page and "Bản đã được người có thẩm quyền ký số" in page
    assert clerk.post(f"/tasks/{issue['id']}/sign", data={"signing_secret": "planflow"}).status_code == 302
    assert status(driver, plan_id) == "issued"
    assert signing.check(signing.copy("plan", plan_id, "issued"))[0] == "valid"


def test_a_task_that_does_not_sign_has_no_confirmation(login_as, driver, plan_id):
    other = driver.start_plan("298", "officer.298")
    task = driver.task("officer.298", "Soạn thảo dự thảo kế hoạch", other)

    assert login_as("officer.298").get(f"/tasks/{task['id']}/sign").status_code == 404


def test_a_signer_without_a_certificate_is_told_why_and_offered_no_secret_field(signing, login_as, driver, plan_id):  # noqa: F811
    signing.retire_key("vice_chair.298")
    task = driver.task("vice_chair.298", SIGN, plan_id)

    page = login_as("vice_chair.298").get(f"/tasks/{task['id']}/sign").get_data(as_text=True)

    assert "Bạn chưa có chứng thư số" in page and 'type="password"' not in page


def test_the_task_page_knows_the_approval_signs_digitally(app, driver, plan_id):
    task = driver.task("chair.298", SIGN, plan_id)
    with app.test_request_context():
        needs = app.jinja_env.globals["needs_digital_signature"]
        assert needs(task) is True
        assert needs(driver.task("officer.298", "Soạn thảo dự thảo kế hoạch", driver.start_plan("298",
                                                                                            "officer.298"))) is False


def test_the_api_signs_with_the_secret_in_the_body_and_never_echoes_it(app, driver, plan_id):
    client = app.test_client()
    token = client.post("/api/v1/tokens", json={"username": "chair.298", "password": "planflow"}).get_json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    task = driver.task("chair.298", SIGN, plan_id)

    refused = client.post(f"/api/v1/tasks/{task['id']}/complete", headers=headers,
                          json={"decision": "approve", "signing_secret": WRONG})
    assert refused.status_code == 422 and WRONG not in refused.get_data(as_text=True)
    done = client.post(f"/api/v1/tasks/{task['id']}/complete", headers=headers,
                       json={"decision": "approve", "signing_secret": "planflow"})

    assert done.status_code == 200 and "planflow" not in str(done.get_json().values())
    assert status(driver, plan_id) == "approved"


def test_the_administrator_sees_a_signers_certificate_and_their_bodys(login_as, driver):
    page = login_as("admin.30").get("/admin/users/chair.298").get_data(as_text=True)

    with driver.planflow.unit_of_work() as ctx:
        from engine.org.units import get_user

        chair = get_user(ctx.session, "chair.298").full_name
    assert "Chứng thư số" in page and chair in page and "planflow demo CA" in page
    assert "Ủy ban nhân dân huyện Tứ Kỳ" in page  # the committee's key, where the chair holds their role


def test_the_plans_pdf_is_the_signed_copy_once_signed(signing, login_as, driver, plan_id):  # noqa: F811
    chair = login_as("chair.298")
    chair.post(f"/tasks/{driver.task('chair.298', SIGN, plan_id)['id']}/sign", data={"signing_secret": "planflow"})

    pdf = chair.get(f"/plans/{plan_id}/document.pdf").get_data()

    assert pdf == signing.copy("plan", plan_id, "signed")
