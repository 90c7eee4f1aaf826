"""The one path every entrance uses: files → documents → record → findings → status.

The CLI calls `process()` in-process; the Celery task calls the same functions
on files from the blob store and stores the result in the database.
"""
from __future__ import annotations

import datetime as dt
import logging
import unicodedata
from dataclasses import dataclass, field, replace

from intake.blobs import sha256_of
from intake.records import Document, FieldValue, Finding, Record

log = logging.getLogger(__name__)
CONTAINERS = ("message/rfc822", "application/zip", "application/x-zip-encrypted")   # unpacked, not read
NAME_MAX = 255   # documents.filename and findings.document hold a name this long


def display_name(name: str | None) -> str:
    """A file's name as stored and shown: its last path part without control characters, cut
    to NAME_MAX characters with the extension kept (「…」 marks the cut)."""
    name = "".join(c for c in (name or "") if not unicodedata.category(c).startswith("C"))
    name = name.replace("\\", "/").rsplit("/", 1)[-1].strip() or "file"
    if len(name) <= NAME_MAX:
        return name
    stem, dot, ext = name.rpartition(".")
    ext = dot + ext if stem and len(ext) <= 16 else ""
    return name[:NAME_MAX - len(ext) - 1] + "…" + ext


@dataclass
class InputFile:
    name: str
    data: bytes
    role: str | None = None   # photo role chosen at upload
    media_type: str | None = None   # sniffed when the file was received; sniffed here if not


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


def read_document(f: InputFile, meta: dict | None = None) -> list[Document]:
    """Read one file into documents; an e-mail or a ZIP becomes one document per file inside."""
    from extractors.classify import classify
    from extractors.detect import sniff
    from extractors.fields import extract
    from extractors.layout import UnreadableError

    doc = Document(source=f.name, sha256=sha256_of(f.data), size=len(f.data), role=f.role)
    try:
        doc.media_type = f.media_type or sniff(f.data, f.name)
        if doc.media_type in CONTAINERS:
            return _read_container(f, doc, meta)
        layout = read_file(f.data, f.name, doc.media_type)
    except UnreadableError as exc:
        return [_refused(doc, exc)]
    except Exception:  # a reader bug must not lose the submission
        log.exception("reader failed on %s", doc.sha256[:12])
        doc.findings.append(unreadable(
            f.name, "ファイルを読み取れませんでした（内部エラー）。担当者が確認します。",
            "The file could not be read (internal error); staff will check it."))
        return [doc]
    from intake.pagewords import from_layout
    from intake.split import split
    docs = []
    geometry = {"pages": [[p.width, p.height, p.unit] for p in layout.pages]}   # the file's pages
    for name, part in split(layout, f.name):   # a scanned stack: one document per kind it holds
        doc = replace(doc, source=name, fields={}, findings=[]) if docs else doc   # same file, same sha
        doc.method, doc.pages, doc.geometry = part.method, len(part.pages), geometry
        doc.words = from_layout(part)
        try:
            doc.kind, _ = classify(part, name)
            doc.fields = extract(doc.kind, part, name)
        except Exception:
            log.exception("field extraction failed on %s", doc.sha256[:12])
            doc.findings.append(Finding(
                code="DOC_UNKNOWN_KIND", severity="warning",
                message="書類の内容を解析できませんでした。手作業で確認してください。",
                message_en="The document's content could not be analysed; check it by hand.",
                document=name, rule="SPEC §5"))
        docs.append(doc)
    return docs


def _refused(doc: Document, exc) -> Document:  # noqa: ANN001
    log.info("unreadable document %s: %s", doc.sha256[:12], exc.detail or exc.message_en)
    doc.findings.append(unreadable(doc.source, exc.message, exc.message_en))
    return doc


def read_file(data: bytes, name: str, media_type: str | None = None):
    """File → Layout under the hard reading limits (a child process), unless isolation is off or the
    file is a small office file (`reading.small_enough_in_process`)."""
    from extractors.detect import sniff
    from intake import reading
    reader = start_reading()
    media_type = media_type or sniff(data, name)
    if reader is None or reading.small_enough_in_process(data, media_type):
        from extractors.reader import read
        return read(data, name, media_type)
    return reader.read(data, name, media_type)


def send_ahead(f: InputFile) -> None:
    """Have the reading child start on this file now, if it is one the child reads: `read_document`
    on the same InputFile then waits only for what is left (the caller works meanwhile)."""
    from extractors.detect import sniff
    from intake import reading
    reader = start_reading()
    f.media_type = f.media_type or sniff(f.data, f.name)
    if reader is not None and f.media_type not in CONTAINERS and not reading.small_enough_in_process(f.data, f.media_type):
        reader.send_ahead(f.data, f.name, f.media_type)


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


def _read_container(f: InputFile, doc: Document, meta: dict | None) -> list[Document]:
    """An e-mail or a ZIP: every file inside read as a document of its own (unpacked by
    `extractors.email_reader`, the one place that does it; each file arrives sniffed)."""
    from extractors import email_reader
    from intake.config import mail_limits

    passwords = tuple(((meta or {}).get("zip_passwords") or {}).values())
    if doc.media_type == "message/rfc822":
        parts = email_reader.split_eml(f.data, mail_limits(), passwords)
        if meta is not None:
            meta.setdefault("email", {})
            meta["email"].update({"subject": parts.subject, "body": parts.body_text,
                                  "message_id": parts.message_id})
            meta["email"].setdefault("sender", parts.sender)
            if parts.forwarded:
                meta["email"]["forwarded_from"] = [x.sender for x in parts.forwarded]
        attachments, body = parts.attachments, parts.body_text
    else:
        attachments, body = email_reader.unpack_file(f.name, f.data, doc.media_type, mail_limits(),
                                                        passwords), None
    docs: list[Document] = []
    for a in attachments:
        if a.refusal is not None:    # kept as it is: a ZIP waiting for its password, over the limits …
            kept = Document(source=display_name(a.name), sha256=sha256_of(a.data), size=len(a.data), media_type=a.media_type)
            docs.append(_refused(kept, a.refusal))
        else:
            docs += read_document(InputFile(display_name(a.name), a.data, media_type=a.media_type), meta)
    body_doc = _email_application(f, doc, body) if body else None
    if body_doc is not None:   # Shika 4: an application whose items ①–⑦ are the body itself
        docs.append(body_doc)
    if not docs and body is not None:
        doc.kind, doc.method = "other", "email"
        doc.fields = {"email.body": FieldValue(body, 1.0, "email")}
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


def warm_up(profile: str) -> None:
    """What a process's first document pays for besides its reading: the catalogue's wordings
    normalised, the label patterns compiled, the profile and its rules loaded (35–45 ms). `intake
    process` does it while its reading child starts and reads, which is otherwise waiting time."""
    from extractors.classify import classify
    from extractors.layout import Layout, Line, Page
    from validators.engine import validate

    classify(Layout("application/pdf", [Page(1, 595, 842, lines=[Line("名称", [0, 0, 20, 10])])]), "warm-up.pdf")
    validate(Record(profile=profile), profile, default_as_of(profile))


def process(files: list[InputFile], profile: str, as_of: dt.date | None = None) -> Result:
    as_of = as_of or default_as_of(profile)
    record = Record(profile=profile)
    for f in files:
        record.documents += read_document(f, record.meta)
    findings, status = evaluate(record, profile, as_of)
    return Result(profile, as_of, status, record, findings)
