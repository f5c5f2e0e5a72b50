"""The satisfaction survey's public pages: /survei/<token>/ (the one-time link of a finished
case), its thank-you page, and the page of a link that cannot be answered (used, expired, unknown).

The pages hold no personal data and ask for none but the optional respondent profile, whose
purpose the page states. The kiosk's survey (forms_app.kiosk) renders the same questions."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("survey_area", __name__, url_prefix="/survei", template_folder="templates")

from forms_app.survey_area import views  # noqa: E402,F401 - registers the routes
