"""Task forms in the browser: a task's JSON Schema as form fields, and a submitted form back as JSON.

Browsers send text. `read_answers` turns it into the JSON the schema describes and says, per field,
what it could not read (the text is kept as typed, so a re-shown form loses nothing). The engine
checks the answers against the schema again before any step runs; its messages are the same kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from werkzeug.datastructures import MultiDict

from engine.bpmn.forms import validate_form
from engine.errors import InvalidInput
from engine.models import KIND_LABELS
from engine.models.plan import URGENCY_LABELS
from engine.models.process import DECISION_LABELS
from engine.reporting.assignments import SIGNERS
from webapp.pages import strict_int

# Approve/return forms: each value of these fields is one button, next to one comment box.
DECISION_FIELDS = ("decision", "verdict")
# The narrative sections of plans and reports, and comments: paragraphs, not one line.
LONG_TEXT = {"summary", "results", "shortcomings", "causes", "proposals", "comment"}
OPTION_LABELS = {**KIND_LABELS, **DECISION_LABELS, **URGENCY_LABELS, **SIGNERS}
RADIO_MAX_OPTIONS = 3
SCALAR_WIDGETS = {"boolean": "checkbox", "integer": "integer"}
MAX_ROWS = 60  # a repeatable group posted with more rows than this is cut, not a reason to fail
HINTS = {
    "lines": "Mỗi dòng một mục.",
    "rows": "Mỗi dòng một mục; để trống cả dòng để bỏ. Cần thêm dòng: bấm «Lưu nháp», một dòng trống mới sẽ hiện ra.",
    "pair_lines": "Mỗi dòng một mục dạng «mã: số».",
}
# What leaving a field empty means for the plan, where the engine gives it a meaning.
FIELD_HINTS = {
    "recipients": "Để trống: gửi theo danh sách nơi nhận mặc định của đơn vị.",
    "reporting": "Để trống: giữ các yêu cầu báo cáo mặc định (theo kế hoạch cấp trên hoặc lịch báo cáo thông thường).",
}


@dataclass
class Field:
    """One form control (or group of controls) and the text it shows."""

    name: str  # the control's name: the property, or "group-child", "list-<row>-child"
    title: str
    widget: str
    value: str = ""
    required: bool = False
    options: list[tuple[str, str]] = field(default_factory=list)
    children: list[Field] = field(default_factory=list)  # a group's inputs (keyed numbers are a group too)
    rows: list[list[Field]] = field(default_factory=list)  # a repeatable group's rows
    minimum: int | None = None
    maximum: int | None = None
    hints: list[str] = field(default_factory=list)


def decision_field(schema: dict) -> str | None:
    """The approve/return field of a form, if it is one."""
    return next((name for name in DECISION_FIELDS if name in schema.get("properties", {})), None)


def decision_choices(schema: dict) -> list[tuple[str, str]]:
    """(value, label) of each button of an approve/return form."""
    name = decision_field(schema)
    return [(value, OPTION_LABELS.get(value, value)) for value in schema["properties"][name].get("enum", [])] \
        if name else []


def defaults(schema: dict) -> dict:
    """The answers the form starts with: each field's `default`."""
    return {name: prop["default"] for name, prop in schema.get("properties", {}).items() if "default" in prop}


def form_fields(schema: dict, answers: dict) -> list[Field]:
    """The fields of a form showing these answers; a decision field is left to the buttons."""
    required = set(schema.get("required", []))
    fields = [_field(name, name, prop, answers.get(name), name in required)
              for name, prop in schema.get("properties", {}).items() if name not in DECISION_FIELDS]
    needed_when = _required_when(schema)
    for shown in fields:
        if shown.name in needed_when:
            shown.hints.append(f"Bắt buộc khi chọn «{needed_when[shown.name]}».")
    return fields


def _required_when(schema: dict) -> dict[str, str]:
    """Fields a decision makes required (`if` decision is X `then` required): field → X's label."""
    name = decision_field(schema)
    chosen = schema.get("if", {}).get("properties", {}).get(name or "", {}).get("const")
    if chosen is None:
        return {}
    return {field_name: OPTION_LABELS.get(chosen, chosen) for field_name in schema.get("then", {}).get("required", [])}


def _widget(name: str, prop: dict) -> str:
    kind = prop.get("type")
    if "enum" in prop:
        return "radio" if len(prop["enum"]) <= RADIO_MAX_OPTIONS else "select"
    if kind in SCALAR_WIDGETS:
        return SCALAR_WIDGETS[kind]
    if kind == "array":
        return "rows" if prop.get("items", {}).get("type") == "object" else "lines"
    if kind == "object":
        return "group" if "properties" in prop else "pairs"
    if prop.get("format") == "date":
        return "date"
    return "textarea" if name in LONG_TEXT else "text"


def _field(name: str, key: str, prop: dict, value: Any, required: bool) -> Field:
    widget = _widget(key, prop)
    shown = Field(name, prop.get("title", key), widget, required=required, minimum=prop.get("minimum"),
                  maximum=prop.get("maximum"), hints=[h for h in (HINTS.get(widget), FIELD_HINTS.get(name)) if h])
    if widget in ("radio", "select"):
        shown.options = [(str(v), OPTION_LABELS.get(v, str(v))) for v in prop["enum"]]
    if widget == "group":
        shown.children = _children(name, prop, value if isinstance(value, dict) else {})
    elif widget == "rows":
        items = [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []
        shown.rows = [_children(f"{name}-{i}", prop["items"], item) for i, item in enumerate([*items, {}])]
    elif widget == "pairs" and isinstance(value, dict) and value:
        shown.widget = "group"
        shown.children = [_field(f"{name}-{k}", k, prop.get("additionalProperties", {}), v, False)
                          for k, v in value.items()]
    elif widget == "pairs":
        shown.widget, shown.hints, shown.value = "pair_lines", [HINTS["pair_lines"]], _text(value)
    else:
        shown.value = _text(value)
    return shown


def _children(prefix: str, schema: dict, values: dict) -> list[Field]:
    required = set(schema.get("required", []))
    return [_field(f"{prefix}-{key}", key, prop, values.get(key), key in required)
            for key, prop in schema.get("properties", {}).items()]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, list):
        return "\n".join(map(str, value))
    if isinstance(value, dict):
        return "\n".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


# --- reading a submitted form ---------------------------------------------------------------------


class Unreadable(ValueError):
    """A value the form could not turn into JSON; `value` is what was typed."""

    def __init__(self, message: str, value: Any):
        super().__init__(message)
        self.message, self.value = message, value


def read_answers(schema: dict, form: MultiDict) -> tuple[dict, dict[str, str]]:
    """The answers as JSON, and a message per field that could not be read (its text kept as typed)."""
    answers: dict = {}
    problems: dict[str, str] = {}
    for name, prop in schema.get("properties", {}).items():
        try:
            value = _read(form, name, name, prop)
        except Unreadable as exc:
            value, problems[name] = exc.value, exc.message
        if value is not None:
            answers[name] = value
    return answers, problems


def checked_answers(schema: dict, form: MultiDict) -> tuple[dict, dict[str, str]]:
    """Like read_answers, and when something could not be read, what else the schema refuses: all at once."""
    answers, problems = read_answers(schema, form)
    if problems:
        try:
            validate_form(schema, {k: v for k, v in answers.items() if k not in problems})
        except InvalidInput as exc:
            problems = {**exc.fields, **problems}
    return answers, problems


def _read(form: MultiDict, name: str, key: str, prop: dict) -> Any:
    widget = _widget(key, prop)
    if widget == "checkbox":
        return name in form
    if widget == "lines":
        return [line.strip() for line in form.get(name, "").splitlines() if line.strip()]
    if widget == "group":
        return _read_object(form, name, prop)
    if widget == "rows":
        return _read_rows(form, name, prop)
    if widget == "pairs":
        return _read_pairs(form, name, prop.get("title", key), prop.get("additionalProperties", {}))
    text = form.get(name, "").strip()
    if widget == "integer" and text:
        return _integer(text, prop.get("title", key))
    return text or None


# A whole number as people type it: ASCII digits, an optional minus sign, at most 15 digits (int() would also take
# '٣', '1_000' or thousands of digits). The form's JSON Schema then checks its range.
WHOLE_NUMBER = re.compile(r"-?[0-9]{1,15}")


def _integer(text: str, title: str) -> int:
    if not WHOLE_NUMBER.fullmatch(text.strip()):
        raise Unreadable(f"'{title}' phải là số nguyên, không phải '{text}'.", text)
    return int(text.strip())


def _read_object(form: MultiDict, prefix: str, schema: dict) -> dict:
    """A group's values; every problem in it is reported, the first one named."""
    values: dict = {}
    problems: list[str] = []
    for key, prop in schema.get("properties", {}).items():
        try:
            value = _read(form, f"{prefix}-{key}", key, prop)
        except Unreadable as exc:
            value = exc.value
            problems.append(exc.message)
        if value is not None:
            values[key] = value
    if problems:
        raise Unreadable(" ".join(problems), values)
    return values


def _read_rows(form: MultiDict, name: str, prop: dict) -> list[dict] | None:
    """The filled rows of a repeatable group; none filled is no answer, so the plan keeps what it has."""
    schema = prop.get("items", {})
    rows: list[dict] = []
    problems: list[str] = []
    for index in range(_row_count(form, name)):
        try:
            row = _read_object(form, f"{name}-{index}", schema)
        except Unreadable as exc:
            row = exc.value
            problems.append(f"Dòng {len(rows) + 1}: {exc.message}")
        if all(_untyped(value) for value in row.values()):
            continue  # nothing typed (unticked boxes, empty lists only): the row is left out
        missing = ", ".join(f"'{schema['properties'][k].get('title', k)}'" for k in schema.get("required", [])
                            if k not in row)
        if missing:
            problems.append(f"Dòng {len(rows) + 1}: cần nhập {missing}.")
        rows.append(row)
    if problems:
        raise Unreadable(" ".join(problems), rows)
    return rows or None


def _untyped(value: Any) -> bool:
    return value is False or (isinstance(value, list | dict) and not value)


def _row_count(form: MultiDict, name: str) -> int:
    return min(strict_int(form.get(f"{name}-rows"), low=0) or 0, MAX_ROWS)


def _read_pairs(form: MultiDict, name: str, title: str, values_schema: dict) -> dict:
    """Keyed numbers: one input per key (`name-key`), or «key: number» lines when no key was known."""
    prefix = f"{name}-"
    typed = {k[len(prefix):]: form.get(k, "").strip() for k in form if k.startswith(prefix)}
    if not typed:
        lines = [line.partition(":") for line in form.get(name, "").splitlines() if line.strip()]
        typed = {k.strip(): v.strip() for k, _, v in lines}
    if values_schema.get("type") != "integer":
        return typed
    values: dict = {}
    problems: list[str] = []
    for key, text in typed.items():
        if not text:
            problems.append(f"'{title} — {key}' cần một số.")
            values[key] = text
            continue
        try:
            values[key] = _integer(text, f"{title} — {key}")
        except Unreadable as exc:
            values[key] = text
            problems.append(exc.message)
    if problems:
        raise Unreadable(" ".join(problems), values)
    return values
