"""Tracking codes: unguessable, readable, forgiving to type, unique under concurrent submissions."""

from __future__ import annotations

import itertools
import threading

import pytest

from forms_app import submissions, tracking
from forms_app.extensions import db
from forms_app.models import Kind, Submission
from forms_support import FormClient, submit_complaint, submit_consultation


def test_codes_have_at_least_40_random_bits_without_ambiguous_characters():
    assert tracking.RANDOM_BITS >= 40
    assert not set("ILOU") & set(tracking.ALPHABET) and len(tracking.ALPHABET) == 32
    codes = {tracking.new_code(Kind.pengaduan) for _ in range(2000)}
    assert len(codes) == 2000
    for code in itertools.islice(codes, 50):
        prefix, *groups = code.split("-")
        assert prefix == "ADU" and [len(g) for g in groups] == [4, 4, 4]
        assert tracking.normalize(code) == code


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
