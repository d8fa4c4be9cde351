"""Staff enrol, withdraw and transfer people, see a learner's file and a session's participants, and print
every participant's documents at once."""
from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime, timedelta
from html import unescape

from portal.accounts.models import Account
from portal.certificates import service as certificates
from portal.documents import french
from portal.forum.models import Post, Thread
from portal.funding import service as funding
from portal.funding.models import FundingFile
from portal.invoicing import service as invoicing
from portal.learning import membership
from portal.learning.models import Enrollment, Lesson, LessonProgress, Module, TimeOnTask, TrainingSession
from portal.privacy import restriction
from portal.timeutil import paris_today
from portal.vault import service as vault
from portal.vault.models import AuditEntry
from tests.support.contracts import share_billed
from tests.support.enrolling import account_named, enrol_person, enrolment_of, session_named, words_of
from tests.support.helpers import link_in, login, outbox, pdf_text, run_jobs, submit, text_of
from tests.support.learning_fixtures import signed_in

GROUND = "Obligation envers l'OPCO : justificatif de présence demandé"


def text(response) -> str:
    return unescape(response.get_data(as_text=True))


def mails_to(app, address: str) -> list:
    run_jobs(app)
    return [m for m in outbox(app) if address in m["To"]]


ADVANCED = "Perfectionnement — prochaine session"


# --- the learner's file ------------------------------------------------------------------------------

def test_the_learners_file_shows_her_training_and_her_identity_once_a_reason_is_given(demo):
    staff = signed_in(demo, "gestion@petale.test")
    antoine = account_named(demo, "Antoine")
    directory = text(staff.get("/gestion/apprenants"))
    assert f'href="/gestion/apprenants/{antoine.id}"' in directory, "the directory leads to the file"
    found = text(submit(staff, "/gestion/apprenants/recherche", {"text": "apprenant", "reason": "appel"},
                        page="/gestion/apprenants", follow_redirects=True))
    assert f'href="/gestion/apprenants/{antoine.id}"' in found, "a search result leads to the file"

    with demo.app_context():
        searched = AuditEntry.select().count()
    page = text(staff.get(f"/gestion/apprenants/{antoine.id}"))
    assert "Art floral — les fondamentaux · Session A" in page and "leçons" in page
    assert "Relevé et certificat de réalisation" in page and "Aucune facture." in page
    assert "Antoine Apprenant" not in page and "apprenant@petale.test" not in page, "no identity without a reason"
    with demo.app_context():
        assert AuditEntry.select().count() == searched

    bare = submit(staff, f"/gestion/apprenants/{antoine.id}", {"reason": ""})
    assert bare.status_code == 422 and "Indiquez pourquoi" in text(bare)
    shown = submit(staff, f"/gestion/apprenants/{antoine.id}", {"reason": "appel au sujet de son dossier"})
    body = text(shown)
    assert shown.status_code == 200 and "Antoine Apprenant" in body and "apprenant@petale.test" in body
    assert "Session A" in body, "the file stays whole beside the identity"
    with demo.app_context():
        vault.set_funding_identity(antoine.id, "employee", "Fleurs du Marais SARL")
    again = text(submit(staff, f"/gestion/apprenants/{antoine.id}", {"reason": "appel au sujet de son dossier"}))
    assert "Salarié" in again and "Fleurs du Marais SARL" in again, "her situation in words, not its code"
    with demo.app_context():
        entry = AuditEntry.select().order_by(AuditEntry.id.desc()).get()
        assert entry.subject_id == antoine.id and entry.reason == "appel au sujet de son dossier"


def test_a_restricted_persons_file_says_so_and_her_identity_needs_the_legal_ground(demo):
    staff = signed_in(demo, "gestion@petale.test")
    antoine = account_named(demo, "Antoine")
    with demo.app_context():
        restriction.restrict(antoine.id, detail="contestation", ground="exactitude")
    page = text(staff.get(f"/gestion/apprenants/{antoine.id}"))
    assert "Traitement limité depuis le" in page and "Motif légal" in page
    shown = submit(staff, f"/gestion/apprenants/{antoine.id}", {"reason": GROUND})
    assert shown.status_code == 200 and "Antoine Apprenant" in text(shown)
    with demo.app_context():
        assert "motif légal" in AuditEntry.get().reason


# --- the session's participants -----------------------------------------------------------------------

def test_the_session_page_lists_its_participants_with_their_progress_and_is_reached_from_the_sessions(demo):
    staff = signed_in(demo, "gestion@petale.test")
    session_a = session_named(demo, "Session A")
    assert f"/gestion/sessions/{session_a.id}/participants" in staff.get("/gestion/sessions").get_data(as_text=True)
    assert f"/gestion/sessions/{session_a.id}/participants" in \
        staff.get(f"/gestion/sessions/{session_a.id}").get_data(as_text=True)
    with demo.app_context():
        done = LessonProgress.select().where((LessonProgress.account_id == account_named(demo, "Antoine").id)
                                             & LessonProgress.completed_at.is_null(False)).count()
    page = text(staff.get(f"/gestion/sessions/{session_a.id}/participants"))
    assert "Antoine" in page and "Amélie" not in page, "Amélie follows Session B"
    assert f"{done}/" in page and "leçons" in page and "<progress" in page
    assert "Télécharger les documents (ZIP)" in page
    antoine = enrolment_of(demo, "Antoine", "Session A")
    billing = f"/gestion/factures/inscriptions/{antoine.id}"
    assert billing in page, "the price's split is reached from the participants"
    assert billing in text(staff.get(f"/gestion/apprenants/{antoine.account_id}")), "and from her file"


def test_the_funder_named_in_the_funding_file_is_the_one_every_page_shows(demo):
    """Amélie's enrolment said CPF; staff change her funding file to an OPCO: the participants page and her
    file say OPCO too (a staff walk found them still saying CPF)."""
    staff = signed_in(demo, "gestion@petale.test")
    enrolment = enrolment_of(demo, "Amélie", "Session B")
    with demo.app_context():
        file = funding.open_file(enrolment.id, account_named(demo, "Gaëlle").id)
        funding.save_details(file, funding.FileDetails("opco", "OPCO EP", "EP-9", "employee", "Fleurs SARL"))
    participants = text(staff.get(f"/gestion/sessions/{enrolment.session_id}/participants"))
    learner_file = text(staff.get(f"/gestion/apprenants/{enrolment.account_id}"))
    for page in (participants, learner_file):
        assert 'data-label="Financement">OPCO' in page and 'data-label="Financement">CPF' not in page


# --- enrolling ------------------------------------------------------------------------------------------

def test_staff_enrol_an_existing_account_after_seeing_what_will_happen(demo):
    staff = signed_in(demo, "gestion@petale.test")
    advanced = session_named(demo, ADVANCED)
    preview = enrol_person(staff, advanced.id, False, email="apprenante2@petale.test", funding="employer")
    page = text(preview)
    assert preview.status_code == 200 and "À confirmer" in page and "compte existant" in page and "Amélie" in page
    assert enrolment_of(demo, "Amélie", ADVANCED) is None, "a preview writes nothing"
    done = enrol_person(staff, advanced.id, True, email="apprenante2@petale.test", funding="employer")
    assert done.status_code == 303
    enrollment = enrolment_of(demo, "Amélie", ADVANCED)
    assert enrollment.status == "active" and enrollment.enrolled_by == account_named(demo, "Gaëlle").id
    with demo.app_context():
        assert funding.file_of(enrollment.id).funder_type == "employer", "a funding file is opened"
    mail = mails_to(demo, "apprenante2@petale.test")[-1]
    assert "Bouquets de saison" in mail["Subject"] and "/mon-espace" in text_of(mail)
    assert "Amélie" in text(staff.get(f"/gestion/sessions/{advanced.id}/participants"))


def test_staff_enrol_a_new_person_who_activates_her_account_from_the_mail(demo):
    staff = signed_in(demo, "gestion@petale.test")
    advanced = session_named(demo, ADVANCED)
    preview = text(enrol_person(staff, advanced.id, False, email="claire@exemple.fr", full_name="Claire Dubois",
                                phone="06 11 22 33 44", funding="self"))
    assert "nouveau compte" in preview and "contrat de formation" in preview and "puis 30 % au plus" in preview
    plain = preview.replace("\u00a0", " ")
    assert "Prix de la formation : 690,00 € net de taxe" in plain and "page « Facturation »" in plain
    with demo.app_context():
        assert vault.account_id_for_email("claire@exemple.fr") is None, "nothing kept from the preview"
    assert enrol_person(staff, advanced.id, True, email="claire@exemple.fr", full_name="Claire Dubois",
                        phone="06 11 22 33 44", funding="self").status_code == 303
    with demo.app_context():
        claire = Account.get_by_id(vault.account_id_for_email("claire@exemple.fr"))
        assert claire.role == "learner" and not claire.is_confirmed and claire.display_name == "Claire"
    mails = mails_to(demo, "claire@exemple.fr")
    mail = next(m for m in mails if "activez votre compte" in m["Subject"])
    assert any("contrat de formation à signer" in m["Subject"] for m in mails), "paying herself: asked to sign"
    link = link_in(mail, "/activer/")
    visitor = demo.test_client()
    assert submit(visitor, link, {"password": "un-mot-de-passe-solide",
                                  "password_confirm": "un-mot-de-passe-solide"}).status_code == 302
    assert visitor.get(link).status_code == 400, "the link serves once"
    assert login(visitor, "claire@exemple.fr", "un-mot-de-passe-solide").status_code == 302
    assert "Perfectionnement" in text(visitor.get("/mon-espace"))


def test_a_company_group_is_enrolled_at_once_with_its_employer(demo):
    staff = signed_in(demo, "gestion@petale.test")
    advanced = session_named(demo, ADVANCED)
    people = "Amélie Apprenante ; apprenante2@petale.test\nLou Martin ; lou.martin@fleurs.fr\nNoé Petit, noe@fleurs.fr"
    page = f"/gestion/sessions/{advanced.id}/participants"
    fields = {"groupe-employer": "Fleurs du Marais SARL", "groupe-funding": "opco", "groupe-people": people}
    preview = text(submit(staff, f"{page}/groupe", fields, page=page))
    assert "Confirmer les 3 inscriptions" in preview and preview.count("nouveau compte, un courriel d'activation") == 2
    done = submit(staff, f"{page}/groupe", {**fields, "groupe-confirmed": "1"}, page=page)
    assert done.status_code == 303
    assert "3 inscriptions enregistrées, dont 2 nouveaux comptes" in text(staff.get(done.headers["Location"]))
    with demo.app_context():
        ids = [vault.account_id_for_email(a) for a in ("apprenante2@petale.test", "lou.martin@fleurs.fr",
                                                       "noe@fleurs.fr")]
        assert Enrollment.select().where(membership.active_in(advanced.id)).count() == 3
        assert all(vault.own_funding_identity(i)["employer"] == "Fleurs du Marais SARL" for i in ids)
    assert len(mails_to(demo, "lou.martin@fleurs.fr")) == 1 and len(mails_to(demo, "noe@fleurs.fr")) == 1


def test_refusals_are_said_in_words_and_write_nothing(demo):
    staff = signed_in(demo, "gestion@petale.test")
    session_a, session_b = session_named(demo, "Session A"), session_named(demo, "Session B")
    advanced = session_named(demo, ADVANCED)
    already = enrol_person(staff, session_a.id, True, email="apprenant@petale.test", funding="opco")
    assert already.status_code == 422 and "déjà inscrite à cette session" in text(already)
    elsewhere = enrol_person(staff, session_b.id, True, email="apprenant@petale.test", funding="opco")
    assert elsewhere.status_code == 422 and "suit déjà cette formation" in text(elsewhere)
    trainer = enrol_person(staff, advanced.id, True, email="formatrice@petale.test", funding="opco")
    assert trainer.status_code == 422 and "apprenant actif" in text(trainer)
    nameless = enrol_person(staff, advanced.id, False, email="inconnue@exemple.fr", funding="self")
    assert nameless.status_code == 422 and "indiquez le nom complet" in text(nameless)

    with demo.app_context():
        TrainingSession.update(seats=1).where(TrainingSession.id == advanced.id).execute()
    page = f"/gestion/sessions/{advanced.id}/participants"
    group = {"groupe-employer": "Fleurs du Marais SARL", "groupe-funding": "opco", "groupe-confirmed": "1",
             "groupe-people": "Lou Martin ; lou.martin@fleurs.fr\nNoé Petit ; noe@fleurs.fr"}
    too_many = submit(staff, f"{page}/groupe", group, page=page)
    assert too_many.status_code == 422 and "plus que 1 place(s) libre(s) pour 2 personnes" in text(too_many)
    with demo.app_context():
        assert vault.account_id_for_email("lou.martin@fleurs.fr") is None, "a group is enrolled whole or not at all"
    assert enrol_person(staff, advanced.id, True, email="apprenante2@petale.test", funding="cpf").status_code == 303
    full = enrol_person(staff, advanced.id, True, email="nina@exemple.fr", full_name="Nina Rose", funding="self")
    assert full.status_code == 422 and "complète : 1 places, toutes prises" in text(full)
    with demo.app_context():
        assert Enrollment.select().where(Enrollment.session == advanced.id).count() == 1
        assert vault.account_id_for_email("nina@exemple.fr") is None


# --- withdrawing and transferring -------------------------------------------------------------------------

def test_a_withdrawal_says_what_follows_then_closes_the_enrolment(demo):
    staff = signed_in(demo, "gestion@petale.test")
    enrollment = enrolment_of(demo, "Antoine", "Session A")
    with demo.app_context():
        file = funding.open_file(enrollment.id, account_named(demo, "Gaëlle").id)
        FundingFile.update(funder_type="opco", funder_name="OPCO EP", case_number="EP-2026-0042",
                           status="accepted").where(FundingFile.id == file.id).execute()
        opco = vault.Party("OPCO EP", "9 rue de Vienne", "851296632")
        invoice = invoicing.issue_invoice(enrollment.id, "funder", opco, account_named(demo, "Gaëlle").id)
    url = f"/gestion/inscriptions/{enrollment.id}/retrait"
    page = text(staff.get(url))
    assert "Ce qui va se passer" in page and "reste acquis" in page and invoice.number in page
    assert "prévenez le financeur" in page and "avoir" in page
    assert "Retirer Antoine de « Session A »" in page and "Dossier d'Antoine" in page, "who, before confirming"
    unconfirmed = submit(staff, url, {"note": "raison personnelle"})
    assert unconfirmed.status_code == 422 and enrolment_of(demo, "Antoine", "Session A").status == "active"
    done = submit(staff, url, {"note": "raison personnelle", "confirmed": "1"})
    assert done.status_code == 303
    closed = enrolment_of(demo, "Antoine", "Session A")
    assert closed.status == "withdrawn" and closed.end_note == "raison personnelle" and closed.ended_at
    assert "est close" in mails_to(demo, "apprenant@petale.test")[-1]["Subject"]
    antoine = signed_in(demo, "apprenant@petale.test")
    assert "Session A" not in text(antoine.get("/mon-espace")), "the session is no longer hers"
    again = submit(staff, url, {"confirmed": "1"})
    assert again.status_code == 422 and "n'est plus active" in text(again)


def test_a_transfer_moves_her_to_another_session_of_the_course_keeping_what_she_did(demo):
    staff = signed_in(demo, "gestion@petale.test")
    old = enrolment_of(demo, "Antoine", "Session A")
    session_b, advanced = session_named(demo, "Session B"), session_named(demo, ADVANCED)
    with demo.app_context():
        file = funding.open_file(old.id, account_named(demo, "Gaëlle").id)
        invoicing.set_shares(old.id, {"funder": 70000, "learner": None})
        billed = share_billed(old.id, paris_today() - timedelta(days=11), paris_today()).number  # her contract's
        done_before = LessonProgress.select().where((LessonProgress.account_id == old.account_id)
                                                    & LessonProgress.completed_at.is_null(False)).count()
    assert done_before > 0
    url = f"/gestion/inscriptions/{old.id}/transfert"
    chooser = text(staff.get(url))
    assert "Session B" in chooser and ADVANCED not in chooser, "only sessions of the same course are offered"
    other_course = staff.get(url, query_string={"session_id": advanced.id})
    assert other_course.status_code == 422 and "autre formation" in text(other_course)
    preview = staff.get(url, query_string={"session_id": session_b.id})
    assert preview.status_code == 200 and "reste acquis" in text(preview) and f"{done_before} leçon" in text(preview)
    assert enrolment_of(demo, "Antoine", "Session B") is None, "a preview writes nothing"
    forced = submit(staff, url, {"session_id": str(advanced.id), "confirmed": "1"}, page=url)
    assert forced.status_code == 422 and "autre formation" in text(forced)
    done = submit(staff, url, {"session_id": str(session_b.id), "confirmed": "1", "note": "horaires"}, page=url)
    assert done.status_code == 303
    new = enrolment_of(demo, "Antoine", "Session B")
    old_after = enrolment_of(demo, "Antoine", "Session A")
    assert new.status == "active" and old_after.status == "transferred" and old_after.transferred_to_id == new.id
    with demo.app_context():
        assert FundingFile.get_by_id(file.id).enrollment_id == new.id, "the funding file follows her"
        moved = invoicing.plan(new.id)
        assert [i.number for i in invoicing.of_enrollment(new.id)] == [billed], "her invoice follows her"
        assert moved.shares == {"funder": 70000, "learner": moved.price_cents - 70000}, "and who pays what"
        assert moved.billed["learner"] == moved.price_cents - 70000, "so the new enrolment is not billed again"
    roster = text(staff.get(f"/gestion/sessions/{session_b.id}/participants"))
    assert "Antoine" in roster and f"{done_before}/" in roster, "her progress is kept in the new session"
    old_roster = text(staff.get(f"/gestion/sessions/{old.session_id}/participants"))
    assert "transférée vers « Session B »" in old_roster
    assert "change de session" in mails_to(demo, "apprenant@petale.test")[-1]["Subject"]


# --- every participant's documents ------------------------------------------------------------------------

def test_the_session_documents_are_one_zip_with_each_participants_documents_of_each_kind(demo):
    staff = signed_in(demo, "gestion@petale.test")
    session_a = session_named(demo, "Session A")
    assert enrol_person(staff, session_a.id, True, email="lea@exemple.fr", full_name="Léa Fougère",
                        funding="employer").status_code == 303
    response = staff.get(f"/gestion/sessions/{session_a.id}/participants/documents.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    for folder, count in (("convocations/", 2), ("releves/", 2), ("certificats-de-realisation/", 1)):
        inside = [n for n in names if n.startswith(folder)]
        assert len(inside) == count, (folder, names)
    index = zipfile.ZipFile(io.BytesIO(response.data)).read("sommaire.txt").decode()
    assert "-lea-fougere.pdf : non délivré. Aucun temps réalisé du" in index, \
        "just enrolled, Léa has done no time: no certificate attests « 0,00 heures », the index says why"
    assert "certificats-de-realisation/certificat-1-antoine-apprenant.pdf\n" in index
    assert any("lea-fougere" in n for n in names) and any("antoine-apprenant" in n for n in names)
    convocation = zipfile.ZipFile(io.BytesIO(response.data)).read(
        next(n for n in names if n.startswith("convocations/") and "antoine" in n))
    from tests.support.helpers import pdf_text
    assert "Antoine Apprenant" in pdf_text(convocation) and "Session A" in pdf_text(convocation)


def test_the_session_zip_includes_those_who_left_with_the_documents_that_apply_and_says_what_was_left_out(demo):
    """Léa withdrew yesterday (20 min before, 5 min today after she left: not hers to attest here); Antoine
    was transferred to Session B. Both still have a relevé; neither a convocation; Léa her certificat de
    réalisation up to her withdrawal, Antoine none here (Session B issues his); the index says why."""
    staff = signed_in(demo, "gestion@petale.test")
    session_a, session_b = session_named(demo, "Session A"), session_named(demo, "Session B")
    today, yesterday = paris_today(), paris_today() - timedelta(days=1)
    assert enrol_person(staff, session_a.id, True, email="lea@exemple.fr", full_name="Léa Fougère",
                        funding="employer").status_code == 303
    with demo.app_context():
        lea = Enrollment.get((Enrollment.session == session_a.id)
                             & (Enrollment.account_id != account_named(demo, "Antoine").id))
        TrainingSession.update(starts_on=today - timedelta(days=20)).where(
            TrainingSession.id == session_a.id).execute()
        lesson = Lesson.select().join(Module).where(Module.course == session_a.course_id).first()
        for day, seconds in ((today - timedelta(days=3), 1200), (today, 300)):
            TimeOnTask.create(account_id=lea.account_id, lesson=lesson, day=day, seconds=seconds)
    url = f"/gestion/inscriptions/{lea.id}/retrait"
    assert submit(staff, url, {"confirmed": "1"}).status_code == 303
    moving = f"/gestion/inscriptions/{enrolment_of(demo, 'Antoine', 'Session A').id}/transfert"
    assert submit(staff, moving, {"session_id": str(session_b.id), "confirmed": "1"}, page=moving).status_code == 303
    with demo.app_context():
        Enrollment.update(ended_at=datetime.combine(yesterday, datetime.min.time()).replace(hour=12)).where(
            Enrollment.id == lea.id).execute()
    response = staff.get(f"/gestion/sessions/{session_a.id}/participants/documents.zip")
    assert response.status_code == 200
    bundle = zipfile.ZipFile(io.BytesIO(response.data))
    names = bundle.namelist()
    assert not [n for n in names if n.startswith("convocations/")], names
    assert len([n for n in names if n.startswith("releves/")]) == 2, names
    certificates_in = [n for n in names if n.startswith("certificats-de-realisation/")]
    assert len(certificates_in) == 1 and "lea-fougere" in certificates_in[0], names
    certificate = " ".join(pdf_text(bundle.read(certificates_in[0])).split())
    assert f"au {yesterday:%d/%m/%Y}" in certificate and "0,33 heures" in certificate, "up to her withdrawal"
    relevé = " ".join(pdf_text(bundle.read(next(n for n in names if "releves/" in n and "lea" in n))).split())
    assert f"retirée de la session le {yesterday:%d/%m/%Y}" in relevé
    index = bundle.read("sommaire.txt").decode()
    assert f"lea-fougere.pdf : non délivré. Inscription retirée de la session le {yesterday:%d/%m/%Y}" in index
    assert "antoine-apprenant.pdf : non délivré. Inscription transférée vers" in index
    assert "un seul certificat par action financée" in index


def test_a_restricted_participants_documents_need_the_legal_ground(demo):
    staff = signed_in(demo, "gestion@petale.test")
    session_a = session_named(demo, "Session A")
    with demo.app_context():
        restriction.restrict(account_named(demo, "Antoine").id, detail="contestation", ground="exactitude")
    page = text(staff.get(f"/gestion/sessions/{session_a.id}/participants"))
    assert "traitement limité" in page and "Motif légal" in page
    url = f"/gestion/sessions/{session_a.id}/participants/documents.zip"
    refused = staff.get(url)
    assert refused.status_code == 409 and "motif légal" in text(refused)
    with demo.app_context():
        assert AuditEntry.select().count() == 0, "no identity read before the ground is given"
    printed = staff.get(url, query_string={"motif": GROUND})
    assert printed.status_code == 200 and printed.mimetype == "application/zip"
    with demo.app_context():
        assert AuditEntry.select().where(AuditEntry.reason.contains("motif légal")).count() == 1


def test_one_participants_convocation_is_one_route_linked_from_her_file_and_her_session(demo):
    staff = signed_in(demo, "gestion@petale.test")
    session_a = session_named(demo, "Session A")
    antoine = enrolment_of(demo, "Antoine", "Session A")
    url = f"/gestion/inscriptions/{antoine.id}/convocation.pdf"
    assert f'href="{url}"' in staff.get(f"/gestion/sessions/{session_a.id}/participants").get_data(as_text=True)
    assert f'href="{url}"' in staff.get(f"/gestion/apprenants/{antoine.account_id}").get_data(as_text=True)
    response = staff.get(url)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "no-store" in response.headers["Cache-Control"]
    assert f"convocation-{antoine.id}-antoine-apprenant.pdf" in response.headers["Content-Disposition"]
    from tests.support.helpers import pdf_text
    printed = " ".join(pdf_text(response.data).split())
    assert "Convocation à la formation" in printed and "Antoine Apprenant" in printed and "Session A" in printed
    with demo.app_context():
        assert AuditEntry.select().where(AuditEntry.workflow == "convocation").count() == 1, "her name read, journaled"
        restriction.restrict(antoine.account_id, detail="contestation", ground="exactitude")
    refused = staff.get(url)
    assert refused.status_code == 409 and "motif légal" in text(refused), "said in words, on her session's page"
    assert staff.get(url, query_string={"motif": GROUND}).mimetype == "application/pdf"
    assert staff.get("/gestion/inscriptions/999999/convocation.pdf").status_code == 404
    too_long = staff.get(url, query_string={"motif": "x" * 301})
    assert too_long.status_code == 422 and "Motif légal" in text(too_long) and "300 caractères" in text(too_long)
    submit(staff, f"/gestion/inscriptions/{antoine.id}/retrait", {"confirmed": "1"})
    withdrawn = staff.get(url)
    assert withdrawn.status_code == 409 and "ne suit plus la session" in text(withdrawn)


def test_a_learner_enrolling_herself_meets_the_same_seats_and_may_come_back_after_a_withdrawal(demo):
    """The rules of joining are written once: a full session refuses her too; her own enrolment withdrawn,
    she may enrol again in that session (the enrolment becomes active again, not a second one)."""
    advanced = session_named(demo, ADVANCED)
    with demo.app_context():
        TrainingSession.update(seats=1).where(TrainingSession.id == advanced.id).execute()
    staff = signed_in(demo, "gestion@petale.test")
    assert enrol_person(staff, advanced.id, True, email="apprenante2@petale.test", funding="cpf").status_code == 303
    course = "/cours/bouquets-de-saison-perfectionnement"
    antoine = signed_in(demo, "apprenant@petale.test")
    full = submit(antoine, f"{course}/inscription", {"session_id": str(advanced.id), "funding": "self"}, page=course)
    assert "Cette session est complète." in text(antoine.get(full.headers["Location"]))
    assert enrolment_of(demo, "Antoine", ADVANCED) is None

    amelie = enrolment_of(demo, "Amélie", ADVANCED)
    submit(staff, f"/gestion/inscriptions/{amelie.id}/retrait", {"confirmed": "1"})
    assert submit(antoine, f"{course}/inscription", {"session_id": str(advanced.id), "funding": "employer"},
                  page=course).status_code == 302, "her withdrawal freed the seat"
    back = signed_in(demo, "apprenante2@petale.test")
    refused = submit(back, f"{course}/inscription", {"session_id": str(advanced.id), "funding": "cpf"}, page=course)
    assert "Cette session est complète." in text(back.get(refused.headers["Location"]))
    with demo.app_context():
        TrainingSession.update(seats=None).where(TrainingSession.id == advanced.id).execute()
    again = submit(back, f"{course}/inscription", {"session_id": str(advanced.id), "funding": "cpf"}, page=course)
    assert again.status_code == 302
    with demo.app_context():
        rows = list(Enrollment.select().where((Enrollment.account_id == amelie.account_id)
                                              & (Enrollment.session == advanced.id)))
        assert len(rows) == 1 and rows[0].status == "active" and rows[0].ended_at is None


def test_an_enrolment_whose_session_has_ended_says_so_and_offers_no_transfer(demo):
    """Staff walks met a finished training shown « active » with « Transférer » and « Retirer » beside it."""
    staff = signed_in(demo, "gestion@petale.test")
    enrolment = enrolment_of(demo, "Antoine", "Session A")
    with demo.app_context():
        TrainingSession.update(starts_on=date(2026, 1, 5), ends_on=date(2026, 3, 27)).where(
            TrainingSession.id == enrolment.session_id).execute()
    transfer = f"/gestion/inscriptions/{enrolment.id}/transfert"
    file = text(staff.get(f"/gestion/apprenants/{enrolment.account_id}"))
    assert "formation terminée (session close le 27 mars 2026)" in file and transfer not in file
    assert f"/gestion/inscriptions/{enrolment.id}/retrait" not in file, "nothing to withdraw from a finished training"
    roster = text(staff.get(f"/gestion/sessions/{enrolment.session_id}/participants"))
    assert "Antoine" in roster and transfer not in roster


def sessions_offered(staff, account: Account) -> list[str]:
    """The sessions the « inscrire » form of her file offers, as written in its list."""
    page = text(staff.get(f"/gestion/apprenants/{account.id}"))
    chooser = re.search(r'<select[^>]*name="session_id"[^>]*>(.*?)</select>', page, re.S)
    return [unescape(option).strip() for option in re.findall(r"<option[^>]*>(.*?)</option>", chooser.group(1))] \
        if chooser else []


def test_her_file_offers_only_the_sessions_she_can_be_enrolled_in_before_and_after_a_transfer(demo):
    staff = signed_in(demo, "gestion@petale.test")
    antoine = account_named(demo, "Antoine")
    old, session_b = enrolment_of(demo, "Antoine", "Session A"), session_named(demo, "Session B")
    offered = sessions_offered(staff, antoine)
    assert not [s for s in offered if "Session A" in s or "Session B" in s], \
        "she follows the course in Session A: neither it nor another session of it can take her"
    assert any(ADVANCED in s for s in offered)
    url = f"/gestion/inscriptions/{old.id}/transfert"
    assert submit(staff, url, {"session_id": str(session_b.id), "confirmed": "1"}, page=url).status_code == 303
    after = sessions_offered(staff, antoine)
    assert not [s for s in after if "Session A" in s or "Session B" in s], \
        "neither the session she just left nor the one she is now in"
    assert any(ADVANCED in s for s in after)
    refused = submit(staff, f"/gestion/apprenants/{antoine.id}/inscription",
                     {"session_id": str(old.session_id), "funding": "opco"}, page=f"/gestion/apprenants/{antoine.id}")
    assert refused.status_code == 422 and "suit déjà cette formation dans la session" in text(refused)

    new = enrolment_of(demo, "Antoine", "Session B")
    withdraw = f"/gestion/inscriptions/{new.id}/retrait"
    assert submit(staff, withdraw, {"confirmed": "1"}, page=withdraw).status_code == 303
    back = sessions_offered(staff, antoine)
    assert any("Session A" in s for s in back) and any("Session B" in s for s in back), \
        "once she has left the course, its sessions may take her again"


def transferred_yesterday(demo, staff) -> tuple[Account, Enrollment, Enrollment]:
    """Antoine, 20 min in Session A alone, 10 min when Session B had begun but she was still in A,
    transferred to B yesterday, 5 min since: her account, the enrolment she left, the one she is in."""
    antoine = account_named(demo, "Antoine")
    old, session_b = enrolment_of(demo, "Antoine", "Session A"), session_named(demo, "Session B")
    today = paris_today()
    with demo.app_context():
        for session_id, began in ((old.session_id, 20), (session_b.id, 10)):
            TrainingSession.update(starts_on=today - timedelta(days=began)).where(
                TrainingSession.id == session_id).execute()
        lesson = Lesson.select().join(Module).where(Module.course == session_b.course_id).first()
        TimeOnTask.delete().where(TimeOnTask.account_id == antoine.id).execute()
        for days_ago, seconds in ((15, 1200), (5, 600), (0, 300)):
            TimeOnTask.create(account_id=antoine.id, lesson=lesson, day=today - timedelta(days=days_ago),
                              seconds=seconds)
    url = f"/gestion/inscriptions/{old.id}/transfert"
    assert submit(staff, url, {"session_id": str(session_b.id), "confirmed": "1"}, page=url).status_code == 303
    with demo.app_context():  # transferred yesterday: today's 5 minutes were spent in B
        Enrollment.update(ended_at=datetime.combine(today - timedelta(days=1), datetime.min.time()).replace(hour=12)) \
            .where(Enrollment.id == old.id).execute()
    return antoine, enrolment_of(demo, "Antoine", "Session A"), enrolment_of(demo, "Antoine", "Session B")


def test_after_a_transfer_her_file_and_documents_say_the_same_time_and_where_it_was_spent(demo):
    """35 min in all for her enrolment in B, of which 30 min in A, said in words, the same on her file, the
    relevé, its PDF and the certificat de réalisation; A counts up to the transfer."""
    staff = signed_in(demo, "gestion@petale.test")
    antoine, old, new = transferred_yesterday(demo, staff)
    session_b = session_named(demo, "Session B")

    page = words_of(staff.get(f"/gestion/apprenants/{antoine.id}"))
    assert "0,58 h dont 0,50 h dans « Session A » jusqu'à son transfert le" in page, "as the documents count it"
    assert "et 0,08 h dans cette session depuis" in page
    assert "0,50 h jusqu'à son transfert" in page, "the enrolment she left counts up to the day she left"
    statement = words_of(staff.get(f"/gestion/releves/{new.id}"))
    assert "0,58 h (activités en ligne)" in statement
    assert "dont 0,50 h dans « Session A » jusqu'à son transfert le" in statement
    assert "et 0,08 h dans cette session depuis" in statement
    pdf = " ".join(pdf_text(staff.get(f"/gestion/releves/{new.id}/releve.pdf").data).split())
    assert "0,58 h (activités en ligne), dont 0,50 h dans « Session A » jusqu'à son transfert le" in pdf
    certificate = " ".join(pdf_text(staff.get(f"/gestion/releves/{new.id}/certificat-de-realisation.pdf").data).split())
    assert "0,58 heures" in certificate
    left = words_of(staff.get(f"/gestion/releves/{old.id}"))
    assert "0,50 h (activités en ligne)" in left
    with demo.app_context():
        assert certificates.issue(antoine.id, session_b.course_id).hours == "0.58", "the attestation agrees"


def test_a_transfers_time_split_is_worded_once_on_the_relevé_its_pdf_and_its_csv(demo):
    """The split was worded three times (the pages' macro, the PDF's « dans la session … », the CSV's « dont
    session … jusqu'au transfert du … »): the same sentences now, from one function."""
    staff = signed_in(demo, "gestion@petale.test")
    _antoine, _old, new = transferred_yesterday(demo, staff)
    left_on = french.long_date(paris_today() - timedelta(days=1))
    sentences = [f"dont 0,50 h dans « Session A » jusqu'à son transfert le {left_on}",
                 "et 0,08 h dans cette session depuis"]
    page = words_of(staff.get(f"/gestion/releves/{new.id}"))
    pdf = " ".join(pdf_text(staff.get(f"/gestion/releves/{new.id}/releve.pdf").data).split())
    csv_rows = [row.split(";") for row in staff.get(f"/gestion/releves/{new.id}/releve.csv").get_data(
        as_text=True).splitlines()]
    in_csv = [(" ".join(row[0].split()), row[5]) for row in csv_rows if row[0].startswith(("dont ", "et "))]
    for sentence in sentences:
        assert sentence in page and sentence in pdf, sentence
    assert in_csv == [(sentences[0], "0,50"), (sentences[1], "0,08")], "one row per part, its hours beside it"


def test_the_enrolment_she_left_offers_no_certificate_and_its_relevé_says_where_she_went(demo):
    """The walk: two certificats de réalisation for the same 0,85 h, one per session. One per funded action:
    the new session's covers the path from the first session's start; the left one says where she went."""
    staff = signed_in(demo, "gestion@petale.test")
    _antoine, old, new = transferred_yesterday(demo, staff)
    moved = f"transférée vers «\u00a0Session B\u00a0» le {paris_today() - timedelta(days=1):%d/%m/%Y}"
    left = text(staff.get(f"/gestion/releves/{old.id}"))
    assert moved in left and "Pas de certificat de réalisation" in left
    assert f"/gestion/releves/{old.id}/certificat-de-realisation.pdf" not in left, "not offered to be refused"
    refused = staff.get(f"/gestion/releves/{old.id}/certificat-de-realisation.pdf")
    assert refused.status_code == 422 and refused.mimetype == "text/html"
    assert "un seul certificat par action financée" in text(refused)
    pdf = " ".join(pdf_text(staff.get(f"/gestion/releves/{old.id}/releve.pdf").data).split())
    assert f"Inscription {' '.join(moved.split())}" in pdf
    csv = staff.get(f"/gestion/releves/{old.id}/releve.csv")
    assert f"Inscription;{moved}" in csv.get_data(as_text=True)
    new_page = text(staff.get(f"/gestion/releves/{new.id}"))
    assert "transférée vers" not in new_page and "Pas de certificat" not in new_page
    certificate = " ".join(pdf_text(staff.get(f"/gestion/releves/{new.id}/certificat-de-realisation.pdf").data).split())
    assert f"du {paris_today() - timedelta(days=20):%d/%m/%Y} au" in certificate, "from Session A's start"
    names = {staff.get(f"/gestion/releves/{e.id}/{doc}").headers["Content-Disposition"]
             for e in (old, new) for doc in ("releve.csv", "releve.csv?format=simple", "releve.pdf")}
    assert len(names) == 6 and any("-session-a-" in n and n.endswith('-simple.csv"') for n in names), names
    assert "Durées arrondies au centième d'heure ligne par ligne" in new_page


def transfer_options(staff, enrolment: Enrollment) -> dict[str, bool]:
    """The sessions the transfer page lists, as written, each with whether it can be chosen."""
    page = text(staff.get(f"/gestion/inscriptions/{enrolment.id}/transfert"))
    chooser = re.search(r'<select[^>]*name="session_id"[^>]*>(.*?)</select>', page, re.S)
    return {unescape(label).strip(): "disabled" not in attributes
            for attributes, label in re.findall(r"<option([^>]*)>(.*?)</option>", chooser.group(1))} \
        if chooser else {}


def test_a_full_session_is_never_offered_for_a_transfer_to_be_refused_on_confirming(demo):
    staff = signed_in(demo, "gestion@petale.test")
    old, session_b = enrolment_of(demo, "Antoine", "Session A"), session_named(demo, "Session B")
    with demo.app_context():
        TrainingSession.update(seats=membership.seats_taken(session_b.id)).where(
            TrainingSession.id == session_b.id).execute()
    url = f"/gestion/inscriptions/{old.id}/transfert"
    assert transfer_options(staff, old) == {}, "no session to choose: the only other open one is full"
    assert "est complète : « Session B »" in words_of(staff.get(url))
    forced = submit(staff, url, {"session_id": str(session_b.id), "confirmed": "1"}, page=url)
    assert forced.status_code == 422 and "complète" in text(forced)

    with demo.app_context():
        TrainingSession.create(course=session_b.course_id, title="Session C", starts_on=session_b.starts_on,
                               ends_on=session_b.ends_on, seats=4)
    options = transfer_options(staff, old)
    assert [label for label, free in options.items() if free] == [next(k for k in options if "Session C" in k)]
    assert [label for label, free in options.items() if not free] == \
        [next(k for k in options if "Session B" in k)], "the full one is shown greyed, with why"
    assert next(k for k in options if "Session B" in k).endswith("— complète")
    assert not [k for k in options if "Session A" in k or "terminée" in k], "neither hers nor an ended one"


def test_after_a_transfer_her_session_and_the_page_before_leaving_it_say_her_time_as_her_file_does(demo):
    """The participants of Session B and the withdrawal and transfer pages showed B's dates alone (« 15 min
    … pendant la session ») where her file said 35 min, 30 of them in A: one wording of one split now."""
    staff = signed_in(demo, "gestion@petale.test")
    antoine, old, new = transferred_yesterday(demo, staff)
    split = r"dont 0,50 h dans « Session A » jusqu'à son transfert le \d+(?:er)? \w+ \d{4}"
    assert re.search(rf"0,58 h {split} et 0,08 h dans cette session depuis",
                     words_of(staff.get(f"/gestion/apprenants/{antoine.id}")))
    participants = words_of(staff.get(f"/gestion/sessions/{new.session_id}/participants"))
    assert "Temps de formation" in participants and "Temps pendant la session" not in participants
    assert re.search(rf"Antoine \d+/\d+ leçons \(\d+ %\) 0,58 h {split} et 0,08 h dans cette session depuis",
                     participants), "her row in B says what her file says"
    assert participants.count("dont ") == 1, "Amélie, who never moved, has her time in B alone"
    sentence = rf"0,58 h de formation, {split}, et 0,08 h dans cette session depuis\."
    withdrawal = words_of(staff.get(f"/gestion/inscriptions/{new.id}/retrait"))
    assert re.search(sentence, withdrawal) and "pendant la session" not in withdrawal
    back = words_of(staff.get(f"/gestion/inscriptions/{new.id}/transfert", query_string={"session_id": old.session_id}))
    assert re.search(sentence, back), "the transfer's confirmation words it the same"
    amelie = enrolment_of(demo, "Amélie", "Session B")
    assert "de formation pendant la session." in words_of(staff.get(f"/gestion/inscriptions/{amelie.id}/retrait"))


def test_a_transferred_in_relevé_counts_the_trainers_answers_of_her_whole_chain(demo):
    """Her questions asked in Session A were answered twice there: the relevé of her enrolment in B counted
    0 (B's threads only) while its time counted A's days; the one she left counts A's answers to the day."""
    staff = signed_in(demo, "gestion@petale.test")
    trainer = account_named(demo, "Gaëlle")
    antoine, old, new = transferred_yesterday(demo, staff)
    today = paris_today()
    with demo.app_context():
        Post.delete().where(Post.thread.in_(Thread.select(Thread.id).where(Thread.author_id == antoine.id))).execute()
        Thread.delete().where(Thread.author_id == antoine.id).execute()
        module = Module.select().where(Module.course == new.session.course_id).first()
        noon = datetime.combine(today, datetime.min.time()).replace(hour=11)
        for session_id, days_ago, answers in ((old.session_id, 12, 2), (new.session_id, 0, 1)):
            thread = Thread.create(module=module, session=session_id, author_id=antoine.id, title="Mes roses",
                                   created_at=noon - timedelta(days=days_ago))
            Post.create(thread=thread, author_id=antoine.id, body="?", created_at=noon - timedelta(days=days_ago))
            for n in range(answers):
                Post.create(thread=thread, author_id=trainer.id, by_trainer=True, body="!",
                            created_at=noon - timedelta(days=days_ago, minutes=-10 - n))
    assert "Réponses des formateurs 3" in words_of(staff.get(f"/gestion/releves/{new.id}"))
    assert "Réponses des formateurs;3" in staff.get(f"/gestion/releves/{new.id}/releve.csv").get_data(as_text=True)
    assert "Réponses des formateurs 2" in words_of(staff.get(f"/gestion/releves/{old.id}")), "A's, to the day"


def test_after_a_transfer_the_lists_say_where_her_enrolment_and_its_funding_went(demo):
    """Financements listed « Session A · pas de dossier · Ouvrir le dossier » for the enrolment she left, inviting a
    second file for one training; Apprenants listed her in both sessions alike."""
    staff = signed_in(demo, "gestion@petale.test")
    old = enrolment_of(demo, "Antoine", "Session A")
    session_b = session_named(demo, "Session B")
    with demo.app_context():
        file = funding.open_file(old.id, account_named(demo, "Gaëlle").id)
    url = f"/gestion/inscriptions/{old.id}/transfert"
    assert submit(staff, url, {"session_id": str(session_b.id), "confirmed": "1"}, page=url).status_code == 303
    listed = staff.get("/gestion/financements").get_data(as_text=True)
    [row_a] = [r for r in listed.split("<tr")[1:] if "Session A" in r and "Antoine" in r]
    assert "pas de dossier" not in row_a and "Ouvrir le dossier" not in row_a
    assert re.search(rf'inscription transférée vers <a href="/gestion/financements/{file.id}">Session B</a>', row_a)
    without_file = unescape(staff.get("/gestion/financements?statut=none").get_data(as_text=True))
    assert "Session A" not in without_file, "her file is not missing: it followed her"
    directory = unescape(staff.get("/gestion/apprenants?nom=antoine").get_data(as_text=True))
    assert re.search(r"Session A · <span[^>]*>inscription transférée</span>", directory)
    assert not re.search(r"Session B · <span[^>]*>inscription transférée", directory)


def test_the_transfer_day_is_split_at_the_transfers_instant_on_every_relevé_and_certificate(demo):
    """Antoine: 20 min a fortnight ago and 10 min today in Session A, transferred to Session B, then 5 min more
    today. Time on task is kept per day: the transfer keeps what today held at its instant, so A counts
    30 min (not 35) and B's relevé carries 30 min from A and 5 min since; the pages say how that day counts."""
    staff = signed_in(demo, "gestion@petale.test")
    antoine = account_named(demo, "Antoine")
    old, session_b = enrolment_of(demo, "Antoine", "Session A"), session_named(demo, "Session B")
    today = paris_today()
    with demo.app_context():
        for session_id, began in ((old.session_id, 20), (session_b.id, 10)):
            TrainingSession.update(starts_on=today - timedelta(days=began)).where(
                TrainingSession.id == session_id).execute()
        lesson = Lesson.select().join(Module).where(Module.course == session_b.course_id).first()
        TimeOnTask.delete().where(TimeOnTask.account_id == antoine.id).execute()
        TimeOnTask.create(account_id=antoine.id, lesson=lesson, day=today - timedelta(days=14), seconds=1200)
        TimeOnTask.create(account_id=antoine.id, lesson=lesson, day=today, seconds=600)
    url = f"/gestion/inscriptions/{old.id}/transfert"
    preview = words_of(staff.get(url, query_string={"session_id": session_b.id}))
    assert "le jour du transfert est partagé à l'instant du transfert" in preview
    assert submit(staff, url, {"session_id": str(session_b.id), "confirmed": "1"}, page=url).status_code == 303
    with demo.app_context():  # 5 minutes more today, in Session B
        TimeOnTask.update(seconds=TimeOnTask.seconds + 300).where(
            (TimeOnTask.account_id == antoine.id) & (TimeOnTask.day == today)).execute()
    new = enrolment_of(demo, "Antoine", "Session B")
    left = words_of(staff.get(f"/gestion/releves/{old.id}"))
    assert "0,50 h (activités en ligne)" in left, "A counts today's 10 minutes before the transfer, not 15"
    assert "ne compte ici que le temps passé avant l'instant du transfert (0,17 h)" in left
    pdf = " ".join(pdf_text(staff.get(f"/gestion/releves/{old.id}/releve.pdf").data).split())
    assert "0,50 h (activités en ligne)" in pdf and "Jour du transfert" in pdf
    statement = words_of(staff.get(f"/gestion/releves/{new.id}"))
    assert "0,58 h (activités en ligne)" in statement
    assert f"dont 0,50 h dans « Session A » jusqu'à son transfert le {french.long_date(today)}" in statement
    assert "et 0,08 h dans cette session depuis" in statement
    assert "est partagé à l'instant du transfert" in statement
    certificate = " ".join(pdf_text(staff.get(f"/gestion/releves/{new.id}/certificat-de-realisation.pdf").data)
                           .split())
    assert "0,58 heures" in certificate
    file_page = words_of(staff.get(f"/gestion/apprenants/{antoine.id}"))
    assert "0,58 h dont 0,50 h dans « Session A » jusqu'à son transfert le" in file_page
    assert "et 0,08 h dans cette session depuis" in file_page and "0,50 h jusqu'à son transfert" in file_page
    with demo.app_context():
        assert certificates.issue(antoine.id, session_b.course_id).hours == "0.58", "the attestation agrees"
