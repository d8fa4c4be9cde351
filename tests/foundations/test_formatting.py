"""Words written the French way around names."""
from __future__ import annotations

from portal import formatting


def test_de_is_elided_before_a_vowel_in_a_name():
    assert [formatting.of_name(n) for n in ("Antoine", "Amélie", "Élodie", "Bérénice", "Hugo")] == [
        "d'Antoine", "d'Amélie", "d'Élodie", "de Bérénice", "de Hugo"]
