"""Demo briefs (one per harmony) and two submissions from apprenant@petale.test, one commented."""
from __future__ import annotations

import dataclasses
from datetime import datetime, time, timedelta

from portal.bouquets import drafts
from portal.bouquets.engine.builder import Group
from portal.bouquets.models import Brief, Comment, Submission
from portal.learning import xapi
from portal.learning.models import LearningEvent, Lesson
from portal.vault import service as vault

BRIEFS = [
    ("Anniversaire tout en rose", "anniversaire", 4000, "camaieu", 5, 25),
    ("Remerciements ton sur ton", "remerciements", 3500, "monochrome", 5, 25),
    ("Fête d'automne contrastée", "anniversaire", 4500, "complementaire", 10, 25),
    ("Naissance en complémentaires divisées", "naissance", 5000, "complementaire-divise", 6, 25),
    ("Jardin d'été en triade", "anniversaire", 5000, "triade", 7, 30),
    ("Bouquet bariolé de fête", "mariage", 6000, "polychrome", 6, 30),
]

GOOD = [
    Group("rose-de-jardin", "#F9C6C9", 1, 40, 0),
    Group("rose-branchue", "#F7A8B8", 3, 40, 1),
    Group("alstroemeria", "#F7A1C4", 3, 40, 1),
    Group("oeillet-branchu", "#F4A6C1", 3, 40, 2),
    Group("pittosporum", "#9DBF73", 3, 40, 2),
]


def seed_bouquets(today) -> None:
    lesson = Lesson.get_or_none(Lesson.title == "Exercice : un bouquet en camaïeu")
    staff = vault.account_id_for_email("gestion@petale.test")
    learner = vault.account_id_for_email("apprenant@petale.test")
    trainer = vault.account_id_for_email("formatrice@petale.test")
    if lesson is None or None in (staff, learner, trainer) or Brief.select().exists():
        return
    briefs = [
        Brief.create(lesson=lesson, title=title, occasion=occasion, budget_cents=budget, harmony=harmony, month=month,
                     style="rond", vase_height_cm=vase, created_by=staff)
        for title, occasion, budget, harmony, month, vase in BRIEFS
    ]
    pink = briefs[0]
    # First attempt: a stem turned the wrong way and even counts.
    first_try = [GOOD[0], dataclasses.replace(GOOD[1], count=4), GOOD[2],
                 dataclasses.replace(GOOD[3], direction="ccw"), GOOD[4]]
    attempts = []
    for groups, days_ago in ((first_try, 6), (GOOD, 3)):
        drafts.set_tie_height(learner, pink, 25)
        for index in reversed(range(len(drafts.workshop(learner, pink).groups))):
            drafts.remove_group(learner, pink, index)
        for group in groups:
            drafts.add_group(learner, pink, group)
        submission = drafts.submit(learner, pink)
        when = datetime.combine(today - timedelta(days=days_ago), time(17, 0))
        Submission.update(submitted_at=when).where(Submission.id == submission.id).execute()
        LearningEvent.update(timestamp=when).where(
            (LearningEvent.account_id == learner) & (LearningEvent.verb == xapi.SUBMITTED)
            & (LearningEvent.timestamp > when)).execute()
        attempts.append(submission)
    Comment.create(submission=attempts[0].id, trainer_id=trainer,
                   created_at=datetime.combine(today - timedelta(days=5), time(9, 0)),
                   body="Belle harmonie ! Attention au sens de la spirale sur les œillets, "
                        "et travaille en nombre impair.")
