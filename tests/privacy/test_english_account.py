"""An English account reads its privacy pages in English: a note says the policy is French and binding,
codes are said in English by their owner's words, and the e-mail breaks where an address may break."""
from __future__ import annotations

import re
from html import unescape

from flask_babel import force_locale

from portal.accounts.models import Account
from portal.learning import wording
from portal.learning.models import Enrollment
from portal.privacy import wording as privacy_wording
from tests.support.learning_fixtures import signed_in

NOTE = "This policy is published in French; the French version is the binding one."


def english_antoine(demo):
    with demo.app_context():
        Account.update(language="en").where(Account.display_name == "Antoine").execute()
    return signed_in(demo, "apprenant@petale.test")


def test_the_policy_tells_an_english_reader_it_is_french_and_binding(demo):
    html = unescape(english_antoine(demo).get("/confidentialite").get_data(as_text=True))
    assert NOTE in html
    assert html.index(NOTE) < html.index("<h2"), "at the top, before the policy's text"
    assert re.search(r'<p class="notice"[^>]*>' + re.escape(NOTE), html), "the note itself is the page's English"
    assert re.search(r'<h2 lang="fr">', html), "the French text stays marked French"
    french = unescape(signed_in(demo, "apprenante2@petale.test").get("/confidentialite").get_data(as_text=True))
    assert NOTE not in french and "fait foi" not in french


def test_my_data_in_english_says_the_funding_in_english(demo):
    with demo.app_context():
        Enrollment.update(funding="self").execute()
    html = unescape(english_antoine(demo).get("/mes-donnees").get_data(as_text=True))
    assert "Particulier (financement personnel)" not in html
    assert "Private individual (self-funded)" in html


def test_every_code_her_data_shows_is_said_in_english_by_its_owner(demo):
    """The codes « Mes données » words (an enrolment's funding and state, a lesson's kind, a request's
    kind): each has its English in the catalogue, said by the module that owns the words."""
    with demo.app_context(), demo.test_request_context(), force_locale("en"):
        for vocabulary in (wording.FUNDING_WORDS, wording.ENROLMENT_STATUS_WORDS, wording.LESSON_KIND_WORDS,
                           wording.NATURE_WORDS, privacy_wording.REQUEST_KIND_WORDS):
            for code, words in vocabulary.items():
                if isinstance(words, str):
                    continue  # a proper name (OPCO, CPF), the same in every language
                french = words._args[0]  # the msgid of a lazy gettext
                assert str(words) != french or french in {"active", "Quiz", "Rectification"}, (code, french)


def test_the_email_in_my_data_breaks_after_the_at_sign_and_the_dots(demo):
    html = signed_in(demo, "apprenant@petale.test").get("/mes-donnees").get_data(as_text=True)
    assert "apprenant@<wbr>petale.<wbr>test" in html
