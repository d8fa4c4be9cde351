"""Demo courses, sessions and the history of apprenant@petale.test, dated relative to today."""
from __future__ import annotations

import json
import shutil
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from flask import current_app

from portal import db
from portal.documents import pdf_document
from portal.learning import xapi
from portal.learning.events import lesson_iri
from portal.learning.models import (
    Choice,
    Course,
    Enrollment,
    LearningEvent,
    Lesson,
    LessonProgress,
    Module,
    ModuleRelease,
    Question,
    QuizAttempt,
    SessionTrainer,
    TimeOnTask,
    TrainingSession,
)
from portal.vault import service as vault

ASSETS = Path(__file__).parent / "assets"
FUNDAMENTALS = "art-floral-les-fondamentaux"
ADVANCED = "bouquets-de-saison-perfectionnement"
DEMO_VIDEO_PAUSED_AT = 3  # seconds into the 8-second demo clip (assets/README.md), within its first caption


def seed_learning(today: date) -> None:
    if Course.select().where(Course.slug == FUNDAMENTALS).exists():
        return
    people = [vault.account_id_for_email(f"{name}@petale.test")
              for name in ("formatrice", "formateur2", "apprenant", "apprenante2")]
    if None in people:
        return  # some demo accounts are gone: nobody to attach the sessions and history to
    trainer_a, trainer_b, learner_a, learner_b = people
    install_media()
    with db.atomic():
        fundamentals = _fundamentals()
        advanced = _advanced()
        session_a = _session(fundamentals, "Session A", today - timedelta(days=21), trainer_a,
                             [0, 7, 28])
        session_b = _session(fundamentals, "Session B", today - timedelta(days=6), trainer_b, [0, 14, 35])
        _session(advanced, "Perfectionnement — prochaine session", today + timedelta(days=30), trainer_a, [0, 14])
        # Enrolled a week before their session began, as people are: the documents date from then.
        for learner, session, funding in ((learner_a, session_a, "opco"), (learner_b, session_b, "cpf")):
            Enrollment.create(account_id=learner, session=session, funding=funding,
                              enrolled_at=datetime.combine(session.starts_on - timedelta(days=7), time(9)))
        _history(learner_a, fundamentals, today)


def install_media() -> None:
    target = Path(current_app.instance_path) / "media" / "demo"
    target.mkdir(parents=True, exist_ok=True)
    for asset in ASSETS.iterdir():
        shutil.copy(asset, target / asset.name)
    _write_sheet_pdf(target / "fiche-outils.pdf")


def _write_sheet_pdf(path: Path) -> None:
    sheet = pdf_document("Fiche : les outils du fleuriste")
    for line in [
        "Sécateur : tiges ligneuses, coupe nette en biseau.",
        "Couteau de fleuriste : tiges tendres, coupe en sifflet.",
        "Pince à épines : débarrasser les tiges de roses.",
        "Seau propre et eau fraîche : réhydrater avant la composition.",
    ]:
        sheet.line(line, size=11)
    sheet.output(str(path))


def _course(**fields) -> Course:
    return Course.create(**fields)


def _fundamentals() -> Course:
    course = _course(
        slug=FUNDAMENTALS, title="Art floral — les fondamentaux", level="fondamental",
        objectives="- Choisir, préparer et conserver les fleurs coupées\n- Associer les couleurs d'un bouquet\n"
                   "- Monter un bouquet rond lié en spirale",
        description="Une formation à distance pour acquérir les gestes de base du métier de fleuriste.",
        duration_hours=Decimal("21"), nsf_code="211", rncp_code=None, prerequisites="Aucun prérequis.",
        price_cents=89000,
    )
    tools = Module.create(course=course, position=1, title="Les outils et le végétal", theme="Matériel")
    colours = Module.create(course=course, position=2, title="Les couleurs", theme="Couleurs")
    bouquet = Module.create(course=course, position=3, title="Le bouquet rond", theme="Techniques")
    Lesson.create(
        module=tools, position=1, title="Bienvenue dans la formation", kind="text", expected_minutes=10,
        body="## Bienvenue\n\nCette formation alterne **vidéos**, fiches et exercices. Comptez environ "
             "une heure par semaine.\n\n- Un formateur répond à vos questions sous 48 h.\n"
             "- Chaque module se termine par un quiz.",
    )
    Lesson.create(
        module=tools, position=2, title="Préparer les tiges", kind="video", expected_minutes=15,
        body="Regardez comment préparer une tige avant de l'utiliser.",
        video_path="demo/preparer-les-tiges.mp4", video_low_path="demo/preparer-les-tiges-basse.mp4",
        poster_path="demo/affiche.svg", captions_path="demo/sous-titres.vtt",
        transcript="On coupe la tige en biseau, sous l'eau si possible, puis on retire les feuilles "
                   "qui tremperaient dans le vase.",
    )
    Lesson.create(
        module=tools, position=3, title="Fiche : les outils du fleuriste", kind="pdf", expected_minutes=10,
        body="Gardez cette fiche sous la main pendant les exercices.", document_path="demo/fiche-outils.pdf",
    )
    quiz = Lesson.create(
        module=tools, position=4, title="Quiz : outils et préparation", kind="quiz", expected_minutes=10,
        pass_mark=70, max_attempts=5,
    )
    _questions(quiz)
    Lesson.create(
        module=colours, position=1, title="Le cercle chromatique", kind="text", expected_minutes=20,
        body="Les couleurs **voisines** sur le cercle forment un camaïeu ; les couleurs **opposées** sont "
             "complémentaires.",
    )
    Lesson.create(
        module=colours, position=2, title="Exercice : un bouquet en camaïeu", kind="bouquet", expected_minutes=30,
        body="Six commandes de clients vous attendent, une par harmonie de couleurs. Commencez par "
             "« Anniversaire tout en rose » : un bouquet rond en camaïeu de roses pour un budget de 40 €, "
             "puis essayez les autres harmonies.",
    )
    Lesson.create(
        module=bouquet, position=1, title="La spirale", kind="text", expected_minutes=25,
        body="Chaque tige est posée dans le même sens, en diagonale, pour former la spirale.",
    )
    return course


def _questions(quiz: Lesson) -> None:
    single = Question.create(
        lesson=quiz, position=1, kind="single", prompt="Comment coupe-t-on une tige de rose ?",
        explanation="Une coupe en biseau augmente la surface qui boit l'eau.",
    )
    for position, (label, correct) in enumerate(
        [("En biseau, avec un couteau propre", True), ("Droite, aux ciseaux", False), ("On ne la coupe pas", False)],
        start=1,
    ):
        Choice.create(question=single, position=position, label=label, correct=correct)
    multiple = Question.create(
        lesson=quiz, position=2, kind="multiple", prompt="Quels outils servent à préparer les tiges ?",
        explanation="Sécateur et couteau coupent ; la pince à épines nettoie. L'agrafeuse n'a rien à faire ici.",
    )
    for position, (label, correct) in enumerate(
        [("Le sécateur", True), ("Le couteau de fleuriste", True), ("L'agrafeuse", False)], start=1
    ):
        Choice.create(question=multiple, position=position, label=label, correct=correct)
    Question.create(
        lesson=quiz, position=3, kind="text", prompt="Comment appelle-t-on la coupe en biais d'une tige tendre ?",
        explanation="On parle de coupe en sifflet (ou en biseau).",
        accepted_answers="sifflet\nen sifflet\nbiseau\nen biseau",
    )


def _advanced() -> Course:
    course = _course(
        slug=ADVANCED, title="Bouquets de saison — perfectionnement",
        level="perfectionnement",
        objectives="- Composer selon la saison et le budget du client\n- Maîtriser les bouquets structurés",
        description="Pour les fleuristes qui maîtrisent le bouquet rond.", duration_hours=Decimal("14"),
        nsf_code="211", prerequisites="Avoir suivi « Art floral — les fondamentaux » ou justifier d'une pratique.",
        price_cents=69000,
    )
    spring = Module.create(course=course, position=1, title="Printemps", theme="Saisons")
    autumn = Module.create(course=course, position=2, title="Automne", theme="Saisons")
    Lesson.create(module=spring, position=1, title="Les fleurs de printemps", kind="text", expected_minutes=20,
                  body="Renoncules, tulipes, anémones : fragiles, elles se travaillent vite.")
    Lesson.create(module=autumn, position=1, title="Feuillages d'automne", kind="text", expected_minutes=20,
                  body="Les feuillages colorés apportent la structure.")
    # Its video is awaited from the film-maker: the lesson is on /gestion/lecons/fichiers-manquants until staff
    # upload it from the lesson's form.
    Lesson.create(module=autumn, position=2, title="Un bouquet de feuillages, pas à pas", kind="video",
                  expected_minutes=12, body="La vidéo montre le montage du bouquet, de la première tige au liage.",
                  video_path="lecons/a-venir/bouquet-de-feuillages.mp4")
    return course


def _session(course: Course, title: str, start: date, trainer, release_offsets: list[int]) -> TrainingSession:
    # Twelve seats: the participants page says how many are left, and enrolments stop once they are taken.
    session = TrainingSession.create(course=course, title=title, starts_on=start, ends_on=start + timedelta(days=90),
                                     seats=12)
    modules = list(Module.select().where(Module.course == course).order_by(Module.position))
    for module, offset in zip(modules, release_offsets, strict=True):
        ModuleRelease.create(session=session, module=module, release_on=start + timedelta(days=offset))
    SessionTrainer.create(session=session, account_id=trainer)
    return session


def _answers(quiz: Lesson, right_only: bool) -> dict:
    """Answers as the quiz stores them (the export writes them back in words): all right, or only the
    first question right."""
    stored = {}
    for index, question in enumerate(Question.select().where(Question.lesson == quiz).order_by(Question.position)):
        right = right_only or index == 0
        if question.kind == "text":
            given = [question.accepted_answers.splitlines()[0] if right else "je ne sais pas"]
        else:
            choices = list(Choice.select().where(Choice.question == question).order_by(Choice.position))
            given = [str(c.id) for c in choices if c.correct == right][:1 if question.kind == "single" else None]
        stored[str(question.id)] = {"given": given, "correct": right}
    return stored


def _history(account_id, course: Course, today: date) -> None:
    lessons = list(Lesson.select().join(Module).where(Module.course == course)
                   .order_by(Module.position, Lesson.position))
    welcome, video, sheet, quiz = lessons[:4]
    days_ago = [12, 10, 8, 5, 3]
    for index, lesson in enumerate([welcome, video, sheet]):
        when = datetime.combine(today - timedelta(days=days_ago[index]), time(18, 30))
        _event(account_id, xapi.EXPERIENCED, lesson, course, when)
        _event(account_id, xapi.COMPLETED, lesson, course, when + timedelta(minutes=lesson.expected_minutes),
               result={"completion": True})
        LessonProgress.create(account_id=account_id, lesson=lesson, completed_at=when, updated_at=when,
                              position_seconds=0)
        TimeOnTask.create(account_id=account_id, lesson=lesson, day=when.date(), seconds=lesson.expected_minutes * 55)
    for offset, score in ((5, 33), (3, 100)):
        when = datetime.combine(today - timedelta(days=offset), time(19, 0))
        QuizAttempt.create(account_id=account_id, lesson=quiz, submitted_at=when, score=score, passed=score >= 70,
                           answers=json.dumps(_answers(quiz, right_only=score == 100)))
        _event(account_id, xapi.ATTEMPTED, quiz, course, when, result={
            "score": {"scaled": score / 100, "raw": score, "min": 0, "max": 100}, "success": score >= 70,
            "completion": True,
        })
        TimeOnTask.create(account_id=account_id, lesson=quiz, day=when.date(), seconds=420)
    LessonProgress.create(account_id=account_id, lesson=quiz, completed_at=when, updated_at=when)
    # Last thing done: the video watched again, paused 3 s into its 8 seconds, two days ago (a
    # position within the clip, before its last tenth: « Reprendre » starts there).
    when = datetime.combine(today - timedelta(days=2), time(20, 0))
    _event(account_id, xapi.EXPERIENCED, video, course, when)
    LessonProgress.update(position_seconds=DEMO_VIDEO_PAUSED_AT, updated_at=when).where(
        (LessonProgress.account_id == account_id) & (LessonProgress.lesson == video)
    ).execute()
    TimeOnTask.create(account_id=account_id, lesson=video, day=when.date(), seconds=300)


def _event(account_id, verb, lesson, course, when, result=None):
    LearningEvent.create(
        account_id=account_id, verb=verb, object_iri=lesson_iri(lesson.id), lesson=lesson, course=course,
        result=json.dumps(result) if result else None, timestamp=when,
    )
