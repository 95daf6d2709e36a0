"""Reporting: what a plan requires its units to report, the obligations that follow, scoring schemes."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engine.db import Base
from engine.deadline import Deadline
from engine.models.org import Unit
from engine.models.plan import Urgency


class ReportKind(StrEnum):
    SIX_MONTH = "six_month"
    ANNUAL = "annual"
    SUB_PLAN = "sub_plan"
    DAN_VAN_KHEO = "dan_van_kheo"
    SCORING = "scoring"
    SUMMARY = "summary"  # the unit's own consolidated report to its superior
    AD_HOC = "ad_hoc"  # on request ("khi có yêu cầu"): owed once the receiver sends a request
    QUARTERLY = "quarterly"
    MONTHLY = "monthly"
    DELIVERABLE = "deliverable"  # a document or result by a date ("gửi về Phòng Nội vụ trước ngày 25/3")


KIND_LABELS = {
    ReportKind.SIX_MONTH: "Báo cáo sơ kết 6 tháng", ReportKind.ANNUAL: "Báo cáo tổng kết năm",
    ReportKind.SUB_PLAN: "Kế hoạch của cấp dưới", ReportKind.DAN_VAN_KHEO: "Đăng ký mô hình \"Dân vận khéo\"",
    ReportKind.SCORING: "Kết quả tự chấm điểm, xếp loại", ReportKind.SUMMARY: "Báo cáo tổng hợp gửi cấp trên",
    ReportKind.AD_HOC: "Báo cáo khi có yêu cầu", ReportKind.QUARTERLY: "Báo cáo quý",
    ReportKind.MONTHLY: "Báo cáo tháng", ReportKind.DELIVERABLE: "Sản phẩm, văn bản theo hạn",
}


class ObligationStatus(StrEnum):
    SCHEDULED = "scheduled"
    OPEN = "open"
    DRAFTING = "drafting"
    IN_REVIEW = "in_review"
    AWAITING_SIGNATURE = "awaiting_signature"
    AWAITING_SUBMISSION = "awaiting_submission"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    ACCEPTED = "accepted"
    CONSOLIDATED = "consolidated"
    CANCELLED = "cancelled"


OBLIGATION_LABELS = {
    ObligationStatus.SCHEDULED: "Chưa đến kỳ", ObligationStatus.OPEN: "Đã mở kỳ báo cáo",
    ObligationStatus.DRAFTING: "Đang soạn báo cáo", ObligationStatus.IN_REVIEW: "Đang thẩm định",
    ObligationStatus.AWAITING_SIGNATURE: "Chờ ký", ObligationStatus.AWAITING_SUBMISSION: "Chờ vào sổ, gửi",
    ObligationStatus.SUBMITTED: "Đã gửi, chờ tiếp nhận", ObligationStatus.RETURNED: "Bị trả lại",
    ObligationStatus.ACCEPTED: "Đã tiếp nhận", ObligationStatus.CONSOLIDATED: "Đã tổng hợp",
    ObligationStatus.CANCELLED: "Đã hủy",
}
# A report counts as "in" for the receiver once submitted, unless the receiver returned it.
RECEIVED = {ObligationStatus.SUBMITTED, ObligationStatus.ACCEPTED, ObligationStatus.CONSOLIDATED}
CLOSED_OBLIGATIONS = (RECEIVED - {ObligationStatus.SUBMITTED}) | {ObligationStatus.CANCELLED}


class ReportingRequirement(Base):
    """One reporting duty written in a plan: who reports what, to whom, via which focal unit, by when."""

    __tablename__ = "reporting_requirements"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), index=True)
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignments.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    reporters: Mapped[str] = mapped_column(Text)  # as written: "UBND các xã, thị trấn"
    description: Mapped[str | None] = mapped_column(Text)  # what is owed, as written (a deliverable's sentence)
    to_superior: Mapped[bool] = mapped_column(default=False)  # the plan's own unit reports up
    via: Mapped[str | None] = mapped_column(Text)  # as written: "qua Phòng Nội vụ"
    due_text: Mapped[str] = mapped_column(Text)  # as written: "trước ngày 30/5", "khi có yêu cầu"
    due_date: Mapped[date] = mapped_column(Date)  # on request: the last day a request may be sent (31/12)
    due_inclusive: Mapped[bool] = mapped_column(default=False)
    on_request: Mapped[bool] = mapped_column(default=False)
    recurrence: Mapped[str | None] = mapped_column(String(20))  # "quarterly", "monthly": one obligation a period
    condition: Mapped[str | None] = mapped_column(Text)  # as written; only the units an officer marked owe it
    cutoff_from: Mapped[date | None] = mapped_column(Date)
    cutoff_to: Mapped[date | None] = mapped_column(Date)
    cutoff_source: Mapped[str | None] = mapped_column(String(20))  # "nd09", "derived" from the deadline, "written"
    # A request for a report owed "khi có yêu cầu" is a dated requirement of its own, pointing at the standing
    # one: its obligations are tracked like any other (a recurring report's periods are requirements too).
    request_of_id: Mapped[int | None] = mapped_column(ForeignKey("reporting_requirements.id"), index=True)
    requested_by: Mapped[str | None] = mapped_column(String(80))
    requested_at: Mapped[datetime | None] = mapped_column(DateTime)
    open_days: Mapped[int] = mapped_column(Integer, default=15)
    warning: Mapped[str | None] = mapped_column(Text)


class Obligation(Base):
    """One unit's report for one period; overdue and late are derived from the dates, never stored."""

    __tablename__ = "obligations"
    __table_args__ = (UniqueConstraint("requirement_id", "reporting_unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    requirement_id: Mapped[int] = mapped_column(ForeignKey("reporting_requirements.id"), index=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    year: Mapped[int] = mapped_column(Integer)
    reporting_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    receiving_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    due_date: Mapped[date] = mapped_column(Date)
    due_inclusive: Mapped[bool] = mapped_column(default=False)
    opens_on: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(30), default=ObligationStatus.SCHEDULED, index=True)
    instance_id: Mapped[int | None] = mapped_column(ForeignKey("process_instances.id"), index=True)
    content: Mapped[dict] = mapped_column(JSON, default=dict)  # narrative sections and indicators
    number: Mapped[int | None] = mapped_column(Integer)  # BC number from the reporting body's register
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)  # first submission
    resubmitted_at: Mapped[datetime | None] = mapped_column(DateTime)  # the last, after a return: lateness uses it
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime)
    return_count: Mapped[int] = mapped_column(Integer, default=0)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    urgency: Mapped[str] = mapped_column(String(20), default=Urgency.NORMAL)  # the plan's, unless set
    created_at: Mapped[datetime] = mapped_column(DateTime)

    reporting_unit: Mapped[Unit] = relationship(lazy="joined", foreign_keys=[reporting_unit_id])
    receiving_unit: Mapped[Unit] = relationship(lazy="joined", foreign_keys=[receiving_unit_id])
    # Loaded with the report: its phrase is how every page writes the deadline (engine/deadline.py label).
    requirement: Mapped[ReportingRequirement] = relationship(lazy="joined", innerjoin=True,
                                                             foreign_keys=[requirement_id])

    @property
    def deadline(self) -> Deadline:
        """The report's deadline, with the phrase its requirement wrote ("hằng quý" for each quarter's report):
        engine/deadline.py decides what is due soon, overdue or late."""
        phrase = self.requirement.due_text if self.requirement is not None else None  # None before its first flush
        return Deadline.written(self.due_date, self.due_inclusive, phrase)

    @property
    def number_symbol(self) -> str | None:
        return f"{self.number:02d}/BC-UBND" if self.number is not None else None


class ScoringScheme(Base):
    """A province's scoring criteria and the DMN decision that classifies a total."""

    __tablename__ = "scoring_schemes"

    id: Mapped[int] = mapped_column(primary_key=True)
    province_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    criteria: Mapped[list] = mapped_column(JSON)  # [{code, name, max_points, superior_points}]
    decision_id: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(80))
