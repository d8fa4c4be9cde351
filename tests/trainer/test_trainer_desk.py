"""The trainer's desk: each waiting question with what is needed to answer it, answered once, inline
or without JavaScript; filters; deleted askers; the mail a trainer gets, the weekly digest and the
reminder of questions waiting too long."""
from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

from portal import mail
from portal.accounts.models import Account
from portal.demo.seed import DEMO_PASSWORD
from portal.forum import digests
from portal.forum.models import Post, ReplyAddress, Thread
from portal.i18n import language
from portal.jobs.models import JobRecord
from portal.learning.models import Lesson, LessonProgress, Module, SessionTrainer, TrainingSession
from portal.privacy.erasure import delete_account
from portal.timeutil import utcnow
from tests.support.helpers import csrf_token, outbox, run_jobs, submit
from tests.support.learning_fixtures import signed_in
from tests.support.querycount import count_queries

LONG = ("Je prépare un bouquet rond pour ma sœur et je me demande combien de tiges de feuillage il faut "
        "prévoir pour faire une collerette qui tienne bien sans cacher les roses. ") * 4


def ask(demo, email, module_title, title, body, lesson_title=None):
    learner = signed_in(demo, email)
    with demo.app_context():
        module = Module.get(Module.title == module_title)
        lesson = Lesson.get(Lesson.title == lesson_title) if lesson_title else None
    page = f"/forum/module/{module.id}" + (f"?lecon={lesson.id}" if lesson else "")
    html = learner.get(page).get_data(as_text=True)
    data = {"title": title, "body": body, "csrf_token": csrf_token(html)}
    if lesson:
        data["lesson"] = str(lesson.id)
    response = learner.post(f"/forum/module/{module.id}/questions", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    with demo.app_context():
        return Thread.get(Thread.title == title)


def desk_html(client, query="") -> str:
    return unescape(client.get(f"/formateur{query}").get_data(as_text=True))


def answer(client, thread_id, body, *, htmx=False, query=""):
    token = csrf_token(client.get("/formateur").get_data(as_text=True))
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(f"/formateur/questions/{thread_id}/reponse{query}",
                       data={f"q{thread_id}-body": body, "csrf_token": token}, headers=headers)


def test_each_waiting_question_shows_its_text_place_asker_wait_and_progress_oldest_first(demo):
    with demo.app_context():
        lesson = Lesson.select().join(Module).where(Module.title == "Les couleurs").order_by(Lesson.position).first()
        lesson_title = lesson.title
        antoine = Account.get(Account.display_name == "Antoine")
        done = LessonProgress.select().where((LessonProgress.account_id == antoine.id)
                                             & LessonProgress.completed_at.is_null(False)).count()
    ask(demo, "apprenant@petale.test", "Les couleurs", "Feuillage pour la collerette", LONG, lesson_title)
    trainer = signed_in(demo, "formatrice@petale.test")
    html = desk_html(trainer)
    item = html[html.index('id="q', html.index("Feuillage pour la collerette") - 2000):]
    assert "Antoine" in html and "Les couleurs" in html and f"› {lesson_title}" in html
    assert "lire la suite" in html and "collerette qui tienne bien" in html
    assert "Session A" in html
    assert re.search(rf"Avancement : {done} leçons? terminées? sur \d+", html)
    assert "à l'instant" in item
    # Oldest first: the demo's question of yesterday comes before the one just asked.
    assert html.index("Combien de variétés") < html.index("Feuillage pour la collerette")
    # A question older than FORUM_REMINDER_HOURS says so.
    assert "wait\">en attente depuis plus de 48 heures" not in html
    with demo.app_context():
        Thread.update(created_at=utcnow() - timedelta(hours=50)).where(
            Thread.title == "Feuillage pour la collerette").execute()
    assert "wait\">en attente depuis plus de 48 heures" in desk_html(trainer)


def test_the_desk_costs_the_same_queries_for_one_question_or_twelve(demo):
    trainer = signed_in(demo, "formatrice@petale.test")
    trainer.get("/formateur")
    with demo.app_context(), count_queries() as few:
        trainer.get("/formateur")
    for n in range(11):
        ask(demo, "apprenant@petale.test", "Les couleurs", f"Question numéro {n}", f"Texte {n}")
    with demo.app_context(), count_queries() as many:
        trainer.get("/formateur")
    assert len(many) == len(few), [str(q) for q in many]


def test_filters_by_session_and_module(demo):
    with demo.app_context():
        felix = Account.get(Account.display_name == "Félix")
        spring = TrainingSession.get(TrainingSession.title == "Session A")
        SessionTrainer.create(session=spring, account_id=felix.id)  # Félix runs both sessions now
    felix_client = signed_in(demo, "formateur2@petale.test")
    everything = desk_html(felix_client)
    assert "Combien de variétés" in everything and "Conserver les fleurs" in everything
    with demo.app_context():
        summer = TrainingSession.get(TrainingSession.title == "Session B")
        colours = Module.get(Module.title == "Les couleurs")
    only_summer = desk_html(felix_client, f"?session={summer.id}")
    assert "Conserver les fleurs" in only_summer and "Combien de variétés" not in only_summer
    only_colours = desk_html(felix_client, f"?module={colours.id}")
    assert "Combien de variétés" in only_colours and "Conserver les fleurs" not in only_colours
    # Nonsense in the query string is ignored, never an error.
    assert felix_client.get("/formateur?session=abc&module=%00").status_code == 200


def test_answering_inline_replaces_the_item_and_updates_both_counters(demo):
    thread = ask(demo, "apprenant@petale.test", "Les couleurs", "Vert anis ou vert sapin ?", "Lequel choisir ?")
    trainer = signed_in(demo, "formatrice@petale.test")
    before = desk_html(trainer)
    badge = int(re.search(r'id="trainer-waiting"> <span class="badge wait">(\d+)', before).group(1))
    questions = int(re.search(r'id="questions-count">(\d+)<', before).group(1))
    response = answer(trainer, thread.id, "Vert sapin, plus sobre.", htmx=True)
    fragment = unescape(response.get_data(as_text=True))
    assert response.status_code == 200 and "<html" not in fragment
    assert f'<li id="q{thread.id}"' in fragment and "Réponse publiée : « Vert anis ou vert sapin ? »" in fragment
    assert "Publier la réponse" not in fragment, "no second answer one click away"
    assert f'id="trainer-waiting" data-hx-swap-oob="true"> <span class="badge wait">{badge - 1}' in fragment
    assert f'<span id="questions-count" data-hx-swap-oob="true">{questions - 1}</span>' in fragment
    # The list of recently answered questions follows, out of band, with this one first.
    answered = fragment[fragment.index('<div id="answered-recently" data-hx-swap-oob="true">'):]
    assert answered.index("Dernières questions répondues") < answered.index("Vert anis ou vert sapin ?")
    assert re.search(r"<li><a [^>]*>([^<]+)</a>", answered).group(1) == "Vert anis ou vert sapin ?"
    assert f'id="q{thread.id}"' not in desk_html(trainer)
    with demo.app_context():
        [post] = Post.select().where((Post.thread == thread.id) & (Post.by_trainer == True))  # noqa: E712
        assert post.body == "Vert sapin, plus sobre." and Thread.get_by_id(thread.id).answered_at is not None


def test_answering_the_last_question_in_place_shows_what_a_reload_shows(demo):
    """No filters nor « Les plus anciennes d'abord » left over an empty list once the last one is answered."""
    trainer = signed_in(demo, "formatrice@petale.test")
    assert '<div id="desk-head">' in desk_html(trainer) and "Les plus anciennes d'abord" in desk_html(trainer)
    waiting = [int(i) for i in re.findall(r'<li id="q(\d+)" class="desk-item">', desk_html(trainer))]
    assert waiting
    fragments = [unescape(answer(trainer, thread_id, "Réponse.", htmx=True).get_data(as_text=True))
                 for thread_id in waiting]
    for fragment in fragments[:-1]:
        assert "desk-head" not in fragment, "questions still wait: the filters stay"
    last = fragments[-1]
    head = last[last.index('<div id="desk-head" data-hx-swap-oob="true">'):]
    assert "Toutes les questions de vos sessions ont une réponse." in head
    assert "Filtrer" not in head and "plus anciennes" not in head
    reloaded = desk_html(trainer)
    assert "Toutes les questions de vos sessions ont une réponse." in reloaded
    assert "Les plus anciennes d'abord" not in reloaded


def test_answering_without_javascript_redirects_to_the_desk_with_its_filters(demo):
    thread = ask(demo, "apprenant@petale.test", "Les couleurs", "Ruban ou raphia ?", "Pour le liage ?")
    trainer = signed_in(demo, "formatrice@petale.test")
    with demo.app_context():
        colours = Module.get(Module.title == "Les couleurs")
    response = answer(trainer, thread.id, "Raphia naturel.", query=f"?module={colours.id}")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/formateur?module={colours.id}")
    page = unescape(trainer.get(response.headers["Location"]).get_data(as_text=True))
    assert "Réponse publiée : « Ruban ou raphia ? »" in page
    assert f'id="q{thread.id}"' not in page
    # The full page shows what the in-place answer swaps: the recently answered list, this one first.
    recent = page[page.index('<div id="answered-recently">'):]
    assert re.search(r"<li><a [^>]*>([^<]+)</a>", recent).group(1) == "Ruban ou raphia ?"


def test_an_empty_answer_is_refused_in_words_and_nothing_is_written(demo):
    thread = ask(demo, "apprenant@petale.test", "Les couleurs", "Question sans réponse vide", "Texte")
    trainer = signed_in(demo, "formatrice@petale.test")
    for htmx in (True, False):
        response = answer(trainer, thread.id, "   ", htmx=htmx)
        assert response.status_code == 422
        assert "Écrivez votre réponse." in unescape(response.get_data(as_text=True))
    with demo.app_context():
        assert Thread.get_by_id(thread.id).answered_at is None
        assert not Post.select().where((Post.thread == thread.id) & (Post.by_trainer == True)).exists()  # noqa: E712


def test_a_question_answered_meanwhile_by_another_trainer_is_not_answered_twice(demo):
    with demo.app_context():
        felix = Account.get(Account.display_name == "Félix")
        spring = TrainingSession.get(TrainingSession.title == "Session A")
        SessionTrainer.create(session=spring, account_id=felix.id)
    thread = ask(demo, "apprenant@petale.test", "Les couleurs", "Deux formateurs", "Qui répond ?")
    fanny, felix_client = signed_in(demo, "formatrice@petale.test"), signed_in(demo, "formateur2@petale.test")
    felix_token = csrf_token(felix_client.get("/formateur").get_data(as_text=True))  # his desk is open
    assert answer(fanny, thread.id, "Moi.", htmx=True).status_code == 200
    late = felix_client.post(f"/formateur/questions/{thread.id}/reponse", headers={"HX-Request": "true"},
                             data={f"q{thread.id}-body": "Moi aussi.", "csrf_token": felix_token})
    assert late.status_code == 409
    late_html = unescape(late.get_data(as_text=True))
    assert "Fanny a déjà répondu à « Deux formateurs »" in late_html
    # His desk catches up as well: the question is among the recently answered ones.
    recent = late_html[late_html.index('<div id="answered-recently" data-hx-swap-oob="true">'):]
    assert re.search(r"<li><a [^>]*>([^<]+)</a>", recent).group(1) == "Deux formateurs"
    no_js = felix_client.post(f"/formateur/questions/{thread.id}/reponse",
                              data={f"q{thread.id}-body": "Moi aussi.", "csrf_token": felix_token})
    assert no_js.status_code == 302
    assert "Fanny a déjà répondu" in unescape(felix_client.get("/formateur").get_data(as_text=True))
    with demo.app_context():
        assert [p.body for p in Post.select().where((Post.thread == thread.id) & (Post.by_trainer == True))] == ["Moi."]  # noqa: E712


def test_trainer_b_sees_and_answers_nothing_of_session_a(demo):
    thread = ask(demo, "apprenant@petale.test", "Les couleurs", "Question de la session A", "Texte")
    felix = signed_in(demo, "formateur2@petale.test")
    assert "Question de la session A" not in desk_html(felix)
    assert answer(felix, thread.id, "Intrus").status_code == 404
    with demo.app_context():
        assert Thread.get_by_id(thread.id).answered_at is None


def test_a_question_from_an_account_deleted_since_leaves_the_desk_and_the_count(demo):
    thread = ask(demo, "apprenant@petale.test", "Les couleurs", "Question d'Antoine", "Texte")
    trainer = signed_in(demo, "formatrice@petale.test")
    before = int(re.search(r'id="questions-count">(\d+)<', desk_html(trainer)).group(1))
    with demo.app_context():
        assert JobRecord.select().where(JobRecord.args.contains("Question d'Antoine")).exists()
        delete_account(Account.get_by_id(thread.author_id), notify=False)
    after = desk_html(trainer)
    assert "Question d'Antoine" not in after
    with demo.app_context():
        # The queued notification held her text: erased with her account.
        assert not JobRecord.select().where(JobRecord.args.contains("Question d'Antoine")).exists()
    assert int(re.search(r'id="questions-count">(\d+)<', after).group(1)) < before


def test_trainers_choosing_each_question_get_a_mail_with_a_single_use_reply_address(make_app):
    from portal.demo.seed import seed

    app = make_app(MAIL_INBOUND_DOMAIN="reponses.petale.test")
    with app.app_context():
        seed(backoffice=False)
    thread = ask(app, "apprenant@petale.test", "Les couleurs", "Combien de roses ?", "Pour un rond de 30 cm ?",
                 None)
    run_jobs(app)
    [notice] = [m for m in outbox(app) if m["Subject"] == "Nouvelle question : Combien de roses ?"]
    assert "Fanny" in notice["To"]
    assert re.fullmatch(r"reponse\+[0-9a-f]{16}\.[0-9a-f]{20}@reponses\.petale\.test", notice["Reply-To"])
    text = notice.get_body(("plain",)).get_content()
    assert "Antoine pose une question sur « Les couleurs »" in text and "Pour un rond de 30 cm ?" in text
    assert "Pour publier votre réponse, répondez à ce courriel" in text
    assert "Ou répondez depuis votre espace formateur" in text
    fanny = signed_in(app, "formatrice@petale.test")
    assert "un courriel par question, auquel je peux répondre directement" in desk_html(fanny)
    with app.app_context():
        assert ReplyAddress.select().where(ReplyAddress.thread == thread.id).count() == 1


def test_the_notice_gives_an_address_that_survives_sign_in_and_follows_the_question(demo):
    """An anchor (/formateur#q12) never reaches the server: lost through the sign-in redirect, and pointing
    at nothing once a colleague has answered. The notice's own address leads to the question wherever it is."""
    thread = ask(demo, "apprenant@petale.test", "Les couleurs", "Combien de roses ?", "Pour un rond de 30 cm ?")
    run_jobs(demo)
    [notice] = [m for m in outbox(demo) if m["Subject"] == "Nouvelle question : Combien de roses ?"]
    address = f"http://petale.test/formateur/questions/{thread.id}"
    for part in ("plain", "html"):
        assert address in notice.get_body((part,)).get_content()
    assert "#q" not in notice.get_body(("plain",)).get_content()
    # Signed out, she follows the link: signed in, she lands on the question on her desk.
    fanny = demo.test_client()
    to_login = fanny.get(f"/formateur/questions/{thread.id}")
    assert to_login.status_code == 302 and "/connexion" in to_login.headers["Location"]
    signed = submit(fanny, to_login.headers["Location"], {"email": "formatrice@petale.test",
                                                         "password": DEMO_PASSWORD})
    assert signed.status_code == 302 and signed.headers["Location"].endswith(f"/formateur/questions/{thread.id}")
    at_desk = fanny.get(signed.headers["Location"])
    assert at_desk.status_code == 302 and at_desk.headers["Location"].endswith(f"/formateur#q{thread.id}")
    assert f'id="q{thread.id}"' in desk_html(fanny)
    # Answered (by her or a colleague): the same address leads to the discussion.
    assert answer(fanny, thread.id, "Une douzaine.", htmx=True).status_code == 200
    answered = fanny.get(f"/formateur/questions/{thread.id}")
    assert answered.status_code == 302 and answered.headers["Location"].endswith(f"/forum/sujet/{thread.id}")
    # Another session's trainer: nothing acknowledged.
    assert signed_in(demo, "formateur2@petale.test").get(f"/formateur/questions/{thread.id}").status_code == 404


def test_without_reply_by_mail_neither_the_notice_nor_the_preference_promises_it(demo):
    ask(demo, "apprenant@petale.test", "Les couleurs", "Combien de roses ?", "Pour un rond de 30 cm ?")
    run_jobs(demo)
    [notice] = [m for m in outbox(demo) if m["Subject"] == "Nouvelle question : Combien de roses ?"]
    assert notice["Reply-To"] is None
    for part in ("plain", "html"):
        text = notice.get_body((part,)).get_content()
        assert "Répondez depuis votre espace formateur" in text and "Ou répondez" not in text
        assert "répondez à ce courriel" not in text
    page = desk_html(signed_in(demo, "formatrice@petale.test"))
    assert "un courriel par question" in page and "répondre directement" not in page


def test_a_trainer_choosing_the_weekly_digest_gets_no_mail_per_question_but_one_digest_a_week(demo):
    fanny = signed_in(demo, "formatrice@petale.test")
    token = csrf_token(fanny.get("/formateur").get_data(as_text=True))
    saved = fanny.post("/formateur/preferences", data={"question_mail": "weekly", "csrf_token": token})
    assert saved.status_code == 302
    page = fanny.get("/formateur").get_data(as_text=True)
    assert re.search(r'<input checked[^>]*value="weekly"', page)
    # The button is at the foot of the page, the confirmation at its top: it says what she chose.
    assert "les nouvelles questions de vos sessions vous arrivent par un récapitulatif chaque lundi" in unescape(page)
    ask(demo, "apprenant@petale.test", "Les couleurs", "Pas de courriel pour celle-ci", "Texte")
    run_jobs(demo)
    assert not [m for m in outbox(demo) if m["Subject"].startswith("Nouvelle question")]
    with demo.app_context():
        assert digests.send_weekly_digests("2026-11-30") == 1  # Fanny only: Félix gets a mail per question
        assert digests.send_weekly_digests("2026-12-04") == 0, "the same ISO week: nothing more"
        assert digests.send_weekly_digests("2026-12-07") == 1
    run_jobs(demo)
    weekly = [m for m in outbox(demo) if m["Subject"] == "Récapitulatif de la semaine : questions en attente"]
    assert len(weekly) == 2 and "Fanny" in weekly[0]["To"]
    assert "- Les couleurs : 2" in weekly[0].get_body(("plain",)).get_content()
    bad = fanny.post("/formateur/preferences", data={"question_mail": "hourly", "csrf_token": token})
    assert bad.status_code == 302
    with demo.app_context():
        assert Account.get(Account.display_name == "Fanny").question_mail == "weekly"


def test_the_daily_reminder_names_only_questions_waiting_longer_than_the_delay(make_app):
    from portal.demo.seed import seed

    app = make_app(FORUM_REMINDER_HOURS=30)
    with app.app_context():
        seed(backoffice=False)  # Fanny's session: a question of yesterday 18:15; Félix's: two days ago
        # Anchored on the seeded questions, not the wall clock: late in the evening (UTC) the
        # seed's Paris "yesterday" is only hours old and the count would depend on the hour of the run.
        unanswered = Thread.select().where(Thread.answered_at.is_null()).order_by(Thread.created_at)
        oldest, newest = unanswered[0].created_at, unanswered[-1].created_at
        assert newest - oldest == timedelta(days=1)
        now = oldest + timedelta(hours=31)
        assert digests.send_overdue_reminders("2026-11-26", now.isoformat()) == 1
        assert digests.send_overdue_reminders("2026-11-26", now.isoformat()) == 0, "once a day"
        assert digests.send_overdue_reminders("2026-11-27", (now + timedelta(days=1)).isoformat()) == 2
    run_jobs(app)
    reminders = [m for m in outbox(app) if m["Subject"] == "Questions en attente de réponse"]
    assert len(reminders) == 3
    assert "1 question de vos sessions attend une réponse depuis plus de 30 heures" in \
        reminders[0].get_body(("plain",)).get_content()


# What would betray a French mail sent to a trainer who reads English: French words, and French spacing.
FRENCH = re.compile(r"\b(vous|votre|vos|une|des|les|question sur|leçon|réponse|formateur|courriel|Bonjour|adresse|"
                    r"semaine|attend|jours?|équipe)\b| [:;!?]|[«»]", re.IGNORECASE)


def test_the_trainers_mails_read_in_english_have_no_french_left(demo):
    """The question's notice (with and without reply by mail), every refusal of a reply by mail, the weekly
    digest: rendered in English, as for a trainer whose account language is English."""
    question = {"thread_title": "How many roses?", "module_title": "Colours", "asker_name": "Anthony",
                "question": "For a round bouquet?", "url": "http://petale.test/formateur/questions/1"}
    mails = [("forum_question", {**question, "lesson_title": lesson, "reply_to": reply_to})
             for lesson in (None, "Cutting stems") for reply_to in (None, "reponse+1@petale.test")]
    mails += [("forum_reply_refused", {"reason": reason, "her_text": text, "url": "http://petale.test/formateur"})
              for reason in ("adresse", "deja_utilisee", "expediteur", "vide", "question")
              for text in (None, "", "Mine")]
    mails.append(("forum_weekly", {"count": 3, "url": "http://petale.test/formateur", "modules": [
        {"module": "Colours", "count": 2, "days": 3}, {"module": "Stems", "count": 1, "days": 1}]}))
    with demo.test_request_context(), language("en"):
        for template, context in mails:
            message = mail.compose(template, to="Fanny <fanny@example.org>",
                                   context={**context, "full_name": "Fanny Martin"})
            for text in (message["Subject"], message.get_body(("plain",)).get_content(),
                         re.sub(r"<[^>]+>", " ", message.get_body(("html",)).get_content())):
                words = re.sub(r"https?://\S+", "", text.replace("Pétale", ""))  # the portal's addresses are French
                assert not FRENCH.search(words), (template, context, text)


def test_with_filters_the_counters_count_what_the_list_shows_and_say_the_total(demo):
    """The heading counted every waiting question while the list showed a session's: with filters it counts
    the list, says how many wait in all, and both follow an answer given in place."""
    with demo.app_context():
        felix = Account.get(Account.display_name == "Félix")
        SessionTrainer.create(session=TrainingSession.get(TrainingSession.title == "Session A"), account_id=felix.id)
        summer = TrainingSession.get(TrainingSession.title == "Session B")
        waiting_in_summer = Thread.select().where((Thread.session == summer.id) & Thread.answered_at.is_null()).count()
    felix_client = signed_in(demo, "formateur2@petale.test")
    everything = desk_html(felix_client)
    total = int(re.search(r'id="questions-count">(\d+)<', everything).group(1))
    assert total > waiting_in_summer >= 1
    only_summer = desk_html(felix_client, f"?session={summer.id}")
    assert f'id="questions-count">{waiting_in_summer}<' in only_summer
    assert f'Avec ces filtres, sur <span id="questions-total">{total}</span> questions sans réponse en tout.' \
        in only_summer
    with demo.app_context():
        thread = Thread.select().where((Thread.session == summer.id) & Thread.answered_at.is_null()).first()
    fragment = unescape(answer(felix_client, thread.id, "Au frais, l'eau changée.", htmx=True,
                               query=f"?session={summer.id}").get_data(as_text=True))
    assert f'<span id="questions-count" data-hx-swap-oob="true">{waiting_in_summer - 1}</span>' in fragment
    assert f'<span id="questions-total" data-hx-swap-oob="true">{total - 1}</span>' in fragment
