"""Issue and numbering: every step used here is shared (features/conftest.py)."""

from pytest_bdd import scenarios

scenarios("ban_hanh_danh_so.feature")
