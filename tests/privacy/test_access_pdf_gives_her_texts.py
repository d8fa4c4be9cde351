"""The access PDF of her export (the same document whether she asked from her space or the dpo answered her
letter): each heading stays with what it heads, « Identité et coordonnées » is said once, and her messages are
given, not only counted (article 15(3): a copy of her data) — her questions, her messages and the trainers' answers
to her questions and comments on her bouquets (a dpo walk found « Messages : 3 » and a heading orphaned at the foot
of a page)."""
from __future__ import annotations

import io

from pypdf import PdfReader

from portal.documents import pdf_document
from tests.support.exports import exported
from tests.support.learning_fixtures import signed_in


def _pages(data: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def test_a_heading_near_the_foot_of_a_page_goes_to_the_next_with_what_it_heads(app):
    with app.app_context():
        # Filled until the heading still fits at the foot of the page and its first line no longer does.
        for heading, fits in (("heading", 2 + 7), ("subheading", 5.5)):
            doc = pdf_document("Essai")
            while not doc.will_page_break(fits + 5.5):
                doc.line("Remplissage")
            getattr(doc, heading)("Titre de la partie")
            doc.line("Premier contenu de la partie")
            [where] = [n for n, text in enumerate(_pages(doc.bytes())) if "Titre de la partie" in text]
            assert "Premier contenu de la partie" in _pages(doc.bytes())[where], heading


def test_her_export_gives_her_questions_and_the_answers_she_received(demo):
    antoine = signed_in(demo, "apprenant@petale.test")
    pages = _pages(exported(demo, antoine).read("vos-donnees.pdf"))
    text = " ".join(pages)
    assert text.count("Identité et coordonnées") == 1, "the heading, not echoed by its one declaration"
    assert "Votre question « Sécateur ou couteau pour les roses ? »" in text
    assert "Est-ce que je peux utiliser mon" in text, "her words"
    assert "Réponse d'un formateur" in text and "Le sécateur écrase les vaisseaux" in text, "the answer she received"
    assert "Commentaire d'un formateur" in text and "Attention au sens de la spirale" in text, "on her bouquet"
