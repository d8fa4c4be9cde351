"""A request from someone without an account (a letter or a mail to the dpo): recorded with what her letter
gives, kept in the vault and never in the main zone, answered by mail from the dpo or by a letter the register
notes, closed, and forgotten with the register's proof five years later."""
from __future__ import annotations

import uuid
from datetime import timedelta
from html import unescape
from pathlib import Path

from portal.db import main_db, vault_db
from portal.personal_data import registry
from portal.privacy.models import DataRequest
from portal.schema import router
from portal.timeutil import paris_today
from portal.vault.models import AuditEntry, Requester
from tests.support.busy_learner import post
from tests.support.helpers import outbox, run_jobs, text_of
from tests.support.learning_fixtures import signed_in

PAGE = "/dpo/demandes"
SEEN = {"confirmed": "y"}  # the dpo read what the person will receive, and sends it
LETTER = {"kind": "access", "channel": "courrier", "without_account": "y", "full_name": "Capucine Ancolie",
          "postal_address": "12 rue des Glycines\n69004 Lyon"}


def record(dpo, **fields):
    return post(dpo, "/dpo/demandes/nouvelle", {"received_on": (paris_today() - timedelta(days=2)).isoformat(),
                                                **LETTER, **fields}, PAGE)


def test_a_letter_from_someone_without_an_account_is_recorded_in_the_vault_and_answered_by_mail(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    unknown = record(dpo, without_account="")
    assert unknown.status_code == 422 and "Sans compte" in unescape(unknown.get_data(as_text=True))
    assert record(dpo, email="capucine@example.org", phone="06 11 22 33 44").status_code \
        == 302
    with demo.app_context():
        request = DataRequest.get(DataRequest.kind == "access")
        assert request.account_id is None and request.due_on == paris_today() - timedelta(days=2) + timedelta(days=15)
        requester = Requester.get_by_id(request.requester_id)
        assert (requester.full_name, requester.email, requester.phone) == ("Capucine Ancolie", "capucine@example.org",
                                                                         "+33611223344")
    if demo.config["DATABASE_URL"].startswith("sqlite:///"):
        main_file = Path(demo.config["DATABASE_URL"].removeprefix("sqlite:///"))
        assert b"Ancolie" not in main_file.read_bytes() and b"Glycines" not in main_file.read_bytes(), \
            "the main zone keeps her UUID only"

    register = unescape(dpo.get(PAGE).get_data(as_text=True))
    assert "sans compte" in register and "Capucine Ancolie" in register and "69004 Lyon" in register
    dpo.get(PAGE)  # a reload within a short while is the same read
    with demo.app_context():
        reads = AuditEntry.select().where((AuditEntry.subject_id == request.requester_id)
                                          & (AuditEntry.action == "lecture"))
        assert reads.count() == 1, "each showing of her details is journaled, a reload once"
    journal = unescape(dpo.get("/dpo/journal").get_data(as_text=True))
    assert "personne sans compte" in journal and "enregistrement d'une personne sans compte" in journal
    no_carry_out = post(dpo, f"/dpo/demandes/{request.id}/execution", {"identity_check": "copie de pièce"}, PAGE)
    assert no_carry_out.status_code == 422 and "pas de compte" in unescape(no_carry_out.get_data(as_text=True))

    answer = "Nous ne détenons aucune donnée vous concernant, hormis votre demande."
    assert post(dpo, f"/dpo/demandes/{request.id}/cloture", {**SEEN, "answer": answer}, PAGE).status_code == 302
    run_jobs(demo)
    [told] = [m for m in outbox(demo) if m["Subject"] == "Votre demande sur vos données : réponse"]
    assert told["To"] == "Capucine Ancolie <capucine@example.org>"
    assert "dpo@petale.test" in told["From"] and told["Reply-To"] == "dpo@petale.test"
    assert answer in text_of(told) and "Capucine Ancolie" in text_of(told)
    with demo.app_context():
        assert DataRequest.get_by_id(request.id).closed_at is not None
        assert Requester.get_by_id(request.requester_id).answered_at is not None
    closed = unescape(dpo.get(PAGE).get_data(as_text=True))
    assert "Glycines" not in closed, "a closed request no longer reads her details"


def test_without_an_e_mail_address_she_is_answered_by_post_and_the_register_notes_it(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    for missing, message in (({"full_name": ""}, "Recopiez le nom"),
                             ({"postal_address": ""}, "de quoi lui répondre"),
                             ({"email": "pas-une-adresse"}, "n'est pas valide"),
                             ({"email": "apprenant@petale.test"}, "Un compte porte cette adresse"),
                             ({"phone": "12"}, "numéro de téléphone"),
                             ({"received_on": (paris_today() + timedelta(days=1)).isoformat()}, "futur")):
        refused = record(dpo, **missing)
        assert refused.status_code == 422 and message in unescape(refused.get_data(as_text=True)), missing
    with demo.app_context():
        assert not DataRequest.select().exists() and not Requester.select().exists(), "nothing kept of a refusal"
    assert record(dpo, kind="erasure").status_code == 302
    with demo.app_context():
        request = DataRequest.get(DataRequest.kind == "erasure")
    extended = post(dpo, f"/dpo/demandes/{request.id}/report",
                    {**SEEN,
                     "new_due": (request.due_on + timedelta(days=10)).isoformat(), "reason": "courrier en attente"},
                    PAGE)
    assert extended.status_code == 302
    assert "prévenez-la par courrier" in unescape(dpo.get(PAGE).get_data(as_text=True))
    by_mail = post(dpo, f"/dpo/demandes/{request.id}/cloture", {**SEEN, "answer": "Aucune donnée."}, PAGE)
    assert by_mail.status_code == 422 and "par courrier" in unescape(by_mail.get_data(as_text=True))
    assert post(dpo, f"/dpo/demandes/{request.id}/cloture", {**SEEN,
                                                             "answer": "Aucune donnée à effacer.", "by_post": "y"},
                PAGE).status_code == 302
    run_jobs(demo)
    assert outbox(demo) == []
    with demo.app_context():
        closed = DataRequest.get_by_id(request.id)
        assert closed.closed_at is not None
        assert closed.answer == "Réponse envoyée par courrier\u00a0: Aucune donnée à effacer."


def test_her_details_leave_the_vault_with_the_registers_proof_five_years_after_the_answer(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    assert record(dpo).status_code == 302
    assert record(dpo, full_name="Basile Bleuet", kind="objection").status_code == 302
    with demo.app_context():
        answered, waiting = DataRequest.select().order_by(DataRequest.id)
    post(dpo, f"/dpo/demandes/{answered.id}/cloture", {**SEEN, "answer": "Aucune donnée.", "by_post": "y"}, PAGE)
    today = paris_today()
    someone_held_back = frozenset({uuid.uuid4()})  # a legal claim elsewhere must not keep her for ever
    with demo.app_context():
        registry.expire_all(today.replace(year=today.year + 4), someone_held_back)
        assert Requester.select().count() == 2
        registry.expire_all(today.replace(year=today.year + 5) + timedelta(days=1), someone_held_back)
        assert [r.full_name for r in Requester.select()] == ["Basile Bleuet"], \
            "an open request keeps its requester until five years after its answer was due"
        assert [r.id for r in DataRequest.select()] == [waiting.id]
        registry.expire_all(today.replace(year=today.year + 6), someone_held_back)
        assert not Requester.select().exists() and not DataRequest.select().exists()


def _step(zone, name: str, step_name: str) -> None:
    """One migration, on a migrator that knows the models as the migrations applied so far left them."""
    zone_router = router(zone)
    zone_router.run_one(name, zone_router.migrator, fake=False, downgrade=step_name == "rollback")


def test_the_migrations_roll_back_and_forward(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    learner = signed_in(demo, "apprenant@petale.test")
    post(learner, "/mes-donnees/limitation", {"ground": "accuracy", "understood": "y"}, "/mes-donnees")
    assert record(dpo).status_code == 302
    with demo.app_context():
        _step("main", "051_requests_without_account", "rollback")
        _step("vault", "009_requesters", "rollback")
        columns = [c.name for c in main_db.obj.get_columns("data_request")]
        assert "requester_id" not in columns and "requester" not in vault_db.obj.get_tables()
        assert [r[0] for r in main_db.obj.execute_sql("SELECT kind FROM data_request")] == ["restriction"]
        _step("vault", "009_requesters", "migrate")
        _step("main", "051_requests_without_account", "migrate")
        assert DataRequest.get(DataRequest.kind == "restriction").requester_id is None
    assert record(dpo).status_code == 302


def test_the_same_person_writing_again_is_offered_to_the_dpo_and_kept_once(demo):
    """A dpo walk found two requester records for one person who wrote twice."""
    dpo = signed_in(demo, "dpo@petale.test")
    assert record(dpo, email="capucine@example.org").status_code == 302
    with demo.app_context():
        first = DataRequest.get(DataRequest.kind == "access")
    post(dpo, f"/dpo/demandes/{first.id}/cloture", {**SEEN, "answer": "Aucune donnée."}, PAGE)
    with demo.app_context():
        assert Requester.get_by_id(first.requester_id).answered_at is not None
    again = dict(kind="objection", full_name="capucine  ANCOLIE", postal_address="12, rue des Glycines 69004 LYON",
                 email="", phone="06 11 22 33 44")
    offered = record(dpo, **again)
    html = unescape(offered.get_data(as_text=True))
    assert offered.status_code == 200 and "Cette personne a déjà écrit" in html
    known = html.split('id="deja-connue"')[1].split("</dl>")[0]
    assert "Capucine Ancolie" in known and "capucine@example.org" in known and "nom complet, adresse postale" in known
    assert f'name="confirmed_requester" value="{first.requester_id}"' in html
    with demo.app_context():
        assert DataRequest.select().count() == 1 and Requester.select().count() == 1, "nothing before she chooses"
    assert record(dpo, **again, confirmed_requester=str(first.requester_id)).status_code == 302
    with demo.app_context():
        second = DataRequest.get(DataRequest.kind == "objection")
        kept = Requester.get_by_id(first.requester_id)
        assert second.requester_id == first.requester_id and Requester.select().count() == 1
        assert kept.phone == "+33611223344", "what her new letter adds is kept"
        assert kept.answered_at is None, "her retention waits for the new answer"

    by_mail = record(dpo, kind="erasure", full_name="Capucine Martin", postal_address="", email="Capucine@Example.org")
    assert by_mail.status_code == 200 and "adresse électronique" in unescape(by_mail.get_data(as_text=True))
    assert record(dpo, kind="erasure", full_name="Capucine Martin", postal_address="", email="capucine@example.org",
                  new_requester="y").status_code == 302
    with demo.app_context():
        assert Requester.select().count() == 2, "someone else, as the dpo said"


def test_answered_by_post_she_gets_no_mail_even_with_the_address_her_letter_gave(demo):
    """Her letter gave an e-mail address, but the dpo answers by post: neither the extension nor the answer is
    mailed (the forms say which way each goes)."""
    dpo = signed_in(demo, "dpo@petale.test")
    assert record(dpo, email="capucine@example.org").status_code == 302
    with demo.app_context():
        request = DataRequest.get(DataRequest.requester_id.is_null(False))
    page = unescape(dpo.get(f"{PAGE}/{request.id}").get_data(as_text=True))
    hint = page.split('id="why-hint-')[1].split("</p>")[0]
    assert "telle quelle dans le courriel, ou la lettre si vous la prévenez par courrier" in hint, \
        "the reason's hint says it is sent to her, by mail or by a letter (a dpo walk found it spoke of mail only)"
    assert "capucine@example.org" in page and "Prévenir par courrier" in page
    later = (paris_today() + timedelta(days=20)).isoformat()
    extended = post(dpo, f"{PAGE}/{request.id}/report", {**SEEN,
                                                         "new_due": later, "reason": "Archives papier à consulter",
                                                        "by_post": "y", "fiche": "y"}, f"{PAGE}/{request.id}")
    assert extended.status_code == 302
    closed = post(dpo, f"{PAGE}/{request.id}/cloture", {**SEEN,
                                                        "answer": "Nous ne détenons rien d'autre.", "by_post": "y",
                                                       "fiche": "y"}, f"{PAGE}/{request.id}")
    assert closed.status_code == 302
    run_jobs(demo)
    assert [m for m in outbox(demo) if "capucine@example.org" in m["To"]] == []
    with demo.app_context():
        assert DataRequest.get_by_id(request.id).answer.startswith("Réponse envoyée par courrier")
