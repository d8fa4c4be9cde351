"""Demo of improving the offer: Antoine's hot questionnaire waiting in his space (as if he had just
finished Session A), with the default questions (no mail: the demo's outbox stays as it was), and each
course's published results counted today; a complaint from Antoine waiting in the staff's register, and
an improvement action drawn from the lesson analytics."""
from __future__ import annotations

from datetime import date

from portal import db
from portal.improvement import actions, complaints, published_results
from portal.improvement.models import HOT, SurveyInvitation
from portal.improvement.survey_questions import ensure_defaults
from portal.improvement.survey_rounds import OPEN_FOR
from portal.learning.models import TrainingSession
from portal.vault import service as vault


def seed_improvement(today: date) -> None:
    antoine = vault.account_id_for_email("apprenant@petale.test")
    session = TrainingSession.get_or_none(TrainingSession.title == "Session A")
    if antoine is None or session is None or SurveyInvitation.select().exists():
        return
    published_results.publish_all(today)
    with db.atomic():
        ensure_defaults(HOT)
        SurveyInvitation.create(account_id=antoine, session=session.id, kind=HOT, sent_on=today,
                                closes_on=today + OPEN_FOR)
        complaints.file(antoine, "Vidéo qui se coupe", "La vidéo « Préparer les tiges » s'arrête au bout d'une "
                        "minute sur mon téléphone.", session.course_id, today)
        staff = vault.account_id_for_email("gestion@petale.test")
        if staff is not None:
            actions.record("Quiz : une explication pour la coupe en sifflet", "analytics",
                           "Beaucoup se trompent à la première tentative sur la coupe en biais.",
                           "Une explication et un schéma ajoutés à la question.", session.course_id, None, staff, today)
