"""The legal PDFs lay their tables out with fpdf2's table (cells wrap, nothing is cut) and write hours and
amounts the French way. Each test extracts the text and finds every label and value whole."""
from __future__ import annotations

from datetime import date

from portal.accounts.models import Account
from portal.invoicing import service as invoicing
from portal.learning.models import Enrollment, Lesson, Module, TrainingSession
from portal.vault.service import Party
from tests.support.helpers import pdf_text
from tests.support.learning_fixtures import signed_in

LONG_MODULE = "Les outils et le végétal : sécateurs, couteaux, pics et mousses pour bouquets de saison"
LONG_LESSON = "Préparer les tiges (Session de printemps) : couper en biseau, effeuiller, réhydrater sous l'eau"


def words(text: str) -> str:
    return " ".join(text.split())


def test_the_statement_shows_every_module_activity_time_and_hour_whole(demo):
    with demo.app_context():
        antoine = Account.get(Account.display_name == "Antoine")
        enrollment = Enrollment.get(Enrollment.account_id == antoine.id)
        session = TrainingSession.get_by_id(enrollment.session_id)
        lesson = Lesson.select().join(Module).where(Module.course == session.course_id).first()
        Module.update(title=LONG_MODULE).where(Module.id == lesson.module_id).execute()
        Lesson.update(title=LONG_LESSON).where(Lesson.id == lesson.id).execute()
    staff = signed_in(demo, "gestion@petale.test")
    period = f"du={session.starts_on.isoformat()}&au={session.ends_on.isoformat()}"
    page = staff.get(f"/gestion/releves/{enrollment.id}?{period}").get_data(as_text=True)
    text = words(pdf_text(staff.get(f"/gestion/releves/{enrollment.id}/releve.pdf?{period}").data))
    for label in ("Module", "Activité", "Début", "Fin", "Durée", "Prévu", "Score", "Terminée", "Temps réalisé"):
        assert label in text, label
    # A wrapped cell's lines come out between its neighbours' lines: every word is there, none cut.
    for word in (LONG_MODULE + " " + LONG_LESSON).split():
        assert word in text.split(), word
    import re

    times = re.findall(r"\d\d/\d\d/\d{4} \d\d:\d\d", text)
    assert times, "dates and times are printed whole"
    assert not re.search(r"\d\d/\d\d/\d{4} \d\d:\d(?!\d)", text), "no time is cut"
    assert re.search(r"\d+,\d\d h", text) and not re.search(r"\d+\.\d\d h", text), "hours with a comma"
    assert "Durée (h)" in page


def test_the_invoice_and_its_credit_note_show_descriptions_and_amounts_whole(demo):
    with demo.app_context():
        antoine = Account.get(Account.display_name == "Antoine")
        enrollment = Enrollment.get(Enrollment.account_id == antoine.id)
        TrainingSession.update(title="Session A — parcours complet avec atelier en présentiel").where(
            TrainingSession.id == enrollment.session_id).execute()
        invoice = invoicing.issue_invoice(enrollment.id, "employer", Party(
            "Fleurs du Marais SARL, service formation", "3 rue du Temple, 75004 Paris", "404833048"), None,
            today=date(2026, 11, 26))
        Enrollment.update(funding="employer").execute()
        note = invoicing.issue_credit_note(invoice.number, "Erreur sur l'intitulé de la session", None,
                                           today=date(2026, 11, 27))
        description = invoicing.printed(invoice).lines[0]["description"]
    staff = signed_in(demo, "gestion@petale.test")
    text = words(pdf_text(staff.get(f"/gestion/factures/{invoice.number}.pdf").data))
    for label in ("Désignation", "Qté", "Prix unitaire HT", "Total HT", "Total TTC", "Échéance"):
        assert label in text, label
    for word in description.split():
        assert word in text.split(), word
    amount = invoicing.euros(invoice.total_cents).replace("\u202f", " ").replace("\u00a0", " ")
    assert amount.endswith(" €") and amount in text, amount
    assert "40,00 €" in text and "0,00 €" in text and "EUR" not in text
    credit = words(pdf_text(staff.get(f"/gestion/factures/{note.number}.pdf").data))
    assert f"-{amount}" in credit and "Erreur sur l'intitulé de la session" in credit


def placed_fragments(data: bytes) -> list[tuple[str, float]]:
    """Each piece of text the PDF draws, with the x where it starts (points)."""
    import io

    from pypdf import PdfReader

    found: list[tuple[str, float]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.append((text.strip(), cm[4] + tm[4]))

    for page in PdfReader(io.BytesIO(data)).pages:
        page.extract_text(visitor_text=visit)
    return found


def test_a_long_label_wraps_in_its_column_and_never_runs_over_its_value(app):
    from portal.documents.pdf import Document

    label = "Consultations de vos données par l'équipe, inscrites au journal"
    with app.app_context():
        pdf = Document("Vos données personnelles")
        pdf.field(label, "12")
        pdf.field("Événements enregistrés (connexions, changements, refus d'accès)", "3")
        fragments = placed_fragments(pdf.bytes())
        pdf.set_font("helvetica", "B", 10)
        widest = max(pdf.get_string_width(text) for text, x in fragments
                     if x < (pdf.l_margin + 5) * pdf.k and text != "Vos données personnelles" and "SIRET" not in text)
    assert widest <= Document.LABEL_WIDTH, "a label's line stays in its column"
    value_x = [x for text, x in fragments if text in ("12", "3")]
    assert value_x and all(x >= (pdf.l_margin + Document.LABEL_WIDTH) * pdf.k - 1 for x in value_x)
    assert words(" ".join(text for text, _ in fragments)).count("inscrites au journal") == 1
