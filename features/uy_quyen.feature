# language: vi
Tính năng: Ủy quyền ký và thẩm định trong một khoảng ngày
  Khi Chủ tịch đi công tác, Phó Chủ tịch ký thay (KT. CHỦ TỊCH); khi Trưởng phòng nghỉ phép,
  một Chuyên viên cùng phòng thẩm định thay. Ủy quyền có hiệu lực từ ngày bắt đầu đến hết ngày
  kết thúc; ngoài khoảng đó người được ủy quyền không xử lý thay được. Nhật ký ghi cả hai người.

  Bối cảnh:
    Cho tổ chức mẫu ba cấp: tỉnh Hải Dương, các huyện Tứ Kỳ và Thanh Hà, mỗi huyện ba xã
    Và hôm nay là 01/03/2024
    Và chuyên viên UBND huyện Tứ Kỳ đã lập kế hoạch mới
    Và chuyên viên UBND huyện Tứ Kỳ đã trình dự thảo "Kế hoạch dân vận chính quyền năm 2024"

  Kịch bản: Phó Chủ tịch ký thay Chủ tịch trong thời gian được ủy quyền
    Cho chủ tịch UBND huyện Tứ Kỳ đã ủy quyền ký cho phó chủ tịch UBND huyện Tứ Kỳ từ 04/03/2024 đến 08/03/2024
    Và trưởng phòng UBND huyện Tứ Kỳ đã đồng ý trình ký
    Khi hôm nay là 08/03/2024
    Và phó chủ tịch UBND huyện Tứ Kỳ phê duyệt, ký kế hoạch
    Thì kế hoạch ở trạng thái "đã ký"
    Và khối chữ ký của kế hoạch là "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" và tên phó chủ tịch UBND huyện Tứ Kỳ
    Và lịch sử kế hoạch ghi phó chủ tịch UBND huyện Tứ Kỳ ký thay chủ tịch UBND huyện Tứ Kỳ

  Kịch bản: Chuyên viên thẩm định thay Trưởng phòng chỉ trong khoảng ngày được ủy quyền
    Cho trưởng phòng UBND huyện Tứ Kỳ đã ủy quyền thẩm định cho chuyên viên UBND huyện Tứ Kỳ từ 05/03/2024 đến 10/03/2024
    Khi hôm nay là 04/03/2024
    Thì chuyên viên UBND huyện Tứ Kỳ không có nhiệm vụ "Thẩm định dự thảo kế hoạch"
    Khi hôm nay là 05/03/2024
    Thì chuyên viên UBND huyện Tứ Kỳ có nhiệm vụ "Thẩm định dự thảo kế hoạch"
    Khi hôm nay là 11/03/2024
    Thì chuyên viên UBND huyện Tứ Kỳ không có nhiệm vụ "Thẩm định dự thảo kế hoạch"
    Khi hôm nay là 10/03/2024
    Và chuyên viên UBND huyện Tứ Kỳ thẩm định thay, đồng ý trình ký
    Thì kế hoạch ở trạng thái "chờ ký"
    Và lịch sử kế hoạch ghi chuyên viên UBND huyện Tứ Kỳ thẩm định thay trưởng phòng UBND huyện Tứ Kỳ

  Kịch bản: Hai ủy quyền trùng ngày bị từ chối
    Cho chủ tịch UBND huyện Tứ Kỳ đã ủy quyền ký cho phó chủ tịch UBND huyện Tứ Kỳ từ 04/03/2024 đến 08/03/2024
    Khi chủ tịch UBND huyện Tứ Kỳ ủy quyền ký cho phó chủ tịch UBND huyện Tứ Kỳ từ 08/03/2024 đến 12/03/2024
    Thì thao tác bị từ chối vì dữ liệu không hợp lệ với thông báo có "Trùng thời gian với ủy quyền"

  Kịch bản: Chỉ ủy quyền ký cho Phó Chủ tịch của chính UBND đó
    Khi chủ tịch UBND huyện Tứ Kỳ ủy quyền ký cho phó chủ tịch UBND huyện Thanh Hà từ 04/03/2024 đến 08/03/2024
    Thì thao tác bị từ chối vì dữ liệu không hợp lệ với thông báo có "không phải Phó Chủ tịch của UBND huyện Tứ Kỳ"
