"""Ký số in the plan and report lifecycle: the signer signs with their own key, the clerk issues with the body's."""

from __future__ import annotations

import io
import shutil
import subprocess  # nosec B404 - poppler's pdfsig, a fixed program, when installed
from datetime import datetime

import pytest
from pypdf import PdfReader
from sqlalchemy import select, text

from engine.errors import Forbidden, InvalidInput
from engine.models import Obligation, SignedDocument, User
from engine.signatures.certificates import Owner, set_key
from engine.signatures.demo import demo_signers
from engine.signing.keys import KeySource, signing_key
from engine.signing.pades import Stamp, sign_pdf
from engine.signing.pki import Person, make_demo_pki
from tests.engine.test_reporting import build_cascade
from tests.support import APPROVE, Driver

SIGN, ISSUE = "Phê duyệt, ký kế hoạch", "Vào sổ, ban hành kế hoạch"
TITLE = "Kế hoạch công tác dân vận chính quyền năm 2024"


@pytest.fixture
def driver(signing) -> Driver:
    return Driver(signing.planflow)


def reviewed_plan(driver: Driver) -> int:
    """A plan of Tứ Kỳ drafted and reviewed: awaiting its signer."""
    plan_id = driver.start_plan("298", "officer.298")
    driver.act("officer.298", "Soạn thảo dự thảo kế hoạch", {"title": TITLE, "summary": "I. MỤC ĐÍCH\nNội dung"},
               plan_id)
    driver.act("head.298", "Thẩm định dự thảo kế hoạch", APPROVE, plan_id)
    return plan_id


def full_name(driver: Driver, username: str) -> str:
    with driver.planflow.unit_of_work() as ctx:
        from engine.org.units import get_user

        return get_user(ctx.session, username).full_name


def text_of(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def field_values(pdf: bytes) -> dict:
    return {name: field.get("/V") for name, field in (PdfReader(io.BytesIO(pdf)).get_fields() or {}).items()}


def test_a_plan_the_chair_approves_carries_the_chairs_valid_signature(signing, driver):
    plan_id = reviewed_plan(driver)

    signing.act("chair.298", SIGN, APPROVE, plan_id)

    state, _, signatures = signing.check(signing.copy("plan", plan_id, "signed"))
    assert state == "valid"
    assert [(s["signer"], s["intact"], s["trusted"], s["valid"]) for s in signatures] == [
        (full_name(driver, "chair.298"), True, True, True)]
    assert driver.plan(plan_id)["status"] == "approved"


def test_the_issued_plan_carries_both_signatures_valid_and_the_number_in_place(signing, driver, tmp_path):
    plan_id = reviewed_plan(driver)
    signing.act("chair.298", SIGN, APPROVE, plan_id)

    signing.act("clerk.298", ISSUE, {}, plan_id)

    issued = signing.copy("plan", plan_id, "issued")
    state, _, signatures = signing.check(issued)
    assert state == "valid"
    assert [(s["signer"], s["trusted"], s["valid"], s["modification"]) for s in signatures] == [
        (full_name(driver, "chair.298"), True, True, "form_filling"),
        ("Ủy ban nhân dân huyện Tứ Kỳ", True, True, "none")]
    plan = driver.plan(plan_id)
    fields = field_values(issued)
    assert (fields["so_ky_hieu"], fields["ngay_ban_hanh"]) == (f"Số: {plan['number']}",
                                                               "Tứ Kỳ, ngày 01 tháng 3 năm 2024")
    assert plan["status"] == "issued"
    if shutil.which("pdfsig"):  # poppler's reader, as a standard PDF reader sees the two signatures
        path = tmp_path / "issued.pdf"
        path.write_bytes(issued)
        report = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, timeout=60).stdout
        assert report.count("Signature Validation: Signature is Valid.") == 2, report


def test_a_wrong_passphrase_refuses_the_signature_and_changes_nothing(signing, driver):
    plan_id = reviewed_plan(driver)
    before = driver.plan(plan_id)

    with pytest.raises(InvalidInput, match="mật khẩu không đúng"):
        signing.act("chair.298", SIGN, APPROVE, plan_id, secret="sai-mat-khau")
    with pytest.raises(InvalidInput, match="Cần nhập mật khẩu hoặc mã PIN"):
        signing.act("chair.298", SIGN, APPROVE, plan_id, secret=None)

    assert driver.plan(plan_id) == before
    assert driver.task("chair.298", SIGN, plan_id)
    assert signing.attachments() == 0


def test_a_vice_chair_signs_kt_with_their_own_certificate(signing, driver):
    plan_id = reviewed_plan(driver)

    signing.act("vice_chair.298", SIGN, APPROVE, plan_id)

    signed = signing.copy("plan", plan_id, "signed")
    _, _, signatures = signing.check(signed)
    assert [s["signer"] for s in signatures] == [full_name(driver, "vice_chair.298")]
    assert "KT. CHỦ TỊCH" in text_of(signed) and "PHÓ CHỦ TỊCH" in text_of(signed)


def test_a_signer_without_a_certificate_is_refused_where_the_body_signs_digitally(signing, driver):
    plan_id = reviewed_plan(driver)
    signing.retire_key("vice_chair.298")

    with pytest.raises(Forbidden, match="Bạn chưa có chứng thư số"):
        signing.act("vice_chair.298", SIGN, APPROVE, plan_id)

    assert driver.plan(plan_id)["status"] == "awaiting_signature"


def test_a_body_without_a_key_signs_as_before(demo3):
    driver = Driver(demo3)
    plan_id = reviewed_plan(driver)
    driver.act("chair.298", SIGN, APPROVE, plan_id)  # no secret asked
    driver.act("clerk.298", ISSUE, {}, plan_id)

    assert driver.plan(plan_id)["status"] == "issued"
    with demo3.unit_of_work() as ctx:
        assert ctx.session.scalars(select(SignedDocument)).all() == []


def test_an_issued_plan_changed_afterwards_reads_as_modified(signing, driver):
    plan_id = reviewed_plan(driver)
    signing.act("chair.298", SIGN, APPROVE, plan_id)
    signing.act("clerk.298", ISSUE, {}, plan_id)
    issued = signing.copy("plan", plan_id, "issued")
    assert issued.count(b"WeasyPrint") == 1  # the producer, in the document's information: signed
    tampered = issued.replace(b"WeasyPrint", b"WeasyPrinT")

    version = signing.attach("officer.298", plan_id, "ban-da-sua.pdf", tampered)

    assert version["signature"]["state"] == "modified"
    assert version["signature"]["summary"].startswith("Không hợp lệ: văn bản đã bị sửa")


def test_an_attached_pdf_signed_by_an_untrusted_authority_reads_as_untrusted(signing, driver, tmp_path):
    plan_id = reviewed_plan(driver)
    stranger = Person("x", "Trần Thị Bích", "Công ty X", "Giám đốc")
    foreign = make_demo_pki(tmp_path / "stranger", [stranger], [], "khác")
    signed = _signed_by(_blank_pdf(), foreign.people["x"], "khác")
    version = signing.attach("officer.298", plan_id, "cong-van-ngoai.pdf", signed)

    assert version["signature"]["state"] == "untrusted"
    assert [s["signer"] for s in version["signature"]["signatures"]] == ["Trần Thị Bích"]


def test_an_unsigned_pdf_reads_as_unsigned(signing, driver):
    plan_id = reviewed_plan(driver)

    version = signing.attach("officer.298", plan_id, "du-thao.pdf", _blank_pdf())

    assert (version["signature"]["state"], version["signature"]["signatures"]) == ("unsigned", [])


def test_a_report_is_signed_by_its_signer_and_sent_with_the_bodys_signature(signing_world, clock):
    driver = Driver(signing_world.planflow)
    build_cascade(driver, clock)  # before the commune signs digitally: plans issued as before
    signing_world.hand_keys(("chair.11089",), ("11089",))
    clock.fixed = datetime(2024, 5, 6, 9)
    driver.run_due()
    driver.send_report("11089", {"dialogues_held": 2}, until="Phê duyệt, ký báo cáo")

    signing_world.act("chair.11089", "Phê duyệt, ký báo cáo", APPROVE)
    signing_world.act("clerk.11089", "Vào sổ, gửi báo cáo", {})

    with signing_world.planflow.unit_of_work() as ctx:
        report = ctx.session.scalars(select(Obligation).where(Obligation.number.is_not(None))).one()
        report_id, number = report.id, report.number_symbol
    issued = signing_world.copy("report", report_id, "issued")
    state, _, signatures = signing_world.check(issued)
    assert state == "valid"
    assert [s["signer"] for s in signatures] == [full_name(driver, "chair.11089"), "Ủy ban nhân dân xã Ngọc Kỳ"]
    assert field_values(issued)["so_ky_hieu"] == f"Số: {number}"


def _blank_pdf() -> bytes:
    import weasyprint

    return weasyprint.HTML(string="<p>Công văn</p>").write_pdf()


def _signed_by(pdf: bytes, source: KeySource, secret: str) -> bytes:
    with signing_key(source, secret) as signer:
        return sign_pdf(pdf, signer, field="ky", page=0, box=(300, 100, 500, 160),
                        stamp=Stamp("person", ("Trần Thị Bích",)), reason="Gửi công văn")


def test_the_secret_is_kept_nowhere_the_signing_went(signing, driver, tmp_path):
    """A key with a secret of its own: after signing, neither the database nor the stored files hold that secret."""
    secret = "bi-mat-rieng-7Q2x"
    with signing.planflow.unit_of_work() as ctx:
        people, _ = demo_signers(ctx.session, ["chair.298"])
        own = make_demo_pki(tmp_path / "own", people, [], secret)
        chair = ctx.session.scalars(select(User).where(User.username == "chair.298")).one()
        set_key(ctx, Owner(user=chair), own.people["chair.298"], secret)
    plan_id = reviewed_plan(driver)

    signing.act("chair.298", SIGN, APPROVE, plan_id, secret=secret)

    with signing.planflow.unit_of_work() as ctx:
        tables = [ctx.session.execute(text(f"SELECT * FROM {name}")).all()  # noqa: S608 - our own table names
                  for name in ("audit_log", "process_instances", "human_tasks", "signing_keys", "signed_documents")]
    assert secret not in repr(tables)
    stored = [path.read_bytes() for path in signing.planflow.files.root.rglob("*") if path.is_file()]
    assert stored and not any(secret.encode() in content for content in stored)
