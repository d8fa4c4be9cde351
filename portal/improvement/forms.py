"""The forms of improving the offer: a questionnaire as a learner answers it, and a question the
provider adds."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from portal.formtools import REQUIRED, WebForm, strip
from portal.improvement.models import SCALE, SCALE_POINTS, SurveyQuestion
from portal.improvement.survey_answers import MAX_TEXT
from portal.improvement.wording import ANSWER_WORDS, FILED_AS, KIND_WORDS, SOURCE_WORDS


def survey_form(questions: list[SurveyQuestion]) -> type[WebForm]:
    """A form with a field per question (q<id>): a 1-to-5 scale or free text, each optional."""

    class SurveyForm(WebForm):
        def given(self) -> dict[int, str]:
            return {question.id: str(self[f"q{question.id}"].data or "") for question in questions}

    for question in questions:
        if question.answer_kind == SCALE:
            field = RadioField(question.prompt, choices=[SelectChoice(str(p), str(p)) for p in SCALE_POINTS],
                               validators=[Optional()], invalid_choice_message=_l("Choisissez une note de 1 à 5."))
        else:
            field = TextAreaField(question.prompt, filters=[strip],
                                  validators=[Optional(), Length(max=MAX_TEXT)])
        setattr(SurveyForm, f"q{question.id}", field)
    return SurveyForm


KIND_CHOICES = [SelectChoice(code, words) for code, words in KIND_WORDS.items()]
ANSWER_CHOICES = [SelectChoice(code, words) for code, words in ANSWER_WORDS.items()]
SOURCE_CHOICES = [SelectChoice(code, words) for code, words in SOURCE_WORDS.items()]


class QuestionForm(WebForm):
    kind = RadioField(_l("Questionnaire"), choices=KIND_CHOICES, validators=[DataRequired(REQUIRED)])
    answer_kind = RadioField(_l("Réponse attendue"), choices=ANSWER_CHOICES, validators=[DataRequired(REQUIRED)])
    prompt = StringField(_l("Question"), filters=[strip], validators=[DataRequired(REQUIRED), Length(max=300)],
                         render_kw={"maxlength": 300})


class ComplaintForm(WebForm):
    subject = StringField(_l("Objet"), filters=[strip], validators=[DataRequired(REQUIRED), Length(max=160)],
                          render_kw={"maxlength": 160})
    course = SelectField(_l("Formation concernée (facultatif)"), choices=[], validate_choice=False)
    body = TextAreaField(_l("Votre réclamation"), filters=[strip],
                         validators=[DataRequired(REQUIRED), Length(max=5000)], render_kw={"maxlength": 5000})

    def course_id(self) -> int | None:
        return int(self.course.data) if str(self.course.data or "").isdigit() else None


class PublicComplaintForm(ComplaintForm):
    """The same complaint from the public page, with who files it and where the answer goes."""
    full_name = StringField(_l("Votre nom"), filters=[strip], validators=[DataRequired(REQUIRED), Length(max=160)],
                            render_kw={"maxlength": 160, "autocomplete": "name"})
    email = StringField(_l("Votre adresse électronique (notre réponse y sera envoyée)"), filters=[strip],
                        validators=[DataRequired(REQUIRED), Length(max=254)],
                        render_kw={"maxlength": 254, "type": "email", "autocomplete": "email"})
    filed_as = SelectField(_l("Vous êtes"), choices=[SelectChoice(code, words) for code, words in FILED_AS.items()],
                           validate_choice=False, default="other")


class ComplaintAnswerForm(WebForm):
    answer = TextAreaField(_l("Réponse envoyée à la personne"), filters=[strip],
                           validators=[DataRequired(REQUIRED), Length(max=5000)], render_kw={"maxlength": 5000})
    action = SelectField(_l("Action d'amélioration qui en découle (facultatif)"), choices=[], validate_choice=False)

    def action_id(self) -> int | None:
        return int(self.action.data) if str(self.action.data or "").isdigit() else None


class ActionForm(WebForm):
    title = StringField(_l("Action"), filters=[strip], validators=[DataRequired(REQUIRED), Length(max=160)],
                        render_kw={"maxlength": 160})
    source = RadioField(_l("Ce qui l'a fait apparaître"), choices=SOURCE_CHOICES, validators=[DataRequired(REQUIRED)])
    finding = TextAreaField(_l("Constat"), filters=[strip], validators=[DataRequired(REQUIRED), Length(max=5000)])
    change = TextAreaField(_l("Ce qui a changé"), filters=[strip], validators=[Optional(), Length(max=5000)])
    course = SelectField(_l("Formation (facultatif)"), choices=[], validate_choice=False)
    done_on = DateField(_l("Fait le (facultatif)"), validators=[Optional()],
                        invalid_value_message=_l("Date illisible (jj/mm/aaaa)."))

    def course_id(self) -> int | None:
        return int(self.course.data) if str(self.course.data or "").isdigit() else None
