"""The convocation of a trainee to her session (part of a funding file): the training, its dates and
calendar, how to reach it at a distance, who trains it. The trainee's name is read by the caller, in its
workflow, and handed in."""
from __future__ import annotations

from datetime import date

from portal.documents import pdf_document
from portal.learning.models import Enrollment, Module, ModuleRelease, SessionTrainer
from portal.learning.wording import planned_duration
from portal.links import external_url

MODALITY = "à distance"


def calendar_of(session) -> list[tuple[str, date]]:
    """Each module of the course with the day it opens in this session (its start when none is set)."""
    releases = {r.module_id: r.release_on for r in ModuleRelease.select().where(ModuleRelease.session == session.id)}
    return [(m.title, releases.get(m.id, session.starts_on))
            for m in Module.select().where(Module.course == session.course_id).order_by(Module.position)]


def trainer_ids(session) -> list:
    return [row.account_id for row in SessionTrainer.select(SessionTrainer.account_id)
            .where(SessionTrainer.session == session.id)]


def convocation_pdf(enrollment: Enrollment, person: dict, calendar: list[tuple[str, date]], trainers: list[str],
                    issued_on: date) -> bytes:
    session = enrollment.session
    course = session.course
    pdf = pdf_document("Convocation à la formation")
    issuer = pdf.issuer
    pdf.line(f"{issuer.name}, organisme de formation ({issuer.nda_sentence}), {issuer.address},")
    pdf.line("convoque à la formation ci-dessous :")
    pdf.field("Stagiaire", person.get("full_name"))
    if person.get("employer"):
        pdf.field("Salarié(e) de l'entreprise", person.get("employer"))
    pdf.field("Intitulé", course.title)
    pdf.field("Nature de l'action", course.nature)
    pdf.field("Modalité", MODALITY)
    pdf.field("Durée", planned_duration(course))
    pdf.field("Session", session.title)
    pdf.field("Dates", f"du {session.starts_on:%d/%m/%Y} au {session.ends_on:%d/%m/%Y}")
    pdf.field("Formateurs", ", ".join(trainers) or "-")
    pdf.field("Accès", external_url("learner_home.space"))
    if course.prerequisites.strip():
        pdf.field("Prérequis", " ".join(course.prerequisites.split()))
    pdf.heading("Calendrier : ouverture des modules")
    pdf.rows(["Module", "Ouvre le"], [[title, f"{day:%d/%m/%Y}"] for title, day in calendar], [130, 40])
    pdf.line("La formation se suit en ligne, à votre rythme, dans les dates de la session. Chaque activité indique "
             "sa durée moyenne ; les formateurs répondent à vos questions sur le forum de chaque module. "
             "Le règlement intérieur s'applique pendant toute la formation.")
    pdf.ln(4)
    pdf.line(f"Fait à {issuer.city}, le {issued_on:%d/%m/%Y}, pour {issuer.name} : {issuer.representative}")
    return pdf.bytes()
