# language: vi
Tính năng: Soạn thảo, thẩm định và phê duyệt kế hoạch
  Để kế hoạch của UBND chỉ được ký khi nội dung đã được kiểm tra,
  chuyên viên Phòng Nội vụ soạn dự thảo, trưởng phòng thẩm định,
  lãnh đạo UBND ký hoặc trả lại kèm ý kiến để chuyên viên sửa.

  Bối cảnh:
    Cho tổ chức mẫu ba cấp: tỉnh Hải Dương, các huyện Tứ Kỳ và Thanh Hà, mỗi huyện ba xã
    Và chuyên viên UBND huyện Tứ Kỳ đã lập kế hoạch mới

  Kịch bản: Dự thảo bị trưởng phòng rồi chủ tịch trả lại, sửa hai lần rồi được ký
    Khi chuyên viên UBND huyện Tứ Kỳ trình dự thảo "Kế hoạch dân vận chính quyền năm 2024"
    Và trưởng phòng UBND huyện Tứ Kỳ trả lại dự thảo với ý kiến "Bổ sung chỉ tiêu cụ thể cho từng xã"
    Thì kế hoạch ở trạng thái "đang soạn thảo"
    Và chuyên viên UBND huyện Tứ Kỳ có nhiệm vụ "Soạn thảo dự thảo kế hoạch"
    Và trưởng phòng UBND huyện Tứ Kỳ không còn có nhiệm vụ "Thẩm định dự thảo kế hoạch"
    Và lịch sử kế hoạch ghi trưởng phòng UBND huyện Tứ Kỳ trả lại với ý kiến "Bổ sung chỉ tiêu cụ thể cho từng xã"
    Khi chuyên viên UBND huyện Tứ Kỳ trình lại dự thảo "Kế hoạch dân vận chính quyền năm 2024 (có chỉ tiêu)"
    Và trưởng phòng UBND huyện Tứ Kỳ đồng ý trình ký
    Thì kế hoạch ở trạng thái "chờ ký"
    Và chủ tịch UBND huyện Tứ Kỳ có nhiệm vụ "Phê duyệt, ký kế hoạch"
    Khi chủ tịch UBND huyện Tứ Kỳ trả lại dự thảo với ý kiến "Làm rõ nguồn kinh phí"
    Thì kế hoạch ở trạng thái "đang soạn thảo"
    Và chuyên viên UBND huyện Tứ Kỳ có nhiệm vụ "Soạn thảo dự thảo kế hoạch"
    Và chủ tịch UBND huyện Tứ Kỳ không còn có nhiệm vụ "Phê duyệt, ký kế hoạch"
    Và lịch sử kế hoạch ghi chủ tịch UBND huyện Tứ Kỳ trả lại với ý kiến "Làm rõ nguồn kinh phí"
    Khi chuyên viên UBND huyện Tứ Kỳ trình lại dự thảo "Kế hoạch dân vận chính quyền năm 2024 (hoàn chỉnh)"
    Và trưởng phòng UBND huyện Tứ Kỳ đồng ý trình ký
    Và chủ tịch UBND huyện Tứ Kỳ phê duyệt, ký kế hoạch
    Thì kế hoạch ở trạng thái "đã ký"
    Và trích yếu của kế hoạch là "Kế hoạch dân vận chính quyền năm 2024 (hoàn chỉnh)"
    Và văn thư UBND huyện Tứ Kỳ có nhiệm vụ "Vào sổ, ban hành kế hoạch"
    Và kế hoạch chưa có số và ngày ban hành

  Kịch bản: Trưởng phòng trả lại mà không ghi ý kiến thì bị từ chối, không có gì thay đổi
    Cho chuyên viên UBND huyện Tứ Kỳ đã trình dự thảo "Kế hoạch dân vận chính quyền năm 2024"
    Khi trưởng phòng UBND huyện Tứ Kỳ trả lại dự thảo mà không ghi ý kiến
    Thì thao tác bị từ chối vì dữ liệu không hợp lệ với thông báo có "cần nhập 'Ý kiến'"
    Và kế hoạch không thay đổi gì
    Và trưởng phòng UBND huyện Tứ Kỳ vẫn có nhiệm vụ "Thẩm định dự thảo kế hoạch"
    Và chuyên viên UBND huyện Tứ Kỳ không có nhiệm vụ "Soạn thảo dự thảo kế hoạch"

  Kịch bản: Chủ tịch trả lại với ý kiến chỉ gồm khoảng trắng thì bị từ chối, không có gì thay đổi
    Cho chuyên viên UBND huyện Tứ Kỳ đã trình dự thảo "Kế hoạch dân vận chính quyền năm 2024"
    Và trưởng phòng UBND huyện Tứ Kỳ đã đồng ý trình ký
    Khi chủ tịch UBND huyện Tứ Kỳ trả lại dự thảo với ý kiến "   "
    Thì thao tác bị từ chối vì dữ liệu không hợp lệ với thông báo có "'Ý kiến' không được để trống"
    Và kế hoạch không thay đổi gì
    Và chủ tịch UBND huyện Tứ Kỳ vẫn có nhiệm vụ "Phê duyệt, ký kế hoạch"

  Kịch bản: Phó Chủ tịch ký thay Chủ tịch
    Cho chuyên viên UBND huyện Tứ Kỳ đã trình dự thảo "Kế hoạch dân vận chính quyền năm 2024"
    Và trưởng phòng UBND huyện Tứ Kỳ đã đồng ý trình ký
    Khi phó chủ tịch UBND huyện Tứ Kỳ phê duyệt, ký kế hoạch
    Thì khối chữ ký của kế hoạch là "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" và họ tên phó chủ tịch UBND huyện Tứ Kỳ

  Kịch bản: Chủ tịch ký thì ký thay mặt tập thể Ủy ban
    Cho chuyên viên UBND huyện Tứ Kỳ đã trình dự thảo "Kế hoạch dân vận chính quyền năm 2024"
    Và trưởng phòng UBND huyện Tứ Kỳ đã đồng ý trình ký
    Khi chủ tịch UBND huyện Tứ Kỳ phê duyệt, ký kế hoạch
    Thì khối chữ ký của kế hoạch là "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH" và họ tên chủ tịch UBND huyện Tứ Kỳ

  Kịch bản: Chuyên viên của đơn vị khác không xử lý được nhiệm vụ soạn thảo
    Khi chuyên viên UBND huyện Thanh Hà thử trình dự thảo "Kế hoạch của huyện khác" thay cho chuyên viên UBND huyện Tứ Kỳ
    Thì thao tác bị từ chối vì không có quyền với thông báo có "không có vai trò (Chuyên viên)"
    Và kế hoạch không thay đổi gì
    Và chuyên viên UBND huyện Tứ Kỳ vẫn có nhiệm vụ "Soạn thảo dự thảo kế hoạch"
    Và chuyên viên UBND huyện Thanh Hà không có nhiệm vụ "Soạn thảo dự thảo kế hoạch"

  Kịch bản: Nhiệm vụ đã được người khác hoàn thành thì báo xung đột
    Cho chuyên viên UBND huyện Tứ Kỳ đã trình dự thảo "Kế hoạch dân vận chính quyền năm 2024"
    Và trưởng phòng UBND huyện Tứ Kỳ đã đồng ý trình ký
    Và chủ tịch UBND huyện Tứ Kỳ đang mở nhiệm vụ "Phê duyệt, ký kế hoạch"
    Khi phó chủ tịch UBND huyện Tứ Kỳ phê duyệt, ký kế hoạch
    Và chủ tịch UBND huyện Tứ Kỳ trả lại nhiệm vụ đang mở với ý kiến "Cần sửa lại mục III"
    Thì thao tác bị từ chối vì xung đột với thông báo có "dữ liệu của bạn chưa được ghi"
    Và thông báo cho biết phó chủ tịch UBND huyện Tứ Kỳ đã hoàn thành nhiệm vụ
    Và kế hoạch không thay đổi gì
    Và kế hoạch ở trạng thái "đã ký"
    Và khối chữ ký của kế hoạch là "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" và họ tên phó chủ tịch UBND huyện Tứ Kỳ
