"""The one way a service says no: a Refused exception carrying the sentence a person reads and the HTTP
status a page answers with. Each capability names its own (ForumRefused, InvoiceRefused…) for callers
that catch only theirs; all of them are Refused, so a view may catch them as one, and one that escapes a
view is still answered in words with its status (portal.errors), never as a 500. A refusal may name the
form field it is about (`field`): a page shows it beside that field (portal.pages), and the page where what
it is about is put right (`remedy`): a page shows the link with its words."""
from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field


@dataclass(frozen=True)
class Remedy:
    """Where a refusal is put right: the link's words, and the page as an endpoint with its values (the
    service knows the page; the template makes its address)."""

    words: object
    endpoint: str
    values: dict = dataclass_field(default_factory=dict)


class Refused(Exception):
    status = 422  # the request was understood, and refused: the page says why
    field: str | None = None  # the form field the refusal is about, if one is
    remedy: Remedy | None = None  # where it is put right, if elsewhere than the page refusing

    def __init__(self, message: object = "", status: int | None = None, *, field: str | None = None,
                 remedy: Remedy | None = None):
        super().__init__(message)
        if remedy is not None:
            self.remedy = remedy
        if status is not None:
            self.status = status
        if field is not None:
            self.field = field

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""
