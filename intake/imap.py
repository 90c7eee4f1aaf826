"""The IMAP poller: messages of a mailbox folder become submissions, like mail sent by SMTP.

Per message (by UID, under the folder's UIDVALIDITY, both kept in `imap_messages`): fetch it
without marking it read, store it and commit its submission (`intake.mail.accept`, which records
the UID as `stored` in the same transaction), and only then act on it (INTAKE_IMAP_DONE: move to a
folder, flag, or mark read) and record it `done`. A poller killed anywhere in between finds the UID
again: `stored` is acted on without a second submission, anything earlier is fetched again (and a
message already accepted by another entrance is a duplicate of it). A message that fails is retried
with backoff, never skipped.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake import config
from intake.db import session_scope
from intake.mail import retry_after
from intake.models import ImapMessage, MailMessage, utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Target:
    secure: bool
    host: str
    port: int
    user: str
    password: str
    folder: str

    @property
    def name(self) -> str:
        """The mailbox as recorded (never the password)."""
        return f"{self.user}@{self.host}:{self.port}/{self.folder}"[:255]


def parse_url(url: str) -> Target:
    """imaps://user:password@host[:port]/FOLDER (imap:// for an unencrypted server)."""
    parts = urlsplit(url)
    if parts.scheme not in ("imap", "imaps") or not parts.hostname or not parts.username:
        raise SystemExit("INTAKE_IMAP_URL must look like imaps://user:password@host/INBOX")
    secure = parts.scheme == "imaps"
    return Target(secure, parts.hostname, parts.port or (993 if secure else 143),
                  unquote(parts.username), unquote(parts.password or ""),
                  unquote(parts.path.lstrip("/")) or "INBOX")


def parse_done(done: str) -> tuple[str, str | None]:
    """INTAKE_IMAP_DONE: ("move", FOLDER) | ("flag", None) | ("seen", None)."""
    if done.startswith("move:") and done[5:]:
        return "move", done[5:]
    if done in ("flag", "seen"):
        return done, None
    raise SystemExit(f"INTAKE_IMAP_DONE must be move:FOLDER, flag or seen, got {done!r}")


class Poller:
    def __init__(self, settings: config.Settings):
        self.settings = settings
        self.target = parse_url(settings.imap_url)
        self.action, self.folder = parse_done(settings.imap_done)

    def connect(self):  # noqa: ANN201
        from imap_tools import MailBox, MailBoxUnencrypted

        t = self.target
        box = MailBox(t.host, t.port, timeout=60) if t.secure else MailBoxUnencrypted(t.host, t.port, timeout=60)
        return box.login(t.user, t.password, initial_folder=t.folder)

    def poll_once(self) -> int:
        """One look at the folder; the number of messages handled (accepted, duplicate, rejected)."""
        with self.connect() as box:
            uidvalidity = int(box.folder.status(self.target.folder, ["UIDVALIDITY"])["UIDVALIDITY"])
            handled = 0
            for uid in box.uids(self.settings.imap_search):
                if self.handle(box, uidvalidity, int(uid)):
                    handled += 1
            return handled

    def handle(self, box, uidvalidity: int, uid: int) -> bool:  # noqa: ANN001
        from intake.mail import accept_message

        state = self._state(uidvalidity, uid)
        if state is not None and state.status == "done":
            return False
        if state is not None and state.status == "failed" and state.next_try_at and state.next_try_at > utcnow():
            return False      # backing off
        if state is None or state.status == "failed":
            try:
                raw = self._fetch(box, uid)
                accept_message(self.settings, raw, recipient=None, source="imap",
                               profile=self.settings.imap_profile or None,
                               hook=lambda session, row: self._stored(session, uidvalidity, uid, row))
            except Exception as exc:  # noqa: BLE001 — kept and retried, whatever went wrong
                log.exception("IMAP message uid %s could not be taken in", uid)
                self._failed(uidvalidity, uid, exc)
                return False
        self._act(box, uid)
        with session_scope(self.settings.database_url) as session:
            row = self._row(session, uidvalidity, uid)
            row.status, row.error = "done", None
        return True

    def _fetch(self, box, uid: int) -> bytes:  # noqa: ANN001
        """The message byte for byte, without setting \\Seen (BODY.PEEK)."""
        typ, data = box.client.uid("FETCH", str(uid), "(BODY.PEEK[])")
        raw = next((item[1] for item in data or [] if isinstance(item, tuple)), None)
        if typ != "OK" or raw is None:
            raise OSError(f"FETCH of uid {uid} answered {typ}")
        return raw

    def _act(self, box, uid: int) -> None:  # noqa: ANN001
        from imap_tools import MailMessageFlags

        if self.action == "move":
            box.move(str(uid), self.folder)
        elif self.action == "flag":
            box.flag(str(uid), MailMessageFlags.FLAGGED, True)
        else:
            box.flag(str(uid), MailMessageFlags.SEEN, True)

    def _row(self, session: Session, uidvalidity: int, uid: int) -> ImapMessage:
        row = session.scalar(select(ImapMessage).where(
            ImapMessage.mailbox == self.target.name, ImapMessage.uidvalidity == uidvalidity,
            ImapMessage.uid == uid))
        if row is None:
            row = ImapMessage(mailbox=self.target.name, uidvalidity=uidvalidity, uid=uid,
                              status="failed", attempts=0)
            session.add(row)
        return row

    def _state(self, uidvalidity: int, uid: int) -> ImapMessage | None:
        with session_scope(self.settings.database_url) as session:
            return session.scalar(select(ImapMessage).where(
                ImapMessage.mailbox == self.target.name, ImapMessage.uidvalidity == uidvalidity,
                ImapMessage.uid == uid))

    def _stored(self, session: Session, uidvalidity: int, uid: int, mail: MailMessage) -> None:
        row = self._row(session, uidvalidity, uid)
        row.status, row.error, row.mail_message_id = "stored", None, mail.id
        row.attempts += 1

    def _failed(self, uidvalidity: int, uid: int, exc: Exception) -> None:
        try:
            with session_scope(self.settings.database_url) as session:
                row = self._row(session, uidvalidity, uid)
                row.attempts += 1
                row.status, row.next_try_at = "failed", utcnow() + retry_after(row.attempts)
                row.error = f"取り込みに失敗しました（{row.attempts}回目、再試行します）: {type(exc).__name__}"
        except Exception:  # the database itself is down: the message stays unread, next poll retries
            log.exception("could not record the failure of uid %s", uid)


def poll_forever(settings: config.Settings, stopping: threading.Event) -> None:
    """Poll every INTAKE_IMAP_POLL_S seconds until `stopping`; a lost server is retried next round."""
    poller = Poller(settings)
    log.info("IMAP poller on %s every %d s", poller.target.name, settings.imap_poll_s)
    while not stopping.is_set():
        try:
            if n := poller.poll_once():
                log.info("IMAP: %d messages taken in", n)
        except Exception:
            log.exception("IMAP poll of %s failed", poller.target.name)
        stopping.wait(settings.imap_poll_s)


def start(settings: config.Settings, stopping: threading.Event) -> threading.Thread | None:
    """The poller thread when INTAKE_IMAP_URL is set."""
    if not settings.imap_url:
        return None
    Poller(settings)   # bad settings stop the start, not a thread later
    thread = threading.Thread(target=poll_forever, args=(settings, stopping), name="imap", daemon=True)
    thread.start()
    return thread
