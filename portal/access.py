"""Who may see a view: signed in, email confirmed, and holding one of the roles named."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort, redirect, request, url_for
from flask_login import current_user

HOME_BY_ROLE = {"learner": "learner_home.space", "staff": "backoffice.home", "trainer": "trainer.space",
                "dpo": "dpo.home"}


def roles_required(*roles: str) -> Callable:
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def guarded(*args, **kwargs):
            if not current_user.is_authenticated:
                return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
            if not current_user.is_confirmed:
                return redirect(url_for("accounts.confirmation_required"))
            if roles and current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return guarded

    return decorator


def home_for(account) -> str:
    return url_for(HOME_BY_ROLE.get(account.role, "learning.catalogue_page"))
