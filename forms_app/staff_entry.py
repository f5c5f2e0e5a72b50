"""Staff entering a case on a citizen's behalf: a consultation asked by phone, at the desk, by
email or letter; a complaint from the suggestion box (kotak saran), by phone, email, letter or at
the desk.

The case is the same as one sent through the web form — same vocabularies, same first status,
due times and acknowledgement mail (`cases.open_case`, which counts the due time from the
channel) — plus how it reached the office (`saluran`) and who on the staff entered it
(`dicatat_oleh_id`). The entry and its audit entry are committed together.

Consent (UU 27/2022) is recorded the way the channel allows: on the phone or at the desk the
staff member reads out the notice and ticks that the citizen agreed (`lisan:<version>`); on a
letter, an email or a suggestion-box slip the sender wrote their own contact details to be
answered (`tertulis:<version>`). A slip without a name is entered as *anonim*: nothing about
its sender is stored.

A second click on "Simpan" stores nothing new: the form carries a one-time key, kept with the
case (`draf_asal`, "staf:<key>", unique as the web form's draft tokens are), and a post with a
key already used gets the case the first one stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from forms_app import audit, cases, standards, submissions, tracking
from forms_app.extensions import db
from forms_app.forms.complaint import ASPECTS, KINDS
from forms_app.forms.consultation import REPLY_CHANNELS, TOPICS, USER_CATEGORIES
from forms_app.lifecycle import Channel, Identity, Kind
from forms_app.models import Complaint, Consultation, Contact, Submission, utcnow
from forms_app.staff_models import Staff

CHANNELS: dict[Kind, tuple[Channel, ...]] = {
    Kind.konsultasi: (Channel.telepon, Channel.tatap_muka, Channel.surel, Channel.surat),
    Kind.pengaduan: (Channel.kotak_saran, Channel.telepon, Channel.tatap_muka, Channel.surel, Channel.surat),
}
"""The channels staff may enter each kind for (the web form is the citizen's own)."""

ORAL = frozenset({Channel.telepon, Channel.tatap_muka})
"""Channels where the citizen agrees aloud, to the staff member; on the others they wrote to us."""

_ATTEMPTS = 5


class EntryRefused(ValueError):
    """An entry that breaks a rule of the office; the message (Indonesian) says what to change."""


@dataclass(frozen=True)
class Sender:
    """Who sent it, as the staff member took it down; `consent`: the citizen agreed that these
    details are processed to handle the case (aloud, or by writing them to be answered)."""

    nama: str | None = None
    email: str | None = None
    telepon: str | None = None
    consent: bool = False


@dataclass(frozen=True)
class ConsultationContent:
    topik: str
    kategori_pengguna: str
    pertanyaan: str
    saluran_balasan: str


@dataclass(frozen=True)
class ComplaintContent:
    jenis_aduan: str
    aspek: str
    uraian: str
    tanggal_kejadian: dt.date
    penyelesaian: str | None
    identitas: Identity


Content = ConsultationContent | ComplaintContent


def consent_record(channel: Channel) -> str:
    """What `persetujuan_versi` holds for an entry by staff: how consent was given, and the
    version of the notice read out or published."""
    how = "lisan" if channel in ORAL else "tertulis"
    return f"{how}:{submissions.CONSENT_NOTICE_VERSION}"


ONCE_PREFIX = "staf:"


def once_key(form_key: str) -> str:
    """What `draf_asal` holds for the entry posted with `form_key`."""
    return f"{ONCE_PREFIX}{form_key}"


def enter(staff: Staff, unit_id: str, service_id: str | None, channel: Channel, content: Content,
          sender: Sender, *, once: str | None = None, address: str | None = None,
          now: dt.datetime | None = None) -> Submission:
    """Store the case entered by `staff`, opened and audited, and commit; returns it. With
    `once` (the form's one-time key), a case already stored with that key is returned instead.

    Raises EntryRefused when the entry breaks a rule (another unit, a channel the kind is not
    entered for, a sender without a name or consent)."""
    kind = Kind.konsultasi if isinstance(content, ConsultationContent) else Kind.pengaduan
    _check(staff, kind, unit_id, service_id, channel, content, sender)
    origin = once_key(once) if once else None
    stored = _stored(origin)
    if stored is not None:
        return stored
    unit = standards.catalog().units[unit_id]
    service = standards.find_service(unit_id, service_id)
    for _ in range(_ATTEMPTS):
        case = None
        try:
            with db.session.no_autoflush:
                case = _build(kind, unit_id, service_id, channel, content, sender, staff, now or utcnow())
                case.draf_asal = origin
                db.session.add(case)
                cases.open_case(case, unit, service, case.dibuat)
                audit.record(staff, "pengajuan_dicatat", target=audit.case_target(case.kode), unit_id=unit_id,
                             address=address, now=case.dibuat,
                             details={"jenis": kind.value, "saluran": channel.value,
                                      "identitas": case.identitas.value,
                                      "persetujuan": case.persetujuan_versi.split(":")[0]
                                      if case.persetujuan_versi else None})
            db.session.commit()
            return case
        except IntegrityError:
            code = case.kode if case is not None else None
            db.session.rollback()
            stored = _stored(origin)
            if stored is not None:  # the other click of a double click stored it a moment ago
                return stored
            if code is None or submissions.find(code) is None:
                raise
    raise submissions.CodeSpaceExhausted("tidak mendapat kode pelacakan yang belum dipakai")


def _stored(origin: str | None) -> Submission | None:
    return submissions.made_from_draft(origin) if origin else None


def _check(staff: Staff, kind: Kind, unit_id: str, service_id: str | None, channel: Channel,
           content: Content, sender: Sender) -> None:
    if not staff.works_for(unit_id) or unit_id not in standards.catalog().units:
        raise EntryRefused("Unit ini tidak termasuk unit tempat Anda bertugas")
    if standards.find_service(unit_id, service_id) is None:
        raise EntryRefused("Pilih layanan yang ada pada standar pelayanan unit ini")
    if channel not in CHANNELS[kind]:
        allowed = ", ".join(c.label for c in CHANNELS[kind])
        raise EntryRefused(f"{kind.label} dicatat dari saluran {allowed} — bukan {channel.label}")
    if isinstance(content, ConsultationContent):
        _one_of(content.topik, TOPICS, "topik konsultasi")
        _one_of(content.kategori_pengguna, USER_CATEGORIES, "pekerjaan atau instansi")
        _one_of(content.saluran_balasan, REPLY_CHANNELS, "cara jawaban dikirim")
        reply_to = sender.email if content.saluran_balasan == "email" else sender.telepon
        if not reply_to:
            raise EntryRefused("Isi alamat email atau nomor telepon ke mana jawabannya dikirim")
        anonymous = False
    else:
        _one_of(content.jenis_aduan, KINDS, "jenis kiriman")
        _one_of(content.aspek, ASPECTS, "bagian pelayanan")
        anonymous = content.identitas is Identity.anonim
    if not anonymous:
        if not sender.nama:
            raise EntryRefused("Isi nama pengirim, atau catat sebagai anonim bila namanya tidak ada")
        if not sender.consent:
            raise EntryRefused("Centang persetujuan pengirim atas pemrosesan datanya, atau catat sebagai anonim")


def _one_of(value: str, vocabulary: list[tuple], noun: str) -> None:
    if value not in {entry[0] for entry in vocabulary}:
        raise EntryRefused(f"Pilih {noun} dari pilihan yang tersedia")


def _build(kind: Kind, unit_id: str, service_id: str | None, channel: Channel, content: Content,
           sender: Sender, staff: Staff, now: dt.datetime) -> Submission:
    if isinstance(content, ConsultationContent):
        case: Submission = Consultation(
            topik=content.topik, kategori_pengguna=content.kategori_pengguna, pertanyaan=content.pertanyaan,
            saluran_balasan=content.saluran_balasan, identitas=Identity.biasa)
    else:
        case = Complaint(
            jenis_aduan=content.jenis_aduan, aspek=content.aspek, uraian=content.uraian,
            tanggal_kejadian=content.tanggal_kejadian, penyelesaian=content.penyelesaian or None,
            identitas=content.identitas)
    case.kode = tracking.new_code(kind)
    case.unit_id = unit_id
    case.layanan_id = service_id
    case.saluran = channel
    case.dicatat_oleh_id = staff.id
    case.dibuat = now
    if case.identitas is not Identity.anonim:
        case.kontak = Contact(nama=sender.nama, email=sender.email or None, telepon=sender.telepon or None)
        case.persetujuan_waktu = now
        case.persetujuan_versi = consent_record(channel)
    return case
