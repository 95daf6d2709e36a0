"""Plans (Kế hoạch) as documents, the outgoing register, and the recipients of an issued plan."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, ColumnElement, Date, DateTime, ForeignKey, Integer, String, Text, case
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engine.db import Base
from engine.models.org import Unit


class PlanStatus(StrEnum):
    RECEIVED = "received"  # a sub-plan obligation waiting for the clerk to register the parent plan
    DRAFTING = "drafting"
    IN_REVIEW = "in_review"
    AWAITING_SIGNATURE = "awaiting_signature"
    APPROVED = "approved"
    ISSUED = "issued"
    CLOSED = "closed"
    TERMINATED = "terminated"  # an administrator ended its lifecycle before issue (a plan started by mistake)


STATUS_LABELS = {
    PlanStatus.RECEIVED: "Chờ tiếp nhận", PlanStatus.DRAFTING: "Đang soạn thảo",
    PlanStatus.IN_REVIEW: "Đang thẩm định", PlanStatus.AWAITING_SIGNATURE: "Chờ ký",
    PlanStatus.APPROVED: "Đã ký, chờ ban hành", PlanStatus.ISSUED: "Đã ban hành", PlanStatus.CLOSED: "Đã đóng",
    PlanStatus.TERMINATED: "Đã chấm dứt",
}


class Urgency(StrEnum):
    """The urgency of a document (độ khẩn, Nghị định 30/2020): least urgent first, so that order ranks them."""

    NORMAL = "thuong"
    URGENT = "khan"
    VERY_URGENT = "thuong_khan"
    FLASH = "hoa_toc"

    @property
    def rank(self) -> int:
        return list(Urgency).index(self)


URGENCY_LABELS = {
    Urgency.NORMAL: "thường", Urgency.URGENT: "khẩn", Urgency.VERY_URGENT: "thượng khẩn", Urgency.FLASH: "hỏa tốc",
}


def urgency_rank(column: ColumnElement[str]) -> ColumnElement[int]:
    """A query's ordering key for an urgency column: hỏa tốc highest, thường (or none) 0."""
    return case({u.value: u.rank for u in Urgency}, value=column, else_=0)


class Plan(Base):
    __tablename__ = "plans"
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(30), default=PlanStatus.DRAFTING)
    title: Mapped[str | None] = mapped_column(Text)
    content: Mapped[dict] = mapped_column(JSON, default=dict)
    doc_type: Mapped[str] = mapped_column(String(10), default="KH")
    number: Mapped[int | None] = mapped_column(Integer)  # from the issuing body's register
    issued_date: Mapped[date | None] = mapped_column(Date)
    due_date: Mapped[date | None] = mapped_column(Date)  # by when this plan must be issued
    due_inclusive: Mapped[bool] = mapped_column(default=False)  # "trước ngày X" excludes X
    subplan_due: Mapped[date | None] = mapped_column(Date)  # written in this plan for its children
    signer_name: Mapped[str | None] = mapped_column(String(200))
    signer_role: Mapped[str | None] = mapped_column(String(20))
    urgency: Mapped[str] = mapped_column(String(20), default=Urgency.NORMAL)  # child plans inherit it
    created_at: Mapped[datetime] = mapped_column(DateTime)

    unit: Mapped[Unit] = relationship(lazy="joined")

    @property
    def number_symbol(self) -> str | None:
        """'09/KH-UBND': two digits at least, as the register shows it."""
        if self.number is None:
            return None
        return f"{self.number:02d}/{self.doc_type}-UBND"


class RegisterCounter(Base):
    """The last number of an issuing body's outgoing register for a year; its row is the lock."""

    __tablename__ = "register_counters"

    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class RegisterEntry(Base):
    """A line of the outgoing register (sổ văn bản đi): numbers restart at 01 on 1 January and are
    shared by every document type of the issuing body; the key makes a duplicate impossible."""

    __tablename__ = "register_entries"

    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    doc_type: Mapped[str] = mapped_column(String(10))
    issued_date: Mapped[date] = mapped_column(Date)
    title: Mapped[str | None] = mapped_column(Text)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id"))


class Recipient(Base):
    """One unit reached by a recipient line of an issued plan (or the bare line if it names none)."""

    __tablename__ = "recipients"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), index=True)
    line: Mapped[str] = mapped_column(Text)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    implements: Mapped[bool] = mapped_column(default=False)
    child_plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id"))
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime)
    acknowledged_by: Mapped[str | None] = mapped_column(String(80))

    unit: Mapped[Unit | None] = relationship(lazy="joined")
