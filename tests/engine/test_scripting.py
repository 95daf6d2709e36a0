"""Restricted, time-bounded scripts and expressions, exercised through real workflow runs."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.util.task import TaskState

from engine.bpmn.definitions import parse_definitions, safe_xml
from engine.bpmn.scripting import SafeScriptEngine, SafeWorkflow, make_serializer
from engine.errors import ScriptFailure

BPMN = Path(__file__).parent / "bpmn"

SCRIPT_PROCESS = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Definitions_Script"
                  targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="Process_Script" isExecutable="true">
    <bpmn:startEvent id="StartEvent_1"><bpmn:outgoing>Flow_1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:scriptTask id="Activity_1">
      <bpmn:incoming>Flow_1</bpmn:incoming>
      <bpmn:outgoing>Flow_2</bpmn:outgoing>
      <bpmn:script>{script}</bpmn:script>
    </bpmn:scriptTask>
    <bpmn:endEvent id="EndEvent_1"><bpmn:incoming>Flow_2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Activity_1" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Activity_1" targetRef="EndEvent_1" />
  </bpmn:process>
</bpmn:definitions>
"""


def start(parser: SpiffBpmnParser, process_id: str, data: dict | None = None,
          engine: SafeScriptEngine | None = None) -> SafeWorkflow:
    workflow = SafeWorkflow(parser.get_spec(process_id), parser.get_subprocess_specs(process_id),
                            script_engine=engine)
    for task in workflow.get_tasks(state=TaskState.READY):
        task.data.update(data or {})
    return workflow


def run_script(script: str, data: dict | None = None, time_limit: float = 0.2) -> SafeWorkflow:
    source = SCRIPT_PROCESS.format(script=escape(script)).encode()
    parser = parse_definitions(source, "script.bpmn")
    workflow = start(parser, "Process_Script", data, SafeScriptEngine(time_limit=time_limit))
    workflow.do_engine_steps()
    return workflow


def task_data(workflow: SafeWorkflow, bpmn_id: str) -> dict:
    return next(t for t in workflow.get_tasks() if t.task_spec.bpmn_id == bpmn_id).data


def approval(data: dict, source: bytes | None = None, handler=None) -> SafeWorkflow:
    parser = parse_definitions(source or (BPMN / "approval.bpmn").read_bytes(), "approval.bpmn")
    engine = SafeScriptEngine(time_limit=0.5, service_handler=handler)
    workflow = start(parser, "Process_Approval", data, engine)
    workflow.do_engine_steps()
    return workflow


def test_an_ordinary_script_computes_mutates_data_and_uses_the_date_helpers():
    script = """
total = 0
for item in items:
    total += item['qty'] * item['price']
items.append({'qty': 1, 'price': 0})
summary = {'count': len(items)}
summary['total'] = total
squares = [n * n for n in range(4)]
due = add_working_days(received, 3)
tomorrow = add_days(date(2024, 12, 31), 1)
friday_is_working = is_working_day(received)
national_day_is_working = is_working_day('2024-09-02')
"""
    workflow = run_script(script, {"items": [{"qty": 2, "price": 60}], "received": "2024-04-26"})

    assert workflow.is_completed()
    data = task_data(workflow, "Activity_1")
    assert data["total"] == 120
    assert data["items"][-1] == {"qty": 1, "price": 0}
    assert data["summary"] == {"count": 2, "total": 120}
    assert data["squares"] == [0, 1, 4, 9]
    assert data["due"] == "2024-05-06"  # skips the weekend, 29/4 (a moved day off), 30/4, 1/5
    assert data["tomorrow"] == "2025-01-01"
    assert data["friday_is_working"] is True
    assert data["national_day_is_working"] is False


def test_a_workflow_takes_the_branch_its_gateway_condition_chooses():
    large = approval({"items": [{"qty": 2, "price": 60}], "received": "2024-04-26"})
    waiting = [t.task_spec.bpmn_id for t in large.get_tasks(state=TaskState.READY, manual=True)]
    assert waiting == ["Activity_Sign"]
    assert task_data(large, "Activity_Compute")["deadline"] == "2024-05-06"


def test_a_service_task_calls_the_host_handler_with_evaluated_parameters():
    calls = []

    def handler(task, operation, params):
        calls.append((task.task_spec.bpmn_id, operation, params))
        return {"sent": True}

    workflow = approval({"items": [{"qty": 2, "price": 20}], "received": "2024-04-26"}, handler=handler)

    assert calls == [("Activity_Notify", "notify", {"text": "Tổng: 40"})]
    assert task_data(workflow, "Activity_Notify")["notified"] == {"sent": True}


def test_a_service_task_without_a_handler_is_a_script_failure():
    with pytest.raises(ScriptFailure, match="Không có dịch vụ.*notify.*Activity_Notify"):
        approval({"items": [], "received": "2024-04-26"})


def test_a_failing_script_reaches_the_caller_as_script_failure_naming_the_element():
    with pytest.raises(ScriptFailure) as caught:
        run_script("x = 1\ny = missing + 1")
    assert caught.value.message == (
        "Tập lệnh tại 'Activity_1' lỗi ở dòng 2: NameError: name 'missing' is not defined"
    )


def test_a_failing_gateway_condition_names_the_gateway():
    source = (BPMN / "approval.bpmn").read_bytes().replace(b"total &gt; 100", b"totl &gt; 100")
    with pytest.raises(ScriptFailure, match="Biểu thức điều kiện tại 'Gateway_Amount' lỗi: NameError"):
        approval({"items": [], "received": "2024-04-26"}, source)


def test_a_runaway_gateway_condition_is_stopped():
    runaway = b"len([a for a in range(10 ** 6) for b in range(10 ** 6)]) &gt; 0"
    source = (BPMN / "approval.bpmn").read_bytes().replace(b"total &gt; 100", runaway)
    with pytest.raises(ScriptFailure, match="Gateway_Amount' chạy quá 0,5 giây và đã bị dừng"):
        approval({"items": [], "received": "2024-04-26"}, source)


@pytest.mark.parametrize("script", [
    "__import__('os').system('true')",
    "content = open('/etc/passwd').read()",
    "classes = ().__class__.__base__.__subclasses__()",
    "cls = getattr(1, '__class__')",
    "text = '{0.__class__}'.format(1)",
    "import os",
    "class Escape:\n    pass",
    "frame = (lambda: 0).__code__",
])
def test_a_script_cannot_reach_the_interpreter(script):
    with pytest.raises(ScriptFailure, match="Tập lệnh tại 'Activity_1'"):
        run_script(script)


@pytest.mark.parametrize("script", [
    "while True:\n    pass",
    "n = 0\nwhile True:\n    try:\n        n += 1\n    except:\n        pass",
    "try:\n    while True:\n        pass\nexcept Exception:\n    pass\nfinally:\n    x = 1",
    "total = sum(a * b for a in range(10 ** 6) for b in range(10 ** 6))",
    "f = lambda n: n and f(n - 1) + f(n - 1)\nx = f(200)",
])
def test_a_runaway_script_is_stopped(script):
    with pytest.raises(ScriptFailure, match="Tập lệnh tại 'Activity_1' chạy quá 0,2 giây và đã bị dừng"):
        run_script(script)


def test_deep_recursion_is_a_script_failure():
    with pytest.raises(ScriptFailure, match="Activity_1.*RecursionError"):
        run_script("def f(n):\n    return f(n + 1)\nf(0)")


@pytest.mark.parametrize("script", [
    "x = 10 ** 10 ** 8",
    "x = 1 << 10 ** 9",
    "s = 'a' * 10 ** 10",
    "n = 3\nn **= 10 ** 8",
    "xs = list(range(10 ** 10))",
    "xs = sorted(range(10 ** 12))",
    "s = 'a' * 600000\nt = s + s",
])
def test_a_single_huge_operation_is_refused(script):
    with pytest.raises(ScriptFailure, match="Activity_1.*OverflowError"):
        run_script(script)


def test_a_failed_script_leaves_task_data_unchanged():
    source = SCRIPT_PROCESS.format(script="items.append(2)\nmissing").encode()
    workflow = start(parse_definitions(source, "s.bpmn"), "Process_Script", {"items": [1]})
    with pytest.raises(ScriptFailure):
        workflow.do_engine_steps()
    assert task_data(workflow, "Activity_1")["items"] == [1]


def test_sum_adds_numbers_only_so_it_cannot_concatenate_quadratically():
    with pytest.raises(ScriptFailure, match="Activity_1.*TypeError: sum"):
        run_script("flat = sum([[1], [2]], [])")


def test_a_script_may_not_leave_values_that_json_cannot_store():
    with pytest.raises(ScriptFailure, match="Activity_1.*'d'.*JSON"):
        run_script("d = date(2024, 1, 1)")


def test_an_expression_may_not_return_code_that_would_run_outside_the_deadline():
    source = (BPMN / "approval.bpmn").read_bytes().replace(b"total &gt; 100", b"lambda: total")
    with pytest.raises(ScriptFailure, match="Gateway_Amount' trả về giá trị kiểu function"):
        approval({"items": [], "received": "2024-04-26"}, source)


def test_a_failing_decision_table_is_a_script_failure_naming_the_business_rule_task():
    parser = SpiffBpmnParser()
    parser.add_dmn_xml(safe_xml((BPMN / "level.dmn").read_bytes()), "level.dmn")
    parser.add_bpmn_xml(safe_xml((BPMN / "decide.bpmn").read_bytes()), "decide.bpmn")

    decided = start(parser, "Process_Decide", {"score": 90})
    decided.do_engine_steps()
    assert decided.is_completed() and task_data(decided, "Activity_Decide")["level"] == "A"

    failing = start(parser, "Process_Decide", {})
    with pytest.raises(ScriptFailure, match="Bảng quyết định tại 'Activity_Decide' lỗi: NameError"):
        failing.do_engine_steps()


def test_a_deserialized_workflow_and_its_subprocesses_keep_the_safe_engine():
    parser = parse_definitions((BPMN / "subprocess.bpmn").read_bytes(), "subprocess.bpmn")
    workflow = start(parser, "Process_Outer")
    workflow.do_engine_steps()
    serializer = make_serializer()

    restored = serializer.deserialize_json(serializer.serialize_json(workflow))

    assert isinstance(restored, SafeWorkflow)
    assert isinstance(restored.script_engine, SafeScriptEngine)
    assert [sp.script_engine for sp in restored.subprocesses.values()] == [restored.script_engine]
    [review] = restored.get_tasks(state=TaskState.READY, manual=True)
    review.run()
    restored.do_engine_steps()
    assert restored.is_completed()
    assert task_data(restored, "Activity_Inner")["reviewed"] == "2025-01-01"


def test_state_written_by_a_stock_serializer_is_restored_as_a_safe_workflow():
    parser = parse_definitions((BPMN / "subprocess.bpmn").read_bytes(), "subprocess.bpmn")
    stock = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SPIFF_CONFIG))
    unsafe = BpmnWorkflow(parser.get_spec("Process_Outer"), parser.get_subprocess_specs("Process_Outer"))

    restored = make_serializer().deserialize_json(stock.serialize_json(unsafe))

    assert isinstance(restored, SafeWorkflow)
    assert isinstance(restored.script_engine, SafeScriptEngine)


def test_a_safe_workflow_refuses_the_unrestricted_engine():
    parser = parse_definitions((BPMN / "subprocess.bpmn").read_bytes(), "subprocess.bpmn")
    workflow = start(parser, "Process_Outer")
    with pytest.raises(TypeError):
        workflow.script_engine = PythonScriptEngine()
    with pytest.raises(TypeError):
        SafeWorkflow(parser.get_spec("Process_Outer"), script_engine=PythonScriptEngine())
