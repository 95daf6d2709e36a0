"""New versions of plan_lifecycle.bpmn for tests: the shipped file edited with lxml, then deployed."""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from sqlalchemy import select

from engine.core import Planflow
from engine.models import AuditEntry, HumanTask, ProcessInstance

WORKFLOW = Path(__file__).resolve().parents[1] / "workflows" / "plan_lifecycle.bpmn"
BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
SPIFF = "http://spiffworkflow.org/bpmn/schema/1.0/core"
FORM_CHECK = "Kiểm tra thể thức văn bản"
NEW_DRAFT, RECHECK = "Soạn thảo dự thảo kế hoạch (mẫu 2024)", "Thẩm định lại"
RECHECK_FORM = '{"type": "object", "properties": {"opinion": {"type": "string", "title": "Ý kiến thẩm định lại"}}}'



def _element(root, element_id: str):
    return root.find(f".//*[@id='{element_id}']")


def _bpmn(tag: str, **attributes) -> etree._Element:
    return etree.Element(f"{{{BPMN}}}{tag}", attributes)


def renamed_draft(root) -> None:
    """The draft step renamed, with a form field more."""
    draft = _element(root, "draft_plan")
    draft.set("name", NEW_DRAFT)
    schema = draft.find(f".//{{{SPIFF}}}property[@name='formSchema']")
    schema.set("value", schema.get("value").replace('"summary":', '"basis": {"type": "string", "title": "Căn cứ"}, '
                                                                   '"summary":'))


def with_recheck(root) -> None:
    """A head's second check after the review."""
    round_ = _element(root, "drafting_round")
    recheck = _bpmn("userTask", id="recheck_draft", name=RECHECK)
    properties = etree.SubElement(etree.SubElement(recheck, f"{{{BPMN}}}extensionElements"),
                                  f"{{{SPIFF}}}properties")
    etree.SubElement(properties, f"{{{SPIFF}}}property", name="formSchema", value=RECHECK_FORM)
    round_.append(recheck)
    _element(root, "flow_reviewed").set("targetRef", "recheck_draft")
    round_.append(_bpmn("sequenceFlow", id="flow_rechecked", sourceRef="recheck_draft", targetRef="review_decision"))
    _element(root, "review_decision").find(f"{{{BPMN}}}incoming").text = "flow_rechecked"
    lane = etree.SubElement(_element(root, "Lane_head"), f"{{{BPMN}}}flowNodeRef")
    lane.text = "recheck_draft"


def with_form_check(root) -> None:
    """A clerk checks the signed plan's form before registering it: a step after the drafting round."""
    prepare = _element(root, "prepare_plan")
    prepare.append(_bpmn("userTask", id="check_form", name=FORM_CHECK))
    _element(root, "flow_round_done").set("targetRef", "check_form")
    prepare.append(_bpmn("sequenceFlow", id="flow_form_checked", sourceRef="check_form",
                         targetRef="register_and_issue"))
    _element(root, "register_and_issue").find(f"{{{BPMN}}}incoming").text = "flow_form_checked"
    etree.SubElement(_element(root, "Lane_clerk"), f"{{{BPMN}}}flowNodeRef").text = "check_form"


def without_review(root) -> None:
    """The head's review is gone: a stored draft goes straight to signing."""
    removed = {"review_draft", "flow_reviewed", "review_decision", "flow_review_passed", "flow_review_returned"}
    for node in [_element(root, element_id) for element_id in removed]:
        node.getparent().remove(node)
    for shape in root.xpath("//*[@bpmnElement]"):  # their diagram shapes too
        if shape.get("bpmnElement") in removed:
            shape.getparent().remove(shape)
    _element(root, "flow_saved").set("targetRef", "approve_and_sign")
    for node in root.iter(f"{{{BPMN}}}incoming", f"{{{BPMN}}}flowNodeRef"):
        if node.text in {"flow_review_passed", "flow_review_returned", "review_draft"}:
            node.getparent().remove(node)


def deploy_variant(planflow: Planflow, tmp_path: Path, *edits) -> int:
    root = etree.fromstring(WORKFLOW.read_bytes())
    for edit in edits:
        edit(root)
    path = tmp_path / "plan_lifecycle.bpmn"
    path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    with planflow.unit_of_work() as ctx:
        return planflow.deploy_file(ctx, path, "designer.30").version


def stored(planflow: Planflow, instance_id: int) -> tuple:
    """Everything a migration may change of an instance, as the database holds it."""
    with planflow.unit_of_work() as ctx:
        instance = ctx.session.get(ProcessInstance, instance_id)
        tasks = ctx.session.execute(select(HumanTask.__table__).where(HumanTask.instance_id == instance_id)
                                    .order_by(HumanTask.id)).all()
        audit = ctx.session.scalars(select(AuditEntry.action).where(AuditEntry.instance_id == instance_id)).all()
        return (instance.state, instance.row_version, instance.definition_id, instance.timers, tuple(tasks),
                tuple(audit))
