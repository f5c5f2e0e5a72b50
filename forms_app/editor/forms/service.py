"""The sections of a service's standard (layanan.model.Layanan), in the order of the regulation:
identity and adoption, the six service-delivery components, the eight management components."""

from __future__ import annotations

from forms_app.editor.forms.sections import Section
from forms_app.editor.forms.widgets import (
    Channels,
    Choice,
    Duration,
    Flag,
    Group,
    Items,
    Reveal,
    Text,
    Unknown,
    YesNo,
)
from layanan.model import PENGELOLAAN, JenisSaluranPengaduan

DATE_HINT = "Tanggal dalam bentuk TTTT-BB-HH, misalnya 2024-01-02."


def sk_group() -> Group:
    """The decree that adopts a version: number, date, signer, each known or not yet known."""
    return Group("sk", "Surat Keputusan (SK) penetapan", [
        Unknown(Text("nomor", "Nomor SK", required=True)),
        Unknown(Text("tanggal", "Tanggal SK", DATE_HINT, required=True, input_type="date", width="tanggal")),
        Unknown(Text("penandatangan", "Penandatangan SK", "Jabatan yang menandatangani SK.", required=True)),
    ])


def text_list(key: str, label: str, noun: str, hint: str | None = None) -> Items:
    return Items(key, label, Text(None, noun.capitalize(), required=True), noun, hint)


IDENTITAS = Section("identitas", "Identitas dan penetapan", (
    Text("nama", "Nama layanan", "Dua layanan satu unit tidak boleh bernama sama.", required=True),
    Unknown(Text("versi", "Label versi", "Label versi atau tahun standar, misalnya 2025.", required=True,
                 width="sedang")),
    sk_group(),
    Text("ringkasan_perubahan", "Ringkasan perubahan",
         "Apa yang berubah dari versi sebelumnya, satu atau dua kalimat; wajib mulai versi 2. Tampil pada "
         "riwayat versi di situs.", multiline=True),
    Text("sumber", "Sumber", "Dari mana isi standar ini diambil: alamat halaman atau nama dokumen."),
    Flag("contoh", "Data contoh, bukan standar yang ditetapkan (halamannya diberi tanda CONTOH)"),
), intro="Tanggal mulai berlaku dipilih saat menerbitkan.", also=("unit", "berlaku_sejak", "folder_baru"))

PERSYARATAN = Section("persyaratan", "Persyaratan", (
    Unknown(Channels("persyaratan", "Persyaratan per saluran",
                     Unknown(Items(None, "", Text(None, "Persyaratan", required=True), "persyaratan"))),
            "Persyaratan yang harus dipenuhi pengguna layanan, per saluran."),
))

PROSEDUR = Section("prosedur", "Sistem, mekanisme, dan prosedur", (
    Unknown(Channels("prosedur", "Prosedur per saluran",
                     Unknown(Group(None, "", [Items("langkah", "Langkah", Text(None, "Langkah", required=True),
                                                    "langkah", "Berurutan, satu langkah per isian.")]))),
            "Setiap saluran prosedur perlu waktu penyelesaiannya; saluran online membuka formulir konsultasi."),
))

WAKTU = Section("waktu", "Jangka waktu penyelesaian", (
    Unknown(Channels("waktu_penyelesaian", "Waktu penyelesaian per saluran",
                     Unknown(Group(None, "", [
                         Duration("waktu", "Jangka waktu",
                                  "Angka dan satuan: menit, jam, hari (kalender), atau hari kerja."),
                         Text("keterangan", "Keterangan", "Kapan waktu mulai dihitung, misalnya 'setelah "
                              "permintaan jelas dan lengkap'. Kosongkan bila tidak ada."),
                         Reveal([
                             Text("tertulis", "Teks asli", "Bunyi waktu penyelesaian pada standar yang "
                                  "dipublikasikan, bila berbeda dari jangka waktu di atas."),
                             Text("tafsiran", "Tafsiran", "Bagaimana teks asli dibaca; sebutkan hasilnya "
                                  "(angka dan satuan jangka waktu).", multiline=True),
                         ], "Tambahkan teks asli dan tafsirannya"),
                     ], shorthand="waktu"))),
            "Setiap saluran prosedur perlu waktu penyelesaiannya."),
))

BIAYA = Section("biaya", "Biaya/tarif", (
    Unknown(Group("biaya", "Biaya/tarif", [
        YesNo("gratis", "Biaya layanan", "Gratis (tidak dipungut biaya)", "Bertarif"),
        Items("tarif", "Tarif", Group(None, "Tarif", [
            Text("uraian", "Uraian", "Apa yang dibayar.", required=True),
            Text("jumlah", "Jumlah (rupiah)", "Angka saja, tanpa titik atau koma, misalnya 50000.",
                 required=True, width="sedang", inputmode="numeric", whole_number=True),
            Text("satuan", "Satuan", "Misalnya 'per buku'. Kosongkan bila tidak ada.", width="sedang"),
        ]), "tarif", "Wajib bila bertarif; kosongkan daftar bila gratis.", optional=True),
        Text("dasar_hukum", "Dasar hukum tarif", "Peraturan yang menetapkan tarif; wajib bila bertarif."),
        Text("tertulis", "Teks asli", "Bunyi biaya pada standar yang dipublikasikan, misalnya "
             "'Tidak dipungut biaya'. Kosongkan bila tidak ada."),
    ])),
))

PRODUK = Section("produk", "Produk pelayanan", (
    Unknown(text_list("produk", "Produk pelayanan", "produk")),
))

_CHANNEL_KINDS = [(kind.value, kind.label) for kind in JenisSaluranPengaduan]

PENGADUAN = Section("pengaduan", "Penanganan pengaduan, saran, dan masukan", (
    Unknown(Group("pengaduan", "Penanganan pengaduan", [
        Items("saluran", "Saluran pengaduan", Group(None, "Saluran", [
            Choice("jenis", "Jenis saluran", [("", "Pilih jenis saluran"), *_CHANNEL_KINDS]),
            Text("alamat", "Alamat", "Alamat email, nomor telepon dengan kode wilayah, alamat web (https://), "
                 "atau letak kotak saran; wajib kecuali untuk kotak saran dan tatap muka."),
            Text("tertulis", "Nama seperti tertulis", "Nama saluran seperti tertulis pada standar. Kosongkan "
                 "bila tidak ada."),
        ]), "saluran"),
    ])),
))

PENGELOLAAN_SECTION = Section("pengelolaan", "Komponen pengelolaan", tuple(
    Unknown(text_list(key, name, "butir")) for key, name in PENGELOLAAN
), intro="Delapan komponen pengelolaan pelayanan (Permenpan RB 15/2014): komitmen internal unit.")

SECTIONS = (IDENTITAS, PERSYARATAN, PROSEDUR, WAKTU, BIAYA, PRODUK, PENGADUAN, PENGELOLAAN_SECTION)
