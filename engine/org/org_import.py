"""Importing an organisation from a file: committees, their agencies, users and their roles (docs/organisation.md).

All or nothing: every row is checked and applied in one transaction; if any row is refused the whole file is
refused, every refused row is named (its line, or its JSON path) with the reason, and the stored organisation
is exactly what it was. Importing the same file again changes nothing: rows are matched by code or username,
names, kinds and abbreviations are updated when they differ, nothing is duplicated and nothing is removed.
Each row goes through the rules the administration pages use (engine/org/admin.py): one rule in one place.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select

from engine.context import Ctx
from engine.errors import InvalidInput, PlanflowError
from engine.models import Unit, User
from engine.org import admin
from engine.org.roles import ROLE_TITLES, Role
from engine.org.units import get_user
from engine.text import fold

MAX_BYTES = 2_000_000  # a province's committees, agencies and people fit many times over
MAX_ROWS = 20_000
TYPES = ("unit", "agency", "user", "role")
# The fields of each row type; CSV columns are `type` then any of these, in any order.
FIELDS: dict[str, tuple[str, ...]] = {
    "unit": ("code", "name", "level", "parent_code", "valid_from"),
    "agency": ("code", "name", "parent_code", "kind", "abbreviation", "is_focal", "valid_from"),
    "user": ("username", "full_name", "email"),
    "role": ("username", "role", "unit_code"),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "unit": ("code", "name", "level"),
    "agency": ("code", "name", "parent_code", "kind"),
    "user": ("username", "full_name"),
    "role": ("username", "role", "unit_code"),
}
COLUMNS = ("type",) + tuple(dict.fromkeys(name for names in FIELDS.values() for name in names))
_JSON_KEYS = {"units": "unit", "agencies": "agency", "users": "user", "roles": "role"}
_TYPE_WORDS = {"đơn vị": "unit", "cơ quan": "agency", "người dùng": "user", "vai trò": "role"}
_LEVEL_WORDS = {"tỉnh": "province", "huyện": "district", "xã": "commune"}
_KIND_WORDS = {"chuyên môn": "specialised", "sự nghiệp": "service", "công chức": "office"}
_TRUE, _FALSE = {"1", "true", "yes", "có", "x"}, {"0", "false", "no", "không"}
_DEPTH = {"province": 0, "district": 1, "commune": 2}  # parents go in before their children


@dataclass(frozen=True)
class Refusal:
    where: str  # "dòng 4" of a CSV file, "units[2]" of a JSON one, "tệp" for the file as a whole
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    by_type: dict[str, dict[str, int]] = field(default_factory=dict)

    def count(self, kind: str, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)
        counts = self.by_type.setdefault(kind, {"created": 0, "updated": 0, "unchanged": 0})
        counts[outcome] += 1

    def as_dict(self) -> dict[str, Any]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged,
                "by_type": self.by_type}


class ImportRefused(InvalidInput):
    """The file is refused as a whole; `refusals` names every refused row."""

    def __init__(self, refusals: list[Refusal]):
        self.refusals = refusals
        super().__init__(f"Tệp bị từ chối, không có gì được ghi: {len(refusals)} dòng không hợp lệ. "
                         + "; ".join(str(r) for r in refusals[:20]) + ("; …" if len(refusals) > 20 else ""),
                         {"file": "không hợp lệ"})


@dataclass(frozen=True)
class Row:
    where: str
    type: str
    values: dict[str, str]

    def get(self, name: str) -> str:
        return self.values.get(name, "")


def import_organisation(ctx: Ctx, data: bytes, filename: str) -> ImportResult:
    """Apply the file's rows; refuse the whole file (ImportRefused, nothing written) if any row is refused."""
    rows, refusals = parse(data, filename)
    duplicates = _duplicates(rows)
    refusals += duplicates
    skipped = {refusal.where for refusal in duplicates}
    result = ImportResult()
    # Every row is tried even after a refusal, so that one reading names every refused row.
    for row in sorted((r for r in rows if r.where not in skipped), key=_order):
        try:
            result.count(row.type, _APPLY[row.type](ctx, row))
        except PlanflowError as exc:
            refusals.append(Refusal(row.where, exc.message))
    if refusals:
        raise ImportRefused(sorted(refusals, key=_position))  # the unit of work rolls back what was applied
    ctx.audit("import_organisation", details={"file": filename[:200], **result.as_dict()})
    return result


# --- reading the file ----------------------------------------------------------------------------------------


def parse(data: bytes, filename: str) -> tuple[list[Row], list[Refusal]]:
    """The rows of a CSV or JSON file, and what was refused while reading them."""
    if len(data) > MAX_BYTES:
        return [], [Refusal("tệp", f"tệp lớn {len(data):,} byte, tối đa {MAX_BYTES:,} byte; hãy chia nhỏ tệp")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return [], [Refusal("tệp", f"tệp không phải UTF-8 (byte thứ {exc.start + 1}); hãy lưu lại với mã hóa UTF-8")]
    is_json = filename.lower().endswith(".json") or text.lstrip().startswith("{")
    rows, refusals = _json_rows(text) if is_json else _csv_rows(text)
    if len(rows) > MAX_ROWS:
        return [], [Refusal("tệp", f"tệp có {len(rows):,} dòng, tối đa {MAX_ROWS:,}; hãy chia nhỏ tệp")]
    if not rows and not refusals:
        refusals.append(Refusal("tệp", "tệp không có dòng dữ liệu nào"))
    return rows, refusals


def _csv_rows(text: str) -> tuple[list[Row], list[Refusal]]:
    header_line = text.split("\n", 1)[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [fold(name) for name in next(reader, [])]
    except csv.Error as exc:
        return [], [Refusal("dòng 1", f"không đọc được dòng tiêu đề: {exc}")]
    unknown = [name for name in header if name not in COLUMNS]
    if "type" not in header or unknown:
        reason = f"cột không có trong định dạng: {', '.join(unknown)}" if unknown else "thiếu cột 'type'"
        return [], [Refusal("dòng 1", f"{reason}; các cột: {', '.join(COLUMNS)}")]
    rows: list[Row] = []
    refusals: list[Refusal] = []
    try:
        for cells in reader:
            where = f"dòng {reader.line_num}"
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > len(header):
                refusals.append(Refusal(where, f"có {len(cells)} ô, tiêu đề chỉ có {len(header)} cột"))
                continue
            values = {name: cell.strip() for name, cell in zip(header, cells, strict=False) if cell.strip()}
            _add_row(rows, refusals, where, values.pop("type", ""), values)
            if len(rows) > MAX_ROWS:
                break
    except csv.Error as exc:
        refusals.append(Refusal(f"dòng {reader.line_num}", f"không đọc được dòng: {exc}"))
    return rows, refusals


def _json_rows(text: str) -> tuple[list[Row], list[Refusal]]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        return [], [Refusal("tệp", f"JSON không hợp lệ: {exc.msg} (dòng {exc.lineno}, cột {exc.colno})")]
    if not isinstance(document, dict) or set(document) - set(_JSON_KEYS):
        return [], [Refusal("tệp", "JSON phải là một đối tượng với các khóa " + ", ".join(_JSON_KEYS))]
    rows: list[Row] = []
    refusals: list[Refusal] = []
    for key, items in document.items():
        if not isinstance(items, list):
            refusals.append(Refusal(key, "phải là một danh sách"))
            continue
        for index, item in enumerate(items[: MAX_ROWS + 1]):
            where = f"{key}[{index}]"
            if not isinstance(item, dict):
                refusals.append(Refusal(where, "phải là một đối tượng"))
                continue
            values, problem = _json_values(item)
            if problem:
                refusals.append(Refusal(where, problem))
                continue
            _add_row(rows, refusals, where, _JSON_KEYS[key], values)
    return rows, refusals


def _json_values(item: dict[str, Any]) -> tuple[dict[str, str], str | None]:
    """Strings as they are, numbers as written (a code 298), booleans as 1 or 0; anything else is refused."""
    values: dict[str, str] = {}
    for name, value in item.items():
        if isinstance(value, bool):
            values[str(name)] = "1" if value else "0"
        elif isinstance(value, int | str):
            values[str(name)] = str(value).strip()
        elif value is not None:
            return {}, f"trường '{str(name)[:40]}' phải là chuỗi, số hoặc true/false"
    return {name: value for name, value in values.items() if value}, None


def _add_row(rows: list[Row], refusals: list[Refusal], where: str, kind: str, values: dict[str, str]) -> None:
    kind = _TYPE_WORDS.get(fold(kind), fold(kind))
    if kind not in TYPES:
        refusals.append(Refusal(where, f"loại dòng '{kind[:40]}' không hợp lệ; chọn một trong: {', '.join(TYPES)}"))
        return
    extra = [name for name in values if name not in FIELDS[kind]]
    missing = [name for name in REQUIRED[kind] if not values.get(name)]
    if extra or missing:
        reasons = [f"thiếu {', '.join(missing)}"] * bool(missing)
        reasons += [f"trường không dùng cho loại {kind}: {', '.join(extra)}"] * bool(extra)
        refusals.append(Refusal(where, "; ".join(reasons)))
        return
    rows.append(Row(where, kind, values))


def _duplicates(rows: list[Row]) -> list[Refusal]:
    """A code, a username or a role written twice in the file is refused at its second row."""
    first: dict[tuple[str, ...], str] = {}
    refusals = []
    for row in rows:
        key = _identity(row)
        if key in first:
            refusals.append(Refusal(row.where, f"trùng với {first[key]} ({' '.join(key[1:])[:60]})"))
        else:
            first[key] = row.where
    return refusals


def _identity(row: Row) -> tuple[str, ...]:
    if row.type in ("unit", "agency"):
        return ("code", row.get("code"))  # committees and agencies share one space of codes
    if row.type == "user":
        return ("user", row.get("username").lower())
    return ("role", row.get("username").lower(), fold(row.get("role")), row.get("unit_code"))


def _order(row: Row) -> tuple[int, int]:
    depth = _DEPTH.get(_LEVEL_WORDS.get(fold(row.get("level")), row.get("level")), 3)
    return TYPES.index(row.type), depth


def _position(refusal: Refusal) -> tuple[str, int]:
    """Refusals in file order: 'dòng 10' after 'dòng 9', 'units[10]' after 'units[9]'."""
    digits = "".join(c for c in refusal.where.rsplit("[", 1)[-1].rsplit(" ", 1)[-1] if c.isdigit())
    prefix = refusal.where.rsplit("[", 1)[0] if "[" in refusal.where else ""
    return prefix, int(digits or 0)


# --- applying one row ----------------------------------------------------------------------------------------


def _apply_unit(ctx: Ctx, row: Row) -> str:
    code = admin.clean_text(row.get("code"), "code", "mã", 20)
    level = _LEVEL_WORDS.get(fold(row.get("level")), fold(row.get("level")))
    if level not in _DEPTH:
        raise InvalidInput(f"cấp '{row.get('level')[:20]}' không hợp lệ; chọn province, district hoặc commune "
                           "(tỉnh, huyện, xã)")
    existing = _current(ctx, code, committee=True)
    if existing is None:
        admin.add_unit(ctx, code, row.get("name"), level, row.get("parent_code") or None, _day(ctx, row))
        return "created"
    if existing.level != level:
        raise InvalidInput(f"đơn vị '{code}' là cấp {existing.level}, tệp ghi '{row.get('level')}'")
    _same_parent(existing, row.get("parent_code"))
    return _update(ctx, existing, {"name": admin.clean_text(row.get("name"), "name", "tên", admin.MAX_NAME)})


def _apply_agency(ctx: Ctx, row: Row) -> str:
    code = admin.clean_text(row.get("code"), "code", "mã", 20)
    kind = _KIND_WORDS.get(fold(row.get("kind")), fold(row.get("kind")))
    focal = _flag(row.get("is_focal"))
    existing = _current(ctx, code, committee=False)
    if existing is None:
        if focal:
            raise InvalidInput(f"UBND '{row.get('parent_code')}' đã có cơ quan đầu mối, tạo cùng UBND "
                               f"(mã '{row.get('parent_code')}.NV'); không tạo thêm cơ quan đầu mối '{code}'")
        admin.add_agency(ctx, code, row.get("name"), row.get("parent_code"), kind,
                         row.get("abbreviation") or None, _day(ctx, row))
        return "created"
    _same_parent(existing, row.get("parent_code"))
    if focal is not None and focal != existing.is_focal:
        raise InvalidInput(f"cơ quan '{code}' {'là' if existing.is_focal else 'không phải'} cơ quan đầu mối; "
                           "tệp không đổi được điều đó")
    if kind not in admin.KINDS:
        raise InvalidInput(f"loại cơ quan '{kind[:40]}' không hợp lệ; chọn một trong: {', '.join(admin.KINDS)}")
    return _update(ctx, existing, {
        "name": admin.clean_text(row.get("name"), "name", "tên", admin.MAX_NAME), "kind": kind,
        "abbreviation": admin.clean_text(row.get("abbreviation"), "abbreviation", "tên viết tắt",
                                         admin.MAX_ABBREVIATION) or None})


def _apply_user(ctx: Ctx, row: Row) -> str:
    username = row.get("username").lower()
    existing = ctx.session.scalar(select(User).where(User.username == username))
    if existing is None:
        admin.add_user_without_password(ctx, username, row.get("full_name"), row.get("email") or None)
        return "created"
    changes: dict[str, str | None] = {
        "full_name": admin.clean_text(row.get("full_name"), "full_name", "họ và tên", admin.MAX_NAME)}
    if row.get("email"):  # an empty cell keeps the address the user set
        changes["email"] = admin.valid_email(row.get("email"))
    return _update(ctx, existing, changes)


def _apply_role(ctx: Ctx, row: Row) -> str:
    role = _role(row.get("role"))
    user = get_user(ctx.session, row.get("username").lower())
    where = admin.role_place(ctx, role, row.get("unit_code"))
    if any(a.role == role and a.unit_id == where.id for a in user.roles):
        return "unchanged"
    admin.grant_role(ctx, user.username, role, row.get("unit_code"))
    return "created"


_APPLY: dict[str, Callable[[Ctx, Row], str]] = {
    "unit": _apply_unit, "agency": _apply_agency, "user": _apply_user, "role": _apply_role}


def _current(ctx: Ctx, code: str, *, committee: bool) -> Unit | None:
    """The unit in force with this code: a committee, or an agency; the other kind with it is a refusal."""
    units = ctx.session.scalars(select(Unit).where(Unit.code == code, Unit.valid_to.is_(None))).all()
    for unit in units:
        if (unit.level != "agency") != committee:
            raise InvalidInput(f"mã '{code}' đã là {'cơ quan' if committee else 'đơn vị hành chính'} "
                               f"({unit.committee_name})")
    return units[0] if units else None


def _same_parent(unit: Unit, parent_code: str) -> None:
    current = unit.parent.code if unit.parent is not None else ""
    if parent_code and parent_code != current:
        raise InvalidInput(f"'{unit.code}' đang trực thuộc '{current or 'không có'}', tệp ghi '{parent_code[:20]}'; "
                           "chuyển cấp trên không làm qua tệp nhập")


def _update(ctx: Ctx, target: Unit | User, changes: dict[str, str | None]) -> str:
    """Set the fields that differ; 'updated' with an audit entry, or 'unchanged'."""
    changed = {name: value for name, value in changes.items() if getattr(target, name) != value}
    if not changed:
        return "unchanged"
    if "name" in changed and not changed["name"]:
        raise InvalidInput("cần tên")
    for name, value in changed.items():
        setattr(target, name, value)
    what = target.code if isinstance(target, Unit) else target.username
    ctx.audit("update_unit" if isinstance(target, Unit) else "update_user",
              details={"of": what, "fields": sorted(changed)})
    return "updated"


def _day(ctx: Ctx, row: Row) -> date:
    text = row.get("valid_from")
    if not text:
        return ctx.clock.today()
    try:
        if "/" in text:
            day, month, year = (int(part) for part in text.split("/"))
            return date(year, month, day)
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"ngày hiệu lực '{text[:20]}' không hợp lệ (YYYY-MM-DD hoặc dd/mm/yyyy)") from None


def _flag(text: str) -> bool | None:
    value = fold(text)
    if not value:
        return None
    if value in _TRUE | _FALSE:
        return value in _TRUE
    raise InvalidInput(f"is_focal '{text[:20]}' phải là 1 hoặc 0 (có / không)")


def _role(text: str) -> str:
    """A role code ('officer') or its title ('Chuyên viên')."""
    key = fold(text)
    found = next((role for role in Role if key in (role.value, fold(ROLE_TITLES[role]))), None)
    if found is None:
        raise InvalidInput(f"vai trò '{text[:40]}' không tồn tại; chọn một trong: {', '.join(r.value for r in Role)}")
    return found.value
