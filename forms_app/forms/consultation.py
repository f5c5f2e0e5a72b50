"""The consultation request: the online channel of a consultation service."""

from __future__ import annotations

from wtforms import BooleanField, RadioField, StringField, TextAreaField

from forms_app.forms.base import (
    PHONE,
    AbuseFields,
    BaseForm,
    at_most,
    between,
    chosen,
    email_address,
    optional,
    options,
    required,
    required_when,
    ticked,
)

USER_CATEGORIES = [
    ("pelajar_mahasiswa", "Pelajar atau mahasiswa"),
    ("peneliti_dosen", "Peneliti atau dosen"),
    ("asn_tni_polri", "ASN, TNI, atau Polri"),
    ("bumn_bumd", "Pegawai BUMN atau BUMD"),
    ("swasta", "Pegawai swasta"),
    ("wiraswasta", "Wiraswasta"),
    ("lainnya", "Lainnya"),
]

# What a statistical consultation answers, as the standard's product lists it:
# "Jasa konsultasi informasi (data/metadata/klasifikasi/Rekomendasi) statistik".
TOPICS = [
    ("data", "Data statistik", "Angka atau tabel yang Anda cari, dan di mana mendapatkannya"),
    ("metadata", "Metadata statistik", "Konsep, definisi, dan metode di balik suatu data"),
    ("klasifikasi", "Klasifikasi statistik", "Misalnya KBLI untuk lapangan usaha atau KBJI untuk jabatan"),
    ("rekomendasi", "Rekomendasi kegiatan statistik",
     "Untuk instansi yang akan menyelenggarakan survei sendiri"),
]

REPLY_CHANNELS = [
    ("email", "Email"),
    ("telepon", "Telepon atau WhatsApp"),
]

QUESTION_MIN, QUESTION_MAX = 10, 4000


class ConsultationForm(AbuseFields, BaseForm):
    topik = RadioField("Apa yang ingin Anda konsultasikan?", choices=options(TOPICS),
                       validators=[chosen("topik konsultasi")])
    pertanyaan = TextAreaField("Pertanyaan Anda", validators=[
        required("pertanyaan Anda"), between("pertanyaan", QUESTION_MIN, QUESTION_MAX)])
    nama = StringField("Nama lengkap", validators=[required("nama lengkap Anda"), at_most("nama", 100)])
    # What is required follows the channel of the reply: an email address for an answer by email,
    # a phone number for one by telephone or WhatsApp; the other is optional (checked when given).
    email = StringField("Alamat email", validators=[
        required_when(lambda form: form.saluran_balasan.data == "email",
                      "Isi alamat email Anda, atau pilih jawaban melalui telepon atau WhatsApp"),
        optional(), *email_address()])
    telepon = StringField("Nomor telepon", validators=[
        required_when(lambda form: form.saluran_balasan.data == "telepon",
                      "Isi nomor telepon, karena Anda memilih jawaban melalui telepon atau WhatsApp"),
        optional(), at_most("nomor telepon", 20), PHONE])
    kategori_pengguna = RadioField("Pekerjaan atau instansi Anda", choices=options(USER_CATEGORIES),
                                   validators=[chosen("pekerjaan atau instansi Anda")])
    saluran_balasan = RadioField("Jawaban dikirim melalui", choices=options(REPLY_CHANNELS), default="email",
                                 validators=[chosen("cara jawaban dikirim")])
    persetujuan = BooleanField("Saya telah membaca pemberitahuan di atas dan setuju data saya diproses "
                               "untuk menjawab permintaan konsultasi ini",
                               validators=[ticked("persetujuan Anda — tanpa persetujuan, permintaan tidak "
                                                  "dapat diproses; Anda juga dapat datang langsung")])
