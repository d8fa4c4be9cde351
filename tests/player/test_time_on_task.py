"""Heartbeats: credited once, in order, capped, aggregated per learner, lesson and Paris day."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest

from portal.db import close_zones
from portal.learning import view_tokens
from portal.learning.models import TimeOnTask, ViewBeat
from portal.player import tracking
from portal.timeutil import utcnow
from tests.support.helpers import csrf_token
from tests.support.learning_fixtures import lesson_named, signed_in
from tests.support.tracking import fresh_view, learner_id, seconds


@pytest.fixture
def video(demo):
    return lesson_named(demo, "Préparer les tiges")




def test_beats_credit_the_time_since_the_previous_beat_never_across_a_gap(demo, video):
    account = learner_id(demo)
    start = utcnow().replace(microsecond=0) - timedelta(minutes=10)
    view = fresh_view(demo, account, video, start)
    base = seconds(demo, video.id)
    with demo.app_context():
        assert tracking.credit_beat(account, video.id, view, 1, now=start + timedelta(seconds=30)) == 30
        assert tracking.credit_beat(account, video.id, view, 2, now=start + timedelta(seconds=60)) == 30
        assert tracking.credit_beat(account, video.id, view, 3, now=start + timedelta(seconds=100)) == 40  # slack
        # The tab slept for five minutes: nothing says she followed any of it, none of it is credited (it
        # used to credit a capped period, up to 15 s that never happened).
        assert tracking.credit_beat(account, video.id, view, 4, now=start + timedelta(seconds=400)) == 0
        assert tracking.credit_beat(account, video.id, view, 5, now=start + timedelta(seconds=430)) == 30
    assert seconds(demo, video.id) - base == 60 + 40 + 30


def test_a_resumed_beat_credits_nothing_and_the_time_counts_from_it(demo, video):
    """The tab shown again after ten seconds hidden: the page's first beat says it resumed, the hidden ten
    seconds are not credited, the thirty that follow are."""
    account = learner_id(demo)
    start = utcnow().replace(microsecond=0) - timedelta(minutes=10)
    view = fresh_view(demo, account, video, start)
    base = seconds(demo, video.id)
    with demo.app_context():
        assert tracking.credit_beat(account, video.id, view, 1, now=start + timedelta(seconds=30)) == 30
        assert tracking.credit_beat(account, video.id, view, 2, now=start + timedelta(seconds=40)) == 10  # hidden
        assert tracking.credit_beat(account, video.id, view, 3, now=start + timedelta(seconds=50), resumed=True) == 0
        assert tracking.credit_beat(account, video.id, view, 4, now=start + timedelta(seconds=80)) == 30
    assert seconds(demo, video.id) - base == 70
    learner = signed_in(demo, "apprenant@petale.test")
    token = csrf_token(learner.get(f"/lecon/{video.id}").get_data(as_text=True))
    response = learner.post(f"/lecon/{video.id}/battement", data={"csrf_token": token, "view": view, "seq": "5",
                                                                  "resumed": "y"})
    assert response.status_code == 204 and seconds(demo, video.id) - base == 70


def test_duplicates_and_replays_credit_nothing(demo, video):
    account = learner_id(demo)
    start = utcnow().replace(microsecond=0) - timedelta(minutes=5)
    view = fresh_view(demo, account, video, start)
    base = seconds(demo, video.id)
    with demo.app_context():
        assert tracking.credit_beat(account, video.id, view, 1, now=start + timedelta(seconds=30)) == 30
        assert tracking.credit_beat(account, video.id, view, 1, now=start + timedelta(seconds=31)) == 0
        replayed = tracking.credit_beat(account, video.id, view, 1, now=start + timedelta(seconds=90))
        assert replayed == 0, "replayed later"
    assert seconds(demo, video.id) - base == 30


def test_a_view_token_is_bound_to_its_learner_and_lesson(demo, video):
    account = learner_id(demo)
    other = learner_id(demo, "apprenante2@petale.test")
    welcome = lesson_named(demo, "Bienvenue dans la formation")
    with demo.app_context():
        view = view_tokens.view_token(account, video.id)
        for who, lesson in ((other, video), (account, welcome)):
            with pytest.raises(tracking.BadBeat):
                tracking.credit_beat(who, lesson.id, view, 1)
        with pytest.raises(tracking.BadBeat):
            tracking.credit_beat(account, video.id, view[:-2] + "xx", 1)


def test_time_is_aggregated_per_paris_day(demo, video):
    account = learner_id(demo)
    with demo.app_context():
        # 22:00 UTC on 30 June is midnight on 1 July in Paris (summer time).
        tracking.add_time(account, video.id, datetime(2026, 6, 30, 21, 59, 50), 20)
        tracking.add_time(account, video.id, datetime(2026, 6, 30, 22, 0, 10), 25)
        days = {row.day.isoformat(): row.seconds for row in TimeOnTask.select().where(
            (TimeOnTask.account_id == account) & (TimeOnTask.day.between(datetime(2026, 6, 30).date(),
                                                                         datetime(2026, 7, 1).date())))}
        assert days == {"2026-06-30": 20, "2026-07-01": 25}


def test_heartbeat_endpoint(demo, learner, video):
    import re

    page = f"/lecon/{video.id}"
    html = learner.get(page).get_data(as_text=True)
    view = re.search(r'data-view="([^"]+)"', html).group(1)
    token = csrf_token(html)
    assert learner.post(f"{page}/battement", data={"csrf_token": token, "view": view, "seq": "1"}).status_code == 204
    for bad in ({"view": view, "seq": "0"}, {"view": view, "seq": "-3"}, {"view": "forged", "seq": "2"},
                {"view": view, "seq": "deux"}):
        response = learner.post(f"{page}/battement", data={"csrf_token": token, **bad})
        assert response.status_code == 400, bad
    advanced = lesson_named(demo, "Les fleurs de printemps")
    # A lesson she is not enrolled in: no view token names it, so no beat of hers can count there.
    refused = learner.post(f"/lecon/{advanced.id}/battement", data={"csrf_token": token, "view": view, "seq": "1"})
    assert refused.status_code == 400
    with demo.app_context():
        assert not TimeOnTask.select().where(TimeOnTask.lesson == advanced.id).exists()


def run_in_threads(app, targets) -> list:
    errors = []
    barrier = threading.Barrier(len(targets))

    def wrap(target):
        try:
            with app.app_context():
                barrier.wait()
                target()
        except Exception as exc:  # reported below: a lost beat must fail the test
            errors.append(exc)
        finally:
            close_zones()

    threads = [threading.Thread(target=wrap, args=(t,)) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def test_no_beat_is_lost_or_doubled_under_concurrent_load(demo, video):
    """Eight tabs beat at once (each credited), and one beat is sent eight times (credited once)."""
    account = learner_id(demo)
    start = utcnow().replace(microsecond=0) - timedelta(minutes=3)
    base = seconds(demo, video.id)
    views = [fresh_view(demo, account, video, start) for _ in range(8)]
    beat_at = start + timedelta(seconds=30)
    errors = run_in_threads(demo, [
        (lambda v=v: tracking.credit_beat(account, video.id, v, 1, now=beat_at)) for v in views
    ])
    assert errors == []
    assert seconds(demo, video.id) - base == 8 * 30

    duplicate_view = fresh_view(demo, account, video, start)
    credited = []
    errors = run_in_threads(demo, [
        (lambda: credited.append(tracking.credit_beat(account, video.id, duplicate_view, 1, now=beat_at)))
        for _ in range(8)
    ])
    assert errors == []
    assert sorted(credited) == [0] * 7 + [30]
    assert seconds(demo, video.id) - base == 9 * 30
    with demo.app_context():
        assert ViewBeat.select().count() == 9


def test_parallel_heartbeat_requests_lose_nothing(demo, video):
    """Eight tabs of the same learner post their beats at the same moment, over HTTP."""
    account = learner_id(demo)
    # Opened 40 s ago: each first beat is worth those 40 s (within a period and its slack).
    start = utcnow().replace(microsecond=0) - timedelta(seconds=40)
    views = [fresh_view(demo, account, video, start) for _ in range(8)]
    learner_client = signed_in(demo, "apprenant@petale.test")
    page = f"/lecon/{video.id}"
    token = csrf_token(learner_client.get(page).get_data(as_text=True))
    cookie = learner_client.get_cookie("petale_session")
    base = seconds(demo, video.id)
    statuses = []

    def beat(view):
        client = demo.test_client()
        client.set_cookie("petale_session", cookie.value)
        statuses.append(client.post(f"{page}/battement",
                                    data={"csrf_token": token, "view": view, "seq": "1"}).status_code)
        # The same beat again, as a flaky network would resend it.
        statuses.append(client.post(f"{page}/battement",
                                    data={"csrf_token": token, "view": view, "seq": "1"}).status_code)

    threads = [threading.Thread(target=beat, args=(v,)) for v in views]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert statuses == [204] * 16
    assert 8 * 40 <= seconds(demo, video.id) - base <= 8 * 42  # the requests' own second or two
