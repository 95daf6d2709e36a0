"""Every use of SpiffWorkflow 3.2.0's private internals, in one place.

SpiffWorkflow offers no public way to do what these functions do. Each names the 3.2.0 code it
mirrors or patches, so that an upgrade knows what to re-read: when SpiffWorkflow changes one of
those places, only this module (and its tests) should need to follow.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from typing import Any
from uuid import uuid4

from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import LoopTask
from SpiffWorkflow.bpmn.util.diff import WorkflowDiff
from SpiffWorkflow.util.task import TaskState

from engine.clock import VIETNAM, current_clock

# Predicted steps: what lies ahead of a task that has not run yet.
AHEAD = TaskState.FUTURE | TaskState.PREDICTED_MASK


class ClockDatetime(datetime):
    """Stands in for `datetime` inside SpiffWorkflow's timer module, so timers read our clock.

    SpiffWorkflow 3.2.0 (bpmn/specs/event_definitions/timer.py) compares timers with
    `datetime.now(timezone.utc)` and offers no hook. It fires a timer only when its time is strictly
    before now; one microsecond later makes a timer due at 08:00 fire at 08:00, as `run-due` selects it.
    """

    @classmethod
    def now(cls, tz: tzinfo | None = None) -> datetime:  # type: ignore[override]  # a plain datetime, as before
        local = (current_clock().now() + timedelta(microseconds=1)).replace(tzinfo=VIETNAM)
        return local.astimezone(tz) if tz is not None else local.replace(tzinfo=None)


def install_timer_clock() -> None:
    """Point SpiffWorkflow's timer module at the current clock (idempotent): its module globals
    `datetime` and `LOCALTZ` (timer.py, 3.2.0) are what every timer event definition reads."""
    from SpiffWorkflow.bpmn.specs.event_definitions import timer

    timer.datetime = ClockDatetime
    timer.LOCALTZ = VIETNAM


def connect_loop_merges(spec: Any, subprocess_specs: dict[str, Any]) -> None:
    """Connect every loop's merge handler to the spec of the activity it repeats.

    LoopTask (bpmn/specs/mixins/multiinstance_task.py, 3.2.0) connects `merge_child` to the body's
    `completed_event` only in `_update_hook` when it creates a round; specs parsed anew by a fresh process
    never get the connection, and the running round never merges.
    """
    for process in [spec, *subprocess_specs.values()]:
        for task_spec in process.task_specs.values():
            if isinstance(task_spec, LoopTask):
                body = process.task_specs[task_spec.task_spec]
                if not body.completed_event.is_connected(task_spec.merge_child):
                    body.completed_event.connect(task_spec.merge_child)


def remove_task(owner: Any, task: Any) -> None:
    """Remove a task and its subtree from a (sub-)workflow: `Workflow._remove_task` (util/workflow.py, 3.2.0)."""
    owner._remove_task(task.id)


def give_new_id(task: Any) -> None:
    """Give a task a new id, as if it were a new task: the workflow's `tasks` dict, the parent's `_children` and
    the children's `_parent` hold ids (util/task.py, 3.2.0), so each is rewritten."""
    old, new = task.id, uuid4()
    task.workflow.tasks[new] = task.workflow.tasks.pop(old)
    task.id = new
    task.parent._children = [new if child == old else child for child in task.parent._children]
    for child in task.children:
        child._parent = new


def settle_migration(owner: Any, diff: WorkflowDiff) -> None:
    """Finish what `migrate_workflow` (bpmn/util/diff.py, 3.2.0) leaves: it re-predicts only from READY and
    WAITING tasks, and removes finished tasks of deleted specs together with everything after them."""
    for task in owner.get_tasks(state=TaskState.STARTED, skip_subprocesses=True):
        _predict_again(task)
    for task in diff.removed:
        if task.id not in owner.tasks:
            continue  # already dropped with a re-predicted branch
        if task.has_state(TaskState.FINISHED_MASK):
            _splice_out(owner, task)
        else:
            owner._remove_task(task.id)


def _predict_again(task: Any) -> None:
    """What follows a running step (a sub-process, a loop) comes from the new version's outputs:
    `Task._add_child` and `TaskSpec._predict` (util/task.py, specs/base.py, 3.2.0)."""
    for child in [c for c in task.children if c.has_state(AHEAD) and not c.triggered]:
        task.workflow._remove_task(child.id)
    present = {child.task_spec for child in task.children}
    for output in task.task_spec.outputs:
        if output not in present:
            task._add_child(output, TaskState.FUTURE)
    for child in task.children:
        if child.has_state(AHEAD):
            child.task_spec._predict(child, mask=AHEAD)


def _splice_out(owner: Any, task: Any) -> None:
    """Drop a finished step the new version no longer has; what came after it hangs from its parent."""
    top = owner.top_workflow
    if task.id in top.subprocesses:
        top.delete_subprocess(task)
    parent, children = task.parent, task.children
    siblings = parent.children
    at = siblings.index(task)
    parent.children = [*siblings[:at], *children, *siblings[at + 1:]]
    for child in children:
        child.parent = parent
    owner.tasks.pop(task.id)
    if owner.last_task is task:
        owner.last_task = None


def splice_round(owner: Any, first: Any, again: Any) -> list[Any]:
    """Hang `again` (a later visit of `first`'s step, below it) where `first` hangs, and drop everything else below
    `first`: the finished rounds between them. Returns the dropped tasks. `Task._parent`/`_children` hold ids and
    `Workflow._remove_task` removes a subtree (util/task.py, workflow.py, 3.2.0)."""
    top = owner.top_workflow
    again.parent._children.remove(again.id)
    parent = first.parent
    parent._children[parent._children.index(first.id)] = again.id
    again._parent = parent.id
    dropped = [first, *descendants(first)]
    for task in dropped:
        if task.id in top.subprocesses:
            top.delete_subprocess(task)
        owner.tasks.pop(task.id)
    if owner.last_task is not None and owner.last_task.id not in owner.tasks:
        owner.last_task = parent
    return dropped


def descendants(task: Any) -> list[Any]:
    """Every task below `task` in its (sub-)workflow's tree."""
    found = []
    for child in task.children:
        found += [child, *descendants(child)]
    return found
