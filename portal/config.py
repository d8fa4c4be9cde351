"""Settings read from environment variables, with defaults that need nothing installed."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from stdnum import bic, iban


def _flag(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    return int(raw) if raw.strip() else default


def instance_path() -> Path:
    return Path(os.environ.get("INSTANCE_PATH") or "instance").resolve()


def load_secret_key(instance: Path) -> str:
    """SECRET_KEY from the environment, else one generated once and kept in the instance folder.

    A constant in code would let anyone who reads the repository forge sessions and tokens.
    """
    from_env = os.environ.get("SECRET_KEY", "").strip()
    if from_env:
        return from_env
    key_file = instance / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    # O_EXCL: two processes starting together must not overwrite each other's key.
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return key_file.read_text().strip()
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


def from_environment(instance: Path) -> dict:
    https = _flag("HTTPS", False)
    return {
        "SECRET_KEY": load_secret_key(instance),
        "DATABASE_URL": os.environ.get("DATABASE_URL") or f"sqlite:///{instance / 'main.db'}",
        "VAULT_DATABASE_URL": os.environ.get("VAULT_DATABASE_URL") or f"sqlite:///{instance / 'vault.db'}",
        "ARCHIVE_DATABASE_URL": os.environ.get("ARCHIVE_DATABASE_URL")
        or f"sqlite:///{instance / 'archive.db'}",
        "REDIS_URL": os.environ.get("REDIS_URL") or None,
        "RQ_QUEUE": os.environ.get("RQ_QUEUE") or "petale",
        "MAIL_URL": os.environ.get("MAIL_URL") or None,
        "MAIL_FROM": os.environ.get("MAIL_FROM") or "Pétale <ne-pas-repondre@petale.test>",
        # Where a person answers an incident notice (its Reply-To): the data-protection officer.
        "DPO_EMAIL": os.environ.get("DPO_EMAIL") or "dpo@petale.test",
        "BASE_URL": (os.environ.get("BASE_URL") or f"http://127.0.0.1:{_int('PORT', 5000)}").rstrip("/"),
        "HTTPS": https,
        # Number of reverse proxies in front (nginx: 1); 0 ignores X-Forwarded-* headers entirely.
        "TRUSTED_PROXIES": _int("TRUSTED_PROXIES", 0),
        "SESSION_COOKIE_SECURE": _flag("SESSION_COOKIE_SECURE", https),
        "REMEMBER_COOKIE_SECURE": _flag("SESSION_COOKIE_SECURE", https),
        "SESSION_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_NAME": "petale_session",
        "PREFERRED_URL_SCHEME": "https" if https else "http",
        # Where lesson videos and files are served from; the default serves <instance>/media itself.
        "VIDEO_CDN_URL": os.environ.get("VIDEO_CDN_URL") or "/media",
        "MEDIA_TOKEN_MAX_AGE": _int("MEDIA_TOKEN_MAX_AGE", 6 * 3600),
        # The folder lesson files are uploaded to, as this server sees it. Unset: <instance>/media, which the
        # portal serves at /media; with an outside VIDEO_CDN_URL, the folder that CDN publishes (a mounted
        # bucket, or a folder synced to it), without which files are not uploaded here.
        "MEDIA_UPLOAD_DIR": os.environ.get("MEDIA_UPLOAD_DIR") or None,
        # The largest lesson file staff may upload (a video, its captions, a PDF), in bytes.
        "LESSON_FILE_MAX_BYTES": _int("LESSON_FILE_MAX_BYTES", 200 * 1024 * 1024),
        # What a learner's browser may keep of her lessons for the road (pages and files), in megabytes.
        "OFFLINE_BUDGET_MB": _int("OFFLINE_BUDGET_MB", 200),
        "JOB_MAX_ATTEMPTS": _int("JOB_MAX_ATTEMPTS", 5),
        "JOB_BACKOFF_SECONDS": _int("JOB_BACKOFF_SECONDS", 30),
        # A running job's lease, renewed every third of it: another worker takes over a crashed one's
        # job within this (plus the scheduler's 30 s tick).
        "JOB_LEASE_SECONDS": _int("JOB_LEASE_SECONDS", 30),
        # Rows per RQ message: a work-horse is forked per message, not per job.
        "JOB_RQ_BATCH": _int("JOB_RQ_BATCH", 50),
        # A mail the relay does not take (down, timing out, 4xx) is kept and retried as a mail server does
        # (RFC 5321 §4.5.4.1): for five days after it was queued, at most half an hour apart.
        "MAIL_RETRY_SECONDS": _int("MAIL_RETRY_SECONDS", 5 * 86400),
        "MAIL_RETRY_MAX_INTERVAL_SECONDS": _int("MAIL_RETRY_MAX_INTERVAL_SECONDS", 1800),
        # argon2id costs; the defaults are argon2-cffi's (RFC 9106 low-memory profile).
        "ARGON2_TIME_COST": _int("ARGON2_TIME_COST", 3),
        "ARGON2_MEMORY_COST": _int("ARGON2_MEMORY_COST", 65536),
        "ARGON2_PARALLELISM": _int("ARGON2_PARALLELISM", 4),
        "LOG_LEVEL": os.environ.get("LOG_LEVEL") or "INFO",
        "BABEL_DEFAULT_LOCALE": "fr",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Paris",
        "WTF_CSRF_TIME_LIMIT": _int("CSRF_TIME_LIMIT_SECONDS", 8 * 3600),
        "MAX_CONTENT_LENGTH": _int("MAX_CONTENT_LENGTH", 2 * 1024 * 1024),
        # Documents staff attach to funding files (signed agreements, funders' approvals) belong to the
        # vault zone: files outside the web root, readable only through portal.vault, each read audited.
        "VAULT_FILES_DIR": os.environ.get("VAULT_FILES_DIR") or str(instance / "vault-files"),
        "FUNDING_DOCUMENT_MAX_BYTES": _int("FUNDING_DOCUMENT_MAX_BYTES", 1536 * 1024),
        # The Ed25519 key that signs the Open Badges credentials: a PEM file created once (mode 0600), kept
        # apart from the databases and so out of the backups; keep a copy of it as carefully as SECRET_KEY.
        "BADGE_SIGNING_KEY_FILE": os.environ.get("BADGE_SIGNING_KEY_FILE") or str(instance / "badge-signing-key.pem"),
        **provider_identity(),
        # Backups: encrypted with a key derived from BACKUP_KEY, written to BACKUP_DIR (another disk!).
        "BACKUP_KEY": os.environ.get("BACKUP_KEY") or None,
        "BACKUP_DIR": os.environ.get("BACKUP_DIR") or str(instance / "backups"),
        # One line per erased account (its id and the date), beside the backups but never inside one: a
        # restore replays it, so a person erased after a backup was taken never comes back with it. Unset:
        # BACKUP_DIR/erasure-ledger.txt, so that it survives the server as the backups do.
        "ERASURE_LEDGER": os.environ.get("ERASURE_LEDGER") or None,
        # `make run` sets it: demo data, and backups without BACKUP_KEY use a key derived from SECRET_KEY.
        "DEMO_MODE": _flag("PETALE_DEMO", False),
        # Distinct addresses failing to log in within 10 minutes that alert staff and the dpo.
        "SECURITY_STUFFING_THRESHOLD": _int("SECURITY_STUFFING_THRESHOLD", 20),
        # How long the BPF of a year still open is shown again without being counted anew, in seconds (an
        # invoice, an enrolment, a funding file or a certificate written since is counted at once; the hours
        # learners spend appear within this): portal.stats.snapshot.
        "BPF_FRESH_SECONDS": _int("BPF_FRESH_SECONDS", 300),
        # Trainers get a reminder for questions waiting longer than this; the desk marks them.
        "FORUM_REMINDER_HOURS": _int("FORUM_REMINDER_HOURS", 48),
        # Domain whose mail reaches `flask mail-inbound` (the provider's MX for it points there): question
        # notifications then carry a single-use Reply-To there, and a trainer answers by replying.
        # Unset: no reply address, the mail says to answer on the portal.
        "MAIL_INBOUND_DOMAIN": (os.environ.get("MAIL_INBOUND_DOMAIN") or "").strip().lower() or None,
        # Card payments: "local" is the test provider shipped with the portal (no internet needed).
        "PAYMENT_PROVIDER": os.environ.get("PAYMENT_PROVIDER") or "local",
        "PAYMENT_WEBHOOK_SECRET": os.environ.get("PAYMENT_WEBHOOK_SECRET") or None,
        "PAYMENT_WEBHOOK_URL": os.environ.get("PAYMENT_WEBHOOK_URL") or None,
    }


# The demo's bank details: an IBAN whose key is right (ISO 13616) on a bank code of no bank, a BIC of none.
DEMO_IBAN, DEMO_BIC = "FR76 3000 6000 0112 3456 7890 189", "PETAFRPPXXX"


def bank_details_problem(config: dict) -> str | None:
    """Why PROVIDER_IBAN or PROVIDER_BIC cannot be printed, if they cannot: an IBAN failing its ISO 13616 key
    (mod 97) or a BIC that is not one would have payers' transfers refused or lost. Each is compacted here."""
    number, code = (config.get("PROVIDER_IBAN") or "").strip(), (config.get("PROVIDER_BIC") or "").strip()
    if code and not number:
        return "PROVIDER_BIC est donné sans PROVIDER_IBAN : le compte à payer est son IBAN, donnez-le."
    if number and not iban.is_valid(number):
        return (f"PROVIDER_IBAN ({number}) n'est pas un IBAN valable (sa clé de contrôle ou sa longueur est "
                "fausse) : recopiez-le depuis le RIB de la banque.")
    if code and not bic.is_valid(code):
        return f"PROVIDER_BIC ({code}) n'est pas un BIC (8 ou 11 caractères : banque, pays, lieu, agence)."
    config["PROVIDER_IBAN"], config["PROVIDER_BIC"] = iban.compact(number), bic.compact(code)
    return None


def provider_identity() -> dict:
    """The training provider as its legal documents name it. The defaults are a fictitious demo
    provider: set every PROVIDER_* and INVOICE_* variable before issuing a real document."""
    env = os.environ.get
    return {
        "PROVIDER_NAME": env("PROVIDER_NAME") or "Pétale Formation (démonstration)",
        "PROVIDER_ADDRESS": env("PROVIDER_ADDRESS") or "12 rue des Lilas, 75011 Paris",
        "PROVIDER_SIRET": env("PROVIDER_SIRET") or "000 000 000 00000",
        "PROVIDER_VAT_NUMBER": env("PROVIDER_VAT_NUMBER") or "FR00000000000",
        "PROVIDER_NDA": env("PROVIDER_NDA") or "11 75 00000 75",
        "PROVIDER_NDA_REGION": env("PROVIDER_NDA_REGION") or "Île-de-France",
        "PROVIDER_REPRESENTATIVE": env("PROVIDER_REPRESENTATIVE") or "Claire Pétale, gérante",
        "PROVIDER_CITY": env("PROVIDER_CITY") or "Paris",
        # The account invoices are paid to by transfer, printed on every invoice still to be paid. No default
        # outside the demo (a fictitious IBAN on a real invoice would send a payer's money nowhere): unset, the
        # invoices print none. Checked when the application starts (bank_details_problem).
        "PROVIDER_IBAN": env("PROVIDER_IBAN") or (DEMO_IBAN if _flag("PETALE_DEMO") else ""),
        "PROVIDER_BIC": env("PROVIDER_BIC") or (DEMO_BIC if _flag("PETALE_DEMO") else ""),
        "INVOICE_VAT_MENTION": (env("INVOICE_VAT_MENTION")
                                or "Exonéré de TVA en application de l'article 261-4-4° a du CGI"),
        "INVOICE_PAYMENT_DAYS": _int("INVOICE_PAYMENT_DAYS", 30),
        "INVOICE_PENALTY_RATE": env("INVOICE_PENALTY_RATE") or "trois fois le taux d'intérêt légal",
        # Days before its due date an invoice still to be paid is recalled to its payer, once (a courtesy
        # reminder, besides the overdue ones after it); 0: none. On in the demo only: an upgrade does not start
        # mailing organisations unasked.
        "INVOICE_COURTESY_DAYS": _int("INVOICE_COURTESY_DAYS", 5 if _flag("PETALE_DEMO") else 0),
        # The contract of a person paying her own training (L6353-3 to L6353-7): the deposit asked once the
        # ten days to withdraw have run out (the law allows 30 % at most; a larger setting is capped), the
        # number of instalments the balance is spread over during the session, how many days before an
        # instalment's due date she is reminded, and the trainers' qualifications the contract states.
        "CONTRACT_DEPOSIT_PERCENT": _int("CONTRACT_DEPOSIT_PERCENT", 30),
        "CONTRACT_INSTALMENTS": _int("CONTRACT_INSTALMENTS", 2),
        "CONTRACT_REMINDER_DAYS": _int("CONTRACT_REMINDER_DAYS", 5),
        # Whether she may ask, when signing, to start before her ten days have run out (otherwise her lessons
        # open the day after them): "0" refuses it.
        "CONTRACT_EARLY_START": (env("CONTRACT_EARLY_START") or "1").strip() not in ("0", "false", "no"),
        "CONTRACT_TRAINER_QUALIFICATIONS": (
            env("CONTRACT_TRAINER_QUALIFICATIONS")
            or "Fleuristes titulaires du brevet professionnel ou du brevet de maîtrise de fleuriste, justifiant "
               "d'au moins cinq ans d'exercice du métier et formés à l'accompagnement à distance"),
    }


def backup_placement(config: dict, instance: Path) -> str | None:
    """Why BACKUP_DIR (or an ERASURE_LEDGER set apart from it) is misplaced, if it is: inside the instance
    folder, on the databases' disk, a fire or a failed disk takes the backups with the data (the policy
    promises another site). None when apart."""
    backups = Path(config["BACKUP_DIR"]).resolve()
    instance = instance.resolve()
    if backups == instance or backups.is_relative_to(instance):
        return (f"BACKUP_DIR ({backups}) est dans le dossier de l'instance ({instance}), sur le même disque que "
                "les bases : placez les sauvegardes sur un autre disque, idéalement sur un autre site.")
    ledger = Path(config["ERASURE_LEDGER"]).resolve() if config.get("ERASURE_LEDGER") else None
    if ledger is not None and ledger.is_relative_to(instance):
        # The ledger serves the restore after the server is lost: kept on the server, it is lost with it.
        return (f"ERASURE_LEDGER ({ledger}) est dans le dossier de l'instance ({instance}) : une restauration sur "
                "une nouvelle machine ne le retrouverait pas ; laissez-le à côté des sauvegardes (sans "
                "ERASURE_LEDGER) ou sur leur second site.")
    return None
