"""The portability export: data.json (described by export_schema.json) and xAPI 1.0.3 statements."""
from __future__ import annotations

import json
import secrets
import time
import uuid
import zipfile
from contextlib import suppress
from datetime import timedelta
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeTimedSerializer

from portal import db, mail
from portal.accounts.models import Account
from portal.bouquets.models import Brief, Draft, Submission
from portal.certificates import badges
from portal.forum.models import Post, Thread
from portal.jobs import enqueue, job
from portal.learning import xapi
from portal.learning.models import (
    Course,
    Enrollment,
    LearningEvent,
    Lesson,
    LessonProgress,
    Module,
    QuizAttempt,
    TimeOnTask,
    TrainingSession,
)
from portal.links import external_url
from portal.personalisation.models import ResourceMail, Suggestion
from portal.privacy import consent, records, versions
from portal.privacy.models import DataRequest, Export
from portal.privacy.requests import close_request, open_request
from portal.reminders.models import DropoutNudge
from portal.retention import own_records
from portal.security.models import SecurityEvent
from portal.timeutil import utcnow
from portal.vault.service import own_identity

KEEP = timedelta(days=7)
PARTIAL = ".zip.part"
ABANDONED_AFTER = timedelta(hours=1)
# A second ask within this time of the first is the same request (a double click the job outran).
SAME_REQUEST = timedelta(minutes=1)
SCHEMA_VERSION = "1.0"
BATCH = 2000


def request_export(account_id: uuid.UUID) -> Export:
    """One export at a time: asking again while one is being built, or just after it was (a double
    click, a second tab, the job quicker than the second click), gives that one, with no second request
    in the register."""
    with db.atomic():
        db.person_lock(account_id, "export")
        building = (Export.select().where((Export.account_id == account_id) & (
            (Export.status == "pending")
            | ((Export.status == "ready") & (Export.created_at > utcnow() - SAME_REQUEST)))
        ).order_by(Export.id.desc()).first())
        if building is not None:
            return building
        request = open_request(account_id, "portability")
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
    account = Account.get_or_none((Account.id == export.account_id) & (Account.status == "active"))
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
            archive.writestr("data.json", json.dumps(data_document(account), ensure_ascii=False, indent=1))
            with archive.open("xapi-statements.json", "w") as stream:
                _write_statements(account, stream)
            for badge_name, badge in badges.export_files(account.id):  # Open Badges 3.0, one per certificate
                archive.writestr(badge_name, badge)
            for document_name, document in records.documents(account.id):  # the PDFs issued to her
                archive.writestr(document_name, document)
    except BaseException:
        partial.unlink(missing_ok=True)  # her data, half written: not left on disk for the retry to find
        raise
    partial.rename(target / name)
    now = utcnow()
    with db.atomic():
        Export.update(status="ready", zip_file=name, size_bytes=(target / name).stat().st_size, ready_at=now,
                      expires_at=now + KEEP).where(Export.id == export.id).execute()
        mail.send(account.id, "export_ready", once_key=f"export:{export.id}",
                  url=external_url("privacy.export_status", export_id=export.id))
    close_request(DataRequest.get_by_id(export.request_id), "Export remis par l'espace personnel.")


def data_document(account: Account) -> dict:
    me = account.id
    identity = own_identity(me)
    enrollments = (Enrollment.select(Enrollment, TrainingSession, Course).join(TrainingSession).join(Course)
                   .where(Enrollment.account_id == me))
    lessons = {lesson.id: lesson.title for lesson in Lesson.select(Lesson.id, Lesson.title)}
    return {
        "schema_version": SCHEMA_VERSION,
        "generated_at": utcnow().isoformat() + "Z",
        "account": {"id": str(me), "display_name": account.display_name, "language": account.language,
                    "created_at": account.created_at.isoformat(), "role": account.role},
        "identity": {"full_name": identity.full_name, "email": identity.email, "phone": identity.phone,
                     "postal_address": identity.postal_address} if identity else None,
        "enrollments": [{"course": e.session.course.title, "session": e.session.title,
                         "starts_on": e.session.starts_on.isoformat(), "ends_on": e.session.ends_on.isoformat(),
                         "funding": e.funding, "status": e.status, "enrolled_at": e.enrolled_at.isoformat()}
                        for e in enrollments],
        "progress": [{"lesson": lessons.get(p.lesson_id, ""), "position_seconds": p.position_seconds,
                      "completed_at": p.completed_at.isoformat() if p.completed_at else None}
                     for p in LessonProgress.select().where(LessonProgress.account_id == me)],
        "time_on_task": [{"lesson": lessons.get(t.lesson_id, ""), "day": t.day.isoformat(), "seconds": t.seconds}
                         for t in TimeOnTask.select().where(TimeOnTask.account_id == me)],
        "quiz_attempts": [{"lesson": lessons.get(q.lesson_id, ""), "submitted_at": q.submitted_at.isoformat(),
                           "score": q.score, "passed": q.passed, "answers": json.loads(q.answers)}
                          for q in QuizAttempt.select().where(QuizAttempt.account_id == me)],
        "questions": [{"title": t.title, "created_at": t.created_at.isoformat(),
                       "posts": [{"author": "moi" if p.author_id == me else ("formateur" if p.by_trainer else "autre"),
                                  "body": p.body, "created_at": p.created_at.isoformat()}
                                 for p in Post.select().where(Post.thread == t.id).order_by(Post.created_at)]}
                      for t in Thread.select().where(Thread.author_id == me)],
        "posts": [{"question": p.thread.title, "body": p.body, "created_at": p.created_at.isoformat()}
                  for p in Post.select(Post, Thread).join(Thread).where(Post.author_id == me)],
        "bouquet_submissions": [
            {"brief": s.brief.title, "submitted_at": s.submitted_at.isoformat(), "total": s.total,
             "snapshot": json.loads(s.snapshot),
             "comments": [{"body": c.body, "created_at": c.created_at.isoformat()} for c in s.comments]}
            for s in Submission.select(Submission, Brief).join(Brief).where(Submission.account_id == me)
        ],
        "bouquet_drafts": [{"brief": d.brief.title, "updated_at": d.updated_at.isoformat(),
                            "tie_height_cm": d.tie_height_cm, "groups": json.loads(d.groups)}
                           for d in Draft.select(Draft, Brief).join(Brief).where(Draft.account_id == me)],
        "suggestions": [{"module": s.module.title, "course": s.module.course.title,
                         "created_at": s.created_at.isoformat(),
                         "dismissed_at": s.dismissed_at.isoformat() if s.dismissed_at else None}
                        for s in Suggestion.select(Suggestion, Module, Course).join(Module).join(Course)
                        .where(Suggestion.account_id == me)],
        "resource_mails": [{"theme": r.theme, "failures": r.failures, "sent_at": r.sent_at.isoformat()}
                           for r in ResourceMail.select().where(ResourceMail.account_id == me)],
        "dropout_nudges": [{"course": n.enrollment.session.course.title,
                            "last_activity_at": n.last_activity_at.isoformat(), "sent_on": n.sent_on.isoformat()}
                           for n in DropoutNudge.select(DropoutNudge, Enrollment, TrainingSession, Course)
                           .join(Enrollment).join(TrainingSession).join(Course).where(DropoutNudge.account_id == me)],
        "consents": [{"purpose": c.purpose, "granted": c.granted, "policy_version": c.policy_version,
                      "source": c.source, "at": c.created_at.isoformat()} for c in consent.history(me)],
        "policy_acknowledgements": [{"version": a.version, "at": a.acknowledged_at.isoformat()}
                                    for a in versions.acknowledgements(me)],
        "security_events": [{"kind": e.kind, "detail": e.detail, "at": e.at.isoformat()}
                            for e in SecurityEvent.select().where(SecurityEvent.account_id == me)
                            .order_by(SecurityEvent.at)],
        "data_requests": [{"kind": r.kind, "received_at": r.received_at.isoformat(), "due_on": r.due_on.isoformat(),
                           "closed_at": r.closed_at.isoformat() if r.closed_at else None, "detail": r.detail,
                           "answer": r.answer}
                          for r in DataRequest.select().where(DataRequest.account_id == me)],
        "exports": [{"requested_at": e.created_at.isoformat(), "status": e.status}
                    for e in Export.select().where(Export.account_id == me)],
        "administrative": records.administrative(me),
        "legal_archive": own_records.for_export(me, account.role),
        "learning_events_file": "xapi-statements.json",
    }


def _write_statements(account: Account, stream) -> None:
    """Streamed in batches, so a long history does not sit in memory at once."""
    known = xapi.activities()
    stream.write(b"[")
    first = True
    last_id = 0
    while True:
        rows = list(LearningEvent.select()
                    .where((LearningEvent.account_id == account.id) & (LearningEvent.id > last_id))
                    .order_by(LearningEvent.id).limit(BATCH))
        if not rows:
            break
        for event in rows:
            statement = xapi.statement(event, account.id, known)
            stream.write((b"" if first else b",\n") + json.dumps(statement, ensure_ascii=False).encode())
            first = False
        last_id = rows[-1].id
    stream.write(b"]")


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="petale-export")


def download_token(export: Export) -> str:
    return _serializer().dumps({"e": export.id, "a": str(export.account_id)})


def own_export_or_none(account_id: uuid.UUID, export_id: int) -> Export | None:
    """The export, only when it was made for this account."""
    return Export.get_or_none((Export.id == export_id) & (Export.account_id == account_id))


def export_exists(export_id: int) -> bool:
    return Export.select().where(Export.id == export_id).exists()


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
