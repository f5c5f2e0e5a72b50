"""What the two forms share: refusing bots, and finishing a draft (or finding it finished)."""

from __future__ import annotations

import datetime as dt

from flask import current_app, redirect, request, session, url_for

from forms_app import drafts, submissions
from forms_app.errors import error_page
from forms_app.models import Draft, Kind, Submission, utcnow

SENT_KEY = "terkirim"
# The value of the "aksi" button that posts to a form's own address to delete its draft.
START_OVER = "mulai-dari-awal"

BOT_MESSAGE = ("Kiriman ditolak",
               "Kiriman ini tampak tidak diisi oleh orang (kolom tersembunyi terisi atau formulir tidak "
               "berasal dari halaman ini). Bila Anda mengisinya sendiri, buka formulirnya lagi lalu kirim.")
NOTHING_TO_CONFIRM = ("Tidak ada kiriman yang menunggu dikirim",
                      "Isian formulir ini sudah dikirim atau sudah kedaluwarsa. Bila Anda sudah menekan tombol "
                      "Kirim, kiriman Anda sudah tersimpan: kode pelacakannya ada pada halaman tanda terima dan "
                      "pada email tanda terima (bila Anda mengisi email). Bila belum, isi formulirnya lagi.")
TOO_FAST_MESSAGE = ("Formulir ini dikirim sangat cepat. Periksa kembali isiannya, lalu tekan tombol "
                    "Lanjutkan sekali lagi.")
STALE_MESSAGE = ("Formulir ini sudah lama terbuka, atau dibuka di peramban atau jendela lain. Kami sudah "
                 "membukanya lagi untuk Anda: periksa kembali isiannya, lalu tekan tombol Lanjutkan sekali lagi.")
# Why a post is shown again with a message instead of being saved (`AbuseFields.abuse_reason`).
SHOW_AGAIN = {"too-fast": TOO_FAST_MESSAGE, "stale": STALE_MESSAGE}


def wants_to_start_over() -> bool:
    """A post of the "Mulai dari awal" button (CSRF already checked for every post)."""
    return request.method == "POST" and request.form.get("aksi") == START_OVER


def start_over(kind: Kind, draft: Draft | None, form_url: str):  # noqa: ANN201
    """Delete this session's draft of `kind` and its files, and show the form empty again."""
    drafts.discard(kind, draft)
    return redirect(form_url + "?dihapus=1", code=303)


def refuse_bot():  # noqa: ANN201
    current_app.logger.info("kiriman otomatis ditolak")
    return error_page(400, *BOT_MESSAGE)


def nothing_to_confirm(kind: Kind):  # noqa: ANN201
    """A confirmation posted without a draft. If this session's draft was sent a moment ago
    (the second click of a double click, or the check page sent again), show that
    submission's confirmation; otherwise (expired, or sent long ago) say so."""
    token = drafts.session_token(kind)
    submission = submissions.made_from_draft(token) if token else None
    if submission is None:
        submission = sent_from_this_session()
    if submission is None or submission.jenis != kind or not recently_sent(submission):
        drafts.forget(kind)
        return error_page(400, *NOTHING_TO_CONFIRM)
    _remember(submission, kind)
    return to_confirmation()


def finish(draft: Draft) -> Submission | None:
    """Store the draft as a submission and remember it for the confirmation page.

    None when another request for the same draft (a second click on Kirim) got there first."""
    kind = Kind(draft.jenis)
    submission = submissions.submit(draft)
    if submission is not None:
        _remember(submission, kind)
    return submission


def _remember(submission: Submission, kind: Kind) -> None:
    """The session drops its draft token and keeps, for the confirmation page, the spent token
    the submission was made from — never the tracking code: the next person at a shared
    computer must not find it in the cookie. The page shows the code only for
    CONFIRMATION_SHOWN_SECONDS after sending (`recently_sent`)."""
    drafts.forget(kind)
    session[SENT_KEY] = submission.draf_asal


def sent_from_this_session() -> Submission | None:
    """The submission this session sent a moment ago, if any; forgets an older one."""
    token = session.get(SENT_KEY)
    submission = submissions.made_from_draft(token) if isinstance(token, str) else None
    if submission is None or not recently_sent(submission):
        session.pop(SENT_KEY, None)
        return None
    return submission


def recently_sent(submission: Submission) -> bool:
    shown = dt.timedelta(seconds=current_app.config["CONFIRMATION_SHOWN_SECONDS"])
    return utcnow() - submission.dibuat <= shown


def to_confirmation():  # noqa: ANN201
    return redirect(url_for("portal.confirmation"), code=303)

