"""The one path every entrance uses: files → documents → record → findings → status.

The CLI calls `process()` in-process; the Celery task calls the same functions
on files from the blob store and stores the result in the database.
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from intake.blobs import sha256_of
from intake.records import Document, FieldValue, Finding, Record

log = logging.getLogger(__name__)

MAX_EML_DEPTH = 3


@dataclass
class InputFile:
    name: str
    data: bytes
    role: str | None = None   # photo role chosen at upload


@dataclass
class Result:
    profile: str
    as_of: dt.date
    status: str
    record: Record
    findings: list[Finding] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"profile": self.profile, "as_of": self.as_of.isoformat(), "status": self.status,
                "documents": [d.to_dict() for d in self.record.documents],
                "findings": [f.to_dict() for f in self.findings]}


def unreadable(source: str, message: str, message_en: str) -> Finding:
    return Finding(code="DOC_UNREADABLE", severity="error", message=message,
                   message_en=message_en, document=source, rule="SPEC §5")


def read_document(f: InputFile, meta: dict | None = None, depth: int = 0) -> list[Document]:
    """Read one file into documents; an e-mail becomes one document per attachment."""
    from extractors.classify import classify
    from extractors.detect import sniff
    from extractors.fields import extract
    from extractors.layout import UnreadableError

    doc = Document(source=f.name, sha256=sha256_of(f.data), size=len(f.data), role=f.role)
    try:
        doc.media_type = sniff(f.data, f.name)
        if doc.media_type == "message/rfc822" and depth < MAX_EML_DEPTH:
            return _read_email(f, doc, meta, depth)
        layout = read_file(f.data, f.name)
    except UnreadableError as exc:
        log.info("unreadable document %s: %s", doc.sha256[:12], exc.detail or exc.message_en)
        doc.findings.append(unreadable(f.name, exc.message, exc.message_en))
        return [doc]
    except Exception:  # a reader bug must not lose the submission
        log.exception("reader failed on %s", doc.sha256[:12])
        doc.findings.append(unreadable(
            f.name, "ファイルを読み取れませんでした（内部エラー）。担当者が確認します。",
            "The file could not be read (internal error); staff will check it."))
        return [doc]
    doc.method, doc.pages = layout.method, len(layout.pages)
    doc.geometry = {"pages": [[p.width, p.height, p.unit] for p in layout.pages]}
    try:
        doc.kind, _ = classify(layout, f.name)
        doc.fields = extract(doc.kind, layout, f.name)
    except Exception:
        log.exception("field extraction failed on %s", doc.sha256[:12])
        doc.findings.append(Finding(
            code="DOC_UNKNOWN_KIND", severity="warning",
            message="書類の内容を解析できませんでした。手作業で確認してください。",
            message_en="The document's content could not be analysed; check it by hand.",
            document=f.name, rule="SPEC §5"))
    return [doc]


def read_file(data: bytes, name: str):
    """File → Layout under the hard reading limits (a child process), unless isolation is off."""
    reader = start_reading()
    if reader is None:
        from extractors.reader import read
        return read(data, name)
    return reader.read(data, name)


def start_reading(warm: bool = False):
    """This process's reading child, started now (its imports overlap the caller's); None without isolation."""
    from intake.config import read_limits
    settings = read_limits()
    if not settings.isolated:
        return None
    from intake import reading
    reader = reading.reader(reading.Limits.from_settings(settings), warm)
    reader.start()
    return reader


def _read_email(f: InputFile, doc: Document, meta: dict | None, depth: int) -> list[Document]:
    from extractors.email_reader import split_eml

    parts = split_eml(f.data)
    if meta is not None:
        meta.setdefault("email", {"subject": parts.subject, "body": parts.body_text,
                                  "message_id": parts.message_id})
    docs: list[Document] = []
    for name, data in parts.attachments:
        docs += read_document(InputFile(name, data), meta, depth + 1)
    body_doc = _email_application(f, doc, parts.body_text)
    if body_doc is not None:   # Shika 4: an application whose items ①–⑦ are the body itself
        docs.append(body_doc)
    if not docs:
        doc.kind, doc.method = "other", "email"
        doc.fields = {"email.body": FieldValue(parts.body_text, 1.0, "email")}
        docs.append(doc)
    return docs


def _email_application(f: InputFile, doc: Document, body: str | None) -> Document | None:
    """The numbered body items of an e-mail application (①所在地 … ⑦概要) as a Document of kind
    `application` read by method `email`, so validators see them as the applicant's fields."""
    from extractors.fields.email_body import read_body

    try:
        fields = read_body(body)
    except Exception:  # a body we cannot read must not lose the attachments
        log.exception("e-mail body items failed on %s", doc.sha256[:12])
        return None
    if not fields:
        return None
    return Document(source=f.name, sha256=doc.sha256, size=doc.size, media_type="message/rfc822",
                    kind="application", method="email", fields=fields)


# findings that mean something was not read or not checked: never `clean`, whatever
# severity a profile gives them
NOT_CLEAN = ("CHECK_NOT_RUN", "FIELD_MISSING", "FIELD_LOW_CONFIDENCE", "DOC_UNKNOWN_KIND", "DOC_UNREADABLE",
             "VALIDATOR_ERROR")


def status_of(record: Record, findings: list[Finding]) -> str:
    """clean / needs_review / failed (SPEC §6). A submission is never clean because
    something was not read: an unread input is CHECK_NOT_RUN or FIELD_MISSING."""
    if record.documents and all(d.findings and d.pages == 0 for d in record.documents):
        return "failed"
    if any(f.severity in ("error", "warning") or f.code in NOT_CLEAN for f in findings):
        return "needs_review"
    return "clean"


def default_as_of(profile: str, now: dt.datetime | None = None) -> dt.date:
    """Today in the municipality's time zone (the profile's `timezone`, Asia/Tokyo), not the
    server's local date: on a UTC server 00:00–09:00 JST is already the next day there."""
    from validators.profiles import load_profile

    return load_profile(profile).today(now)


def evaluate(record: Record, profile: str, as_of: dt.date) -> tuple[list[Finding], str]:
    """Validate a record (no re-reading); used after extraction and after corrections."""
    from validators.engine import validate

    findings = [f for d in record.documents for f in d.findings]
    findings += validate(record, profile, as_of)
    return findings, status_of(record, findings)


def process(files: list[InputFile], profile: str, as_of: dt.date | None = None) -> Result:
    as_of = as_of or default_as_of(profile)
    record = Record(profile=profile)
    for f in files:
        record.documents += read_document(f, record.meta)
    findings, status = evaluate(record, profile, as_of)
    return Result(profile, as_of, status, record, findings)
