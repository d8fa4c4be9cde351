"""The words of improving the offer, said once."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

TOO_FEW = _l("trop peu de personnes pour afficher ce chiffre")

# The two questionnaires (models.HOT, models.COLD) and the two kinds of answer (models.SCALE, models.TEXT).
KIND_WORDS = {"hot": _l("à chaud, en fin de session"), "cold": _l("à froid, trois mois après la session")}
ANSWER_WORDS = {"scale": _l("note de 1 à 5"), "text": _l("réponse libre")}
# What brought an improvement action to light.
SOURCE_WORDS = {"complaint": _l("réclamation"), "survey": _l("questionnaires de satisfaction"),
                "analytics": _l("analyses des leçons"), "other": _l("autre")}

# Who filed a complaint (models.Complaint.filed_as).
FILED_AS = {"learner": _l("apprenant·e"), "funder": _l("financeur"), "employer": _l("employeur"),
            "other": _l("autre")}


def filed_as_word(code: str) -> str:
    return str(FILED_AS.get(code, code))


def kind_word(code: str) -> str:
    return str(KIND_WORDS.get(code, code))


def answer_word(code: str) -> str:
    return str(ANSWER_WORDS.get(code, code))


def source_word(code: str) -> str:
    return str(SOURCE_WORDS.get(code, code))
