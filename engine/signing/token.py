"""A key on a PKCS#11 token or HSM (USB token of a Vietnamese CA, an HSM, SoftHSM in tests), through pyHanko.

The token is found by its label, logged into with the user PIN, and the private key and its certificate by the
label they share (`KeySource.key_label`). The session stays open until `keys.close_signer`.
"""

from __future__ import annotations

from pathlib import Path

import pkcs11
from pkcs11 import exceptions as p11
from pyhanko.config.pkcs11 import TokenCriteria
from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

from engine.signing.errors import SECRET_FIELD, SigningRefused

# Each way a token refuses, as the signer reads it (the PIN is reported against the secret field).
PIN_REFUSALS: dict[type[Exception], str] = {
    p11.PinIncorrect: "Mã PIN của thiết bị ký số không đúng. Hãy nhập lại mã PIN.",
    p11.PinLenRange: "Mã PIN của thiết bị ký số không đúng độ dài. Hãy nhập lại mã PIN.",
    p11.PinInvalid: "Mã PIN của thiết bị ký số chứa ký tự không hợp lệ. Hãy nhập lại mã PIN.",
    p11.PinLocked: "Thiết bị ký số đã bị khóa vì nhập sai mã PIN quá số lần cho phép; hãy liên hệ tổ chức "
                   "cung cấp dịch vụ chứng thực để mở khóa.",
    p11.PinExpired: "Mã PIN của thiết bị ký số đã hết hạn; hãy đổi mã PIN rồi ký lại.",
}


def pkcs11_signer(module: str, token_label: str | None, key_label: str | None, secret: str) -> PKCS11Signer:
    """The signer for a `KeySource(kind="pkcs11")`: the module's path, the token's label, the key's label."""
    if not token_label or not key_label:
        raise SigningRefused("Cấu hình thiết bị ký số thiếu nhãn token hoặc nhãn khóa.", {"key": "thiếu nhãn"})
    if not Path(module).is_file():
        raise SigningRefused(f"Không tìm thấy thư viện PKCS#11 '{module}' của thiết bị ký số trên máy chủ.",
                             {"key": "không có thư viện PKCS#11"})
    session = _log_in(module, token_label, secret)
    # Raw mechanisms (CKM_ECDSA, CKM_RSA_PKCS over a DigestInfo): the hash is computed here and the token only signs
    # it, which every token does; hashing on the token (CKM_ECDSA_SHA256) is missing from many, SoftHSM 2.6 included.
    signer = PKCS11Signer(session, key_label=key_label, cert_label=key_label, use_raw_mechanism=True)
    try:
        signer.signing_cert  # noqa: B018 - loads the key and the certificate now, so a missing one is refused here
    except pkcs11.PKCS11Error as exc:
        session.close()
        raise SigningRefused(f"Không tìm thấy khóa ký số '{key_label}' và chứng thư số của nó trên thiết bị "
                             f"'{token_label}'.", {"key": "không có khóa trên thiết bị"}) from exc
    return signer


def _log_in(module: str, token_label: str, secret: str) -> pkcs11.Session:
    try:
        return open_pkcs11_session(module, token_criteria=TokenCriteria(label=token_label), user_pin=secret)
    except tuple(PIN_REFUSALS) as exc:
        raise SigningRefused(PIN_REFUSALS[type(exc)], {SECRET_FIELD: "mã PIN không đúng"}) from exc
    except pkcs11.PKCS11Error as exc:
        # pyHanko raises the bare PKCS11Error when no slot holds a token with the label: absent or unplugged
        raise SigningRefused(f"Không tìm thấy thiết bị ký số '{token_label}'. Hãy cắm thiết bị (token) vào máy "
                             "rồi ký lại.", {"key": "không có thiết bị ký số"}) from exc
