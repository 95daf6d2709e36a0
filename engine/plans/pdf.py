"""A document as the PDF an office issues: the page of `templates/document.html`, printed by WeasyPrint.

In the engine rather than the web layer because a PDF is made when a task completes — to be signed (ký số) — and
a task completes from the web, the API and the command line alike. The web layer renders the same template as
the document's page (with its links); the PDF has none.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from engine.plans.documents import Document

TEMPLATES = Path(__file__).parent / "templates"
_ENVIRONMENT = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))


def document_html(doc: Document, gettext: Callable[[str], str] = str, *, for_signing: bool = False) -> str:
    """The document's page as printed: no links, the interface's few words through `gettext`. `for_signing`: printed
    to be signed digitally before issue (engine/signatures/): the number and the date are form fields that the clerk
    fills at issue (engine/signing/pades.py, ISSUE_FIELDS), and the draft has no DỰ THẢO mark."""
    return _ENVIRONMENT.get_template("document.html").render(doc=doc, links=None, _=gettext, issue_fields=for_signing)


def pdf_bytes(doc: Document) -> bytes:
    # Imported here: WeasyPrint loads Pango and its fonts, which the rest of the engine never needs.
    from weasyprint import HTML

    return HTML(string=document_html(doc)).write_pdf()
