"""Administrative units for seeding the organisation tree: a small demo and the whole country.

Both regimes come from the `vietnam-provinces` package. The 2-level regime (from 1 July 2025) is
read from the installed 2025.x release. The 3-level regime (until 30 June 2025) is read from the
0.6.0 wheel as a zip file, because only one version can be installed in a venv. Codes are GSO
codes, zero-padded by level. Province and commune codes can share a number (commune 4 is not
province 4), so the padding is what keeps them apart.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from engine.text import nfc

CENTRAL, PROVINCE, DISTRICT, COMMUNE = "central", "province", "district", "commune"
THREE_LEVEL_VERSION = "0.5.0"  # 63 / 705 / 10,598: the tree the 2022–2024 seeds were written in
_DATA_FILE = "vietnam_provinces/data/nested-divisions.json"
_CODE_WIDTH = {PROVINCE: 2, DISTRICT: 3, COMMUNE: 5}
_FOCAL_NAMES = {
    CENTRAL: "Vụ Chính quyền địa phương",
    PROVINCE: "Sở Nội vụ",
    DISTRICT: "Phòng Nội vụ",
}
_COMMUNE_FOCAL_NAMES = {3: "Văn phòng - Thống kê", 2: "Phòng Văn hóa - Xã hội"}
# The 2025 data publishes 28 province names without "Tỉnh"; 0.6.0 types every district "huyện".
_PREFIX_BY_DIVISION_TYPE = {
    "tỉnh": "Tỉnh",
    "thành phố trung ương": "Thành phố",
    "thành phố": "Thành phố",
    "huyện": "Huyện",
    "quận": "Quận",
    "thị xã": "Thị xã",
    "xã": "Xã",
    "phường": "Phường",
    "thị trấn": "Thị trấn",
    "đặc khu": "Đặc khu",
}
_PREFIXES = sorted(set(_PREFIX_BY_DIVISION_TYPE.values()), key=len, reverse=True)

# Regime 3 demo: (level, code, name, parent_code), copied from vietnam-provinces 0.6.0
# (data/nested-divisions.json); each row is identical in 0.5.0. Exception: Xã Ngọc Kỳ (seed 004, 2023)
# is listed by 0.5.0 (63 / 705 / 10,598 units) but no longer by 0.5.8 or 0.6.0, which reflect
# later commune mergers, so its row comes from 0.5.0.
_DEMO_THREE_LEVEL = (
    (PROVINCE, "30", "Tỉnh Hải Dương", "BNV"),
    (DISTRICT, "298", "Huyện Tứ Kỳ", "30"),
    (COMMUNE, "11089", "Xã Ngọc Kỳ", "298"),
    (COMMUNE, "11113", "Xã Tân Kỳ", "298"),
    (COMMUNE, "11146", "Xã Nguyên Giáp", "298"),
    (DISTRICT, "294", "Huyện Thanh Hà", "30"),
    (COMMUNE, "10816", "Xã Hồng Lạc", "294"),
    (COMMUNE, "10825", "Xã Tân Việt", "294"),
    (COMMUNE, "10831", "Xã Thanh An", "294"),
)
# Regime 2 demo: Hải Phòng (which absorbed Hải Dương) and five communes formed in 2025 around former
# Tứ Kỳ communes: a merged commune keeps the code of one unit it was formed from (3,310 of the 3,321
# codes in 2025 are 0.6.0 commune codes). Codes shared with the regime-3 demo (11113, 11146) are left
# out so that both demos fit one database. Names are read at run time.
_DEMO_TWO_LEVEL_PROVINCE = "31"
_DEMO_TWO_LEVEL_COMMUNES = ("11074", "11086", "11131", "11140", "11164")


@dataclass(frozen=True)
class AgencySeed:
    """An agency of a committee: its code is the committee's and this suffix ('298.TP'), its name this name
    followed by the committee's ('Phòng Tư pháp huyện Tứ Kỳ')."""

    suffix: str
    name: str
    kind: str  # Unit.kind: "specialised", "service" or "office"
    abbreviation: str


# Real agencies of the demo's committees (the focal agency is made with its committee). Hải Dương's districts are
# in the delta and have no Phòng Dân tộc (only districts with ethnic minorities do; Phòng Dân tộc và Tôn giáo
# from March 2025). "VHTT&TDTT" is how plans write the centre: "Trung tâm VHTT và TDTT".
_PROVINCE_AGENCIES = (
    AgencySeed("VP", "Văn phòng UBND", "specialised", "VP"),
    AgencySeed("STP", "Sở Tư pháp", "specialised", "STP"),
    AgencySeed("TTR", "Thanh tra", "specialised", "TTr"),
    AgencySeed("STC", "Sở Tài chính", "specialised", "STC"),
    AgencySeed("PTTH", "Đài Phát thanh và Truyền hình", "service", "PTTH"),
)
_AGENCIES: dict[tuple[str, int], tuple[AgencySeed, ...]] = {
    (PROVINCE, 3): _PROVINCE_AGENCIES + (AgencySeed("STTTT", "Sở Thông tin và Truyền thông", "specialised", "STTTT"),),
    # Sở Thông tin và Truyền thông joined Sở Khoa học và Công nghệ on 1 March 2025.
    (PROVINCE, 2): _PROVINCE_AGENCIES + (AgencySeed("SKHCN", "Sở Khoa học và Công nghệ", "specialised", "SKHCN"),),
    (DISTRICT, 3): (
        AgencySeed("VP", "Văn phòng HĐND và UBND", "specialised", "VP"),
        AgencySeed("TTR", "Thanh tra", "specialised", "TTr"),
        AgencySeed("TP", "Phòng Tư pháp", "specialised", "TP"),
        AgencySeed("TCKH", "Phòng Tài chính - Kế hoạch", "specialised", "TCKH"),
        AgencySeed("VHTT", "Phòng Văn hóa và Thông tin", "specialised", "VHTT"),
        AgencySeed("TTVH", "Trung tâm Văn hóa, Thông tin và Thể thao", "service", "VHTT&TDTT"),
    ),
    (COMMUNE, 3): (AgencySeed("VHXH", "Văn hóa - Xã hội", "office", "VHXH"),),
    (COMMUNE, 2): (
        AgencySeed("VP", "Văn phòng HĐND và UBND", "specialised", "VP"),
        AgencySeed("KT", "Phòng Kinh tế", "specialised", "KT"),
    ),
}
# The focal agency's kind and abbreviation ("Lưu: VT, NV."; a commune's office files as "VP").
_FOCAL_KINDS = {(COMMUNE, 3): ("office", "VP"), (COMMUNE, 2): ("specialised", "VHXH")}


def agency_seeds(level: str, regime: int) -> tuple[AgencySeed, ...]:
    """The demo's agencies of a committee at this level, besides its focal agency."""
    return _AGENCIES.get((level, regime), ())


def focal_kind(level: str, regime: int) -> tuple[str, str]:
    """(kind, abbreviation) of the focal agency: Sở / Phòng Nội vụ are specialised agencies filing as 'NV'."""
    return _FOCAL_KINDS.get((level, regime), ("specialised", "NV"))


@dataclass(frozen=True)
class UnitSeed:
    code: str
    name: str
    level: str
    parent_code: str | None
    focal_name: str


def central_body() -> UnitSeed:
    return UnitSeed("BNV", "Bộ Nội vụ", CENTRAL, None, _FOCAL_NAMES[CENTRAL])


def demo_units(regime: int) -> list[UnitSeed]:
    """Return a small real organisation: Hải Dương before July 2025, Hải Phòng after."""
    if regime == 3:
        return [central_body()] + [
            UnitSeed(code, name, level, parent, focal_name(level, 3))
            for level, code, name, parent in _DEMO_THREE_LEVEL
        ]
    if regime == 2:
        by_code = {unit.code: unit for unit in _two_level()}
        wanted = ("BNV", _DEMO_TWO_LEVEL_PROVINCE, *_DEMO_TWO_LEVEL_COMMUNES)
        missing = [code for code in wanted if code not in by_code]
        if missing:
            raise LookupError(f"vietnam-provinces no longer lists demo units {missing}")
        return [by_code[code] for code in wanted]
    raise ValueError(f"regime must be 2 or 3, not {regime!r}")


def two_level_units() -> list[UnitSeed]:
    """Return the central body, 34 provinces and 3,321 communes of the installed package."""
    return list(_two_level())


def three_level_units(wheel_path: Path) -> list[UnitSeed]:
    """Return the central body and the 63 / 705 / 10,598 units of the vietnam-provinces 0.5.0 wheel."""
    with zipfile.ZipFile(wheel_path) as wheel:
        provinces = json.loads(wheel.read(_DATA_FILE))
    return list(_tree(provinces, regime=3))


def fetch_three_level_wheel(cache_dir: Path) -> Path:
    """Return the vietnam-provinces 0.5.0 wheel in cache_dir, downloading it with pip if absent."""
    pattern = f"vietnam_provinces-{THREE_LEVEL_VERSION}-*.whl"
    found = sorted(cache_dir.glob(pattern))
    if not found:
        requirement = f"vietnam-provinces=={THREE_LEVEL_VERSION}"
        pip = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", requirement]
        subprocess.run([*pip, "-d", str(cache_dir)], check=True, capture_output=True)
        found = sorted(cache_dir.glob(pattern))
    if not found:
        raise FileNotFoundError(f"pip left no {pattern} in {cache_dir}")
    return found[0]


def committee_name(seed_or_name: UnitSeed | str) -> str:
    """Return "UBND tỉnh Hải Dương" for "Tỉnh Hải Dương"."""
    prefix, rest = _split_prefix(seed_or_name)
    return f"UBND {prefix.lower()} {rest}"


def committee_full_name(seed_or_name: UnitSeed | str) -> str:
    """Return "Ủy ban nhân dân tỉnh Hải Dương" for "Tỉnh Hải Dương"."""
    prefix, rest = _split_prefix(seed_or_name)
    return f"Ủy ban nhân dân {prefix.lower()} {rest}"


def short_name(seed_or_name: UnitSeed | str) -> str:
    """Return "Tứ Kỳ" for "Huyện Tứ Kỳ"."""
    return _split_prefix(seed_or_name)[1]


def _split_prefix(seed_or_name: UnitSeed | str) -> tuple[str, str]:
    name = nfc(seed_or_name.name if isinstance(seed_or_name, UnitSeed) else seed_or_name).strip()
    prefix = _division_prefix(name)
    if prefix is None:
        raise ValueError(f"{name!r} does not start with a division prefix; it has no People's Committee")
    return prefix, name[len(prefix) :].strip()


def _division_prefix(name: str) -> str | None:
    # Case-insensitive: 0.6.0 publishes "Thành Phố Bắc Kạn" and "Thành Phố Đồng Hới".
    return next((p for p in _PREFIXES if name[: len(p) + 1].casefold() == f"{p} ".casefold()), None)


@cache
def _two_level() -> tuple[UnitSeed, ...]:
    text = resources.files("vietnam_provinces").joinpath("data/nested-divisions.json").read_text("utf-8")
    return tuple(_tree(json.loads(text), regime=2))


def _tree(provinces: list[dict[str, Any]], regime: int) -> Iterator[UnitSeed]:
    body = central_body()
    yield body
    for raw_province in provinces:
        province = _unit(PROVINCE, raw_province, body.code, regime)
        yield province
        if regime == 2:
            yield from (_unit(COMMUNE, raw, province.code, regime) for raw in raw_province["wards"])
            continue
        for raw_district in raw_province["districts"]:
            district = _unit(DISTRICT, raw_district, province.code, regime)
            yield district
            yield from (_unit(COMMUNE, raw, district.code, regime) for raw in raw_district["wards"])


def _unit(level: str, raw: dict[str, Any], parent_code: str, regime: int) -> UnitSeed:
    code = str(raw["code"]).zfill(_CODE_WIDTH[level])
    return UnitSeed(code, _published_name(raw), level, parent_code, focal_name(level, regime))


def _published_name(raw: dict[str, Any]) -> str:
    name = nfc(raw["name"]).strip()
    if _division_prefix(name) is not None:
        return name
    return f"{_PREFIX_BY_DIVISION_TYPE[nfc(raw['division_type'])]} {name}"


def focal_name(level: str, regime: int) -> str:
    return _COMMUNE_FOCAL_NAMES[regime] if level == COMMUNE else _FOCAL_NAMES[level]
