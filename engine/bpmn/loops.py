"""Loop activities across save and reload, and the finished rounds they leave behind.

SpiffWorkflow 3.2.0 connects a loop's merge handler to its body's spec only when it creates a
round; a workflow reloaded in a fresh process (new spec objects) never merges the running round,
so the loop hangs. `connect_loop_merges` (engine/bpmn/internals.py) restores that connection
whenever specs are parsed.

Each round of the looped drafting sub-process stays in SpiffWorkflow's task tree: measured 4.3 KB
of state per round, so a draft returned 300 times made every save and load cost ~300 ms. A
finished round is never read again (the loop keeps only the count of merged rounds); what each
round submitted is in the audit trail, so the tree keeps only the round in progress.

A loop drawn the way other tools (and most designers) draw it — a gateway flowing back to an earlier
step — grows the same way: each visit of the step is a new task below the round before it (measured
4.7 KB at round 1, 57 KB at round 50, each step 1.5–2× slower). When a step that is running or
waiting is a later visit of a step above it, and everything from that first visit down to it is
finished (side branches too: a cancelled reminder, a parallel branch merged), the rounds between are
spliced out and the later visit hangs where the first one did. Nothing still running is touched, so
a join, a boundary event or a sub-process of the round in progress sees what it saw before.
"""

from __future__ import annotations

from typing import Any

from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import StandardLoopTask
from SpiffWorkflow.util.task import TaskState

from engine.bpmn.internals import connect_loop_merges, descendants, remove_task, splice_round
from engine.bpmn.scripting import SafeWorkflow

# A later visit hangs where the first one did only once it has its own data: a task inherits its parent's data when
# it becomes ready (Task._inherit_data, 3.2.0), so a predicted one would inherit the first visit's parent's.
_UNDER_WAY = TaskState.READY | TaskState.WAITING | TaskState.STARTED | TaskState.ERROR

__all__ = ["connect_loop_merges", "prune_finished_rounds"]


def prune_finished_rounds(workflow: SafeWorkflow) -> int:
    """Remove merged iterations of every standard loop and the finished rounds of every cycle; return how many
    tasks were removed."""
    return _prune_loop_iterations(workflow) + _prune_cycles(workflow)


def _prune_loop_iterations(workflow: SafeWorkflow) -> int:
    removed = 0
    for owner in [workflow, *workflow.subprocesses.values()]:
        loops = [t for t in owner.tasks.values() if isinstance(t.task_spec, StandardLoopTask)]
        for loop in loops:
            merged = set(loop.internal_data.get("merged", []))
            for child in [c for c in loop.children if str(c.id) in merged]:
                _drop(workflow, owner, child)
                removed += 1
            # StandardLoopTask reads only how many rounds merged (loopMaximum): a dropped round's id (36 characters a
            # round, 11 KB after 300 returns) is kept as an empty mark.
            loop.internal_data["merged"] = ["" for _ in loop.internal_data.get("merged", [])]
    return removed


def _drop(top: SafeWorkflow, owner: Any, task: Any) -> None:
    for subtree_task in [task, *descendants(task)]:
        if subtree_task.id in top.subprocesses:
            top.delete_subprocess(subtree_task)
    remove_task(owner, task)


def _prune_cycles(workflow: SafeWorkflow) -> int:
    removed = 0
    for owner in [workflow, *workflow.subprocesses.values()]:
        for task in [t for t in owner.tasks.values() if t.has_state(_UNDER_WAY)]:
            if task.id in owner.tasks:  # not spliced out with an earlier one's rounds
                removed += _splice_finished_rounds(owner, task)
    return removed


def _splice_finished_rounds(owner: Any, task: Any) -> int:
    """Splice out the finished rounds above `task`: the highest earlier visit of a step on its path whose last
    visit on the path has only finished work between them. (Every task on the path is settled: `task` is under
    way and the tasks above it have run.)"""
    path = _path_to(task)
    last_visit = {node.task_spec: at for at, node in enumerate(path)}
    for first in path:
        again = path[last_visit[first.task_spec]]
        if again is not first and _finished_between(first, again):
            return len(splice_round(owner, first, again))
    return 0


def _path_to(task: Any) -> list[Any]:
    path = [task]
    while path[-1].parent is not None:
        path.append(path[-1].parent)
    return path[::-1]


def _finished_between(first: Any, again: Any) -> bool:
    """Every task from `first` down to `again`'s parent completed, and every branch off that path finished."""
    node = again
    while node is not first:
        parent = node.parent
        if not parent.has_state(TaskState.COMPLETED):
            return False
        if any(not _all_finished(side) for side in parent.children if side is not node):
            return False
        node = parent
    return True


def _all_finished(task: Any) -> bool:
    return task.has_state(TaskState.FINISHED_MASK) and all(_all_finished(child) for child in task.children)
