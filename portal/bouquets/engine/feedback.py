"""The trainer's sentences of the spec (section 4), keyed by the mistake detected."""
from __future__ import annotations

FEEDBACK = {
    "spiral": "Une tige part dans l'autre sens : garde toujours le même sens de vrille.",
    "tie_high": "Point de liage trop haut : tes fleurs sont tassées, descends la main.",
    "tie_low": "Point de liage trop bas : le bouquet va s'ouvrir et manquer de tenue.",
    "too_short": "Bouquet trop court pour le vase : il doit mesurer 1,5 à 2 fois sa hauteur.",
    "too_tall": "Bouquet trop haut : il écrase le contenant, raccourcis tes tiges.",
    "outline": "Ligne irrégulière : des têtes dépassent, d'autres s'enfoncent.",
    "focal": "Où regarde-t-on ? Choisis une fleur de valeur et place-la au cœur.",
    "even": "Travaille en nombre impair : 3, 5 ou 7 tiges par variété.",
    "unrelated_colours": "Trop de couleurs sans lien : choisis une harmonie (camaïeu, complémentaires…).",
    "no_dominant": "Aucune couleur ne domine : donne la vedette à une teinte.",
    "unbalanced": "Le bouquet penche visuellement : répartis les fleurs foncées et les grosses têtes.",
    "clumped": "Les {variety} sont toutes du même côté : fais-les tourner autour du bouquet.",
    "big_at_edge": "Les grosses fleurs au centre, les plus légères vers l'extérieur.",
    "no_foliage": "Pense au feuillage : il aère, soutient et met en valeur les fleurs.",
    "too_much_foliage": "Trop de feuillage : le client paie des fleurs.",
    "holes": "Il y a des trous : comble avec du remplissage ou du feuillage.",
    "leaves_below": "Effeuille sous le point de liage : les feuilles pourrissent dans l'eau.",
    "over_budget": "Tu dépasses le budget client : retire ou remplace une fleur chère.",
    "too_thin": "Le bouquet est trop maigre pour ce prix : le client doit en avoir pour son argent.",
    "decor": "Attention : décor trop cher, la TVA à 10 % ne s'applique plus à tout.",
    "keeps_growing": "Tulipes et anémones continuent de pousser : elles vont dépasser.",
    "out_of_season": "{species} en {month} ? Propose une fleur de saison.",
    "vase_life": "Tes fleurs ne vivront pas autant : le bouquet fanera par morceaux.",
    "brief_harmony": "Le client voulait un bouquet {wanted} : ton harmonie est {found}.",
    "tie_width": "Ton lien est trop large : un centimètre suffit pour tenir la spirale.",
    "shape": "La forme ne correspond pas au style demandé : revois l'inclinaison de tes tiges.",
}

MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
             "novembre", "décembre")

HARMONY_LABELS = {
    "libre": "libre", "monochrome": "ton sur ton", "camaieu": "en camaïeu", "complementaire": "en complémentaires",
    "complementaire-divise": "en complémentaires divisées", "triade": "en triade", "polychrome": "polychrome",
}


def say(key: str, **values) -> str:
    return FEEDBACK[key].format(**values)
