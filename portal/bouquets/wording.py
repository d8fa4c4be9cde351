"""The engine's French words in the reader's language: the trainer's sentences, the criteria names and
what each criterion measured.

The engine keeps the spec's French (portal/bouquets/engine/feedback.py); here a text is said again from
its key and raw values through the translation catalogue.
"""
from __future__ import annotations

from babel.dates import get_month_names
from flask_babel import get_locale, gettext
from flask_babel import lazy_gettext as _l

from portal.bouquets.engine.feedback import Measure, Sentence, Worded, words_for


def _reader_is_french() -> bool:
    from portal.i18n import reader_language  # portal.i18n registers this module's filters

    return reader_language() == "fr"


def spoken(text: str) -> str:
    """A Sentence or Measure in the current language; any other text as it is."""
    if not isinstance(text, Worded) or _reader_is_french():
        return text
    months = get_month_names("wide", locale=get_locale())
    values = words_for(text.values, gettext, [months[number] for number in range(1, 13)])
    return gettext(type(text).texts[text.key]).format(**values)


def said(text: Worded) -> dict:
    """What a stored attempt keeps of a text to say it again later (JSON)."""
    return {"key": text.key, "values": text.values}


def recorded(evaluation: dict) -> list[str]:
    """A stored attempt's sentences: as stored for French readers, said again for others when the attempt
    kept their keys (attempts stored before keys were kept stay in French)."""
    kept = evaluation.get("said")
    if _reader_is_french() or not kept or len(kept) != len(evaluation["feedback"]):
        return list(evaluation["feedback"])
    return [spoken(Sentence(item["key"], **item["values"])) for item in kept]


def recorded_measure(criterion: dict) -> str:
    kept = criterion.get("measured")
    if _reader_is_french() or not kept:
        return criterion["measure"]
    return spoken(Measure(kept["key"], **kept["values"]))


# A brief's values are stored as codes (the engine's); people read them as words, in their language.
BRIEF_WORDS = {
    "occasion": {"anniversaire": _l("anniversaire"), "remerciements": _l("remerciements"),
                 "naissance": _l("naissance"), "mariage": _l("mariage"), "deuil": _l("deuil"),
                 "saint-valentin": _l("Saint-Valentin"), "fete-des-meres": _l("fête des mères")},
    "harmony": {"libre": _l("libre"), "monochrome": _l("monochrome"), "camaieu": _l("camaïeu"),
                "complementaire": _l("complémentaire"), "complementaire-divise": _l("complémentaire divisée"),
                "triade": _l("triade"), "polychrome": _l("polychrome")},
    "style": {"rond": _l("rond"), "structure": _l("structuré")},
}


def brief_word(code: str, kind: str) -> str:
    """The word for a brief's occasion, harmony or style; an unknown code as it is."""
    word = BRIEF_WORDS[kind].get(code)
    return str(word) if word is not None else code


def month_name(number: int) -> str:
    return get_month_names("wide", locale=get_locale())[number]
