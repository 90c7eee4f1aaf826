"""Mail and folder intake: every entrance (SMTP, IMAP, the scanner folder) ends in `accept()`.

`intake+CODE@…` becomes a submission of profile CODE. The raw message is kept in the blob store
and becomes the submission's one document; the pipeline turns its attachments into documents and
keeps the body (Shika 4 asks for items in the body). A message is one row of `mail_messages`,
keyed by its Message-ID, else by a hash of its body and attachments (not of its raw bytes, which
differ by Received headers): the key's unique constraint makes the same message arriving twice —
by SMTP and by IMAP, or re-sent — one submission, with the later arrival noted on the row.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import email
import email.policy
import email.utils
import hashlib
import logging
import re
from dataclasses import dataclass, field
from typing import Callable

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from intake import config, mail_links
from intake.blobs import BlobStore, blob_store
from intake.db import session_scope
from intake.models import MailMessage, utcnow
from intake.pipeline import InputFile
from intake.submissions import SubmissionError, receive

log = logging.getLogger(__name__)
ADDRESS = re.compile(r"^intake\+([a-z0-9_-]+)@", re.IGNORECASE)
MAX_MESSAGE_BYTES = 60 * 1024 * 1024
RECIPIENT_HEADERS = ("Delivered-To", "X-Original-To", "Envelope-To", "To", "Cc")
UNKNOWN_PROFILE = "宛先の自治体コードが不明です。"
RETRY_S, RETRY_MAX_S = 30, 3600     # a failed message or outgoing mail: 30 s, 1 min, 2 min … 1 h


def retry_after(attempts: int) -> dt.timedelta:
    """The wait before the next try of something that failed `attempts` times."""
    return dt.timedelta(seconds=min(RETRY_MAX_S, RETRY_S * 2 ** max(0, attempts - 1)))


def profile_of(recipient: str) -> str | None:
    """The profile code of an intake address, if it is one we serve."""
    from validators.profiles import profile_codes

    m = ADDRESS.match(recipient.strip("<> "))
    code = m.group(1).lower() if m else None
    return code if code in profile_codes() else None


def content_key(parts: list[tuple[str, str, bytes]]) -> str:
    """A key from what a message or a folder carries: (content type, file name, bytes) of each
    part in order; text has its line endings and trailing blanks normalised (transports differ)."""
    h = hashlib.sha256()
    for ctype, name, data in parts:
        if ctype.startswith("text/"):
            data = b"\n".join(line.rstrip() for line in data.replace(b"\r\n", b"\n").split(b"\n")).strip()
        h.update(f"{ctype}\0{name}\0".encode() + hashlib.sha256(data).digest())
    return f"<sha256:{h.hexdigest()}>"


def message_key(raw: bytes) -> str:
    """The Message-ID, else a hash of the body and attachments."""
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    try:
        mid = str(msg.get("Message-ID") or "").strip()
    except Exception:  # a malformed header is no identity
        mid = ""
    if mid:
        return mid[:255]
    parts = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        try:
            name = part.get_filename() or ""
        except Exception:
            name = ""
        parts.append((part.get_content_type(), name, part.get_payload(decode=True) or b""))
    return content_key(parts)


def _header(msg: email.message.Message, name: str) -> str:
    try:
        return str(msg.get(name) or "")
    except Exception:  # an undecodable header must not refuse the message
        return ""


@dataclass
class Arrival:
    """One message or folder entry as an entrance hands it over."""
    key: str
    source: str                          # smtp | imap | folder
    files: list[InputFile]
    profile: str | None
    sender: str = ""
    recipient: str = ""
    subject: str = ""
    sha256: str | None = None            # the raw message in the blob store
    meta: dict = field(default_factory=dict)
    submission_source: str = "email"     # the submission's `source` (SPEC §7)


@dataclass
class Accepted:
    mail_id: int
    submission_id: int | None
    status: str                          # accepted | duplicate | rejected
    error: str | None = None


Hook = Callable[[Session, MailMessage], None]


def arrival_of(settings: config.Settings, raw: bytes, recipient: str | None, sender: str | None,
               source: str, profile: str | None = None) -> Arrival:
    """A raw message as an Arrival: stored in the blob store first (fsync'd), so it is durable
    before any entrance acknowledges it (SMTP 250, IMAP move/flag). `profile` is the fallback
    when no recipient is an intake address (a mailbox serving one municipality)."""
    head = email.message_from_bytes(raw[:65536], policy=email.policy.default)
    if recipient is None:     # IMAP, folder: the first intake address among the recipients
        found = [a for h in RECIPIENT_HEADERS for _, a in email.utils.getaddresses([_header(head, h)])]
        recipient = next((a for a in found if profile_of(a)), found[0] if found else "")
    sha = blob_store(settings).put(raw)
    subject = _header(head, "Subject")[:500]
    sender = sender or _header(head, "From")
    return Arrival(key=message_key(raw), source=source, files=[InputFile("message.eml", raw)],
                   profile=profile_of(recipient or "") or profile, sender=sender[:254],
                   recipient=(recipient or "")[:254], subject=subject, sha256=sha,
                   meta={"email": {"subject": subject, "sender": sender}})


def accept_message(settings: config.Settings, raw: bytes, recipient: str | None,
                   sender: str | None = None, source: str = "smtp", profile: str | None = None,
                   hook: Hook | None = None) -> Accepted:
    """Store one message and queue its submission; once per message across entrances."""
    return accept(settings, arrival_of(settings, raw, recipient, sender, source, profile), hook)


def accept(settings: config.Settings, arrival: Arrival, hook: Hook | None = None) -> Accepted:
    """One row per key and at most one submission: the row's insert claims the key (a unique
    constraint, so two entrances at once cannot both win); the loser notes its arrival on the
    winner's row. `hook` runs inside the same transaction (the IMAP poller records the UID)."""
    from intake.worker import enqueue

    blobs = blob_store(settings)
    for _ in range(3):
        try:
            with session_scope(settings.database_url) as session:
                row = MailMessage(message_id=arrival.key, source=arrival.source,
                                  sender=arrival.sender, recipient=arrival.recipient,
                                  subject=arrival.subject, sha256=arrival.sha256, arrivals=[])
                session.add(row)
                session.flush()   # the claim: a second arrival of the key fails here
                sub = _submit(session, blobs, row, arrival)
                if hook:
                    hook(session, row)
                done = Accepted(row.id, row.submission_id, row.status, row.error)
        except IntegrityError:
            again = _again(settings, blobs, arrival, hook)
            if again is None:     # the other arrival rolled back meanwhile: claim again
                continue
            return again
        if sub is not None:
            enqueue(sub)
        return done
    raise IntegrityError("could not claim the message", None, Exception(arrival.key))


def _again(settings: config.Settings, blobs: BlobStore, arrival: Arrival,
           hook: Hook | None) -> Accepted | None:
    """A key seen before: note the arrival; submit now if the first arrival could not be."""
    from intake.worker import enqueue

    with session_scope(settings.database_url) as session:
        # write first: the row's lock (SQLite: the database's) is held before the arrivals are
        # read, so arrivals at the same moment queue up instead of overwriting each other
        session.execute(update(MailMessage).where(MailMessage.message_id == arrival.key)
                        .values(last_arrival_at=utcnow()).execution_options(synchronize_session=False))
        row = session.scalar(select(MailMessage).where(MailMessage.message_id == arrival.key))
        if row is None:
            return None
        row.arrivals = [*(row.arrivals or []), {"source": arrival.source,
                                                "at": utcnow().isoformat(timespec="seconds")}]
        sub = None
        if row.submission_id is None and arrival.profile:
            sub = _submit(session, blobs, row, arrival)
            status = row.status
        else:
            status = "duplicate"
            log.info("%s arrival of message %d is a duplicate", arrival.source, row.id)
        if hook:
            hook(session, row)
        done = Accepted(row.id, row.submission_id, status, row.error)
    if sub is not None:
        enqueue(sub)
    return done


def _submit(session: Session, blobs: BlobStore, row: MailMessage, arrival: Arrival):  # noqa: ANN202
    """The submission of a claimed row, or the row marked rejected (with a Japanese reason)."""
    if arrival.profile is None:
        row.status, row.error = "rejected", UNKNOWN_PROFILE
        return None
    raw = next((f.data for f in arrival.files if f.name == "message.eml"), None)
    if raw is not None:
        linked = mail_links.attach_password_mail(session, blobs, raw, arrival.sender)
        if linked is not None:     # a PPAP password mail belongs to the sender's previous submission
            sub, reread = linked
            row.status, row.error, row.submission_id = "password", None, sub.id
            sub.current_documents()            # loaded now: enqueue() looks at them after commit
            return sub if reread else None
    # the supplier by the outer sender, the envelope sender, then a forwarded message's senders
    supplier = mail_links.match_supplier(session, mail_links.sender_addresses(raw, arrival.sender)) \
        if raw is not None else None
    try:   # refuses before it adds anything: nothing to undo
        sub = receive(session, blobs, arrival.profile, arrival.files,
                      source=arrival.submission_source,
                      supplier_id=supplier.id if supplier else None, meta=arrival.meta)
    except SubmissionError as exc:
        row.status, row.error = "rejected", exc.message
        return None
    row.status, row.error, row.submission_id = "accepted", None, sub.id
    return sub


class IntakeHandler:
    """aiosmtpd handler: rejects unknown mailboxes at RCPT, stores at DATA."""

    def __init__(self, settings: config.Settings):
        self.settings = settings

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: ANN001
        if profile_of(address) is None:
            return "550 5.1.1 不明な受付アドレスです (unknown intake address)"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001
        raw = envelope.original_content or envelope.content
        if len(raw) > MAX_MESSAGE_BYTES:
            return "552 5.3.4 メッセージが大きすぎます (message too large)"
        loop = asyncio.get_running_loop()
        try:
            for rcpt in envelope.rcpt_tos:
                await loop.run_in_executor(None, accept_message, self.settings, raw, rcpt,
                                           envelope.mail_from)
        except (SQLAlchemyError, OSError):   # the database or the disk: the sender tries again
            log.exception("could not store a message")
            return "451 4.3.0 一時的なエラーです。後で再送してください (try again later)"
        return "250 OK 受け付けました (accepted)"


def smtp_controller(settings: config.Settings, host: str = "127.0.0.1"):  # noqa: ANN201
    from aiosmtpd.controller import Controller

    return Controller(IntakeHandler(settings), hostname=host, port=settings.smtp_port,
                      data_size_limit=MAX_MESSAGE_BYTES, decode_data=False)
