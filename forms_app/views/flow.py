"""What the two forms share: refusing bots, and finishing a draft (or finding it finished)."""

from __future__ import annotations

from flask import current_app, redirect, session, url_for

from forms_app import drafts, submissions
from forms_app.errors import error_page
from forms_app.models import Draft, Kind, Submission

BOT_MESSAGE = ("Kiriman ditolak",
               "Kiriman ini tampak tidak diisi oleh orang (kolom tersembunyi terisi atau formulir tidak "
               "berasal dari halaman ini). Bila Anda mengisinya sendiri, buka formulirnya lagi lalu kirim.")
NOTHING_TO_CONFIRM = ("Tidak ada kiriman yang menunggu dikirim",
                      "Isian formulir ini sudah dikirim atau sudah kedaluwarsa. Bila Anda sudah menekan tombol "
                      "Kirim, kiriman Anda sudah tersimpan: kode pelacakannya ada pada halaman tanda terima dan "
                      "pada email tanda terima (bila Anda mengisi email). Bila belum, isi formulirnya lagi.")
TOO_FAST_MESSAGE = ("Formulir ini dikirim sangat cepat. Periksa kembali isiannya, lalu tekan tombol "
                    "Lanjutkan sekali lagi.")


def refuse_bot():  # noqa: ANN201
    current_app.logger.info("kiriman otomatis ditolak")
    return error_page(400, *BOT_MESSAGE)


def nothing_to_confirm(kind: Kind):  # noqa: ANN201
    """A confirmation posted without a draft. If this session's draft was sent already (the
    second click of a double click, or the page sent again), show that submission's
    confirmation; otherwise the draft expired: say so."""
    token = drafts.session_token(kind)
    submission = submissions.made_from_draft(token) if token else None
    if submission is None:
        return error_page(400, *NOTHING_TO_CONFIRM)
    _remember(submission)
    return to_confirmation()


def finish(draft: Draft) -> Submission | None:
    """Store the draft as a submission and remember its code for the confirmation page.

    None when another request for the same draft (a second click on Kirim) got there first."""
    submission = submissions.submit(draft)
    if submission is not None:
        _remember(submission)
    return submission


def _remember(submission: Submission) -> None:
    """The confirmation page shows this code. The session keeps the spent draft token, so
    that sending the check page again leads back here; a new form starts a new draft."""
    session["terkirim"] = submission.kode


def to_confirmation():  # noqa: ANN201
    return redirect(url_for("portal.confirmation"), code=303)

