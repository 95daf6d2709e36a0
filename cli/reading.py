"""`planflow plan import FILE`: read a plan (.txt/.docx/.pdf) and print its structured form."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from cli.support import emit, json_option, refusals
from engine.errors import InvalidInput
from engine.reading import read_plan_file

MAX_READ = 10 * 1024 * 1024 + 1  # one byte past the limit, so the reader can say the file is too large


def _summary(plan: dict[str, Any]) -> str:
    issuer = (plan.get("issuing_body") or {}).get("name") or "?"
    number = (plan.get("number_symbol") or {}).get("raw") or "(không có số)"
    lines = [f"{issuer} · {number} · năm {plan.get('plan_year') or '?'}", f"Trích yếu: {plan.get('title') or '?'}"]
    lines += [f"Căn cứ thực hiện: {p['citation']}" for p in plan.get("parent_plans", [])]
    lines.append(f"{len(plan.get('legal_bases', []))} văn bản được viện dẫn, {len(plan.get('sections', []))} phần, "
                 f"{len(plan.get('assignments', []))} nhiệm vụ giao, {len(plan.get('deadlines', []))} thời hạn")
    for deadline in plan.get("deadlines", []):
        due = deadline.get("due") or {}
        when = due.get("iso_assumed") or due.get("iso_as_written") or "không ghi ngày"
        lines.append(f"  - {deadline['kind']}: {when} ({deadline['raw'][:80]})")
    return "\n".join(lines)


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@json_option
@refusals
def plan_import(file: Path, as_json: bool) -> None:
    """Read a plan file (.txt/.docx/.pdf) and print what it says: issuer, number, parents, deadlines…"""
    try:
        with file.open("rb") as handle:
            data = handle.read(MAX_READ)
    except OSError as exc:
        raise InvalidInput(f"Không mở được tệp '{file}': {exc.strerror or exc}.") from exc
    try:
        plan = read_plan_file(data, file.name)
    except InvalidInput as exc:
        raise InvalidInput(f"{file}: {exc.message}", exc.fields) from exc
    emit(as_json, plan, _summary(plan))
