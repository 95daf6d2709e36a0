"""`planflow org`: the organisation from a file (docs/organisation.md)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from cli.support import emit, json_option, refusals
from engine.core import Planflow
from engine.org.org_import import MAX_BYTES, ImportRefused, import_organisation
from engine.org.roles import Role
from engine.org.units import get_user, require_role


@click.group()
def org() -> None:
    """The organisation: committees, agencies, users and roles."""


@org.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--user", "username", default="system",
              help="An administrator (recorded in the audit trail); 'system' for the operator.")
@json_option
@refusals
def import_command(file: Path, username: str, as_json: bool) -> None:
    """Import units, agencies, users and roles from a CSV or JSON file: all rows, or none if any is refused."""
    with file.open("rb") as handle:
        data = handle.read(MAX_BYTES + 1)  # a larger file is refused by its size, never read whole
    try:
        with Planflow().unit_of_work() as ctx:
            if username != "system":
                require_role(ctx.act_as(get_user(ctx.session, username)), {Role.ADMIN})
            result = import_organisation(ctx, data, file.name)
    except ImportRefused as refused:
        _report_refusals(refused, as_json)
    counts = result.as_dict()
    emit(as_json, counts, f"Đã nhập {file.name}: {result.created} mới, {result.updated} cập nhật, "
                          f"{result.unchanged} không đổi.")


def _report_refusals(refused: ImportRefused, as_json: bool) -> None:
    """Every refused row, one a line on stderr (or as JSON on stdout), and a non-zero exit: nothing was written."""
    if as_json:
        click.echo(json.dumps({"error": "invalid_input", "refusals": [
            {"where": r.where, "reason": r.reason} for r in refused.refusals]}, ensure_ascii=False, indent=2))
    else:
        click.echo(f"Lỗi: tệp bị từ chối, không có gì được ghi ({len(refused.refusals)} dòng không hợp lệ):", err=True)
        for refusal in refused.refusals:
            click.echo(f"  {refusal}", err=True)
    sys.exit(1)
