"""The outgoing relay's answers, read as a mail server reads them (RFC 5321 §4.5.4.1).

A relay that does not answer, times out or replies 4xx is a failure that passes: the mail is kept and
retried at a capped interval for MAIL_RETRY_SECONDS (days by default), not five times in seven minutes.
A 5xx reply about this message (its sender, its recipient, its content) is final: the mail fails at once,
with the reason in words. A 5xx about the link itself (the relay refusing our login, or TLS) is treated
as passing: it concerns every mail, not this one, and is fixed by correcting MAIL_URL; failing each mail
meanwhile would lose them all.
"""
from __future__ import annotations

import smtplib
from datetime import timedelta

from flask import current_app

from portal.jobs import GiveUp, RetryLater

# Every reason written for a mail kept for the relay starts so: it is how staff's count finds them.
WAITING = "Relais de courrier"

# Replies about the link rather than the message: passing, whatever their code.
LINK_REPLIES = (smtplib.SMTPAuthenticationError, smtplib.SMTPConnectError, smtplib.SMTPHeloError)


def verdict(failure: OSError) -> RetryLater | GiveUp:
    """What to do with a mail the relay did not take: keep it for later, or report it refused for good."""
    code, text = _reply(failure)
    if code is not None and code >= 500 and not isinstance(failure, LINK_REPLIES):
        return GiveUp(f"{WAITING} : ce courriel a été refusé définitivement (réponse {code} : {text}) ; "
                      "il ne sera pas renvoyé.")
    if code is not None:
        reason = f"{WAITING} : réponse {code} ({text}) ; le courriel attend et sera renvoyé."
    else:
        reason = f"{WAITING} injoignable ({type(failure).__name__} : {failure}) ; le courriel attend et sera renvoyé."
    config = current_app.config
    return RetryLater(reason, keep_trying_for=timedelta(seconds=config["MAIL_RETRY_SECONDS"]),
                      max_interval=timedelta(seconds=config["MAIL_RETRY_MAX_INTERVAL_SECONDS"]))


def _reply(failure: OSError) -> tuple[int | None, str]:
    """The relay's reply code and text, when it replied."""
    if isinstance(failure, smtplib.SMTPRecipientsRefused) and failure.recipients:
        code, text = next(iter(failure.recipients.values()))
    elif isinstance(failure, smtplib.SMTPResponseException):
        code, text = failure.smtp_code, failure.smtp_error
    else:
        return None, ""
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return (code if isinstance(code, int) and code > 0 else None), " ".join(text.split())
