"""The A4 Maklumat Pelayanan of a unit: its signed public declaration (UU 25/2009 Pasal 15)."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer

from layanan.model import Maklumat, TidakDiketahui, Unit
from layanan.poster.page import (
    CONTENT_WIDTH,
    STYLES,
    build_pdf,
    paragraphs,
    qr_block,
    register_fonts,
    tanggal,
    text,
    unit_header,
)


def poster_maklumat(unit: Unit, *, unit_id: str, page_url: str) -> bytes:
    """The unit's Maklumat Pelayanan as an A4 PDF; the same input gives the same bytes."""
    register_fonts()
    story: list[Flowable] = [*unit_header(unit), Paragraph("MAKLUMAT PELAYANAN", STYLES["maklumat_title"])]
    maklumat = unit.maklumat
    if isinstance(maklumat, TidakDiketahui):
        story += [
            Paragraph("Maklumat Pelayanan belum dipublikasikan.", STYLES["maklumat_text"]),
            Paragraph(f"Alasan: {text(maklumat.tidak_diketahui)}.", STYLES["body"]),
        ]
    else:
        story += paragraphs(maklumat.teks, STYLES["maklumat_text"])
        story.append(KeepTogether([Spacer(1, 6 * mm), *_signature(maklumat)]))
    story += [CondPageBreak(60 * mm), Spacer(1, 10 * mm),
              *qr_block("Standar pelayanan unit ini (online)", page_url, CONTENT_WIDTH, size=38 * mm)]
    return build_pdf(
        story,
        title=f"Maklumat Pelayanan — {unit.nama}",
        author=unit.nama,
        subject=f"Maklumat Pelayanan {unit.nama} ({unit_id})",
        footer=f"Maklumat Pelayanan · {unit.singkatan or unit.nama}",
    )


def _signature(maklumat: Maklumat) -> list[Flowable]:
    """Date, office and name, right-aligned as under a signed letter; what is not published says so."""
    style = STYLES["signature"]
    date = maklumat.tanggal
    lines: list[Flowable] = [Paragraph(
        "Tanggal: <i>belum dipublikasikan</i>" if isinstance(date, TidakDiketahui) else tanggal(date), style)]
    signer = maklumat.penandatangan
    if isinstance(signer, TidakDiketahui):
        lines.append(Paragraph("Penandatangan: <i>belum dipublikasikan</i>", style))
    else:
        lines += [Paragraph(text(signer.jabatan), style), Spacer(1, 8 * mm),
                  Paragraph(f"<b>{text(signer.nama)}</b>", style)]
    return lines
