"""Safe parsing and deploy-time validation of BPMN and DMN files.

Designers upload these files, so they are untrusted input twice over: as XML (external entities can
read server files, entity expansion can exhaust memory) and as code (every expression is Python
that SpiffWorkflow evaluates). Parsing therefore refuses any DOCTYPE/ENTITY before lxml sees the
file and parses with entity resolution, DTD loading and network access off. lxml>=5 is pinned
because lxml 4.9 leaked external entities even with these options. Validation compiles every
expression with the same restricted compiler that runs them (engine.bpmn.scripting), so a file that
deploys cleanly cannot fail on a refused construct later, and it reports every problem at once,
each tied to the BPMN/DMN element id the designer sees in the modeller.
"""

from __future__ import annotations

import ast
import copy
import functools
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, Literal

from lxml import etree
from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnValidator
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.bpmn.specs.event_definitions.conditional import ConditionalEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.message import MessageEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.subworkflow_task import SubWorkflowTask
from SpiffWorkflow.dmn.engine.DMNEngine import DMNEngine
from SpiffWorkflow.dmn.parser.BpmnDmnParser import SCHEMAS as DMN_SCHEMAS
from SpiffWorkflow.dmn.specs.model import DecisionTable
from SpiffWorkflow.spiff.parser.process import VALIDATOR, SpiffBpmnParser
from SpiffWorkflow.spiff.specs.mixins.service_task import ServiceTask

from engine.bpmn.forms import schema_problem
from engine.bpmn.problems import (
    SEVERAL_OUTGOING,
    UNCONDITIONED_BRANCH,
    Elements,
    code_errors,
    foreign_expression_hint,
    from_validation,
    named,
    sentences,
)
from engine.bpmn.problems import schema_problem as xml_schema_problem
from engine.bpmn.scripting import Mode, restricted_problems
from engine.errors import DefinitionProblem, InvalidDefinition
from engine.models.plan import PlanStatus
from engine.models.reporting import ObligationStatus
from engine.org.roles import Role, lane_roles

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
SPIFF_NS = "http://spiffworkflow.org/bpmn/schema/1.0/core"
_NS = {"bpmn": BPMN_NS}

# User-task properties (spiffworkflow:properties) that the host evaluates: engine.bpmn.runtime computes
# a task's deadline from `due`.
EVALUATED_PROPERTIES = ("due",)
# Sizes refused before anything is compiled: compiling (the sandbox's AST walk, DMNEngine's trial parses of a
# cell) grows with the text, and a designer's upload must be judged in well under a second. The shipped files'
# longest script is under 2,000 characters and their longest DMN cell under 100: a script or expression of
# 20,000 characters is a small module, a decision-table cell of 2,000 a long list of values. Form schemas and
# their patterns are bounded where they are checked (engine.bpmn.forms: MAX_FORM_SCHEMA_CHARS, MAX_PATTERN_CHARS).
MAX_EXPRESSION_CHARS = 20_000
MAX_DMN_CELL_CHARS = 2_000
# Spiff names its own task specs 'Start' and 'End'; an element with that id silently replaces one.
_RESERVED_IDS = frozenset({"Start", "End"})

_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_DECLARATION_PROBLEM = "Tệp chứa khai báo DOCTYPE/ENTITY, không được chấp nhận; hãy bỏ khai báo này khỏi tệp."
# lxml validators keep their error log on the (shared) schema object.
_SCHEMA_LOCK = threading.Lock()


@dataclass(frozen=True)
class ValidatedDefinition:
    parser: SpiffBpmnParser
    kind: Literal["bpmn", "dmn"]
    process_ids: list[str]
    decision_ids: list[str]
    main_id: str


def _refuse(message: str, element_id: str | None = None) -> InvalidDefinition:
    return InvalidDefinition([DefinitionProblem(element_id, message)])


# --- XML ---------------------------------------------------------------------------------------


def safe_xml(data: bytes) -> etree._Element:
    """Parse untrusted XML: UTF-8 only, no DOCTYPE/ENTITY, no entity resolution, DTD or network."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _refuse(f"Tệp phải được mã hoá UTF-8 (byte không hợp lệ ở vị trí {exc.start}); hãy lưu lại tệp "
                      "với bảng mã UTF-8.") from None
    # Searched in the raw bytes before lxml runs. They are valid UTF-8 and lxml is told to read them
    # as UTF-8 whatever the file declares, so an encoding label (UTF-7...) cannot hide a declaration.
    if _DECLARATION.search(data):
        raise _refuse(_DECLARATION_PROBLEM)
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=False,
        encoding="utf-8",
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.position[0] if exc.position else exc.lineno
        # lxml's own text is English and may quote parser internals: the line is what the designer needs.
        raise _refuse(f"XML không đúng cú pháp ở dòng {line}: hãy mở tệp bằng trình soạn thảo, sửa dòng này (thẻ "
                      "chưa đóng, ký tự lạ, không gian tên sai) rồi tải lên lại.") from None
    if root.getroottree().docinfo.doctype:
        raise _refuse(_DECLARATION_PROBLEM)
    return root


@functools.cache
def _dmn_validator(namespace: str) -> BpmnValidator:
    return BpmnValidator(DMN_SCHEMAS[namespace])


def _schema_problems(elements: Elements, validator: BpmnValidator) -> list[DefinitionProblem]:
    """Every XSD error (Spiff's own validator reports only the last one)."""
    with _SCHEMA_LOCK:
        validator.preprocess(elements.root)
        if validator.validator.validate(elements.root):
            return []
        errors = [(e.line, e.message) for e in validator.validator.error_log]
    return list(dict.fromkeys(xml_schema_problem(elements, line, message) for line, message in errors))


# --- Parsing -----------------------------------------------------------------------------------


def _kind(root: etree._Element) -> Literal["bpmn", "dmn"]:
    namespace = etree.QName(root).namespace
    if namespace == BPMN_NS:
        return "bpmn"
    if namespace in DMN_SCHEMAS:
        return "dmn"
    shown = namespace or "không có"
    raise _refuse(f"Không phải tệp BPMN hoặc DMN được hỗ trợ (không gian tên gốc: '{shown}'); hãy xuất tệp theo "
                  "chuẩn BPMN 2.0 hoặc DMN.")


_UNREADABLE = ("Không đọc được tệp theo chuẩn BPMN/DMN mà bộ máy quy trình hỗ trợ; hãy mở và lưu lại tệp bằng "
               "trình thiết kế quy trình.")


def _data_store_problems(parser: SpiffBpmnParser, elements: Elements) -> list[DefinitionProblem]:
    """Data stores without an implementation: Spiff refuses the first one before reading any process."""
    predicate = ("chưa được hỗ trợ: bộ máy quy trình không có kho dữ liệu nào; hãy dùng đối tượng dữ liệu "
                 "(dataObject) hoặc bỏ kho dữ liệu này")
    stores = elements.root.iterfind(".//bpmn:dataStore", _NS)
    return [DefinitionProblem(store.get("id"), predicate) for store in stores
            if store.get("name") not in parser.DATA_STORE_CLASSES]


def _parse(data: bytes, filename: str) -> tuple[SpiffBpmnParser, Elements, list[DefinitionProblem]]:
    """The parser, the file's elements, and problems found so far that did not stop the parse (data stores).

    Raises InvalidDefinition (as finished sentences) when nothing more can be read."""
    root = safe_xml(data)
    kind = _kind(root)
    elements = Elements(root)
    validator = VALIDATOR if kind == "bpmn" else _dmn_validator(etree.QName(root).namespace)
    problems = _schema_problems(elements, validator)
    if problems:
        raise InvalidDefinition(sentences(elements, problems))
    parser = SpiffBpmnParser(validator=VALIDATOR)
    stores = _data_store_problems(parser, elements) if kind == "bpmn" else []
    if stores:
        # The file is refused for its stores; a copy without them is read only to report every other problem.
        root = copy.deepcopy(root)
        for store in root.iterfind(".//bpmn:dataStore", _NS):
            store.getparent().remove(store)
    try:
        with _SCHEMA_LOCK:
            if kind == "bpmn":
                parser.add_bpmn_xml(root, filename)
            else:
                parser.add_dmn_xml(root, filename)
    except ValidationException as exc:
        raise InvalidDefinition(sentences(elements, [*stores, from_validation(exc, elements)])) from exc
    except Exception as exc:  # Spiff's parser fails with plain errors on some malformed models
        raise InvalidDefinition(sentences(elements, [*stores, DefinitionProblem(None, _UNREADABLE)])) from exc
    return parser, elements, stores


def parse_definitions(data: bytes, filename: str) -> SpiffBpmnParser:
    """Parse one BPMN or DMN file safely into a SpiffBpmnParser; raise InvalidDefinition."""
    parser, elements, problems = _parse(data, filename)
    if problems:
        raise InvalidDefinition(sentences(elements, problems))
    return parser


# --- Expressions carried by task specs ---------------------------------------------------------

Expression = tuple[str, Mode, str | None]  # (what, compile mode, source)


def _event_label(definition: Any) -> str:
    if isinstance(definition, TimerEventDefinition):
        return "Biểu thức hẹn giờ"
    if isinstance(definition, ConditionalEventDefinition):
        return "Điều kiện sự kiện"
    if isinstance(definition, MessageEventDefinition):
        return "Nội dung thông điệp"
    return "Nội dung sự kiện"


def _event_expressions(definition: Any) -> Iterator[Expression]:
    if definition is None:
        return
    for child in getattr(definition, "event_definitions", None) or []:  # MultipleEventDefinition
        yield from _event_expressions(child)
    expression = getattr(definition, "expression", None)
    if isinstance(expression, str):
        yield _event_label(definition), "eval", expression
    properties = [*(getattr(definition, "correlation_properties", None) or []),
                  *(getattr(definition, "process_correlations", None) or [])]
    for prop in properties:
        yield f"Biểu thức tương quan '{prop.name}'", "eval", prop.retrieval_expression


def _task_expressions(spec: Any) -> Iterator[Expression]:
    if hasattr(spec, "script"):
        yield "Tập lệnh", "exec", spec.script
    scripts = (("prescript", "Tập lệnh trước (preScript)"), ("postscript", "Tập lệnh sau (postScript)"))
    for attr, what in scripts:
        if getattr(spec, attr, None) is not None:
            yield what, "exec", getattr(spec, attr)
    for attr, what in (("condition", "Điều kiện vòng lặp"), ("cardinality", "Số lần lặp")):
        if isinstance(getattr(spec, attr, None), str):
            yield what, "eval", getattr(spec, attr)
    if isinstance(spec, ServiceTask):
        for name, param in spec.operation_params.items():
            yield f"Tham số dịch vụ '{name}'", "eval", param["value"]
    properties = (getattr(spec, "extensions", None) or {}).get("properties") or {}
    for name in EVALUATED_PROPERTIES:
        if name in properties:
            yield f"Thuộc tính '{name}'", "eval", properties[name]
    yield from _event_expressions(getattr(spec, "event_definition", None))


def _lower(what: str) -> str:
    return what[:1].lower() + what[1:]


def _compile_problems(element_id: str, expressions: Iterable[Expression]) -> list[DefinitionProblem]:
    """Predicates about the element (engine.bpmn.problems.sentences names it in front)."""
    problems = []
    for what, mode, source in expressions:
        if source is not None and len(source) > MAX_EXPRESSION_CHARS:
            message = (f"có {_lower(what)} dài {len(source)} ký tự, vượt quá giới hạn {MAX_EXPRESSION_CHARS}; "
                       "hãy rút gọn")
            problems.append(DefinitionProblem(element_id, message))
            continue
        if mode == "eval" and not (source or "").strip():
            message = f"có {_lower(what)} để trống; hãy viết biểu thức Python hoặc bỏ phần tử chứa nó"
            problems.append(DefinitionProblem(element_id, message))
            continue
        errors = restricted_problems(source, mode)
        if errors:
            message = f"có {_lower(what)} không hợp lệ ({code_errors(errors)}){foreign_expression_hint(source or '')}"
            problems.append(DefinitionProblem(element_id, message))
    return problems


def _spec_problems(process_spec: Any, service_operations: set[str]) -> list[DefinitionProblem]:
    problems = []
    if isinstance(getattr(process_spec, "completion_condition", None), str):  # ad hoc subprocess
        condition: list[Expression] = [("Điều kiện hoàn thành", "eval", process_spec.completion_condition)]
        problems += _compile_problems(process_spec.name, condition)
    for spec in process_spec.task_specs.values():
        element_id = getattr(spec, "bpmn_id", None) or spec.name
        problems += _compile_problems(element_id, _task_expressions(spec))
        if isinstance(spec, ServiceTask) and spec.operation_name not in service_operations:
            message = f"gọi thao tác dịch vụ '{spec.operation_name}' không tồn tại; hãy chọn một thao tác có sẵn"
            problems.append(DefinitionProblem(element_id, message))
        problems += _property_problems(element_id, (getattr(spec, "extensions", None) or {}).get("properties") or {})
        if getattr(spec, "manual", False) and not spec.lane:
            problems.append(DefinitionProblem(element_id, "chưa thuộc làn (vai trò) nào nên không ai nhận được "
                                                          "nhiệm vụ này; hãy đặt nhiệm vụ vào một làn"))
    return problems


def _property_problems(element_id: str, properties: dict) -> list[DefinitionProblem]:
    """The user-task properties the host reads: a usable form schema and a known plan status."""
    problems = []
    if "formSchema" in properties and (problem := schema_problem(properties["formSchema"])):
        problems.append(DefinitionProblem(element_id, f"có {problem}; hãy sửa formSchema"))
    for name, statuses in (("planStatus", PlanStatus), ("reportStatus", ObligationStatus)):
        status = properties.get(name)
        if status is not None and status not in set(statuses):
            known = ", ".join(statuses)
            message = f"có {name} '{status}' không tồn tại; hãy chọn một trong: {known}"
            problems.append(DefinitionProblem(element_id, message))
    return problems


# --- Checks that need the XML: flow ids and lanes do not survive into the specs ------------------


def _condition_problems(process: etree._Element) -> list[DefinitionProblem]:
    problems = []
    for flow in process.iterfind(".//bpmn:sequenceFlow", _NS):
        condition = flow.find("bpmn:conditionExpression", _NS)
        if condition is not None:
            expression: list[Expression] = [("Biểu thức điều kiện", "eval", condition.text)]
            problems += _compile_problems(flow.get("id"), expression)
    return problems


def _flow_problems(process: etree._Element) -> list[DefinitionProblem]:
    """A flow whose end names no element beside it: the parser drops such a flow without a word."""
    problems = []
    for flow in process.iterfind(".//bpmn:sequenceFlow", _NS):
        siblings = {element.get("id") for element in flow.getparent()}
        for end, label in (("sourceRef", "nguồn"), ("targetRef", "đích")):
            if flow.get(end) not in siblings:
                message = (f"có {label} '{flow.get(end) or ''}' không phải phần tử cùng quy trình; hãy nối luồng "
                           "giữa hai phần tử trong cùng một quy trình")
                problems.append(DefinitionProblem(flow.get("id"), message))
    return problems


# What SpiffWorkflow's parser lets split (TaskParser.handles_multiple_outgoing, 3.2.0), and the gateways whose
# outgoing flows each need a condition unless default (ConditionalGatewayParser) when there are several.
_SPLITTING = frozenset({"exclusiveGateway", "inclusiveGateway", "parallelGateway", "eventBasedGateway",
                        "complexGateway", "startEvent"})
_CONDITIONAL = frozenset({"exclusiveGateway", "inclusiveGateway"})


def _branch_problems(process: etree._Element) -> list[DefinitionProblem]:
    """Every element the parser refuses for its outgoing flows. The parser stops at the first one of a process, so a
    designer fixing a file from a tool that splits on tasks (Bizagi) would meet them one deployment at a time."""
    outgoing: dict[tuple[etree._Element, str], list[etree._Element]] = {}
    for flow in process.iterfind(".//bpmn:sequenceFlow", _NS):
        outgoing.setdefault((flow.getparent(), flow.get("sourceRef") or ""), []).append(flow)
    problems = []
    for (container, source_id), flows in outgoing.items():
        source = next((e for e in container if e.get("id") == source_id), None)
        if source is None or len(flows) < 2:
            continue
        kind = _local(source)
        if kind not in _SPLITTING:
            problems.append(DefinitionProblem(source_id, SEVERAL_OUTGOING))
        elif kind in _CONDITIONAL:
            problems += [DefinitionProblem(flow.get("id"), UNCONDITIONED_BRANCH) for flow in flows
                         if flow.get("id") != source.get("default") and _condition_text(flow) is None]
    return problems


def _condition_text(flow: etree._Element) -> str | None:
    condition = flow.find("bpmn:conditionExpression", _NS)
    return condition.text if condition is not None else None


def _lane_problems(process: etree._Element) -> list[DefinitionProblem]:
    codes = ", ".join(role.value for role in Role)
    problems = []
    for lane in process.iterfind(".//bpmn:lane", _NS):
        if lane.find("bpmn:childLaneSet", _NS) is None and not lane_roles(lane.get("name")):
            message = f"không ứng với vai trò nào; hãy đặt tên làn là mã hoặc tên một vai trò ({codes})"
            problems.append(DefinitionProblem(lane.get("id"), message))
    return problems


def _reserved_id_problems(process: etree._Element) -> list[DefinitionProblem]:
    reserved = _RESERVED_IDS | {f"{process.get('id')}.EndJoin"}
    message = "có mã trùng tên nội bộ của bộ máy quy trình; hãy đổi mã khác"
    return [
        DefinitionProblem(element.get("id"), message)
        for element in process.iter(etree.Element) if element.get("id") in reserved
    ]


# --- Cycles that never wait ---------------------------------------------------------------------
#
# SpiffWorkflow runs engine steps until none is READY; a cycle of engine steps only stops when its task tree
# grows past the depth SpiffWorkflow's task iterator looks at (1,000), and the instance then reads as completed,
# or a parallel gateway feeding itself overflows the stack. So every cycle of the sequence-flow graph of a
# process or sub-process must pass through a step that waits for someone or something. When in doubt a step
# counts as waiting (a call activity, a sub-process holding any waiting step, an activity bearing a timer,
# message, signal or conditional boundary event): the runtime stops what slips through (engine.bpmn.runtime).

_CONTAINERS = ("process", "subProcess", "transaction", "adHocSubProcess")
# A plain bpmn:task is SpiffWorkflow's NoneTask, manual like a user task: it waits for someone.
_WAITING = frozenset({"task", "userTask", "manualTask", "receiveTask", "intermediateCatchEvent", "eventBasedGateway",
                      "callActivity"})
_TRIGGERS = frozenset({"timerEventDefinition", "messageEventDefinition", "signalEventDefinition",
                       "conditionalEventDefinition"})


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _link_name(element: etree._Element) -> str | None:
    link = element.find("bpmn:linkEventDefinition", _NS)
    return None if link is None else link.get("name") or element.get("name") or ""


def _externally_triggered(boundary: etree._Element) -> bool:
    return any(_local(child) in _TRIGGERS for child in boundary)


def _waits(element: etree._Element, bearing: set[str]) -> bool:
    kind = _local(element)
    if kind == "intermediateCatchEvent":
        return _link_name(element) is None  # a link's catch is a jump, not a wait
    if kind in _WAITING or element.get("id") in bearing:
        return True
    if kind in _CONTAINERS[1:]:
        return any(_local(inner) in _WAITING or (_local(inner) == "boundaryEvent" and _externally_triggered(inner))
                   for inner in element.iter(etree.Element))
    return False


def _flow_graph(container: etree._Element) -> tuple[dict[str, etree._Element], dict[str, list[str]]]:
    """The container's own flow nodes that do not wait, and the flows between them (boundary events hang on
    their activity, a link throw leads to the catch of the same name)."""
    children = [c for c in container if isinstance(c.tag, str) and c.get("id")]
    boundaries = [c for c in children if _local(c) == "boundaryEvent"]
    bearing = {b.get("attachedToRef") for b in boundaries if _externally_triggered(b)}
    nodes = {c.get("id"): c for c in children if _local(c) != "sequenceFlow" and not _waits(c, bearing)}
    pairs = [(f.get("sourceRef"), f.get("targetRef")) for f in children if _local(f) == "sequenceFlow"]
    pairs += [(b.get("attachedToRef"), b.get("id")) for b in boundaries]
    catches = {_link_name(c): c.get("id") for c in children if _local(c) == "intermediateCatchEvent"}
    pairs += [(t.get("id"), catches.get(_link_name(t))) for t in children
              if _local(t) == "intermediateThrowEvent" and _link_name(t) is not None]
    edges: dict[str, list[str]] = {}
    for source, target in pairs:
        if source in nodes and target in nodes:
            edges.setdefault(source, []).append(target)
    return nodes, edges


class _Components:
    """Tarjan's strongly connected components, iteratively (a generated file may hold long chains)."""

    def __init__(self, edges: dict[str, list[str]]):
        self.edges = edges
        self.index: dict[str, int] = {}
        self.low: dict[str, int] = {}
        self.stack: list[str] = []
        self.on_stack: set[str] = set()
        self.found: list[list[str]] = []

    def cycles(self, nodes: Iterable[str]) -> list[list[str]]:
        """The components that hold a cycle: more than one node, or one flowing into itself."""
        for node in nodes:
            if node not in self.index:
                self._visit(node)
        return [c for c in self.found if len(c) > 1 or c[0] in self.edges.get(c[0], ())]

    def _enter(self, node: str) -> Iterator[str]:
        self.index[node] = self.low[node] = len(self.index)
        self.stack.append(node)
        self.on_stack.add(node)
        return iter(self.edges.get(node, ()))

    def _visit(self, root: str) -> None:
        work = [(root, self._enter(root))]
        while work:
            node, targets = work[-1]
            target = next(targets, None)
            if target is None:
                work.pop()
                if work:
                    self.low[work[-1][0]] = min(self.low[work[-1][0]], self.low[node])
                self._close(node)
            elif target not in self.index:
                work.append((target, self._enter(target)))
            elif target in self.on_stack:
                self.low[node] = min(self.low[node], self.index[target])

    def _close(self, node: str) -> None:
        if self.low[node] != self.index[node]:
            return
        at = self.stack.index(node)
        self.found.append(self.stack[at:])
        self.on_stack.difference_update(self.stack[at:])
        del self.stack[at:]


def _cycle_problems(process: etree._Element) -> list[DefinitionProblem]:
    """A cycle of the process's (or a sub-process's) flows with no step that waits."""
    problems = []
    containers = [process, *(e for e in process.iter(etree.Element) if _local(e) in _CONTAINERS[1:])]
    for container in containers:
        nodes, edges = _flow_graph(container)
        order = {node: at for at, node in enumerate(nodes)}
        for cycle in _Components(edges).cycles(order):
            cycle.sort(key=order.__getitem__)
            members = ", ".join(named(i, nodes[i]) for i in cycle)
            message = (f"nằm trong vòng lặp không có bước chờ nào (nhiệm vụ người dùng, sự kiện chờ...): {members}; "
                       "quy trình sẽ chạy không dừng, hãy đặt một bước chờ trong vòng lặp hoặc bỏ luồng quay lại")
            problems.append(DefinitionProblem(cycle[0], message))
    return problems


# --- BPMN --------------------------------------------------------------------------------------


def _process_specs(parser: SpiffBpmnParser, pid: str, problems: list[DefinitionProblem],
                   elements: Elements) -> list[Any]:
    """The process and everything it calls; load failures become problems (Spiff stops at the first one of a
    process, and fails with plain errors on some malformed models: those name the process)."""
    try:
        top = parser.get_spec(pid)
    except Exception as exc:
        problems.append(from_validation(exc, elements, about=pid))
        return []
    try:
        called = parser.get_subprocess_specs(pid, require_call_activity_specs=False)
    except Exception as exc:
        problems.append(from_validation(exc, elements, about=pid))
        called = {}
    specs = [top, *(spec for spec in called.values() if spec is not None)]
    for spec in specs:
        for task_spec in spec.task_specs.values():
            if isinstance(task_spec, SubWorkflowTask) and parser.get_process_parser(task_spec.spec) is None:
                message = (f"gọi quy trình '{task_spec.spec}' không có trong tệp; hãy đặt quy trình đó trong cùng "
                           "tệp hoặc chọn lại quy trình được gọi")
                problems.append(DefinitionProblem(task_spec.bpmn_id, message))
    return specs


_NO_EXECUTABLE = ("Tệp không có quy trình nào được đánh dấu để thực thi (isExecutable=\"true\"); hãy đánh dấu "
                  "quy trình cần chạy là có thể thực thi")


def _main_process(parser: SpiffBpmnParser, process_ids: list[str],
                  elements: Elements) -> tuple[str, list[DefinitionProblem]]:
    if not process_ids:
        return "", [DefinitionProblem(None, _NO_EXECUTABLE)]
    # A process another one calls is a subprocess; exactly one must be left to start instances of.
    main = [pid for pid in process_ids if pid not in parser.get_process_dependencies()]
    if len(main) != 1:
        found = ", ".join(named(pid, elements.get(pid)) for pid in main or process_ids)
        message = (f"Tệp phải có đúng một quy trình chính (không được quy trình nào khác gọi tới) nhưng có "
                   f"{len(main)}: {found}; hãy để lại một quy trình chính và gọi các quy trình còn lại bằng hoạt động "
                   "gọi, hoặc tách chúng ra tệp riêng")
        return "", [DefinitionProblem(None, message)]
    return main[0], []


def _checked_process_ids(parser: SpiffBpmnParser) -> list[str]:
    """The executable processes; when there is none, every process, so the file's other problems are reported
    along with that one (the file is refused, the parser is not kept)."""
    process_ids = parser.get_process_ids()
    if not process_ids:
        for process_parser in parser.process_parsers.values():
            process_parser.process_executable = True
    return parser.get_process_ids()


def _validate_bpmn(parser: SpiffBpmnParser, service_operations: set[str], elements: Elements,
                   problems: list[DefinitionProblem]) -> ValidatedDefinition:
    main_id, main_problems = _main_process(parser, parser.get_process_ids(), elements)
    problems = [*main_problems, *problems]
    process_ids = _checked_process_ids(parser)  # before get_spec adds embedded subprocesses
    in_scope = set(process_ids)
    for pid in process_ids:
        for spec in _process_specs(parser, pid, problems, elements):
            in_scope.add(spec.name)
            problems += _spec_problems(spec, service_operations)
    for pid in sorted(in_scope):
        node = parser.get_process_parser(pid).node
        problems += (_condition_problems(node) + _flow_problems(node) + _branch_problems(node) + _lane_problems(node)
                     + _reserved_id_problems(node) + _cycle_problems(node))
    if problems:
        raise InvalidDefinition(sentences(elements, problems))  # (a subprocess is reached more than once: deduplicated)
    return ValidatedDefinition(parser, "bpmn", process_ids, [], main_id)


# --- DMN ---------------------------------------------------------------------------------------


class _CompileProbe:
    """Stands in for the script engine so DMNEngine builds each cell's Python exactly as it will at
    run time ('?' substitution, implied '=='); the probe compiles instead of evaluating."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.task = SimpleNamespace(workflow=SimpleNamespace(script_engine=self), data={})

    def validate(self, expression: str) -> None:
        ast.parse(expression)  # DMNEngine relies on SyntaxError to decide whether to add '=='

    def evaluate(self, task: Any, expression: str, external_context: dict | None = None) -> bool:
        self.errors += restricted_problems(expression, "eval")
        return True


def _cell_errors(table: DecisionTable, input_expression: str, cell: str) -> list[str]:
    probe = _CompileProbe()
    try:
        DMNEngine(table).evaluate(input_expression, cell, probe.task)
    except SyntaxError:
        probe.errors.append("lỗi cú pháp Python")
    return probe.errors


def _table_problems(table: DecisionTable) -> list[DefinitionProblem]:
    problems = []
    for column in table.inputs:
        if not column.expression:
            problems.append(DefinitionProblem(column.id, "thiếu biểu thức; hãy nhập biểu thức đầu vào cho cột"))
        else:
            problems += _compile_problems(column.id, [("Biểu thức đầu vào", "eval", column.expression)])
    for rule in table.rules:
        for entry in rule.inputEntries:
            cells = [c for c in entry.lhs if c is not None] if entry.input.expression else []
            errors = [e for cell in cells for e in _cell_errors(table, entry.input.expression, cell)]
            if errors:
                message = (f"ở dòng quy tắc {rule.row_number} không hợp lệ ({code_errors(errors)}); hãy viết ô "
                           "theo cú pháp Python hoặc dạng so sánh như \"> 10\"")
                problems.append(DefinitionProblem(entry.id, message))
        for entry in rule.outputEntries:
            if getattr(entry, "text", None):
                what = f"nội dung ở dòng quy tắc {rule.row_number}"
                problems += _compile_problems(entry.id, [(what, "eval", entry.text)])
    return problems


def _cell_size_problems(dmn_parser: Any) -> list[DefinitionProblem]:
    """Every text of the table (input expressions, condition and result cells) within MAX_DMN_CELL_CHARS, before
    the parser or DMNEngine looks at any of them."""
    problems = []
    for text in dmn_parser.xpath(".//dmn:text"):
        if len(text.text or "") > MAX_DMN_CELL_CHARS:
            owner = next((e for e in text.iterancestors() if e.get("id")), None)
            message = (f"có ô dài {len(text.text)} ký tự, vượt quá giới hạn {MAX_DMN_CELL_CHARS}; hãy rút gọn")
            if owner is None:
                problems.append(DefinitionProblem(None, f"Bảng quyết định {message}"))
            else:
                problems.append(DefinitionProblem(owner.get("id"), message))
    return problems


def _validate_dmn(parser: SpiffBpmnParser, elements: Elements) -> ValidatedDefinition:
    dmn_parser = next(iter(parser.dmn_parsers.values()))
    decision_ids = [d.get("id") for d in dmn_parser.xpath(".//dmn:decision")]
    if len(decision_ids) != 1:
        found = ", ".join(decision_ids) or "không có"
        raise _refuse(f"Tệp DMN phải có đúng một quyết định (decision) nhưng tìm thấy: {found}; hãy để mỗi bảng "
                      "quyết định trong một tệp riêng.")
    if oversized := _cell_size_problems(dmn_parser):
        raise InvalidDefinition(sentences(elements, oversized))
    try:
        dmn_parser.parse()
    except Exception as exc:  # a ValidationException, or a plain error, e.g. for a rule cell without a <text>
        about = getattr(exc, "id", "") or decision_ids[0]
        problem = DefinitionProblem(about, "có bảng quyết định không đọc được; hãy kiểm tra mỗi cột có biểu thức và "
                                           "mỗi ô của mỗi dòng quy tắc có nội dung")
        raise InvalidDefinition(sentences(elements, [problem])) from exc
    problems = [p for table in dmn_parser.decision.decisionTables for p in _table_problems(table)]
    if problems:
        raise InvalidDefinition(sentences(elements, problems))
    return ValidatedDefinition(parser, "dmn", [], decision_ids, decision_ids[0])


def validate_definition(data: bytes, filename: str, *, service_operations: set[str]) -> ValidatedDefinition:
    """Parse and fully check one file; raise one InvalidDefinition listing every problem found."""
    parser, elements, problems = _parse(data, filename)
    if parser.dmn_parsers:
        if problems:
            raise InvalidDefinition(sentences(elements, problems))
        return _validate_dmn(parser, elements)
    return _validate_bpmn(parser, service_operations, elements, problems)
