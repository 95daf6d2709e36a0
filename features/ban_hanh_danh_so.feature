# language: vi
Tính năng: Ban hành và đánh số kế hoạch
  Văn thư vào sổ văn bản đi khi ban hành: mỗi cơ quan ban hành có dãy số riêng,
  bắt đầu từ 01 vào ngày 01 tháng 01 và chạy đến hết ngày 31 tháng 12,
  hiển thị "Số: 09/KH-UBND"; kế hoạch chưa ban hành thì chưa có số.

  Bối cảnh:
    Cho tổ chức mẫu ba cấp: tỉnh Hải Dương, các huyện Tứ Kỳ và Thanh Hà, mỗi huyện ba xã
    Và hôm nay là 05/03/2024

  Kịch bản: Kế hoạch đầu tiên trong năm được số 01 và ngày ban hành là ngày vào sổ
    Cho chuyên viên UBND tỉnh Hải Dương đã lập kế hoạch mới
    Khi chuyên viên UBND tỉnh Hải Dương trình dự thảo "Kế hoạch dân vận chính quyền năm 2024"
    Thì kế hoạch chưa có số và ngày ban hành
    Khi trưởng phòng UBND tỉnh Hải Dương đồng ý trình ký
    Và chủ tịch UBND tỉnh Hải Dương phê duyệt, ký kế hoạch
    Thì kế hoạch ở trạng thái "đã ký"
    Và kế hoạch chưa có số và ngày ban hành
    Khi hôm nay là 06/03/2024
    Và văn thư UBND tỉnh Hải Dương vào sổ, ban hành kế hoạch
    Thì kế hoạch ở trạng thái "đã ban hành"
    Và kế hoạch có số "01/KH-UBND", ngày ban hành 06/03/2024
    Và văn thư UBND tỉnh Hải Dương không có nhiệm vụ "Vào sổ, ban hành kế hoạch"

  Kịch bản: Kế hoạch thứ hai trong năm được số 02
    Cho UBND tỉnh Hải Dương đã ban hành kế hoạch "Kế hoạch dân vận chính quyền năm 2024"
    Khi hôm nay là 20/03/2024
    Và UBND tỉnh Hải Dương ban hành kế hoạch "Kế hoạch thực hiện Quy chế dân chủ năm 2024"
    Thì kế hoạch "Kế hoạch dân vận chính quyền năm 2024" có số "01/KH-UBND", ngày ban hành 05/03/2024
    Và kế hoạch "Kế hoạch thực hiện Quy chế dân chủ năm 2024" có số "02/KH-UBND", ngày ban hành 20/03/2024

  Kịch bản: Sang năm mới số kế hoạch bắt đầu lại từ 01
    Cho hôm nay là 30/12/2024
    Và UBND tỉnh Hải Dương đã ban hành kế hoạch "Kế hoạch dân vận chính quyền năm 2024"
    Và UBND tỉnh Hải Dương đã ban hành kế hoạch "Kế hoạch tổng kết công tác dân vận năm 2024"
    Khi hôm nay là 06/01/2025
    Và UBND tỉnh Hải Dương ban hành kế hoạch "Kế hoạch dân vận chính quyền năm 2025"
    Thì kế hoạch "Kế hoạch tổng kết công tác dân vận năm 2024" có số "02/KH-UBND", ngày ban hành 30/12/2024
    Và kế hoạch "Kế hoạch dân vận chính quyền năm 2025" có số "01/KH-UBND", ngày ban hành 06/01/2025

  Kịch bản: Kế hoạch ký cuối năm nhưng vào sổ đầu năm sau lấy số của năm vào sổ
    Cho UBND tỉnh Hải Dương đã ban hành kế hoạch "Kế hoạch dân vận chính quyền năm 2024"
    Và hôm nay là 31/12/2024
    Và chuyên viên UBND tỉnh Hải Dương đã lập kế hoạch mới
    Và chuyên viên UBND tỉnh Hải Dương đã trình dự thảo "Kế hoạch dân vận chính quyền năm 2025"
    Và trưởng phòng UBND tỉnh Hải Dương đã đồng ý trình ký
    Và chủ tịch UBND tỉnh Hải Dương đã phê duyệt, ký kế hoạch
    Khi hôm nay là 02/01/2025
    Và văn thư UBND tỉnh Hải Dương vào sổ, ban hành kế hoạch
    Thì kế hoạch "Kế hoạch dân vận chính quyền năm 2025" có số "01/KH-UBND", ngày ban hành 02/01/2025

  Kịch bản: Hai cơ quan ban hành đánh số độc lập với nhau
    Cho UBND tỉnh Hải Dương đã ban hành kế hoạch "Kế hoạch dân vận chính quyền năm 2024 của tỉnh"
    Khi UBND huyện Tứ Kỳ ban hành kế hoạch "Kế hoạch dân vận chính quyền năm 2024 của huyện"
    Và UBND huyện Thanh Hà ban hành kế hoạch "Kế hoạch dân vận chính quyền năm 2024 huyện Thanh Hà"
    Và UBND tỉnh Hải Dương ban hành kế hoạch "Kế hoạch thực hiện Quy chế dân chủ năm 2024"
    Thì kế hoạch "Kế hoạch dân vận chính quyền năm 2024 của huyện" có số "01/KH-UBND", ngày ban hành 05/03/2024
    Và kế hoạch "Kế hoạch dân vận chính quyền năm 2024 huyện Thanh Hà" có số "01/KH-UBND", ngày ban hành 05/03/2024
    Và kế hoạch "Kế hoạch thực hiện Quy chế dân chủ năm 2024" có số "02/KH-UBND", ngày ban hành 05/03/2024
