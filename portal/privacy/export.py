"""The portability export: data.json (described by export_schema.json) and xAPI 1.0.3 statements."""
from __future__ import annotations

import errno
import json
import logging
import secrets
import time
import uuid
import zipfile
from contextlib import suppress
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeTimedSerializer

from portal import db
from portal.accounts import lifecycle
from portal.accounts.service import AccountRow
from portal.jobs import enqueue, job
from portal.links import external_url
from portal.personal_data import registry
from portal.personal_data.registry import Person
from portal.privacy import access_summary
from portal.privacy.models import DataRequest, Export
from portal.privacy.requests import close_request, note_step, open_request, tell
from portal.timeutil import utcnow
from portal.vault import audit
from portal.vault.service import own_identity

log = logging.getLogger("petale.privacy")
KEEP = timedelta(days=7)
PARTIAL = ".zip.part"
ABANDONED_AFTER = timedelta(hours=1)
# A second ask within this time of the first is the same request (a double click the job outran).
SAME_REQUEST = timedelta(minutes=1)
SCHEMA_VERSION = "1.0"


def request_export(account_id: uuid.UUID, for_request: DataRequest | None = None) -> Export:
    """One export at a time: asking again while one is being built, or just after it was (a double
    click, a second tab, the job quicker than the second click), gives that one, with no second request
    in the register. for_request: a request the dpo recorded (received by post or mail), which the export
    carries out; otherwise the person asked from her space and a request is opened."""
    with db.atomic():
        db.person_lock(account_id, "export")
        building = (Export.select().where((Export.account_id == account_id) & (
            (Export.status == "pending")
            | ((Export.status == "ready") & (Export.created_at > utcnow() - SAME_REQUEST)))
        ).order_by(Export.id.desc()).first())
        if building is not None:
            return building
        request = for_request or open_request(account_id, "portability")
        export = Export.create(account_id=account_id, request=request.id)
        enqueue(build_export, export.id)
    return export


def folder(account_id: uuid.UUID) -> Path:
    return Path(current_app.instance_path) / "exports" / str(account_id)


@job(_l("Préparation d'un export de données personnelles"))
def build_export(export_id: int) -> None:
    export = Export.get_or_none(Export.id == export_id)
    if export is None or export.status != "pending":
        return  # already built (a retried job) or erased with its account
    account = lifecycle.active_account(export.account_id)
    if account is None:
        return
    target = folder(account.id)
    target.mkdir(parents=True, exist_ok=True)
    name = f"petale-export-{secrets.token_hex(8)}.zip"
    # Named after the export, in the person's folder: a retry writes over it, erasure removes the
    # folder, and the periodic purge finds one a killed worker left behind.
    partial = target / f"export-{export.id}{PARTIAL}"
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            answered = DataRequest.get_by_id(export.request_id)
            person = _person(account, answered, export.id)
            archive.writestr("data.json", json.dumps(data_document(account, person), ensure_ascii=False, indent=1))
            # The same in words, for a person who reads it (and for the dpo's answer to a letter).
            archive.writestr("vos-donnees.pdf", access_summary.summary_pdf(account, person,
                                                                            by_post=answered.answer_by_post))
            # Each capability's files: the xAPI statements, the documents issued to her, her badges.
            for file_name, content in registry.export_files(person):
                if callable(content):
                    with archive.open(file_name, "w") as stream:
                        content(stream)
                else:
                    archive.writestr(file_name, content)
    except OSError as failure:
        partial.unlink(missing_ok=True)  # her data, half written: not left on disk for the retry to find
        if failure.errno != errno.ENOSPC:
            raise
        # A full disk: retrying at once would fail the same way. The export says so to her page (which
        # offers to ask again) and the register keeps the request open for the dpo to see.
        log.error("export %s could not be written: the disk is full", export.id)
        with db.atomic():
            Export.update(status="failed").where(Export.id == export.id).execute()
        return
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.rename(target / name)
    now = utcnow()
    request = DataRequest.get_by_id(export.request_id)
    with db.atomic():
        Export.update(status="ready", zip_file=name, size_bytes=(target / name).stat().st_size, ready_at=now,
                      expires_at=now + KEEP).where(Export.id == export.id).execute()
        if request.answer_by_post:
            note_step(request, "Export prêt : à télécharger depuis cette demande (7 jours)")
            return  # the dpo takes the file from the register, sends it, then closes the request
        # From the dpo, as every mail answering a request (asked from her space or by letter alike).
        tell(request, "export_ready", once_key=f"export:{export.id}",
             url=external_url("privacy.export_status", export_id=export.id))
    close_request(request, "Export remis par l'espace personnel." if request.channel == "espace" else
                  "Export préparé par le délégué et remis par un lien envoyé à l'adresse vérifiée du compte, "
                  "valable 7 jours.")


def _person(account: AccountRow, request: DataRequest | None = None, export_id: int | None = None) -> Person:
    identity = own_identity(account.id)
    return Person(account.id, account.role, identity.full_name if identity else "", identity.email if identity else "",
                  asked_by="dpo" if request is not None and request.channel != "espace" else "", export_id=export_id)


def data_document(account: AccountRow, person: Person | None = None) -> dict:
    """data.json: what every capability's declaration exports (described by export_schema.json)."""
    return {"schema_version": SCHEMA_VERSION, "generated_at": utcnow().isoformat() + "Z",
            **registry.export_all(person or _person(account))}


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="petale-export")


def download_token(export: Export) -> str:
    return _serializer().dumps({"e": export.id, "a": str(export.account_id)})


def own_export_or_none(account_id: uuid.UUID, export_id: int) -> Export | None:
    """The export, only when it was made for this account."""
    return Export.get_or_none((Export.id == export_id) & (Export.account_id == account_id))


def export_exists(export_id: int) -> bool:
    return Export.select().where(Export.id == export_id).exists()


def export_for_post(request: DataRequest, actor: audit.Actor) -> Path | None:
    """The file of the ready export of a request answered by post, for the dpo to print or copy and send
    within its 7 days: taking it is a reading of all her data, written in the access journal."""
    if not request.answer_by_post or request.account_id is None:
        return None
    export = Export.get_or_none((Export.request == request.id) & (Export.status == "ready")
                                & (Export.expires_at > utcnow()))
    if export is None:
        return None
    with db.atomic(with_vault=True):
        audit.record(actor, request.account_id, "export", ["export"], workflow="registre des demandes",
                     reason=f"Réponse par courrier à la demande n° {request.id}")
        note_step(request, "Export téléchargé par le délégué pour l'envoi par courrier")
    return folder(export.account_id) / export.zip_file


@dataclass(frozen=True)
class OwnExport:
    """One of her exports on /mes-donnees: its link while it can be taken, unless the dpo sent it by post."""

    export: Export
    by_post: bool
    token: str | None  # the download link's token, for a ready export she takes herself


def own_exports(account_id: uuid.UUID) -> list[OwnExport]:
    """Her exports still on disk or being built, newest first."""
    rows = list(Export.select(Export, DataRequest.answer_by_post).join(DataRequest).where(
        (Export.account_id == account_id) & Export.status.in_(("pending", "ready"))).order_by(Export.id.desc()))
    now = utcnow()
    return [OwnExport(e, e.request.answer_by_post,
                      download_token(e) if e.status == "ready" and e.expires_at > now
                      and not e.request.answer_by_post else None) for e in rows]


def ready_for_post(request_ids: list[int]) -> set[int]:
    """Which of these requests, answered by post, have their export ready to be taken."""
    return {row.request_id for row in Export.select(Export.request).where(
        Export.request.in_(request_ids or [0]) & (Export.status == "ready") & (Export.expires_at > utcnow()))}


def export_for_download(token: str, account_id: uuid.UUID) -> Export | None:
    """The ready export a link names, only for the account it was made for, within 7 days."""
    try:
        data = _serializer().loads(token, max_age=int(KEEP.total_seconds()))
    except BadSignature:
        return None
    if data.get("a") != str(account_id):
        return None
    export = Export.get_or_none((Export.id == data.get("e")) & (Export.account_id == account_id))
    if export is None or export.status != "ready" or export.expires_at < utcnow():
        return None
    return export


@job(_l("Effacement des exports expirés"))
def purge_expired_exports() -> int:
    """Delete export files past their 7 days, and partial files a killed worker left (periodic)."""
    expired = list(Export.select().where((Export.status == "ready") & (Export.expires_at < utcnow())))
    for export in expired:
        path = folder(export.account_id) / (export.zip_file or "")
        if export.zip_file and path.exists():
            path.unlink()
        Export.update(status="expired").where(Export.id == export.id).execute()
    return len(expired) + purge_abandoned_partials()


def purge_abandoned_partials(older_than: timedelta = ABANDONED_AFTER) -> int:
    """Partial export files untouched for `older_than`: no build writes that slowly, so the worker that
    wrote them died. They hold a person's data and no register knows them: removed."""
    root = Path(current_app.instance_path) / "exports"
    if not root.is_dir():
        return 0
    limit = time.time() - older_than.total_seconds()
    removed = 0
    for path in root.glob(f"*/*{PARTIAL}"):
        with suppress(FileNotFoundError):  # a build finishing or failing meanwhile removes it itself
            if path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
    return removed
