"""The trainer's desk (/formateur): the screens of one role, scoped to the sessions she runs.

Laid out by who reads it, like ``portal.dpo``: the waiting questions come from ``portal.forum.desk``, the
bouquets to review from ``portal.bouquets``; the views here call those services and read no models.
"""
