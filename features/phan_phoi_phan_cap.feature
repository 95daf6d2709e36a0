# language: vi
Tính năng: Phân phối kế hoạch đến Nơi nhận và phân cấp xuống cấp dưới
  Kế hoạch đã ban hành được gửi đến mọi dòng ở Nơi nhận. Dòng nào ứng với một đơn vị
  trong hệ thống thì đơn vị đó xác nhận đã nhận; dòng nào không ứng với đơn vị nào thì
  được giữ nguyên văn. Các đơn vị cấp dưới phải thực hiện thì nhận nghĩa vụ xây dựng và
  ban hành kế hoạch của mình trước hạn ghi trong kế hoạch cấp trên, cứ thế đến cấp xã.

  Quy tắc: Chế độ ba cấp (đến 30/6/2025): tỉnh → huyện → xã

    Bối cảnh:
      Cho tổ chức mẫu ba cấp: tỉnh Hải Dương, các huyện Tứ Kỳ và Thanh Hà, mỗi huyện ba xã
      Và hôm nay là 01/03/2024

    Kịch bản: Tỉnh ban hành thì mỗi huyện nhận một kế hoạch với hạn tỉnh đã ghi
      Khi UBND tỉnh Hải Dương ban hành kế hoạch "Kế hoạch dân vận chính quyền tỉnh năm 2024" với hạn cấp dưới 15/04/2024
      Thì kế hoạch "Kế hoạch dân vận chính quyền tỉnh năm 2024" có các kế hoạch cấp dưới:
        | đơn vị              | hạn ban hành | trạng thái    |
        | UBND huyện Thanh Hà | 15/04/2024   | chờ tiếp nhận |
        | UBND huyện Tứ Kỳ    | 15/04/2024   | chờ tiếp nhận |
      Và văn thư của mỗi đơn vị đó có nhiệm vụ "Tiếp nhận kế hoạch cấp trên"
      Và văn thư UBND xã Ngọc Kỳ không có nhiệm vụ nào

    Kịch bản: Huyện ban hành kế hoạch của mình thì các xã nhận kế hoạch, xã là cấp cuối cùng
      Cho UBND tỉnh Hải Dương đã ban hành kế hoạch "Kế hoạch dân vận chính quyền tỉnh năm 2024" với hạn cấp dưới 15/04/2024
      Khi văn thư UBND huyện Tứ Kỳ tiếp nhận kế hoạch cấp trên
      Thì nơi nhận UBND huyện Tứ Kỳ của kế hoạch "Kế hoạch dân vận chính quyền tỉnh năm 2024" đã xác nhận đã nhận ngày 01/03/2024
      Và nơi nhận UBND huyện Thanh Hà của kế hoạch "Kế hoạch dân vận chính quyền tỉnh năm 2024" chưa xác nhận đã nhận
      Khi UBND huyện Tứ Kỳ ban hành kế hoạch cấp mình "Kế hoạch dân vận chính quyền huyện Tứ Kỳ năm 2024" với hạn cấp dưới 10/05/2024
      Thì kế hoạch "Kế hoạch dân vận chính quyền huyện Tứ Kỳ năm 2024" thực hiện kế hoạch "Kế hoạch dân vận chính quyền tỉnh năm 2024"
      Và kế hoạch "Kế hoạch dân vận chính quyền huyện Tứ Kỳ năm 2024" có các kế hoạch cấp dưới:
        | đơn vị              | hạn ban hành | trạng thái    |
        | UBND xã Ngọc Kỳ     | 10/05/2024   | chờ tiếp nhận |
        | UBND xã Tân Kỳ      | 10/05/2024   | chờ tiếp nhận |
        | UBND xã Nguyên Giáp | 10/05/2024   | chờ tiếp nhận |
      Và văn thư của mỗi đơn vị đó có nhiệm vụ "Tiếp nhận kế hoạch cấp trên"
      Và văn thư UBND xã Hồng Lạc không có nhiệm vụ nào
      Khi UBND xã Ngọc Kỳ tiếp nhận và ban hành kế hoạch cấp mình "Kế hoạch dân vận chính quyền xã Ngọc Kỳ năm 2024"
      Thì kế hoạch "Kế hoạch dân vận chính quyền xã Ngọc Kỳ năm 2024" ở trạng thái "đã ban hành"
      Và kế hoạch "Kế hoạch dân vận chính quyền xã Ngọc Kỳ năm 2024" thực hiện kế hoạch "Kế hoạch dân vận chính quyền huyện Tứ Kỳ năm 2024"
      Và kế hoạch "Kế hoạch dân vận chính quyền xã Ngọc Kỳ năm 2024" không có kế hoạch cấp dưới nào

    Kịch bản: Nơi nhận là đơn vị xác nhận đã nhận, nơi nhận ngoài hệ thống được giữ nguyên văn
      Khi UBND tỉnh Hải Dương ban hành kế hoạch "Kế hoạch dân vận chính quyền tỉnh năm 2024" gửi các nơi nhận:
        | dòng                                     |
        | Bộ Nội vụ;                               |
        | Thường trực Tỉnh ủy (để báo cáo);        |
        | Ủy ban MTTQ Việt Nam tỉnh Hải Dương;     |
        | UBND các huyện, thành phố;               |
      Thì nơi nhận của kế hoạch "Kế hoạch dân vận chính quyền tỉnh năm 2024" là:
        | dòng                                 | đơn vị              | thực hiện kế hoạch |
        | Bộ Nội vụ;                           | Bộ Nội vụ           | không              |
        | Thường trực Tỉnh ủy (để báo cáo);    |                     | không              |
        | Ủy ban MTTQ Việt Nam tỉnh Hải Dương; |                     | không              |
        | UBND các huyện, thành phố;           | UBND huyện Thanh Hà | có                 |
        | UBND các huyện, thành phố;           | UBND huyện Tứ Kỳ    | có                 |
      Khi hôm nay là 04/03/2024
      Và văn thư Bộ Nội vụ xác nhận đã nhận kế hoạch
      Và văn thư UBND huyện Tứ Kỳ tiếp nhận kế hoạch cấp trên
      Thì nơi nhận Bộ Nội vụ của kế hoạch "Kế hoạch dân vận chính quyền tỉnh năm 2024" đã xác nhận đã nhận ngày 04/03/2024
      Và nơi nhận UBND huyện Tứ Kỳ của kế hoạch "Kế hoạch dân vận chính quyền tỉnh năm 2024" đã xác nhận đã nhận ngày 04/03/2024
      Và nơi nhận UBND huyện Thanh Hà của kế hoạch "Kế hoạch dân vận chính quyền tỉnh năm 2024" chưa xác nhận đã nhận
      Và văn thư Bộ Nội vụ không có nhiệm vụ nào

    Kịch bản: Nhiệm vụ xác nhận đã nhận cho văn thư biết kế hoạch nào được gửi đến
      Khi UBND tỉnh Hải Dương ban hành kế hoạch "Kế hoạch dân vận chính quyền tỉnh năm 2024"
      Và UBND tỉnh Hải Dương ban hành kế hoạch "Kế hoạch thực hiện Quy chế dân chủ năm 2024"
      Thì văn thư Bộ Nội vụ có nhiệm vụ "Xác nhận đã nhận kế hoạch" của kế hoạch "Kế hoạch dân vận chính quyền tỉnh năm 2024"
      Và văn thư Bộ Nội vụ có nhiệm vụ "Xác nhận đã nhận kế hoạch" của kế hoạch "Kế hoạch thực hiện Quy chế dân chủ năm 2024"

    Kịch bản: Cơ quan chuyên môn cấp trên ở Nơi nhận cũng xác nhận được đã nhận
      Cho UBND tỉnh Hải Dương đã ban hành kế hoạch "Kế hoạch dân vận chính quyền tỉnh năm 2024" gửi các nơi nhận:
        | dòng                       |
        | UBND các huyện, thành phố; |
      Và UBND huyện Tứ Kỳ đã tiếp nhận và ban hành kế hoạch cấp mình "Kế hoạch dân vận chính quyền huyện Tứ Kỳ năm 2024"
      Thì nơi nhận của kế hoạch "Kế hoạch dân vận chính quyền huyện Tứ Kỳ năm 2024" gồm:
        | dòng       | đơn vị                   | thực hiện kế hoạch |
        | UBND tỉnh; | UBND tỉnh Hải Dương      | không              |
        | Sở Nội vụ; | Sở Nội vụ tỉnh Hải Dương | không              |
      Và mỗi nơi nhận là đơn vị không phải thực hiện kế hoạch "Kế hoạch dân vận chính quyền huyện Tứ Kỳ năm 2024" có một nhiệm vụ "Xác nhận đã nhận kế hoạch" trong hộp việc của người dùng nào đó
      Khi những người có nhiệm vụ đó xác nhận đã nhận kế hoạch
      Thì mọi nơi nhận là đơn vị không phải thực hiện kế hoạch "Kế hoạch dân vận chính quyền huyện Tứ Kỳ năm 2024" đã xác nhận đã nhận

  Quy tắc: Chế độ hai cấp (từ 01/7/2025): tỉnh, thành phố → xã, không còn cấp huyện

    Bối cảnh:
      Cho tổ chức mẫu hai cấp: thành phố Hải Phòng và năm xã trực thuộc
      Và hôm nay là 04/08/2025

    Kịch bản: Thành phố ban hành thì các xã nhận kế hoạch trực tiếp và ban hành kế hoạch của mình
      Khi UBND thành phố Hải Phòng ban hành kế hoạch "Kế hoạch dân vận chính quyền thành phố năm 2025" với hạn cấp dưới 15/09/2025
      Thì kế hoạch "Kế hoạch dân vận chính quyền thành phố năm 2025" có các kế hoạch cấp dưới:
        | đơn vị             | hạn ban hành | trạng thái    |
        | UBND xã Tứ Kỳ      | 15/09/2025   | chờ tiếp nhận |
        | UBND xã Đại Sơn    | 15/09/2025   | chờ tiếp nhận |
        | UBND xã Chí Minh   | 15/09/2025   | chờ tiếp nhận |
        | UBND xã Lạc Phượng | 15/09/2025   | chờ tiếp nhận |
        | UBND xã Vĩnh Lại   | 15/09/2025   | chờ tiếp nhận |
      Và mọi đơn vị phải thực hiện kế hoạch "Kế hoạch dân vận chính quyền thành phố năm 2025" đều là cấp xã
      Và văn thư của mỗi đơn vị đó có nhiệm vụ "Tiếp nhận kế hoạch cấp trên"
      Khi UBND xã Tứ Kỳ tiếp nhận và ban hành kế hoạch cấp mình "Kế hoạch dân vận chính quyền xã Tứ Kỳ năm 2025"
      Thì kế hoạch "Kế hoạch dân vận chính quyền xã Tứ Kỳ năm 2025" thực hiện kế hoạch "Kế hoạch dân vận chính quyền thành phố năm 2025"
      Và kế hoạch "Kế hoạch dân vận chính quyền xã Tứ Kỳ năm 2025" có số "01/KH-UBND", ngày ban hành 04/08/2025
      Và kế hoạch "Kế hoạch dân vận chính quyền xã Tứ Kỳ năm 2025" không có kế hoạch cấp dưới nào
