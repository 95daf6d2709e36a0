"""The signing tests' world, made once per run: a demo CA with a chair and their committee, a stranger CA, a
plan-like PDF with the two issue fields, a signature and a seal image, the document signed as issued."""

from __future__ import annotations

import io
import os
from datetime import datetime
from pathlib import Path

import pytest
import weasyprint
from PIL import Image, ImageDraw

from engine.signing.keys import KeySource, signing_key
from engine.signing.pades import ISSUE_FIELDS, Stamp, fill_issue_fields, sign_pdf
from engine.signing.pki import Body, DemoPki, Person, make_demo_pki
from engine.signing.softhsm import put_on_softhsm, softhsm_available, softhsm_config

SECRET = "mật-khẩu-demo"
PIN, SO_PIN = "123456", "87654321"
MADE = datetime(2025, 1, 2, 8, 0)  # when the demo CA was made
CHAIR_SIGNS = datetime(2025, 5, 20, 9, 15, 30)
BODY_SIGNS = datetime(2025, 5, 21, 14, 2, 11)
COMMITTEE = "Ủy ban nhân dân huyện Tứ Kỳ"
CHAIR = Person("chair.298", "Nguyễn Văn A", COMMITTEE, "Chủ tịch")
BODY = Body("298", COMMITTEE)
CHAIR_FIELD, BODY_FIELD = "ky_so_nguoi_ky", "ky_so_co_quan"
CHAIR_BOX, BODY_BOX = (330.0, 90.0, 540.0, 170.0), (300.0, 80.0, 400.0, 180.0)
NUMBER, ISSUED = "Số: 12/KH-UBND", "Tứ Kỳ, ngày 21 tháng 5 năm 2025"

PLAN_HTML = """<html><head><style>
@page { size: A4; margin: 2cm }
body { font-family: 'Liberation Serif'; font-size: 13pt }
input { border: none; font-family: 'Liberation Serif'; font-size: 13pt; width: 7cm; height: 0.8cm }
</style></head><body>
<p>ỦY BAN NHÂN DÂN HUYỆN TỨ KỲ</p>
<p><input type="text" name="so_ky_hieu"></p>
<p><input type="text" name="ngay_ban_hanh"></p>
<h1>KẾ HOẠCH công tác dân vận chính quyền năm 2025</h1>
<p>Căn cứ Kế hoạch số 45/KH-UBND của Ủy ban nhân dân tỉnh Hải Dương…</p>
</body></html>"""


@pytest.fixture(scope="session")
def pki(tmp_path_factory) -> DemoPki:
    return make_demo_pki(tmp_path_factory.mktemp("pki"), [CHAIR], [BODY], SECRET, now=MADE)


@pytest.fixture(scope="session")
def stranger_pki(tmp_path_factory) -> DemoPki:
    """A CA nobody configured: its certificates read as untrusted."""
    return make_demo_pki(tmp_path_factory.mktemp("stranger"), [Person("x", "Trần Thị B", "Công ty X", "Giám đốc")],
                         [], SECRET, now=MADE)


@pytest.fixture(scope="session")
def plan_pdf() -> bytes:
    return weasyprint.HTML(string=PLAN_HTML).write_pdf(pdf_forms=True)


@pytest.fixture(scope="session")
def signature_png() -> bytes:
    return _png((300, 120), lambda d: d.line([(10, 100), (80, 20), (150, 90), (290, 30)], fill=(20, 40, 200, 255),
                                             width=6))


@pytest.fixture(scope="session")
def seal_png() -> bytes:
    return _png((200, 200), lambda d: d.ellipse([5, 5, 195, 195], outline=(220, 0, 0, 255), width=8))


@pytest.fixture(scope="session")
def chair_signed(pki, plan_pdf, signature_png) -> bytes:
    """The draft signed by the chair, with the number, the date and the body's signature left open."""
    return sign_as_chair(plan_pdf, pki.people[CHAIR.key], signature_png)


@pytest.fixture(scope="session")
def issued(pki, chair_signed, seal_png) -> bytes:
    """Numbered and dated by the clerk, then sealed by the committee: the document as issued."""
    return sign_as_body(fill_issue_fields(chair_signed, NUMBER, ISSUED), pki.bodies[BODY.key], seal_png)


@pytest.fixture(scope="session")
def softhsm_key(pki, tmp_path_factory):
    """The committee's key on a SoftHSM token (SOFTHSM2_CONF points at a token folder of this run)."""
    if not softhsm_available():
        if os.environ.get("PLANFLOW_REQUIRE_SOFTHSM") == "1":
            pytest.fail("PLANFLOW_REQUIRE_SOFTHSM=1 but SoftHSM is not installed (Debian package softhsm2)")
        pytest.skip("SoftHSM is not installed (Debian package softhsm2): signing through PKCS#11 is not tested")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOFTHSM2_CONF", str(softhsm_config(tmp_path_factory.mktemp("softhsm"))))
        yield put_on_softhsm(Path(pki.bodies[BODY.key].location), SECRET, token_label="UBND Tu Ky", pin=PIN,
                             so_pin=SO_PIN, key_label="ubnd-tu-ky")


def sign_as_chair(pdf: bytes, source: KeySource, image: bytes | None, secret: str = SECRET) -> bytes:
    stamp = Stamp("person", ("Người ký: Nguyễn Văn A", "Chủ tịch", "Thời gian ký: 20.05.2025 09:15:30 +07:00"), image)
    with signing_key(source, secret, now=CHAIR_SIGNS) as signer:
        return sign_pdf(pdf, signer, field=CHAIR_FIELD, page=0, box=CHAIR_BOX, stamp=stamp,
                        reason="Phê duyệt kế hoạch", location="Tứ Kỳ", when=CHAIR_SIGNS,
                        open_fields=(*ISSUE_FIELDS, BODY_FIELD))


def sign_as_body(pdf: bytes, source: KeySource, image: bytes | None, secret: str = SECRET) -> bytes:
    stamp = Stamp("body", ("UBND huyện Tứ Kỳ", "21.05.2025 14:02:11 +07:00"), image)
    with signing_key(source, secret, now=BODY_SIGNS) as signer:
        return sign_pdf(pdf, signer, field=BODY_FIELD, page=0, box=BODY_BOX, stamp=stamp, reason="Ban hành văn bản",
                        when=BODY_SIGNS)


def _png(size: tuple[int, int], draw) -> bytes:
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    draw(ImageDraw.Draw(image))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
