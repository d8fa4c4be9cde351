"""Complaints: a learner files one from her space; staff keep the register with its due date, answer it
(she is told by mail) and link the improvement action it led to, in the register of actions."""
from __future__ import annotations

import json
from html import unescape
from pathlib import Path

from portal.improvement.models import Complaint, ImprovementAction
from portal.security import throttle
from tests.support.exports import exported
from tests.support.helpers import outbox, run_jobs, submit, text_of
from tests.support.learning_fixtures import signed_in


def test_a_complaint_from_her_space_to_the_answer_and_the_action_it_led_to(demo):
    antoine = signed_in(demo, "apprenant@petale.test")
    space = unescape(antoine.get("/mon-espace").get_data(as_text=True))
    assert 'href="/mon-espace/reclamations"' in space
    refused = submit(antoine, "/mon-espace/reclamations", {"subject": "", "body": ""})
    assert refused.status_code == 422 and "Ce champ est obligatoire" in unescape(refused.get_data(as_text=True))
    assert submit(antoine, "/mon-espace/reclamations", {
        "subject": "Vidéo illisible", "course": "", "body": "La vidéo du module 2 ne se lance pas sur mon téléphone.",
    }).status_code == 302
    with demo.app_context():
        complaint = Complaint.get(Complaint.subject == "Vidéo illisible")
        assert (complaint.due_on - complaint.received_on).days == 30
    staff = signed_in(demo, "gestion@petale.test")
    assert "2 réclamations à traiter" in unescape(staff.get("/gestion").get_data(as_text=True))  # the demo's too
    register = unescape(staff.get("/gestion/reclamations").get_data(as_text=True))
    assert "Vidéo illisible" in register and "Antoine" in register and "à faire" in register
    assert submit(staff, "/gestion/ameliorations", {
        "title": "Vidéos en basse définition", "source": "complaint", "finding": "Vidéos trop lourdes sur mobile",
        "change": "Une version 360p pour chaque vidéo", "course": "", "done_on": "",
    }).status_code == 302
    with demo.app_context():
        action = ImprovementAction.get(ImprovementAction.title == "Vidéos en basse définition")
    assert submit(staff, f"/gestion/reclamations/{complaint.id}", {
        "answer": "Nous avons ajouté une version légère de chaque vidéo.", "action": str(action.id),
    }).status_code == 302
    run_jobs(demo)
    [told] = [m for m in outbox(demo) if "Réponse à votre réclamation" in m["Subject"]]
    assert "apprenant@petale.test" in told["To"] and "version légère" in text_of(told)
    mine = unescape(antoine.get("/mon-espace/reclamations").get_data(as_text=True))
    assert "Nous avons ajouté une version légère" in mine
    actions = unescape(staff.get("/gestion/ameliorations").get_data(as_text=True))
    assert "Vidéos en basse définition" in actions and f"/gestion/reclamations/{complaint.id}" in actions
    data = json.loads(exported(demo, antoine).read("data.json"))
    assert "Vidéo illisible" in {c["subject"] for c in data["complaints"]}


def test_another_learner_never_reads_her_complaint_and_a_bad_action_is_refused_in_words(demo):
    antoine = signed_in(demo, "apprenant@petale.test")
    submit(antoine, "/mon-espace/reclamations", {"subject": "Retard", "course": "", "body": "Convocation reçue tard."})
    amelie = signed_in(demo, "apprenante2@petale.test")
    assert "Retard" not in amelie.get("/mon-espace/reclamations").get_data(as_text=True)
    with demo.app_context():
        complaint = Complaint.get(Complaint.subject == "Retard")
    staff = signed_in(demo, "gestion@petale.test")
    refused = submit(staff, f"/gestion/reclamations/{complaint.id}", {"answer": "Réponse", "action": "999"})
    assert refused.status_code == 422 and "Choisissez une action" in unescape(refused.get_data(as_text=True))
    assert staff.get("/gestion/reclamations/999").status_code == 404


def test_anyone_files_a_complaint_from_the_public_page_and_gets_the_answer_by_mail(demo):
    """A funder without an account: her name and address stay in the vault (the complaint keeps a UUID), the
    staff's register says who she is without naming her, and the answer reaches her address."""
    visitor = demo.test_client()
    assert 'href="/reclamation"' in visitor.get("/").get_data(as_text=True), "reached from every page's footer"
    form = {"full_name": "Odile Financeur", "email": "odile@opco.example", "filed_as": "funder",
            "subject": "Attestations en retard", "course": "", "body": "Nous attendons trois attestations."}
    refused = submit(visitor, "/reclamation", {**form, "email": "pas une adresse"}, page="/reclamation")
    assert refused.status_code == 422 and "il manque le signe @" in unescape(refused.get_data(as_text=True))
    assert submit(visitor, "/reclamation", form, page="/reclamation").status_code == 302
    with demo.app_context():
        complaint = Complaint.get(Complaint.subject == "Attestations en retard")
        assert complaint.account_id is None and complaint.requester_id is not None and complaint.filed_as == "funder"
        stored = Complaint.select().where(Complaint.id == complaint.id).dicts().get()
        assert not any("Odile" in str(v) or "odile@" in str(v) for v in stored.values()), "her identity is the vault's"
    if demo.config["DATABASE_URL"].startswith("sqlite:///"):  # and nowhere in the main database's file
        main_file = Path(demo.config["DATABASE_URL"].removeprefix("sqlite:///")).read_bytes()
        assert b"Odile" not in main_file and b"odile@opco" not in main_file
    staff = signed_in(demo, "gestion@petale.test")
    register = unescape(staff.get("/gestion/reclamations").get_data(as_text=True))
    assert "Attestations en retard" in register and "personne sans compte (financeur)" in register
    assert submit(staff, f"/gestion/reclamations/{complaint.id}", {
        "answer": "Les attestations partent aujourd'hui.", "action": ""}).status_code == 302
    run_jobs(demo)
    [told] = [m for m in outbox(demo) if "Réponse à votre réclamation" in m["Subject"]]
    assert "odile@opco.example" in told["To"] and "partent aujourd'hui" in text_of(told)
    assert "Retrouvez vos réclamations" not in text_of(told), "she has no space to find them in"


def test_the_public_page_refuses_a_flood_in_words_and_stores_nothing_more(demo):
    """Anyone may write without an account, and each sending mails staff and writes to the vault: a few per
    address and per connection within the hour, then a refusal that says what to do."""
    visitor = demo.test_client()
    form = {"full_name": "Odile Financeur", "email": "odile@opco.example", "filed_as": "funder",
            "subject": "Relance", "course": "", "body": "Toujours rien."}
    for _ in range(throttle.FORM_ADDRESS_LIMIT):
        assert submit(visitor, "/reclamation", form, page="/reclamation").status_code == 302
    flooded = submit(visitor, "/reclamation", form, page="/reclamation")
    assert flooded.status_code == 429 and "plusieurs fois ce formulaire" in unescape(flooded.get_data(as_text=True))
    others = [submit(visitor, "/reclamation", {**form, "email": f"autre{n}@opco.example"}, page="/reclamation")
              for n in range(throttle.FORM_IP_LIMIT)]
    assert [r.status_code for r in others].count(302) == throttle.FORM_IP_LIMIT - throttle.FORM_ADDRESS_LIMIT - 1
    assert others[-1].status_code == 429, "one connection sending for many addresses is held too"
    with demo.app_context():
        assert Complaint.select().where(Complaint.subject == "Relance").count() == throttle.FORM_IP_LIMIT - 1
