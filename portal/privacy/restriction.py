"""Restriction of processing (GDPR art. 18): the person (or the dpo) sets it on one of the grounds the
regulation allows, the person may ask for it to be lifted, only the dpo lifts it; each step is a request
in the register, with what the person wrote."""
from __future__ import annotations

import uuid
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l

from portal import db, mail
from portal.privacy.models import DataRequest
from portal.privacy.requests import close_request, mails_about, open_request, tell
from portal.refusals import Refused
from portal.standing import restriction as mark
from portal.standing import service as standing
from portal.standing.restriction import LEGAL_CLAIM, OTHER
from portal.timeutil import paris_today

# The grounds of article 18(1), in the words the person reads; OTHER asks for her own.
GROUNDS = {
    mark.ACCURACY: _l("Je conteste l'exactitude de mes données, le temps de leur vérification"),
    mark.UNLAWFUL: _l("Le traitement me semble illicite, mais je ne veux pas l'effacement de mes données"),
    LEGAL_CLAIM: _l("J'ai besoin que mes données soient conservées pour faire valoir un droit en justice"),
    mark.OBJECTION: _l("J'ai fait opposition à un traitement, le temps que mes raisons soient examinées"),
    OTHER: _l("Autre raison (précisez)"),
}


# The same grounds as the register and the dpo read them (article 18(1) a to d): about the person, not in her voice.
GROUNDS_SEEN = {
    mark.ACCURACY: _l("Exactitude des données contestée par la personne, le temps de la vérifier"),
    mark.UNLAWFUL: _l("Traitement jugé illicite par la personne, qui demande la limitation plutôt que l'effacement"),
    LEGAL_CLAIM: _l("Données nécessaires à la personne pour constater, exercer ou défendre un droit en justice"),
    mark.OBJECTION: _l("Opposition de la personne au traitement, le temps de vérifier si nos motifs prévalent"),
    OTHER: _l("Autre motif, précisé par la personne"),
}


# The same grounds as her mails tell them back to her (« Motif : Vous contestez… »): to her, not in her voice.
GROUNDS_TOLD = {
    mark.ACCURACY: _l("Vous contestez l'exactitude de vos données, le temps de leur vérification"),
    mark.UNLAWFUL: _l("Le traitement vous semble illicite, et vous demandez sa limitation plutôt que l'effacement de "
                      "vos données"),
    LEGAL_CLAIM: _l("Vos données vous sont nécessaires pour constater, exercer ou défendre un droit en justice"),
    mark.OBJECTION: _l("Vous vous êtes opposé(e) à un traitement, le temps de vérifier si nos motifs prévalent"),
    OTHER: _l("Autre motif, que vous avez précisé"),
}


class RestrictionRefused(Refused):
    pass


def told_words(ground: str, details: str) -> str:
    """The ground as her mail tells it back to her (to her, not in her voice), and what she added."""
    words = str(GROUNDS_TOLD.get(ground, GROUNDS_TOLD[OTHER]))
    return f"{words} — {details.strip()}" if details and details.strip() else words


def register_words(ground: str, details: str) -> str:
    """What the register keeps and the dpo reads: the ground about the person, and her own words when she gave
    some."""
    words = str(GROUNDS_SEEN.get(ground, GROUNDS_SEEN[OTHER]))
    return f"{words} — {details.strip()}" if details and details.strip() else words


def restrict(account_id: uuid.UUID, channel: str = "espace", detail: str | None = None,
             ground: str | None = None, received_on: date | None = None) -> DataRequest:
    with db.atomic():
        request = open_request(account_id, "restriction", channel, detail, received_on)
        mark.mark_restricted(account_id, ground)
    return request


APPLIED, LIFTED = "restriction_applied", "restriction_lifted"  # the mails that tell her


def lift(account_id: uuid.UUID, reason: str) -> None:
    reason = (reason or "").strip()
    if not reason:
        raise RestrictionRefused(_l("Indiquez la raison de la levée."))
    with db.atomic():
        if not mark.clear_restricted(account_id):
            raise RestrictionRefused(_l("Ce compte n'est pas limité."))
        closed = list(DataRequest.select().where((DataRequest.account_id == account_id)
                                                 & DataRequest.kind.in_(["restriction", "restriction_lift"])
                                                 & DataRequest.closed_at.is_null()).order_by(DataRequest.id))
        for request in closed:
            close_request(request, f"Limitation levée : {reason}")
        # Its copy goes with the request it answers: her asking to lift it, or else the restriction itself.
        answered = next((r for r in closed if r.kind == "restriction_lift"), closed[0] if closed else None)
        mail.send(account_id, LIFTED, reason=reason, from_dpo=True,
                  keep=mails_about(answered) if answered else None)


LIFT_ANNOUNCED = "restriction_lift_announced"  # the mail that tells her, before, the day it will be lifted
LONGEST_NOTICE_DAYS = 92  # a lifting announced further off is not a lifting: her ground may have changed by then


def announce_lift(request: DataRequest, on: date | None, reason: str) -> None:
    """Article 18(3): she is told before her restriction is lifted. The dpo sets the day (tomorrow at the earliest)
    and the reason; the mail goes now, the restriction stays until that day, when lift() may be done."""
    on, reason = announcement_checked(on, reason)
    with db.atomic():
        if request.lift_on is not None:
            raise RestrictionRefused(_l("La levée est déjà annoncée pour le %(d)s.", d=request.lift_on.strftime(
                "%d/%m/%Y")))
        DataRequest.update(lift_on=on, lift_reason=reason).where(DataRequest.id == request.id).execute()
        request.lift_on, request.lift_reason = on, reason
        tell(request, LIFT_ANNOUNCED, **announcement_told(on, reason))


def announcement_checked(on: date | None, reason: str) -> tuple[date, str]:
    """The day and the reason of a lifting to announce, as announce_lift() will take them (the dpo reads the mail
    before it goes)."""
    reason = (reason or "").strip()
    if not reason:
        raise RestrictionRefused(_l("Indiquez la raison de la levée."))
    today = paris_today()
    if on is None or on <= today or on > today + timedelta(days=LONGEST_NOTICE_DAYS):
        raise RestrictionRefused(_l("Choisissez le jour de la levée, entre demain et dans trois mois : la personne "
                                    "doit en être informée avant (article 18.3 du RGPD)."), field="lift_on")
    return on, reason


def announcement_told(on: date, reason: str) -> dict:
    """What the announcement mail says: the day and the reason."""
    return {"on": on.strftime("%d/%m/%Y"), "reason": reason}


def check_lift_due(request: DataRequest) -> str:
    """A restriction is lifted only once she was told, on or after the day announced; returns the reason told."""
    if request.lift_on is None:
        raise RestrictionRefused(_l("Prévenez d'abord la personne de la levée, avec sa date (article 18.3 du RGPD)."))
    if paris_today() < request.lift_on:
        raise RestrictionRefused(_l("La levée est annoncée pour le %(d)s : la limitation pourra être levée à partir "
                                    "de ce jour.", d=request.lift_on.strftime("%d/%m/%Y")))
    return request.lift_reason or ""


def apply_requested(request: DataRequest, ground: str, answer: str) -> None:
    """A restriction request received off the portal, carried out by the dpo: the mark set, the request
    advanced (it closes when the restriction is lifted), the person told from the dpo."""
    with db.atomic():
        mark.mark_restricted(request.account_id, ground)
        DataRequest.update(answer=answer, detail=request.detail or register_words(ground, "")).where(
            DataRequest.id == request.id).execute()
        tell(request, APPLIED, ground=told_words(ground, ""))


def pending_lift(account_id: uuid.UUID) -> DataRequest | None:
    return DataRequest.get_or_none((DataRequest.account_id == account_id) & (DataRequest.kind == "restriction_lift")
                                   & DataRequest.closed_at.is_null())


def ask_lift(account_id: uuid.UUID, reason: str) -> DataRequest:
    """The person asks the dpo to lift her restriction: a request in the register (one at a time)."""
    reason = (reason or "").strip()
    if not reason:
        raise RestrictionRefused(_l("Dites en quelques mots pourquoi la limitation peut être levée."))
    with db.atomic():
        db.person_lock(account_id, "restriction")
        if not standing.is_restricted(account_id):
            raise RestrictionRefused(_l("Le traitement de vos données n'est pas limité."))
        waiting = pending_lift(account_id)
        if waiting is not None:
            return waiting
        return open_request(account_id, "restriction_lift", "espace", reason)
