"""The player's script in a real browser: it saves the video position, and never loses one."""
from __future__ import annotations

from portal.demo.learning_seed import DEMO_VIDEO_PAUSED_AT
from portal.learning.models import LessonProgress
from portal.vault.service import account_id_for_email
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
