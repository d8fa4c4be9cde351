"""What the privacy center shows a person about the data held on them."""
from __future__ import annotations

import peewee
from flask_babel import lazy_gettext as _l

from portal.accounts.models import Account
from portal.bouquets.models import Draft, Submission
from portal.forum.models import Post, Thread
from portal.learning.models import (
    Course,
    Enrollment,
    LearningEvent,
    LessonProgress,
    QuizAttempt,
    TimeOnTask,
    TrainingSession,
)
from portal.personalisation.models import ResourceMail, Suggestion
from portal.privacy import standing
from portal.reminders.models import DropoutNudge
from portal.security.models import SecurityEvent
from portal.vault.service import own_identity

FUNDING = {"self": _l("vous-même"), "employer": _l("employeur"), "opco": "OPCO", "france_travail": "France Travail",
           "cpf": "CPF", "other": _l("autre")}


def holdings(account: Account) -> dict[str, list[tuple[str, str]]]:
    """Per category of privacy.categories, the items held, as (label, value) pairs."""
    me = account.id
    identity = own_identity(me)
    minutes = (TimeOnTask.select(peewee.fn.COALESCE(peewee.fn.SUM(TimeOnTask.seconds), 0))
               .where(TimeOnTask.account_id == me).scalar() or 0) // 60
    enrollments = list(Enrollment.select(Enrollment, TrainingSession, Course).join(TrainingSession).join(Course)
                       .where(Enrollment.account_id == me))
    return {
        "identity": [
            (str(_l("Nom complet")), identity.full_name), (str(_l("Adresse électronique")), identity.email),
            (str(_l("Téléphone")), identity.phone),
            (str(_l("Adresse postale")), identity.postal_address or str(_l("non fournie"))),
        ] if identity else [],
        "account": [
            (str(_l("Nom affiché sur le forum")), account.display_name), (str(_l("Langue")), account.language),
            (str(_l("Compte créé le")), account.created_at.strftime("%d/%m/%Y")),
            (str(_l("Dernière connexion")),
             account.last_login_at.strftime("%d/%m/%Y") if account.last_login_at else "—"),
            (str(_l("Mot de passe")), str(_l("haché (argon2id), illisible même pour nous"))),
        ],
        "history": [
            (str(_l("Événements d'apprentissage")),
             str(LearningEvent.select().where(LearningEvent.account_id == me).count())),
            (str(_l("Leçons terminées")), str(LessonProgress.select().where(
                (LessonProgress.account_id == me) & LessonProgress.completed_at.is_null(False)).count())),
            (str(_l("Tentatives de quiz")), str(QuizAttempt.select().where(QuizAttempt.account_id == me).count())),
            (str(_l("Temps passé enregistré")), str(_l("%(m)s min", m=minutes))),
        ],
        "exchanges": [
            (str(_l("Questions posées")), str(Thread.select().where(Thread.author_id == me).count())),
            (str(_l("Messages")), str(Post.select().where(Post.author_id == me).count())),
        ],
        "bouquets": [
            (str(_l("Bouquets soumis")), str(Submission.select().where(Submission.account_id == me).count())),
            (str(_l("Bouquets en cours")), str(Draft.select().where(Draft.account_id == me).count())),
        ],
        "personalisation": [
            (str(_l("Suggestions de modules")), str(Suggestion.select().where(Suggestion.account_id == me).count())),
            (str(_l("Courriels de ressources")),
             str(ResourceMail.select().where(ResourceMail.account_id == me).count())),
            (str(_l("Relances d'assiduité")), str(DropoutNudge.select().where(DropoutNudge.account_id == me).count())),
        ],
        "administrative": [
            (e.session.course.title, f"{e.session.title} · {FUNDING.get(e.funding, e.funding)}") for e in enrollments
        ],
        "consents": [
            (str(_l("Nouveautés (formations, événements)")),
             str(_l("acceptées")) if standing.granted(me) else str(_l("refusées"))),
        ],
        "requests": [],
        "security": [
            (str(_l("Événements enregistrés (connexions, changements, refus d'accès)")),
             str(SecurityEvent.select().where(SecurityEvent.account_id == me).count())),
        ],
    }


