# language: vi
Tính năng: Sự cố và xử lý hồ sơ quy trình
  Khi một bước của quy trình lỗi lúc chạy (tập lệnh sai, biểu thức gọi biến không có, thông điệp không có
  nơi nhận), thao tác gặp lỗi bị từ chối và hồ sơ được ghi sự cố: bước lỗi, thông báo lỗi, thời điểm. Quản
  trị hệ thống xem danh sách sự cố, thử lại sau khi quy trình được sửa, tạm dừng, tiếp tục, chấm dứt hồ sơ
  hoặc đưa hồ sơ về một bước trước. Mỗi thao tác phải ghi lý do và được ghi vào nhật ký; không mất lịch sử nào.
  Chấm dứt hồ sơ của kế hoạch thì kế hoạch ghi "Đã chấm dứt"; chấm dứt hồ sơ của báo cáo thì báo cáo bị hủy với lý
  do đó; hồ sơ đang tạm dừng được ghi rõ trên trang kế hoạch, báo cáo.

  Bối cảnh:
    Cho tổ chức mẫu ba cấp: tỉnh Hải Dương, các huyện Tứ Kỳ và Thanh Hà, mỗi huyện ba xã
    Và hôm nay là 01/03/2024

  Kịch bản: Lời nhắc có tập lệnh lỗi thành sự cố; quản trị thử lại sau khi sửa quy trình
    Cho quy trình tiếp dân có lời nhắc sau một giờ chạy tập lệnh "x = 1/0"
    Và chuyên viên UBND huyện Tứ Kỳ đã bắt đầu hồ sơ tiếp dân
    Khi đồng hồ chỉ 10:00 ngày 01/03/2024 và hệ thống xử lý các việc đến hạn
    Thì danh sách sự cố có hồ sơ tiếp dân lỗi ở bước "note" khi "Hẹn giờ", thông báo có "ZeroDivisionError"
    Khi quản trị hệ thống thử lại hồ sơ tiếp dân với lý do "Thử lại lần đầu"
    Thì lần thử lại bị từ chối với lỗi có "ZeroDivisionError"
    Và sự cố của hồ sơ tiếp dân đã xảy ra 2 lần
    Khi nhà thiết kế sửa tập lệnh thành "x = 1" và chuyển hồ sơ tiếp dân sang phiên bản mới
    Và quản trị hệ thống thử lại hồ sơ tiếp dân với lý do "Đã sửa tập lệnh"
    Thì danh sách sự cố đang mở không còn hồ sơ tiếp dân
    Và nhật ký hồ sơ tiếp dân ghi quản trị hệ thống "Thử lại sau sự cố" với lý do "Đã sửa tập lệnh"

  Kịch bản: Hồ sơ tạm dừng không nhận hoàn thành nhiệm vụ cho đến khi được tiếp tục
    Cho chuyên viên UBND huyện Tứ Kỳ đã lập kế hoạch mới
    Khi quản trị hệ thống tạm dừng hồ sơ của kế hoạch với lý do "Kiểm tra số liệu"
    Thì chuyên viên UBND huyện Tứ Kỳ không còn có nhiệm vụ "Soạn thảo dự thảo kế hoạch"
    Khi quản trị hệ thống tiếp tục hồ sơ của kế hoạch với lý do "Đã kiểm tra xong"
    Thì chuyên viên UBND huyện Tứ Kỳ có nhiệm vụ "Soạn thảo dự thảo kế hoạch"
    Và nhật ký hồ sơ của kế hoạch ghi quản trị hệ thống "Tạm dừng quy trình" với lý do "Kiểm tra số liệu"

  Kịch bản: Đưa kế hoạch đã trình ký về bước soạn thảo
    Cho chuyên viên UBND huyện Tứ Kỳ đã lập kế hoạch mới
    Và chuyên viên UBND huyện Tứ Kỳ đã trình dự thảo "Kế hoạch dân vận chính quyền năm 2024"
    Và trưởng phòng UBND huyện Tứ Kỳ đã đồng ý trình ký
    Khi quản trị hệ thống đưa hồ sơ của kế hoạch về bước "draft_plan" với lý do "Cần sửa số liệu"
    Thì chủ tịch UBND huyện Tứ Kỳ không còn có nhiệm vụ "Phê duyệt, ký kế hoạch"
    Và chuyên viên UBND huyện Tứ Kỳ có nhiệm vụ "Soạn thảo dự thảo kế hoạch"
    Và kế hoạch ở trạng thái "đang soạn thảo"
    Và nhật ký hồ sơ của kế hoạch ghi quản trị hệ thống "Đưa quy trình về bước trước" với lý do "Cần sửa số liệu"

  Kịch bản: Không ghi lý do thì thao tác xử lý bị từ chối
    Cho chuyên viên UBND huyện Tứ Kỳ đã lập kế hoạch mới
    Khi quản trị hệ thống chấm dứt hồ sơ của kế hoạch với lý do ""
    Thì thao tác bị từ chối vì dữ liệu không hợp lệ với thông báo có "Cần ghi lý do"
    Và chuyên viên UBND huyện Tứ Kỳ có nhiệm vụ "Soạn thảo dự thảo kế hoạch"

  Kịch bản: Quản trị viên chấm dứt kế hoạch lập nhầm
    Cho chuyên viên UBND huyện Tứ Kỳ đã lập kế hoạch mới
    Khi quản trị hệ thống chấm dứt hồ sơ của kế hoạch với lý do "Kế hoạch lập nhầm"
    Thì trang kế hoạch ghi trạng thái "Đã chấm dứt"
    Và chuyên viên UBND huyện Tứ Kỳ không còn có nhiệm vụ "Soạn thảo dự thảo kế hoạch"
    Và nhật ký hồ sơ của kế hoạch ghi quản trị hệ thống "Chấm dứt quy trình" với lý do "Kế hoạch lập nhầm"
