"""Requests received by post or mail, carried out by the dpo from the register once the person's identity
is checked: the same export and the same erasure as the person's own, an objection, each recorded
against the request and told to her."""
from __future__ import annotations

import sqlite3
from datetime import timedelta
from email import message_from_bytes
from email.policy import default as email_policy
from html import unescape
from pathlib import Path

from portal.accounts.models import DELETED, Account
from portal.db import close_zones
from portal.privacy.models import DataRequest, Export
from portal.standing.objection import objected_since
from portal.standing.service import granted
from portal.timeutil import paris_today
from portal.vault.models import AuditEntry
from portal.vault.service import account_id_for_email
from tests.support.busy_learner import PERSON, TRACES, a_busy_learner, her_farewell, post
from tests.support.helpers import outbox, pdf_text, run_jobs, text_of
from tests.support.learning_fixtures import signed_in
from tests.support.letters import record_letter

PAGE = "/dpo/demandes"
SEEN = {"confirmed": "y"}  # the dpo read what the person will receive, and sends it


def record(dpo, email: str, kind: str) -> DataRequest:
    response = record_letter(dpo, {"email": email, "kind": kind, "channel": "courrier",
                                   "received_on": paris_today().isoformat()})
    assert response.status_code == 302, unescape(response.get_data(as_text=True))
    return DataRequest.select().where(DataRequest.kind == kind).order_by(DataRequest.id.desc()).first()


ID_CARD = {"identity_method": "piece", "identity_check": "copie de pièce d'identité"}


def carry_out(dpo, request_id: int, **fields):
    return post(dpo, f"/dpo/demandes/{request_id}/execution", fields, PAGE)


def test_an_access_request_by_post_gets_the_persons_export_by_a_link_and_closes(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    with demo.app_context():
        request = record(dpo, "apprenant@petale.test", "access")
    unchecked = carry_out(dpo, request.id, identity_method="piece", identity_check="")
    assert unchecked.status_code == 422
    assert "Notez ce que vous avez comparé" in unescape(unchecked.get_data(as_text=True))
    no_method = carry_out(dpo, request.id, identity_check="nom et adresse identiques")
    assert no_method.status_code == 422
    assert "Choisissez comment l'identité" in unescape(no_method.get_data(as_text=True))
    named = carry_out(dpo, request.id, identity_method="piece", identity_check="Antoine Apprenant, carte d'identité")
    assert named.status_code == 422, "the access journal keeps the check: no name in it"
    assert carry_out(dpo, request.id, identity_method="piece",
                     identity_check="copie de pièce d'identité reçue avec la lettre").status_code == 302
    run_jobs(demo)
    run_jobs(demo)
    with demo.app_context():
        [made] = Export.select().where(Export.request == request.id)
        assert made.status == "ready"
        closed = DataRequest.get_by_id(request.id)
        assert closed.closed_at is not None and "délégué" in closed.answer
        assert DataRequest.select().where(DataRequest.kind == "portability").count() == 0, "no second request"
        assert AuditEntry.select().where(AuditEntry.reason.contains("Vérification d'identité")).count() == 1
        antoine = account_id_for_email("apprenant@petale.test")
        exported = list(AuditEntry.select().where(AuditEntry.action == "export"))
        assert exported and all(e.actor_id != antoine and e.actor_role == "dpo" for e in exported), \
            "the journal does not say she read her archive: the dpo's export did (a dpo walk found it)"
    [mail] = [m for m in outbox(demo) if m["Subject"] == "Votre export de données est prêt"]
    assert mail["To"].endswith("apprenant@petale.test>") and "/mes-donnees/export" in text_of(mail)
    assert "dpo@petale.test" in mail["From"] and mail["Reply-To"] == "dpo@petale.test", "the dpo answers her letter"


def test_an_objection_by_post_stops_marketing_and_tells_her(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    learner = signed_in(demo, "apprenant@petale.test")
    post(learner, "/mes-donnees/consentement", {"marketing": "oui"}, "/mes-donnees")
    with demo.app_context():
        account = account_id_for_email("apprenant@petale.test")
        assert granted(account)
        request = record(dpo, "apprenant@petale.test", "objection")
    assert carry_out(dpo, request.id, identity_method="questions", identity_check="question de contrôle au téléphone",
                     objections=["marketing", "improvement"], confirmed="y").status_code == 302
    run_jobs(demo)
    with demo.app_context():
        assert not granted(account)
        assert objected_since(account) is not None  # left out of every aggregate too
        assert DataRequest.get_by_id(request.id).closed_at is not None
    [told] = [m for m in outbox(demo) if m["Subject"] == "Votre demande sur vos données : réponse"]
    assert "Opposition prise en compte" in text_of(told)
    assert "question de contrôle" not in text_of(told), "how her identity was checked stays in the register"


def test_an_objection_to_marketing_mail_only_leaves_her_counted_and_says_exactly_that(demo):
    """Antoine's letter asks only to stop the news mails (a dpo walk found the form applied an analytics
    objection he never asked for, with no choice)."""
    from portal.accounts.lifecycle import not_erased
    from portal.privacy.export import data_document
    from portal.privacy.models import RequestStep

    dpo = signed_in(demo, "dpo@petale.test")
    with demo.app_context():
        account = account_id_for_email("apprenant@petale.test")
        request = record(dpo, "apprenant@petale.test", "objection")
    page = unescape(dpo.get(f"/dpo/demandes/{request.id}").get_data(as_text=True))
    assert 'name="objections" value="marketing"' in page and 'name="objections" value="improvement"' in page
    assert "comme par le lien de désinscription" in page and "chiffres d'ensemble" in page, \
        "each choice says what it does"
    nothing = carry_out(dpo, request.id, **ID_CARD, confirmed="y")
    assert nothing.status_code == 422
    assert "Cochez ce à quoi la personne s'oppose" in unescape(nothing.get_data(as_text=True))
    assert carry_out(dpo, request.id, **ID_CARD, objections=["marketing"], confirmed="y").status_code == 302
    run_jobs(demo)
    with demo.app_context():
        assert objected_since(account) is None, "no analytics objection she never asked for"
        assert not granted(account)
        steps = [s.what for s in RequestStep.select().where(RequestStep.request == request.id)]
        assert "Opposition appliquée : courriels sur nos nouveautés (accord retiré)" in steps
        exported = data_document(not_erased(account))
        [refusal] = [c for c in exported["consents"] if c["source"] == "demande au délégué"]
        assert refusal["purpose"] == "marketing" and refusal["granted"] is False, "recorded though she never said yes"
        assert exported["objections"] == []
    [told] = [m for m in outbox(demo) if m["Subject"] == "Votre demande sur vos données : réponse"]
    assert "vous ne recevrez plus de courriels sur nos nouveautés" in text_of(told)
    assert "chiffres d'ensemble" not in text_of(told)
    assert "pièce d'identité" not in text_of(told)
    mine = unescape(signed_in(demo, "apprenant@petale.test").get("/mes-donnees").get_data(as_text=True))
    today = paris_today().strftime("%d/%m/%Y")
    assert f"refusées depuis le {today}" in mine
    held = mine.split("Opposition aux analyses d'amélioration")[1][:200]
    assert "aucune" in held


def test_an_erasure_by_post_carried_out_by_the_dpo_leaves_nothing_of_her_in_any_raw_file(make_app):
    app = make_app()
    a_busy_learner(app)
    instance = Path(app.instance_path)
    others = [sqlite3.connect(instance / f"{zone}.db") for zone in ("main", "vault")
              if app.config["DATABASE_URL"].startswith("sqlite")]
    for other in others:
        other.execute("SELECT count(*) FROM sqlite_master").fetchone()
    dpo = signed_in(app, "dpo@petale.test")
    with app.app_context():
        account_id = account_id_for_email(PERSON["email"])
        request = record(dpo, PERSON["email"], "erasure")
    unconfirmed = carry_out(dpo, request.id, **ID_CARD, confirmation="oui")
    assert unconfirmed.status_code == 422 and "EFFACER" in unescape(unconfirmed.get_data(as_text=True))
    assert carry_out(dpo, request.id, **ID_CARD, confirmation="effacer", **SEEN).status_code \
        == 302
    run_jobs(app)
    with app.app_context():
        assert Account.get_by_id(account_id).status == DELETED
        [only] = DataRequest.select().where((DataRequest.account_id == account_id) & (DataRequest.kind == "erasure"))
        assert only.id == request.id and only.closed_at is not None and "délégué" in only.answer
    close_zones()
    leftovers, farewells = [], []
    for path in sorted(instance.rglob("*")):
        if not path.is_file() or path.name.startswith("archive.db"):
            continue  # the archive keeps the legal records, with the name as issued
        if her_farewell(path):
            farewells.append(path)  # the mail sent to her: with no relay, the outbox is where mail goes
            continue
        data = path.read_bytes()
        leftovers += [f"{path.name}: {trace}" for trace in TRACES
                      if trace.encode() in data or trace.encode("utf-16-le") in data]
    assert leftovers == []
    assert len(farewells) == 1, "her farewell, from the dpo, is in the outbox"
    assert "dpo@petale.test" in message_from_bytes(farewells[0].read_bytes(), policy=email_policy)["From"]
    for other in others:
        other.close()


def test_a_rectification_by_post_corrects_only_what_she_asked_and_tells_her(demo):
    from portal.vault.service import own_identity

    dpo = signed_in(demo, "dpo@petale.test")
    with demo.app_context():
        account = account_id_for_email("apprenant@petale.test")
        request = record(dpo, "apprenant@petale.test", "rectification")
    nothing = carry_out(dpo, request.id, **ID_CARD)
    assert nothing.status_code == 422 and "à corriger" in unescape(nothing.get_data(as_text=True))
    wrong = carry_out(dpo, request.id, **ID_CARD, phone="12")
    assert wrong.status_code == 422
    assert carry_out(dpo, request.id, **ID_CARD,
                     full_name="Antoine Apprenant-Fleur", confirmed="y").status_code == 302
    run_jobs(demo)
    with demo.app_context():
        identity = own_identity(account)
        assert identity.full_name == "Antoine Apprenant-Fleur" and identity.phone == "+33612000005"
        assert AuditEntry.select().where(AuditEntry.action == "rectification").count() == 1
        assert DataRequest.get_by_id(request.id).closed_at is not None
    [told] = [m for m in outbox(demo) if m["Subject"] == "Votre demande sur vos données : réponse"]
    assert "Rectification faite : nous avons corrigé votre nom" in text_of(told)
    assert "attestation" in text_of(told), "documents carry her name: she may ask for a new one"
    assert "pièce d'identité" not in text_of(told), "how her identity was checked stays in the register"


def test_a_phone_corrected_by_post_is_told_without_the_words_about_documents(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    with demo.app_context():
        request = record(dpo, "apprenant@petale.test", "rectification")
    assert carry_out(dpo, request.id, **ID_CARD, phone="06 11 22 33 44", confirmed="y").status_code == 302
    run_jobs(demo)
    [told] = [m for m in outbox(demo) if m["Subject"] == "Votre demande sur vos données : réponse"]
    said = " ".join(text_of(told).split())
    assert "nous avons corrigé votre téléphone dans votre compte." in said
    assert "attestation" not in said and "documents" not in said and "Identité vérifiée" not in said
    assert "06 11 22 33 44" not in said and "+33611223344" not in said


def test_a_restriction_by_post_is_applied_on_its_ground_then_lifted_each_told_from_the_dpo(demo):
    from portal.standing.service import is_restricted

    dpo = signed_in(demo, "dpo@petale.test")
    with demo.app_context():
        account = account_id_for_email("apprenant@petale.test")
        request = record(dpo, "apprenant@petale.test", "restriction")
        assert not is_restricted(account), "recorded, not yet applied: her identity is not checked"
    for ground in ("", "other"):  # one of the four grounds of article 18(1)
        no_ground = carry_out(dpo, request.id, **ID_CARD, ground=ground)
        assert no_ground.status_code == 422 and "motif" in unescape(no_ground.get_data(as_text=True))
    unchecked = carry_out(dpo, request.id, ground="accuracy")
    assert unchecked.status_code == 422
    assert "Choisissez comment l'identité" in unescape(unchecked.get_data(as_text=True))
    assert carry_out(dpo, request.id, **ID_CARD, ground="accuracy", **SEEN).status_code == 302
    with demo.app_context():
        assert is_restricted(account)
        applied = DataRequest.get_by_id(request.id)
        assert applied.closed_at is None and "Limitation appliquée" in applied.answer
    register = unescape(dpo.get(PAGE).get_data(as_text=True))
    assert "Prévenir la personne de la levée" in register and "Raison de la levée" in register
    assert carry_out(dpo, request.id, reason="").status_code == 422
    # Told before it is lifted (article 18(3)): the day announced first (read before it is sent), then lifted once
    # it has come.
    assert carry_out(dpo, request.id, reason="Adresse vérifiée : elle était exacte.",
                     lift_on=(paris_today() + timedelta(days=1)).isoformat(), **SEEN).status_code == 302
    with demo.app_context():
        DataRequest.update(lift_on=paris_today()).where(DataRequest.id == request.id).execute()
    assert carry_out(dpo, request.id, **SEEN).status_code == 302
    run_jobs(demo)
    with demo.app_context():
        assert not is_restricted(account)
        assert DataRequest.get_by_id(request.id).closed_at is not None
    mails = {m["Subject"]: m for m in outbox(demo)}
    applied_mail = mails["Le traitement de vos données est limité"]
    lifted_mail = mails["La limitation du traitement de vos données est levée"]
    for told in (applied_mail, lifted_mail):
        assert told["To"].endswith("apprenant@petale.test>")
        assert "dpo@petale.test" in told["From"] and told["Reply-To"] == "dpo@petale.test"
    assert "exactitude" in text_of(applied_mail) and "elle était exacte" in text_of(lifted_mail)


def test_an_access_request_answered_by_post_hands_her_export_to_the_dpo_as_a_file_to_send(demo):
    import io
    import json
    import zipfile

    dpo = signed_in(demo, "dpo@petale.test")
    with demo.app_context():
        request = record(dpo, "apprenant@petale.test", "access")
    assert carry_out(dpo, request.id, identity_method="piece",
                     identity_check="copie de pièce d'identité reçue avec la lettre", by_post="y").status_code == 302
    assert dpo.get(f"/dpo/demandes/{request.id}/export.zip").status_code == 404, "not ready yet"
    run_jobs(demo)
    run_jobs(demo)
    assert not [m for m in outbox(demo) if m["Subject"] == "Votre export de données est prêt"], "no link: a letter"
    with demo.app_context():
        assert DataRequest.get_by_id(request.id).closed_at is None, "open until the dpo has sent it"
        taken_before = AuditEntry.select().where(AuditEntry.action == "export").count()
    register = unescape(dpo.get(PAGE).get_data(as_text=True))
    assert f"/dpo/demandes/{request.id}/export.zip" in register and "à envoyer par courrier" in register
    assert signed_in(demo, "gestion@petale.test").get(f"/dpo/demandes/{request.id}/export.zip").status_code == 403
    download = dpo.get(f"/dpo/demandes/{request.id}/export.zip")
    assert download.status_code == 200 and download.headers["Content-Disposition"].startswith("attachment")
    sent = zipfile.ZipFile(io.BytesIO(download.data))
    data = json.loads(sent.read("data.json"))
    letter = " ".join(pdf_text(sent.read("vos-donnees.pdf")).split())
    download.close()  # a file sent as it is read
    assert data["identity"]["email"] == "apprenant@petale.test", "the same export as her own"
    # The answer in words a letter needs (article 15): purposes, basis, retention, what is held, her rights
    # (a dpo walk found only JSON with English keys to post to her).
    for words in ("Vos données personnelles", "Antoine Apprenant", "Finalité", "Base légale", "Conservation",
                  "Identité et coordonnées", "Vos droits", "CNIL"):
        assert words in letter, words
    with demo.app_context():
        assert AuditEntry.select().where(AuditEntry.action == "export").count() == taken_before + 1
    assert post(dpo, f"/dpo/demandes/{request.id}/cloture", {**SEEN, "answer": "Export envoyé en recommandé."},
                PAGE).status_code == 302
    with demo.app_context():
        closed = DataRequest.get_by_id(request.id)
        assert closed.closed_at is not None and closed.answer.startswith("Réponse envoyée par courrier")
    # Closed, the register still says how her identity was checked (a dpo walk found it gone).
    row = unescape(dpo.get(PAGE).get_data(as_text=True)).split(f'id="demande-{request.id}"')[1].split("</tr>")[0]
    assert ("Identité vérifiée : Copie d'une pièce d'identité comparée au compte — copie de pièce d'identité "
            "reçue avec la lettre") in row


def test_her_farewell_after_an_erasure_by_post_comes_from_the_dpo(make_app, smtp_server):
    from portal.demo.seed import seed

    controller, handler = smtp_server
    app = make_app(MAIL_URL=f"smtp://127.0.0.1:{controller.port}")
    with app.app_context():
        seed(backoffice=False)
    dpo = signed_in(app, "dpo@petale.test")
    with app.app_context():
        request = record(dpo, "apprenante2@petale.test", "erasure")
    handler.messages.clear()
    assert carry_out(dpo, request.id, identity_method="signature", identity_check="signature comparée au contrat",
                     confirmation="EFFACER", **SEEN).status_code == 302
    [farewell] = handler.messages
    assert "apprenante2@petale.test" in farewell["To"]
    assert "dpo@petale.test" in farewell["From"] and farewell["Reply-To"] == "dpo@petale.test"


def test_a_request_page_keeps_the_letters_address_and_tells_its_history_once_carried_out(demo):
    """A dpo walk: after « Préparer et envoyer l'export » by post she landed on the list, the form was still
    offered, the history said nothing of the identity check or the export, and the letter's address was lost."""
    from portal.vault.models import RequestLetter

    dpo = signed_in(demo, "dpo@petale.test")
    with demo.app_context():
        response = record_letter(dpo, {"email": "apprenant@petale.test", "kind": "access", "channel": "courrier",
                                       "received_on": paris_today().isoformat(),
                                       "postal_address": "8 impasse des Iris\n44000 Nantes"})
        assert response.status_code == 302
        request = DataRequest.select().where(DataRequest.kind == "access").order_by(DataRequest.id.desc()).first()
    page = unescape(dpo.get(f"{PAGE}/{request.id}").get_data(as_text=True))
    assert "Adresse donnée dans sa lettre" in page and "8 impasse des Iris" in page and "44000 Nantes" in page
    assert "Préparer et envoyer l'export" in page
    done = carry_out(dpo, request.id, **ID_CARD, by_post="y")
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/dpo/demandes/{request.id}"), \
        "back on the request, where the export is taken"
    page = unescape(dpo.get(f"{PAGE}/{request.id}").get_data(as_text=True))
    assert "Préparer et envoyer l'export" not in page and "Demande exécutée" in page
    assert "À comparer avec sa lettre" not in page, "carried out: her identity is not read again"
    row = unescape(dpo.get(PAGE).get_data(as_text=True)).split(f'id="demande-{request.id}"')[1].split("</tr>")[0]
    assert "exécuter la demande" not in row and "Demande exécutée : export demandé." in row
    history = page.split('id="historique"')[1].split("</section>")[0]
    assert "Identité vérifiée : Copie d'une pièce d'identité comparée au compte" in history
    assert "Export demandé : à télécharger depuis cette demande" in history
    run_jobs(demo)
    page = unescape(dpo.get(f"{PAGE}/{request.id}").get_data(as_text=True))
    assert f"/dpo/demandes/{request.id}/export.zip" in page and "Export prêt" in page
    dpo.get(f"/dpo/demandes/{request.id}/export.zip").close()
    history = unescape(dpo.get(f"{PAGE}/{request.id}").get_data(as_text=True)).split('id="historique"')[1]
    assert "Export téléchargé par le délégué" in history
    assert post(dpo, f"{PAGE}/{request.id}/cloture", {**SEEN, "answer": "Export envoyé en recommandé.", "fiche": "y"},
                PAGE).status_code == 302
    with demo.app_context():
        assert not RequestLetter.select().exists(), "answered: the address her letter gave is forgotten"
    page = unescape(dpo.get(f"{PAGE}/{request.id}").get_data(as_text=True))
    assert "8 impasse des Iris" not in page and "effacée à la clôture" in page
