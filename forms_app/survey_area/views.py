"""The survey page of a one-time link, its thank-you page (Post/Redirect/Get), and clear pages
for a link that was used (410), ran out (410) or does not exist (404)."""

from __future__ import annotations

from flask import redirect, render_template, url_for

from forms_app import standards, survey
from forms_app.survey_area import blueprint
from forms_app.survey_area.forms import SurveyForm

GONE = {
    survey.LinkUsed: (410, "Survei ini sudah diisi",
                      "Tautan survei ini sudah dipakai untuk mengirim jawaban, dan setiap tautan hanya dapat dipakai "
                      "satu kali. Terima kasih atas penilaian Anda. Bila Anda belum pernah mengisinya, mungkin orang "
                      "lain telah memakai tautan Anda: sampaikan kepada kantor melalui halaman pengaduan."),
    survey.LinkExpired: (410, "Waktu pengisian survei sudah habis",
                         "Tautan survei ini sudah tidak berlaku: survei dapat diisi paling lama {days} hari setelah "
                         "pelayanan selesai. Bila Anda ingin menyampaikan penilaian, saran atau keluhan, pakai "
                         "formulir pengaduan, saran, atau apresiasi."),
    survey.LinkUnknown: (404, "Tautan survei tidak dikenal",
                         "Tidak ada survei dengan tautan ini. Periksa apakah tautannya tersalin utuh dari email "
                         "atau halaman status Anda (tautan yang terpotong tidak dapat dibuka), atau buka halaman "
                         "Lacak pengajuan dan masukkan kode pelacakan Anda untuk mendapat tautannya."),
}


def gone_page(error: LookupError, layout: str = "base.html", **context):  # noqa: ANN201
    status, title, message = GONE[type(error)]
    return render_template("survey_area/gone.html", layout=layout, title=title,
                           message=message.format(days=survey.link_days()), **context), status


@blueprint.after_request
def _private(response):  # noqa: ANN001, ANN202
    """The address carries the token: not kept by caches, not sent on to other sites."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@blueprint.route("/<token>/", methods=["GET", "POST"])
def answer(token: str):  # noqa: ANN201
    try:
        invitation = survey.find(token)
    except (survey.LinkUnknown, survey.LinkUsed, survey.LinkExpired) as error:
        return gone_page(error)
    form = SurveyForm()
    if form.validate_on_submit():
        try:
            survey.redeem(invitation.id, form.answers())
        except (survey.LinkUsed, survey.LinkExpired) as error:
            return gone_page(error)
        return redirect(url_for(".thanks"), code=303)
    return render_template("survey_area/form.html", form=form, **context_of(invitation),
                           action=url_for(".answer", token=token)), 400 if form.is_submitted() else 200


@blueprint.route("/terima-kasih/")
def thanks():  # noqa: ANN201
    return render_template("survey_area/thanks.html")


def context_of(invitation) -> dict:  # noqa: ANN001
    """What the page says about the service the survey is about: unit and service names only."""
    unit = standards.catalog().units.get(invitation.unit_id)
    service = standards.find_service(invitation.unit_id, invitation.service_id)
    return {"unit_name": unit.unit.nama if unit else None,
            "service_name": service.layanan.nama if service else None,
            "kind": invitation.kind}
