"""Where the signatures go on a document's PDF: over its signature block, as Nghị định 30/2020 Phụ lục I places them.

The person's signature sits in the space between their title and their name (the 25 mm above the name in
templates/_document_style.html), centred in the signature column. The body's seal covers about the left third of
the person's signature. WeasyPrint says where the signer's name landed: a print-only style names its box as an
anchor, which the layout reports with the page it is on.
"""

from __future__ import annotations

import atexit
import base64
import functools
import io
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from engine.plans.documents import Document
from engine.plans.pdf import document_html

if TYPE_CHECKING:
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

Box = tuple[float, float, float, float]  # x1, y1, x2, y2 in PDF points from the page's lower-left corner

ANCHOR = "planflow-signer"
# The signer's name (p.signer, the last line of the signature block) as an anchor, and the number and date fields
# (templates/_document.html, `issue_fields`) drawn as the text they stand for, borderless, where it would be.
PRINT_STYLE = f"""
.document p.signer {{ -weasy-anchor: "{ANCHOR}"; }}
.document input.issue-field {{ appearance: auto; display: block; box-sizing: border-box; width: 100%; height: 8mm;
  border: 0; padding: 0; margin: 0; background: none; font: inherit; color: #000; text-align: center; }}
"""
# The number and date fields have a font of their own, cut to printable ASCII. WeasyPrint embeds a font used by a
# form field whole (a viewer may type any letter into it): with the document's own Liberation Serif that made every
# PDF to sign 460 KB and its printing 60 ms more. No glyph of the fields' font is ever drawn: they are empty until
# the clerk's issue fills them with a drawn appearance in the signature's font and drops their /DA (pades.py).
FIELD_FONT = "planflow-issue-field"
FIELD_UNICODES = range(0x20, 0x7F)
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
    from weasyprint import HTML  # Pango and its fonts load only when a PDF is made

    style, fonts = _print_style()
    rendered = HTML(string=document_html(doc, for_signing=for_signing)).render(stylesheets=[style], font_config=fonts)
    for number, page in enumerate(rendered.pages):
        place = page.anchors.get(ANCHOR)
        if place is not None:
            return Printed(rendered.write_pdf(), number, person_box(place, page.height))
    raise ValueError("the document has no signer's name to sign above")  # only a signed document is signed


_printing = threading.local()  # WeasyPrint's font configuration wraps a Pango font map: one per thread
# Its __del__ removes a temporary font folder: let it run while the interpreter is whole, not at its teardown.
atexit.register(lambda: vars(_printing).clear())


def _print_style() -> tuple[CSS, FontConfiguration]:
    """The print style with its field font loaded, once per thread: loading a font face costs ~20 ms a document."""
    if not hasattr(_printing, "style"):
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        fonts = FontConfiguration()
        face = f"@font-face {{ font-family: {FIELD_FONT}; src: url(data:font/ttf;base64,{_field_font()}); }}"
        rule = f".document input.issue-field {{ font-family: {FIELD_FONT}; }}"
        _printing.style = CSS(string="\n".join((PRINT_STYLE, face, rule)), font_config=fonts), fonts
    style: tuple[CSS, FontConfiguration] = _printing.style
    return style


@functools.lru_cache(maxsize=1)
def _field_font() -> str:
    """The fields' font (base64): the signature's regular font cut to FIELD_UNICODES, without hinting or layout."""
    from fontTools import subset, ttLib

    from engine.signing.appearance import font_file

    font = ttLib.TTFont(font_file("regular"))
    options = subset.Options()
    options.notdef_outline = True
    options.layout_features = []
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=FIELD_UNICODES)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return base64.b64encode(out.getvalue()).decode("ascii")


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
