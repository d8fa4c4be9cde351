"""An incident as the dpo records it, for the incident register's tests."""
from __future__ import annotations

from datetime import timedelta

from portal.timeutil import to_paris, utcnow

# Discovered an hour ago (Paris time, as the dpo types it): the 72 hours run from then.
DISCOVERED = (to_paris(utcnow()) - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
INCIDENT = {"occurred_on": "2026-11-20", "nature": "Une clé USB contenant une liste d'inscrits a été perdue.",
            "categories": ["identity", "administrative"], "measures": "Mots de passe réinitialisés, plainte déposée.",
            "emails": "apprenant@petale.test\napprenante2@petale.test", "discovered_at": DISCOVERED,
            "consequences": "Vos nom et adresse pourraient servir à des courriels trompeurs."}
