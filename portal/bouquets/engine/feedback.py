"""The trainer's sentences of the spec (section 4), keyed by the mistake detected.

The engine speaks French, in the spec's words. Each sentence keeps its key and raw values, so the
English interface can say it in English (portal/bouquets/wording.py); N_ marks the texts for the
translation catalogue without translating them here.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar


def N_(text: str) -> str:  # noqa: N802 (Babel's extraction keyword, pybabel extract -k N_)
    return text


FEEDBACK = {
    "spiral": N_("Une tige part dans l'autre sens : garde toujours le même sens de vrille."),
    "tie_high": N_("Point de liage trop haut : tes fleurs sont tassées, descends la main."),
    "tie_low": N_("Point de liage trop bas : le bouquet va s'ouvrir et manquer de tenue."),
    "too_short": N_("Bouquet trop court pour le vase : il doit mesurer 1,5 à 2 fois sa hauteur."),
    "too_tall": N_("Bouquet trop haut : il écrase le contenant, raccourcis tes tiges."),
    "outline": N_("Ligne irrégulière : des têtes dépassent, d'autres s'enfoncent."),
    "focal": N_("Où regarde-t-on ? Choisis une fleur de valeur et place-la au cœur."),
    "even": N_("Travaille en nombre impair : 3, 5 ou 7 tiges par variété."),
    "unrelated_colours": N_("Trop de couleurs sans lien : choisis une harmonie (camaïeu, complémentaires…)."),
    "no_dominant": N_("Aucune couleur ne domine : donne la vedette à une teinte."),
    "unbalanced": N_("Le bouquet penche visuellement : répartis les fleurs foncées et les grosses têtes."),
    "clumped": N_("Les tiges de {species} sont toutes du même côté : fais-les tourner autour du bouquet."),
    "big_at_edge": N_("Les grosses fleurs au centre, les plus légères vers l'extérieur."),
    "no_foliage": N_("Pense au feuillage : il aère, soutient et met en valeur les fleurs."),
    "too_much_foliage": N_("Trop de feuillage : le client paie des fleurs."),
    "holes": N_("Il y a des trous : comble avec du remplissage ou du feuillage."),
    "leaves_below": N_("Effeuille sous le point de liage : les feuilles pourrissent dans l'eau."),
    "over_budget": N_("Tu dépasses le budget client : retire ou remplace une fleur chère."),
    "too_thin": N_("Le bouquet est trop maigre pour ce prix : le client doit en avoir pour son argent."),
    "decor": N_("Attention : décor trop cher, la TVA à 10 % ne s'applique plus à tout."),
    "keeps_growing": N_("Tulipes et anémones continuent de pousser : elles vont dépasser."),
    "out_of_season": N_("{species} en {month} ? Propose une fleur de saison."),
    "vase_life": N_("Tes fleurs ne vivront pas autant : le bouquet fanera par morceaux."),
    "brief_harmony": N_("Le client voulait un bouquet {wanted} : ton harmonie est {found}."),
    "tie_width": N_("Ton lien est trop large : un centimètre suffit pour tenir la spirale."),
    "shape": N_("La forme ne correspond pas au style demandé : revois l'inclinaison de tes tiges."),
}

MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
             "novembre", "décembre")

HARMONY_LABELS = {
    "libre": N_("libre"), "monochrome": N_("ton sur ton"), "camaieu": N_("en camaïeu"),
    "complementaire": N_("en complémentaires"), "complementaire-divise": N_("en complémentaires divisées"),
    "triade": N_("en triade"), "polychrome": N_("polychrome"),
}


MEASURES = {
    "binding": N_("r = {r:.2f}"),
    "no_vase": N_("sans vase"),
    "vase_ratio": N_("{ratio:.2f} × la hauteur du vase"),
    "height_width": N_("H/L = {ratio:.2f}"),
    "width_height": N_("L/H = {ratio:.2f}"),
    "spread": N_("écart {spread:.0%}"),
    "no_focal": N_("aucune fleur focale"),
    "focal_scattered": N_("{n} fleurs focales dispersées"),
    "focal_centre": N_("{n} au cœur"),
    "focal_count": N_("{n} fleur(s) focale(s)"),
    "odd": N_("{odd}/{checked} variétés en nombre impair"),
    "harmony": N_("{found}"),
    "white_green": N_("blanc et vert"),
    "dominant": N_("{share:.0%} pour la teinte principale"),
    "offset": N_("décalage {offset:.0%} du rayon"),
    "nothing_to_compare": N_("rien à comparer"),
    "correlation": N_("corrélation {r:+.2f}"),
    "no_repeat": N_("pas de variété répétée"),
    "well_spread": N_("{good}/{judged} bien réparties"),
    "varieties": N_("{n} variétés"),
    "role_shares": N_("{shares}"),
    "crossed": N_("{n} tige(s) croisée(s)"),
    "leafy": N_("{n} tige(s) non effeuillée(s)"),
    "price": N_("{price:.2f} € pour {budget:.2f} €"),
    "problems": N_("{n} point(s) à revoir"),
}

# The engine's flower roles, as the measures name them.
ROLE_WORDS = {"focale": N_("focale"), "masse": N_("masse"), "remplissage": N_("remplissage"), "ligne": N_("ligne"),
              "feuillage": N_("feuillage")}


class Worded(str):
    """French text made from one of `texts` and raw values: a plain string everywhere (compared, stored,
    exported) that keeps its key and values, so portal/bouquets/wording.py can say it in another language."""

    texts: ClassVar[dict[str, str]] = {}
    key: str
    values: dict

    def __new__(cls, key: str, **values) -> Worded:
        text = super().__new__(cls, cls.texts[key].format(**words_for(values, lambda word: word, MONTHS_FR)))
        text.key, text.values = key, values
        return text


class Sentence(Worded):
    """One of the trainer's sentences."""

    texts = FEEDBACK


class Measure(Worded):
    """What a criterion measured."""

    texts = MEASURES


def words_for(values: dict, translate: Callable[[str], str], months: Sequence[str]) -> dict:
    """Raw values made words: a month number, harmony codes, role shares. `translate` gives a French word
    in the reader's language (identity for French)."""
    words = dict(values)
    if "month" in words:
        words["month"] = months[words["month"] - 1]
    for name in ("wanted", "found"):
        if name in words:
            words[name] = translate(HARMONY_LABELS[words[name]])
    if "shares" in words:
        words["shares"] = ", ".join(f"{translate(ROLE_WORDS[role])} {share:.0%}" for role, share in words["shares"])
    return words


def say(key: str, **values) -> Sentence:
    return Sentence(key, **values)


def measured(key: str, **values) -> Measure:
    return Measure(key, **values)
