# language: vi
Tính năng: Ký số kế hoạch
  Theo Nghị định 30/2020, văn bản điện tử do người có thẩm quyền ký số, rồi văn thư ban hành với chữ ký số của
  cơ quan. Người ký xem văn bản, chứng thư số sẽ dùng, nhập mật khẩu (hoặc mã PIN) của khóa ký số rồi mới ký;
  văn bản ban hành mang cả hai chữ ký, nơi nhận kiểm tra được ai ký, cho cơ quan nào, khi nào và văn bản còn
  nguyên vẹn hay không.

  Bối cảnh:
    Cho tổ chức mẫu ba cấp: tỉnh Hải Dương, các huyện Tứ Kỳ và Thanh Hà, mỗi huyện ba xã
    Và UBND huyện Tứ Kỳ ký số văn bản: chủ tịch, phó chủ tịch và Ủy ban có chứng thư số của CA thử nghiệm
    Và chuyên viên UBND huyện Tứ Kỳ đã lập kế hoạch mới
    Và chuyên viên UBND huyện Tứ Kỳ đã trình dự thảo "Kế hoạch công tác dân vận chính quyền năm 2024"
    Và trưởng phòng UBND huyện Tứ Kỳ đã đồng ý trình ký

  Kịch bản: Chủ tịch ký số, văn thư ban hành với chữ ký số của Ủy ban, nơi nhận kiểm tra được văn bản
    Khi chủ tịch UBND huyện Tứ Kỳ ký số kế hoạch với mật khẩu "planflow"
    Thì bản kế hoạch đã ký có chữ ký số hợp lệ của chủ tịch UBND huyện Tứ Kỳ
    Khi văn thư UBND huyện Tứ Kỳ ban hành kế hoạch với mã PIN của Ủy ban "planflow"
    Thì kế hoạch ở trạng thái "đã ban hành"
    Và bản kế hoạch ban hành có chữ ký số hợp lệ của chủ tịch UBND huyện Tứ Kỳ và của "Ủy ban nhân dân huyện Tứ Kỳ"
    Và bản kế hoạch ban hành ghi "Số: 01/KH-UBND" và "Tứ Kỳ, ngày 01 tháng 3 năm 2024"
    Và chuyên viên UBND xã Ngọc Kỳ thấy bản kế hoạch ban hành bên cạnh dòng "Chữ ký số hợp lệ"

  Kịch bản: Phó chủ tịch ký thay chủ tịch bằng chứng thư số của mình
    Khi phó chủ tịch UBND huyện Tứ Kỳ ký số kế hoạch với mật khẩu "planflow"
    Thì bản kế hoạch đã ký có chữ ký số hợp lệ của phó chủ tịch UBND huyện Tứ Kỳ
    Và bản kế hoạch đã ký ghi "KT. CHỦ TỊCH" và "PHÓ CHỦ TỊCH"

  Kịch bản: Nhập sai mật khẩu thì không ký được và kế hoạch không thay đổi
    Khi chủ tịch UBND huyện Tứ Kỳ ký số kế hoạch với mật khẩu "mat-khau-sai"
    Thì thao tác bị từ chối vì dữ liệu không hợp lệ với thông báo có "mật khẩu không đúng"
    Và kế hoạch không thay đổi gì
    Và chủ tịch UBND huyện Tứ Kỳ vẫn có nhiệm vụ "Phê duyệt, ký kế hoạch"

  Kịch bản: Văn bản bị sửa sau khi ban hành không còn hợp lệ
    Cho chủ tịch UBND huyện Tứ Kỳ đã ký số kế hoạch với mật khẩu "planflow"
    Và văn thư UBND huyện Tứ Kỳ đã ban hành kế hoạch với mã PIN của Ủy ban "planflow"
    Khi chuyên viên UBND huyện Tứ Kỳ đính kèm bản kế hoạch ban hành đã bị sửa
    Thì tệp đính kèm được kiểm tra là "Văn bản đã bị sửa sau khi ký"
