"""Receiving submissions and storing what the pipeline found.

`receive()` is the one entrance for uploads, e-mail and the API: blobs are
written and rows committed before any task is sent, so nothing is lost if
the broker is down (the sweeper re-sends).
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.audit import record_event, set_status
from intake.blobs import BlobStore
from intake.models import (SEVERITY_RANK, Decision, DocumentRow, FieldRow, FindingRow, Submission,
                           utcnow)
from intake.pipeline import CONTAINERS, InputFile, display_name
from intake.records import Document, FieldValue, Finding, Record

ACTIVE = ("received", "processing")
DONE = ("clean", "needs_review", "failed")


class SubmissionError(ValueError):
    """A submission that cannot be accepted (message is Japanese, for the user)."""

    def __init__(self, message: str, message_en: str):
        super().__init__(message_en)
        self.message, self.message_en = message, message_en


@dataclass
class Limits:
    max_files: int = 50
    max_file_bytes: int = 50 * 1024 * 1024


def check_files(files: list[InputFile], limits: Limits) -> None:
    if not files:
        raise SubmissionError("ファイルがありません。", "No files were sent.")
    if len(files) > limits.max_files:
        raise SubmissionError(f"一度に送れるファイルは{limits.max_files}件までです。",
                              f"At most {limits.max_files} files per submission.")
    for f in files:
        if len(f.data) > limits.max_file_bytes:
            mb = limits.max_file_bytes // (1024 * 1024)
            raise SubmissionError(f"「{f.name}」は{mb}MBを超えています。",
                                  f"{f.name!r} is larger than {mb} MB.")


def add_documents(session: Session, blobs: BlobStore, submission: Submission,
                  files: list[InputFile]) -> None:
    """Store each file (0-byte ones too: they end as DOC_UNREADABLE, not lost), typed once here:
    the pipeline reads the stored media type, it does not sniff again."""
    from extractors.detect import sniff

    for f in files:
        sha = blobs.put(f.data)
        session.add(DocumentRow(submission=submission, version=submission.version,
                                filename=display_name(f.name), sha256=sha, size=len(f.data),
                                role=f.role, media_type=f.media_type or sniff(f.data, f.name)))


def receive(session: Session, blobs: BlobStore, profile: str, files: list[InputFile],
            source: str = "upload", user_id: int | None = None, supplier_id: int | None = None,
            as_of: dt.date | None = None, meta: dict | None = None,
            limits: Limits = Limits()) -> Submission:
    """Create a submission with its files; the caller commits, then enqueues."""
    from validators.profiles import profile_codes

    if profile not in profile_codes():
        raise SubmissionError(f"自治体コード「{profile}」は登録されていません。",
                              f"Unknown municipality profile {profile!r}.")
    check_files(files, limits)
    sub = Submission(profile=profile, source=source, created_by=user_id,
                     supplier_id=supplier_id, as_of=as_of, meta=meta or {}, status="received")
    session.add(sub)
    add_documents(session, blobs, sub, files)
    session.flush()
    record_event(session, sub, "received", user_id, {"files": len(files), "source": source},
                 to_status="received")
    return sub


def resubmit(session: Session, blobs: BlobStore, sub: Submission, files: list[InputFile],
             user_id: int | None, limits: Limits = Limits(), remove: Iterable[int] = (),
             replace: dict[int, InputFile] | None = None) -> None:
    """A supplier answers a return: a new version that starts from the previous version's
    documents. `replace` maps a document id to its new file, a file named like a previous document
    replaces it too, `remove` drops documents, other files are added; the rest is kept as it was.
    The reviewer who returned it holds it again, and the old findings are kept for comparison."""
    if sub.status != "returned":
        raise SubmissionError("差し戻された申請だけを再提出できます。",
                              "Only a returned submission can be resubmitted.")
    previous = [d for d in sub.current_documents() if d.parent_id is None]
    remove, replace = set(remove), dict(replace or {})
    if (remove | set(replace)) - {d.id for d in previous}:
        raise SubmissionError("前の版にない書類が指定されました。画面を読み込み直してください。",
                              "A document that is not in the previous version was named; reload the page.")
    by_name = {d.filename: d for d in previous}
    added = []
    for f in files:
        old = by_name.get(display_name(f.name))
        if old is not None and old.id not in replace and old.id not in remove:
            replace[old.id] = f
        else:
            added.append(f)
    kept = [d for d in previous if d.id not in remove and d.id not in replace]
    incoming = list(replace.values()) + added
    if not kept and not incoming:
        raise SubmissionError("提出する書類がありません。少なくとも1件の書類を残すか追加してください。",
                              "No documents left: keep or add at least one.")
    if incoming:
        check_files(incoming, limits)
    if len(kept) + len(incoming) > limits.max_files:
        raise SubmissionError(f"一度に送れるファイルは{limits.max_files}件までです。",
                              f"At most {limits.max_files} files per submission.")
    _keep_findings_of_version(sub)
    sub.version += 1
    from intake.deadlines import due_on
    sub.due_on = due_on(sub.profile, utcnow())   # the answer starts the review clock again
    for d in kept:
        session.add(DocumentRow(submission=sub, version=sub.version, filename=d.filename,
                                sha256=d.sha256, size=d.size, role=d.role, media_type=d.media_type))
    add_documents(session, blobs, sub, incoming)
    returned_by = session.scalar(select(Decision.user_id).where(
        Decision.submission_id == sub.id, Decision.decision == "return")
        .order_by(Decision.id.desc()).limit(1))
    if returned_by is not None and sub.claimed_by is None:
        sub.claimed_by, sub.claimed_at = returned_by, utcnow()
    set_status(session, sub, "received", user_id, action="resubmitted")
    record_event(session, sub, "version_documents", user_id,
                 {"version": sub.version, "kept": len(kept), "replaced": len(replace),
                  "added": len(added), "removed": len(remove)})


def _keep_findings_of_version(sub: Submission) -> None:
    """The findings of the version being replaced, as they stood (the rows are rewritten when the
    new version is checked), so the reviewer can compare the versions."""
    snapshot = [{"code": f.code, "severity": f.severity, "message": f.message,
                 "message_en": f.message_en, "document": f.document, "field": f.field,
                 "evidence": f.evidence, "rule": f.rule, "status": f.status, "reason": f.reason}
                for f in sub.findings]
    meta = dict(sub.meta or {})
    meta["versions"] = {**meta.get("versions", {}), str(sub.version): {"findings": snapshot}}
    sub.meta = meta  # a new dict: JSON columns see assignment, not mutation


# --- results ---------------------------------------------------------------

def fingerprint(f: Finding) -> str:
    key = "|".join(str(x) for x in (f.code, f.document, f.field, f.evidence))
    return hashlib.sha256(key.encode()).hexdigest()


def record_from_rows(sub: Submission) -> Record:
    """Rebuild the validators' record from stored fields (no re-reading)."""
    record = Record(profile=sub.profile, meta=dict(sub.meta or {}))
    for row in sub.current_documents():
        if row.status == "expanded":
            continue
        doc = Document(source=row.filename, sha256=row.sha256, media_type=row.media_type,
                       kind=row.kind or "other", method=row.method or "text", pages=row.pages,
                       size=row.size, role=row.role)
        doc.fields = {f.key: FieldValue(f.value, f.confidence, f.method, f.page, f.bbox,
                                        str(f.corrected_by) if f.corrected_by else None)
                      for f in row.fields}
        record.documents.append(doc)
    return record


def _unchanged(f: Finding) -> tuple:
    """What makes a finding the same across versions, whatever the file is called."""
    return (f.code, f.field, f.evidence)


def store_findings(session: Session, sub: Submission, findings: list[Finding]) -> None:
    """Replace the findings, keeping reviewers' decisions on ones that persist: the same finding
    of the same file, else the same code, field and evidence (a file renamed in a new version)."""
    previous = {f.fingerprint: f for f in sub.findings if f.status != "open"}
    loose: dict[tuple, list[FindingRow]] = {}
    for old in previous.values():
        loose.setdefault(_unchanged(old), []).append(old)
    docs_by_name = {d.filename: d.id for d in sub.current_documents()}
    sub.findings.clear()
    session.flush()
    rows = []
    for f in findings:
        fp = fingerprint(f)
        row = FindingRow(code=f.code, severity=f.severity, message=f.message,
                         message_en=f.message_en, document=f.document, field=f.field,
                         evidence=f.evidence, rule=f.rule, fingerprint=fp,
                         document_id=docs_by_name.get(f.document),
                         status="open")  # explicit: column defaults apply only at flush
        old = previous.get(fp)
        if old is not None:
            if old in loose[_unchanged(old)]:
                loose[_unchanged(old)].remove(old)
            _carry(old, row)
        rows.append((f, row))
        sub.findings.append(row)
    for f, row in rows:
        candidates = loose.get(_unchanged(f))
        if row.status == "open" and candidates:
            _carry(candidates.pop(0), row)
    summarise(sub)


def _carry(old: FindingRow, row: FindingRow) -> None:
    row.status, row.reason = old.status, old.reason
    row.decided_by, row.decided_at = old.decided_by, old.decided_at


def summarise(sub: Submission) -> None:
    """Denormalised queue columns: highest severity and count of the findings that still stand
    (open or judged 問題あり — a confirmed error keeps the submission urgent; 問題なし drops out)."""
    open_rows = [f for f in sub.findings if f.status != "overruled"]
    sub.open_findings = len(open_rows)
    sub.max_severity = max((SEVERITY_RANK.get(f.severity, 0) for f in open_rows), default=0)


def store_result(session: Session, sub: Submission, documents: list[Document],
                 findings: list[Finding]) -> None:
    """Write what the pipeline read for the current version's documents."""
    rows = sub.current_documents()
    # the rows of each (content, name); the same file sent twice is two rows, one per document
    by_sha: dict[str, list[DocumentRow]] = {}
    for row in rows:
        row.fields.clear()
        by_sha.setdefault(row.sha256 + row.filename, []).append(row)
    session.flush()
    for doc in documents:
        free = by_sha.get(doc.sha256 + doc.source)
        row = free.pop(0) if free else None
        if row is None:  # an e-mail attachment, or a further document of a scanned stack
            parent = (next((r for r in rows if r.sha256 == doc.sha256), None)
                      or next((r for r in rows if r.media_type in CONTAINERS), None))
            row = DocumentRow(submission=sub, version=sub.version, filename=display_name(doc.source),
                              sha256=doc.sha256, size=doc.size,
                              parent_id=parent.id if parent else None)
            session.add(row)
        row.media_type, row.kind, row.method, row.pages, row.geometry = (
            doc.media_type, doc.kind, doc.method, doc.pages, doc.geometry)
        row.status = "unreadable" if any(f.code == "DOC_UNREADABLE" for f in doc.findings) else "read"
        row.words = doc.words
        for key, fv in doc.fields.items():
            row.fields.append(FieldRow(key=key, value=fv.value, extracted_value=fv.value,
                                       confidence=fv.confidence, method=fv.method,
                                       page=fv.page, bbox=fv.bbox))
    seen = {doc.sha256 + doc.source for doc in documents}
    for row in rows:  # an e-mail or a ZIP whose files became documents of their own
        if row.sha256 + row.filename not in seen and row.media_type in CONTAINERS:
            mail = row.media_type == "message/rfc822"
            row.status, row.kind, row.method = "expanded", "email" if mail else "other", "email" if mail else "zip"
    sub.kinds = " ".join(sorted({d.kind for d in documents if d.kind}))
    store_findings(session, sub, findings)
    session.flush()
    from intake.search import reindex
    reindex(session, sub)
