"""How many of a group of people hold a certificate of a course (published results count them; nobody
is named)."""
from __future__ import annotations

import peewee
from peewee import fn

from portal.certificates.models import Certificate


def holders_among(course_id: int, accounts: peewee.ModelSelect) -> int:
    """accounts: a subquery of account ids. Each person counts once, whatever the versions issued."""
    return (Certificate.select(fn.COUNT(fn.DISTINCT(Certificate.account_id)))
            .where((Certificate.course == course_id) & Certificate.account_id.in_(accounts)).scalar() or 0)
