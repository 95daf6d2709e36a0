"""Six-month reports across the cascade: opening, sending, returns, reminders, consolidation up to the ministry.

Every step is shared (features/conftest.py): the same sentences tell the dissolution and scoring stories.
"""

from __future__ import annotations

from pytest_bdd import scenarios

scenarios("bao_cao_dinh_ky.feature")
