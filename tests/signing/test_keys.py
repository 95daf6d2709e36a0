"""Keys as signers hold them: an encrypted PKCS#12 file, a PKCS#11 token (SoftHSM), a remote-signing service. A
wrong secret or a missing key is one Vietnamese sentence, and every kind signs a document that verifies."""

from __future__ import annotations

import asyncio
import concurrent.futures
from dataclasses import replace
from pathlib import Path

import pytest
from pyhanko.sign.signers.pdf_cms import SimpleSigner

from engine.signing.errors import SigningRefused
from engine.signing.keys import KeySource, open_signer
from engine.signing.remote import register_remote_client
from engine.signing.verify import verify_pdf
from tests.signing.conftest import BODY, CHAIR, CHAIR_SIGNS, COMMITTEE, PIN, SECRET, sign_as_body, sign_as_chair


def test_a_wrong_pkcs12_passphrase_is_refused_in_vietnamese_against_the_secret(pki):
    with pytest.raises(SigningRefused) as refused:
        open_signer(pki.people[CHAIR.key], "sai mật khẩu", now=CHAIR_SIGNS)
    assert refused.value.message == ("Không mở được tệp khóa ký số 'person-chair.298.p12': mật khẩu không đúng "
                                     "(hoặc tệp không phải PKCS#12). Hãy nhập lại mật khẩu của tệp khóa.")
    assert refused.value.fields == {"secret": "mật khẩu không đúng"}


def test_a_missing_key_file_is_refused(tmp_path):
    with pytest.raises(SigningRefused, match="Không mở được tệp khóa ký số 'none.p12': không tìm thấy tệp."):
        open_signer(KeySource("pkcs12", str(tmp_path / "none.p12")), SECRET)


def test_an_unknown_kind_of_key_source_is_refused():
    with pytest.raises(SigningRefused, match="Nguồn khóa ký số 'usb' không được hỗ trợ"):
        open_signer(KeySource("usb", "/dev/null"), SECRET)


def test_a_key_opened_after_its_certificate_expired_is_refused(pki):
    with pytest.raises(SigningRefused, match="đã hết hạn ngày"):
        open_signer(pki.people[CHAIR.key], SECRET, now=CHAIR_SIGNS.replace(year=2040))


def test_the_committee_signs_through_a_pkcs11_token(pki, chair_signed, softhsm_key):
    issued = sign_as_body(chair_signed, softhsm_key, None, secret=PIN)
    chair, body = verify_pdf(issued, [pki.ca_certificate])
    assert (body.signer, body.intact, body.trusted, body.valid) == (COMMITTEE, True, True, True)
    assert chair.valid


def test_a_wrong_token_pin_is_refused_in_vietnamese_against_the_secret(softhsm_key):
    with pytest.raises(SigningRefused) as refused:
        open_signer(softhsm_key, "000000", now=CHAIR_SIGNS)
    assert refused.value.message == "Mã PIN của thiết bị ký số không đúng. Hãy nhập lại mã PIN."
    assert refused.value.fields == {"secret": "mã PIN không đúng"}


def test_a_token_that_is_not_plugged_in_is_refused(softhsm_key):
    with pytest.raises(SigningRefused, match="Không tìm thấy thiết bị ký số 'Token khác'. Hãy cắm thiết bị"):
        open_signer(replace(softhsm_key, token_label="Token khác"), PIN, now=CHAIR_SIGNS)


def test_a_key_label_absent_from_the_token_is_refused(softhsm_key):
    with pytest.raises(SigningRefused, match="Không tìm thấy khóa ký số 'khac' và chứng thư số của nó"):
        open_signer(replace(softhsm_key, key_label="khac"), PIN, now=CHAIR_SIGNS)


def test_a_missing_pkcs11_module_is_refused(tmp_path):
    with pytest.raises(SigningRefused, match="Không tìm thấy thư viện PKCS#11"):
        open_signer(KeySource("pkcs11", str(tmp_path / "none.so"), "T", "k"), PIN)


class FakeRemoteService:
    """A stand-in for a CA's remote-signing service, in this process: hash in, CMS out (the key never leaves it)."""

    def __init__(self, p12: Path, credential: str, tamper: bool = False):
        try:
            self.signer = SimpleSigner.load_pkcs12_data(p12.read_bytes(), [], passphrase=credential.encode())
        except ValueError as exc:
            raise SigningRefused("Dịch vụ ký số từ xa từ chối: mã xác thực không đúng.") from exc
        self.tamper = tamper

    def certificates(self) -> list[bytes]:
        return [self.signer.signing_cert.dump(), *(c.dump() for c in self.signer.cert_registry)]

    def sign_hash(self, digest: bytes, digest_algorithm: str) -> bytes:
        if self.tamper:
            digest = bytes(len(digest))
        signing = self.signer.async_sign(digest, digest_algorithm, use_pades=True)
        # The service answers from elsewhere: here, from its own thread and event loop.
        with concurrent.futures.ThreadPoolExecutor(1) as service:
            return service.submit(asyncio.run, signing).result().dump()


@pytest.fixture
def remote_ca(pki):
    p12 = Path(pki.people[CHAIR.key].location)
    remove = register_remote_client("fakeca", lambda url, credential: FakeRemoteService(p12, credential,
                                                                                         "tamper" in url))
    yield
    remove()


def test_the_chair_signs_through_a_remote_signing_service(pki, plan_pdf, remote_ca):
    signed = sign_as_chair(plan_pdf, KeySource("remote", "fakeca://sign.example/nguyen-van-a"), None)
    [check] = verify_pdf(signed, [pki.ca_certificate])
    assert (check.signer, check.body, check.valid) == ("Nguyễn Văn A", COMMITTEE, True)


def test_a_remote_service_refusing_the_credential_is_refused(plan_pdf, remote_ca):
    with pytest.raises(SigningRefused, match="mã xác thực không đúng"):
        sign_as_chair(plan_pdf, KeySource("remote", "fakeca://sign.example/nguyen-van-a"), None, secret="sai")


def test_a_remote_signature_over_another_hash_is_refused_not_embedded(plan_pdf, remote_ca):
    with pytest.raises(SigningRefused, match="chữ ký không khớp với văn bản"):
        sign_as_chair(plan_pdf, KeySource("remote", "fakeca://tamper.example/x"), None)


def test_a_remote_service_nobody_configured_is_refused(plan_pdf):
    with pytest.raises(SigningRefused, match="Không có dịch vụ ký số từ xa cho địa chỉ 'vnpt://ca/x'"):
        sign_as_chair(plan_pdf, KeySource("remote", "vnpt://ca/x"), None)


def test_the_demo_keeps_its_ca_and_keys_when_made_again(pki):
    from engine.signing.pki import make_demo_pki

    again = make_demo_pki(pki.folder, [CHAIR], [BODY], SECRET)
    assert again.ca_certificate == pki.ca_certificate
    assert again.people[CHAIR.key] == pki.people[CHAIR.key]
