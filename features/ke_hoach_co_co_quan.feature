# language: vi
Tính năng: Kế hoạch huyện giao việc cho các cơ quan chuyên môn, từ văn bản của tỉnh đến báo cáo của các cơ quan
  Chuyên viên Phòng Nội vụ huyện nhận kế hoạch của tỉnh ban hành trên hệ thống khác (số 39/KH-UBND),
  nhập văn bản đó vào hệ thống làm kế hoạch cấp trên: văn thư huyện vào sổ văn bản đến, kế hoạch của
  huyện được lập theo kế hoạch đó với các hạn của tỉnh. Kế hoạch huyện giao việc cho các phòng, ban,
  Văn phòng HĐND và UBND, Thanh tra, Trung tâm và các xã; mỗi cơ quan phải gửi báo cáo như các xã:
  chuyên viên của cơ quan soạn, thủ trưởng cơ quan ký và gửi, Phòng Nội vụ huyện tiếp nhận.

  Bối cảnh:
    Cho tổ chức mẫu ba cấp: tỉnh Hải Dương, các huyện Tứ Kỳ và Thanh Hà, mỗi huyện ba xã
    Và hôm nay là 20/02/2025
    Và chuyên viên UBND huyện Tứ Kỳ đã nhập văn bản "ke_hoach_39_tinh_hai_duong.txt" làm kế hoạch cấp trên của UBND tỉnh Hải Dương

  Kịch bản: Kế hoạch của tỉnh từ hệ thống khác giữ số của nó và vào sổ văn bản đến của huyện
    Thì kế hoạch "39/KH-UBND" của UBND tỉnh Hải Dương ban hành ngày 10/02/2025 có trong hệ thống, ghi "Ban hành ngoài hệ thống"
    Và sổ văn bản đến năm 2025 của UBND huyện Tứ Kỳ có kế hoạch "39/KH-UBND" số đến 1
    Và kế hoạch "39/KH-UBND" có các yêu cầu báo cáo như văn bản ghi:
      | loại báo cáo                | hạn                                                                                                           | ngày       |
      | Kế hoạch của cấp dưới       | Căn cứ Kế hoạch này, xây dựng kế hoạch thực hiện của cơ quan, đơn vị, địa phương trước ngày 15/3/2025.       | 15/03/2025 |
      | Báo cáo sơ kết 6 tháng      | Định kỳ 6 tháng (trước ngày 30/5/2025)                                                                        | 30/05/2025 |
      | Báo cáo tổng kết năm        | một năm (trước ngày 15/11/2025)                                                                               | 15/11/2025 |

  Kịch bản: Các cơ quan của huyện phải báo cáo như các xã; báo cáo của cơ quan do thủ trưởng cơ quan ký
    Khi chuyên viên UBND huyện Tứ Kỳ lập kế hoạch thực hiện kế hoạch "39/KH-UBND"
    Và văn thư UBND huyện Tứ Kỳ tiếp nhận kế hoạch cấp trên
    Và chuyên viên UBND huyện Tứ Kỳ trình dự thảo "Kế hoạch dân vận chính quyền huyện Tứ Kỳ năm 2025" với tổ chức thực hiện:
      | đơn vị thực hiện                                    | phải gửi                                                     | hạn                         |
      | Phòng Tư pháp                                       | Báo cáo kết quả phổ biến Luật Thực hiện dân chủ ở cơ sở | chậm nhất ngày 10/6/2025    |
      | Các cơ quan, đơn vị thuộc UBND huyện và UBND các xã, thị trấn |                                                    | Định kỳ 6 tháng (trước 20/5) |
    Và trưởng phòng UBND huyện Tứ Kỳ đồng ý trình ký
    Và chủ tịch UBND huyện Tứ Kỳ phê duyệt, ký kế hoạch
    Và văn thư UBND huyện Tứ Kỳ vào sổ, ban hành kế hoạch
    Thì UBND huyện Tứ Kỳ phải tiếp nhận theo kế hoạch "Kế hoạch dân vận chính quyền huyện Tứ Kỳ năm 2025":
      | đơn vị                                             | nội dung                                                     | ngày cuối  |
      | Phòng Tư pháp huyện Tứ Kỳ                          | Báo cáo kết quả phổ biến Luật Thực hiện dân chủ ở cơ sở | 10/06/2025 |
      | Văn phòng HĐND và UBND huyện Tứ Kỳ                 | Báo cáo sơ kết 6 tháng                                       | 19/05/2025 |
      | Thanh tra huyện Tứ Kỳ                              | Báo cáo sơ kết 6 tháng                                       | 19/05/2025 |
      | Phòng Tư pháp huyện Tứ Kỳ                          | Báo cáo sơ kết 6 tháng                                       | 19/05/2025 |
      | Phòng Tài chính - Kế hoạch huyện Tứ Kỳ             | Báo cáo sơ kết 6 tháng                                       | 19/05/2025 |
      | Phòng Văn hóa và Thông tin huyện Tứ Kỳ             | Báo cáo sơ kết 6 tháng                                       | 19/05/2025 |
      | Trung tâm Văn hóa, Thông tin và Thể thao huyện Tứ Kỳ | Báo cáo sơ kết 6 tháng                                     | 19/05/2025 |
      | UBND xã Ngọc Kỳ                                    | Báo cáo sơ kết 6 tháng                                       | 19/05/2025 |
      | UBND xã Tân Kỳ                                     | Báo cáo sơ kết 6 tháng                                       | 19/05/2025 |
      | UBND xã Nguyên Giáp                                | Báo cáo sơ kết 6 tháng                                       | 19/05/2025 |
    Khi đồng hồ chỉ 08:00 ngày 27/05/2025 và hệ thống xử lý các việc đến hạn
    Thì chuyên viên Phòng Tư pháp huyện Tứ Kỳ có việc "Soạn báo cáo" cho "Báo cáo kết quả phổ biến Luật Thực hiện dân chủ ở cơ sở"
    Và chuyên viên UBND huyện Tứ Kỳ không có việc "Soạn báo cáo" cho "Báo cáo kết quả phổ biến Luật Thực hiện dân chủ ở cơ sở"
    Khi Phòng Tư pháp huyện Tứ Kỳ soạn, thẩm định, ký và gửi "Báo cáo kết quả phổ biến Luật Thực hiện dân chủ ở cơ sở"
    Và chuyên viên UBND huyện Tứ Kỳ tiếp nhận "Báo cáo kết quả phổ biến Luật Thực hiện dân chủ ở cơ sở" của Phòng Tư pháp huyện Tứ Kỳ
    Thì "Báo cáo kết quả phổ biến Luật Thực hiện dân chủ ở cơ sở" của Phòng Tư pháp huyện Tứ Kỳ "Đã tiếp nhận", "Nộp đúng hạn", do "Trưởng phòng" ký
