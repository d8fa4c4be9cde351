"""What a training is, written from its course and session for every document that describes it: the
programme, the training contract (portal.contracts.text) and the convention de formation (portal.funding)
say its nature, objectives, duration, programme, prerequisites, means, follow-up and assessment in the same
words. French legal wording, whatever the reader's language."""
from __future__ import annotations

from collections import Counter
from datetime import date

from portal.learning.models import Course, Lesson, Module, ModuleRelease, SessionTrainer, TrainingSession

NATURE, OBJECT, DURATION, PROGRAMME = "Nature de l'action", "Objet et objectifs", "Durée", "Programme"
PREREQUISITES = "Connaissances préalables requises"
MEANS = "Moyens pédagogiques et techniques"
FOLLOW_UP, ASSESSMENT = "Suivi et assistance à distance", "Contrôle des connaissances et sanction de la formation"

KIND_WORDS = {"video": ("vidéo", "vidéos"), "pdf": ("fiche PDF", "fiches PDF"), "text": ("texte", "textes"),
              "quiz": ("quiz", "quiz"), "bouquet": ("exercice de composition au simulateur de bouquet",
                                                  "exercices de composition au simulateur de bouquet")}


def day(value: date) -> str:
    return f"{value:%d/%m/%Y}"


def count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def hours(course: Course) -> str:
    """The course's planned hours as the documents write them (« 21 », « 10,5 »)."""
    return str(course.duration_hours).removesuffix(".0").replace(".", ",")


def describe(session: TrainingSession) -> dict[str, list[str]]:
    """The paragraphs of each heading above, for this session of its course (a fixed number of queries)."""
    course = session.course
    modules = list(Module.select().where(Module.course == course).order_by(Module.position))
    lessons = list(Lesson.select(Lesson.module, Lesson.title, Lesson.kind, Lesson.expected_minutes, Lesson.pass_mark)
                   .join(Module).where(Module.course == course).order_by(Module.position, Lesson.position))
    releases = {r.module_id: r.release_on for r in ModuleRelease.select().where(ModuleRelease.session == session)}
    trainers = SessionTrainer.select().where(SessionTrainer.session == session).count()
    kinds = Counter(lesson.kind for lesson in lessons)
    minutes = sum(lesson.expected_minutes for lesson in lessons)
    programme = []
    for module in modules:
        mine = [lesson for lesson in lessons if lesson.module_id == module.id]
        opens = f", ouvert le {day(releases[module.id])}" if module.id in releases else ""
        titles = " ; ".join(f"{lesson.title} ({lesson.expected_minutes} min)" for lesson in mine)
        programme.append(f"Module {module.position} : {module.title}{opens}. {titles}.")
    return {
        NATURE: [f"Action concourant au développement des compétences : {course.nature} (code NSF "
                 f"{course.nsf_code}), dispensée entièrement à distance."],
        OBJECT: [f"Formation « {course.title} ».", course.objectives.strip()],
        DURATION: [f"{hours(course)} heures au total, à distance\u00a0: {minutes} minutes d'activités guidées en ligne "
                   f"(la durée de chacune est estimée dans le programme), le reste en travail personnel accompagné. "
                   f"Session «\u00a0{session.title}\u00a0» du {day(session.starts_on)} au {day(session.ends_on)}."],
        PROGRAMME: programme or ["Le programme est publié sur la page de la formation."],
        PREREQUISITES: [course.prerequisites.strip() or "Aucune."],
        MEANS: [
            "Ressources : " + ", ".join(count(n, *KIND_WORDS.get(kind, (kind, kind)))
                                        for kind, n in sorted(kinds.items())) + "." if kinds
            else "Ressources en ligne.",
            "Moyens techniques : un navigateur récent sur ordinateur, tablette ou téléphone et une connexion à "
            "internet ; les vidéos ont une version allégée, une transcription et peuvent être téléchargées ; "
            "les leçons restent lisibles hors ligne une fois ouvertes."],
        FOLLOW_UP: [
            f"{count(trainers, 'formateur assigné', 'formateurs assignés')} à la session "
            f"{'répond' if trainers == 1 else 'répondent'} aux questions posées sur le forum de chaque module et "
            f"{'évalue' if trainers == 1 else 'évaluent'} les travaux ; le service de gestion répond aux questions "
            "administratives par la messagerie du portail et par courriel."],
        ASSESSMENT: _assessment(course, lessons, kinds),
    }


def _assessment(course: Course, lessons: list[Lesson], kinds: Counter) -> list[str]:
    quizzes = [lesson for lesson in lessons if lesson.kind == "quiz"]
    exercises = kinds.get("bouquet", 0)
    certification = (f" Elle prépare la certification enregistrée sous la référence {course.rncp_code}."
                     if course.rncp_code else "")
    checks = []
    if quizzes:
        checks.append(f"{count(len(quizzes), 'quiz corrigé', 'quiz corrigés')} automatiquement (seuil de "
                      f"réussite : {', '.join(f'{q.pass_mark} %' for q in quizzes)})")
    if exercises:
        checks.append(f"{count(exercises, 'exercice de composition évalué', 'exercices de composition évalués')} "
                      "par un formateur")
    return [
        ("Les connaissances sont contrôlées en cours de formation par " + " et par ".join(checks) + "."
         if checks else "Les connaissances sont contrôlées à la fin de chaque module par un échange écrit avec le "
                        "formateur sur le forum du module."),
        "À l'issue de la formation, le prestataire remet au stagiaire une attestation de fin de formation "
        "indiquant les objectifs, la nature, la durée de l'action et les résultats de l'évaluation ; une "
        "attestation de réussite vérifiable en ligne est délivrée lorsque les évaluations sont réussies."
        + certification,
    ]
