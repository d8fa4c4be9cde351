"""Schema migrations, one folder per zone (peewee-migrate), and the models each zone holds."""
from __future__ import annotations

import logging
from pathlib import Path

from peewee_migrate import Router

from portal.db import ZONES

MIGRATIONS = Path(__file__).parent / "migrations"

# Models by zone, for generating migrations (`flask --app app make-migration`) and for tests.
ZONE_MODELS = {
    "main": ["portal.accounts.models", "portal.jobs.models"],
    "vault": ["portal.vault.models"],
    "archive": ["portal.archive.models"],
}

log = logging.getLogger("petale.schema")


def router(zone: str) -> Router:
    return Router(ZONES[zone].obj, migrate_dir=MIGRATIONS / zone, logger=log)


def migrate_all() -> dict[str, list[str]]:
    """Apply every pending migration of every zone; running it again changes nothing."""
    return {zone: router(zone).run() for zone in ZONES}


def zone_models(zone: str) -> list:
    """Tables defined in the zone's model modules (not the base classes they import)."""
    import importlib

    import peewee

    models = []
    for module_name in ZONE_MODELS[zone]:
        module = importlib.import_module(module_name)
        models += [
            obj for obj in vars(module).values()
            if isinstance(obj, type) and issubclass(obj, peewee.Model) and obj.__module__ == module_name
        ]
    return models


def make_migration(zone: str, name: str) -> str | None:
    return router(zone).create(name, auto=zone_models(zone))
