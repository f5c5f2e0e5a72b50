"""The poster of one service standard, as offices hang it at the service location.

From the top: the unit, the service's name, completion time and fee in two large boxes, the six
service-delivery components in the regulation's order (Permenpan RB 15/2014), the unit's
Maklumat Pelayanan, then the version and SK beside two QR codes (the page online, the
complaint form). Long procedures flow onto a second page; nothing is cut off.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from layanan import formatting
from layanan.model import (
    PENYAMPAIAN,
    Biaya,
    Layanan,
    Maklumat,
    Pengaduan,
    Saluran,
    Tarif,
    TidakDiketahui,
    Unit,
    WaktuSaluran,
)
from layanan.poster.page import (
    ACCENT,
    CONTENT_WIDTH,
    FONT,
    STYLES,
    TINT,
    build_pdf,
    paragraphs,
    qr_block,
    register_fonts,
    tanggal,
    text,
    unit_header,
    unknown_text,
    value_or_unknown,
)

BOX_TARIFFS = 4
"""Tariffs shown in the fee box; the rest are listed in component 4."""

HEADINGS = {field: f"{number}. {label}" for number, (field, label) in enumerate(PENYAMPAIAN, start=1)}


def poster_layanan(unit: Unit, layanan: Layanan, *, unit_id: str, service_id: str, page_url: str,
                   complaint_url: str, version_label: str) -> bytes:
    """The A4 poster (PDF bytes) of `layanan`, offered by `unit`; the same input gives the same bytes."""
    register_fonts()
    story: list[Flowable] = [
        *unit_header(unit),
        Paragraph(f"STANDAR PELAYANAN · {text(version_label)}", STYLES["kicker"]),
        Paragraph(text(layanan.nama), STYLES["title"]),
    ]
    if layanan.contoh:
        story.append(Paragraph(
            "DATA CONTOH — bukan standar pelayanan yang ditetapkan oleh unit ini.", STYLES["warning"]))
    story += [_summary_band(layanan, page_url, complaint_url), Spacer(1, 1 * mm)]
    story += _component("persyaratan", _requirements(layanan))
    story += _component("prosedur", _procedures(layanan))
    story += _component("waktu_penyelesaian", _times(layanan))
    story += _component("biaya", _fees(layanan.biaya))
    story += _component("produk", _list_or_unknown(layanan.produk))
    story += _component("pengaduan", _complaints(layanan.pengaduan, unit))
    story += _maklumat(unit.maklumat)
    story.append(_adoption(layanan, version_label))
    return build_pdf(
        story,
        title=f"{layanan.nama} — Standar Pelayanan {unit.nama}",
        author=unit.nama,
        subject=f"Standar pelayanan {layanan.nama}, {version_label} ({unit_id}/{service_id})",
        footer=f"Standar Pelayanan · {layanan.nama} · {unit.singkatan or unit.nama} · {version_label}",
    )


def _component(field: str, body: list[Flowable]) -> list[Flowable]:
    heading = Paragraph(HEADINGS[field], STYLES["heading"])
    return [KeepTogether([heading, *body[:2]]), *body[2:]]  # never a heading alone at a page's foot


def _unknown(value: TidakDiketahui) -> list[Flowable]:
    return [Paragraph(unknown_text(value), STYLES["unknown"])]


def _list_or_unknown(items: list[str] | TidakDiketahui) -> list[Flowable]:
    if isinstance(items, TidakDiketahui):
        return _unknown(items)
    return [Paragraph(text(item), STYLES["bullet"], bulletText="•") for item in items]


def _channel(channel: Saluran) -> Paragraph:
    return Paragraph(text(channel.label), STYLES["subheading"])


def _requirements(layanan: Layanan) -> list[Flowable]:
    if isinstance(layanan.persyaratan, TidakDiketahui):
        return _unknown(layanan.persyaratan)
    if not layanan.persyaratan:
        return [Paragraph("Tidak ada persyaratan yang dicantumkan.", STYLES["body"])]
    body: list[Flowable] = []
    for channel, items in layanan.persyaratan.items():
        body += [_channel(channel), *_list_or_unknown(items)]
    return body


def _procedures(layanan: Layanan) -> list[Flowable]:
    if isinstance(layanan.prosedur, TidakDiketahui):
        return _unknown(layanan.prosedur)
    body: list[Flowable] = []
    for channel, procedure in layanan.prosedur.items():
        body.append(_channel(channel))
        if isinstance(procedure, TidakDiketahui):
            body += _unknown(procedure)
            continue
        body += [Paragraph(text(step), STYLES["step"], bulletText=f"{number}.")
                 for number, step in enumerate(procedure.langkah, start=1)]
    return body


def _time_line(entry: WaktuSaluran) -> str:
    line = f"<b>{text(formatting.durasi(entry.waktu))}</b>"
    return line + (f" {text(entry.keterangan)}" if entry.keterangan else "")


def _times(layanan: Layanan) -> list[Flowable]:
    times = layanan.waktu_penyelesaian
    if isinstance(times, TidakDiketahui):
        return _unknown(times)
    body: list[Flowable] = []
    for channel, entry in times.items():
        label = f"<b>{text(channel.label)}:</b> "
        if isinstance(entry, TidakDiketahui):
            body.append(Paragraph(label + f"<i>{unknown_text(entry)}</i>", STYLES["bullet"], bulletText="•"))
            continue
        body.append(Paragraph(label + _time_line(entry), STYLES["bullet"], bulletText="•"))
        if entry.tertulis:
            note = f"Tertulis pada standar yang dipublikasikan: “{text(entry.tertulis)}”."
            if entry.tafsiran:
                note += " Cara membacanya dijelaskan pada halaman online."
            body.append(Paragraph(note, STYLES["note"]))
    return body


def _tariff(tarif: Tarif) -> str:
    amount = f"{text(tarif.uraian)}: <b>{text(formatting.rupiah(tarif.jumlah))}</b>"
    return amount + (f" {text(tarif.satuan)}" if tarif.satuan else "")


def _fees(biaya: Biaya | TidakDiketahui) -> list[Flowable]:
    if isinstance(biaya, TidakDiketahui):
        return _unknown(biaya)
    if biaya.gratis:
        body: list[Flowable] = [Paragraph("<b>Gratis</b> — tidak dipungut biaya.", STYLES["body"])]
    else:
        body = [Paragraph(_tariff(tarif), STYLES["bullet"], bulletText="•") for tarif in biaya.tarif]
        body.append(Paragraph(f"Dasar hukum tarif: {text(biaya.dasar_hukum)}.", STYLES["body"]))
    if biaya.tertulis and not (biaya.gratis and biaya.tertulis.casefold() == "tidak dipungut biaya"):
        body.append(Paragraph(f"Tertulis pada standar yang dipublikasikan: “{text(biaya.tertulis)}”.",
                              STYLES["small"]))
    return body


def _complaints(pengaduan: Pengaduan | TidakDiketahui, unit: Unit) -> list[Flowable]:
    bullet = STYLES["bullet"]
    if isinstance(pengaduan, TidakDiketahui):
        body: list[Flowable] = [Paragraph(f"Saluran pengaduan: <i>{unknown_text(pengaduan)}</i>", bullet,
                                          bulletText="•")]
    else:
        body = []
        for channel in pengaduan.saluran:
            line = f"<b>{text(channel.jenis.label)}</b>"
            if channel.alamat:
                line += f": {text(channel.alamat)}"
            if channel.tertulis and channel.tertulis != channel.jenis.label:
                line += f" (tertulis: “{text(channel.tertulis)}”)"
            body.append(Paragraph(line, bullet, bulletText="•"))
    body.append(Paragraph("<b>Formulir online:</b> pindai kode QR “Formulir pengaduan” di bagian atas poster ini; "
                          "setiap kiriman mendapat kode untuk melacak tanggapannya.", bullet, bulletText="•"))
    handler = unit.pengelola_pengaduan
    handler_text = (value_or_unknown(handler) if isinstance(handler, TidakDiketahui)
                    else f"{text(handler.nama)}, {text(handler.alamat)}")
    body.append(Paragraph(f"<b>Pengelola pengaduan:</b> {handler_text}", bullet, bulletText="•"))
    stages = unit.tenggat_pengaduan
    stages_text = (value_or_unknown(stages) if isinstance(stages, TidakDiketahui)
                   else "; ".join(f"{text(s.tahap)} paling lama {text(formatting.durasi(s.waktu))}" for s in stages))
    body.append(Paragraph(f"<b>Tahap penanganan:</b> {stages_text}", bullet, bulletText="•"))
    return body


def _maklumat(maklumat: Maklumat | TidakDiketahui) -> list[Flowable]:
    heading = Paragraph("Maklumat Pelayanan", STYLES["heading"])
    if isinstance(maklumat, TidakDiketahui):
        return [KeepTogether([heading, Paragraph(
            f"Maklumat Pelayanan belum dipublikasikan ({text(maklumat.tidak_diketahui)}).", STYLES["unknown"])])]
    body = paragraphs(maklumat.teks, STYLES["paragraph"])
    signer = maklumat.penandatangan
    signed = ("penandatangan <i>belum dipublikasikan</i>" if isinstance(signer, TidakDiketahui)
              else f"{text(signer.nama)}, {text(signer.jabatan)}")
    body.append(Paragraph(f"— {signed}; tanggal {tanggal(maklumat.tanggal)}", STYLES["small"]))
    return [KeepTogether([heading, *body[:2]]), *body[2:]]


def _box_times(layanan: Layanan) -> list[Flowable]:
    cell: list[Flowable] = [Paragraph("JANGKA WAKTU PENYELESAIAN", STYLES["box_label"])]
    times = layanan.waktu_penyelesaian
    if isinstance(times, TidakDiketahui):
        return [*cell, Paragraph("belum dipublikasikan", STYLES["box_unknown"])]
    for channel, entry in times.items():
        cell.append(Paragraph(text(channel.label), STYLES["box_channel"]))
        if isinstance(entry, TidakDiketahui):
            cell.append(Paragraph("belum dipublikasikan", STYLES["box_unknown"]))
            continue
        cell.append(Paragraph(text(formatting.durasi(entry.waktu)), STYLES["box_value"]))
        if entry.keterangan:
            cell.append(Paragraph(text(entry.keterangan), STYLES["box_note"]))
    return cell


def _box_fee(biaya: Biaya | TidakDiketahui) -> list[Flowable]:
    cell: list[Flowable] = [Paragraph("BIAYA/TARIF", STYLES["box_label"])]
    if isinstance(biaya, TidakDiketahui):
        return [*cell, Paragraph("belum dipublikasikan", STYLES["box_unknown"])]
    if biaya.gratis:
        return [*cell, Spacer(1, 3), Paragraph("GRATIS", STYLES["box_value"]),
                Paragraph("Tidak dipungut biaya", STYLES["box_channel"])]
    for tarif in biaya.tarif[:BOX_TARIFFS]:
        label = text(tarif.uraian) + (f" ({text(tarif.satuan)})" if tarif.satuan else "")
        cell += [Paragraph(label, STYLES["box_channel"]),
                 Paragraph(text(formatting.rupiah(tarif.jumlah)), STYLES["box_value_small"])]
    hidden = len(biaya.tarif) - BOX_TARIFFS
    if hidden > 0:
        cell.append(Paragraph(f"dan {hidden} tarif lain: lihat bagian 4", STYLES["box_note"]))
    return cell


def _box_style(*cells: int) -> list[tuple[object, ...]]:
    style: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),  # for the empty gap cells: ReportLab's default is not embedded
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2.5 * mm),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2.5 * mm),
        ("TOPPADDING", (0, 0), (-1, -1), 2 * mm),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5 * mm),
    ]
    for column in cells:
        style += [("BACKGROUND", (column, 0), (column, 0), TINT), ("BOX", (column, 0), (column, 0), 1.2, ACCENT)]
    return style


def _summary_band(layanan: Layanan, page_url: str, complaint_url: str) -> Table:
    """Completion time and fee in two boxes, then the QR codes of the page and of the complaint form."""
    gap = 3 * mm
    qr_width = 40 * mm
    time_width = 54 * mm
    fee_width = CONTENT_WIDTH - time_width - 2 * qr_width - 3 * gap
    table = Table(
        [[_box_times(layanan), "", _box_fee(layanan.biaya), "",
          qr_block("Halaman online", page_url, qr_width, size=30 * mm), "",
          qr_block("Formulir pengaduan", complaint_url, qr_width, size=30 * mm)]],
        colWidths=[time_width, gap, fee_width, gap, qr_width - gap / 2, gap / 2, qr_width],
    )
    table.setStyle(TableStyle([
        *_box_style(0, 2),
        ("LEFTPADDING", (4, 0), (-1, 0), 0),
        ("RIGHTPADDING", (4, 0), (-1, 0), 0),
    ]))
    return table


def _adoption(layanan: Layanan, version_label: str) -> KeepTogether:
    """The version and the SK that adopted it; what is not published says so."""
    facts = [
        f"<b>Versi:</b> {text(version_label)}",
        f"<b>Berlaku sejak:</b> {tanggal(layanan.berlaku_sejak)}",
        f"<b>Nomor SK:</b> {value_or_unknown(layanan.sk.nomor)}",
        f"<b>Tanggal SK:</b> {tanggal(layanan.sk.tanggal)}",
        f"<b>Ditetapkan oleh:</b> {value_or_unknown(layanan.sk.penandatangan)}",
    ]
    return KeepTogether([Paragraph("Penetapan", STYLES["heading"]), Paragraph(" · ".join(facts), STYLES["body"])])
