"""The one refusal of the signing package: a key that cannot sign now, or a document that cannot be signed."""

from __future__ import annotations

from engine.errors import InvalidInput


class SigningRefused(InvalidInput):
    """Wrong passphrase or PIN, a missing key file or token, an expired certificate, a field already signed.

    Invalid input rather than forbidden: the signer holds the right to sign and can fix what they typed or
    plugged in. The message is Vietnamese and names what to do; `fields` names the input at fault (`secret`:
    the passphrase or PIN). Its code stays `invalid_input`, so every front door answers it as it answers a form."""


# The name of the form field a wrong passphrase or PIN is reported against (not a password).
SECRET_FIELD = "secret"  # nosec B105
