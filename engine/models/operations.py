"""Delegations: a role lent by its holder to a colleague at the same unit for a date range."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engine.db import Base
from engine.models.org import Unit, User


class Delegation(Base):
    """The delegate acts with the delegator's role at the committee from `starts_on` to `ends_on` inclusive."""

    __tablename__ = "delegations"
    __table_args__ = (Index("ix_delegations_delegate", "delegate_id", "starts_on", "ends_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    delegator_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    delegate_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))  # the committee whose tasks the role acts on
    role: Mapped[str] = mapped_column(String(20))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    cancelled_by: Mapped[str | None] = mapped_column(String(80))
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime)

    delegator: Mapped[User] = relationship(foreign_keys=[delegator_id], lazy="joined")
    delegate: Mapped[User] = relationship(foreign_keys=[delegate_id], lazy="joined")
    unit: Mapped[Unit] = relationship(lazy="joined")

    def in_force_on(self, day: date) -> bool:
        return self.cancelled_at is None and self.starts_on <= day <= self.ends_on
