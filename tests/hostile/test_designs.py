"""Hostile designs: regular expressions that backtrack, oversized texts, process graphs that never wait.

Each is refused with a Vietnamese message naming the element, quickly, and nothing is stored: at deployment
where it can be seen, at run time (an incident, the instance unchanged) where it slipped through.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from html import escape
from pathlib import Path

import pytest
from sqlalchemy import func, select

from engine.bpmn import definitions
from engine.bpmn.definitions import MAX_DMN_CELL_CHARS, MAX_EXPRESSION_CHARS, validate_definition
from engine.bpmn.deployment import deploy
from engine.bpmn.forms import MAX_FORM_SCHEMA_CHARS, MAX_PATTERN_CHARS, schema_problem, validate_form
from engine.bpmn.runtime import start_instance
from engine.errors import ExecutionFailure, InvalidDefinition, InvalidInput
from engine.host import PlanflowHandlers
from engine.models import AuditEntry, Definition, HumanTask, Incident, ProcessInstance
from engine.org.units import get_unit, get_user

ROOT = Path(__file__).resolve().parents[2]
OPERATIONS = set(PlanflowHandlers.operations)
HANG_BOUND = 5.0  # seconds: "did not hang", generous on a loaded machine
EVIL = "^(a+)+$"
EVIL_INPUT = "a" * 30 + "!"


@contextmanager
def quickly() -> Iterator[None]:
    started = time.monotonic()
    yield
    assert time.monotonic() - started < HANG_BOUND


def refused(data: bytes, filename: str = "hostile.bpmn") -> InvalidDefinition:
    with quickly(), pytest.raises(InvalidDefinition) as caught:
        validate_definition(data, filename, service_operations=OPERATIONS)
    assert "Traceback" not in caught.value.message
    return caught.value


def process(body: str, process_id: str = "hostile") -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                  xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core" id="d" targetNamespace="t">
  <bpmn:process id="{process_id}" isExecutable="true">
    <bpmn:laneSet id="ls"><bpmn:lane id="l" name="Chuyên viên"><bpmn:flowNodeRef>ask</bpmn:flowNodeRef></bpmn:lane>
    </bpmn:laneSet>
    {body}
  </bpmn:process>
</bpmn:definitions>""".encode()


def form_task(schema: dict | str) -> bytes:
    text = schema if isinstance(schema, str) else json.dumps(schema, ensure_ascii=False)
    return process(f"""
    <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="ask" />
    <bpmn:userTask id="ask" name="Nhập mã hồ sơ"><bpmn:extensionElements><spiffworkflow:properties>
      <spiffworkflow:property name="formSchema" value="{escape(text, quote=True)}" />
    </spiffworkflow:properties></bpmn:extensionElements></bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="ask" targetRef="e" /><bpmn:endEvent id="e" />""")


def code_form(pattern: str) -> dict:
    return {"type": "object", "properties": {"code": {"type": "string", "title": "Mã hồ sơ", "pattern": pattern}}}


# The ask task waits; after it, `g` and `a` feed each other forever (g's way out is never taken).
LOOP_AFTER_TASK = """
    <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="ask" />
    <bpmn:userTask id="ask" name="Nhập số" /><bpmn:sequenceFlow id="f2" sourceRef="ask" targetRef="g" />
    <bpmn:exclusiveGateway id="g" name="Còn lặp?" default="back" />
    <bpmn:sequenceFlow id="out" sourceRef="g" targetRef="e"><bpmn:conditionExpression>False</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="back" sourceRef="g" targetRef="a" />
    <bpmn:scriptTask id="a" name="Đếm"><bpmn:script>n = 1</bpmn:script></bpmn:scriptTask>
    <bpmn:sequenceFlow id="f3" sourceRef="a" targetRef="g" /><bpmn:endEvent id="e" />"""
LOOP_AT_START = LOOP_AFTER_TASK.replace('targetRef="ask" />', 'targetRef="g" />', 1).replace(
    'id="f2" sourceRef="ask" targetRef="g" />', 'id="f2" sourceRef="ask" targetRef="e" />')
PARALLEL_SELF = """
    <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="p" />
    <bpmn:parallelGateway id="p" name="Tách" />
    <bpmn:sequenceFlow id="again" sourceRef="p" targetRef="p" />
    <bpmn:sequenceFlow id="f2" sourceRef="p" targetRef="ask" />
    <bpmn:userTask id="ask" name="Nhập số" /><bpmn:sequenceFlow id="f3" sourceRef="ask" targetRef="e" />
    <bpmn:endEvent id="e" />"""
SCRIPT_PAIR = """
    <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="ask" />
    <bpmn:userTask id="ask" name="Nhập số" /><bpmn:sequenceFlow id="f2" sourceRef="ask" targetRef="a" />
    <bpmn:scriptTask id="a" name="Tính"><bpmn:script>x = 1</bpmn:script></bpmn:scriptTask>
    <bpmn:sequenceFlow id="f3" sourceRef="a" targetRef="b" />
    <bpmn:scriptTask id="b" name="Báo"><bpmn:script>y = x</bpmn:script></bpmn:scriptTask>
    <bpmn:sequenceFlow id="f4" sourceRef="b" targetRef="a" />"""
LOOP_IN_SUBPROCESS = """
    <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="ask" />
    <bpmn:userTask id="ask" name="Nhập số" /><bpmn:sequenceFlow id="f2" sourceRef="ask" targetRef="sub" />
    <bpmn:subProcess id="sub" name="Xử lý">
      <bpmn:startEvent id="ss" /><bpmn:sequenceFlow id="sf1" sourceRef="ss" targetRef="sg" />
      <bpmn:exclusiveGateway id="sg" default="sback" />
      <bpmn:sequenceFlow id="sout" sourceRef="sg" targetRef="se">
        <bpmn:conditionExpression>False</bpmn:conditionExpression></bpmn:sequenceFlow>
      <bpmn:sequenceFlow id="sback" sourceRef="sg" targetRef="sa" />
      <bpmn:scriptTask id="sa" name="Đếm trong"><bpmn:script>n = 1</bpmn:script></bpmn:scriptTask>
      <bpmn:sequenceFlow id="sf2" sourceRef="sa" targetRef="sg" /><bpmn:endEvent id="se" />
    </bpmn:subProcess>
    <bpmn:sequenceFlow id="f3" sourceRef="sub" targetRef="e" /><bpmn:endEvent id="e" />"""
LINK_LOOP = """
    <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="ask" />
    <bpmn:userTask id="ask" name="Nhập số" /><bpmn:sequenceFlow id="f2" sourceRef="ask" targetRef="catch" />
    <bpmn:intermediateCatchEvent id="catch" name="Lại"><bpmn:linkEventDefinition id="l1" name="lai" />
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f3" sourceRef="catch" targetRef="a" />
    <bpmn:scriptTask id="a" name="Tính"><bpmn:script>x = 1</bpmn:script></bpmn:scriptTask>
    <bpmn:sequenceFlow id="f4" sourceRef="a" targetRef="throw" />
    <bpmn:intermediateThrowEvent id="throw" name="Về"><bpmn:linkEventDefinition id="l2" name="lai" />
    </bpmn:intermediateThrowEvent>"""


# --- (4) Regular expressions run on RE2 ---------------------------------------------------------------------


@pytest.mark.parametrize("pattern, why", [
    (r"^(\d+)-\1$", "tham chiếu ngược"),
    (r"^(?=.*\d)\w+$", "(?="),
    (r"(?<!x)y", "(?<!"),
    (r"^(?!ab)", "(?!"),
    ("(", "missing )"),
])
def test_a_pattern_re2_cannot_compile_is_refused_at_deploy_naming_the_task(pattern: str, why: str) -> None:
    error = refused(form_task(code_form(pattern)))
    [problem] = error.problems
    assert problem.element_id == "ask"
    assert "properties/code/pattern" in problem.message and why in problem.message


def test_pattern_property_names_and_overlong_patterns_are_refused_at_deploy() -> None:
    backreference = {"type": "object", "patternProperties": {r"^(\w)\1$": {"type": "string"}}}
    [problem] = refused(form_task(backreference)).problems
    assert problem.element_id == "ask" and "patternProperties" in problem.message
    [problem] = refused(form_task(code_form("a" * (MAX_PATTERN_CHARS + 1)))).problems
    assert f"vượt quá giới hạn {MAX_PATTERN_CHARS}" in problem.message
    items = {"type": "string", "pattern": r"(a)\1"}
    nested = {"type": "object", "properties": {"list": {"type": "array", "items": items}}}
    [problem] = refused(form_task(nested)).problems
    assert "properties/list/items/pattern" in problem.message
    mixed = {"type": "object", "patternProperties": {"^x": {}}, "unevaluatedProperties": False}
    [problem] = refused(form_task(mixed)).problems
    assert "unevaluatedProperties" in problem.message


def test_oversized_and_deeply_nested_form_schemas_are_refused_before_parsing() -> None:
    huge = json.dumps({"type": "object", "description": "x" * MAX_FORM_SCHEMA_CHARS})
    [problem] = refused(form_task(huge)).problems
    assert problem.element_id == "ask" and f"vượt quá giới hạn {MAX_FORM_SCHEMA_CHARS}" in problem.message
    with quickly():
        assert schema_problem("[" * 50_000 + "]" * 50_000) == "formSchema lồng nhau quá sâu"
        deep = '{"type": "object", "properties": {"a": ' + '{"not": ' * 5_000 + "{}" + "}" * 5_000 + "}}"
        assert schema_problem(deep) == "formSchema lồng nhau quá sâu"


def test_a_backtracking_pattern_deploys_and_judges_hostile_input_in_linear_time() -> None:
    assert schema_problem(json.dumps(code_form(EVIL))) is None
    for text in (EVIL_INPUT, "a" * 5_000 + "!", "a" * 100_000 + "b"):
        with quickly(), pytest.raises(InvalidInput) as caught:
            validate_form(code_form(EVIL), {"code": text})
        assert caught.value.fields["code"].startswith("'Mã hồ sơ' không đúng định dạng yêu cầu")
    assert validate_form(code_form(EVIL), {"code": "aaaa"}) == {"code": "aaaa"}


def test_pattern_properties_and_additional_properties_use_re2() -> None:
    schema = {"type": "object", "properties": {"code": {}},
              "patternProperties": {EVIL: {"type": "integer"}, "^(x+x+)+y$": {"type": "integer"}},
              "additionalProperties": False}
    with quickly(), pytest.raises(InvalidInput) as caught:
        validate_form(schema, {EVIL_INPUT: 1, "x" * 40: 2})
    assert set(caught.value.fields) >= {EVIL_INPUT, "x" * 40}
    nested = {"type": "object", "properties": {"group": {
        "type": "object", "patternProperties": {EVIL: {"type": "integer"}}, "additionalProperties": False}}}
    for key in (EVIL_INPUT, "x" * 40, "aaaa" * 1_000 + "!"):
        with quickly(), pytest.raises(InvalidInput, match="trường không được phép"):
            validate_form(nested, {"group": {key: 1}})
    assert validate_form(nested, {"group": {"aaa": 3}}) == {"group": {"aaa": 3}}


def test_a_schema_stored_before_the_rule_refuses_the_data_instead_of_running_it_on_re() -> None:
    for pattern in (r"^(a+)+\1$", "(?=a)(a+)+$", "a" * (MAX_PATTERN_CHARS + 1)):
        with quickly(), pytest.raises(InvalidInput, match="mẫu"):
            validate_form(code_form(pattern), {"code": EVIL_INPUT})
    legacy = {"type": "object", "properties": {"group": {"type": "object", "patternProperties": {"^x": {}},
                                                          "unevaluatedProperties": False}}}
    with pytest.raises(InvalidInput, match="unevaluatedProperties"):
        validate_form(legacy, {"group": {"y": 1}})


def test_a_backtracking_pattern_submitted_through_a_task_is_refused_at_once_and_nothing_changes(demo3, driver):
    instance_id = deploy_and_start(demo3, form_task(code_form(EVIL)))
    task = driver.task("officer.298", "Nhập mã hồ sơ")
    before = snapshot(demo3, instance_id)
    for text in (EVIL_INPUT, "a" * 50_000 + "!"):
        with quickly(), pytest.raises(InvalidInput, match="Mã hồ sơ"):
            driver.complete("officer.298", task["id"], {"code": text})
    assert snapshot(demo3, instance_id) == before


# --- (4) Sizes bounded before compiling -----------------------------------------------------------------------


def test_oversized_scripts_and_conditions_are_refused_by_size_naming_the_element() -> None:
    long_script = "x = 1\n" * (MAX_EXPRESSION_CHARS // 6 + 1)
    body = LOOP_AFTER_TASK.replace("<bpmn:script>n = 1</bpmn:script>", f"<bpmn:script>{long_script}</bpmn:script>")
    body = body.replace("<bpmn:conditionExpression>False", "<bpmn:conditionExpression>" + "1 + " * 6_000 + "False")
    body = body.replace('id="f3" sourceRef="a" targetRef="g" />', 'id="f3" sourceRef="a" targetRef="ask" />')
    error = refused(process(body))
    by_id = {p.element_id: p.message for p in error.problems}
    assert "có tập lệnh dài" in by_id["a"] and f"giới hạn {MAX_EXPRESSION_CHARS}" in by_id["a"]
    assert "có biểu thức điều kiện dài" in by_id["out"]


@pytest.mark.parametrize("cell", [
    ", ".join(['"x"'] * 10_000),
    "? > 1 and " * 5_000 + "True",
    "(" * 3_000 + ")" * 3_000,
    "1" * 40_000,
])
def test_an_oversized_decision_table_cell_is_refused_by_size_first(cell: str) -> None:
    source = (ROOT / "workflows" / "xep_loai_dan_van.dmn").read_text("utf-8")
    first = re.search(r'<inputEntry id="([^"]+)">\s*<text>([^<]*)</text>', source)
    assert first
    data = source.replace(first.group(0), first.group(0).replace(first.group(2), escape(cell, quote=False)), 1)
    error = refused(data.encode(), "hostile.dmn")
    [problem] = error.problems
    assert problem.element_id == first.group(1)
    assert f"vượt quá giới hạn {MAX_DMN_CELL_CHARS}" in problem.message


# --- (11) Process graphs that never wait: refused at deploy ---------------------------------------------------


@pytest.mark.parametrize("body, first, members", [
    (LOOP_AFTER_TASK, "g", ["'g' (Còn lặp?)", "'a' (Đếm)"]),
    (LOOP_AT_START, "g", ["'g' (Còn lặp?)", "'a' (Đếm)"]),
    (PARALLEL_SELF, "p", ["'p' (Tách)"]),
    (SCRIPT_PAIR, "a", ["'a' (Tính)", "'b' (Báo)"]),
    (LOOP_IN_SUBPROCESS, "sg", ["'sg'", "'sa' (Đếm trong)"]),
    (LINK_LOOP, "catch", ["'catch' (Lại)", "'a' (Tính)", "'throw' (Về)"]),
])
def test_a_cycle_without_a_wait_is_refused_at_deploy_naming_its_elements(body: str, first: str, members: list) -> None:
    error = refused(process(body))
    cycles = [p for p in error.problems if "vòng lặp không có bước chờ" in p.message]
    assert [p.element_id for p in cycles] == [first]
    assert all(member in cycles[0].message for member in members)
    assert "'ask'" not in cycles[0].message and "'e'" not in cycles[0].message


def test_cycles_through_a_wait_deploy() -> None:
    through_task = LOOP_AFTER_TASK.replace('id="back" sourceRef="g" targetRef="a" />',
                                           'id="back" sourceRef="g" targetRef="ask" />')
    through_timer = LOOP_AFTER_TASK.replace(
        '<bpmn:scriptTask id="a" name="Đếm"><bpmn:script>n = 1</bpmn:script></bpmn:scriptTask>',
        '<bpmn:intermediateCatchEvent id="a" name="Chờ một ngày"><bpmn:timerEventDefinition>'
        '<bpmn:timeDuration>"P1D"</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>')
    through_waiting_subprocess = LOOP_AFTER_TASK.replace(
        '<bpmn:scriptTask id="a" name="Đếm"><bpmn:script>n = 1</bpmn:script></bpmn:scriptTask>',
        '<bpmn:subProcess id="a" name="Chờ"><bpmn:startEvent id="ss" />'
        '<bpmn:sequenceFlow id="sf" sourceRef="ss" targetRef="again" />'
        '<bpmn:intermediateCatchEvent id="again"><bpmn:timerEventDefinition><bpmn:timeDuration>"P1D"'
        '</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>'
        '<bpmn:sequenceFlow id="sf2" sourceRef="again" targetRef="se" /><bpmn:endEvent id="se" /></bpmn:subProcess>')
    for body in (through_task, through_timer, through_waiting_subprocess):
        with quickly():
            assert validate_definition(process(body), "ok.bpmn", service_operations=OPERATIONS).main_id == "hostile"


@pytest.mark.parametrize("path", sorted([*(ROOT / "workflows").glob("*.bpmn"), *(ROOT / "workflows").glob("*.dmn"),
                                         ROOT / "tests/engine/bpmn/approval.bpmn",
                                         ROOT / "tests/engine/bpmn/subprocess.bpmn",
                                         ROOT / "tests/engine/bpmn/level.dmn"]), ids=lambda p: p.name)
def test_the_shipped_files_and_their_approve_return_loops_still_deploy(path: Path) -> None:
    with quickly():
        validate_definition(path.read_bytes(), path.name, service_operations=OPERATIONS | {"notify"})


def test_no_reference_file_is_refused_for_a_cycle() -> None:
    for path in sorted((ROOT / "tests" / "data").rglob("*.bpmn")):
        try:
            validate_definition(path.read_bytes(), path.name, service_operations=OPERATIONS)
        except InvalidDefinition as error:
            assert "vòng lặp không có bước chờ" not in error.message, path.name


def test_a_refused_deploy_stores_nothing(demo3) -> None:
    with demo3.unit_of_work() as ctx:
        before = ctx.session.scalar(select(func.count()).select_from(Definition))
    for data in (process(LOOP_AFTER_TASK), process(PARALLEL_SELF), form_task(code_form(r"(a)\1"))):
        with pytest.raises(InvalidDefinition), demo3.unit_of_work() as ctx:
            deploy(ctx.session, data, "hostile.bpmn", "designer.30", OPERATIONS, ctx.now())
    with demo3.unit_of_work() as ctx:
        assert ctx.session.scalar(select(func.count()).select_from(Definition)) == before
        hostile = select(func.count()).select_from(Definition).where(Definition.main_id == "hostile")
        assert ctx.session.scalar(hostile) == 0


# --- (11) ... and stopped at run time when one slips through (deployed before the rule) -----------------------


@pytest.fixture
def before_the_rule(monkeypatch):
    """Definitions deployed before the cycle rule existed: the runtime must stop them on its own."""
    monkeypatch.setattr(definitions, "_cycle_problems", lambda node: [])


def deploy_and_start(planflow, data: bytes) -> int:
    with planflow.unit_of_work() as ctx:
        deploy(ctx.session, data, "hostile.bpmn", "designer.30", OPERATIONS, ctx.now())
        ctx.actor = get_user(ctx.session, "officer.298")
        return start_instance(ctx, "hostile", get_unit(ctx.session, "298", ctx.clock.today()), {}).id


def snapshot(planflow, instance_id: int) -> tuple:
    with planflow.unit_of_work() as ctx:
        instance = ctx.session.get(ProcessInstance, instance_id)
        tasks = ctx.session.execute(select(HumanTask.id, HumanTask.status).where(HumanTask.instance_id == instance_id)
                                    .order_by(HumanTask.id)).all()
        audit = ctx.session.scalar(select(func.count()).select_from(AuditEntry))
        return instance.state, instance.status, instance.row_version, tuple(tasks), audit


def incidents(planflow, instance_id: int) -> list[Incident]:
    with planflow.unit_of_work() as ctx:
        return list(ctx.session.scalars(select(Incident).where(Incident.instance_id == instance_id)))


@pytest.mark.parametrize("body, element", [(LOOP_AFTER_TASK, {"g", "a"}), (LOOP_IN_SUBPROCESS, {"sg", "sa"})])
def test_a_cycle_reached_by_a_completion_is_an_incident_never_a_false_completion(
        demo3, driver, before_the_rule, body: str, element: set) -> None:
    instance_id = deploy_and_start(demo3, process(body))
    task = driver.task("officer.298", "Nhập số")
    before = snapshot(demo3, instance_id)
    with quickly(), pytest.raises(ExecutionFailure) as caught:
        driver.complete("officer.298", task["id"], {})
    assert "vòng lặp không có bước chờ" in caught.value.message and "Traceback" not in caught.value.message
    assert snapshot(demo3, instance_id) == before
    assert snapshot(demo3, instance_id)[1] == "running"
    [incident] = incidents(demo3, instance_id)
    assert (incident.status, incident.action) == ("open", "complete")
    assert incident.element_id in element and incident.error == caught.value.message


@pytest.mark.parametrize("body, expected", [
    (LOOP_AT_START, "vòng lặp không có bước chờ"),
    (PARALLEL_SELF, "bước 'p': quy trình lồng hoặc lặp quá sâu (RecursionError)"),
    (SCRIPT_PAIR, "quy trình lồng hoặc lặp quá sâu (RecursionError)"),  # Spiff predicts a and b while creating it
])
def test_a_process_that_loops_from_its_start_is_refused_and_no_instance_is_stored(
        demo3, before_the_rule, body: str, expected: str) -> None:
    with demo3.unit_of_work() as ctx:
        instances = ctx.session.scalar(select(func.count()).select_from(ProcessInstance))
    for _ in range(2):
        with quickly(), pytest.raises(ExecutionFailure) as caught:
            deploy_and_start(demo3, process(body))
        assert expected in caught.value.message and "Traceback" not in caught.value.message
    with demo3.unit_of_work() as ctx:
        assert ctx.session.scalar(select(func.count()).select_from(ProcessInstance)) == instances
        assert ctx.session.scalar(select(func.count()).select_from(Definition)
                                  .where(Definition.main_id == "hostile")) == 0
