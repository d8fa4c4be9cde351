"""Lessons kept offline, walked as a learner on a phone (390 px, Playwright's offline mode, issue 37): the kept
PDF opens from the lesson's main button after the browser's own cache has let it go; the kept copy of a
lesson says what was done online since; « J'ai terminé » pressed twice offline waits once and says when it
has been sent; her space leads to what is kept; a kept lesson says so and can be removed, from the lesson and
from the offline list; a kept low-quality video comes with its poster and captions, and is called low; a video
not kept says so offline and points to the transcript."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from playwright.sync_api import expect

from portal.learning.models import LessonProgress
from portal.vault.service import account_id_for_email
from tests.browser.support import NEWCOMER, click, kept, newcomer_at_the_video, phone_page, settle, until
from tests.browser.support import sign_in_newcomer as sign_in
from tests.support.learning_fixtures import lesson_named

WELCOME = "Bienvenue dans la formation"
VIDEO = "Préparer les tiges"
SHEET = "Fiche : les outils du fleuriste"


def in_cache(page, cache: str, path: str) -> bool:
    return page.evaluate(f"caches.open('{cache}').then(c => c.match('{path}', {{ignoreSearch: true}})).then(r => !!r)")


def waiting(page) -> list:
    return page.evaluate("JSON.parse(localStorage.getItem('petale-attente') || '[]')")


def hours_later(context, page) -> None:
    """What hours do to a phone's own HTTP cache: the files it held for the lesson are gone (a test run
    would otherwise find them there, and never ask the service worker)."""
    context.new_cdp_session(page).send("Network.clearBrowserCache")


def open_pdf_viewer(page) -> None:
    page.get_by_role("link", name="Ouvrir le document (PDF)").click()
    page.wait_for_url(re.compile(r"\.pdf\?"))
    page.wait_for_load_state()
    until(page, "document.contentType === 'application/pdf'")  # the browser's PDF viewer, showing the file
    assert page.locator("h1", has_text="Vous êtes hors ligne").count() == 0, "the kept PDF, not « page non gardée »"


def test_a_kept_pdf_opens_offline_from_resume_and_from_the_offline_list(newcomer, browser):
    live = newcomer
    context, page, errors = phone_page(browser, live, True)
    sign_in(page, live)
    click(page, "link", "Mon espace")
    click(page, "link", "Commencer")
    click(page, "button", "J'ai terminé")
    click(page, "button", "J'ai terminé")
    expect(page.locator("h1")).to_have_text(SHEET)
    # Opened, its page is kept, not its PDF: said so, and the button says it keeps the sheet too.
    kept(page, page.evaluate("location.pathname"))
    page.reload()
    settle(page)
    expect(page.locator(".keep-status")).to_have_text("Page gardée hors ligne ; ses fichiers ne le sont pas encore.")
    expect(page.get_by_role("button", name="Garder hors ligne, avec la fiche PDF")).to_be_visible()
    page.get_by_role("button", name="Garder hors ligne").click()
    expect(page.locator(".keep-status")).to_have_text("Gardée hors ligne sur cet appareil.")
    page.reload()  # as she would, later: the page says it is kept, and offers to remove it
    expect(page.locator(".keep-status")).to_have_text("Gardée hors ligne sur cet appareil.")
    expect(page.get_by_role("button", name="Garder hors ligne")).to_be_hidden()
    expect(page.locator(".keep-offline").get_by_role("button", name="Retirer")).to_be_visible()
    click(page, "link", "Mon espace")
    kept_here = page.locator("#gardees-hors-ligne")
    expect(kept_here.get_by_role("link", name=SHEET)).to_be_visible()  # her space leads to what is kept

    hours_later(context, page)
    context.set_offline(True)
    click(page, "link", "Mon espace")
    expect(page.locator("h1")).to_have_text("Bonjour Inès")
    page.get_by_role("link", name=f"Reprendre « {SHEET} »").click()
    expect(page.locator("h1")).to_have_text(SHEET)
    open_pdf_viewer(page)
    page.go_back()
    expect(page.locator("h1")).to_have_text(SHEET)

    click(page, "link", "Mes données")  # never opened: the offline page, and its list
    expect(page.locator("h1")).to_have_text("Vous êtes hors ligne")
    click(page, "link", SHEET, within=page.locator("#gardees-hors-ligne"))
    expect(page.locator("h1")).to_have_text(SHEET)
    open_pdf_viewer(page)
    assert errors == [], errors
    context.close()


def test_the_kept_copy_of_a_lesson_finished_online_says_it_is_finished(newcomer, browser):
    live = newcomer
    context, page, errors = phone_page(browser, live, True)
    sign_in(page, live)
    click(page, "link", "Mon espace")
    click(page, "link", "Commencer")
    welcome = page.evaluate("location.pathname")
    until(page, f"caches.open('petale-pages-v1').then(c => c.match('{welcome}')).then(r => !!r)")
    click(page, "button", "J'ai terminé")  # online: the copy kept when she opened it is now out of date
    expect(page.locator("h1")).to_have_text(VIDEO)
    until(page, f"caches.open('petale-pages-v1').then(c => c.match('{welcome}')).then(r => r.text())"
                ".then(html => html.includes('Leçon suivante'))")

    context.set_offline(True)
    click(page, "link", re.compile(f"← {WELCOME}"))
    expect(page.locator("h1")).to_have_text(WELCOME)
    expect(page.locator("article")).to_contain_text("terminée")
    expect(page.get_by_role("button", name="J'ai terminé")).to_have_count(0)
    expect(page.get_by_role("button", name="Leçon suivante")).to_be_visible()
    assert errors == [], errors
    context.close()


def test_jai_termine_pressed_twice_offline_waits_once_and_says_when_it_is_sent(newcomer, browser):
    live = newcomer
    context, page, errors = newcomer_at_the_video(browser, live)
    video = page.evaluate("location.pathname")
    until(page, f"caches.open('petale-pages-v1').then(c => c.match('{video}')).then(r => !!r)")

    context.set_offline(True)
    done = page.get_by_role("button", name="J'ai terminé")
    done.click()
    expect(done).to_be_disabled()  # a second press has nothing to add: the button says so
    done.click(force=True)
    note = page.locator("form.done .kept-offline")
    expect(note).to_have_text("Leçon notée comme terminée sur cet appareil, envoyée au retour du réseau.")
    assert [item["k"] for item in waiting(page)].count("complete") == 1, waiting(page)
    expect(page.locator("#reseau")).to_contain_text("1 leçon terminée à envoyer.")
    page.reload()  # the kept copy, whole: what waits is said again
    expect(note).to_have_text("Leçon notée comme terminée sur cet appareil, envoyée au retour du réseau.")

    context.set_offline(False)
    page.evaluate("window.petaleOffline.flush()")
    expect(note).to_have_text("Leçon notée comme terminée : c'est envoyé.")
    assert [item for item in waiting(page) if item["k"] == "complete"] == []
    with live.app_context():
        progress = LessonProgress.get((LessonProgress.account_id == account_id_for_email(NEWCOMER[0]))
                                      & (LessonProgress.lesson == lesson_named(live, VIDEO).id))
    assert progress.completed_at is not None
    assert errors == [], errors
    context.close()


def test_a_kept_lesson_is_removed_from_the_lesson_and_from_the_offline_list(newcomer, browser):
    live = newcomer
    context, page, errors = newcomer_at_the_video(browser, live)
    click(page, "link", re.compile(f"{SHEET} →"))
    sheet = page.evaluate("location.pathname")
    pdf = page.get_by_role("link", name="Ouvrir le document (PDF)").get_attribute("href").split("?")[0]
    keep = page.get_by_role("button", name="Garder hors ligne")
    keep.click()
    expect(page.locator(".keep-status")).to_have_text("Gardée hors ligne sur cet appareil.")
    assert in_cache(page, "petale-fichiers-v1", pdf)
    page.locator(".keep-offline").get_by_role("button", name="Retirer").click()
    expect(keep).to_be_visible()
    expect(page.locator(".keep-status")).to_have_text("")
    until(page, f"caches.open('petale-fichiers-v1').then(c => c.match('{pdf}', {{ignoreSearch: true}})).then(r => !r)")

    keep.click()
    expect(page.locator(".keep-status")).to_have_text("Gardée hors ligne sur cet appareil.")
    context.set_offline(True)
    click(page, "link", "Mes données")
    listed = page.locator("#gardees-hors-ligne")
    expect(listed.locator("li", has_text=SHEET)).to_contain_text("avec ses fichiers")
    page.screenshot(path=str(live.instance_path) + "/liste-hors-ligne.png", full_page=True)
    listed.get_by_role("button", name=f"Retirer « {SHEET} » de cet appareil").click()
    expect(listed.get_by_role("link", name=SHEET)).to_have_count(0)
    expect(listed.get_by_role("link", name=VIDEO)).to_be_visible()  # the others stay
    assert not in_cache(page, "petale-fichiers-v1", pdf) and not in_cache(page, "petale-pages-v1", sheet)
    assert errors == [], errors
    context.close()


def test_a_kept_low_quality_video_plays_offline_with_its_poster_and_captions_and_says_low(newcomer, browser):
    live = newcomer
    context, page, errors = newcomer_at_the_video(browser, live)
    page.get_by_role("button", name=re.compile("Garder aussi la vidéo en qualité basse")).click()
    expect(page.locator(".keep-status")).to_have_text("Vidéo en qualité basse gardée hors ligne.")
    poster = page.locator("video").get_attribute("poster")

    hours_later(context, page)
    context.set_offline(True)
    page.reload()
    expect(page.locator("h1")).to_have_text(VIDEO)
    figure = page.locator("figure.video")
    expect(figure).to_contain_text("Qualité basse, gardée sur cet appareil")
    expect(figure).not_to_contain_text("Qualité normale")
    expect(page.locator(".keep-status")).to_have_text(
        "Gardée hors ligne sur cet appareil, avec la vidéo en qualité basse.")
    assert page.evaluate("url => fetch(url).then(r => r.status)", poster) == 200
    until(page, "document.querySelector('video track').readyState === 2")  # the captions, loaded
    page.locator("video").evaluate("v => { v.muted = true; return v.play(); }")
    until(page, "document.querySelector('video').currentTime > 0")
    page.screenshot(path=str(live.instance_path) + "/video-gardee.png", full_page=True)
    assert errors == [], errors
    context.close()


def test_a_video_not_kept_says_so_offline_and_points_to_the_transcript(newcomer, browser):
    live = newcomer
    context, page, errors = newcomer_at_the_video(browser, live)
    video = page.evaluate("location.pathname")
    until(page, f"caches.open('petale-pages-v1').then(c => c.match('{video}')).then(r => !!r)")
    expect(page.locator(".video-offline")).to_have_count(0)  # online: the player, nothing said

    hours_later(context, page)
    context.set_offline(True)
    page.reload()
    expect(page.locator("h1")).to_have_text(VIDEO)
    # The page may believe it is online (navigator.onLine is a hint): her press on play finds no video.
    until(page, "!!document.querySelector('figure.video').petaleReady")
    page.locator("video").evaluate("v => { v.muted = true; v.play().catch(() => {}); }")
    note = page.locator("figure.video .video-offline")
    expect(note).to_contain_text("Cette vidéo n'est pas gardée sur cet appareil")
    expect(page.locator("video")).to_be_hidden()  # no black player whose button does nothing
    note.get_by_role("link", name="Lire la transcription").click()
    assert page.evaluate("location.hash") == "#transcription"
    page.get_by_role("link", name=re.compile("passer en qualité basse")).click()
    expect(page.locator("figure.video .quality")).to_have_text("Passer en qualité basse demande le réseau.")
    expect(page.locator("h1")).to_have_text(VIDEO)  # still on the lesson, not « page non gardée »
    page.screenshot(path="/tmp/shots-learnB/video-non-gardee.png", full_page=True)
    assert errors == [], errors
    context.close()


def test_the_video_kept_after_its_lesson_fetches_and_counts_the_poster_and_captions_once(newcomer, browser):
    live = newcomer
    context, page, errors = newcomer_at_the_video(browser, live)
    path = page.evaluate("location.pathname")
    page.get_by_role("button", name="Garder hors ligne").click()
    expect(page.locator(".keep-status")).to_have_text("Gardée hors ligne sur cet appareil.")
    with page.expect_request(lambda r: "basse.mp4" in r.url) as video:
        page.get_by_role("button", name=re.compile("Garder aussi la vidéo en qualité basse")).click()
    expect(page.locator(".keep-status")).to_have_text("Vidéo en qualité basse gardée hors ligne.")
    entry = page.evaluate(f"JSON.parse(localStorage.getItem('petale-gardees'))['{path}']")
    files = [url.split("?")[0] for url in entry["files"]]
    assert sorted(files) == sorted(set(files)) and len(files) == 3, files  # poster, captions, video
    assert urlsplit(video.value.url).path in files
    expect(page.get_by_role("button", name=re.compile("Garder"))).to_have_count(0)  # all kept: nothing to offer
    assert errors == [], errors
    context.close()


def test_offline_download_of_a_video_not_kept_says_it_needs_the_network_instead_of_a_dead_link(newcomer, browser):
    """« Télécharger la vidéo » on a lesson kept without its video led nowhere offline: the link gives way to
    words, as « passer en qualité basse » does, and comes back with the network."""
    live = newcomer
    context, page, errors = newcomer_at_the_video(browser, live)
    video = page.evaluate("location.pathname")
    until(page, f"caches.open('petale-pages-v1').then(c => c.match('{video}')).then(r => !!r)")
    download = page.get_by_role("link", name="Télécharger la vidéo")
    expect(download).to_be_visible()
    hours_later(context, page)
    context.set_offline(True)
    page.reload()
    expect(page.locator("h1")).to_have_text(VIDEO)
    until(page, "!!document.querySelector('figure.video').petaleReady")
    if download.is_visible():  # navigator.onLine is a hint only: her tap on the link finds out
        download.click()
    expect(page.locator("figure.video .download-offline")).to_have_text("Télécharger la vidéo demande le réseau.")
    expect(download).to_be_hidden()
    expect(page.locator("h1")).to_have_text(VIDEO)
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(download).to_be_visible()
    expect(page.locator("figure.video .download-offline")).to_have_count(0)
    assert errors == [], errors
    context.close()
