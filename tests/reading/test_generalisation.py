"""Plans in shapes the seeds do not show: a 2025 district plan, a two-tier commune plan, a province plan signed
by a vice-chair, Party-numbered parents, noisy spacing, NFD text, other section numbering; deadline phrases; .docx
and .pdf round trips; hostile files."""

from __future__ import annotations

import io
import os
import unicodedata
import zipfile
from datetime import date

import pytest

from engine.errors import InvalidInput
from engine.reading import find_deadlines, parse_number_symbol, read_deadline, read_plan, read_plan_file

DISTRICT_2025 = """ỦY BAN NHÂN DÂN
HUYỆN ĐAKRÔNG

Số: 09 /KH-UBND

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Đakrông, ngày 14 tháng 3 năm 2025

KẾ HOẠCH
Thực hiện công tác dân vận chính quyền
trên địa bàn huyện năm 2025

Căn cứ Nghị định số 09/2019/NĐ-CP ngày 24/01/2019 của Chính phủ quy định về chế độ báo cáo
của cơ quan hành chính nhà nước;
Thực hiện Kế hoạch số 1043-KH/BCSĐ ngày 08/02/2025 của Ban Cán sự đảng UBND tỉnh Quảng Trị
về công tác dân vận chính quyền năm 2025 và Kết luận số 120 -KL/TW ngày 07/01/2016 của Bộ Chính trị;

UBND huyện Đakrông ban hành Kế hoạch thực hiện như sau:

I. MỤC ĐÍCH, YÊU CẦU

- Nâng cao nhận thức của cán bộ, công chức về công tác dân vận.

II. NỘI DUNG

1. Tuyên truyền

Tuyên truyền Quyết định số 23- QĐ/TW ngày 30/7/2021 của Bộ Chính trị và Chỉ thị số 35 CT/TW
ngày 26/5/2014 của Bộ Chính trị.

2. Cải cách hành chính

Thực hiện tốt công tác cải cách hành chính.

III. TỔ CHỨC THỰC HIỆN

1. Phòng Nội vụ (cơ quan chủ trì)

- Hướng dẫn các cơ quan, đơn vị triển khai Kế hoạch này.

- Tổng hợp, báo cáo UBND huyện định kỳ 6 tháng, 01 năm và khi có yêu cầu.

2. Văn phòng HĐND và UBND huyện

Theo dõi, đôn đốc việc thực hiện Kế hoạch.

3. Thanh tra huyện

Chủ trì tham mưu giải quyết đơn thư khiếu nại, tố cáo; báo cáo kết quả hằng quý gửi về Phòng Nội vụ.

4. Phòng Dân tộc và Tôn giáo

Tham mưu công tác dân vận trong vùng đồng bào dân tộc thiểu số.

5. Phòng Tư pháp

Đối với địa phương chưa phân công công chức phụ trách công tác dân vận, rà soát, phân công và
kiện toàn Ban Chỉ đạo, báo cáo về Phòng Nội vụ chậm nhất ngày 10/10/2025.

6. Trung tâm Truyền thông - Văn hóa - Thể thao

Tuyên truyền về công tác dân vận chính quyền.

7. UBND các xã, thị trấn

- Xây dựng kế hoạch thực hiện, gửi về Phòng Nội vụ trước ngày 25/3/2025.

- Định kỳ 6 tháng, 01 năm báo cáo UBND huyện (qua Phòng Nội vụ) kết quả thực hiện.

Trên đây là Kế hoạch thực hiện công tác dân vận chính quyền năm 2025 của UBND huyện Đakrông./.

Nơi nhận:
- UBND tỉnh;
- Sở Nội vụ;
- UBND các xã, thị trấn;
- Lưu: VT, NV.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Hồ Văn Năm
"""

COMMUNE_2025 = """UBND TỈNH QUẢNG TRỊ
ỦY BAN NHÂN DÂN
PHƯỜNG ĐÔNG HÀ

Số: 15/KH-UBND

Đông Hà, ngày 20 tháng 8 năm 2025

KẾ HOẠCH
Triển khai công tác dân vận chính quyền năm 2025

Thực hiện Kế hoạch số 120/KH-UBND ngày 01/8/2025 của UBND tỉnh Quảng Trị về công tác
dân vận chính quyền năm 2025, UBND phường Đông Hà xây dựng Kế hoạch như sau:

I. MỤC ĐÍCH, YÊU CẦU

Bảo đảm thực hiện nghiêm túc.

II. NHIỆM VỤ TRỌNG TÂM

1. Tuyên truyền, vận động Nhân dân

III. TỔ CHỨC THỰC HIỆN

1. Phòng Văn hóa - Xã hội (cơ quan chủ trì)

Tham mưu UBND phường tổng hợp, báo cáo UBND tỉnh (qua Sở Nội vụ) trước ngày 30/11/2025.

Nơi nhận:
- Sở Nội vụ;
- Lưu: VT, VHXH.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Lê Thị Hoa
"""

PROVINCE_KT = """ỦY BAN NHÂN DÂN
TỈNH LẠNG SƠN

Số: 1043/KH-UBND

Lạng Sơn, ngày 05 tháng 02 năm 2024

KẾ HOẠCH
Công tác dân vận chính quyền năm 2024

Thực hiện Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ;

III- TỔ CHỨC THỰC HIỆN

1. Sở Nội vụ

a) Theo dõi, tổng hợp, báo cáo UBND tỉnh trước ngày 15 hằng tháng.

b) Báo cáo Bộ Nội vụ trước ngày 15 của tháng cuối quý.

Nơi nhận:
- Bộ Nội vụ;
- Lưu: VT, NC.

TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Đoàn Thanh Sơn
"""


def test_a_2025_district_plan_reads_in_full() -> None:
    plan = read_plan(DISTRICT_2025)
    assert plan["issuing_body"]["name"] == "UBND huyện Đakrông"
    assert plan["issuing_body"]["level"] == "district"
    assert plan["issuing_body"]["province"] == "Quảng Trị"
    assert plan["number_symbol"]["number"] == 9 and plan["number_symbol"]["symbol"] == "KH-UBND"
    assert plan["place_date"] == {**plan["place_date"], "place": "Đakrông", "date": "2025-03-14"}
    assert plan["plan_year"] == 2025
    assert plan["title"] == "Thực hiện công tác dân vận chính quyền trên địa bàn huyện năm 2025"
    parents = plan["parent_plans"]
    assert [p["number_symbol"] for p in parents] == ["1043-KH/BCSĐ", "120-KL/TW"]
    assert parents[0]["issuer_system"] == "party" and parents[0]["issuer_level"] == "province"
    bases = {b["number_symbol"]: b for b in plan["legal_bases"]}
    assert {"09/2019/NĐ-CP", "23- QĐ/TW", "35 CT/TW"} <= set(bases)
    assert "1043-KH/BCSĐ" not in bases
    agencies = [a["agency"] for a in plan["assignments"]]
    assert agencies == ["Phòng Nội vụ", "Văn phòng HĐND và UBND huyện", "Thanh tra huyện", "Phòng Dân tộc và Tôn giáo",
                        "Phòng Tư pháp", "Trung tâm Truyền thông - Văn hóa - Thể thao", "UBND các xã, thị trấn"]
    assert [a["is_focal_point"] for a in plan["assignments"]] == [True] + [False] * 6
    assert plan["assignments"][0]["heading"] == "1. Phòng Nội vụ (cơ quan chủ trì)"
    kinds = {d["kind"]: d for d in plan["deadlines"]}
    assert kinds["subordinate_plans_due"]["due"]["iso_assumed"] == "2025-03-25"
    assert kinds["subordinate_plans_due"]["inclusive"] is False
    assert kinds["subordinate_plans_due"]["to"] == "Phòng Nội vụ"
    review = kinds["assignment_review_and_steering_committee"]
    assert review["due"]["iso_assumed"] == "2025-10-10" and review["inclusive"] is True
    assert review["condition"].startswith("Đối với địa phương chưa phân công")
    undated = [d for d in plan["deadlines"] if d["due"] is None]
    assert any(d["periods"] == ["six_month", "annual"] and d["on_request"] for d in undated)
    assert any(d["periods"] == ["quarterly"] for d in undated)
    assert plan["signature"]["authority_marker"] == "TM." and plan["signature"]["signer_name"] == "Hồ Văn Năm"
    assert plan["recipients"]["archive"]["units"] == ["VT", "NV"]
    routes = {(r["to"], r["via"]) for r in plan["reporting_lines"]}
    assert ("UBND huyện", "Phòng Nội vụ") in routes


def test_a_two_tier_commune_reports_to_the_province_through_so_noi_vu() -> None:
    plan = read_plan(COMMUNE_2025)
    body = plan["issuing_body"]
    assert (body["name"], body["level"], body["province"], body["district"]) == \
        ("UBND phường Đông Hà", "commune", "Quảng Trị", None)
    assert plan["assignments"][0]["agency"] == "Phòng Văn hóa - Xã hội"
    assert plan["assignments"][0]["is_focal_point"] is True
    deadline = plan["deadlines"][0]
    assert (deadline["to"], deadline["via"], deadline["due"]["iso_assumed"]) == ("UBND tỉnh", "Sở Nội vụ", "2025-11-30")
    assert plan["sections"][1]["key"] == "noi_dung"


def test_a_province_plan_signed_by_a_vice_chair() -> None:
    plan = read_plan(PROVINCE_KT)
    assert plan["issuing_body"]["name"] == "UBND tỉnh Lạng Sơn"
    assert plan["issuing_body"]["level"] == "province"
    signature = plan["signature"]
    assert (signature["authority_marker"], signature["on_behalf_of"], signature["signer_title"]) == \
        ("KT.", "CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    assert signature["collective"] == "ỦY BAN NHÂN DÂN"
    assert plan["sections"][0]["number"] == "III" and plan["sections"][0]["key"] == "to_chuc_thuc_hien"
    assert plan["parent_plans"][0]["issuer_level"] == "central"
    deadlines = plan["deadlines"]
    assert deadlines[0]["due"]["recurring"] == "monthly" and deadlines[0]["due"]["day"] == 15
    assert deadlines[1]["kind"] == "summary_report_to_ministry"
    assert deadlines[1]["due"]["recurring"] == "quarterly"


def test_nfd_input_reads_like_nfc() -> None:
    nfd = unicodedata.normalize("NFD", DISTRICT_2025)
    assert nfd != DISTRICT_2025
    assert read_plan(nfd) == read_plan(DISTRICT_2025)


def test_markdown_and_ủy_spellings() -> None:
    text = DISTRICT_2025.replace("KẾ HOẠCH\n", "## **KẾ HOẠCH**\n").replace("III. TỔ CHỨC", "### **III. TỔ CHỨC")
    text = text.replace("THỰC HIỆN\n", "THỰC HIỆN**\n", 1).replace("ỦY BAN NHÂN DÂN\nHUYỆN", "UỶ BAN NHÂN DÂN\nHUYỆN")
    plan = read_plan(text)
    assert plan["title"] == "Thực hiện công tác dân vận chính quyền trên địa bàn huyện năm 2025"
    assert plan["issuing_body"]["name"] == "UBND huyện Đakrông"
    assert len(plan["assignments"]) == 7


@pytest.mark.parametrize(("text", "normalised", "number", "style"), [
    ("Số: 09 /KH-UBND", "09/KH-UBND", 9, "state"),
    ("Số: /KH-UBND", "/KH-UBND", None, "state"),
    ("Kế hoạch số 1043-KH/BCSĐ", "1043-KH/BCSĐ", 1043, "party"),
    ("Kết luận 120 -KL/TW", "120-KL/TW", 120, "party"),
    ("23- QĐ/TW", "23-QĐ/TW", 23, "party"),
    ("35 CT/TW", "35-CT/TW", 35, "party"),
    ("Nghị định 30/2020/NĐ-CP", "30/2020/NĐ-CP", 30, "state"),
    ("114-KL /TW", "114-KL/TW", 114, "party"),
])
def test_number_symbols_in_both_styles(text: str, normalised: str, number: int | None, style: str) -> None:
    parsed = parse_number_symbol(text)
    assert parsed is not None
    assert (parsed.normalised, parsed.number, parsed.style) == (normalised, number, style)


def test_no_number_symbol_in_plain_words() -> None:
    assert parse_number_symbol("giai đoạn 2021-2025, ngày 07/4/2022") is None


@pytest.mark.parametrize(("phrase", "day", "inclusive", "year_written"), [
    ("trước ngày 30/5", date(2024, 5, 30), False, False),
    ("trước 30/5", date(2024, 5, 30), False, False),
    ("30/05/2024", date(2024, 5, 30), True, True),
    ("30-5", date(2024, 5, 30), True, False),
    ("30.5.2024", date(2024, 5, 30), True, True),
    ("ngày 30 tháng 5", date(2024, 5, 30), True, False),
    ("ngày 30 tháng 5 năm 2025", date(2025, 5, 30), True, True),
    ("trong tháng 6", date(2024, 6, 30), True, False),
    ("trong tháng 6/2025", date(2025, 6, 30), True, True),
    ("chậm nhất ngày 10/10/2025", date(2025, 10, 10), True, True),
    ("chậm nhất là ngày 10/10", date(2024, 10, 10), True, False),
    ("trước hoặc trong ngày 5/12", date(2024, 12, 5), True, False),
    ("trong ngày 5/12", date(2024, 12, 5), True, False),
    ("đến hết ngày 31/12", date(2024, 12, 31), True, False),
    ("không muộn hơn ngày 20/6", date(2024, 6, 20), True, False),
    ("hạn cuối 15/7", date(2024, 7, 15), True, False),
    ("trước  ngày  30 / 5 / 2024", date(2024, 5, 30), False, True),
    ("trước ngày 15 hằng tháng", date(2024, 1, 15), False, False),
    ("trước ngày 15 của tháng cuối quý", date(2024, 3, 15), False, False),
    ("trong quý III/2025", date(2025, 9, 30), True, True),
])
def test_read_deadline_phrasings(phrase: str, day: date, inclusive: bool, year_written: bool) -> None:
    deadline = read_deadline(unicodedata.normalize("NFD", phrase), 2024)
    assert (deadline.day, deadline.inclusive, deadline.year_written) == (day, inclusive, year_written)


@pytest.mark.parametrize(("phrase", "recurrence", "periods", "on_request"), [
    ("định kỳ 6 tháng, 01 năm", "six_monthly", ("six_month", "annual"), False),
    ("định kỳ hằng quý", "quarterly", ("quarterly",), False),
    ("hằng tháng", "monthly", ("monthly",), False),
    ("trước ngày 30 tháng 11 hằng năm", "yearly", ("annual",), False),
    ("báo cáo hàng năm", "yearly", ("annual",), False),
    ("khi có yêu cầu", None, (), True),
    ("theo yêu cầu của cấp trên", None, (), True),
    ("báo cáo đột xuất", None, (), True),
])
def test_read_deadline_recurrence_and_periods(phrase: str, recurrence: str | None, periods: tuple[str, ...],
                                              on_request: bool) -> None:
    deadline = read_deadline(phrase, 2024)
    assert (deadline.recurrence, deadline.periods, deadline.on_request) == (recurrence, periods, on_request)
    assert deadline.raw == phrase


def test_undated_text_never_raises_but_an_impossible_date_does() -> None:
    assert read_deadline("thực hiện theo quy định", 2024).day is None
    with pytest.raises(InvalidInput):
        read_deadline("trước ngày 31/2", 2024)


def test_find_deadlines_ignores_citation_dates() -> None:
    found = find_deadlines("theo Quyết định số 629/QĐ-UBND ngày 10/3/2022 của UBND tỉnh, báo cáo trước ngày "
                           "05/12/2023.", 2023)
    assert [f.deadline.day for f in found] == [date(2023, 12, 5)]


def _docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nHUYỆN ĐAKRÔNG"
    table.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    table.cell(1, 0).text = "Số: 09 /KH-UBND"
    table.cell(1, 1).text = "Đakrông, ngày 14 tháng 3 năm 2025"
    start = DISTRICT_2025.index("KẾ HOẠCH")
    for block in DISTRICT_2025[start:].split("\n\n"):
        for paragraph in block.split("\n") if block.startswith(("KẾ HOẠCH", "Nơi nhận", "TM.")) else [block]:
            document.add_paragraph(paragraph.replace("\n", " "))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_round_trip_with_the_header_in_a_table() -> None:
    plan = read_plan_file(_docx_bytes(), "ke-hoach.docx")
    assert plan["issuing_body"]["name"] == "UBND huyện Đakrông"
    assert plan["number_symbol"]["number"] == 9
    assert plan["place_date"]["date"] == "2025-03-14"
    assert len(plan["assignments"]) == 7
    assert plan["signature"]["signer_name"] == "Hồ Văn Năm"


def test_pdf_round_trip() -> None:
    weasyprint = pytest.importorskip("weasyprint")
    html = "".join(f"<p>{line or '&nbsp;'}</p>" for line in DISTRICT_2025.split("\n"))
    data = weasyprint.HTML(string=f"<html><body style='font-family: serif'>{html}</body></html>").write_pdf()
    plan = read_plan_file(data, "ke-hoach.pdf")
    assert plan["issuing_body"]["name"] == "UBND huyện Đakrông"
    assert plan["number_symbol"]["normalized"] == "Số: 09/KH-UBND"
    assert plan["plan_year"] == 2025
    assert [p["number_symbol"] for p in plan["parent_plans"]] == ["1043-KH/BCSĐ", "120-KL/TW"]
    assert any(d["kind"] == "subordinate_plans_due" for d in plan["deadlines"])


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<" + b"a" * (60 * 1024 * 1024))
    return buffer.getvalue()


@pytest.mark.parametrize(("data", "name", "words"), [
    (os.urandom(4096), "x.pdf", "không phải tệp PDF"),
    (b"%PDF-1.7\n" + os.urandom(4096), "x.pdf", "tệp hỏng"),
    (os.urandom(4096), "x.docx", "không phải tệp Word"),
    (b"", "x.txt", "rỗng"),
    (b"\xff\xfe\x00", "x.txt", "không phải văn bản"),
    (b"abc", "x.exe", "chỉ nhận"),
    (b"x" * (10 * 1024 * 1024 + 1), "x.txt", "quá lớn"),
])
def test_hostile_files_are_refused_with_a_clear_message(data: bytes, name: str, words: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        read_plan_file(data, name)
    assert words in refused.value.message and name in refused.value.message


def test_a_docx_that_inflates_too_far_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        read_plan_file(_zip_bomb(), "bomb.docx")
    assert "giải nén" in refused.value.message


def test_a_pdf_without_a_text_layer_is_refused() -> None:
    weasyprint = pytest.importorskip("weasyprint")
    data = weasyprint.HTML(string="<html><body><div style='width:10px;height:10px;background:black'></div>"
                                  "</body></html>").write_pdf()
    with pytest.raises(InvalidInput) as refused:
        read_plan_file(data, "scan.pdf")
    assert "lớp chữ" in refused.value.message
