"""What the two forms share: abuse checks, receiving attachments, and finishing a draft."""

from __future__ import annotations

from flask import current_app, flash, redirect, session, url_for

from forms_app import drafts, submissions
from forms_app.errors import error_page
from forms_app.extensions import db
from forms_app.models import Draft, Submission

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


def nothing_to_confirm():  # noqa: ANN201
    """A confirmation posted without a draft: sent already (a second click), or expired."""
    return error_page(400, *NOTHING_TO_CONFIRM)


def finish(draft: Draft) -> Submission | None:
    """Store the draft as a submission and remember its code for the confirmation page.

    None when another request for the same draft (a second click on Kirim) got there first."""
    if not _claim(draft):
        db.session.rollback()
        return None
    submission = submissions.submit(draft)
    drafts.forget(submission.kind_enum)
    session["terkirim"] = submission.kode
    return submission


def _claim(draft: Draft) -> bool:
    """Lock the draft's row in this transaction. Both clicks of a double click have read the
    draft; the second waits here until the first has committed, then finds it gone."""
    claimed = db.session.execute(
        db.update(Draft).where(Draft.token == draft.token).values(dibuat=Draft.dibuat)
        .execution_options(synchronize_session=False))
    return claimed.rowcount == 1


def to_confirmation():  # noqa: ANN201
    return redirect(url_for("portal.confirmation"), code=303)


__all__ = ["TOO_FAST_MESSAGE", "finish", "flash", "nothing_to_confirm", "refuse_bot", "to_confirmation"]
