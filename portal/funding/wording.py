"""The words for what funding files store as codes: funder types, documents, professional situations
(the staff's screens, and the learner's own archived records)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.learning.wording import FUNDING_WORDS

FUNDER_LABELS = FUNDING_WORDS  # the enrolment's and the file's funder are one vocabulary, learning's
DOCUMENT_LABELS = {"convention": _l("Convention ou contrat"), "programme": _l("Programme"),
                   "positionnement": _l("Analyse du besoin et positionnement"), "convocation": _l("Convocation"),
                   "reglement": _l("Règlement intérieur"), "releve": _l("Relevé de réalisation"),
                   "certificat_realisation": _l("Certificat de réalisation"),
                   "attestation": _l("Attestation de fin de formation"), "facture": _l("Facture"),
                   "enquete": _l("Enquête de satisfaction")}
PROFESSIONAL_LABELS = {"salarie": _l("Salarié"), "demandeur_emploi": _l("Demandeur d'emploi"),
                       "independant": _l("Indépendant"), "particulier": _l("Particulier"), "apprenti": _l("Apprenti")}
