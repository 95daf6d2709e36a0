"""Ký số in the plan cycle: the certificate each signer and each body holds, the signing of a plan's or a report's
PDF when it is approved and when it is issued, and what the signer confirms (docs/signing.md, "In the lifecycle").

The cryptography is `engine/signing/` (pyHanko); this package decides who signs what, with which key, and keeps
the signed copies as attachments of the plan or the report (engine/discussion/attachments.py).
"""
