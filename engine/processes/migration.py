"""Moving running instances to a newer version of their process.

SpiffWorkflow's spec diff aligns each step of the old version with the new one by BPMN id (or, failing
that, by position). An instance can move when every step it is at — READY, STARTED or WAITING tasks, in
the top workflow and in every sub-process — and every running sub-process still exists in the new version;
what it already did may have been removed. Moving re-predicts what lies ahead from the new version, so new
steps after the current ones are taken and removed ones are not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn.util.diff import SpecDiff, WorkflowDiff, diff_dependencies, migrate_workflow
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.bpmn.internals import settle_migration
from engine.bpmn.persistence import dump, load
from engine.bpmn.runtime import INSTANCE_FOR_UPDATE, load_workflow, never_ran, resave
from engine.bpmn.scripting import SafeWorkflow, make_serializer
from engine.context import Ctx
from engine.errors import InvalidInput, NotFound
from engine.models import Definition, Plan, ProcessInstance, Unit
from engine.processes.designer import require_designer

# The spec diff compares specs in their serialized form: the serializer's registry knows every spec class.
_REGISTRY = make_serializer().registry
# Where an instance is now: a step it waits at, is running, or a sub-process it is inside.
_AT_NOW = TaskState.READY | TaskState.STARTED | TaskState.WAITING


@dataclass(frozen=True)
class MigrationCandidate:
    instance_id: int
    process_id: str
    from_version: int
    to_version: int
    unit_name: str
    plan_title: str | None
    current: tuple[str, ...]  # names of the tasks it waits on now
    movable: bool
    reason: str | None  # Vietnamese, when not movable


@dataclass(frozen=True)
class MigrationResult:
    moved: list[int]
    refused: list[MigrationCandidate]


@dataclass(frozen=True)
class _Diffs:
    """An instance's workflows aligned with the new version: the top one, and each sub-process by its task id."""

    top: WorkflowDiff
    subprocesses: dict[UUID, WorkflowDiff | None]  # None: the sub-process's spec is gone


def preview_migration(ctx: Ctx, main_id: str, to_version: int) -> list[MigrationCandidate]:
    """Every running instance of the process on an older version, and whether it can move; changes nothing."""
    target = _target(ctx.session, main_id, to_version)
    differ = _Differ(ctx, target)
    candidates = []
    for instance, version in _running_before(ctx.session, target):
        # Loaded from the row, not taken from the warm cache: a preview leaves the cache to the next step.
        workflow = load(instance.state, *ctx.specs.get_by_id(ctx.session, instance.definition_id))
        candidates.append(_candidate(ctx, instance, version, target, workflow, differ.diff(instance, workflow)))
    return candidates


def process_name(ctx: Ctx, main_id: str, to_version: int) -> str:
    """The name the target version gives its process (its id when it has none), for headings."""
    spec, _ = ctx.specs.get(_target(ctx.session, main_id, to_version))
    return spec.description or main_id


def migrate_instances(ctx: Ctx, main_id: str, to_version: int, instance_ids: list[int]) -> MigrationResult:
    """Move the chosen instances to the target version in this unit of work; those that cannot move stay as they were.

    The acting designer is `ctx.actor`. An id that is not a running instance of this process on an older
    version is refused before anything moves.
    """
    require_designer(ctx)
    target = _target(ctx.session, main_id, to_version)
    if not instance_ids:
        raise InvalidInput("Chưa chọn hồ sơ nào để chuyển.", {"instance": "chọn ít nhất một hồ sơ"})
    chosen = [_lock(ctx, instance_id, target) for instance_id in sorted(set(instance_ids))]
    differ = _Differ(ctx, target)
    moved, refused = [], []
    for instance, version in chosen:
        workflow = load_workflow(ctx, instance)
        diffs = differ.diff(instance, workflow)
        candidate = _candidate(ctx, instance, version, target, workflow, diffs)
        if not candidate.movable:
            refused.append(candidate)
            continue
        instance.definition_id = target.id
        resave(ctx, instance, _migrated(workflow, diffs, *ctx.specs.get(target)))
        ctx.audit("migrate", instance_id=instance.id, plan_id=instance.plan_id,
                  details={"from_version": version, "to_version": target.version})
        moved.append(instance.id)
    return MigrationResult(moved=moved, refused=refused)


def _target(session: Session, main_id: str, to_version: int) -> Definition:
    target = session.scalar(select(Definition).where(Definition.main_id == main_id, Definition.version == to_version))
    if target is None:
        if session.scalar(select(Definition.id).where(Definition.main_id == main_id).limit(1)) is None:
            raise NotFound(f"Chưa triển khai quy trình '{main_id}'.")
        raise NotFound(f"Quy trình '{main_id}' không có phiên bản {to_version}.")
    if target.kind != "bpmn":
        raise InvalidInput(f"'{main_id}' là bảng quyết định: không có hồ sơ nào chạy theo nó để chuyển phiên bản.")
    return target


def _running_before(session: Session, target: Definition) -> list[tuple[ProcessInstance, int]]:
    query = (select(ProcessInstance, Definition.version)
             .join(Definition, Definition.id == ProcessInstance.definition_id)
             .where(ProcessInstance.process_id == target.main_id, ProcessInstance.status == "running",
                    Definition.version < target.version)
             .order_by(ProcessInstance.id))
    return [(instance, version) for instance, version in session.execute(query)]


def _lock(ctx: Ctx, instance_id: int, target: Definition) -> tuple[ProcessInstance, int]:
    """The instance's row, locked, with its version; anything but a running instance on an older version is refused."""
    instance = ctx.session.scalars(INSTANCE_FOR_UPDATE, {"instance_id": instance_id}).one_or_none()
    if instance is None:
        raise NotFound(f"Không có hồ sơ #{instance_id}.")
    # There by foreign key: one() rather than scalar(), which would allow None.
    version = ctx.session.scalars(select(Definition.version).where(Definition.id == instance.definition_id)).one()
    if instance.process_id != target.main_id:
        raise InvalidInput(f"Hồ sơ #{instance_id} thuộc quy trình '{instance.process_id}', không phải "
                           f"'{target.main_id}'.", {"instance": "hồ sơ của quy trình khác"})
    if instance.status == "suspended":
        raise InvalidInput(f"Hồ sơ #{instance_id} đang tạm dừng; hãy cho tiếp tục rồi mới chuyển phiên bản.",
                           {"instance": "hồ sơ đang tạm dừng"})
    if instance.status != "running":
        raise InvalidInput(f"Hồ sơ #{instance_id} đã kết thúc; chỉ hồ sơ đang chạy mới chuyển được phiên bản.",
                           {"instance": "hồ sơ đã kết thúc"})
    if version >= target.version:
        raise InvalidInput(f"Hồ sơ #{instance_id} đang ở phiên bản {version}, không cũ hơn phiên bản {target.version}.",
                           {"instance": "hồ sơ không ở phiên bản cũ hơn"})
    return instance, version


class _Differ:
    """Aligns workflows with the target version; the specs of each older version are compared once."""

    def __init__(self, ctx: Ctx, target: Definition):
        self.ctx, self.target = ctx, target
        self._spec_diffs: dict[int, tuple[SpecDiff, dict[str, SpecDiff | None]]] = {}

    def diff(self, instance: ProcessInstance, workflow: SafeWorkflow) -> _Diffs:
        top, subprocesses = self._specs_of(instance.definition_id)
        return _Diffs(
            top=WorkflowDiff(workflow, top),
            subprocesses={task_id: WorkflowDiff(sub, subprocesses[sub.spec.name])
                          if subprocesses.get(sub.spec.name) is not None else None
                          for task_id, sub in workflow.subprocesses.items()},
        )

    def _specs_of(self, definition_id: int) -> tuple[SpecDiff, dict[str, SpecDiff | None]]:
        if definition_id not in self._spec_diffs:
            old_spec, old_subprocess_specs = self.ctx.specs.get_by_id(self.ctx.session, definition_id)
            new_spec, new_subprocess_specs = self.ctx.specs.get(self.target)
            self._spec_diffs[definition_id] = (
                SpecDiff(_REGISTRY, old_spec, new_spec),
                diff_dependencies(_REGISTRY, old_subprocess_specs, new_subprocess_specs)[0],
            )
        return self._spec_diffs[definition_id]


def _candidate(ctx: Ctx, instance: ProcessInstance, version: int, target: Definition, workflow: SafeWorkflow,
               diffs: _Diffs) -> MigrationCandidate:
    reasons = _blockers(workflow, diffs, target.version)
    plan = ctx.session.get(Plan, instance.plan_id) if instance.plan_id else None
    return MigrationCandidate(
        instance_id=instance.id, process_id=instance.process_id, from_version=version, to_version=target.version,
        unit_name=ctx.session.get_one(Unit, instance.unit_id).committee_name, plan_title=plan.title if plan else None,
        current=tuple(_name(t.task_spec) for t in workflow.get_tasks(state=TaskState.READY, manual=True)),
        movable=not reasons, reason="; ".join(reasons) or None,
    )


def _blockers(workflow: SafeWorkflow, diffs: _Diffs, to_version: int) -> list[str]:
    """Why the instance cannot move: where it is now has no counterpart in the new version."""
    if never_ran(workflow):
        return ["Hồ sơ dừng ngay khi khởi tạo (sự cố): quản trị viên thử lại để chạy trên phiên bản mới nhất"]
    reasons = [f"Bước đang chờ '{_name(task.task_spec)}' không còn trong phiên bản {to_version}"
               for diff in [diffs.top, *diffs.subprocesses.values()] if diff is not None
               for task in diff.removed if task.has_state(_AT_NOW)]
    reasons += [f"Quy trình con đang chạy '{_name(workflow.get_task_from_id(task_id).task_spec)}' không còn "
                f"trong phiên bản {to_version}"
                for task_id, diff in diffs.subprocesses.items()
                if diff is None and not workflow.subprocesses[task_id].completed]
    return list(dict.fromkeys(reasons))  # a step repeated in several places is named once


def _name(task_spec: Any) -> str:
    return task_spec.bpmn_name or task_spec.bpmn_id or task_spec.name


def _migrated(workflow: SafeWorkflow, diffs: _Diffs, new_spec: Any, new_subprocess_specs: dict) -> SafeWorkflow:
    """The workflow on the new specs, restored from its state as every later step will restore it."""
    migrate_workflow(diffs.top, workflow, new_spec)
    workflow.subprocess_specs = new_subprocess_specs
    settle_migration(workflow, diffs.top)
    for task_id, diff in diffs.subprocesses.items():
        if task_id not in workflow.subprocesses:
            continue  # deleted with its parent task, a finished step the new version no longer has
        if diff is None:  # finished (a running one blocks the move): its record goes with its spec
            workflow.delete_subprocess(workflow.get_task_from_id(task_id))
            continue
        sub = workflow.subprocesses[task_id]
        migrate_workflow(diff, sub, new_subprocess_specs[sub.spec.name])
        settle_migration(sub, diff)
    return load(dump(workflow), new_spec, new_subprocess_specs)
