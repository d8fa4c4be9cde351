"""The zone boundary of DESIGN.md: identity lives only in the vault, reached only through portal/vault."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from portal.db import ZONES, MainModel, VaultModel
from portal.schema import ZONE_MODELS, zone_models

ROOT = Path(__file__).resolve().parents[2]
PERSONAL = re.compile(r"name|e_?mail|phone|tel|address|adresse|street|postal|birth", re.IGNORECASE)
# Chosen by the learner for the forum and shown publicly: a pseudonym, not identity.
ALLOWED = {("account", "display_name"), ("periodic_run", "name"), ("migratehistory", "name"),
           # That pseudonym folded (without case or accents) for staff's name filters: nothing more than it.
           ("account", "name_key"),
           # The funder is an organisation (an OPCO, France Travail), never a person.
           ("funding_file", "funder_name"),
           # The billing address of the organisation paying (the funder, or the employer's accounts department),
           # printed on its invoices. A sole trader's may be her own: funding/personal_data.py declares it, and
           # it is exported, archived and erased with the file.
           ("funding_file", "payer_address"),
           # A keyed hash of the printed name, for the public certificate check: it cannot be read back.
           ("certificate_check", "name_fingerprint")}


def test_no_main_zone_column_holds_a_name_email_phone_or_address(ctx):
    main = ZONES["main"]
    for table in main.get_tables():
        for column in main.get_columns(table):
            if PERSONAL.search(column.name):
                assert (table, column.name) in ALLOWED, f"{table}.{column.name} looks like identity data"


def test_every_model_sits_in_its_declared_zone():
    for zone, base in (("main", MainModel), ("vault", VaultModel)):
        for model in zone_models(zone):
            assert issubclass(model, base), model
    assert {m._meta.table_name for m in zone_models("vault")} == {
        "identity", "credential", "audit_entry", "funding_identity", "certificate_holder", "invoice_party", "payment",
        "recovery_code", "requester", "request_letter"}


def test_vault_tables_exist_only_in_the_vault_database(ctx):
    vault_tables = {m._meta.table_name for m in zone_models("vault")}
    assert vault_tables <= set(ZONES["vault"].get_tables())
    assert not vault_tables & set(ZONES["main"].get_tables())
    assert not vault_tables & set(ZONES["archive"].get_tables())


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def test_only_portal_vault_imports_the_vault_models():
    offenders = []
    for path in [*ROOT.joinpath("portal").rglob("*.py"), *ROOT.joinpath("jobs").rglob("*.py"), ROOT / "app.py"]:
        if ROOT.joinpath("portal", "vault") in path.parents or "migrations" in path.parts:
            continue
        if any(name.startswith("portal.vault.models") for name in imports_of(path)):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
    assert ZONE_MODELS["vault"] == ["portal.vault.models"]


def test_every_models_module_belongs_to_a_zone():
    """A models module left out of ZONE_MODELS escapes make-migration, the zone checks and the erasure test."""
    listed = {name for names in ZONE_MODELS.values() for name in names}
    found = {".".join(path.relative_to(ROOT).with_suffix("").parts)
             for path in ROOT.joinpath("portal").rglob("models.py")}
    assert found - listed == set()


def test_no_foreign_key_crosses_zones():
    for zone in ZONE_MODELS:
        for model in zone_models(zone):
            for fk in model._meta.refs:
                assert fk.rel_model._meta.database is model._meta.database, (model, fk)
