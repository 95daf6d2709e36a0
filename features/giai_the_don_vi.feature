# language: vi
Tính năng: Giải thể đơn vị hành chính giữa năm báo cáo
  Khi sắp xếp đơn vị hành chính (như cải cách từ 01/7/2025, không còn cấp huyện), quản trị hệ
  thống ghi nhận ngày một đơn vị thôi tồn tại. Từ ngày đó, mọi kỳ báo cáo chưa xong mà đơn vị đó
  phải gửi hoặc được nhận đều bị hủy, có ghi lý do; các việc của những báo cáo đó rời khỏi hộp
  việc và không còn thông báo nhắc hạn, quá hạn nào về chúng. Các đơn vị khác không bị ảnh hưởng.

  Bối cảnh:
    Cho tổ chức mẫu ba cấp: tỉnh Hải Dương, các huyện Tứ Kỳ và Thanh Hà, mỗi huyện ba xã
    Và hôm nay là 01/03/2024
    Và Bộ Nội vụ đã ban hành kế hoạch dân vận chính quyền năm 2024, các cấp tỉnh, huyện, xã đã tiếp nhận và ban hành kế hoạch của mình
    Và hệ thống đã xử lý các việc đến hạn lúc 08:00 ngày 05/05/2024
    Và hôm nay là 07/05/2024
    Và UBND xã Hồng Lạc đã gửi báo cáo sơ kết 6 tháng: 1 cuộc đối thoại, 2 đơn thư được giải quyết, 1 mô hình "Dân vận khéo"
    Và hệ thống đã xử lý các việc đến hạn lúc 08:00 ngày 20/05/2024

  Kịch bản: Huyện Thanh Hà giải thể từ 01/07/2024: báo cáo của huyện và của các xã gửi huyện bị hủy, có ghi lý do
    Cho hôm nay là 20/06/2024
    Khi quản trị hệ thống ghi nhận UBND huyện Thanh Hà giải thể từ ngày 01/07/2024
    Và đồng hồ chỉ 08:00 ngày 30/06/2024 và hệ thống xử lý các việc đến hạn
    Thì chuyên viên UBND huyện Thanh Hà vẫn có việc "Tiếp nhận báo cáo của đơn vị" về báo cáo sơ kết 6 tháng của UBND xã Hồng Lạc
    Và chuyên viên UBND huyện Thanh Hà vẫn có việc "Soạn báo cáo" về báo cáo sơ kết 6 tháng của UBND huyện Thanh Hà
    Và chuyên viên UBND xã Thanh An vẫn có việc "Soạn báo cáo" về báo cáo sơ kết 6 tháng của UBND xã Thanh An
    Khi đồng hồ chỉ 08:00 ngày 01/07/2024 và hệ thống xử lý các việc đến hạn
    Thì các kỳ báo cáo UBND huyện Thanh Hà phải gửi hoặc được nhận đều bị hủy với lý do "UBND huyện Thanh Hà giải thể từ ngày 01/07/2024.":
      | đơn vị báo cáo      | gửi đến             | loại báo cáo                   |
      | UBND huyện Thanh Hà | UBND tỉnh Hải Dương | Báo cáo sơ kết 6 tháng         |
      | UBND huyện Thanh Hà | UBND tỉnh Hải Dương | Báo cáo tổng kết năm           |
      | UBND huyện Thanh Hà | UBND tỉnh Hải Dương | Kết quả tự chấm điểm, xếp loại |
      | UBND xã Hồng Lạc    | UBND huyện Thanh Hà | Báo cáo sơ kết 6 tháng         |
      | UBND xã Tân Việt    | UBND huyện Thanh Hà | Báo cáo sơ kết 6 tháng         |
      | UBND xã Thanh An    | UBND huyện Thanh Hà | Báo cáo sơ kết 6 tháng         |
      | UBND xã Hồng Lạc    | UBND huyện Thanh Hà | Báo cáo tổng kết năm           |
      | UBND xã Tân Việt    | UBND huyện Thanh Hà | Báo cáo tổng kết năm           |
      | UBND xã Thanh An    | UBND huyện Thanh Hà | Báo cáo tổng kết năm           |
      | UBND xã Hồng Lạc    | UBND huyện Thanh Hà | Kết quả tự chấm điểm, xếp loại |
      | UBND xã Tân Việt    | UBND huyện Thanh Hà | Kết quả tự chấm điểm, xếp loại |
      | UBND xã Thanh An    | UBND huyện Thanh Hà | Kết quả tự chấm điểm, xếp loại |
    Và chuyên viên UBND huyện Thanh Hà không còn việc nào trong hộp việc
    Và chuyên viên UBND xã Thanh An không còn có việc "Soạn báo cáo" về báo cáo sơ kết 6 tháng của UBND xã Thanh An
    Và tình hình báo cáo tổng kết năm gửi UBND tỉnh Hải Dương:
      | đơn vị              | tình hình    | lý do hủy                                        |
      | UBND huyện Thanh Hà | Đã hủy       | UBND huyện Thanh Hà giải thể từ ngày 01/07/2024. |
      | UBND huyện Tứ Kỳ    | Chưa đến hạn |                                                  |
    Nhưng các kỳ báo cáo theo kế hoạch của UBND huyện Tứ Kỳ:
      | đơn vị báo cáo      | loại báo cáo                   | trạng thái        |
      | UBND xã Ngọc Kỳ     | Báo cáo sơ kết 6 tháng         | Đang soạn báo cáo |
      | UBND xã Tân Kỳ      | Báo cáo sơ kết 6 tháng         | Đang soạn báo cáo |
      | UBND xã Nguyên Giáp | Báo cáo sơ kết 6 tháng         | Đang soạn báo cáo |
      | UBND xã Ngọc Kỳ     | Báo cáo tổng kết năm           | Chưa đến kỳ       |
      | UBND xã Tân Kỳ      | Báo cáo tổng kết năm           | Chưa đến kỳ       |
      | UBND xã Nguyên Giáp | Báo cáo tổng kết năm           | Chưa đến kỳ       |
      | UBND xã Ngọc Kỳ     | Kết quả tự chấm điểm, xếp loại | Chưa đến kỳ       |
      | UBND xã Tân Kỳ      | Kết quả tự chấm điểm, xếp loại | Chưa đến kỳ       |
      | UBND xã Nguyên Giáp | Kết quả tự chấm điểm, xếp loại | Chưa đến kỳ       |
    Khi đồng hồ chỉ 08:00 ngày 15/07/2024 và hệ thống xử lý các việc đến hạn
    Thì chủ tịch UBND xã Thanh An không nhận được thông báo mới nào
    Và chuyên viên UBND huyện Thanh Hà không nhận được thông báo mới nào
    Nhưng chủ tịch UBND xã Nguyên Giáp nhận được thông báo mới "Quá hạn 56 ngày: Báo cáo sơ kết 6 tháng của UBND xã Nguyên Giáp vẫn chưa được gửi (hạn trước ngày 20/05/2024)."

  Kịch bản: Ngày giải thể đã qua khi ghi nhận thì các kỳ báo cáo bị hủy ngay
    Cho hôm nay là 02/07/2024
    Khi quản trị hệ thống ghi nhận UBND huyện Thanh Hà giải thể từ ngày 01/07/2024
    Thì kỳ báo cáo sơ kết 6 tháng của UBND xã Thanh An bị hủy với lý do "UBND huyện Thanh Hà giải thể từ ngày 01/07/2024."
    Và chuyên viên UBND huyện Thanh Hà không còn việc nào trong hộp việc
