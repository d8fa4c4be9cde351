"""Requests recorded from Antoine's letter, the request's page as the dpo reads it, its history's mail lines, and
a relay that refuses one address: what the tests of the mails answering requests share."""
from __future__ import annotations

from datetime import timedelta
from html import unescape

from portal.privacy.models import DataRequest
from portal.timeutil import paris_today
from tests.support.letters import record_letter

PAGE = "/dpo/demandes"
LETTER = {"email": "apprenant@petale.test", "kind": "access", "channel": "courrier",
          "received_on": (paris_today() - timedelta(days=2)).isoformat()}


def shown(response) -> str:
    return unescape(response.get_data(as_text=True)).replace("\u202f", " ").replace("\u00a0", " ")


def sent_mails(page: str) -> list[str]:
    """The history's lines about mails, each with its text to read again."""
    return [line.split("</li>")[0] for line in page.split('class="sent-mail"')[1:]]


def antoines_letter(demo, dpo, **fields) -> DataRequest:
    assert record_letter(dpo, {**LETTER, **fields}).status_code == 302
    with demo.app_context():
        return DataRequest.select().order_by(DataRequest.id.desc()).get()


class Refusing:
    """An aiosmtpd handler that answers RCPT for one address with the reply given and accepts the others."""

    def __init__(self, address: str, reply: str) -> None:
        self.address, self.reply = address, reply
        self.received: list[str] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 (aiosmtpd hook)
        if address == self.address:
            return self.reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.received.extend(envelope.rcpt_tos)
        return "250 OK"
