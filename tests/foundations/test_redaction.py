"""What an error may say outside the person's zone: no address, phone number or account id."""
from __future__ import annotations

import smtplib
import uuid

from portal.redaction import MAX_MESSAGE, describe, scrub


def test_addresses_phones_and_ids_are_blotted_out_dates_and_codes_kept():
    account = uuid.uuid4()
    text = (f"<lea.martin+cours@exemple.fr> refused at 2026-12-02 18:54:14, call 06 12 34 56 78 or "
            f"+33612345678, account {account} / {account.hex}, status 5.1.1, IBAN FR76 3000 6000 0112 3456 7890 189")
    scrubbed = scrub(text)
    for secret in ("lea.martin", "exemple.fr", "06 12 34 56 78", "+33612345678", str(account), account.hex,
                   "3000 6000"):
        assert secret not in scrubbed
    assert "2026-12-02 18:54:14" in scrubbed and "5.1.1" in scrubbed
    assert scrubbed.count("[adresse]") == 1 and scrubbed.count("[numéro]") == 2
    assert scrubbed.count("[identifiant]") == 2 and "[compte bancaire]" in scrubbed


def test_a_long_message_is_cut():
    assert len(scrub("x" * 5000)) == MAX_MESSAGE


def test_an_smtp_refusal_is_described_by_its_class_and_where_it_came_from_without_the_address():
    def deliver(address: str):  # the code's lines are written down, the data it handled is not
        raise smtplib.SMTPRecipientsRefused({address: (550, f"5.1.1 <{address}>: unknown".encode())})

    try:
        deliver("camille@example.org")
    except smtplib.SMTPRecipientsRefused as error:
        described = describe(error)
    assert "camille" not in described
    assert "smtplib.SMTPRecipientsRefused" in described and "in deliver" in described and "550" in described
