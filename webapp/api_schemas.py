"""The JSON API's marshmallow schemas: what a request may carry (refused field by field, in Vietnamese)
and the shape of every answer, from which the OpenAPI document is built."""

from __future__ import annotations

from datetime import date

from marshmallow import INCLUDE, RAISE, Schema, fields, validate

from engine.deadline import DUE_SOON_WORKING_DAYS
from engine.models import LEVELS, PlanStatus, ReportKind
from engine.models.plan import Urgency
from engine.text import CONTROL_CHARACTERS, nfc

# Marshmallow's own messages are English; every field a request carries uses these instead.
FIELD_MESSAGES = {"required": "Cần nhập trường này.", "null": "Trường này không được để trống (null).",
                  "validator_failed": "Giá trị không hợp lệ."}


class Chars(fields.String):
    """A string as sent; a NUL (no database stores it) or another control character is refused (engine.text)."""

    default_error_messages = {**FIELD_MESSAGES, "invalid": "Cần một chuỗi ký tự.",
                              "invalid_utf8": "Chuỗi ký tự không phải UTF-8 hợp lệ.",
                              "nul": "Chuỗi ký tự không được chứa ký tự NUL.",
                              "control": "Chuỗi ký tự không được chứa ký tự điều khiển (U+{code})."}

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if "\x00" in text:
            raise self.make_error("nul")
        found = CONTROL_CHARACTERS.search(text)
        if found is not None:
            raise self.make_error("control", code=f"{ord(found.group()):04X}")
        return text


class Text(Chars):
    """A string trimmed and NFC-normalised, as every Vietnamese text entering the system."""

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        return nfc(super()._deserialize(value, attr, data, **kwargs).strip())


class Whole(fields.Integer):
    default_error_messages = {**FIELD_MESSAGES, "invalid": "Cần một số nguyên."}


class Day(fields.Date):
    default_error_messages = {**FIELD_MESSAGES, "invalid": "Cần một ngày dạng YYYY-MM-DD.",
                              "format": "Không viết được ngày {input}."}


def length(low: int, high: int) -> validate.Length:
    return validate.Length(min=low, max=high, error="Cần từ {min} đến {max} ký tự.")


def one_of(choices) -> validate.OneOf:
    return validate.OneOf([str(c) for c in choices], error="Phải là một trong: {choices}.")


def urgency_field(**kwargs) -> Text:
    return Text(validate=one_of(Urgency), metadata={"description": "Độ khẩn: thuong (thường), khan (khẩn), "
                                                    "thuong_khan (thượng khẩn), hoa_toc (hỏa tốc)"}, **kwargs)


def between(low, high) -> validate.Range:
    return validate.Range(min=low, max=high, error="Phải từ {min} đến {max}.")


class Request(Schema):
    """A request's fields; any other field is refused by name, so a typo never passes silently."""

    error_messages = {"type": "Dữ liệu gửi lên phải là một đối tượng JSON.",
                      "unknown": "Trường này không được hỗ trợ; hãy bỏ nó đi."}

    class Meta:
        unknown = RAISE


# --- requests -----------------------------------------------------------------------------------


class TokenRequest(Request):
    username = Text(required=True, validate=length(1, 150))
    password = Chars(required=True, validate=length(1, 200))


class PlanStart(Request):
    unit = Text(required=True, validate=length(1, 20), metadata={"description": "Mã đơn vị, ví dụ 298"})
    title = Text(validate=length(5, 500), metadata={"description": "Trích yếu (có thể soạn sau)"})
    due = Day(validate=between(date(2000, 1, 1), date(2100, 12, 31)),
              metadata={"description": "Hạn ban hành; mặc định 30 ngày kể từ hôm nay"})
    urgency = urgency_field()


class ReportUrgency(Request):
    urgency = urgency_field(required=True)


class TaskData(Request):
    """The task's form data: checked against the task's own JSON Schema (`form`) when it is completed."""

    class Meta:
        unknown = INCLUDE


class PlanQuery(Request):
    q = Text(validate=length(1, 200), metadata={"description": "Trích yếu, tên hoặc mã đơn vị, số kế hoạch"})
    status = Text(validate=one_of(PlanStatus))
    level = Text(validate=one_of(LEVELS))
    year = Whole(validate=between(2000, 2100))
    urgency = urgency_field()
    page = Whole(validate=between(1, 100_000))


class ComplianceQuery(Request):
    unit = Text(required=True, validate=length(1, 20), metadata={"description": "Mã đơn vị tổng hợp"})
    year = Whole(validate=between(2000, 2100), metadata={"description": "Mặc định: năm nay"})
    kind = Text(load_default=str(ReportKind.SIX_MONTH), validate=one_of(ReportKind))


# --- answers --------------------------------------------------------------------------------------


def iso_day(**kwargs) -> fields.String:
    """A date the engine's views already give as ISO text."""
    return fields.String(allow_none=True, metadata={"format": "date"}, **kwargs)


# How every deadline is told (engine/deadline.py): the words as written, and how near it is.
DUE_TEXT = "Hạn như văn bản ghi: 'trước ngày 25/05/2025' (không kể ngày 25/5), 'chậm nhất ngày 25/05/2025' (kể cả)"
DUE_STATE = (f"on_time, due_soon (còn ≤ {DUE_SOON_WORKING_DAYS} ngày làm việc), due_today (hôm nay là hạn cuối), "
             "overdue; null: không còn phải làm")
LAST_DAY = "Ngày cuối cùng còn trong hạn"


def due_text_field() -> fields.String:
    return fields.String(allow_none=True, metadata={"description": DUE_TEXT})


def due_state_field() -> fields.String:
    return fields.String(allow_none=True, metadata={"description": DUE_STATE})


def last_day_field() -> fields.String:
    return fields.String(allow_none=True, metadata={"format": "date", "description": LAST_DAY})


def iso_moment(**kwargs) -> fields.String:
    return fields.String(allow_none=True, metadata={"format": "date-time"}, **kwargs)


class Problem(Schema):
    """An error (RFC 9457): `detail` says what went wrong and what to do; `errors` names the fields."""

    type = fields.String()
    title = fields.String()
    status = fields.Integer()
    detail = fields.String()
    errors = fields.Dict(keys=fields.String(), values=fields.String())


class Token(Schema):
    token = fields.String(metadata={"description": "Gửi kèm mọi yêu cầu: Authorization: Bearer <token>"})
    expires_at = fields.DateTime()


class Task(Schema):
    id = fields.String(metadata={"format": "uuid"})
    name = fields.String()
    process_instance_id = fields.Integer()
    plan_id = fields.Integer(allow_none=True)
    unit = fields.String()
    unit_name = fields.String()
    due = fields.String(allow_none=True, metadata={"format": "date", "description": "Ngày hạn nêu (xem due_text)"})
    due_text = due_text_field()
    due_last_day = last_day_field()
    due_state = due_state_field()
    roles = fields.List(fields.String())
    instructions = fields.String(allow_none=True)
    kind = fields.String(metadata={"description": "plan, report, receipt, other"})
    plan_title = fields.String(allow_none=True)
    plan_status = fields.String(allow_none=True)
    urgency = fields.String(metadata={"description": "thuong, khan, thuong_khan, hoa_toc: việc khẩn xếp trước"})
    claimed_by = fields.String(allow_none=True, metadata={"description": "Người đang nhận xử lý (tên đăng nhập)"})
    claimed_by_name = fields.String(allow_none=True)


class TaskDetail(Task):
    form = fields.Dict(metadata={"description": "JSON Schema của dữ liệu nhiệm vụ nhận"})


class TaskList(Schema):
    tasks = fields.List(fields.Nested(Task))


class Completion(Schema):
    task_id = fields.String(metadata={"format": "uuid"})
    plan_id = fields.Integer(allow_none=True)
    process_instance_id = fields.Integer()
    process_status = fields.String(metadata={"description": "running, completed"})


class PlanRow(Schema):
    id = fields.Integer()
    unit = fields.String()
    unit_name = fields.String()
    level = fields.String()
    title = fields.String(allow_none=True)
    status = fields.String()
    number = fields.String(allow_none=True)
    year = fields.Integer()
    due_date = fields.Date(allow_none=True)
    due_text = due_text_field()
    due_state = due_state_field()
    issued_date = fields.Date(allow_none=True)
    parent_id = fields.Integer(allow_none=True)
    late = fields.Boolean()
    urgency = fields.String()


class PlanNode(PlanRow):
    """A plan of the cascade with the plans beneath it that the user may see."""

    children = fields.List(fields.Nested(lambda: PlanNode()))


class PlanList(Schema):
    plans = fields.List(fields.Nested(PlanRow))
    total = fields.Integer()
    page = fields.Integer()
    page_size = fields.Integer()


class Recipient(Schema):
    line = fields.String()
    unit = fields.String(allow_none=True)
    unit_name = fields.String(allow_none=True)
    implements = fields.Boolean()
    child_plan_id = fields.Integer(allow_none=True)
    acknowledged_at = iso_moment()
    acknowledged_by = fields.String(allow_none=True)


class AuditEntry(Schema):
    at = iso_moment()
    actor = fields.String()
    action = fields.String()
    task = fields.String(allow_none=True)
    comment = fields.String(allow_none=True)
    details = fields.Dict()


class ComplianceRow(Schema):
    """One reporting unit's report for the period, with its standing derived from the dates."""

    obligation_id = fields.Integer()
    unit = fields.String()
    unit_name = fields.String()
    kind = fields.String()
    status = fields.String()
    status_label = fields.String()
    standing = fields.String(metadata={"description": "on_time, late, missing, returned, pending, cancelled"})
    standing_label = fields.String()
    due = iso_day()
    due_text = due_text_field()
    due_state = due_state_field()
    last_day = last_day_field()
    submitted_at = iso_moment()
    number = fields.String(allow_none=True)
    returns = fields.Integer()
    indicators = fields.Dict(keys=fields.String())
    narrative = fields.Dict(keys=fields.String(), values=fields.String())
    cancel_reason = fields.String(allow_none=True)


class Obligation(ComplianceRow):
    id = fields.Integer()
    plan_id = fields.Integer(allow_none=True)
    year = fields.Integer()
    kind_label = fields.String()
    receiver = fields.String()
    receiver_name = fields.String()
    opens_on = iso_day()
    instance_id = fields.Integer(allow_none=True)
    urgency = fields.String()
    total = fields.Float(allow_none=True)
    classification = fields.String(allow_none=True)


class Suspension(Schema):
    reason = fields.String(metadata={"description": "Lý do quản trị viên tạm dừng quy trình"})
    at = fields.String(metadata={"description": "Ngày tạm dừng (ISO)"})
    by = fields.String()


class PlanDetail(Schema):
    id = fields.Integer()
    unit = fields.String()
    unit_name = fields.String()
    year = fields.Integer()
    status = fields.String()
    title = fields.String(allow_none=True)
    number = fields.String(allow_none=True)
    urgency = fields.String()
    issued_date = iso_day()
    due_date = iso_day()
    due_inclusive = fields.Boolean()
    due_text = due_text_field()
    due_state = due_state_field()
    subplan_due = iso_day()
    parent_id = fields.Integer(allow_none=True)
    late = fields.Boolean()
    suspension = fields.Nested(Suspension, allow_none=True,
                               metadata={"description": "Có khi quy trình của kế hoạch đang tạm dừng"})
    summary = fields.String(allow_none=True)
    signature = fields.List(fields.String())
    recipients = fields.List(fields.Nested(Recipient))
    tree = fields.List(fields.Nested(PlanNode), metadata={"description": "Kế hoạch cấp dưới trong phạm vi của bạn"})
    obligations = fields.List(fields.Nested(Obligation))
    audit = fields.List(fields.Nested(AuditEntry))


class Compliance(Schema):
    unit = fields.String()
    unit_name = fields.String()
    year = fields.Integer()
    kind = fields.String()
    rows = fields.List(fields.Nested(ComplianceRow))
    indicators = fields.Dict(keys=fields.String(), values=fields.Integer())
    counts = fields.Dict(keys=fields.String(), values=fields.Integer())
    late_units = fields.List(fields.String())
    missing_units = fields.List(fields.String())
    own_report = fields.Nested(Obligation, allow_none=True)


# --- e-mail notices -------------------------------------------------------------------------------


class Flag(fields.Boolean):
    default_error_messages = {**FIELD_MESSAGES, "invalid": "Cần true hoặc false."}


class MailPreferencesUpdate(Request):
    email = Text(required=True, validate=length(0, 254),
                 metadata={"description": "Địa chỉ nhận thư; chuỗi rỗng để xóa"})
    email_opt_in = Flag(required=True, metadata={"description": "Nhận thư khi có nhiệm vụ mới, nhắc hạn, quá hạn, "
                                                                "bị trả lại"})


class MailPreferences(Schema):
    username = fields.String()
    full_name = fields.String()
    email = fields.String(allow_none=True)
    email_opt_in = fields.Boolean()


# --- comments and attached files ------------------------------------------------------------------


class CommentPost(Request):
    text = Text(required=True, metadata={"description": "Nội dung bình luận, 1–5000 ký tự"})


class Comment(Schema):
    id = fields.Integer()
    author = fields.String()
    author_name = fields.String()
    text = fields.String()
    created_at = fields.String(metadata={"description": "Thời điểm gửi (giờ Việt Nam, ISO 8601)"})
    task_id = fields.String(allow_none=True)
    task_name = fields.String(allow_none=True, metadata={"description": "Bước quy trình nơi bình luận được gửi"})


class CommentList(Schema):
    comments = fields.List(fields.Nested(Comment))


class FileVersion(Schema):
    id = fields.Integer(metadata={"description": "Tải về qua GET /files/{id}"})
    name = fields.String()
    version = fields.Integer()
    content_type = fields.String()
    size = fields.Integer(metadata={"description": "Số byte"})
    checksum = fields.String(metadata={"description": "SHA-256 (hex)"})
    uploaded_by = fields.String()
    uploaded_at = fields.String()
    task_name = fields.String(allow_none=True)


class AttachedFile(Schema):
    name = fields.String()
    versions = fields.List(fields.Nested(FileVersion), metadata={"description": "Mới nhất trước"})


class FileList(Schema):
    files = fields.List(fields.Nested(AttachedFile))


# --- claiming tasks and delegations ----------------------------------------------------------------


class Assignment(Request):
    username = Text(required=True, validate=length(1, 80), metadata={"description": "Người nhận nhiệm vụ"})


class Holder(Schema):
    task_id = fields.String(metadata={"format": "uuid"})
    claimed_by = fields.String(allow_none=True, metadata={"description": "null: nhiệm vụ đã trả về nhóm"})
    claimed_by_name = fields.String(allow_none=True)


class DelegationCreate(Request):
    delegate = Text(required=True, validate=length(1, 80), metadata={"description": "Người được ủy quyền"})
    role = Text(required=True, validate=one_of(("chair", "head")),
                metadata={"description": "chair: cho Phó Chủ tịch cùng UBND; head: cho Chuyên viên cùng phòng"})
    starts_on = Text(required=True, metadata={"format": "date", "description": "Ngày bắt đầu (tính cả ngày này)"})
    ends_on = Text(required=True, metadata={"format": "date", "description": "Ngày kết thúc (tính cả ngày này)"})
    reason = Text(validate=length(0, 500))
    delegator = Text(validate=length(1, 80), metadata={"description": "Quản trị hệ thống: người ủy quyền"})


class Delegation(Schema):
    id = fields.Integer()
    role = fields.String()
    role_title = fields.String()
    delegator = fields.String()
    delegator_name = fields.String()
    delegate = fields.String()
    delegate_name = fields.String()
    unit = fields.String()
    unit_name = fields.String()
    starts_on = iso_day()
    ends_on = iso_day()
    reason = fields.String(allow_none=True)
    state = fields.String(metadata={"description": "planned, in_force, ended, cancelled"})
    cancellable = fields.Boolean()


class DelegationList(Schema):
    delegations = fields.List(fields.Nested(Delegation))


# --- incidents and repairs ------------------------------------------------------------------------


class IncidentQuery(Request):
    status = Text(load_default="open", validate=one_of(["open", "resolved", "all"]))


class RepairRequest(Request):
    reason = Text(required=True, validate=length(1, 500), metadata={"description": "Lý do, ghi vào nhật ký"})
    to = Text(validate=length(1, 120), metadata={"description": "move: mã BPMN của bước đã hoàn thành cần mở lại"})


class Incident(Schema):
    id = fields.Integer()
    instance_id = fields.Integer()
    process_id = fields.String()
    plan_id = fields.Integer(allow_none=True)
    unit = fields.String()
    instance_status = fields.String(metadata={"description": "running, suspended, completed, cancelled, terminated"})
    element_id = fields.String(metadata={"description": "Phần tử BPMN bị lỗi"})
    action = fields.String(metadata={"description": "complete, timer, message: thao tác gặp lỗi"})
    error = fields.String()
    details = fields.Dict()
    status = fields.String(metadata={"description": "open, resolved"})
    occurrences = fields.Integer()
    created_at = iso_moment()
    last_at = iso_moment()
    resolved_at = iso_moment()
    resolved_by = fields.String(allow_none=True)
    resolution = fields.String(allow_none=True)


class IncidentList(Schema):
    incidents = fields.List(fields.Nested(Incident))


class RepairDone(Schema):
    instance_id = fields.Integer()
    action = fields.String()
    status = fields.String()
    message = fields.String()
