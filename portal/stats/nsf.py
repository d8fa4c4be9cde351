"""The groups of specialities of the Nomenclature des spécialités de formation (NSF, INSEE, décret
n° 94-522 du 21 juin 1994): the three-digit codes the BPF's frame F-4 asks for, with their wording."""
from __future__ import annotations

from flask_babel import gettext

GROUPS = {
    "100": "Formations générales",
    "110": "Spécialités pluriscientifiques",
    "111": "Physique-chimie",
    "112": "Chimie-biologie, biochimie",
    "113": "Sciences naturelles (biologie-géologie)",
    "114": "Mathématiques",
    "115": "Physique",
    "116": "Chimie",
    "117": "Sciences de la Terre",
    "118": "Sciences de la vie",
    "120": "Spécialités pluridisciplinaires, sciences humaines et droit",
    "121": "Géographie",
    "122": "Économie",
    "123": "Sciences sociales (y compris démographie, anthropologie)",
    "124": "Psychologie",
    "125": "Linguistique",
    "126": "Histoire",
    "127": "Philosophie, éthique et théologie",
    "128": "Droit, sciences politiques",
    "130": "Spécialités littéraires et artistiques plurivalentes",
    "131": "Français, littérature et civilisation française",
    "132": "Arts plastiques",
    "133": "Musique, arts du spectacle",
    "134": "Autres disciplines artistiques et spécialités artistiques plurivalentes",
    "135": "Langues et civilisations anciennes",
    "136": "Langues vivantes, civilisations étrangères et régionales",
    "200": "Technologies industrielles fondamentales",
    "201": "Technologies de commandes des transformations industrielles",
    "210": "Spécialités plurivalentes de l'agronomie et de l'agriculture",
    "211": "Productions végétales, cultures spécialisées et protection des cultures",
    "212": "Productions animales, élevage spécialisé, aquaculture, soins aux animaux",
    "213": "Forêts, espaces naturels, faune sauvage, pêche",
    "214": "Aménagement paysager (parcs, jardins, espaces verts, terrains de sport)",
    "220": "Spécialités pluritechnologiques des transformations",
    "221": "Agro-alimentaire, alimentation, cuisine",
    "222": "Transformations chimiques et apparentées",
    "223": "Métallurgie",
    "224": "Matériaux de construction, verre, céramique",
    "225": "Plasturgie, matériaux composites",
    "226": "Papier, carton",
    "227": "Énergie, génie climatique",
    "230": "Spécialités pluritechnologiques génie civil, construction, bois",
    "231": "Mines et carrières, génie civil, topographie",
    "232": "Bâtiment : construction et couverture",
    "233": "Bâtiment : finitions",
    "234": "Travail du bois et de l'ameublement",
    "240": "Spécialités pluritechnologiques matériaux souples",
    "241": "Textile",
    "242": "Habillement (y compris mode, couture)",
    "243": "Cuirs et peaux",
    "250": "Spécialités pluritechnologiques mécanique-électricité",
    "251": "Mécanique générale et de précision, usinage",
    "252": "Moteurs et mécanique auto",
    "253": "Mécanique aéronautique et spatiale",
    "254": "Structures métalliques",
    "255": "Électricité, électronique",
    "300": "Spécialités plurivalentes des services",
    "310": "Spécialités plurivalentes des échanges et de la gestion",
    "311": "Transport, manutention, magasinage",
    "312": "Commerce, vente",
    "313": "Finances, banque, assurances",
    "314": "Comptabilité, gestion",
    "315": "Ressources humaines, gestion du personnel, gestion de l'emploi",
    "320": "Spécialités plurivalentes de la communication",
    "321": "Journalisme, communication",
    "322": "Techniques de l'imprimerie et de l'édition",
    "323": "Techniques de l'image et du son, métiers connexes du spectacle",
    "324": "Secrétariat, bureautique",
    "325": "Documentation, bibliothèques, administration des données",
    "326": "Informatique, traitement de l'information, réseaux de transmission",
    "330": "Spécialités plurivalentes sanitaires et sociales",
    "331": "Santé",
    "332": "Travail social",
    "333": "Enseignement, formation",
    "334": "Accueil, hôtellerie, tourisme",
    "335": "Animation culturelle, sportive et de loisirs",
    "336": "Coiffure, esthétique et autres spécialités des services aux personnes",
    "340": "Spécialités plurivalentes des services à la collectivité",
    "341": "Aménagement du territoire, développement, urbanisme",
    "342": "Protection et développement du patrimoine",
    "343": "Nettoyage, assainissement, protection de l'environnement",
    "344": "Sécurité des biens et des personnes, police, surveillance",
    "345": "Application des droits et statut des personnes",
    "346": "Spécialités militaires",
    "410": "Spécialités concernant plusieurs capacités",
    "411": "Pratiques sportives",
    "412": "Développement des capacités mentales et apprentissages de base",
    "413": "Développement des capacités comportementales et relationnelles",
    "414": "Développement des capacités individuelles d'organisation",
    "415": "Développement des capacités d'orientation, d'insertion ou de réinsertion sociales et professionnelles",
    "421": "Jeux et activités spécifiques de loisirs",
    "422": "Économie et activités domestiques",
    "423": "Vie familiale, vie sociale et autres formations au développement personnel",
}


def group(code: str) -> str:
    """The three-digit group of a course's NSF code (« 211 », « 211n » and « 211 n » are 211)."""
    return "".join(c for c in (code or "") if c.isdigit())[:3]


UNKNOWN = "Spécialité inconnue de la nomenclature"


def label(code: str) -> str:
    """The nomenclature's own French words, as the BPF prints them."""
    return GROUPS.get(group(code), UNKNOWN)


def label_in_words(code: str) -> str:
    """The speciality in the reader's language, for a course's page: each group's French words are a msgid of
    the catalogues (tests/stats/test_nsf_words.py checks the English one holds every group)."""
    return gettext(label(code))
