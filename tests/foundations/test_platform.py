"""The shell around every page: CSRF, error pages, language, headers, health, logs, settings."""
from __future__ import annotations

import json
import logging
import os
import re
import stat
from html import unescape
from pathlib import Path

import pytest

from tests.support.helpers import SIGNUP, csrf_token, link_in, login, outbox, run_jobs, submit

ROOT = Path(__file__).resolve().parents[2]


def test_post_without_csrf_token_gets_a_french_400_page(client):
    response = client.post("/inscription", data=SIGNUP)
    assert response.status_code == 400
    html = unescape(response.get_data(as_text=True))
    assert "Ce formulaire a expiré ou n'a pas pu être vérifié" in html
    assert "<h1>" in html and 'lang="fr"' in html


def test_stale_csrf_token_gets_the_same_message(make_app):
    app = make_app(WTF_CSRF_TIME_LIMIT=1)
    client = app.test_client()
    token = csrf_token(client.get("/inscription").get_data(as_text=True))
    import time

    time.sleep(2)
    response = client.post("/inscription", data={**SIGNUP, "csrf_token": token})
    assert response.status_code == 400
    assert "Ce formulaire a expiré" in response.get_data(as_text=True)


def test_htmx_requests_carry_the_token_in_a_header(app, client):
    html = client.get("/inscription").get_data(as_text=True)
    header_token = re.search(r'data-hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\'', html).group(1)
    response = client.post("/inscription", data=SIGNUP, headers={"X-CSRFToken": header_token, "HX-Request": "true"})
    assert response.status_code == 302


@pytest.mark.parametrize(
    "method, path, status, title",
    [
        ("get", "/nulle-part", 404, "Page introuvable"),
        ("put", "/deconnexion", 405, "Méthode non autorisée"),
        ("post", "/healthz", 405, "Méthode non autorisée"),
    ],
)
def test_error_pages_are_french(client, method, path, status, title):
    response = getattr(client, method)(path)
    assert response.status_code == status
    assert title in response.get_data(as_text=True)


def test_an_unexpected_error_gives_the_french_500_page_without_a_trace(make_app):
    app = make_app()

    @app.route("/_boom")
    def boom():
        raise RuntimeError("secret internals")

    response = app.test_client().get("/_boom")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Erreur du serveur" in html and "secret internals" not in html and "Traceback" not in html


def test_oversized_request_is_refused_in_french(make_app):
    app = make_app(MAX_CONTENT_LENGTH=1024)
    response = app.test_client().post("/inscription", data={"full_name": "x" * 5000})
    assert response.status_code == 413
    assert "Envoi trop volumineux" in response.get_data(as_text=True)


def test_english_catalogue_for_those_who_choose_it(client):
    french = client.get("/connexion").get_data(as_text=True)
    assert "Se connecter" in french and 'lang="fr"' in french
    response = submit(client, "/langue", {"langue": "en", "next": "/connexion"}, page="/connexion")
    assert response.headers["Location"] == "/connexion"
    english = client.get("/connexion").get_data(as_text=True)
    assert 'lang="en"' in english and "Log in" in english and "Password" in english


def test_stored_codes_are_said_in_english_on_english_pages(app, client):
    """A course's nature and a funding file's step are codes in French words: said in the reader's language."""
    from portal.demo.seed import seed
    from portal.funding.wording import label

    with app.app_context():
        seed()
    submit(client, "/langue", {"langue": "en", "next": "/"}, page="/")
    course = client.get("/cours/art-floral-les-fondamentaux").get_data(as_text=True)
    assert "training course" in course and "action de formation" not in course
    with app.test_request_context(headers={"Accept-Language": "en"}):
        from flask_babel import force_locale
        with force_locale("en"):
            words = [label(code) for code in ("draft", "submitted", "paid")]
            assert words == ["draft", "submitted", "funder's share paid"]


def test_language_choice_is_saved_on_the_account(app, client):
    from portal.accounts.models import Account
    from portal.demo.seed import DEMO_PASSWORD, seed

    with app.app_context():
        seed()
    login(client, "apprenant@petale.test", DEMO_PASSWORD)
    submit(client, "/langue", {"langue": "en", "next": "/mon-espace"}, page="/mon-espace")
    with app.app_context():
        assert Account.get(Account.display_name == "Antoine").language == "en"
    assert "My courses" in client.get("/mon-espace").get_data(as_text=True)


def test_a_mail_switches_the_templates_language_and_the_page_gets_its_own_back(app):
    """Templates read the request's catalogue once; portal.i18n.language must switch it and restore it."""
    from flask import render_template_string

    from portal.i18n import language, reader_language

    page = "{{ _('Mon espace') }}"
    with app.test_request_context("/"):
        assert render_template_string(page) == "Mon espace" and reader_language() == "fr"
        with language("en"):
            assert render_template_string(page) == "My space" and reader_language() == "en"
            with language("fr"):
                assert render_template_string(page) == "Mon espace" and reader_language() == "fr"
            assert render_template_string(page) == "My space" and reader_language() == "en"
        assert render_template_string(page) == "Mon espace" and reader_language() == "fr"


def test_template_translations_escape_their_values_and_format_like_jinja_newstyle(app):
    """`_()` in templates is portal.i18n.template_gettext: values escaped in HTML, %% always formatted,
    text templates (no autoescape) left as they are."""
    from flask import render_template_string

    with app.test_request_context("/"):
        html = render_template_string("{{ _('Bonjour %(name)s', name=who) }}|{{ _('100 %%') }}|{{ _('Mon espace') }}",
                                      who="<b>Zoé</b>")
        assert html == "Bonjour &lt;b&gt;Zoé&lt;/b&gt;|100 %|Mon espace"
        text = render_template_string("{% autoescape false %}{{ _('Bonjour %(name)s', name=who) }}"
                                      "{% endautoescape %}", who="<b>Zoé</b>")
        assert text == "Bonjour <b>Zoé</b>"


def test_the_request_log_names_no_one_for_an_ended_session(app, caplog):
    """A cookie whose session was ended (password change, "log out everywhere") is anonymous in the log."""
    from portal.demo.seed import seed

    with app.app_context():
        seed(backoffice=False)
    client = app.test_client()
    login(client, "apprenant@petale.test", "petale-demo")
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    with app.app_context():
        from portal.accounts.models import Account

        Account.update(session_version=Account.session_version + 1).execute()  # every session ended
    caplog.set_level(logging.INFO, logger="petale.request")
    caplog.clear()
    stale = app.test_client()
    stale.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie)
    assert stale.get("/mon-espace").status_code == 302
    [entry] = [json.loads(r.getMessage()) for r in caplog.records if r.name == "petale.request"]
    assert entry["route"] == "/mon-espace" and entry["account"] is None


def test_security_headers_and_a_csp_without_unsafe_inline(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_no_inline_script_style_or_handler_in_any_template():
    """The one inline block is the stylesheet, allowed by its hash in the CSP (see portal/delivery)."""
    offending = []
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text().replace("<style>{{ inline_css() }}</style>", "")
        if re.search(r"<script>|<script [^>]*>[^<]+|\sstyle=\"|<style|\son[a-z]+=\"", text):
            offending.append(str(path))
    assert offending == []


def test_the_inlined_stylesheet_is_allowed_by_its_hash_only(client):
    import base64
    import hashlib

    response = client.get("/")
    html = response.get_data(as_text=True)
    css = html.split("<style>", 1)[1].split("</style>", 1)[0]
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    csp = response.headers["Content-Security-Policy"]
    assert f"style-src 'self' 'sha256-{digest}'" in csp and "script-src 'self';" in csp
    assert css == (ROOT / "static" / "petale.css").read_text()


def test_scripts_are_fetched_by_the_loader_once_the_page_has_painted(client):
    """The only script tag is the fingerprinted loader; it lists htmx then the player's script, both served."""
    html = client.get("/").get_data(as_text=True)
    [tag] = re.findall(r"<script [^>]*></script>", html)
    loader = re.search(r'src="([^"]+)"', tag).group(1)
    assert loader.endswith("/loader.js") and " defer" in tag and client.get(loader).status_code == 200
    scripts = re.search(r'data-scripts="([^"]+)"', tag).group(1).split()
    assert [url.rsplit("/", 1)[1] for url in scripts] == ["htmx-2.0.11.min.js", "offline.js", "player.js"]
    assert all(client.get(url).status_code == 200 for url in scripts)


def test_htmx_is_vendored_with_its_version_and_licence():
    vendor = ROOT / "static" / "vendor"
    assert (vendor / "htmx-2.0.11.min.js").stat().st_size > 40_000
    assert "Zero-Clause BSD" in (vendor / "htmx-LICENSE.txt").read_text()
    import hashlib

    digest = hashlib.sha256((vendor / "htmx-2.0.11.min.js").read_bytes()).hexdigest()
    assert digest in (vendor / "README.md").read_text()


def test_healthz_reports_each_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "main": "ok", "vault": "ok", "archive": "ok", "redis": "absent"}


def test_healthz_is_503_when_a_database_or_redis_does_not_answer(make_app, tmp_path):
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("a file where a folder should be")
    app = make_app(REDIS_URL="redis://127.0.0.1:1/0")
    from portal.db import archive_db

    with app.app_context():
        archive_db.initialize(__import__("peewee").SqliteDatabase(str(blocked / "archive.db")))
        response = app.test_client().get("/healthz")
    body = response.get_json()
    assert response.status_code == 503
    assert body["archive"] == "error" and body["redis"] == "error" and body["main"] == "ok"


def test_request_log_has_one_line_per_request_and_no_personal_data(app, client, caplog):
    caplog.set_level(logging.INFO, logger="petale.request")
    submit(client, "/inscription", SIGNUP)
    run_jobs(app)
    confirm = link_in(outbox(app)[-1], "/confirmer/")
    submit(client, confirm, {})
    login(client, SIGNUP["email"], SIGNUP["password"])
    client.get("/mon-espace")
    client.get("/connexion?next=/mon-espace&email=camille.rosier@example.org")
    lines = [r.getMessage() for r in caplog.records if r.name == "petale.request"]
    assert len(lines) >= 8
    entries = [json.loads(line) for line in lines]
    assert set(entries[0]) == {"method", "path", "status", "ms", "account"} - {"path"} | {"route"}
    from portal.accounts.models import Account

    with app.app_context():
        account_id = str(Account.get().id)
    assert any(e["account"] == account_id and e["route"] == "/mon-espace" for e in entries)
    everything = "\n".join(r.getMessage() for r in caplog.records)
    token = confirm.rsplit("/", 1)[1]
    for secret in ("camille", "Rosier", "example.org", "612345678", "06 12 34", SIGNUP["password"], token):
        assert secret.lower() not in everything.lower(), secret


def test_secret_key_is_generated_once_with_mode_600(tmp_path, monkeypatch):
    from portal.config import load_secret_key

    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = load_secret_key(tmp_path)
    assert len(first) > 40
    mode = stat.S_IMODE(os.stat(tmp_path / "secret_key").st_mode)
    assert mode == 0o600
    assert load_secret_key(tmp_path) == first
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert load_secret_key(tmp_path) == "from-the-environment"


def test_settings_come_from_the_environment(tmp_path, monkeypatch):
    from portal.config import from_environment

    monkeypatch.setenv("DATABASE_URL", "postgresql://u@db/main")
    monkeypatch.setenv("REDIS_URL", "redis://cache:6379/0")
    monkeypatch.setenv("HTTPS", "1")
    config = from_environment(tmp_path)
    assert config["DATABASE_URL"] == "postgresql://u@db/main"
    assert config["VAULT_DATABASE_URL"] == f"sqlite:///{tmp_path / 'vault.db'}"
    assert config["REDIS_URL"] == "redis://cache:6379/0"
    assert config["SESSION_COOKIE_SECURE"] is True and config["PREFERRED_URL_SCHEME"] == "https"


def test_no_literal_secret_key_in_code():
    for path in [*(ROOT / "portal").rglob("*.py"), ROOT / "app.py"]:
        assert not re.search(r"SECRET_KEY\"?\]?\s*=\s*['\"][^'\"]{4,}", path.read_text()), path


def test_sqlite_database_files_are_private(tmp_path):
    from portal.db import open_database

    db = open_database(f"sqlite:///{tmp_path / 'fresh.db'}")
    db.connect()
    db.execute_sql("CREATE TABLE t (x)")
    db.close()
    assert stat.S_IMODE(os.stat(tmp_path / "fresh.db").st_mode) == 0o600


def test_links_to_files_are_not_boosted_by_htmx():
    """A boosted link fetches by XHR and swaps the body: a PDF or a ZIP must be a real navigation."""
    for name in ("player/lesson.html", "privacy/export.html"):
        text = (ROOT / "templates" / name).read_text()
        for link in re.findall(r"<a [^>]*(?:document_url|video_url|video_low_url|\{\{ link \}\})[^>]*>", text):
            assert 'data-hx-boost="false"' in link, (name, link)


def test_page_titles_are_plain_text(app, client):
    """A <title> holding markup is a template slip (a block closed in the wrong place)."""
    from portal.demo.seed import DEMO_PASSWORD, seed
    from tests.support.helpers import login

    with app.app_context():
        seed()
    login(client, "apprenant@petale.test", DEMO_PASSWORD)
    for url in ("/", "/mon-espace", "/mes-donnees", "/profil", "/lecon/1", "/forum/module/1", "/atelier/1"):
        title = re.search(r"<title>(.*?)</title>", client.get(url).get_data(as_text=True), re.S).group(1)
        assert "<" not in title and len(title) < 120, (url, title)


def test_starting_the_portal_does_not_load_the_pdf_library(tmp_path):
    """fpdf2 and fontTools cost 32 MB in every process: only the few PDF documents load them."""
    import subprocess
    import sys

    code = "import sys; from portal.factory import create_app; create_app(); print('fpdf' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                            env={**os.environ, "INSTANCE_PATH": str(tmp_path)}, check=True)
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_dates_and_times_read_the_one_way_of_their_language_in_paris_time(app, language):
    """The `paris` filter builds its pattern once; it must say what Babel says with the language's way (French:
    Babel's short form; English: day first, month in letters, 24-hour clock — never « 7/14/26, 10:05 AM »)."""
    from datetime import date, datetime, timedelta, timezone

    from babel.dates import format_date, format_time

    from portal.formatting import DATE_WAYS, paris_date, paris_datetime
    from portal.i18n import language as speaking
    from portal.timeutil import to_paris

    way = DATE_WAYS[language]
    moments = [datetime(2026, 3, 29, 0, 30) + timedelta(hours=h, minutes=7 * h) for h in range(0, 30 * 24, 5)]
    moments += [datetime(2026, 10, 25, 0, 59), datetime(2026, 10, 25, 1, 0), datetime(2026, 12, 31, 23, 59, 59, 999)]
    glue = {"fr": " ", "en": ", "}[language]
    with app.test_request_context("/"), speaking(language):
        for moment in moments:
            local = to_paris(moment)
            assert paris_datetime(moment) == (format_date(local, way.day, locale=way.locale) + glue
                                              + format_time(local, "HH:mm", locale=way.locale))
        assert paris_datetime(datetime(2026, 7, 14, 8, 5)) == {"fr": "14/07/2026 10:05",
                                                               "en": "14 Jul 2026, 10:05"}[language]
        assert paris_date(datetime(2026, 12, 7, 19, 42)) == {"fr": "07/12/2026", "en": "7 Dec 2026"}[language]
        assert paris_datetime(date(2026, 12, 7)) == paris_date(datetime(2026, 12, 7, 12))
        assert paris_datetime(None) == ""
        aware = datetime(2026, 7, 14, 10, 5, 30, tzinfo=timezone(timedelta(hours=2)))
        assert paris_datetime(aware) == paris_datetime(datetime(2026, 7, 14, 8, 5))


def test_the_first_day_of_a_month_is_an_ordinal_in_french_only(app):
    """French typography writes « 1er décembre 2026 »; English writes the day first too (« 1 December 2026 »,
    as its lists write « 1 Dec 2026 »)."""
    from datetime import date

    from portal.formatting import long_date
    from portal.i18n import language as speaking

    with app.test_request_context("/"):
        with speaking("fr"):
            assert long_date(date(2026, 12, 1)) == "1er décembre 2026"
            assert long_date("2026-12-01") == "1er décembre 2026"
            assert long_date(date(2026, 12, 11)) == "11 décembre 2026"
            assert long_date(date(2026, 12, 21)) == "21 décembre 2026"
            assert long_date(None) == ""
        with speaking("en"):
            assert long_date(date(2026, 12, 1)) == "1 December 2026"


def test_fixed_texts_are_translated_once_when_a_template_is_compiled_for_a_language(app):
    """portal.template_language: `_('literal')` becomes a constant of the template compiled for the
    request's language; calls with values stay calls; each language has its own compiled template."""
    from jinja2 import DictLoader, pass_eval_context

    from portal.i18n import language, template_gettext
    from portal.template_language import FixedTranslations, LanguageEnvironment

    source = ("{{ _('Mon espace') }}|{{ _('100 %%') }}|{{ _('Bonjour %(name)s', name=who) }}|"
              "{{ _('Bonjour %(name)s') if never }}|{{ [_('Langue')]|join }}")
    environment = LanguageEnvironment(app, loader=DictLoader({"page.html": source}), autoescape=True)
    environment.add_extension(FixedTranslations)
    calls = []
    environment.globals["_"] = pass_eval_context(lambda ctx, text, **values: calls.append(text)
                                                 or template_gettext(ctx, text, **values))
    with app.test_request_context("/"):
        french = environment.get_template("page.html")
        assert french.render(who="<i>Zoé</i>") == "Mon espace|100 %|Bonjour &lt;i&gt;Zoé&lt;/i&gt;||Langue"
        with language("en"):
            english = environment.get_template("page.html")
            assert english.render(who="Zoé") == "My space|100 %|Hello Zoé||Language"
        assert environment.get_template("page.html") is french and english is not french
    assert calls == ["Bonjour %(name)s", "Bonjour %(name)s"], "only the texts waiting for values are looked up"
    assert isinstance(app.jinja_env, LanguageEnvironment)


def test_amounts_and_numbers_the_reader_s_way_and_missing_figures_shown_as_they_are(app):
    from decimal import Decimal

    from portal.formatting import euros, number, percent
    from portal.i18n import language

    with app.test_request_context("/"):
        assert (euros(Decimal("38.78")) == "38,78\u00a0€" and number(Decimal("2.5")) == "2,5"
                and percent(0.854) == "85\u00a0%")
        with language("en"):
            assert euros("38.78") == "€38.78" and number(2.5) == "2.5" and percent(1) == "100%"
        assert euros("") == "" and euros(None) == "" and number(None) == "" and number("n/a") == "n/a"


def test_every_services_refusal_is_one_kind_and_one_that_escapes_a_view_is_answered_in_words(make_app):
    """Each capability's …Refused is a portal.refusals.Refused: a view may catch them as one, and one it
    did not catch is still a page in French with its status, never a 500."""
    from portal.forum.threads import ForumRefused
    from portal.invoicing.service import InvoiceRefused
    from portal.refusals import Refused

    assert issubclass(ForumRefused, Refused) and issubclass(InvoiceRefused, Refused)
    app = make_app()

    @app.route("/essai-refus")
    def refusing():
        raise InvoiceRefused("Cette facture est déjà réglée.", status=409)

    response = app.test_client().get("/essai-refus")
    assert response.status_code == 409 and "Cette facture est déjà réglée." in response.get_data(as_text=True)
