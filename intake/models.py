"""Database tables (SQLAlchemy 2). Changes need an Alembic revision."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (JSON, BigInteger, Boolean, Date, DateTime, Float, ForeignKey, Index, Integer,
                        String, Text, UniqueConstraint)
from sqlalchemy.orm import DeclarativeBase, Mapped, deferred, mapped_column, relationship


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1}


class Supplier(Base):
    __tablename__ = "suppliers"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    contract_ended_on: Mapped[dt.date | None] = mapped_column(Date)  # set by an admin; starts retention periods


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))  # supplier | reviewer | admin
    profile: Mapped[str | None] = mapped_column(String(32))  # a reviewer's municipality
    supplier_id: Mapped[int | None] = mapped_column(ForeignKey("suppliers.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    locale: Mapped[str] = mapped_column(String(8), default="ja")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # part of every session cookie; bumped on logout, deactivation and password change so
    # every copy of an older cookie stops working
    session_gen: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    supplier: Mapped[Supplier | None] = relationship()


class ApiToken(Base):
    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex; the token itself is never stored
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime)  # None: never
    user: Mapped[User] = relationship()


class LoginFailure(Base):
    """A failed sign-in, by account or by client address (hashed), for the login throttle when
    no Redis is at hand; rows older than the window are deleted as new ones come."""
    __tablename__ = "login_failures"
    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(8))       # account | address
    key: Mapped[str] = mapped_column(String(64))        # sha256 hex of the e-mail or address
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    __table_args__ = (Index("ix_login_failures_key", "scope", "key", "at"),)


def _due(context: Any) -> dt.date:
    from intake.deadlines import due_on
    params = context.get_current_parameters()
    return due_on(params.get("profile") or "", params.get("created_at") or utcnow())


class Submission(Base):
    __tablename__ = "submissions"
    id: Mapped[int] = mapped_column(primary_key=True)
    profile: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="received")
    status_reason: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(8), default="upload")  # upload | email | folder | cli
    supplier_id: Mapped[int | None] = mapped_column(ForeignKey("suppliers.id"))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    as_of: Mapped[dt.date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)  # bumped when a supplier answers a return
    processed_version: Mapped[int] = mapped_column(Integer, default=0)  # makes the task idempotent
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_severity: Mapped[int] = mapped_column(Integer, default=0)  # 3 error, 2 warning, 1 info
    open_findings: Mapped[int] = mapped_column(Integer, default=0)
    kinds: Mapped[str] = mapped_column(String(255), default="")  # space-separated, for filtering
    claimed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    claimed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # e-mail subject/body etc.
    unsent_since: Mapped[dt.datetime | None] = mapped_column(DateTime)  # its task could not be sent (broker down)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    due_on: Mapped[dt.date | None] = mapped_column(Date, default=_due)  # review deadline (intake.deadlines)

    supplier: Mapped[Supplier | None] = relationship()
    documents: Mapped[list["DocumentRow"]] = relationship(
        back_populates="submission", order_by="DocumentRow.id", cascade="all, delete-orphan")
    findings: Mapped[list["FindingRow"]] = relationship(
        back_populates="submission", order_by="FindingRow.id", cascade="all, delete-orphan")

    __table_args__ = (
        Index("ix_submissions_queue", "profile", "status", "max_severity", "created_at", "id"),
        Index("ix_submissions_status_created", "status", "created_at", "id"),
        Index("ix_submissions_supplier", "supplier_id", "created_at"),
        # on PostgreSQL ix_submissions_due_cover: the same keys INCLUDE (kinds, created_at,
        # supplier_id), so filtered counts read the index alone (migration search_speed)
        Index("ix_submissions_due", "profile", "status", "max_severity", "due_on", "id"),
        Index("ix_submissions_status_due", "status", "max_severity", "due_on", "id"),
        Index("ix_submissions_profile_due", "profile", "max_severity", "due_on", "id"),  # all statuses
        Index("ix_submissions_severity_due", "max_severity", "due_on", "id"),
    )

    def current_documents(self) -> list["DocumentRow"]:
        return [d for d in self.documents if d.version == self.version]


class DocumentRow(Base):
    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    media_type: Mapped[str] = mapped_column(String(100), default="application/octet-stream")
    size: Mapped[int] = mapped_column(Integer, default=0)
    role: Mapped[str | None] = mapped_column(String(16))  # photo role chosen at upload
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))  # attachment of an .eml
    kind: Mapped[str | None] = mapped_column(String(32))
    method: Mapped[str | None] = mapped_column(String(16))
    pages: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending | read | unreadable
    geometry: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)  # page sizes and box unit, as read
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # the page words as read ([{page, text, bbox}], the reader's unit): what a reviewer picks from
    words: Mapped[Any] = deferred(mapped_column(JSON, nullable=True))

    submission: Mapped[Submission] = relationship(back_populates="documents")
    fields: Mapped[list["FieldRow"]] = relationship(
        back_populates="document", order_by="FieldRow.id", cascade="all, delete-orphan")


class FieldRow(Base):
    __tablename__ = "fields"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    key: Mapped[str] = mapped_column(String(100))
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    method: Mapped[str] = mapped_column(String(16), default="text")
    page: Mapped[int | None] = mapped_column(Integer)
    bbox: Mapped[Any] = mapped_column(JSON, nullable=True)
    extracted_value: Mapped[Any] = mapped_column(JSON, nullable=True)  # what the machine read, kept after a correction
    corrected_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    corrected_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    document: Mapped[DocumentRow] = relationship(back_populates="fields")
    __table_args__ = (UniqueConstraint("document_id", "key"),)


class FindingRow(Base):
    __tablename__ = "findings"
    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    code: Mapped[str] = mapped_column(String(48))
    severity: Mapped[str] = mapped_column(String(8))
    message: Mapped[str] = mapped_column(Text)
    message_en: Mapped[str] = mapped_column(Text)
    document: Mapped[str | None] = mapped_column(String(255))
    field: Mapped[str | None] = mapped_column(String(100))
    evidence: Mapped[str | None] = mapped_column(Text)
    rule: Mapped[str | None] = mapped_column(String(200))
    fingerprint: Mapped[str] = mapped_column(String(64))  # keeps a decision across re-validations
    status: Mapped[str] = mapped_column(String(12), default="open")  # open | confirmed | overruled
    reason: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    submission: Mapped[Submission] = relationship(back_populates="findings")


class Decision(Base):
    __tablename__ = "decisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decision: Mapped[str] = mapped_column(String(8))  # approve | reject | return
    comment: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class AuditEvent(Base):
    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str | None] = mapped_column(String(16))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # never personal data
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class MailMessage(Base):
    __tablename__ = "mail_messages"
    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[str] = mapped_column(String(255), unique=True)
    sender: Mapped[str | None] = mapped_column(String(254))
    recipient: Mapped[str | None] = mapped_column(String(254))
    subject: Mapped[str | None] = mapped_column(Text)
    sha256: Mapped[str | None] = mapped_column(String(64))  # the raw message in the blob store
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id"))
    status: Mapped[str] = mapped_column(String(16), default="accepted")  # accepted | duplicate | rejected
    error: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # message_id holds the de-duplication key (Message-ID, else a hash of body and attachments):
    # its unique constraint makes every entrance's arrival of one message one row, one submission
    source: Mapped[str] = mapped_column(String(8), default="smtp")  # smtp | imap | folder
    arrivals: Mapped[list[Any]] = mapped_column(JSON, default=list)  # every later arrival: entrance, time
    last_arrival_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class ImapMessage(Base):
    """A message the IMAP poller has seen, by mailbox + UIDVALIDITY + UID (what it did, what failed)."""
    __tablename__ = "imap_messages"
    id: Mapped[int] = mapped_column(primary_key=True)
    mailbox: Mapped[str] = mapped_column(String(255))      # user@host/FOLDER, never the password
    uidvalidity: Mapped[int] = mapped_column(BigInteger)  # 32-bit unsigned
    uid: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(12), default="failed")  # stored | done | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_try_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    error: Mapped[str | None] = mapped_column(Text)
    mail_message_id: Mapped[int | None] = mapped_column(ForeignKey("mail_messages.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    __table_args__ = (UniqueConstraint("mailbox", "uidvalidity", "uid"),)


class OutboxMail(Base):
    """A mail to send (receipt, decision notice); the sender retries it with backoff."""
    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)  # e.g. receipt:12:v1 — one mail per event
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))           # receipt | returned | approved | rejected
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    in_reply_to: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(8), default="queued")  # queued | sent | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_try_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    __table_args__ = (Index("ix_outbox_due", "status", "next_try_at"),)


class JobLease(Base):
    """Who runs a scheduled job (sweeper, retention) until when: one holder at a time on all hosts."""
    __tablename__ = "job_leases"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    holder: Mapped[str] = mapped_column(String(128))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)


class LearnedWording(Base):
    """A field label a reviewer's pick proposed for one municipality (intake.learned)."""
    __tablename__ = "learned_wordings"
    id: Mapped[int] = mapped_column(primary_key=True)
    profile: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(32))
    field_key: Mapped[str] = mapped_column(String(100))
    wording: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(12), default="proposed")  # proposed | accepted | rejected
    examples: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [{submission, document, value}]
    proposed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    __table_args__ = (UniqueConstraint("profile", "kind", "field_key", "wording"),
                      Index("ix_learned_wordings_status", "profile", "status"))
