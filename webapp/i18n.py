"""Vietnamese first, English on request: the interface's own words, looked up by their Vietnamese text.

A dictionary rather than gettext catalogues: the interface has a few hundred labels, and a
dictionary needs no compile step on a fresh machine. Messages from the engine stay Vietnamese
(they are the record). A label missing here shows in Vietnamese, never as a key.
"""

from __future__ import annotations

from flask import has_request_context, session

LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}

ENGLISH = {
    "Việc của tôi": "My work",
    "Kế hoạch": "Plans",
    "Báo cáo": "Reports",
    "Thông báo": "Notifications",
    "Quản trị": "Administration",
    "Đăng nhập": "Sign in",
    "Đăng xuất": "Sign out",
    "Tên đăng nhập": "Username",
    "Mật khẩu": "Password",
    "Tên đăng nhập hoặc mật khẩu không đúng.": "Wrong username or password.",
    "Kế hoạch công tác dân vận chính quyền": "Government mass-mobilisation plans",
    "Đơn vị": "Unit",
    "Trạng thái": "Status",
    "Hạn": "Due",
    "Trích yếu": "Title",
    "Số": "Number",
    "Nhiệm vụ": "Task",
    "Quá hạn": "Overdue",
    "Sắp đến hạn": "Due soon",
    "Lọc": "Filter",
    "Tất cả": "All",
    "Tìm kiếm": "Search",
    "Lưu nháp": "Save draft",
    "Gửi": "Submit",
    "Đồng ý": "Approve",
    "Trả lại": "Return",
    "Ý kiến": "Comment",
    "Lịch sử": "History",
    "Kế hoạch cấp dưới": "Sub-plans",
    "Nơi nhận": "Recipients",
    "Nghĩa vụ báo cáo": "Reporting obligations",
    "Tải về": "Download",
    "Chưa có thông báo.": "No notifications yet.",
    "Đánh dấu đã đọc": "Mark as read",
    "Không có việc nào đang chờ bạn.": "Nothing is waiting for you.",
    "Không tìm thấy": "Not found",
    "Không có quyền": "Not allowed",
    "Dữ liệu không hợp lệ": "Invalid input",
    "Xung đột": "Conflict",
    "Lỗi": "Error",
    "Quay lại": "Back",
    "Người dùng": "Users",
    "Vai trò": "Roles",
}


def language() -> str:
    return session.get("lang", "vi") if has_request_context() else "vi"


def _(text: str) -> str:
    """The label in the session's language."""
    return ENGLISH.get(text, text) if language() == "en" else text
