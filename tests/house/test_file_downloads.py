"""A link or form that answers with a file must not be boosted by htmx.

The base template boosts every link and form: htmx would fetch the PDF, CSV or JSON with XMLHttpRequest
and swap its bytes into the page instead of letting the browser save the file (a newcomer saw an
archived invoice's PDF printed as text in the dpo's page). Each template that points at such an endpoint
says data-hx-boost="false" on that link or form.
"""
from __future__ import annotations

import inspect
import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
ANSWERS_WITH_A_FILE = re.compile(r"Content-Disposition|as_attachment=True")
TAG = re.compile(r"<(a|form)\b[^>]*\{\{\s*url_for\('([\w.]+)'[^>]*>", re.S)


def answers_with_a_file(view) -> bool:
    """The view builds the file itself or calls a function of its module that does."""
    view = inspect.unwrap(view)
    source = inspect.getsource(view)
    if ANSWERS_WITH_A_FILE.search(source):
        return True
    helpers = [name for name, function in inspect.getmembers(inspect.getmodule(view), inspect.isfunction)
               if function is not view and function.__module__ == view.__module__
               and ANSWERS_WITH_A_FILE.search(inspect.getsource(function))]
    return any(re.search(rf"\b{name}\(", source) for name in helpers)


def file_endpoints(app) -> dict[str, set[str]]:
    """Endpoint -> the tags that fetch its file: a form when it takes a POST (its GET is the form's
    page), a link otherwise."""
    methods = {}
    for rule in app.url_map.iter_rules():
        methods.setdefault(rule.endpoint, set()).update(rule.methods or ())
    return {endpoint: {"form"} if "POST" in methods.get(endpoint, ()) else {"a"}
            for endpoint, view in app.view_functions.items() if answers_with_a_file(view)}


def test_the_endpoints_that_answer_with_a_file_are_found(app):
    found = file_endpoints(app)
    assert found["archives.archived_invoice"] == {"form"}
    assert found["invoicing.staff_pdf"] == found["privacy.download_export"] == {"a"}


def test_every_link_or_form_to_a_file_is_not_boosted(app):
    files = file_endpoints(app)
    boosted = []
    for path in TEMPLATES.rglob("*.html"):
        for match in TAG.finditer(path.read_text()):
            tag, endpoint = match.group(1), match.group(2)
            if tag in files.get(endpoint, ()) and 'data-hx-boost="false"' not in match.group(0):
                boosted.append(f"{path.relative_to(TEMPLATES)}: {match.group(0)[:90]}")
    assert boosted == []
