"""Task forms: a JSON Schema per user task; submitted data is checked against it before any run.

Designers write these schemas, so their regular expressions are untrusted: jsonschema evaluates `pattern`,
`patternProperties` (and `additionalProperties` beside them) with Python's backtracking `re`, where one crafted
pattern (`^(a+)+$` against thirty a's and a '!') holds a web worker for minutes. Every pattern here runs on RE2,
whose matching time is linear in the input; a pattern RE2 cannot compile (backreferences, lookarounds) is refused
at deployment, and a schema stored before that rule refuses the data instead of running it on `re`.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from typing import Any

import re2  # type: ignore[import-untyped]  # google-re2 ships no type information

# jsonschema ships no type information and its stubs (types-jsonschema) are not a dependency.
from jsonschema import Draft202012Validator, FormatChecker, validators
from jsonschema import _keywords as keywords
from jsonschema.exceptions import ValidationError, best_match

from engine.errors import InvalidInput
from engine.text import nfc_data

# Bounds checked before anything is parsed or compiled. A form is a handful of fields: its schema is a few KB
# (the largest shipped one is under 2 KB), so 100 KB leaves room for long enumerations and instructions while
# keeping parsing and meta-validation at deploy in milliseconds. A field's pattern is a line (a phone number,
# a document code); 1,000 characters is far beyond any of them and keeps RE2's compiled program small.
MAX_FORM_SCHEMA_CHARS = 100_000
MAX_PATTERN_CHARS = 1_000
# RE2 builds its automaton within this much memory (its own default, made explicit): a pattern needing more is
# refused when compiled instead of growing a worker.
_RE2_MAX_MEM = 8 << 20

_FORMATS = FormatChecker(formats=["date"])
_META_FORMATS = FormatChecker(formats=())  # a schema's own patterns (format "regex" in the metaschema)


class PatternProblem(ValueError):
    """A pattern too long for MAX_PATTERN_CHARS, or one RE2 cannot compile; the message is Vietnamese."""


def _options() -> Any:
    options = re2.Options()
    options.max_mem = _RE2_MAX_MEM
    options.log_errors = False  # the refusal carries RE2's reason; nothing on the worker's stderr
    return options


_RE2_OPTIONS = _options()


@functools.lru_cache(maxsize=512)
def compiled_pattern(pattern: str) -> Any:
    """The RE2 program of a designer's pattern; PatternProblem if it is too long or not RE2 syntax."""
    if len(pattern) > MAX_PATTERN_CHARS:
        raise PatternProblem(f"mẫu dài {len(pattern)} ký tự, vượt quá giới hạn {MAX_PATTERN_CHARS}")
    try:
        return re2.compile(pattern, options=_RE2_OPTIONS)
    except re2.error as exc:
        reason = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) else exc
        raise PatternProblem("mẫu không dùng được (không hỗ trợ tham chiếu ngược \\1, nhìn trước/nhìn sau (?=, "
                             f"(?!, (?<=, (?<!); lỗi: {reason}") from None


@_META_FORMATS.checks("regex", raises=PatternProblem)
def _is_pattern(value: object) -> bool:
    if isinstance(value, str):
        compiled_pattern(value)
    return True


def _matches(pattern: str, text: str) -> bool:
    return compiled_pattern(pattern).search(text) is not None


def _shown(pattern: str) -> str:
    return pattern if len(pattern) <= 60 else pattern[:57] + "..."


# --- jsonschema keywords that evaluate patterns, on RE2 -----------------------------------------------------


def _pattern(validator: Any, pattern: str, instance: Any, schema: dict) -> Iterator[ValidationError]:
    if not validator.is_type(instance, "string"):
        return
    try:
        if not _matches(pattern, instance):
            yield ValidationError(f"{instance!r} không khớp mẫu {_shown(pattern)!r}")
    except PatternProblem as exc:
        yield ValidationError(f"{exc} ({_shown(pattern)!r})")


def _pattern_properties(validator: Any, patterns: dict, instance: Any, schema: dict) -> Iterator[ValidationError]:
    if not validator.is_type(instance, "object"):
        return
    for pattern, subschema in patterns.items():
        try:
            matching = [k for k in instance if _matches(pattern, k)]
        except PatternProblem as exc:
            yield ValidationError(f"{exc} ({_shown(pattern)!r})")
            continue
        for key in matching:
            yield from validator.descend(instance[key], subschema, path=key, schema_path=pattern)


def _additional_properties(validator: Any, additional: Any, instance: Any, schema: dict) -> Iterator[ValidationError]:
    """jsonschema's keyword, whose list of extra properties would search patternProperties with `re`."""
    if not validator.is_type(instance, "object"):
        return
    if "patternProperties" not in schema:
        yield from keywords.additionalProperties(validator, additional, instance, schema)
        return
    declared, patterns = schema.get("properties", {}), list(schema["patternProperties"])
    try:
        extras = sorted(k for k in instance if k not in declared and not any(_matches(p, k) for p in patterns))
    except PatternProblem as exc:
        yield ValidationError(str(exc))
        return
    if validator.is_type(additional, "object"):
        for extra in extras:
            yield from validator.descend(instance[extra], additional, path=extra)
    elif not additional and extras:
        yield ValidationError(f"trường không được phép: {', '.join(map(repr, extras))}")


def _unevaluated_properties(validator: Any, unevaluated: Any, instance: Any, schema: dict) -> Iterator[ValidationError]:
    """jsonschema evaluates patternProperties with `re` here too: refused beside them (as at deployment)."""
    if _mentions(validator.schema, "patternProperties"):
        yield ValidationError("không hỗ trợ unevaluatedProperties cùng patternProperties")
        return
    yield from keywords.unevaluatedProperties(validator, unevaluated, instance, schema)


FormValidator = validators.extend(Draft202012Validator, {
    "pattern": _pattern, "patternProperties": _pattern_properties,
    "additionalProperties": _additional_properties, "unevaluatedProperties": _unevaluated_properties,
})


def _mentions(node: Any, key: str) -> bool:
    """Whether `key` is used as a keyword anywhere in a (JSON) schema; iterative, so depth cannot overflow."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if key in item:
                return True
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


# --- Deployment ---------------------------------------------------------------------------------------------


def schema_problem(text: str) -> str | None:
    """Why a task's formSchema property is unusable, or None: checked at deployment."""
    if len(text) > MAX_FORM_SCHEMA_CHARS:
        return f"formSchema dài {len(text)} ký tự, vượt quá giới hạn {MAX_FORM_SCHEMA_CHARS}"
    try:
        schema = json.loads(text)
        errors = list(Draft202012Validator(Draft202012Validator.META_SCHEMA, format_checker=_META_FORMATS)
                      .iter_errors(schema))
    except ValueError as exc:
        return f"formSchema không phải JSON Schema hợp lệ: {str(exc).splitlines()[0]}"
    except RecursionError:
        return "formSchema lồng nhau quá sâu"
    for error in errors:
        if error.validator == "format" and isinstance(error.cause, PatternProblem):
            where = "/".join(map(str, error.absolute_path)) or "(gốc)"
            return f"formSchema có mẫu (pattern) tại '{where}' {error.cause}: {_shown(str(error.instance))!r}"
    if errors:
        return f"formSchema không phải JSON Schema hợp lệ: {best_match(errors).message}"
    if not isinstance(schema, dict) or schema.get("type") != "object":
        return "formSchema phải mô tả một đối tượng (\"type\": \"object\")"
    if _mentions(schema, "patternProperties") and _mentions(schema, "unevaluatedProperties"):
        return "formSchema không được dùng unevaluatedProperties cùng patternProperties"
    return None


# --- Submitted data -----------------------------------------------------------------------------------------


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
    for error in FormValidator(schema, format_checker=_FORMATS).iter_errors(data):
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
        case "pattern":
            return name, f"'{label}' không đúng định dạng yêu cầu ({error.message})"
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
