"""Staff read their own words on their screens: no vault, no path, no queue state, no stored code
(issue #34, a newcomer's walk through the back office; the demo's own words: tests/demo)."""
from __future__ import annotations

import re
from html import unescape

from portal.learning.models import Course
from tests.support.billing import amelie
from tests.support.learning_fixtures import signed_in


def shown(html: str) -> str:
    """The words on the page, without its tags, scripts and attributes."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_the_invoice_form_says_who_pays_and_why_a_ground_is_asked_in_plain_words(demo):
    staff = signed_in(demo, "gestion@petale.test")
    page = shown(staff.get(f"/gestion/factures?inscription={amelie(demo)}").get_data(as_text=True))
    assert "coffre" not in page and "L'apprenant lui-même" in page
    assert "si le traitement de ses données est limité" not in page
    assert "Si cette personne a demandé la limitation de ses données : motif légal de ce document" in page


def test_the_automatic_sendings_page_speaks_of_sending_not_of_queues(demo):
    staff = signed_in(demo, "gestion@petale.test")
    page = shown(staff.get("/gestion/taches").get_data(as_text=True))
    assert "Envois et traitements automatiques" in page and "en cours d'envoi" in page
    assert "Tâches de fond" not in page and "transmises" not in page
    assert "Envois automatiques" in shown(staff.get("/gestion").get_data(as_text=True)), "the menu says it too"


def test_a_module_s_theme_is_shown_as_staff_wrote_it_not_as_a_code(demo):
    staff = signed_in(demo, "gestion@petale.test")
    with demo.app_context():
        course = Course.get(Course.slug == "art-floral-les-fondamentaux")
    page = shown(staff.get(f"/gestion/formations/{course.id}").get_data(as_text=True))
    assert "Les outils et le végétal · thème : Matériel" in page and "(materiel)" not in page

