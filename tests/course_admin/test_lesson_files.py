"""Lesson files uploaded from the lesson form: a video (MP4 or WebM), its captions (WebVTT) and a PDF,
recognised by their content, size-limited with a refusal in words, stored under the lesson's own folder
without overwriting anything, played by the learner's player; and the staff list of lessons whose file is
missing."""
from __future__ import annotations

import io
import re
from html import unescape
from pathlib import Path

import pytest
from fpdf import FPDF
from PIL import Image
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from portal.course_admin import lesson_files
from portal.demo.learning_seed import ASSETS
from portal.learning.models import Lesson
from tests.support.helpers import csrf_token
from tests.support.learning_fixtures import lesson_named, signed_in

MP4 = (ASSETS / "preparer-les-tiges.mp4").read_bytes()
VTT = "WEBVTT\n\n00:00.000 --> 00:03.000\nOn recoupe la tige sous l’eau.\n".encode()


def a_pdf(text: str = "Fiche : les vases") -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, text)
    return bytes(pdf.output())


def a_webm() -> bytes:
    """The start of a real WebM file: its EBML header (DocType "webm") and the Segment that follows."""
    def element(identifier: bytes, value: bytes) -> bytes:
        return identifier + bytes([0x80 | len(value)]) + value

    header = b"".join([element(b"\x42\x86", b"\x01"), element(b"\x42\xf7", b"\x01"), element(b"\x42\xf2", b"\x04"),
                       element(b"\x42\xf3", b"\x08"), element(b"\x42\x82", b"webm"), element(b"\x42\x87", b"\x04"),
                       element(b"\x42\x85", b"\x02")])
    return b"\x1a\x45\xdf\xa3" + bytes([0x80 | len(header)]) + header + b"\x18\x53\x80\x67\x01" + b"\xff" * 7 + \
        b"\x15\x49\xa9\x66\x80"


def lesson_form(lesson: Lesson, **changes) -> dict:
    data = {"title": lesson.title, "kind": lesson.kind, "position": str(lesson.position),
            "expected_minutes": str(lesson.expected_minutes), "body": lesson.body, "pass_mark": "70",
            "video_path": lesson.video_path or "", "video_low_path": lesson.video_low_path or "",
            "poster_path": lesson.poster_path or "", "captions_path": lesson.captions_path or "",
            "document_path": lesson.document_path or "", "transcript": lesson.transcript or ""}
    data.update(changes)
    return data


def send(client, url: str, data: dict, page: str | None = None):
    """The form as a browser sends it (multipart), files given as (content, name)."""
    token = csrf_token(client.get(page or url).get_data(as_text=True))
    fields = MultiDict({k: FileStorage(io.BytesIO(v[0]), v[1]) if isinstance(v, tuple) else v
                        for k, v in data.items()})
    fields["csrf_token"] = token
    boundary, body = encode_multipart(fields)
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def media(app) -> Path:
    return Path(app.instance_path) / "media"


def stored(app, lesson_id: int) -> list[Path]:
    folder = media(app) / "lecons" / str(lesson_id)
    return sorted(folder.iterdir()) if folder.exists() else []


@pytest.fixture
def staff(demo):
    return signed_in(demo, "gestion@petale.test")


def test_a_video_its_captions_and_a_pdf_are_uploaded_and_the_learner_plays_them(demo, staff):
    lesson = lesson_named(demo, "Préparer les tiges")
    url = f"/gestion/lecons/{lesson.id}"
    page = unescape(staff.get(url).get_data(as_text=True))
    assert 'enctype="multipart/form-data"' in page and 'type="file"' in page and "200 Mo au plus" in page
    response = send(staff, url, lesson_form(lesson, video_file=(MP4, "Préparer les tiges (montage final).MP4"),
                                            captions_file=(VTT, "sous-titres.vtt"),
                                            document_file=(a_pdf(), "../../fiche vases.pdf")))
    assert response.status_code == 302, unescape(response.get_data(as_text=True))[:2000]
    with demo.app_context():
        saved = Lesson.get_by_id(lesson.id)
    assert re.fullmatch(rf"lecons/{lesson.id}/preparer_les_tiges_montage_final-[0-9a-f]{{12}}\.mp4", saved.video_path)
    assert re.fullmatch(rf"lecons/{lesson.id}/sous-titres-[0-9a-f]{{12}}\.vtt", saved.captions_path)
    assert re.fullmatch(rf"lecons/{lesson.id}/fiche_vases-[0-9a-f]{{12}}\.pdf", saved.document_path), \
        "the name is made safe: no way out of the lesson's folder"
    assert (media(demo) / saved.video_path).read_bytes() == MP4
    assert saved.video_low_path is None, "the low-quality copy of the replaced video is no longer served"
    assert saved.poster_path == lesson.poster_path, "a path without a file sent is kept"
    assert not [p for p in stored(demo, lesson.id) if p.name.startswith(".")], "no partial file left behind"

    learner = signed_in(demo, "apprenant@petale.test")
    player = unescape(learner.get(f"/lecon/{lesson.id}").get_data(as_text=True))
    video = next(u for u in re.findall(r'"(/media/lecons/[^"]+)"', player) if ".mp4" in u)
    captions = next(u for u in re.findall(r'"(/media/lecons/[^"]+)"', player) if ".vtt" in u)
    assert saved.video_path in video and saved.captions_path in captions
    handout = re.search(r'<a href="(/media/lecons/[^"]+\.pdf)[^"]*"[^>]*>Support de la leçon \(PDF\)</a>', player)
    assert handout and saved.document_path in handout.group(1), "a video lesson's PDF is offered beside the video"
    for url, content, mimetype in ((video, MP4, "video/mp4"), (captions, VTT, "text/vtt")):
        response = learner.get(url)
        body = response.get_data()
        response.close()  # files are streamed from an open file
        assert response.status_code == 200 and body == content and response.mimetype == mimetype


def test_a_new_lesson_gets_its_files_in_its_own_folder(demo, staff):
    module = lesson_named(demo, "Préparer les tiges").module
    page = f"/gestion/modules/{module.id}"
    assert 'enctype="multipart/form-data"' in staff.get(page).get_data(as_text=True)
    response = send(staff, f"{page}/lecons", {
        "lesson-title": "Montage en WebM", "lesson-kind": "video", "lesson-position": "9",
        "lesson-expected_minutes": "5", "lesson-pass_mark": "70",
        "lesson-video_file": (a_webm(), "montage.webm"), "lesson-document_file": (a_pdf(), "fiche.pdf")}, page=page)
    assert response.status_code == 302, unescape(response.get_data(as_text=True))[:2000]
    with demo.app_context():
        lesson = Lesson.get(Lesson.title == "Montage en WebM")
    assert lesson.video_path.startswith(f"lecons/{lesson.id}/montage-") and lesson.video_path.endswith(".webm")
    assert (media(demo) / lesson.document_path).read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("field, content, name, words", [
    ("video_file", b"Ceci est un texte, pas une video.\n" * 20, "tuto.mp4", "vidéos MP4 ou WebM"),
    ("video_file", MP4[:200], "coupee.mp4", "vidéos MP4 ou WebM"),  # a real header, the rest cut off
    ("video_file", a_pdf(), "film.webm", "vidéos MP4 ou WebM"),
    ("captions_file", b"00:00.000 --> 00:03.000\nSans en-tete\n", "sous-titres.vtt", "WebVTT"),
    ("captions_file", b"WEBVTT\n\n\xff\xfe pas de l'UTF-8", "sous-titres.vtt", "WebVTT"),
    ("document_file", b"%PDF-1.4 juste un texte renomme", "fiche.pdf", "Seuls les PDF"),
    ("document_file", MP4, "fiche.pdf", "Seuls les PDF"),
    ("document_file", b"", "vide.pdf", "Le fichier est vide"),
    ("document_file", b"", "", None),  # an empty file input: no file was chosen
])
def test_a_file_that_is_not_what_it_claims_is_refused_beside_its_field_and_nothing_is_kept(
        demo, staff, field, content, name, words):
    lesson = lesson_named(demo, "Préparer les tiges")
    url = f"/gestion/lecons/{lesson.id}"
    response = send(staff, url, lesson_form(lesson, title="Nouveau titre", **{field: (content, name)}))
    html = unescape(response.get_data(as_text=True))
    with demo.app_context():
        after = Lesson.get_by_id(lesson.id)
    if words is None:
        assert response.status_code == 302 and after.title == "Nouveau titre"
        return
    assert response.status_code == 422
    assert re.search(rf'id="{field}-erreur">[^<]*{re.escape(words)}', html), "the refusal is beside the file input"
    assert after.title == lesson.title and after.video_path == lesson.video_path, "nothing of the change is stored"
    assert stored(demo, lesson.id) == [], "no file kept, not even a partial one"


def test_a_file_past_the_limit_is_refused_in_words_and_so_is_a_body_past_it(demo, staff):
    demo.config["LESSON_FILE_MAX_BYTES"] = 1024 * 1024
    lesson = lesson_named(demo, "Préparer les tiges")
    url = f"/gestion/lecons/{lesson.id}"
    big = MP4 + b"\0" * (1024 * 1024)
    response = send(staff, url, lesson_form(lesson, video_file=(big, "long.mp4")))
    assert response.status_code == 413
    assert re.search(r'id="video_file-erreur">Le fichier dépasse 1 Mo', unescape(response.get_data(as_text=True)))
    assert stored(demo, lesson.id) == []
    # A body larger than four such files and the form: refused before it is read, on the lesson's page.
    huge = b"\0" * (7 * 1024 * 1024)
    response = send(staff, url, lesson_form(lesson, video_file=(huge, "enorme.mp4")))
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 413 and "chaque fichier fait au plus 1 Mo" in html and lesson.title in html
    assert 'type="file"' in html, "the form is there to try again"
    module_page = f"/gestion/modules/{lesson.module_id}"
    response = send(staff, f"{module_page}/lecons", {"lesson-title": "x", "lesson-video_file": (huge, "a.mp4")},
                    page=module_page)
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 413 and "chaque fichier fait au plus 1 Mo" in html
    with demo.app_context():
        assert Lesson.get_by_id(lesson.id).video_path == lesson.video_path
        assert not Lesson.select().where(Lesson.title == "x").exists()


def test_an_upload_never_overwrites_another_file(demo, staff):
    first = lesson_named(demo, "Préparer les tiges")
    other = lesson_named(demo, "Bienvenue dans la formation")
    paths = []
    for lesson, pdf in ((first, a_pdf("Première")), (first, a_pdf("Seconde")), (other, a_pdf("Première"))):
        response = send(staff, f"/gestion/lecons/{lesson.id}", lesson_form(lesson, document_file=(pdf, "fiche.pdf")))
        assert response.status_code == 302
        with demo.app_context():
            paths.append(Lesson.get_by_id(lesson.id).document_path)
    assert len(set(paths)) == 3, "same name, another content or another lesson: another file"
    assert all((media(demo) / path).is_file() for path in paths), "the first one is still there"
    assert len(stored(demo, first.id)) == 2, "two PDFs side by side in the lesson's folder"


def test_the_missing_files_list_names_the_lessons_and_empties_once_the_file_is_sent(demo, staff):
    assert "fichiers-manquants" in staff.get("/gestion/formations").get_data(as_text=True), "reachable"
    page = unescape(staff.get("/gestion/lecons/fichiers-manquants").get_data(as_text=True))
    assert "Un bouquet de feuillages, pas à pas" in page and "lecons/a-venir/bouquet-de-feuillages.mp4" in page
    assert "Préparer les tiges" not in page, "its files are all there"
    lesson = lesson_named(demo, "Un bouquet de feuillages, pas à pas")
    response = send(staff, f"/gestion/lecons/{lesson.id}", lesson_form(lesson, video_file=(MP4, "feuillages.mp4")))
    assert response.status_code == 302
    page = unescape(staff.get("/gestion/lecons/fichiers-manquants").get_data(as_text=True))
    assert "Un bouquet de feuillages" not in page and "bien dans le dossier des médias" in page
    (media(demo) / "demo" / "sous-titres.vtt").unlink()  # a file removed by hand
    page = unescape(staff.get("/gestion/lecons/fichiers-manquants").get_data(as_text=True))
    assert "Préparer les tiges" in page and "sous-titres : <code>demo/sous-titres.vtt</code>" in page


def test_with_an_outside_cdn_files_go_to_the_folder_it_publishes_or_are_refused_in_words(demo, staff, tmp_path):
    demo.config["VIDEO_CDN_URL"] = "https://cdn.petale.example/media"
    lesson = lesson_named(demo, "Préparer les tiges")
    url = f"/gestion/lecons/{lesson.id}"
    response = send(staff, url, lesson_form(lesson, video_file=(MP4, "a.mp4")))
    assert response.status_code == 422 and "MEDIA_UPLOAD_DIR" in unescape(response.get_data(as_text=True))
    assert "CDN extérieur" in unescape(staff.get("/gestion/lecons/fichiers-manquants").get_data(as_text=True))
    published = tmp_path / "cdn-source"
    demo.config["MEDIA_UPLOAD_DIR"] = str(published)
    response = send(staff, url, lesson_form(lesson, video_path="", video_low_path="", poster_path="",
                                            captions_path="", document_path="", video_file=(MP4, "a.mp4")))
    assert response.status_code == 302
    with demo.app_context():
        path = Lesson.get_by_id(lesson.id).video_path
    assert (published / path).read_bytes() == MP4
    learner = signed_in(demo, "apprenant@petale.test")
    player = learner.get(f"/lecon/{lesson.id}").get_data(as_text=True)
    assert f"https://cdn.petale.example/media/{path}?jeton=" in player


def test_what_a_file_is_comes_from_its_content(tmp_path):
    cases = [(MP4, lesson_files.VIDEO, "mp4"), (a_webm(), lesson_files.VIDEO, "webm"),
             (b"\xef\xbb\xbfWEBVTT - sous-titres\n", lesson_files.CAPTIONS, "vtt"),
             (b"WEBVTT", lesson_files.CAPTIONS, "vtt"),
             (b"WEBVTTX\n", lesson_files.CAPTIONS, None), (a_webm()[:-15], lesson_files.VIDEO, None),
             (b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  \x00\x00\x00\x08moov", lesson_files.VIDEO, None),
             (b"\x00\x00\x00\x14ftypisom\x00\x00\x00\x00isom\x00\x00\x00\x08moov", lesson_files.VIDEO, "mp4"),
             (b"\x00\x00\x00\x14ftypisom\x00\x00\x00\x00isom\x00\x00\x00\x08mdat", lesson_files.VIDEO, None)]
    for n, (content, kind, expected) in enumerate(cases):
        path = tmp_path / f"f{n}"
        path.write_bytes(content)
        assert lesson_files.sniff(path, kind) == expected, n


def test_bodies_no_browser_sends_to_the_lesson_form_never_give_a_500(demo, staff):
    lesson = lesson_named(demo, "Préparer les tiges")
    url = f"/gestion/lecons/{lesson.id}"
    token = csrf_token(staff.get(url).get_data(as_text=True))
    boundary = "----petale"
    bodies = [
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n--{boundary}\r\n"
        f"Content-Disposition: form-data; name=\"video_file\"; filename=\"a.mp4\"\r\n\r\n".encode() + MP4[:100],
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n--{boundary}\r\n"
        f"Content-Disposition: form-data; name=\"video_file\"\r\n\r\nnot a file\r\n--{boundary}--\r\n".encode(),
    ]
    for body in bodies:
        response = staff.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")
        assert response.status_code < 500 and "Traceback" not in response.get_data(as_text=True)
    assert stored(demo, lesson.id) == []


def an_image(kind: str, size: tuple[int, int] = (64, 36)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (180, 60, 90)).save(out, kind)
    return out.getvalue()


def test_a_poster_is_uploaded_like_the_video_and_checked_by_its_content(demo, staff):
    lesson = lesson_named(demo, "Préparer les tiges")
    url = f"/gestion/lecons/{lesson.id}"
    page = unescape(staff.get(url).get_data(as_text=True))
    assert 'name="poster_file"' in page and "chemin" not in page and "dossier des médias" not in page
    refused = send(staff, url, lesson_form(lesson, poster_file=(an_image("PNG")[:60], "affiche.png")))
    assert refused.status_code == 422 and re.search(
        r'id="poster_file-erreur">[^<]*image JPEG, PNG ou WebP', unescape(refused.get_data(as_text=True)))
    assert stored(demo, lesson.id) == [], "a cut image is refused, nothing kept"
    response = send(staff, url, lesson_form(lesson, poster_file=(an_image("JPEG"), "Affiche du bouquet.png")))
    assert response.status_code == 302, unescape(response.get_data(as_text=True))[:2000]
    with demo.app_context():
        saved = Lesson.get_by_id(lesson.id)
    assert re.fullmatch(rf"lecons/{lesson.id}/affiche_du_bouquet-[0-9a-f]{{12}}\.jpg", saved.poster_path), \
        "named by what it is, a JPEG, whatever its name said"
    assert saved.video_path == lesson.video_path, "the video is kept"
    player = unescape(signed_in(demo, "apprenant@petale.test").get(f"/lecon/{lesson.id}").get_data(as_text=True))
    assert re.search(rf'poster="/media/{re.escape(saved.poster_path)}', player)


def test_a_poster_is_a_whole_image_of_a_sensible_size(tmp_path):
    for n, (content, expected) in enumerate([(an_image("PNG"), "png"), (an_image("WEBP"), "webp"),
                                             (an_image("JPEG"), "jpg"), (an_image("GIF"), None),
                                             (an_image("PNG")[:-30], None), (b"<svg xmlns='x'/>", None),
                                             (an_image("PNG", (4000, 2200)), None)]):
        path = tmp_path / f"i{n}"
        path.write_bytes(content)
        assert lesson_files.sniff(path, lesson_files.IMAGE) == expected, n
