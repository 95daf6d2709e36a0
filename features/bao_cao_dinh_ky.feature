# language: vi
Tính năng: Báo cáo sơ kết 6 tháng qua các cấp, từ xã lên huyện, tỉnh và Bộ Nội vụ
  Kế hoạch của mỗi cấp ghi hạn các đơn vị cấp dưới gửi báo cáo: Bộ Nội vụ nhận báo cáo sơ kết
  6 tháng của tỉnh trước ngày 30/5, tỉnh nhận của huyện trước ngày 25/5, huyện nhận của xã trước
  ngày 20/5. Kỳ báo cáo mở 15 ngày trước hạn; đơn vị phải tổng hợp thì chờ báo cáo của cấp dưới
  (hoặc chờ đến hạn của cấp dưới). Báo cáo do chuyên viên soạn, trưởng phòng thẩm định, Chủ tịch
  hoặc Phó Chủ tịch ký, văn thư vào sổ và gửi; chuyên viên nơi nhận tiếp nhận hoặc trả lại.
  Chuyên viên được nhắc hạn lúc 08:00 bảy, ba và một ngày trước hạn, nhận thông báo quá hạn
  vào ngày đầu tiên trễ hạn; từ ngày thứ ba trễ hạn, Chủ tịch và các Phó Chủ tịch được đôn
  đốc mỗi tuần một lần. Mỗi thông báo chỉ gửi một lần, kể cả sau thời gian hệ thống ngừng chạy.

  Bối cảnh:
    Cho tổ chức mẫu ba cấp: tỉnh Hải Dương, các huyện Tứ Kỳ và Thanh Hà, mỗi huyện ba xã
    Và hôm nay là 01/03/2024
    Và Bộ Nội vụ đã ban hành kế hoạch dân vận chính quyền năm 2024, các cấp tỉnh, huyện, xã đã tiếp nhận và ban hành kế hoạch của mình

  Kịch bản: Lịch báo cáo cả năm; kỳ báo cáo mở 15 ngày trước hạn, cấp tổng hợp chờ cấp dưới
    Thì các kỳ báo cáo theo kế hoạch của UBND huyện Tứ Kỳ:
      | đơn vị báo cáo      | loại báo cáo                   | hạn                   | mở kỳ      | trạng thái  |
      | UBND xã Ngọc Kỳ     | Báo cáo sơ kết 6 tháng         | trước ngày 20/05/2024 | 05/05/2024 | Chưa đến kỳ |
      | UBND xã Tân Kỳ      | Báo cáo sơ kết 6 tháng         | trước ngày 20/05/2024 | 05/05/2024 | Chưa đến kỳ |
      | UBND xã Nguyên Giáp | Báo cáo sơ kết 6 tháng         | trước ngày 20/05/2024 | 05/05/2024 | Chưa đến kỳ |
      | UBND xã Ngọc Kỳ     | Báo cáo tổng kết năm           | trước ngày 20/11/2024 | 05/11/2024 | Chưa đến kỳ |
      | UBND xã Tân Kỳ      | Báo cáo tổng kết năm           | trước ngày 20/11/2024 | 05/11/2024 | Chưa đến kỳ |
      | UBND xã Nguyên Giáp | Báo cáo tổng kết năm           | trước ngày 20/11/2024 | 05/11/2024 | Chưa đến kỳ |
      | UBND xã Ngọc Kỳ     | Kết quả tự chấm điểm, xếp loại | trước ngày 25/11/2024 | 10/11/2024 | Chưa đến kỳ |
      | UBND xã Tân Kỳ      | Kết quả tự chấm điểm, xếp loại | trước ngày 25/11/2024 | 10/11/2024 | Chưa đến kỳ |
      | UBND xã Nguyên Giáp | Kết quả tự chấm điểm, xếp loại | trước ngày 25/11/2024 | 10/11/2024 | Chưa đến kỳ |
    Và các kỳ báo cáo sơ kết 6 tháng theo kế hoạch của Bộ Nội vụ:
      | đơn vị báo cáo      | gửi đến   | hạn                   | mở kỳ      |
      | UBND tỉnh Hải Dương | Bộ Nội vụ | trước ngày 30/05/2024 | 15/05/2024 |
    Khi đồng hồ chỉ 08:00 ngày 04/05/2024 và hệ thống xử lý các việc đến hạn
    Thì chuyên viên UBND xã Ngọc Kỳ không có việc "Soạn báo cáo" về báo cáo sơ kết 6 tháng của UBND xã Ngọc Kỳ
    Khi đồng hồ chỉ 08:00 ngày 05/05/2024 và hệ thống xử lý các việc đến hạn
    Thì chuyên viên UBND xã Ngọc Kỳ có việc "Soạn báo cáo" về báo cáo sơ kết 6 tháng của UBND xã Ngọc Kỳ
    Và các kỳ báo cáo sơ kết 6 tháng theo kế hoạch của UBND huyện Thanh Hà:
      | đơn vị báo cáo   | gửi đến             | trạng thái        | tình hình    |
      | UBND xã Hồng Lạc | UBND huyện Thanh Hà | Đang soạn báo cáo | Chưa đến hạn |
      | UBND xã Tân Việt | UBND huyện Thanh Hà | Đang soạn báo cáo | Chưa đến hạn |
      | UBND xã Thanh An | UBND huyện Thanh Hà | Đang soạn báo cáo | Chưa đến hạn |
    Khi đồng hồ chỉ 08:00 ngày 10/05/2024 và hệ thống xử lý các việc đến hạn
    Thì các kỳ báo cáo sơ kết 6 tháng theo kế hoạch của UBND tỉnh Hải Dương:
      | đơn vị báo cáo      | hạn                   | mở kỳ      | trạng thái  |
      | UBND huyện Thanh Hà | trước ngày 25/05/2024 | 10/05/2024 | Chưa đến kỳ |
      | UBND huyện Tứ Kỳ    | trước ngày 25/05/2024 | 10/05/2024 | Chưa đến kỳ |
    Và chuyên viên UBND huyện Tứ Kỳ không có việc "Soạn báo cáo" về báo cáo sơ kết 6 tháng của UBND huyện Tứ Kỳ

  Kịch bản: "Trước ngày 20/5" không kể ngày 20/5: gửi đúng ngày đó là trễ hạn; việc tiếp nhận có hạn riêng
    Cho hệ thống đã xử lý các việc đến hạn lúc 08:00 ngày 05/05/2024
    # Ngày cuối còn trong hạn là Chủ nhật 19/05: thứ Sáu 17/05 đã không còn ngày làm việc nào trước hạn.
    Khi hôm nay là 17/05/2024
    Thì việc "Soạn báo cáo" của chuyên viên UBND xã Ngọc Kỳ về báo cáo sơ kết 6 tháng của UBND xã Ngọc Kỳ có hạn "trước ngày 20/05/2024", "Sắp đến hạn"
    Khi hôm nay là 20/05/2024
    Thì việc "Soạn báo cáo" của chuyên viên UBND xã Ngọc Kỳ về báo cáo sơ kết 6 tháng của UBND xã Ngọc Kỳ có hạn "trước ngày 20/05/2024", "Quá hạn"
    Khi UBND xã Ngọc Kỳ gửi báo cáo sơ kết 6 tháng: 2 cuộc đối thoại, 5 đơn thư được giải quyết, 1 mô hình "Dân vận khéo"
    Thì tình hình báo cáo sơ kết 6 tháng gửi UBND huyện Tứ Kỳ:
      | đơn vị              | tình hình            | ngày gửi   |
      | UBND xã Ngọc Kỳ     | Nộp trễ hạn          | 20/05/2024 |
      | UBND xã Tân Kỳ      | Chưa nộp, đã quá hạn |            |
      | UBND xã Nguyên Giáp | Chưa nộp, đã quá hạn |            |
    # Đơn vị nhận có hai ngày làm việc kể từ ngày nhận, không phải hạn của đơn vị gửi (đã qua).
    Và việc "Tiếp nhận báo cáo của đơn vị" của chuyên viên UBND huyện Tứ Kỳ về báo cáo sơ kết 6 tháng của UBND xã Ngọc Kỳ có hạn "Tiếp nhận trong 2 ngày làm việc kể từ ngày nhận (chậm nhất ngày 22/05/2024)", "Sắp đến hạn"

  Kịch bản: Xã gửi báo cáo đúng hạn; báo cáo bị huyện trả lại được bổ sung và gửi lại
    Cho hệ thống đã xử lý các việc đến hạn lúc 08:00 ngày 05/05/2024
    Khi hôm nay là 06/05/2024
    Và UBND xã Ngọc Kỳ gửi báo cáo sơ kết 6 tháng: 2 cuộc đối thoại, 5 đơn thư được giải quyết, 1 mô hình "Dân vận khéo"
    Thì báo cáo sơ kết 6 tháng của UBND xã Ngọc Kỳ có số "02/BC-UBND"
    Và chuyên viên UBND huyện Tứ Kỳ có việc "Tiếp nhận báo cáo của đơn vị" về báo cáo sơ kết 6 tháng của UBND xã Ngọc Kỳ
    Khi chuyên viên UBND huyện Tứ Kỳ tiếp nhận báo cáo sơ kết 6 tháng của UBND xã Ngọc Kỳ
    Và hôm nay là 08/05/2024
    Và UBND xã Tân Kỳ gửi báo cáo sơ kết 6 tháng do phó chủ tịch ký: 3 cuộc đối thoại, 4 đơn thư được giải quyết, 2 mô hình "Dân vận khéo"
    Và chuyên viên UBND huyện Tứ Kỳ trả lại báo cáo sơ kết 6 tháng của UBND xã Tân Kỳ với ý kiến "Bổ sung các cuộc đối thoại với Nhân dân tổ chức trong tháng 5"
    Thì chuyên viên UBND xã Tân Kỳ nhận được thông báo "Báo cáo sơ kết 6 tháng bị UBND huyện Tứ Kỳ trả lại: Bổ sung các cuộc đối thoại với Nhân dân tổ chức trong tháng 5"
    Và chuyên viên UBND huyện Tứ Kỳ không có việc "Tiếp nhận báo cáo của đơn vị" về báo cáo sơ kết 6 tháng của UBND xã Tân Kỳ
    Và việc soạn báo cáo sơ kết 6 tháng của UBND xã Tân Kỳ được điền sẵn:
      | mục                                        | nội dung                                                          |
      | Kết quả đạt được                           | Kết quả thực hiện công tác dân vận chính quyền của UBND xã Tân Kỳ |
      | Số cuộc đối thoại với Nhân dân             | 3                                                                 |
      | Số đơn thư khiếu nại, tố cáo đã giải quyết | 4                                                                 |
    Và tình hình báo cáo sơ kết 6 tháng gửi UBND huyện Tứ Kỳ:
      | đơn vị              | tình hình    | trạng thái        | số         | ngày gửi   |
      | UBND xã Ngọc Kỳ     | Nộp đúng hạn | Đã tiếp nhận      | 02/BC-UBND | 06/05/2024 |
      | UBND xã Tân Kỳ      | Bị trả lại   | Đang soạn báo cáo | 02/BC-UBND | 08/05/2024 |
      | UBND xã Nguyên Giáp | Chưa đến hạn | Đang soạn báo cáo |            |            |
    Khi hôm nay là 10/05/2024
    Và UBND xã Tân Kỳ gửi lại báo cáo sơ kết 6 tháng: 4 cuộc đối thoại, 4 đơn thư được giải quyết, 2 mô hình "Dân vận khéo"
    Và chuyên viên UBND huyện Tứ Kỳ tiếp nhận báo cáo sơ kết 6 tháng của UBND xã Tân Kỳ
    Thì tình hình báo cáo sơ kết 6 tháng gửi UBND huyện Tứ Kỳ:
      | đơn vị              | tình hình    | trạng thái        | số         | ngày gửi   |
      | UBND xã Ngọc Kỳ     | Nộp đúng hạn | Đã tiếp nhận      | 02/BC-UBND | 06/05/2024 |
      | UBND xã Tân Kỳ      | Nộp đúng hạn | Đã tiếp nhận      | 03/BC-UBND | 10/05/2024 |
      | UBND xã Nguyên Giáp | Chưa đến hạn | Đang soạn báo cáo |            |            |
    Và tổng các chỉ tiêu báo cáo sơ kết 6 tháng gửi UBND huyện Tứ Kỳ: 6 cuộc đối thoại, 9 đơn thư được giải quyết, 3 mô hình "Dân vận khéo"

  Kịch bản: Nhắc hạn, báo quá hạn và đôn đốc Chủ tịch xã đúng ngày, đúng người
    Cho hệ thống đã xử lý các việc đến hạn lúc 08:00 ngày 05/05/2024
    Và hôm nay là 06/05/2024
    Và UBND xã Ngọc Kỳ đã gửi báo cáo sơ kết 6 tháng: 2 cuộc đối thoại, 5 đơn thư được giải quyết, 1 mô hình "Dân vận khéo"
    Khi đồng hồ chỉ 07:59 ngày 13/05/2024 và hệ thống xử lý các việc đến hạn
    Thì chuyên viên UBND xã Nguyên Giáp không nhận được thông báo mới nào
    Khi đồng hồ chỉ 08:00 ngày 13/05/2024 và hệ thống xử lý các việc đến hạn
    Thì chuyên viên UBND xã Nguyên Giáp nhận được thông báo mới "Nhắc hạn: Báo cáo sơ kết 6 tháng của UBND xã Nguyên Giáp cần gửi trước ngày 20/05/2024 (còn 7 ngày)."
    Khi đồng hồ chỉ 08:00 ngày 17/05/2024 và hệ thống xử lý các việc đến hạn
    Thì chuyên viên UBND xã Nguyên Giáp nhận được thông báo mới "Nhắc hạn: Báo cáo sơ kết 6 tháng của UBND xã Nguyên Giáp cần gửi trước ngày 20/05/2024 (còn 3 ngày)."
    Khi đồng hồ chỉ 08:00 ngày 19/05/2024 và hệ thống xử lý các việc đến hạn
    Thì chuyên viên UBND xã Nguyên Giáp nhận được thông báo mới "Nhắc hạn: Báo cáo sơ kết 6 tháng của UBND xã Nguyên Giáp cần gửi trước ngày 20/05/2024 (còn 1 ngày)."
    Khi đồng hồ chỉ 08:00 ngày 20/05/2024 và hệ thống xử lý các việc đến hạn
    Thì chuyên viên UBND xã Nguyên Giáp nhận được thông báo mới "Quá hạn: Báo cáo sơ kết 6 tháng của UBND xã Nguyên Giáp chưa được gửi, hạn là trước ngày 20/05/2024."
    Và chủ tịch UBND xã Nguyên Giáp không nhận được thông báo mới nào
    Khi đồng hồ chỉ 08:00 ngày 22/05/2024 và hệ thống xử lý các việc đến hạn
    Thì chuyên viên UBND xã Nguyên Giáp không nhận được thông báo mới nào
    Và chủ tịch UBND xã Nguyên Giáp không nhận được thông báo mới nào
    Khi đồng hồ chỉ 08:00 ngày 23/05/2024 và hệ thống xử lý các việc đến hạn
    Thì chủ tịch UBND xã Nguyên Giáp nhận được thông báo mới "Quá hạn 3 ngày: Báo cáo sơ kết 6 tháng của UBND xã Nguyên Giáp vẫn chưa được gửi (hạn trước ngày 20/05/2024)."
    Và phó chủ tịch UBND xã Nguyên Giáp nhận được thông báo mới "Quá hạn 3 ngày: Báo cáo sơ kết 6 tháng của UBND xã Nguyên Giáp vẫn chưa được gửi (hạn trước ngày 20/05/2024)."
    Và chuyên viên UBND xã Nguyên Giáp không nhận được thông báo mới nào
    Khi hệ thống xử lý lại các việc đến hạn
    Thì hệ thống không thực hiện việc nào và không gửi thông báo mới
    Khi đồng hồ chỉ 08:00 ngày 30/05/2024 và hệ thống xử lý các việc đến hạn
    Thì chủ tịch UBND xã Nguyên Giáp nhận được thông báo mới "Quá hạn 10 ngày: Báo cáo sơ kết 6 tháng của UBND xã Nguyên Giáp vẫn chưa được gửi (hạn trước ngày 20/05/2024)."
    Và chuyên viên UBND xã Nguyên Giáp có tất cả 3 thông báo nhắc hạn
    Và chuyên viên UBND xã Nguyên Giáp có tất cả 1 thông báo quá hạn
    Và chủ tịch UBND xã Nguyên Giáp có tất cả 2 thông báo đôn đốc
    Nhưng chuyên viên UBND xã Ngọc Kỳ không nhận được thông báo nào
    Và chủ tịch UBND xã Ngọc Kỳ không nhận được thông báo nào

  Kịch bản: Sau thời gian hệ thống ngừng chạy, mỗi thông báo bị lỡ chỉ được gửi một lần
    Cho hệ thống đã xử lý các việc đến hạn lúc 08:00 ngày 05/05/2024
    Khi đồng hồ chỉ 09:00 ngày 18/05/2024 và hệ thống xử lý các việc đến hạn
    Thì chuyên viên UBND xã Nguyên Giáp nhận được thông báo mới "Nhắc hạn: Báo cáo sơ kết 6 tháng của UBND xã Nguyên Giáp cần gửi trước ngày 20/05/2024 (còn 2 ngày)."
    Khi đồng hồ chỉ 09:00 ngày 25/05/2024 và hệ thống xử lý các việc đến hạn
    Thì chuyên viên UBND xã Nguyên Giáp nhận được thông báo mới "Quá hạn: Báo cáo sơ kết 6 tháng của UBND xã Nguyên Giáp chưa được gửi, hạn là trước ngày 20/05/2024."
    Và chủ tịch UBND xã Nguyên Giáp nhận được thông báo mới "Quá hạn 5 ngày: Báo cáo sơ kết 6 tháng của UBND xã Nguyên Giáp vẫn chưa được gửi (hạn trước ngày 20/05/2024)."
    Khi hệ thống xử lý lại các việc đến hạn
    Thì hệ thống không thực hiện việc nào và không gửi thông báo mới
    Khi đồng hồ chỉ 09:00 ngày 15/07/2024 và hệ thống xử lý các việc đến hạn
    Thì chủ tịch UBND xã Nguyên Giáp nhận được thông báo mới "Quá hạn 56 ngày: Báo cáo sơ kết 6 tháng của UBND xã Nguyên Giáp vẫn chưa được gửi (hạn trước ngày 20/05/2024)."
    Và chuyên viên UBND xã Nguyên Giáp không nhận được thông báo mới nào
    Và chuyên viên UBND xã Nguyên Giáp có tất cả 1 thông báo nhắc hạn
    Và chủ tịch UBND xã Nguyên Giáp có tất cả 2 thông báo đôn đốc

  Kịch bản: Huyện và tỉnh tổng hợp số liệu của cấp dưới, báo cáo của tỉnh được Bộ Nội vụ tiếp nhận
    Cho hệ thống đã xử lý các việc đến hạn lúc 08:00 ngày 05/05/2024
    Và các đơn vị sau đã gửi báo cáo sơ kết 6 tháng và được tiếp nhận:
      | đơn vị           | ngày gửi   | số cuộc đối thoại | số đơn thư được giải quyết | số mô hình "Dân vận khéo" |
      | UBND xã Ngọc Kỳ  | 06/05/2024 | 2                 | 5                          | 1                         |
      | UBND xã Hồng Lạc | 07/05/2024 | 1                 | 2                          | 1                         |
      | UBND xã Tân Kỳ   | 10/05/2024 | 4                 | 4                          | 2                         |
      | UBND xã Tân Việt | 14/05/2024 | 2                 | 1                          | 0                         |
    Khi đồng hồ chỉ 08:00 ngày 20/05/2024 và hệ thống xử lý các việc đến hạn
    Thì việc soạn báo cáo sơ kết 6 tháng của UBND huyện Thanh Hà được điền sẵn:
      | mục                                        | nội dung                                        |
      | Kết quả đạt được                           | Tổng hợp 2/3 báo cáo của các đơn vị trực thuộc. |
      | Số cuộc đối thoại với Nhân dân             | 3                                               |
      | Số đơn thư khiếu nại, tố cáo đã giải quyết | 3                                               |
      | Số mô hình “Dân vận khéo” đăng ký          | 1                                               |
      | Đơn vị nộp trễ hạn                         |                                                 |
      | Đơn vị chưa nộp                            | UBND xã Thanh An                                |
    Và việc soạn báo cáo sơ kết 6 tháng của UBND huyện Tứ Kỳ được điền sẵn:
      | mục                                        | nội dung            |
      | Số cuộc đối thoại với Nhân dân             | 6                   |
      | Số đơn thư khiếu nại, tố cáo đã giải quyết | 9                   |
      | Số mô hình “Dân vận khéo” đăng ký          | 3                   |
      | Đơn vị nộp trễ hạn                         |                     |
      | Đơn vị chưa nộp                            | UBND xã Nguyên Giáp |
    Khi hôm nay là 21/05/2024
    Và UBND huyện Thanh Hà gửi báo cáo sơ kết 6 tháng theo số liệu được điền sẵn
    Và UBND huyện Tứ Kỳ gửi báo cáo sơ kết 6 tháng theo số liệu được điền sẵn
    Và UBND xã Nguyên Giáp gửi báo cáo sơ kết 6 tháng: 1 cuộc đối thoại, 1 đơn thư được giải quyết, 1 mô hình "Dân vận khéo"
    Và chuyên viên UBND huyện Tứ Kỳ tiếp nhận báo cáo sơ kết 6 tháng của UBND xã Nguyên Giáp
    Thì tình hình báo cáo sơ kết 6 tháng gửi UBND huyện Tứ Kỳ:
      | đơn vị              | tình hình    | trạng thái   | số         | ngày gửi   |
      | UBND xã Ngọc Kỳ     | Nộp đúng hạn | Đã tổng hợp  | 02/BC-UBND | 06/05/2024 |
      | UBND xã Tân Kỳ      | Nộp đúng hạn | Đã tổng hợp  | 02/BC-UBND | 10/05/2024 |
      | UBND xã Nguyên Giáp | Nộp trễ hạn  | Đã tiếp nhận | 02/BC-UBND | 21/05/2024 |
    Và tình hình báo cáo sơ kết 6 tháng gửi UBND huyện Thanh Hà:
      | đơn vị           | tình hình            | số         |
      | UBND xã Hồng Lạc | Nộp đúng hạn         | 02/BC-UBND |
      | UBND xã Tân Việt | Nộp đúng hạn         | 02/BC-UBND |
      | UBND xã Thanh An | Chưa nộp, đã quá hạn |            |
    Khi chuyên viên UBND tỉnh Hải Dương trả lại báo cáo sơ kết 6 tháng của UBND huyện Tứ Kỳ với ý kiến "Đề nghị tổng hợp bổ sung báo cáo của UBND xã Nguyên Giáp"
    Và chuyên viên UBND tỉnh Hải Dương tiếp nhận báo cáo sơ kết 6 tháng của UBND huyện Thanh Hà
    Thì chuyên viên UBND huyện Tứ Kỳ nhận được thông báo "Báo cáo sơ kết 6 tháng bị UBND tỉnh Hải Dương trả lại: Đề nghị tổng hợp bổ sung báo cáo của UBND xã Nguyên Giáp"
    Và việc soạn báo cáo sơ kết 6 tháng của UBND huyện Tứ Kỳ được điền sẵn:
      | mục                                        | nội dung            |
      | Số cuộc đối thoại với Nhân dân             | 7                   |
      | Số đơn thư khiếu nại, tố cáo đã giải quyết | 10                  |
      | Số mô hình “Dân vận khéo” đăng ký          | 4                   |
      | Đơn vị nộp trễ hạn                         | UBND xã Nguyên Giáp |
      | Đơn vị chưa nộp                            |                     |
    # Cả hai huyện đã gửi ngày 21/05 nên tỉnh đã có việc soạn báo cáo tổng hợp, không chờ đến hạn 25/05.
    Và chuyên viên UBND tỉnh Hải Dương có việc "Soạn báo cáo" về báo cáo sơ kết 6 tháng của UBND tỉnh Hải Dương
    Khi hôm nay là 22/05/2024
    Và UBND huyện Tứ Kỳ gửi lại báo cáo sơ kết 6 tháng theo số liệu được điền sẵn
    Và chuyên viên UBND tỉnh Hải Dương tiếp nhận báo cáo sơ kết 6 tháng của UBND huyện Tứ Kỳ
    Thì tình hình báo cáo sơ kết 6 tháng gửi UBND tỉnh Hải Dương:
      | đơn vị              | tình hình    | trạng thái   | số         | ngày gửi   |
      | UBND huyện Thanh Hà | Nộp đúng hạn | Đã tiếp nhận | 02/BC-UBND | 21/05/2024 |
      | UBND huyện Tứ Kỳ    | Nộp đúng hạn | Đã tiếp nhận | 03/BC-UBND | 22/05/2024 |
    Và việc soạn báo cáo sơ kết 6 tháng của UBND tỉnh Hải Dương được điền sẵn:
      | mục                                        | nội dung                                        |
      | Kết quả đạt được                           | Tổng hợp 2/2 báo cáo của các đơn vị trực thuộc. |
      | Số cuộc đối thoại với Nhân dân             | 10                                              |
      | Số đơn thư khiếu nại, tố cáo đã giải quyết | 13                                              |
      | Số mô hình “Dân vận khéo” đăng ký          | 5                                               |
      | Đơn vị nộp trễ hạn                         |                                                 |
      | Đơn vị chưa nộp                            |                                                 |
    Khi hôm nay là 24/05/2024
    Và UBND tỉnh Hải Dương gửi báo cáo sơ kết 6 tháng theo số liệu được điền sẵn
    Thì báo cáo sơ kết 6 tháng của UBND tỉnh Hải Dương có số "02/BC-UBND"
    Và chuyên viên Bộ Nội vụ có việc "Tiếp nhận báo cáo của đơn vị" về báo cáo sơ kết 6 tháng của UBND tỉnh Hải Dương
    Khi chuyên viên Bộ Nội vụ tiếp nhận báo cáo sơ kết 6 tháng của UBND tỉnh Hải Dương
    Thì tình hình báo cáo sơ kết 6 tháng gửi Bộ Nội vụ:
      | đơn vị              | tình hình    | trạng thái   | số         | ngày gửi   |
      | UBND tỉnh Hải Dương | Nộp đúng hạn | Đã tiếp nhận | 02/BC-UBND | 24/05/2024 |
    Và tổng các chỉ tiêu báo cáo sơ kết 6 tháng gửi Bộ Nội vụ: 10 cuộc đối thoại, 13 đơn thư được giải quyết, 5 mô hình "Dân vận khéo"
    Và tình hình báo cáo sơ kết 6 tháng gửi UBND tỉnh Hải Dương:
      | đơn vị              | trạng thái  |
      | UBND huyện Thanh Hà | Đã tổng hợp |
      | UBND huyện Tứ Kỳ    | Đã tổng hợp |
