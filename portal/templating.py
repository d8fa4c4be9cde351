"""Everything templates call beyond Jinja itself, registered in one place by the application factory:
gettext and the reader's language, the French ways of writing dates, money and durations, Markdown,
the bouquet workshop's words, static assets, and the layout's counts and notices."""
from __future__ import annotations

from flask import Flask, Response, current_app, request
from flask_login import current_user

from portal import formatting, i18n
from portal.attendance.service import TimePart
from portal.attendance.service import time_split as attendance_time_split
from portal.bouquets.review import pending_review_count
from portal.bouquets.species_words import species_name
from portal.bouquets.wording import (
    brief_word,
    month_name,
    recorded,
    recorded_advice,
    recorded_measure,
    spoken,
    stems_in_words,
)
from portal.certificates.short_code import printed
from portal.delivery.static_files import asset, deferred_scripts, inline_css
from portal.forum.queue import unanswered_count
from portal.improvement.published_results import latest as published_results
from portal.learning.markup import markdown_text, render_course_markdown, render_markdown
from portal.learning.wording import course_nature, planned_duration, transfer_words
from portal.links import item_url
from portal.offline.marks import learner_mark
from portal.privacy.versions import PolicyText, pending_for
from portal.privacy.wording import channel, channel_message, letter_fields, letter_kind, request_kind
from portal.security.wording import event_kind
from portal.stats.nsf import label_in_words as nsf_words
from portal.typography import typography_filter

FILTERS = {
    "certificate_code": lambda c: printed(c.short_code) if getattr(c, "short_code", None) else c.code,
    "paris": formatting.paris_datetime, "paris_date": formatting.paris_date,
    "money": formatting.money, "euros": formatting.euros,
    "percent": formatting.percent, "number": formatting.number, "duration": formatting.duration,
    "hours": formatting.hours, "time_spent": formatting.time_spent,
    "long_date": formatting.long_date, "long_paris": formatting.long_paris, "file_size": formatting.file_size,
    "clock": formatting.clock,
    "ago": formatting.ago, "phone": formatting.phone, "of_name": formatting.of_name,
    "markdown": render_markdown, "course_markdown": render_course_markdown, "markdown_text": markdown_text,
    "spoken": spoken, "recorded_feedback": recorded, "recorded_measure": recorded_measure,
    "recorded_advice": recorded_advice, "stems_in_words": stems_in_words,
    "brief_word": brief_word, "month_name": month_name,
    "nsf_words": nsf_words, "species_name": species_name,
    "request_kind": request_kind, "planned_duration": planned_duration,
    "transfer_words": transfer_words, "channel": channel, "channel_message": channel_message, "event_kind": event_kind,
    "letter_fields": letter_fields, "letter_kind": letter_kind, "course_nature": course_nature,
}


def typography(html: str) -> str:
    """The layout's filter; TYPOGRAPHY=False (most of the test suite) leaves the text as written."""
    if not current_app.config.get("TYPOGRAPHY", True):
        return html
    return typography_filter(html, i18n.reader_language())


def typeset_fragment(response: Response) -> Response:
    """A fragment htmx swaps into a page is rendered without the layout, hence without its filter: the same
    typography is applied to it here, so that « Ajouté : … » reads as the page around it."""
    if (response.mimetype != "text/html" or not request.headers.get("HX-Request") or response.direct_passthrough
            or response.is_streamed or response.status_code >= 300 or response.content_encoding):
        return response
    html = response.get_data(as_text=True)
    if "<html" in html[:300]:  # a whole page: the layout's filter did it
        return response
    response.set_data(typography(html))
    return response


def trainer_waiting() -> int:
    """Questions without an answer plus bouquets without a comment, in the trainer's sessions."""
    if not current_user.is_authenticated:
        return 0
    return unanswered_count(current_user.id) + pending_review_count(current_user.id)


def time_split(progress, in_hours: bool = False) -> list[TimePart]:
    """Where a transferred enrolment's time was spent (attendance's words, one wording for pages and
    documents), for anything holding `carried` and `seconds_here` (a roster.Progress, an attendance.Statement);
    `in_hours` as the relevé counts (0,50 h), else as her file does (30 min)."""
    return attendance_time_split(progress.carried, progress.seconds_here,
                                 formatting.hours if in_hours else formatting.time_spent, formatting.long_date)


def policy_notice() -> PolicyText | None:
    """The upcoming substantial policy version the signed-in person has not acknowledged yet."""
    return pending_for(current_user.id) if current_user.is_authenticated else None


def offline_mark() -> str:
    return learner_mark(current_user.id) if current_user.is_authenticated else ""


def register(app: Flask) -> None:
    catalogue = i18n.request_catalogue
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: catalogue().ugettext(s),
        ngettext=lambda s, p, n: catalogue().ungettext(s, p, n),
        pgettext=lambda c, s: catalogue().upgettext(c, s),
        npgettext=lambda c, s, p, n: catalogue().unpgettext(c, s, p, n),
        newstyle=True,
    )
    app.jinja_env.filters.update(FILTERS)
    app.jinja_env.filters["typography"] = typography
    app.after_request(typeset_fragment)
    app.jinja_env.filters["french"] = i18n.french
    app.jinja_env.globals.update({
        "_": i18n.template_gettext, "current_locale": i18n.current_locale,
        "asset": asset, "inline_css": inline_css, "deferred_scripts": deferred_scripts,
        "item_url": item_url, "trainer_waiting": trainer_waiting, "policy_notice": policy_notice,
        "offline_mark": offline_mark, "published_results": published_results, "french_content": i18n.french_content,
        "time_split_parts": time_split,
    })
