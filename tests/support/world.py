"""A module-scoped instance with the full demo and one record of each kind a route can name, for the
route × role matrix and the fuzz test."""
from __future__ import annotations

import uuid
from datetime import timedelta

from portal.accounts.models import Account
from portal.bouquets import drafts
from portal.bouquets.engine.builder import Group
from portal.bouquets.models import Brief
from portal.certificates.models import Certificate
from portal.contracts.models import TrainingContract
from portal.forum.models import Post, Thread
from portal.funding.models import FundingFile
from portal.improvement import complaints, survey_rounds
from portal.improvement.models import HOT, SurveyInvitation, SurveyQuestion
from portal.invoicing.models import Invoice
from portal.jobs.models import JobRecord
from portal.learning.models import Course, Enrollment, Lesson, Module, Question, TrainingSession
from portal.personalisation.models import Suggestion
from portal.privacy.export import folder
from portal.privacy.models import DataRequest, Export
from portal.privacy.requests import open_request
from portal.security.models import Incident
from portal.timeutil import paris_today, utcnow

ROLES = ("anonymous", "learner", "trainer", "staff", "dpo")
EMAILS = {"learner": "apprenant@petale.test", "trainer": "formatrice@petale.test", "staff": "gestion@petale.test",
          "dpo": "dpo@petale.test"}


def sample_urls() -> dict[str, str]:
    antoine = Account.get(Account.display_name == "Antoine")
    enrollment = Enrollment.get(Enrollment.account_id == antoine.id)
    course = Course.get(Course.slug == "art-floral-les-fondamentaux")
    lesson = Lesson.get(Lesson.title == "Préparer les tiges")
    quiz = Lesson.get(Lesson.title == "Quiz : outils et préparation")
    module = lesson.module
    brief = Brief.select().join(Lesson).join(Module).where(Module.id == Lesson.get(
        Lesson.title == "Exercice : un bouquet en camaïeu").module_id).first()
    drafts.add_group(antoine.id, brief, Group("rose-de-jardin", "#F9C6C9", 3, 40, 0))
    submission = drafts.submit(antoine.id, brief)
    thread = Thread.select().where(Thread.session == enrollment.session_id).first()
    post = Post.select().where(Post.thread == thread.id).order_by(Post.id).first()
    certificate = Certificate.get()
    invoice = Invoice.select().where(Invoice.account_id == antoine.id).first()
    request_row = open_request(antoine.id, "access")
    export = Export.create(account_id=antoine.id, request=request_row.id)
    # A letter answered by post: its export is ready for the dpo to take from the register.
    by_post = open_request(antoine.id, "access", "courrier")
    DataRequest.update(answer_by_post=True).where(DataRequest.id == by_post.id).execute()
    folder(antoine.id).mkdir(parents=True, exist_ok=True)
    (folder(antoine.id) / "par-courrier.zip").write_bytes(b"PK\x05\x06" + bytes(18))  # an empty zip
    Export.create(account_id=antoine.id, request=by_post.id, status="ready", zip_file="par-courrier.zip",
                  ready_at=utcnow(), expires_at=utcnow() + timedelta(days=7))
    suggestion = Suggestion.create(account_id=antoine.id, module=Module.get(Module.title == "Printemps").id)
    incident = Incident.create(occurred_on="2026-11-01", nature="essai", categories="identity", measures="aucune",
                               recorded_by=uuid.uuid4())
    job = JobRecord.select().first()
    question = Question.select().first()
    session = TrainingSession.get_by_id(enrollment.session_id)
    # Bérénice's latest, for the "perfectionnement" she may still withdraw from (the other is for a session over).
    contract = TrainingContract.select().order_by(TrainingContract.signed_at.desc()).get()
    advanced = TrainingSession.get_by_id(contract.session_id)
    survey_rounds.invite(HOT, [(antoine.id, session.id)], paris_today())
    invitation = SurveyInvitation.get(SurveyInvitation.account_id == antoine.id)
    survey_question = SurveyQuestion.select().first()
    complaint = complaints.file(antoine.id, "Vidéo illisible", "La vidéo du module 2 ne se lance pas.", None,
                                paris_today())
    from portal.delivery.static_files import digest

    return {
        "fingerprinted": f"/static/{digest('petale.css')}/petale.css",
        "learning.course": f"/cours/{course.slug}",
        "certificates.verify_page": f"/certificats/verifier/{certificate.code}",
        "certificates.check_name": f"/certificats/verifier/{certificate.code}/nom",
        "privacy.policy_version": "/confidentialite/versions/1.0", "static": "/static/petale.css",
        "accounts.confirm_email": "/confirmer/faux-jeton", "accounts.reset_password": "/mot-de-passe/nouveau/faux",
        "accounts.activate": "/activer/faux-jeton",
        "retention.keep": "/compte/garder/faux", "privacy.unsubscribe": "/desinscription/faux",
        "learning.calendar_feed_file": "/calendrier/faux.ics",
        "local_provider.hosted_page": "/paiement-test/faux", "local_provider.pay": "/paiement-test/faux",
        "privacy.export_status": f"/mes-donnees/export/{export.id}",
        "privacy.download_export": f"/mes-donnees/export/{export.id}/telecharger",
        "privacy.acknowledge_policy": "/confidentialite/versions/1.0/lue",
        "profile.confirm_email_change": "/profil/adresse/faux",
        "learning.enroll": f"/cours/{course.slug}/inscription",
        "personalisation.dismiss_suggestion": f"/mon-espace/suggestions/{suggestion.id}/masquer",
        "certificates.download": f"/mes-attestations/{certificate.code}.pdf",
        "certificates.download_badge": f"/mes-attestations/{certificate.code}.jwt",
        "invoicing.learner_pdf": f"/mes-factures/{invoice.number}.pdf",
        "payments.checkout": f"/mes-factures/{invoice.number}/payer",
        "invoicing.my_invoice_state": f"/mes-factures/{invoice.number}/etat",
        "contracts.offer": f"/cours/{advanced.course.slug}/contrat?session={advanced.id}",
        "contracts.share_offer": f"/mon-espace/inscriptions/{contract.enrollment_id}/contrat",
        "contracts.mine": f"/mon-espace/contrats/{contract.id}",
        "contracts.my_pdf": f"/mon-espace/contrats/{contract.id}.pdf",
        "contracts.withdraw": f"/mon-espace/contrats/{contract.id}/retractation",
        "contract_desk.staff_contract": f"/gestion/inscriptions/{contract.enrollment_id}/contrat",
        "contract_desk.staff_pdf": f"/gestion/inscriptions/{contract.enrollment_id}/contrat.pdf",
        "contract_desk.record_letter": f"/gestion/inscriptions/{contract.enrollment_id}/contrat/lettre",
        "contract_desk.stop": f"/gestion/inscriptions/{contract.enrollment_id}/contrat/arret",
        "contract_desk.bill_next": f"/gestion/inscriptions/{contract.enrollment_id}/contrat/echeance",
        # Nothing is archived in this world: the owner's narrow path answers 404 to all (a test moves one).
        "retention.archived_invoice": "/mes-pieces-archivees/factures/FAC-2000-000001.pdf",
        "archives.archived_piece": "/dpo/archives/invoice/FAC-2000-000001",
        "privacy_register.requisition_copy": "/dpo/requisitions/999999.pdf",  # none answered in this world
        "player.lesson": f"/lecon/{lesson.id}", "player.media": "/media/demo/affiche.svg",
        "player.heartbeat": f"/lecon/{lesson.id}/battement", "player.save_position": f"/lecon/{lesson.id}/position",
        "player.answer_quiz": f"/lecon/{quiz.id}/quiz", "player.complete": f"/lecon/{lesson.id}/terminer",
        "bouquets.workshop": f"/atelier/{brief.id}", "bouquets.attempts": f"/atelier/{brief.id}/essais",
        "bouquets.attempt": f"/essais/{submission.id}", "bouquets.add": f"/atelier/{brief.id}/ajouter",
        "bouquets.move": f"/atelier/{brief.id}/deplacer/0/apres", "bouquets.tie": f"/atelier/{brief.id}/liage",
        "bouquets.remove": f"/atelier/{brief.id}/retirer/0", "bouquets.clear": f"/atelier/{brief.id}/vider",
        "bouquets.submit": f"/atelier/{brief.id}/soumettre",
        "forum.module": f"/forum/module/{module.id}", "forum.thread": f"/forum/sujet/{thread.id}",
        "forum.search": f"/forum/cours/{course.id}/recherche?q=tige",
        "forum.ask": f"/forum/module/{module.id}/questions",
        "forum.reply": f"/forum/sujet/{thread.id}/reponses", "forum.solution": f"/forum/message/{post.id}/solution",
        "forum.edit": f"/forum/message/{post.id}/modifier", "forum.delete": f"/forum/message/{post.id}/supprimer",
        "forum.hide": f"/forum/message/{post.id}/masquer", "forum.read_answers": f"/forum/sujet/{thread.id}/lu",
        "question_desk.answer": f"/formateur/questions/{thread.id}/reponse",
        "question_desk.question": f"/formateur/questions/{thread.id}",
        "forum.similar_questions": f"/forum/module/{module.id}/semblables",
        "forum.reference": f"/forum/message/{post.id}/reference",
        "bouquets.review_submission": f"/formateur/bouquets/{submission.id}",
        "bouquets.trainer_briefs": f"/formateur/consignes/{brief.lesson_id}",
        "improvement.session_page": f"/analyses/sessions/{session.id}",
        "improvement.course_page": f"/analyses/formations/{course.id}",
        "improvement.session_lesson": f"/analyses/sessions/{session.id}/lecons/{lesson.id}",
        "improvement.course_lesson": f"/analyses/formations/{course.id}/lecons/{lesson.id}",
        "improvement.session_csv": f"/analyses/sessions/{session.id}/lecons.csv",
        "improvement.course_csv": f"/analyses/formations/{course.id}/lecons.csv",
        "improvement.session_satisfaction": f"/analyses/sessions/{session.id}/satisfaction",
        "improvement.course_satisfaction": f"/analyses/formations/{course.id}/satisfaction",
        "surveys.answer": f"/questionnaires/{invitation.id}",
        "complaints.handle": f"/gestion/reclamations/{complaint.id}",
        "surveys.retire": f"/gestion/questionnaires/{survey_question.id}/retirer",
        "manage.course": f"/gestion/formations/{course.id}",
        "manage.add_module": f"/gestion/formations/{course.id}/modules",
        "manage.module": f"/gestion/modules/{module.id}", "manage.add_lesson": f"/gestion/modules/{module.id}/lecons",
        "manage.lesson": f"/gestion/lecons/{lesson.id}",
        "manage.add_brief": f"/gestion/lecons/{brief.lesson_id}/commandes",
        "manage.add_question": f"/gestion/lecons/{quiz.id}/questions",
        "manage.question": f"/gestion/questions/{question.id}",
        "manage.delete_question": f"/gestion/questions/{question.id}/supprimer",
        "manage.session": f"/gestion/sessions/{session.id}",
        "admin.retry_job": f"/gestion/taches/{job.id if job else 1}/relancer",
        "funding.file": f"/gestion/financements/{FundingFile.get().id}",
        "funding.save": f"/gestion/financements/{FundingFile.get().id}",
        "funding.add_document": f"/gestion/financements/{FundingFile.get().id}/pieces",
        "funding.attach": f"/gestion/financements/{FundingFile.get().id}/fichiers",
        "funding.document": f"/gestion/financements/{FundingFile.get().id}/fichiers/agreement",
        "funding.move": f"/gestion/financements/{FundingFile.get().id}/statut",
        "funding.convention": f"/gestion/financements/{FundingFile.get().id}/convention.pdf",
        "funding.programme": f"/gestion/financements/{FundingFile.get().id}/programme.pdf",
        "funding.open_file": f"/gestion/financements/ouvrir/{enrollment.id}",
        "attendance.statement_page": f"/gestion/releves/{enrollment.id}",
        "attendance.statement_pdf": f"/gestion/releves/{enrollment.id}/releve.pdf",
        "attendance.statement_csv": f"/gestion/releves/{enrollment.id}/releve.csv",
        "attendance.completion_certificate": f"/gestion/releves/{enrollment.id}/certificat-de-realisation.pdf",
        "certificates.staff_download": f"/gestion/attestations/{certificate.code}.pdf",
        "certificates.reissue": f"/gestion/attestations/{certificate.code}/nouvelle-version",
        "invoicing.staff_pdf": f"/gestion/factures/{invoice.number}.pdf",
        "invoicing.credit_note": f"/gestion/factures/{invoice.number}/avoir",
        "invoicing.enrollment_billing": f"/gestion/factures/inscriptions/{enrollment.id}",
        "invoicing.set_shares": f"/gestion/factures/inscriptions/{enrollment.id}/repartition",
        "payments.remind": f"/gestion/encaissements/{invoice.number}/relance",
        "learners.identity": f"/gestion/apprenants/{antoine.id}/identite",
        "learners.identity_again": f"/gestion/apprenants/{antoine.id}/identite",
        "learners.file": f"/gestion/apprenants/{antoine.id}",
        "learners.enrol": f"/gestion/apprenants/{antoine.id}/inscription",
        "enrolments.session_page": f"/gestion/sessions/{session.id}/participants",
        "enrolments.enrol_person": f"/gestion/sessions/{session.id}/participants/inscription",
        "enrolments.enrol_group": f"/gestion/sessions/{session.id}/participants/groupe",
        "enrolments.documents": f"/gestion/sessions/{session.id}/participants/documents.zip",
        "enrolments.convocation": f"/gestion/inscriptions/{enrollment.id}/convocation.pdf",
        "enrolments.withdraw": f"/gestion/inscriptions/{enrollment.id}/retrait",
        "enrolments.transfer": f"/gestion/inscriptions/{enrollment.id}/transfert",
        "privacy_register.close": f"/dpo/demandes/{request_row.id}/cloture",
        "privacy_register.extend": f"/dpo/demandes/{request_row.id}/report",
        "privacy_register.carry_out": f"/dpo/demandes/{request_row.id}/execution",
        "privacy_register.extension_letter": f"/dpo/demandes/{request_row.id}/report/lettre.pdf",
        "privacy_register.closing_letter": f"/dpo/demandes/{request_row.id}/cloture/lettre.pdf",
        "privacy_register.carrying_out_letter": f"/dpo/demandes/{request_row.id}/execution/lettre.pdf",
        "privacy_register.close_as_duplicate": f"/dpo/demandes/{request_row.id}/doublon",
        "privacy_register.letter_copy": f"/dpo/demandes/{request_row.id}/lettres/1.pdf",
        "privacy_register.request_page": f"/dpo/demandes/{request_row.id}",
        "privacy_register.postal_export": f"/dpo/demandes/{by_post.id}/export.zip",
        "incidents.decide_no_notice": f"/dpo/incidents/{incident.id}/sans-notification",
        "incidents.incident": f"/dpo/incidents/{incident.id}",
        "incidents.notify_incident": f"/dpo/incidents/{incident.id}/notifier",
        "incidents.authority_notified": f"/dpo/incidents/{incident.id}/cnil",
        "incidents.assess_risk": f"/dpo/incidents/{incident.id}/risque",
    }


def url_for_endpoint(app, urls: dict, endpoint: str, method: str) -> str:
    if endpoint in urls:
        return urls[endpoint]
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint and method in r.methods
                and not r.arguments)
    return rule.rule
