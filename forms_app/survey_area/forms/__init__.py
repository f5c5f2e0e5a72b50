"""The survey form: U1–U9 (each 1–4, the wording of its element from layanan.skm), an optional
comment, and the optional respondent profile."""

from __future__ import annotations

from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice

from forms_app import survey
from forms_app.forms.base import BaseForm, at_most, optional
from forms_app.survey_models import AGE_GROUPS, COMMENT_MAX, EDUCATIONS, ELEMENTS, GENDERS, OCCUPATIONS
from layanan.skm import UNSUR

NONE_OF_THESE = SelectChoice("", "Tidak ingin menjawab")
AT_LEAST_ONE = ("Pilih jawaban untuk pertanyaan ini — paling sedikit satu dari sembilan pertanyaan perlu dijawab; "
                "pertanyaan yang tidak dapat Anda nilai boleh dilewati")


def _element(number: int) -> RadioField:
    element = UNSUR[number - 1]
    return RadioField(f"{number}. {element.nama}: {element.pertanyaan}", validators=[optional()],
                      choices=[SelectChoice(str(score), f"{label} ({score})")
                               for score, label in enumerate(element.jawaban, start=1)])


def _profile(label: str, values) -> RadioField:  # noqa: ANN001
    return RadioField(label, validators=[optional()], choices=[*(SelectChoice(value, label) for value, label in values), NONE_OF_THESE])


class SurveyForm(BaseForm):
    u1 = _element(1)
    u2 = _element(2)
    u3 = _element(3)
    u4 = _element(4)
    u5 = _element(5)
    u6 = _element(6)
    u7 = _element(7)
    u8 = _element(8)
    u9 = _element(9)
    komentar = TextAreaField("Saran atau komentar (tidak wajib)",
                             validators=[optional(), at_most("saran atau komentar", COMMENT_MAX)])
    jenis_kelamin = _profile("Jenis kelamin", GENDERS)
    kelompok_umur = _profile("Umur", AGE_GROUPS)
    pendidikan = _profile("Pendidikan terakhir", EDUCATIONS)
    pekerjaan = _profile("Pekerjaan", OCCUPATIONS)

    PROFILE_FIELDS = {"gender": "jenis_kelamin", "age_group": "kelompok_umur", "education": "pendidikan",
                      "occupation": "pekerjaan"}

    def elements(self) -> list[RadioField]:
        return [self[name] for name in ELEMENTS]

    def validate(self, extra_validators=None) -> bool:  # noqa: ANN001 - WTForms API
        valid = super().validate(extra_validators)
        if valid and all(not field.data for field in self.elements()):
            self.u1.errors = [AT_LEAST_ONE]
            return False
        return valid

    def answers(self) -> survey.Answers:
        return survey.Answers(
            scores=[int(field.data) if field.data else None for field in self.elements()],
            comment=self.komentar.data or None,
            profile={name: self[field].data or None for name, field in self.PROFILE_FIELDS.items()})
