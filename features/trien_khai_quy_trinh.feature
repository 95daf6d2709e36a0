# language: vi
Tính năng: Triển khai phiên bản quy trình
  Người thiết kế quy trình tải lên tệp BPMN. Tệp có nguy cơ về an toàn hoặc không chạy được
  thì bị từ chối ngay khi triển khai, với thông báo chỉ rõ lỗi ở phần tử nào, và không có
  phiên bản nào thay đổi. Tệp hợp lệ trở thành phiên bản mới cho các kế hoạch lập sau đó;
  kế hoạch đang xây dựng tiếp tục chạy theo phiên bản cũ.

  Bối cảnh:
    Cho tổ chức mẫu ba cấp: tỉnh Hải Dương, các huyện Tứ Kỳ và Thanh Hà, mỗi huyện ba xã
    Và quy trình kế hoạch đang ở phiên bản 1
    Và chuyên viên UBND huyện Tứ Kỳ đã lập kế hoạch mới

  Kịch bản: Tệp có khai báo DOCTYPE đọc tệp của máy chủ bị từ chối mà không lộ nội dung tệp
    Khi người thiết kế quy trình triển khai tệp quy trình kế hoạch có khai báo thực thể ngoài đọc tệp /etc/passwd
    Thì thao tác bị từ chối vì quy trình không hợp lệ với thông báo có "DOCTYPE/ENTITY"
    Và thông báo không chứa nội dung nào của tệp /etc/passwd
    Và các phiên bản quy trình đã triển khai không đổi

  Khung kịch bản: Tệp có lỗi bị từ chối với thông báo chỉ ra phần tử lỗi, các phiên bản giữ nguyên
    Khi người thiết kế quy trình triển khai tệp quy trình kế hoạch <sai_sót>
    Thì thao tác bị từ chối vì quy trình không hợp lệ với thông báo có "<nội_dung>"
    Và thông báo chỉ ra phần tử "<phần_tử>"
    Và các phiên bản quy trình đã triển khai không đổi
    Và kế hoạch của UBND huyện Tứ Kỳ chạy theo phiên bản 1 của quy trình

    Dữ liệu:
      | sai_sót                                        | phần_tử            | nội_dung             |
      | có một phần tử không có trong chuẩn BPMN       | buoc_la            | bpmn:buocKhongTonTai |
      | có điều kiện rẽ nhánh "Trình ký" sai cú pháp   | flow_review_passed | lỗi cú pháp Python   |
      | có bước tập lệnh nhập mô-đun hệ thống os       | tinh_han_tham_dinh | import               |

  Kịch bản: Phiên bản mới hợp lệ dùng cho kế hoạch mới, kế hoạch đang chạy giữ phiên bản cũ
    Khi người thiết kế quy trình triển khai tệp quy trình kế hoạch đổi tên bước thẩm định thành "Thẩm định nội dung dự thảo kế hoạch"
    Thì quy trình kế hoạch có các phiên bản 1, 2
    Và kế hoạch của UBND huyện Tứ Kỳ chạy theo phiên bản 1 của quy trình
    Khi chuyên viên UBND huyện Tứ Kỳ trình dự thảo "Kế hoạch dân vận chính quyền huyện Tứ Kỳ năm 2024"
    Thì trưởng phòng UBND huyện Tứ Kỳ có nhiệm vụ "Thẩm định dự thảo kế hoạch"
    Khi chuyên viên UBND huyện Thanh Hà lập kế hoạch mới
    Và chuyên viên UBND huyện Thanh Hà trình dự thảo "Kế hoạch dân vận chính quyền huyện Thanh Hà năm 2024"
    Thì kế hoạch của UBND huyện Thanh Hà chạy theo phiên bản 2 của quy trình
    Và trưởng phòng UBND huyện Thanh Hà có nhiệm vụ "Thẩm định nội dung dự thảo kế hoạch"

  Kịch bản: Triển khai lại đúng tệp đang dùng không tạo phiên bản mới
    Khi người thiết kế quy trình triển khai tệp quy trình kế hoạch không sửa gì
    Thì quy trình kế hoạch có các phiên bản 1
