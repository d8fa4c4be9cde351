"""The bouquet workshop, submissions and trainers' reviews, as learners and trainers use them."""
from __future__ import annotations

import gzip
import importlib.util
import json
import re
from datetime import timedelta
from html import unescape
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from portal.accounts.models import Account
from portal.bouquets.engine.catalogue import load_catalogue
from portal.bouquets.engine.feedback import Sentence
from portal.bouquets.models import Brief, Comment, Draft, Submission
from portal.bouquets.review import reviewable
from portal.bouquets.wording import spoken
from portal.i18n import language
from portal.jobs.models import JobRecord
from portal.learning import xapi
from portal.learning.models import Enrollment, LearningEvent, SessionTrainer, TrainingSession
from portal.timeutil import paris_today
from portal.vault.service import account_id_for_email
from tests.support.helpers import csrf_token, outbox, run_jobs
from tests.support.learning_fixtures import signed_in


@pytest.fixture
def brief(demo):
    with demo.app_context():
        return Brief.get(Brief.harmony == "triade")


def post(client, url, data, page, **headers):
    token = csrf_token(client.get(page).get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token}, headers=headers)


def add(client, brief, **changes):
    data = {"choice": "rose-de-jardin|#F9C6C9", "count": "1", "length": "40", "ring": "0", "direction": "cw",
            "stripped": "y", **changes}
    return post(client, f"/atelier/{brief.id}/ajouter", data, f"/atelier/{brief.id}")


def draft_groups(app, brief):
    with app.app_context():
        from portal.vault.service import account_id_for_email

        draft = Draft.get_or_none((Draft.brief == brief.id)
                                  & (Draft.account_id == account_id_for_email("apprenant@petale.test")))
        return json.loads(draft.groups) if draft else []


def test_the_exercise_lesson_lists_its_briefs_and_the_workshop_shows_the_order(demo, learner):
    with demo.app_context():
        lesson_id = Brief.get(Brief.harmony == "camaieu").lesson_id
    lesson = unescape(learner.get(f"/lecon/{lesson_id}").get_data(as_text=True))
    assert lesson.count('href="/atelier/') == 6 and ", camaïeu</span>" in lesson and "camaieu" not in lesson
    with demo.app_context():
        brief = Brief.get(Brief.harmony == "triade")
    page = unescape(learner.get(f"/atelier/{brief.id}").get_data(as_text=True))
    assert "Jardin d'été en triade" in page and "50,00" in page and "Votre bouquet est vide" in page
    assert page.count('<button name="choice" value="') > 100 and 'name="choice" size=' not in page  # no drop-down
    shown = re.sub(r"<[^>]+>", " ", page.split('name="choice" value="rose-standard|#C8102E"')[1].split("</button>")[0])
    assert "#C8102E" not in shown and "rouge vif" in shown, "colours in words, never as hex"
    assert "Rose standard</strong> rouge vif" in page and "Gypsophile</strong> blanc" in page
    month = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
             "novembre", "décembre"][brief.month - 1]
    assert f"<dd>{month}</dd>" in page and "<dd>triade</dd>" in page  # the brief's codes as words
    assert re.search(r"<small>\d+,\d\d\s€ HT", page), "unit prices the French way"


def test_the_palette_filters_by_role_colour_and_season(demo, learner, brief):
    page = learner.get(f"/atelier/{brief.id}?role=feuillage").get_data(as_text=True)
    chosen = re.findall(r'name="choice" value="([a-z-]+)\|', page)
    assert set(chosen) == {"eucalyptus-cinerea", "pittosporum", "salal", "ruscus-d-italie", "lentisque",
                           "aspidistra", "fougere-cuir"}
    assert "<summary>Feuillage (8)</summary>" in page
    by_name = learner.get(f"/atelier/{brief.id}?q=%C5%93illet").get_data(as_text=True)  # « œillet »
    assert set(re.findall(r'name="choice" value="([a-z-]+)\|', by_name)) == {"oeillet", "oeillet-branchu"}
    nothing = learner.get(f"/atelier/{brief.id}?q=cactus&role=pas-un-role&couleur=%3Cb%3E").get_data(as_text=True)
    assert "Aucune fleur ne correspond" in nothing and "pas-un-role" not in nothing
    july = learner.get(f"/atelier/{brief.id}?saison=1").get_data(as_text=True)
    assert "tulipe|" not in july and "tournesol|" in july
    yellow = learner.get(f"/atelier/{brief.id}?couleur=jaune").get_data(as_text=True)
    assert "tournesol|#F4C430" in yellow and "pittosporum|" not in yellow


def test_adding_stems_evaluates_and_saves_the_draft(demo, learner, brief):
    response = add(learner, brief)
    assert response.status_code == 302
    add(learner, brief, choice="pittosporum|#9DBF73", count="3", ring="2")
    page = unescape(learner.get(f"/atelier/{brief.id}").get_data(as_text=True))
    assert "<svg" in page and "/ 100" in page and "Analyse automatique" in page and "formatrice" not in \
        page.split("Analyse automatique")[1].split("</h2>")[0], "the simulator's analysis is not the trainer's"
    assert "× coefficient 2,5<" in page and re.search(r'class="mark">\d+\s%<', page)  # numbers the French way
    assert "r = " not in page and "de la tige au-dessus du liage" in page  # measures in words
    assert "→ " in page  # what to change, criterion by criterion
    assert [g["species_id"] for g in draft_groups(demo, brief)] == ["rose-de-jardin", "pittosporum"]
    # Another device of the same learner resumes the same bouquet.
    other = signed_in(demo, "apprenant@petale.test")
    assert "pittosporum" in other.get(f"/atelier/{brief.id}").get_data(as_text=True)


def test_an_htmx_change_returns_only_the_bouquet_fragment_under_14_kb(demo, learner, brief):
    for species, count, ring in (("rose-standard|#C8102E", 1, 0), ("rose-branchue|#F7A8B8", 9, 1),
                                 ("alstroemeria|#F7A1C4", 9, 1), ("oeillet-branchu|#F4A6C1", 11, 2)):
        add(learner, brief, choice=species, count=str(count), ring=str(ring))
    response = post(
        learner, f"/atelier/{brief.id}/ajouter",
        {"choice": "pittosporum|#9DBF73", "count": "10", "length": "40", "ring": "2", "direction": "cw",
         "stripped": "y"},
        f"/atelier/{brief.id}", **{"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="atelier"') and "<html" not in html
    assert "40 tiges" in html
    assert '<figure id="bouquet-view" class="bouquet-view workbench-view" data-hx-swap-oob="true"><svg' in html
    assert len(gzip.compress(response.data)) <= 14 * 1024


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"choice": "licorne|#FFFFFF"}, "Espèce inconnue du catalogue."),
        ({"choice": "rose-de-jardin|#123456"}, "Cette couleur n'existe pas pour cette fleur."),
        ({"choice": "rose-de-jardin|rose"}, "Cette couleur n'existe pas pour cette fleur."),
        ({"length": "500"}, "Entre 10 et 150 cm."),
        ({"length": "-4"}, "Entre 10 et 150 cm."),
        ({"count": "0"}, "Entre 1 et 25."),
        ({"count": "abc"}, "Nombre de tiges"),
        ({"ring": "9"}, "Placement"),
        ({"length": "26"}, "Une tige doit dépasser le point de liage."),
    ],
)
def test_impossible_stems_are_refused_in_french_and_nothing_is_saved(demo, learner, brief, changes, message):
    add(learner, brief)
    before = draft_groups(demo, brief)
    response = post(learner, f"/atelier/{brief.id}/ajouter",
                    {"choice": "rose-de-jardin|#F9C6C9", "count": "1", "length": "40", "ring": "0",
                     "direction": "cw", **changes}, f"/atelier/{brief.id}", **{"HX-Request": "true"})
    assert response.status_code == 422
    assert message in unescape(response.get_data(as_text=True))
    assert draft_groups(demo, brief) == before


@pytest.mark.parametrize("token", [None, "faux"])
def test_a_workshop_change_without_the_page_s_token_is_refused_and_changes_nothing(demo, learner, brief, token):
    """The workshop's forms carry no token of their own: CSRFProtect checks every POST."""
    add(learner, brief)
    before = draft_groups(demo, brief)
    data = {"choice": "pittosporum|#9DBF73", "count": "2", "length": "40", "ring": "2", "direction": "cw"}
    for url, fields in ((f"/atelier/{brief.id}/ajouter", data), (f"/atelier/{brief.id}/liage", {"tie_height": "30"}),
                        (f"/atelier/{brief.id}/retirer/0", {})):
        response = learner.post(url, data={**fields, **({"csrf_token": token} if token else {})})
        assert response.status_code == 400 and "formulaire a expiré" in unescape(response.get_data(as_text=True))
    assert draft_groups(demo, brief) == before


def test_the_same_flower_tapped_twice_joins_its_row_and_the_odd_count_advice_counts_the_row(demo, learner, brief):
    dahlias = {"choice": "dahlia|#C0392B", "count": "3", "ring": "1"}
    add(learner, brief, **dahlias)
    add(learner, brief, **dahlias)
    assert [(g["species_id"], g["count"]) for g in draft_groups(demo, brief)] == [("dahlia", 6)]
    page = unescape(learner.get(f"/atelier/{brief.id}").get_data(as_text=True))
    assert "6 × Dahlia" in page and "3 × Dahlia" not in page
    assert "Dahlia : 6 tiges ; comptez en nombre impair" in page.replace("\u00a0", " ").replace("\u202f", " ")
    # Another placement is another row.
    add(learner, brief, choice="dahlia|#C0392B", count="1", ring="0")
    assert [(g["count"], g["ring"]) for g in draft_groups(demo, brief)] == [(6, 1), (1, 0)]


def test_more_than_80_stems_is_refused(demo, learner, brief):
    for _ in range(3):
        assert add(learner, brief, choice="pittosporum|#9DBF73", count="25", ring="2").status_code == 302
    refused = add(learner, brief, choice="pittosporum|#9DBF73", count="6", ring="2")
    assert refused.status_code == 422
    assert "Pas plus de 80 tiges dans un bouquet." in unescape(refused.get_data(as_text=True))
    assert sum(g["count"] for g in draft_groups(demo, brief)) == 75


def test_groups_are_removed_reordered_and_the_tie_moved(demo, learner, brief):
    add(learner, brief)
    add(learner, brief, choice="pittosporum|#9DBF73", count="3", ring="2")
    page = f"/atelier/{brief.id}"
    shown = learner.get(page).get_data(as_text=True)
    # each group's buttons name that group (addresses built once per page); none that would go nowhere
    for action in ("deplacer/0/apres", "retirer/0", "deplacer/1/avant", "retirer/1"):
        assert f'action="{page}/{action}"' in shown and f'data-hx-post="{page}/{action}"' in shown
    assert f"{page}/deplacer/0/avant" not in shown and f"{page}/deplacer/1/apres" not in shown
    assert post(learner, f"{page}/deplacer/1/avant", {}, page).status_code == 302
    assert [g["species_id"] for g in draft_groups(demo, brief)] == ["pittosporum", "rose-de-jardin"]
    assert post(learner, f"{page}/deplacer/0/avant", {}, page).status_code == 422
    assert post(learner, f"{page}/liage", {"tie_height": "30"}, page).status_code == 302
    assert post(learner, f"{page}/liage", {"tie_height": "38"}, page).status_code == 422, "stems must pass the tie"
    assert post(learner, f"{page}/retirer/0", {}, page).status_code == 302
    assert post(learner, f"{page}/retirer/5", {}, page).status_code == 422
    assert [g["species_id"] for g in draft_groups(demo, brief)] == ["rose-de-jardin"]


def test_submitting_snapshots_the_bouquet_and_records_an_event(demo, learner, brief):
    page = f"/atelier/{brief.id}"
    assert post(learner, f"{page}/soumettre", {}, page).status_code == 422, "an empty bouquet cannot be submitted"
    add(learner, brief)
    add(learner, brief, choice="pittosporum|#9DBF73", count="3", ring="2")
    response = post(learner, f"{page}/soumettre", {}, page)
    assert response.status_code == 302
    with demo.app_context():
        submission = Submission.select().order_by(Submission.id.desc()).get()
        snapshot = json.loads(submission.snapshot)
        assert snapshot["evaluation"]["total"] == submission.total and len(snapshot["groups"]) == 2
        event = (LearningEvent.select().where(LearningEvent.verb == xapi.SUBMITTED)
                 .order_by(LearningEvent.id.desc()).get())
        assert json.loads(event.result)["score"]["raw"] == submission.total
    detail = learner.get(response.headers["Location"]).get_data(as_text=True)
    assert "<svg" in detail and f"{submission.total} / 100" in detail
    history = learner.get(f"{page}/essais").get_data(as_text=True)
    assert f"/essais/{submission.id}" in history
    # Changing the draft afterwards leaves the submission as it was.
    add(learner, brief, choice="statice|#7B68EE", count="3", ring="1")
    with demo.app_context():
        assert Submission.get_by_id(submission.id).snapshot == json.dumps(snapshot, ensure_ascii=False)


def test_another_learners_attempt_is_not_found(demo):
    with demo.app_context():
        submission = Submission.select().first()
    assert signed_in(demo, "apprenant@petale.test").get(f"/essais/{submission.id}").status_code == 200
    assert signed_in(demo, "apprenante2@petale.test").get(f"/essais/{submission.id}").status_code == 404


def test_the_workshop_follows_the_session_calendar(demo, brief):
    # apprenante2's session B opens the colour module later.
    response = signed_in(demo, "apprenante2@petale.test").get(f"/atelier/{brief.id}")
    assert response.status_code == 403 and "Ce module sera disponible le" in response.get_data(as_text=True)


def test_the_learners_trainer_reviews_and_comments_and_the_learner_is_mailed(demo):
    trainer = signed_in(demo, "formatrice@petale.test")
    space = trainer.get("/formateur").get_data(as_text=True)
    with demo.app_context():
        pending = Submission.select().where(Submission.id.not_in(Comment.select(Comment.submission))).get()
    assert f"/formateur/bouquets/{pending.id}" in space and "Antoine" in space
    page = f"/formateur/bouquets/{pending.id}"
    assert post(trainer, page, {"body": ""}, page).status_code == 422
    assert post(trainer, page, {"body": "Très beau camaïeu, bravo."}, page).status_code == 302
    with demo.app_context():
        assert Comment.get(Comment.submission == pending.id).body == "Très beau camaïeu, bravo."
        assert JobRecord.select().where(JobRecord.func == "portal.mail.deliver").count() == 1
    run_jobs(demo)
    [message] = outbox(demo)
    assert message["Subject"] == "Votre formatrice a commenté votre bouquet"
    assert "Antoine Apprenant" in message["To"]
    learner_view = signed_in(demo, "apprenant@petale.test").get(f"/essais/{pending.id}").get_data(as_text=True)
    assert "Très beau camaïeu, bravo." in learner_view
    assert f"/formateur/bouquets/{pending.id}" not in trainer.get("/formateur").get_data(as_text=True)


@pytest.mark.parametrize("email, status", [("formateur2@petale.test", 404), ("apprenant@petale.test", 403),
                                           ("gestion@petale.test", 403), ("dpo@petale.test", 403)])
def test_only_the_learners_own_trainers_see_a_submission(demo, email, status):
    with demo.app_context():
        submission = Submission.select().first()
    client = signed_in(demo, email)
    assert client.get(f"/formateur/bouquets/{submission.id}").status_code == status
    if email == "formateur2@petale.test":
        assert f"/formateur/bouquets/{submission.id}" not in client.get("/formateur").get_data(as_text=True)


BRIEF_FORM = {"title": "Mariage champêtre", "occasion": "mariage", "budget_euros": "80", "harmony": "camaieu",
              "month": "6", "style": "rond", "vase_height_cm": "30"}


def test_staff_and_the_courses_trainers_create_briefs(demo):
    with demo.app_context():
        lesson_id = Brief.get(Brief.harmony == "camaieu").lesson_id
        before = Brief.select().count()
    staff = signed_in(demo, "gestion@petale.test")
    page = f"/gestion/lecons/{lesson_id}"
    response = post(staff, f"{page}/commandes", {f"brief-{k}": v for k, v in BRIEF_FORM.items()}, page)
    assert response.status_code == 302
    bad = post(staff, f"{page}/commandes", {f"brief-{k}": v for k, v in {**BRIEF_FORM, "month": "13"}.items()}, page)
    assert bad.status_code == 422
    trainer = signed_in(demo, "formatrice@petale.test")
    assert f"/formateur/consignes/{lesson_id}" in trainer.get("/formateur").get_data(as_text=True)
    page = f"/formateur/consignes/{lesson_id}"
    assert post(trainer, page, {**BRIEF_FORM, "title": "Deuil sobre", "occasion": "deuil"}, page).status_code == 302
    with demo.app_context():
        assert Brief.select().count() == before + 2
        assert Brief.get(Brief.title == "Deuil sobre").budget_cents == 8000
    learner_page = signed_in(demo, "apprenant@petale.test").get(f"/lecon/{lesson_id}").get_data(as_text=True)
    assert "Mariage champêtre" in learner_page and "Deuil sobre" in learner_page


def test_a_trainer_cannot_add_briefs_to_a_course_they_do_not_teach(demo):
    from portal.learning.models import SessionTrainer

    with demo.app_context():
        lesson_id = Brief.get(Brief.harmony == "camaieu").lesson_id
        felix = Account.get(Account.display_name == "Félix")
        SessionTrainer.delete().where(SessionTrainer.account_id == felix.id).execute()
    assert signed_in(demo, "formateur2@petale.test").get(f"/formateur/consignes/{lesson_id}").status_code == 404


def test_the_trainer_s_sentences_keep_the_spec_s_french_words():
    from portal.bouquets.engine.feedback import say

    assert say("clumped", species="rose de jardin") == \
        "Les tiges de rose de jardin sont toutes du même côté : faites-les tourner autour du bouquet."
    assert say("out_of_season", species="Pivoine", month=12) == "Pivoine en décembre ? Proposez une fleur de saison."
    assert say("brief_harmony", wanted="camaieu", found="polychrome") == \
        "Le client voulait un bouquet en camaïeu : votre harmonie est polychrome."


def test_the_score_line_counts_one_stem_in_the_singular(demo, learner, brief):
    add(learner, brief)
    page = unescape(learner.get(f"/atelier/{brief.id}").get_data(as_text=True))
    assert "/ 100</strong> · 1 tige ·" in page and "1 tiges" not in page
    add(learner, brief, count="2")
    assert "/ 100</strong> · 3 tiges ·" in unescape(learner.get(f"/atelier/{brief.id}").get_data(as_text=True))


def test_a_submitted_attempt_lists_the_stems_as_they_were_laid(demo, learner, brief):
    """A reversed, unstripped stem is shown so in the workshop and stays so in the submitted attempt."""
    data = {"choice": "rose-de-jardin|#F9C6C9", "count": "1", "length": "40", "ring": "0", "direction": "ccw"}
    post(learner, f"/atelier/{brief.id}/ajouter", data, f"/atelier/{brief.id}")
    add(learner, brief)
    live = unescape(learner.get(f"/atelier/{brief.id}").get_data(as_text=True))
    assert live.count(", sens inverse, non effeuillée") == 1
    response = post(learner, f"/atelier/{brief.id}/soumettre", {}, f"/atelier/{brief.id}")
    attempt = unescape(learner.get(response.headers["Location"]).get_data(as_text=True))
    assert attempt.count(", sens inverse, non effeuillée</li>") == 1 and attempt.count("au centre</li>") == 1


def test_time_in_the_workshop_counts_as_time_on_the_exercise(demo, learner, brief):
    """The workshop page carries a view token for the exercise's lesson: its heartbeats are time on task, so
    the attendance statement counts the workshop; a swapped fragment carries none (the page's goes on)."""
    from portal.learning.models import TimeOnTask
    from portal.player import tracking
    from portal.timeutil import utcnow

    page = learner.get(f"/atelier/{brief.id}").get_data(as_text=True)
    view = unescape(re.search(r'data-view="([^"]+)"', page).group(1))
    beat_url = re.search(r'data-beat-url="([^"]+)"', page).group(1)
    assert beat_url == f"/lecon/{brief.lesson_id}/battement" and f'data-lesson="{brief.lesson_id}"' in page
    token = csrf_token(page)
    assert learner.post(beat_url, data={"view": view, "seq": "1", "csrf_token": token}).status_code == 204
    with demo.app_context():
        account = account_id_for_email("apprenant@petale.test")
        assert tracking.credit_beat(account, brief.lesson_id, view, 2, now=utcnow() + timedelta(seconds=30)) > 0
        assert TimeOnTask.select().where((TimeOnTask.lesson == brief.lesson_id)
                                         & (TimeOnTask.account_id == account)).exists()
    stem = {"choice": "rose-de-jardin|#F9C6C9", "count": "1", "length": "40", "ring": "0", "direction": "cw"}
    fragment = post(learner, f"/atelier/{brief.id}/ajouter", stem, f"/atelier/{brief.id}", **{"HX-Request": "true"})
    assert fragment.status_code == 200 and "data-view" not in fragment.get_data(as_text=True)
    assert 'id="ajout" class="added"' in fragment.get_data(as_text=True), "what was added, said where she tapped"
    refused = post(learner, f"/atelier/{brief.id}/ajouter", {**stem, "count": "99"}, f"/atelier/{brief.id}",
                   **{"HX-Request": "true"})
    body = unescape(refused.get_data(as_text=True))
    assert refused.status_code == 422 and '<p id="ajout" class="error" data-hx-swap-oob="true">Nombre de ti' in body, \
        "a refusal replaces an earlier « Ajouté » beside the palette"


def test_counted_words_agree_with_their_number_in_french_and_in_english(demo):
    """No "tige(s)": French takes the singular for 0 and 1, English for 1 only."""
    from portal.bouquets.engine.feedback import measured

    assert [measured("crossed", n=n) for n in (0, 1, 3)] == ["0 tige croisée", "1 tige croisée", "3 tiges croisées"]
    assert measured("well_spread", good=1, judged=3) == "1 variété sur 3 bien répartie autour du bouquet"
    assert measured("odd", odd=2, checked=3) == "2 variétés sur 3 en nombre impair"
    with demo.test_request_context(), language("en"):
        assert [spoken(measured("crossed", n=n)) for n in (0, 1, 3)] == \
            ["0 crossed stems", "1 crossed stem", "3 crossed stems"]
        assert spoken(measured("problems", n=1)) == "1 point to rework"


def test_an_english_learner_gets_the_advice_and_criteria_in_english_and_french_readers_in_french(demo, learner,
                                                                                                  brief):
    """Antoine chose English: the live workshop and his submitted attempt speak English; his trainer reads the
    same attempt in French."""
    from portal.accounts.models import Account

    with demo.app_context():
        Account.update(language="en").where(Account.display_name == "Antoine").execute()
    add(learner, brief)
    add(learner, brief, choice="rose-de-jardin|#F9C6C9", count="2", ring="1")
    page = unescape(learner.get(f"/atelier/{brief.id}").get_data(as_text=True))
    assert "Remember the foliage: it adds air, support and sets off the flowers." in page
    assert "The customer wanted a bouquet in a triad: your harmony is tone on tone." in page
    assert "Colour harmony" in page and "N'oubliez pas le feuillage" not in page and "Harmonie des couleurs" not in page
    assert "times the vase height" in page and "la hauteur du vase" not in page  # what a criterion measured
    assert "Automatic analysis" in page and "Analyse automatique" not in page
    assert "Round bouquet of 3 stems, 1 variety; top view" in page  # the drawing's description, too
    assert "/ 100</strong> · 3 stems ·" in page
    assert "</strong> very pale pink<" in page and "focal flower" in page and ">yellow</option>" in page
    advice = re.findall(r"→ ([^<]+)", page)  # what to change, in English too
    assert advice and not any(" le " in text or " la " in text or " les " in text for text in advice), advice
    assert "40 cm, middle" in page  # the stems' placement
    assert "<dd>triad</dd>" in page and "<dd>round</dd>" in page  # the brief's codes as words
    assert "€3.50 excl. VAT" in page and " incl. VAT</p>" in page and "€ HT" not in page and "€ TTC" not in page
    # the stems by their names, in English like their colours
    assert "2 × Garden rose pale pink, 40 cm" in page
    assert "Rose de jardin" not in page and "× rose-de-jardin" not in page
    assert re.search(r'class="mark">\d+%<', page) and "× coefficient 2.5<" in page  # numbers the English way
    assert ">Later</button>" in page and ">Remove</button>" in page
    response = post(learner, f"/atelier/{brief.id}/soumettre", {}, f"/atelier/{brief.id}")
    attempt = unescape(learner.get(response.headers["Location"]).get_data(as_text=True))
    assert "Remember the foliage" in attempt and "your harmony is tone on tone" in attempt
    assert "Colour harmony" in attempt and "times the vase height" in attempt and " incl. VAT ·" in attempt
    with demo.app_context():
        submission = Submission.select().order_by(Submission.id.desc()).get()
    assert "N'oubliez pas le feuillage : il aère, soutient et met en valeur les fleurs." in \
        json.loads(submission.snapshot)["evaluation"]["feedback"]
    trainer = signed_in(demo, "formatrice@petale.test")
    review = unescape(trainer.get(f"/formateur/bouquets/{submission.id}").get_data(as_text=True))
    assert "N'oubliez pas le feuillage" in review and "Harmonie des couleurs" in review
    assert "fois la hauteur du vase" in review
    assert re.search(r"\d+,\d\d\s€ TTC ·", review), "amounts the French way"
    assert re.search(r'class="mark">\d+\s%<', review), "scores the French way"


def test_work_done_in_a_session_stays_with_that_sessions_trainers_after_the_learner_moves(demo, learner, brief):
    """Antoine submits in session A, then moves to a session C of the same course run by Félix, and
    submits again: Fanny (A) sees the first only, Félix (C) the second only."""
    assert add(learner, brief).status_code in (200, 302)
    assert post(learner, f"/atelier/{brief.id}/soumettre", {}, f"/atelier/{brief.id}").status_code in (200, 302, 303)
    with demo.app_context():
        antoine = account_id_for_email("apprenant@petale.test")
        fanny, felix = account_id_for_email("formatrice@petale.test"), account_id_for_email("formateur2@petale.test")
        spring = TrainingSession.get(TrainingSession.title == "Session A")
        in_a = Submission.select().where(Submission.account_id == antoine).order_by(Submission.id.desc()).get()
        assert in_a.session_id == spring.id
        later = TrainingSession.create(course=spring.course, title="Session C",
                                       starts_on=paris_today() - timedelta(days=1),
                                       ends_on=paris_today() + timedelta(days=60))
        SessionTrainer.create(session=later, account_id=felix)
        Enrollment.update(status="cancelled").where((Enrollment.account_id == antoine)
                                                   & (Enrollment.session == spring)).execute()
        Enrollment.create(account_id=antoine, session=later, funding="self")
    assert post(learner, f"/atelier/{brief.id}/soumettre", {}, f"/atelier/{brief.id}").status_code in (200, 302, 303)
    with demo.app_context():
        in_c = Submission.select().where(Submission.account_id == antoine).order_by(Submission.id.desc()).get()
        assert in_c.session_id == later.id
        seen_by_fanny = {s.id for s in reviewable(fanny)}
        seen_by_felix = {s.id for s in reviewable(felix)}
    assert in_a.id in seen_by_fanny and in_c.id not in seen_by_fanny
    assert in_c.id in seen_by_felix and in_a.id not in seen_by_felix


def test_submissions_made_before_sessions_were_recorded_get_the_learners_session(demo):
    """Migration 025's backfill, run on submissions that have none."""
    spec = importlib.util.spec_from_file_location(
        "m025", Path(__file__).resolve().parents[2] / "portal/migrations/main/025_submission_session.py")
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    with demo.app_context():
        expected = {s.id: s.session_id for s in Submission.select()}
        assert expected and all(expected.values())
        Submission.update(session=None).execute()
        Submission._meta.database.execute_sql(migration.BACKFILL)
        assert {s.id: s.session_id for s in Submission.select()} == expected


def test_the_learner_compares_two_tries_side_by_side_and_reads_what_changed(demo, learner, brief):
    page = f"/atelier/{brief.id}"
    add(learner, brief)
    add(learner, brief, choice="pittosporum|#9DBF73", count="3", ring="2")
    assert post(learner, f"{page}/soumettre", {}, page).status_code == 302
    add(learner, brief, choice="gypsophile|#FFFFFF", count="5", ring="2")
    assert post(learner, f"{page}/retirer/1", {}, page).status_code == 302  # the pittosporum goes
    assert post(learner, f"{page}/liage", {"tie_height": "30"}, page).status_code == 302
    assert post(learner, f"{page}/soumettre", {}, page).status_code == 302
    with demo.app_context():
        first, second = Submission.select().order_by(Submission.id)[-2:]
    shown = unescape(learner.get(f"{page}/essais").get_data(as_text=True))
    compared = shown.split("Ce qui a changé")[1].split("Tous mes essais")[0]
    assert shown.count('class="bouquet-svg"') == 2
    assert f'id="e{first.id}-t"' in shown and f'id="e{second.id}-t"' in shown  # ids unique in the page
    assert "+ 5 × Gypsophile blanc" in compared and "− 3 × Pittosporum vert" in compared
    assert "Point de liage : 25 cm → 30 cm" in compared
    assert f"Note : {first.total} → {second.total}" in compared or "Même note" in compared
    assert "#9DBF73" not in re.sub(r"<[^>]+>", "", compared)
    # The same two tries chosen the other way round, and a choice that is not hers falls back to the last two.
    swapped = unescape(learner.get(f"{page}/essais?avant={second.id}&apres={first.id}").get_data(as_text=True))
    assert "+ 3 × Pittosporum vert" in swapped
    forged = learner.get(f"{page}/essais?avant=999999&apres={first.id}")
    assert forged.status_code == 200 and "− 3 × Pittosporum vert" in unescape(forged.get_data(as_text=True))


def test_without_javascript_the_next_tap_keeps_how_the_stems_go_in(demo, learner, brief):
    response = add(learner, brief, choice="pittosporum|#9DBF73", count="5", length="55", ring="2", direction="ccw")
    assert response.status_code == 302 and "#atelier" in response.headers["Location"]
    page = unescape(learner.get(response.headers["Location"].split("#")[0]).get_data(as_text=True))
    assert 'name="count" type="number" value="5"' in page or 'value="5"' in page.split('id="count"')[1][:80]
    assert '<option selected value="2">' in page and '<option selected value="ccw">' in page
    # What the address carries is checked like the form: nonsense falls back to the defaults.
    odd = unescape(learner.get(f"/atelier/{brief.id}?tiges=999&placement=7&sens=%3Cb%3E").get_data(as_text=True))
    assert 'value="3"' in odd.split('id="count"')[1][:80] and '<option selected value="1">' in odd


def test_starting_again_empties_the_bouquet_and_a_stored_try_lists_its_stems(demo, learner, brief):
    page = f"/atelier/{brief.id}"
    add(learner, brief)
    add(learner, brief, choice="pittosporum|#9DBF73", count="3", ring="2")
    submitted = post(learner, f"{page}/soumettre", {}, page)
    attempt = unescape(learner.get(submitted.headers["Location"]).get_data(as_text=True))
    assert "1 × Rose de jardin rose pâle, 40 cm, au centre" in attempt
    assert "3 × Pittosporum vert, 40 cm, au bord" in attempt and "liage à 25 cm" in attempt
    assert post(learner, f"{page}/vider", {}, page).status_code == 302
    assert draft_groups(demo, brief) == []
    assert "Votre bouquet est vide" in learner.get(page).get_data(as_text=True)


def test_colours_agree_with_the_flower_s_name(demo):
    from portal.bouquets.wording import colour_name

    with demo.test_request_context():
        assert colour_name("#FFFFFF", "pivoine") == "blanche" and colour_name("#FFFFFF", "lys-oriental") == "blanc"
        assert colour_name("#3F51B5", "delphinium") == "bleu" and colour_name("#A8D08D", "molucelle") == "vert pâle"
        assert colour_name("#C8102E", "rose-standard") == "rouge vif"  # a shaded colour does not change


def test_the_inputs_carry_the_limits_the_workshop_enforces(demo, learner, brief):
    """One number per limit, the service's: the browser stops what the service would refuse."""
    from portal.bouquets.drafts import MAX_GROUP, TIE_HEIGHT_CM
    from portal.bouquets.engine.model import CUT_LENGTH_CM

    page = learner.get(f"/atelier/{brief.id}").get_data(as_text=True)
    count = re.search(r'<input[^>]*name="count"[^>]*>', page).group(0)
    length = re.search(r'<input[^>]*name="length"[^>]*>', page).group(0)
    tie = re.search(r'<input[^>]*name="tie_height"[^>]*>', page).group(0)
    assert 'min="1"' in count and f'max="{MAX_GROUP}"' in count
    assert f'min="{CUT_LENGTH_CM[0]}"' in length and f'max="{CUT_LENGTH_CM[1]}"' in length
    assert f'min="{TIE_HEIGHT_CM[0]}"' in tie and f'max="{TIE_HEIGHT_CM[1]}"' in tie and 'value="25"' in tie
    too_high = post(learner, f"/atelier/{brief.id}/liage", {"tie_height": str(TIE_HEIGHT_CM[1] + 1)},
                    f"/atelier/{brief.id}")
    assert too_high.status_code == 422 and f"entre {TIE_HEIGHT_CM[0]} et {TIE_HEIGHT_CM[1]} cm du pied" in unescape(
        too_high.get_data(as_text=True))


def test_every_species_is_named_in_english_on_english_pages_palette_stems_prices_and_advice(demo, learner, brief):
    """The palette, the bouquet's stems, the price lines and the trainer's sentences name a species the same way,
    in the reader's language: no « Pivoine » beside "white"."""

    from portal.accounts.models import Account
    from portal.bouquets.wording import spoken
    from portal.i18n import language

    with open("portal/translations/en/LC_MESSAGES/messages.po", "rb") as po:
        english = {m.id: m.string for m in read_po(po) if m.id}
    names = [species.name for species in load_catalogue().species]
    assert all(english.get(name) for name in names), [name for name in names if not english.get(name)]
    with demo.app_context():
        Account.update(language="en").where(Account.display_name == "Antoine").execute()
    add(learner, brief, choice="pivoine|#FFFFFF", count="3")
    page = unescape(learner.get(f"/atelier/{brief.id}").get_data(as_text=True))
    french_only = [name for name in names if english[name] != name and (f">{name}<" in page or f"× {name}" in page)]
    assert french_only == [] and "<strong>Peony</strong> white" in page and "3 × Peony white" in page
    assert "<strong>Snapdragon</strong>" in page and 'lang="fr">Pivoine' not in page
    found = unescape(learner.get(f"/atelier/{brief.id}?q=sunflower").get_data(as_text=True))
    assert "<strong>Sunflower</strong>" in found  # searched in the reader's words too
    with demo.test_request_context(), language("en"):
        assert spoken(Sentence("out_of_season", species="Pivoine", month=12)) == \
            "Peony in December? Offer a flower in season."
        assert spoken(Sentence("clumped", species="pivoine")).startswith("The peony stems")
