"""Task forms: a JSON Schema per user task; submitted data is checked against it before any run."""

from __future__ import annotations

import json
from typing import Any

# jsonschema ships no type information and its stubs (types-jsonschema) are not a dependency.
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import SchemaError, ValidationError

from engine.errors import InvalidInput
from engine.text import nfc_data

_FORMATS = FormatChecker(formats=["date"])


def schema_problem(text: str) -> str | None:
    """Why a task's formSchema property is unusable, or None: checked at deployment."""
    try:
        schema = json.loads(text)
        Draft202012Validator.check_schema(schema)
    except (ValueError, SchemaError) as exc:
        return f"formSchema không phải JSON Schema hợp lệ: {str(exc).splitlines()[0]}"
    if schema.get("type") != "object":
        return "formSchema phải mô tả một đối tượng (\"type\": \"object\")"
    return None


def validate_form(schema: dict, data: Any) -> dict:
    """Return the NFC-normalised data, or raise InvalidInput with one Vietnamese message per field.

    Fields the form does not declare are refused: task data is shared with the process, and a
    submitted `plan_id` or `decision` that the form does not ask for must not reach it.
    """
    if not isinstance(data, dict):
        raise InvalidInput("Dữ liệu biểu mẫu phải là một đối tượng JSON.")
    data = nfc_data(data)
    data = {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}
    fields = {name: _unknown_field(name) for name in data if name not in schema.get("properties", {})}
    for error in Draft202012Validator(schema, format_checker=_FORMATS).iter_errors(data):
        name, message = _describe(schema, error)
        fields.setdefault(name, message)
    if fields:
        summary = "; ".join(f"{name}: {message}" for name, message in sorted(fields.items()))
        raise InvalidInput(f"Biểu mẫu chưa hợp lệ — {summary}", fields)
    return data


def _unknown_field(name: str) -> str:
    return f"trường '{name}' không có trong biểu mẫu"


def _title(schema: dict, name: str) -> str:
    return schema.get("properties", {}).get(name, {}).get("title", name)


def _describe(schema: dict, error: ValidationError) -> tuple[str, str]:
    if error.validator == "required":
        name = error.message.split("'")[1]
        return name, f"cần nhập '{_title(schema, name)}'"
    name = str(error.absolute_path[0]) if error.absolute_path else "_"
    label, value = _title(schema, name), error.validator_value
    match error.validator:
        case "enum":
            return name, f"'{label}' phải là một trong: {', '.join(map(str, value))}"
        case "minLength":
            return name, f"'{label}' không được để trống" if value <= 1 else f"'{label}' cần ít nhất {value} ký tự"
        case "type":
            return name, f"'{label}' sai kiểu dữ liệu (cần {value})"
        case "format":
            return name, f"'{label}' phải là ngày dạng YYYY-MM-DD"
        case "minimum":
            return name, f"'{_own_title(error, label)}' không được nhỏ hơn {value}"
        case "maximum":
            return name, f"'{_own_title(error, label)}' không được lớn hơn {value}"
    return name, f"'{label}' không hợp lệ: {error.message}"


def _own_title(error: ValidationError, label: str) -> str:
    """A number inside a list or group names itself, not the field it sits in."""
    return error.schema.get("title", label) if isinstance(error.schema, dict) else label
