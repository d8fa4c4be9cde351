"""A trainee's professional situation and employer (for funders and the BPF), and the name printed on a
certificate, kept for its public check."""
from __future__ import annotations

import uuid

from portal.db import MANY_KEYS, vault_db
from portal.timeutil import utcnow
from portal.vault.models import (
    CertificateHolder,
    FundingIdentity,
    Identity,
)


def set_funding_identity(account_id: uuid.UUID, professional_status: str, employer: str | None) -> None:
    with vault_db.atomic():
        FundingIdentity.insert(account_id=account_id, professional_status=professional_status, employer=employer,
                               updated_at=utcnow()).on_conflict(
            conflict_target=[FundingIdentity.account_id],
            update={FundingIdentity.professional_status: professional_status, FundingIdentity.employer: employer,
                    FundingIdentity.updated_at: utcnow()}).execute()


def own_funding_identity(account_id: uuid.UUID) -> dict[str, str | None]:
    """A person reading her own professional situation and employer (her export, her privacy center)."""
    row = FundingIdentity.get_or_none(FundingIdentity.account_id == account_id)
    return {"professional_status": row.professional_status if row else None, "employer": row.employer if row else None}


def professional_statuses(account_ids: list[uuid.UUID] | None) -> dict[uuid.UUID, str]:
    """Statuses only, for anonymous statistics: no name, no employer, not audited as a read of a person.
    None: everyone's (a year's statistics count thousands of people)."""
    query = FundingIdentity.select(FundingIdentity.account_id, FundingIdentity.professional_status)
    if account_ids is None:
        return dict(query.tuples())
    if not account_ids:
        return {}
    if len(account_ids) <= MANY_KEYS:
        return dict(query.where(FundingIdentity.account_id.in_(account_ids)).tuples())
    wanted = set(account_ids)
    return {account_id: status for account_id, status in query.tuples() if account_id in wanted}


def record_certificate_holder(code: str, account_id: uuid.UUID) -> str:
    """Copy the current legal name onto a new certificate; returns it. Called by the issuing job."""
    identity = Identity.get(Identity.account_id == account_id)
    CertificateHolder.create(code=code, account_id=account_id, holder_name=identity.full_name)
    return identity.full_name


def certificate_holder(code: str) -> str | None:
    """For the public verification page: only the name as issued, looked up by its code."""
    row = CertificateHolder.get_or_none(CertificateHolder.code == code)
    return row.holder_name if row else None
