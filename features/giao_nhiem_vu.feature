# language: vi
Tính năng: Tổ chức thực hiện là dữ liệu: ai phải làm gì, gửi gì, trước ngày nào
  Phần "Tổ chức thực hiện" của kế hoạch giao việc cho từng cơ quan, đơn vị: dòng giao việc giữ đúng
  như văn bản, kèm các đơn vị mà dòng đó chỉ tới vào ngày ban hành. Mỗi thứ phải gửi (kế hoạch
  của mình, báo cáo định kỳ, báo cáo khi có yêu cầu, một văn bản trước một ngày) được theo dõi như
  mọi kỳ báo cáo: hạn, nhắc hạn, đúng hạn, trễ hạn, chưa nộp. Nhiệm vụ có điều kiện ("đối với địa
  phương chưa phân công …") chỉ ràng buộc những đơn vị chuyên viên đánh dấu. Báo cáo "khi có yêu
  cầu" chỉ phát sinh khi đơn vị nhận gửi yêu cầu, với hạn của chính yêu cầu đó.

  Bối cảnh:
    Cho tổ chức mẫu ba cấp: tỉnh Hải Dương, các huyện Tứ Kỳ và Thanh Hà, mỗi huyện ba xã
    Và hôm nay là 01/03/2024
    Và chuyên viên UBND huyện Tứ Kỳ đã lập kế hoạch mới

  Kịch bản: Nhiệm vụ có điều kiện chỉ ràng buộc xã được đánh dấu
    Khi chuyên viên UBND huyện Tứ Kỳ trình dự thảo "Kế hoạch dân vận chính quyền huyện Tứ Kỳ năm 2024" với tổ chức thực hiện:
      | đơn vị thực hiện      | điều kiện                                                                   | áp dụng cho     | phải gửi                                     | hạn                                      |
      | UBND các xã, thị trấn | đối với địa phương chưa phân công công chức phụ trách công tác dân vận | UBND xã Tân Kỳ | Quyết định phân công công chức phụ trách | gửi về Phòng Nội vụ trước ngày 25/3/2024 |
    Và trưởng phòng UBND huyện Tứ Kỳ đồng ý trình ký
    Và chủ tịch UBND huyện Tứ Kỳ phê duyệt, ký kế hoạch
    Và văn thư UBND huyện Tứ Kỳ vào sổ, ban hành kế hoạch
    Thì theo kế hoạch "Kế hoạch dân vận chính quyền huyện Tứ Kỳ năm 2024" các đơn vị phải gửi:
      | đơn vị         | nội dung                                     | hạn                                      | ngày cuối  |
      | UBND xã Tân Kỳ | Quyết định phân công công chức phụ trách | gửi về Phòng Nội vụ trước ngày 25/3/2024 | 24/03/2024 |
    Và nhiệm vụ "UBND các xã, thị trấn" của kế hoạch ghi điều kiện "đối với địa phương chưa phân công công chức phụ trách công tác dân vận" và chỉ áp dụng cho "UBND xã Tân Kỳ"

  Kịch bản: Báo cáo khi có yêu cầu chỉ phát sinh khi huyện yêu cầu, với hạn của yêu cầu
    Khi chuyên viên UBND huyện Tứ Kỳ trình dự thảo "Kế hoạch dân vận chính quyền huyện Tứ Kỳ năm 2024" với tổ chức thực hiện:
      | đơn vị thực hiện      | phải gửi                                    | hạn            |
      | UBND các xã, thị trấn | Báo cáo kết quả thực hiện "Dân vận khéo" | khi có yêu cầu |
    Và trưởng phòng UBND huyện Tứ Kỳ đồng ý trình ký
    Và chủ tịch UBND huyện Tứ Kỳ phê duyệt, ký kế hoạch
    Và văn thư UBND huyện Tứ Kỳ vào sổ, ban hành kế hoạch
    Thì theo kế hoạch "Kế hoạch dân vận chính quyền huyện Tứ Kỳ năm 2024" các đơn vị phải gửi:
      | đơn vị | nội dung | hạn | ngày cuối |
    Khi hôm nay là 02/04/2024
    Và trưởng phòng UBND huyện Tứ Kỳ yêu cầu "Báo cáo kết quả đối thoại với Nhân dân quý I" của UBND xã Ngọc Kỳ, UBND xã Nguyên Giáp hạn "chậm nhất ngày 10/4/2024"
    Thì theo kế hoạch "Kế hoạch dân vận chính quyền huyện Tứ Kỳ năm 2024" các đơn vị phải gửi:
      | đơn vị              | nội dung                                             | hạn                       | ngày cuối  |
      | UBND xã Ngọc Kỳ     | Báo cáo kết quả đối thoại với Nhân dân quý I | chậm nhất ngày 10/4/2024 | 10/04/2024 |
      | UBND xã Nguyên Giáp | Báo cáo kết quả đối thoại với Nhân dân quý I | chậm nhất ngày 10/4/2024 | 10/04/2024 |
    Và chuyên viên UBND xã Ngọc Kỳ có nhiệm vụ "Soạn báo cáo"
    Và chuyên viên UBND xã Tân Kỳ không có nhiệm vụ "Soạn báo cáo"

  Kịch bản: Xã không được yêu cầu huyện báo cáo, và hạn đã qua thì không yêu cầu được
    Khi chuyên viên UBND huyện Tứ Kỳ trình dự thảo "Kế hoạch dân vận chính quyền huyện Tứ Kỳ năm 2024" với tổ chức thực hiện:
      | đơn vị thực hiện      | phải gửi                | hạn            |
      | UBND các xã, thị trấn | Báo cáo chuyên đề | khi có yêu cầu |
    Và trưởng phòng UBND huyện Tứ Kỳ đồng ý trình ký
    Và chủ tịch UBND huyện Tứ Kỳ phê duyệt, ký kế hoạch
    Và văn thư UBND huyện Tứ Kỳ vào sổ, ban hành kế hoạch
    Và chuyên viên UBND xã Ngọc Kỳ yêu cầu "Báo cáo nhanh" hạn "trước ngày 20/3/2024"
    Thì thao tác bị từ chối vì không có quyền với thông báo có "Chỉ chuyên viên, trưởng phòng hoặc lãnh đạo UBND huyện Tứ Kỳ"
    Khi chuyên viên UBND huyện Tứ Kỳ yêu cầu "Báo cáo nhanh" hạn "trước ngày 01/3/2024"
    Thì thao tác bị từ chối vì dữ liệu không hợp lệ với thông báo có "đã qua"

  Kịch bản: Hạn ghi theo kỳ: "định kỳ 6 tháng, 01 năm" và "hằng quý"
    Khi chuyên viên UBND huyện Tứ Kỳ trình dự thảo "Kế hoạch dân vận chính quyền huyện Tứ Kỳ năm 2024" với tổ chức thực hiện:
      | đơn vị thực hiện      | phải gửi | hạn                                                      |
      | UBND các xã, thị trấn |          | Định kỳ 6 tháng (trước 30/5), một năm (trước 15/11)     |
      | UBND các xã, thị trấn |          | hằng quý, trước ngày 20 tháng cuối quý                  |
    Và trưởng phòng UBND huyện Tứ Kỳ đồng ý trình ký
    Và chủ tịch UBND huyện Tứ Kỳ phê duyệt, ký kế hoạch
    Và văn thư UBND huyện Tứ Kỳ vào sổ, ban hành kế hoạch
    Thì UBND xã Ngọc Kỳ phải gửi theo kế hoạch "Kế hoạch dân vận chính quyền huyện Tứ Kỳ năm 2024":
      | nội dung               | hạn                                                      | ngày cuối  |
      | Báo cáo sơ kết 6 tháng | Định kỳ 6 tháng (trước 30/5), một năm (trước 15/11)     | 29/05/2024 |
      | Báo cáo tổng kết năm   | Định kỳ 6 tháng (trước 30/5), một năm (trước 15/11)     | 14/11/2024 |
      | Báo cáo quý         | hằng quý, trước ngày 20 tháng cuối quý                  | 19/03/2024 |
      | Báo cáo quý         | hằng quý, trước ngày 20 tháng cuối quý                  | 19/06/2024 |
      | Báo cáo quý         | hằng quý, trước ngày 20 tháng cuối quý                  | 19/09/2024 |
      | Báo cáo quý         | hằng quý, trước ngày 20 tháng cuối quý                  | 19/12/2024 |
