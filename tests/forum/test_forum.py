"""Module Q&A: scoping by session, answers and notifications, moderation, sanitising, pagination."""
from __future__ import annotations

import gzip
import re
from datetime import timedelta
from html import unescape

import pytest

from portal import db, mail
from portal.forum import moderation, threads
from portal.forum.models import ModerationEntry, Post, Thread
from portal.jobs.models import JobRecord
from portal.learning.models import Course, Lesson, Module
from tests.support.helpers import csrf_token, outbox, run_jobs
from tests.support.learning_fixtures import signed_in
from tests.support.querycount import count_queries


def post(client, url, data, page, **headers):
    token = csrf_token(client.get(page).get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token}, headers=headers)


def module_named(app, title):
    with app.app_context():
        return Module.get(Module.title == title)


def thread_titled(app, title):
    with app.app_context():
        return Thread.get(Thread.title == title)


def mail_jobs(app):
    with app.app_context():
        return JobRecord.select().where(JobRecord.func == "portal.mail.deliver").count()


def test_a_learner_asks_and_their_trainer_answers_inline_and_the_learner_is_mailed_once(demo):
    learner = signed_in(demo, "apprenant@petale.test")
    colours = module_named(demo, "Les couleurs")
    page = f"/forum/module/{colours.id}"
    response = post(learner, f"{page}/questions", {"title": "Vert et blanc ?", "body": "Le *vert* compte-t-il ?"}, page)
    assert response.status_code == 302
    thread = thread_titled(demo, "Vert et blanc ?")
    trainer = signed_in(demo, "formatrice@petale.test")
    space = trainer.get("/formateur").get_data(as_text=True)
    assert "Vert et blanc ?" in space and "à l'instant" in unescape(space)
    assert "Vert et blanc ?" not in signed_in(demo, "formateur2@petale.test").get("/formateur").get_data(as_text=True)
    notified = mail_jobs(demo)  # the session's trainer, told of the new question
    assert notified == 1
    answered = post(trainer, f"/forum/sujet/{thread.id}/reponses", {"body": "Non, c'est un neutre."}, "/formateur",
                    **{"HX-Request": "true"})
    assert answered.status_code == 200 and "Réponse envoyée" in unescape(answered.get_data(as_text=True))
    assert "<html" not in answered.get_data(as_text=True)
    assert mail_jobs(demo) == notified + 1
    run_jobs(demo)
    [message] = [m for m in outbox(demo) if "Antoine" in m["To"]]
    assert message["Subject"] == "Votre question a reçu une réponse"
    html = learner.get(f"/forum/sujet/{thread.id}").get_data(as_text=True)
    assert "équipe pédagogique" in html and "<em>vert</em>" in html
    desk = trainer.get("/formateur").get_data(as_text=True)
    assert f'id="q{thread.id}"' not in desk, "answered: off the queue"
    assert f'href="/forum/sujet/{thread.id}">Vert et blanc ?</a>' in desk, "and among the last answered"


def test_a_notification_key_is_used_once(demo):
    learner_id = thread_titled(demo, "Combien de variétés dans un petit bouquet rond ?").author_id
    with demo.app_context():
        with db.atomic():
            first = mail.send(learner_id, "forum_answer", once_key="answer:test", thread_title="x", url="http://x/")
        with db.atomic():
            again = mail.send(learner_id, "forum_answer", once_key="answer:test", thread_title="x", url="http://x/")
    assert first is not None and again is None
    assert mail_jobs(demo) == 1


# Route × role: a question of session A.
ROLES = {
    None: None, "apprenant@petale.test": "A learner", "apprenante2@petale.test": "B learner",
    "formatrice@petale.test": "A trainer", "formateur2@petale.test": "B trainer", "gestion@petale.test": "staff",
    "dpo@petale.test": "dpo",
}
EXPECTED = {
    # route: statuses for anonymous, A learner, B learner, A trainer, B trainer, staff, dpo
    "thread": (302, 200, 404, 200, 404, 200, 403),
    "module": (302, 200, 200, 200, 200, 200, 403),
    "search": (302, 200, 200, 200, 200, 200, 403),
    "edit": (302, 403, 404, 403, 404, 403, 403),
}


@pytest.mark.parametrize("route", sorted(EXPECTED))
def test_route_role_matrix(demo, route):
    thread = thread_titled(demo, "Le blanc compte-t-il comme une couleur ?")
    with demo.app_context():
        first_post = Post.select().where(Post.thread == thread.id).order_by(Post.id).first()
    urls = {
        "thread": f"/forum/sujet/{thread.id}", "module": f"/forum/module/{thread.module_id}",
        "search": "/forum/cours/1/recherche?q=blanc", "edit": f"/forum/message/{first_post.id}/modifier",
    }
    statuses = []
    for email in ROLES:
        client = signed_in(demo, email) if email else demo.test_client()
        statuses.append(client.get(urls[route]).status_code)
    assert tuple(statuses) == EXPECTED[route]


def test_lists_and_search_only_show_the_sessions_own_questions(demo):
    tools = module_named(demo, "Les outils et le végétal")
    a = signed_in(demo, "apprenant@petale.test").get(f"/forum/module/{tools.id}").get_data(as_text=True)
    b = signed_in(demo, "apprenante2@petale.test").get(f"/forum/module/{tools.id}").get_data(as_text=True)
    sécateur = thread_titled(demo, "Sécateur ou couteau pour les roses ?")
    assert f'href="/forum/sujet/{sécateur.id}"' in a and "veille d&#39;un mariage" not in a
    assert "veille d&#39;un mariage" in b and f'href="/forum/sujet/{sécateur.id}"' not in b
    # Session A's answer kept as a reference reaches session B under the module, without the asker.
    references = b[b.index('id="references"'):]
    assert "Le sécateur écrase les vaisseaux" in references and "Antoine" not in references
    found = signed_in(demo, "apprenante2@petale.test").get("/forum/cours/1/recherche?q=couteau").get_data(as_text=True)
    # B finds A's answer kept as a reference (anonymised), never A's thread itself.
    assert f'href="/forum/sujet/{sécateur.id}"' not in found and "Le sécateur écrase" in found
    assert "Antoine" not in found
    found_a = signed_in(demo, "apprenant@petale.test").get("/forum/cours/1/recherche?q=couteau").get_data(as_text=True)
    assert "Sécateur ou couteau" in found_a


def test_posting_into_a_module_of_a_course_one_does_not_follow_is_refused(demo):
    learner = signed_in(demo, "apprenant@petale.test")
    spring = module_named(demo, "Printemps")
    page = f"/forum/module/{spring.id}"
    response = post(learner, f"{page}/questions", {"title": "Hors cours", "body": "?"}, "/mon-espace")
    assert response.status_code == 404  # a course she does not follow: not acknowledged
    with demo.app_context():
        assert not Thread.select().where(Thread.title == "Hors cours").exists()
    other = thread_titled(demo, "Conserver les fleurs la veille d'un mariage")
    refused = post(learner, f"/forum/sujet/{other.id}/reponses", {"body": "intrus"}, page)
    assert refused.status_code == 404


@pytest.mark.parametrize(
    "body, absent",
    [
        ("<script>alert(1)</script>bonjour", "<script"),
        ("[clic](javascript:alert(1))", "javascript:"),
        ('<img src=x onerror="alert(1)">', "onerror"),
        ('<a href="#" onclick="x()">lien</a>', "onclick"),
    ],
)
def test_hostile_markup_is_neutralised(demo, body, absent):
    learner = signed_in(demo, "apprenant@petale.test")
    thread = thread_titled(demo, "Le blanc compte-t-il comme une couleur ?")
    page = f"/forum/sujet/{thread.id}"
    assert post(learner, f"{page}/reponses", {"body": body}, page).status_code == 302
    html = learner.get(page).get_data(as_text=True)
    main = html.split('<main id="contenu">')[1].split("</main>")[0]
    assert absent not in main


def test_one_post_s_markdown_does_not_leak_into_the_next():
    """The converter is reused between posts (building one costs as much as converting): it must be reset."""
    from portal.learning.markup import render_markdown

    first = render_markdown("Voir [le site][ref].\n\n[ref]: https://exemple.test/a")
    assert 'href="https://exemple.test/a"' in first
    second = render_markdown("Et [celui-ci][ref] ?")
    assert "href" not in second and "[celui-ci][ref]" in second
    assert render_markdown("") == ""


def test_a_message_is_rendered_once_when_written_and_older_rows_still_show(demo, monkeypatch):
    """The thread page shows the HTML stored with the message (same row, erased with it); a row written
    before that column (NULL) is rendered when shown."""
    learner = signed_in(demo, "apprenant@petale.test")
    thread = thread_titled(demo, "Le blanc compte-t-il comme une couleur ?")
    page = f"/forum/sujet/{thread.id}"
    answer = post(learner, f"{page}/reponses", {"body": "Le **blanc** et le <script>x</script>gris"}, page)
    assert answer.status_code == 302
    with demo.app_context():
        written = Post.select().order_by(Post.id.desc()).get()
        assert written.body_html == "<p>Le <strong>blanc</strong> et le gris</p>"
        Post.update(body_html=None).where(Post.id == written.id).execute()
    assert "Le <strong>blanc</strong> et le gris" in learner.get(page).get_data(as_text=True)
    renders = []
    monkeypatch.setattr(threads, "render_markdown", lambda text: renders.append(text) or "")
    with demo.app_context():
        Post.update(body_html="<p>déjà rendu</p>").where(Post.thread == thread.id).execute()
    assert "<p>déjà rendu</p>" in learner.get(page).get_data(as_text=True)
    assert renders == []


def test_empty_or_huge_messages_are_refused_in_french(demo):
    learner = signed_in(demo, "apprenant@petale.test")
    thread = thread_titled(demo, "Le blanc compte-t-il comme une couleur ?")
    page = f"/forum/sujet/{thread.id}"
    with demo.app_context():
        before = Post.select().count()
    huge = post(learner, f"{page}/reponses", {"body": "x" * 10_001}, page)
    assert huge.status_code == 422
    assert "Message trop long : 10000 caractères au plus." in unescape(huge.get_data(as_text=True))
    assert post(learner, f"{page}/reponses", {"body": "   "}, page).status_code == 422
    with demo.app_context():
        assert Post.select().count() == before


def test_the_asker_or_a_trainer_marks_the_solution(demo):
    thread = thread_titled(demo, "Le blanc compte-t-il comme une couleur ?")
    with demo.app_context():
        answer = Post.get((Post.thread == thread.id) & Post.by_trainer)
    page = f"/forum/sujet/{thread.id}"
    learner = signed_in(demo, "apprenant@petale.test")
    assert post(learner, f"/forum/message/{answer.id}/solution", {}, page).status_code == 302
    assert thread_titled(demo, "Le blanc compte-t-il comme une couleur ?").solution_id == answer.id
    assert "solution" in learner.get(page).get_data(as_text=True)
    staff = signed_in(demo, "gestion@petale.test")
    assert post(staff, f"/forum/message/{answer.id}/solution", {}, page).status_code == 403


def test_authors_edit_and_delete_within_30_minutes_only(demo):
    learner = signed_in(demo, "apprenant@petale.test")
    thread = thread_titled(demo, "Le blanc compte-t-il comme une couleur ?")
    page = f"/forum/sujet/{thread.id}"
    post(learner, f"{page}/reponses", {"body": "Premier jet"}, page)
    with demo.app_context():
        mine = Post.select().where(Post.body == "Premier jet").get()
    assert post(learner, f"/forum/message/{mine.id}/modifier", {"body": "Version corrigée"},
                f"/forum/message/{mine.id}/modifier").status_code == 302
    with demo.app_context():
        assert Post.get_by_id(mine.id).body == "Version corrigée"
        assert Post.get_by_id(mine.id).body_html == "<p>Version corrigée</p>", "shown as edited, not as written"
        Post.update(created_at=mine.created_at - timedelta(minutes=31)).where(Post.id == mine.id).execute()
    late = post(learner, f"/forum/message/{mine.id}/supprimer", {}, page)
    assert late.status_code == 403 and "dans les 30 minutes" in unescape(late.get_data(as_text=True))
    post(learner, f"{page}/reponses", {"body": "À effacer"}, page)
    with demo.app_context():
        fresh = Post.select().where(Post.body == "À effacer").get()
    assert post(learner, f"/forum/message/{fresh.id}/supprimer", {}, page).status_code == 302
    with demo.app_context():
        deleted = Post.get_by_id(fresh.id)
        assert deleted.body == "" and deleted.body_html is None and deleted.deleted_at is not None
    assert "Message supprimé par son auteur." in learner.get(page).get_data(as_text=True)


def test_staff_hide_a_post_with_a_logged_reason(demo):
    thread = thread_titled(demo, "Le blanc compte-t-il comme une couleur ?")
    with demo.app_context():
        question = Post.select().where(Post.thread == thread.id).order_by(Post.id).first()
    staff = signed_in(demo, "gestion@petale.test")
    page = f"/forum/sujet/{thread.id}"
    assert post(staff, f"/forum/message/{question.id}/masquer", {"reason": ""}, page).status_code == 422
    hidden = post(staff, f"/forum/message/{question.id}/masquer", {"reason": "Données personnelles"}, page)
    assert hidden.status_code == 302
    with demo.app_context():
        entry = ModerationEntry.get(ModerationEntry.post == question.id)
        assert entry.reason == "Données personnelles"
    learner_view = signed_in(demo, "apprenant@petale.test").get(page).get_data(as_text=True)
    assert "Message masqué par la modération." in learner_view
    assert post(signed_in(demo, "formatrice@petale.test"), f"/forum/message/{question.id}/masquer",
                {"reason": "x"}, page).status_code == 403


def test_a_deleted_accounts_messages_are_erased_and_trainer_answers_remain(demo):
    from portal.vault.service import account_id_for_email

    with demo.app_context():
        learner_id = account_id_for_email("apprenant@petale.test")
        moderation.erase_author_content(learner_id)
        mine = list(Post.select().where(Post.author_id == learner_id))
        assert mine and all(p.body == threads.ERASED and p.body_html is None for p in mine)
        assert Post.select().where(Post.by_trainer & (Post.body != threads.ERASED)).count() == 2
        assert Thread.select().where(Thread.author_id == learner_id).first().title == threads.ERASED


def test_a_30_post_page_is_light_and_cheap(demo):
    thread = thread_titled(demo, "Le blanc compte-t-il comme une couleur ?")
    with demo.app_context():
        author = thread.author_id
        Post.insert_many([{"thread": thread.id, "author_id": author,
                           "body": f"Message {n} : **réponse** détaillée " * 3}
                          for n in range(40)]).execute()
    learner = signed_in(demo, "apprenant@petale.test")
    page = f"/forum/sujet/{thread.id}"
    learner.get(page)
    with count_queries() as statements:
        response = learner.get(page)
    html = response.get_data(as_text=True)
    assert html.count('<li id="m') == 30 and "Page 1 sur 2" in html
    assert len(gzip.compress(response.data)) <= 14 * 1024
    assert len(statements) <= 8, statements
    assert learner.get(f"{page}?page=2").get_data(as_text=True).count('<li id="m') == 12


def test_the_trainer_navigation_counts_what_waits_for_them(demo):
    html = signed_in(demo, "formatrice@petale.test").get("/formateur").get_data(as_text=True)
    # Session A: one unanswered question and one uncommented bouquet.
    assert re.search(r'Espace formateur<span id="trainer-waiting"> <span class="badge wait">2<', html)
    other = signed_in(demo, "formateur2@petale.test").get("/formateur").get_data(as_text=True)
    assert re.search(r'Espace formateur<span id="trainer-waiting"> <span class="badge wait">1<', other)


def test_each_message_links_to_its_own_actions(demo):
    """The thread page builds its per-message addresses once (portal.links.item_url): each form and link
    still names its own message."""

    learner = signed_in(demo, "apprenant@petale.test")
    thread = thread_titled(demo, "Le blanc compte-t-il comme une couleur ?")
    page = f"/forum/sujet/{thread.id}"
    post(learner, f"{page}/reponses", {"body": "Tout juste écrit"}, page)
    with demo.app_context():
        ids = [p.id for p in Post.select().where(Post.thread == thread.id).order_by(Post.created_at, Post.id)]
        mine = Post.get(Post.body == "Tout juste écrit").id
    html = learner.get(page).get_data(as_text=True)
    for post_id in ids:
        item = html.split(f'id="m{post_id}"')[1].split("</li>")[0]
        # Her own messages are never offered as the solution of her question; every answer is.
        offered = f'action="/forum/message/{post_id}/solution"' in item
        with demo.app_context():
            by_asker = Post.get_by_id(post_id).author_id == thread.author_id
        assert offered == (not by_asker and post_id != thread.solution_id)
        assert (f'href="/forum/message/{post_id}/modifier"' in item) == (post_id == mine)
        assert (f'action="/forum/message/{post_id}/supprimer"' in item) == (post_id == mine)
    staff = signed_in(demo, "gestion@petale.test").get(page).get_data(as_text=True)
    assert re.findall(r'action="/forum/message/(\d+)/masquer"', staff) == [str(i) for i in ids]


def test_while_she_types_a_question_similar_ones_and_reference_answers_show_before_she_posts(demo):
    b_learner = signed_in(demo, "apprenante2@petale.test")
    tools = module_named(demo, "Les outils et le végétal")
    page = f"/forum/module/{tools.id}"
    token = csrf_token(b_learner.get(page).get_data(as_text=True))
    typed = {"title": "Couteau pour les roses", "body": "Quel outil pour couper les tiges ?", "csrf_token": token}
    fragment = unescape(b_learner.post(f"{page}/semblables", data=typed, headers={"HX-Request": "true"})
                        .get_data(as_text=True))
    assert "<html" not in fragment
    # Session A's answer, kept as a reference, shows without the asker; A's thread itself does not.
    assert "Réponse de référence" in fragment and "Le sécateur écrase les vaisseaux" in fragment
    assert "Antoine" not in fragment and "/forum/sujet/" not in fragment
    # Without JavaScript: the "see similar questions first" button gives the page back, her text kept.
    whole = unescape(b_learner.post(f"{page}/semblables", data=typed).get_data(as_text=True))
    assert "Le sécateur écrase les vaisseaux" in whole and 'value="Couteau pour les roses"' in whole
    assert "Quel outil pour couper les tiges ?</textarea>" in whole
    # Her own session's question shows as a similar question, with its link.
    mine = unescape(b_learner.post(f"{page}/semblables", headers={"HX-Request": "true"}, data={
        **typed, "title": "Garder les fleurs une nuit", "body": "avant un mariage"}).get_data(as_text=True))
    wedding = thread_titled(demo, "Conserver les fleurs la veille d'un mariage")
    assert f'href="/forum/sujet/{wedding.id}"' in mine
    nothing = b_learner.post(f"{page}/semblables", headers={"HX-Request": "true"},
                             data={**typed, "title": "\"*NEAR(", "body": ""})
    assert nothing.status_code == 200


def test_a_trainer_marks_an_answer_as_a_reference_and_every_session_reads_it_anonymised(demo):
    trainer = signed_in(demo, "formatrice@petale.test")
    thread = thread_titled(demo, "Le blanc compte-t-il comme une couleur ?")
    with demo.app_context():
        answer = Post.get((Post.thread == thread.id) & (Post.by_trainer == True))  # noqa: E712
    page = f"/forum/sujet/{thread.id}"
    # Her question stays in her session: without a title in the trainer's words, refused in words.
    untitled = post(trainer, f"/forum/message/{answer.id}/reference", {"on": "1", "title": "   ",
                                                                       "body": "Le blanc est neutre."}, page)
    refused = unescape(untitled.get_data(as_text=True))
    # The discussion comes back with the form open under the answer, her text kept, the reason beside it.
    assert untitled.status_code == 422 and "titre" in refused and "Le blanc est neutre." in refused
    assert "Le blanc compte-t-il comme une couleur ?" in refused
    assert "<details class=\"reference-form\" open>" in refused
    marked = post(trainer, f"/forum/message/{answer.id}/reference",
                  {"on": "1", "title": "Le blanc et le vert dans une harmonie",
                   "body": "Non : le blanc et le vert du feuillage sont des neutres, ils ne comptent pas."}, page)
    assert marked.status_code == 302
    colours = module_named(demo, "Les couleurs")
    b_page = unescape(signed_in(demo, "apprenante2@petale.test").get(f"/forum/module/{colours.id}")
                      .get_data(as_text=True))
    references = b_page[b_page.index('id="references"'):]
    assert "le blanc et le vert du feuillage sont des neutres" in references and "Antoine" not in references
    assert "Le blanc et le vert dans une harmonie" in references
    assert "Le blanc compte-t-il comme une couleur ?" not in references  # the asker's words
    # A learner's own message is never a reference, and nonsense is refused in words.
    with demo.app_context():
        question = Post.get((Post.thread == thread.id) & (Post.by_trainer == False))  # noqa: E712
    assert post(trainer, f"/forum/message/{question.id}/reference", {"on": "1"}, page).status_code == 403
    assert post(trainer, f"/forum/message/{answer.id}/reference", {"on": "oui"}, page).status_code == 400
    unmarked = post(trainer, f"/forum/message/{answer.id}/reference", {"on": "0"}, page)
    assert unmarked.status_code == 302
    with demo.app_context():
        assert Post.get_by_id(answer.id).reference_at is None


def test_a_question_asked_from_a_lesson_names_it_for_the_trainer(demo):
    learner = signed_in(demo, "apprenant@petale.test")
    colours = module_named(demo, "Les couleurs")
    with demo.app_context():
        lesson = colours.lessons.order_by(Lesson.position).first()
        other = Lesson.select().where(Lesson.module != colours.id).first()
    page = f"/forum/module/{colours.id}?lecon={lesson.id}"
    html = unescape(learner.get(page).get_data(as_text=True))
    assert f"À propos de la leçon « {lesson.title} »." in html
    assert post(learner, f"/forum/module/{colours.id}/questions",
                {"title": "Depuis la leçon", "body": "Texte", "lesson": str(lesson.id)}, page).status_code == 302
    # Another module's lesson, or anything else, is simply not recorded.
    for value in (str(other.id), "abc", "9" * 30):
        title = f"Leçon {value[:5]}"
        assert post(learner, f"/forum/module/{colours.id}/questions",
                    {"title": title, "body": "Texte", "lesson": value}, page).status_code == 302
        assert thread_titled(demo, title).lesson_id is None
    assert thread_titled(demo, "Depuis la leçon").lesson_id == lesson.id


def test_the_questions_of_a_course_she_does_not_follow_answer_404_and_show_no_draft_title(demo):
    with demo.app_context():
        draft = Course.create(slug="brouillon-secret", title="Formation secrète en préparation", published=False,
                              objectives="x", price_cents=0, duration_hours=7, nsf_code="215")
        hidden = Module.create(course=draft, title="Module secret", position=1, theme="couleurs")
    for email in ("apprenant@petale.test", "formatrice@petale.test"):
        client = signed_in(demo, email)
        for url in (f"/forum/module/{hidden.id}", f"/forum/cours/{draft.id}/recherche?q=secret"):
            response = client.get(url)
            assert response.status_code == 404 and "secret" not in response.get_data(as_text=True), (email, url)
    staff = signed_in(demo, "gestion@petale.test")
    assert staff.get(f"/forum/module/{hidden.id}").status_code == 200


def test_the_question_form_carries_the_title_limit_the_service_keeps(demo):
    from portal.forum.threads import TITLE_MAX

    colours = module_named(demo, "Les couleurs")
    page = signed_in(demo, "apprenant@petale.test").get(f"/forum/module/{colours.id}").get_data(as_text=True)
    title = re.search(r'<input[^>]*name="title"[^>]*>', page).group(0)
    assert f'maxlength="{TITLE_MAX}"' in title
