"""portal.db.atomic: callbacks run only once every zone involved has committed."""
from __future__ import annotations

import threading
import uuid

import pytest

from portal import db
from portal.accounts.models import Account
from portal.vault import service as vault


def seen_from_another_connection(account_id) -> list:
    """What a worker thread (its own connection) sees of the account at callback time."""
    seen = []

    def look():
        try:
            seen.append((Account.get_or_none(Account.id == account_id) is not None, vault.has_identity(account_id)))
        finally:
            db.close_zones()

    def callback():
        worker = threading.Thread(target=look)
        worker.start()
        worker.join()

    return seen, callback


def create(account_id):
    Account.create(id=account_id, display_name="Test")
    vault.create_identity(account_id, full_name="Nom Test", email=f"{account_id}@example.org", phone="+33612345678",
                          password="mot-de-passe-long")


def test_callbacks_wait_for_the_vault_commit(ctx):
    account_id = uuid.uuid4()
    seen, callback = seen_from_another_connection(account_id)
    with db.atomic(with_vault=True):
        create(account_id)
        db.on_commit(callback)
        assert seen == []
    assert seen == [(True, True)]


def test_a_failure_rolls_back_both_zones_and_drops_callbacks(ctx):
    account_id = uuid.uuid4()
    seen, callback = seen_from_another_connection(account_id)
    with pytest.raises(RuntimeError), db.atomic(with_vault=True):
        create(account_id)
        db.on_commit(callback)
        raise RuntimeError
    assert seen == []
    assert Account.get_or_none(Account.id == account_id) is None
    assert not vault.has_identity(account_id)


def test_a_failed_savepoint_drops_only_its_own_callbacks(ctx):
    calls = []
    with db.atomic():
        db.on_commit(lambda: calls.append("outer"))
        with pytest.raises(ValueError), db.atomic():
            db.on_commit(lambda: calls.append("inner"))
            raise ValueError
    assert calls == ["outer"]


def test_relaxed_durability_is_for_one_transaction_only(ctx):
    main_db = db.main_db
    with pytest.raises(RuntimeError):
        db.relaxed_durability()
    if not db.is_postgres():
        return  # SQLite: WAL with synchronous=NORMAL already, nothing to relax
    with db.atomic():
        db.relaxed_durability()
        assert main_db.execute_sql("SHOW synchronous_commit").fetchone()[0] == "off"
    assert main_db.execute_sql("SHOW synchronous_commit").fetchone()[0] == "on"
