"""The demo certificate authority: a root "planflow demo CA" and one signing certificate per person and per body.

For `planflow demo`, `make run` and the tests only: real keys come from a licensed CA (Ban Cơ yếu Chính phủ for
state bodies, or a public CA), on a token or behind a remote-signing service. Each key is an EC P-256 key (quick to
make) in its own PKCS#12 file, encrypted with the demo secret (AES-256, PBKDF2); the CA's certificate is a PEM file
that `verify.trust_roots` trusts when it exists. Made again, the folder keeps its CA and the files already there.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from engine.clock import current_clock
from engine.signing.keys import KeySource, aware
from engine.signing.settings import DEMO_CA_FILE
from engine.signing.softhsm import put_on_softhsm

__all__ = ["Body", "DemoPki", "Person", "make_demo_pki", "put_on_softhsm"]

CA_NAME = "planflow demo CA"
CA_KEY_FILE = "demo-ca-key.pem"
CA_YEARS, HOLDER_YEARS = 10, 5
# Valid from two years back: a demo run with a fixed clock in the past (PLANFLOW_NOW) still signs and verifies.
BACKDATE = timedelta(days=730)
KDF_ROUNDS = 50_000


@dataclass(frozen=True)
class Person:
    """A signer: `key` names their file (the username), `name` their full name (CN), `organization` their
    committee or agency (O), `title` their title ("Chủ tịch", "Phó Chủ tịch")."""

    key: str
    name: str
    organization: str
    title: str


@dataclass(frozen=True)
class Body:
    """An issuing body: `key` names its file (the unit's code), `name` its full name (CN and O)."""

    key: str
    name: str


@dataclass(frozen=True)
class DemoPki:
    folder: Path
    ca_file: Path  # the CA's certificate, PEM
    ca_certificate: bytes  # the same, DER
    people: Mapping[str, KeySource]  # by Person.key: a pkcs12 source, opened with the demo secret
    bodies: Mapping[str, KeySource]  # by Body.key


def make_demo_pki(folder: Path, people: Sequence[Person], bodies: Sequence[Body], secret: str,
                  now: datetime | None = None) -> DemoPki:
    """The demo CA in `folder` (made, or reused with `secret`), and a PKCS#12 file per person and body that has
    none yet."""
    folder.mkdir(parents=True, exist_ok=True)
    moment = aware(now or current_clock().now())
    ca_key, ca_certificate = _certificate_authority(folder, secret, moment)
    issue = _Issuer(ca_key, ca_certificate, secret.encode(), moment)
    people_sources = {p.key: issue.file(folder / f"person-{_slug(p.key)}.p12", _person_name(p)) for p in people}
    body_sources = {b.key: issue.file(folder / f"body-{_slug(b.key)}.p12", _body_name(b)) for b in bodies}
    return DemoPki(folder=folder, ca_file=folder / DEMO_CA_FILE,
                   ca_certificate=ca_certificate.public_bytes(serialization.Encoding.DER),
                   people=people_sources, bodies=body_sources)


@dataclass(frozen=True)
class _Issuer:
    ca_key: ec.EllipticCurvePrivateKey
    ca_certificate: x509.Certificate
    secret: bytes
    moment: datetime

    def file(self, path: Path, subject: x509.Name) -> KeySource:
        if not path.exists():
            key = ec.generate_private_key(ec.SECP256R1())
            certificate = self.certificate(subject, key.public_key())
            encryption = (serialization.PrivateFormat.PKCS12.encryption_builder().kdf_rounds(KDF_ROUNDS)
                          .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC).hmac_hash(hashes.SHA256())
                          .build(self.secret))
            name = subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
            data = pkcs12.serialize_key_and_certificates(str(name).encode(), key, certificate, [self.ca_certificate],
                                                         encryption)
            _write_private(path, data)
        return KeySource(kind="pkcs12", location=str(path))

    def certificate(self, subject: x509.Name, public_key: ec.EllipticCurvePublicKey) -> x509.Certificate:
        ca_public = self.ca_key.public_key()
        usage = x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                              data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                              encipher_only=False, decipher_only=False)
        return (x509.CertificateBuilder().subject_name(subject).issuer_name(self.ca_certificate.subject)
                .public_key(public_key).serial_number(x509.random_serial_number())
                .not_valid_before(self.moment - BACKDATE)
                .not_valid_after(self.moment + timedelta(days=365 * HOLDER_YEARS))
                .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                .add_extension(usage, critical=True)
                .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
                .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_public), critical=False)
                .sign(self.ca_key, hashes.SHA256()))


def _certificate_authority(folder: Path, secret: str, moment: datetime
                           ) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key_file, certificate_file = folder / CA_KEY_FILE, folder / DEMO_CA_FILE
    if key_file.exists() and certificate_file.exists():
        key = serialization.load_pem_private_key(key_file.read_bytes(), secret.encode())
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise ValueError(f"{key_file} is not the demo CA's EC key")
        return key, x509.load_pem_x509_certificate(certificate_file.read_bytes())
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, CA_NAME),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "planflow"),
                      x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")])
    usage = x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                          data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                          encipher_only=False, decipher_only=False)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(moment - BACKDATE)
                   .not_valid_after(moment + timedelta(days=365 * CA_YEARS))
                   .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
                   .add_extension(usage, critical=True)
                   .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
                   .sign(key, hashes.SHA256()))
    _write_private(key_file, key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.BestAvailableEncryption(secret.encode())))
    certificate_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return key, certificate


def _person_name(person: Person) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, person.name),
                      x509.NameAttribute(NameOID.TITLE, person.title),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, person.organization),
                      x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")])


def _body_name(body: Body) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, body.name),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, body.name),
                      x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")])


def _write_private(path: Path, data: bytes) -> None:
    """Readable by the owner only, even for the moment between creating the file and writing it."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    path.chmod(0o600)  # a file that existed keeps its mode under O_CREAT


def _slug(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", key)
