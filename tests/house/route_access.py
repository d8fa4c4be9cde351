"""Who may open each route: the expected answer per role (anonymous, learner, trainer, staff, dpo), read by the
route × role matrix and the form fuzzer. A route added without an entry here fails the matrix."""
from __future__ import annotations

# Access classes: expected GET status per role (anonymous, learner, trainer, staff, dpo).
PUBLIC = (200, 200, 200, 200, 200)


SIGNED = (302, 200, 200, 200, 200)


LEARNER = (302, 200, 403, 403, 403)


TRAINER = (302, 403, 200, 403, 403)


STAFF = (302, 403, 403, 200, 403)


DPO = (302, 403, 403, 403, 200)


BACK_OFFICE = (302, 403, 403, 200, 200)


FORUM = (302, 200, 200, 200, 403)


GUEST = (200, 302, 302, 302, 302)  # sign-in pages send a signed-in person home


TRAINER_OR_STAFF = (302, 403, 200, 200, 403)  # figures of the sessions a trainer teaches; staff: every session


# endpoint -> (access, methods): "GET" checks exact statuses; "POST" checks refusals and "never 500".
ACCESS = {
    "learning.catalogue_page": (PUBLIC, "GET"), "learning.course": (PUBLIC, "GET"),
    "certificates.verify_page": (PUBLIC, "GET POST"), "certificates.check_form": (PUBLIC, "GET"),
    "certificates.check_name": (PUBLIC, "POST"),
    "privacy.policy": (PUBLIC, "GET"),
    "certificates.badge_issuer": (PUBLIC, "GET"), "certificates.badge_key": (PUBLIC, "GET"),
    "privacy.policy_version": (PUBLIC, "GET"), "site.healthz": (PUBLIC, "GET"), "site.ping": (PUBLIC, "GET"),
    "static": (PUBLIC, "GET"),
    "fingerprinted": (PUBLIC, "GET"),
    "accounts.signup_sent": (PUBLIC, "GET"),
    "accounts.demo_mailbox": ((404, 404, 404, 404, 404), "GET"),  # only under PETALE_DEMO
    "accounts.login": (GUEST, "GET POST"), "accounts.signup": (GUEST, "GET POST"),
    "accounts.forgot_password": (PUBLIC, "GET POST"),
    "accounts.login_code": ((302, 302, 302, 302, 302), "GET POST"),
    "accounts.confirm_email": ((400, 400, 400, 400, 400), "GET POST"),
    "accounts.reset_password": ((400, 400, 400, 400, 400), "GET POST"),
    "accounts.activate": ((400, 400, 400, 400, 400), "GET POST"),
    "retention.keep": ((400, 400, 400, 400, 400), "GET POST"),
    "retention.archived": (SIGNED, "GET"), "archives.archived_invoice": (DPO, "GET POST"),
    "archives.archived_piece": ((302, 403, 403, 403, 404), "GET POST"),
    "backoffice.home": (STAFF, "GET"), "dpo.home": (DPO, "GET"),
    "news.compose": (STAFF, "GET"), "news.submit": (STAFF, "POST"),
    "privacy.ask_lift": (SIGNED, "POST"), "privacy.set_objection": (SIGNED, "POST"),
    "incidents.authority_notified": (DPO, "POST"),
    "learners.search": (BACK_OFFICE, "POST"), "learners.search_again": ((302, 403, 403, 303, 303), "GET"),
    "learners.identity_again": ((302, 403, 403, 303, 303), "GET"),
    "invoicing.my_invoice_state": ((302, 404, 403, 403, 403), "GET"),  # the world's invoice is not hers to pay
    "retention.archived_invoice": ((302, 404, 404, 404, 404), "GET"),
    "privacy.unsubscribe": ((400, 400, 400, 400, 400), "GET POST"),
    "local_provider.hosted_page": ((404, 404, 404, 404, 404), "GET"), "local_provider.pay": (PUBLIC, "POST"),
    "payments.webhook": (PUBLIC, "POST"), "accounts.choose_language": (PUBLIC, "POST"),
    "accounts.logout": (PUBLIC, "POST"),
    "offline.service_worker": (PUBLIC, "GET"), "offline.offline_page": (PUBLIC, "GET"),
    "offline.not_sent_page": (PUBLIC, "GET"),
    "offline.token": (LEARNER, "GET"),
    "learning.calendar_feed_file": ((404, 404, 404, 404, 404), "GET"),  # a calendar app's; unknown token
    "learning.subscribe_calendar": (LEARNER, "POST"), "learning.unsubscribe_calendar": (LEARNER, "POST"),
    "accounts.confirmation_required": ((302, 302, 302, 302, 302), "GET POST"),  # everyone here is confirmed
    "privacy.center": (SIGNED, "GET"), "privacy.set_consent": (SIGNED, "POST"),
    "privacy.start_export": (SIGNED, "POST"), "privacy.restrict": (SIGNED, "POST"),
    "privacy.export_status": ((302, 200, 404, 404, 404), "GET"),
    "privacy.download_export": ((302, 404, 404, 404, 404), "GET"),
    "privacy.delete_account": (SIGNED, "GET POST"), "privacy.acknowledge_policy": (SIGNED, "POST"),
    "profile.edit": (SIGNED, "GET POST"), "profile.change_email": (SIGNED, "POST"),
    "profile.confirm_email_change": ((302, 400, 400, 400, 400), "GET POST"),
    "security.page": (SIGNED, "GET"), "security.setup": (SIGNED, "GET POST"),
    "security.disable": (SIGNED, "POST"), "security.change_password": (SIGNED, "POST"),
    "security.logout_everywhere": (SIGNED, "POST"),
    "learner_home.space": (LEARNER, "GET"), "learning.enroll": (LEARNER, "POST"),
    "learning.calendar": (LEARNER, "GET"), "learning.calendar_file": (LEARNER, "GET"),
    "privacy.hide_restriction_notice": (SIGNED, "POST"),
    "personalisation.dismiss_suggestion": (LEARNER, "POST"),
    "certificates.mine": (LEARNER, "GET"), "certificates.download": ((302, 404, 403, 403, 403), "GET"),
    "certificates.download_badge": ((302, 404, 403, 403, 403), "GET"),
    "invoicing.mine": (LEARNER, "GET"), "invoicing.learner_pdf": ((302, 404, 403, 403, 403), "GET"),
    "payments.checkout": (LEARNER, "POST"),
    # The world's contract is Bérénice's: the demo learner asking for it, or withdrawing from it, finds nothing.
    "contracts.offer": (LEARNER, "GET POST"), "contracts.share_offer": ((302, 404, 403, 403, 403), "GET POST"),
    "contracts.mine_list": (LEARNER, "GET"), "contracts.mine": ((302, 404, 403, 403, 403), "GET"),
    "contracts.my_pdf": ((302, 404, 403, 403, 403), "GET"), "contracts.withdraw": (LEARNER, "POST"),
    "player.lesson": ((302, 200, 200, 200, 403), "GET"), "player.media": ((403, 403, 403, 403, 403), "GET"),
    "player.heartbeat": ((302, 200, 403, 403, 403), "POST"), "player.save_position": (LEARNER, "POST"),
    "player.answer_quiz": (LEARNER, "POST"), "player.complete": (LEARNER, "POST"),
    "bouquets.workshop": (LEARNER, "GET"), "bouquets.attempts": (LEARNER, "GET"),
    "bouquets.attempt": (LEARNER, "GET"), "bouquets.add": (LEARNER, "POST"), "bouquets.move": (LEARNER, "POST"),
    "bouquets.tie": (LEARNER, "POST"), "bouquets.remove": (LEARNER, "POST"), "bouquets.clear": (LEARNER, "POST"),
    "bouquets.submit": (LEARNER, "POST"),
    "forum.module": (FORUM, "GET"), "forum.thread": (FORUM, "GET"), "forum.search": (FORUM, "GET"),
    "forum.ask": (FORUM, "POST"), "forum.reply": (FORUM, "POST"),
    "forum.read_answers": (LEARNER, "POST"), "forum.solution": (FORUM, "POST"),
    "forum.edit": ((302, 403, 403, 403, 403), "GET POST"), "forum.delete": (FORUM, "POST"),
    "forum.hide": ((302, 403, 403, 200, 403), "POST"),
    "improvement.index": (TRAINER_OR_STAFF, "GET"), "improvement.session_page": (TRAINER_OR_STAFF, "GET"),
    "improvement.course_page": (TRAINER_OR_STAFF, "GET"), "improvement.session_lesson": (TRAINER_OR_STAFF, "GET"),
    "improvement.course_lesson": (TRAINER_OR_STAFF, "GET"), "improvement.session_csv": (TRAINER_OR_STAFF, "GET"),
    "improvement.course_csv": (TRAINER_OR_STAFF, "GET"),
    "improvement.session_satisfaction": (TRAINER_OR_STAFF, "GET"),
    "improvement.course_satisfaction": (TRAINER_OR_STAFF, "GET"),
    "surveys.answer": (LEARNER, "GET POST"), "surveys.questions": (STAFF, "GET POST"),
    "surveys.retire": (STAFF, "POST"),
    "complaints.mine": (LEARNER, "GET POST"), "complaints.public": (PUBLIC, "GET POST"),
    "complaints.register": (STAFF, "GET"),
    "complaints.handle": (STAFF, "GET POST"), "complaints.improvement_actions": (STAFF, "GET POST"),
    "trainer.space": (TRAINER, "GET"), "bouquets.review_submission": (TRAINER, "GET POST"),
    "bouquets.trainer_briefs": (TRAINER, "GET POST"),
    "question_desk.answer": (TRAINER, "POST"),
    # A notice's address: sends the trainer on to the question (desk or discussion).
    "question_desk.question": ((302, 403, 302, 403, 403), "GET"), "question_desk.preferences": (TRAINER, "POST"),
    "forum.similar_questions": (LEARNER, "POST"), "forum.reference": (TRAINER, "POST"),
    "manage.courses": (STAFF, "GET"), "manage.course": (STAFF, "GET POST"), "manage.new_course": (STAFF, "GET POST"),
    "manage.add_module": (STAFF, "POST"), "manage.module": (STAFF, "GET POST"), "manage.add_lesson": (STAFF, "POST"),
    "manage.lesson": (STAFF, "GET POST"), "manage.add_brief": (STAFF, "POST"), "manage.add_question": (STAFF, "POST"),
    "manage.question": (STAFF, "GET POST"), "manage.delete_question": (STAFF, "POST"),
    "manage.sessions": (STAFF, "GET"), "manage.session": (STAFF, "GET POST"), "manage.missing_files": (STAFF, "GET"),
    "admin.jobs": (STAFF, "GET"), "admin.retry_job": (STAFF, "POST"),
    "funding.files": (STAFF, "GET"), "funding.file": (STAFF, "GET"), "funding.save": (STAFF, "POST"),
    "funding.add_document": (STAFF, "POST"), "funding.attach": (STAFF, "POST"),
    "funding.move": (STAFF, "POST"), "funding.open_file": (STAFF, "POST"),
    "funding.convention": (STAFF, "GET"), "funding.programme": (STAFF, "GET"),
    "funding.document": ((302, 403, 403, 404, 403), "GET"),  # the world's file has no uploaded copy
    "attendance.statement_page": (STAFF, "GET"), "attendance.statement_pdf": (STAFF, "GET"),
    "attendance.statement_csv": (STAFF, "GET"), "attendance.completion_certificate": (STAFF, "GET"),
    "certificates.issued": (STAFF, "GET"), "certificates.staff_download": (STAFF, "GET"),
    "certificates.reissue": (STAFF, "POST"),
    "invoicing.invoices": (STAFF, "GET"), "invoicing.invoices_csv": (STAFF, "GET"),
    "invoicing.issue": (STAFF, "POST"), "invoicing.staff_pdf": (STAFF, "GET"),
    "invoicing.credit_note": (STAFF, "POST"),
    "invoicing.enrollment_billing": (STAFF, "GET"), "invoicing.set_shares": (STAFF, "POST"),
    "contract_desk.staff_contract": (STAFF, "GET"), "contract_desk.staff_pdf": (STAFF, "GET"),
    "contract_desk.record_letter": (STAFF, "POST"), "contract_desk.stop": (STAFF, "POST"),
    "contract_desk.bill_next": (STAFF, "POST"),
    "payments.receivables_page": (STAFF, "GET"), "payments.payments_csv": (STAFF, "GET"),
    "payments.new_settlement": (STAFF, "GET"),
    "payments.record_settlement": (STAFF, "POST"), "payments.remind": (STAFF, "POST"),
    "stats.page": (STAFF, "GET"), "stats.csv_file": (STAFF, "GET"),
    "learners.directory": (BACK_OFFICE, "GET"), "learners.identity": (BACK_OFFICE, "POST"),
    "learners.file": (STAFF, "GET POST"), "learners.enrol": (STAFF, "POST"),
    "enrolments.session_page": (STAFF, "GET"), "enrolments.enrol_person": (STAFF, "POST"),
    "enrolments.enrol_group": (STAFF, "POST"), "enrolments.documents": (STAFF, "GET"),
    "enrolments.convocation": (STAFF, "GET"),
    "enrolments.withdraw": (STAFF, "GET POST"), "enrolments.transfer": (STAFF, "GET POST"),
    "privacy_register.requests": (DPO, "GET"), "privacy_register.record": (DPO, "POST"),
    "privacy_register.close": (DPO, "POST"), "privacy_register.extend": (DPO, "POST"),
    "privacy_register.carry_out": (DPO, "POST"), "privacy_register.request_page": (DPO, "GET"),
    "privacy_register.postal_export": (DPO, "GET"), "incidents.decide_no_notice": (DPO, "POST"),
    "privacy_register.extension_letter": (DPO, "POST"), "privacy_register.closing_letter": (DPO, "POST"),
    "privacy_register.carrying_out_letter": (DPO, "POST"), "privacy_register.close_as_duplicate": (DPO, "POST"),
    "privacy_register.letter_copy": ((302, 403, 403, 403, 404), "GET"),
    "accountability.journal": (DPO, "GET"), "privacy_register.policy": (DPO, "GET"),
    "privacy_register.publish_policy": (DPO, "POST"),
    "incidents.security": (DPO, "GET"), "incidents.incident_list": (DPO, "GET"),
    "incidents.record_incident": (DPO, "POST"),
    "incidents.incident": (DPO, "GET"), "incidents.notify_incident": (DPO, "POST"),
    "incidents.assess_risk": (DPO, "POST"),
    "accountability.security_report": (DPO, "GET"),
    "accountability.security_report_pdf": (DPO, "GET"), "accountability.journal_csv": (DPO, "GET"),
    "accountability.security_report_csv": (DPO, "GET"),
    "privacy_register.requisitions": (DPO, "GET"), "privacy_register.answer_requisition": (DPO, "POST"),
    "privacy_register.requisition_copy": ((302, 403, 403, 403, 404), "GET"),
}
