"""The process designer's services: deployed definitions at a glance, versions with their differences,
drafts saved from the modeler, deploying from it, and exporting what is deployed.

A draft is what a designer saved without deploying: it only has to be safe XML with a BPMN or DMN
root, so a diagram drawn in another tool can be opened, saved and reopened before it runs here.
Deploying goes through `engine.bpmn.deployment.deploy`, the same validation as `planflow deploy`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from lxml import etree
from SpiffWorkflow.dmn.parser.BpmnDmnParser import SCHEMAS as DMN_SCHEMAS
from sqlalchemy import Select, and_, delete, func, select
from sqlalchemy.orm import Session, undefer

from engine.bpmn.definitions import BPMN_NS, safe_xml
from engine.bpmn.deployment import deploy, latest_definition
from engine.context import Ctx
from engine.errors import DefinitionProblem, Forbidden, InvalidDefinition, NotFound
from engine.models import Definition, DefinitionDraft, PlanStatus, ProcessInstance, User
from engine.org.roles import RECEIVER_MARK, ROLE_TITLES, Role
from engine.org.units import require_role
from engine.processes.diff import DefinitionDiff, diff_definitions
from engine.text import fold, nfc

MAX_SOURCE_BYTES = 5 * 1024 * 1024
MAX_ID_LENGTH = 120  # definitions.main_id and definition_drafts.main_id
# Lanes may also name a collective title (engine.org.roles); these are the spellings the modeler offers.
COLLECTIVE_LANES = ("Lãnh đạo UBND", "Lãnh đạo phòng")
SYSTEM_ROLES = frozenset({Role.DESIGNER, Role.ADMIN})  # hold no lane: they never act in a process


@dataclass(frozen=True)
class DraftInfo:
    saved_by: str
    saved_at: datetime


@dataclass(frozen=True)
class DefinitionSummary:
    main_id: str
    kind: str  # bpmn | dmn
    name: str  # the process's or decision's name, else its id
    version: int
    deployed_by: str
    deployed_at: datetime
    running: int  # running instances on any version
    draft: DraftInfo | None


@dataclass(frozen=True)
class UndeployedDraft:
    """A draft of a definition that has no deployed version yet."""

    main_id: str
    kind: str
    info: DraftInfo


@dataclass(frozen=True)
class Opening:
    """What the modeler opens for a definition: a deployed version, or the draft when it has one."""

    main_id: str
    kind: str
    version: int | None  # the deployed version opened; None when the draft is
    latest_version: int | None  # None when nothing is deployed yet
    draft: DraftInfo | None  # set when the draft is opened


@dataclass(frozen=True)
class VersionRow:
    version: int
    deployed_by: str
    deployed_at: datetime
    filename: str
    running: int  # running instances on this version
    diff: DefinitionDiff | None  # against the previous version; None for version 1


# --- Reading what is deployed ----------------------------------------------------------------------


def definitions_overview(session: Session) -> list[DefinitionSummary]:
    """The latest version of every definition with its running instances and draft: processes, then tables."""
    latest = session.scalars(_latest_versions()).all()
    running = dict(session.execute(
        select(Definition.main_id, func.count(ProcessInstance.id))
        .join(ProcessInstance, ProcessInstance.definition_id == Definition.id)
        .where(ProcessInstance.status == "running").group_by(Definition.main_id)).all())
    drafts = {draft.main_id: _info(draft) for draft in session.scalars(select(DefinitionDraft))}
    summaries = [
        DefinitionSummary(d.main_id, d.kind, _display_name(d.source, d.main_id), d.version, d.deployed_by,
                          d.deployed_at, running.get(d.main_id, 0), drafts.get(d.main_id))
        for d in latest
    ]
    return sorted(summaries, key=lambda s: (s.kind != "bpmn", fold(s.name), s.main_id))


def _latest_versions() -> Select:
    """The latest version of every definition, with its file."""
    newest = (select(Definition.main_id, func.max(Definition.version).label("version"))
              .group_by(Definition.main_id).subquery())
    return select(Definition).options(undefer(Definition.source)).join(
        newest, and_(Definition.main_id == newest.c.main_id, Definition.version == newest.c.version))


def undeployed_drafts(session: Session) -> list[UndeployedDraft]:
    """Drafts of definitions never deployed (a new process saved halfway), oldest first."""
    deployed = select(Definition.main_id)
    drafts = session.scalars(select(DefinitionDraft).where(DefinitionDraft.main_id.not_in(deployed))
                             .order_by(DefinitionDraft.saved_at))
    return [UndeployedDraft(d.main_id, d.kind, _info(d)) for d in drafts]


def version_source(session: Session, main_id: str, version: int | None = None) -> bytes:
    """The file of a deployed version exactly as it was deployed; the latest when no version is given."""
    return deployed_file(session, main_id, version)[1]


def deployed_file(session: Session, main_id: str, version: int | None = None) -> tuple[str, bytes]:
    """The file name and content of a deployed version; the latest when no version is given."""
    if version is None:
        definition = latest_definition(session, main_id)
    else:
        definition = session.scalar(select(Definition).where(Definition.main_id == main_id,
                                                             Definition.version == version))
    if definition is None:
        raise NotFound(f"Chưa triển khai '{main_id}'." if version is None
                       else f"'{main_id}' không có phiên bản {version}.")
    return definition.filename, definition.source


def versions(session: Session, main_id: str) -> list[VersionRow]:
    """Every version, newest first, each with the difference from the one before it."""
    deployed = session.scalars(select(Definition).options(undefer(Definition.source))
                               .where(Definition.main_id == main_id).order_by(Definition.version)).all()
    if not deployed:
        raise NotFound(f"Chưa triển khai '{main_id}'.")
    running = dict(session.execute(
        select(ProcessInstance.definition_id, func.count(ProcessInstance.id))
        .where(ProcessInstance.definition_id.in_([d.id for d in deployed]), ProcessInstance.status == "running")
        .group_by(ProcessInstance.definition_id)).all())
    rows = [
        VersionRow(d.version, d.deployed_by, d.deployed_at, d.filename, running.get(d.id, 0),
                   diff_definitions(previous.source, d.source) if previous else None)
        for previous, d in zip([None, *deployed], deployed, strict=False)
    ]
    return rows[::-1]


def _display_name(source: bytes, main_id: str) -> str:
    root = safe_xml(source)
    for element in root.iter(etree.Element):
        if element.get("id") == main_id:
            return element.get("name") or main_id
    return main_id


# --- Drafts ------------------------------------------------------------------------------------------


def save_draft(ctx: Ctx, main_id: str | None, data: bytes) -> DefinitionDraft:
    """Keep the modeler's file as it is, one draft per definition; nothing is validated beyond safe XML."""
    designer = require_designer(ctx)
    kind, found_id = inspect_source(data)
    main_id = nfc(main_id.strip()) if main_id and main_id.strip() else found_id
    if main_id is None:
        raise _refuse("Tệp không có quy trình hay bảng quyết định nào có mã (id) để lưu nháp")
    if len(main_id) > MAX_ID_LENGTH:
        raise _refuse(f"Mã quy trình dài quá {MAX_ID_LENGTH} ký tự", main_id[:MAX_ID_LENGTH])
    draft = ctx.session.scalar(select(DefinitionDraft).where(DefinitionDraft.main_id == main_id))
    if draft is None:
        draft = DefinitionDraft(main_id=main_id)
        ctx.session.add(draft)
    draft.kind, draft.source, draft.saved_by, draft.saved_at = kind, data, designer.username, ctx.now()
    ctx.session.flush()
    return draft


def draft_source(session: Session, main_id: str) -> tuple[bytes, DraftInfo] | None:
    draft = _draft_with_source(session, main_id)
    return (draft.source, _info(draft)) if draft else None


def draft_file(session: Session, main_id: str) -> tuple[str, bytes]:
    """The draft's file name and content, as the modeler saved it."""
    draft = _draft_with_source(session, main_id)
    if draft is None:
        raise NotFound(f"'{main_id}' không có bản nháp nào.")
    return f"{main_id}.{draft.kind}", draft.source


def _draft_with_source(session: Session, main_id: str) -> DefinitionDraft | None:
    return session.scalar(select(DefinitionDraft).options(undefer(DefinitionDraft.source))
                          .where(DefinitionDraft.main_id == main_id))


def open_in_modeler(session: Session, main_id: str, version: int | None = None) -> Opening:
    """The given version; without one the draft if there is one, else the latest version."""
    row = session.execute(select(Definition.kind, Definition.version).where(Definition.main_id == main_id)
                          .order_by(Definition.version.desc()).limit(1)).first()
    latest = row.version if row else None
    draft = None if version else session.scalar(select(DefinitionDraft).where(DefinitionDraft.main_id == main_id))
    if draft is not None:
        return Opening(main_id, draft.kind, None, latest, _info(draft))
    if row is None:
        raise NotFound(f"Chưa triển khai '{main_id}' và không có bản nháp nào.")
    if version is not None and not 1 <= version <= row.version:
        raise NotFound(f"'{main_id}' không có phiên bản {version}.")
    return Opening(main_id, row.kind, version or latest, latest, None)


def _info(draft: DefinitionDraft) -> DraftInfo:
    return DraftInfo(draft.saved_by, draft.saved_at)


# --- Deploying ---------------------------------------------------------------------------------------


def deploy_from_designer(ctx: Ctx, data: bytes) -> Definition:
    """Validate and deploy as `planflow deploy` does, acting as ctx.actor; the definition's draft is dropped."""
    designer = require_designer(ctx)
    kind, main_id = inspect_source(data)
    filename = _filename(ctx.session, kind, main_id)
    definition = deploy(ctx.session, data, filename, designer.username, ctx.handlers.operations, ctx.now())
    ctx.session.execute(delete(DefinitionDraft).where(DefinitionDraft.main_id == definition.main_id))
    return definition


def deployed_with_content(session: Session, data: bytes) -> set[int]:
    """The versions whose file is exactly these bytes: deploying them again as the latest changes nothing."""
    content_hash = hashlib.sha256(data).hexdigest()
    return set(session.scalars(select(Definition.id).where(Definition.content_hash == content_hash)))


def _filename(session: Session, kind: str, main_id: str | None) -> str:
    """A new version keeps its definition's file name, so an export writes it back to the same file."""
    latest = latest_definition(session, main_id) if main_id else None
    return latest.filename if latest else f"{main_id or 'definition'}.{kind}"


def require_designer(ctx: Ctx) -> User:
    """The acting user, who must be a designer (a unit of work acting for nobody is refused too)."""
    if ctx.actor is None:
        raise Forbidden(f"Cần vai trò {ROLE_TITLES[Role.DESIGNER]}.")
    require_role(ctx.actor, {Role.DESIGNER})
    return ctx.actor


# --- What a file is ----------------------------------------------------------------------------------


def inspect_source(data: bytes) -> tuple[str, str | None]:
    """Refuse what cannot be a BPMN or DMN file; return its kind and the id of its main process or decision."""
    if len(data) > MAX_SOURCE_BYTES:
        raise _refuse(f"Tệp lớn quá {MAX_SOURCE_BYTES // (1024 * 1024)} MB")
    root = safe_xml(data)
    name = etree.QName(root)
    if name.localname == "definitions" and name.namespace == BPMN_NS:
        return "bpmn", _main_process_id(root)
    if name.localname == "definitions" and name.namespace in DMN_SCHEMAS:
        decision = root.find(f"{{{name.namespace}}}decision")
        return "dmn", decision.get("id") if decision is not None else None
    raise _refuse(f"Không phải tệp BPMN hoặc DMN: phần tử gốc là '{name.localname}' "
                  f"(không gian tên '{name.namespace or 'không có'}')")


def _main_process_id(root: etree._Element) -> str | None:
    """The first pool's process, else the first process no call activity calls (the one deployment runs)."""
    namespaces = {"bpmn": BPMN_NS}
    pool = root.find("bpmn:collaboration/bpmn:participant[@processRef]", namespaces)
    if pool is not None:
        return pool.get("processRef")
    called = {call.get("calledElement") for call in root.iterfind(".//bpmn:callActivity", namespaces)}
    processes = [p.get("id") for p in root.iterfind("bpmn:process[@id]", namespaces)]
    return next((pid for pid in processes if pid not in called), processes[0] if processes else None)


def _refuse(message: str, element_id: str | None = None) -> InvalidDefinition:
    return InvalidDefinition([DefinitionProblem(element_id, message)])


# --- The modeler's vocabulary ------------------------------------------------------------------------


def lane_names() -> list[str]:
    """Lane names the engine accepts: working roles, collective titles, and each of them at the receiver."""
    titles = [title for role, title in ROLE_TITLES.items() if role not in SYSTEM_ROLES] + list(COLLECTIVE_LANES)
    return titles + [f"{title} {RECEIVER_MARK}" for title in titles]


def modeler_vocabulary(operations: set[str]) -> dict[str, list[str]]:
    """What the modeler offers in its pickers: lane names, service operations, plan statuses."""
    return {"roles": lane_names(), "operations": sorted(operations), "plan_statuses": [s.value for s in PlanStatus]}


# --- Export ------------------------------------------------------------------------------------------


def export_definitions(session: Session, folder: Path, every_version: bool = False) -> list[tuple[Path, Definition]]:
    """Write deployed files byte for byte: the latest of each under its file name, or every version as
    `<main_id>.v<N>.<kind>`."""
    every = select(Definition).options(undefer(Definition.source))
    query = every if every_version else _latest_versions()
    deployed = session.scalars(query.order_by(Definition.main_id, Definition.version)).all()
    folder.mkdir(parents=True, exist_ok=True)
    written: list[tuple[Path, Definition]] = []
    for definition in deployed:
        name = f"{definition.main_id}.v{definition.version}.{definition.kind}" if every_version else definition.filename
        if any(path.name == name for path, _ in written):  # two definitions deployed from same-named files
            name = f"{definition.main_id}.{definition.kind}"
        path = folder / name
        path.write_bytes(definition.source)
        written.append((path, definition))
    return written
