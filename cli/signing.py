"""`planflow verify FILE`: every digital signature of a PDF, who signed it, and whether it still holds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from cli.support import emit, json_option, refusals
from engine.clock import iso
from engine.errors import InvalidInput
from engine.signing.verify import MAX_PDF_BYTES, SignatureCheck, trust_roots, verify_pdf


def check_row(check: SignatureCheck) -> dict[str, Any]:
    return {"field": check.field, "signer": check.signer, "body": check.body, "title": check.title,
            "signed_at": iso(check.signed_at), "intact": check.intact, "trusted": check.trusted,
            "valid": check.valid, "modification": check.modification, "summary": check.summary}


def _text(name: str, checks: list[SignatureCheck]) -> str:
    if not checks:
        return f"{name}: không có chữ ký số."
    lines = [f"{name}: {len(checks)} chữ ký số"]
    for check in checks:
        lines.append(f"- [{check.field}] {check.summary}")
        lines.append(f"  nguyên vẹn: {_yes(check.intact)} · tin cậy: {_yes(check.trusted)} · hợp lệ: "
                     f"{_yes(check.valid)} · thay đổi sau khi ký: {check.modification}")
    return "\n".join(lines)


def _yes(value: bool) -> str:
    return "có" if value else "không"


@click.command("verify")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@json_option
@refusals
def verify(file: Path, as_json: bool) -> None:
    """Verify every digital signature of a PDF (exit 0 whatever they say; 1 if the file cannot be read)."""
    try:
        with file.open("rb") as handle:
            data = handle.read(MAX_PDF_BYTES + 1)  # one byte past the limit, so the check can say it is too large
    except OSError as exc:
        reason = "không tìm thấy tệp" if isinstance(exc, FileNotFoundError) else exc.strerror or exc
        raise InvalidInput(f"Không mở được tệp '{file}': {reason}.") from exc
    try:
        checks = verify_pdf(data, trust_roots())
    except InvalidInput as exc:
        raise InvalidInput(f"{file}: {exc.message}", exc.fields) from exc
    emit(as_json, {"file": str(file), "signatures": [check_row(c) for c in checks]}, _text(str(file), checks))
