"""The trainer's sentences of the spec (section 4), keyed by the mistake detected.

The engine speaks French: the spec's sentences, rewritten to say « vous » like the rest of the site. Each
sentence keeps its key and raw values, so the English interface can say it in English
(portal/bouquets/wording.py); N_ marks the texts for the translation catalogue without translating them here.
"""
from __future__ import annotations

import string
from collections.abc import Callable, Sequence
from typing import ClassVar, NamedTuple


def N_(text: str) -> str:  # noqa: N802 (Babel's extraction keyword, pybabel extract -k N_)
    return text


class Counted(NamedTuple):
    """A text whose words agree with one of its numbers ("1 tige croisée", "3 tiges croisées")."""

    one: str
    many: str
    count: str  # the placeholder whose value decides

    def french(self, values: dict) -> str:
        # French takes the singular for 0 and 1 (CLDR "one": 0 <= n < 2).
        return self.one if abs(values[self.count]) < 2 else self.many


def Np_(one: str, many: str, count: str) -> Counted:  # noqa: N802 (extraction keyword, pybabel -k Np_:1,2)
    return Counted(one, many, count)


FEEDBACK = {
    "spiral": N_("Une tige part dans l'autre sens : gardez toujours le même sens de vrille."),
    "tie_high": N_("Point de liage trop haut : vos fleurs sont tassées ; tenez la botte plus bas."),
    "tie_low": N_("Point de liage trop bas : le bouquet va s'ouvrir et manquer de tenue."),
    "too_short": N_("Bouquet trop court pour le vase : il doit mesurer 1,5 à 2 fois sa hauteur."),
    "too_tall": N_("Bouquet trop haut : il écrase le contenant ; raccourcissez vos tiges."),
    "outline": N_("Ligne irrégulière : des têtes dépassent, d'autres s'enfoncent."),
    "focal": N_("Où le regard se pose-t-il ? Prenez une fleur de valeur et placez-la au cœur."),
    "focal_off_centre": N_("Votre fleur de valeur n'est pas au cœur du bouquet : ajoutez-la avec « Placement : au "
                           "centre »."),
    "focal_scattered": N_("Vos fleurs de valeur ne sont pas toutes au cœur du bouquet : ajoutez-les avec « Placement : "
                          "au centre » pour en faire le point focal."),
    "focal_around": N_("Vos fleurs de valeur entourent le cœur du bouquet sans l'occuper : ajoutez-les avec "
                       "« Placement : au centre » pour en faire le point focal."),
    "even": N_("Comptez en nombre impair : 3, 5 ou 7 tiges par variété."),
    # n is even, so at least 2: always plural
    "even_named": N_("{species} : {n} tiges ; comptez en nombre impair, 3, 5 ou 7 tiges par variété."),
    "unrelated_colours": N_("Trop de couleurs sans lien : choisissez une harmonie (camaïeu, complémentaires…)."),
    "no_dominant": N_("Aucune couleur ne domine : donnez la vedette à une teinte."),
    "unbalanced": N_("Le bouquet penche visuellement : répartissez les fleurs foncées et les grosses têtes."),
    "clumped": N_("Les tiges de {species} sont toutes du même côté : faites-les tourner autour du bouquet."),
    "big_at_edge": N_("Les grosses fleurs au centre, les plus légères vers l'extérieur."),
    "no_foliage": N_("N'oubliez pas le feuillage : il aère, soutient et met en valeur les fleurs."),
    "too_much_foliage": N_("Trop de feuillage : le client paie des fleurs."),
    "holes": N_("Il y a des trous : comblez-les avec du remplissage ou du feuillage."),
    "leaves_below": N_("Effeuillez sous le point de liage : les feuilles pourrissent dans l'eau."),
    "over_budget": N_("Vous dépassez le budget du client : retirez ou remplacez une fleur chère."),
    "too_thin": N_("Le bouquet est trop maigre pour ce prix : le client doit en avoir pour son argent."),
    "decor": N_("Le décor (papier, ruban, contenant) dépasse le quart du prix d'achat des fleurs : la TVA à 10 % "
                "ne s'applique plus à tout, facturez-le à part."),
    "keeps_growing": N_("Tulipes et anémones continuent de pousser : elles vont dépasser."),
    "out_of_season": N_("{species} en {month} ? Proposez une fleur de saison."),
    "vase_life": N_("Vos fleurs ne tiendront pas aussi longtemps les unes que les autres : le bouquet fanera par "
                    "morceaux."),
    "vase_life_named": N_("Vos fleurs ne tiendront pas aussi longtemps les unes que les autres : le bouquet fanera "
                          "par morceaux ({short} : {short_days} "
                          "jours en vase, {long} : {long_days})."),
    "brief_harmony": N_("Le client voulait un bouquet {wanted} : votre harmonie est {found}."),
    "tie_width": N_("Votre lien est trop large : un centimètre suffit pour tenir la spirale."),
    "shape": N_("La forme ne correspond pas au style demandé : revoyez l'inclinaison de vos tiges."),
}

MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
             "novembre", "décembre")

HARMONY_LABELS = {
    "libre": N_("libre"), "monochrome": N_("ton sur ton"), "camaieu": N_("en camaïeu"),
    "complementaire": N_("en complémentaires"), "complementaire-divise": N_("en complémentaires divisées"),
    "triade": N_("en triade"), "polychrome": N_("polychrome"),
}


# What each criterion measured, in words a learner reads without the spec beside her. The keys and their
# values are stored with each attempt: a key keeps its placeholders when its text changes.
MEASURES = {
    "binding": N_("{r:.0%} de la tige au-dessus du liage"),
    "no_vase": N_("sans vase"),
    "vase_ratio": N_("{ratio:.1f} fois la hauteur du vase"),
    "height_width": N_("hauteur : {ratio:.1f} fois la largeur"),
    "width_height": N_("largeur : {ratio:.1f} fois la hauteur"),
    "spread": N_("les têtes s'écartent de {spread:.0%} de la ligne du dôme"),
    "no_focal": N_("aucune fleur de valeur"),
    "focal_scattered": N_("{n} fleurs de valeur dispersées"),  # attempts stored before "focal_outside"
    "focal_outside": Np_("{central} fleur de valeur sur {n} au cœur", "{central} fleurs de valeur sur {n} au cœur",
                         "central"),
    "focal_centre": Np_("{n} fleur de valeur au cœur", "{n} fleurs de valeur au cœur", "n"),
    "focal_count": Np_("{n} fleur de valeur", "{n} fleurs de valeur", "n"),
    "odd": Np_("{odd} variété sur {checked} en nombre impair", "{odd} variétés sur {checked} en nombre impair", "odd"),
    "odd_total": Np_("{odd} variété sur {checked} en nombre impair ; {total} tiges en tout",
                     "{odd} variétés sur {checked} en nombre impair ; {total} tiges en tout", "odd"),
    "odd_single": N_("{odd} variété sur {checked} en nombre impair ; une seule tige"),  # odd, checked <= 1
    "harmony": N_("bouquet {found}"),
    "white_green": N_("blanc et vert"),
    "dominant": N_("{share:.0%} pour la teinte principale"),
    "offset": N_("le poids visuel penche de {offset:.0%} du rayon"),
    "nothing_to_compare": N_("rien à comparer"),
    "correlation": N_("tailles mélangées du centre au bord"),
    "big_centre": N_("les grosses têtes au centre"),
    "big_edge": N_("les grosses têtes au bord"),
    "no_repeat": N_("pas de variété répétée"),
    "only_focal_repeated": N_("seules les fleurs de valeur se répètent : leur place est au cœur, pas autour"),
    "well_spread": Np_("{good} variété sur {judged} bien répartie autour du bouquet",
                       "{good} variétés sur {judged} bien réparties autour du bouquet", "good"),
    "varieties": Np_("{n} variété", "{n} variétés", "n"),
    "role_shares": N_("{shares}"),
    "crossed": Np_("{n} tige croisée", "{n} tiges croisées", "n"),
    "leafy": Np_("{n} tige non effeuillée", "{n} tiges non effeuillées", "n"),
    "price": N_("{price:.2f} € pour un budget de {budget:.2f} €"),
    "problems": Np_("{n} point à revoir", "{n} points à revoir", "n"),
}

# What to change when a criterion is not fully met and has no sentence of its own for this bouquet.
TIPS = {
    "P1": N_("Tenez la botte pour qu'environ un tiers de chaque tige dépasse au-dessus du liage."),
    "P2": N_("Visez un bouquet de 1,5 à 2 fois la hauteur du vase."),
    "P3": N_("Un bouquet rond forme un dôme deux fois plus large que haut : trop plat, redressez les tiges du bord ; "
              "trop haut, inclinez-les davantage."),
    "P4": N_("Coupez les tiges d'un même tour à la même longueur pour une ligne régulière."),
    "F1": N_("Une fleur de valeur (ou trois) au cœur, avec « Placement : au centre », posée en premier et plus "
             "grosse que les autres."),
    "F2": N_("Comptez en nombre impair : 3, 5 ou 7 tiges par variété, et un total de tiges impair."),
    "C1": N_("Choisissez une harmonie : camaïeu, complémentaires ou triade."),
    "C2": N_("Donnez la vedette à une teinte : au moins la moitié des fleurs, trois teintes au plus."),
    "B1": N_("Répartissez les fleurs foncées et les grosses têtes tout autour."),
    "B2": N_("Les grosses fleurs au centre, les plus légères vers l'extérieur."),
    "R1": N_("Faites tourner chaque variété autour du bouquet."),
    "T1": N_("Associez les fleurs à un feuillage ou un remplissage, avec 3 à 5 variétés."),
    "T2": N_("Visez ces parts : feuillage 20 à 35 %, remplissage 10 à 25 %, fleurs de masse 30 à 50 %, "
             "fleurs focales 10 % au plus, fleurs en ligne 15 % au plus."),
    "S1": N_("Gardez le même sens de spirale pour toutes les tiges."),
    "S2": N_("Effeuillez sous le liage et serrez un lien d'un centimètre."),
    "K1": N_("Approchez le budget du client sans le dépasser : 90 à 100 %."),
    "K2": N_("Choisissez des fleurs de saison qui tiennent aussi longtemps les unes que les autres."),
}


# The engine's flower roles, as the measures name them.
ROLE_WORDS = {"focale": N_("focale"), "masse": N_("masse"), "remplissage": N_("remplissage"), "ligne": N_("ligne"),
              "feuillage": N_("feuillage")}


class NumberWords(string.Formatter):
    """str.format with the reader's decimal mark, and French's narrow space before a percent sign."""

    def __init__(self, decimal: str, before_percent: str = ""):
        super().__init__()
        self.decimal, self.before_percent = decimal, before_percent

    def format_field(self, value, format_spec: str) -> str:
        text = super().format_field(value, format_spec)
        if isinstance(value, float):
            text = text.replace(".", self.decimal)
            if format_spec.endswith("%"):
                text = text[:-1] + self.before_percent + "%"
        return text


FRENCH_NUMBERS = NumberWords(",", "\u202f")
ENGLISH_NUMBERS = NumberWords(".")


class Worded(str):
    """French text made from one of `texts` and raw values: a plain string everywhere (compared, stored,
    exported) that keeps its key and values, so portal/bouquets/wording.py can say it in another language."""

    texts: ClassVar[dict[str, str | Counted]] = {}
    key: str
    values: dict

    def __new__(cls, key: str, **values) -> Worded:
        words = words_for(values, lambda word: word, MONTHS_FR)
        template = cls.texts[key]
        if isinstance(template, Counted):
            template = template.french(values)
        text = super().__new__(cls, FRENCH_NUMBERS.format(template, **words))
        text.key, text.values = key, values
        return text


class Sentence(Worded):
    """One of the trainer's sentences."""

    texts = FEEDBACK


class Tip(Worded):
    """What to change for a criterion, when the bouquet has no sentence of its own for it."""

    texts = TIPS


# What the drawing shows, for those who do not see it (the SVG's description).
CAPTIONS = {
    "rond": Np_("Bouquet rond de {stems} tiges, {varieties} variété ; vue de dessus à gauche avec la spirale et la "
                "collerette, vue de côté à droite avec le point de liage et les hauteurs en centimètres.",
                "Bouquet rond de {stems} tiges, {varieties} variétés ; vue de dessus à gauche avec la spirale et la "
                "collerette, vue de côté à droite avec le point de liage et les hauteurs en centimètres.", "varieties"),
    "structure": Np_("Bouquet structuré de {stems} tiges, {varieties} variété ; vue de dessus à gauche avec la "
                     "spirale et la collerette, vue de côté à droite avec le point de liage et les hauteurs en "
                     "centimètres.",
                     "Bouquet structuré de {stems} tiges, {varieties} variétés ; vue de dessus à gauche avec la "
                     "spirale et la collerette, vue de côté à droite avec le point de liage et les hauteurs en "
                     "centimètres.", "varieties"),
    "dessus": Np_("Bouquet de {stems} tiges, {varieties} variété, vu de dessus : la spirale et la collerette.",
                  "Bouquet de {stems} tiges, {varieties} variétés, vu de dessus : la spirale et la collerette.",
                  "varieties"),
    # One stem: a single variety, and "tige" in the singular.
    "rond_one": N_("Bouquet rond d'une seule tige ; vue de dessus à gauche, vue de côté à droite avec le point de "
                   "liage et la hauteur en centimètres."),
    "structure_one": N_("Bouquet structuré d'une seule tige ; vue de dessus à gauche, vue de côté à droite avec le "
                        "point de liage et la hauteur en centimètres."),
    "dessus_one": N_("Bouquet d'une seule tige, vu de dessus."),
}


class Caption(Worded):
    """What a drawing shows, said in words."""

    texts = CAPTIONS


class Measure(Worded):
    """What a criterion measured."""

    texts = MEASURES


def words_for(values: dict, translate: Callable[[str], str], months: Sequence[str],
              numbers: NumberWords = FRENCH_NUMBERS) -> dict:
    """Raw values made words: a month number, harmony codes, role shares. `translate` gives a French word
    in the reader's language (identity for French)."""
    words = dict(values)
    if "month" in words:
        words["month"] = months[words["month"] - 1]
    for name in ("wanted", "found"):
        if name in words:
            words[name] = translate(HARMONY_LABELS[words[name]])
    if "shares" in words:
        words["shares"] = ", ".join(numbers.format("{0} {1:.0%}", translate(ROLE_WORDS[role]), float(share))
                                    for role, share in words["shares"])
    return words


def say(key: str, **values) -> Sentence:
    return Sentence(key, **values)


def tip(code: str) -> Tip:
    return Tip(code)


def measured(key: str, **values) -> Measure:
    return Measure(key, **values)
