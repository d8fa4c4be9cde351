"""Every back-office page on the large data set, as staff and as the dpo: gzip size, SQL statements and
server time per page (budget of issue 34: 14 KB compressed and 100 ms on the server).

    .venv/bin/python bench/seed_large.py /tmp/large        # once
    .venv/bin/python bench/staff_pages.py /tmp/large [ROUNDS]

Requests go through the whole Flask stack (routing, sign-in, templates, compression) with the test client,
one at a time; the time is the median of ROUNDS requests (default 5), after one warm-up request: wall-clock
time ("ms") and this process's CPU time ("CPU ms": SQLite runs inside it, so on a machine shared with other work
it says what the page costs when the server is alone, where the wall-clock time also counts waiting for a core).
"""
from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

PAGE_BUDGET = 14 * 1024
TIME_BUDGET_MS = 100

STAFF = ["/gestion", "/gestion/formations", "/gestion/sessions", "/gestion/sessions?periode=running",
         "{session}", "{session_participants}", "/gestion/apprenants", "/gestion/apprenants?page=100",
         "/gestion/apprenants?session={session_id}", "{learner_file}", "/gestion/financements",
         "/gestion/financements?page=200", "/gestion/financements?statut=submitted", "{funding_file}",
         "{statement}", "/gestion/factures", "/gestion/factures?page=100", "/gestion/factures?etat=overdue",
         "/gestion/factures?payeur=funder&du=2026-01-01", "{billing}", "/gestion/encaissements",
         "/gestion/encaissements?page=20", "/gestion/encaissements/nouveau", "/gestion/attestations",
         "/gestion/statistiques", "/gestion/taches", "/gestion/nouveautes"]
DPO = ["/dpo", "/dpo/demandes", "/dpo/journal", "/dpo/journal?page=300", "/dpo/journal?du=2026-11-01",
       "/dpo/securite", "/dpo/incidents", "/dpo/rapport", "/dpo/requisitions", "/dpo/politique", "/dpo/archives",
       "/gestion/apprenants"]


def main() -> None:
    instance = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent / "instance-large").resolve()
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    os.environ["INSTANCE_PATH"] = str(instance)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from peewee import fn
    from seed_large import open_instance  # brings the set up to date, as flask init-db does

    from portal.accounts.models import Account
    from portal.funding.models import FundingFile
    from portal.invoicing.models import Invoice
    from portal.learning.models import Enrollment, TrainingSession
    from portal.vault.service import account_id_for_email
    from tests.support.querycount import count_queries

    app = open_instance(instance, {"LOG_LEVEL": "WARNING"})
    with app.app_context():
        # The busiest session among the bench's funded enrolments: the demo's own have no funding file, and
        # the retention sweep (run by the capacity bench's scheduler) removes those of long-ended sessions.
        funded = Enrollment.select(Enrollment.session).join(FundingFile, on=(FundingFile.enrollment == Enrollment.id))
        busiest = (TrainingSession.select(TrainingSession).join(Enrollment).where(Enrollment.session.in_(funded))
                   .group_by(TrainingSession.id).order_by(fn.COUNT(Enrollment.id).desc()).first())
        enrollment = (Enrollment.select().join(FundingFile, on=(FundingFile.enrollment == Enrollment.id))
                      .where(Enrollment.session == busiest.id).order_by(Enrollment.id).first())
        funding_file = FundingFile.get(FundingFile.enrollment == enrollment.id)
        invoice = Invoice.select().where(Invoice.enrollment.is_null(False)).order_by(Invoice.id.desc()).first()
        places = {"session": f"/gestion/sessions/{busiest.id}",
                  "session_participants": f"/gestion/sessions/{busiest.id}/participants",
                  "session_id": str(busiest.id), "learner_file": f"/gestion/apprenants/{enrollment.account_id}",
                  "funding_file": f"/gestion/financements/{funding_file.id}",
                  "statement": f"/gestion/releves/{enrollment.id}",
                  "billing": f"/gestion/factures/inscriptions/{invoice.enrollment_id}"}
        people = {role: Account.get_by_id(account_id_for_email(email))
                  for role, email in (("staff", "gestion@petale.test"), ("dpo", "dpo@petale.test"))}
        learners = Account.select().where(Account.role == "learner").count()
    print(f"data set: {learners} learners; median of {rounds} requests per page; "
          f"budget {PAGE_BUDGET // 1024} KB gzip, {TIME_BUDGET_MS} ms")
    print(f"{'role':<6} {'page':<52} {'gzip':>8} {'SQL':>5} {'ms':>8} {'CPU ms':>8}")
    over = 0
    for role, pages in (("staff", STAFF), ("dpo", DPO)):
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = people[role].get_id()
            session["_fresh"] = True
            session["second_factor_at"] = time.time()
        for page in pages:
            url = page.format(**places) if "{" in page else page
            headers = {"Accept-Encoding": "gzip"}
            response = client.get(url, headers=headers)
            with app.app_context(), count_queries() as statements:
                response = client.get(url, headers=headers)
            timings, cpu = [], []
            for _ in range(rounds):
                start, start_cpu = time.perf_counter(), time.process_time()
                client.get(url, headers=headers)
                timings.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
            size, took = len(response.data), statistics.median(timings)
            flag = "" if response.status_code == 200 and size <= PAGE_BUDGET and took <= TIME_BUDGET_MS else "  OVER"
            over += bool(flag)
            status = "" if response.status_code == 200 else f" ({response.status_code})"
            print(f"{role:<6} {(url + status)[:52]:<52} {size:>8} {len(statements):>5} {took:>8.1f} "
                  f"{statistics.median(cpu):>8.1f}{flag}")
    print(f"{over} page(s) over budget")


if __name__ == "__main__":
    main()
