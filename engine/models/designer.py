"""What the process designer keeps besides deployed versions: one unfinished draft per definition."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from engine.db import Base


class DefinitionDraft(Base):
    """A BPMN or DMN file saved from the modeler but not deployed; shared by the designers, not validated."""

    __tablename__ = "definition_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    main_id: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(10))  # bpmn | dmn
    source: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)  # byte for byte as the modeler sent it
    saved_by: Mapped[str] = mapped_column(String(80))
    saved_at: Mapped[datetime] = mapped_column(DateTime)
