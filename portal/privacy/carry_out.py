"""The dpo carries out a request that arrived off the portal (by post or mail), once the person's
identity is checked: the same export, erasure, rectification, restriction or objection as the person's own,
recorded against the request and told to her, from the dpo. The register keeps how her identity was checked."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import phonenumbers
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal import db
from portal.accounts import lifecycle
from portal.accounts.service import AccountRow
from portal.privacy import consent, erasure, export, identity_check, objection, restriction
from portal.privacy.models import DataRequest, Export
from portal.privacy.requests import (
    CLOSED,
    EXPORT_ASKED,
    RequestRefused,
    close_with_answer,
    closing_told,
    note_step,
)
from portal.privacy.wording import channel
from portal.standing import service as standing
from portal.vault import audit
from portal.vault import service as vault

# What each kind of request is carried out by (the others are answered in words and closed).
CARRIED_OUT = ("access", "portability", "erasure", "objection", "rectification", "restriction", "restriction_lift")
FIELD_WORDS = {"full_name": "nom", "phone": "téléphone", "postal_address": "adresse postale"}
SOURCE = "demande au délégué"


# Someone without an account: we hold nothing of her but her request, so each right is answered in words (by
# mail to the address she gave, or by a letter) and the request closed. The dpo reads and may rewrite them.
WITHOUT_ACCOUNT_ANSWERS = {
    "access": "Nous ne détenons aucune donnée vous concernant : vous n'avez pas de compte chez nous. Seule votre "
              "demande est conservée, pour prouver que nous y avons répondu.",
    "portability": "Nous ne détenons aucune donnée vous concernant : vous n'avez pas de compte chez nous, il n'y a "
                   "donc rien à vous transmettre. Seule votre demande est conservée, pour prouver que nous y avons "
                   "répondu.",
    "erasure": "Nous ne détenons aucune donnée vous concernant : vous n'avez pas de compte chez nous, il n'y a donc "
               "rien à effacer. Seule votre demande est conservée, pour prouver que nous y avons répondu.",
    "rectification": "Nous ne détenons aucune donnée vous concernant : vous n'avez pas de compte chez nous, il n'y a "
                     "donc rien à rectifier.",
    "restriction": "Nous ne détenons aucune donnée vous concernant : vous n'avez pas de compte chez nous, aucun "
                   "traitement n'est donc à limiter.",
    "restriction_lift": "Nous ne détenons aucune donnée vous concernant : vous n'avez pas de compte chez nous, aucune "
                        "limitation n'est donc à lever.",
    "objection": "Nous ne détenons aucune donnée vous concernant : vous n'avez pas de compte chez nous, nous ne "
                 "traitons donc aucune donnée à laquelle vous pourriez vous opposer.",
}


def answer_without_account(request: DataRequest) -> str:
    """The answer offered for a request from someone without an account (empty for anyone else)."""
    if request.requester_id is None or request.closed_at is not None:
        return ""
    return WITHOUT_ACCOUNT_ANSWERS.get(request.kind, "")


def _open_for(request: DataRequest, kinds: tuple[str, ...]) -> AccountRow:
    if request.closed_at is not None:
        raise RequestRefused(_l("Cette demande est close."))
    if request.kind not in kinds:
        raise RequestRefused(_l("Cette action ne répond pas à ce type de demande."))
    if request.requester_id is not None:
        raise RequestRefused(_l("Cette personne n'a pas de compte : nous ne détenons sur elle que sa demande. "
                                "Répondez-lui, puis clôturez la demande."))
    account = lifecycle.not_erased(request.account_id)
    if account is None:
        raise RequestRefused(_l("Le compte de cette demande n'existe plus : répondez par le moyen qui l'a apportée, "
                                "puis clôturez-la."))
    return account


@dataclass(frozen=True)
class Check:
    """How the dpo checked who wrote: a method of identity_check.METHODS and what she compared."""

    method: str = ""
    note: str = ""


def _identity_checked(request: DataRequest, check: Check, actor: audit.Actor) -> str:
    return identity_check.record_check(request, check.method, check.note, actor)


def export_for(request: DataRequest, check: Check, actor: audit.Actor, by_post: bool = False) -> Export:
    """Access or portability: the export the person gets from her space, built by a job and sent by a
    link to the verified address (the request closes when it is ready), or, for an answer by post, handed
    to the dpo as a file from the register (she closes the request once she has sent it)."""
    _open_for(request, ("access", "portability"))
    how = _identity_checked(request, check, actor)
    then = "à envoyer par courrier" if by_post else "en préparation"
    with db.atomic():
        DataRequest.update(answer=f"Identité vérifiée : {how}. Export {then}.", answer_by_post=by_post).where(
            DataRequest.id == request.id).execute()
        request.answer_by_post = by_post
        note_step(request, f"{EXPORT_ASKED} : à télécharger depuis cette demande pour l'envoyer par courrier"
                  if by_post else f"{EXPORT_ASKED} : le lien partira à l'adresse vérifiée du compte dès qu'il est prêt")
        return export.request_export(request.account_id, for_request=request)


def erase_for(request: DataRequest, check: Check, confirmation: str, actor: audit.Actor) -> None:
    """The same erasure as the person's own (legal records archived, nothing left in any file), recorded
    against this request as carried out by the dpo; her farewell mail goes out first."""
    account = _open_for(request, ("erasure",))
    _erasure_confirmed(confirmation)
    how = _identity_checked(request, check, actor)
    erasure.delete_account(account, reason=f"Effacement demandé {channel(request.channel)}, identité vérifiée ({how}), "
                                           "réalisé par le délégué à la protection des données.",
                            step="Compte effacé : ses pièces légales aux archives, tout le reste effacé")


def _erasure_confirmed(confirmation: str) -> None:
    if (confirmation or "").strip().upper() != "EFFACER":
        raise RequestRefused(_l("Tapez EFFACER pour confirmer : l'effacement est définitif."))


# What a person may object to (GDPR art. 21), in the dpo's words: each choice's owner applies it.
MARKETING, IMPROVEMENT = "marketing", "improvement"
OBJECTIONS = {
    MARKETING: _l("Courriels sur nos nouveautés (formations, événements)"),
    IMPROVEMENT: _l("Analyses d'amélioration de nos formations"),
}
# What choosing each does, said to the dpo before she applies it.
OBJECTION_EFFECTS = {
    MARKETING: _l("Son accord aux courriels sur nos nouveautés est retiré, comme par le lien de désinscription : "
                  "elle n'en reçoit plus. Les courriels utiles à sa formation continuent."),
    IMPROVEMENT: _l("Ses données ne comptent plus dans nos chiffres d'ensemble (statistiques des leçons, résultats "
                    "des questionnaires) et on ne lui envoie plus de questionnaire de satisfaction."),
}
# The register's words (steps) and hers (the answer), for each choice.
OBJECTION_STEPS = {MARKETING: "courriels sur nos nouveautés (accord retiré)",
                   IMPROVEMENT: "analyses d'amélioration (hors des chiffres d'ensemble)"}
OBJECTION_ANSWERS = {MARKETING: "vous ne recevrez plus de courriels sur nos nouveautés",
                     IMPROVEMENT: "vos données ne comptent plus dans nos chiffres d'ensemble et nous ne vous "
                                  "enverrons plus de questionnaire de satisfaction"}


def objections_chosen(chosen) -> list[str]:
    """The processings she objects to, in a stable order; refused when none is chosen (her letter says which)."""
    chosen = set(chosen or ())
    if not chosen or not chosen <= set(OBJECTIONS):
        raise RequestRefused(_l("Cochez ce à quoi la personne s'oppose, comme sa demande le dit : les courriels sur "
                                "nos nouveautés, les analyses d'amélioration, ou les deux."))
    return [code for code in OBJECTIONS if code in chosen]


def objection_answer(chosen: list[str]) -> str:
    """What she is told, without how her identity was checked (the register keeps that)."""
    return f"Opposition prise en compte : {' ; '.join(OBJECTION_ANSWERS[code] for code in chosen)}."


def object_for(request: DataRequest, check: Check, chosen, actor: audit.Actor) -> None:
    """Objection to what she named only: marketing mail (her consent withdrawn, as the unsubscribe link does,
    and recorded even when she had never given it, since she said no), and her data left out of the improvement
    aggregates (as her own click in the privacy center does)."""
    _open_for(request, ("objection",))
    identity_check.check_words(check.method, check.note)
    chosen = objections_chosen(chosen)
    _identity_checked(request, check, actor)
    with db.atomic():
        if MARKETING in chosen:
            consent.record(request.account_id, False, SOURCE, even_unchanged=True)
        if IMPROVEMENT in chosen:
            objection.record(request.account_id, True)
        note_step(request, f"Opposition appliquée : {' ; '.join(OBJECTION_STEPS[code] for code in chosen)}")
        close_with_answer(request, objection_answer(chosen))


def rectify_for(request: DataRequest, check: Check, actor: audit.Actor, *, full_name: str = "",
                phone: str = "", postal_address: str = "") -> None:
    """Rectification asked by post or mail: the fields she asked to correct, nothing else. Documents
    already issued keep the name they carry (staff issue a new version of a certificate)."""
    _open_for(request, ("rectification",))
    identity_check.check_words(check.method, check.note)
    full_name, phone, postal_address = rectification_given(full_name, phone, postal_address)
    _identity_checked(request, check, actor)
    changed = vault.rectify_for_staff(request.account_id, actor, f"Rectification demandée {channel(request.channel)}",
                                      full_name=full_name, phone=phone, postal_address=postal_address)
    note_step(request, f"Rectification faite : {', '.join(FIELD_WORDS[name] for name in changed)}")
    close_with_answer(request, rectification_answer(changed))


def rectification_given(full_name: str, phone: str, postal_address: str) -> tuple[str, str, str]:
    """What she asked to correct, checked (the phone in its international form); refused when nothing is given."""
    full_name, phone, postal_address = (full_name or "").strip(), (phone or "").strip(), (postal_address or "").strip()
    if not (full_name or phone or postal_address):
        raise RequestRefused(_l("Indiquez ce qui est à corriger : le nom, le téléphone ou l'adresse postale."))
    if len(full_name) > 120 or len(postal_address) > 500:
        raise RequestRefused(_l("Nom : 120 caractères au plus ; adresse : 500 au plus."))
    if phone:
        try:
            parsed = phonenumbers.parse(phone, "FR")
        except phonenumbers.NumberParseException:
            parsed = None
        if parsed is None or not phonenumbers.is_valid_number(parsed):
            raise RequestRefused(_l("Ce numéro de téléphone n'est pas valide."))
        phone = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return full_name, phone, postal_address


def rectification_answer(changed) -> str:
    """What she is told: which of her details were corrected (not their values, nor how her identity was
    checked); documents are mentioned only when her name changed, since they carry it."""
    if not changed:
        return "Rectification : ce que vous nous avez indiqué figurait déjà dans votre compte, rien n'était à corriger."
    fields = [f"votre {FIELD_WORDS[name]}" for name in changed]
    said = fields[0] if len(fields) == 1 else f"{', '.join(fields[:-1])} et {fields[-1]}"
    answer = f"Rectification faite : nous avons corrigé {said} dans votre compte."
    if "full_name" in changed:
        answer += (" Les documents déjà émis (attestations, factures) gardent le nom qu'ils portaient ; une "
                   "nouvelle version d'une attestation à votre nom corrigé peut être demandée en répondant à ce "
                   "message.")
    return answer


def _restriction_checked(request: DataRequest, ground: str) -> None:
    if ground not in restriction.GROUNDS or ground == restriction.OTHER:  # the four grounds of art. 18(1)
        raise RequestRefused(_l("Choisissez le motif de la limitation que la personne invoque."))
    if standing.is_restricted(request.account_id):
        raise RequestRefused(_l("Le traitement de ses données est déjà limité : levez la limitation quand son motif "
                                "a cessé."))


def restrict_for(request: DataRequest, check: Check, ground: str, actor: audit.Actor) -> None:
    """Restriction asked by post or mail: her data kept, no longer used (art. 18), on the ground she gave. The
    request stays open until the restriction is lifted; she is told it applies."""
    _open_for(request, ("restriction",))
    _restriction_checked(request, ground)
    _identity_checked(request, check, actor)  # kept apart, in the register: never in what she is told
    restriction.apply_requested(request, ground, f"Limitation appliquée : {restriction.register_words(ground, '')}.")
    note_step(request, f"Limitation appliquée : {restriction.register_words(ground, '')}")


def _lifting_checked(request: DataRequest) -> None:
    if not standing.is_restricted(request.account_id):
        raise RequestRefused(_l("Le traitement de ses données n'est pas limité."))


def lifting_told(request: DataRequest, reason: str, lift_on: date | None) -> tuple[str, dict]:
    """What lifting a restriction tells her next, checked as lifting will check it: her own request to lift it,
    its lifting at once; a restriction whose ground has ceased, first the day and the reason announced to her
    (article 18(3)), then, on or after that day, its lifting for the reason announced."""
    _lifting_checked(request)
    try:
        if request.kind == "restriction" and request.lift_on is None:
            return restriction.LIFT_ANNOUNCED, restriction.announcement_told(
                *restriction.announcement_checked(lift_on, reason))
        if request.kind == "restriction":
            return restriction.LIFTED, {"reason": restriction.check_lift_due(request)}
    except restriction.RestrictionRefused as refusal:
        raise RequestRefused(refusal.message, field=refusal.field) from None
    if not (reason or "").strip():
        raise RequestRefused(_l("Indiquez la raison de la levée."))
    return restriction.LIFTED, {"reason": reason.strip()}


def lift_for(request: DataRequest, check: Check, reason: str, actor: audit.Actor, lift_on: date | None = None
             ) -> bool:
    """The restriction lifted, with its reason: when she asks for it (a lifting request, her identity checked when it
    came off the portal), at once; when its ground has ceased (a restriction request), in two steps, since she must
    be told before it is lifted (article 18(3)): the day and the reason announced to her first, then the lifting on
    or after that day. She is told each time. False: announced, not lifted yet."""
    _open_for(request, ("restriction", "restriction_lift"))
    template, told = lifting_told(request, reason, lift_on)
    if request.kind == "restriction_lift":
        _identity_checked(request, check, actor)
    try:
        if template == restriction.LIFT_ANNOUNCED:
            restriction.announce_lift(request, lift_on, reason)
            note_step(request, f"Levée de la limitation annoncée à la personne pour le {lift_on:%d/%m/%Y} : "
                               f"{told['reason']}")
            return False
        restriction.lift(request.account_id, told["reason"])
    except restriction.RestrictionRefused as refusal:
        raise RequestRefused(refusal.message, field=refusal.field) from None
    note_step(request, "Limitation levée")
    return True


# Carried out, they tell her at once (an erasure, a restriction or its lifting, an objection, a rectification):
# the dpo reads what she will receive first. An export's answer is its link, sent when it is ready.
TOLD_BEFORE = ("objection", "rectification", "erasure", "restriction", "restriction_lift")


def _checked_words(request: DataRequest, check: Check) -> None:
    """Her identity check said as carrying out will record it (a request from her own space needs none)."""
    if identity_check.needs_check(request):
        identity_check.check_words(check.method, check.note)


def told_before(request: DataRequest, given: Execution) -> tuple[str, dict]:
    """The mail carrying out the request will send her (its template and what it says), checked as carrying it
    out would check it, with nothing written (a field asked and already as she wrote it is said to be corrected
    here). Nothing of how her identity was checked is in it."""
    _open_for(request, TOLD_BEFORE)
    if request.kind == "erasure":
        _erasure_confirmed(given.confirmation)
        _checked_words(request, given.check)
        # Read (and printed) before her records are archived: what the archive will keep of her is not known yet, her
        # farewell mail, written once they are, lists them.
        return erasure.FAREWELL, {"before_archived": True}
    if request.kind == "restriction_lift" or (request.kind == "restriction"
                                              and standing.is_restricted(request.account_id)):
        told = lifting_told(request, given.reason, given.lift_on)
        if request.kind == "restriction_lift":
            _checked_words(request, given.check)
        return told
    if request.kind == "restriction":
        _restriction_checked(request, given.ground)
        _checked_words(request, given.check)
        return restriction.APPLIED, {"ground": restriction.told_words(given.ground, "")}
    identity_check.check_words(given.check.method, given.check.note)
    if request.kind == "objection":
        return CLOSED, closing_told(request, objection_answer(objections_chosen(given.objections)))
    names = ("full_name", "phone", "postal_address")
    values = rectification_given(given.full_name, given.phone, given.postal_address)
    answer = rectification_answer([name for name, value in zip(names, values, strict=True) if value])
    return CLOSED, closing_told(request, answer)


@dataclass(frozen=True)
class Execution:
    """What the dpo typed in the carry-out form; each kind of request reads what it needs."""

    check: Check = Check()
    confirmation: str = ""
    full_name: str = ""
    phone: str = ""
    postal_address: str = ""
    ground: str = ""
    reason: str = ""
    lift_on: date | None = None  # the day a restriction will be lifted, announced to her before (art. 18(3))
    by_post: bool = False  # an export handed over as a file for a postal answer, not as a link
    objections: tuple[str, ...] = ()  # what an objection is to (OBJECTIONS)


def execute(request: DataRequest, given: Execution, actor: audit.Actor) -> str:
    """Carries out the request as its kind says; returns what was done, in words, for the dpo."""
    check = given.check
    if request.kind in ("access", "portability"):
        export_for(request, check, actor, given.by_post)
        if given.by_post:
            return _("Export en préparation : dès qu'il est prêt, téléchargez-le depuis la demande pour "
                     "l'envoyer par courrier, puis clôturez-la.")
        return _("Export en préparation : la personne recevra le lien à son adresse vérifiée, et la demande sera "
                 "close quand il sera prêt.")
    if request.kind == "rectification":
        rectify_for(request, check, actor, full_name=given.full_name, phone=given.phone,
                    postal_address=given.postal_address)
        return _("Rectification faite ; la personne en est informée.")
    if request.kind == "erasure":
        erase_for(request, check, given.confirmation, actor)
        return _("Compte effacé ; ses pièces légales sont aux archives et la demande est close.")
    if request.kind == "objection":
        object_for(request, check, given.objections, actor)
        return _("Opposition prise en compte ; la personne en est informée.")
    if request.kind == "restriction" and not (request.account_id and standing.is_restricted(request.account_id)):
        restrict_for(request, check, given.ground, actor)
        return _("Limitation appliquée ; la personne en est informée. La demande reste ouverte jusqu'à la levée.")
    if not lift_for(request, check, given.reason, actor, given.lift_on):
        return _("Levée annoncée : la personne en est informée par courriel. Levez la limitation à partir du "
                 "%(d)s.", d=given.lift_on.strftime("%d/%m/%Y"))
    return _("Limitation levée ; la personne en est informée et la demande est close.")
