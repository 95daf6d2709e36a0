"""`planflow verify FILE --json`: each signature with who signed, for which body, when, and whether it holds; the
exit code says whether the file could be read, not whether the signatures are good."""

from __future__ import annotations

import json

from click.testing import CliRunner

from cli.commands import main
from tests.signing.conftest import BODY_FIELD, CHAIR_FIELD, COMMITTEE
from tests.signing.helpers import flip_byte_in_largest_stream


def _verify(pki, path, *options):
    env = {"PLANFLOW_SIGNING_DIR": str(pki.folder), "PLANFLOW_TRUST_ROOTS": None}
    return CliRunner().invoke(main, ["verify", str(path), *options], env=env)


def test_verify_json_prints_each_signature_of_the_issued_plan(pki, issued, tmp_path):
    path = tmp_path / "ke-hoach.pdf"
    path.write_bytes(issued)
    result = _verify(pki, path, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["file"] == str(path)
    chair, body = report["signatures"]
    assert chair == {"field": CHAIR_FIELD, "signer": "Nguyễn Văn A", "body": COMMITTEE, "title": "Chủ tịch",
                     "signed_at": "2025-05-20T09:15:30+07:00", "intact": True, "trusted": True, "valid": True,
                     "modification": "form_filling", "summary": chair["summary"]}
    assert (body["field"], body["signer"], body["signed_at"], body["valid"], body["modification"]) == \
        (BODY_FIELD, COMMITTEE, "2025-05-21T14:02:11+07:00", True, "none")


def test_verify_reports_a_modified_file_as_invalid_and_still_exits_zero(pki, issued, tmp_path):
    path = tmp_path / "da-sua.pdf"
    path.write_bytes(flip_byte_in_largest_stream(issued))
    result = _verify(pki, path, "--json")
    assert result.exit_code == 0
    assert [(s["intact"], s["valid"]) for s in json.loads(result.stdout)["signatures"]] == [(False, False)] * 2


def test_verify_in_text_says_who_signed_and_whether_it_holds(pki, issued, tmp_path):
    path = tmp_path / "ke-hoach.pdf"
    path.write_bytes(issued)
    result = _verify(pki, path)
    assert result.exit_code == 0
    assert f"{path}: 2 chữ ký số" in result.stdout
    assert f"- [{BODY_FIELD}] Hợp lệ: {COMMITTEE} ký lúc 14:02:11 ngày 21/05/2025." in result.stdout
    assert "nguyên vẹn: có · tin cậy: có · hợp lệ: có · thay đổi sau khi ký: form_filling" in result.stdout


def test_verify_without_the_demo_ca_configured_reads_the_signatures_as_untrusted(issued, tmp_path):
    path = tmp_path / "ke-hoach.pdf"
    path.write_bytes(issued)
    env = {"PLANFLOW_SIGNING_DIR": str(tmp_path / "no-demo"), "PLANFLOW_TRUST_ROOTS": None}
    result = CliRunner().invoke(main, ["verify", str(path), "--json"], env=env)
    assert [(s["intact"], s["trusted"]) for s in json.loads(result.stdout)["signatures"]] == [(True, False)] * 2


def test_verify_of_an_unsigned_pdf_lists_no_signature(pki, plan_pdf, tmp_path):
    path = tmp_path / "chua-ky.pdf"
    path.write_bytes(plan_pdf)
    assert json.loads(_verify(pki, path, "--json").stdout)["signatures"] == []


def test_verify_of_a_file_that_cannot_be_read_is_one_line_on_stderr_and_exit_1(pki, tmp_path):
    missing = _verify(pki, tmp_path / "khong-co.pdf", "--json")
    assert missing.exit_code == 1 and missing.stdout == ""
    assert missing.stderr == f"Lỗi: Không mở được tệp '{tmp_path / 'khong-co.pdf'}': không tìm thấy tệp.\n"
    text = tmp_path / "ghi-chu.txt"
    text.write_text("không phải PDF", encoding="utf-8")
    refused = _verify(pki, text)
    assert refused.exit_code == 1
    assert refused.stderr == f"Lỗi: {text}: Tệp không phải PDF nên không kiểm tra được chữ ký số.\n"
