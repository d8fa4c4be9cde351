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
        """Zero people is fewer than the minimum too: « 0 personnes comptées » beside a session of one learner
        would say that she objected or is restricted."""
        return self.value is not None and self.people >= MIN_GROUP


def count(people: int) -> Figure:
    """A number of people: itself a figure about that many people."""
    return Figure(people, people)


def count_within(people: int, group: Figure) -> Figure:
    """People of a group who did something: a number above zero is a figure about them; zero is one about
    the whole group, shown when the group is (nobody of twelve stopped here says nothing about anyone)."""
    return Figure(people, people) if people else Figure(0, group.people if group.shown else 0)


def share(part: int, whole: int) -> Figure:
    """A share of `whole` people: a figure about all of them, shown when they are enough."""
    return Figure(part / whole if whole else None, whole)
