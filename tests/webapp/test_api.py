"""The JSON API: tokens, tasks, plans and compliance over HTTP, within each user's scope, errors as JSON problems."""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta

import pytest
from itsdangerous import TimestampSigner
from werkzeug.security import generate_password_hash

from engine.clock import VIETNAM
from engine.models import PlanStatus
from engine.org.units import get_user

API = "/api/v1"
DRAFT = "Soạn thảo dự thảo kế hoạch"
RECEIVE = "Tiếp nhận kế hoạch cấp trên"
ODD_BODIES = [  # raw request bodies: not objects, not JSON, numbers no database holds, junk nested deep
    "[]", '"chuỗi"', "12", "null", "true", "{", "1e999", '{"x": NaN}', '{"x": Infinity}', "9" * 5000,
    "[" * 10_000 + "]" * 10_000, '{"a": ' * 100 + "1" + "}" * 100, '{"title": {"a": [[[{}]]]}}',
    '{"unit": ["298"], "title": 1}', '{"unit": "298", "due": 99999999999999999999999}',
    '{"unit": "298", "due": "9999-12-31"}', '{"unit": "298", "due": "0001-01-01"}', '{"unit": "29\\u00008"}',
    '{"username": null, "password": {}}', '{"username": "officer.298", "password": "' + "x" * 10_000 + '"}',
    '{"title": ' + "1" * 300 + "}", '{"title": "Kế hoạch hợp lệ", "reporting": "junk"}',
    '{"title": "Kế hoạch hợp lệ", "reporting": [{"kind": "six_month", "due": "lúc nào đó"}]}',
    '{"title": "Kế hoạch hợp lệ", "reporting": [{"kind": "six_month", "due": "trước ngày 99/99",'
    ' "open_days": 1e308}]}', '{"\\u0000": "\\ud800"}', '{"unit": "298", "title": "Kế hoạch \\ud800 năm 2024"}',
    '{"username": "officer.298\\udfff", "password": "planflow"}', '{"title": "Kế hoạch \\u0000 năm 2024"}',
    b"\xff\xfe\x00{".decode("latin-1"),
]


@pytest.fixture
def district_plan(driver) -> int:
    """The Tứ Kỳ district plan, issued: each commune receives it and owes the district its reports."""
    plan_id = driver.start_plan("298", "officer.298")
    driver.issue(plan_id, "298")
    return plan_id


def assert_problem(response, status: int, *words: str) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.headers["Content-Type"] == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status and all(word in body["detail"] for word in words), body
    return body


# --- tokens ---------------------------------------------------------------------------------------


def test_a_password_gives_a_token_for_twelve_hours_that_opens_the_api(client):
    before = datetime.now(VIETNAM)
    response = client.post(f"{API}/tokens", json={"username": "officer.298", "password": "planflow"})
    assert response.status_code == 201
    body = response.get_json()
    expires = datetime.fromisoformat(body["expires_at"])
    assert timedelta(hours=11, minutes=59) < expires - before <= timedelta(hours=12, seconds=2)
    tasks = client.get(f"{API}/tasks", headers={"Authorization": f"Bearer {body['token']}"})
    assert tasks.status_code == 200 and tasks.get_json() == {"tasks": []}


def test_a_wrong_password_or_a_missing_token_is_refused_with_a_vietnamese_problem(client):
    wrong = client.post(f"{API}/tokens", json={"username": "officer.298", "password": "sai"})
    assert_problem(wrong, 401, "Tên đăng nhập hoặc mật khẩu không đúng")
    missing = client.get(f"{API}/tasks")
    assert_problem(missing, 401, "Authorization: Bearer")
    assert missing.headers["WWW-Authenticate"].startswith("Bearer")
    assert_problem(client.get(f"{API}/tasks", headers={"Authorization": "Basic b2ZmaWNlcjpwbGFuZmxvdw=="}), 401)


def test_an_expired_or_tampered_token_is_refused(client, token_for, monkeypatch):
    headers = token_for("officer.298")
    tampered = headers["Authorization"][:-2] + ("AA" if not headers["Authorization"].endswith("AA") else "BB")
    assert_problem(client.get(f"{API}/tasks", headers={"Authorization": tampered}), 401, "không hợp lệ")
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: int(time.time()) + 12 * 3600 + 5)
    assert_problem(client.get(f"{API}/tasks", headers=headers), 401, "hết hạn")


def test_a_password_change_ends_the_tokens_issued_before_it(client, token_for, demo3):
    headers = token_for("officer.298")
    with demo3.unit_of_work() as ctx:
        get_user(ctx.session, "officer.298").password_hash = generate_password_hash("mật khẩu mới")
    assert_problem(client.get(f"{API}/tasks", headers=headers), 401, "mật khẩu đã đổi")


# --- tasks ----------------------------------------------------------------------------------------


def test_my_tasks_list_the_draft_and_a_task_comes_with_its_form(client, token_for, driver):
    plan_id = driver.start_plan("298", "officer.298")
    headers = token_for("officer.298")
    tasks = client.get(f"{API}/tasks", headers=headers).get_json()["tasks"]
    assert [(t["name"], t["plan_id"], t["unit"]) for t in tasks] == [(DRAFT, plan_id, "298")]
    assert "form" not in tasks[0]
    task = client.get(f"{API}/tasks/{tasks[0]['id']}", headers=headers).get_json()
    assert task["name"] == DRAFT and task["form"]["required"] == ["title"]
    assert task["form"]["properties"]["title"]["title"] == "Trích yếu"
    assert_problem(client.get(f"{API}/tasks/{tasks[0]['id']}", headers=token_for("head.298")), 404)


def test_invalid_form_data_is_refused_field_by_field_and_nothing_changes(client, token_for, driver):
    plan_id = driver.start_plan("298", "officer.298")
    task_id = driver.task("officer.298", DRAFT)["id"]
    response = client.post(f"{API}/tasks/{task_id}/complete", headers=token_for("officer.298"),
                           json={"title": "KH", "decision": "approve"})
    body = assert_problem(response, 422, "Biểu mẫu chưa hợp lệ")
    assert body["errors"] == {"title": "'Trích yếu' cần ít nhất 5 ký tự",
                              "decision": "trường 'decision' không có trong biểu mẫu"}
    assert driver.task("officer.298", DRAFT)["id"] == task_id and driver.plan(plan_id)["status"] == "drafting"


def test_valid_data_completes_the_task_and_a_second_completion_names_who_did_it(client, token_for, driver):
    plan_id = driver.start_plan("298", "officer.298")
    task_id = driver.task("officer.298", DRAFT)["id"]
    headers = token_for("officer.298")
    data = {"title": "Kế hoạch công tác dân vận chính quyền năm 2024"}
    done = client.post(f"{API}/tasks/{task_id}/complete", headers=headers, json=data)
    assert done.status_code == 200
    assert done.get_json() == {"task_id": task_id, "plan_id": plan_id, "process_instance_id": 1,
                               "process_status": "running"}
    assert driver.plan(plan_id)["status"] == "in_review" and driver.task("head.298", "Thẩm định dự thảo kế hoạch")
    again = client.post(f"{API}/tasks/{task_id}/complete", headers=headers, json=data)
    assert_problem(again, 409, "đã được officer.298 hoàn thành", "dữ liệu của bạn chưa được ghi")


# --- scope ----------------------------------------------------------------------------------------


def test_another_communes_task_plan_and_matrix_are_not_found_whatever_id_is_typed(client, token_for, driver,
                                                                                  district_plan):
    neighbour = driver.task("clerk.11113", RECEIVE)
    mine = token_for("clerk.11089")
    for response in (client.get(f"{API}/tasks/{neighbour['id']}", headers=mine),
                     client.post(f"{API}/tasks/{neighbour['id']}/complete", headers=mine, json={}),
                     client.get(f"{API}/plans/{neighbour['plan_id']}", headers=mine),
                     client.get(f"{API}/compliance?unit=11113", headers=mine),
                     client.get(f"{API}/compliance?unit=298", headers=mine)):
        assert_problem(response, 404)
    assert driver.task("clerk.11113", RECEIVE)["id"] == neighbour["id"]
    driver.complete("clerk.11113", neighbour["id"])  # once done, the neighbour's task still reveals nothing
    assert_problem(client.post(f"{API}/tasks/{neighbour['id']}/complete", headers=mine, json={}), 404)
    own_plan = client.get(f"{API}/plans/{driver.task('clerk.11089', RECEIVE)['plan_id']}", headers=mine)
    assert own_plan.status_code == 200


def test_a_commune_sees_the_district_plan_but_only_its_own_reports_in_it(client, token_for, district_plan):
    plan = client.get(f"{API}/plans/{district_plan}", headers=token_for("officer.11089")).get_json()
    assert plan["number"] == "01/KH-UBND" and plan["status"] == "issued"
    assert {row["unit"] for row in plan["obligations"]} == {"11089"}
    assert [node["unit"] for node in plan["tree"]] == ["11089"]
    district = client.get(f"{API}/plans/{district_plan}", headers=token_for("head.298")).get_json()
    assert {row["unit"] for row in district["obligations"]} == {"11089", "11113", "11146"}
    assert [node["unit"] for node in district["tree"]] == ["11089", "11113", "11146"]


def test_the_district_reads_the_compliance_matrix_of_its_communes(client, token_for, district_plan, clock):
    clock.fixed = datetime(2024, 5, 30, 9)  # due "trước ngày 30/05/2024": from today, missing
    response = client.get(f"{API}/compliance?unit=298&year=2024&kind=six_month", headers=token_for("head.298"))
    matrix = response.get_json()
    assert response.status_code == 200 and matrix["unit_name"] == "UBND huyện Tứ Kỳ"
    assert [(row["unit"], row["standing"]) for row in matrix["rows"]] == [
        ("11089", "missing"), ("11113", "missing"), ("11146", "missing")]
    assert matrix["counts"]["missing"] == 3 and len(matrix["missing_units"]) == 3


# --- plans ----------------------------------------------------------------------------------------


def test_a_planner_starts_a_plan_at_their_unit_but_not_at_another(client, token_for):
    headers = token_for("officer.11089")
    refused = client.post(f"{API}/plans", headers=headers, json={"unit": "11113"})
    assert_problem(refused, 403, "Bạn không có vai trò lập kế hoạch tại UBND xã")
    started = client.post(f"{API}/plans", headers=headers,
                          json={"unit": "11089", "title": "Kế hoạch dân vận xã năm 2024", "due": "2024-04-15"})
    plan = started.get_json()
    assert started.status_code == 201 and started.headers["Location"].endswith(f"{API}/plans/{plan['id']}")
    assert (plan["unit"], plan["status"], plan["due_date"]) == ("11089", "drafting", "2024-04-15")
    assert client.get(f"{API}/tasks", headers=headers).get_json()["tasks"][0]["plan_id"] == plan["id"]


def test_the_plan_list_filters_and_refuses_unknown_or_wrong_parameters_by_name(client, token_for, district_plan):
    headers = token_for("head.298")
    issued = client.get(f"{API}/plans?status=issued", headers=headers).get_json()
    assert [p["id"] for p in issued["plans"]] == [district_plan] and issued["total"] == 1
    assert client.get(f"{API}/plans?q=Tứ Kỳ&year=2024", headers=headers).get_json()["total"] >= 1
    body = assert_problem(client.get(f"{API}/plans?status=done&year=abc&colour=red", headers=headers), 422)
    assert body["errors"] == {"status": f"Phải là một trong: {', '.join(PlanStatus)}.",
                              "year": "Cần một số nguyên.", "colour": "Trường này không được hỗ trợ; hãy bỏ nó đi."}


# --- errors ---------------------------------------------------------------------------------------


def test_unknown_paths_and_methods_under_the_api_are_json_problems(client, token_for):
    headers = token_for("officer.298")
    assert_problem(client.get(f"{API}/nothing-here"), 404)
    assert_problem(client.get("/api/v2/tasks"), 404)
    assert_problem(client.delete(f"{API}/tasks", headers=headers), 405)
    assert_problem(client.get(f"{API}/plans/99999999999999999999999", headers=headers), 404)
    assert_problem(client.get(f"{API}/tasks/not-a-task", headers=headers), 404)
    assert_problem(client.get(f"{API}/compliance?unit=99999", headers=headers), 404, "99999")


def test_malformed_json_or_another_content_type_is_a_400_problem(client, token_for):
    headers = token_for("officer.298")
    assert_problem(client.post(f"{API}/plans", headers=headers, data="{unit: 298",
                               content_type="application/json"), 400, "không phải JSON hợp lệ")
    assert_problem(client.post(f"{API}/plans", headers=headers, data={"unit": "298"}), 400, "Content-Type")
    assert_problem(client.post(f"{API}/tokens", data="username=a"), 400, "Content-Type")


def test_odd_bodies_posted_to_every_endpoint_never_cause_a_server_error(client, token_for, driver):
    driver.start_plan("298", "officer.298")
    headers = token_for("officer.298")
    targets = [f"{API}/tokens", f"{API}/plans", f"{API}/tasks/{driver.task('officer.298', DRAFT)['id']}/complete"]
    for path in targets:
        for body in ODD_BODIES:
            response = client.post(path, headers=headers, data=body, content_type="application/json")
            assert response.status_code < 500, (path, body[:60], response.get_data(as_text=True))
            if response.status_code >= 400:
                assert response.headers["Content-Type"] == "application/problem+json", (path, body[:60])


# --- the document -----------------------------------------------------------------------------------


def test_the_openapi_document_describes_every_route_with_its_schemas(app, client):
    response = client.get(f"{API}/openapi.json")
    doc = response.get_json()
    assert response.status_code == 200 and doc["openapi"] == "3.0.3" and doc["info"]["title"]
    assert doc["components"]["securitySchemes"]["bearer"] == {"type": "http", "scheme": "bearer"}
    assert {"Problem", "TaskDetail", "PlanDetail", "Compliance"} <= doc["components"]["schemas"].keys()
    routes = {(re.sub(r"<(?:[^:>]+:)?(\w+)>", r"{\1}", rule.rule).removeprefix(API), method.lower())
              for rule in app.url_map.iter_rules() if rule.endpoint.startswith("api.")
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    documented = {(path, method) for path, item in doc["paths"].items() for method in item}
    assert documented == routes
    complete = doc["paths"]["/tasks/{task_id}/complete"]["post"]
    assert complete["requestBody"]["content"]["application/json"]["schema"]
    assert {"200", "404", "409", "422"} <= complete["responses"].keys()
    assert doc["paths"]["/tokens"]["post"]["security"] == []
    query = {p["name"] for p in doc["paths"]["/compliance"]["get"]["parameters"] if p["in"] == "query"}
    assert query == {"unit", "year", "kind"}
    _assert_refs_resolve(doc, doc)


def _assert_refs_resolve(doc: dict, node) -> None:
    if isinstance(node, dict):
        if "$ref" in node:
            section, kind, name = node["$ref"].removeprefix("#/").split("/")
            assert name in doc[section][kind], node["$ref"]
        for value in node.values():
            _assert_refs_resolve(doc, value)
    elif isinstance(node, list):
        for value in node:
            _assert_refs_resolve(doc, value)
