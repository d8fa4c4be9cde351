"""What the privacy center shows a person about the data held on them."""
from __future__ import annotations

import peewee
from flask_babel import lazy_gettext as _l

from portal.accounts.models import Account
from portal.bouquets.models import Draft, Submission
from portal.certificates.short_code import printed
from portal.formatting import money as format_money
from portal.forum.models import Post, Thread
from portal.funding.wording import FUNDER_LABELS
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
from portal.privacy import records, standing
from portal.privacy.models import DataRequest
from portal.privacy.wording import request_kind
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
        ] + _administrative(me),
        "consents": [
            (str(_l("Nouveautés (formations, événements)")),
             str(_l("acceptées")) if standing.granted(me) else str(_l("refusées"))),
        ],
        "requests": [(str(request_kind(r["kind"])), _request_state(r)) for r in _requests(me)],
        "security": [
            (str(_l("Événements enregistrés (connexions, changements, refus d'accès)")),
             str(SecurityEvent.select().where(SecurityEvent.account_id == me).count())),
        ],
    }




STATE_WORDS = {"paid": _l("payée"), "confirming": _l("paiement en cours de confirmation"), "due": _l("à payer"),
               "cancelled": _l("annulée par un avoir"), "credit_note": _l("avoir")}
FUNDING_STATUS_WORDS = {"brouillon": _l("en préparation"), "depose": _l("déposé chez le financeur"),
                        "accepte": _l("accepté"), "refuse": _l("refusé"), "paye": _l("payé par le financeur")}


def _administrative(me) -> list[tuple[str, str]]:
    """Invoices, certificates, funding files and time of training: each in a line, in words."""
    items = [(str(_l("Facture %(n)s", n=i["number"])),
              f"{format_money(i['total_cents'])} · {STATE_WORDS.get(i['status'], '')}") for i in records.invoices(me)]
    items += [(str(_l("Attestation : %(c)s", c=c["course"])),
               str(_l("code %(code)s, version %(v)s", v=c["version"],
                      code=printed(c["short_code"]) if c["short_code"] else c["code"])))
              for c in records.certificates_of(me)]
    items += [(str(_l("Dossier de financement : %(c)s", c=f["course"])),
               f"{FUNDER_LABELS.get(f['funder_type'], f['funder_type'])} · "
               f"{FUNDING_STATUS_WORDS.get(f['status'], '')}") for f in records.funding_files(me)]
    items += [(str(_l("Temps de formation : %(c)s", c=a["course"])), f"{a['hours'].replace('.', ',')} h")
              for a in records.attendance_of(me)]
    return items


def _requests(me) -> list[dict]:
    return [{"kind": r.kind, "received_at": r.received_at, "closed_at": r.closed_at}
            for r in DataRequest.select().where(DataRequest.account_id == me).order_by(DataRequest.received_at)]


def _request_state(r: dict) -> str:
    received = r["received_at"].strftime("%d/%m/%Y")
    if r["closed_at"]:
        return str(_l("reçue le %(r)s, close le %(c)s", r=received, c=r["closed_at"].strftime("%d/%m/%Y")))
    return str(_l("reçue le %(r)s, en cours", r=received))
