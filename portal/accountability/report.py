"""The quarterly security report the independent auditors read: security events, vault reads per staff
member, data requests and their delays, backups and restore tests, incidents.

A daily job builds the report of the quarter just ended once, keeps it, and mails the dpo; the dpo page
shows any quarter on demand.
"""
from __future__ import annotations

import json
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l

from portal import db, mail
from portal.accountability.models import SecurityReport
from portal.accounts.models import Account
from portal.accounts.names import display_names
from portal.backup import service as backups
from portal.documents import french, pdf_document
from portal.formatting import long_date
from portal.jobs import job
from portal.privacy import requests as register
from portal.security import events, incidents
from portal.security.wording import event_kind
from portal.timeutil import paris_day_start, paris_today
from portal.vault import audit
from portal.vault.wording import role


def quarter_of(day: date) -> str:
    return f"{day.year}-T{(day.month - 1) // 3 + 1}"


def bounds(quarter: str) -> tuple[date, date]:
    """First day of the quarter and first day of the next one. Raises ValueError on a bad label."""
    year, number = quarter.split("-T")
    year_i, number_i = int(year), int(number)
    if not 1 <= number_i <= 4 or not 2000 <= year_i <= 2100:
        raise ValueError(quarter)
    start = date(year_i, 3 * (number_i - 1) + 1, 1)
    end = date(year_i + 1, 1, 1) if number_i == 4 else date(year_i, 3 * number_i + 1, 1)
    return start, end


def previous_quarter(day: date) -> str:
    start, _ = bounds(quarter_of(day))
    return quarter_of(date.fromordinal(start.toordinal() - 1))


def quarter_label(quarter: str) -> str:
    """"2026-T3" as a reader says it: « 3e trimestre 2026 »."""
    year, number = quarter.split("-T")
    return _l("1er trimestre %(y)s", y=year) if number == "1" else _l("%(n)se trimestre %(y)s", n=number, y=year)


def quarters_to_show(today: date, count: int = 8) -> list[str]:
    """The current quarter, the ones before it, and any older quarter whose report was kept; newest first."""
    shown = [quarter_of(today)]
    while len(shown) < count:
        shown.append(previous_quarter(bounds(shown[-1])[0]))
    kept = [row.quarter for row in SecurityReport.select(SecurityReport.quarter)]
    return sorted(set(shown) | set(kept), key=bounds, reverse=True)


def build(quarter: str) -> dict:
    start, end = bounds(quarter)
    since, until = paris_day_start(start), paris_day_start(end)
    counts = events.counts_between(since, until)
    reads = audit.reads_between(since, until)
    names = display_names(actor for actor, _ in reads)
    requests = register.received_between(since, until)
    closed = [r for r in requests if r.closed_at]
    delays = [(r.closed_at.date() - r.received_at.date()).days for r in closed]
    late = [r for r in requests if (r.closed_at.date() if r.closed_at else paris_today()) > (r.extended_to or r.due_on)]
    runs = backups.runs_between(since, until)
    recorded = incidents.recorded_between(since, until)
    notified = incidents.people_notified([i.id for i in recorded])
    return {
        "quarter": quarter, "from": start.isoformat(), "to": end.isoformat(),
        "security_events": dict(sorted(counts.items())),
        "vault_reads": [{"who": names.get(actor, "système"), "role": role, "entries": n}
                        for (actor, role), n in sorted(reads.items(), key=lambda item: -item[1])],
        "data_requests": {"received": len(requests), "closed": len(closed), "late": len(late),
                          "average_days": round(sum(delays) / len(delays), 1) if delays else None,
                          "longest_days": max(delays) if delays else None},
        "backups": {"made": sum(1 for r in runs if r.kind == "backup" and r.ok),
                    "failed": sum(1 for r in runs if r.kind == "backup" and not r.ok),
                    "restore_tests": sum(1 for r in runs if r.kind in ("restore_test", "restore") and r.ok),
                    "last_restore_test": max((r.at.isoformat() for r in runs if r.kind == "restore_test"),
                                             default=None)},
        "incidents": {"recorded": len(recorded), "people_notified": notified,
                      "list": [{"id": i.id, "occurred_on": i.occurred_on.isoformat(), "nature": i.nature[:200],
                                "notified": i.notified_at.isoformat() if i.notified_at else None} for i in recorded]},
    }


def kept_report(quarter: str) -> SecurityReport | None:
    """The report kept when the quarter ended, as it was built then; None if none was kept."""
    return SecurityReport.get_or_none(SecurityReport.quarter == quarter)


@job(_l("Rapport trimestriel de sécurité"))
def quarterly_report() -> None:
    """Daily: once a quarter has ended, its report is built, kept and mailed to the dpo (once)."""
    quarter = previous_quarter(paris_today())
    if SecurityReport.select().where(SecurityReport.quarter == quarter).exists():
        return
    body = build(quarter)
    with db.atomic():
        SecurityReport.insert(quarter=quarter, body=json.dumps(body, ensure_ascii=False)).on_conflict_ignore().execute()
        for dpo in list(Account.select(Account.id).where((Account.role == "dpo") & (Account.status == "active"))):
            mail.send(dpo.id, "security_report", once_key=f"report:{quarter}:{dpo.id}", quarter=quarter)


def pdf(quarter: str, body: dict) -> bytes:
    """The report as a French document: numbers with a decimal comma, dates and kinds in words."""
    doc = pdf_document(f"Rapport de sécurité — {quarter_label(quarter)}")
    last_day = date.fromisoformat(body["to"]) - timedelta(days=1)  # "to" is the next quarter's first day
    doc.field("Période", f"du {long_date(body['from'])} au {long_date(last_day)}")
    doc.heading("Événements de sécurité")
    for kind, count in body["security_events"].items() or [("—", 0)]:
        doc.line(f"{event_kind(kind)} : {count}")
    doc.heading("Consultations du coffre par personne")
    for read in body["vault_reads"]:
        doc.line(f"{read['who']} ({role(read['role'])}) : {read['entries']}")
    requests = body["data_requests"]
    doc.heading("Demandes sur les données")
    doc.line(f"Reçues : {requests['received']} · closes : {requests['closed']} · en retard : {requests['late']}")
    if requests["average_days"] is not None:
        doc.line(f"Délai moyen : {french.decimal(requests['average_days'], 1)} j · plus long : "
                 f"{requests['longest_days']} j")
    backups = body["backups"]
    doc.heading("Sauvegardes")
    doc.line(f"Réussies : {backups['made']} · en échec : {backups['failed']} · restaurations d'essai : "
             f"{backups['restore_tests']}")
    doc.heading("Incidents")
    doc.line(f"Enregistrés : {body['incidents']['recorded']} · personnes notifiées : "
             f"{body['incidents']['people_notified']}")
    for incident in body["incidents"]["list"]:
        doc.line(f"n° {incident['id']} du {long_date(incident['occurred_on'])} : {incident['nature']}")
    return doc.bytes()
