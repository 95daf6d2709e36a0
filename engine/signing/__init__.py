"""Ký số: PAdES signatures on the documents planflow issues, and the verification of those that arrive.

Nghị định 30/2020 (Điều 13, Phụ lục I): an electronic document is signed digitally by the competent person, then by
the issuing body. Everything cryptographic goes through pyHanko (PDF signing, CMS, validation) and `cryptography`
(keys, certificates): `keys.py` opens a signer (PKCS#12 file, PKCS#11 token, remote service), `pades.py` signs
and fills the number and date at issue, `verify.py` reads every signature of a PDF, `pki.py` makes the demo
certificate authority. Beneath the models: no database, no SpiffWorkflow, no Flask (docs/signing.md).
"""

from __future__ import annotations

import logging
import warnings

# pyHanko imports cryptography's DSA module, which warns (a UserWarning) on import: every `planflow` call would
# print it. DSA keys are never used here.
warnings.filterwarnings("ignore", message="DSA is deprecated", module=r"pyhanko\.")
# fontTools reports, at WARNING, each font table it leaves out of the subset embedded in a signature's appearance;
# pyHanko logs, at WARNING with a traceback, every modification it finds while validating a hostile or modified file
# (the result says it) and rounding notes of its layout. Errors still reach the log.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
logging.getLogger("pyhanko").setLevel(logging.ERROR)
