"""Plans (Kế hoạch) as documents, the outgoing register, and the recipients of an issued plan."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, ColumnElement, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, case
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engine.db import Base
from engine.deadline import Deadline
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
    # A plan issued in another system (a province's e-office, a Party committee) is recorded here so that its
    # children can be drafted against it: origin "external", with its number and symbol as it was given them.
    origin: Mapped[str] = mapped_column(String(20), default="planflow", server_default="planflow")
    symbol: Mapped[str | None] = mapped_column(String(40))  # "KH-UBND", "KH/BCSĐ"; None: "<doc_type>-UBND"
    number_style: Mapped[str | None] = mapped_column(String(10))  # "state" 09/KH-UBND, "party" 1043-KH/BCSĐ
    numbered_in: Mapped[str | None] = mapped_column(String(120))  # the register that gave the number, if not ours
    issuer_name: Mapped[str | None] = mapped_column(Text)  # as written, when the issuer is not a committee of ours
    archive_line: Mapped[str | None] = mapped_column(Text)  # "Lưu: VT, NV."; None: the office's usual one
    signature_heading: Mapped[str | None] = mapped_column(Text)  # "TM. ỦY BAN NHÂN DÂN"; "" for none

    unit: Mapped[Unit] = relationship(lazy="joined")

    @property
    def deadline(self) -> Deadline | None:
        """By when the plan must be issued (engine/deadline.py decides what that means for each page)."""
        return Deadline.written(self.due_date, self.due_inclusive) if self.due_date is not None else None

    @property
    def number_symbol(self) -> str | None:
        """'09/KH-UBND': two digits at least, as the register shows it; '1043-KH/BCSĐ' in the Party style."""
        if self.number is None:
            return None
        symbol = self.symbol or f"{self.doc_type}-UBND"
        if self.number_style == "party":
            return f"{self.number}-{symbol}"
        return f"{self.number:02d}/{symbol}"


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


class DocumentReference(Base):
    """A document a plan cites: a parent it implements or a legal basis, in planflow or only outside it.

    The citation is kept as written beside what was read from it; `referenced_plan_id` links a parent that is a
    plan in planflow (issued here or recorded as external).
    """

    __tablename__ = "document_references"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), index=True)
    relation: Mapped[str] = mapped_column(String(20))  # "parent" | "legal_basis"
    position: Mapped[int] = mapped_column(Integer, default=0)
    citation: Mapped[str] = mapped_column(Text)
    doc_type: Mapped[str | None] = mapped_column(String(60))
    number: Mapped[int | None] = mapped_column(Integer)
    symbol: Mapped[str | None] = mapped_column(String(60))
    number_symbol: Mapped[str | None] = mapped_column(String(80), index=True)
    number_style: Mapped[str | None] = mapped_column(String(10))
    issued_on: Mapped[date | None] = mapped_column(Date)
    issuer: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    referenced_plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id"), index=True)


class IncomingCounter(Base):
    """The last number of a body's incoming register (sổ văn bản đến) for a year; its row is the lock."""

    __tablename__ = "incoming_counters"

    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class IncomingEntry(Base):
    """A line of the incoming register: số đến and ngày đến, one sequence per body per year, for a document
    that arrived from planflow (a recipient line) or from outside (a recorded external plan)."""

    __tablename__ = "incoming_entries"

    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    received_on: Mapped[date] = mapped_column(Date)
    received_at: Mapped[datetime] = mapped_column(DateTime)
    received_by: Mapped[str] = mapped_column(String(80))
    sender: Mapped[str | None] = mapped_column(Text)
    doc_type: Mapped[str | None] = mapped_column(String(60))
    number_symbol: Mapped[str | None] = mapped_column(String(80))
    issued_on: Mapped[date | None] = mapped_column(Date)
    title: Mapped[str | None] = mapped_column(Text)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id"), index=True)
    recipient_id: Mapped[int | None] = mapped_column(ForeignKey("recipients.id"))


class Assignment(Base):
    """One line of "Tổ chức thực hiện": who (as written), lead or support, what they must do, on what condition.

    What the assignee owes (a sub-plan, periodic reports, reports on request, a deliverable by a date) are the
    reporting requirements that point at it; the units it resolved to are its AssignmentUnit rows.
    """

    __tablename__ = "assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    line: Mapped[str] = mapped_column(Text)  # "Phòng Tư pháp", "Các phòng, ban thuộc huyện và UBND các xã, thị trấn"
    lead: Mapped[bool] = mapped_column(default=False)  # chủ trì (the focal point) or phối hợp
    responsibilities: Mapped[list] = mapped_column(JSON, default=list)  # as written, one item each
    condition: Mapped[str | None] = mapped_column(Text)  # "đối với địa phương chưa phân công ..."
    signer: Mapped[str] = mapped_column(String(20), default="own")  # "own" head, or "committee" leader signs

    units: Mapped[list[AssignmentUnit]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="AssignmentUnit.id")


class AssignmentUnit(Base):
    """A unit an assignment reaches; with a condition, only the units an officer marked owe anything."""

    __tablename__ = "assignment_units"
    __table_args__ = (UniqueConstraint("assignment_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    applies: Mapped[bool] = mapped_column(default=True)

    unit: Mapped[Unit] = relationship(lazy="joined")
