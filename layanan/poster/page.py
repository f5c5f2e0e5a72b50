"""What both posters share: fonts, type styles, the QR code, the unit header and the A4 document.

The fonts are Bitstream Vera Sans, which ReportLab ships inside its own package (with its
licence, `reportlab/fonts/bitstream-vera-license.txt`: free to use and redistribute, also
embedded). They cover basic Latin, Latin-1 and the punctuation Indonesian text uses
(– — “ ” ‘ ’ • …), and every PDF embeds the subset it uses (FontFile2), so a poster
prints the same on any machine.

Output is reproducible byte for byte: the document is made in ReportLab's invariant mode
(fixed dates, the document ID a digest of the content) and holds nothing that changes from run
to run.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
import segno
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Spacer
from reportlab.platypus.flowables import HRFlowable

from layanan import formatting
from layanan.model import JamLayanan, TidakDiketahui, Unit

FONT = "LayananSans"
FONT_BOLD = "LayananSans-Bold"
FONT_ITALIC = "LayananSans-Italic"
FONT_BOLD_ITALIC = "LayananSans-BoldItalic"
_FONT_FILES = {FONT: "Vera.ttf", FONT_BOLD: "VeraBd.ttf", FONT_ITALIC: "VeraIt.ttf", FONT_BOLD_ITALIC: "VeraBI.ttf"}

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#4d4d4d")
ACCENT = colors.HexColor("#0b3a66")  # dark blue: stays dark on a black-and-white printer
TINT = colors.HexColor("#e6eef6")
WARNING = colors.HexColor("#8a1c00")

MARGIN = 12 * mm
FOOTER_SPACE = 6 * mm
CONTENT_WIDTH = A4[0] - 2 * MARGIN


def register_fonts() -> None:
    """Register the four Vera faces under our names (once per process)."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = Path(reportlab.__file__).parent / "fonts"
    for name, filename in _FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC)


def style(name: str, size: float, *, bold: bool = False, italic: bool = False, leading: float | None = None,
          color: colors.Color = INK, **kwargs: object) -> ParagraphStyle:
    font = {(False, False): FONT, (True, False): FONT_BOLD,
            (False, True): FONT_ITALIC, (True, True): FONT_BOLD_ITALIC}[(bold, italic)]
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading or size * 1.25,
                          textColor=color, bulletFontSize=size, **kwargs)


STYLES = {
    "hierarchy": style("hierarchy", 7.5, color=MUTED),
    "unit": style("unit", 13, bold=True, color=ACCENT, spaceBefore=1),
    "contact": style("contact", 8, color=MUTED, spaceBefore=1),
    "kicker": style("kicker", 9, bold=True, color=MUTED, spaceBefore=6),
    "title": style("title", 19, bold=True, color=ACCENT, leading=23, spaceAfter=3),
    "heading": style("heading", 10.5, bold=True, color=ACCENT, spaceBefore=5, spaceAfter=1.5),
    "subheading": style("subheading", 8.5, bold=True, leading=10.5, spaceBefore=2),
    "body": style("body", 8.5, leading=10.5),
    "paragraph": style("paragraph", 8.5, leading=10.5, spaceAfter=3),
    "small": style("small", 7, color=MUTED, leading=8.5),
    "note": style("note", 7, color=MUTED, leading=8.5, leftIndent=12),
    "step": style("step", 8.5, leading=10.5, leftIndent=18, bulletIndent=1, bulletFontName=FONT_BOLD),
    "bullet": style("bullet", 8.5, leading=10.5, leftIndent=12, bulletIndent=2, bulletFontName=FONT),
    "unknown": style("unknown", 8.5, italic=True, color=MUTED, leading=10.5),
    "box_label": style("box_label", 8, bold=True, color=ACCENT),
    "box_channel": style("box_channel", 8.5, color=MUTED, spaceBefore=3),
    "box_value": style("box_value", 18, bold=True, leading=21),
    "box_value_small": style("box_value_small", 12, bold=True, leading=14.5),
    "box_unknown": style("box_unknown", 11, italic=True, color=MUTED, leading=13),
    "box_note": style("box_note", 7.5, color=MUTED, leading=9.5),
    "qr_label": style("qr_label", 8.5, bold=True, alignment=TA_CENTER, leading=10.5),
    "qr_url": style("qr_url", 6.5, alignment=TA_CENTER, leading=8, color=MUTED),
    "warning": style("warning", 10, bold=True, color=WARNING, spaceBefore=2, spaceAfter=2),
    "maklumat_title": style("maklumat_title", 24, bold=True, color=ACCENT, alignment=TA_CENTER, leading=30,
                            spaceBefore=14, spaceAfter=14),
    "maklumat_text": style("maklumat_text", 12.5, leading=18, spaceAfter=8),
    "signature": style("signature", 11, leading=15, alignment=TA_RIGHT),
}


def text(value: object) -> str:
    """A value from a standard, safe inside a Paragraph's markup."""
    return escape(" ".join(str(value).split()))


def unknown_text(value: TidakDiketahui) -> str:
    return f"Belum dipublikasikan ({text(value.tidak_diketahui)})."


def value_or_unknown(value: object) -> str:
    return "<i>belum dipublikasikan</i>" if isinstance(value, TidakDiketahui) else text(value)


def paragraphs(body: str, paragraph_style: ParagraphStyle) -> list[Paragraph]:
    """Text whose paragraphs are separated by a blank line, one Paragraph each."""
    blocks = [" ".join(block.split()) for block in body.replace("\r\n", "\n").split("\n\n")]
    return [Paragraph(text(block), paragraph_style) for block in blocks if block]


def hours(slots: Sequence[JamLayanan] | TidakDiketahui, unit: Unit) -> str:
    if isinstance(slots, TidakDiketahui):
        return "<i>belum dipublikasikan</i>"
    return "; ".join(f"{text(slot.hari)} {slot.buka}–{slot.tutup}" for slot in slots) + f" {unit.zona_waktu.value}"


def unit_header(unit: Unit) -> list[Flowable]:
    """The office at the top of every poster: its place in the hierarchy, name, address, contacts."""
    address = unit.alamat
    contacts = [f"{text(address.jalan)}, {text(address.kabupaten_kota)}, {text(address.provinsi)} {address.kode_pos}"]
    contacts += [f"Telp. {text(phone)}" for phone in unit.telepon]
    if not isinstance(unit.email, TidakDiketahui):
        contacts.append(f"Email {text(unit.email)}")
    if unit.situs_web:
        contacts.append(text(unit.situs_web))
    contacts.append(f"Jam layanan: {hours(unit.jam_layanan, unit)}")
    return [
        Paragraph(" › ".join(text(level) for level in unit.hierarki), STYLES["hierarchy"]),
        Paragraph(text(unit.nama), STYLES["unit"]),
        Paragraph(" · ".join(contacts), STYLES["contact"]),
        Spacer(1, 2 * mm),
        HRFlowable(width="100%", thickness=1.6, color=ACCENT, spaceAfter=1 * mm),
    ]


class QRCode(Flowable):
    """A QR code drawn as vector rectangles (one per run of dark modules), with its quiet zone."""

    def __init__(self, content: str, size: float) -> None:
        super().__init__()
        self.content = content
        self.size = size
        self.matrix = segno.make(content, error="m", micro=False).matrix

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        """One 're' operator per horizontal run of dark modules, in module units (whole numbers, so
        the stream is short and exact), scaled to the code's size."""
        quiet = 4
        count = len(self.matrix)
        runs = []
        for row_index, row in enumerate(self.matrix):
            y = count + quiet - row_index - 1
            column = 0
            while column < count:
                if not row[column]:
                    column += 1
                    continue
                start = column
                while column < count and row[column]:
                    column += 1
                runs.append(f"{quiet + start} {y} {column - start} 1 re")
        self.canv.saveState()
        self.canv.scale(self.size / (count + 2 * quiet), self.size / (count + 2 * quiet))
        self.canv.setFillColor(colors.black)
        self.canv.addLiteral("\n".join(runs) + "\nf")
        self.canv.restoreState()


_URL_BREAKS = "/?&=-._"


def wrapped_url(url: str, paragraph_style: ParagraphStyle, width: float) -> str:
    """The URL as Paragraph markup, broken into lines after '/', '?', '&' … so that every character
    is printed (a URL has no spaces at which a Paragraph could break it)."""
    def fits(candidate: str) -> bool:
        return stringWidth(candidate, paragraph_style.fontName, paragraph_style.fontSize) <= width

    lines: list[str] = []
    rest = url
    while rest and not fits(rest):
        cut = 0
        for index in range(1, len(rest)):
            if not fits(rest[:index]):
                break
            if rest[index - 1] in _URL_BREAKS:
                cut = index
        if cut == 0:  # no break point fits: break where the width ends
            cut = max(1, next((i - 1 for i in range(1, len(rest) + 1) if not fits(rest[:i])), len(rest)))
        lines.append(rest[:cut])
        rest = rest[cut:]
    lines.append(rest)
    return "<br/>".join(escape(line) for line in lines if line)


def qr_block(label: str, url: str, width: float, size: float = 34 * mm) -> list[Flowable]:
    """A labelled QR code with its URL printed beneath, centred in `width`."""
    code = QRCode(url, size)
    code.hAlign = "CENTER"
    return [
        Paragraph(text(label), STYLES["qr_label"]),
        code,
        Paragraph(wrapped_url(url, STYLES["qr_url"], width - 2 * mm), STYLES["qr_url"]),
    ]


def tanggal(value: object) -> str:
    if isinstance(value, TidakDiketahui):
        return "<i>belum dipublikasikan</i>"
    return text(formatting.tanggal(value))  # type: ignore[arg-type]


def _page_canvas(footer: str) -> type[Canvas]:
    """A canvas that writes the footer, with 'Halaman n dari m', once the page count is known."""

    class PageCanvas(Canvas):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, object]] = []

        def showPage(self) -> None:  # noqa: N802 - ReportLab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self.setFont(FONT, 7)
                self.setFillColor(MUTED)
                self.drawString(MARGIN, MARGIN, footer)
                self.drawRightString(A4[0] - MARGIN, MARGIN, f"Halaman {number} dari {total}")
                super().showPage()
            super().save()

    return PageCanvas


def build_pdf(story: Iterable[Flowable], *, title: str, author: str, subject: str, footer: str) -> bytes:
    """An A4 PDF of `story` (made with the fonts of `register_fonts`), the same bytes for the same input."""
    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + FOOTER_SPACE,
        title=title,
        author=author,
        subject=subject,
        creator="layanan",
        producer="layanan (ReportLab)",
        invariant=1,
        lang="id-ID",
        initialFontName=FONT,  # else ReportLab lists Helvetica, which is not embedded
        displayDocTitle=1,
    )
    frame = Frame(document.leftMargin, document.bottomMargin, document.width, document.height,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="isi")
    document.addPageTemplates([PageTemplate(id="A4", frames=[frame])])
    document.build(list(story), canvasmaker=_page_canvas(footer))
    return buffer.getvalue()
