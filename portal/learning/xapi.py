"""xAPI 1.0.3 vocabulary used by learning events (ADL verbs registry)."""
from __future__ import annotations

EXPERIENCED = "http://adlnet.gov/expapi/verbs/experienced"  # a lesson was opened
COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
ATTEMPTED = "http://adlnet.gov/expapi/verbs/attempted"  # a quiz attempt, with score and success
SUBMITTED = "http://activitystrea.ms/schema/1.0/submit"  # an exercise handed in

VERB_LABELS = {EXPERIENCED: "experienced", COMPLETED: "completed", ATTEMPTED: "attempted", SUBMITTED: "submitted"}


def iso_duration(seconds: int) -> str:
    """ISO 8601 duration, as xAPI results carry it."""
    return f"PT{int(seconds)}S"
