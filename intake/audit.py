"""Audit events: every status change and every reviewer action leaves one."""
from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from intake.models import AuditEvent, Submission


def record_event(session: Session, submission: Submission | None, action: str,
                 user_id: int | None = None, detail: dict[str, Any] | None = None,
                 from_status: str | None = None, to_status: str | None = None) -> AuditEvent:
    event = AuditEvent(submission_id=submission.id if submission else None, user_id=user_id,
                       action=action, from_status=from_status, to_status=to_status,
                       detail=detail or {})
    session.add(event)
    return event


def set_status(session: Session, submission: Submission, status: str,
               user_id: int | None = None, reason: str | None = None,
               action: str = "status") -> None:
    """Change a submission's status and audit the transition."""
    old = submission.status
    submission.status = status
    submission.status_reason = reason
    record_event(session, submission, action, user_id, {"reason": reason} if reason else None,
                 from_status=old, to_status=status)
