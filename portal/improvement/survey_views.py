"""/questionnaires/<id>: a learner answers a satisfaction survey (from her space or the mail);
/gestion/questionnaires: the provider edits the questions. The results are on /analyses (views.py)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.access import roles_required
from portal.errors import CSRF_MESSAGE, render_error
from portal.formtools import ConfirmForm
from portal.improvement import survey_answers, survey_questions, wording
from portal.improvement.forms import QuestionForm, survey_form
from portal.improvement.survey_questions import DEFAULTS, SurveyRefused
from portal.pages import Page
from portal.timeutil import paris_today

bp = Blueprint("surveys", __name__)


@bp.route("/questionnaires/<int:invitation_id>", methods=["GET", "POST"])
@roles_required("learner")
def answer(invitation_id: int):
    survey = survey_answers.survey_for(current_user.id, invitation_id, paris_today())
    form = survey_form(survey.questions)()
    if form.validate_on_submit():
        try:
            survey_answers.answer(survey, form.given(), paris_today())
        except SurveyRefused as refusal:
            return SURVEY.refuse(refusal, survey, form, on=form)
        flash(_("Merci\u00a0! Vos réponses nous aident à améliorer nos formations."), "success")
        return redirect(url_for("learner_home.space"))
    return SURVEY.show(survey, form)


SURVEY = Page("improvement/survey.html", lambda survey, form: {
    "survey": survey, "form": form, "kind_words": wording.kind_word(survey.invitation.kind)})


@bp.route("/gestion/questionnaires", methods=["GET", "POST"])
@roles_required("staff")
def questions():
    form = QuestionForm()
    if form.validate_on_submit():
        survey_questions.add_question(form.kind.data, form.prompt.data, form.answer_kind.data)
        flash(_("Question ajoutée."), "success")
        return redirect(url_for("surveys.questions"))
    return QUESTIONS.show(form)


QUESTIONS = Page("improvement/questions.html", lambda form: {
    "form": form, "questions": survey_questions.every_question(), "defaults": DEFAULTS,
    "kind_word": wording.kind_word, "answer_word": wording.answer_word})


@bp.route("/gestion/questionnaires/<int:question_id>/retirer", methods=["POST"])
@roles_required("staff")
def retire(question_id: int):
    if not ConfirmForm().validate():
        return render_error(400, CSRF_MESSAGE)
    survey_questions.retire(question_id)
    flash(_("Question retirée du questionnaire."), "success")
    return redirect(url_for("surveys.questions"))
