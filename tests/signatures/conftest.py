"""Fixtures of the ký số tests (tests/signatures/fixtures.py)."""

from tests.signatures.fixtures import signing, signing_folder, signing_world  # noqa: F401 - fixtures
