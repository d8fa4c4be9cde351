"""Words written the French way around names."""
from __future__ import annotations

from portal import formatting


def test_de_is_elided_before_a_vowel_in_a_name():
    assert [formatting.of_name(n) for n in ("Antoine", "Amélie", "Élodie", "Bérénice", "Hugo")] == [
        "d'Antoine", "d'Amélie", "d'Élodie", "de Bérénice", "de Hugo"]


# minutes -> decimal hours, rounded half up to the hundredth (what a funder checks on a relevé)
HOURS = {15: "0,25", 20: "0,33", 1: "0,02", 59: "0,98", 90: "1,50", 0: "0,00", 45: "0,75", 50: "0,83"}


def test_hours_are_rounded_half_up_to_the_hundredth_with_two_decimals_on_pages_and_documents(app):
    from portal.documents import french
    from portal.i18n import language

    with app.test_request_context("/"):
        assert {m: formatting.hours(m * 60) for m in HOURS} == {m: f"{h} h" for m, h in HOURS.items()}
        assert formatting.hours(90 * 60, unit=False) == "1,50"
        assert formatting.hours(882) == "0,25 h", "0.245 h: half up, not Babel's half-even 0,24"
        assert (formatting.time_spent(870), formatting.hours(870)) == ("15 min", "0,25 h"), \
            "14 min 30 s is said 15 min on a page: its hours are those of 15 minutes, not 0,24"
        with language("en"):
            assert formatting.hours(15 * 60) == "0.25 h" and formatting.hours(90 * 60) == "1.50 h"
    assert {m: french.hours(m * 60) for m in HOURS} == {m: f"{h} h" for m, h in HOURS.items()}


def test_time_spent_is_said_to_the_nearest_minute_as_its_hours_are(app):
    with app.test_request_context("/"):
        assert [formatting.time_spent(s) for s in (0, 20, 60, 869, 870, 3065, 5400)] == [
            "0 min", "moins d'une minute", "1 min", "14 min", "15 min", "51 min", "1 h 30"]
