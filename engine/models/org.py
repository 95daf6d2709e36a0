"""Organisation: administrative units with validity dates, users, and roles held at units."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engine.db import Base

LEVELS = ("central", "province", "district", "commune")


class Unit(Base):
    """An administrative unit (its People's Committee) or an agency inside one (the focal unit)."""

    __tablename__ = "units"
    __table_args__ = (UniqueConstraint("code", "valid_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(20))  # one of LEVELS, or "agency"
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    is_focal: Mapped[bool] = mapped_column(default=False)
    # For an agency: "specialised" (sở, phòng, ban, Văn phòng, Thanh tra), "service" (trung tâm, đài, báo),
    # "office" (a commune's công chức). Groups such as "các phòng, ban thuộc huyện" resolve by it.
    kind: Mapped[str | None] = mapped_column(String(20))
    abbreviation: Mapped[str | None] = mapped_column(String(20))  # "NV", "VP": archive lines and short names
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    successor_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))

    parent: Mapped[Unit | None] = relationship(remote_side=[id], foreign_keys=[parent_id])

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    @property
    def committee_name(self) -> str:
        """'Huyện Tứ Kỳ' → 'UBND huyện Tứ Kỳ'; agencies keep their own name."""
        if self.level == "agency" or self.level == "central":
            return self.name
        return "UBND " + self.name[:1].lower() + self.name[1:]


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(300))
    email: Mapped[str | None] = mapped_column(String(254))
    email_opt_in: Mapped[bool] = mapped_column(default=False)  # e-mail copies of new tasks and notices
    # Part of every session's and API token's stamp: raised on signing out and on a new password, it ends them all.
    session_epoch: Mapped[int] = mapped_column(default=0, server_default="0")

    roles: Mapped[list[RoleAssignment]] = relationship(back_populates="user", lazy="selectin")


class RoleAssignment(Base):
    """A user holds a role at a unit: chair at the committee, officer or head at one of its agencies."""

    __tablename__ = "role_assignments"
    # Notice recipients are looked up by unit and role (engine.org.units.role_holders; migration 0015).
    __table_args__ = (UniqueConstraint("user_id", "unit_id", "role"),
                      Index("ix_role_assignments_unit_role", "unit_id", "role"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    role: Mapped[str] = mapped_column(String(20))

    user: Mapped[User] = relationship(back_populates="roles")
    unit: Mapped[Unit] = relationship(lazy="joined")

    @property
    def committee_id(self) -> int:
        """The unit the role acts for as a whole.

        A role at a committee acts for it; a role at its FOCAL agency (Phòng Nội vụ, Sở Nội vụ) acts for the
        committee too, since the focal agency drafts the committee's plans and reports. A role at any other
        agency (Phòng Tư pháp, Thanh tra huyện) acts for that agency only: its officer must not draft the
        district's plan nor its head review it. engine/org/authority.py writes the same rule in SQL.
        """
        if self.unit.level == "agency" and self.unit.is_focal:
            assert self.unit.parent_id is not None  # every agency is created under its committee (engine/org/admin.py)
            return self.unit.parent_id
        return self.unit_id

    @property
    def acts_for(self) -> set[int]:
        """Units where this role may act: its own unit and, for the focal agency, its committee."""
        return {self.unit_id, self.committee_id}
