"""One person's data (UU 27/2022: the rights of access and deletion): find their cases by email
or phone number, export everything stored about them, erase it.

Finding is forgiving, as people write the same address many ways: an email in any case, a phone
number with or without spaces, dashes, brackets, and with +62, 62 or 0 before it. Only the cases of
the admin's own units are found.

Erasing removes the person, not the office's record: the contact rows go, and every copy of them
(`retention.erase_contacts`: outbox addresses and bodies, the development mail folder's copies,
attachments' original names); what was asked or reported, its history and the replies stay, with
no one attached to them.

Both export and erasure are audited, by the case codes and a count — never by the address that
was searched for, which would put the person back into the log.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func

from forms_app import attachments, audit, retention
from forms_app.extensions import db
from forms_app.models import Attachment, Complaint, Consultation, Contact, Draft, Submission, Visit, utcnow
from forms_app.staff_models import Staff

_PHONE_PUNCTUATION = (" ", "-", "(", ")", "+", ".")


class NotAnAddress(ValueError):
    """What was typed is neither an email address nor a phone number."""


@dataclass(frozen=True)
class Key:
    """What is searched for: an email (lower case) or a phone number's digits after its prefix."""

    kind: str  # "email" or "telepon": recorded in the audit log instead of the value
    value: str


def key(typed: str) -> Key:
    """The search key from what the admin typed; raises NotAnAddress."""
    typed = (typed or "").strip()
    if "@" in typed:
        if not re.fullmatch(r"[^@\s]+@[^@\s]+", typed):
            raise NotAnAddress("Tulis alamat email lengkap, misalnya nama@contoh.id")
        return Key("email", typed.lower())
    digits = national_digits(typed)
    if not re.fullmatch(r"[\d\s()+.\-]+", typed) or len(digits) < 6:
        raise NotAnAddress("Tulis alamat email atau nomor telepon (paling sedikit 6 angka), "
                           "misalnya nama@contoh.id atau 0812 3456 7890")
    return Key("telepon", digits)


def national_digits(phone: str) -> str:
    """A phone number's digits without its prefix: '+62 812-3456', '62812 3456' and '0812 3456'
    are all '8123456'."""
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("62"):
        return digits[2:]
    if digits.startswith("0"):
        return digits[1:]
    return digits


def _matches(found: Key) -> ColumnElement[bool]:
    if found.kind == "email":
        return func.lower(Contact.email) == found.value
    # Stored numbers passed the forms' check (digits, spaces, - ( ) +): strip those in SQL, then
    # compare with each way of writing the prefix. The same on SQLite and PostgreSQL.
    stripped = Contact.telepon
    for character in _PHONE_PUNCTUATION:
        stripped = func.replace(stripped, character, "")
    return stripped.in_([found.value, "0" + found.value, "62" + found.value])


def find(found: Key, unit_ids: list[str]) -> list[Submission]:
    """The cases of these units whose contact matches, oldest first."""
    return list(db.session.scalars(
        db.select(Submission).join(Contact)
        .where(Submission.unit_id.in_(unit_ids), _matches(found))
        .order_by(Submission.dibuat, Submission.id)))


def unsent_drafts(found: Key, unit_ids: list[str]) -> list[Draft]:
    """Forms the person filled in but did not send yet (they live DRAFT_LIFETIME_HOURS, so there
    are few: they are matched here rather than in SQL, where JSON differs between databases)."""
    drafts = db.session.scalars(db.select(Draft).where(Draft.unit_id.in_(unit_ids)).order_by(Draft.dibuat))
    return [draft for draft in drafts if _draft_matches(draft, found)]


def _draft_matches(draft: Draft, found: Key) -> bool:
    answers = draft.isian if isinstance(draft.isian, dict) else {}
    if found.kind == "email":
        return str(answers.get("email") or "").strip().lower() == found.value
    phone = str(answers.get("telepon") or "")
    return bool(phone) and national_digits(phone) == found.value


# --- export -----------------------------------------------------------------------------------


def export(found: Key, unit_ids: list[str], actor: Staff, *, address: str | None = None,
           now: dt.datetime | None = None) -> dict[str, Any]:
    """Everything stored about the person in these units, as JSON-ready data; audited and
    committed. Attachments are listed (name, type, size, SHA-256), not included."""
    now = now or utcnow()
    cases = find(found, unit_ids)
    drafts = unsent_drafts(found, unit_ids)
    data = {
        "dibuat": now.isoformat(),
        "keterangan": ("Data pribadi dan pengajuan yang tersimpan untuk satu orang (UU 27/2022). Catatan internal "
                       "petugas tidak termasuk. Lampiran disebutkan di sini; berkasnya dapat diminta terpisah."),
        "jumlah_pengajuan": len(cases),
        "pengajuan": [_case_data(case) for case in cases],
        "isian_belum_dikirim": [{"jenis": draft.jenis, "unit": draft.unit_id, "layanan": draft.layanan_id,
                                 "diisi": _time(draft.dibuat), "isian": draft.isian,
                                 "lampiran": [{"nama": a.nama_asli, "ukuran_bita": a.ukuran} for a in draft.lampiran]}
                                for draft in drafts],
    }
    _audit(actor, "data_pribadi_diekspor", found, cases, address, now)
    db.session.commit()
    return data


def _case_data(case: Submission) -> dict[str, Any]:
    contact = case.kontak
    return {
        "kode": case.kode,
        "jenis": case.jenis.value,
        "unit": case.unit_id,
        "layanan": case.layanan_id,
        "saluran": case.saluran.value,
        "status": case.status.value,
        "identitas": case.identitas.value,
        "dikirim": _time(case.dibuat),
        "ditutup": _time(case.ditutup_pada),
        "kontak": {"nama": contact.nama, "email": contact.email, "telepon": contact.telepon} if contact else None,
        "persetujuan": {"waktu": _time(case.persetujuan_waktu), "versi": case.persetujuan_versi},
        "isi": _content(case),
        "riwayat": [{"status": event.status.value, "waktu": _time(event.waktu), "catatan": event.public_note}
                    for event in case.riwayat],
        "balasan": [{"waktu": _time(reply.waktu), "isi": reply.isi} for reply in case.public_replies],
        "lampiran": [{"nama": a.nama_asli, "jenis": a.jenis_media, "ukuran_bita": a.ukuran, "sha256": a.sha256}
                     for a in case.lampiran],
        "email_kepada_anda": [{"subjek": m.subjek, "ditulis": _time(m.dibuat), "terkirim": _time(m.terkirim),
                               "kepada": m.kepada, "isi": m.isi}
                              for m in sorted(case.surat, key=lambda m: m.id)],
    }


def _content(case: Submission) -> dict[str, Any]:
    if isinstance(case, Consultation):
        return {"topik": case.topik, "kategori_pengguna": case.kategori_pengguna, "pertanyaan": case.pertanyaan,
                "saluran_balasan": case.saluran_balasan}
    if isinstance(case, Complaint):
        return {"jenis_aduan": case.jenis_aduan, "aspek": case.aspek, "uraian": case.uraian,
                "tanggal_kejadian": case.tanggal_kejadian.isoformat(), "penyelesaian": case.penyelesaian}
    if isinstance(case, Visit):
        return {"nomor_antrean": case.nomor_label, "tanggal": case.tanggal_antrean.isoformat(),
                "keperluan": case.keperluan, "hasil_layanan": case.hasil_layanan,
                "dipanggil": _time(case.dipanggil_pada)}
    return {}


def _time(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


# --- erase ------------------------------------------------------------------------------------


def erase(found: Key, unit_ids: list[str], actor: Staff, *, address: str | None = None,
          now: dt.datetime | None = None) -> list[str]:
    """Erase the person's contact details from every case of these units that holds them, and
    every copy; delete the files they attached (a photo of an ID card, a letter with their
    signature: what they sent is theirs too) and the forms they filled in but did not send. The
    cases stay, with their text, as the service's anonymous record. Audited in the same
    transaction; returns the cases' codes."""
    now = now or utcnow()
    cases = find(found, unit_ids)
    codes = [case.kode for case in cases]
    drafts = unsent_drafts(found, unit_ids)
    files = _delete_drafts(drafts)
    sent = _delete_case_attachments(cases)
    files += sent
    _audit(actor, "data_pribadi_dihapus", found, cases, address, now, drafts=len(drafts), files=len(sent))
    if cases:
        retention.erase_contacts([case.id for case in cases])  # commits the rest with it
    else:
        db.session.commit()
    attachments.discard(files)
    retention.flush_sqlite_log()
    return codes


def _delete_case_attachments(cases: list[Submission]) -> list[str]:
    """Delete the attachments of these cases (not committed); returns the files' names."""
    if not cases:
        return []
    ids = [case.id for case in cases]
    query = db.select(Attachment).where(Attachment.pengajuan_id.in_(ids))
    files = [attachment.nama_simpan for attachment in db.session.scalars(query)]
    db.session.execute(db.delete(Attachment).where(Attachment.pengajuan_id.in_(ids))
                       .execution_options(synchronize_session=False))
    for case in cases:
        db.session.expire(case, ["lampiran"])
    return files


def _delete_drafts(drafts: list[Draft]) -> list[str]:
    """Delete these drafts and their unsent attachments (not committed); returns the files' names."""
    if not drafts:
        return []
    tokens = [draft.token for draft in drafts]
    unsent = db.select(Attachment).where(Attachment.draf_token.in_(tokens), Attachment.pengajuan_id.is_(None))
    files = [attachment.nama_simpan for attachment in db.session.scalars(unsent)]
    db.session.execute(db.delete(Attachment).where(Attachment.draf_token.in_(tokens),
                                                   Attachment.pengajuan_id.is_(None))
                       .execution_options(synchronize_session=False))
    db.session.execute(db.delete(Draft).where(Draft.token.in_(tokens)).execution_options(synchronize_session=False))
    return files


def audit_search(found: Key, cases: list[Submission], actor: Staff, *, address: str | None = None) -> None:
    """Record that a search was made (by which kind of key, how many found), and commit."""
    _audit(actor, "data_pribadi_dicari", found, cases, address, utcnow())
    db.session.commit()


def _audit(actor: Staff, action: str, found: Key, cases: list[Submission], address: str | None,
           now: dt.datetime, drafts: int | None = None, files: int | None = None) -> None:
    """One entry per unit concerned (so each unit's admins see their own), or one without a unit
    when nothing was found. The key's kind, the count and the codes — never the key itself."""
    by_unit: dict[str | None, list[str]] = defaultdict(list)
    for case in cases:
        by_unit[case.unit_id].append(case.kode)
    for unit_id, codes in (by_unit or {None: []}).items():
        details = {"dicari_dengan": found.kind, "jumlah": len(codes), "kode": codes}
        if drafts is not None:
            details["isian_belum_dikirim"] = drafts
        if files is not None:
            details["berkas"] = files
        audit.record(actor, action, unit_id=unit_id, address=address, now=now,
                     target=audit.case_target(codes[0]) if len(codes) == 1 else None, details=details)
