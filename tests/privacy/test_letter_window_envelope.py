"""The letter the dpo prints for someone answered by post fits a French window envelope (DL or C5, window on the
right): her name and address where the window shows them, about 110 mm from the left edge and 48 mm from the
top; the sender at the top left; the place and date, the subject, then the answer (the letter was once plain
lines from the top of the page: folded into an envelope, the address showed nowhere)."""
from __future__ import annotations

import io

from pypdf import PdfReader

from portal.documents.pdf import window_lines
from tests.support.busy_learner import post
from tests.support.helpers import pdf_text
from tests.support.learning_fixtures import signed_in
from tests.support.letters import PAGE, letter_without_email

POINT = 25.4 / 72  # millimetres


def placed(data: bytes) -> dict[str, tuple[float, float]]:
    """Each piece of text of the first page, with where it starts: millimetres from the left edge, and from the
    top edge to its baseline (a text printed twice, as the sender's street may be the addressee's, keeps its
    last place: the sender comes first)."""
    found: dict[str, tuple[float, float]] = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            found[text.strip()] = (tm[4] * POINT, 297 - tm[5] * POINT)

    PdfReader(io.BytesIO(data)).pages[0].extract_text(visitor_text=visit)
    return found


def test_the_letter_puts_her_address_where_a_window_envelope_shows_it(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    request = letter_without_email(dpo, demo)
    letter = post(dpo, f"{PAGE}/{request.id}/cloture/lettre.pdf",
                  {"answer": "Nous ne détenons aucune donnée vous concernant.", "by_post": "y"}, PAGE)
    assert letter.status_code == 200 and letter.mimetype == "application/pdf"
    where = placed(letter.data)
    for line in ("Lucie Martin", "12 rue des Lilas", "69003 Lyon"):
        left, baseline = where[line]
        assert 100 <= left <= 112 and 45 <= baseline <= 90, (line, where[line])
    assert where["Lucie Martin"][1] < where["12 rue des Lilas"][1] < where["69003 Lyon"][1]
    sender = next(key for key in where if key.startswith("Pétale Formation"))
    assert where[sender][0] < 30 and where[sender][1] < 30, "the sender, top left, outside the window"
    assert "Délégué à la protection des données" in where and where["dpo@petale.test"][0] < 30
    dated = next(key for key in where if ", le " in key)
    assert where[dated][0] >= 100 and where[dated][1] > where["69003 Lyon"][1], "place and date under the address"
    subject = next(key for key in where if key.startswith("Objet :"))
    assert f"demande n° {request.id}" in " ".join(pdf_text(letter.data).split()), "her reply can name it"
    assert where[dated][1] < where[subject][1]
    answer = next(key for key in where if key.startswith("Nous ne détenons aucune donnée"))
    assert where[answer][1] > 95, "the text starts below the window"


def test_a_long_address_keeps_six_lines_its_name_first_and_its_town_last():
    lines = ["Lucie Martin", "Chez Mme Roux", "Bâtiment B", "Escalier 3", "12 rue des Lilas", "BP 12", "69003 Lyon"]
    kept = window_lines([*lines, "  "], 6)
    assert len(kept) == 6 and kept[0] == "Lucie Martin" and kept[-1] == "69003 Lyon"
    assert kept[1] == "Chez Mme Roux, Bâtiment B"
