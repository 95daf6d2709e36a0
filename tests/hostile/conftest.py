"""The hostile corpus: each case tries to break in, stall or crash the product and asserts it is refused or
contained, leaving stored state as it was (docs/security.md). Web cases use the web fixtures."""

from tests.webapp.conftest import app, client, login_as, token_for  # noqa: F401 - fixtures
