"""The access journal is filtered by a name, an e-mail address, or the reference of an erased account or of
someone without an account; an inverted period is refused beside its field (a dpo walk found only an e-mail
filter, no way to find erased accounts or people without an account, and 0 entries for an inverted period)."""
from __future__ import annotations

from datetime import timedelta
from html import unescape

from portal.accounts.models import Account
from portal.privacy import erasure
from portal.timeutil import paris_today
from portal.vault import audit
from portal.vault.models import AuditEntry
from portal.vault.service import account_id_for_email
from tests.support.busy_learner import post
from tests.support.learning_fixtures import signed_in

JOURNAL = "/dpo/journal"


def shown(dpo, **query):
    response = dpo.get(JOURNAL, query_string=query)
    return response, unescape(response.get_data(as_text=True))


def rows(html: str) -> str:
    return html.split("<tbody>")[1].split("</tbody>")[0]


def test_by_name_in_any_case_and_the_lookup_is_journaled(demo):
    with demo.app_context():
        antoine = account_id_for_email("apprenant@petale.test")
        amelie = account_id_for_email("apprenante2@petale.test")
        staff = audit.Actor(Account.get(Account.role == "staff").id, "staff")
        audit.record(staff, antoine, "lecture", ["phone"], reason="rappel au sujet du dossier A")
        audit.record(staff, amelie, "lecture", ["phone"], reason="rappel au sujet du dossier B")
    dpo = signed_in(demo, "dpo@petale.test")
    response, html = shown(dpo, personne="antoine apprenant")
    assert response.status_code == 200
    assert "dossier A" in rows(html) and "dossier B" not in rows(html)
    with demo.app_context():
        assert AuditEntry.select().where((AuditEntry.workflow == "journal des accès")
                                         & (AuditEntry.subject_id == antoine)).exists()
    shown(dpo, personne="antoine apprenant")  # reloaded, or paged through: the same lookup
    shown(dpo, personne="antoine apprenant", page="2")
    with demo.app_context():
        lookups = AuditEntry.select().where((AuditEntry.workflow == "journal des accès")
                                            & (AuditEntry.subject_id == antoine))
        assert lookups.count() == 1, "a lookup the page repeats is journaled once in a short while"
    response, html = shown(dpo, personne="Personne Inconnue")
    assert response.status_code == 422 and "Personne ne correspond" in html
    assert 'id="personne-error"' in html and "Aucune entrée." not in html


def test_an_erased_account_is_found_by_its_reference_from_a_line_of_the_journal(demo):
    with demo.app_context():
        amelie = account_id_for_email("apprenante2@petale.test")
        staff = audit.Actor(Account.get(Account.role == "staff").id, "staff")
        audit.record(staff, amelie, "lecture", ["phone"], reason="rappel au sujet du dossier B")
        erasure.delete_account(Account.get_by_id(amelie), notify=False)
    dpo = signed_in(demo, "dpo@petale.test")
    _, everything = shown(dpo)
    line = next(r for r in rows(everything).split("<tr>") if "dossier B" in r)
    assert "Compte supprimé" in line and f'/dpo/journal?personne={amelie}"' in line
    assert f">réf. {str(amelie)[:8]}</a>" in line, "her reference is the link that filters by it"
    response, html = shown(dpo, personne=str(amelie))
    assert response.status_code == 200 and "dossier B" in rows(html)
    assert all(f"personne={amelie}" in r for r in rows(html).split("<tr>")[1:]), "only her entries"
    response, html = shown(dpo, personne=amelie.hex)
    assert response.status_code == 200 and "dossier B" in rows(html)


def test_someone_without_an_account_is_found_by_name_or_e_mail(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    recorded = post(dpo, "/dpo/demandes/nouvelle", {
        "kind": "access", "channel": "courrier", "received_on": paris_today().isoformat(), "without_account": "y",
        "full_name": "Capucine Ancolie", "email": "capucine@example.org"}, "/dpo/demandes")
    assert recorded.status_code == 302
    for person in ("capucine", "Capucine@example.org"):
        response, html = shown(dpo, personne=person)
        assert response.status_code == 200, person
        assert "personne sans compte" in rows(html) and "enregistrement d'une personne sans compte" in rows(html)
        assert "Antoine" not in rows(html)


def test_an_inverted_period_is_refused_beside_its_field(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    today = paris_today()
    response, html = shown(dpo, du=today.isoformat(), au=(today - timedelta(days=9)).isoformat())
    assert response.status_code == 422
    beside = html.split('id="au"')[1].split("</div>")[0]
    assert "précède son début" in beside and 'id="au-error"' in beside
    assert (today - timedelta(days=9)).strftime("%d/%m/%Y") in beside
    assert "Aucune entrée." not in html, "no silent empty list"
    for bad in ({"du": "2026-13-45"}, {"au": "hier"}, {"personne": "x"}, {"auteur": "pas-un-id"}):
        assert shown(dpo, **bad)[0].status_code in (200, 422), bad


def test_two_people_without_an_account_of_the_same_name_are_told_apart_and_followed_exactly(demo):
    """Two letters from two « Capucine Ancolie » (Lyon, Brest): a row shows each one's short reference, whose link
    shows hers only, and the filter's box then says whom in words (not her raw reference)."""
    dpo = signed_in(demo, "dpo@petale.test")
    for email, address in (("capucine@example.org", "1 rue A\n69004 Lyon"),
                           ("capucine.a@exemple.fr", "2 rue B\n29200 Brest")):
        recorded = post(dpo, "/dpo/demandes/nouvelle", {
            "kind": "access", "channel": "courrier", "received_on": paris_today().isoformat(),
            "without_account": "y", "new_requester": "y", "full_name": "Capucine Ancolie", "email": email,
            "postal_address": address}, "/dpo/demandes")
        assert recorded.status_code == 302
    with demo.app_context():
        from portal.vault.models import Requester

        first, second = (row.id for row in Requester.select().order_by(Requester.recorded_at, Requester.id))
    _, html = shown(dpo, personne="Capucine Ancolie")
    listed = rows(html)
    assert f">réf. {str(first)[:8]}</a>" in listed and f">réf. {str(second)[:8]}</a>" in listed
    response, html = shown(dpo, personne=str(first))
    assert response.status_code == 200
    assert str(first)[:8] in rows(html) and str(second)[:8] not in rows(html), "her entries only"
    box = html.split('id="personne"')[1].split(">")[0]
    assert f'value="Personne sans compte (réf. {str(first)[:8]})"' in box and str(first) not in box
    # The box sent again as it reads: still her alone.
    response, html = shown(dpo, personne=f"Personne sans compte (réf. {str(first)[:8]})")
    assert response.status_code == 200
    assert str(first)[:8] in rows(html) and str(second)[:8] not in rows(html)


def test_a_reference_is_found_by_its_start_in_any_case_with_spaces_or_dashes(demo):
    """A dpo walk found the filter took only a whole reference typed by hand: the start of one, as a letter or
    a page gives it, finds her too."""
    with demo.app_context():
        amelie = account_id_for_email("apprenante2@petale.test")
        staff = audit.Actor(Account.get(Account.role == "staff").id, "staff")
        audit.record(staff, amelie, "lecture", ["phone"], reason="rappel au sujet du dossier B")
        erasure.delete_account(Account.get_by_id(amelie), notify=False)
    dpo = signed_in(demo, "dpo@petale.test")
    reference = str(amelie)  # 8-4-4-4-12
    for typed in (reference[:13].upper(), f"{reference[:4]} {reference[4:8]} {reference[9:13]}",
                  f"réf. {reference[:6]}", f"Réf {reference[:8].upper()}", f"{amelie.hex[:12]}",
                  f"{reference[:8]}-{reference[9:11]}", f"  {reference[:2]} - {reference[2:8]}-{reference[9:]} "):
        response, html = shown(dpo, personne=typed)
        assert response.status_code == 200, typed
        assert "dossier B" in rows(html), typed
        assert all(f"personne={amelie}" in r for r in rows(html).split("<tr>")[1:]), f"only her entries: {typed}"
        box = html.split('id="personne"')[1].split(">")[0]
        assert f'value="Compte supprimé (réf. {reference[:8]})"' in box, "whom, in words"
    too_short = shown(dpo, personne=f"réf. {reference[:3]}")
    assert too_short[0].status_code == 422 and "au moins 4 caractères de la référence" in too_short[1]
    response, html = shown(dpo, personne="Ada")
    assert response.status_code == 422 and "Personne ne correspond" in html, "a name without a digit stays a name"
    with demo.app_context():
        assert AuditEntry.select().where((AuditEntry.action == "recherche") & (AuditEntry.subject_id == amelie)
                                         ).count() == 0, "a reference is no read of her identity"


def test_the_filtered_entries_download_as_a_csv(demo):
    """Asked by an authority or a person for the reads of her data over a period, the dpo files a spreadsheet of
    the very entries the journal's filters show, with the time zone of each time."""
    import csv
    import io

    with demo.app_context():
        antoine = account_id_for_email("apprenant@petale.test")
        amelie = account_id_for_email("apprenante2@petale.test")
        staff = audit.Actor(Account.get(Account.role == "staff").id, "staff")
        audit.record(staff, antoine, "lecture", ["phone"], reason="rappel au sujet du dossier A")
        audit.record(staff, amelie, "lecture", ["phone"], reason="rappel au sujet du dossier B")
        audit.record(staff, antoine, "lecture", ["email"], reason='=HYPERLINK("http://x.test","dossier C")')
    dpo = signed_in(demo, "dpo@petale.test")
    today = paris_today().isoformat()
    _, html = shown(dpo, personne="antoine apprenant", du=today, au=today)
    assert "/dpo/journal.csv?" in html and "personne=antoine" in html
    response = dpo.get(JOURNAL + ".csv", query_string={"personne": "antoine apprenant", "du": today, "au": today})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert f'journal-acces-{today.replace("-", "")}-{today.replace("-", "")}.csv' in response.headers[
        "Content-Disposition"]
    table = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert table[0] == ["N°", "Quand", "Qui", "Données de", "Référence", "Quoi", "Champs", "Pourquoi"]
    body = table[1:]
    assert any("dossier A" in row[7] and row[3] == "Antoine" and row[4] == str(antoine) for row in body)
    assert not any("dossier B" in row[7] for row in body), "only her entries"
    assert any(row[7].startswith("'=HYPERLINK") for row in body), "a typed reason is never run as a formula"
    assert all(row[1].endswith(("+01:00", "+02:00")) for row in body), "Paris time, with its offset"
    assert [int(row[0]) for row in body] == sorted(int(row[0]) for row in body), "oldest first"
    refused = dpo.get(JOURNAL + ".csv", query_string={"du": today, "au": "2000-01-01"})
    assert refused.status_code == 422 and "inversez les dates" in unescape(refused.get_data(as_text=True))
