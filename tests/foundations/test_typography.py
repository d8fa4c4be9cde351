"""The page's typography, set once by the layout: every page of a learner's walk, in French and in English,
has no ordinary space where French wants a non-breaking one (before : ; ! ? %, inside « »), writes the
first of a month "1er", and the English pages use English spacing."""
from __future__ import annotations

import re
from html import unescape
from urllib.parse import urldefrag, urlparse

import pytest

from portal.accounts.models import Account
from portal.demo.seed import seed
from portal.typography import typeset
from tests.support.learning_fixtures import signed_in

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


def test_every_page_of_an_english_readers_walk_uses_english_spacing_and_no_french_in_the_footer(typeset_app):
    with typeset_app.app_context():
        Account.update(language="en").where(Account.display_name == "Antoine").execute()
    pages = walk(signed_in(typeset_app, "apprenant@petale.test"), ["/mon-espace"])
    assert faults(pages, ENGLISH_FAULTS) == []
    footer = re.search(r'<footer class="bottom">(.*?)</footer>', pages["/mon-espace"], re.S).group(1)
    assert "formations" not in footer and "Vérifier" not in footer and "Confidentialité" not in footer
    assert '<option value="fr" lang="fr"' in footer, "the one French word, its language marked"


def test_only_the_text_between_tags_changes():
    html = ('<p title="a : b">Réponse : « Vert ? » 85 % le 1 décembre</p><style>a:b ;</style>'
            '<script src="x" data-a="y ? z"></script><textarea>a : b</textarea>')
    assert typeset(html, "fr") == ('<p title="a : b">Réponse\u00a0: «\u00a0Vert\u202f?\u00a0» 85\u202f% le '
                                   '1er\u00a0décembre</p><style>a:b ;</style><script src="x" data-a="y ? z"></script>'
                                   '<textarea>a : b</textarea>')
    assert typeset("<p>Score : 85 % !</p>", "en") == "<p>Score: 85%!</p>"
