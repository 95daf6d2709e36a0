"""Where the signatures go on a document's PDF: over its signature block, as Nghị định 30/2020 Phụ lục I places them.

The person's signature sits in the space between their title and their name (the 25 mm above the name in
templates/_document_style.html), centred in the signature column. The body's seal covers about the left third of
the person's signature. WeasyPrint says where the signer's name landed: a print-only style names its box as an
anchor, which the layout reports with the page it is on.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.plans.documents import Document
from engine.plans.pdf import document_html

Box = tuple[float, float, float, float]  # x1, y1, x2, y2 in PDF points from the page's lower-left corner

ANCHOR = "planflow-signer"
# The signer's name (p.signer, the last line of the signature block) as an anchor, and the number and date fields
# (templates/_document.html, `issue_fields`) drawn as the text they stand for, borderless, where it would be.
PRINT_STYLE = f"""
.document p.signer {{ -weasy-anchor: "{ANCHOR}"; }}
.document input.issue-field {{ appearance: auto; display: block; box-sizing: border-box; width: 100%; height: 8mm;
  border: 0; padding: 0; margin: 0; background: none; font: inherit; color: #000; text-align: center; }}
"""
POINTS_PER_PX = 0.75  # CSS px (1/96 in) to PDF points (1/72 in)
POINTS_PER_MM = 72 / 25.4
SIGNATURE_SPACE_MM = 25  # the margin above the signer's name: `.document .signer { margin-top: 25mm }`
PERSON_WIDTH_MM = 60
SEAL_MM = 32  # a committee's seal is 32–36 mm across
A4_MM = (210, 297)  # every document is printed on A4 (templates/document.html)
RIGHT_MARGIN_MM, CORNER_TOP_MM, CORNER_WIDTH_MM, CORNER_HEIGHT_MM = 15, 4, 75, 14  # @page margins: 20 mm at the top


@dataclass(frozen=True)
class Printed:
    """A document's PDF, and where the person's signature goes in it: on page `page` (0-based), in `box`."""

    pdf: bytes
    page: int
    box: Box


def printed(doc: Document, *, for_signing: bool = True) -> Printed:
    """The document's PDF (with the issue fields, for signing) and the place of the person's signature."""
    from weasyprint import CSS, HTML  # Pango and its fonts load only when a PDF is made

    rendered = HTML(string=document_html(doc, for_signing=for_signing)).render(stylesheets=[CSS(string=PRINT_STYLE)])
    for number, page in enumerate(rendered.pages):
        place = page.anchors.get(ANCHOR)
        if place is not None:
            return Printed(rendered.write_pdf(), number, person_box(place, page.height))
    raise ValueError("the document has no signer's name to sign above")  # only a signed document is signed


def person_box(name_box: tuple[float, float, float, float], page_height: float) -> Box:
    """The person's signature: the space above their name, `PERSON_WIDTH_MM` wide (or the column's width), centred.
    `name_box` is the name's box as WeasyPrint lays it out (CSS px from the top-left), `page_height` in CSS px."""
    left, top, right, _ = (value * POINTS_PER_PX for value in name_box)
    height = page_height * POINTS_PER_PX
    width = min(PERSON_WIDTH_MM * POINTS_PER_MM, right - left)
    x1 = (left + right - width) / 2
    return x1, height - top, x1 + width, height - top + SIGNATURE_SPACE_MM * POINTS_PER_MM


def seal_box(person: Box) -> Box:
    """The body's seal with its name and time beneath: `SEAL_MM` square, from the foot of the person's signature up
    (the seal reaches over the title, as on paper), its right edge a third of the way into that signature (Phụ lục
    I: "trùm lên khoảng 1/3 hình ảnh chữ ký số của người có thẩm quyền về bên trái")."""
    x1, y1, x2, _ = person
    side = SEAL_MM * POINTS_PER_MM
    right = x1 + (x2 - x1) / 3
    return right - side, y1, right, y1 + side


def corner_box() -> Box:
    """A body's signature without a seal image: its name and time in the top right corner of the first page, in the
    margin above the national name (where e-office systems put a body's signature on a copy), over no text."""
    right = A4_MM[0] * POINTS_PER_MM - RIGHT_MARGIN_MM * POINTS_PER_MM
    top = A4_MM[1] * POINTS_PER_MM - CORNER_TOP_MM * POINTS_PER_MM
    return right - CORNER_WIDTH_MM * POINTS_PER_MM, top - CORNER_HEIGHT_MM * POINTS_PER_MM, right, top
