"""Loop activities across save and reload, and the finished rounds they leave behind.

SpiffWorkflow 3.2.0 connects a loop's merge handler to its body's spec only when it creates a
round; a workflow reloaded in a fresh process (new spec objects) never merges the running round,
so the loop hangs. `connect_loop_merges` (engine/bpmn/internals.py) restores that connection
whenever specs are parsed.

Each round of the looped drafting sub-process stays in SpiffWorkflow's task tree: measured 4.3 KB
of state per round, so a draft returned 300 times made every save and load cost ~300 ms. A
finished round is never read again (the loop keeps only the count of merged rounds); what each
round submitted is in the audit trail, so the tree keeps only the round in progress.
"""

from __future__ import annotations

from typing import Any

from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import StandardLoopTask

from engine.bpmn.internals import connect_loop_merges, remove_task
from engine.bpmn.scripting import SafeWorkflow

__all__ = ["connect_loop_merges", "prune_finished_rounds"]


def prune_finished_rounds(workflow: SafeWorkflow) -> int:
    """Remove merged iterations of every standard loop; return how many were removed."""
    removed = 0
    for owner in [workflow, *workflow.subprocesses.values()]:
        loops = [t for t in owner.tasks.values() if isinstance(t.task_spec, StandardLoopTask)]
        for loop in loops:
            merged = set(loop.internal_data.get("merged", []))
            for child in [c for c in loop.children if str(c.id) in merged]:
                _drop(workflow, owner, child)
                removed += 1
    return removed


def _drop(top: SafeWorkflow, owner: Any, task: Any) -> None:
    for subtree_task in [task, *_descendants(task)]:
        if subtree_task.id in top.subprocesses:
            top.delete_subprocess(subtree_task)
    remove_task(owner, task)


def _descendants(task: Any) -> list[Any]:
    found = []
    for child in task.children:
        found.append(child)
        found.extend(_descendants(child))
    return found
