"""Ký số in the lifecycle, for tests: the demo CA and keys made once per run, registered per test.

Import the fixtures into a conftest (or a test module) that needs them: `from tests.signatures.fixtures import
signing, signing_folder`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from engine.core import Planflow
from engine.discussion.attachments import FileStore, attach_file
from engine.discussion.signature_checks import check_pdf
from engine.models import Attachment, SigningKey, User
from engine.org.units import get_user
from engine.signatures.confirm import complete_with_secret
from engine.signatures.demo import DEMO_SECRET, set_up_demo_signing
from engine.signatures.documents import latest_copy
from engine.work.inbox import inbox

SIGNERS = ("chair.298", "vice_chair.298")
BODIES = ("298",)


@dataclass
class Signing:
    """Tứ Kỳ signs digitally: its chair, its vice chair and the committee hold demo keys (secret "planflow")."""

    planflow: Planflow
    folder: Path

    def act(self, user: str, name: str, data: dict, plan_id: int | None = None, secret: str | None = DEMO_SECRET,
            instance_id: int | None = None) -> None:
        """Complete the user's task of that name (for that plan or report instance) with the key's secret."""
        with self.planflow.unit_of_work() as ctx:
            tasks = [t for t in inbox(ctx.session, get_user(ctx.session, user)) if t["name"] == name
                     and plan_id in (None, t["plan_id"]) and instance_id in (None, t["process_instance_id"])]
        assert tasks, f"{user} has no task '{name}'"
        with self.planflow.unit_of_work() as ctx:
            complete_with_secret(ctx, get_user(ctx.session, user), tasks[0]["id"], data, secret)

    def hand_keys(self, usernames: tuple[str, ...], unit_codes: tuple[str, ...]) -> None:
        """Register demo keys for these signers and committees (made in the run's demo folder if new)."""
        with self.planflow.unit_of_work() as ctx:
            set_up_demo_signing(ctx, self.folder, usernames, unit_codes)

    def copy(self, subject: str, subject_id: int, stage: str) -> bytes:
        """The stored signed copy of a plan or a report at a stage ("signed", "issued")."""
        with self.planflow.unit_of_work() as ctx:
            found = latest_copy(ctx.session, subject, subject_id, stage)
            assert found is not None, f"{subject} #{subject_id} has no {stage} copy"
            return self.planflow.files.read(found[1])

    def attach(self, user: str, plan_id: int, name: str, content: bytes) -> dict:
        """Attach a file to a plan and return its version as the plan's page lists it (with its check)."""
        from engine.discussion.attachments import files
        from engine.discussion.comments import open_thread

        with self.planflow.unit_of_work() as ctx:
            person = get_user(ctx.session, user)
            attach_file(ctx, person, self.planflow.files, "plan", plan_id, name, content)
            listed = files(ctx.session, open_thread(ctx.session, person, "plan", plan_id))
        return next(entry["versions"][0] for entry in listed if entry["name"] == name)

    def retire_key(self, username: str) -> None:
        with self.planflow.unit_of_work() as ctx:
            user = ctx.session.scalars(select(User).where(User.username == username)).one()
            for key in ctx.session.scalars(select(SigningKey).where(SigningKey.user_id == user.id)):
                key.active = False

    def attachments(self) -> int:
        with self.planflow.unit_of_work() as ctx:
            return len(ctx.session.scalars(select(Attachment)).all())

    @staticmethod
    def check(content: bytes) -> tuple[str, str, list]:
        return check_pdf(content)


@pytest.fixture(scope="session")
def signing_folder(tmp_path_factory) -> Path:
    """The demo CA and the demo keys: made by the first test that needs them, reused by the others."""
    return tmp_path_factory.mktemp("signing")


@pytest.fixture
def signing_world(demo3, signing_folder, monkeypatch, tmp_path) -> Signing:
    """The demo CA trusted, a file store; no keys handed out yet (`Signing.hand_keys`)."""
    monkeypatch.setenv("PLANFLOW_SIGNING_DIR", str(signing_folder))  # the demo CA is the trusted root
    monkeypatch.delenv("PLANFLOW_TRUST_ROOTS", raising=False)
    demo3.files = FileStore(tmp_path / "files")
    return Signing(demo3, signing_folder)


@pytest.fixture
def signing(signing_world) -> Signing:
    """Tứ Kỳ (298) signs digitally: its chair, its vice chair and the committee hold keys."""
    signing_world.hand_keys(SIGNERS, BODIES)
    return signing_world
