"""What the two forms share: abuse checks, receiving attachments, and finishing a draft."""

from __future__ import annotations

from flask import current_app, flash, redirect, session, url_for

from forms_app import drafts, submissions
from forms_app.errors import error_page
from forms_app.models import Draft, Submission

BOT_MESSAGE = ("Kiriman ditolak",
               "Kiriman ini tampak tidak diisi oleh orang (kolom tersembunyi terisi atau formulir tidak "
               "berasal dari halaman ini). Bila Anda mengisinya sendiri, buka formulirnya lagi lalu kirim.")
TOO_FAST_MESSAGE = ("Formulir ini dikirim sangat cepat. Periksa kembali isiannya, lalu tekan tombol "
                    "Lanjutkan sekali lagi.")


def refuse_bot():  # noqa: ANN201
    current_app.logger.info("kiriman otomatis ditolak")
    return error_page(400, *BOT_MESSAGE)


def finish(draft: Draft) -> Submission:
    """Store the draft as a submission and remember its code for the confirmation page."""
    submission = submissions.submit(draft)
    drafts.forget(submission.kind_enum)
    session["terkirim"] = submission.kode
    return submission


def to_confirmation():  # noqa: ANN201
    return redirect(url_for("portal.confirmation"), code=303)


__all__ = ["TOO_FAST_MESSAGE", "finish", "flash", "refuse_bot", "to_confirmation"]
