"""The designer's services: drafts kept as drawn, deploying from the modeler, versions with differences."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from engine.context import Ctx
from engine.core import WORKFLOWS_DIR, Planflow
from engine.errors import Forbidden, InvalidDefinition, NotFound
from engine.models import Definition, DefinitionDraft
from engine.org.roles import lane_roles
from engine.org.units import get_user
from engine.processes import designer
from tests.support import Driver, one_task_process

MIWG = Path(__file__).resolve().parents[1] / "data" / "miwg-reference"  # the BPMN MIWG reference files (README there)
RECEIPT = (WORKFLOWS_DIR / "document_receipt.bpmn").read_bytes()
RENAMED = RECEIPT.replace("Xác nhận đã nhận kế hoạch".encode(), "Xác nhận đã nhận văn bản".encode())


@contextmanager
def acting(app: Planflow, username: str = "designer.30") -> Iterator[Ctx]:
    with app.unit_of_work() as ctx:
        ctx.actor = get_user(ctx.session, username)
        yield ctx


def _drafts(app: Planflow) -> list[str]:
    with app.unit_of_work() as ctx:
        return list(ctx.session.scalars(select(DefinitionDraft.main_id)))


def _versions_of(app: Planflow, main_id: str) -> list[int]:
    with app.unit_of_work() as ctx:
        return [row.version for row in designer.versions(ctx.session, main_id)]


# --- Drafts -----------------------------------------------------------------------------------------


def test_a_draft_is_kept_byte_for_byte_under_its_process_id_and_saved_again_in_place(demo3, clock):
    with acting(demo3) as ctx:
        designer.save_draft(ctx, None, RENAMED)
    clock.fixed = datetime(2024, 3, 2, 9, 30)
    edited = RENAMED.replace("Ghi chú".encode(), "Ghi chú của văn thư".encode())
    with acting(demo3) as ctx:
        draft = designer.save_draft(ctx, None, edited)
        assert draft.main_id == "document_receipt"
    with demo3.unit_of_work() as ctx:
        source, info = designer.draft_source(ctx.session, "document_receipt")
    assert source == edited
    assert (info.saved_by, info.saved_at) == ("designer.30", datetime(2024, 3, 2, 9, 30))
    assert _drafts(demo3) == ["document_receipt"]


@pytest.mark.parametrize("path", sorted(MIWG.glob("*.bpmn")), ids=lambda p: p.name)
def test_files_drawn_in_other_tools_can_be_saved_and_reopened_unchanged(demo3, path):
    data = path.read_bytes()
    with acting(demo3) as ctx:
        main_id = designer.save_draft(ctx, None, data).main_id
    with demo3.unit_of_work() as ctx:
        assert designer.draft_source(ctx.session, main_id)[0] == data
        assert designer.open_in_modeler(ctx.session, main_id).draft is not None


def test_a_pooled_diagram_is_saved_under_its_first_pools_process():
    data = (MIWG / "A.4.1.bpmn").read_bytes()
    assert designer.inspect_source(data) == ("bpmn", "sid-34746A54-1D7D-46CA-B219-0C4CEAE51170")


def test_a_decision_table_draft_is_saved_under_its_decision_id(demo3):
    table = (WORKFLOWS_DIR / "xep_loai_dan_van.dmn").read_bytes()
    with acting(demo3) as ctx:
        draft = designer.save_draft(ctx, None, table)
        assert (draft.main_id, draft.kind) == ("xep_loai_dan_van", "dmn")


@pytest.mark.parametrize(("data", "message"), [
    ("<bpmn/>".encode("utf-16"), "UTF-8"),
    (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>', "DOCTYPE"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"/>', "Không phải tệp BPMN hoặc DMN"),
    (b"<definitions><process id='p'/>", "XML không đúng cú pháp"),
    (b'<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"/>', "không có quy trình"),
    (b"<x>" + b" " * designer.MAX_SOURCE_BYTES + b"</x>", "lớn quá 5 MB"),
])
def test_what_cannot_be_a_bpmn_or_dmn_file_is_refused_and_nothing_is_saved(demo3, data, message):
    with pytest.raises(InvalidDefinition) as refused, acting(demo3) as ctx:
        designer.save_draft(ctx, None, data)
    assert message in refused.value.message
    assert _drafts(demo3) == []


def test_only_designers_save_drafts_and_deploy(demo3):
    with pytest.raises(Forbidden, match="Người thiết kế quy trình"), acting(demo3, "officer.298") as ctx:
        designer.save_draft(ctx, None, RENAMED)
    with pytest.raises(Forbidden), acting(demo3, "admin.30") as ctx:
        designer.deploy_from_designer(ctx, RENAMED)
    assert _drafts(demo3) == [] and _versions_of(demo3, "document_receipt") == [1]


# --- Deploying ----------------------------------------------------------------------------------------


def test_deploying_from_the_designer_makes_a_new_version_under_the_same_file_name_and_drops_the_draft(demo3, clock):
    with acting(demo3) as ctx:
        designer.save_draft(ctx, None, RENAMED)
    clock.fixed = datetime(2024, 3, 4, 10, 0)
    with acting(demo3) as ctx:
        definition = designer.deploy_from_designer(ctx, RENAMED)
        assert (definition.version, definition.filename, definition.deployed_by) == (
            2, "document_receipt.bpmn", "designer.30")
    assert _drafts(demo3) == []
    with demo3.unit_of_work() as ctx:
        assert designer.version_source(ctx.session, "document_receipt") == RENAMED
        assert designer.version_source(ctx.session, "document_receipt", 1) == RECEIPT


def test_deploying_the_latest_content_again_is_not_a_new_version(demo3):
    with acting(demo3) as ctx:
        existing = designer.deployed_with_content(ctx.session, RECEIPT)
        assert designer.deploy_from_designer(ctx, RECEIPT).id in existing
    assert _versions_of(demo3, "document_receipt") == [1]


def test_an_invalid_file_is_refused_with_every_problem_and_keeps_its_draft(demo3):
    broken = RENAMED.replace("Văn thư, Trưởng phòng".encode(), "Ai đó".encode()) \
        .replace(b'id="acknowledge_receipt"', b'id="no_such_operation"')
    with acting(demo3) as ctx:
        designer.save_draft(ctx, None, broken)
    with pytest.raises(InvalidDefinition) as refused, acting(demo3) as ctx:
        designer.deploy_from_designer(ctx, broken)
    problems = {p.element_id: p.message for p in refused.value.problems}
    assert "Lane_receipt_clerk" in problems and "no_such_operation" in problems["record_receipt"]
    assert _drafts(demo3) == ["document_receipt"] and _versions_of(demo3, "document_receipt") == [1]


def test_a_new_process_is_deployed_under_its_own_name(demo3):
    new = one_task_process("tiep_dan", "Tiếp công dân").encode()
    with acting(demo3) as ctx:
        definition = designer.deploy_from_designer(ctx, new)
        assert (definition.main_id, definition.version, definition.filename) == ("tiep_dan", 1, "tiep_dan.bpmn")


# --- Reading ------------------------------------------------------------------------------------------


def test_the_overview_lists_processes_then_tables_with_running_instances_and_drafts(demo3):
    Driver(demo3).start_plan("298", "officer.298", due=date(2024, 4, 30))
    with acting(demo3) as ctx:
        designer.save_draft(ctx, None, RENAMED)
        designer.save_draft(ctx, None, one_task_process("tiep_dan", "Tiếp công dân").encode())
    with demo3.unit_of_work() as ctx:
        overview = designer.definitions_overview(ctx.session)
        new_drafts = designer.undeployed_drafts(ctx.session)
    assert [s.kind for s in overview] == ["bpmn"] * 4 + ["dmn"]
    by_id = {s.main_id: s for s in overview}
    assert by_id["plan_lifecycle"].name == "Xây dựng và ban hành kế hoạch"
    assert by_id["plan_lifecycle"].running == 1 and by_id["report_lifecycle"].running == 0
    assert (by_id["plan_lifecycle"].version, by_id["plan_lifecycle"].deployed_by) == (1, "system")
    assert by_id["document_receipt"].draft.saved_by == "designer.30" and by_id["plan_lifecycle"].draft is None
    assert [(d.main_id, d.kind) for d in new_drafts] == [("tiep_dan", "bpmn")]


def test_versions_are_newest_first_with_the_difference_from_the_previous_one(demo3):
    with acting(demo3) as ctx:
        designer.deploy_from_designer(ctx, RENAMED)
    with demo3.unit_of_work() as ctx:
        rows = designer.versions(ctx.session, "document_receipt")
    assert [(r.version, r.deployed_by, r.filename) for r in rows] == [
        (2, "designer.30", "document_receipt.bpmn"), (1, "system", "document_receipt.bpmn")]
    assert rows[1].diff is None
    change = rows[0].diff.changed[0]
    assert change.element_id == "confirm_receipt" and not rows[0].diff.added and not rows[0].diff.removed
    assert any("Xác nhận đã nhận văn bản" in detail for detail in change.details)


def test_running_instances_are_counted_on_the_version_they_run(demo3):
    driver = Driver(demo3)
    driver.start_plan("298", "officer.298", due=date(2024, 4, 30))
    plan_v1 = (WORKFLOWS_DIR / "plan_lifecycle.bpmn").read_bytes()
    with acting(demo3) as ctx:
        designer.deploy_from_designer(ctx, plan_v1.replace('name="Xây dựng'.encode(), 'name="Lập'.encode()))
    driver.start_plan("294", "officer.294", due=date(2024, 4, 30))
    with demo3.unit_of_work() as ctx:
        assert [(r.version, r.running) for r in designer.versions(ctx.session, "plan_lifecycle")] == [(2, 1), (1, 1)]


def test_unknown_definitions_and_versions_are_not_found(demo3):
    with demo3.unit_of_work() as ctx:
        with pytest.raises(NotFound, match="Chưa triển khai 'khong_co'"):
            designer.version_source(ctx.session, "khong_co")
        with pytest.raises(NotFound, match="không có phiên bản 7"):
            designer.version_source(ctx.session, "plan_lifecycle", 7)
        with pytest.raises(NotFound):
            designer.versions(ctx.session, "khong_co")
        with pytest.raises(NotFound, match="không có phiên bản 7"):
            designer.open_in_modeler(ctx.session, "plan_lifecycle", 7)
        with pytest.raises(NotFound, match="không có bản nháp"):
            designer.draft_file(ctx.session, "plan_lifecycle")


def test_the_modeler_opens_the_draft_first_and_a_deployed_version_on_request(demo3):
    with acting(demo3) as ctx:
        designer.save_draft(ctx, None, RENAMED)
    with demo3.unit_of_work() as ctx:
        draft = designer.open_in_modeler(ctx.session, "document_receipt")
        deployed = designer.open_in_modeler(ctx.session, "document_receipt", 1)
        table = designer.open_in_modeler(ctx.session, "xep_loai_dan_van")
    assert (draft.version, draft.latest_version, draft.draft.saved_by) == (None, 1, "designer.30")
    assert (deployed.version, deployed.draft) == (1, None)
    assert (table.kind, table.version) == ("dmn", 1)


def test_every_lane_name_the_modeler_offers_is_one_the_engine_accepts():
    names = designer.lane_names()
    assert {"Chuyên viên", "Lãnh đạo UBND", "Văn thư (nơi nhận)"} <= set(names)
    assert "Người thiết kế quy trình" not in names
    assert all(lane_roles(name) for name in names)


# --- Export -------------------------------------------------------------------------------------------


def test_export_writes_what_was_deployed_byte_for_byte(demo3, tmp_path):
    with acting(demo3) as ctx:
        designer.deploy_from_designer(ctx, RENAMED)
    with demo3.unit_of_work() as ctx:
        latest = designer.export_definitions(ctx.session, tmp_path / "latest")
        every = designer.export_definitions(ctx.session, tmp_path / "all", every_version=True)
    assert sorted(path.name for path, _ in latest) == sorted(p.name for p in WORKFLOWS_DIR.iterdir())
    assert (tmp_path / "latest" / "document_receipt.bpmn").read_bytes() == RENAMED
    assert (tmp_path / "all" / "document_receipt.v1.bpmn").read_bytes() == RECEIPT
    assert (tmp_path / "all" / "document_receipt.v2.bpmn").read_bytes() == RENAMED
    assert len(every) == len(latest) + 1
    with demo3.unit_of_work() as ctx:
        assert ctx.session.scalar(select(func.count(Definition.id))) == len(every)
