"""The dpo carries out a request that arrived off the portal (by post or mail), once the person's
identity is checked: the same export, erasure or objection as the person's own, recorded against the
request and told to her. The register keeps how her identity was checked."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal import db
from portal.accounts.models import DELETED, Account
from portal.privacy import consent, erasure, export
from portal.privacy.models import DataRequest, Export
from portal.privacy.requests import RequestRefused, close_with_answer
from portal.vault import audit

# What each kind of request is carried out by (the others are answered in words and closed).
CARRIED_OUT = ("access", "portability", "erasure", "objection")
SOURCE = "demande au délégué"


def _open_for(request: DataRequest, kinds: tuple[str, ...]) -> Account:
    if request.closed_at is not None:
        raise RequestRefused(_l("Cette demande est close."))
    if request.kind not in kinds:
        raise RequestRefused(_l("Cette action ne répond pas à ce type de demande."))
    account = Account.get_or_none((Account.id == request.account_id) & (Account.status != DELETED))
    if account is None:
        raise RequestRefused(_l("Le compte de cette demande n'existe plus : répondez par le moyen qui l'a apportée, "
                                "puis clôturez-la."))
    return account


def _identity_checked(request: DataRequest, how: str, actor: audit.Actor) -> str:
    how = (how or "").strip()
    if not how:
        raise RequestRefused(_l("Indiquez comment l'identité de la personne a été vérifiée (par exemple : copie "
                                "d'une pièce d'identité reçue le …, question de contrôle)."))
    try:
        audit.record(actor, request.account_id, "lecture", ["identite"], reason=f"Vérification d'identité : {how}",
                     workflow="registre des demandes")
    except audit.ReasonNamesSomeone:
        raise RequestRefused(_l("Décrivez la vérification sans le nom, l'adresse ni le téléphone de la personne : "
                                "le journal des accès la garde.")) from None
    return how


def export_for(request: DataRequest, identity_check: str, actor: audit.Actor) -> Export:
    """Access or portability: the export the person gets from her space, built by a job and sent by a
    link to the verified address; the request closes when it is ready."""
    _open_for(request, ("access", "portability"))
    how = _identity_checked(request, identity_check, actor)
    with db.atomic():
        DataRequest.update(answer=f"Identité vérifiée : {how}. Export en préparation.").where(
            DataRequest.id == request.id).execute()
        return export.request_export(request.account_id, for_request=request)


def erase_for(request: DataRequest, identity_check: str, confirmation: str, actor: audit.Actor) -> None:
    """The same erasure as the person's own (legal records archived, nothing left in any file), recorded
    against this request as carried out by the dpo; her farewell mail goes out first."""
    account = _open_for(request, ("erasure",))
    if (confirmation or "").strip().upper() != "EFFACER":
        raise RequestRefused(_l("Tapez EFFACER pour confirmer : l'effacement est définitif."))
    how = _identity_checked(request, identity_check, actor)
    erasure.delete_account(account, reason=f"Effacement demandé {_channel(request)}, identité vérifiée ({how}), "
                                           "réalisé par le délégué à la protection des données.")


def object_for(request: DataRequest, identity_check: str, actor: audit.Actor) -> None:
    """Objection: no more marketing mail (her consent withdrawn, as the unsubscribe link does); her
    data is left out of the improvement aggregates once that processing exists."""
    _open_for(request, ("objection",))
    how = _identity_checked(request, identity_check, actor)
    consent.record(request.account_id, False, SOURCE)
    close_with_answer(request, f"Opposition prise en compte (identité vérifiée : {how}) : plus aucune communication "
                               "sur nos nouveautés.")


def _channel(request: DataRequest) -> str:
    return {"courrier": "par courrier", "courriel": "par courriel"}.get(request.channel, "depuis son espace")
