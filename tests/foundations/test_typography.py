"""The page's typography, set once by the layout: every page of a learner's walk, in French and in English,
has no ordinary space where French wants a non-breaking one (before : ; ! ? %, inside « »), writes the
first of a month "1er", and the English pages use English spacing."""
from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlparse

import pytest

from portal.accounts.models import Account
from portal.bouquets.models import Brief
from portal.demo.seed import seed
from portal.i18n import COOKIE
from portal.typography import typeset
from tests.support.helpers import csrf_token
from tests.support.learning_fixtures import signed_in
from tests.support.page_language import french_left

SKIPPED = re.compile(r"\.(pdf|ics|jwt|zip|csv|mp4|webm|vtt|svg|js|css)$|^/media/|^/static/|/telecharger|/deconnexion")
TAGS = re.compile(r"<(script|style|pre|textarea)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>", re.S | re.I)
FRENCH_FAULTS = re.compile(r"\S ([:;!?%»])|« |\b1 (janvier|février|mars|avril|mai|juin|juillet|août|septembre|"
                           r"octobre|novembre|décembre)\b")
ENGLISH_FAULTS = re.compile(r"\S[ \u00a0\u202f]([:;!?%])")


def visible_text(html: str) -> str:
    return unescape(TAGS.sub("\n", html))


def walk(client, start: list[str], limit: int = 80) -> dict[str, str]:
    """Every page reached by following the links of the pages before, from `start`, as a person clicks."""
    seen: dict[str, str] = {}
    queue = list(start)
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen or SKIPPED.search(path):
            continue
        response = client.get(path)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        html = response.get_data(as_text=True)
        seen[path] = html
        for href in re.findall(r'<a [^>]*href="([^"]+)"', html):
            target = urldefrag(unescape(href))[0]
            if target.startswith("/") and not urlparse(target).netloc and target not in seen:
                queue.append(target)
    return seen


@pytest.fixture
def typeset_app(make_app):
    app = make_app(TYPOGRAPHY=True)
    with app.app_context():
        seed(backoffice=True)
    return app


def faults(pages: dict[str, str], pattern: re.Pattern) -> list[str]:
    found = []
    for path, html in pages.items():
        for line in visible_text(html).splitlines():
            if pattern.search(line):
                found.append(f"{path}: {line.strip()[:120]}")
    return found


def test_every_page_of_a_learners_walk_is_set_the_french_way(typeset_app):
    anonymous = walk(typeset_app.test_client(), ["/", "/inscription", "/connexion"], limit=20)
    learner = walk(signed_in(typeset_app, "apprenant@petale.test"), ["/mon-espace"])
    assert len(learner) > 20, sorted(learner)
    pages = {**anonymous, **learner}
    assert faults(pages, FRENCH_FAULTS) == []
    text = "\n".join(visible_text(html) for html in pages.values())
    assert "\u00a0:" in text and "«\u00a0" in text


class _ByLanguage(HTMLParser):
    """The visible text of a page, split by the language each piece is in (its nearest lang attribute)."""

    VOID = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                      "wbr"))

    def __init__(self, page: str):
        super().__init__()
        self.open: list[tuple[str, str]] = []
        self.page, self.text = page, {"fr": [], "en": []}
        self.hidden = 0

    def language(self) -> str:
        return self.open[-1][1] if self.open else self.page

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        self.open.append((tag, dict(attrs).get("lang") or self.language()))
        self.hidden += tag in ("script", "style", "title")

    def handle_endtag(self, tag):
        while self.open:
            name, _language = self.open.pop()
            self.hidden -= name in ("script", "style", "title")
            if name == tag:
                break

    def handle_data(self, data):
        if not self.hidden:
            self.text[self.language()].append(data)


def by_language(html: str, page: str) -> dict[str, str]:
    parser = _ByLanguage(page)
    parser.feed(html)
    return {language: "\n".join(pieces) for language, pieces in parser.text.items()}


def test_every_page_of_an_english_readers_walk_uses_english_spacing_and_no_french_in_the_footer(typeset_app):
    with typeset_app.app_context():
        Account.update(language="en").where(Account.display_name == "Antoine").execute()
    pages = walk(signed_in(typeset_app, "apprenant@petale.test"), ["/mon-espace"])
    # The page's own words the English way; French content (course and lesson titles), marked so, the French way.
    split = {path: by_language(html, "en") for path, html in pages.items()}
    assert faults({path: text["en"] for path, text in split.items()}, ENGLISH_FAULTS) == []
    assert faults({path: text["fr"] for path, text in split.items()}, FRENCH_FAULTS) == []
    footer = re.search(r'<footer class="bottom">(.*?)</footer>', pages["/mon-espace"], re.S).group(1)
    assert "formations" not in footer and "Vérifier" not in footer and "Confidentialité" not in footer
    assert '<option value="fr" lang="fr"' in footer, "the one French word, its language marked"


def test_only_the_text_between_tags_changes():
    html = ('<p title="a : b">Réponse : « Vert ? » 85 % le 1 décembre</p><style>a:b ;</style>'
            '<script src="x" data-a="y ? z"></script><textarea>a : b</textarea>')
    assert typeset(html, "fr") == ('<p title="a\u00a0: b">Réponse\u00a0: «\u00a0Vert\u202f?\u00a0» 85\u202f% le '
                                   '1er\u00a0décembre</p><style>a:b ;</style><script src="x" data-a="y ? z"></script>'
                                   '<textarea>a : b</textarea>')
    assert typeset("<p>Score : 85 % !</p>", "en") == "<p>Score: 85%!</p>"


def test_a_number_keeps_its_unit_and_a_fields_example_is_set_too():
    html = '<p>10 min, 890 €, 15 ko, 2 Mo, 3 leçons ; 12 mai</p><input placeholder="ex. : rose" data-x="a : b">'
    assert typeset(html, "fr") == ('<p>10\u00a0min, 890\u00a0€, 15\u00a0ko, 2\u00a0Mo, 3\u00a0leçons\u202f; 12 mai</p>'
                                   '<input placeholder="ex.\u00a0: rose" data-x="a : b">')
    assert typeset("<p>10 min, 3 lessons</p>", "en") == "<p>10\u00a0min, 3\u00a0lessons</p>"


def test_french_content_keeps_french_typography_on_an_english_page():
    html = ('<html lang="en"><h1 lang="fr">Quiz : outils « bis »</h1><p>Score : 85 %. Resume “<span lang="fr">Fiche :'
            ' <b>les outils !</b> <br>fin ?</span>” now : <div>a : <div>b</div> c : </div></p>'
            '<track srclang="fr"><a hreflang="fr" data-lang="fr">x : y</a></html>')
    assert typeset(html, "en") == (
        '<html lang="en"><h1 lang="fr">Quiz\u00a0: outils «\u00a0bis\u00a0»</h1><p>Score: 85%. Resume “<span lang="fr">'
        'Fiche\u00a0: <b>les outils\u202f!</b> <br>fin\u202f?</span>” now: <div>a: <div>b</div> c: </div></p>'
        '<track srclang="fr"><a hreflang="fr" data-lang="fr">x: y</a></html>')
    # And the other way: an English quotation on a French page keeps English spacing.
    assert typeset('<p>Il dit : <q lang="en">Done !</q> ok !</p>', "fr") == (
        '<p>Il dit\u00a0: <q lang="en">Done!</q> ok\u202f!</p>')


def test_course_and_lesson_titles_keep_french_spacing_for_an_english_reader(typeset_app):
    with typeset_app.app_context():
        Account.update(language="en").where(Account.display_name == "Antoine").execute()
    learner = signed_in(typeset_app, "apprenant@petale.test")
    course = learner.get("/cours/art-floral-les-fondamentaux").get_data(as_text=True)
    assert '<h1 lang="fr">Art floral — les fondamentaux</h1>' in course
    quiz = re.search(r'href="(/lecon/\d+)"><span lang="fr">Quiz\u00a0: outils et préparation</span></a>', course)
    assert quiz, "the lesson's title, in the course's plan"
    html = learner.get(quiz.group(1)).get_data(as_text=True)
    assert '<h1 lang="fr">Quiz\u00a0: outils et préparation</h1>' in html
    previous = r'rel="prev" href="/lecon/\d+">← <span lang="fr">Fiche\u00a0: les outils du fleuriste</span>'
    assert re.search(previous, html)
    assert "Estimated time: " in unescape(html)  # the page's own words, the English way
    assert '<span lang="fr">Comment coupe-t-on une tige de rose\u202f?</span>' in html  # a question, French content


def test_a_lessons_tab_title_is_french_content_set_the_french_way(typeset_app):
    """The tab's <title> is the lesson's own title: on an English page it lost its French spacing
    (« Quiz: outils »), and a screen reader read it as English."""
    learner = signed_in(typeset_app, "apprenant@petale.test")
    course = learner.get("/cours/art-floral-les-fondamentaux").get_data(as_text=True)
    quiz = re.search(r'href="(/lecon/\d+)">Quiz\u00a0: outils et préparation</a>', course).group(1)
    french = learner.get(quiz).get_data(as_text=True)
    assert "<title>Quiz\u00a0: outils et préparation · Pétale</title>" in french
    with typeset_app.app_context():
        Account.update(language="en").where(Account.display_name == "Antoine").execute()
    english = learner.get(quiz).get_data(as_text=True)
    assert '<title lang="fr">Quiz\u00a0: outils et préparation · Pétale</title>' in english
    assert "<title>My space · Pétale</title>" in learner.get("/mon-espace").get_data(as_text=True), \
        "a title of the page's own words stays in the page's language"


def test_every_page_of_an_english_readers_walk_speaks_english_or_marks_its_french(typeset_app):
    """Issue 37: the portal's own words in English (labels, explanations, dates), and what stays French — the
    provider's courses, lessons, sessions and briefs, the forum's messages — marked lang="fr", so that a screen
    reader reads it in French. Her space, course, lessons, forum, workshop, certificates and invoices."""
    with typeset_app.app_context():
        Account.update(language="en").where(Account.display_name == "Antoine").execute()
    learner = signed_in(typeset_app, "apprenant@petale.test")
    pages = walk(learner, ["/mon-espace", "/mes-attestations", "/mes-factures", "/profil", "/mes-donnees"], limit=120)
    assert {"/mon-espace", "/mes-attestations", "/mes-factures"} <= set(pages), sorted(pages)
    assert any(path.startswith("/forum/") for path in pages) and any(path.startswith("/atelier/") for path in pages)
    left = {path: french_left(html) for path, html in pages.items()}
    assert {path: texts for path, texts in left.items() if texts} == {}
    anonymous = typeset_app.test_client()
    anonymous.set_cookie(COOKIE, "en")
    public = walk(anonymous, ["/", "/certificats/verifier", "/connexion", "/inscription"], limit=30)
    assert {path: french_left(html) for path, html in public.items() if french_left(html)} == {}


def test_a_text_before_any_tag_or_after_a_comment_is_set_and_another_language_ends_where_its_element_closes():
    """The page is set by one search for the texts to change; only an element in another language is followed
    tag by tag, its nested elements of the same name included."""
    html = 'Note : <!-- a : b --> x ; <div lang="en"><div>a : b</div> c ? </div> d ?<option lang="en">A : b</option>e !'
    assert typeset(html, "fr") == ('Note\u00a0: <!-- a : b --> x\u202f; <div lang="en"><div>a: b</div> c? </div> '
                                   'd\u202f?<option lang="en">A: b</option>e\u202f!')


def test_a_fragment_htmx_swaps_in_is_set_as_the_page_around_it(typeset_app):
    """The layout's filter sets whole pages; a fragment (the workshop's « Ajouté : … » after a tap) is rendered
    without the layout and read plain spaces before « : » until it was set on its way out too."""
    learner = signed_in(typeset_app, "apprenant@petale.test")
    with typeset_app.app_context():
        brief = Brief.get(Brief.harmony == "triade")
    token = csrf_token(learner.get(f"/atelier/{brief.id}").get_data(as_text=True))
    stem = {"choice": "rose-de-jardin|#F9C6C9", "count": "1", "length": "40", "ring": "0", "direction": "cw",
            "csrf_token": token}
    fragment = learner.post(f"/atelier/{brief.id}/ajouter", data=stem, headers={"HX-Request": "true"})
    body = fragment.get_data(as_text=True)
    assert fragment.status_code == 200 and "<html" not in body[:300]
    assert "Ajouté\u00a0:" in body and "Ajouté :" not in body
