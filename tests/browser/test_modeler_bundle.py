"""The designer and viewer bundles (webapp/static/vendor/designer/ and viewer/, built by `make frontend`) in Chromium.

Files drawn by other tools survive open → save, the modeler speaks Vietnamese, planflow's lint rules flag what
the engine would refuse, and the instance viewer colours each state. The pages load only the static bundle (and
data: URLs for the viewer's source and state), so no one signs in.
"""

from __future__ import annotations

import base64
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree
from playwright.sync_api import Page, expect

import webapp
from tests.browser.waiting import wait_until

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = Path(webapp.__file__).parent / "static" / "vendor" / "designer"
MIWG = ROOT / "tests" / "data" / "miwg-reference"  # the BPMN MIWG reference files (see the README there)
FOREIGN = ROOT / "tests" / "data" / "foreign"  # our own files in the shapes other tools write (see the README there)
ROLES = ["Chuyên viên", "Trưởng phòng", "Chủ tịch", "Phó Chủ tịch", "Văn thư", "Lãnh đạo UBND"]

XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
BPMNDI = "{http://www.omg.org/spec/BPMN/20100524/DI}"
DC = "{http://www.omg.org/spec/DD/20100524/DC}"
DI = "{http://www.omg.org/spec/DD/20100524/DI}"
# Equivalent forms that moddle writes differently. A waypoint's xsi:type names its declared type (dc:Point) and is
# not written again; <formalExpression> comes back as <expression xsi:type="tFormalExpression"> (the element and
# its XSD substitution group).
DECLARED_TYPES = {"{http://www.omg.org/spec/DD/20100524/DI}waypoint": "{http://www.omg.org/spec/DD/20100524/DC}Point"}
SUBSTITUTES = {f"{BPMN}formalExpression": (f"{BPMN}expression", f"{BPMN}tFormalExpression")}


@pytest.fixture
def designer(page: Page, live_server):
    """Opens a page with the designer markup of the DOM contract; returns a function that imports XML."""
    assert (BUNDLE / "designer.js").exists(), "the designer bundle is missing: run `make frontend`"
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(f"{live_server}/login")  # the static files' origin, so that the page may fetch like the real one
    page.set_content(f"""<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
      <meta name="csrf-token" content="test">
      <link rel="stylesheet" href="/static/vendor/designer/designer.css">
      <script src="/static/vendor/designer/designer.js" defer></script></head>
      <body><div id="designer" data-kind="bpmn" data-main-id="" data-source-url=""
        data-deploy-url="/designer/deploy" data-draft-url="/designer/drafts"
        data-roles='{json.dumps(ROLES, ensure_ascii=False)}' data-operations='["acknowledge_receipt", "save_draft"]'
        data-plan-statuses='["received", "drafting", "in_review"]'>
        <div class="designer-toolbar"><button id="designer-deploy">Lưu và triển khai</button>
          <button id="designer-save-draft">Lưu nháp</button><button id="designer-download">Tải tệp .bpmn</button>
          <label>Mở tệp <input id="designer-open-file" type="file"></label></div>
        <div id="designer-status" role="status"></div><ol id="designer-problems"></ol>
        <div id="designer-canvas"></div><div id="designer-properties"></div>
      </div></body></html>""")
    wait_until(page, "window.planflowDesigner")

    def import_xml(xml: str) -> list[str]:
        return page.evaluate("async xml => (await window.planflowDesigner.modeler.importXML(xml))"
                             ".warnings.map(w => w.message)", xml)

    yield import_xml
    assert errors == []


def save_xml(page: Page) -> str:
    return page.evaluate("async () => (await window.planflowDesigner.modeler.saveXML({ format: true })).xml")


def select(page: Page, element_id: str) -> None:
    page.evaluate("""id => { const modeler = window.planflowDesigner.modeler;
        const element = modeler.get('elementRegistry').get(id);
        modeler.get('canvas').scrollToElement(element); modeler.get('selection').select(element); }""", element_id)


def choose_role(page: Page, role: str) -> None:
    page.locator("#designer-properties").get_by_label("Vai trò thực hiện", exact=True).select_option(label=role)


def as_text(path: Path) -> str:
    """The file decoded by its XML declaration (several MIWG files are ISO-8859-1), declaration dropped."""
    data = path.read_bytes()
    encoding = etree.fromstring(data).getroottree().docinfo.encoding or "utf-8"
    return re.sub(r"^<\?xml[^>]*\?>", "", data.decode(encoding).lstrip("\ufeff"))


# --- open → save loses nothing -----------------------------------------------------------------------------------


def _value(name: str, value: str, element) -> object:
    """An attribute value to compare: numbers numerically, xsi:type as a namespace-qualified name."""
    value = " ".join(value.split())
    if name == XSI_TYPE:
        prefix, _, local = value.rpartition(":")
        return f"{{{element.nsmap.get(prefix or None, '')}}}{local}"
    try:
        return float(value)
    except ValueError:
        return value


def _record(element) -> tuple[str, dict, str]:
    """An element's tag, attributes and text (its own and its tail, whitespace collapsed)."""
    tag = element.tag
    attributes = {name: _value(name, value, element) for name, value in element.attrib.items()}
    if tag in SUBSTITUTES:
        tag, attributes[XSI_TYPE] = SUBSTITUTES[tag]
    if tag in DECLARED_TYPES and attributes.get(XSI_TYPE) == DECLARED_TYPES[tag]:
        del attributes[XSI_TYPE]
    return tag, attributes, " ".join(f"{element.text or ''} {element.tail or ''}".split())


def _elements(data: bytes) -> dict[tuple, tuple[dict, str]]:
    """Every element by a key that ignores prefixes and order: its id, else its parent's key, tag and rank."""
    root = etree.fromstring(data)
    tag, attributes, text = _record(root)
    found = {("root", tag): (attributes, text)}

    def walk(parent, parent_key: tuple) -> None:
        ranks: Counter = Counter()
        for child in parent.iterchildren(tag=etree.Element):
            tag, attributes, text = _record(child)
            ranks[tag] += 1
            key = ("id", tag, child.get("id")) if child.get("id") else (parent_key, tag, ranks[tag])
            found[key] = (attributes, text)
            walk(child, key)

    walk(root, ("root", tag))
    return found


def losses(original: bytes, saved: bytes, warnings: list[str]) -> list[str]:
    """What the saved file lacks, except what the import warned about (references the original leaves dangling)."""
    before, after = _elements(original), _elements(saved)
    lost = []
    for key, (attributes, text) in before.items():
        if key not in after:
            if not any(text and text in warning for warning in warnings):
                lost.append(f"element {key}")
            continue
        kept, kept_text = after[key]
        for name, value in attributes.items():
            if kept.get(name) != value and not _merged_duplicate(name, value, kept, key, attributes):
                lost.append(f"{key}: {name}={value!r} became {kept.get(name)!r}")
        if text != kept_text:
            lost.append(f"{key}: text {text!r} became {kept_text!r}")
    return lost


def _merged_duplicate(name: str, value, kept: dict, key: tuple, attributes: dict) -> bool:
    """moddle merges an attribute in the element's own namespace with an unprefixed one of the same name and value
    that the element also has (alone, a prefixed attribute must keep its namespace)."""
    namespace, _, local = name[1:].partition("}")
    return (name.startswith("{") and key[1].startswith(f"{{{namespace}}}") and kept.get(local) == value
            and attributes.get(local) == value)


def _reference(value: str | None) -> str:
    """A bpmnElement as the id it names: a QName's prefix (bpmnElement="bpmn2:Task_1") names the file itself."""
    return (value or "").rpartition(":")[2]


def _bounds(element) -> tuple:
    bounds = element.find(f"{DC}Bounds") if element is not None else None
    return () if bounds is None else tuple(float(bounds.get(name)) for name in ("x", "y", "width", "height"))


def _positions(data: bytes) -> dict[str, list[tuple]]:
    """Per drawn element (bpmnElement): the plane it sits in, its bounds, its waypoints and its label's bounds."""
    positions: dict[str, list[tuple]] = {}
    for plane in etree.fromstring(data).iter(f"{BPMNDI}BPMNPlane"):
        for di in plane.iterchildren(f"{BPMNDI}BPMNShape", f"{BPMNDI}BPMNEdge"):
            waypoints = tuple((float(point.get("x")), float(point.get("y"))) for point in di.iter(f"{DI}waypoint"))
            record = (_reference(plane.get("bpmnElement")), _bounds(di), waypoints,
                      _bounds(di.find(f"{BPMNDI}BPMNLabel")))
            positions.setdefault(_reference(di.get("bpmnElement")), []).append(record)
    return {key: sorted(records) for key, records in positions.items()}


def moved(original: bytes, saved: bytes) -> list[str]:
    """Drawn elements whose plane, bounds, waypoints or label bounds differ after the save."""
    before, after = _positions(original), _positions(saved)
    return [f"{key}: {records} became {after.get(key)}" for key, records in before.items() if after.get(key) != records]


def test_files_drawn_by_other_tools_survive_open_and_save(page: Page, designer):
    files = sorted(MIWG.glob("*.bpmn")) + sorted((ROOT / "workflows").glob("*.bpmn"))
    assert len(files) > 21, f"the MIWG reference files are missing from {MIWG}"
    failures = {}
    for path in files:
        warnings = designer(as_text(path))
        saved = save_xml(page)
        lost = losses(path.read_bytes(), saved.encode(), warnings) + moved(path.read_bytes(), saved.encode())
        if lost:
            failures[path.name] = lost[:5]
        assert save_xml(page) == saved, f"{path.name}: a second save differs from the first"
    assert failures == {}


def test_lint_panel_texts_and_our_own_extensions_survive_a_save(page: Page, designer):
    source = (ROOT / "workflows" / "plan_lifecycle.bpmn").read_text(encoding="utf-8")
    designer(source)
    saved = save_xml(page)
    for expected in ("spiffworkflow:serviceTaskOperator", 'name="formSchema"', "spiffworkflow:instructionsForEndUser"):
        assert saved.count(expected) == source.count(expected)


def test_a_local_file_opens_in_the_editor_of_its_kind_and_downloads_under_its_id(page: Page, designer):
    latin1 = MIWG / "A.1.0.bpmn"  # ISO-8859-1, as its declaration says
    page.locator("#designer-open-file").set_input_files(str(latin1))
    expect(page.locator("#designer-status")).to_have_text("Đã mở tệp A.1.0.bpmn (chưa lưu).")
    with page.expect_download() as download:
        page.locator("#designer-download").click()
    assert download.value.suggested_filename == "WFP-6-.bpmn"

    page.locator("#designer-open-file").set_input_files(str(ROOT / "workflows" / "xep_loai_dan_van.dmn"))
    expect(page.locator("#designer")).to_have_attribute("data-kind", "dmn")
    expect(page.locator("#designer-properties")).to_be_hidden()
    expect(page.locator("#designer-canvas")).to_contain_text("Hoàn thành tốt nhiệm vụ")
    with page.expect_download() as download:
        page.locator("#designer-download").click()
    assert download.value.suggested_filename == "xep_loai_dan_van.dmn"


# --- files in the shapes other tools write -----------------------------------------------------------------------

FOREIGN_SHAPES = ["a-subprocess-children-in-parent-plane.bpmn", "b-prefixed-extension-attribute.bpmn",
                  "c-two-extension-blocks.bpmn", "d-empty-loop-maximum.bpmn", "e-qname-references.bpmn"]


def open_file(page: Page, path: Path) -> None:
    page.locator("#designer-open-file").set_input_files(str(path))
    expect(page.locator("#designer-status")).not_to_have_text("")


def named_before_saving(page: Page) -> list[str]:
    """The ids of the elements the page lists in #designer-problems after opening a file."""
    return page.locator("#designer-problems li").evaluate_all("items => items.map(item => item.dataset.elementId)")


@pytest.mark.parametrize("name", FOREIGN_SHAPES)
def test_a_file_in_a_shape_other_tools_write_loses_nothing_silently(page: Page, designer, name):
    path = FOREIGN / name
    open_file(page, path)
    expect(page.locator("#designer-status")).not_to_contain_text("Không mở được")
    saved = save_xml(page).encode()
    named = [element_id for element_id in named_before_saving(page) if element_id]
    # Whatever differs is about an element the page named before the save.
    unnamed = [loss for loss in losses(path.read_bytes(), saved, []) + moved(path.read_bytes(), saved)
               if not any(f"'{element_id}'" in loss for element_id in named)]
    assert unnamed == []
    assert save_xml(page).encode() == saved, "a second save differs from the first"


def test_children_drawn_in_the_parent_diagram_stay_there_with_their_labels(page: Page, designer):
    path = FOREIGN / "a-subprocess-children-in-parent-plane.bpmn"
    open_file(page, path)
    saved = save_xml(page).encode()
    assert moved(path.read_bytes(), saved) == []
    assert len(etree.fromstring(saved).findall(f"{BPMNDI}BPMNDiagram")) == 1
    assert "isExpanded" not in saved.decode()
    # Drawn on the main canvas, not behind a drill-down.
    assert page.evaluate("""() => { const registry = window.planflowDesigner.modeler.get('elementRegistry');
        return registry.get('kiem_tra').parent.id; }""") == "tham_dinh"


def test_what_a_save_writes_differently_is_named_element_by_element(page: Page, designer):
    open_file(page, FOREIGN / "c-two-extension-blocks.bpmn")
    expect(page.locator("#designer-status")).to_have_text(
        "Tệp có 1 chỗ sẽ khác đi khi lưu (xem danh sách bên dưới).")
    item = page.locator("#designer-problems li[data-element-id='soan']")
    expect(item).to_contain_text("2 khối extensionElements")
    saved = save_xml(page)
    assert "<vendor:color" in saved and "phòng Tổng hợp</other:owner>" in saved

    open_file(page, FOREIGN / "d-empty-loop-maximum.bpmn")
    expect(page.locator("#designer-problems li[data-element-id='duyet']")).to_contain_text(
        "Không đọc được phần tử <bpmn:loopMaximum>: phần tử này sẽ mất khi lưu.")
    assert 'loopMaximum=""' in save_xml(page)


def test_a_file_that_does_not_open_leaves_the_page_working(page: Page, designer):
    sent: list[str] = []

    def draft_saved(route):
        sent.append(route.request.post_data or "")
        route.fulfill(status=201, content_type="application/json",
                      body=json.dumps({"main_id": "tiep_nhan", "saved_at": "2024-03-02T09:15:00"}))

    page.route("**/designer/drafts", draft_saved)
    status = page.locator("#designer-status")
    open_file(page, FOREIGN / "b-prefixed-extension-attribute.bpmn")
    for name, reason in [
            ("no-diagram.bpmn", "tệp không có dữ liệu hình vẽ (BPMNDiagram), nên không có gì để hiển thị."),
            ("not-xml.bpmn", "tệp không phải XML hợp lệ."),
            ("not-bpmn.bpmn", "tệp không phải sơ đồ BPMN hay bảng quyết định DMN")]:
        page.locator("#designer-open-file").set_input_files(str(FOREIGN / name))
        expect(status).to_contain_text(f"Không mở được tệp {name}: {reason}")
        expect(status).to_contain_text("Sơ đồ đang mở vẫn giữ nguyên.")
        assert page.evaluate("() => Boolean(window.planflowDesigner.modeler.get('elementRegistry').get('soan'))")

    page.locator("#designer-open-file").set_input_files(str(FOREIGN / "a-subprocess-children-in-parent-plane.bpmn"))
    expect(status).to_have_text("Đã mở tệp a-subprocess-children-in-parent-plane.bpmn (chưa lưu).")
    page.locator("#designer-save-draft").click()
    expect(status).to_contain_text("Đã lưu nháp lúc")
    assert len(sent) == 1 and 'id="kiem_tra"' in sent[0]


# --- Vietnamese labels --------------------------------------------------------------------------------------------


def test_the_palette_and_the_properties_panel_are_in_vietnamese(page: Page, designer):
    palette = page.locator(".djs-palette")
    for label in ("Thêm nhiệm vụ", "Thêm sự kiện bắt đầu", "Thêm cổng", "Công cụ chọn vùng"):
        expect(palette.get_by_role("button", name=label, exact=True)).to_have_count(1)
    expect(page.locator("#designer-properties")).to_contain_text("Chung")

    designer((ROOT / "workflows" / "plan_lifecycle.bpmn").read_text(encoding="utf-8"))
    select(page, "draft_plan")
    panel = page.locator("#designer-properties")
    for label in ("Vai trò thực hiện", "Hướng dẫn", "Biểu mẫu (JSON Schema)", "Trạng thái kế hoạch",
                  "Hạn xử lý (biểu thức)"):
        expect(panel.get_by_label(label, exact=True)).to_be_visible()
    expect(panel.get_by_label("Vai trò thực hiện", exact=True)).to_have_value("Lane_officer")
    expect(page.locator(".bjsl-button")).to_contain_text("lỗi")
    expect(page.locator(".djs-context-pad [title='Nối nhiệm vụ']")).to_have_count(1)


# --- planflow's lint rules ----------------------------------------------------------------------------------------

LANE_PROCESS = """<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"
    xmlns:di="http://www.omg.org/spec/DD/20100524/DI" id="Definitions_lane" targetNamespace="http://planflow.vn/bpmn">
  <bpmn:process id="lane_check" name="Kiểm tra làn" isExecutable="true">
    <bpmn:laneSet id="LaneSet_1"><bpmn:lane id="Lane_officer" name="Chuyên viên" /></bpmn:laneSet>
    <bpmn:startEvent id="start" name="Bắt đầu"><bpmn:outgoing>to_draft</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="to_draft" sourceRef="start" targetRef="draft" />
    <bpmn:userTask id="draft" name="Soạn dự thảo"><bpmn:incoming>to_draft</bpmn:incoming>
      <bpmn:outgoing>to_end</bpmn:outgoing></bpmn:userTask>
    <bpmn:sequenceFlow id="to_end" sourceRef="draft" targetRef="end" />
    <bpmn:endEvent id="end" name="Xong"><bpmn:incoming>to_end</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram_1"><bpmndi:BPMNPlane id="Plane_1" bpmnElement="lane_check">
    <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="180" y="160" width="36" height="36" />
    </bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="draft_di" bpmnElement="draft"><dc:Bounds x="270" y="138" width="100" height="80" />
    </bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="end_di" bpmnElement="end"><dc:Bounds x="430" y="160" width="36" height="36" />
    </bpmndi:BPMNShape>
    <bpmndi:BPMNEdge id="to_draft_di" bpmnElement="to_draft"><di:waypoint x="216" y="178" />
      <di:waypoint x="270" y="178" /></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="to_end_di" bpmnElement="to_end"><di:waypoint x="370" y="178" />
      <di:waypoint x="430" y="178" /></bpmndi:BPMNEdge>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>"""


def test_a_user_task_outside_a_role_lane_is_flagged_until_it_gets_a_role(page: Page, designer):
    designer(LANE_PROCESS)
    finding = page.locator("[data-container-id='draft'] .bjsl-overlay")
    expect(finding).to_contain_text("Nhiệm vụ người dùng chưa thuộc làn (vai trò) nào")
    expect(page.locator("body")).to_have_attribute("data-lint-issues", "1")

    select(page, "draft")
    choose_role(page, "Chuyên viên")

    expect(finding).to_have_count(0)
    expect(page.locator("body")).to_have_attribute("data-lint-issues", "0")
    assert "<bpmn:flowNodeRef>draft</bpmn:flowNodeRef>" in save_xml(page)


def test_a_task_keeps_the_role_chosen_for_it_when_it_moves_and_frees_it_when_deleted(page: Page, designer):
    # Our workflows draw no lanes; bpmn-js would take a moved task out of every lane that is not drawn around it.
    designer(LANE_PROCESS.replace(
        '<bpmn:lane id="Lane_officer" name="Chuyên viên" />',
        '<bpmn:lane id="Lane_officer" name="Chuyên viên"><bpmn:flowNodeRef>draft</bpmn:flowNodeRef></bpmn:lane>'
        '<bpmn:lane id="Lane_head" name="Trưởng phòng" />'))
    select(page, "draft")
    choose_role(page, "Trưởng phòng")
    page.evaluate("""() => { const modeler = window.planflowDesigner.modeler;
        modeler.get('modeling').moveElements([modeler.get('elementRegistry').get('draft')], { x: 0, y: 120 }); }""")

    lanes = etree.fromstring(save_xml(page).encode()).findall(f".//{BPMN}lane")
    assert {lane.get("name"): [ref.text for ref in lane] for lane in lanes} == {
        "Chuyên viên": [], "Trưởng phòng": ["draft"]}
    expect(page.locator("body")).to_have_attribute("data-lint-issues", "0")

    page.evaluate("""() => { const modeler = window.planflowDesigner.modeler;
        modeler.get('modeling').removeElements([modeler.get('elementRegistry').get('draft')]); }""")
    assert "flowNodeRef" not in save_xml(page)


def test_a_lane_that_names_no_role_and_a_form_that_is_not_json_are_flagged(page: Page, designer):
    designer(LANE_PROCESS.replace('name="Chuyên viên" />', 'name="Kế toán"><bpmn:flowNodeRef>draft</bpmn:flowNodeRef>'
                                  '</bpmn:lane>'))
    expect(page.locator("[data-container-id='draft'] .bjsl-overlay")).to_contain_text(
        'Làn "Kế toán" không phải vai trò nào trong hệ thống')

    select(page, "draft")
    form = page.locator("#designer-properties").get_by_label("Biểu mẫu (JSON Schema)", exact=True)
    form.fill('{"type": "object",')
    expect(page.locator("#designer-properties")).to_contain_text("không phải JSON hợp lệ")
    expect(page.locator("[data-container-id='draft'] .bjsl-overlay")).to_contain_text(
        "Biểu mẫu (formSchema) không phải JSON hợp lệ")


# --- the instance viewer ------------------------------------------------------------------------------------------


def test_the_instance_viewer_colours_each_state_and_shows_a_steps_data_as_text(page: Page, live_server):
    source = (ROOT / "workflows" / "plan_lifecycle.bpmn").read_bytes()
    state = {
        "elements": {"start": "completed", "prepare_plan": "active", "deadline_near": "waiting",
                     "draft_plan": "completed", "review_draft": "active"},
        "tasks": {"draft_plan": [{"name": "Soạn thảo dự thảo kế hoạch", "state": "completed",
                                  "completed_by": "officer.298", "completed_at": "2024-03-02T09:15:00",
                                  "data": {"title": "Kế hoạch <b>2024</b>", "recipients": ["UBND các xã"]}}]},
    }
    page.goto(f"{live_server}/login")
    page.set_content(f"""<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
      <link rel="stylesheet" href="/static/vendor/viewer/viewer.css">
      <script src="/static/vendor/viewer/viewer.js" defer></script></head><body>
      <div id="instance-diagram" data-source-url="data:application/xml;base64,{base64.b64encode(source).decode()}"
           data-state-url="data:application/json;base64,{base64.b64encode(json.dumps(state).encode()).decode()}"></div>
      <aside id="instance-element"></aside></body></html>""")
    wait_until(page, "window.planflowViewer")

    marked = page.evaluate("""() => Object.fromEntries(['start', 'prepare_plan', 'deadline_near', 'drafting_round',
        'draft_plan', 'review_draft', 'send_to_recipients'].map((id) => [id, ['completed', 'active', 'waiting']
        .filter((state) => window.planflowViewer.get('canvas').hasMarker(id, 'pf-' + state))]))""")
    assert marked == {"start": ["completed"], "prepare_plan": ["active"], "deadline_near": ["waiting"],
                      "drafting_round": ["active"],  # a collapsed sub-process shows its active child
                      "draft_plan": ["completed"], "review_draft": ["active"], "send_to_recipients": []}
    expect(page.locator(".pf-legend")).to_contain_text("Đang thực hiện")

    page.evaluate("""() => { const viewer = window.planflowViewer;
        const element = viewer.get('elementRegistry').get('draft_plan');
        viewer.get('eventBus').fire('element.click', { element }); }""")
    details = page.locator("#instance-element")
    expect(details).to_contain_text("Soạn thảo dự thảo kế hoạch")
    expect(details).to_contain_text("Hoàn thành bởi officer.298 lúc 09:15 ngày 02/03/2024")
    expect(details.locator("dd", has_text="Kế hoạch <b>2024</b>")).to_have_count(1)
    expect(details.locator("b")).to_have_count(0)
