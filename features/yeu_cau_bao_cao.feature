# language: vi
Tính năng: Yêu cầu báo cáo là nội dung của kế hoạch
  Kế hoạch ghi đơn vị nào báo cáo gì, trước ngày nào; hạn ghi đúng như văn bản ("trước ngày 30/5").
  Kế hoạch không có cấp trên trong hệ thống dùng lịch thường lệ: báo cáo sơ kết 6 tháng trước ngày
  30/5, báo cáo tổng kết năm trước ngày 30/11, kết quả chấm điểm trước ngày 05/12. Kế hoạch cấp
  dưới nhận các yêu cầu đó với hạn sớm hơn 5 ngày, để kịp tổng hợp trước khi báo cáo lên. Khi soạn
  dự thảo, đơn vị được rút ngắn hạn nhưng không được ghi hạn muộn hơn hạn của cấp trên. Ngày chốt số
  liệu theo Nghị định 09/2019 chỉ dùng khi còn cách hạn ít nhất một ngày làm việc; nếu không, ngày chốt
  lùi theo hạn báo cáo, và kế hoạch ghi rõ ngày chốt lấy từ đâu. Ngày chốt do đơn vị tự ghi mà sát hạn
  thì kế hoạch có cảnh báo, nhưng vẫn ban hành được.

  Bối cảnh:
    Cho tổ chức mẫu ba cấp: tỉnh Hải Dương, các huyện Tứ Kỳ và Thanh Hà, mỗi huyện ba xã
    Và hôm nay là 01/03/2024
    Và Bộ Nội vụ đã ban hành kế hoạch "Kế hoạch công tác dân vận chính quyền năm 2024"
    Và UBND tỉnh Hải Dương đã tiếp nhận và ban hành kế hoạch cấp mình "Kế hoạch dân vận chính quyền tỉnh Hải Dương năm 2024"
    Và văn thư UBND huyện Tứ Kỳ đã tiếp nhận kế hoạch cấp trên

  Kịch bản: Mỗi cấp nhận yêu cầu báo cáo của cấp trên với hạn sớm hơn 5 ngày
    Thì kế hoạch "Kế hoạch công tác dân vận chính quyền năm 2024" có các yêu cầu báo cáo:
      | loại báo cáo                   | đơn vị báo cáo                                 | hạn              |
      | Báo cáo sơ kết 6 tháng         | UBND các tỉnh, thành phố trực thuộc Trung ương | trước ngày 30/5  |
      | Báo cáo tổng kết năm           | UBND các tỉnh, thành phố trực thuộc Trung ương | trước ngày 30/11 |
      | Kết quả tự chấm điểm, xếp loại | UBND các tỉnh, thành phố trực thuộc Trung ương | trước ngày 05/12 |
    Và kế hoạch "Kế hoạch dân vận chính quyền tỉnh Hải Dương năm 2024" có các yêu cầu báo cáo:
      | loại báo cáo                   | đơn vị báo cáo            | hạn                   |
      | Báo cáo sơ kết 6 tháng         | UBND các huyện, thành phố | trước ngày 25/05/2024 |
      | Báo cáo tổng kết năm           | UBND các huyện, thành phố | trước ngày 25/11/2024 |
      | Kết quả tự chấm điểm, xếp loại | UBND các huyện, thành phố | trước ngày 30/11/2024 |
    Và kế hoạch của UBND huyện Tứ Kỳ có các yêu cầu báo cáo:
      | loại báo cáo                   | đơn vị báo cáo        | hạn                   |
      | Báo cáo sơ kết 6 tháng         | UBND các xã, thị trấn | trước ngày 20/05/2024 |
      | Báo cáo tổng kết năm           | UBND các xã, thị trấn | trước ngày 20/11/2024 |
      | Kết quả tự chấm điểm, xếp loại | UBND các xã, thị trấn | trước ngày 25/11/2024 |
    Và các kỳ báo cáo theo kế hoạch "Kế hoạch dân vận chính quyền tỉnh Hải Dương năm 2024":
      | đơn vị báo cáo      | loại báo cáo                   | hạn                   | mở kỳ      |
      | UBND huyện Thanh Hà | Báo cáo sơ kết 6 tháng         | trước ngày 25/05/2024 | 10/05/2024 |
      | UBND huyện Tứ Kỳ    | Báo cáo sơ kết 6 tháng         | trước ngày 25/05/2024 | 10/05/2024 |
      | UBND huyện Thanh Hà | Báo cáo tổng kết năm           | trước ngày 25/11/2024 | 10/11/2024 |
      | UBND huyện Tứ Kỳ    | Báo cáo tổng kết năm           | trước ngày 25/11/2024 | 10/11/2024 |
      | UBND huyện Thanh Hà | Kết quả tự chấm điểm, xếp loại | trước ngày 30/11/2024 | 15/11/2024 |
      | UBND huyện Tứ Kỳ    | Kết quả tự chấm điểm, xếp loại | trước ngày 30/11/2024 | 15/11/2024 |

  Kịch bản: Huyện rút ngắn hạn báo cáo của các xã trong dự thảo kế hoạch
    Khi chuyên viên UBND huyện Tứ Kỳ trình dự thảo "Kế hoạch dân vận chính quyền huyện Tứ Kỳ năm 2024" với các yêu cầu báo cáo:
      | loại báo cáo                   | đơn vị báo cáo        | hạn                  |
      | Báo cáo sơ kết 6 tháng         | UBND các xã, thị trấn | trước ngày 15/5      |
      | Báo cáo tổng kết năm           | UBND các xã, thị trấn | trước ngày 15/11     |
      | Kết quả tự chấm điểm, xếp loại | UBND các xã, thị trấn | chậm nhất ngày 29/11 |
    Và trưởng phòng UBND huyện Tứ Kỳ đồng ý trình ký
    Và chủ tịch UBND huyện Tứ Kỳ phê duyệt, ký kế hoạch
    Và văn thư UBND huyện Tứ Kỳ vào sổ, ban hành kế hoạch
    Thì kế hoạch "Kế hoạch dân vận chính quyền huyện Tứ Kỳ năm 2024" có các yêu cầu báo cáo:
      | loại báo cáo                   | đơn vị báo cáo        | hạn                  |
      | Báo cáo sơ kết 6 tháng         | UBND các xã, thị trấn | trước ngày 15/5      |
      | Báo cáo tổng kết năm           | UBND các xã, thị trấn | trước ngày 15/11     |
      | Kết quả tự chấm điểm, xếp loại | UBND các xã, thị trấn | chậm nhất ngày 29/11 |
    Và các kỳ báo cáo theo kế hoạch "Kế hoạch dân vận chính quyền huyện Tứ Kỳ năm 2024":
      | đơn vị báo cáo      | gửi đến          | loại báo cáo                   | hạn                       | mở kỳ      |
      | UBND xã Ngọc Kỳ     | UBND huyện Tứ Kỳ | Báo cáo sơ kết 6 tháng         | trước ngày 15/05/2024     | 30/04/2024 |
      | UBND xã Tân Kỳ      | UBND huyện Tứ Kỳ | Báo cáo sơ kết 6 tháng         | trước ngày 15/05/2024     | 30/04/2024 |
      | UBND xã Nguyên Giáp | UBND huyện Tứ Kỳ | Báo cáo sơ kết 6 tháng         | trước ngày 15/05/2024     | 30/04/2024 |
      | UBND xã Ngọc Kỳ     | UBND huyện Tứ Kỳ | Báo cáo tổng kết năm           | trước ngày 15/11/2024     | 31/10/2024 |
      | UBND xã Tân Kỳ      | UBND huyện Tứ Kỳ | Báo cáo tổng kết năm           | trước ngày 15/11/2024     | 31/10/2024 |
      | UBND xã Nguyên Giáp | UBND huyện Tứ Kỳ | Báo cáo tổng kết năm           | trước ngày 15/11/2024     | 31/10/2024 |
      | UBND xã Ngọc Kỳ     | UBND huyện Tứ Kỳ | Kết quả tự chấm điểm, xếp loại | chậm nhất ngày 29/11/2024 | 14/11/2024 |
      | UBND xã Tân Kỳ      | UBND huyện Tứ Kỳ | Kết quả tự chấm điểm, xếp loại | chậm nhất ngày 29/11/2024 | 14/11/2024 |
      | UBND xã Nguyên Giáp | UBND huyện Tứ Kỳ | Kết quả tự chấm điểm, xếp loại | chậm nhất ngày 29/11/2024 | 14/11/2024 |

  Khung kịch bản: Hạn muộn hơn hạn của kế hoạch cấp trên bị từ chối, dự thảo giữ nguyên
    Khi chuyên viên UBND huyện Tứ Kỳ trình dự thảo "Kế hoạch dân vận chính quyền huyện Tứ Kỳ năm 2024" với các yêu cầu báo cáo:
      | loại báo cáo | đơn vị báo cáo        | hạn   |
      | <loại>       | UBND các xã, thị trấn | <hạn> |
    Thì thao tác bị từ chối vì dữ liệu không hợp lệ với thông báo có "<loại>: hạn '<hạn>' muộn hơn hạn của kế hoạch cấp trên (<hạn cấp trên>)"
    Và kế hoạch không thay đổi gì
    Và kế hoạch của UBND huyện Tứ Kỳ vẫn có các yêu cầu báo cáo được giao từ cấp trên
    Và chuyên viên UBND huyện Tứ Kỳ vẫn có nhiệm vụ "Soạn thảo dự thảo kế hoạch"

    Dữ liệu:
      | loại                   | hạn                 | hạn cấp trên          |
      | Báo cáo sơ kết 6 tháng | trước ngày 28/5     | trước ngày 25/05/2024 |
      | Báo cáo sơ kết 6 tháng | chậm nhất ngày 25/5 | trước ngày 25/05/2024 |
      | Báo cáo tổng kết năm   | trước ngày 30/11    | trước ngày 25/11/2024 |

  Kịch bản: Chốt số liệu theo Nghị định 09 khi còn kịp, lùi theo hạn khi không kịp; ngày chốt ghi tay sát hạn thì có cảnh báo
    Thì kế hoạch của UBND huyện Tứ Kỳ có các yêu cầu báo cáo:
      | loại báo cáo                   | hạn                   | chốt số liệu                                                        | cảnh báo |
      | Báo cáo sơ kết 6 tháng         | trước ngày 20/05/2024 | Chốt số liệu từ 15/12/2023 đến 16/05/2024 (lùi theo hạn báo cáo) | không    |
      | Báo cáo tổng kết năm           | trước ngày 20/11/2024 | Chốt số liệu từ 15/12/2023 đến 18/11/2024 (lùi theo hạn báo cáo) | không    |
      | Kết quả tự chấm điểm, xếp loại | trước ngày 25/11/2024 |                                                                     | không    |
    Khi chuyên viên UBND huyện Tứ Kỳ trình dự thảo "Kế hoạch dân vận chính quyền huyện Tứ Kỳ năm 2024" với các yêu cầu báo cáo:
      | loại báo cáo           | đơn vị báo cáo        | hạn              | chốt số liệu đến |
      | Báo cáo sơ kết 6 tháng | UBND các xã, thị trấn | trước ngày 15/5  | 10/05/2024       |
      | Báo cáo tổng kết năm   | UBND các xã, thị trấn | trước ngày 18/11 | 15/11/2024       |
    Thì kế hoạch "Kế hoạch dân vận chính quyền huyện Tứ Kỳ năm 2024" có các yêu cầu báo cáo:
      | loại báo cáo                   | hạn                   | chốt số liệu đến | cảnh báo |
      | Báo cáo sơ kết 6 tháng         | trước ngày 15/5       | 10/05/2024       | không    |
      | Báo cáo tổng kết năm           | trước ngày 18/11      | 15/11/2024       | có       |
      | Kết quả tự chấm điểm, xếp loại | trước ngày 25/11/2024 |                  | không    |
    Và yêu cầu báo cáo tổng kết năm của kế hoạch "Kế hoạch dân vận chính quyền huyện Tứ Kỳ năm 2024" có cảnh báo "Hạn báo cáo (trước ngày 18/11) không cách ngày chốt số liệu (15/11/2024) ít nhất một ngày làm việc."
    Và trưởng phòng UBND huyện Tứ Kỳ có nhiệm vụ "Thẩm định dự thảo kế hoạch"
