"""The readable difference between two versions of a workflow file, on the real files in workflows/."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.errors import InvalidDefinition
from engine.processes.diff import DefinitionDiff, ElementChange, diff_definitions

WORKFLOWS = Path(__file__).resolve().parents[2] / "workflows"
NO_DIFFERENCE = DefinitionDiff(added=(), removed=(), changed=(), layout_changed=0)
USER_TASK = "Nhiệm vụ người dùng"

REVIEW_TASK = """
    <bpmn:userTask id="check_receipt" name="Kiểm tra văn bản đến">
      <bpmn:incoming>flow_confirmed</bpmn:incoming>
      <bpmn:outgoing>flow_checked</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="flow_checked" sourceRef="check_receipt" targetRef="record_receipt" />
    <bpmn:serviceTask id="record_receipt" """

RECEIPT_DIAGRAM = """
  <bpmndi:BPMNDiagram id="Diagram_receipt" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
                      xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI">
    <bpmndi:BPMNPlane id="Plane_receipt" bpmnElement="document_receipt">
      <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="152" y="102" width="36" height="36" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="confirm_receipt_di" bpmnElement="confirm_receipt">
        <dc:Bounds x="{task_x}" y="80" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="flow_start_di" bpmnElement="flow_start">
        <di:waypoint x="188" y="120" /><di:waypoint x="{task_x}" y="120" />
      </bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>"""


def original(filename: str) -> bytes:
    return (WORKFLOWS / filename).read_bytes()


def workflow(filename: str, *replacements: tuple[str, str], within: str = "") -> bytes:
    """The file with each text replaced once, the first occurrence after `within` (an element's id)."""
    data = original(filename).decode()
    start = data.index(f'id="{within}"') if within else 0
    for old, new in replacements:
        assert old in data[start:], old
        data = data[:start] + data[start:].replace(old, new, 1)
    return data.encode()


def with_diagram(filename: str, task_x: int) -> bytes:
    return workflow(filename, ("</bpmn:definitions>", RECEIPT_DIAGRAM.replace("{task_x}", str(task_x))))


def changed_only(old: bytes, new: bytes) -> tuple[ElementChange, ...]:
    diff = diff_definitions(old, new)
    assert (diff.added, diff.removed, diff.layout_changed) == ((), (), 0)
    return diff.changed


@pytest.mark.parametrize("filename", sorted(path.name for path in WORKFLOWS.iterdir()))
def test_a_file_compared_with_itself_has_no_difference(filename):
    data = original(filename)
    assert diff_definitions(data, data) == NO_DIFFERENCE


def test_prefixes_attribute_order_indentation_and_comments_are_not_differences():
    rewritten = workflow(
        "document_receipt.bpmn",
        ("xmlns:bpmn=", "xmlns="),
        ('sourceRef="start" targetRef="confirm_receipt" />',
         'targetRef="confirm_receipt"\n    sourceRef="start"></bpmn:sequenceFlow>'),
        ("<spiffworkflow:instructionsForEndUser>Vào sổ",
         "<!-- đã sửa --><spiffworkflow:instructionsForEndUser>\n          Vào sổ"),
    ).replace(b"bpmn:", b"")
    assert b"bpmn:" not in rewritten
    assert diff_definitions(original("document_receipt.bpmn"), rewritten) == NO_DIFFERENCE


def test_an_added_review_task_lists_the_task_and_its_flow_and_the_flow_it_redirects():
    old = original("document_receipt.bpmn")
    new = workflow(
        "document_receipt.bpmn",
        ('targetRef="record_receipt"', 'targetRef="check_receipt"'),
        ('\n    <bpmn:serviceTask id="record_receipt" ', REVIEW_TASK),
        ("<bpmn:flowNodeRef>confirm_receipt</bpmn:flowNodeRef>",
         "<bpmn:flowNodeRef>confirm_receipt</bpmn:flowNodeRef><bpmn:flowNodeRef>check_receipt</bpmn:flowNodeRef>"),
    )
    diff = diff_definitions(old, new)
    assert diff.added == (
        ElementChange("check_receipt", "Nhiệm vụ người dùng", "Kiểm tra văn bản đến"),
        ElementChange("flow_checked", "Luồng tuần tự", "Kiểm tra văn bản đến → Ghi nhận đã nhận"),
    )
    redirected = "Xác nhận đã nhận kế hoạch → Kiểm tra văn bản đến"
    assert diff.changed == (ElementChange("flow_confirmed", "Luồng tuần tự", redirected, (
        f"luồng: Xác nhận đã nhận kế hoạch → Ghi nhận đã nhận thành {redirected}",
    )),)
    assert (diff.removed, diff.layout_changed) == ((), 0)
    assert diff_definitions(new, old).removed == diff.added


def test_a_removed_escalation_branch_is_listed_in_the_old_file_order():
    old = original("plan_lifecycle.bpmn")
    start = old.index(b'<bpmn:boundaryEvent id="deadline_passed"')
    end = old.index(b"</bpmn:endEvent>", old.index(b'<bpmn:endEvent id="escalated"')) + len(b"</bpmn:endEvent>")
    diff = diff_definitions(old, old[:start] + old[end:])
    assert diff.removed == (
        ElementChange("deadline_passed", "Sự kiện hẹn giờ biên", "Quá hạn ban hành"),
        ElementChange("flow_to_escalate", "Luồng tuần tự", "Quá hạn ban hành → Báo cáo Chủ tịch kế hoạch quá hạn"),
        ElementChange("escalate_to_chair", "Nhiệm vụ dịch vụ", "Báo cáo Chủ tịch kế hoạch quá hạn"),
        ElementChange("flow_escalated", "Luồng tuần tự", "Báo cáo Chủ tịch kế hoạch quá hạn → Đã báo cáo Chủ tịch"),
        ElementChange("escalated", "Sự kiện kết thúc", "Đã báo cáo Chủ tịch"),
    )
    assert (diff.added, diff.changed, diff.layout_changed) == ((), (), 0)


def test_a_renamed_task_shows_both_names_and_its_flows_stay_unchanged():
    old = original("plan_lifecycle.bpmn")
    new = workflow("plan_lifecycle.bpmn", ('name="Thẩm định dự thảo kế hoạch"', 'name="Thẩm định, góp ý dự thảo"'))
    assert changed_only(old, new) == (ElementChange("review_draft", USER_TASK, "Thẩm định, góp ý dự thảo", (
        "tên: 'Thẩm định dự thảo kế hoạch' → 'Thẩm định, góp ý dự thảo'",
    )),)


def test_a_long_value_is_shortened():
    long_name = "Thẩm định dự thảo kế hoạch, đối chiếu với kế hoạch cấp trên và các quy định hiện hành"
    old = original("plan_lifecycle.bpmn")
    new = workflow("plan_lifecycle.bpmn", ('name="Thẩm định dự thảo kế hoạch"', f'name="{long_name}"'))
    [change] = changed_only(old, new)
    assert change.details == ("tên: 'Thẩm định dự thảo kế hoạch' → "
                              "'Thẩm định dự thảo kế hoạch, đối chiếu với kế hoạch cấp trên…'",)


def test_form_schema_instructions_and_status_changes_of_a_user_task_are_named():
    old = original("plan_lifecycle.bpmn")
    new = workflow(
        "plan_lifecycle.bpmn",
        ("Đọc toàn văn dự thảo bên dưới", "Đọc kỹ toàn văn và thể thức dự thảo bên dưới"),
        ('value="in_review"', 'value="drafting"'),
        ('"title": "Ý kiến"', '"title": "Ý kiến thẩm định"'),
        within="review_draft",
    )
    assert changed_only(old, new) == (ElementChange("review_draft", USER_TASK, "Thẩm định dự thảo kế hoạch", (
        "hướng dẫn đã đổi", "thuộc tính planStatus: 'in_review' → 'drafting'", "thuộc tính formSchema đã đổi",
    )),)


def test_a_form_schema_reformatted_without_changing_it_is_no_difference():
    old = original("document_receipt.bpmn")
    new = workflow("document_receipt.bpmn", ('{"type": "object", "properties"', '{"type":"object",  "properties"'))
    assert diff_definitions(old, new) == NO_DIFFERENCE


def test_a_changed_timer_is_a_change_of_its_boundary_event():
    old = original("plan_lifecycle.bpmn")
    new = workflow("plan_lifecycle.bpmn", (">reminder_at<", ">overdue_at - timedelta(days=3)<"))
    assert changed_only(old, new) == (ElementChange("deadline_near", "Sự kiện hẹn giờ biên", "Sắp đến hạn ban hành", (
        "biểu thức hẹn giờ: 'reminder_at' → 'overdue_at - timedelta(days=3)'",
    )),)


def test_a_changed_condition_and_service_parameter_show_old_and_new_values():
    """The modeller adds xsi:type="bpmn:tFormalExpression" to every expression: not a change."""
    old = original("plan_lifecycle.bpmn")
    new = workflow(
        "plan_lifecycle.bpmn",
        ("<bpmn:conditionExpression>parent_plan_id is not None",
         '<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" '
         'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">parent_plan_id'),
        ('value="\'officer\'"', 'value="\'head\'"'),
    )
    assert [(c.element_id, c.details) for c in changed_only(old, new)] == [
        ("flow_has_parent", ("điều kiện: 'parent_plan_id is not None' → 'parent_plan_id'",)),
        ("remind_officer", ("tham số role: ''officer'' → ''head''",)),
    ]


def test_a_task_moved_to_another_lane_names_the_new_lane():
    old = original("plan_lifecycle.bpmn")
    new = workflow(
        "plan_lifecycle.bpmn",
        ("<bpmn:flowNodeRef>review_draft</bpmn:flowNodeRef>\n", ""),
        ("<bpmn:flowNodeRef>approve_and_sign</bpmn:flowNodeRef>",
         "<bpmn:flowNodeRef>approve_and_sign</bpmn:flowNodeRef><bpmn:flowNodeRef>review_draft</bpmn:flowNodeRef>"),
    )
    assert changed_only(old, new) == (ElementChange("review_draft", USER_TASK, "Thẩm định dự thảo kế hoạch", (
        "chuyển sang làn 'Lãnh đạo UBND'",
    )),)


def test_a_renamed_lane_does_not_move_its_tasks():
    old = original("plan_lifecycle.bpmn")
    new = workflow("plan_lifecycle.bpmn", ('name="Trưởng phòng"', 'name="Lãnh đạo phòng"'))
    assert changed_only(old, new) == (ElementChange("Lane_head", "Làn", "Lãnh đạo phòng", (
        "tên: 'Trưởng phòng' → 'Lãnh đạo phòng'",
    )),)


def test_a_changed_dmn_cell_names_the_rule_and_column():
    old = original("xep_loai_dan_van.dmn")
    new = workflow("xep_loai_dan_van.dmn", ("<text>80 &lt;= ? &lt; 90</text>", "<text>85 &lt;= ? &lt; 90</text>"))
    assert changed_only(old, new) == (ElementChange("band_good", "Quy tắc (DMN)", "Quy tắc 2", (
        "ô quy tắc 2, cột 'Tổng điểm': '80 <= ? < 90' → '85 <= ? < 90'",
    )),)


def test_reordered_rules_and_a_new_hit_policy_are_changes_of_the_decision():
    old = original("xep_loai_dan_van.dmn")
    text = old.decode()
    good_rule = text[text.index('<rule id="band_good">'):text.index('<rule id="band_done">')]
    first_rule = '<rule id="band_excellent">'
    new = workflow("xep_loai_dan_van.dmn", (good_rule, ""), (first_rule, good_rule + first_rule),
                   ('hitPolicy="UNIQUE"', 'hitPolicy="FIRST"'))
    assert changed_only(old, new) == (ElementChange("xep_loai_dan_van", "Quyết định (DMN)", "Xếp loại theo tổng điểm", (
        "chính sách chọn quy tắc: 'UNIQUE' → 'FIRST'", "thứ tự quy tắc đã đổi",
    )),)


def test_an_added_rule_is_listed_without_reordering_the_others():
    old = original("xep_loai_dan_van.dmn")
    new = workflow("xep_loai_dan_van.dmn", ("</decisionTable>", """<rule id="band_bonus">
        <inputEntry id="band_bonus_total"><text>? &gt; 100</text></inputEntry>
        <outputEntry id="band_bonus_label"><text>"Hoàn thành xuất sắc nhiệm vụ"</text></outputEntry>
      </rule></decisionTable>"""))
    assert diff_definitions(old, new) == DefinitionDiff(
        added=(ElementChange("band_bonus", "Quy tắc (DMN)", "Quy tắc 5"),), removed=(), changed=(), layout_changed=0,
    )


def test_shapes_moved_in_the_diagram_only_count_as_layout_changes():
    old, new = with_diagram("document_receipt.bpmn", 240), with_diagram("document_receipt.bpmn", 300)
    assert diff_definitions(old, new) == DefinitionDiff(added=(), removed=(), changed=(), layout_changed=2)


def test_a_diagram_added_to_a_file_adds_no_elements():
    old = original("document_receipt.bpmn")
    diff = diff_definitions(old, with_diagram("document_receipt.bpmn", 240))
    assert diff == DefinitionDiff(added=(), removed=(), changed=(), layout_changed=4)  # the plane is the process's


def test_an_element_changed_and_moved_is_listed_as_changed_and_not_counted_in_layout():
    old = with_diagram("document_receipt.bpmn", 240)
    new = with_diagram("document_receipt.bpmn", 300).replace(
        'name="Xác nhận đã nhận kế hoạch"'.encode(), 'name="Xác nhận đã nhận"'.encode())
    diff = diff_definitions(old, new)
    assert [c.element_id for c in diff.changed] == ["confirm_receipt"]
    assert diff.layout_changed == 1  # flow_start's edge


def test_an_unsafe_file_is_refused_as_in_deployment():
    old = original("document_receipt.bpmn")
    with pytest.raises(InvalidDefinition):
        diff_definitions(old, b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>')


def test_an_element_moved_out_of_its_sub_process_names_where_it_went():
    old = original("plan_lifecycle.bpmn")
    end_event = ('<bpmn:endEvent id="prepare_end" name="Đã vào sổ">\n'
                 '        <bpmn:incoming>flow_issued</bpmn:incoming>\n      </bpmn:endEvent>')
    new = workflow("plan_lifecycle.bpmn", (end_event, ""), ("</bpmn:process>", end_event + "</bpmn:process>"))
    assert changed_only(old, new) == (ElementChange("prepare_end", "Sự kiện kết thúc", "Đã vào sổ", (
        "chuyển vào 'Xây dựng và ban hành kế hoạch'",
    )),)


def test_a_decision_moved_in_the_dmn_diagram_is_a_layout_change():
    diagram = """<dmndi:DMNDI xmlns:dmndi="https://www.omg.org/spec/DMN/20191111/DMNDI/"
                     xmlns:dc="http://www.omg.org/spec/DMN/20180521/DC/">
      <dmndi:DMNDiagram id="Diagram_xep_loai">
        <dmndi:DMNShape id="Shape_xep_loai" dmnElementRef="xep_loai_dan_van">
          <dc:Bounds height="80" width="180" x="{x}" y="100" />
        </dmndi:DMNShape>
      </dmndi:DMNDiagram>
    </dmndi:DMNDI></definitions>"""
    old, new = (workflow("xep_loai_dan_van.dmn", ("</definitions>", diagram.replace("{x}", x))) for x in ("160", "260"))
    assert diff_definitions(old, new) == DefinitionDiff(added=(), removed=(), changed=(), layout_changed=1)
