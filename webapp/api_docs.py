"""The OpenAPI document of the JSON API, built from the blueprint's routes and the marshmallow schemas.

Every route of the blueprint must have an entry in OPERATIONS: a route added without one fails the
document's build (and its test) rather than going undocumented.
"""

from __future__ import annotations

import re

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Flask
from werkzeug.routing import Rule

from webapp import api_schemas as s

ERRORS = {
    400: "Yêu cầu hỏng: không phải JSON, hoặc thiếu Content-Type: application/json",
    401: "Thiếu mã truy cập, mã sai, hết hạn hoặc mật khẩu đã đổi",
    403: "Không có vai trò cần thiết tại đơn vị",
    404: "Không có trong phạm vi của bạn",
    409: "Xung đột: nhiệm vụ đã được người khác xử lý",
    422: "Dữ liệu không hợp lệ; `errors` nêu lỗi của từng trường",
}
# Endpoint → what it takes and gives: summary, body or query schema, (status, schema) of success, error statuses.
OPERATIONS = {
    "api.create_token": {"summary": "Đăng nhập, nhận mã truy cập (bearer token)", "body": s.TokenRequest,
                         "ok": (201, s.Token), "errors": (400, 401, 422), "public": True},
    "api.openapi": {"summary": "Tài liệu OpenAPI này", "ok": (200, None), "errors": (), "public": True},
    "api.list_tasks": {"summary": "Việc của tôi: các nhiệm vụ đang chờ tôi xử lý", "ok": (200, s.TaskList),
                       "errors": (401,)},
    "api.show_task": {"summary": "Một nhiệm vụ, kèm biểu mẫu (JSON Schema) của nó", "ok": (200, s.TaskDetail),
                      "errors": (401, 404)},
    "api.complete_task": {"summary": "Hoàn thành nhiệm vụ với dữ liệu của biểu mẫu", "body": s.TaskData,
                          "ok": (200, s.Completion), "errors": (400, 401, 403, 404, 409, 422)},
    "api.list_plans": {"summary": "Các kế hoạch trong phạm vi của tôi", "query": s.PlanQuery,
                       "ok": (200, s.PlanList), "errors": (401, 422)},
    "api.start_plan": {"summary": "Lập kế hoạch mới tại một đơn vị", "body": s.PlanStart, "ok": (201, s.PlanDetail),
                       "errors": (400, 401, 403, 404, 422)},
    "api.show_plan": {"summary": "Một kế hoạch, cây kế hoạch cấp dưới và các nghĩa vụ báo cáo",
                      "ok": (200, s.PlanDetail), "errors": (401, 404)},
    "api.compliance": {"summary": "Ma trận tình hình báo cáo của các đơn vị gửi về một đơn vị tổng hợp",
                       "query": s.ComplianceQuery, "ok": (200, s.Compliance), "errors": (401, 404, 422)},
    "api.set_urgency": {"summary": "Đổi độ khẩn của một báo cáo chưa gửi (người soạn, thẩm định, ký ở đơn vị báo cáo)",
                        "body": s.ReportUrgency, "ok": (200, s.Obligation), "errors": (400, 401, 403, 404, 409, 422)},
    "api.show_profile": {"summary": "Địa chỉ thư điện tử của tôi và việc nhận thông báo qua thư",
                         "ok": (200, s.MailPreferences), "errors": (401,)},
    "api.update_profile": {"summary": "Đặt địa chỉ thư điện tử và bật/tắt nhận thông báo qua thư",
                           "body": s.MailPreferencesUpdate, "ok": (200, s.MailPreferences),
                           "errors": (400, 401, 422)},
    "api.list_comments": {"summary": "Bình luận của một nhiệm vụ, kế hoạch hay báo cáo (cũ trước)",
                          "ok": (200, s.CommentList), "errors": (401, 404)},
    "api.post_comment": {"summary": "Gửi bình luận", "body": s.CommentPost, "ok": (201, s.Comment),
                         "errors": (400, 401, 404, 422)},
    "api.list_files": {"summary": "Tệp đính kèm, mỗi tên một mục với mọi phiên bản", "ok": (200, s.FileList),
                       "errors": (401, 404)},
    "api.upload_file": {"summary": "Đính kèm tệp (multipart/form-data, trường `file`); cùng tên là phiên bản mới",
                        "ok": (201, s.FileVersion), "errors": (401, 404, 422)},
    "api.download_file": {"summary": "Tải một phiên bản tệp; mã SHA-256 được kiểm lại trước khi gửi",
                          "ok": (200, None), "errors": (401, 404, 409)},
    "api.incidents": {"summary": "Sự cố: các bước quy trình bị lỗi khi chạy (quản trị viên)", "query": s.IncidentQuery,
                      "ok": (200, s.IncidentList), "errors": (401, 403, 422)},
    "api.repair": {"summary": "Xử lý hồ sơ: thử lại, tạm dừng, tiếp tục, chấm dứt, đưa về bước trước (cần lý do)",
                   "body": s.RepairRequest, "ok": (200, s.RepairDone), "errors": (400, 401, 403, 404, 409, 422)},
    "api.hold_task": {"summary": "Nhận xử lý (claim) hoặc trả nhiệm vụ về nhóm (release)", "ok": (200, s.Holder),
                      "errors": (401, 403, 404, 409)},
    "api.assign_task_to": {"summary": "Lãnh đạo đơn vị giao nhiệm vụ cho một người có vai trò", "body": s.Assignment,
                           "ok": (200, s.Holder), "errors": (400, 401, 403, 404, 409, 422)},
    "api.list_delegations": {"summary": "Các ủy quyền tôi đã giao hoặc được nhận", "ok": (200, s.DelegationList),
                             "errors": (401,)},
    "api.create_delegation": {"summary": "Ủy quyền vai trò của tôi trong một khoảng ngày", "body": s.DelegationCreate,
                              "ok": (201, s.Delegation), "errors": (400, 401, 403, 422)},
    "api.cancel_delegation_now": {"summary": "Hủy một ủy quyền", "ok": (200, s.Delegation),
                                  "errors": (401, 403, 404, 409)},
}
PATH_TYPES = {"int": {"type": "integer"}, "uuid": {"type": "string", "format": "uuid"}}
_VARIABLE = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


def build_spec(app: Flask) -> dict:
    spec = APISpec(
        title="Planflow API", version="1", openapi_version="3.0.3", plugins=[MarshmallowPlugin()],
        info={"description": "Kế hoạch công tác dân vận chính quyền: nhiệm vụ, kế hoạch, báo cáo. "
                             "Lỗi trả về dạng application/problem+json với thông báo tiếng Việt."},
        servers=[{"url": "/api/v1"}], security=[{"bearer": []}],
    )
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    spec.components.schema("Problem", schema=s.Problem)
    for status, description in ERRORS.items():
        spec.components.response(str(status), {
            "description": description, "content": {"application/problem+json": {"schema": "Problem"}}})
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api."):
            spec.path(path=_openapi_path(rule), operations=_operations(rule))
    return spec.to_dict()


def _openapi_path(rule: Rule) -> str:
    return _VARIABLE.sub(r"{\2}", rule.rule).removeprefix("/api/v1")


def _operations(rule: Rule) -> dict:
    doc = OPERATIONS[rule.endpoint]
    parameters = _path_parameters(rule) + ([{"in": "query", "schema": doc["query"]}] if "query" in doc else [])
    operation = {"operationId": rule.endpoint.removeprefix("api."), "summary": doc["summary"],
                 "responses": _responses(doc)}
    if parameters:
        operation["parameters"] = parameters
    if "body" in doc:
        operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": doc["body"]}}}
    if doc.get("public"):
        operation["security"] = []
    return {method.lower(): operation for method in rule.methods - {"HEAD", "OPTIONS"}}


def _path_parameters(rule: Rule) -> list[dict]:
    return [{"in": "path", "name": name, "required": True, "schema": PATH_TYPES.get(kind, {"type": "string"})}
            for kind, name in _VARIABLE.findall(rule.rule)]


def _responses(doc: dict) -> dict:
    status, schema = doc["ok"]
    success = {"description": "Thành công", "content": {"application/json": {"schema": schema or {"type": "object"}}}}
    return {str(status): success, **{str(code): str(code) for code in doc["errors"]}}
