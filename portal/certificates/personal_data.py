"""What certificates hold about a person: the attestations issued to her (the name printed on them is
the vault's), their signed badges and PDFs, and what the legal archive keeps of them."""
from __future__ import annotations

import json
from datetime import date

from flask_babel import lazy_gettext as _l

from portal.archive import service as archive
from portal.certificates import badges, public_check, service
from portal.certificates.models import Certificate, CertificateCheck
from portal.certificates.short_code import printed
from portal.i18n import FrenchWithin
from portal.learning.models import Course, TrainingSession
from portal.personal_data.registry import LEGAL, Archived, Declaration, Person, iso
from portal.personal_data.table import BY_KEY
from portal.vault import service as vault


def _held(person: Person) -> list[tuple[str, str]]:
    return [(FrenchWithin(_l("Attestation : %(c)s"), c=c.course.title),
             str(_l("code %(code)s, version %(v)s", v=c.version,
                    code=printed(c.short_code) if c.short_code else c.code)))
            for c in service.of_account(person.account_id)]


def _exported(person: Person) -> dict:
    return {"administrative": {"certificates": [
        {"code": c.code, "short_code": c.short_code, "version": c.version, "course": c.course.title,
         "course_version": c.course_version, "issued_at": iso(c.issued_at), "hours": c.hours,
         "name_as_printed": vault.certificate_holder(c.code), "superseded_by": c.superseded_by}
        for c in service.of_account(person.account_id)]}}


def _files(person: Person) -> list:
    """Each attestation as printed, and its Open Badges 3.0 credential."""
    return ([(f"documents/attestation-{c.code}.pdf", service.pdf(c)) for c in service.of_account(person.account_id)]
            + badges.export_files(person.account_id))


def _archive(person: Person) -> None:
    """Issued certificates are legal records: kept with the name as printed, 10 years after the training."""
    with archive.archive_transaction():
        for c in (Certificate.select(Certificate, Course, TrainingSession).join(Course).switch(Certificate)
                  .join(TrainingSession).where(Certificate.account_id == person.account_id)):
            payload = {"code": c.code, "short_code": c.short_code,
                       "holder": vault.certificate_holder(c.code) or person.full_name,
                       "course": c.course.title, "course_version": c.course_version, "version": c.version,
                       "issued_at": c.issued_at.isoformat(), "hours": c.hours, "results": json.loads(c.results),
                       "superseded_by": c.superseded_by, "superseded_at": iso(c.superseded_at)}
            archive.keep(person.account_id, "certificate", c.code, payload,
                         archive.years_after(c.session.ends_on, BY_KEY["contracts"].archive_years))


def _erase(person: Person) -> None:
    Certificate.delete().where(Certificate.account_id == person.account_id).execute()


def _checks_held(person: Person) -> list[tuple[str, str]]:
    return [(str(_l("Vérification publique de l'attestation %(code)s", code=printed(c.short_code) if c.short_code
                    else c.code)),
             str(_l("sa formation, ses dates et sa validité ; votre nom seulement sous forme d'empreinte")))
            for c in service.of_account(person.account_id)]


def _expire_checks(as_of: date, held_back: frozenset) -> int:
    return public_check.purge_due(as_of)


DECLARATIONS = (
    Declaration(
        roles=("learner",),
        key="certificates.issued", topic="administrative", label=_l("Attestations de fin de formation"),
        models=(Certificate, "certificate_holder"), retention=BY_KEY["contracts"], basis=LEGAL,
        purpose=_l("Délivrer vos attestations et permettre à quiconque de vérifier leur authenticité."),
        while_restricted=_l("Conservées et toujours vérifiables par leur code ; aucune nouvelle attestation "
                            "n'est délivrée sans votre accord."),
        held=_held, export=_exported, files=_files, archive=_archive, erase=_erase,
        archived=Archived("certificate", BY_KEY["contracts"])),
    Declaration(
        roles=("learner",),
        key="certificates.public_check", topic="administrative", label=_l("Vérification publique des attestations"),
        models=(CertificateCheck,), retention=BY_KEY["contracts"], basis=LEGAL,
        purpose=_l("Permettre à un employeur ou un financeur de vérifier une attestation par son code : il voit la "
                   "formation, les dates et la validité, jamais votre nom ; il peut seulement saisir le nom imprimé "
                   "et savoir s'il correspond."),
        while_restricted=_l("La vérification continue : elle sert la personne qui présente son attestation."),
        held=_checks_held, expire=_expire_checks),
)
