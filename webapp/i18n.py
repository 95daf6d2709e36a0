"""Vietnamese first, English on request: the interface's own words, looked up by their Vietnamese text.

A dictionary rather than gettext catalogues: the interface has a few hundred labels, and a
dictionary needs no compile step on a fresh machine. Messages from the engine stay Vietnamese
(they are the record). A label missing here shows in Vietnamese, never as a key.
"""

from __future__ import annotations

from flask import has_request_context, session

LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}

ENGLISH = {
    # Claiming group work and delegation (webapp/templates/_claim.html, inbox.html, delegations.html)
    "Nhận xử lý": "Claim", "Trả về nhóm": "Release", "Đang do {name} xử lý": "Held by {name}",
    "Chưa ai nhận": "Unclaimed", "Giao": "Assign", "Giao cho": "Assign to", "Người xử lý": "Held by",
    "Người nhận nhiệm vụ": "Assignee", "Việc của đơn vị": "My units' work",
    "được ủy quyền đến {day}": "delegated until {day}",
    "Nhiệm vụ giao cho người khác trong đơn vị bạn phụ trách: trả về nhóm hoặc giao cho một người.":
        "Tasks offered to others in the units you lead: release them or hand them to one person.",
    "Bạn đã nhận xử lý nhiệm vụ; đồng nghiệp thấy nhiệm vụ đang do bạn xử lý.":
        "You have claimed the task; your colleagues see that you hold it.",
    "Đã trả nhiệm vụ về nhóm: người có vai trò đều có thể nhận xử lý.":
        "The task is back with the group: anyone holding the role may claim it.",
    "Đã giao nhiệm vụ cho {name}.": "The task is assigned to {name}.",
    "Ủy quyền": "Delegation", "Ủy quyền mới": "New delegation", "Hủy ủy quyền": "Cancel delegation",
    "đi vắng thì ủy quyền ký hoặc thẩm định cho người khác trong khoảng ngày.":
        "when away, lend signing or review to someone else for a range of days.",
    "Trong khoảng ngày đã chọn (tính cả hai ngày), người được ủy quyền xử lý nhiệm vụ với vai trò của người ủy quyền: "
    "Chủ tịch ủy quyền ký cho Phó Chủ tịch (ký KT. CHỦ TỊCH), Trưởng phòng ủy quyền thẩm định cho Chuyên viên cùng "
    "phòng. Người ủy quyền vẫn xử lý được; nhật ký ghi cả hai người.": "During the chosen days (both included) the "
    "delegate acts with the delegator's role: a chair lends signing to a vice chair (who signs KT. CHỦ TỊCH), a head "
    "lends review to an officer of the same division. The delegator may still act; the history names both people.",
    "Người ủy quyền": "Delegator", "Người được ủy quyền": "Delegate",
    "Vai trò ủy quyền": "Role lent", "Từ ngày": "From", "Đến ngày": "Until",
    "Đến ngày (tính cả ngày này)": "Until (included)", "Lý do (đi công tác, nghỉ phép...)": "Reason (travel, leave...)",
    "Người ủy quyền (tên đăng nhập; để trống: chính bạn)": "Delegator (username; empty: yourself)",
    "Chưa có ủy quyền nào.": "No delegations yet.", "Đã ủy quyền.": "Delegation saved.",
    "Đã hủy ủy quyền.": "Delegation cancelled.", "Sắp có hiệu lực": "Upcoming", "Đang có hiệu lực": "In force",
    "Đã hết hạn": "Ended", "Đã hủy": "Cancelled", "Chủ tịch": "Chair", "Trưởng phòng": "Head",
    "Phó Chủ tịch": "Vice chair", "Chuyên viên": "Officer",
    # Comments and attached files (webapp/templates/_discussion.html)
    "Trao đổi": "Discussion", "Chưa có bình luận.": "No comments yet.", "Bình luận": "Comment",
    "Gửi bình luận": "Post comment", "Tệp đính kèm": "Attached files", "Tệp": "File", "Dung lượng": "Size",
    "Người tải lên": "Uploaded by", "Chưa có tệp.": "No files yet.", "Đính kèm tệp": "Attach a file",
    "Tải lên": "Upload", "Đã gửi bình luận.": "Comment posted.",
    "Đã đính kèm {name} (phiên bản {version}).": "Attached {name} (version {version}).",
    "Tệp vượt giới hạn {limit}.": "The file is larger than {limit}.",
    "Xóa tệp thừa khỏi kho tệp": "Prune unreferenced files from the file store",
    "PDF, Word, Excel, OpenDocument, ảnh JPG/PNG hoặc ZIP; tối đa {limit}. Tệp cùng tên là phiên bản mới.":
        "PDF, Word, Excel, OpenDocument, JPG/PNG images or ZIP; at most {limit}. A file with the same name is a "
        "new version.",
    # Incidents and repairs (webapp/incidents.py)
    "Sự cố": "Incidents",
    "Các bước quy trình bị lỗi khi chạy (tập lệnh, biểu thức, thông điệp không có nơi nhận). Sửa quy trình (triển "
    "khai, chuyển phiên bản) rồi thử lại; mỗi thao tác cần ghi lý do.": "Process steps that failed when run (a "
    "script, an expression, a message nobody receives). Fix the process (deploy, migrate), then retry; every action "
    "needs a reason.",
    "Đang mở": "Open", "Đã xử lý": "Resolved",
    "Khi": "On", "Thời điểm": "When", "Lý do": "Reason",
    "Hoàn thành nhiệm vụ": "Task completion", "Hẹn giờ": "Timer", "Gửi thông điệp": "Message",
    "{n} lần, gần nhất {at}": "{n} times, last {at}",
    "Thử lại": "Retry", "Tạm dừng": "Suspend", "Tiếp tục": "Resume", "Chấm dứt": "Terminate",
    "Đưa về bước trước": "Move back", "Về bước": "Back to step", "Xử lý hồ sơ": "Repair instance",
    "Không có sự cố nào.": "No incidents.", "Thao tác": "Actions", "Sơ đồ và lịch sử": "Diagram and history",
    "Chưa có bước nào đã hoàn thành.": "No step has been completed yet.",
    "Hồ sơ đã kết thúc; không còn thao tác nào.": "The instance has ended; no action is left.",
    "đang chạy": "running", "đang tạm dừng": "suspended", "đã kết thúc": "completed", "đã dừng": "cancelled",
    "đã chấm dứt": "terminated",
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
    "Phiên đăng nhập đã hết hạn; hãy đăng nhập lại.": "Your session has expired; please sign in again.",
    "Đã nhập sai mật khẩu quá nhiều lần; vì an toàn, việc đăng nhập tạm bị khóa. Hãy thử lại sau {minutes} phút.":
        "Too many wrong passwords; for safety, signing in is paused. Try again in {minutes} minute(s).",
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
    "Yêu cầu không hợp lệ": "Bad request",
    "Chưa đăng nhập": "Not signed in",
    "Xung đột": "Conflict",
    "Lỗi": "Error",
    "Quay lại": "Back",
    "Người dùng": "Users",
    "Vai trò": "Roles",
    # Reporting dashboard and notifications
    "Báo cáo định kỳ": "Periodic reports",
    "Năm": "Year",
    "Loại báo cáo": "Report type",
    "Tình hình nhận báo cáo": "Reports received",
    "Đơn vị nhận": "Receiving unit",
    "Kỳ báo cáo": "Reporting period",
    "Theo kế hoạch": "Under plan",
    "Đã nhận": "Received",
    "Xem tình hình": "View status",
    "Còn {count} kỳ báo cáo khác; hãy lọc theo năm hoặc loại báo cáo.":
        "{count} more reporting periods; filter by year or report type.",
    "Không có kỳ báo cáo nào gửi đơn vị trong phạm vi của bạn.": "No reporting periods for the units in your scope.",
    "Báo cáo của đơn vị tôi": "My unit's reports",
    "Gửi đến": "Sent to",
    "Tình hình": "Standing",
    "Đơn vị của bạn không có báo cáo phải gửi.": "Your unit has no reports to send.",
    "Tình hình báo cáo": "Reporting status",
    "{kind} năm {year} gửi {unit}": "{kind} {year}, sent to {unit}",
    "{kind} năm {year}": "{kind} {year}",
    "gửi {unit}": "to {unit}",
    "Không có báo cáo nào gửi đơn vị trong kỳ này.": "No reports are due to this unit for this period.",
    "Số báo cáo theo tình hình": "Reports by standing",
    "Tình hình từng đơn vị": "Standing of each unit",
    "Đơn vị báo cáo": "Reporting unit",
    "Ngày gửi": "Sent on",
    "trả lại {count} lần": "returned {count} times",
    "Tổng (báo cáo đã nhận)": "Total (reports received)",
    "Số báo cáo đã nhận theo thời gian": "Reports received over time",
    "Tổng các chỉ tiêu của báo cáo đã nhận": "Indicators summed over the reports received",
    "Số báo cáo đã nhận (lũy kế)": "Reports received (cumulative)",
    "Hạn: {due}": "Deadline: {due}",
    "{received}/{expected} báo cáo đã nhận, {late} báo cáo nộp trễ hạn; hạn: {due}.":
        "{received} of {expected} reports received, {late} late; deadline: {due}.",
    "Tổng hợp chỉ tiêu": "Indicator totals",
    "Chỉ tiêu": "Indicator",
    "Tổng": "Total",
    "Đơn vị nộp trễ hạn, chưa nộp": "Units late or missing",
    "Nộp trễ hạn": "Late",
    "Chưa nộp": "Missing",
    "không có": "none",
    "Nội dung báo cáo của các đơn vị": "What the units reported",
    "Báo cáo của đơn vị gửi cấp trên": "The unit's own report to its superior",
    "Xem văn bản": "View document",
    "Báo cáo tổng hợp chưa được soạn.": "The consolidated report has not been drafted yet.",
    "Mở kỳ báo cáo": "Reporting opens",
    "Ngày gửi lại": "Resent on",
    "Ngày tiếp nhận": "Accepted on",
    "Số lần bị trả lại": "Times returned",
    "Người ký": "Signed by",
    "Tổng điểm": "Total score",
    "Xếp loại": "Classification",
    "Lý do hủy": "Reason for cancellation",
    "Báo cáo {unit} đã nhận": "Reports received by {unit}",
    "Tình hình báo cáo gửi {unit}": "Reports sent to {unit}",
    "Nội dung": "Content",
    "Số liệu": "Figure",
    "Đơn vị nộp trễ hạn": "Units that reported late",
    "Đơn vị chưa nộp": "Units that have not reported",
    "Báo cáo chưa được soạn.": "The report has not been drafted yet.",
    "{total} thông báo, {unread} chưa đọc": "{total} notifications, {unread} unread",
    "Đánh dấu tất cả đã đọc": "Mark all as read",
    "Chưa đọc": "Unread",
    "Trang": "Pages",
    "Mới hơn": "Newer",
    "Cũ hơn": "Older",
    "Trang {page}/{pages}": "Page {page} of {pages}",
    "Đã đánh dấu {count} thông báo là đã đọc.": "Marked {count} notifications as read.",
    "Không có thông báo nào chưa đọc.": "No unread notifications.",
    # My work (inbox) and the task page
    "Đã lưu nháp": "Draft saved",
    "Bị trả lại": "Returned",
    "Chưa xử lý": "Not started",
    "Loại việc": "Kind of work",
    "Tình trạng": "Progress",
    "Tiếp nhận văn bản": "Incoming document",
    "Khác": "Other",
    "Đang hiện {shown} trên {total} việc.": "Showing {shown} of {total} tasks.",
    "Bỏ lọc": "Clear filters",
    "Kế hoạch #{id} (chưa có trích yếu)": "Plan #{id} (no title yet)",
    "Không có việc nào khớp bộ lọc.": "No task matches these filters.",
    "không đặt hạn": "no due date",
    "Hướng dẫn": "Instructions",
    "Hồ sơ liên quan": "What this concerns",
    "Thực hiện kế hoạch cấp trên": "Implements the plan",
    "Đã bị trả lại {n} lần": "Returned {n} times",
    "Không gắn với kế hoạch hay báo cáo nào.": "Not tied to a plan or report.",
    "Xử lý": "Act",
    "Thời gian": "When",
    "Người thực hiện": "By",
    "Việc": "What",
    "Bước": "Step",
    "Hệ thống": "System",
    "Chưa có.": "Nothing yet.",
    "Dòng": "Row",
    "chọn": "choose",
    "Nhiệm vụ này không còn chờ bạn xử lý. Nội dung bạn vừa nhập được giữ lại dưới đây để bạn không mất gì.":
        "This task is no longer waiting for you. What you typed is kept below so nothing is lost.",
    "Biểu mẫu đang hiện bản nháp bạn lưu lúc {at}.": "The form shows the draft you saved at {at}.",
    "Đã lưu nháp. Nhiệm vụ vẫn chờ bạn gửi.": "Draft saved. The task still waits for you to submit it.",
    "Đã ghi nhận: {decision}.": "Recorded: {decision}.",
    "Đã gửi. Nhiệm vụ đã hoàn thành.": "Submitted. The task is done.",
    "Biểu mẫu chưa hợp lệ: xem lỗi bên dưới từng trường.":
        "The form is not valid yet: see the message under each field.",
    "Tiếp nhận": "Accept",
    "Bạn đã chọn: «{decision}».": "You chose «{decision}».",
    "Bắt buộc khi chọn «Trả lại».": "Required when you choose «Return».",
    "Mỗi dòng một mục.": "One item per line.",
    "Mỗi dòng một mục; để trống cả dòng để bỏ. Cần thêm dòng: bấm «Lưu nháp», một dòng trống mới sẽ hiện ra.":
        "One item per row; leave a row empty to drop it. For another row, press «Save draft»: an empty one appears.",
    "Mỗi dòng một mục dạng «mã: số».": "One item per line as «code: number».",
    "Để trống: gửi theo danh sách nơi nhận mặc định của đơn vị.": "Left empty: sent to the unit's usual recipients.",
    "Để trống: giữ các yêu cầu báo cáo mặc định (theo kế hoạch cấp trên hoặc lịch báo cáo thông thường).":
        "Left empty: the plan keeps its default reporting requirements (from the parent plan or the usual calendar).",
    "Bắt đầu quy trình": "Process started",
    "Hoàn thành bước": "Step completed",
    "Ký": "Signed",
    "Vào sổ, ban hành": "Registered and issued",
    "Gửi đến nơi nhận": "Sent to recipients",
    "Xác nhận đã nhận": "Receipt confirmed",
    "Lưu nội dung báo cáo": "Report content saved",
    "Vào sổ, gửi báo cáo": "Report registered and sent",
    "Tiếp nhận báo cáo": "Report accepted",
    "Trả lại báo cáo": "Report returned",
    "Nhắc hạn": "Reminder",
    "Đôn đốc": "Escalation",
    "Được giao": "Assigned to you",
    "Thông báo quá hạn": "Overdue notice",
    "Báo cáo lãnh đạo việc quá hạn": "Overdue escalated to the leaders",
    "Thông báo bị trả lại": "Return notice",
    "Dừng quy trình": "Process stopped",
    "Hủy nghĩa vụ báo cáo": "Reporting obligation cancelled",
    "Đổi độ khẩn": "Urgency changed", "Độ khẩn": "Urgency", "thường": "normal", "khẩn": "urgent",
    "thượng khẩn": "very urgent", "hỏa tốc": "flash",
    "Cập nhật độ khẩn": "Update urgency", "Đã đổi độ khẩn thành {label}.": "Urgency changed to {label}.",
    # Process designer
    "Thiết kế quy trình": "Process designer",
    "Tạo quy trình mới": "New process",
    "Tạo bảng quyết định mới": "New decision table",
    "Tạo mới": "New",
    "Mở tệp từ máy": "Open a file",
    "Trong trình thiết kế, chọn «Mở tệp» để mở tệp .bpmn hoặc .dmn từ máy của bạn.":
        "In the designer, choose «Open file» to open a .bpmn or .dmn file from your computer.",
    "Tên": "Name",
    "Mã": "Id",
    "Loại": "Kind",
    "Phiên bản": "Version",
    "Triển khai": "Deployed",
    "Đang chạy": "Running",
    "Quy trình": "Process",
    "Bảng quyết định": "Decision table",
    "Có bản nháp": "Draft",
    "Bản nháp do {who} lưu lúc {at}": "Draft saved by {who} at {at}",
    "Mở trong trình thiết kế": "Open in the designer",
    "Các phiên bản": "Versions",
    "Chưa triển khai quy trình nào.": "Nothing is deployed yet.",
    "Bản nháp chưa triển khai": "Drafts never deployed",
    "Đang mở bản nháp do {who} lưu lúc {at}.": "This is the draft {who} saved at {at}.",
    "Mở phiên bản đã triển khai (v{n})": "Open the deployed version (v{n})",
    "Quy trình này chưa được triển khai.": "This process has not been deployed yet.",
    "Đang xem phiên bản {n}; phiên bản mới nhất là {latest}. Triển khai bản này sẽ tạo phiên bản mới.":
        "This is version {n}; the latest is {latest}. Deploying it makes a new version.",
    "Lưu và triển khai": "Save and deploy",
    "Tải tệp .bpmn": "Download .bpmn",
    "Tải tệp .dmn": "Download .dmn",
    "Mở tệp": "Open file",
    "Trình thiết kế cần JavaScript.": "The designer needs JavaScript.",
    "Các phiên bản của {id}": "Versions of {id}",
    "Chuyển các phiên bản đang chạy": "Move running instances",
    "Phiên bản {n}": "Version {n}",
    "mới nhất": "latest",
    "Triển khai bởi {who} lúc {at}": "Deployed by {who} at {at}",
    "Đang chạy: {n}": "Running: {n}",
    "Tải tệp XML": "Download XML",
    "Phiên bản đầu tiên.": "First version.",
    "Khác với phiên bản {n}": "Changes since version {n}",
    "Thêm": "Added",
    "Xóa": "Removed",
    "Thay đổi": "Changed",
    "Bố cục thay đổi ở {n} phần tử.": "Layout changed for {n} elements.",
    "Không có phần tử nào khác.": "No element differs.",
    # Process instances and migration
    "Sơ đồ quy trình": "Process diagram",
    "Sơ đồ": "Diagram",
    "Các bước": "Steps",
    "Dữ liệu": "Data",
    "Đang chờ": "Waiting",
    "mã": "id",
    "phiên bản": "version",
    "quy trình": "process",
    "{n} trường": "{n} fields",
    "Chọn một bước trên sơ đồ để xem trạng thái và dữ liệu của bước đó.":
        "Choose a step on the diagram to see its state and data.",
    "Sơ đồ cần JavaScript; bảng dưới đây cho biết trạng thái từng bước.":
        "The diagram needs JavaScript; the table below gives the state of each step.",
    "Các vòng soạn thảo, trình duyệt đã kết thúc không còn trong sơ đồ; nội dung và ý kiến của từng vòng có trong "
    "lịch sử bên dưới.":
        "Finished drafting and approval rounds are no longer in the diagram; each round's content and comments are "
        "in the history below.",
    "Đang tạm dừng": "Suspended",
    "Đã chấm dứt": "Terminated",
    "Quy trình đang tạm dừng: {reason} (quản trị viên, {at})":
        "The process is suspended: {reason} (administrator, {at})",
    "Chuyển phiên bản": "Migrate",
    "Chuyển hồ sơ đang chạy của «{name}» sang phiên bản {n}": "Move running instances of «{name}» to version {n}",
    "Hồ sơ chuyển được khi bước đang chờ của nó còn trong phiên bản {n}; các bước phía sau sẽ đi theo phiên bản mới.":
        "An instance can move when the step it waits at is still in version {n}; the steps after it follow the new "
        "version.",
    "Hồ sơ": "Instance",
    "(chưa có trích yếu)": "(no title yet)",
    "Phiên bản hiện tại": "Current version",
    "Chuyển được?": "Can move?",
    "Có thể chuyển": "Can move",
    "Không chuyển được": "Cannot move",
    "Chuyển các phiên bản đã chọn": "Move the chosen instances",
    "Không có hồ sơ nào chuyển được sang phiên bản {n}.": "No instance can move to version {n}.",
    "Không có hồ sơ nào đang chạy trên phiên bản cũ hơn phiên bản {n}.":
        "No instance is running on a version older than {n}.",
    # Profile and e-mail notices
    "Hồ sơ của tôi": "My profile",
    "Nhận thông báo qua thư điện tử": "Notifications by e-mail",
    "Khi bật, bạn nhận thư khi có nhiệm vụ mới, nhắc hạn, quá hạn và khi hồ sơ bị trả lại, ngoài thông báo trong hệ "
    "thống.": "When on, you receive an e-mail for new tasks, reminders, overdue notices and returns, besides the "
    "notifications here.",
    "Địa chỉ thư điện tử": "E-mail address",
    "Gửi thông báo cho tôi qua thư điện tử": "Send me notifications by e-mail",
    "Gửi thông báo qua thư điện tử": "Send notifications by e-mail",
    "Lưu": "Save",
    "Đã lưu thư điện tử nhận thông báo.": "Your e-mail settings are saved.",
}


def language() -> str:
    return session.get("lang", "vi") if has_request_context() else "vi"


def _(text: str) -> str:
    """The label in the session's language."""
    return ENGLISH.get(text, text) if language() == "en" else text


# A plan from its text (webapp/imports.py, templates/plan_import*.html)
ENGLISH.update({
    "Nhập kế hoạch từ văn bản": "Import a plan from its text", "Tệp kế hoạch": "Plan file", "Đọc văn bản": "Read it",
    "Tải lên văn bản kế hoạch (thường là kế hoạch cấp trên mà đơn vị phải thực hiện). Hệ thống đọc văn bản theo quy "
    "tắc cố định, rồi hiện từng mục đọc được bên cạnh dòng gốc để bạn xác nhận, sửa hoặc bỏ.": "Upload a plan's text "
    "(usually the superior's plan your unit must implement). It is read by fixed rules, and every item read is shown "
    "beside the line it came from, for you to confirm, correct or leave out.",
    "Nhận .txt, .docx hoặc .pdf có lớp chữ; tối đa 10 MB, 200 trang.":
        "Takes .txt, .docx or a .pdf with a text layer; at most 10 MB, 200 pages.",
    "Hãy chọn tệp kế hoạch (.txt, .docx hoặc .pdf).": "Choose the plan's file (.txt, .docx or .pdf).",
    "Xem lại văn bản đã đọc": "Review what was read",
    "Mỗi mục đọc được nằm bên cạnh dòng gốc. Sửa nếu chưa đúng, bỏ chọn để không lưu; ô trống là điều văn bản không "
    "ghi.": "Each item read sits beside its source line. Correct it if it is wrong, untick it to leave it out; an "
    "empty field is something the text does not say.",
    "Văn bản": "Document", "không thấy trong văn bản": "not found in the text",
    "Giữ mục này": "Keep this item", "Cơ quan ban hành": "Issuer", "Số, ký hiệu": "Number and symbol",
    "Địa danh": "Place", "Ngày ban hành (dd/mm/yyyy)": "Issue date (dd/mm/yyyy)", "Ngày ban hành": "Issue date",
    "Năm của kế hoạch": "Plan year", "Dòng lưu": "Archive line", "Thẩm quyền ký (TM., KT.)": "Signing authority "
    "(TM., KT.)", "Chức vụ người ký": "Signer's title", "Văn bản cấp trên (thực hiện)": "Parent documents "
    "(implemented)", "Căn cứ": "Legal basis", "Tổ chức thực hiện": "Implementation (assignments)",
    "Thời hạn, báo cáo": "Deadlines and reports", "Trích dẫn": "Citation", "Ngày (dd/mm/yyyy)": "Date (dd/mm/yyyy)",
    "Đơn vị thực hiện": "Implementing unit", "Chủ trì (đầu mối)": "Lead (focal point)",
    "Trách nhiệm (mỗi dòng một việc)": "Responsibilities (one per line)", "Hạn như văn bản ghi": "Deadline as written",
    "Qua cơ quan đầu mối": "Via the focal agency", "Điều kiện": "Condition", "Hạn đọc được": "Deadline read",
    "tính cả ngày này": "this day included", "không tính ngày này": "before this day", "khi có yêu cầu": "on request",
    "không ghi ngày": "no date written",
    "Theo cụm từ hạn (kỳ báo cáo hoặc khi có yêu cầu)": "As the phrase says (its periods, or on request)",
    "Báo cáo sơ kết 6 tháng": "Six-month report", "Báo cáo tổng kết năm": "Annual report",
    "Kế hoạch của cấp dưới": "Subordinates' plans", "Đăng ký mô hình \"Dân vận khéo\"": "\"Dân vận khéo\" registration",
    "Kết quả tự chấm điểm, xếp loại": "Self-scoring results", "Báo cáo tổng hợp gửi cấp trên": "Summary to the "
    "superior", "Báo cáo khi có yêu cầu": "Report on request", "Báo cáo quý": "Quarterly report",
    "Báo cáo tháng": "Monthly report", "Sản phẩm, văn bản theo hạn": "Deliverable by a date",
    "Lưu kết quả": "Save the result",
    "Lưu làm kế hoạch cấp trên (văn bản ngoài hệ thống)": "Save as the superior's plan (issued outside planflow)",
    "Tạo dự thảo kế hoạch từ văn bản": "Create a draft plan from the text",
    "Cơ quan ban hành trong hệ thống": "Issuing committee in planflow",
    "Không có trong hệ thống (ghi nhận ở cấp trên của tôi)": "Not in planflow (record it at my superior)",
    "Đơn vị soạn thảo": "Drafting unit", "Thực hiện kế hoạch trong hệ thống": "Implements a plan in planflow",
    "Không chọn": "None", "Kế hoạch cấp trên": "Superior's plan", "Ghi nhận tại": "Recorded at",
    "Lập kế hoạch thực hiện": "Draft the implementing plan", "Văn bản được trích dẫn": "Cited documents",
    "Thực hiện": "Implements", "Không có.": "None.",
    "Đã lưu kế hoạch cấp trên #{id} (văn bản ngoài hệ thống).": "Saved the superior's plan #{id} (issued outside "
    "planflow).",
    "Đã tạo dự thảo kế hoạch #{id} từ văn bản; biểu mẫu soạn thảo đã được điền sẵn.": "Created draft plan #{id} from "
    "the text; the drafting form is prefilled.",
    "Đã lập kế hoạch thực hiện #{id}; dự thảo bắt đầu với các hạn của kế hoạch cấp trên.": "Started implementing plan "
    "#{id}; its draft starts with the superior plan's deadlines.",
})

# Plans as written: references, the incoming register, assignments and requirements as phrased.
ENGLISH.update({
    "Số đến / ngày đến": "Incoming no. / date received", "Sổ văn bản đến": "Incoming register",
    "Văn bản được trích dẫn": "Documents cited", "Ban hành ngoài hệ thống": "Issued outside planflow",
    "Số cấp từ": "Numbered in", "Người vào sổ": "Registered by", "văn bản số": "document no.",
    "đã nhận": "received", "ngoài hệ thống": "outside planflow", "Chưa phát hành.": "Not issued yet.",
    "Thực hiện": "Implements", "Căn cứ": "Legal bases",
    "Tổ chức thực hiện": "Assignments", "Đơn vị thực hiện (như văn bản ghi)": "Assignee (as written)",
    "Chủ trì (đầu mối)": "Lead (focal point)", "Trách nhiệm": "Responsibilities",
    "Điều kiện (nếu có)": "Condition (if any)", "Mã đơn vị thuộc điều kiện": "Codes of the units meeting it",
    "Người ký báo cáo": "Who signs the reports", "Phải gửi": "Owes", "Loại": "Kind",
    "Hạn như văn bản ghi": "Deadline as written", "Nội dung phải gửi": "What is owed",
    "Nội dung phải gửi (nếu có)": "What is owed (if any)",
    "Hạn như văn bản ghi (ví dụ: trước ngày 30/5; khi có yêu cầu; hằng quý)":
        "Deadline as written (e.g. trước ngày 30/5; khi có yêu cầu; hằng quý)",
    "Yêu cầu báo cáo": "Reporting requirements", "Chốt số liệu": "Data cut-off", "Cảnh báo": "Warning",
    "Yêu cầu báo cáo khi có yêu cầu": "Request a report owed on request", "Gửi yêu cầu": "Send the request",
    "Nội dung yêu cầu": "What is asked", "Hạn của yêu cầu": "Deadline of the request",
    "Chỉ các đơn vị (mã, cách nhau bằng dấu phẩy; để trống: tất cả)": "Only these units (codes, comma-separated; "
                                                                     "empty: all)",
    "Điều kiện": "Condition", "Áp dụng cho": "Applies to", "chủ trì": "lead", "phối hợp": "support",
    "Báo cáo quý": "Quarterly report", "Báo cáo tháng": "Monthly report",
    "Báo cáo khi có yêu cầu": "Report on request", "Sản phẩm, văn bản theo hạn": "Deliverable by a date",
    "khi có yêu cầu": "on request", "Kỳ": "Period", "Đã yêu cầu": "Requested",
})
