"""What mail keeps about a person: the once-keys of the mails sent to her (their kind and when, so a
retried job mails nobody twice), and, in the file outbox of a portal without a relay, the mails
themselves until they are sent."""
from __future__ import annotations

from email import message_from_bytes
from email.policy import default as email_policy
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l

from portal.mail import ABOUT_HEADER, about_tag
from portal.mail.models import KeptMail, SentNotification
from portal.personal_data.registry import CONTRACT, LEGAL, Declaration, Person, iso
from portal.personal_data.table import BY_KEY

# What each once-key says it was (the key names the account; its first word the mail).
NOTIFICATION_WORDS = {
    "incident": "avis d'incident de sécurité", "news": "lettre de nouveautés",
    "overdue": "rappel des questions en attente", "weekly": "résumé hebdomadaire des questions",
    "question": "question d'un stagiaire", "locked": "compte verrouillé après des échecs de connexion",
    "stuffing": "alerte de sécurité", "report": "rapport de sécurité trimestriel", "release": "module ouvert",
    "update": "formation mise à jour", "resources": "ressources sur un thème", "session": "début de session",
}


def _mine(person: Person):
    return (SentNotification.select().where(SentNotification.key.contains(str(person.account_id)))
            .order_by(SentNotification.created_at))


def _held(person: Person) -> list[tuple[str, str]]:
    """Only the mails sent once by a job (reminders, digests, alerts) leave a mark naming her: it is no log of
    every mail (a dpo walk read « 0 » after three mails answering her requests), and says so."""
    return [(str(_l("Courriels automatiques marqués comme envoyés")),
             str(_l("%(n)s — rappels, résumés et alertes gardent une marque pour ne pas partir deux fois ; nous "
                    "ne gardons pas de copie des autres courriels, sauf ceux qui répondent à vos demandes : leur "
                    "texte (sans votre nom ni votre adresse) et leur date d'envoi sont gardés avec la demande, "
                    "comme preuve de la réponse.", n=_mine(person).count())))]


def _exported(person: Person) -> dict:
    return {"administrative": {"notifications": [
        {"kind": NOTIFICATION_WORDS.get(row.key.split(":", 1)[0], "courriel"), "at": iso(row.created_at)}
        for row in _mine(person)]}}


def _erase(person: Person) -> None:
    SentNotification.delete().where(SentNotification.key.contains(str(person.account_id))).execute()
    _scrub_outbox(person)


def _scrub_outbox(person: Person) -> None:
    """The file outbox (a portal without a relay): mails to her, or about her (her question, sent to her
    trainer), leave the disk."""
    outbox = Path(current_app.instance_path) / "outbox"
    if not outbox.is_dir():
        return
    tag = about_tag(person.account_id)
    for path in outbox.glob("*.eml"):
        message = message_from_bytes(path.read_bytes(), policy=email_policy)
        to_her = bool(person.email) and person.email.casefold() in str(message.get("To", "")).casefold()
        if to_her or message.get(ABOUT_HEADER) == tag:
            path.unlink(missing_ok=True)


DECLARATIONS = (
    Declaration(
        key="mail.sent", topic="mails", label=_l("Courriels envoyés"), models=(SentNotification,),
        retention=BY_KEY["operations"], basis=CONTRACT,
        purpose=_l("Ne jamais vous envoyer deux fois le même courriel."),
        while_restricted=_l("Seuls les courriels liés à votre formation et à vos droits vous parviennent."),
        held=_held, export=_exported, erase=_erase),
    Declaration(
        # Shown with her requests, whose register removes them (privacy.requests' expiry): nothing of their own.
        roles=(), key="mail.kept", topic="requests", label=_l("Copies des courriels répondant aux demandes"),
        models=(KeptMail,), retention=BY_KEY["requests"], basis=LEGAL,
        purpose=_l("Prouver ce que le délégué a répondu à une demande sur vos données, et quand le courriel est "
                   "parti : son texte, sans votre nom ni votre adresse."),
        while_restricted=_l("Conservées telles quelles.")),
)
