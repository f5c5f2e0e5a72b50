"""The sections of a unit's profile and Maklumat (layanan.model.Unit)."""

from __future__ import annotations

from forms_app.editor.forms.sections import Section
from forms_app.editor.forms.service import DATE_HINT, sk_group, text_list
from forms_app.editor.forms.widgets import Choice, Duration, Group, Items, Text, Unknown
from layanan.model import ZonaWaktu

IDENTITAS = Section("identitas", "Identitas dan penetapan", (
    Text("nama", "Nama unit", "Nama lengkap unit layanan.", required=True),
    Text("singkatan", "Singkatan", "Nama pendek, dipakai pada jejak halaman. Kosongkan bila tidak ada."),
    Unknown(Text("versi", "Label versi", "Label versi profil dan Maklumat ini, misalnya 2025.", required=True,
                 width="sedang")),
    sk_group(),
    Text("ringkasan_perubahan", "Ringkasan perubahan",
         "Apa yang berubah dari versi sebelumnya, satu atau dua kalimat; wajib mulai versi 2.", multiline=True),
    text_list("hierarki", "Hierarki instansi", "instansi",
              "Instansi di atas unit ini, dari yang tertinggi; katalog mengelompokkan unit menurut daftar ini."),
    Items("jalur_organisasi", "Jalur organisasi", Text(None, "Jalur", required=True), "jalur",
          "Seperti tertulis pada standar yang dipublikasikan. Boleh kosong.", optional=True),
    Text("sumber", "Sumber", "Dari mana data ini diambil: alamat halaman atau nama dokumen."),
), intro="Tanggal mulai berlaku dipilih saat menerbitkan.", also=("berlaku_sejak",))

ALAMAT = Section("alamat", "Alamat dan kontak", (
    Group("alamat", "Alamat kantor", [
        Text("jalan", "Jalan", "Nama jalan, nomor, dan gedung atau kompleks.", required=True,
             autocomplete="street-address"),
        Text("kabupaten_kota", "Kabupaten atau kota", required=True),
        Text("provinsi", "Provinsi", required=True),
        Text("kode_pos", "Kode pos", "Lima angka, misalnya 75776.", required=True, width="sedang",
             inputmode="numeric"),
    ]),
    Items("telepon", "Nomor telepon", Text(None, "Nomor telepon", "Dengan kode wilayah, misalnya (0545) 4046036.",
                                           required=True, input_type="tel", width="sedang"),
          "nomor telepon", optional=True),
    Unknown(Text("email", "Email", "Alamat email unit, misalnya pst6407@bps.go.id.", required=True,
                 input_type="email")),
    Text("situs_web", "Situs web", "Alamat lengkap dengan https://. Kosongkan bila tidak ada.", input_type="url"),
    Choice("zona_waktu", "Zona waktu", [(zone.value, f"{zone.value} (UTC+{zone.utc_offset_hours})")
                                        for zone in ZonaWaktu], radios=True),
))

JAM = Section("jam", "Jam layanan", (
    Unknown(Items("jam_layanan", "Jam layanan", Group(None, "Baris", [
        Text("hari", "Hari", "Misalnya 'Senin–Kamis', 'Senin s.d. Jumat', atau 'Sabtu'.", required=True),
        Text("buka", "Jam buka", "JJ.MM, misalnya 08.00.", required=True, width="sedang", inputmode="decimal"),
        Text("tutup", "Jam tutup", "JJ.MM, misalnya 15.30.", required=True, width="sedang", inputmode="decimal"),
    ]), "baris jam", "Jam pada zona waktu unit. Hari dengan jam berbeda ditulis pada baris sendiri.")),
))

MAKLUMAT = Section("maklumat", "Maklumat Pelayanan", (
    Unknown(Group("maklumat", "Maklumat Pelayanan", [
        Text("teks", "Teks maklumat", "Paragraf dipisahkan satu baris kosong.", required=True, multiline=True),
        Unknown(Group("penandatangan", "Penandatangan", [
            Text("nama", "Nama penandatangan", required=True),
            Text("jabatan", "Jabatan penandatangan", required=True),
        ])),
        Unknown(Text("tanggal", "Tanggal maklumat", DATE_HINT, required=True, input_type="date",
                     width="tanggal")),
    ]), "Pernyataan unit bahwa ia melayani sesuai standar (UU 25/2009 Pasal 15)."),
))

PENGADUAN = Section("pengaduan", "Pengelola dan tenggat pengaduan", (
    Unknown(Group("pengelola_pengaduan", "Pengelola pengaduan", [
        Text("nama", "Nama petugas atau bagian", required=True),
        Text("alamat", "Alamat tempat pengaduan diterima", required=True),
    ]), "Nama dan alamat pengelola pengaduan (UU 25/2009 Pasal 36)."),
    Unknown(Items("tenggat_pengaduan", "Tenggat penanganan pengaduan", Group(None, "Tahap", [
        Text("tahap", "Nama tahap", required=True),
        Duration("waktu", "Jangka waktu", "Angka dan satuan: menit, jam, hari, atau hari kerja."),
    ]), "tahap"), "Tahap penanganan dan jangka waktu masing-masing; formulir pengaduan menjanjikan ini."),
))

SECTIONS = (IDENTITAS, ALAMAT, JAM, MAKLUMAT, PENGADUAN)
