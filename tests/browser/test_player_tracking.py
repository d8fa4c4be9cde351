"""The player's script in a real browser: it saves the video position, and never loses one."""
from __future__ import annotations

from portal.demo.learning_seed import DEMO_VIDEO_PAUSED_AT
from portal.learning.models import LessonProgress
from portal.vault.service import account_id_for_email
from tests.browser.support import TIMERS, until
from tests.support.learning_fixtures import lesson_named


def test_opening_and_leaving_a_video_without_playing_keeps_the_saved_position(live, browser):
    video = lesson_named(live, "Préparer les tiges")  # Antoine paused it at 3 s (demo)
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    page.goto(f"{live.base}/connexion")
    page.fill("#email", "apprenant@petale.test")
    page.fill("#password", "petale-demo")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state("networkidle")
    page.goto(f"{live.base}/lecon/{video.id}")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.querySelector('[data-lesson]').petaleTracked") is True
    page.goto(f"{live.base}/mes-donnees")  # pagehide: the script saves the position, if the video played
    page.wait_for_load_state("networkidle")
    page.context.close()
    with live.app_context():
        antoine = account_id_for_email("apprenant@petale.test")
        progress = LessonProgress.get((LessonProgress.lesson == video.id) & (LessonProgress.account_id == antoine))
        assert progress.position_seconds == DEMO_VIDEO_PAUSED_AT


# What the page leaves repeating (static/player.js's heartbeat every 30 s, its position save every 10 s).
REPEATING = "[...window.petaleTimers.values()].filter(t => t.startsWith('every ')).sort()"
HIDE = """(hidden) => {
  Object.defineProperty(document, "visibilityState", { value: hidden ? "hidden" : "visible", configurable: true });
  document.dispatchEvent(new Event("visibilitychange"));
}"""


def _signed_in_page(live, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_init_script(TIMERS)
    page = context.new_page()
    page.goto(f"{live.base}/connexion")
    page.fill("#email", "apprenant@petale.test")
    page.fill("#password", "petale-demo")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state("networkidle")
    return context, page


def test_the_timers_run_only_while_something_is_followed_and_the_time_followed_still_counts(live, browser):
    video = lesson_named(live, "Préparer les tiges")
    sheet = lesson_named(live, "Fiche : les outils du fleuriste")
    context, page = _signed_in_page(live, browser)
    beats: list[str] = []
    page.on("request", lambda r: beats.append(r.url) if r.method == "POST" and "/battement" in r.url else None)
    # A video not playing: no position to save every 10 s; the page visible, the heartbeat runs.
    page.goto(f"{live.base}/lecon/{video.id}")
    page.wait_for_load_state("networkidle")
    until(page, "document.querySelector('[data-lesson]').petaleTracked === true")
    assert page.evaluate(REPEATING) == ["every 30000"]
    # The tab hidden: nothing repeats, and the time followed until then is sent at once, not lost.
    page.evaluate(HIDE, True)
    assert page.evaluate(REPEATING) == []
    for _ in range(50):  # a beacon, sent as the tab goes
        if beats:
            break
        page.wait_for_timeout(100)
    assert len(beats) == 1, beats
    page.evaluate(HIDE, False)  # back: the heartbeat again
    assert page.evaluate(REPEATING) == ["every 30000"]
    # A reading lesson beats while visible, as before.
    page.goto(f"{live.base}/lecon/{sheet.id}")
    page.wait_for_load_state("networkidle")
    until(page, "document.querySelector('[data-lesson]').petaleTracked === true")
    assert page.evaluate(REPEATING) == ["every 30000"]
    context.close()


def test_back_on_the_tab_the_page_says_its_beats_resume_so_the_gap_is_not_credited(live, browser):
    """After a hidden tab resumes, the next beat used to be credited up to 45 s of which 15 never happened: the
    page now sends a first beat marked « resumed » at once, which the server credits nothing, and the time
    followed counts from it (portal/player/tracking.py)."""
    video = lesson_named(live, "Préparer les tiges")
    context, page = _signed_in_page(live, browser)
    beats: list[str] = []
    page.on("request", lambda r: beats.append(r.post_data or "") if r.method == "POST" and "/battement" in r.url
            else None)
    page.goto(f"{live.base}/lecon/{video.id}")
    page.wait_for_load_state("networkidle")
    until(page, "document.querySelector('[data-lesson]').petaleTracked === true")
    page.evaluate(HIDE, True)
    for _ in range(50):
        if beats:
            break
        page.wait_for_timeout(100)
    assert len(beats) == 1 and 'name="resumed"' not in beats[0], beats  # the time followed until hidden
    page.evaluate(HIDE, False)
    for _ in range(50):
        if len(beats) == 2:
            break
        page.wait_for_timeout(100)
    assert len(beats) == 2 and 'name="resumed"' in beats[1], beats
    assert page.evaluate(REPEATING) == ["every 30000"]
    context.close()
