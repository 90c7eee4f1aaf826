"""Load the sample submissions (one folder each, profile from its truth.json) for a demo."""
from __future__ import annotations

import json
import logging
import secrets
from pathlib import Path

from sqlalchemy import func, select

from intake import config
from intake.accounts import add_user
from intake.blobs import blob_store
from intake.db import session_scope
from intake.models import User
from intake.pipeline import InputFile
from intake.submissions import receive

log = logging.getLogger(__name__)
TRUTH = "truth.json"


def sample_folders(root: Path) -> list[Path]:
    return sorted(p.parent for p in root.rglob(TRUTH))


def load_samples(settings: config.Settings, root: Path) -> int:
    """Queue each sample folder once (remembered in INTAKE_HOME/samples_loaded)."""
    from intake.worker import configure, enqueue

    configure(settings)
    marker = settings.home / "samples_loaded"
    done = set(marker.read_text().split("\n")) if marker.exists() else set()
    blobs = blob_store(settings)
    queued = []
    for folder in sample_folders(root):
        name = str(folder.relative_to(root))
        if name in done:
            continue
        truth = json.loads((folder / TRUTH).read_text(encoding="utf-8"))
        files = [InputFile(f.name, f.read_bytes()) for f in sorted(folder.iterdir())
                 if f.is_file() and f.name != TRUTH]
        with session_scope(settings.database_url) as session:
            sub = receive(session, blobs, truth["profile"], files, source="cli",
                          meta={"sample": name})
        queued.append(sub)
        done.add(name)
    settings.home.mkdir(parents=True, exist_ok=True)
    marker.write_text("\n".join(sorted(done)))
    for sub in queued:
        enqueue(sub)
    return len(queued)


def ensure_demo_users(settings: config.Settings) -> str | None:
    """On an empty database create an admin, a reviewer per profile and a supplier.

    The passwords are random, written once to INTAKE_HOME/initial_credentials.txt (0600).
    """
    from validators.profiles import profile_codes

    with session_scope(settings.database_url) as session:
        if session.scalar(select(func.count()).select_from(User)):
            return None
        lines = []
        accounts = [("admin@localhost", "admin", None)]
        accounts += [(f"reviewer-{code}@localhost", "reviewer", code) for code in profile_codes()]
        accounts += [("supplier@localhost", "supplier", None)]
        for email, role, profile in accounts:
            password = secrets.token_urlsafe(9)
            add_user(session, email, role, profile, password, "サンプル食品株式会社" if role == "supplier" else None)
            lines.append(f"{email}\t{role}\t{profile or '-'}\t{password}")
    path = settings.home / "initial_credentials.txt"
    path.write_text("email\trole\tprofile\tpassword\n" + "\n".join(lines) + "\n")
    path.chmod(0o600)
    return str(path)
