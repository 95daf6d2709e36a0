"""Deploy problems read as one Vietnamese sentence each that names the element (id and name) and says what to change.

The shapes are those met deploying files of other BPMN tools (the BPMN MIWG test suite): each is drawn here small.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from engine.bpmn.definitions import validate_definition
from engine.errors import DefinitionProblem, InvalidDefinition

REFERENCE = Path(__file__).parent.parent / "data" / "miwg-reference"
HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Defs"
                  xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core"
                  targetNamespace="http://example.org/planflow">
"""
# What SpiffWorkflow, lxml and RestrictedPython write, and Python's reprs: none may reach the designer.
ENGLISH = re.compile(r"\b(Element|element|attribute|SubWorkflow|Task|task|supported|Error|Exception|Traceback|Spiff"
                     r"\w*|Line|SyntaxError|invalid|expected|Expected|found|missing|None|statement|Definition|"
                     r"Time|Specification|Cannot|resolve|implementation|Data|Store)\b")


def process(body: str, *, executable: bool = True, before: str = "", pid: str = "Process_1") -> bytes:
    flag = "true" if executable else "false"
    return (HEAD + before + f'<bpmn:process id="{pid}" name="Kế hoạch năm" isExecutable="{flag}">\n'
            + body + "\n</bpmn:process>\n</bpmn:definitions>\n").encode()


def lane(*refs: str) -> str:
    nodes = "".join(f"<bpmn:flowNodeRef>{ref}</bpmn:flowNodeRef>" for ref in refs)
    return f'<bpmn:laneSet id="LaneSet_1"><bpmn:lane id="Lane_1" name="officer">{nodes}</bpmn:lane></bpmn:laneSet>'


def problems(data: bytes) -> list[DefinitionProblem]:
    with pytest.raises(InvalidDefinition) as refused:
        validate_definition(data, "khac.bpmn", service_operations={"notify"})
    return refused.value.problems


def unclean(message: str, names: set[str] = frozenset()) -> list[str]:  # type: ignore[assignment]
    """Why the message is not one clean Vietnamese sentence; the file's own names and quoted text may be English."""
    text = message
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, "")
    text = re.sub(r"'[^']*'|\"[^\"]*\"", "''", text)
    reasons = []
    if re.search(r"0x[0-9a-f]{6,}", text) or "<" in text or ">" in text:
        reasons.append("Python repr")
    if found := ENGLISH.search(text):
        reasons.append(f"English: {found.group()}")
    if "\n" in message or not message.endswith("."):
        reasons.append("not one sentence")
    if not re.search(r"[ăâđêôơưạảấầẩậắằẳặẹẻẽếềểệỉịọỏốồổộớờởợụủứừửựỳỷỹ]", message):
        reasons.append("not Vietnamese")
    return reasons


def only(found: list[DefinitionProblem], element_id: str) -> DefinitionProblem:
    [problem] = [p for p in found if p.element_id == element_id]
    assert unclean(problem.message) == [], problem.message
    return problem


START = '<bpmn:startEvent id="Start_1" name="Bắt đầu" />'
END = '<bpmn:endEvent id="End_1" name="Xong" />'


def test_every_task_splitting_without_a_gateway_and_every_branch_without_condition_is_listed_at_once() -> None:
    """SpiffWorkflow's parser stops at the first of these in a process; a file drawn in Bizagi has several."""
    body = (START + '<bpmn:userTask id="Task_1" name="Soạn thảo" /><bpmn:userTask id="Task_2" name="Thẩm định" />'
            + '<bpmn:exclusiveGateway id="Gate_1" name="Đồng ý?" />' + END + '<bpmn:endEvent id="End_2" />'
            + '<bpmn:sequenceFlow id="F0" sourceRef="Start_1" targetRef="Task_1" />'
            + '<bpmn:sequenceFlow id="F1" sourceRef="Task_1" targetRef="Task_2" />'
            + '<bpmn:sequenceFlow id="F2" sourceRef="Task_1" targetRef="End_2" />'
            + '<bpmn:sequenceFlow id="F3" sourceRef="Task_2" targetRef="Gate_1" />'
            + '<bpmn:sequenceFlow id="F4" sourceRef="Task_2" targetRef="End_2" />'
            + '<bpmn:sequenceFlow id="F5" name="Có" sourceRef="Gate_1" targetRef="End_1" />'
            + '<bpmn:sequenceFlow id="F6" name="Không" sourceRef="Gate_1" targetRef="End_2" />'
            + lane("Task_1", "Task_2"))
    found = problems(process(body))

    assert {p.element_id for p in found} >= {"Task_1", "Task_2", "F5", "F6"}
    assert only(found, "Task_2").message.startswith("Nhiệm vụ người dùng 'Task_2' (Thẩm định) có nhiều luồng ra")
    assert only(found, "F6").message.startswith("Luồng 'F6' (Không) ra khỏi cổng nhưng không có điều kiện")


def test_a_task_with_two_outgoing_flows_is_named_and_told_to_use_a_gateway() -> None:
    body = (START + '<bpmn:userTask id="Task_1" name="Soạn thảo" />' + END + '<bpmn:endEvent id="End_2" />'
            + '<bpmn:sequenceFlow id="F0" sourceRef="Start_1" targetRef="Task_1" />'
            + '<bpmn:sequenceFlow id="F1" sourceRef="Task_1" targetRef="End_1" />'
            + '<bpmn:sequenceFlow id="F2" sourceRef="Task_1" targetRef="End_2" />' + lane("Task_1"))
    problem = only(problems(process(body)), "Task_1")
    assert problem.message.startswith("Nhiệm vụ người dùng 'Task_1' (Soạn thảo) có nhiều luồng ra")
    assert "cổng" in problem.message


GATEWAY = (START + '<bpmn:exclusiveGateway id="Gate_1" name="Đồng ý?" />' + END + '<bpmn:endEvent id="End_2" />'
           '<bpmn:sequenceFlow id="F0" sourceRef="Start_1" targetRef="Gate_1" />'
           '<bpmn:sequenceFlow id="Flow_Yes" name="Đồng ý" sourceRef="Gate_1" targetRef="End_1">{condition}'
           '</bpmn:sequenceFlow><bpmn:sequenceFlow id="Flow_No" name="Không" sourceRef="Gate_1" targetRef="End_2">'
           '<bpmn:conditionExpression>not approved</bpmn:conditionExpression></bpmn:sequenceFlow>')


def test_a_flow_out_of_a_gateway_without_condition_names_the_flow_and_the_fix() -> None:
    problem = only(problems(process(GATEWAY.format(condition=""))), "Flow_Yes")
    assert problem.message.startswith("Luồng 'Flow_Yes' (Đồng ý) ra khỏi cổng nhưng không có điều kiện")
    assert "luồng mặc định" in problem.message


def test_an_empty_condition_is_called_empty_not_none() -> None:
    condition = "<bpmn:conditionExpression />"
    found = problems(process(GATEWAY.format(condition=condition)))
    about_flow = [p.message for p in found if p.element_id == "Flow_Yes"]
    assert any("có biểu thức điều kiện để trống" in message for message in about_flow)
    assert all(unclean(message) == [] for message in about_flow), about_flow


def test_a_condition_written_for_another_engine_asks_for_python() -> None:
    condition = "<bpmn:conditionExpression>${approved}</bpmn:conditionExpression>"
    problem = only(problems(process(GATEWAY.format(condition=condition))), "Flow_Yes")
    assert "'${approved}'" in problem.message and "Python" in problem.message


def test_a_name_starting_with_an_underscore_is_explained() -> None:
    condition = "<bpmn:conditionExpression>_undefined</bpmn:conditionExpression>"
    problem = only(problems(process(GATEWAY.format(condition=condition))), "Flow_Yes")
    assert "'_undefined' bắt đầu bằng dấu gạch dưới" in problem.message


def test_a_data_store_and_the_task_writing_to_it_are_both_named_without_reprs() -> None:
    before = '<bpmn:dataStore id="Store_1" name="Sổ công văn" />'
    body = (START + '<bpmn:userTask id="Task_1" name="Vào sổ"><bpmn:dataOutputAssociation id="A_1">'
            '<bpmn:targetRef>StoreRef_1</bpmn:targetRef></bpmn:dataOutputAssociation></bpmn:userTask>' + END
            + '<bpmn:dataStoreReference id="StoreRef_1" name="Sổ" dataStoreRef="Store_1" />'
            + '<bpmn:sequenceFlow id="F0" sourceRef="Start_1" targetRef="Task_1" />'
            + '<bpmn:sequenceFlow id="F1" sourceRef="Task_1" targetRef="End_1" />' + lane("Task_1"))
    found = problems(process(body, before=before))
    assert only(found, "Store_1").message.startswith("Kho dữ liệu 'Store_1' (Sổ công văn) chưa được hỗ trợ")
    task = only(found, "Task_1").message
    assert task.startswith("Nhiệm vụ người dùng 'Task_1' (Vào sổ) có liên kết dữ liệu ra tới 'StoreRef_1' (Sổ)")


def test_a_timer_without_a_time_names_the_event() -> None:
    body = ('<bpmn:startEvent id="Timer_1" name="Đầu năm"><bpmn:timerEventDefinition id="T_1" /></bpmn:startEvent>'
            + END + '<bpmn:sequenceFlow id="F0" sourceRef="Timer_1" targetRef="End_1" />')
    problem = only(problems(process(body)), "Timer_1")
    assert problem.message.startswith("Sự kiện bắt đầu 'Timer_1' (Đầu năm) là sự kiện hẹn giờ")


def test_a_subprocess_without_a_start_event_names_the_subprocess() -> None:
    body = (START + '<bpmn:subProcess id="Sub_1" name="Tổng hợp"><bpmn:endEvent id="SubEnd" /></bpmn:subProcess>'
            + END + '<bpmn:sequenceFlow id="F0" sourceRef="Start_1" targetRef="Sub_1" />'
            + '<bpmn:sequenceFlow id="F1" sourceRef="Sub_1" targetRef="End_1" />')
    problem = only(problems(process(body)), "Sub_1")
    assert problem.message.startswith("Quy trình con 'Sub_1' (Tổng hợp) cần đúng một sự kiện bắt đầu")


def test_a_service_task_without_an_operation_names_the_task() -> None:
    body = (START + '<bpmn:serviceTask id="Svc_1" name="Gửi thư" />' + END
            + '<bpmn:sequenceFlow id="F0" sourceRef="Start_1" targetRef="Svc_1" />'
            + '<bpmn:sequenceFlow id="F1" sourceRef="Svc_1" targetRef="End_1" />')
    problem = only(problems(process(body)), "Svc_1")
    assert problem.message.startswith("Nhiệm vụ dịch vụ 'Svc_1' (Gửi thư) chưa chọn thao tác dịch vụ")


def test_a_catch_event_pointing_at_a_missing_message_is_named() -> None:
    body = (START + '<bpmn:intermediateCatchEvent id="Wait_1" name="Chờ báo cáo">'
            '<bpmn:messageEventDefinition id="M_1" messageRef="Missing" /></bpmn:intermediateCatchEvent>' + END
            + '<bpmn:sequenceFlow id="F0" sourceRef="Start_1" targetRef="Wait_1" />'
            + '<bpmn:sequenceFlow id="F1" sourceRef="Wait_1" targetRef="End_1" />')
    problem = only(problems(process(body)), "Wait_1")
    assert problem.message.startswith("Sự kiện chờ 'Wait_1' (Chờ báo cáo) trỏ tới một thông điệp")


def test_a_schema_error_names_the_element_at_its_line() -> None:
    body = (START + '<bpmn:userTask id="Task_1" name="Duyệt"><bpmn:foo /></bpmn:userTask>')
    found = problems(process(body).replace(b"<bpmn:foo />", b"<bpmn:outgoing>F1</bpmn:outgoing><bpmn:incoming>F0"
                                                           b"</bpmn:incoming>"))
    problem = only(found, "Task_1")
    assert problem.message.startswith("Nhiệm vụ người dùng 'Task_1' (Duyệt) có thẻ bpmn:incoming không đúng vị trí")


def test_no_executable_process_is_reported_with_every_other_problem() -> None:
    body = GATEWAY.format(condition="<bpmn:conditionExpression>${approved}</bpmn:conditionExpression>")
    lanes = '<bpmn:laneSet id="LS"><bpmn:lane id="Lane_9" name="Kế toán" /></bpmn:laneSet>'
    found = problems(process(body + lanes, executable=False))
    assert found[0].element_id is None and "isExecutable" in found[0].message
    assert {"Flow_Yes", "Lane_9"} <= {p.element_id for p in found}
    assert all(unclean(p.message) == [] for p in found), [p.message for p in found]


def test_two_main_processes_are_named_and_the_rest_still_checked() -> None:
    second = '<bpmn:process id="Process_2" name="Báo cáo" isExecutable="true">' + START.replace("_1", "_2") + \
        "</bpmn:process>\n"
    found = problems(process(GATEWAY.format(condition=""), before=second))
    assert found[0].element_id is None
    assert "'Process_1' (Kế hoạch năm)" in found[0].message and "'Process_2' (Báo cáo)" in found[0].message
    assert "Flow_Yes" in {p.element_id for p in found}


def test_the_message_of_the_refusal_lists_each_sentence_once() -> None:
    with pytest.raises(InvalidDefinition) as refused:
        validate_definition(process(GATEWAY.format(condition="")), "khac.bpmn", service_operations=set())
    assert refused.value.message.count("'Flow_Yes'") == 1


@pytest.mark.parametrize("path", sorted(REFERENCE.glob("*.bpmn")), ids=lambda p: p.name)
def test_every_problem_of_the_miwg_reference_models_is_a_clean_sentence(path: Path) -> None:
    data = path.read_bytes()
    root = etree.fromstring(data)
    names = {" ".join(v.split()) for e in root.iter(etree.Element) for v in (e.get("name"), e.get("id")) if v}
    ids = set(re.findall(r'\bid="([^"]+)"', data.decode("utf-8")))
    try:
        validate_definition(data, path.name, service_operations=set())
    except InvalidDefinition as refused:
        for problem in refused.problems:
            assert unclean(problem.message, names) == [], problem.message
            assert problem.element_id is None or problem.element_id in ids
            assert problem.element_id is None or f"'{problem.element_id}'" in problem.message
