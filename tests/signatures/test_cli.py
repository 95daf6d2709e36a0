"""Ký số on the command line: `planflow key set|list`, `planflow complete --signing-secret-file`, `planflow document`,
`planflow demo --signing` (in-process through click's runner, over the test database)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cli.commands import main
from tests.support import APPROVE, Driver

SIGN, ISSUE = "Phê duyệt, ký kế hoạch", "Vào sổ, ban hành kế hoạch"


@pytest.fixture
def run(signing, db_engine, monkeypatch, tmp_path):
    """`run("key", "list")`: a `planflow` command over the test database, its clock and file store."""
    monkeypatch.setenv("PLANFLOW_DATABASE_URL", db_engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("PLANFLOW_NOW", "2024-03-01T08:00")
    monkeypatch.setenv("PLANFLOW_FILES_DIR", str(signing.planflow.files.root))

    def planflow(*args: str, ok: bool = True):
        result = CliRunner().invoke(main, list(args), catch_exceptions=False)
        assert (result.exit_code == 0) == ok, result.output
        return json.loads(result.stdout) if ok and "--json" in args else result
    return planflow


@pytest.fixture
def secret_file(tmp_path):
    def write(text: str):
        path = tmp_path / "secret.txt"
        path.write_text(text + "\n", encoding="utf-8")
        return str(path)
    return write


def test_the_operator_sets_a_signers_key_from_its_file_and_lists_it(signing, run, secret_file):
    chair_file = str(signing.folder / "person-chair.298.p12")

    made = run("key", "set", "--user", "chair.298", "--pkcs12", chair_file, "--secret-file", secret_file("planflow"),
               "--json")

    keys = run("key", "list", "--json")
    assert made["owner_kind"] == "person" and made["kind"] == "pkcs12"
    assert [(k["owner"], k["subject"]) for k in keys if k["owner"] == "chair.298"] == [("chair.298", made["subject"])]


def test_a_key_is_refused_with_a_wrong_secret_or_for_someone_else(signing, run, secret_file):
    chair_file = str(signing.folder / "person-chair.298.p12")

    wrong = run("key", "set", "--user", "chair.298", "--pkcs12", chair_file, "--secret-file", secret_file("sai"),
                ok=False)
    other = run("key", "set", "--user", "officer.298", "--pkcs12", chair_file, "--secret-file",
                secret_file("planflow"), ok=False)

    assert "mật khẩu không đúng" in wrong.stderr
    assert "không phải cho" in other.stderr and "officer.298" in other.stderr


def test_signing_from_the_command_line_and_writing_the_issued_document(signing, run, secret_file, tmp_path):
    driver = Driver(signing.planflow)
    plan_id = driver.start_plan("298", "officer.298")
    driver.act("officer.298", "Soạn thảo dự thảo kế hoạch", {"title": "Kế hoạch công tác dân vận năm 2024"}, plan_id)
    driver.act("head.298", "Thẩm định dự thảo kế hoạch", APPROVE, plan_id)
    sign, secret = driver.task("chair.298", SIGN, plan_id), secret_file("planflow")

    run("complete", sign["id"], "--user", "chair.298", "--data", json.dumps(APPROVE), "--signing-secret-file",
        secret, "--json")
    run("complete", driver.task("clerk.298", ISSUE, plan_id)["id"], "--user", "clerk.298", "--signing-secret-file",
        secret, "--json")
    written = run("document", str(plan_id), "--kind", "plan", "--format", "pdf", "--out", str(tmp_path / "kh.pdf"),
                  "--json")

    assert written["signed"] is True
    state, _, signatures = signing.check((tmp_path / "kh.pdf").read_bytes())
    assert (state, len(signatures)) == ("valid", 2)


def test_a_signing_task_without_its_secret_is_refused_and_the_document_stays_unsigned(signing, run, tmp_path):
    driver = Driver(signing.planflow)
    plan_id = driver.start_plan("298", "officer.298")
    driver.act("officer.298", "Soạn thảo dự thảo kế hoạch", {"title": "Kế hoạch công tác dân vận năm 2024"}, plan_id)
    driver.act("head.298", "Thẩm định dự thảo kế hoạch", APPROVE, plan_id)
    sign = driver.task("chair.298", SIGN, plan_id)

    refused = CliRunner().invoke(main, ["complete", sign["id"], "--user", "chair.298", "--data", json.dumps(APPROVE)],
                                 input="\n")
    written = run("document", str(plan_id), "--out", str(tmp_path / "du-thao.pdf"), "--json")

    assert refused.exit_code == 1 and "Cần nhập mật khẩu hoặc mã PIN" in refused.stderr
    assert written["signed"] is False and driver.plan(plan_id)["status"] == "awaiting_signature"


def test_the_demo_gives_every_signer_and_committee_a_key_once(signing, run, monkeypatch):
    monkeypatch.setenv("PLANFLOW_SIGNING_DIR", str(signing.folder))

    first = run("demo", "--regime", "3", "--signing", "--json")
    again = run("demo", "--regime", "3", "--signing", "--json")

    keys = run("key", "list", "--json")
    assert first["signing_keys"] > 20 and again["signing_keys"] == 0
    assert {"chair.298", "vice_chair.11089", "head.298.tp", "unit:298", "unit:30"} <= {k["owner"] for k in keys}
