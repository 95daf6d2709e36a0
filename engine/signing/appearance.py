"""What a signature looks like on the page (Nghị định 30/2020, Phụ lục I), drawn by pyHanko's stamps.

The competent person's signature shows their handwritten signature (blue PNG) with their name, title and the
time of signing; the issuing body's shows its seal (red PNG) with its name and the time. Text is Times New Roman
in the decree; Liberation Serif (fonts-liberation2) has its metrics and every Vietnamese letter.
"""

from __future__ import annotations

import functools
import io
import os
from dataclasses import dataclass, replace
from pathlib import Path

from fontTools import subset, ttLib
from fontTools.ttLib.scaleUpem import scale_upem
from PIL import Image, UnidentifiedImageError
from pyhanko.pdf_utils.font.api import FontEngineFactory
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.layout import AxisAlignment, InnerScaling, Margins, SimpleBoxLayoutRule
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.pdf_utils.writer import BasePdfFileWriter
from pyhanko.stamp import BaseStampStyle, StaticStampStyle, TextStampStyle

from engine.errors import InvalidInput
from engine.text import clean

KINDS = ("person", "body")
FONT_SIZE = 10  # Phụ lục I: cỡ chữ 10 for the information of a signature
LINES_MAX = 6
LINE_MAX = 200
IMAGE_MAX_BYTES = 2 * 1024 * 1024
IMAGE_MAX_PIXELS = 4000 * 4000
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
GAP = 4  # points between the image and the text

# PLANFLOW_SIGNATURE_FONT names another TrueType font; else the first of these that exists.
FONT_FILES = {
    "regular": ("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
                "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"),
    "italic": ("/usr/share/fonts/truetype/liberation2/LiberationSerif-Italic.ttf",
               "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Italic.ttf"),
}
# Basic Latin, Latin-1, Latin Extended-A/B, combining marks, Latin Extended Additional (Vietnamese), punctuation, ₫.
UNICODES = [*range(0x20, 0x7F), *range(0xA0, 0x250), *range(0x300, 0x370), *range(0x1E00, 0x1F00),
            *range(0x2010, 0x2070), 0x20AB]


@dataclass(frozen=True)
class Stamp:
    """The visible signature: `kind` "person" (the competent signer) or "body" (the issuing body's seal);
    `lines` the text shown, one line each; `image` a transparent PNG: the handwritten signature or the seal."""

    kind: str
    lines: tuple[str, ...]
    image: bytes | None = None


def stamp_style(stamp: Stamp, width: float, height: float) -> BaseStampStyle:
    """The pyHanko style that draws `stamp` in a box of `width` × `height` points."""
    lines = _checked_lines(stamp)
    image = _checked_image(stamp.image) if stamp.image is not None else None
    if image is None:
        return _text_style(lines, Margins.uniform(2))
    background = PdfImage(image)
    if not lines:
        return StaticStampStyle(background=background, border_width=0,
                                background_layout=_fit(AxisAlignment.ALIGN_MID, Margins.uniform(0)))
    if width >= 1.6 * height:  # wide: the image on the left, the text beside it
        image_width = min(width * 0.45, height * image.width / image.height)
        image_margins = Margins(left=0, right=int(width - image_width), top=0, bottom=0)
        text_margins = Margins(left=int(image_width + GAP), right=2, top=2, bottom=2)
    else:  # tall: the image above, the text beneath
        image_margins = Margins(left=0, right=0, top=0, bottom=int(height * 0.45))
        text_margins = Margins(left=2, right=2, top=int(height * 0.55 + GAP), bottom=2)
    # Opacity 1: the PNG's own transparency applies (pyHanko gives it a soft mask).
    return replace(_text_style(lines, text_margins), background=background, background_opacity=1.0,
                   background_layout=_fit(AxisAlignment.ALIGN_MIN, image_margins))


def text_box_style(size: int = FONT_SIZE, variant: str = "regular", centred: bool = False) -> TextBoxStyle:
    """A pyHanko text style in the Vietnamese font, for stamps and for filled form fields."""
    layout = _fit(AxisAlignment.ALIGN_MID if centred else AxisAlignment.ALIGN_MIN, Margins.uniform(1),
                  AxisAlignment.ALIGN_MID)
    return TextBoxStyle(font=VietnameseFont(font_file(variant), size), font_size=size, leading=round(size * 1.2),
                        box_layout_rule=layout)


@dataclass(frozen=True)
class VietnameseFont(FontEngineFactory):
    """pyHanko's OpenType engine over a font prepared by `prepared_font`."""

    path: str
    size: int

    def create_font_engine(self, writer: BasePdfFileWriter, obj_stream: object = None) -> GlyphAccumulator:
        return GlyphAccumulator(writer=writer, font_handle=io.BytesIO(prepared_font(self.path)), font_size=self.size,
                                obj_stream=obj_stream, bcp47_lang_code="vi")


def font_file(variant: str = "regular") -> str:
    configured = os.environ.get("PLANFLOW_SIGNATURE_FONT")
    if configured and variant == "regular":
        return configured
    for candidate in FONT_FILES[variant]:
        if Path(candidate).is_file():
            return candidate
    if variant != "regular":
        return font_file("regular")
    raise InvalidInput("Máy chủ thiếu phông chữ tiếng Việt để vẽ hình ảnh chữ ký số: cài gói fonts-liberation2 "
                       "hoặc đặt PLANFLOW_SIGNATURE_FONT là đường dẫn một phông TrueType.")


@functools.lru_cache(maxsize=4)
def prepared_font(path: str) -> bytes:
    """The font cut to Latin and Vietnamese letters, then scaled to 1000 units per em.

    pyHanko 0.38 writes glyph widths (/W) in the font's own units, which PDF reads as thousandths of an em: a
    2048-unit font (Liberation, DejaVu) then shows its letters twice as far apart. Scaling first makes the two
    agree; cutting first makes the scaling quick (a quarter of a second, once per process and font)."""
    font = ttLib.TTFont(path)
    options = subset.Options()
    options.layout_features = ["*"]  # mark positioning places Vietnamese diacritics
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=UNICODES)
    subsetter.subset(font)
    if font["head"].unitsPerEm != 1000:
        scale_upem(font, 1000)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _text_style(lines: tuple[str, ...], margins: Margins) -> TextStampStyle:
    return TextStampStyle(stamp_text="\n".join(lines).replace("%", "%%"), border_width=0,
                          text_box_style=text_box_style(), inner_content_layout=_fit(AxisAlignment.ALIGN_MIN, margins))


def _fit(x_align: AxisAlignment, margins: Margins, y_align: AxisAlignment = AxisAlignment.ALIGN_MID
         ) -> SimpleBoxLayoutRule:
    return SimpleBoxLayoutRule(x_align=x_align, y_align=y_align, margins=margins,
                               inner_content_scaling=InnerScaling.SHRINK_TO_FIT)


def _checked_lines(stamp: Stamp) -> tuple[str, ...]:
    if stamp.kind not in KINDS:
        raise InvalidInput(f"Loại hình ảnh chữ ký '{stamp.kind}' không hợp lệ (person hoặc body).")
    if len(stamp.lines) > LINES_MAX:
        raise InvalidInput(f"Hình ảnh chữ ký có {len(stamp.lines)} dòng chữ, tối đa {LINES_MAX} dòng.")
    lines = tuple(clean(line, "stamp").strip() for line in stamp.lines)
    for line in lines:
        if len(line) > LINE_MAX or "\n" in line or "\r" in line:
            raise InvalidInput(f"Dòng chữ của hình ảnh chữ ký phải là một dòng, tối đa {LINE_MAX} ký tự.")
    return lines


def _checked_image(data: bytes) -> Image.Image:
    """The PNG, refused when it is not one, or too large to be a signature or a seal (a decompression bomb)."""
    if len(data) > IMAGE_MAX_BYTES or not data.startswith(PNG_SIGNATURE):
        raise InvalidInput("Ảnh chữ ký hoặc con dấu phải là tệp PNG nền trong suốt, tối đa 2 MB.")
    try:
        image = Image.open(io.BytesIO(data))
        if image.width * image.height > IMAGE_MAX_PIXELS:
            raise InvalidInput("Ảnh chữ ký hoặc con dấu quá lớn (tối đa 4000 × 4000 điểm ảnh).")
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise InvalidInput("Ảnh chữ ký hoặc con dấu không đọc được như một tệp PNG.") from exc
    return image if image.mode in ("RGB", "RGBA", "L", "LA") else image.convert("RGBA")
