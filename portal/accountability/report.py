"""The quarterly security report the independent auditors read: security events, vault reads per staff
member, data requests and their delays, backups and restore tests, incidents.

A daily job builds the report of the quarter just ended once, keeps it, and mails the dpo; the dpo page
shows any quarter on demand.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal import db, mail
from portal.accountability.models import SecurityReport
from portal.accounts.models import Account
from portal.accounts.names import display_names
from portal.backup import service as backups
from portal.documents import french, pdf_document, spreadsheet
from portal.formatting import long_date, paris_datetime
from portal.jobs import job
from portal.privacy import requests as register
from portal.privacy.wording import CHANNELS, request_kind
from portal.privacy.wording import channel as channel_words
from portal.security import events, incidents
from portal.security.wording import PEOPLE_WORDS, event_kind, risk_level
from portal.timeutil import paris_day, paris_day_start, paris_today, to_paris, utcnow
from portal.vault import audit
from portal.vault.wording import actor, reader_name


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
    extensions = register.extensions_of_requests([r.id for r in requests])
    closed = [r for r in requests if r.closed_at]
    # Due dates are Paris days: an answer at 00:30 in Paris on the due day is on time, though UTC says the eve.
    delays = [(paris_day(r.closed_at) - paris_day(r.received_at)).days for r in closed]
    late = [r for r in requests
            if (paris_day(r.closed_at) if r.closed_at else paris_today()) > (r.extended_to or r.due_on)]
    runs = backups.runs_between(since, until)
    recorded = incidents.recorded_between(since, until)
    notified = incidents.people_notified([i.id for i in recorded])
    return {
        "quarter": quarter, "from": start.isoformat(), "to": end.isoformat(),
        "established_at": utcnow().isoformat(timespec="seconds") + "Z",
        "security_events": dict(sorted(counts.items())),
        # "who": None for an entry no account wrote (the wording says what wrote it).
        "vault_reads": [{"who": reader_name(actor, names), "role": role, "entries": n}
                        for (actor, role), n in sorted(reads.items(), key=lambda item: -item[1])],
        "data_requests": {"received": len(requests), "closed": len(closed), "late": len(late),
                          "average_days": round(sum(delays) / len(delays), 1) if delays else None,
                          "longest_days": max(delays) if delays else None,
                          "by_kind": _counted(r.kind for r in requests),
                          "by_channel": _counted(r.channel for r in requests),
                          "list": [_request_line(r, extensions.get(r.id, []))
                                   for r in sorted(requests, key=lambda r: (r.received_at, r.id))]},
        "backups": {"made": sum(1 for r in runs if r.kind == "backup" and r.ok),
                    "failed": sum(1 for r in runs if r.kind == "backup" and not r.ok),
                    "restore_tests": sum(1 for r in runs if r.kind in ("restore_test", "restore") and r.ok),
                    "last_restore_test": max((r.at.isoformat() for r in runs if r.kind == "restore_test"),
                                             default=None)},
        "incidents": {"recorded": len(recorded), "people_notified": notified,
                      "list": [_incident_line(i) for i in recorded]},
    }


def _incident_line(incident) -> dict:
    """One incident as the auditors ask about it: its assessed risk and its reasons, what the CNIL and the
    people were owed and what was done (codes, worded by the report): when the CNIL was notified and under which
    reference, and whether the people were told or the dpo decided not to (article 34(3)), with why."""
    return {"id": incident.id, "occurred_on": incident.occurred_on.isoformat(), "nature": incident.nature[:200],
            "notified": incident.notified_at.isoformat() if incident.notified_at else None,
            "risk": incident.risk_level, "risk_reason": (incident.risk_reason or "")[:500] or None,
            "authority_owed": incidents.authority_owed(incident),
            "authority_notified": incident.authority_notified_at.isoformat() if incident.authority_notified_at
            else None, "authority_reference": incident.authority_reference or None,
            "people": incidents.people_state(incident), "no_notice": incident.no_notice_reason or None}


def _counted(codes) -> dict[str, int]:
    counted: dict[str, int] = {}
    for code in codes:
        counted[code] = counted.get(code, 0) + 1
    return dict(sorted(counted.items()))


def _request_line(request, extensions: list | None = None) -> dict:
    """One request as the supervisory authority asks about it: when it came, when it was due (first, then
    as extended and why, each extension and correction in turn), when it was answered, and whether in time
    (None: open and not yet due)."""
    due = register.effective_due(request)
    answered = to_paris(request.closed_at).date() if request.closed_at else None
    on_time = answered <= due if answered else (False if due < paris_today() else None)
    return {"id": request.id, "kind": request.kind, "channel": request.channel,
            "received": to_paris(request.received_at).date().isoformat(), "due": request.due_on.isoformat(),
            "extended_to": request.extended_to.isoformat() if request.extended_to else None,
            "extension_reason": request.extension_reason if request.extended_to else None,
            "extensions": [{"new_due": e.new_due.isoformat(), "reason": e.reason, "corrected": e.corrected}
                           for e in extensions or []],
            "answered": answered.isoformat() if answered else None, "on_time": on_time}


def is_empty(body: dict) -> bool:
    """Nothing happened in the quarter: no event, no read, no request, no backup, no incident."""
    backups = body["backups"]
    return not (body["security_events"] or body["vault_reads"] or body["data_requests"]["received"]
                or backups["made"] or backups["failed"] or backups["restore_tests"] or body["incidents"]["recorded"])


def quarter_to_open(today: date) -> str:
    """The quarter the report page opens on: the last one ended, unless nothing happened in it (a portal
    opened this quarter) — then the current one, rather than a page of zeros."""
    previous = previous_quarter(today)
    kept = kept_report(previous)
    return quarter_of(today) if is_empty(json.loads(kept.body) if kept else build(previous)) else previous


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


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]
    widths: tuple[float, ...]  # in millimetres, for the PDF


@dataclass(frozen=True)
class Section:
    heading: str
    lines: list[str]
    table: Table | None = None
    annex: Table | None = None  # too long for the report itself: the PDF's annex (and the page's spreadsheet)


@dataclass(frozen=True)
class Shown:
    """A quarter's report as the dpo reads it, the same on the page and in the PDF: every line in words,
    figures and dates the French way, an empty section saying so."""
    code: str
    title: str
    period: str
    provenance: str
    sections: list[Section]
    empty: bool = False  # nothing happened in the quarter: the page says so first


def sections(body: dict) -> list[Section]:
    events_lines = [f"{event_kind(kind)} : {count}" for kind, count in body["security_events"].items()]
    reads = [f"{actor(read['who'], read['role'])} : {read['entries']}" for read in body["vault_reads"]]
    requests = body["data_requests"]
    asked = _("Reçues : %(r)s · closes : %(c)s · en retard : %(l)s", r=requests["received"], c=requests["closed"],
              l=requests["late"])
    delay = (_("aucune demande close : pas encore de délai à mesurer") if requests["average_days"] is None else
             _("délai moyen : %(a)s j · plus long : %(m)s j", a=french.decimal(requests["average_days"], 1),
               m=requests["longest_days"]))
    backups = body["backups"]
    restored = body["backups"].get("last_restore_test")
    saved = _("Réussies : %(m)s · en échec : %(f)s · restaurations d'essai : %(t)s", m=backups["made"],
              f=backups["failed"], t=backups["restore_tests"])
    if restored:
        saved += " · " + _("dernière le %(d)s", d=paris_datetime(datetime.fromisoformat(restored)))
    incidents_lines = [_("Enregistrés : %(n)s · personnes notifiées : %(p)s", n=body["incidents"]["recorded"],
                         p=body["incidents"]["people_notified"])]
    incidents_lines += [_incident_words(i) for i in body["incidents"]["list"]]
    return [Section(_("Événements de sécurité"), events_lines or [_("Aucun.")]),
            Section(_("Consultations du coffre par personne"), reads or [_("Aucune.")]),
            _requests_section(requests, [f"{asked} · {delay}", *_breakdown(requests)]),
            Section(_("Sauvegardes"), [saved]),
            Section(_("Incidents"), incidents_lines)]


def _incident_words(line: dict) -> str:
    """An incident of the report in words: what happened, the risk assessed and why, the CNIL, the people (a
    report kept before the risk was recorded says only what it holds)."""
    said = _("n° %(n)s du %(d)s", n=line["id"], d=long_date(line["occurred_on"])) + f" : {line['nature']}"
    if "risk" not in line:
        return said
    parts = [said, risk_level(line["risk"]) + (f" ({line['risk_reason']})" if line.get("risk_reason") else "")]
    if line["authority_notified"]:
        authority = _("CNIL notifiée le %(d)s", d=paris_datetime(datetime.fromisoformat(line["authority_notified"])))
        if line.get("authority_reference"):
            authority += " " + _("(réf. %(r)s)", r=line["authority_reference"])
        parts.append(authority)
    elif not line["authority_owed"]:
        parts.append(_("CNIL non notifiée : aucun risque probable, décision motivée (article 33.1)"))
    else:
        parts.append(_("CNIL pas encore notifiée"))
    if line["people"] == incidents.TOLD:
        parts.append(_("personnes prévenues le %(d)s", d=paris_datetime(datetime.fromisoformat(line["notified"]))))
    elif line["people"] == incidents.NOT_TOLD_34_3 and line.get("no_notice"):
        parts.append(f"{PEOPLE_WORDS[line['people']]} : {line['no_notice']}")
    else:
        parts.append(str(PEOPLE_WORDS[line["people"]]))
    return " · ".join(parts)


# Requests listed one per row in the report itself; beyond, the report sums them up (by type, channel and month,
# the late ones listed) and every one of them goes to the PDF's annex and to the spreadsheet.
LISTED_IN_FULL = 30


def _requests_section(requests: dict, lines: list[str]) -> Section:
    listed = requests.get("list") or []
    heading = _("Demandes sur les données")
    if len(listed) <= LISTED_IN_FULL:
        return Section(heading, lines, _requests_table(listed))
    late = [line for line in listed if line["on_time"] is False]
    lines = [*lines, _by_month(listed),
             _("Les %(n)s demandes du trimestre, une par ligne, sont en annexe du PDF et dans le tableur ; seules "
               "celles en retard sont reprises ici.", n=len(listed))]
    if not late:
        lines.append(_("Aucune demande en retard."))
    return Section(heading, lines, _requests_table(late), annex=_requests_table(listed))


def _by_month(listed: list[dict]) -> str:
    """How many requests arrived each month of the quarter."""
    months = _counted(line["received"][:7] for line in listed)
    words = " · ".join(f"{format_date(date.fromisoformat(month + '-01'), 'LLLL y')} : {count}"
                       for month, count in months.items())
    return _("Par mois de réception : %(m)s", m=words)


def _breakdown(requests: dict) -> list[str]:
    """By type and by channel (a report kept before they were counted has neither)."""
    if "by_kind" not in requests:
        return []
    kinds = [code for code in register.REQUEST_KINDS if code != "restriction_lift"]
    kinds += [code for code in requests["by_kind"] if code not in kinds]
    by_kind = " · ".join(f"{request_kind(code)} : {requests['by_kind'].get(code, 0)}" for code in kinds)
    channels = list(CHANNELS)
    channels += [code for code in requests["by_channel"] if code not in channels]
    by_channel = " · ".join(f"{channel_words(code)} : {requests['by_channel'].get(code, 0)}" for code in channels)
    return [_("Par type : %(k)s", k=by_kind), _("Par canal : %(c)s", c=by_channel)]


def _extended(line: dict) -> str:
    """Every extension of a request and every correction of one, with its reason, in turn (a report kept before
    they were listed says the last one)."""
    if "extensions" not in line or not line["extensions"]:
        return (_short(line["extended_to"]) + " : " + line["extension_reason"]) if line.get("extended_to") else ""
    return " ; ".join((_("ramenée au %(d)s", d=_short(e["new_due"])) if e["corrected"] else _short(e["new_due"]))
                      + " : " + e["reason"] for e in line["extensions"])


def _short(day: str | None) -> str:
    return date.fromisoformat(day).strftime("%d/%m/%Y") if day else ""


def _in_time(line: dict) -> str:
    if line["on_time"] is None:
        return _("en cours")
    if line["on_time"]:
        return _("oui")
    due = date.fromisoformat(line["extended_to"] or line["due"])
    answered = date.fromisoformat(line["answered"]) if line["answered"] else paris_today()
    late = _("non, %(n)s j de retard", n=(answered - due).days)
    return late if line["answered"] else late + " " + _("(toujours ouverte)")


def _requests_table(lines: list[dict]) -> Table | None:
    """Each request of the quarter on one row."""
    if not lines:
        return None
    rows = [[_("n° %(n)s", n=line["id"]), request_kind(line["kind"]), channel_words(line["channel"]),
             _short(line["received"]), _short(line["due"]),
             _extended(line),
             _short(line["answered"]) or _("pas encore"), _in_time(line)] for line in lines]
    return Table(_request_headers(), rows, (13, 28, 25, 18, 18, 44, 18, 26))


def _request_headers() -> list[str]:
    return [_("Réf."), _("Type"), _("Canal"), _("Reçue"), _("Échéance"), _("Reportée au (raisons)"), _("Répondue"),
            _("Dans les délais")]


def shown(quarter: str) -> Shown:
    """The report of a quarter: the one kept when it ended, as it was built then, or built now."""
    kept = kept_report(quarter)
    body = _body(quarter, kept)
    last_day = date.fromisoformat(body["to"]) - timedelta(days=1)  # "to" is the next quarter's first day
    provenance = (_("Rapport établi le %(d)s par la tâche trimestrielle.", d=paris_datetime(kept.created_at)) if kept
                  else _("Rapport établi le %(d)s, à la demande, sur les données de ce jour.",
                         d=paris_datetime(datetime.fromisoformat(body["established_at"].removesuffix("Z")))))
    return Shown(quarter, _("Rapport de sécurité — %(q)s", q=quarter_label(quarter)),
                 _("du %(a)s au %(b)s", a=long_date(body["from"]), b=long_date(last_day)), provenance,
                 sections(body), is_empty(body))


def _body(quarter: str, kept: SecurityReport | None) -> dict:
    return json.loads(kept.body) if kept else build(quarter)


def requests_csv(quarter: str, dialect: spreadsheet.Dialect = spreadsheet.FRENCH) -> str:
    """Every request of the quarter, one per row, as the report lists them (kept reports as they were built)."""
    body = _body(quarter, kept_report(quarter))
    table = _requests_table(body["data_requests"].get("list") or [])
    if table is None:
        return spreadsheet.write([_request_headers()], dialect)
    return spreadsheet.write([table.headers, *([spreadsheet.typed_text(str(cell)) for cell in row]
                                              for row in table.rows)], dialect)


def pdf(report: Shown) -> bytes:
    """The report as the page shows it, as a document to file or send; a list too long for it in an annex."""
    doc = pdf_document(report.title)
    doc.field(_("Période"), report.period)
    doc.line(report.provenance, size=9)
    if report.empty:
        doc.line(_("Aucun événement ce trimestre."), bold=True)
    for section in report.sections:
        doc.heading(section.heading)
        for line in section.lines:
            doc.line(line)
        if section.table:
            doc.rows(section.table.headers, section.table.rows, section.table.widths)
    for section in report.sections:
        if section.annex:
            doc.add_page()
            doc.heading(_("Annexe — %(s)s : la liste complète", s=section.heading))
            doc.rows(section.annex.headers, section.annex.rows, section.annex.widths)
    return doc.bytes()
