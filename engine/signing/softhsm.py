"""A key on a SoftHSM token: the software PKCS#11 token the tests (and a demo) sign through, as through a USB token.

SoftHSM keeps its tokens in the folder its configuration file names; the file is found through the environment
variable SOFTHSM2_CONF, read by every process that opens a token (`softhsm_config` writes one). The token is made
with `softhsm2-util` (a fixed program, a list of arguments, no shell); the key and its certificate are put on it
with python-pkcs11, so the private key never lies unencrypted on disk. The PINs are passed to `softhsm2-util` on
its command line: a demo's PINs, not a secret worth hiding from `ps`.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess  # nosec B404
from pathlib import Path
from typing import Any

import pkcs11
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from pkcs11 import Attribute
from pkcs11.util.ec import decode_ec_private_key
from pkcs11.util.rsa import decode_rsa_private_key
from pkcs11.util.x509 import decode_x509_certificate

from engine.signing.errors import SigningRefused
from engine.signing.keys import KeySource

MODULES = ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
           "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so", "/usr/local/lib/softhsm/libsofthsm2.so")


def softhsm_module() -> str | None:
    """The SoftHSM PKCS#11 module, if Debian's softhsm2 (or a local build) is installed."""
    return next((m for m in MODULES if Path(m).is_file()), None)


def softhsm_available() -> bool:
    return softhsm_module() is not None and shutil.which("softhsm2-util") is not None


def softhsm_config(folder: Path) -> Path:
    """A SoftHSM configuration keeping its tokens in `folder`/tokens; point SOFTHSM2_CONF at the file it returns."""
    tokens = folder / "tokens"
    tokens.mkdir(parents=True, exist_ok=True)
    config = folder / "softhsm2.conf"
    config.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n"
                      "slots.removable = false\n", encoding="utf-8")
    return config


def put_on_softhsm(p12: Path, secret: str, *, token_label: str, pin: str, so_pin: str, key_label: str,
                   module: str | None = None) -> KeySource:
    """Make the token `token_label` (unless it exists) and put the key and certificate of `p12` on it under
    `key_label`; returns the `KeySource(kind="pkcs11")` that signs with it (the PIN opens it)."""
    module = module or softhsm_module()
    if module is None or shutil.which("softhsm2-util") is None:
        raise SigningRefused("SoftHSM chưa được cài trên máy (gói Debian softhsm2).")
    key, certificate = _key_and_certificate(p12, secret)
    library = pkcs11.lib(module)
    # A module loaded earlier in this process reads SOFTHSM2_CONF and lists its tokens as they were then; starting
    # it again reads them now (and ends any session this process had open on a SoftHSM token).
    library.reinitialize()
    if not list(library.get_tokens(token_label=token_label)):
        command = ["softhsm2-util", "--init-token", "--free", "--label", token_label, "--so-pin", so_pin, "--pin", pin]
        subprocess.run(command, check=True, capture_output=True, timeout=60)  # nosec B603
        library.reinitialize()
    token = library.get_token(token_label=token_label)
    der = certificate.public_bytes(serialization.Encoding.DER)
    identifier = hashlib.sha1(der, usedforsecurity=False).digest()  # the objects' ID on the token (as tools do)
    with token.open(rw=True, user_pin=pin) as session:
        for stale in session.get_objects({Attribute.LABEL: key_label}):
            stale.destroy()
        session.create_object({**_private_key_attributes(key), Attribute.TOKEN: True, Attribute.PRIVATE: True,
                               Attribute.SENSITIVE: True, Attribute.EXTRACTABLE: False, Attribute.SIGN: True,
                               Attribute.LABEL: key_label, Attribute.ID: identifier})
        session.create_object({**decode_x509_certificate(der), Attribute.TOKEN: True, Attribute.LABEL: key_label,
                               Attribute.ID: identifier})
    return KeySource(kind="pkcs11", location=module, token_label=token_label, key_label=key_label)


def _key_and_certificate(p12: Path, secret: str) -> tuple[Any, Any]:
    try:
        key, certificate, _chain = pkcs12.load_key_and_certificates(p12.read_bytes(), secret.encode())
    except (OSError, ValueError) as exc:
        raise SigningRefused(f"Không mở được tệp khóa '{p12.name}' để đưa lên thiết bị ký số.") from exc
    if key is None or certificate is None:
        raise SigningRefused(f"Tệp khóa '{p12.name}' không chứa cả khóa bí mật và chứng thư số.")
    return key, certificate


def _private_key_attributes(key: Any) -> dict[Attribute, Any]:
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return decode_ec_private_key(key.private_bytes(serialization.Encoding.DER,
                                                       serialization.PrivateFormat.TraditionalOpenSSL,
                                                       serialization.NoEncryption()))
    if isinstance(key, rsa.RSAPrivateKey):
        return decode_rsa_private_key(key.private_bytes(serialization.Encoding.DER,
                                                        serialization.PrivateFormat.TraditionalOpenSSL,
                                                        serialization.NoEncryption()))
    raise SigningRefused("Chỉ khóa EC hoặc RSA mới đưa được lên thiết bị ký số.")
