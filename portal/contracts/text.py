"""The contract's text, written from the course and the session and the provider's terms. Every mention
article L6353-4 of the Code du travail requires has its own section, whose heading is in MENTIONS. The
text holds no name or address: the parties are printed beside it, from the vault, when it is shown.

It is a French legal document, whatever the reader's language (as invoices are)."""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from portal.contracts.schedule import BALANCE, WITHDRAWAL_DAYS, Step, deposit_percent, withdrawal_ends_on
from portal.documents import french
from portal.learning.models import Course, Lesson, Module, ModuleRelease, SessionTrainer, TrainingSession

# Bumped whenever the wording below changes: a signed contract keeps the version it was signed under.
TERMS_VERSION = "2026-12"

NATURE, OBJECT, DURATION, PROGRAMME = "Nature de l'action", "Objet et objectifs", "Durée", "Programme"
PREREQUISITES = "Connaissances préalables requises"
CONDUCT, MEANS = "Modalités de déroulement", "Moyens pédagogiques et techniques"
FOLLOW_UP, ASSESSMENT = "Suivi et assistance à distance", "Contrôle des connaissances et sanction de la formation"
TRAINERS, PRICE = "Formateurs", "Prix et modalités de paiement"
EARLY_STOP, WITHDRAWAL = "Cessation anticipée ou abandon", "Délai de rétractation"
# The mentions of L6353-4 (with the withdrawal of L6353-5), in the order the contract gives them.
MENTIONS = (NATURE, OBJECT, DURATION, PROGRAMME, PREREQUISITES, CONDUCT, MEANS, FOLLOW_UP, ASSESSMENT, TRAINERS,
            PRICE, EARLY_STOP, WITHDRAWAL)

KIND_WORDS = {"video": ("vidéo", "vidéos"), "pdf": ("fiche PDF", "fiches PDF"), "text": ("texte", "textes"),
              "quiz": ("quiz", "quiz"), "bouquet": ("exercice de composition au simulateur de bouquet",
                                                  "exercices de composition au simulateur de bouquet")}
FUNDER_WORDS = {"employer": "son employeur", "opco": "un OPCO", "france_travail": "France Travail",
                "cpf": "son compte personnel de formation", "other": "un autre financeur"}


@dataclass(frozen=True)
class Terms:
    """What the contract states about money and the provider, fixed when it is drafted."""
    price_cents: int
    share_cents: int
    funding: str
    signed_on: date
    steps: tuple[Step, ...]
    deposit_configured: int
    trainer_qualifications: str
    holds_lessons: bool = False  # her lessons wait for the end of the withdrawal period (she pays it all herself)
    early_start_allowed: bool = False  # the provider lets her ask to start at once


Section = dict  # {"heading": str, "paragraphs": [str]}


def _d(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def _first_up(words: str) -> str:
    return words[:1].upper() + words[1:]


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _hours(course: Course) -> str:
    return str(course.duration_hours).removesuffix(".0").replace(".", ",")


def sections(session: TrainingSession, terms: Terms) -> list[Section]:
    course = session.course
    modules = list(Module.select().where(Module.course == course).order_by(Module.position))
    lessons = list(Lesson.select(Lesson.module, Lesson.title, Lesson.kind, Lesson.expected_minutes, Lesson.pass_mark)
                   .join(Module).where(Module.course == course).order_by(Module.position, Lesson.position))
    releases = {r.module_id: r.release_on for r in ModuleRelease.select().where(ModuleRelease.session == session)}
    trainers = SessionTrainer.select().where(SessionTrainer.session == session).count()
    kinds = Counter(lesson.kind for lesson in lessons)
    minutes = sum(lesson.expected_minutes for lesson in lessons)
    quizzes = [lesson for lesson in lessons if lesson.kind == "quiz"]
    exercises = kinds.get("bouquet", 0)
    programme = []
    for module in modules:
        mine = [lesson for lesson in lessons if lesson.module_id == module.id]
        opens = f", ouvert le {_d(releases[module.id])}" if module.id in releases else ""
        titles = " ; ".join(f"{lesson.title} ({lesson.expected_minutes} min)" for lesson in mine)
        programme.append(f"Module {module.position} : {module.title}{opens}. {titles}.")
    certification = (f" Elle prépare la certification enregistrée sous la référence {course.rncp_code}."
                     if course.rncp_code else "")
    checks = []
    if quizzes:
        checks.append(f"{_count(len(quizzes), 'quiz corrigé', 'quiz corrigés')} automatiquement (seuil de "
                      f"réussite : {', '.join(f'{q.pass_mark} %' for q in quizzes)})")
    if exercises:
        checks.append(f"{_count(exercises, 'exercice de composition évalué', 'exercices de composition évalués')} "
                      "par un formateur")
    assessment = [
        ("Les connaissances sont contrôlées en cours de formation par " + " et par ".join(checks) + "."
         if checks else "Les connaissances sont contrôlées à la fin de chaque module par un échange écrit avec le "
                        "formateur sur le forum du module."),
        "À l'issue de la formation, le prestataire remet au stagiaire une attestation de fin de formation "
        "indiquant les objectifs, la nature, la durée de l'action et les résultats de l'évaluation ; une "
        "attestation de réussite vérifiable en ligne est délivrée lorsque les évaluations sont réussies."
        + certification,
    ]
    return [
        {"heading": NATURE, "paragraphs": [
            f"Action concourant au développement des compétences : {course.nature} (code NSF {course.nsf_code}), "
            "dispensée entièrement à distance."]},
        {"heading": OBJECT, "paragraphs": [f"Formation « {course.title} ».", course.objectives.strip()]},
        {"heading": DURATION, "paragraphs": [
            f"{_hours(course)} heures au total, à distance\u00a0: {minutes} minutes d'activités guidées en ligne "
            f"(la durée de chacune est estimée dans le programme), le reste en travail personnel accompagné. "
            f"Session «\u00a0{session.title}\u00a0» du {_d(session.starts_on)} au "
            f"{_d(session.ends_on)}."]},
        {"heading": PROGRAMME, "paragraphs": programme or ["Le programme est publié sur la page de la formation."]},
        {"heading": PREREQUISITES, "paragraphs": [course.prerequisites.strip() or "Aucune."]},
        {"heading": CONDUCT, "paragraphs": [
            "Formation ouverte et à distance, sur le portail Pétale : les modules s'ouvrent aux dates de la "
            "session indiquées au programme ; le stagiaire suit les activités à son rythme dans ces limites.",
            *_waiting(terms),
            "Le temps passé sur chaque activité est enregistré pour établir les justificatifs d'assiduité."]},
        {"heading": MEANS, "paragraphs": [
            "Ressources : " + ", ".join(_count(count, *KIND_WORDS.get(kind, (kind, kind)))
                                        for kind, count in sorted(kinds.items())) + "." if kinds
            else "Ressources en ligne.",
            "Moyens techniques : un navigateur récent sur ordinateur, tablette ou téléphone et une connexion à "
            "internet ; les vidéos ont une version allégée, une transcription et peuvent être téléchargées ; "
            "les leçons restent lisibles hors ligne une fois ouvertes."]},
        {"heading": FOLLOW_UP, "paragraphs": [
            f"{_count(trainers, 'formateur assigné', 'formateurs assignés')} à la session "
            f"{'répond' if trainers == 1 else 'répondent'} aux questions posées sur le forum de chaque module et "
            f"{'évalue' if trainers == 1 else 'évaluent'} les travaux ; le service de gestion répond aux questions "
            "administratives par la messagerie du portail et par courriel."]},
        {"heading": ASSESSMENT, "paragraphs": assessment},
        {"heading": TRAINERS, "paragraphs": [terms.trainer_qualifications.strip() + "."]},
        {"heading": PRICE, "paragraphs": _price(terms)},
        {"heading": EARLY_STOP, "paragraphs": [
            "Si le stagiaire, empêché par un cas de force majeure dûment reconnu, cesse la formation avant son "
            "terme, seules les prestations effectivement dispensées sont dues, au prorata des jours de la "
            "session écoulés à la date de l'arrêt ; ce qui a été facturé au-delà est annulé par un avoir et "
            "remboursé.",
            "S'il abandonne la formation pour un autre motif, les échéances dont la date est passée restent dues "
            "et celles à venir sont annulées ; aucune indemnité n'est réclamée en sus.",
            "Si le prestataire ne peut pas dispenser la formation, il rembourse les sommes perçues pour les "
            "prestations non dispensées."]},
        {"heading": WITHDRAWAL, "paragraphs": [
            f"Le stagiaire peut se rétracter dans les {WITHDRAWAL_DAYS} jours qui suivent la signature du "
            f"présent contrat, soit jusqu'au {_d(withdrawal_ends_on(terms.signed_on))} inclus, par lettre "
            "recommandée avec avis de réception adressée au prestataire, ou par le bouton « Je me rétracte » de "
            "son espace. La rétractation met fin à l'inscription ; aucune somme n'est due.",
            "Aucune somme ne peut être exigée du stagiaire avant l'expiration de ce délai."]},
    ]


def _waiting(terms: Terms) -> list[str]:
    if not terms.holds_lessons:
        return []
    opens = withdrawal_ends_on(terms.signed_on) + timedelta(days=1)
    said = [f"Pendant le délai de rétractation, les modules restent fermés : ils s'ouvrent au plus tôt le "
            f"{_d(opens)}, lendemain de son terme, puis aux dates de la session."]
    if terms.early_start_allowed:
        said.append("Le stagiaire peut demander expressément, en signant, à commencer dès la signature ; il "
                    "garde alors son droit de rétractation, sans frais. Sa réponse est consignée avec sa "
                    "signature.")
    return said


def _price(terms: Terms) -> list[str]:
    price = french.amount(terms.price_cents)
    paragraphs = [f"Prix de la formation : {price}, net de taxe (exonération de TVA des actions de formation)."]
    if terms.share_cents < terms.price_cents:
        paragraphs.append(
            f"{_first_up(FUNDER_WORDS.get(terms.funding, 'un financeur'))} prend en charge une partie de ce prix ; "
            f"le présent contrat porte sur la part payée par le stagiaire lui-même : "
            f"{french.amount(terms.share_cents)}.")
    deposit = next((s for s in terms.steps if s.kind != BALANCE), None)
    if deposit is not None:
        paragraphs.append(
            f"Acompte de {deposit_percent(terms.deposit_configured)} % ({french.amount(deposit.amount_cents)}), "
            f"facturé le {_d(deposit.bills_on)}, lendemain de la fin du délai de rétractation ; l'acompte ne "
            "dépasse jamais 30 % du prix convenu.")
    balance = [s for s in terms.steps if s.kind == BALANCE]
    if balance:
        paragraphs.append("Solde échelonné au fil de la formation : " + " ; ".join(
            f"{french.amount(s.amount_cents)} facturés le {_d(s.bills_on)}" for s in balance) + ".")
    paragraphs.append("Chaque facture est payable par carte sur la page « Mes factures » du portail ou par "
                      "virement, dans le délai qu'elle indique.")
    return paragraphs


def as_json(text: list[Section]) -> str:
    return json.dumps(text, ensure_ascii=False, separators=(",", ":"))


def fingerprint(text: list[Section]) -> str:
    return hashlib.sha256(as_json(text).encode()).hexdigest()
