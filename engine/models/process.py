"""Deployed definitions, process instances and their queryable projections."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column

from engine.db import Base


class Definition(Base):
    """One deployed version of a BPMN or DMN file; kept forever (running instances use it)."""

    __tablename__ = "definitions"
    __table_args__ = (UniqueConstraint("main_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    main_id: Mapped[str] = mapped_column(String(120), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # bpmn | dmn
    version: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(200))
    source: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)  # read only to parse a version once
    deployed_by: Mapped[str] = mapped_column(String(80))
    deployed_at: Mapped[datetime] = mapped_column(DateTime)


class ProcessInstance(Base):
    """A running or finished workflow: the serialized SpiffWorkflow state without its spec."""

    __tablename__ = "process_instances"

    id: Mapped[int] = mapped_column(primary_key=True)
    definition_id: Mapped[int] = mapped_column(ForeignKey("definitions.id"))
    process_id: Mapped[str] = mapped_column(String(120))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="running")
    state: Mapped[str] = mapped_column(Text)
    timers: Mapped[list] = mapped_column(JSON, default=list)  # [name, due] of the rows in `timers`: saves a read
    started_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    row_version: Mapped[int] = mapped_column(Integer, default=1)
    # An open incident: see engine/processes/repairs.py.
    has_incident: Mapped[bool] = mapped_column(Boolean, default=False)

    __mapper_args__ = {"version_id_col": row_version}


class HumanTask(Base):
    """A READY user task, projected for inboxes: who may act on it is lane roles at the unit."""

    __tablename__ = "human_tasks"
    # An instance's open tasks are found by (instance, status), not among every task of its history (migration 0018).
    __table_args__ = (Index("ix_human_tasks_inbox", "unit_id", "status"),
                      Index("ix_human_tasks_instance_status", "instance_id", "status"))

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # SpiffWorkflow task UUID
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instances.id"))
    bpmn_id: Mapped[str] = mapped_column(String(120))
    name: Mapped[str] = mapped_column(String(300))
    lane: Mapped[str | None] = mapped_column(String(120))
    roles: Mapped[str] = mapped_column(String(120))  # comma-separated role codes
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id"))
    due: Mapped[date | None] = mapped_column(Date)  # the day its deadline names (engine/deadline.py)
    due_inclusive: Mapped[bool] = mapped_column(default=True, server_default=true())  # "trước ngày X": False
    due_text: Mapped[str | None] = mapped_column(Text)  # the deadline's phrase as written, if it has one
    form: Mapped[dict] = mapped_column(JSON)
    instructions: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="ready")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    completed_by: Mapped[str | None] = mapped_column(String(80))
    completed_at: Mapped[datetime | None] = mapped_column(DateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(80))  # the one user who holds it (engine/work/claims.py)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime)


class TaskDraft(Base):
    """A user's saved, not yet submitted form of an open task; dropped when the task is completed."""

    __tablename__ = "task_drafts"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    task_id: Mapped[str] = mapped_column(ForeignKey("human_tasks.id"), primary_key=True, index=True)
    data: Mapped[dict] = mapped_column(JSON)
    saved_at: Mapped[datetime] = mapped_column(DateTime)


class Timer(Base):
    """A waiting timer of an instance with its absolute due time (SpiffWorkflow has no scheduler)."""

    __tablename__ = "timers"

    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instances.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    due_at: Mapped[datetime] = mapped_column(DateTime, index=True)


class Message(Base):
    """The outbox: messages between instances, routed by the host and kept after delivery."""

    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    payload: Mapped[dict] = mapped_column(JSON)
    source_instance_id: Mapped[int | None] = mapped_column(ForeignKey("process_instances.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)


class AuditEntry(Base):
    """Append-only record of who did what, when, with what comment."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(60))
    instance_id: Mapped[int | None] = mapped_column(ForeignKey("process_instances.id"), index=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id"), index=True)
    task_name: Mapped[str | None] = mapped_column(String(300))
    comment: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict] = mapped_column(JSON, default=dict)


# What the audit trail's actions and the decisions of approve/return forms read as in a history.
ACTION_LABELS = {
    "start": "Bắt đầu quy trình", "complete": "Hoàn thành bước", "sign": "Ký", "issue": "Vào sổ, ban hành",
    "distribute": "Gửi đến nơi nhận", "acknowledge": "Xác nhận đã nhận", "open_report": "Mở kỳ báo cáo",
    "save_report": "Lưu nội dung báo cáo", "submit_report": "Vào sổ, gửi báo cáo", "report_accept": "Tiếp nhận báo cáo",
    "report_return": "Trả lại báo cáo", "reminder": "Nhắc hạn", "overdue": "Thông báo quá hạn",
    "escalation": "Báo cáo lãnh đạo việc quá hạn", "returned": "Thông báo bị trả lại", "classify": "Xếp loại",
    "cancel": "Dừng quy trình", "cancel_report": "Hủy nghĩa vụ báo cáo",
    "set_urgency": "Đổi độ khẩn",
    "deploy": "Triển khai phiên bản quy trình", "migrate": "Chuyển sang phiên bản quy trình mới",
    "comment": "Bình luận", "attach": "Đính kèm tệp",
    "claim": "Nhận xử lý", "release": "Trả nhiệm vụ về nhóm", "assign": "Giao nhiệm vụ cho người khác",
    "delegate": "Ủy quyền", "cancel_delegation": "Hủy ủy quyền",
    "incident_retry": "Thử lại sau sự cố", "suspend": "Tạm dừng quy trình", "resume": "Tiếp tục quy trình",
    "terminate": "Chấm dứt quy trình", "move": "Đưa quy trình về bước trước",
    "set_email": "Cập nhật thư điện tử nhận thông báo",
    "prune_files": "Xóa tệp thừa khỏi kho tệp",
}
DECISION_LABELS = {"approve": "Đồng ý", "return": "Trả lại", "accept": "Tiếp nhận"}


class Notification(Base):
    """A reminder, overdue notice or escalation addressed to one user."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id"))
    obligation_id: Mapped[int | None] = mapped_column(ForeignKey("obligations.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    read_at: Mapped[datetime | None] = mapped_column(DateTime)
