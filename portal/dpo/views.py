"""The dpo's desk: its blueprint (her home), its guard, and what every one of her screens says.

Her other screens live next to the capability they work on, under /dpo as before: the register of
requests, requisitions and the policy's versions in ``portal.privacy``, incidents and security alerts in
``portal.security``, the access journal and the quarterly report in ``portal.accountability``, the legal
archive in ``portal.retention``. Templates/dpo/_nav.html links them all."""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app
from flask_login import current_user

from portal import config as settings
from portal.access import roles_required

bp = Blueprint("dpo", __name__, url_prefix="/dpo")


@bp.before_request
@roles_required("dpo")
def dpo_only():
    return None


@bp.app_context_processor
def placement_warning() -> dict:
    """Every dpo screen, whichever capability draws it, says it when the backups sit on the databases'
    disk (the policy promises a distinct site); the demo's are there on purpose."""
    if not (current_user and current_user.is_authenticated and current_user.role == "dpo") \
            or current_app.config.get("DEMO_MODE"):
        return {"backup_misplaced": None}
    return {"backup_misplaced": settings.backup_placement(current_app.config, Path(current_app.instance_path))}
