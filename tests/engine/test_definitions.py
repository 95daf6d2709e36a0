"""Safe parsing and deploy-time validation of uploaded BPMN and DMN files."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.bpmn.definitions import safe_xml, validate_definition
from engine.errors import DefinitionProblem, InvalidDefinition
from engine.host import PlanflowHandlers

BPMN = Path(__file__).parent / "bpmn"
UPLOAD_NAME = "/srv/planflow/uploads/ke-hoach.bpmn"
OPERATIONS = {"notify"}
DECLARATION_REFUSED = [DefinitionProblem(None, "Tệp chứa khai báo DOCTYPE/ENTITY, không được chấp nhận; hãy bỏ khai "
                                                "báo này khỏi tệp.")]

ONE_STEP = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                  xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core"
                  id="Definitions_1" targetNamespace="http://bpmn.io/schema/bpmn">
  {definitions}
  <bpmn:process id="Process_1" isExecutable="true">
    <bpmn:startEvent id="StartEvent_1"><bpmn:outgoing>Flow_1</bpmn:outgoing></bpmn:startEvent>
    {step}
    <bpmn:endEvent id="EndEvent_1"><bpmn:incoming>Flow_2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Activity_1" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Activity_1" targetRef="EndEvent_1" />
  </bpmn:process>
</bpmn:definitions>
"""
FLOWS = "<bpmn:incoming>Flow_1</bpmn:incoming><bpmn:outgoing>Flow_2</bpmn:outgoing>"


def approval(*replacements: tuple[bytes, bytes]) -> bytes:
    data = (BPMN / "approval.bpmn").read_bytes()
    for old, new in replacements:
        assert old in data, old
        data = data.replace(old, new)
    return data


def one_step(step: str, definitions: str = "") -> bytes:
    return ONE_STEP.format(step=step, definitions=definitions).encode()


def refused(data: bytes, operations: set[str] = OPERATIONS) -> InvalidDefinition:
    with pytest.raises(InvalidDefinition) as caught:
        validate_definition(data, UPLOAD_NAME, service_operations=operations)
    assert "/srv" not in caught.value.message and "ke-hoach" not in caught.value.message
    return caught.value


def ids(error: InvalidDefinition) -> list[str | None]:
    return [p.element_id for p in error.problems]


def test_a_valid_bpmn_file_passes_and_names_its_main_process():
    validated = validate_definition(approval(), UPLOAD_NAME, service_operations=OPERATIONS)

    assert (validated.kind, validated.main_id) == ("bpmn", "Process_Approval")
    assert validated.process_ids == ["Process_Approval"] and validated.decision_ids == []
    assert validated.parser.get_spec("Process_Approval").task_specs["Activity_Compute"].script


def test_an_external_entity_is_refused_and_nothing_of_the_file_is_shown():
    xxe = b"""<?xml version="1.0"?>
<!DOCTYPE bpmn:definitions [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D">
  <bpmn:process id="P"><bpmn:documentation>&secret;</bpmn:documentation></bpmn:process>
</bpmn:definitions>"""
    error = refused(xxe)
    assert error.problems == DECLARATION_REFUSED
    assert "root:" not in error.message and "passwd" not in error.message


def test_a_billion_laughs_file_is_refused():
    lol = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<lolz>&lol3;</lolz>"""
    assert refused(lol).problems == DECLARATION_REFUSED


def test_an_encoding_label_cannot_hide_a_declaration_because_only_utf8_is_decoded():
    root = safe_xml(b'<?xml version="1.0" encoding="UTF-7"?><a>+ADw-!DOCTYPE a+AD4-</a>')
    assert root.text == "+ADw-!DOCTYPE a+AD4-"
    assert "UTF-8" in refused('<?xml version="1.0" encoding="UTF-16"?><a/>'.encode("utf-16")).message


def test_malformed_xml_is_refused_with_its_line_number():
    data = (b'<?xml version="1.0"?>\n'
            b'<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">\n'
            b'<bpmn:process id="P">\n</bpmn:definitions>')
    [problem] = refused(data).problems
    assert problem.message.startswith("XML không đúng cú pháp ở dòng 4:")


def test_a_file_that_is_neither_bpmn_nor_dmn_is_refused():
    assert "không gian tên" in refused(b"<plan><step/></plan>").message


def test_an_unknown_element_is_named_by_schema_validation():
    error = refused(approval((b'<bpmn:endEvent id="EndEvent_1">', b'<bpmn:fooTask id="Activity_Foo" />\n'
                                                                   b'<bpmn:endEvent id="EndEvent_1">')))
    [problem] = error.problems
    assert problem.element_id == "Activity_Foo" and "bpmn:fooTask" in problem.message


def test_a_duplicate_id_is_refused():
    error = refused(approval((b'<bpmn:endEvent id="EndEvent_1">', b'<bpmn:endEvent id="Activity_Compute">')))
    [problem] = error.problems
    assert problem.element_id == "Activity_Compute" and "trùng" in problem.message


def test_a_flow_to_an_element_that_is_not_there_is_refused_naming_the_flow():
    data = one_step(f'<bpmn:userTask id="Activity_1">{FLOWS}</bpmn:userTask>').replace(
        b'targetRef="EndEvent_1"', b'targetRef="review_removed"')
    problems = refused(data).problems
    assert DefinitionProblem("Flow_2", "Luồng 'Flow_2' có đích 'review_removed' không phải phần tử cùng quy trình; "
                                       "hãy nối luồng giữa hai phần tử trong cùng một quy trình.") in problems


def test_a_user_task_outside_every_lane_is_refused_because_nobody_could_take_it():
    problems = refused(one_step(f'<bpmn:userTask id="Activity_1">{FLOWS}</bpmn:userTask>')).problems
    assert problems == [DefinitionProblem("Activity_1", "Nhiệm vụ người dùng 'Activity_1' chưa thuộc làn (vai trò) nào "
                                                        "nên không ai nhận được nhiệm vụ này; hãy đặt nhiệm vụ vào một "
                                                        "làn.")]


def test_a_gateway_condition_syntax_error_names_the_flow():
    error = refused(approval((b"total &gt; 100", b"total &gt;")))
    assert ids(error) == ["Flow_Large"]
    assert error.problems[0].message.startswith("Luồng 'Flow_Large' có biểu thức điều kiện không hợp lệ (lỗi cú "
                                                "pháp Python ở dòng 1: 'total >')")


def test_a_timer_expression_syntax_error_names_the_timer_event():
    error = refused(approval((b'"P1D"', b'"P1D" +')))
    assert ids(error) == ["Event_Wait"] and "hẹn giờ" in error.message


def test_a_script_importing_os_is_refused_at_deploy_naming_the_task():
    error = refused(approval((b"deadline = add_working_days(received, 3)", b"__import__('os').system('id')")))
    assert ids(error) == ["Activity_Compute"] and "__import__" in error.message


def test_an_evaluated_user_task_property_is_compiled_too():
    error = refused(approval((b'value="add_working_days(received, 5)"', b'value="received.__class__"')))
    assert ids(error) == ["Activity_Sign"] and "'due'" in error.message


def test_a_service_parameter_expression_is_compiled_too():
    error = refused(approval((b"value=\"'T\xe1\xbb\x95ng: ' + str(total)\"", b'value="str(total"')))
    assert ids(error) == ["Activity_Notify"] and "tham số dịch vụ 'text'" in error.message


def test_a_lane_that_names_no_role_is_refused():
    error = refused(approval((b'name="Chuy\xc3\xaan vi\xc3\xaan"', "name=\"Thủ quỹ\"".encode())))
    assert error.problems == [DefinitionProblem(
        "Lane_Officer",
        "Làn 'Lane_Officer' (Thủ quỹ) không ứng với vai trò nào; hãy đặt tên làn là mã hoặc tên một vai trò "
        "(officer, head, chair, vice_chair, clerk, designer, admin).",
    )]


def test_an_unknown_service_operation_is_refused():
    error = refused(approval(), operations={"send_mail"})
    assert error.problems == [DefinitionProblem("Activity_Notify", "Nhiệm vụ dịch vụ 'Activity_Notify' (Thông báo) gọi "
                                                                   "thao tác dịch vụ 'notify' không tồn tại; hãy chọn "
                                                                   "một thao tác có sẵn.")]


def test_every_problem_is_reported_at_once():
    error = refused(approval(
        (b"total &gt; 100", b"total &gt;"),
        (b"deadline = add_working_days(received, 3)", b"import os\nx = os.__dict__"),
        (b'name="L\xc3\xa3nh \xc4\x91\xe1\xba\xa1o UBND"', b'name="Ban tuy\xc3\xaan gi\xc3\xa1o"'),
    ), operations=set())
    assert sorted(ids(error)) == ["Activity_Compute", "Activity_Notify", "Flow_Large", "Lane_Leaders"]


def test_a_call_to_a_missing_process_names_the_call_activity():
    call = f'<bpmn:callActivity id="Activity_1" calledElement="Process_Missing">{FLOWS}</bpmn:callActivity>'
    error = refused(one_step(call))
    assert ids(error) == ["Activity_1"] and "Process_Missing" in error.message


def test_a_message_payload_is_compiled_too():
    step = f"""<bpmn:intermediateThrowEvent id="Activity_1">{FLOWS}
      <bpmn:messageEventDefinition id="MessageEventDefinition_1" messageRef="Message_Report">
        <bpmn:extensionElements>
          <spiffworkflow:messagePayload>{{'total': total</spiffworkflow:messagePayload>
        </bpmn:extensionElements>
      </bpmn:messageEventDefinition>
    </bpmn:intermediateThrowEvent>"""
    error = refused(one_step(step, '<bpmn:message id="Message_Report" name="report" />'))
    assert ids(error) == ["Activity_1"] and "nội dung thông điệp" in error.message


def test_a_process_without_an_executable_process_is_refused():
    error = refused(approval((b'isExecutable="true"', b'isExecutable="false"')))
    message = ('Tệp không có quy trình nào được đánh dấu để thực thi (isExecutable="true"); hãy đánh dấu quy trình '
               'cần chạy là có thể thực thi.')
    assert error.problems == [DefinitionProblem(None, message)]


def test_an_id_that_collides_with_spiffs_own_task_names_is_refused():
    error = refused(approval((b'id="StartEvent_1"', b'id="Start"'), (b">StartEvent_1<", b">Start<"),
                             (b'sourceRef="StartEvent_1"', b'sourceRef="Start"')))
    assert ids(error) == ["Start"]


def test_a_valid_decision_table_passes_and_names_its_decision():
    validated = validate_definition((BPMN / "level.dmn").read_bytes(), "level.dmn", service_operations=set())
    assert (validated.kind, validated.main_id) == ("dmn", "Decision_Level")
    assert validated.decision_ids == ["Decision_Level"] and validated.process_ids == []


@pytest.mark.parametrize(("old", "new", "element_id"), [
    (b"<text>&gt; 80</text>", b"<text>&gt; &gt; 80</text>", "UnaryTests_High"),
    (b"<text>&gt; 80</text>", b"<text>&gt; score.__class__</text>", "UnaryTests_High"),
    (b'<text>"A"</text>', b"<text>__import__('os')</text>", "LiteralExpression_High"),
    (b"<text>score</text>", b"<text>score +</text>", "Input_Score"),
])
def test_a_decision_table_with_a_bad_cell_is_refused_naming_the_cell(old, new, element_id):
    data = (BPMN / "level.dmn").read_bytes()
    assert old in data
    assert element_id in ids(refused(data.replace(old, new)))


PLAN_SOURCE = (Path(__file__).resolve().parents[2] / "workflows" / "plan_lifecycle.bpmn").read_text("utf-8")
HOST_OPERATIONS = PlanflowHandlers.operations


def test_a_task_form_that_is_not_a_json_schema_is_refused_at_deploy() -> None:
    broken = PLAN_SOURCE.replace('"required": ["title"]', '"required": "title"')
    with pytest.raises(InvalidDefinition) as refused:
        validate_definition(broken.encode(), "plan.bpmn", service_operations=HOST_OPERATIONS)
    assert [p.element_id for p in refused.value.problems] == ["draft_plan"]
    assert "formSchema không phải JSON Schema hợp lệ" in refused.value.problems[0].message


def test_an_unknown_plan_status_is_refused_at_deploy() -> None:
    broken = PLAN_SOURCE.replace('name="planStatus" value="drafting"', 'name="planStatus" value="drafted"')
    with pytest.raises(InvalidDefinition, match="'draft_plan' .*planStatus \'drafted\' không tồn tại"):
        validate_definition(broken.encode(), "plan.bpmn", service_operations=HOST_OPERATIONS)


def test_the_shipped_workflows_pass_validation() -> None:
    validated = validate_definition(PLAN_SOURCE.encode(), "plan.bpmn", service_operations=HOST_OPERATIONS)
    assert validated.main_id == "plan_lifecycle"
