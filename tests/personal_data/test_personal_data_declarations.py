"""The personal-data registry: every table that holds something about a person is declared by its
capability, on a line of the policy's retention table (or a register kept on purpose, with its reason),
and /mes-donnees shows each declaration with the table's words. No exemption list."""
from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import peewee
import pytest

from portal.personal_data import registry
from portal.personal_data.table import REGISTERS, RULES
from tests.support.learning_fixtures import signed_in
from tests.support.person_columns import holds_something_about_a_person

ROOT = Path(__file__).resolve().parents[2]
POLICY = ROOT / "portal" / "privacy" / "politique-de-confidentialite.txt"
SPEC_POLICY = ROOT.parent / "shared" / "spec" / "politique-de-confidentialite.txt"
def undeclared(models, declared_tables: set[str]) -> list[str]:
    return [f"{m.__module__}.{m.__name__} (table {m._meta.table_name}) holds something about a person but no "
            f"declaration names it: add it to the DECLARATIONS of {m.__module__.rsplit('.', 1)[0]}.personal_data "
            f"(category, purpose, basis, retention line, and what export, erasure, archive and restriction do "
            f"with it), and list that module in portal/declared.py"
            for m in models if holds_something_about_a_person(m) and m._meta.table_name not in declared_tables]


def policy_table(path: Path) -> list[tuple[str, str, str]]:
    text = path.read_text(encoding="utf-8")
    table = text.split("| Catégorie de données |")[1].split("Vos prérogatives")[0]
    return [tuple(cell.strip() for cell in line.strip().strip("|").split("|"))
            for line in table.splitlines()[2:] if line.startswith("|")]


def test_every_model_holding_something_about_a_person_is_declared(app):
    from portal.schema import zone_models

    declared = {table for d in registry.declarations() for table in d.tables}
    every = [m for zone in ("main", "vault", "archive") for m in zone_models(zone)]
    assert undeclared(every, declared) == []
    tables = {m._meta.table_name for m in every}
    assert declared <= tables, f"a declaration names a table that does not exist: {declared - tables}"
    each = [table for d in registry.declarations() for table in d.tables]
    assert len(each) == len(set(each)), "a table is declared twice: one capability owns it"


def test_a_new_model_with_an_account_id_and_no_declaration_is_named_with_what_to_add():
    class Reaction(peewee.Model):
        account_id = peewee.UUIDField()
        emoji = peewee.CharField()

        class Meta:
            table_name = "forum_reaction"

    Reaction.__module__ = "portal.forum.models"
    [message] = undeclared([Reaction], declared_tables={"forum_post"})
    assert "portal.forum.models.Reaction" in message and "portal.forum.personal_data" in message
    assert "portal/declared.py" in message


def test_the_retention_table_is_the_policys_and_every_declaration_uses_a_line_of_it_or_a_stated_register(app):
    for path in (POLICY, SPEC_POLICY):
        if path.exists():
            assert [(r.category, r.active, r.archive) for r in RULES] == policy_table(path), path
    for declaration in registry.declarations():
        rule = declaration.retention
        assert rule in RULES or (rule in REGISTERS and rule.reason), declaration.key
        assert declaration.purpose and declaration.basis and declaration.while_restricted, declaration.key
    for register in REGISTERS:
        assert register.reason and register not in RULES and register.category not in {r.category for r in RULES}


@pytest.mark.parametrize("email, role", [("apprenant@petale.test", "learner"), ("formatrice@petale.test", "trainer"),
                                         ("gestion@petale.test", "staff"), ("dpo@petale.test", "dpo")])
def test_the_center_shows_every_declaration_of_her_role_with_the_words_of_its_retention_line(demo, email, role):
    """Invoices say "Exercice fiscal en cours" and "10 ans", attendance "5 ans": each its own line; a
    learner is not shown the staff's registers, nor a trainer the learner's invoices."""
    html = unescape(signed_in(demo, email).get("/mes-donnees").get_data(as_text=True))
    html = re.sub(r"\s+", " ", html)
    mine = [d for d in registry.declarations() if role in d.roles]
    for declaration in mine:
        assert str(declaration.purpose) in html, declaration.key
        lowered = declaration.retention.archive[0].lower() + declaration.retention.archive[1:]
        retention = (f"{declaration.retention.active}, sans archivage" if declaration.retention.archive_years is None
                     else f"{declaration.retention.active} ; archivage : {lowered}")
        assert retention in html, declaration.key
        assert str(declaration.while_restricted) in html, declaration.key
    assert html.count("Finalité") == len(mine)
    for declaration in registry.declarations():
        if declaration not in mine:
            assert str(declaration.purpose) not in html, declaration.key
    if role == "learner":
        for rule in RULES:
            assert rule.active in html, rule.key


def test_the_center_and_the_export_hold_what_each_capability_declares(demo):
    html = unescape(signed_in(demo, "apprenant@petale.test").get("/mes-donnees").get_data(as_text=True))
    html = html.replace("<wbr>", "")  # the address may break after its @ and dots on a phone
    assert "Antoine Apprenant" in html and "apprenant@petale.test" in html and "06 12 00 00 05" in html
    assert "Bouquets soumis" in html and "Questions posées" in html and "Session A · OPCO" in html
    assert "Langue</th><td>français" in html.replace("\n", "")


def test_an_english_reader_reads_every_declaration_in_english(demo):
    from flask_babel import force_locale

    from portal.accounts.models import Account

    with demo.app_context():
        Account.update(language="en").where(Account.display_name == "Antoine").execute()
    html = re.sub(r"\s+", " ", unescape(signed_in(demo, "apprenant@petale.test").get("/mes-donnees")
                                        .get_data(as_text=True)))
    assert "During a restriction" in html and "Pendant une limitation" not in html
    with demo.test_request_context(), force_locale("fr"):
        french = [(d.key, str(d.purpose), str(d.while_restricted), str(d.label)) for d in registry.declarations()
                  if "learner" in d.roles]
    for key, purpose, restricted, label in french:
        assert purpose not in html and restricted not in html, f"{key} is still in French for an English reader"
        assert f">{label}<" not in html, f"{key}'s heading is still in French for an English reader"
    assert "0,85 h" not in html and "Situation professionnelle" not in html
