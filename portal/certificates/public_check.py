"""The public check of a certificate (/certificats/verifier): read from its own narrow table, never from
the legal archive nor from the holder's account, so that it answers the same way whether she still has
one. The name is never shown: a verifier types the name printed on the paper and is told whether it
matches (case, accents, hyphens and the order of the names do not matter)."""
from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app

from portal.archive import service as archive
from portal.certificates.models import Certificate, CertificateCheck
from portal.textfold import fold
from portal.timeutil import paris_day
from portal.vault import service as vault

YEARS_KEPT = 10  # "Documents contractuels : 10 ans après fin de formation", as the certificate itself


def fingerprint(name: str) -> str:
    """A keyed hash of the name's words, folded and sorted: "BOUQUET Bérénice" is "Bérénice Bouquet"."""
    words = " ".join(sorted(re.findall(r"\w+", fold(name))))
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, b"certificate-holder:" + words.encode(), hashlib.sha256).hexdigest()


def _years_after(day: date, years: int) -> date:
    return archive.years_after(day, years)


def record(certificate: Certificate, holder: str) -> None:
    """Called where the certificate is issued, in its transaction (session and course loaded)."""
    session = certificate.session
    CertificateCheck.insert(
        code=certificate.code, short_code=certificate.short_code, course_title=certificate.course.title,
        version=certificate.version, issued_on=paris_day(certificate.issued_at), session_starts_on=session.starts_on,
        session_ends_on=session.ends_on, name_fingerprint=fingerprint(holder),
        purge_after=_years_after(session.ends_on, YEARS_KEPT)).on_conflict_ignore().execute()


def superseded(code: str, by: str, on: date) -> None:
    CertificateCheck.update(superseded_by=by, superseded_on=on).where(CertificateCheck.code == code).execute()


def find(code: str) -> CertificateCheck | None:
    return CertificateCheck.get_or_none(CertificateCheck.code == code)


def code_for_short(short: str) -> str | None:
    row = CertificateCheck.get_or_none(CertificateCheck.short_code == short)
    return row.code if row else None


def name_matches(check: CertificateCheck, typed: str) -> bool:
    return bool(typed and typed.strip()) and hmac.compare_digest(check.name_fingerprint, fingerprint(typed))


def purge_due(as_of: date) -> int:
    return CertificateCheck.delete().where(CertificateCheck.purge_after < as_of).execute()


@dataclass(frozen=True)
class Indexed:
    from_main: int
    from_archive: int


def index_missing() -> Indexed:
    """Certificates issued before the check had its table: written once (`init-db` runs it), from the
    main zone with the vault's printed name, and from the legal archive with the name it kept."""
    known = {row.code for row in CertificateCheck.select(CertificateCheck.code)}
    from_main = 0
    for certificate in Certificate.select().where(Certificate.code.not_in(list(known) or [""])):
        record(certificate, vault.certificate_holder(certificate.code) or "")
        if certificate.superseded_by:
            superseded(certificate.code, certificate.superseded_by,
                       paris_day(certificate.superseded_at or certificate.issued_at))
        from_main += 1
    known |= {row.code for row in CertificateCheck.select(CertificateCheck.code)}
    from_archive = 0
    for payload, purge_after in archive.archived_certificates():
        if payload["code"] in known:
            continue
        superseded_at = payload.get("superseded_at")
        CertificateCheck.insert(
            code=payload["code"], short_code=payload.get("short_code"), course_title=payload["course"],
            version=int(payload.get("version") or 1), issued_on=paris_day(datetime.fromisoformat(payload["issued_at"])),
            superseded_by=payload.get("superseded_by"),
            superseded_on=paris_day(datetime.fromisoformat(superseded_at)) if superseded_at else None,
            name_fingerprint=fingerprint(payload.get("holder") or ""), purge_after=purge_after,
        ).on_conflict_ignore().execute()
        from_archive += 1
    return Indexed(from_main, from_archive)
