"""Workflow state as JSON without its spec: the spec is stored once per deployed version.

The spec is about 70% of a fresh instance's JSON; keeping only the reference measured
6 KB and 1.5 ms save+load against 20 KB and 3 ms with the spec embedded (DESIGN.md §2.2).
Only JSON this process wrote is ever loaded: old-format migrations in the serializer call eval.
"""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn.serializer.default.workflow import BpmnWorkflowConverter, WorkflowConverter

from engine.bpmn.scripting import SafeWorkflow, make_serializer

FORMAT = "planflow-1"


class SpecReferenceConverter(BpmnWorkflowConverter):
    """Serialize a workflow's tasks and data; restore it onto a spec the host supplies."""

    def to_dict(self, workflow: Any) -> dict[str, Any]:
        dct = WorkflowConverter.to_dict(self, workflow)
        dct["subprocesses"] = self.mapping_to_dict(workflow.subprocesses)
        dct["bpmn_events"] = self.registry.convert(workflow.bpmn_events)
        return dct

    def from_dict(self, dct: dict[str, Any], spec: Any = None, subprocess_specs: dict[str, Any] | None = None) -> Any:
        workflow = self.target_class(spec, subprocess_specs, deserializing=True)
        workflow.tasks = self.mapping_from_dict(dct["tasks"], UUID, workflow=workflow)
        workflow.task_tree = workflow.tasks.get(UUID(dct["root"]))
        self.set_default_attributes(workflow, dct)
        self.subprocesses_from_dict(dct["subprocesses"], workflow)
        workflow.bpmn_events = self.registry.restore(dct.pop("bpmn_events", []))
        return workflow


_serializer = make_serializer(workflow_converter=SpecReferenceConverter)


def dump(workflow: SafeWorkflow) -> str:
    dct = _serializer.to_dict(workflow)
    dct["format"] = FORMAT
    return json.dumps(dct, separators=(",", ":"), ensure_ascii=False)


def load(state: str, spec: Any, subprocess_specs: dict[str, Any]) -> SafeWorkflow:
    dct = json.loads(state)
    if dct.pop("format", None) != FORMAT:
        raise ValueError("unknown workflow state format")
    return _serializer.from_dict(dct, spec=spec, subprocess_specs=subprocess_specs)
