"""What a job may say about a failure besides raising: that it passes (try again later, for as long as the
job's own window allows), or that retrying cannot help (fail now, with the reason in words).

A mail relay down for an hour is the case in point: a mail server keeps a message for days and retries
it at a capped interval (RFC 5321 §4.5.4.1), and reports at once a message refused for good (a 5xx
reply). The runner (portal.jobs.runner) applies these; every other exception is an ordinary failure,
tried JOB_MAX_ATTEMPTS times.
"""
from __future__ import annotations

from datetime import timedelta


class RetryLater(Exception):
    """The work could not be done for a reason that passes. Tried again at the job's usual growing interval,
    capped at `max_interval`, until `keep_trying_for` has passed since the job was queued; such a failure
    does not use up one of the job's attempts. `reason` says what happened, in words, for staff."""

    def __init__(self, reason: str, *, keep_trying_for: timedelta, max_interval: timedelta) -> None:
        super().__init__(reason)
        self.reason = reason
        self.keep_trying_for = keep_trying_for
        self.max_interval = max_interval


class GiveUp(Exception):
    """Retrying cannot help: the job fails at once, `reason` (in words) shown to staff."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
