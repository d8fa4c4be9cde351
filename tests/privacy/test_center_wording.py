"""/mes-donnees read by a newcomer: times in words that agree, retention without an odd "non archivés",
no masculine default."""
from __future__ import annotations

import re
from html import unescape

from portal.learning.models import Lesson, TimeOnTask
from portal.timeutil import paris_today
from portal.vault.service import account_id_for_email
from tests.support.learning_fixtures import signed_in


def center(app, email: str) -> str:
    html = signed_in(app, email).get("/mes-donnees").get_data(as_text=True)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_a_few_seconds_of_work_read_less_than_a_minute_not_zero(demo):
    with demo.app_context():
        TimeOnTask.create(account_id=account_id_for_email("apprenante2@petale.test"), lesson=Lesson.select().first(),
                          day=paris_today(), seconds=36)
    text = center(demo, "apprenante2@petale.test")
    assert "Temps passé enregistré moins d'une minute" in text
    assert " 0 min" not in text


def test_retention_says_sans_archivage_and_the_purpose_speaks_to_everyone(demo):
    text = center(demo, "apprenant@petale.test")
    assert "Durée d'activité du compte + 1 an, sans archivage" in text
    assert "non archivé" not in text.lower()
    assert "Durée de la formation ; archivage : 10 ans après fin de formation" in text
    assert "là où vous en étiez" in text and "arrêté" not in text
