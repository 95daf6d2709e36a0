# language: vi
Tính năng: Chuyển kế hoạch đang xây dựng sang phiên bản quy trình mới
  Khi quy trình kế hoạch có phiên bản mới, người thiết kế quy trình xem các kế hoạch đang chạy theo
  phiên bản cũ và chọn kế hoạch để chuyển sang phiên bản mới. Kế hoạch chuyển được khi bước nó đang
  chờ vẫn còn trong phiên bản mới; từ đó các bước tiếp theo đi theo phiên bản mới. Kế hoạch đang chờ
  ở bước đã bị bỏ thì không chuyển, giữ nguyên như trước, và người thiết kế biết vì sao.

  Bối cảnh:
    Cho tổ chức mẫu ba cấp: tỉnh Hải Dương, các huyện Tứ Kỳ và Thanh Hà, mỗi huyện ba xã
    Và chuyên viên UBND huyện Tứ Kỳ đã lập kế hoạch mới

  Kịch bản: Kế hoạch đang soạn thảo chuyển sang phiên bản mới rồi đi qua bước mới thêm
    Cho người thiết kế quy trình đã triển khai phiên bản 2 của quy trình kế hoạch, thêm bước "Thẩm định lại" của trưởng phòng sau bước thẩm định
    Khi người thiết kế quy trình xem các kế hoạch có thể chuyển sang phiên bản 2
    Thì kế hoạch của UBND huyện Tứ Kỳ có thể chuyển, đang chờ "Soạn thảo dự thảo kế hoạch"
    Khi người thiết kế quy trình chuyển kế hoạch của UBND huyện Tứ Kỳ sang phiên bản 2
    Thì kế hoạch của UBND huyện Tứ Kỳ chạy theo phiên bản 2 của quy trình
    Và lịch sử kế hoạch của UBND huyện Tứ Kỳ ghi người thiết kế quy trình đã chuyển từ phiên bản 1 sang phiên bản 2
    Khi chuyên viên UBND huyện Tứ Kỳ trình dự thảo "Kế hoạch dân vận chính quyền huyện Tứ Kỳ năm 2024"
    Và trưởng phòng UBND huyện Tứ Kỳ đồng ý trình ký
    Thì trưởng phòng UBND huyện Tứ Kỳ có nhiệm vụ "Thẩm định lại"
    Khi trưởng phòng UBND huyện Tứ Kỳ thẩm định lại dự thảo
    Và chủ tịch UBND huyện Tứ Kỳ phê duyệt, ký kế hoạch
    Và văn thư UBND huyện Tứ Kỳ vào sổ, ban hành kế hoạch
    Thì kế hoạch ở trạng thái "đã ban hành"

  Kịch bản: Kế hoạch đang chờ ở bước đã bị bỏ không chuyển được và giữ nguyên, kế hoạch khác vẫn chuyển
    Cho chuyên viên UBND huyện Thanh Hà đã lập kế hoạch mới
    Và chuyên viên UBND huyện Thanh Hà đã trình dự thảo "Kế hoạch dân vận chính quyền huyện Thanh Hà năm 2024"
    Và người thiết kế quy trình đã triển khai phiên bản 2 của quy trình kế hoạch, bỏ bước thẩm định của trưởng phòng
    Khi người thiết kế quy trình xem các kế hoạch có thể chuyển sang phiên bản 2
    Thì kế hoạch của UBND huyện Tứ Kỳ có thể chuyển, đang chờ "Soạn thảo dự thảo kế hoạch"
    Và kế hoạch của UBND huyện Thanh Hà không chuyển được vì "Bước đang chờ 'Thẩm định dự thảo kế hoạch' không còn trong phiên bản 2"
    Khi người thiết kế quy trình chuyển kế hoạch của UBND huyện Tứ Kỳ và UBND huyện Thanh Hà sang phiên bản 2
    Thì kế hoạch của UBND huyện Tứ Kỳ chạy theo phiên bản 2 của quy trình
    Và kế hoạch của UBND huyện Thanh Hà không chuyển được vì "Bước đang chờ 'Thẩm định dự thảo kế hoạch' không còn trong phiên bản 2"
    Và kế hoạch của UBND huyện Thanh Hà vẫn chạy theo phiên bản 1 như trước khi chuyển
    Và trưởng phòng UBND huyện Thanh Hà vẫn có nhiệm vụ "Thẩm định dự thảo kế hoạch"

  Kịch bản: Chỉ người thiết kế quy trình được chuyển kế hoạch sang phiên bản mới
    Cho người thiết kế quy trình đã triển khai phiên bản 2 của quy trình kế hoạch, thêm bước "Thẩm định lại" của trưởng phòng sau bước thẩm định
    Khi chủ tịch UBND huyện Tứ Kỳ chuyển kế hoạch của UBND huyện Tứ Kỳ sang phiên bản 2
    Thì thao tác bị từ chối vì không có quyền với thông báo có "Người thiết kế quy trình"
    Và kế hoạch không thay đổi gì
    Và kế hoạch của UBND huyện Tứ Kỳ chạy theo phiên bản 1 của quy trình
