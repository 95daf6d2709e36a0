# language: vi
Tính năng: Chấm điểm, xếp loại công tác dân vận chính quyền cuối năm
  Mỗi xã tự chấm phần điểm của mình theo thang điểm của tỉnh (thang 100, một phần điểm của mỗi
  tiêu chí do cấp trên chấm), Chủ tịch UBND xã phê duyệt rồi gửi huyện; chuyên viên Phòng Nội vụ
  huyện thẩm định và chấm phần điểm của cấp trên. Tổng điểm được xếp loại theo bảng quyết định
  (DMN) đang triển khai: mức điểm và tên xếp loại là cấu hình, không viết cứng trong phần mềm.
  Tỉnh đổi mức xếp loại bằng cách triển khai phiên bản mới của bảng; các lần xếp loại sau đó
  theo bảng mới, kết quả đã công bố giữ nguyên.

  Bối cảnh:
    Cho tổ chức mẫu ba cấp: tỉnh Hải Dương, các huyện Tứ Kỳ và Thanh Hà, mỗi huyện ba xã
    Và hôm nay là 01/03/2024
    Và Bộ Nội vụ đã ban hành kế hoạch dân vận chính quyền năm 2024, các cấp tỉnh, huyện, xã đã tiếp nhận và ban hành kế hoạch của mình
    Và hệ thống đã xử lý các việc đến hạn lúc 08:00 ngày 10/11/2024

  Kịch bản: Xã tự chấm, Chủ tịch phê duyệt, huyện thẩm định và xếp loại theo bảng của tỉnh
    Thì thang điểm của UBND xã Ngọc Kỳ gồm:
      | tiêu chí                                                                    | điểm tối đa | phần của cấp trên |
      | Lãnh đạo, chỉ đạo, ban hành kế hoạch thực hiện công tác dân vận chính quyền | 20          | 5                 |
      | Cải cách hành chính, tiếp công dân, giải quyết khiếu nại, tố cáo            | 30          | 10                |
      | Thực hiện dân chủ ở cơ sở, đối thoại với Nhân dân                           | 30          | 10                |
      | Phong trào thi đua “Dân vận khéo”                                           | 20          | 5                 |
    Và chuyên viên UBND xã Ngọc Kỳ có việc "Tự chấm điểm" về kết quả tự chấm điểm của UBND xã Ngọc Kỳ
    Khi hôm nay là 12/11/2024
    Và chuyên viên UBND xã Ngọc Kỳ tự chấm điểm:
      | tiêu chí                                                                    | điểm |
      | Lãnh đạo, chỉ đạo, ban hành kế hoạch thực hiện công tác dân vận chính quyền | 20   |
      | Cải cách hành chính, tiếp công dân, giải quyết khiếu nại, tố cáo            | 18   |
      | Thực hiện dân chủ ở cơ sở, đối thoại với Nhân dân                           | 17   |
      | Phong trào thi đua “Dân vận khéo”                                           | 12   |
    Thì thao tác bị từ chối vì dữ liệu không hợp lệ với thông báo có "phải là số nguyên từ 0 đến 15"
    Khi chuyên viên UBND xã Ngọc Kỳ tự chấm điểm:
      | tiêu chí                                                                    | điểm |
      | Lãnh đạo, chỉ đạo, ban hành kế hoạch thực hiện công tác dân vận chính quyền | 14   |
      | Cải cách hành chính, tiếp công dân, giải quyết khiếu nại, tố cáo            | 18   |
      | Thực hiện dân chủ ở cơ sở, đối thoại với Nhân dân                           | 17   |
      | Phong trào thi đua “Dân vận khéo”                                           | 12   |
    Thì chủ tịch UBND xã Ngọc Kỳ có việc "Phê duyệt kết quả tự chấm" về kết quả tự chấm điểm của UBND xã Ngọc Kỳ
    Khi chủ tịch UBND xã Ngọc Kỳ phê duyệt kết quả tự chấm
    Thì kết quả tự chấm điểm của UBND xã Ngọc Kỳ có số "02/BC-UBND"
    Và chuyên viên UBND huyện Tứ Kỳ có việc "Thẩm định, chấm điểm phần của cấp trên" về kết quả tự chấm điểm của UBND xã Ngọc Kỳ
    Khi chuyên viên UBND huyện Tứ Kỳ chấm phần điểm của cấp trên cho UBND xã Ngọc Kỳ:
      | tiêu chí                                                                    | điểm |
      | Lãnh đạo, chỉ đạo, ban hành kế hoạch thực hiện công tác dân vận chính quyền | 6    |
      | Cải cách hành chính, tiếp công dân, giải quyết khiếu nại, tố cáo            | 8    |
      | Thực hiện dân chủ ở cơ sở, đối thoại với Nhân dân                           | 9    |
      | Phong trào thi đua “Dân vận khéo”                                           | 4    |
    Thì thao tác bị từ chối vì dữ liệu không hợp lệ với thông báo có "phải là số nguyên từ 0 đến 5"
    Khi chuyên viên UBND huyện Tứ Kỳ chấm phần điểm của cấp trên cho UBND xã Ngọc Kỳ:
      | tiêu chí                                                                    | điểm |
      | Lãnh đạo, chỉ đạo, ban hành kế hoạch thực hiện công tác dân vận chính quyền | 5    |
      | Cải cách hành chính, tiếp công dân, giải quyết khiếu nại, tố cáo            | 8    |
      | Thực hiện dân chủ ở cơ sở, đối thoại với Nhân dân                           | 9    |
      | Phong trào thi đua “Dân vận khéo”                                           | 4    |
    Thì kết quả chấm điểm của UBND xã Ngọc Kỳ là 87 điểm (tự chấm 61, cấp trên 26), xếp loại "Hoàn thành tốt nhiệm vụ"
    Và chuyên viên UBND huyện Tứ Kỳ không còn có việc "Thẩm định, chấm điểm phần của cấp trên" về kết quả tự chấm điểm của UBND xã Ngọc Kỳ

  Kịch bản: Mức điểm của từng loại theo bảng quyết định đang triển khai
    Khi các xã được chấm điểm như sau:
      | đơn vị              | tự chấm | cấp trên |
      | UBND xã Ngọc Kỳ     | 65      | 25       |
      | UBND xã Tân Kỳ      | 64      | 25       |
      | UBND xã Nguyên Giáp | 55      | 25       |
      | UBND xã Hồng Lạc    | 54      | 25       |
      | UBND xã Tân Việt    | 40      | 10       |
      | UBND xã Thanh An    | 39      | 10       |
    Thì kết quả xếp loại các xã là:
      | đơn vị              | tổng điểm | xếp loại                     |
      | UBND xã Ngọc Kỳ     | 90        | Hoàn thành xuất sắc nhiệm vụ |
      | UBND xã Tân Kỳ      | 89        | Hoàn thành tốt nhiệm vụ      |
      | UBND xã Nguyên Giáp | 80        | Hoàn thành tốt nhiệm vụ      |
      | UBND xã Hồng Lạc    | 79        | Hoàn thành nhiệm vụ          |
      | UBND xã Tân Việt    | 50        | Hoàn thành nhiệm vụ          |
      | UBND xã Thanh An    | 49        | Không hoàn thành nhiệm vụ    |

  Kịch bản: Tỉnh triển khai phiên bản mới của bảng xếp loại, lần xếp loại tiếp theo dùng mức điểm mới
    Cho các xã đã được chấm điểm như sau:
      | đơn vị          | tự chấm | cấp trên |
      | UBND xã Ngọc Kỳ | 61      | 26       |
    Khi người thiết kế quy trình triển khai phiên bản mới của bảng xếp loại:
      | xếp loại                     | từ điểm | dưới điểm |
      | Hoàn thành xuất sắc nhiệm vụ | 85      |           |
      | Hoàn thành tốt nhiệm vụ      | 70      | 85        |
      | Hoàn thành nhiệm vụ          | 50      | 70        |
      | Không hoàn thành nhiệm vụ    |         | 50        |
    Thì bảng xếp loại có các phiên bản 1, 2
    Khi các xã được chấm điểm như sau:
      | đơn vị              | tự chấm | cấp trên |
      | UBND xã Tân Kỳ      | 61      | 26       |
      | UBND xã Nguyên Giáp | 50      | 25       |
    Thì kết quả xếp loại các xã là:
      | đơn vị              | tổng điểm | xếp loại                     | theo bảng phiên bản |
      | UBND xã Ngọc Kỳ     | 87        | Hoàn thành tốt nhiệm vụ      | 1                   |
      | UBND xã Tân Kỳ      | 87        | Hoàn thành xuất sắc nhiệm vụ | 2                   |
      | UBND xã Nguyên Giáp | 75        | Hoàn thành tốt nhiệm vụ      | 2                   |
