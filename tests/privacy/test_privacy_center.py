"""/mes-donnees: what is held and why; marketing consent and one-click unsubscribe (RFC 8058)."""
from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from portal import db, mail
from portal.personal_data.table import RULES
from portal.privacy import consent
from portal.standing import service as standing
from portal.standing.models import ConsentEvent
from tests.support.helpers import csrf_token, outbox, run_jobs, text_of
from tests.support.learning_fixtures import signed_in

ROOT = Path(__file__).resolve().parents[2]
# The application ships its own copy of the policy (it must display it without the spec folder).
POLICY = ROOT / "portal" / "privacy" / "politique-de-confidentialite.txt"
SPEC_POLICY = ROOT.parent / "shared" / "spec" / "politique-de-confidentialite.txt"


def learner_id(app, email="apprenant@petale.test"):
    from portal.vault.service import account_id_for_email

    with app.app_context():
        return account_id_for_email(email)


def post(client, url, data, page):
    token = csrf_token(client.get(page).get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token})


def test_the_shipped_policy_is_the_specified_one():
    if not SPEC_POLICY.exists():
        pytest.skip(f"the specification folder is not beside the repository ({SPEC_POLICY})")
    assert POLICY.read_text(encoding="utf-8") == SPEC_POLICY.read_text(encoding="utf-8")


def test_retention_rules_are_exactly_the_policy_table():
    text = POLICY.read_text(encoding="utf-8")
    table = text.split("| Catégorie de données |")[1].split("Vos prérogatives")[0]
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")]
            for line in table.splitlines()[2:] if line.startswith("|")]
    assert [(r.category, r.active, r.archive) for r in RULES] == [tuple(row) for row in rows]


def test_the_center_lists_every_topic_with_what_is_held(demo):
    """Each declaration's purpose, basis and retention line: tests/personal_data/test_personal_data_declarations.py."""
    html = unescape(signed_in(demo, "apprenant@petale.test").get("/mes-donnees").get_data(as_text=True))
    for heading in ["Identité et coordonnées", "Compte et identifiants", "Historique de formation",
                    "Échanges pédagogiques", "Bouquets composés dans l'atelier", "Personnalisation du parcours",
                    "Dossier administratif", "Consentements", "Demandes sur vos données", "Sécurité de votre compte"]:
        assert heading in html, heading
    assert "Exercice fiscal en cours ; archivage : 10 ans pour obligations comptables" in html
    assert "Durée de la formation ; archivage : 5 ans pour contrôles financeurs" in html


def test_an_english_reader_reads_the_retention_periods_in_english(demo):
    """The policy's periods (French, as the policy words them) are said in the reader's language."""
    from portal.accounts.models import Account

    with demo.app_context():
        Account.update(language="en").where(Account.display_name == "Antoine").execute()
    html = unescape(signed_in(demo, "apprenant@petale.test").get("/mes-donnees").get_data(as_text=True))
    assert "Account activity + 1 year, not archived" in html and "archive: not archived" not in html
    assert "10 years after the training ends" in html
    assert not any(rule.active in html or rule.archive in html for rule in RULES)


def test_marketing_needs_explicit_consent_which_is_never_pre_ticked(demo):
    client = signed_in(demo, "apprenant@petale.test")
    page = client.get("/mes-donnees").get_data(as_text=True)
    assert re.search(r'name="marketing" value="oui">', page), "the box starts unticked"
    account = learner_id(demo)
    with demo.app_context(), db.atomic():
        assert mail.send(account, "news", kind="marketing", headline="Nouveau stage") is None
    assert post(client, "/mes-donnees/consentement", {"marketing": "oui"}, "/mes-donnees").status_code == 302
    with demo.app_context():
        event = ConsentEvent.get(ConsentEvent.account_id == account)
        assert event.granted and event.policy_version == "1.0" and event.source == "espace personnel"
        with db.atomic():
            assert mail.send(account, "news", kind="marketing", headline="Nouveau stage de Noël") is not None
    run_jobs(demo)
    [message] = outbox(demo)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = message["List-Unsubscribe"].strip("<>")
    assert link.startswith("http://petale.test/desinscription/") and link in text_of(message)
    assert "Nouveau stage de Noël" in text_of(message)


def test_one_click_unsubscribe_works_logged_out_and_operational_mail_keeps_coming(demo):
    account = learner_id(demo)
    with demo.app_context():
        consent.record(account, True, consent.SOURCE_SPACE)
        token = standing.unsubscribe_token(account)
    anonymous = demo.test_client()
    # A mail client's RFC 8058 POST: no session, no CSRF token.
    response = anonymous.post(f"/desinscription/{token}", data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and "Désinscription enregistrée" in response.get_data(as_text=True)
    with demo.app_context():
        assert not standing.granted(account)
        assert consent.history(account)[0].source == "désinscription en un clic"
        with db.atomic():
            assert mail.send(account, "news", kind="marketing", headline="x") is None
            assert mail.send(account, "forum_answer", thread_title="Vos bouquets",
                             url="http://petale.test/") is not None
    run_jobs(demo)
    assert [m["Subject"] for m in outbox(demo)] == ["Votre question a reçu une réponse"]
    assert "Me désinscrire" in anonymous.get(f"/desinscription/{token}").get_data(as_text=True)


@pytest.mark.parametrize("token", ["abc", "x" * 300, "eyJhIjoiMTIzIn0.bad"])
def test_tampered_unsubscribe_links_are_refused_in_french(demo, token):
    response = demo.test_client().post(f"/desinscription/{token}", data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 400
    assert "Ce lien de désinscription n'est pas valide." in unescape(response.get_data(as_text=True))


def test_withdrawing_after_queueing_drops_the_marketing_mail(demo):
    account = learner_id(demo)
    with demo.app_context():
        consent.record(account, True, consent.SOURCE_SPACE)
        with db.atomic():
            assert mail.send(account, "news", kind="marketing", headline="x") is not None
        consent.record(account, False, consent.SOURCE_SPACE)
    run_jobs(demo)
    assert outbox(demo) == []


def test_consent_history_is_visible(demo):
    client = signed_in(demo, "apprenant@petale.test")
    post(client, "/mes-donnees/consentement", {"marketing": "oui"}, "/mes-donnees")
    post(client, "/mes-donnees/consentement", {}, "/mes-donnees")
    html = client.get("/mes-donnees").get_data(as_text=True)
    assert "Historique de mes choix" in html and html.count("espace personnel, politique 1.0") == 2


def test_the_policy_page_shows_version_date_text_and_the_retention_table_from_the_rules(demo):
    html = unescape(demo.test_client().get("/confidentialite").get_data(as_text=True))
    assert "<h1>Politique de confidentialité</h1>" in html and "Version 1.0, révisée le" in html
    assert "<h2>Durées de conservation</h2>" in html and "<h2>Opposition et limitation</h2>" in html
    table = html.split('id="conservation"')[1].split("</table>")[0]
    for rule in RULES:
        assert f"<td>{rule.category}</td><td>{rule.active}</td><td>{rule.archive}</td>" in table
    assert html.count("Identifiants de connexion") == 1, "the table is rendered from the rules, not copied"
    assert 'href="/confidentialite"' in demo.test_client().get("/").get_data(as_text=True)


def test_the_privacy_center_in_english(demo):
    from portal.accounts.models import Account

    with demo.app_context():
        Account.update(language="en").where(Account.display_name == "Antoine").execute()
    html = unescape(signed_in(demo, "apprenant@petale.test").get("/mes-donnees").get_data(as_text=True))
    assert "Here is everything Pétale keeps about you" in html and "Export my data" in html
    assert "Restrict processing" in html and "Delete my account" in html
