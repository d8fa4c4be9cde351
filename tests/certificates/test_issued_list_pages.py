"""/gestion/attestations holds every certificate a provider issued: a page at a time, filtered by course,
state and issue period."""
from __future__ import annotations

from html import unescape

from portal.certificates.models import Certificate
from tests.support.crowd import add_crowd
from tests.support.learning_fixtures import signed_in


def test_issued_certificates_are_paged_and_filtered(demo):
    add_crowd(demo, 240)
    with demo.app_context():
        replaced = Certificate.select().order_by(Certificate.id).first()
        Certificate.update(superseded_at=replaced.issued_at).where(Certificate.id == replaced.id).execute()
    staff = signed_in(demo, "gestion@petale.test")
    first = unescape(staff.get("/gestion/attestations").get_data(as_text=True))
    assert "60 résultats" in first and "Page 1 sur 2" in first and 'href="/gestion/attestations?page=2"' in first
    superseded = unescape(staff.get("/gestion/attestations?etat=superseded").get_data(as_text=True))
    assert "1 résultat" in superseded and "remplacée" in superseded.split("<tbody>")[1]
    assert "0 résultat" in unescape(staff.get("/gestion/attestations?du=2001-01-01&au=2001-12-31").get_data(
        as_text=True))
    assert staff.get("/gestion/attestations?du=jamais").status_code == 422
