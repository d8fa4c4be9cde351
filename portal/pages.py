"""The one way a view renders a page that holds forms, and shows a refusal on it.

A view module declares each of its pages once, as a `Page`: the template, the block an htmx request swaps
(if the page has one), and `gather`, a plain function that collects what the template shows from the
view's arguments (the forms among them) and returns it as a dict. The view then answers with one of:

    ARCHIVES = Page("retention/archives.html", _archives)       # def _archives(form) -> dict

    return ARCHIVES.show(form)                       # 200; 422 if a form given carries errors
    return ARCHIVES.refuse(refusal, form, on=form)   # a service said no: its words, its status
    return ARCHIVES.refuse(None, form, on=form)      # 422: `form` failed its checks, said at the top too

`refuse` writes the refusal's words on what `on` names: the field the refusal names
(`Refused(..., field="number")`) or else the form's own errors, or the one field given (`on=form.reason`);
the `field` and `form_errors` macros show them there. Without `on` (the page shows fresh forms, or the
action was a bare button) the words go only to the page's top. Every template receives `error`, the
sentence for its top: the refusal's words, or the first message of the form refused, for templates that
draw their fields by hand (a template drawing them with the `field` macro shows `form_errors(form)`
instead), and `remedy`, the refusal's link to the page where it is put right, or None. A list's filters
(a FilterForm) refused make a 422 too, said beside the filters, not at the top. A success does not come
here: it flashes and redirects. No module keeps its own `_page(error=…, status=…)` helper
(tests/house/test_one_page_convention.py).

What the address names and a service does not find (None) is a 404, said once:

    return FILE.show(found_or_404(service.file_with_enrollment(file_id)))"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import Response, abort, make_response, render_template, request
from wtforms import Field, Form

from portal.formtools import FilterForm, first_error
from portal.fragments import render_page_or_block, vary_on_htmx
from portal.refusals import Refused, Remedy

REFUSED = Refused.status  # a refused form's status: the request was understood, and refused

Found = TypeVar("Found")


def found_or_404(found: Found | None) -> Found:
    """What a service found for the address, or a 404 when it found nothing (None). The service decides
    what the person may see; the view only says « Page introuvable » for what it did not find."""
    if found is None:
        abort(404)
    return found


def place(refusal: Refused | str, on: Form | Field | None) -> str:
    """Writes the refusal on what it is about: the field given, or the field of the form the refusal names,
    or else among the form's own errors. Returns its words."""
    words = refusal.message if isinstance(refusal, Refused) else str(refusal)
    named = getattr(refusal, "field", None)
    if isinstance(on, Form) and named and named in on:
        on = on[named]
    if isinstance(on, Field):
        on.errors = [*on.errors, words]
    elif isinstance(on, Form):
        on.form_errors.append(words)
    return words


class Page:
    """A page of the portal: its template, the block an htmx request swaps, and the function gathering
    what the template shows (it returns the template's context; the forms shown are among its values)."""

    def __init__(self, template: str, gather: Callable[..., Mapping[str, Any]], *, block: str | None = None):
        self.template = template
        self.gather = gather
        self.block = block

    def show(self, *args: Any, **kwargs: Any) -> Response:
        """The page: 200, or 422 when a form given to it carries errors (its fields' or its own): the form
        the person sent, refused by its own checks and given back as typed, or a list's filters refused (a
        FilterForm says its errors beside the filters, not at the page's top). Forms the page builds itself
        (its empty forms) do not count."""
        refused = [given for given in (*args, *kwargs.values()) if isinstance(given, Form) and given.errors]
        if not refused:
            return self._render(None, 200, args, kwargs)
        sent = next((form for form in refused if not isinstance(form, FilterForm)), None)
        return self._render(first_error(sent) if sent is not None else None, REFUSED, args, kwargs)

    def refuse(self, refusal: Refused | str | None, *args: Any, on: Form | Field | None = None,
               **kwargs: Any) -> Response:
        """The page again after a refusal, with the refusal's status (422 unless it says otherwise). `on`: the
        form the person sent (usually also one of the forms gathered), or the one field the refusal is about,
        where its words are written; without it they are only at the page's top. refusal None: `on`
        failed its own validation and already carries its messages."""
        status = refusal.status if isinstance(refusal, Refused) else REFUSED
        top = place(refusal, on) if refusal is not None else None
        if isinstance(on, Form):
            top = first_error(on)  # what a template drawing its fields by hand shows at its top
        return self._render(top, status, args, kwargs, getattr(refusal, "remedy", None))

    def _render(self, error: str | None, status: int, args: tuple, kwargs: dict,
                remedy: Remedy | None = None) -> Response:
        context = dict(self.gather(*args, **kwargs))
        context["error"] = error
        context["remedy"] = remedy
        if self.block is None:
            return make_response(render_template(self.template, **context), status)
        return vary_on_htmx(make_response(render_page_or_block(self.template, self.block, **context), status))


def _ground_asked(button: str) -> dict:
    """A document of a restricted person asked for without its legal ground (a link followed from a screen
    that could not ask): the ground's form, sending to the same address with its other parameters, and the
    way back to the screen it came from (of this site only)."""
    came_from = urlsplit(request.referrer or "")
    back = f"{came_from.path}?{came_from.query}".rstrip("?") if came_from.netloc == request.host else None
    posted = request.method == "POST"  # an action that writes (opening her file…): asked again as a POST
    given = request.form if posted else request.args
    return {"action": request.path, "button": button, "back": back, "method": "post" if posted else "get",
            "hidden": {key: value for key, value in given.items() if key not in ("motif", "csrf_token")}}


# Refused with the GroundRequired's words and status (409): GROUND_ASKED.refuse(refusal, _("Button's words")).
GROUND_ASKED = Page("standing/ground_asked.html", _ground_asked)
