// planflow's own words in the designer and the instance viewer (the properties panel's planflow groups, lint rules,
// the status line, the viewer's states). They are written in Vietnamese; when the page is English — the server
// writes the user's language in <html lang>, as on every page — they are looked up here, as webapp/i18n.py does for
// the pages. A text missing here shows in Vietnamese. Messages from the server (refusals, validation problems) are
// the engine's record and stay as sent.

const ENGLISH = {
  // the instance viewer (viewer/instance.js)
  'Đã hoàn thành': 'Completed',
  'Đang thực hiện': 'In progress',
  'Đang chờ': 'Waiting',
  'Chờ xử lý': 'Ready',
  'Đã hủy': 'Cancelled',
  'Chưa thực hiện': 'Not reached',
  'Không hiển thị được sơ đồ: {error}': 'The diagram cannot be shown: {error}',
  'Hoàn thành bởi {who} lúc {at}': 'Completed by {who} at {at}',
  // requests (http.js)
  'Máy chủ trả lỗi {status} khi tải {url}': 'The server answered {status} for {url}',
  'Máy chủ trả lỗi {status}.': 'The server answered {status}.',
  // the designer page (designer/*.js)
  'Tệp có {count} chỗ sẽ khác đi khi lưu (xem danh sách bên dưới).':
    'The file has {count} parts that a save would change (see the list below).',
  'Không mở được tệp {name}: {error} Sơ đồ đang mở vẫn giữ nguyên.':
    'Cannot open {name}: {error} The diagram shown before stays open.',
  'tệp không có dữ liệu hình vẽ (BPMNDiagram), nên không có gì để hiển thị.':
    'the file has no diagram data (BPMNDiagram), so there is nothing to show.',
  'tệp không phải sơ đồ BPMN hay bảng quyết định DMN ({detail}).':
    'the file is neither a BPMN diagram nor a DMN decision table ({detail}).',
  'tệp không phải sơ đồ BPMN hay bảng quyết định DMN (phần tử gốc là <{root}>).':
    'the file is neither a BPMN diagram nor a DMN decision table (its root element is <{root}>).',
  'Không đọc được: {detail}; phần này sẽ mất khi lưu.': 'Cannot be read: {detail}; a save loses it.',
  'Tham chiếu tới "{id}" không có trong tệp: tham chiếu này sẽ mất khi lưu.':
    'The reference to "{id}" is not in the file: a save loses it.',
  'Không đọc được phần tử <{tag}>: phần tử này sẽ mất khi lưu.': 'The element <{tag}> cannot be read: a save loses it.',
  'Phần tử có {count} khối extensionElements: khi lưu, nội dung của chúng được gộp vào một khối.':
    'The element has {count} extensionElements blocks: a save merges their content into one.',
  'Đang gửi…': 'Sending…',
  'Không gửi được: {error}': 'Not sent: {error}',
  'Nội dung không đổi: phiên bản {version} vẫn là phiên bản mới nhất':
    'Nothing changed: version {version} is still the latest',
  'Đã triển khai phiên bản {version}': 'Version {version} deployed',
  'Đã lưu nháp lúc {at}': 'Draft saved at {at}',
  'Đã mở tệp {name} (chưa lưu).': 'Opened {name} (not saved).',
  'Không mở được tệp {name}: {error}': 'Cannot open {name}: {error}',
  'Không mở được sơ đồ: {error}': 'Cannot open the diagram: {error}',
  'Xem các phiên bản': 'See the versions',
  'Chọn phần tử này trên sơ đồ': 'Select this element in the diagram',
  'tệp không phải XML hợp lệ.': 'the file is not valid XML.',
  'Sơ đồ quyết định (DRD)': 'Decision diagram (DRD)',
  'Bảng quyết định': 'Decision table',
  'Biểu thức': 'Expression',
  'Các phần của bảng quyết định': 'Parts of the decision table',
  // a new file's first names (designer/blank.js)
  'Quy trình mới': 'New process',
  'Bắt đầu': 'Start',
  'Bảng quyết định mới': 'New decision table',
  'Đầu vào': 'Input',
  'Kết quả': 'Result',
  // the properties panel's planflow groups (properties/*.jsx)
  '(chưa chọn)': '(none chosen)',
  '{value} (không có trong danh sách)': '{value} (not in the list)',
  'Vai trò': 'Role',
  'Vai trò (làn)': 'Roles (lanes)',
  '(chưa giao vai trò)': '(no role yet)',
  'Làn được vẽ trên sơ đồ: kéo nhiệm vụ vào làn để đổi vai trò.':
    'The lanes are drawn: drag the task into a lane to change its role.',
  'Quy trình chưa có làn: thêm ở nhóm "Vai trò (làn)" của quy trình.':
    'The process has no lanes yet: add them in the process\'s "Roles (lanes)" group.',
  'Vai trò thực hiện': 'Role that performs it',
  'Thao tác của hệ thống': 'System operation',
  'Thao tác dịch vụ': 'Service operation',
  'Biến nhận kết quả': 'Result variable',
  'Tên tham số': 'Parameter name',
  'Kiểu (str, int, ...)': 'Type (str, int, ...)',
  'Giá trị (biểu thức)': 'Value (expression)',
  'Tham số thao tác': 'Operation parameters',
  'Nhiệm vụ người dùng': 'User task',
  'Hướng dẫn': 'Instructions',
  'Biểu mẫu (JSON Schema)': 'Form (JSON Schema)',
  'Trạng thái kế hoạch': 'Plan status',
  'Hạn xử lý (biểu thức)': 'Due (expression)',
  'Biểu thức Python cho hạn: plan_deadline, report_deadline (hạn như văn bản ghi) hoặc một ngày ISO (kể cả ngày đó)':
    'A Python expression for the due date: plan_deadline, report_deadline (the deadline as written) or an ISO date '
    + '(that day included)',
  'Mã kịch bản': 'Script code',
  'Kịch bản': 'Script',
  'Kịch bản trước/sau': 'Pre- and post-scripts',
  'Kịch bản chạy trước (preScript)': 'Script run before (preScript)',
  'Kịch bản chạy sau (postScript)': 'Script run after (postScript)',
  'Mã bảng quyết định (calledDecisionId)': 'Decision table id (calledDecisionId)',
  'Biến chứa thông điệp': 'Variable holding the message',
  'Nội dung thông điệp (biểu thức)': 'Message payload (expression)',
  'Thông điệp (thực thi)': 'Message (execution)',
  'Chọn thông điệp trước (nhóm Thông điệp).': 'Choose the message first (Message group).',
  'Thêm thuộc tính tương quan trước (nhóm Thuộc tính tương quan).':
    'Add a correlation property first (Correlation properties group).',
  'Khóa tương quan': 'Correlation key',
  'Thuộc tính tương quan': 'Correlation properties',
  'Mã chỉ gồm chữ không dấu, số, _ . - và không bắt đầu bằng số.':
    'An id holds only unaccented letters, digits, _ . - and does not start with a digit.',
  'Mã này đã được dùng.': 'This id is already used.',
  'Mã thuộc tính': 'Property id',
  'Biểu thức lấy giá trị từ thông điệp': 'Expression taking the value from the message',
  // planflow's lint rules (lint/rules/*.js)
  'Biểu mẫu (formSchema) không phải JSON hợp lệ: {error}': 'The form (formSchema) is not valid JSON: {error}',
  'Biểu mẫu (formSchema) phải là một đối tượng JSON Schema ({...})':
    'The form (formSchema) must be a JSON Schema object ({...})',
  'Nhiệm vụ người dùng chưa thuộc làn (vai trò) nào': 'The user task is in no lane (role)',
  'Làn "{lane}" không phải vai trò nào trong hệ thống': 'Lane "{lane}" is not a role planflow knows',
};

/** "en" when the page is English (<html lang="en">), otherwise "vi". */
export function language() {
  return (document.documentElement.lang || 'vi').toLowerCase().startsWith('en') ? 'en' : 'vi';
}

/** `text` in the page's language, with {name} placeholders filled from `values`. */
export function t(text, values = {}) {
  const template = language() === 'en' ? (ENGLISH[text] ?? text) : text;
  return template.replace(/{(\w+)}/g, (placeholder, key) => (key in values ? String(values[key]) : placeholder));
}
