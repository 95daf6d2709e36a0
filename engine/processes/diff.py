"""A readable difference between two versions of a BPMN or DMN file, for the designer's version list.

Elements are matched by id, which the modeller keeps across edits. What has no id of its own — a
condition, a timer expression, a task property, a DMN cell — is a change of the nearest element that
has one, and so is an event definition: the designer edits it on the event. The diagram layout (DI)
does not change behaviour, so a moved shape only counts in `layout_changed`. Formatting never shows
as a change: namespace prefixes, attribute order, indentation and comments are left out.
"""

from __future__ import annotations

import json
import textwrap
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import Enum

from lxml import etree
from SpiffWorkflow.dmn.parser.BpmnDmnParser import SCHEMAS as DMN_SCHEMAS

from engine.bpmn.definitions import BPMN_NS, safe_xml
from engine.text import nfc


@dataclass(frozen=True)
class ElementChange:
    element_id: str
    kind: str  # Vietnamese label of the element type
    name: str
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class DefinitionDiff:
    added: tuple[ElementChange, ...]
    removed: tuple[ElementChange, ...]
    changed: tuple[ElementChange, ...]
    layout_changed: int  # elements whose diagram layout (DI) alone changed


_MODEL_NAMESPACES = frozenset({BPMN_NS, *DMN_SCHEMAS})
_LAYOUT_NAMESPACES = frozenset({
    "http://www.omg.org/spec/BPMN/20100524/DI",
    "https://www.omg.org/spec/DMN/20191111/DMNDI/",
    "http://www.omg.org/spec/DMN/20180521/DMNDI/",
    "http://bpmn.io/schema/dmn/biodi/1.0",  # DMN 1.1/1.2 modellers kept shape bounds in extensionElements
    "http://bpmn.io/schema/dmn/biodi/2.0",
})
_DIAGRAM_ROOTS = frozenset({"BPMNDiagram", "DMNDI"})
_LAYOUT_REFS = ("bpmnElement", "dmnElementRef")
# Parts of their parent although the schema gives them an id.
_FOLDED = frozenset({
    "conditionExpression", "standardLoopCharacteristics", "multiInstanceLoopCharacteristics", "ioSpecification",
    "dataInput", "dataOutput", "inputSet", "outputSet", "timeDate", "timeCycle", "timeDuration", "documentation",
    "decisionTable", "inputExpression", "inputEntry", "outputEntry", "annotationEntry", "literalExpression",
    "variable", "informationRequirement", "knowledgeRequirement", "authorityRequirement",
})
_CONTAINERS = frozenset({"laneSet", "childLaneSet"})  # hold lanes and nothing a designer sets
# Restate what the flows' ends and the lanes' members already say; reported on the flow and the node.
_REDUNDANT = frozenset({"incoming", "outgoing", "flowNodeRef"})
_CELLS = frozenset({"inputEntry", "outputEntry"})
# xsi:type only says "tFormalExpression"; the modeller adds it to expressions the files write without.
_IGNORED_ATTRIBUTES = frozenset({"{http://www.w3.org/2001/XMLSchema-instance}type", "exporter", "exporterVersion"})
_SHOWN_LENGTH = 60

_KINDS = {
    "definitions": "Tệp định nghĩa", "process": "Quy trình", "subProcess": "Quy trình con",
    "transaction": "Giao dịch", "adHocSubProcess": "Quy trình con tự do", "callActivity": "Hoạt động gọi quy trình",
    "task": "Nhiệm vụ", "userTask": "Nhiệm vụ người dùng", "manualTask": "Nhiệm vụ thủ công",
    "serviceTask": "Nhiệm vụ dịch vụ", "scriptTask": "Nhiệm vụ kịch bản",
    "businessRuleTask": "Nhiệm vụ quy tắc nghiệp vụ", "sendTask": "Nhiệm vụ gửi", "receiveTask": "Nhiệm vụ nhận",
    "exclusiveGateway": "Cổng loại trừ", "parallelGateway": "Cổng song song", "inclusiveGateway": "Cổng bao hàm",
    "eventBasedGateway": "Cổng dựa trên sự kiện", "complexGateway": "Cổng phức hợp",
    "sequenceFlow": "Luồng tuần tự", "messageFlow": "Luồng thông điệp", "association": "Liên kết",
    "dataInputAssociation": "Liên kết dữ liệu vào", "dataOutputAssociation": "Liên kết dữ liệu ra",
    "lane": "Làn", "collaboration": "Cộng tác", "participant": "Bên tham gia", "message": "Thông điệp",
    "signal": "Tín hiệu", "error": "Lỗi", "escalation": "Leo thang", "dataObject": "Đối tượng dữ liệu",
    "dataObjectReference": "Tham chiếu đối tượng dữ liệu", "dataStoreReference": "Tham chiếu kho dữ liệu",
    "textAnnotation": "Chú thích", "group": "Nhóm", "correlationProperty": "Thuộc tính tương quan",
    "decision": "Quyết định (DMN)", "input": "Cột đầu vào (DMN)", "output": "Cột kết quả (DMN)",
    "rule": "Quy tắc (DMN)", "inputData": "Dữ liệu đầu vào (DMN)", "knowledgeSource": "Nguồn tri thức (DMN)",
    "businessKnowledgeModel": "Mô hình tri thức nghiệp vụ (DMN)",
}
_EVENT_POSITIONS = {
    "startEvent": "bắt đầu", "endEvent": "kết thúc", "intermediateCatchEvent": "trung gian",
    "intermediateThrowEvent": "trung gian (ném)", "boundaryEvent": "biên",
}
_TRIGGERS = {
    "timerEventDefinition": "hẹn giờ", "messageEventDefinition": "thông điệp", "signalEventDefinition": "tín hiệu",
    "errorEventDefinition": "lỗi", "escalationEventDefinition": "leo thang",
    "conditionalEventDefinition": "điều kiện", "terminateEventDefinition": "dừng hẳn",
    "compensateEventDefinition": "bù trừ", "cancelEventDefinition": "huỷ", "linkEventDefinition": "liên kết",
}
_LABELS = {
    "conditionExpression": "điều kiện", "loopCondition": "điều kiện lặp",
    "completionCondition": "điều kiện hoàn thành", "loopCardinality": "số lần lặp",
    "timeDate": "biểu thức hẹn giờ", "timeCycle": "biểu thức hẹn giờ (chu kỳ)",
    "timeDuration": "biểu thức hẹn giờ (khoảng thời gian)", "script": "tập lệnh", "preScript": "tập lệnh trước",
    "postScript": "tập lệnh sau", "instructionsForEndUser": "hướng dẫn", "documentation": "mô tả",
    "description": "mô tả", "serviceTaskOperator": "thao tác dịch vụ", "calledDecisionId": "bảng quyết định",
    "inputExpression": "biểu thức đầu vào", "literalExpression": "biểu thức", "annotationEntry": "ghi chú",
    "textAnnotation": "nội dung", "property": "thuộc tính", "parameter": "tham số",
}
_ATTRIBUTE_LABELS = {
    "name": "tên", "default": "luồng mặc định", "attachedToRef": "gắn vào", "cancelActivity": "ngắt hoạt động",
    "isExecutable": "cho phép thực thi", "isInterrupting": "ngắt quy trình",
    "triggeredByEvent": "kích hoạt bởi sự kiện", "calledElement": "quy trình được gọi", "processRef": "quy trình",
    "messageRef": "thông điệp", "signalRef": "tín hiệu", "errorRef": "lỗi", "escalationRef": "leo thang",
    "resultVariable": "biến kết quả", "isSequential": "lặp tuần tự", "hitPolicy": "chính sách chọn quy tắc",
    "aggregation": "phép gộp", "label": "nhãn", "typeRef": "kiểu dữ liệu", "targetNamespace": "không gian tên",
    "namespace": "không gian tên", "type": "kiểu", "sourceRef": "nguồn", "targetRef": "đích",
}
# Extension elements identified by an attribute rather than by their position.
_KEYED = {"property": "name", "parameter": "id"}
# The attribute that carries an extension element's value (the rest are its settings).
_PRIMARY = {"property": "value", "parameter": "value", "serviceTaskOperator": "id"}
# Long texts whose change is named rather than shown.
_DOCUMENTS = frozenset({"property", "instructionsForEndUser", "documentation", "description", "script",
                        "preScript", "postScript"})


class _Style(Enum):
    VALUE = "value"
    DOCUMENT = "document"
    FLOW = "flow"
    LANE = "lane"
    PARENT = "parent"


@dataclass(frozen=True)
class _Facet:
    """One thing a designer sets on an element; versions differ on it when `value` differs."""

    label: str
    value: str
    shown: str = ""  # what the designer recognises, when value is an id (a lane's name)
    style: _Style = _Style.VALUE


_Key = tuple[str, ...]


@dataclass(frozen=True)
class _Element:
    element_id: str
    kind: str
    name: str
    facets: dict[_Key, _Facet]
    rule_order: tuple[str, ...]


def diff_definitions(old: bytes, new: bytes) -> DefinitionDiff:
    """Compare two versions of one file: elements added, removed and changed, and moves in the diagram."""
    before, after = _Version(old), _Version(new)
    added = tuple(_change(e) for key, e in after.elements.items() if key not in before.elements)
    removed = tuple(_change(e) for key, e in before.elements.items() if key not in after.elements)
    changed: list[ElementChange] = []
    layout_changed = 0
    for element_id, element in after.elements.items():
        if element_id not in before.elements:
            continue
        details = _details(before.elements[element_id], element)
        if details:
            changed.append(_change(element, details))
        elif before.layout_of(element_id) != after.layout_of(element_id):
            layout_changed += 1
    return DefinitionDiff(added, removed, tuple(changed), layout_changed)


def _change(element: _Element, details: tuple[str, ...] = ()) -> ElementChange:
    return ElementChange(element.element_id, element.kind, element.name, details)


# --- One version -------------------------------------------------------------------------------


class _Version:
    """One file's elements by id in document order, and each element's layout."""

    def __init__(self, data: bytes):
        root = safe_xml(data)
        tracked = [node for node in root.iter(etree.Element) if _is_tracked(node)]
        self.names = {node.get("id"): _own_name(node) for node in tracked}
        self.lanes = _lane_of_nodes(tracked)
        self.layout: dict[str, list[str]] = defaultdict(list)
        for node in root.iter(etree.Element):
            if _namespace(node) in _LAYOUT_NAMESPACES and (ref := _layout_ref(node)):
                self.layout[ref].append(_canonical(node))
        self.elements = {node.get("id"): self._element(node) for node in tracked}

    def layout_of(self, element_id: str) -> list[str]:
        return sorted(self.layout.get(element_id, []))

    def _shown(self, element_id: str) -> str:
        return _short(self.names.get(element_id) or element_id)

    def _element(self, node: etree._Element) -> _Element:
        element_id = node.get("id")
        kind = _kind(node)
        facets: dict[_Key, _Facet] = {("kind",): _Facet("loại", kind)}
        facets.update(self._placement(node))
        facets.update(self._attribute_facets(node))
        if _local(node) == "rule":
            facets.update(_cell_facets(node))
        for child in node.iterchildren(etree.Element):
            facets.update(self._content_facets(child, element_id, ()))
        flow = facets.get(("flow",))
        name = self.names[element_id] or (flow.shown if flow else "")
        return _Element(element_id, kind, name, facets, _rule_order(node))

    def _placement(self, node: etree._Element) -> Iterator[tuple[_Key, _Facet]]:
        """The lane a flow node sits in and the process or sub-process holding it."""
        if (lane := self.lanes.get(node.get("id"))) is not None:
            yield ("lane",), _Facet("làn", lane, self._shown(lane), _Style.LANE)
        parent = next((a for a in node.iterancestors() if _is_tracked(a)), None)
        if parent is not None:
            parent_id = parent.get("id")
            yield ("parent",), _Facet("chuyển vào", parent_id, self._shown(parent_id), _Style.PARENT)

    def _attribute_facets(self, node: etree._Element) -> Iterator[tuple[_Key, _Facet]]:
        attributes = _attributes(node)
        if "sourceRef" in attributes and "targetRef" in attributes:
            ends = (attributes.pop("sourceRef"), attributes.pop("targetRef"))
            shown = " → ".join(self._shown(end) for end in ends)
            yield ("flow",), _Facet("luồng", " → ".join(ends), shown, _Style.FLOW)
        for name, value in attributes.items():
            local = etree.QName(name).localname
            yield ("@", name), _Facet(_ATTRIBUTE_LABELS.get(local, local), value)

    def _content_facets(self, node: etree._Element, owner: str, path: _Key) -> Iterator[tuple[_Key, _Facet]]:
        """What an element holds without an id of its own: expressions, extension properties."""
        local = _local(node)
        if _is_tracked(node) or local in _CONTAINERS | _REDUNDANT | _CELLS:
            return
        if _namespace(node) in _LAYOUT_NAMESPACES:
            if local not in _DIAGRAM_ROOTS:  # the diagram itself is read by reference, in __init__
                self.layout[owner].append(_canonical(node))
            return
        path = (*path, _segment(node))
        yield from _value_facets(node, path)
        for child in node.iterchildren(etree.Element):
            yield from self._content_facets(child, owner, path)


def _is_tracked(node: etree._Element) -> bool:
    local = _local(node)
    return (
        _namespace(node) in _MODEL_NAMESPACES and bool(node.get("id"))
        and local not in _FOLDED | _CONTAINERS and not local.endswith("EventDefinition")
    )


def _local(node: etree._Element) -> str:
    return etree.QName(node).localname


def _namespace(node: etree._Element) -> str | None:
    return etree.QName(node).namespace


def _own_name(node: etree._Element) -> str:
    if _local(node) == "rule":
        return f"Quy tắc {_row(node)}"
    if _local(node) == "textAnnotation":
        return _short(_child_text(node, "text"))
    return _collapse(node.get("name") or node.get("label") or "")


def _kind(node: etree._Element) -> str:
    local = _local(node)
    if local in _EVENT_POSITIONS:
        triggers = [_TRIGGERS.get(_local(c), "") for c in node.iterchildren(etree.Element)
                    if _local(c).endswith("EventDefinition")]
        trigger = triggers[0] if len(triggers) == 1 else "nhiều loại" if triggers else ""
        return " ".join(part for part in ("Sự kiện", trigger, _EVENT_POSITIONS[local]) if part)
    if local == "subProcess" and node.get("triggeredByEvent") == "true":
        return "Quy trình con sự kiện"
    return _KINDS.get(local, local)


def _lane_of_nodes(tracked: Iterable[etree._Element]) -> dict[str, str]:
    """Flow node id → id of the innermost lane listing it (a nested lane follows its parent)."""
    lanes = {}
    for lane in (node for node in tracked if _local(node) == "lane"):
        for ref in lane.iterchildren(etree.Element):
            if _local(ref) == "flowNodeRef" and ref.text:
                lanes[ref.text.strip()] = lane.get("id")
    return lanes


def _layout_ref(node: etree._Element) -> str | None:
    ref = next((node.get(attribute) for attribute in _LAYOUT_REFS if node.get(attribute)), None)
    return ref.rpartition(":")[2] if ref else None  # a QName; ids never contain ':'


def _canonical(node: etree._Element) -> str:
    """A layout element as text: no ids, no prefixes, attributes sorted, other elements' shapes left out."""
    attributes = sorted((name, value) for name, value in node.attrib.items() if name != "id")
    children = [_canonical(child) for child in node.iterchildren(etree.Element) if not _layout_ref(child)]
    return f"{node.tag}{attributes}{children}"


# --- Values ------------------------------------------------------------------------------------


def _attributes(node: etree._Element) -> dict[str, str]:
    """Attributes a designer sets, sorted, whitespace collapsed; a model element's id is its identity."""
    model = _namespace(node) in _MODEL_NAMESPACES
    return {
        name: _collapse(value) for name, value in sorted(node.attrib.items())
        if name not in _IGNORED_ATTRIBUTES and not (model and name == "id") and value.strip()
    }


def _value_facets(node: etree._Element, path: _Key) -> Iterator[tuple[_Key, _Facet]]:
    local = _local(node)
    label = _label(node)
    style = _Style.DOCUMENT if local in _DOCUMENTS else _Style.VALUE
    attributes = _attributes(node)
    attributes.pop(_KEYED.get(local, ""), None)
    for name, value in attributes.items():
        if name == _PRIMARY.get(local):
            yield path, _Facet(label, _compact_json(value), style=style)
        else:
            local_name = etree.QName(name).localname
            attribute = _ATTRIBUTE_LABELS.get(local_name, local_name)
            yield (*path, name), _Facet(f"{label} ({attribute})" if local in _KEYED else attribute, value)
    if text := _text(node):
        yield (*path, "#text"), _Facet(label, text, style=style)


def _label(node: etree._Element) -> str:
    local = _local(node)
    if local in _KEYED:
        return f"{_LABELS[local]} {node.get(_KEYED[local])}"
    if local == "text":  # DMN keeps an expression's text in a child element
        return _LABELS.get(_local(node.getparent()), "nội dung")
    return _LABELS.get(local, local)


def _segment(node: etree._Element) -> str:
    local = _local(node)
    if local in _KEYED:
        return f"{local}[{node.get(_KEYED[local])}]"
    position = sum(1 for _ in node.itersiblings(node.tag, preceding=True))
    return f"{local}[{position}]"


def _text(node: etree._Element) -> str:
    """Element text without the file's indentation (kept inside, where a script's blocks depend on it)."""
    if not node.text or not node.text.strip():
        return ""
    lines = (line.rstrip() for line in textwrap.dedent(node.text.strip("\n")).splitlines())
    return nfc("\n".join(line for line in lines if line))


def _child_text(node: etree._Element, local: str) -> str:
    child = next((c for c in node.iterchildren(etree.Element) if _local(c) == local), None)
    return _text(child) if child is not None else ""


def _collapse(text: str) -> str:
    return nfc(" ".join(text.split()))


def _compact_json(value: str) -> str:
    """A JSON value (a form schema) without its layout; key order stays, it orders the form's fields."""
    if not value.startswith(("{", "[")):
        return value
    try:
        return json.dumps(json.loads(value), ensure_ascii=False, separators=(",", ":"))
    except ValueError:
        return value


# --- DMN ---------------------------------------------------------------------------------------


def _row(rule: etree._Element) -> int:
    return 1 + sum(1 for _ in rule.itersiblings(rule.tag, preceding=True))


def _cell_facets(rule: etree._Element) -> Iterator[tuple[_Key, _Facet]]:
    """A rule's cells keyed by column id, so adding or moving a column shifts nothing."""
    table, row = rule.getparent(), _row(rule)
    for entry_tag, column_tag in (("inputEntry", "input"), ("outputEntry", "output")):
        columns = [c for c in table.iterchildren(etree.Element) if _local(c) == column_tag]
        entries = [e for e in rule.iterchildren(etree.Element) if _local(e) == entry_tag]
        for position, (column, entry) in enumerate(zip(columns, entries, strict=False)):
            text = _child_text(entry, "text")
            if text:
                label = f"ô quy tắc {row}, cột '{_column_label(column)}'"
                yield ("cell", column.get("id") or f"{column_tag}[{position}]"), _Facet(label, text)


def _column_label(column: etree._Element) -> str:
    expression = next((c for c in column.iterchildren(etree.Element) if _local(c) == "inputExpression"), None)
    fallback = _child_text(expression, "text") if expression is not None else ""
    return _short(column.get("label") or column.get("name") or fallback or column.get("id") or "")


def _rule_order(node: etree._Element) -> tuple[str, ...]:
    if _local(node) != "decision":
        return ()
    return tuple(rule.get("id") for rule in node.iter(etree.Element) if _local(rule) == "rule")


def _reordered(old: tuple[str, ...], new: tuple[str, ...]) -> bool:
    """Whether the rules both versions have come in another order (it matters to FIRST and PRIORITY)."""
    common = set(old) & set(new)
    return [r for r in old if r in common] != [r for r in new if r in common]


# --- Phrases -----------------------------------------------------------------------------------


def _details(before: _Element, after: _Element) -> tuple[str, ...]:
    keys = [*after.facets, *(key for key in before.facets if key not in after.facets)]
    details = []
    for key in keys:
        old, new = before.facets.get(key), after.facets.get(key)
        if old is None or new is None or old.value != new.value:
            details.append(_phrase(old, new))
    if _reordered(before.rule_order, after.rule_order):
        details.append("thứ tự quy tắc đã đổi")
    return tuple(details)


def _phrase(old: _Facet | None, new: _Facet | None) -> str:
    facet = new or old
    assert facet is not None
    if facet.style is _Style.LANE:
        return f"chuyển sang làn '{new.shown}'" if new else f"ra khỏi làn '{facet.shown}'"
    if facet.style is _Style.PARENT:
        return f"chuyển vào '{facet.shown}'"
    if facet.style is _Style.FLOW and old and new:
        return f"luồng: {old.shown} thành {new.shown}"
    document = facet.style is _Style.DOCUMENT
    before, after = (_quoted(f.value, document) if f else None for f in (old, new))
    if before is None:
        return f"thêm {facet.label} {after}".rstrip()
    if after is None:
        return f"bỏ {facet.label} {before}".rstrip()
    if not before or not after or before == after:
        return f"{facet.label} đã đổi"
    return f"{facet.label}: {before} → {after}"


def _quoted(value: str, document: bool) -> str:
    """The value in quotes, shortened; a long document is named, not quoted ('')."""
    if document and len(_collapse(value)) > _SHOWN_LENGTH:
        return ""
    return f"'{_short(value)}'"


def _short(text: str) -> str:
    """At most _SHOWN_LENGTH characters, cut between words (syllables) where a space is near the end."""
    text = _collapse(text)
    if len(text) <= _SHOWN_LENGTH:
        return text
    head, space, _ = text[:_SHOWN_LENGTH].rpartition(" ")
    return (head if space and len(head) > _SHOWN_LENGTH // 2 else text[: _SHOWN_LENGTH - 1]).rstrip() + "…"
