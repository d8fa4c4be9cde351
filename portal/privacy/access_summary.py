"""The answer to a right of access in words (GDPR article 15), put in every export beside data.json: for each
thing the portal holds about her, what it is for, on what basis, how long it is kept, and what it holds of
her today — the same as /mes-donnees shows, on paper for a letter sent by post."""
from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _

from portal.accounts.service import AccountRow
from portal.documents import pdf_document
from portal.personal_data.registry import Person
from portal.privacy.recipients import RECIPIENTS
from portal.privacy.service import sections
from portal.timeutil import paris_today


def _kept(declaration) -> str:
    rule = declaration.retention
    active = _(rule.active)
    if rule.archive_years is None:
        return _("%(active)s, sans archivage", active=active)
    archive = _(rule.archive)
    return _("%(active)s ; archivage : %(archive)s", active=active, archive=archive[:1].lower() + archive[1:])


def summary_pdf(account: AccountRow, person: Person, by_post: bool = False) -> bytes:
    """person: as the export is built (its export_id: the export this document is part of); by_post: the dpo
    sends it by post, in answer to her letter (no link to download)."""
    pdf = pdf_document("Vos données personnelles")
    sent = ("Ce document vous est envoyé par courrier par le délégué à la protection des données, en réponse à "
            "votre lettre. " if by_post else "")
    pdf.line(f"Établi le {paris_today():%d/%m/%Y} pour {person.full_name or account.display_name}, en réponse à "
             f"votre droit d'accès (article 15 du RGPD). {sent}Les fichiers data.json et xapi-statements.json de "
             "cet envoi contiennent les mêmes données sous une forme qu'un autre service peut relire.")
    for section in sections(account, person):
        pdf.heading(str(section.topic.label))
        for holding in section.holdings:
            declaration = holding.declaration
            if str(declaration.label) != str(section.topic.label):  # said once, not as its heading's echo
                pdf.subheading(str(declaration.label))
            pdf.field("Finalité", str(declaration.purpose))
            pdf.field("Base légale", str(declaration.basis))
            pdf.field("Conservation", _kept(declaration))
            for label, value in holding.items or [("Ce que nous en gardons", "rien à ce jour")]:
                pdf.field(str(label), str(value))
            for what, words in declaration.writings(person):  # her texts themselves, not only their count
                pdf.subheading(what, size=9)
                pdf.line(words)
                pdf.ln(1.5)
    pdf.heading("Qui reçoit vos données")
    pdf.line("En dehors de l'équipe de Pétale, vos données ne sont transmises qu'à :")
    for recipient in RECIPIENTS:
        pdf.field(recipient.who, recipient.receives)
        pdf.ln(1.5)  # one recipient apart from the next
    pdf.heading("Vos droits")
    pdf.line("Vous pouvez demander la rectification ou l'effacement de vos données, la limitation de leur "
             "traitement, vous opposer à leur usage pour améliorer nos formations, et en recevoir une copie "
             "lisible par une machine. Écrivez au délégué à la protection des données : "
             f"{current_app.config['DPO_EMAIL']}. Vous pouvez aussi saisir la CNIL (www.cnil.fr).")
    return pdf.bytes()
