"""/forum/module/<id>, /forum/sujet/<id>, posts' solution, edit, delete and moderation, course search."""
from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.access import roles_required
from portal.errors import render_error
from portal.forum import moderation, new_answers, similar, threads, writing
from portal.forum.forms import AskForm, HideForm, MessageForm, ReferenceForm
from portal.fragments import wants_fragment
from portal.learning.models import Module
from portal.pages import Page, found_or_404
from portal.timeutil import utcnow

bp = Blueprint("forum", __name__, url_prefix="/forum")
MEMBERS = ("learner", "trainer", "staff")


def _page_number() -> int:
    raw = request.args.get("page", "1")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 10_000 else 1


def _scope() -> threads.Scope:
    """The sessions this person may read, worked out once per request (a page asks several times)."""
    if "forum_scope" not in g:
        g.forum_scope = threads.scope_for(current_user)
    return g.forum_scope


def _thread(thread_id: int):
    return found_or_404(threads.visible_thread(_scope(), thread_id))  # another session's question: not acknowledged


def _post(post_id: int):
    post = found_or_404(threads.post_or_none(post_id))
    return _thread(post.thread_id), post


def _module_in_scope(module_id: int) -> Module:
    return found_or_404(threads.module_or_none(_scope(), module_id))


def _lesson_arg() -> str:
    raw = request.args.get("lecon", "")
    return raw if raw.isdigit() and len(raw) < 10 else ""


def _module(module: Module, form: AskForm, *, found: similar.Similar | None = None) -> dict:
    page = _page_number()
    listed, total = threads.module_threads(_scope(), module, page)
    lesson = writing.lesson_of(module, form.lesson_id)
    return {"module": module, "threads": listed, "total": total, "page": page, "per_page": threads.THREADS_PER_PAGE,
            "form": form, "found": found, "lesson_title": lesson.title if lesson else None,
            "references": similar.module_references(module.id)}


MODULE = Page("forum/module.html", _module)


@bp.route("/module/<int:module_id>")
@roles_required(*MEMBERS)
def module(module_id: int):
    module = _module_in_scope(module_id)
    return MODULE.show(module, AskForm(formdata=None, lesson=_lesson_arg()))


@bp.route("/module/<int:module_id>/semblables", methods=["POST"])
@roles_required("learner")
def similar_questions(module_id: int):
    """What was already asked and answered like the question she is typing: as she types (htmx), or
    with the "Voir les questions semblables" button without JavaScript."""
    module = _module_in_scope(module_id)
    form = AskForm()
    text = f"{form.title.data or ''} {form.body.data or ''}"[:2000]
    found = similar.similar(_scope(), module.course_id, text) if text.strip() else None
    if wants_fragment():
        return render_template("forum/_similar.html", found=found)
    return MODULE.show(module, form, found=found)


@bp.route("/module/<int:module_id>/questions", methods=["POST"])
@roles_required("learner")
def ask(module_id: int):
    module = _module_in_scope(module_id)
    form = AskForm()
    if not form.validate():
        return MODULE.show(module, form)
    try:
        thread = writing.ask(current_user, module, form.title.data, form.body.data, lesson_id=form.lesson_id)
    except threads.ForumRefused as refusal:
        return MODULE.refuse(refusal, module, form, on=form)
    flash(_("Question envoyée aux formateurs de votre session."), "success")
    return redirect(url_for("forum.thread", thread_id=thread.id))


def _thread_context(thread, *, body: str = "", reference: dict | None = None) -> dict:
    """body: an answer refused, as typed. reference: a reference form refused, as typed (post id, title,
    text), shown open under its post with the refusal (not at the page's top)."""
    page = _page_number()
    posts, total = threads.thread_posts(thread, page)
    return {"thread": thread, "posts": posts, "total": total, "page": page, "per_page": threads.PAGE_SIZE,
            "body": body, "now": utcnow(), "edit_window": threads.EDIT_WINDOW, "reference": reference or {}}


THREAD = Page("forum/thread.html", _thread_context)
# The answer's result, swapped under the thread when she answered with JavaScript on.
ANSWER_RESULT = Page("forum/_answer_result.html", lambda thread: {"thread": thread})
# A message being edited: its text as typed, and the refusal above it.
EDIT = Page("forum/edit.html", lambda thread, post, body: {"thread": thread, "post": post, "body": body})


@bp.route("/sujet/<int:thread_id>")
@roles_required(*MEMBERS)
def thread(thread_id: int):
    return THREAD.show(_thread(thread_id))


@bp.route("/sujet/<int:thread_id>/lu", methods=["POST"])
@roles_required("learner")
def read_answers(thread_id: int):
    """« Lire la réponse » from her space: the answers are read, the line leaves her space (a POST: a GET
    never writes)."""
    new_answers.mark_read(current_user.id, _thread(thread_id))
    return redirect(url_for("forum.thread", thread_id=thread_id) + "#fin", 303)


@bp.route("/sujet/<int:thread_id>/reponses", methods=["POST"])
@roles_required("learner", "trainer")
def reply(thread_id: int):
    thread = _thread(thread_id)
    form = MessageForm()
    body = form.body.data or ""
    try:
        if not form.validate():
            raise threads.ForumRefused(next(iter(form.body.errors or form.csrf_token.errors)))
        writing.reply(current_user, thread, body)
    except threads.ForumRefused as refusal:
        if wants_fragment():
            return ANSWER_RESULT.refuse(refusal, thread)
        return THREAD.refuse(refusal, thread, body=body)
    if wants_fragment():
        return ANSWER_RESULT.show(thread)
    _, total = threads.thread_posts(thread, 1)
    last_page = max(1, -(-total // threads.PAGE_SIZE))
    return redirect(url_for("forum.thread", thread_id=thread_id, page=last_page) + "#fin")


def _act(post_id: int, action):
    thread, post = _post(post_id)
    try:
        action(thread, post)
    except threads.ForumRefused as refusal:
        return render_error(403, str(refusal))
    return redirect(url_for("forum.thread", thread_id=thread.id))


@bp.route("/message/<int:post_id>/solution", methods=["POST"])
@roles_required("learner", "trainer")
def solution(post_id: int):
    return _act(post_id, lambda thread, post: writing.mark_solution(current_user, thread, post))


@bp.route("/message/<int:post_id>/reference", methods=["POST"])
@roles_required("trainer")
def reference(post_id: int):
    form = ReferenceForm()
    if form.on.data not in ("0", "1"):
        return render_error(400, _("Requête incomplète : rechargez la page et réessayez."))
    on = form.on.data == "1"
    thread, post = _post(post_id)
    typed = {"post": post.id, "title": form.title.data or "", "body": form.body.data or ""}
    if not form.validate():
        return THREAD.refuse(None, thread, reference=typed, on=form)
    try:
        writing.set_reference(current_user, thread, post, on, form.title.data or "", form.body.data or "")
    except threads.ForumRefused as refusal:
        if not post.by_trainer:
            return render_error(403, str(refusal))
        # Her words as she typed them, the form open under the answer, the reason beside it.
        return THREAD.refuse(refusal, thread, reference=typed)
    flash(_("Réponse de référence : visible sous le module par toutes les sessions, sans le nom de la personne qui "
            "demandait.") if on else _("Ce n'est plus une réponse de référence."), "success")
    return redirect(url_for("forum.thread", thread_id=thread.id) + f"#m{post.id}")


@bp.route("/message/<int:post_id>/supprimer", methods=["POST"])
@roles_required("learner", "trainer")
def delete(post_id: int):
    def drop(thread, post):
        writing.delete(current_user, post)
        similar.purge_erased_terms()  # the text leaves the search index's pages too

    return _act(post_id, drop)


@bp.route("/message/<int:post_id>/masquer", methods=["POST"])
@roles_required("staff")
def hide(post_id: int):
    thread, post = _post(post_id)
    form = HideForm()
    try:
        if not form.validate():
            raise threads.ForumRefused(next(iter(form.reason.errors or form.csrf_token.errors)))
        moderation.hide(current_user, post, form.reason.data)
    except threads.ForumRefused as refusal:
        return THREAD.refuse(refusal, thread)
    flash(_("Message masqué ; la raison est consignée."), "success")
    return redirect(url_for("forum.thread", thread_id=thread.id))


@bp.route("/message/<int:post_id>/modifier", methods=["GET", "POST"])
@roles_required("learner", "trainer")
def edit(post_id: int):
    thread, post = _post(post_id)
    try:
        writing.check_editable(current_user, post)
    except threads.ForumRefused as refusal:
        return render_error(403, str(refusal))
    if request.method == "GET":
        return EDIT.show(thread, post, post.body)
    form = MessageForm()
    try:
        if not form.validate():
            raise threads.ForumRefused(next(iter(form.body.errors or form.csrf_token.errors)))
        writing.edit(current_user, post, form.body.data)
    except threads.ForumRefused as refusal:
        return EDIT.refuse(refusal, thread, post, form.body.data or "")
    return redirect(url_for("forum.thread", thread_id=thread.id))


@bp.route("/cours/<int:course_id>/recherche")
@roles_required(*MEMBERS)
def search(course_id: int):
    course = found_or_404(threads.course_or_none(_scope(), course_id))
    words = request.args.get("q", "")[:100]
    results = similar.search(_scope(), course.id, words) if words.strip() else []
    references = similar.similar(_scope(), course.id, words).references if words.strip() else []
    return render_template("forum/search.html", course=course, words=words, results=results,
                           references=references)
