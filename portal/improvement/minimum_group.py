"""The minimum group: no figure about fewer than MIN_GROUP people is shown, in a table, a chart, a CSV or
on a public page. A Figure carries how many people it is about, and says whether it may be shown."""
from __future__ import annotations

from dataclasses import dataclass

MIN_GROUP = 5


@dataclass(frozen=True)
class Figure:
    value: float | int | None
    people: int  # how many people the figure is about

    @property
    def shown(self) -> bool:
        """A count of nobody says nothing about anyone: zero is shown."""
        if self.value is None:
            return False
        return self.people >= MIN_GROUP or (self.people == 0 and self.value == 0)


def count(people: int) -> Figure:
    """A number of people: itself a figure about that many people."""
    return Figure(people, people)


def share(part: int, whole: int) -> Figure:
    """A share of `whole` people: a figure about all of them, shown when they are enough."""
    return Figure(part / whole if whole else None, whole)
