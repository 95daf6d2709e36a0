"""Deploying process versions: unsafe or broken files are refused, valid ones become a new version."""

from __future__ import annotations

from pathlib import Path

from bdd_support import UNIT_ARG, attempt, latest_plan
from pytest_bdd import given, parsers, scenarios, then, when
from sqlalchemy import select

from engine.core import WORKFLOWS_DIR
from engine.models import Definition, ProcessInstance

scenarios("trien_khai_quy_trinh.feature")

PROCESS = "plan_lifecycle"
DESIGNER = "designer.30"
FLOW_SAVED = '<bpmn:sequenceFlow id="flow_saved" sourceRef="store_draft" targetRef="review_draft" />'
SCRIPT_TASK = """<bpmn:sequenceFlow id="flow_saved" sourceRef="store_draft" targetRef="tinh_han_tham_dinh" />
        <bpmn:scriptTask id="tinh_han_tham_dinh" name="Tính hạn thẩm định">
          <bpmn:incoming>flow_saved</bpmn:incoming>
          <bpmn:outgoing>flow_han</bpmn:outgoing>
          <bpmn:script>import os
han_tham_dinh = os.getcwd()</bpmn:script>
        </bpmn:scriptTask>
        <bpmn:sequenceFlow id="flow_han" sourceRef="tinh_han_tham_dinh" targetRef="review_draft" />"""


def changed(*replacements: tuple[str, str]) -> bytes:
    """The deployed plan lifecycle with edits; each edited text must be there (else the file moved on)."""
    text = (WORKFLOWS_DIR / f"{PROCESS}.bpmn").read_text(encoding="utf-8")
    for old, new in replacements:
        assert text.count(old) == 1, f"không tìm thấy đúng một chỗ '{old}' trong {PROCESS}.bpmn"
        text = text.replace(old, new)
    return text.encode("utf-8")


FILES = {
    "có khai báo thực thể ngoài đọc tệp /etc/passwd": lambda: changed(
        ('encoding="UTF-8"?>', 'encoding="UTF-8"?>\n<!DOCTYPE bpmn:definitions '
                               '[<!ENTITY secret SYSTEM "file:///etc/passwd">]>'),
        ('name="Xây dựng và ban hành kế hoạch"', 'name="&secret;"')),
    "có một phần tử không có trong chuẩn BPMN": lambda: changed(
        ('<bpmn:startEvent id="start" name="Bắt đầu">',
         '<bpmn:buocKhongTonTai id="buoc_la" />\n    <bpmn:startEvent id="start" name="Bắt đầu">')),
    'có điều kiện rẽ nhánh "Trình ký" sai cú pháp': lambda: changed(
        ("""targetRef="approve_and_sign">
          <bpmn:conditionExpression>decision == 'approve'""",
         """targetRef="approve_and_sign">
          <bpmn:conditionExpression>decision == = 'approve'""")),
    "có bước tập lệnh nhập mô-đun hệ thống os": lambda: changed(
        (FLOW_SAVED, SCRIPT_TASK),
        ("<bpmn:incoming>flow_saved</bpmn:incoming>\n          <bpmn:outgoing>flow_reviewed",
         "<bpmn:incoming>flow_han</bpmn:incoming>\n          <bpmn:outgoing>flow_reviewed")),
    "không sửa gì": changed,
}


def versions(planflow) -> list[tuple[str, int, str]]:
    with planflow.unit_of_work() as ctx:
        rows = ctx.session.execute(select(Definition.main_id, Definition.version, Definition.content_hash)
                                   .order_by(Definition.id))
        return [tuple(row) for row in rows]


def deploy(planflow, tmp_path: Path, data: bytes) -> None:
    path = tmp_path / f"{PROCESS}.bpmn"
    path.write_bytes(data)
    with planflow.unit_of_work() as ctx:
        planflow.deploy_file(ctx, path, DESIGNER)


@given(parsers.re(r"quy trình kế hoạch đang ở phiên bản (?P<version>\d+)"))
@then(parsers.re(r"quy trình kế hoạch có các phiên bản (?P<listed>[\d, ]+)"))
def process_versions(planflow, version=None, listed=None):
    expected = [int(v) for v in (listed or version).split(",")]
    assert [v for main_id, v, _ in versions(planflow) if main_id == PROCESS] == expected


@when(parsers.re(r"người thiết kế quy trình triển khai tệp quy trình kế hoạch (?P<flaw>có .+|không sửa gì)"))
def deploy_file(planflow, driver, context, tmp_path, flaw):
    data = FILES[flaw]()
    context["versions"] = versions(planflow)
    attempt(context, driver, lambda: deploy(planflow, tmp_path, data))


@when(parsers.re(r'người thiết kế quy trình triển khai tệp quy trình kế hoạch đổi tên bước thẩm định '
                 r'thành "(?P<name>[^"]+)"'))
def deploy_renamed(planflow, tmp_path, name):
    deploy(planflow, tmp_path, changed(('name="Thẩm định dự thảo kế hoạch"', f'name="{name}"')))


@then(parsers.re(r'thông báo chỉ ra phần tử "(?P<element>[^"]+)"'))
def names_element(context, element):
    error = context["error"]
    assert element in [p.element_id for p in error.problems] and element in error.message, error.message


@then("thông báo không chứa nội dung nào của tệp /etc/passwd")
def nothing_leaked(context):
    message = context["error"].message
    lines = [line for line in Path("/etc/passwd").read_text().splitlines() if line.strip()]
    assert "passwd" not in message and "root:" not in message
    assert not any(line in message for line in lines)


@then("các phiên bản quy trình đã triển khai không đổi")
def versions_unchanged(planflow, context):
    assert versions(planflow) == context["versions"]


@then(parsers.re(rf"kế hoạch của {UNIT_ARG} chạy theo phiên bản (?P<version>\d+) của quy trình"))
def runs_on(planflow, unit, version):
    plan_id = latest_plan(planflow, unit)
    with planflow.unit_of_work() as ctx:
        used = ctx.session.scalars(
            select(Definition.version).join(ProcessInstance, ProcessInstance.definition_id == Definition.id)
            .where(ProcessInstance.plan_id == plan_id, ProcessInstance.process_id == PROCESS)
        ).all()
    assert used == [int(version)]
