"""Deploying BPMN/DMN files as versions, and the in-process cache of parsed specs."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from engine.bpmn.definitions import parse_definitions, validate_definition
from engine.bpmn.loops import connect_loop_merges
from engine.errors import NotFound
from engine.models import AuditEntry, Definition

# Built once: every instance start reads it (docs/benchmarks.md on the cost of building statements).
LATEST_VERSION = (select(Definition).where(Definition.main_id == bindparam("main_id"))
                  .order_by(Definition.version.desc()).limit(1))


def latest_definition(session: Session, main_id: str) -> Definition | None:
    return session.scalar(LATEST_VERSION, {"main_id": main_id})


def require_latest(session: Session, main_id: str) -> Definition:
    definition = latest_definition(session, main_id)
    if definition is None:
        raise NotFound(f"Chưa triển khai quy trình '{main_id}'.")
    return definition


def deploy(session: Session, data: bytes, filename: str, actor: str, operations: set[str], now: datetime) -> Definition:
    """Validate fully, then store a new version; the same content again is not a new version."""
    validated = validate_definition(data, filename, service_operations=operations)
    content_hash = hashlib.sha256(data).hexdigest()
    latest = latest_definition(session, validated.main_id)
    if latest is not None and latest.content_hash == content_hash:
        return latest
    definition = Definition(
        main_id=validated.main_id, kind=validated.kind, version=(latest.version + 1) if latest else 1,
        content_hash=content_hash, filename=Path(filename).name, source=data, deployed_by=actor, deployed_at=now,
    )
    session.add(definition)
    session.flush()
    session.add(AuditEntry(
        at=now, actor=actor, action="deploy", comment=None,
        details={"definition": validated.main_id, "version": definition.version, "file": definition.filename},
    ))
    return definition


class SpecCache:
    """Parsed specs per deployed version; parsing costs ~7 ms, so each version is parsed once."""

    def __init__(self) -> None:
        self._specs: dict[int, tuple] = {}

    def get(self, definition: Definition) -> tuple:
        cached = self._specs.get(definition.id)
        if cached is None:
            cached = self._specs[definition.id] = parse_specs(definition.source, definition.filename,
                                                              definition.main_id)
        return cached

    def get_by_id(self, session: Session, definition_id: int) -> tuple:
        """The specs of a stored version, reading its row only the first time."""
        cached = self._specs.get(definition_id)
        if cached is not None:
            return cached
        definition = session.get(Definition, definition_id)
        assert definition is not None  # callers pass an instance's definition_id, a foreign key
        return self.get(definition)


def parse_specs(data: bytes, filename: str, process_id: str) -> tuple:
    """The spec of a process and of everything it calls, ready to run or to restore a workflow."""
    parser = parse_definitions(data, filename)
    spec, subprocess_specs = parser.get_spec(process_id), parser.get_subprocess_specs(process_id)
    connect_loop_merges(spec, subprocess_specs)
    return spec, subprocess_specs
