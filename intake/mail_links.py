"""What a received message says about where it belongs, beyond its own submission.

- **Supplier**: matched by the outer sender's address, else by a forwarded message's sender (staff
  forward what suppliers send them).
- **ZIP passwords (PPAP)**: a submission's password-protected archives wait, kept, until a password
  opens them: one a reviewer enters, or one in the follow-up mail, which becomes no submission of
  its own but is attached to the same sender's previous one (kept in its meta, shown to reviewers).
  A password that opens an archive is stored with the submission and the submission is read again.
"""
from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.audit import record_event, set_status
from intake.blobs import BlobStore, sha256_of
from intake.models import MailMessage, Submission, Supplier, utcnow

log = logging.getLogger(__name__)
LOCKED = "application/x-zip-encrypted"
FOLLOW_UP_WINDOW = dt.timedelta(days=3)     # a password mail follows its archive within days
REREAD_FROM = ("needs_review", "clean", "failed")    # read already, not decided yet


def match_supplier(session: Session, addresses: list[str]) -> Supplier | None:
    """The supplier whose address is the first of `addresses` (outer sender, then forwarded) to match."""
    for addr in addresses:
        if addr:
            found = session.scalar(select(Supplier).where(Supplier.email == addr.lower()))
            if found is not None:
                return found
    return None


def sender_addresses(raw: bytes, envelope_sender: str | None = None) -> list[str]:
    """Who a message is from, for matching a supplier: the From address, the envelope sender, then
    the senders of forwarded messages inside (attached or quoted)."""
    from email.utils import parseaddr

    from extractors.email_reader import split_eml
    from intake.config import mail_limits

    addresses = []
    try:
        parts = split_eml(raw, mail_limits())
        addresses = parts.addresses()
    except Exception:  # an unreadable message: the envelope is all we know
        log.info("sender of an unreadable message taken from the envelope")
    envelope = parseaddr(envelope_sender or "")[1].lower()
    if envelope and envelope not in addresses:
        addresses.insert(1 if addresses else 0, envelope)
    return addresses


def locked_archives(sub: Submission, blobs: BlobStore) -> dict[str, tuple[str, bytes]]:
    """The submission's password-protected ZIPs not opened yet: {sha256: (name, bytes)}, read from
    its stored files (an e-mail is unpacked again: its attachments have no blobs of their own)."""
    from extractors.email_reader import split_eml
    from intake.config import mail_limits

    opened = (sub.meta or {}).get("zip_passwords") or {}
    found: dict[str, tuple[str, bytes]] = {}
    for row in sub.current_documents():
        if row.parent_id is not None or row.media_type not in ("message/rfc822", LOCKED):
            continue
        try:
            data = blobs.get(row.sha256)
            if row.media_type == LOCKED:
                found[row.sha256] = (row.filename, data)
                continue
            for a in split_eml(data, mail_limits()).attachments:
                if a.media_type == LOCKED:
                    found[sha256_of(a.data)] = (a.name, a.data)
        except Exception:  # an unreadable message has no archives to open
            log.info("no archives read from document %s", row.sha256[:12])
    return {sha: v for sha, v in found.items() if sha not in opened}


def unlock(session: Session, sub: Submission, sha: str, password: str, user_id: int | None = None) -> bool:
    """Store a password that opened archive `sha` and queue the submission to be read again; the
    caller commits, then enqueues when this returns True."""
    meta = dict(sub.meta or {})
    meta["zip_passwords"] = {**(meta.get("zip_passwords") or {}), sha: password}
    sub.meta = meta
    record_event(session, sub, "zip_unlocked", user_id, {"archive": sha[:12]})
    if sub.status not in REREAD_FROM:   # not read yet (the reading to come uses it), or decided
        return False
    set_status(session, sub, "received", user_id, action="reread")
    return True


def try_passwords(session: Session, sub: Submission, blobs: BlobStore, candidates: list[str],
                  user_id: int | None = None) -> bool:
    """Open what the candidates open; True when the submission must be enqueued again."""
    from extractors.archive import opens_with

    reread = False
    for sha, (_name, data) in locked_archives(sub, blobs).items():
        password = next((p for p in candidates if opens_with(data, p)), None)
        if password is not None:
            reread = unlock(session, sub, sha, password, user_id) or reread
    return reread


def attach_password_mail(session: Session, blobs: BlobStore, raw: bytes, sender: str
                         ) -> tuple[Submission, bool] | None:
    """If `raw` is a PPAP password mail, attach it to the sender's latest submission waiting for one:
    (that submission, whether to enqueue it again after commit); None otherwise."""
    from email.utils import parseaddr

    from extractors.email_reader import split_eml
    from extractors.layout import UnreadableError
    from extractors.password_mail import password_candidates
    from intake.config import mail_limits

    try:
        parts = split_eml(raw, mail_limits())
    except UnreadableError:
        return None
    candidates = password_candidates(parts)
    addr = (parts.sender_address or parseaddr(sender)[1]).lower()
    if not candidates or not addr:
        return None
    target = _waiting_submission(session, blobs, addr)
    if target is None:
        return None
    meta = dict(target.meta or {})
    meta["password_mails"] = [*(meta.get("password_mails") or []), {
        "message_id": parts.message_id, "subject": parts.subject, "body": parts.body_text[:2000],
        "received_at": utcnow().isoformat(timespec="seconds"), "sha256": blobs.put(raw)}]
    target.meta = meta
    record_event(session, target, "password_mail", None, {"candidates": len(candidates)})
    return target, try_passwords(session, target, blobs, candidates)


def _waiting_submission(session: Session, blobs: BlobStore, addr: str) -> Submission | None:
    """The sender's newest e-mail submission of the last days that still has a locked archive."""
    since = utcnow() - FOLLOW_UP_WINDOW
    rows = session.scalars(select(MailMessage).where(
        MailMessage.submission_id.is_not(None), MailMessage.received_at >= since)
        .order_by(MailMessage.received_at.desc(), MailMessage.id.desc()).limit(200))
    from email.utils import parseaddr
    for row in rows:
        if parseaddr(row.sender or "")[1].lower() != addr:
            continue
        sub = session.get(Submission, row.submission_id)
        if sub is not None and locked_archives(sub, blobs):
            return sub
    return None
