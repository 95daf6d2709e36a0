"""A file from outside may be built to hurt the reader: an inflating stream, a loop of revisions, thousands of
revisions, a signature pointing outside the file. Each is refused or read as invalid, in bounded memory and time."""

from __future__ import annotations

import io
import zlib

import pypdf
import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from engine.errors import InvalidInput
from engine.signing.verify import MAX_REVISIONS, verify_pdf


def _simple_pdf() -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_cross_reference_stream_inflating_to_hundreds_of_megabytes_is_refused(pki):
    packer = zlib.compressobj(9)
    bomb = b"".join(packer.compress(bytes(1024 * 1024)) for _ in range(200)) + packer.flush()  # 200 MB of zeros
    head = (b"%PDF-1.7\n1 0 obj\n<</Type/Catalog/Pages 2 0 R>>\nendobj\n"
            b"2 0 obj\n<</Type/Pages/Kids[]/Count 0>>\nendobj\n")
    xref = b"3 0 obj\n<</Type/XRef/Size 4/W[1 4 2]/Root 1 0 R/Filter/FlateDecode/Length %d>>\nstream\n" % len(bomb)
    pdf = head + xref + bomb + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % len(head)
    with pytest.raises(InvalidInput, match="bị hỏng hoặc không đúng cấu trúc"):
        verify_pdf(pdf, [pki.ca_certificate])


def test_a_revision_whose_previous_revision_is_itself_is_refused(pki):
    pdf = _simple_pdf()
    start = len(pdf)
    loop = (b"xref\n0 1\n0000000000 65535 f \ntrailer\n<</Size 1/Root 1 0 R/Prev %d>>\nstartxref\n%d\n%%%%EOF\n"
            % (start, start))
    with pytest.raises(InvalidInput):
        verify_pdf(pdf + loop, [pki.ca_certificate])


def test_more_revisions_than_the_limit_are_refused(pki):
    pdf = _simple_pdf()
    for i in range(MAX_REVISIONS + 1):
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        writer.root["/Revision"] = generic.NumberObject(i)
        writer.update_root()
        out = io.BytesIO()
        writer.write(out)
        pdf = out.getvalue()
    with pytest.raises(InvalidInput, match=f"vượt giới hạn {MAX_REVISIONS} để kiểm tra chữ ký số"):
        verify_pdf(pdf, [pki.ca_certificate])


def test_a_signature_whose_byte_range_points_outside_the_file_reads_as_invalid(pki, issued):
    damaged = issued.replace(b"/ByteRange [0 ", b"/ByteRange [9 ", 1)  # same length: offsets hold
    assert damaged != issued
    checks = verify_pdf(damaged, [pki.ca_certificate])
    assert not checks[0].valid and not checks[0].intact
