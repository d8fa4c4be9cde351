"""Two tries of one exercise side by side: what changed between them, in words."""
from __future__ import annotations

import json
from dataclasses import dataclass

from portal.bouquets.models import Submission


@dataclass(frozen=True)
class Comparison:
    """What changed from one try to the next: stems by species and colour, the tie, the criteria."""

    before: Submission
    after: Submission
    added: list[tuple[str, str, int]]  # (species id, colour, stems)
    removed: list[tuple[str, str, int]]
    tie: tuple[float, float] | None
    better: list[str]  # criteria labels (French, translated by the page)
    worse: list[str]

    @property
    def score_change(self) -> int:
        return self.after.total - self.before.total


def _stems_by_kind(data: dict) -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = {}
    for group in data["groups"]:
        key = (group["species_id"], group["colour"])
        counts[key] = counts.get(key, 0) + group["count"]
    return counts


def compare(before: Submission, after: Submission) -> Comparison:
    old, new = json.loads(before.snapshot), json.loads(after.snapshot)
    old_stems, new_stems = _stems_by_kind(old), _stems_by_kind(new)
    kinds = sorted(set(old_stems) | set(new_stems))
    added = [(*kind, new_stems.get(kind, 0) - old_stems.get(kind, 0)) for kind in kinds
             if new_stems.get(kind, 0) > old_stems.get(kind, 0)]
    removed = [(*kind, old_stems.get(kind, 0) - new_stems.get(kind, 0)) for kind in kinds
               if old_stems.get(kind, 0) > new_stems.get(kind, 0)]
    tie = (old["tie_height_cm"], new["tie_height_cm"]) if old["tie_height_cm"] != new["tie_height_cm"] else None
    old_scores = {c["code"]: c["score"] for c in old["evaluation"]["criteria"]}
    better, worse = [], []
    for criterion in new["evaluation"]["criteria"]:
        was, now = old_scores.get(criterion["code"]), criterion["score"]
        if was is None or now is None or was == now:
            continue
        (better if now > was else worse).append(criterion["label"])
    return Comparison(before, after, added, removed, tie, better, worse)
