"""`planflow export` and `planflow import`: what the designer deployed leaves and comes back byte for byte."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from engine.core import WORKFLOWS_DIR
from engine.org.units import get_user
from engine.processes import designer

RECEIPT = (WORKFLOWS_DIR / "document_receipt.bpmn").read_bytes()
RENAMED = RECEIPT.replace("Xác nhận đã nhận kế hoạch".encode(), "Xác nhận đã nhận văn bản".encode())


def planflow(url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PLANFLOW_DATABASE_URL": url, "PLANFLOW_NOW": "2024-03-01T08:00"}
    return subprocess.run([sys.executable, "-m", "cli.commands", *args], env=env, capture_output=True, text=True,
                          timeout=120)


def as_json(url: str, *args: str):
    result = planflow(url, *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_version_deployed_in_the_designer_exports_and_imports_into_a_fresh_database_unchanged(demo3, tmp_path):
    with demo3.unit_of_work() as ctx:
        ctx.actor = get_user(ctx.session, "designer.30")
        designer.save_draft(ctx, None, RENAMED)
        designer.deploy_from_designer(ctx, RENAMED)
    exported = tmp_path / "exported"
    written = as_json(demo3.db.url.render_as_string(hide_password=False), "export", str(exported))
    assert {(Path(row["file"]).name, row["version"]) for row in written} == {
        (path.name, 2 if path.name == "document_receipt.bpmn" else 1) for path in WORKFLOWS_DIR.iterdir()}
    assert (exported / "document_receipt.bpmn").read_bytes() == RENAMED
    assert (exported / "plan_lifecycle.bpmn").read_bytes() == (WORKFLOWS_DIR / "plan_lifecycle.bpmn").read_bytes()

    fresh = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    as_json(fresh, "init")
    imported = planflow(fresh, "import", *sorted(str(path) for path in exported.iterdir()))
    assert imported.returncode == 0, imported.stderr
    assert "document_receipt phiên bản 2\n" in imported.stdout + "\n"
    assert "plan_lifecycle phiên bản 1 (không đổi)" in imported.stdout

    every = tmp_path / "every"
    names = {Path(row["file"]).name for row in as_json(fresh, "export", str(every), "--all")}
    assert {"document_receipt.v1.bpmn", "document_receipt.v2.bpmn", "xep_loai_dan_van.v1.dmn"} <= names
    assert (every / "document_receipt.v2.bpmn").read_bytes() == RENAMED
    assert (every / "document_receipt.v1.bpmn").read_bytes() == RECEIPT


def test_import_deploys_all_files_or_none_and_names_the_file_it_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    as_json(url, "init")
    (tmp_path / "document_receipt.bpmn").write_bytes(RENAMED)
    (tmp_path / "hong.bpmn").write_bytes(RENAMED.replace(b'id="acknowledge_receipt"', b'id="no_such_operation"'))
    given = "./" + os.path.relpath(tmp_path / "hong.bpmn")  # as typed, relative to where the command runs
    refused = planflow(url, "import", str(tmp_path / "document_receipt.bpmn"), given)
    assert refused.returncode == 1
    assert refused.stderr.startswith(f"Lỗi: {given}: Tệp quy trình không hợp lệ")
    assert "no_such_operation" in refused.stderr
    exported = tmp_path / "exported"
    as_json(url, "export", str(exported))
    assert (exported / "document_receipt.bpmn").read_bytes() == RECEIPT


def test_deploy_names_a_refused_file_by_the_path_given_and_lists_every_problem(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    as_json(url, "init")
    broken = RENAMED.replace(b'id="acknowledge_receipt"', b'id="no_such_operation"')
    (tmp_path / "hong.bpmn").write_bytes(broken.replace(b'isExecutable="true"', b'isExecutable="false"'))
    given = "./" + os.path.relpath(tmp_path / "hong.bpmn")
    refused = planflow(url, "deploy", given)
    assert refused.returncode == 1
    assert refused.stderr.startswith(f"Lỗi: {given}: Tệp quy trình không hợp lệ: Tệp không có quy trình nào")
    assert "no_such_operation" in refused.stderr  # the missing executable process hides nothing else
