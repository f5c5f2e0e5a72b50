"""The life of a case: its vocabularies and the transitions allowed between its statuses.

Plain rules, no database and no request: `forms_app.cases` applies them. A case (a
consultation request or a complaint) is received, may be verified, is worked on, may wait
for the citizen, and ends answered (`selesai`), forwarded to whoever has authority over it
(`bukan_wewenang`: to whom and their reference are recorded) or closed (`ditutup`: spam or a
duplicate, with the reason).

    diterima ──► diverifikasi ──► diproses ◄──► menunggu_pemohon
        │              │             │                 │
        └──────────────┴─────────────┴──► selesai ◄────┘
                       │             │       │
                       ├──► bukan_wewenang   ▼
                       └────────────────► ditutup

A walk-in visit (`kunjungan`) uses the same statuses: waiting in the queue (`diterima`), called
and being served (`diproses`), served (`selesai`), or left before being called (`ditutup`).

A case is closed once answered, forwarded or closed, and can be reopened (→ `diproses`); the
retention clock of its contact details runs from the last closure.
"""

from __future__ import annotations

from enum import Enum


class Kind(str, Enum):
    konsultasi = "konsultasi"
    pengaduan = "pengaduan"
    kunjungan = "kunjungan"

    @property
    def label(self) -> str:
        return {"konsultasi": "Permintaan konsultasi", "pengaduan": "Pengaduan, saran, atau apresiasi",
                "kunjungan": "Kunjungan langsung"}[self.value]


class Channel(str, Enum):
    """How a case reached the office: the web form, or staff entering it on the citizen's behalf."""

    online = "online"
    telepon = "telepon"
    tatap_muka = "tatap_muka"
    kotak_saran = "kotak_saran"
    surel = "surel"
    surat = "surat"

    @property
    def label(self) -> str:
        return {"online": "Formulir web", "telepon": "Telepon", "tatap_muka": "Datang langsung",
                "kotak_saran": "Kotak saran", "surel": "Email", "surat": "Surat"}[self.value]


class Identity(str, Enum):
    """SP4N-LAPOR!'s identity options for a complaint; consultations are always `biasa`."""

    biasa = "biasa"
    rahasia = "rahasia"
    anonim = "anonim"


class Status(str, Enum):
    diterima = "diterima"
    diverifikasi = "diverifikasi"
    diproses = "diproses"
    menunggu_pemohon = "menunggu_pemohon"
    selesai = "selesai"
    bukan_wewenang = "bukan_wewenang"
    ditutup = "ditutup"

    @property
    def label(self) -> str:
        return _LABELS[self][0]

    @property
    def desk_label(self) -> str:
        """The status as staff call it (the citizen's label speaks to the citizen: 'Menunggu
        keterangan Anda')."""
        return _DESK_LABELS.get(self, _LABELS[self][0])

    @property
    def explanation(self) -> str:
        """What the status means for the citizen, in one sentence."""
        return _LABELS[self][1]

    @property
    def closes(self) -> bool:
        """A status in which the case is over: the retention clock of its contacts starts."""
        return self in CLOSING


_LABELS = {
    Status.diterima: ("Diterima", "Kiriman Anda sudah tersimpan dan menunggu ditangani petugas."),
    Status.diverifikasi: ("Diverifikasi", "Petugas sudah memeriksa kiriman Anda dan akan menindaklanjutinya."),
    Status.diproses: ("Sedang diproses", "Petugas sedang menangani kiriman Anda."),
    Status.menunggu_pemohon: ("Menunggu keterangan Anda",
                              "Petugas memerlukan keterangan tambahan dari Anda; jangka waktu penyelesaian "
                              "dihitung lagi sejak keterangan itu lengkap."),
    Status.selesai: ("Selesai", "Kiriman Anda sudah dijawab atau diselesaikan."),
    Status.bukan_wewenang: ("Diteruskan: bukan wewenang unit ini",
                            "Kiriman ini di luar wewenang unit ini dan sudah diteruskan kepada pihak yang "
                            "berwenang; kepada siapa dan nomor rujukannya disampaikan petugas."),
    Status.ditutup: ("Ditutup", "Penanganan kiriman ini sudah berakhir."),
}

_DESK_LABELS = {
    Status.menunggu_pemohon: "Menunggu pemohon",
    Status.bukan_wewenang: "Bukan wewenang (diteruskan)",
}

INITIAL = Status.diterima
CLOSING = frozenset({Status.selesai, Status.bukan_wewenang, Status.ditutup})
OPEN = frozenset(Status) - CLOSING

TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.diterima: frozenset({Status.diverifikasi, Status.diproses, Status.menunggu_pemohon,
                                Status.selesai, Status.bukan_wewenang, Status.ditutup}),
    Status.diverifikasi: frozenset({Status.diproses, Status.menunggu_pemohon, Status.selesai,
                                    Status.bukan_wewenang, Status.ditutup}),
    Status.diproses: frozenset({Status.menunggu_pemohon, Status.selesai, Status.bukan_wewenang, Status.ditutup}),
    Status.menunggu_pemohon: frozenset({Status.diproses, Status.selesai, Status.ditutup}),
    Status.selesai: frozenset({Status.ditutup, Status.diproses}),
    Status.bukan_wewenang: frozenset({Status.ditutup, Status.diproses}),
    Status.ditutup: frozenset({Status.diproses}),
}
"""Where each status may go next. A status never goes to itself."""

RESTARTS_CLOCK = frozenset({(Status.menunggu_pemohon, Status.diproses)})
"""Transitions after which the completion time counts again from zero: the standard's time runs
from when the request is clear and complete."""


class TransitionRefused(ValueError):
    """A status change the lifecycle does not allow; the message says which are allowed."""


def check_transition(current: Status | None, new: Status) -> None:
    """Raise TransitionRefused unless `current` may become `new` (None: the case is new)."""
    if current is None:
        if new is not INITIAL:
            raise TransitionRefused(f"kasus baru selalu berstatus '{INITIAL.label}', bukan '{new.label}'")
        return
    allowed = TRANSITIONS[current]
    if new not in allowed:
        options = ", ".join(sorted(s.label for s in allowed))
        raise TransitionRefused(
            f"status '{current.label}' tidak dapat diubah menjadi '{new.label}' — yang boleh: {options}")


def restarts_clock(current: Status | None, new: Status) -> bool:
    return (current, new) in RESTARTS_CLOCK
