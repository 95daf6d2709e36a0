"""HTTP hardening: a content policy on every response, user files that never run as pages of the site, and numbers
in routes, queries and forms read strictly (ASCII digits, 1..2**31-1) so that odd digits never become a 500."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from engine.core import WORKFLOWS_DIR
from engine.models import Comment, Notification
from engine.notify.notices import notify_users
from engine.org.units import get_user
from webapp import create_app
from webapp.pages import strict_int

XML = {"Content-Type": "application/xml"}
RECEIPT = (WORKFLOWS_DIR / "document_receipt.bpmn").read_bytes()
# An XHTML script inside a documentation element: a browser rendering the XML would run it in our origin.
SCRIPTED = RECEIPT.replace(b"</bpmn:process>", b'<bpmn:documentation><html:script xmlns:html="http://www.w3.org/1999/'
                           b'xhtml">alert(document.cookie)</html:script></bpmn:documentation></bpmn:process>', 1)
PDF_WITH_HTML = b"%PDF-1.7\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF\n"
ODD_DIGITS = ["²", "٣", "፩", "１", "0", "-1", "+1", "1_0", " 1", "1e3", "99999999999", "2147483648", "9" * 5000]
TEMPLATES = Path(__file__).resolve().parents[2] / "webapp" / "templates"


@pytest.fixture
def app(demo3, tmp_path):
    return create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "SECRET_KEY": "test",
                       "FILES_DIR": str(tmp_path / "files")}, planflow=demo3)


def _policy(response) -> dict[str, str]:
    return {part.split()[0]: part.strip() for part in response.headers["Content-Security-Policy"].split(";")}


def _assert_sandboxed_download(response) -> None:
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    policy = _policy(response)
    assert "sandbox" in policy and "allow-scripts" not in policy["sandbox"]
    assert policy["default-src"] == "default-src 'none'"


def _count(planflow, model) -> int:
    with planflow.sessions() as db:
        return db.scalar(select(func.count()).select_from(model))


# --- headers on every response --------------------------------------------------------------------------------


def test_every_kind_of_response_carries_the_sites_content_policy_and_no_server_banner(client, login_as):
    officer = login_as("officer.298")
    responses = [client.get("/login"), client.get("/"), officer.get("/"), officer.get("/plans"),
                 officer.get("/no-such-page"), officer.get("/static/app.js"), client.get("/api/v1/openapi.json"),
                 client.get("/api/v1/plans")]
    for response in responses:
        assert response.status_code < 500
        policy = _policy(response)
        assert policy["default-src"] == "default-src 'self'"
        assert policy["script-src"] == "script-src 'self'"  # no inline script, no eval
        assert policy["object-src"] == "object-src 'none'" and policy["frame-ancestors"] == "frame-ancestors 'none'"
        assert policy["base-uri"] == "base-uri 'self'" and policy["form-action"] == "form-action 'self'"
        assert "unsafe-eval" not in response.headers["Content-Security-Policy"]
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert "Server" not in response.headers
        response.close()  # the static file's handle


def test_the_templates_have_no_inline_script_event_handler_or_javascript_url():
    """The policy forbids them; a template that used one would silently stop working."""
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), template.name
        assert not re.search(r"\son[a-z]+\s*=", text), template.name
        assert "javascript:" not in text and "hx-on" not in text and "js:" not in text, template.name


def test_session_cookies_are_secure_when_the_setting_says_so(demo3, monkeypatch):
    monkeypatch.setenv("PLANFLOW_SESSION_COOKIE_SECURE", "true")
    app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "SECRET_KEY": "test"}, planflow=demo3)
    assert app.config["SESSION_COOKIE_SECURE"] is True and app.config["REMEMBER_COOKIE_SECURE"] is True
    signed_in = app.test_client().post("/login", data={"username": "officer.298", "password": "planflow"},
                                       base_url="https://planflow.example")
    cookie = signed_in.headers["Set-Cookie"]
    assert signed_in.status_code == 302 and "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_session_cookies_stay_usable_over_plain_http_by_default(client):
    signed_in = client.post("/login", data={"username": "officer.298", "password": "planflow"})
    assert signed_in.status_code == 302 and "Secure" not in signed_in.headers["Set-Cookie"]


# --- user-supplied files ---------------------------------------------------------------------------------------


def test_a_draft_with_a_script_in_its_documentation_downloads_sandboxed_and_the_modeler_still_reads_it(login_as):
    designer = login_as("designer.30")
    assert designer.post("/designer/drafts", data=SCRIPTED, headers=XML).status_code == 200
    draft = designer.get("/designer/document_receipt/source?draft=1")
    assert draft.status_code == 200 and draft.data == SCRIPTED and draft.mimetype == "application/xml"
    _assert_sandboxed_download(draft)
    deployed = designer.get("/designer/document_receipt/source?version=1")
    assert deployed.data == RECEIPT and deployed.mimetype == "application/xml"
    _assert_sandboxed_download(deployed)
    assert "filename=document_receipt.bpmn" in deployed.headers["Content-Disposition"]


def test_an_instances_source_downloads_sandboxed_and_stays_readable_xml(driver, login_as):
    plan_id = driver.start_plan("298", "officer.298")
    instance_id = driver.plan(plan_id)["instance_id"]
    source = login_as("officer.298").get(f"/instances/{instance_id}/source")
    assert source.status_code == 200 and source.mimetype == "application/xml"
    assert b'<bpmn:process id="plan_lifecycle"' in source.data
    _assert_sandboxed_download(source)
    assert f"instance-{instance_id}.xml" in source.headers["Content-Disposition"]


def test_an_attached_file_with_html_inside_downloads_sandboxed_on_the_page_and_the_api(login_as, driver, client):
    plan_id = driver.start_plan("298", "officer.298")
    officer = login_as("officer.298")
    officer.post(f"/discussion/plan/{plan_id}/files", data={"file": (io.BytesIO(PDF_WITH_HTML), "x.html.pdf")},
                 content_type="multipart/form-data")
    response = officer.get("/files/1")
    assert response.status_code == 200 and response.data == PDF_WITH_HTML and response.mimetype == "application/pdf"
    _assert_sandboxed_download(response)
    token = client.post("/api/v1/tokens", json={"username": "officer.298", "password": "planflow"}).get_json()
    api = client.get("/api/v1/files/1", headers={"Authorization": f"Bearer {token['token']}"})
    assert api.status_code == 200 and api.data == PDF_WITH_HTML
    _assert_sandboxed_download(api)


def test_generated_documents_download_sandboxed(login_as, driver):
    plan_id = driver.start_plan("298", "officer.298")
    response = login_as("officer.298").get(f"/plans/{plan_id}/document.docx")
    assert response.status_code == 200
    _assert_sandboxed_download(response)


# --- numbers read strictly -------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ODD_DIGITS + ["", "abc", "1.0"])
def test_the_one_number_parser_takes_only_ascii_digits_within_the_databases_range(text):
    assert strict_int(text) is None


def test_the_number_parser_reads_plain_numbers_up_to_the_databases_largest_integer():
    assert (strict_int("1"), strict_int("0042"), strict_int(str(2**31 - 1))) == (1, 42, 2**31 - 1)


@pytest.mark.parametrize("number", ODD_DIGITS)
def test_an_odd_number_in_a_route_is_not_found_and_never_a_server_error(login_as, driver, number):
    driver.start_plan("298", "officer.298")
    officer, designer = login_as("officer.298"), login_as("designer.30")
    for client, path in ((officer, "/plans/{}"), (officer, "/plans/{}/document"), (officer, "/reports/{}"),
                         (officer, "/files/{}"), (designer, "/instances/{}/source"), (officer, "/instances/{}")):
        response = client.get(path.format(number))
        assert response.status_code == 404, (path, number, response.status_code)


def test_an_arabic_indic_digit_does_not_open_the_plan_its_ascii_twin_opens(login_as, driver):
    plan_id = driver.start_plan("298", "officer.298")
    officer = login_as("officer.298")
    assert officer.get(f"/plans/{plan_id}").status_code == 200
    twin = "".join(chr(0x0660 + int(d)) for d in str(plan_id))
    assert officer.get(f"/plans/{twin}").status_code == 404


@pytest.mark.parametrize("number", ["²", "٣", "፩", "0", "-1", "99999999999", "2147483648", "9" * 5000])
def test_an_odd_page_or_year_in_the_plan_list_is_refused_with_a_message(login_as, number):
    officer = login_as("officer.298")
    for query in ("page", "year"):
        response = officer.get("/plans", query_string={query: number})
        text = response.get_data(as_text=True)
        assert response.status_code == 422 and "phải là số nguyên dương từ 1 đến 2147483647" in text, (query, number)


def test_the_plan_list_still_reads_its_own_page_and_year_links(login_as):
    officer = login_as("officer.298")
    assert officer.get("/plans", query_string={"page": "2", "year": "2024"}).status_code == 200
    assert officer.get("/plans", query_string={"page": "", "year": ""}).status_code == 200


@pytest.mark.parametrize("number", ["²", "٣", "99999999999", "9" * 5000])
def test_an_odd_page_of_notifications_is_refused_and_marks_nothing_read(login_as, planflow, number):
    with planflow.unit_of_work() as ctx:
        notify_users(ctx, [get_user(ctx.session, "officer.298")], "reminder", "Nhắc việc thử", "/")
    with planflow.sessions() as db:
        notice_id = db.scalar(select(Notification.id))
    officer = login_as("officer.298")
    assert officer.get("/notifications", query_string={"page": number}).status_code == 422
    refused = officer.post(f"/notifications/{notice_id}/read", data={"page": number})
    assert refused.status_code == 422 and "Trang" in refused.get_data(as_text=True)
    with planflow.sessions() as db:
        assert db.get(Notification, notice_id).read_at is None
    assert officer.get("/notifications", query_string={"page": "1"}).status_code == 200


@pytest.mark.parametrize("number", ["²", "٣", "0", "99999999999", "9" * 5000])
def test_an_odd_version_in_the_designer_or_the_migration_is_refused_with_a_message(login_as, number):
    designer = login_as("designer.30")
    for path, query in (("/designer/plan_lifecycle/source", "version"), ("/designer/plan_lifecycle", "version"),
                        ("/designer/plan_lifecycle/migrate", "to")):
        response = designer.get(path, query_string={query: number})
        assert response.status_code == 422 and "số nguyên dương" in response.get_data(as_text=True), (path, number)


@pytest.mark.parametrize("number", ["²", "٣", "፩", "0", "99999999999", "9" * 5000])
def test_a_comment_or_file_under_an_odd_plan_or_report_number_is_not_found_and_stores_nothing(
        login_as, planflow, driver, number):
    driver.start_plan("298", "officer.298")
    officer = login_as("officer.298")
    before = _count(planflow, Comment)
    for subject in ("plan", "report"):
        comment = officer.post(f"/discussion/{subject}/{number}/comments", data={"text": "Bình luận thử"})
        assert comment.status_code == 404, (subject, number)
        upload = officer.post(f"/discussion/{subject}/{number}/files", content_type="multipart/form-data",
                              data={"file": (io.BytesIO(b"%PDF-1.7\n%%EOF\n"), "a.pdf")})
        assert upload.status_code == 404, (subject, number)
    assert _count(planflow, Comment) == before
    assert officer.get("/files/1").status_code == 404


@pytest.mark.parametrize("year", ["٢٠٢٤", "²⁰²⁴", "+2024", "2_024", "99999999999", "9" * 5000])
def test_an_odd_year_on_the_report_pages_is_refused_with_the_pages_own_message(login_as, year):
    head = login_as("head.298")
    for path, query in (("/reports", {}), ("/reports/dashboard", {"unit": "298", "kind": "six_month"})):
        response = head.get(path, query_string=query | {"year": year})
        assert response.status_code == 422 and "Năm phải" in response.get_data(as_text=True), (path, year)
