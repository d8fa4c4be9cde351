"""The workshop's criteria as a group of learners met them, for aggregates (portal.improvement): for each
brief of a lesson, each counted person's first submission and the criteria it missed. Only the people
their standing lets be counted are read (portal.standing.objection.counted)."""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field

from portal.bouquets.models import Brief, Submission
from portal.standing.objection import counted


@dataclass
class BriefCriteria:
    brief_id: int
    title: str
    people: int = 0  # counted people who submitted a bouquet for it
    missed: dict[str, int] = field(default_factory=dict)  # criterion label -> people whose first bouquet missed it


def missed_by_brief(session_ids: list[int], lesson_id: int) -> list[BriefCriteria]:
    """A criterion is missed when it applied to the bouquet and did not get its full score."""
    rows = (Submission.select(Submission.account_id, Submission.snapshot, Brief.id, Brief.title)
            .join(Brief)
            .where((Brief.lesson == lesson_id) & Submission.session.in_(session_ids)
                   & counted(Submission.account_id))
            .order_by(Submission.submitted_at, Submission.id).tuples())
    briefs: dict[int, BriefCriteria] = {}
    seen: set[tuple[uuid.UUID, int]] = set()
    for account_id, snapshot, brief_id, title in rows:
        if (account_id, brief_id) in seen:
            continue
        seen.add((account_id, brief_id))
        found = briefs.setdefault(brief_id, BriefCriteria(brief_id, title))
        found.people += 1
        for criterion in _criteria(snapshot):
            score = criterion.get("score")
            if score is not None and score < 1.0:
                label = str(criterion.get("label") or criterion.get("code") or "?")
                found.missed[label] = found.missed.get(label, 0) + 1
    return sorted(briefs.values(), key=lambda brief: brief.brief_id)


def _criteria(snapshot: str) -> list[dict]:
    try:
        evaluation = json.loads(snapshot).get("evaluation", {})
    except (ValueError, AttributeError):
        return []
    criteria = evaluation.get("criteria", []) if isinstance(evaluation, dict) else []
    return [c for c in criteria if isinstance(c, dict)]
