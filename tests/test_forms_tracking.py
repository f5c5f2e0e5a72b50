"""Tracking codes: unguessable, readable, forgiving to type, unique under concurrent submissions."""

from __future__ import annotations

import itertools
import threading

import pytest
from sqlalchemy.exc import IntegrityError

from forms_app import submissions, tracking
from forms_app.extensions import db
from forms_app.models import Draft, Kind, Submission
from forms_support import FormClient, submit_complaint, submit_consultation


def test_codes_have_at_least_40_random_bits_without_ambiguous_characters():
    assert tracking.RANDOM_BITS >= 40
    assert not set("ILOU") & set(tracking.ALPHABET) and len(tracking.ALPHABET) == 32
    codes = [tracking.new_code(Kind.pengaduan) for _ in range(3200)]
    assert len(set(codes)) == len(codes)
    for code in codes[:50]:
        prefix, *groups = code.split("-")
        assert prefix == "ADU" and [len(g) for g in groups] == [4, 4, 4]
        assert tracking.normalize(code) == code


def test_every_character_of_a_code_is_uniformly_random():
    """A counter, a timestamp or a hash of a sequence number would give unique codes too, and
    guessable ones. Each of the twelve positions must use all 32 characters about equally: a
    chi-squared test with 31 degrees of freedom (99.9th percentile 61.1; a sound generator
    fails it once in a thousand runs, so the bound is taken at 80, odds below one in 10^5)."""
    bodies = [tracking.new_code(Kind.konsultasi)[4:].replace("-", "") for _ in range(3200)]
    expected = len(bodies) / 32
    for position in range(12):
        counts = {ch: 0 for ch in tracking.ALPHABET}
        for body in bodies:
            counts[body[position]] += 1
        chi_squared = sum((n - expected) ** 2 / expected for n in counts.values())
        assert chi_squared < 80, (position, chi_squared)
    consecutive = [sum(a != b for a, b in zip(x, y)) for x, y in zip(bodies, bodies[1:])]
    assert sum(consecutive) / len(consecutive) > 11  # two codes in a row share about 0.4 of 12 characters


@pytest.mark.parametrize("typed, expected", [
    ("kon-7kq4-m9xt-2hbr", "KON-7KQ4-M9XT-2HBR"),
    ("KON 7KQ4 M9XT 2HBR", "KON-7KQ4-M9XT-2HBR"),
    ("KON7KQ4M9XT2HBR", "KON-7KQ4-M9XT-2HBR"),
    ("  adu–7kq4–m9xt–2hbr ", "ADU-7KQ4-M9XT-2HBR"),
    ("ADU-7KQ4-M9XT-2HBO", "ADU-7KQ4-M9XT-2HB0"),   # O read as zero
    ("ADU-IKQ4-M9XT-2HBL", "ADU-1KQ4-M9XT-2HB1"),   # I and L read as one
], ids=["lower", "spaces", "no-dashes", "en-dashes", "letter-O", "letters-I-L"])
def test_typing_is_forgiving(typed, expected):
    assert tracking.normalize(typed) == expected


@pytest.mark.parametrize("typed", ["", "ADU", "XYZ-7KQ4-M9XT-2HBR", "ADU-7KQ4-M9XT-2HB", "ADU-7KQ4-M9XT-2HBRX",
                                   "ADU-7KQ4-M9XT-2HB!", "ADU-7KQ4-M9XT-2HBU"])
def test_what_cannot_be_a_code_is_refused(typed):
    assert tracking.normalize(typed) is None


def test_a_clash_of_codes_retries_with_a_new_code(app, client, monkeypatch):
    first = submit_consultation(client)
    fresh = iter([first, first, "KON-AAAA-BBBB-CCCC"])  # the first two attempts clash
    monkeypatch.setattr(tracking, "new_code", lambda kind: next(fresh))
    second = submit_consultation(client)
    assert second == "KON-AAAA-BBBB-CCCC"
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Submission)) == 2


def test_only_a_clash_of_codes_is_retried(app, client, monkeypatch):
    """Another unique value colliding is an error to report, not a code clash to retry, even when
    the database's message happens to contain the word "kode" (it quotes the clashing value)."""
    submit_consultation(client)
    attempts = []
    original_code = tracking.new_code
    monkeypatch.setattr(tracking, "new_code", lambda kind: attempts.append(kind) or original_code(kind))
    with app.app_context():
        draft = Draft(token="draf-yang-kode-nya-sudah-dipakai", jenis="konsultasi", unit_id="pst-bps-kutai-barat",
                      layanan_id="konsultasi-statistik",
                      isian={"topik": "data", "pertanyaan": "Berapa jumlah penduduk tahun 2025 menurut kecamatan?",
                             "nama": "Budi", "email": "", "telepon": "0812 3456 7890",
                             "kategori_pengguna": "umum", "saluran_balasan": "telepon", "persetujuan": True})
        db.session.add(draft)
        db.session.commit()
        db.session.execute(db.update(Submission).values(draf_asal=draft.token))
        db.session.commit()
        with pytest.raises(IntegrityError):
            submissions.submit(draft)
    assert len(attempts) == 1  # not retried as if the tracking code had clashed


def test_codes_stay_unique_under_concurrent_submissions(app, monkeypatch):
    """Eight citizens confirm at the same moment while the generator offers few distinct codes:
    every submission is stored once, each with its own code."""
    pool = [f"ADU-{n:04d}-0000-0000" for n in range(40)]
    lock = threading.Lock()
    offered = itertools.cycle(pool)

    def scarce(kind):  # noqa: ANN001, ANN202
        with lock:
            return next(offered)
    monkeypatch.setattr(tracking, "new_code", scarce)
    monkeypatch.setattr(submissions, "_ATTEMPTS", 40)

    clients = [FormClient(app.test_client()) for _ in range(8)]
    barrier = threading.Barrier(len(clients))
    codes: list[str] = []
    failures: list[BaseException] = []

    def citizen(client: FormClient) -> None:
        try:
            for _ in range(3):
                barrier.wait(timeout=30)
                codes.append(submit_complaint(client))
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)
            barrier.abort()

    threads = [threading.Thread(target=citizen, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures, failures[0]
    assert len(codes) == 24 and len(set(codes)) == 24
    with app.app_context():
        stored = db.session.scalars(db.select(Submission.kode)).all()
    assert sorted(stored) == sorted(codes)
