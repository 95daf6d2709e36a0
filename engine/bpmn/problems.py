"""Deploy problems as sentences a designer can act on.

Checks in engine.bpmn.definitions say what is wrong with an element as a predicate ("có nhiều luồng ra; hãy ...");
`sentences` puts the element in front of it by kind, id and name ("Luồng 'Flow_1' (Đồng ý) có ..."), so every
problem the designer page lists names what to select in the diagram. What SpiffWorkflow, lxml's XML Schema
validator and RestrictedPython report is English and sometimes Python internals (an element's repr, a cut-off
sentence): each kind met on files of other BPMN tools (the BPMN MIWG test suite) is translated here by its shape,
and an unknown one becomes a Vietnamese sentence without the original text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree

from engine.errors import DefinitionProblem

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
_PREFIXES = {
    BPMN_NS: "bpmn",
    "http://www.omg.org/spec/BPMN/20100524/DI": "bpmndi",
    "http://www.omg.org/spec/DD/20100524/DI": "di",
    "http://www.omg.org/spec/DD/20100524/DC": "dc",
    "http://spiffworkflow.org/bpmn/schema/1.0/core": "spiffworkflow",
    "https://www.omg.org/spec/DMN/20191111/MODEL/": "dmn",
    "http://www.omg.org/spec/DMN/20151101/dmn.xsd": "dmn",
    "https://www.omg.org/spec/DMN/20230324/MODEL/": "dmn",
    "http://www.w3.org/2001/XMLSchema-instance": "xsi",
}
_NS = {"bpmn": BPMN_NS}

# The word a designer knows each element by (bpmn-js's palette, in Vietnamese); anything else is a "Phần tử".
_KINDS = {
    "definitions": "Tệp định nghĩa", "process": "Quy trình", "subProcess": "Quy trình con",
    "transaction": "Giao dịch", "adHocSubProcess": "Quy trình con tự do", "callActivity": "Hoạt động gọi",
    "task": "Nhiệm vụ", "userTask": "Nhiệm vụ người dùng", "manualTask": "Nhiệm vụ thủ công",
    "serviceTask": "Nhiệm vụ dịch vụ", "scriptTask": "Nhiệm vụ tập lệnh", "businessRuleTask": "Nhiệm vụ quy tắc",
    "sendTask": "Nhiệm vụ gửi", "receiveTask": "Nhiệm vụ nhận", "startEvent": "Sự kiện bắt đầu",
    "endEvent": "Sự kiện kết thúc", "intermediateCatchEvent": "Sự kiện chờ", "intermediateThrowEvent": "Sự kiện phát",
    "boundaryEvent": "Sự kiện biên", "exclusiveGateway": "Cổng loại trừ", "parallelGateway": "Cổng song song",
    "inclusiveGateway": "Cổng bao hàm", "eventBasedGateway": "Cổng sự kiện", "complexGateway": "Cổng phức hợp",
    "sequenceFlow": "Luồng", "messageFlow": "Luồng thông điệp", "lane": "Làn", "laneSet": "Nhóm làn",
    "participant": "Bể", "collaboration": "Cộng tác", "dataStore": "Kho dữ liệu",
    "dataStoreReference": "Kho dữ liệu", "dataObject": "Đối tượng dữ liệu", "dataObjectReference": "Đối tượng dữ liệu",
    "message": "Thông điệp", "signal": "Tín hiệu", "error": "Lỗi", "escalation": "Leo thang",
    "decision": "Quyết định", "decisionTable": "Bảng quyết định", "input": "Cột đầu vào", "output": "Cột kết quả",
    "rule": "Dòng quy tắc", "inputEntry": "Ô điều kiện", "outputEntry": "Ô kết quả",
}
_EVENT_REFS = {"messageEventDefinition": "thông điệp", "signalEventDefinition": "tín hiệu",
               "errorEventDefinition": "lỗi", "escalationEventDefinition": "leo thang"}


def local_name(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def short_tag(text: str) -> str:
    """'{namespace}name' as 'prefix:name' for the namespaces a designer sees; an unknown namespace is left out."""
    for namespace, prefix in _PREFIXES.items():
        text = text.replace("{" + namespace + "}", prefix + ":")
    return re.sub(r"\{[^}]*\}", "", text)


def _clean(text: str) -> str:
    return " ".join(text.split())


def label(element_id: str, element: etree._Element | None) -> str:
    """'Luồng 'Flow_1' (Đồng ý)': the element's kind, id and name (a DMN column has a label instead)."""
    kind = _KINDS.get(local_name(element), "Phần tử") if element is not None else "Phần tử"
    name = _clean(element.get("name") or element.get("label") or "") if element is not None else ""
    return f"{kind} '{element_id}' ({name})" if name else f"{kind} '{element_id}'"


def named(element_id: str, element: etree._Element | None) -> str:
    """'Flow_1' (Đồng ý): the id and name without the kind, for lists of elements."""
    name = _clean(element.get("name") or "") if element is not None else ""
    return f"'{element_id}' ({name})" if name else f"'{element_id}'"


class Elements:
    """The file's elements by id (the first of a duplicated id, as the modeller selects it)."""

    def __init__(self, root: etree._Element):
        self.root = root
        self.by_id: dict[str, etree._Element] = {}
        for element in root.iter(etree.Element):
            element_id = element.get("id")
            if element_id is not None:
                self.by_id.setdefault(element_id, element)

    def get(self, element_id: str | None) -> etree._Element | None:
        return self.by_id.get(element_id) if element_id else None

    def id_at_line(self, line: int, tag: str | None = None) -> str | None:
        """The id of the element starting on `line` (the one with the `tag` the error names, when several start
        there: a file written on one line), or of its nearest ancestor that has one."""
        on_line = [e for e in self.root.iter(etree.Element) if e.sourceline == line]
        tagged = [e for e in on_line if short_tag(e.tag) == tag]
        element = (tagged or on_line or [None])[0]
        while element is not None and element.get("id") is None:
            element = element.getparent()
        return element.get("id") if element is not None else None


def sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def sentences(elements: Elements, problems: Iterable[DefinitionProblem]) -> list[DefinitionProblem]:
    """Each problem about an element as '<kind> '<id>' (<name>) <predicate>.'; file-level ones as they are."""
    done = []
    for problem in problems:
        if problem.element_id is None:
            done.append(DefinitionProblem(None, sentence(problem.message)))
        else:
            subject = label(problem.element_id, elements.get(problem.element_id))
            done.append(DefinitionProblem(problem.element_id, sentence(f"{subject} {problem.message}")))
    return list(dict.fromkeys(done))


# --- XML Schema (lxml / libxml2) ----------------------------------------------------------------

_TAG = r"Element '(?P<tag>[^']+)'"
_SCHEMA_KINDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(_TAG + r".*This element is not expected"),
     "có thẻ {tag} không đúng vị trí theo chuẩn BPMN/DMN (dòng {line}); hãy bỏ thẻ này hoặc lưu lại tệp bằng công cụ "
     "vẽ theo đúng chuẩn"),
    (re.compile(_TAG + r": Missing child element"),
     "thiếu thẻ con bắt buộc trong thẻ {tag} (dòng {line}); hãy bổ sung hoặc bỏ thẻ {tag}"),
    (re.compile(_TAG + r", attribute '(?P<attr>[^']+)': The attribute '[^']+' is not allowed"),
     "có thuộc tính '{attr}' không được phép trên thẻ {tag} (dòng {line}); hãy bỏ thuộc tính này"),
    (re.compile(_TAG + r": The attribute '(?P<attr>[^']+)' is required but missing"),
     "thiếu thuộc tính bắt buộc '{attr}' trên thẻ {tag} (dòng {line}); hãy điền thuộc tính này"),
    (re.compile(_TAG + r"(, attribute '(?P<attr>[^']+)')?: '(?P<value>[^']*)' is not a valid value of the atomic "
                       r"type 'xs:ID'"),
     "có mã (id) '{value}' bị trùng hoặc không hợp lệ (dòng {line}): mã phải duy nhất, bắt đầu bằng chữ cái hoặc "
     "dấu gạch dưới và không có dấu cách; hãy đổi mã"),
    (re.compile(_TAG + r"(, attribute '(?P<attr>[^']+)')?: '(?P<value>[^']*)' is not a valid value of the atomic "
                       r"type 'xs:IDREF"),
     "có tham chiếu '{value}' trên thẻ {tag} (dòng {line}) không phải một mã (id) hợp lệ; hãy sửa cho đúng mã "
     "của phần tử được trỏ tới"),
    (re.compile(_TAG + r"(, attribute '(?P<attr>[^']+)')?: '(?P<value>[^']*)' is not a valid value of the atomic "
                       r"type 'xs:QName'"),
     "có giá trị '{value}' trên thẻ {tag} (dòng {line}) không phải tên hợp lệ (mã không được bắt đầu bằng chữ số, "
     "không có dấu cách); hãy sửa giá trị này"),
    (re.compile(_TAG + r"(, attribute '(?P<attr>[^']+)')?: '(?P<value>[^']*)' is not a valid value"),
     "có giá trị '{value}' không hợp lệ trên thẻ {tag} (dòng {line}); hãy sửa giá trị này theo chuẩn BPMN/DMN"),
    (re.compile(_TAG + r": No matching global element declaration available"),
     "có thẻ mở rộng {tag} (dòng {line}) không thuộc chuẩn BPMN; hãy đặt thẻ này trong bpmn:extensionElements "
     "hoặc bỏ đi"),
    (re.compile(_TAG + r".*The QName value '(?P<value>[^']*)' has no corresponding namespace declaration"),
     "dùng tiền tố chưa khai báo trong giá trị '{value}' trên thẻ {tag} (dòng {line}); hãy khai báo không gian "
     "tên (xmlns) của tiền tố này"),
    (re.compile(_TAG + r": Character content other than whitespace is not allowed"),
     "có chữ nằm trực tiếp trong thẻ {tag} (dòng {line}), nơi chỉ được chứa thẻ con; hãy bỏ phần chữ này"),
]


def schema_problem(elements: Elements, line: int, message: str) -> DefinitionProblem:
    """One libxml2 XML Schema error, about the element at `line` (or its nearest ancestor with an id)."""
    text = short_tag(message)
    predicate = f"không đúng cấu trúc BPMN/DMN ở dòng {line}; hãy mở và lưu lại tệp bằng công cụ vẽ theo chuẩn"
    tag = match.group("tag") if (match := re.search(_TAG, text)) else None
    for pattern, template in _SCHEMA_KINDS:
        if match := pattern.search(text):
            fields = {key: value or "" for key, value in match.groupdict().items()}
            predicate = template.format(line=line, **fields)
            break
    element_id = elements.id_at_line(line, tag)
    if element_id is None:
        return DefinitionProblem(None, f"Tệp {predicate.removeprefix('có ')}")
    return DefinitionProblem(element_id, predicate)


# --- SpiffWorkflow's parser ---------------------------------------------------------------------


def _association_refs(element: etree._Element, elements: Elements, direction: str) -> list[str]:
    """The data references of the element's associations that are not data objects (what Spiff cannot resolve)."""
    association, end = ("dataInputAssociation", "sourceRef") if direction == "in" else \
        ("dataOutputAssociation", "targetRef")
    refs = [(ref.text or "").strip() for ref in element.iterfind(f"bpmn:{association}/bpmn:{end}", _NS)]
    unresolved = [ref for ref in refs if local_name(elements.get(ref)) not in ("dataObject", "dataObjectReference")]
    return unresolved or refs


def _data_association(element: etree._Element | None, elements: Elements, direction: str) -> str:
    refs = _association_refs(element, elements, direction) if element is not None else []
    shown = ", ".join(named(ref, elements.get(ref)) for ref in refs) or "không rõ"
    way = "vào từ" if direction == "in" else "ra tới"
    return (f"có liên kết dữ liệu {way} {shown}, không phải đối tượng dữ liệu của cùng quy trình (kho dữ liệu "
            "chưa được hỗ trợ); hãy nối tới một đối tượng dữ liệu hoặc bỏ liên kết này")


def _event_reference(element: etree._Element | None) -> str:
    children = list(element) if element is not None else []
    kinds = [_EVENT_REFS[local_name(c)] for c in children if local_name(c) in _EVENT_REFS]
    what = kinds[0] if kinds else "thông điệp, tín hiệu hoặc lỗi"
    return f"trỏ tới một {what} chưa được khai báo trong tệp; hãy chọn {what} cho sự kiện này"


_UNSUPPORTED = ("dùng cấu trúc mà bộ máy quy trình không đọc được; hãy kiểm tra loại phần tử, các luồng nối "
                "và thuộc tính của nó, hoặc thay bằng một phần tử đơn giản hơn")

# Also found by engine.bpmn.definitions for every element at once (SpiffWorkflow stops at the first of a process).
SEVERAL_OUTGOING = ("có nhiều luồng ra nhưng loại phần tử này chỉ được có một; hãy rẽ nhánh bằng một cổng (gateway) "
                    "đặt sau nó")
UNCONDITIONED_BRANCH = ("ra khỏi cổng nhưng không có điều kiện và không phải luồng mặc định; hãy thêm biểu thức điều "
                        "kiện hoặc đặt luồng này làm luồng mặc định của cổng")

_SPIFF_KINDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"Multiple outgoing flows are not supported"), SEVERAL_OUTGOING),
    (re.compile(r"Non-default exclusive outgoing sequence flow without condition"), UNCONDITIONED_BRANCH),
    (re.compile(r"Exactly one start event is required in a SubWorkflow Task; found (?P<count>\d+)"),
     "cần đúng một sự kiện bắt đầu bên trong nhưng có {count}; hãy để lại đúng một sự kiện bắt đầu"),
    (re.compile(r"A SubWorkflow Must contain an End event"),
     "chưa có sự kiện kết thúc bên trong; hãy thêm một sự kiện kết thúc"),
    (re.compile(r"No start event found"), "không có sự kiện bắt đầu; hãy thêm một sự kiện bắt đầu"),
    (re.compile(r"is not executable"),
     "không được đánh dấu là có thể thực thi (isExecutable); hãy đánh dấu hoặc bỏ lời gọi tới quy trình này"),
    (re.compile(r"A Service Task must have an operator"),
     "chưa chọn thao tác dịch vụ; hãy chọn một thao tác trong bảng thuộc tính hoặc đổi thành loại nhiệm vụ khác"),
    (re.compile(r"multiinstance task must specify a cardinality or a loop input"),
     "lặp nhiều lần nhưng chưa có số lần lặp hay danh sách dữ liệu để lặp; hãy điền số lần lặp hoặc dữ liệu đầu "
     "vào của vòng lặp"),
    (re.compile(r'No "calledElement" attribute'),
     "chưa chỉ ra quy trình được gọi (calledElement); hãy chọn quy trình cần gọi"),
    (re.compile(r"Unknown Time Specification"),
     "là sự kiện hẹn giờ nhưng chưa có thời điểm, thời lượng hay chu kỳ; hãy điền biểu thức hẹn giờ, ví dụ "
     "thời lượng \"P3D\""),
    (re.compile(r"Time Specification Error"),
     "có biểu thức hẹn giờ không đọc được; hãy dùng thời lượng ISO 8601 (ví dụ \"P3D\") hoặc ngày giờ ISO"),
    (re.compile(r"Unsupported Catch Event"),
     "dùng loại sự kiện mà bộ máy quy trình không hỗ trợ; hãy chọn sự kiện hẹn giờ, thông điệp, tín hiệu, lỗi "
     "hoặc điều kiện"),
    (re.compile(r"Conditional event definition with missing condition"),
     "là sự kiện điều kiện nhưng chưa có điều kiện; hãy điền biểu thức điều kiện"),
    (re.compile(r"Duplicate process ID"), "có mã trùng với một quy trình khác; hãy đổi mã"),
    (re.compile(r"we found two items"),
     "có luồng ra tới một phần tử không tìm thấy hoặc có mã bị trùng; hãy nối lại luồng và kiểm tra mã phần tử"),
]


def _data_store(elements: Elements, detail: str) -> DefinitionProblem:
    """Data stores fail before any element is parsed and Spiff names only the store's name: find it by name."""
    stores = [e for e in elements.by_id.values() if local_name(e) == "dataStore"]
    match = re.search(r"Data Store with name (?P<name>.*) has no implementation", detail, re.DOTALL)
    wanted = _clean(match.group("name")) if match else None
    found = next((s for s in stores if _clean(s.get("name") or "") == wanted or (wanted is None and not s.get("name"))),
                 None)
    predicate = ("chưa được hỗ trợ: bộ máy quy trình không có kho dữ liệu nào; hãy dùng đối tượng dữ liệu "
                 "(dataObject) hoặc bỏ kho dữ liệu này")
    if found is None:
        return DefinitionProblem(None, f"Tệp có kho dữ liệu (dataStore) {predicate}")
    return DefinitionProblem(found.get("id"), predicate)


def from_validation(exc: Exception, elements: Elements, about: str | None = None) -> DefinitionProblem:
    """A SpiffWorkflow parser failure about an element (`exc.id`, else `about`) as a predicate about it."""
    detail = str(exc.args[0]) if exc.args else ""
    element_id = getattr(exc, "id", "") or about
    if "Data Store" in detail:
        return _data_store(elements, detail)
    element = elements.get(element_id)
    if "Cannot resolve data" in detail:
        predicate = _data_association(element, elements, "in" if "dataInputAssociation" in detail else "out")
    elif "raise_validation_exception" in detail or re.search(r"Expected an? \w+ node", detail):
        predicate = _event_reference(element)
    else:
        predicate = next((template.format(**match.groupdict()) for pattern, template in _SPIFF_KINDS
                          if (match := pattern.search(detail))), _UNSUPPORTED)
    if not element_id:
        return DefinitionProblem(None, f"Tệp có phần tử {predicate}")
    return DefinitionProblem(element_id, predicate)


# --- Expressions (RestrictedPython) ---------------------------------------------------------------

_CODE_KINDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^Line (?P<line>\d+): SyntaxError: .*? at statement: (?P<code>.+)$", re.DOTALL),
     "lỗi cú pháp Python ở dòng {line}: {code}"),
    (re.compile(r"^Line (?P<line>\d+): SyntaxError"), "lỗi cú pháp Python ở dòng {line}"),
    (re.compile(r'^Line (?P<line>\d+): "(?P<name>[^"]+)" is an invalid variable name because it starts with "_"'),
     "dòng {line} dùng tên '{name}' bắt đầu bằng dấu gạch dưới, không được phép"),
    (re.compile(r'^Line (?P<line>\d+): "(?P<name>[^"]+)" is an invalid attribute name because it starts with "_"'),
     "dòng {line} dùng thuộc tính '{name}' bắt đầu bằng dấu gạch dưới, không được phép"),
    (re.compile(r'^Line (?P<line>\d+): "(?P<name>[^"]+)" is a reserved name'),
     "dòng {line} dùng tên dành riêng '{name}'"),
    (re.compile(r"^Line (?P<line>\d+): (?:Eval|Exec) calls are not allowed"),
     "dòng {line} gọi eval/exec, không được phép"),
    (re.compile(r"^Line (?P<line>\d+): .*imports? .*not allowed"), "dòng {line} nhập mô-đun (import), không được phép"),
]


def code_error(error: str) -> str:
    """One RestrictedPython finding about a designer's script or expression, in Vietnamese."""
    for pattern, template in _CODE_KINDS:
        if match := pattern.search(error):
            fields = match.groupdict()
            if fields.get("code") in ("None", "''", '""'):
                return template.split(":")[0].format(**fields)
            return template.format(**fields)
    line = re.match(r"^Line (\d+): (.*)$", error, re.DOTALL)
    if line and not line.group(2).isascii():  # the sandbox's own refusals are written in Vietnamese
        return f"dòng {line.group(1)}: {line.group(2).rstrip('.')}"
    if not error.isascii():
        return error.rstrip(".")
    where = f"dòng {line.group(1)} " if line else ""
    return f"{where}dùng cấu trúc Python không được phép trong quy trình"


def code_errors(errors: Iterable[str]) -> str:
    return "; ".join(dict.fromkeys(code_error(e) for e in errors))


def foreign_expression_hint(source: str) -> str:
    """A hint for expressions written for another engine (JUEL '${...}', XPath 'bpmn:getDataObject')."""
    if "${" in source or "#{" in source:
        return "; biểu thức kiểu ${...} của công cụ khác không dùng được, hãy viết bằng Python, ví dụ approved == True"
    if "getDataObject" in source:
        return "; hàm XPath của công cụ khác không dùng được, hãy viết bằng Python theo tên biến của quy trình"
    return "; hãy viết lại bằng cú pháp Python"
