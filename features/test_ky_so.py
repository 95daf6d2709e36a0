"""Ký số of a plan: the chair signs digitally, the clerk issues with the committee's signature, the receiver checks
it; shared steps are in conftest.py, the demo keys in tests/signatures/fixtures.py."""

from __future__ import annotations

import io

from bdd_support import ACTOR, attempt, username
from pypdf import PdfReader
from pytest_bdd import given, parsers, scenarios, then, when

from engine.discussion.attachments import files
from engine.discussion.comments import open_thread
from engine.org.units import get_user
from tests.signatures.fixtures import signing, signing_folder, signing_world  # noqa: F401 - fixtures

scenarios("ky_so.feature")

SIGN, ISSUE = "Phê duyệt, ký kế hoạch", "Vào sổ, ban hành kế hoạch"


@given("UBND huyện Tứ Kỳ ký số văn bản: chủ tịch, phó chủ tịch và Ủy ban có chứng thư số của CA thử nghiệm")
def tu_ky_signs_digitally(signing):  # noqa: F811 - the fixture imported above
    return signing


@given(parsers.re(rf'{ACTOR} đã ký số kế hoạch với mật khẩu "(?P<secret>[^"]*)"'))
@when(parsers.re(rf'{ACTOR} ký số kế hoạch với mật khẩu "(?P<secret>[^"]*)"'))
def sign(planflow, signing, driver, context, actor, secret):  # noqa: F811
    user = username(planflow, actor)
    attempt(context, driver, lambda: signing.act(user, SIGN, {"decision": "approve"}, context["plan"], secret))


@given(parsers.re(rf'{ACTOR} đã ban hành kế hoạch với mã PIN của Ủy ban "(?P<secret>[^"]*)"'))
@when(parsers.re(rf'{ACTOR} ban hành kế hoạch với mã PIN của Ủy ban "(?P<secret>[^"]*)"'))
def issue(planflow, signing, driver, context, actor, secret):  # noqa: F811
    user = username(planflow, actor)
    attempt(context, driver, lambda: signing.act(user, ISSUE, {}, context["plan"], secret))
    assert context["error"] is None, context["error"]


def _signers(signing, stage: str, plan_id: int) -> list[tuple[str, str]]:  # noqa: F811
    state, _, signatures = signing.check(signing.copy("plan", plan_id, stage))
    return [(s["signer"], "hợp lệ" if s["valid"] else "không hợp lệ") for s in signatures] + [("tệp", state)]


def _full_name(planflow, actor: str) -> str:
    with planflow.unit_of_work() as ctx:
        return get_user(ctx.session, username(planflow, actor)).full_name


@then(parsers.re(rf"bản kế hoạch đã ký có chữ ký số hợp lệ của {ACTOR}"))
def signed_by(planflow, signing, context, actor):  # noqa: F811
    assert context.get("error") is None, context["error"]
    assert _signers(signing, "signed", context["plan"]) == [(_full_name(planflow, actor), "hợp lệ"), ("tệp", "valid")]


@then(parsers.re(rf'bản kế hoạch ban hành có chữ ký số hợp lệ của {ACTOR} và của "(?P<body>[^"]+)"'))
def issued_by(planflow, signing, context, actor, body):  # noqa: F811
    assert _signers(signing, "issued", context["plan"]) == [
        (_full_name(planflow, actor), "hợp lệ"), (body, "hợp lệ"), ("tệp", "valid")]


@then(parsers.re(r'bản kế hoạch (?P<stage>đã ký|ban hành) ghi "(?P<first>[^"]+)" và "(?P<second>[^"]+)"'))
def reads(signing, context, stage, first, second):  # noqa: F811
    pdf = signing.copy("plan", context["plan"], "signed" if stage == "đã ký" else "issued")
    reader = PdfReader(io.BytesIO(pdf))
    shown = " ".join(page.extract_text() for page in reader.pages)
    shown += " ".join(str(field.get("/V", "")) for field in (reader.get_fields() or {}).values())
    assert first in shown and second in shown, shown


@then(parsers.re(rf'{ACTOR} thấy bản kế hoạch ban hành bên cạnh dòng "(?P<label>[^"]+)"'))
def receiver_sees(planflow, context, actor, label):
    with planflow.unit_of_work() as ctx:
        user = get_user(ctx.session, username(planflow, actor))
        listed = files(ctx.session, open_thread(ctx.session, user, "plan", context["plan"]), planflow.files)
    issued = [v for f in listed for v in f["versions"] if f["name"].endswith("-298.pdf")]
    assert [v["signature"]["label"] for v in issued] == [label]


@when(parsers.re(rf"{ACTOR} đính kèm bản kế hoạch ban hành đã bị sửa"))
def attach_tampered(planflow, signing, context, actor):  # noqa: F811
    issued = signing.copy("plan", context["plan"], "issued")
    context["attached"] = signing.attach(username(planflow, actor), context["plan"], "ban-sua.pdf",
                                         issued.replace(b"WeasyPrint", b"WeasyPrinT"))


@then(parsers.re(r'tệp đính kèm được kiểm tra là "(?P<label>[^"]+)"'))
def attached_reads(context, label):
    assert context["attached"]["signature"]["label"] == label
