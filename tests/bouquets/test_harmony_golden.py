"""Golden cases of colour harmony that any florist knows (shared/spec/bouquet-evaluation.md, C1), judged
through the whole engine on bouquets made of catalogue stems with foliage, as a learner builds them."""
from __future__ import annotations

from decimal import Decimal

import pytest

from portal.bouquets.engine import Bouquet, Brief, evaluate
from portal.bouquets.engine.builder import Group, place

FOLIAGE = Group("eucalyptus-cinerea", "#8FA89B", 5, 50, 2)


def judged(*flowers: tuple[str, str, int], harmony: str = "libre") -> str:
    groups = [Group(species, colour, count, 50, 1) for species, colour, count in flowers] + [FOLIAGE]
    result = evaluate(Bouquet(place(groups), Brief(budget_ttc=Decimal("60"), harmony=harmony)))
    return result.harmony


GOLDEN = {
    "orange and blue (renoncule, delphinium)": ([("renoncule", "#F28C28", 5), ("delphinium", "#3F51B5", 3)],
                                                "complementaire"),
    "orange gerbera and blue delphinium": ([("gerbera", "#FF6F3C", 5), ("delphinium", "#3F51B5", 3)],
                                           "complementaire"),
    "three oranges against two blues": ([("gerbera", "#FF6F3C", 3), ("renoncule", "#F28C28", 3),
                                         ("germini", "#FF8C42", 3), ("hortensia", "#8FB8DE", 1),
                                         ("panicaut", "#5B7DB1", 3)], "complementaire"),
    "yellow and violet (sunflower, liatris)": ([("tournesol", "#F4C430", 3), ("liatris", "#8E44AD", 5)],
                                               "complementaire"),
    "yellow and violet (mimosa, liatris)": ([("mimosa", "#F7E03C", 5), ("liatris", "#8E44AD", 3)], "complementaire"),
    "red and green (rose, moluccella)": ([("rose-standard", "#C8102E", 5), ("molucelle", "#A8D08D", 3)],
                                         "complementaire"),
    "a camaïeu of pinks, pale to fuchsia": ([("rose-standard", "#F4C2C2", 5), ("rose-branchue", "#F7A8B8", 3),
                                             ("alstroemeria", "#C71585", 3)], "camaieu"),
    "warm neighbours: orange, amber, yellow": ([("renoncule", "#F28C28", 3), ("dahlia", "#F5B041", 3),
                                                ("tournesol", "#F4C430", 1)], "camaieu"),
    "the primary triad (red rose, sunflower, delphinium)": ([("rose-standard", "#C8102E", 3),
                                                             ("tournesol", "#F4C430", 1), ("delphinium", "#3F51B5", 3)],
                                                            "triade"),
    "the primary triad (tulip, mimosa, delphinium)": ([("tulipe", "#E63946", 5), ("mimosa", "#F7E03C", 3),
                                                       ("delphinium", "#3F51B5", 3)], "triade"),
    "pale pinks only": ([("rose-standard", "#F4C2C2", 5), ("pivoine", "#F7CAC9", 1)], "monochrome"),
    "white and green only": ([("gypsophile", "#FFFFFF", 5), ("lys-oriental", "#FFFFFF", 3)], "monochrome"),
    "red and blue are no harmony": ([("rose-standard", "#C8102E", 5), ("delphinium", "#3F51B5", 3)], "polychrome"),
    "five colours side by side": ([("rose-standard", "#C8102E", 3), ("renoncule", "#F28C28", 3),
                                   ("tournesol", "#F4C430", 1), ("delphinium", "#3F51B5", 3),
                                   ("liatris", "#8E44AD", 3)], "polychrome"),
}


@pytest.mark.parametrize("case", list(GOLDEN))
def test_the_engine_names_the_harmony_a_florist_would(case):
    flowers, expected = GOLDEN[case]
    assert judged(*flowers) == expected


def test_a_complementary_brief_is_met_by_orange_and_blue_and_not_by_red_and_blue():
    brief = "complementaire"
    good = evaluate(Bouquet(place([Group("renoncule", "#F28C28", 5, 50, 1), Group("delphinium", "#3F51B5", 3, 50, 1),
                                   FOLIAGE]), Brief(budget_ttc=Decimal("60"), harmony=brief)))
    bad = evaluate(Bouquet(place([Group("rose-standard", "#C8102E", 5, 50, 1),
                                  Group("delphinium", "#3F51B5", 3, 50, 1), FOLIAGE]),
                           Brief(budget_ttc=Decimal("60"), harmony=brief)))
    assert good.criterion("C1").score == 1.0 and not any("Le client voulait" in s for s in good.feedback)
    assert bad.criterion("C1").score == 0.0
    assert "Le client voulait un bouquet en complémentaires : votre harmonie est polychrome." in bad.feedback
