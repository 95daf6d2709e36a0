"""Vietnamese first, English on request: the interface's own words, looked up by their Vietnamese text.

A dictionary rather than gettext catalogues: the interface has a few hundred labels, and a
dictionary needs no compile step on a fresh machine. Messages from the engine stay Vietnamese
(they are the record). A label missing here shows in Vietnamese, never as a key.

In templates: `_()` for a label; `| vi` for what people and documents wrote (titles, names, comments, a deadline's
words), which then carries lang="vi"; `| named` for words that may have English (a shipped process's step names,
instructions and form titles; a refusal); `| fill(...)` to put marked values into a label. docs/web.md, "Language".
"""

from __future__ import annotations

from flask import has_request_context, request, session
from markupsafe import Markup, escape

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
    "delegate acts with the delegator's role: a chair lends signing to a vice chair (who signs “KT.”, on the chair's "
    "behalf), a head lends review to an officer of the same division. The delegator may still act; the history names "
    "both people.",
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


# The language chosen also lives in its own cookie, so that signing in, signing out or a session ending (each
# of which starts a new session) never switches the interface back.
LANGUAGE_COOKIE = "planflow_lang"


def language() -> str:
    if not has_request_context():
        return "vi"
    chosen = session.get("lang") or request.cookies.get(LANGUAGE_COOKIE)
    return chosen if chosen in LANGUAGES else "vi"


def _(text: str) -> str:
    """The label in the session's language."""
    return ENGLISH.get(text, text) if language() == "en" else text


def as_written(text: object) -> Markup:
    """What a person or a document wrote (a title, a name, a comment, a deadline's words), shown as written and,
    on an English page, marked as Vietnamese: a screen reader then reads it as Vietnamese, and
    tests/webapp/test_english.py tells it from the interface's own words by that mark alone. A Vietnamese page
    needs no mark (it would repeat the page's own language)."""
    if text is None or text == "":
        return Markup("")
    return Markup('<span lang="vi">{}</span>').format(text) if language() == "en" else escape(text)


def vi_lang() -> Markup:
    """` lang="vi"` for an element holding only what was written in Vietnamese (`<td{{ vi_lang() }}>`), on an
    English page; nothing on a Vietnamese one."""
    return Markup(' lang="vi"') if language() == "en" else Markup("")


def lang_attr(text: object) -> Markup:
    """`vi_lang()` when `name_text(text)` stays Vietnamese: for an <option>, where markup cannot go."""
    return vi_lang() if lang_of(text) == "vi" else Markup("")


def user_text(*values: object) -> Markup:
    """` data-user-text="…"` on an English page: the names inside an element's own text or attributes that cannot
    be marked (an <option>, a title), one per line, for tests/webapp/test_english.py to leave out."""
    shown = "\n".join(str(v) for v in values if v)
    return Markup(' data-user-text="{}"').format(shown) if language() == "en" and shown else Markup("")


def name_text(text: object) -> str:
    """Words that may have English, as plain text in the session's language: a name a process designer wrote (a
    step, a field, instructions: the shipped processes' words have English below) or a message (a form's problem,
    an engine refusal: most are the record and have none). Without an English entry, as written."""
    if not isinstance(text, str):
        return "" if text is None else str(text)
    if language() != "en":
        return text
    return PROCESS_WORDS.get(text) or ENGLISH.get(text, text)


def named(text: object) -> Markup | str:
    """`name_text` for a page: what stays as written (a designer's own words, a refusal with no English) is marked
    Vietnamese, as `as_written` marks it."""
    return name_text(text) if lang_of(text) == "en" else as_written(text)


def lang_of(text: object) -> str:
    """The language `name_text(text)` shows text in, for a `lang` attribute where markup cannot go (an <option>)."""
    english = language() == "en" and isinstance(text, str) and (text in PROCESS_WORDS or text in ENGLISH)
    return "en" if english else "vi"


def fill(template: str, **values: object) -> Markup:
    """A label with values put in (`_("Đang do {name} xử lý") | fill(name=user | vi)`): the label is escaped, a
    value marked with `vi` keeps its mark, any other value is escaped."""
    return escape(template).format(**values)


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
    "Kế hoạch của cấp dưới": "Subordinates' plans",
    "Đăng ký mô hình \"Dân vận khéo\"": "“Skilled mass mobilisation” model registration",
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

# Typed work kept and what cannot be undone confirmed (webapp/discussion.py, webapp/confirm.py, webapp/static/forms.js)
ENGLISH.update({
    "Đã lưu nháp biểu mẫu để nội dung bạn đang nhập không bị mất.":
        "The form is saved as a draft, so what you were typing is not lost.",
    "Tôi hiểu thao tác này không hoàn tác được": "I understand this cannot be undone",
    "Chưa xác nhận.": "Not confirmed.",
    "Chưa triển khai: hãy đánh dấu ô «Tôi hiểu thao tác này không hoàn tác được» rồi bấm lại.":
        "Not deployed: tick «I understand this cannot be undone» and try again.",
    "Chưa giải thể: hãy đánh dấu ô «Tôi hiểu thao tác này không hoàn tác được» rồi bấm lại.":
        "Not dissolved: tick «I understand this cannot be undone» and try again.",
    "Chưa chấm dứt hồ sơ: hãy đánh dấu ô «Tôi hiểu thao tác này không hoàn tác được» rồi bấm lại.":
        "Not terminated: tick «I understand this cannot be undone» and try again.",
    "Ký và phê duyệt báo cáo này? Sau khi ký, báo cáo chuyển văn thư vào sổ, gửi đi và không sửa được nữa.":
        "Sign and approve this report? Once signed it goes to the clerk to be registered and sent, and can no "
        "longer be changed.",
    "Ký và phê duyệt kế hoạch này? Sau khi ký, kế hoạch chuyển văn thư ban hành và không sửa được nữa.":
        "Sign and approve this plan? Once signed it goes to the clerk to be issued, and can no longer be changed.",
    "Vào sổ và gửi báo cáo này đến {receiver}? Sau khi gửi không thu hồi được.":
        "Register this report and send it to {receiver}? Once sent it cannot be recalled.",
    "Vào sổ, cấp số và ban hành kế hoạch này? Kế hoạch được gửi đến nơi nhận và không thu hồi được.":
        "Register, number and issue this plan? It goes to its recipients and cannot be recalled.",
    "Giải thể {name} từ ngày đã chọn? Đơn vị hết hiệu lực từ ngày đó và các kỳ báo cáo đang mở của đơn vị bị hủy; "
    "không hoàn tác được.": "Dissolve {name} from the chosen day? The unit ends on that day and its open reporting "
    "periods are cancelled; this cannot be undone.",
    "Chấm dứt hồ sơ #{id}? Các nhiệm vụ đang mở bị hủy, hạn chờ bị bỏ và hồ sơ không chạy tiếp được nữa; không hoàn "
    "tác được.": "Terminate instance #{id}? Its open tasks are cancelled, its timers dropped and it can never run "
    "again; this cannot be undone.",
    "Triển khai bản vẽ này thành phiên bản mới? Mọi hồ sơ bắt đầu từ nay chạy theo phiên bản mới; phiên bản đã triển "
    "khai không sửa hay xóa được.": "Deploy this diagram as a new version? Every instance started from now on runs "
    "it; a deployed version can be neither changed nor deleted.",
})

# See what you sign, phone first (webapp/templates/task.html, base.html, engine/plans/templates/_document_sheet.html,
# engine/work/review.py: the parts of a draft whose changes are shown)
ENGLISH.update({
    "Trang chính": "Main pages", "Trình đơn": "Menu",
    "Ý kiến trả lại": "Why it was returned", "(không ghi ý kiến)": "(no comment)",
    "Thay đổi so với bản bị trả lại": "Changes since it was returned",
    "Chữ thêm vào": "Words added", "gạch dưới": "underlined", "chữ bỏ đi": "words removed",
    "gạch ngang": "struck through", "trong văn bản, đoạn đã sửa được tô vàng.":
        "in the document, changed paragraphs are highlighted in yellow.",
    "Toàn văn kế hoạch": "The plan in full", "Toàn văn báo cáo": "The report in full",
    "Mở trang văn bản": "Open the document's page",
    "Hạn cấp dưới ban hành kế hoạch": "Deadline for the plans of the levels below",
    "Xem khổ A4": "Show as an A4 sheet", "Xem vừa màn hình": "Fit to the screen",
    "Yêu cầu báo cáo và thời hạn": "Reports required and their deadlines",
    "Dòng trên chức danh người ký": "Line above the signer's title",
    "Kết quả đạt được": "Results", "Tồn tại, hạn chế": "Shortcomings", "Nguyên nhân": "Causes",
    "Kiến nghị, đề xuất": "Proposals",
})

# One deadline, one meaning (engine/deadline.py, templates/_due.html). A deadline's own words ("trước ngày
# 25/05/2025", "Tiếp nhận trong 2 ngày làm việc kể từ ngày nhận …") quote the document and stay as written.
ENGLISH.update({
    "Hôm nay là hạn cuối": "Last day today", "Còn hạn": "In time",
})

# Ký số: the signing confirmation, the check beside a PDF, certificates on the admin page (webapp/signing.py,
# templates/sign.html, _signature_check.html, _signing_keys.html; labels of engine/signatures/ and
# engine/discussion/signature_checks.py)
ENGLISH.update({
    "Ký số": "Sign digitally", "Quay lại nhiệm vụ": "Back to the task",
    "Chữ ký số của người có thẩm quyền": "Digital signature of the competent person",
    "Chữ ký số của cơ quan, tổ chức": "Digital signature of the issuing body",
    "Văn bản sẽ được ký": "The document to be signed", "Tải về bản PDF sẽ ký": "Download the PDF to be signed",
    "Bản đã được người có thẩm quyền ký số": "The copy signed by the competent person",
    "Số, ký hiệu và ngày ban hành được điền vào văn bản khi ban hành, trước chữ ký số của cơ quan.":
        "The number, symbol and date of issue are filled into the document at issue, before the body's signature.",
    "Chứng thư số dùng để ký": "The certificate that signs", "Cấp cho": "Issued to", "Tổ chức cấp": "Issued by",
    "Hiệu lực": "Valid", "Khóa": "Key",
    "Mật khẩu tệp khóa hoặc mã PIN thiết bị ký số": "Key file passphrase or signing token PIN",
    "Mã PIN khóa ký số của cơ quan": "PIN of the body's signing key",
    "Sau khi ký số, văn bản không sửa được nữa; chữ ký số có giá trị như chữ ký trên văn bản giấy.":
        "Once signed digitally the document can no longer be changed; the digital signature counts as a handwritten "
        "one on paper.",
    "Sau khi ban hành, văn bản được gửi đến nơi nhận và không thu hồi được.":
        "Once issued the document goes to its recipients and cannot be recalled.",
    "Hãy nhập mật khẩu hoặc mã PIN của khóa ký số.": "Enter the passphrase or PIN of the signing key.",
    "Đã ký số {name}.": "Signed digitally: {name}.",
    "Đã ký số và ban hành {name}.": "Signed digitally and issued: {name}.",
    "Tệp khóa PKCS#12": "PKCS#12 key file", "Thiết bị ký số (PKCS#11)": "Signing token (PKCS#11)",
    "Ký số từ xa": "Remote signing",
    "Chứng thư số": "Certificates", "Của": "Of", "đã thay": "replaced",
    "Chưa có chứng thư số: đơn vị ký trên giấy, hoặc người này không ký văn bản.":
        "No certificate: the unit signs on paper, or this person signs no documents.",
    "Chữ ký số hợp lệ": "Valid digital signature",
    "Chữ ký số chưa xác thực (chứng thư số không thuộc tổ chức chứng thực được tin cậy)":
        "Digital signature not verified (the certificate is not from a trusted certification authority)",
    "Chữ ký số không hợp lệ": "Invalid digital signature", "Văn bản đã bị sửa sau khi ký": "Changed after signing",
    "Không có chữ ký số": "Not signed digitally",
    "Không kiểm tra được chữ ký số": "The signatures could not be checked",
})

# The shipped processes' words whose English differs from the same Vietnamese elsewhere (webapp/i18n.py `named`):
# a step's name the audit trail also uses for the thing done (a step reads as an instruction), and a field whose
# typed value is read in Vietnamese (the English says so rather than quote Vietnamese examples).
PROCESS_WORDS = {
    "Vào sổ, gửi báo cáo": "Register and send the report",
    "Hạn như văn bản ghi (ví dụ: trước ngày 30/5; khi có yêu cầu; hằng quý)":
        "Deadline as the document writes it, in Vietnamese (a day, on request, each quarter)",
}

# English means English (helper "i18n"): the engine's labels as pages show them (statuses, kinds, roles, actions,
# decisions, standings), the shipped processes' step names, instructions and form titles (webapp/i18n.py `named`),
# and the labels of every page. Records stay Vietnamese: engine refusals, audit comments, notices' text, documents.
ENGLISH.update({
    # engine/models/plan.py STATUS_LABELS, URGENCY_LABELS
    "Chờ tiếp nhận": "Awaiting receipt", "Đang soạn thảo": "Drafting", "Đang thẩm định": "Under review",
    "Chờ ký": "Awaiting signature", "Đã ký, chờ ban hành": "Signed, awaiting issue", "Đã ban hành": "Issued",
    "Đã đóng": "Closed",
    # engine/models/reporting.py OBLIGATION_LABELS
    "Chưa đến kỳ": "Not yet open", "Đã mở kỳ báo cáo": "Period open", "Đang soạn báo cáo": "Drafting the report",
    "Chờ vào sổ, gửi": "Awaiting registration and sending", "Đã gửi, chờ tiếp nhận": "Sent, awaiting acceptance",
    "Đã tiếp nhận": "Accepted", "Đã tổng hợp": "Consolidated",
    # engine/reporting/reports.py
    "Số cuộc đối thoại với Nhân dân": "Dialogues held with citizens",
    "Số đơn thư khiếu nại, tố cáo đã giải quyết": "Complaints and denunciations resolved",
    "Số mô hình “Dân vận khéo” đăng ký": "“Skilled mass mobilisation” models registered",
    "Nộp đúng hạn": "Sent on time", "Chưa nộp, đã quá hạn": "Not sent, overdue", "Chưa đến hạn": "Not yet due",
    # engine/org/roles.py ROLE_TITLES
    "Văn thư": "Clerk", "Người thiết kế quy trình": "Process designer", "Quản trị hệ thống": "Administrator",
    # engine/models/process.py ACTION_LABELS
    "Triển khai phiên bản quy trình": "Process version deployed",
    "Chuyển sang phiên bản quy trình mới": "Moved to a new process version",
    "Trả nhiệm vụ về nhóm": "Task released to the group", "Giao nhiệm vụ cho người khác": "Task assigned",
    "Thử lại sau sự cố": "Retried after an incident", "Tạm dừng quy trình": "Process suspended",
    "Tiếp tục quy trình": "Process resumed", "Chấm dứt quy trình": "Process terminated",
    "Đưa quy trình về bước trước": "Process moved back a step",
    "Cập nhật thư điện tử nhận thông báo": "E-mail for notifications updated",
    # engine/processes/instance_view.py
    "Đã hoàn thành": "Completed", "Đang thực hiện": "In progress", "Đã kết thúc": "Completed", "Đã dừng": "Stopped",
    # engine/plans/references.py DOC_TYPE_NAMES
    "Quyết định": "Decision", "Chỉ thị": "Directive", "Kết luận": "Conclusion", "Nghị quyết": "Resolution",
    "Tờ trình": "Submission", "Công văn": "Official letter", "Quy chế": "Regulation", "Chương trình": "Programme",
    # webapp/pages.py TITLES; webapp/task_forms.py signers
    "Quá nhiều yêu cầu": "Too many requests",
    "Thủ trưởng đơn vị ký": "Signed by the unit's head", "Lãnh đạo UBND ký": "Signed by the committee's leaders",
    # engine/processes/diff.py: what changed between two versions of a process
    "điều kiện": "condition", "điều kiện lặp": "loop condition", "điều kiện hoàn thành": "completion condition",
    "số lần lặp": "loop count", "biểu thức hẹn giờ": "timer expression",
    "biểu thức hẹn giờ (chu kỳ)": "timer expression (cycle)",
    "biểu thức hẹn giờ (khoảng thời gian)": "timer expression (duration)", "tập lệnh": "script",
    "tập lệnh trước": "pre-script", "tập lệnh sau": "post-script", "hướng dẫn": "instructions",
    "mô tả": "description", "thao tác dịch vụ": "service operation", "bảng quyết định": "decision table",
    "biểu thức đầu vào": "input expression", "biểu thức": "expression", "ghi chú": "note", "nội dung": "text",
    "thuộc tính": "property", "tham số": "parameter", "tên": "name", "luồng mặc định": "default flow",
    "gắn vào": "attached to", "ngắt hoạt động": "interrupts the activity", "cho phép thực thi": "executable",
    "ngắt quy trình": "interrupting", "kích hoạt bởi sự kiện": "triggered by an event",
    "quy trình được gọi": "called process", "thông điệp": "message", "tín hiệu": "signal", "lỗi": "error",
    "leo thang": "escalation", "biến kết quả": "result variable", "lặp tuần tự": "sequential loop",
    "chính sách chọn quy tắc": "hit policy", "phép gộp": "aggregation", "nhãn": "label", "kiểu dữ liệu": "type",
    "không gian tên": "namespace", "kiểu": "type", "nguồn": "source", "đích": "target",
    # Pages: admin, plans, requirements
    "Đã nhập {name}: {created} mới, {updated} cập nhật, {unchanged} không đổi.":
        "Imported {name}: {created} new, {updated} updated, {unchanged} unchanged.",
    "Tệp CSV hoặc JSON: đơn vị, cơ quan, người dùng, vai trò. Cả tệp được nhập, hoặc không dòng nào nếu có dòng bị từ "
    "chối; nhập lại cùng tệp không thay đổi gì.": "A CSV or JSON file: units, agencies, users, roles. The whole file "
    "is imported, or no row at all if a row is refused; importing the same file again changes nothing.",
    "Nhập": "Import", "Nhập tổ chức từ tệp": "Import the organisation from a file",
    "Chốt số liệu từ {start} đến {end} ({origin})": "Figures from {start} to {end} ({origin})",
    "theo Nghị định 09/2019/NĐ-CP": "per Decree 09/2019/ND-CP",
    "lùi theo hạn báo cáo": "counted back from the deadline",
    "theo kế hoạch": "as the plan says",
    "kể cả ngày này": "this day included", "không kể ngày này": "this day excluded",
    "hạn": "due",
    "{n} người dùng đầu tiên; tìm kiếm để thu hẹp": "the first {n} users; search to narrow down",
    "{n} người dùng": "{n} users", "Họ và tên": "Full name", "Thêm người dùng": "Add a user",
    "Tạo người dùng": "Create user", "Đơn vị hành chính": "Administrative units", "Cơ quan": "Agencies",
    "Giải thể từ ngày": "Dissolve from", "Giải thể": "Dissolve", "Thêm đơn vị": "Add a unit",
    "Tên (ví dụ: {example})": "Name (as in: {example})", "Mã đơn vị cấp trên": "Parent unit's code",
    "Hiệu lực từ ngày": "In force from", "Các cột của tệp CSV": "The CSV file's columns", "Cấp": "Level",
    "Cơ quan của {name}": "Agencies of {name}", "Viết tắt": "Abbreviation", "Đầu mối": "Focal point",
    "Chưa có cơ quan nào.": "No agencies yet.",
    "Tệp bị từ chối, không có gì được ghi. Các dòng không hợp lệ:":
        "The file is refused and nothing was stored. The invalid rows:",
    "Vị trí": "Where", "Kết quả nhập": "What was imported", "Loại dòng": "Row type", "Cập nhật": "Updated",
    "Không đổi": "Unchanged",
    "Người dùng được nhập chưa có mật khẩu: đặt mật khẩu cho họ ở trang người dùng.":
        "Imported users have no password yet: set one on each user's page.",
    "Thu hồi": "Revoke", "Chưa có vai trò nào.": "No roles yet.", "Giao vai trò": "Grant a role",
    "Mã đơn vị": "Unit code", "Đặt mật khẩu mới": "Set a new password", "Đặt mật khẩu": "Set password",
    "Kế hoạch #{id}": "Plan #{id}", "Chuyển hồ sơ #{id}": "Move instance #{id}",
    "Xem sơ đồ quy trình": "Show the process diagram",
    "Trích yếu, đơn vị, số": "Title, unit, number", "{n} kế hoạch": "{n} plans", "(chưa soạn)": "(not drafted yet)",
    "Không có kế hoạch nào phù hợp.": "No plan matches.", "Trang trước": "Previous page",
    "Lập kế hoạch mới": "Start a new plan",
    "Hạn ban hành": "Issue by", "Lập kế hoạch": "Start the plan",
    "Trung ương": "Central", "Tỉnh": "Province", "Huyện": "District", "Xã": "Commune",
    "Quý I": "Quarter I", "Quý II": "Quarter II", "Quý III": "Quarter III", "Quý IV": "Quarter IV",
    "Tháng 1": "January", "Tháng 2": "February", "Tháng 3": "March", "Tháng 4": "April", "Tháng 5": "May",
    "Tháng 6": "June", "Tháng 7": "July", "Tháng 8": "August", "Tháng 9": "September", "Tháng 10": "October",
    "Tháng 11": "November", "Tháng 12": "December",
    # The shipped processes (workflows/*.bpmn, *.dmn): names, steps, instructions and form titles, shown through
    # `named`; a process a designer writes keeps its own words, marked Vietnamese.
    "Xây dựng và ban hành kế hoạch": "Drafting and issuing a plan", "Báo cáo định kỳ": "Periodic reports",
    "Chấm điểm, xếp loại": "Scoring and classification", "Tiếp nhận văn bản đến": "Receiving an incoming document",
    "Xếp loại dân vận chính quyền": "Mass-mobilisation classification",
    "Xếp loại theo tổng điểm": "Classification by total score",
    "Tiếp nhận kế hoạch cấp trên": "Receive the superior's plan", "Soạn thảo dự thảo kế hoạch": "Draft the plan",
    "Thẩm định dự thảo kế hoạch": "Review the draft plan", "Phê duyệt, ký kế hoạch": "Approve and sign the plan",
    "Vào sổ, ban hành kế hoạch": "Register and issue the plan",
    "Xác nhận đã nhận kế hoạch": "Confirm receipt of the plan",
    "Soạn báo cáo": "Draft the report", "Thẩm định báo cáo": "Review the report",
    "Phê duyệt, ký báo cáo": "Approve and sign the report",
    "Tiếp nhận báo cáo của đơn vị": "Accept a unit's report", "Tự chấm điểm": "Self-assessment",
    "Phê duyệt kết quả tự chấm": "Approve the self-assessment",
    "Thẩm định, chấm điểm phần của cấp trên": "Review, and score the superior's part",
    "Soạn thảo, trình duyệt": "Drafting and review", "Soạn thảo, trình ký báo cáo": "Drafting and signing the report",
    "Soạn, gửi, tiếp nhận báo cáo": "Drafting, sending and accepting the report",
    "Tự chấm điểm, gửi cấp trên": "Self-assessment, sent up", "Tự chấm, trình ký": "Self-assessment and signing",
    "Xây dựng, ban hành kế hoạch": "Drafting and issuing the plan",
    "Xây dựng, gửi báo cáo": "Drafting and sending the report",
    "Lãnh đạo UBND": "Committee leaders", "Chuyên viên (nơi nhận)": "Officer (receiving)",
    "Văn thư, Trưởng phòng": "Clerk, head",
    "Báo cáo Chủ tịch khi còn quá hạn": "Tell the chair while still overdue",
    "Báo cáo Chủ tịch kế hoạch quá hạn": "Tell the chair the plan is overdue",
    "Còn 1 ngày đến hạn": "1 day left", "Còn 3 ngày đến hạn": "3 days left", "Còn 7 ngày đến hạn": "7 days left",
    "Cấp số, gửi báo cáo": "Number and send the report",
    "Cấp số, gửi kết quả tự chấm": "Number and send the self-assessment",
    "Cấp số, ngày ban hành": "Number and date of issue", "Ghi nhận kết quả tiếp nhận": "Record the acceptance",
    "Ghi nhận người ký": "Record the signer", "Ghi nhận đã nhận": "Record receipt",
    "Gửi kế hoạch đến Nơi nhận": "Send the plan to its recipients", "Lưu dự thảo": "Store the draft",
    "Lưu dự thảo báo cáo": "Store the draft report", "Lưu điểm thẩm định": "Store the review scores",
    "Lưu điểm tự chấm": "Store the self-assessment scores", "Lấy thang điểm của tỉnh": "Fetch the province's scale",
    "Nhắc hạn chuyên viên": "Remind the officer", "Quá hạn báo cáo": "Report overdue",
    "Tổng hợp báo cáo của cấp dưới": "Consolidate the reports from below",
    "Xếp loại theo bảng quyết định của tỉnh": "Classify by the province's decision table",
    "Ghi chú": "Note", "Nhận xét": "Remarks", "Kết quả tiếp nhận": "Acceptance", "Nội dung chính": "Main content",
    "Chốt số liệu từ ngày": "Figures from", "Chốt số liệu đến ngày": "Figures until",
    "Mở kỳ trước hạn (ngày)": "Open the period before the deadline (days)",
    "Cấp từ (ví dụ: VNPT-iOffice)": "Numbered in (e.g. VNPT-iOffice)",
    "Số đã cấp ở sổ khác (để trống: hệ thống cấp số)": "Number given in another register (empty: numbered here)",
    "Dòng lưu (để trống: Lưu: VT, đơn vị soạn thảo.)":
        "Archive line (empty: the records office and the drafting unit)",
    "Dòng trên chức danh người ký (để trống: TM. ỦY BAN NHÂN DÂN; ghi - nếu không có)":
        "Line above the signer's title (empty: on behalf of the People's Committee; write - for none)",
    "Đơn vị ban hành báo cáo cấp trên": "The issuing body reports to its superior",
    "Đơn vị báo cáo (ví dụ: UBND các xã, thị trấn)": "Reporting units, as the document names them",
    "Điểm thẩm định của cấp trên theo tiêu chí": "The superior's scores by criterion",
    "Điểm tự chấm theo tiêu chí": "Self-assessed scores by criterion",
    "Bắt buộc khi chọn «Đồng ý».": "Required when you choose «Approve».",
    "Bắt buộc khi chọn «Tiếp nhận».": "Required when you choose «Accept».",
    "Vào sổ văn bản đến kế hoạch của cấp trên và chuyển cho bộ phận đầu mối để xây dựng kế hoạch của đơn vị.":
        "Register the superior's plan as an incoming document and pass it to the focal unit, which drafts this "
        "unit's plan.",
    "Vào sổ văn bản đến kế hoạch được gửi tới đơn vị và xác nhận đã nhận.":
        "Register the plan sent to this unit as an incoming document and confirm its receipt.",
    "Soạn dự thảo kế hoạch theo kế hoạch cấp trên: trích yếu, nội dung chính, nơi nhận và hạn cấp dưới xây dựng kế "
    "hoạch. Nếu dự thảo bị trả lại, sửa theo ý kiến trả lại ở đầu trang.": "Draft the plan from the superior's plan: "
    "title, main content, recipients and the deadline for the plans of the levels below. If the draft was returned, "
    "correct it as the comments at the top of the page ask.",
    "Đọc toàn văn dự thảo bên dưới, đúng như sẽ ban hành. Bấm «Đồng ý» để trình Lãnh đạo UBND ký, hoặc ghi ý kiến "
    "rồi bấm «Trả lại» để chuyên viên sửa.": "Read the draft below in full, exactly as it will be issued. Press "
    "«Approve» to send it to the committee's leaders for signing, or write a comment and press «Return» for the "
    "officer to correct it.",
    "Đọc toàn văn kế hoạch bên dưới, đúng như sẽ ban hành. Bấm «Đồng ý» để phê duyệt và ký, hoặc ghi ý kiến rồi bấm "
    "«Trả lại». Phó Chủ tịch ký thay (KT. CHỦ TỊCH).": "Read the plan below in full, exactly as it will be issued. "
    "Press «Approve» to approve and sign it, or write a comment and press «Return». A vice chair signs on the "
    "chair's behalf (KT.).",
    "Kế hoạch đã được ký. Vào sổ văn bản đi: hệ thống cấp số, ký hiệu và ngày ban hành, rồi gửi đến Nơi nhận.":
        "The plan is signed. Register it as an outgoing document: it is given its number, symbol and date of issue, "
        "then sent to its recipients.",
    "Soạn báo cáo của kỳ: kết quả, tồn tại, nguyên nhân, kiến nghị và các chỉ tiêu. Đơn vị có cấp dưới báo cáo: số "
    "liệu tổng hợp và danh sách đơn vị nộp trễ, chưa nộp đã được điền sẵn.": "Draft the period's report: results, "
    "shortcomings, causes, proposals and the indicators. A unit with reports from below finds the consolidated "
    "figures and the lists of late and missing units filled in.",
    "Đọc toàn văn báo cáo bên dưới, đúng như sẽ gửi. Bấm «Đồng ý» để trình Lãnh đạo UBND ký, hoặc ghi ý kiến rồi bấm "
    "«Trả lại» để chuyên viên sửa.": "Read the report below in full, exactly as it will be sent. Press «Approve» to "
    "send it to the committee's leaders for signing, or write a comment and press «Return» for the officer to "
    "correct it.",
    "Đọc toàn văn báo cáo bên dưới, đúng như sẽ gửi. Bấm «Đồng ý» để ký, hoặc ghi ý kiến rồi bấm «Trả lại». Phó Chủ "
    "tịch ký thay (KT. CHỦ TỊCH).": "Read the report below in full, exactly as it will be sent. Press «Approve» to "
    "sign it, or write a comment and press «Return». A vice chair signs on the chair's behalf (KT.).",
    "Báo cáo đã được ký. Vào sổ văn bản đi (hệ thống cấp số BC) và gửi đơn vị nhận qua cơ quan đầu mối.":
        "The report is signed. Register it as an outgoing document (it is given a BC number) and send it to the "
        "receiving unit through its focal agency.",
    "Đọc báo cáo nhận được bên dưới. Bấm «Tiếp nhận», hoặc ghi ý kiến rồi bấm «Trả lại» để đề nghị đơn vị bổ sung.":
        "Read the report received below. Press «Accept», or write a comment and press «Return» to ask the unit for "
        "more.",
    "Chấm điểm từng tiêu chí theo thang điểm của tỉnh (phần điểm của đơn vị; phần của cấp trên do cấp trên thẩm "
    "định).": "Score each criterion on the province's scale (the unit's part; the superior scores its own part).",
    "Bấm «Đồng ý» để ký kết quả tự chấm điểm, hoặc ghi ý kiến rồi bấm «Trả lại».":
        "Press «Approve» to sign the self-assessment, or write a comment and press «Return».",
    "Xem kết quả tự chấm của đơn vị và chấm phần điểm của cấp trên cho từng tiêu chí.":
        "Read the unit's self-assessment and score the superior's part of each criterion.",
    "(chưa ban hành)": "(not issued yet)", "ngày {day}": "of {day}", "kế hoạch #{id}": "plan #{id}",
    "Nơi nhận báo cáo": "Reports go to",
    "Chưa có nghĩa vụ báo cáo (được lập khi kế hoạch ban hành).":
        "No reporting obligations yet (they are made when the plan is issued).",
    # Messages after an action (webapp/admin.py, plans.py, migration.py)
    "Đã đặt mật khẩu mới; các phiên đăng nhập cũ của người này đã hết hiệu lực.":
        "New password set; this user's earlier sessions have ended.",
    "Đã giao vai trò.": "Role granted.", "Đã thu hồi vai trò.": "Role revoked.", "Đã thêm {name}.": "{name} added.",
    "{name} giải thể; đã hủy {cancelled} kỳ báo cáo đang mở.":
        "{name} dissolved; {cancelled} open reporting periods cancelled.",
    "Đã tạo người dùng {username}.": "User {username} created.",
    "Đã chuyển {n} hồ sơ sang phiên bản {version}": "{n} instances moved to version {version}",
    "{moved}; {n} hồ sơ không chuyển được: {reasons}": "{moved}; {n} could not be moved: {reasons}",
    "Đã yêu cầu báo cáo {due}: {subject}": "Report requested, {due}: {subject}",
    "Đã tạo kế hoạch #{id}; nhiệm vụ soạn thảo đang chờ chuyên viên.":
        "Plan #{id} started; its drafting task waits for an officer.",
})

# The scheduler's health page (webapp/worker.py, templates/worker.html)
ENGLISH.update({
    "Bộ lập lịch": "Scheduler", "Bộ lập lịch (worker)": "Scheduler (worker)",
    "Worker mở kỳ báo cáo, chạy nhắc hạn và quá hạn, gửi thư. Chạy bằng lệnh planflow worker (docs/operations.md).":
        "The worker opens reporting periods, sends reminders and overdue notices, and sends mail. It runs as "
        "planflow worker (docs/operations.md).",
    "Đang chạy": "Running", "Mất nhịp": "Silent", "Đã dừng": "Stopped",
    "Mất nhịp: worker đã đăng ký nhưng lâu không chạy": "Silent: a worker is registered but has not ticked lately",
    "Không có worker nào chạy: nhắc hạn, mở kỳ báo cáo và thư đều đang chờ":
        "No worker is running: reminders, reporting periods and mail are all waiting",
    "nhịp cuối": "last tick", "Việc đến hạn": "Due work", "Hồ sơ có hẹn giờ đến hạn": "Instances with due timers",
    "Trễ hơn {n} phút": "Late by more than {n} minutes", "Hẹn giờ lâu nhất chưa chạy": "Oldest timer not yet fired",
    "Kỳ báo cáo chờ mở": "Reporting periods waiting to open", "Sự cố chưa xử lý": "Open incidents", "Thư": "Mail",
    "chờ gửi": "queued", "đã gửi": "sent", "không gửi được": "failed", "không rõ đã gửi": "uncertain",
    "đang gửi": "sending",
    "Các worker": "Workers", "Máy, tiến trình": "Host, process", "Nhịp cuối": "Last tick", "Lượt": "Passes",
    "Lượt gần nhất có việc": "Last pass with work", "{n} giây trước": "{n} seconds ago",
    "mở {o}, hẹn giờ {f}, hủy {c}": "opened {o}, timers {f}, cancelled {c}",
    "Chưa có worker nào từng chạy trên cơ sở dữ liệu này.": "No worker has ever run on this database.",
})

# SQLite's write lock waited out (engine/db.py BUSY_TEXT, webapp/pages.py)
ENGLISH.update({
    "Hệ thống đang bận": "The system is busy",
    "Cơ sở dữ liệu SQLite đang bận: một tiến trình khác giữ quyền ghi quá 30 giây. Không có gì bị thay đổi; "
    "hãy thử lại sau.": "The SQLite database is busy: another process has held the write lock for over 30 seconds. "
                        "Nothing was changed; please try again shortly.",
})
