"""What reviewers do: correct fields, confirm or overrule findings, decide, claim.

Shared by the web pages and the JSON API so both follow the same rules.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import or_, update
from sqlalchemy.orm import Session

from intake import outbox
from intake.audit import record_event, set_status
from intake.models import Decision, DocumentRow, FieldRow, FindingRow, Submission, Supplier, utcnow
from intake.pipeline import default_as_of, evaluate
from intake.submissions import SubmissionError, record_from_rows, store_findings

DECISIONS = {"approve": "approved", "reject": "rejected", "return": "returned"}
DECIDABLE = ("clean", "needs_review")


def revalidate(session: Session, sub: Submission, as_of: dt.date | None = None) -> None:
    """Re-run the validators on the stored fields (milliseconds, no re-reading)."""
    findings, status = evaluate(record_from_rows(sub), sub.profile,
                                as_of or sub.as_of or default_as_of(sub.profile))
    store_findings(session, sub, findings)
    if sub.status in DECIDABLE and status != sub.status:
        set_status(session, sub, status, action="revalidated")


def correct_fields(session: Session, sub: Submission, corrections: dict[str, Any],
                   user_id: int, document_id: int | None = None) -> None:
    """Apply {key: value}; a key absent from every document is added to the first one."""
    if sub.status not in DECIDABLE:
        raise SubmissionError("この状態の申請は修正できません。",
                              "This submission cannot be corrected in its current state.")
    docs = [d for d in sub.current_documents() if d.status == "read"]
    if document_id is not None:
        docs = [d for d in docs if d.id == document_id]
    if not docs:
        raise SubmissionError("修正できる書類がありません。", "No readable document to correct.")
    for key, value in corrections.items():
        row = _field_row(docs, key)
        if row is None:
            row = FieldRow(key=key, confidence=1.0, method="manual")
            docs[0].fields.append(row)
        old = row.value
        row.value, row.method, row.confidence = value, "manual", 1.0
        row.corrected_by, row.corrected_at = user_id, utcnow()
        record_event(session, sub, "field_corrected", user_id,
                     {"key": key, "document": row.document.filename if row.document else None,
                      "changed": old != value})
    session.flush()
    revalidate(session, sub)


def _field_row(docs: list[DocumentRow], key: str) -> FieldRow | None:
    return next((f for d in docs for f in d.fields if f.key == key), None)


def judge_finding(session: Session, sub: Submission, finding_id: int, verdict: str,
                  reason: str | None, user_id: int) -> FindingRow:
    """Confirm a finding, or overrule it (a reason is required to overrule)."""
    if verdict not in ("confirmed", "overruled", "open"):
        raise SubmissionError("判定が不正です。", "Unknown verdict.")
    if verdict == "overruled" and not (reason or "").strip():
        raise SubmissionError("却下（問題なし）とする理由を入力してください。",
                              "Give a reason to overrule a finding.")
    row = next((f for f in sub.findings if f.id == finding_id), None)
    if row is None:
        raise SubmissionError("指摘が見つかりません。", "No such finding.")
    row.status, row.reason = verdict, reason
    row.decided_by, row.decided_at = user_id, utcnow()
    record_event(session, sub, f"finding_{verdict}", user_id, {"code": row.code, "finding": row.id})
    from intake.submissions import summarise
    summarise(sub)
    return row


def decide(session: Session, sub: Submission, decision: str, comment: str | None,
           user_id: int) -> None:
    """Approve (not while an error finding is open), reject or return."""
    if decision not in DECISIONS:
        raise SubmissionError("判断は approve / reject / return のいずれかです。",
                              "decision must be approve, reject or return.")
    if sub.status not in DECIDABLE:
        raise SubmissionError("この申請はまだ審査できる状態ではありません。",
                              "This submission is not ready for a decision.")
    if decision == "approve":
        blocking = [f for f in sub.findings if f.severity == "error" and f.status == "open"]
        if blocking:
            raise SubmissionError(
                f"未対応のエラー指摘が{len(blocking)}件あります。確認または却下してから承認してください。",
                f"{len(blocking)} error finding(s) are still open; confirm or overrule them first.")
        if any(f.severity == "error" and f.status == "confirmed" for f in sub.findings):
            raise SubmissionError("エラーが確認された申請は承認できません。差し戻すか却下してください。",
                                  "A submission with a confirmed error cannot be approved.")
    if decision == "return" and not (comment or "").strip():
        raise SubmissionError("差し戻しの理由を事業者向けに入力してください。",
                              "Give the supplier a message when returning.")
    session.add(Decision(submission_id=sub.id, user_id=user_id, decision=decision,
                         comment=comment, version=sub.version))
    sub.claimed_by = None
    set_status(session, sub, DECISIONS[decision], user_id, reason=comment, action=decision)
    outbox.on_decision(session, sub, decision, comment)


def assign_supplier(session: Session, sub: Submission, supplier_id: int, user_id: int) -> None:
    """A reviewer names the supplier of a submission that came without one (the scanner folder)."""
    if sub.supplier_id is not None:
        raise SubmissionError("この申請には事業者が割り当て済みです。", "The submission already has a supplier.")
    if session.get(Supplier, supplier_id) is None:
        raise SubmissionError("事業者が見つかりません。", "No such supplier.")
    sub.supplier_id = supplier_id
    record_event(session, sub, "supplier_assigned", user_id, {"supplier": supplier_id})


def claim(session: Session, sub: Submission, user_id: int, force: bool = False) -> None:
    """Take a submission; refuses one someone else holds unless forced (reassign).

    A conditional UPDATE, so two reviewers claiming at once cannot both win.
    """
    stmt = update(Submission).where(Submission.id == sub.id)
    if not force:
        stmt = stmt.where(or_(Submission.claimed_by.is_(None), Submission.claimed_by == user_id))
    won = session.execute(stmt.values(claimed_by=user_id, claimed_at=utcnow())
                          .execution_options(synchronize_session=False)).rowcount
    session.refresh(sub, ["claimed_by", "claimed_at"])
    if not won:
        raise SubmissionError("他の審査担当者が対応中です。", "Another reviewer holds this submission.")
    record_event(session, sub, "claimed", user_id)


def release(session: Session, sub: Submission, user_id: int) -> None:
    if sub.claimed_by == user_id:
        sub.claimed_by = sub.claimed_at = None
        record_event(session, sub, "released", user_id)
