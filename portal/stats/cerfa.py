"""The lines of the bilan pédagogique et financier (cerfa n° 10443, version *17), with the form's own codes
and wording, and where the portal's codes (who paid an invoice, who funds an enrolment, the trainee's
professional status, the course's nature and certification) fall among them.

Frames: C, the income excluding VAT by origin (lines 1 to 11, line 2 split a to h); E, the people who
give training hours (E-1 of the provider, E-2 outside it under subcontracting); F-1, trainees by type
(a to e, total and « dont … à distance »); F-2, trainees whose training the provider entrusted to another
provider; F-3, by general objective (a to f); F-4, the five main specialities by NSF code, then the others;
G, trainees entrusted to the provider by another one."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FormLine:
    frame: str
    code: str
    label: str
    depth: int = 0  # 1: a sub-line of the line above (2 a to h; 4 to 8 under « publics spécifiques »)
    total: bool = False


# Frame C: « Produits provenant : ».
INCOME_LINES = (
    FormLine("C", "1", "des entreprises pour la formation de leurs salariés"),
    FormLine("C", "2a", "des organismes gestionnaires des fonds de la formation professionnelle, pour des actions "
                        "dispensées dans le cadre : des contrats d'apprentissage", 1),
    FormLine("C", "2b", "des contrats de professionnalisation", 1),
    FormLine("C", "2c", "de la promotion ou de la reconversion par alternance", 1),
    FormLine("C", "2d", "des projets de transition professionnelle", 1),
    FormLine("C", "2e", "du compte personnel de formation", 1),
    FormLine("C", "2f", "des dispositifs spécifiques pour les personnes en recherche d'emploi", 1),
    FormLine("C", "2g", "des dispositifs spécifiques pour les travailleurs non-salariés", 1),
    FormLine("C", "2h", "du plan de développement des compétences ou d'autres dispositifs", 1),
    FormLine("C", "2", "Total des produits provenant des organismes gestionnaires des fonds de la formation "
                       "(lignes 2 a à 2 h)", total=True),
    FormLine("C", "3", "des pouvoirs publics pour la formation de leurs agents (État, collectivités territoriales, "
                       "établissements publics à caractère administratif)"),
    FormLine("C", "4", "des pouvoirs publics pour la formation de publics spécifiques : instances européennes", 1),
    FormLine("C", "5", "État", 1),
    FormLine("C", "6", "Conseils régionaux", 1),
    FormLine("C", "7", "France Travail (ex-Pôle emploi)", 1),
    FormLine("C", "8", "Autres ressources publiques", 1),
    FormLine("C", "9", "de contrats conclus avec des personnes à titre individuel et à leurs frais"),
    FormLine("C", "10", "de contrats conclus avec d'autres organismes de formation (y compris CFA)"),
    FormLine("C", "11", "Autres produits au titre de la formation professionnelle"),
    FormLine("C", "total", "Total des produits réalisés au titre de la formation professionnelle (lignes 1 à 11)",
             total=True),
)
FUND_MANAGERS = ("2a", "2b", "2c", "2d", "2e", "2f", "2g", "2h")
INCOME_CODES = ("1", *FUND_MANAGERS, "3", "4", "5", "6", "7", "8", "9", "10", "11")

TRAINER_LINES = (
    FormLine("E", "1", "Personnes de votre organisme dispensant des heures de formation"),
    FormLine("E", "2", "Personnes extérieures à votre organisme dispensant des heures de formation dans le cadre "
                       "de contrats de sous-traitance"),
)

TRAINEE_LINES = (
    FormLine("F-1", "a", "Salariés d'employeurs privés hors apprentis"),
    FormLine("F-1", "b", "Apprentis"),
    FormLine("F-1", "c", "Personnes en recherche d'emploi formées par votre organisme de formation"),
    FormLine("F-1", "d", "Particuliers à leurs propres frais formés par votre organisme de formation"),
    FormLine("F-1", "e", "Autres stagiaires"),
    FormLine("F-1", "total", "Total (1)", total=True),
    FormLine("F-1", "distance", "dont stagiaires et apprentis ayant suivi une action en tout ou partie à distance", 1),
)
SUBCONTRACTED_LINE = FormLine("F-2", "total", "Stagiaires ou apprentis dont l'action a été confiée par votre "
                                              "organisme à un autre organisme (2)", total=True)
OBJECTIVE_LINES = (
    FormLine("F-3", "a", "Formations visant un diplôme, un titre à finalité professionnelle ou un certificat de "
                         "qualification professionnelle enregistré au RNCP"),
    FormLine("F-3", "b", "Formations visant une certification (dont CQP) ou une habilitation enregistrée au "
                         "répertoire spécifique (RS)"),
    FormLine("F-3", "c", "Formations visant un CQP non enregistré au RNCP ou au RS"),
    FormLine("F-3", "d", "Autres formations professionnelles"),
    FormLine("F-3", "e", "Bilans de compétences"),
    FormLine("F-3", "f", "Actions d'accompagnement à la validation des acquis de l'expérience"),
    FormLine("F-3", "total", "Total (3)", total=True),
)
SPECIALITY_COUNT = 5  # the form names the five main specialities, then « Autres spécialités »
OTHER_SPECIALITIES = FormLine("F-4", "autres", "Autres spécialités")
SPECIALITY_TOTAL = FormLine("F-4", "total", "Total (4)", total=True)
ENTRUSTED_LINE = FormLine("G", "total", "Formations confiées à votre organisme par un autre organisme de "
                                        "formation (5)", total=True)

# Where a funding type (learning.models.FUNDING_TYPES, funding.models.FUNDER_TYPES) puts what a funder paid.
# An OPCO pays an apprentice's training under her apprenticeship contract (2a); otherwise the portal does not
# know the scheme, and the form's catch-all for OPCOs is 2h. CPF money comes from the Caisse des dépôts, a
# fund manager of its own (2e).
FUNDER_LINES = {"opco": "2h", "cpf": "2e", "france_travail": "7", "region": "6", "employer": "1", "self": "9",
                "other": "11"}
PAYER_LINES = {"learner": "9", "employer": "1"}


def income_line(payer_type: str, funder: str, trainee_type: str = "") -> str:
    """The C line of an invoice: who paid it (invoicing's payer type) and, for a funder, which one."""
    if payer_type in PAYER_LINES:
        return PAYER_LINES[payer_type]
    if funder == "opco" and trainee_type == "apprentice":
        return "2a"
    return FUNDER_LINES.get(funder, "11")


def trainee_line(trainee_type: str, funder: str) -> str:
    """The F-1 line of a trainee: her professional status (vault's funding identity); an employee who pays
    her training herself is a private individual at her own expense."""
    if trainee_type == "apprentice":
        return "b"
    if trainee_type == "jobseeker":
        return "c"
    if trainee_type == "individual" or (trainee_type == "employee" and funder == "self"):
        return "d"
    if trainee_type == "employee":
        return "a"
    return "e"  # self-employed, and anyone whose status is not known


def objective_line(nature: str, certification_code: str | None) -> str:
    """The F-3 line of a course: its nature (L6313-1), then the register its certification is in."""
    if nature == "bilan de compétences":
        return "e"
    if nature == "VAE":
        return "f"
    code = (certification_code or "").strip().upper()
    if code.startswith("RNCP"):
        return "a"
    if code.startswith("RS"):
        return "b"
    return "d"

