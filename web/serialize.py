"""Submissions as JSON, shaped as SPEC §6 (documents, fields, findings)."""
from __future__ import annotations

from typing import Any

from intake.models import DocumentRow, FieldRow, FindingRow, Submission, User

from web.access import shown


def shown_documents(sub: Submission) -> list[DocumentRow]:
    """The current version's documents; an e-mail expanded into its attachments is left out."""
    return [d for d in sub.current_documents() if d.status != "expanded"]


def field_dict(row: FieldRow, sub: Submission, user: User) -> dict[str, Any]:
    return {"value": shown(row.key, row.value, sub, user),
            "confidence": round(float(row.confidence), 3), "method": row.method,
            "page": row.page,
            "bbox": [round(float(v), 1) for v in row.bbox] if row.bbox else None,
            "corrected": row.corrected_by is not None}


def document_dict(row: DocumentRow, sub: Submission, user: User) -> dict[str, Any]:
    return {"id": row.id, "source": row.filename, "sha256": row.sha256,
            "media_type": row.media_type, "kind": row.kind, "method": row.method,
            "pages": row.pages, "status": row.status,
            "fields": {f.key: field_dict(f, sub, user) for f in row.fields}}


def finding_dict(row: FindingRow) -> dict[str, Any]:
    return {"id": row.id, "code": row.code, "severity": row.severity, "message": row.message,
            "message_en": row.message_en, "document": row.document, "field": row.field,
            "evidence": row.evidence, "rule": row.rule, "status": row.status,
            "reason": row.reason}


def summary_dict(sub: Submission) -> dict[str, Any]:
    return {"id": sub.id, "profile": sub.profile, "status": sub.status, "source": sub.source,
            "version": sub.version, "open_findings": sub.open_findings,
            "created_at": sub.created_at.isoformat() + "Z",
            "updated_at": sub.updated_at.isoformat() + "Z" if sub.updated_at else None}


def submission_dict(sub: Submission, user: User) -> dict[str, Any]:
    return {**summary_dict(sub), "status_reason": sub.status_reason,
            "as_of": sub.as_of.isoformat() if sub.as_of else None,
            "documents": [document_dict(d, sub, user) for d in shown_documents(sub)],
            "findings": [finding_dict(f) for f in sub.findings]}
