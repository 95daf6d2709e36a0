"""The in-memory floor: the same workflow steps with SpiffWorkflow alone, no database.

A durable engine cannot be cheaper than restoring the state, running the step and saving the
state again, so each floor step is `persistence.load` + set data + `task.run()` +
`do_engine_steps()` + `persistence.dump`, on the same parsed spec and the same SafeWorkflow the
engine uses. Service tasks get a stub host that returns data shaped like the real operations'.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from SpiffWorkflow.util.task import TaskState

from engine.bpmn.persistence import dump, load
from engine.bpmn.scripting import SafeWorkflow

# What each host operation returns to the workflow (engine/plans/lifecycle.py), with plausible values.
SERVICE_RESULTS = {
    "save_draft": {"plan_id": 1},
    "record_signature": {"signer": "Nguyễn Văn An", "role": "chair"},
    "issue_plan": {"number": "01/KH-UBND", "issued_date": "2024-03-01"},
    "distribute_plan": {"lines": 5},
    "acknowledge_receipt": {"acknowledged_at": "2024-03-01T08:00:00"},
    "notify": {"notified": 1},
}


def stub_services(task, operation: str, params: dict) -> dict:
    return SERVICE_RESULTS[operation]


@dataclass(frozen=True)
class Step:
    """A workflow's state after a step, and the user tasks it now waits on (id, BPMN id)."""

    state: str
    ready: list[tuple[UUID, str]]


def _ready(workflow: SafeWorkflow) -> list[tuple[UUID, str]]:
    return [(t.id, t.task_spec.bpmn_id) for t in workflow.get_tasks(state=TaskState.READY, manual=True)]


def start(spec, subprocess_specs, data: dict) -> Step:
    """Create an instance, put the start data in, run it to its first wait, serialize it."""
    workflow = SafeWorkflow(spec, subprocess_specs)
    workflow.script_engine.service_handler = stub_services
    for task in workflow.get_tasks(state=TaskState.READY):
        task.data.update(data)
    workflow.do_engine_steps()
    return Step(dump(workflow), _ready(workflow))


def complete(state: str, spec, subprocess_specs, task_id: UUID, data: dict, want_ready: bool = False) -> Step:
    """Restore, complete one user task with data, run to the next wait, serialize."""
    workflow = load(state, spec, subprocess_specs)
    workflow.script_engine.service_handler = stub_services
    task = workflow.get_task_from_id(task_id)
    task.data.update(data)
    task.run()
    workflow.do_engine_steps()
    return Step(dump(workflow), _ready(workflow) if want_ready else [])


def drive_to_end(spec, subprocess_specs, start_data: dict, data_for: Callable[[str], dict | None]) -> int:
    """Start an instance, then complete its user tasks while `data_for(bpmn_id)` gives their data.

    Return the number of completions.
    """
    step = start(spec, subprocess_specs, start_data)
    completions = 0
    while step.ready and (data := data_for(step.ready[0][1])) is not None:
        step = complete(step.state, spec, subprocess_specs, step.ready[0][0], data, want_ready=True)
        completions += 1
    return completions
