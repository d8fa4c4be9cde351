"""Demo questions in both sessions: some answered, one marked solved and kept as a reference answer,
one asked from a lesson."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from portal.forum.models import Post, Thread
from portal.forum.writing import rendered
from portal.learning.models import Lesson, Module, SessionTrainer, TrainingSession
from portal.vault import service as vault

QUESTIONS = [
    # (session title, module title, asker email, title, question, trainer answer, solved, days ago)
    ("Session A", "Les outils et le végétal", "apprenant@petale.test",
     "Sécateur ou couteau pour les roses ?",
     "Dans la vidéo la tige est coupée au couteau. Est-ce que je peux utiliser mon **sécateur** ?",
     "Le sécateur écrase les vaisseaux des tiges tendres : gardez-le pour les tiges ligneuses. "
     "Pour les roses, un couteau bien affûté, coupe en biseau.", True, 9),
    ("Session A", "Les couleurs", "apprenant@petale.test",
     "Le blanc compte-t-il comme une couleur ?",
     "Dans un camaïeu de roses, si j'ajoute du gypsophile blanc, est-ce que je casse l'harmonie ?",
     "Non : le blanc et le vert du feuillage sont des neutres, ils ne comptent pas dans l'harmonie.", False, 4),
    ("Session A", "Les couleurs", "apprenant@petale.test",
     "Combien de variétés dans un petit bouquet rond ?",
     "Pour un bouquet à 40 €, combien de variétés différentes conseillez-vous ?", None, False, 1),
    ("Session B", "Les outils et le végétal", "apprenante2@petale.test",
     "Conserver les fleurs la veille d'un mariage",
     "Je dois préparer des bouquets la veille : où les garder pendant la nuit ?", None, False, 2),
]

REFERENCE_TITLES = {"Sécateur ou couteau pour les roses ?": "Couper les roses : sécateur ou couteau"}


def seed_forum(today) -> None:
    if Thread.select().exists():
        return
    for session_title, module_title, asker_email, title, question, answer, solved, days_ago in QUESTIONS:
        session = TrainingSession.get_or_none(TrainingSession.title == session_title)
        module = Module.get_or_none(Module.title == module_title)
        asker = vault.account_id_for_email(asker_email)
        if session is None or module is None or asker is None:
            continue
        asked = datetime.combine(today - timedelta(days=days_ago), time(18, 15))
        # The question on the module's first lesson, as the player's link records it.
        lesson = Lesson.select().where(Lesson.module == module).order_by(Lesson.position, Lesson.id).first()
        thread = Thread.create(module=module, session=session, author_id=asker, title=title, created_at=asked,
                               last_activity_at=asked, lesson=lesson if not answer else None)
        Post.create(thread=thread, author_id=asker, body=question, body_html=rendered(question), created_at=asked)
        if answer:
            trainer_id = SessionTrainer.get(SessionTrainer.session == session).account_id
            answered = asked + timedelta(hours=20)
            reply = Post.create(thread=thread, author_id=trainer_id, body=answer, body_html=rendered(answer),
                                by_trainer=True, created_at=answered, reference_at=answered if solved else None,
                                # A reference is shown under its trainer's title, never the asker's.
                                reference_title=REFERENCE_TITLES.get(title) if solved else None,
                                reference_body=answer if solved else None,
                                reference_body_html=rendered(answer) if solved else None)
            Thread.update(answered_at=answered, last_activity_at=answered,
                          solution_id=reply.id if solved else None).where(Thread.id == thread.id).execute()
