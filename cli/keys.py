"""`planflow key`: the certificate each signer and each body signs with (ký số), set by the operator on the server.

The key stays where it is — an encrypted PKCS#12 file, a PKCS#11 token or HSM, a remote-signing service — and its
secret (passphrase or PIN) is asked once to read the certificate; neither is stored (engine/signatures/
certificates.py). `planflow document` writes a plan or a report as issued: the signed PDF when there is one.
"""

from __future__ import annotations

from pathlib import Path

import click

from cli.support import emit, json_option, refusals
from engine.context import Ctx
from engine.core import Planflow
from engine.errors import InvalidInput, NotFound
from engine.models import Obligation, Plan
from engine.org.units import get_unit_or_agency, get_user
from engine.plans.documents import Document, plan_document, report_document
from engine.signatures.certificates import KIND_LABELS, Owner, key_view, list_keys, set_key

SECRET_MAX_BYTES = 1024


@click.group("key")
def key() -> None:
    """Signing keys (ký số) of signers and bodies: set one, list them."""


@key.command("set")
@click.option("--user", "username", help="The signer (chair, vice chair, head) whose key this is.")
@click.option("--unit", "unit_code", help="The body (committee or agency) whose key this is.")
@click.option("--pkcs12", "pkcs12", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="An encrypted PKCS#12 file (.p12) on this server.")
@click.option("--pkcs11-module", "module", help="The PKCS#11 library of a token or HSM (.so).")
@click.option("--token-label", help="The token's label (PKCS#11).")
@click.option("--key-label", help="The label of the key and its certificate on the token (PKCS#11).")
@click.option("--remote", "remote", help="The address of a remote-signing service (scheme://…).")
@click.option("--secret-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A file holding the passphrase or PIN (else it is asked).")
@click.option("--image", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A transparent PNG: the signer's signature, or the body's seal.")
@json_option
@refusals
def key_set(username: str | None, unit_code: str | None, pkcs12: Path | None, module: str | None,
            token_label: str | None, key_label: str | None, remote: str | None, secret_file: Path | None,
            image: Path | None, as_json: bool) -> None:
    """Register the key a signer or a body signs with; the one before it retires."""
    from engine.signing.keys import KeySource

    if (username is None) == (unit_code is None):
        raise InvalidInput("Chọn đúng một trong --user (người ký) hoặc --unit (cơ quan).")
    sources = [(kind, value) for kind, value in (("pkcs12", pkcs12), ("pkcs11", module), ("remote", remote)) if value]
    if len(sources) != 1:
        raise InvalidInput("Chọn đúng một nơi giữ khóa: --pkcs12, --pkcs11-module hoặc --remote.")
    kind, location = sources[0]
    source = KeySource(kind, str(Path(location).resolve()) if kind == "pkcs12" else str(location), token_label,
                       key_label)
    secret = read_secret(secret_file, "Mật khẩu tệp khóa hoặc mã PIN")
    picture = image.read_bytes() if image else None
    with Planflow().unit_of_work() as ctx:
        owner = Owner(user=get_user(ctx.session, username)) if username else \
            Owner(unit=get_unit_or_agency(ctx.session, unit_code or "", ctx.today()))
        made = key_view(set_key(ctx, owner, source, secret, picture), username or f"unit:{unit_code}")
    emit(as_json, made, f"Đã đăng ký khóa ký số #{made['id']} cho {owner.name}: {made['subject']} "
                        f"({KIND_LABELS[kind]}), hiệu lực đến {made['valid_until']}.")


@key.command("list")
@click.option("--all", "every_key", is_flag=True, help="Retired keys too.")
@json_option
@refusals
def key_list(every_key: bool, as_json: bool) -> None:
    """The keys registered: owner, where the key is, the certificate's holder and validity."""
    with Planflow().unit_of_work() as ctx:
        rows = list_keys(ctx.session, include_retired=every_key)
    emit(as_json, rows, "\n".join(
        f"#{k['id']:<4} {k['owner']:<22} {k['kind_label']:<26} {k['subject']} — {k['issuer']}, đến "
        f"{(k['valid_until'] or '')[:10]}{'' if k['active'] else ' (đã thay)'}" for k in rows)
        or "Chưa có khóa ký số nào: mọi cơ quan ký trên giấy.")


def read_secret(path: Path | None, prompt: str) -> str:
    """The secret from its file (the first line), or typed at the prompt without echo."""
    if path is None:
        return str(click.prompt(prompt, hide_input=True, default="", show_default=False))
    if path.stat().st_size > SECRET_MAX_BYTES:
        raise InvalidInput(f"Tệp '{path.name}' quá lớn để là mật khẩu hoặc mã PIN.")
    lines = path.read_text(encoding="utf-8").splitlines()
    return lines[0] if lines else ""


@click.command("document")
@click.argument("subject_id", type=int)
@click.option("--kind", type=click.Choice(["plan", "report"]), default="plan", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["pdf", "docx"]), default="pdf", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@json_option
@refusals
def document(subject_id: int, kind: str, fmt: str, out: Path, as_json: bool) -> None:
    """Write a plan or a report as issued: its signed PDF when signed here, else the document as it stands."""
    from engine.discussion.attachments import FileStore
    from engine.signatures.documents import issued_copy

    with Planflow().unit_of_work() as ctx:
        doc = _document_of(ctx, kind, subject_id)
        issued_on = None if doc.is_draft else ctx.today()
        signed = issued_copy(ctx.session, FileStore.from_env(), kind, subject_id, issued_on) if fmt == "pdf" else None
    content = signed if signed is not None else _rendered(doc, fmt)
    out.write_bytes(content)
    payload = {"file": str(out), "kind": kind, "id": subject_id, "format": fmt, "bytes": len(content),
               "signed": signed is not None}
    emit(as_json, payload, f"Đã ghi {out} ({'bản đã ký số' if signed is not None else 'bản in từ dữ liệu'}).")


def _document_of(ctx: Ctx, kind: str, subject_id: int) -> Document:
    if kind == "plan":
        plan = ctx.session.get(Plan, subject_id)
        if plan is None:
            raise NotFound(f"Không có kế hoạch #{subject_id}.")
        return plan_document(ctx.session, plan, ctx.today())
    report = ctx.session.get(Obligation, subject_id)
    if report is None:
        raise NotFound(f"Không có báo cáo #{subject_id}.")
    return report_document(ctx.session, report)


def _rendered(doc: Document, fmt: str) -> bytes:
    from engine.plans.pdf import pdf_bytes

    if fmt == "pdf":
        return pdf_bytes(doc)
    from webapp.docx_writer import docx_bytes  # the Word writer lives with the web pages (imports Flask's package)

    return docx_bytes(doc)


def signing_secret(task_id: str, username: str, path: Path | None) -> str | None:
    """`planflow complete`: the secret from its file; or, for a task that signs digitally, typed at the prompt
    (asked before the completion's transaction opens, which would hold the database while waiting)."""
    from engine.signatures.confirm import needs_digital_signature
    from engine.work.inbox import task_for_user

    if path is not None:
        return read_secret(path, "")
    with Planflow().unit_of_work() as ctx:
        try:
            signs = needs_digital_signature(ctx.session, task_for_user(ctx.session, get_user(ctx.session, username),
                                                                       task_id))
        except NotFound:
            return None  # the completion says why
    return read_secret(None, "Mật khẩu hoặc mã PIN của khóa ký số") if signs else None


def demo_signing(ctx: Ctx) -> int:
    """`planflow demo --signing`: the demo CA in PLANFLOW_SIGNING_DIR (default instance/signing), and a key for every
    signer and committee of the demo that has none (secret "planflow": for the demo only)."""
    from engine.signatures.demo import set_up_demo_signing
    from engine.signing.settings import SigningSettings

    return set_up_demo_signing(ctx, SigningSettings.from_env().demo_dir)


COMMANDS = (key, document)
