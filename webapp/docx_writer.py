"""A document as a Word file (.docx), the form offices exchange and edit, laid out per Nghị định 30/2020/NĐ-CP:
A4, Times New Roman, the header and the recipients/signature as borderless two-column tables."""

from __future__ import annotations

from io import BytesIO

from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table as WordTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as WordParagraph

from engine.plans.documents import Document, Paragraph, Table
from engine.text import printable

FONT = "Times New Roman"
BODY_PT = 14
# Margins (mm): top 20–25, bottom 20–25, left 30–35, right 15–20.
MARGINS = {"top_margin": 20, "bottom_margin": 20, "left_margin": 30, "right_margin": 15}
TEXT_WIDTH = 165  # mm between the margins of an A4 page
HEADER_COLUMNS = (65, 100)  # the national name at 12 pt bold is 88 mm wide
FOOTER_COLUMNS = (80, 85)
FIGURE_COLUMNS = (15, 115, 35)
FIRST_LINE_INDENT = 10  # mm, 1 to 1.27 cm
SIGNATURE_SPACE = 25  # mm left for the hand signature and the seal
HANG_MM = 3  # a Nơi nhận line hangs under its text, past the dash
PT_TO_MM = 0.3528
# Average advance of Times New Roman bold, in ems, measured on the national name and the motto:
# enough to size the short rules under a line of text.
EM_PER_CAPITAL, EM_PER_LETTER = 0.62, 0.46


def docx_bytes(document: Document) -> bytes:
    word = WordDocument()
    _page_setup(word)
    _header(word, document)
    _title(word, document)
    for block in document.body:
        if isinstance(block, Table):
            _figures(word, block)
        else:
            _body_paragraph(word, block)
    _footer(word, document)
    buffer = BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _page_setup(word) -> None:
    section = word.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    for name, mm in MARGINS.items():
        setattr(section, name, Mm(mm))
    normal = word.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    _set_font(normal.element.get_or_add_rPr())
    _page_numbers(section)


def _page_numbers(section) -> None:
    """Page numbers centred in the top margin, none on the first page."""
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False  # an empty header of its own, not the previous one
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = _run(paragraph, "", BODY_PT)
    run._r.append(OxmlElement("w:t"))
    field.append(run._r)
    paragraph._p.append(field)


def _header(word, document: Document) -> None:
    left, right = _columns(word, HEADER_COLUMNS)
    issuer_width = max(_width_mm(line, 13) for line in document.issuer)
    for i, line in enumerate(document.issuer):
        _line(left, line, 13, bold=True, first=i == 0)
    _rule(left, issuer_width * 0.4, HEADER_COLUMNS[0])
    _line(left, document.number, 13)
    if document.urgency_mark:
        _line(left, document.urgency_mark, 13, bold=True)
    if document.is_draft:
        _line(left, "DỰ THẢO", 13, bold=True)
    _line(right, document.national_name, 12, bold=True, first=True)
    _line(right, document.motto, 13, bold=True)
    _rule(right, _width_mm(document.motto, 13), HEADER_COLUMNS[1])
    _line(right, document.place_date, 14, italic=True).paragraph_format.space_before = Pt(6)


def _title(word, document: Document) -> None:
    kind = _centered(word.add_paragraph(), document.kind, BODY_PT, bold=True)
    kind.paragraph_format.space_before = Pt(18)
    if not document.title:  # a draft nobody has written yet
        return
    _centered(word.add_paragraph(), document.title, BODY_PT, bold=True)
    title_line = min(_width_mm(document.title, BODY_PT), TEXT_WIDTH)
    _rule_paragraph(word.add_paragraph(), title_line * 0.4, TEXT_WIDTH)


def _body_paragraph(word, block: Paragraph) -> None:
    paragraph = word.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Mm(FIRST_LINE_INDENT)
    fmt.space_after = Pt(6)
    _run(paragraph, block.text, BODY_PT, bold=block.style != "text")


def _figures(word, table: Table) -> None:
    grid = word.add_table(rows=1 + len(table.rows), cols=len(table.header))
    grid.style = word.styles["Table Grid"]
    grid.autofit = False
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(grid, FIGURE_COLUMNS)
    for r, values in enumerate((table.header, *table.rows)):
        for c, value in enumerate(values):
            paragraph = grid.cell(r, c).paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if c == 1 and r else WD_ALIGN_PARAGRAPH.CENTER
            _run(paragraph, value, 13, bold=r == 0)


def _footer(word, document: Document) -> None:
    word.add_paragraph()
    left, right = _columns(word, FOOTER_COLUMNS)
    recipients = _line(left, "Nơi nhận:", 12, bold=True, italic=True, first=True)
    recipients.alignment = WD_ALIGN_PARAGRAPH.LEFT
    for line in document.recipients:
        _recipient(left, line)
    for i, line in enumerate(document.signature):
        _line(right, line, BODY_PT, bold=True, first=i == 0)
    if document.signer:
        _line(right, document.signer, BODY_PT, bold=True).paragraph_format.space_before = Mm(SIGNATURE_SPACE)


def _recipient(cell: _Cell, line: str) -> None:
    # A long Nơi nhận line wraps under its text, not under its dash: a hanging indent, as offices type it.
    paragraph = _line(cell, line, 11)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    paragraph.paragraph_format.left_indent = Mm(HANG_MM)
    paragraph.paragraph_format.first_line_indent = Mm(-HANG_MM)


# --- building blocks ------------------------------------------------------------------------------


def _columns(word, widths: tuple[int, int]) -> tuple[_Cell, _Cell]:
    """A borderless one-row table of two fixed columns, as the header and the footer are set."""
    table: WordTable = word.add_table(rows=1, cols=2)
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, widths)
    return table.rows[0].cells[0], table.rows[0].cells[1]


def _widths(table: WordTable, widths: tuple[int, ...]) -> None:
    """Both the grid (LibreOffice reads it) and every cell (Word reads those)."""
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)


def _line(cell: _Cell, text: str, size: int, *, bold: bool = False, italic: bool = False,
          first: bool = False) -> WordParagraph:
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(0)
    return _centered(paragraph, text, size, bold=bold, italic=italic)


def _centered(paragraph: WordParagraph, text: str, size: int, *, bold: bool = False,
              italic: bool = False) -> WordParagraph:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(paragraph, text, size, bold=bold, italic=italic)
    return paragraph


def _run(paragraph: WordParagraph, text: str, size: int, *, bold: bool = False, italic: bool = False):
    run = paragraph.add_run(printable(text))  # XML refuses control characters stored before they were refused
    run.font.size, run.font.bold, run.font.italic = Pt(size), bold, italic
    run.font.name = FONT
    _set_font(run._r.get_or_add_rPr())
    return run


def _set_font(rpr) -> None:
    """Name the font for every script, or Word substitutes its East Asian default for Vietnamese letters."""
    fonts = rpr.get_or_add_rFonts()
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(script), FONT)


def _rule(cell: _Cell, width: float, cell_width: int) -> None:
    _rule_paragraph(cell.add_paragraph(), width, cell_width)


def _rule_paragraph(paragraph: WordParagraph, width: float, line_width: float) -> None:
    """A short solid rule, centred: the bottom border of an empty paragraph indented from both sides."""
    border = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "auto")):
        border.set(qn(key), value)
    borders = OxmlElement("w:pBdr")
    borders.append(border)
    paragraph._p.get_or_add_pPr().append(borders)  # first, so that the settings below go after it
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = Mm(max(line_width - width, 0) / 2)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(2)


def _width_mm(text: str, size: int) -> float:
    em = EM_PER_CAPITAL if text.isupper() else EM_PER_LETTER
    return len(text) * em * size * PT_TO_MM
