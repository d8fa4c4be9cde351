"""The engine's French words in the reader's language: the trainer's sentences and the criteria names.

The engine keeps the spec's French (portal/bouquets/engine/feedback.py); here a sentence is said again
from its key and raw values through the translation catalogue.
"""
from __future__ import annotations

from babel.dates import get_month_names
from flask_babel import get_locale, gettext

from portal.bouquets.engine.feedback import FEEDBACK, HARMONY_LABELS, Sentence


def spoken(sentence: str) -> str:
    """A Sentence in the current language; any other text (a stored attempt's) as it is."""
    locale = get_locale()
    if not isinstance(sentence, Sentence) or locale is None or locale.language == "fr":
        return sentence
    values = dict(sentence.values)
    if "month" in values:
        values["month"] = get_month_names("wide", locale=locale)[values["month"]]
    for name in ("wanted", "found"):
        if name in values:
            values[name] = gettext(HARMONY_LABELS[values[name]])
    return gettext(FEEDBACK[sentence.key]).format(**values)


def recorded(evaluation: dict) -> list[str]:
    """A stored attempt's sentences: as stored for French readers, said again for others when the attempt
    kept their keys (attempts stored before keys were kept stay in French)."""
    locale = get_locale()
    said = evaluation.get("said")
    if locale is None or locale.language == "fr" or not said or len(said) != len(evaluation["feedback"]):
        return list(evaluation["feedback"])
    return [spoken(Sentence(item["key"], **item["values"])) for item in said]
