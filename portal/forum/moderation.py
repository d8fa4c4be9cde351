"""Staff hiding a message with a reason, and the erasure of a person's words when she goes."""
from __future__ import annotations

import uuid

from flask_babel import lazy_gettext as _l

from portal import db
from portal.accounts.models import Account
from portal.forum.models import ModerationEntry, Post, Thread
from portal.forum.threads import ERASED, ForumRefused
from portal.timeutil import utcnow


def hide(staff: Account, post: Post, reason: str) -> None:
    reason = (reason or "").strip()
    if staff.role != "staff":
        raise ForumRefused(_l("Seule l'équipe de gestion modère les messages."))
    if not reason or len(reason) > 500:
        raise ForumRefused(_l("Indiquez la raison (500 caractères au plus)."))
    with db.atomic():
        Post.update(hidden_at=utcnow()).where(Post.id == post.id).execute()
        ModerationEntry.create(post=post.id, staff_id=staff.id, reason=reason)


def erase_author_content(account_id: uuid.UUID) -> int:
    """On account deletion: the person's questions and messages lose their text; trainers' answers stay."""
    with db.atomic():
        Thread.update(title=ERASED).where(Thread.author_id == account_id).execute()
        return Post.update(body=ERASED, body_html=None, edited_at=utcnow()).where(
            (Post.author_id == account_id) & (Post.by_trainer == False)).execute()  # noqa: E712
