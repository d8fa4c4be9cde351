"""The engine's French words in the reader's language: the trainer's sentences, the criteria names and
what each criterion measured.

The engine keeps the spec's French (portal/bouquets/engine/feedback.py); here a text is said again from
its key and raw values through the translation catalogue.
"""
from __future__ import annotations

from babel.dates import get_month_names
from flask_babel import get_locale, get_translations, gettext
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from portal.bouquets.engine.colour import family, nuance
from portal.bouquets.engine.feedback import ENGLISH_NUMBERS, TIPS, Counted, Measure, Sentence, Tip, Worded, words_for
from portal.bouquets.species_words import name_in_words, species_name
from portal.i18n import reader_language


def _reader_is_french() -> bool:
    return reader_language() == "fr"


def spoken(text: str) -> str:
    """A Sentence or Measure in the current language; any other text as it is."""
    if not isinstance(text, Worded) or _reader_is_french():
        return text
    months = get_month_names("wide", locale=get_locale())
    values = words_for(text.values, gettext, [months[number] for number in range(1, 13)], ENGLISH_NUMBERS)
    if "species" in values:
        values["species"] = name_in_words(values["species"])
    template = type(text).texts[text.key]
    if isinstance(template, Counted):
        worded = get_translations().ungettext(template.one, template.many, text.values[template.count])
    else:
        worded = gettext(template)
    return ENGLISH_NUMBERS.format(worded, **values)


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


def recorded_advice(criterion: dict) -> list[str]:
    """What to change for a stored criterion (attempts stored before advice was kept have none)."""
    kept = criterion.get("advised") or []
    if _reader_is_french() or len(kept) != len(criterion.get("advice", [])):
        return list(criterion.get("advice", []))
    return [spoken((Tip if item["key"] in TIPS else Sentence)(item["key"], **item["values"])) for item in kept]


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


# Flowers whose French name is feminine: "une pivoine blanche". A colour with a shade stays as it is
# ("une pivoine bleu foncé"), and rose, rouge, jaune and orange do not change.
FEMININE_SPECIES = frozenset({
    "rose-standard", "rose-branchue", "rose-de-jardin", "pivoine", "renoncule", "anemone", "tulipe", "alstroemeria",
    "giroflee", "molucelle", "veronique", "amaryllis", "protea-royale", "scabieuse", "gypsophile", "alchemille",
    "fougere-cuir", "herbe-d-ours",
})
FEMININE_COLOURS = {"blanc": _l("blanche"), "vert": _l("verte"), "bleu": _l("bleue"), "violet": _l("violette")}


def colour_name(hex_colour: str, species_id: str | None = None) -> str:
    """A catalogue colour in words, in the reader's language and agreeing with the flower's name
    ("rose pâle", "pivoine blanche", "pale pink"), never as hex."""
    shade = nuance(hex_colour)
    if not shade:
        feminine = species_id in FEMININE_SPECIES and family(hex_colour) in FEMININE_COLOURS
        return str(FEMININE_COLOURS[family(hex_colour)]) if feminine else gettext(family(hex_colour))
    return gettext("%(colour)s %(nuance)s", colour=gettext(family(hex_colour)), nuance=gettext(shade))


RING_WORDS = (_l("au centre"), _l("au milieu"), _l("au bord"))


def stems_in_words(groups: list[dict]) -> list[Markup]:
    """A stored bouquet's groups as a person reads them: "3 × Renoncule orange vif, 40 cm, au milieu", with
    "sens inverse" and "non effeuillée" when so, as the workshop showed them."""
    lines = []
    for group in groups:
        ring = str(RING_WORDS[group["ring"]]) if 0 <= group["ring"] < len(RING_WORDS) else ""
        words = [Markup("{} × {} {}").format(group["count"], species_name(group["species_id"]),
                                            colour_name(group["colour"], group["species_id"])),
                 f"{group['cut_length_cm']} cm", ring]
        if group.get("direction") == "ccw":
            words.append(gettext("sens inverse"))
        if not group.get("stripped_below_tie", True):
            words.append(gettext("non effeuillée"))
        lines.append(Markup(", ").join(words))
    return lines
