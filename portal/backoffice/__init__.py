"""The staff's desk (/gestion): what is waiting, drawn from several capabilities.

A role desk like ``portal.dpo`` and ``portal.trainer``: funding files from ``portal.funding``, invoices
from ``portal.invoicing`` and ``portal.payments``, sessions from ``portal.course_admin``, failed jobs
from ``portal.jobs``. The views call those services and read no models.
"""
