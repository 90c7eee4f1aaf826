"""E-mail intake: `intake+CODE@…` becomes a submission of profile CODE (source `email`).

The raw message is kept in the blob store and becomes the submission's one
document; the pipeline turns its attachments into documents and keeps the
body (Shika 4 asks for items in the body). Duplicates (same Message-ID) are
logged, not processed twice; an unreadable message is kept and flagged.
"""
from __future__ import annotations

import asyncio
import email
import email.policy
import logging
import re

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from intake import config
from intake.blobs import blob_store, sha256_of
from intake.db import session_scope
from intake.models import MailMessage, Supplier
from intake.pipeline import InputFile
from intake.submissions import SubmissionError, receive

log = logging.getLogger(__name__)
ADDRESS = re.compile(r"^intake\+([a-z0-9_-]+)@", re.IGNORECASE)
MAX_MESSAGE_BYTES = 60 * 1024 * 1024


def profile_of(recipient: str) -> str | None:
    """The profile code of an intake address, if it is one we serve."""
    from validators.profiles import profile_codes

    m = ADDRESS.match(recipient.strip("<> "))
    code = m.group(1).lower() if m else None
    return code if code in profile_codes() else None


def accept_message(settings: config.Settings, raw: bytes, recipient: str,
                   sender: str | None = None) -> MailMessage:
    """Store one message and queue its submission; idempotent by Message-ID."""
    from intake.worker import enqueue

    head = email.message_from_bytes(raw[:65536], policy=email.policy.default)
    message_id = str(head.get("Message-ID") or "").strip() or f"<sha256:{sha256_of(raw)}>"
    subject = str(head.get("Subject") or "")[:500]
    sender = sender or str(head.get("From") or "")
    blobs = blob_store(settings)
    sha = blobs.put(raw)
    with session_scope(settings.database_url) as session:
        if session.scalar(select(MailMessage).where(MailMessage.message_id == message_id)):
            log.info("duplicate message %s ignored", sha[:12])
            return MailMessage(message_id=message_id, status="duplicate")
        row = MailMessage(message_id=message_id, sender=sender[:254], recipient=recipient[:254],
                          subject=subject, sha256=sha)
        session.add(row)
        profile = profile_of(recipient)
        if profile is None:
            row.status, row.error = "rejected", "宛先の自治体コードが不明です。"
            return row
        supplier = session.scalar(select(Supplier).where(
            Supplier.email == email.utils.parseaddr(sender)[1].lower()))
        try:
            sub = receive(session, blobs, profile, [InputFile("message.eml", raw)], source="email",
                          supplier_id=supplier.id if supplier else None,
                          meta={"email": {"subject": subject, "sender": sender}})
        except SubmissionError as exc:
            row.status, row.error = "rejected", exc.message
            return row
        row.submission_id = sub.id
    enqueue(sub)
    return row


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
        except (IntegrityError, OSError):
            log.exception("could not store a message")
            return "451 4.3.0 一時的なエラーです。後で再送してください (try again later)"
        return "250 OK 受け付けました (accepted)"


def smtp_controller(settings: config.Settings, host: str = "127.0.0.1"):  # noqa: ANN201
    from aiosmtpd.controller import Controller

    return Controller(IntakeHandler(settings), hostname=host, port=settings.smtp_port,
                      data_size_limit=MAX_MESSAGE_BYTES, decode_data=False)
