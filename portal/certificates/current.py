"""Which certificate is in force for a learner and a course: the one lookup other screens need (a funding
file links it), kept apart from the service so that asking it does not pull in the attendance and forum
code the issuing needs."""
from __future__ import annotations

import uuid

from portal.certificates.models import Certificate


def current_for(account_id: uuid.UUID, course_id: int) -> Certificate | None:
    """The newest version issued to this learner for this course, if any."""
    return (Certificate.select().where((Certificate.account_id == account_id) & (Certificate.course == course_id)
                                       & Certificate.superseded_by.is_null()).order_by(Certificate.version.desc())
            .first())
