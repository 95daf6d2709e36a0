"""Where a signer's key lives, and opening it for one signing with the secret the signer types.

A key is never stored by planflow: `KeySource` says where it is (an encrypted PKCS#12 file, a PKCS#11 token or
HSM, a remote-signing service), and the secret that opens it (the .p12 passphrase, the token's user PIN, the
service credential) is passed in for one signing and kept nowhere. Every way it can fail reads as one Vietnamese
sentence (`SigningRefused`) naming what to fix.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from asn1crypto import keys, x509
from cryptography import x509 as pyca_x509
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, pkcs12
from pyhanko.sign.signers.pdf_cms import Signer, SimpleSigner
from pyhanko_certvalidator.registry import SimpleCertificateStore

from engine.clock import VIETNAM, current_clock
from engine.signing.errors import SECRET_FIELD, SigningRefused
from engine.signing.remote import RemoteSigner, open_remote_service
from engine.signing.token import pkcs11_signer

KINDS = ("pkcs12", "pkcs11", "remote")
MAX_PKCS12_BYTES = 1024 * 1024  # a .p12 holds a key and a few certificates: a few KB
SECRET = SECRET_FIELD  # the field a wrong passphrase or PIN is reported against, for the forms that ask for it


@dataclass(frozen=True)
class KeySource:
    """pkcs12: `location` is the .p12 file; pkcs11: the PKCS#11 module (.so), with the token's label and the label
    shared by the key and its certificate; remote: the service URL, whose scheme picks the client."""

    kind: str
    location: str
    token_label: str | None = None
    key_label: str | None = None


def open_signer(source: KeySource, secret: str, now: datetime | None = None) -> Signer:
    """A pyHanko signer for `source`, refused unless its certificate is valid `now` (default: the clock's now).

    A PKCS#11 signer holds a session open on its token: close it with `close_signer`, or use `signing_key`."""
    if source.kind == "pkcs12":
        signer: Signer = _pkcs12_signer(Path(source.location), secret)
    elif source.kind == "pkcs11":
        signer = pkcs11_signer(source.location, source.token_label, source.key_label, secret)
    elif source.kind == "remote":
        signer = RemoteSigner(open_remote_service(source.location, secret))
    else:
        raise SigningRefused(f"Nguồn khóa ký số '{source.kind}' không được hỗ trợ (chỉ {', '.join(KINDS)}).",
                             {"key": "nguồn khóa không hợp lệ"})
    try:
        require_usable(signer.signing_cert, now)
    except SigningRefused:
        close_signer(signer)
        raise
    return signer


def close_signer(signer: Signer) -> None:
    """Log out of the token a PKCS#11 signer holds open; nothing to do for the other kinds."""
    session = getattr(signer, "pkcs11_session", None)
    if session is not None:
        session.close()


@contextmanager
def signing_key(source: KeySource, secret: str, now: datetime | None = None) -> Iterator[Signer]:
    """`open_signer` for the length of a `with` block."""
    signer = open_signer(source, secret, now)
    try:
        yield signer
    finally:
        close_signer(signer)


def require_usable(certificate: x509.Certificate, now: datetime | None = None) -> None:
    """Refuse a certificate outside its validity period at `now`, or one not made for signatures."""
    moment = aware(now or current_clock().now())
    validity = certificate["tbs_certificate"]["validity"]
    starts, ends = validity["not_before"].native, validity["not_after"].native
    holder = certificate.subject.native.get("common_name", "người ký")
    if moment > ends:
        raise SigningRefused(f"Chứng thư số của {holder} đã hết hạn ngày {ends.astimezone(VIETNAM):%d/%m/%Y}; "
                             "hãy gia hạn chứng thư số với tổ chức cung cấp dịch vụ chứng thực.",
                             {"key": "chứng thư số đã hết hạn"})
    if moment < starts:
        raise SigningRefused(f"Chứng thư số của {holder} chỉ có hiệu lực từ ngày "
                             f"{starts.astimezone(VIETNAM):%d/%m/%Y}.", {"key": "chứng thư số chưa có hiệu lực"})
    usage = certificate.key_usage_value
    if usage is not None and not {"digital_signature", "non_repudiation"} & set(usage.native):
        raise SigningRefused(f"Chứng thư số của {holder} không dùng để ký số (thiếu mục đích ký).",
                             {"key": "chứng thư số không dùng để ký"})


def aware(moment: datetime) -> datetime:
    """The engine's times are naive Vietnam time; certificates and PDFs want an offset."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=VIETNAM)


def _pkcs12_signer(path: Path, secret: str) -> SimpleSigner:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_PKCS12_BYTES + 1)
    except OSError as exc:
        raise SigningRefused(f"Không mở được tệp khóa ký số '{path.name}': "
                             f"{'không tìm thấy tệp' if isinstance(exc, FileNotFoundError) else exc.strerror}.",
                             {"key": "không có tệp khóa"}) from exc
    if len(data) > MAX_PKCS12_BYTES:
        raise SigningRefused(f"Tệp khóa ký số '{path.name}' quá lớn để là một tệp PKCS#12.",
                             {"key": "tệp khóa không hợp lệ"})
    try:
        key, certificate, chain = pkcs12.load_key_and_certificates(data, secret.encode())
    except ValueError as exc:
        # cryptography cannot tell a wrong passphrase from a damaged file: both read as one error
        raise SigningRefused(f"Không mở được tệp khóa ký số '{path.name}': mật khẩu không đúng "
                             "(hoặc tệp không phải PKCS#12). Hãy nhập lại mật khẩu của tệp khóa.",
                             {SECRET_FIELD: "mật khẩu không đúng"}) from exc
    if key is None or certificate is None:
        raise SigningRefused(f"Tệp khóa ký số '{path.name}' không chứa cả khóa bí mật và chứng thư số.",
                             {"key": "tệp khóa thiếu khóa hoặc chứng thư số"})
    registry = SimpleCertificateStore()
    registry.register_multiple(_asn1(c) for c in chain)
    # The key is decrypted in memory for this one signing only (pyHanko's SimpleSigner), never written anywhere.
    key_info = keys.PrivateKeyInfo.load(key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption()))
    return SimpleSigner(signing_cert=_asn1(certificate), signing_key=key_info, cert_registry=registry)


def _asn1(certificate: pyca_x509.Certificate) -> x509.Certificate:
    return x509.Certificate.load(certificate.public_bytes(Encoding.DER))
