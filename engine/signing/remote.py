"""Remote signing: the key stays with a certification authority's service, which signs a hash.

Vietnamese CAs' remote-signing services (ký số từ xa) take the hash of what is to be signed and return a CMS
signature, after the signer confirms on their phone. `RemoteSigningService` is that shape; a client for one
service is registered under its URL scheme (`register_remote_client`), and a `KeySource(kind="remote",
location="scheme://…")` resolves through the registry. No real network client ships here: each is one class
implementing the protocol.

`RemoteSigner` puts the service behind pyHanko's `Signer`, so `pades.sign_pdf` signs through it like through a
file or a token: pyHanko digests the document's byte range, the service returns the CMS over that digest, and
pyHanko embeds it (its external-signer path). A CMS that is not over the digest sent, or not by the certificate
the service announced, is refused rather than embedded.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol
from urllib.parse import urlsplit

from asn1crypto import cms, x509
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes, Signer
from pyhanko_certvalidator.registry import SimpleCertificateStore

from engine.signing.errors import SigningRefused

# Room for the CMS while pyHanko sizes the signature field before the service has answered (dry run).
PLACEHOLDER_SIGNATURE_BYTES = 1024


class RemoteSigningService(Protocol):
    """One signer's session with a remote-signing service, opened with their credential."""

    def certificates(self) -> Sequence[bytes]:
        """The signer's certificate (DER) first, then the certificates of its chain."""
        ...

    def sign_hash(self, digest: bytes, digest_algorithm: str) -> bytes:
        """A detached CMS SignedData (DER ContentInfo) over `digest`, made with `digest_algorithm` ("sha256")."""
        ...


RemoteClient = Callable[[str, str], RemoteSigningService]
"""Opens a session with the service at a URL, with the signer's credential (PIN, password or OTP)."""

_CLIENTS: dict[str, RemoteClient] = {}


def register_remote_client(scheme: str, client: RemoteClient) -> Callable[[], None]:
    """Make `scheme://…` key sources sign through `client`; returns the call that removes it again."""
    _CLIENTS[scheme.lower()] = client
    return lambda: _CLIENTS.pop(scheme.lower(), None) and None


def open_remote_service(url: str, secret: str) -> RemoteSigningService:
    scheme = urlsplit(url).scheme.lower()
    client = _CLIENTS.get(scheme)
    if client is None:
        known = ", ".join(sorted(_CLIENTS)) or "chưa có dịch vụ nào"
        raise SigningRefused(f"Không có dịch vụ ký số từ xa cho địa chỉ '{url}' (đã cấu hình: {known}).",
                             {"key": "dịch vụ ký số từ xa không được hỗ trợ"})
    return client(url, secret)


class RemoteSigner(Signer):
    """A pyHanko signer whose CMS comes from a `RemoteSigningService`."""

    def __init__(self, service: RemoteSigningService):
        chain = [x509.Certificate.load(der) for der in service.certificates()]
        if not chain:
            raise SigningRefused("Dịch vụ ký số từ xa không trả về chứng thư số của người ký.")
        registry = SimpleCertificateStore()
        registry.register_multiple(chain)
        super().__init__(signing_cert=chain[0], cert_registry=registry)
        self.service = service
        self.certificate = chain[0]

    async def async_sign_raw(self, data: bytes, digest_algorithm: str, dry_run: bool = False) -> bytes:
        # Only reached in a dry run (async_sign below): the service never signs raw data for us.
        return bytes(PLACEHOLDER_SIGNATURE_BYTES)

    async def async_sign(self, data_digest: bytes, digest_algorithm: str, dry_run: Any = False,
                         use_pades: Any = False, timestamper: Any = None,
                         signed_attr_settings: PdfCMSSignedAttributes | None = None, is_pdf_sig: Any = True,
                         encap_content_info: Any = None) -> cms.ContentInfo:
        if dry_run:  # a CMS of the right size, made here, for pyHanko to reserve room in the file
            return await super().async_sign(data_digest, digest_algorithm, dry_run=True, use_pades=use_pades,
                                            signed_attr_settings=signed_attr_settings)
        # What the service signs is its business (PAdES attributes included); a timestamp would be added by it too.
        answer = self.service.sign_hash(data_digest, digest_algorithm)
        try:
            content = cms.ContentInfo.load(answer)
            signer_info = content["content"]["signer_infos"][0]
            signed_digest = _message_digest(signer_info)
            certificate = _signer_certificate(content["content"], signer_info)
        except (ValueError, TypeError, KeyError, IndexError) as exc:
            raise SigningRefused("Dịch vụ ký số từ xa trả về dữ liệu không phải chữ ký CMS.") from exc
        if signed_digest != data_digest or certificate is None or certificate.dump() != self.certificate.dump():
            raise SigningRefused("Dịch vụ ký số từ xa trả về chữ ký không khớp với văn bản hoặc với chứng thư số "
                                 "của người ký; văn bản chưa được ký.")
        return content


def _message_digest(signer_info: Any) -> bytes:
    for attribute in signer_info["signed_attrs"]:
        if attribute["type"].native == "message_digest":
            return bytes(attribute["values"][0].native)
    raise KeyError("message_digest")


def _signer_certificate(signed_data: Any, signer_info: Any) -> x509.Certificate | None:
    sid = signer_info["sid"]
    for choice in signed_data["certificates"] or []:
        certificate = choice.chosen
        if not isinstance(certificate, x509.Certificate):
            continue
        if sid.name == "issuer_and_serial_number":
            if certificate.issuer == sid.chosen["issuer"] and \
                    certificate.serial_number == sid.chosen["serial_number"].native:
                return certificate
        elif certificate.key_identifier == sid.chosen.native:
            return certificate
    return None
