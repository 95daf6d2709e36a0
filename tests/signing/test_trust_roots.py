"""The roots a signature is trusted against: the files of PLANFLOW_TRUST_ROOTS (PEM or DER) and the demo CA."""

from __future__ import annotations

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from engine.signing.settings import SigningSettings
from engine.signing.verify import trust_roots, verify_pdf


def test_roots_come_from_the_configured_folder_in_pem_or_der_and_from_the_demo_ca(pki, stranger_pki, tmp_path):
    folder = tmp_path / "roots"
    folder.mkdir()
    stranger = x509.load_der_x509_certificate(stranger_pki.ca_certificate)
    (folder / "quoc-gia.der").write_bytes(stranger.public_bytes(Encoding.DER))
    (folder / "quoc-gia-ban-sao.pem").write_bytes(stranger.public_bytes(Encoding.PEM))
    (folder / "hong.crt").write_text("không phải chứng thư", encoding="utf-8")
    (folder / "ghi-chu.txt").write_text("bỏ qua", encoding="utf-8")
    roots = trust_roots(SigningSettings(trust_roots_dir=folder, demo_dir=pki.folder))
    assert roots == [stranger_pki.ca_certificate, pki.ca_certificate]  # the same root twice counts once


def test_without_a_folder_nor_a_demo_there_is_no_root_and_nothing_is_trusted(issued, tmp_path):
    assert trust_roots(SigningSettings(trust_roots_dir=None, demo_dir=tmp_path / "none")) == []
    assert [c.trusted for c in verify_pdf(issued, [])] == [False, False]
