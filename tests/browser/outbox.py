"""The mails a served demo wrote to its outbox, and the link one of them carries."""
from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path


def mails(app) -> list:
    folder = Path(app.instance_path) / "outbox"
    return [email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
            for p in sorted(folder.glob("*.eml"))] if folder.exists() else []


def link_from(app, subject_part: str, path: str) -> str:
    for message in reversed(mails(app)):
        if subject_part in message["Subject"]:
            text = message.get_body(preferencelist=("plain",)).get_content()
            match = re.search(rf"{re.escape(app.base)}{re.escape(path)}\S*", text)
            if match:
                return match.group(0)
    raise AssertionError(f"no mail «{subject_part}» with a link to {path}")
