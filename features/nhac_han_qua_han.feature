# language: vi
Tính năng: Nhắc hạn và báo quá hạn kế hoạch cấp dưới
  Kế hoạch cấp dưới phải ban hành "trước ngày X" (không kể ngày X) ghi trong kế hoạch cấp trên.
  Lúc 08:00 ba ngày trước ngày X, chuyên viên của đơn vị được nhắc hạn; lúc 08:00 ngày X mà
  kế hoạch chưa ban hành thì Chủ tịch và các Phó Chủ tịch của đơn vị nhận thông báo quá hạn.
  Mỗi thông báo chỉ gửi một lần, kể cả khi hệ thống ngừng chạy một thời gian rồi chạy lại.

  Bối cảnh:
    Cho tổ chức mẫu ba cấp: tỉnh Hải Dương, các huyện Tứ Kỳ và Thanh Hà, mỗi huyện ba xã
    Và hôm nay là 01/03/2024
    Và UBND tỉnh Hải Dương đã ban hành kế hoạch "Kế hoạch dân vận chính quyền tỉnh năm 2024" với hạn cấp dưới 15/04/2024

  Kịch bản: Chưa đến giờ nhắc hạn thì không ai nhận thông báo
    Khi đồng hồ chỉ 07:59 ngày 12/04/2024 và hệ thống xử lý các việc đến hạn
    Thì hệ thống không thực hiện việc nào và không gửi thông báo nào

  Kịch bản: Chuyên viên được nhắc hạn lúc 08:00 ba ngày trước hạn
    Khi đồng hồ chỉ 08:00 ngày 12/04/2024 và hệ thống xử lý các việc đến hạn
    Thì chuyên viên UBND huyện Tứ Kỳ nhận được 1 thông báo nhắc hạn
    Và nội dung thông báo nhắc hạn gửi chuyên viên UBND huyện Tứ Kỳ là "Nhắc hạn: UBND huyện Tứ Kỳ cần ban hành kế hoạch trước ngày 15/04/2024."
    Và chủ tịch UBND huyện Tứ Kỳ không nhận được thông báo nào
    Và phó chủ tịch UBND huyện Tứ Kỳ không nhận được thông báo nào

  Kịch bản: Chủ tịch và Phó Chủ tịch nhận thông báo quá hạn lúc 08:00 ngày hạn
    Cho hệ thống đã xử lý các việc đến hạn lúc 08:00 ngày 12/04/2024
    Khi đồng hồ chỉ 08:00 ngày 15/04/2024 và hệ thống xử lý các việc đến hạn
    Thì chủ tịch UBND huyện Tứ Kỳ nhận được 1 thông báo quá hạn
    Và phó chủ tịch UBND huyện Tứ Kỳ nhận được 1 thông báo quá hạn
    Và nội dung thông báo quá hạn gửi chủ tịch UBND huyện Tứ Kỳ là "Quá hạn: UBND huyện Tứ Kỳ chưa ban hành kế hoạch, hạn là trước ngày 15/04/2024."
    Và chuyên viên UBND huyện Tứ Kỳ nhận được 1 thông báo nhắc hạn
    Và chuyên viên UBND huyện Tứ Kỳ nhận được 0 thông báo quá hạn

  Kịch bản: Xử lý lại các việc đến hạn không gửi lại thông báo
    Cho hệ thống đã xử lý các việc đến hạn lúc 08:30 ngày 12/04/2024
    Và hệ thống đã xử lý các việc đến hạn lúc 08:30 ngày 15/04/2024
    Khi hệ thống xử lý lại các việc đến hạn
    Thì hệ thống không thực hiện việc nào và không gửi thông báo mới
    Và chuyên viên UBND huyện Tứ Kỳ nhận được 1 thông báo nhắc hạn
    Và chủ tịch UBND huyện Tứ Kỳ nhận được 1 thông báo quá hạn

  Kịch bản: Sau thời gian hệ thống ngừng chạy, mỗi thông báo bị lỡ được gửi đúng một lần
    Khi đồng hồ chỉ 09:00 ngày 20/04/2024 và hệ thống xử lý các việc đến hạn
    Thì chuyên viên UBND huyện Tứ Kỳ nhận được 1 thông báo nhắc hạn
    Và chủ tịch UBND huyện Tứ Kỳ nhận được 1 thông báo quá hạn
    Và phó chủ tịch UBND huyện Tứ Kỳ nhận được 1 thông báo quá hạn
    Khi hệ thống xử lý lại các việc đến hạn
    Thì hệ thống không thực hiện việc nào và không gửi thông báo mới

  Kịch bản: Kế hoạch cấp dưới ban hành trước ngày hạn thì không bị báo quá hạn
    Cho hệ thống đã xử lý các việc đến hạn lúc 08:30 ngày 12/04/2024
    Và hôm nay là 14/04/2024
    Và UBND huyện Tứ Kỳ đã tiếp nhận và ban hành kế hoạch cấp mình "Kế hoạch dân vận chính quyền huyện Tứ Kỳ năm 2024"
    Khi đồng hồ chỉ 09:00 ngày 20/04/2024 và hệ thống xử lý các việc đến hạn
    Thì chủ tịch UBND huyện Tứ Kỳ không nhận được thông báo nào
    Và phó chủ tịch UBND huyện Tứ Kỳ không nhận được thông báo nào
    Và chuyên viên UBND huyện Tứ Kỳ nhận được 1 thông báo nhắc hạn
    Nhưng chủ tịch UBND huyện Thanh Hà nhận được 1 thông báo quá hạn
