"""What reviewers do: correct fields, confirm or overrule findings, decide, claim.

Shared by the web pages and the JSON API so both follow the same rules.
"""
from __future__ import annotations

import datetime as dt
import re
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
FIELD_KEY = re.compile(r"[a-z_]+(\.[a-z0-9_]+)+")   # SPEC §3: kind.name, lower case
KEY_MAX = FieldRow.key.type.length


def bad_keys(keys: Any) -> list[str]:
    """Keys that cannot be field keys (shape, or longer than the column holds)."""
    return [k for k in keys if not isinstance(k, str) or len(k) > KEY_MAX
            or not FIELD_KEY.fullmatch(k)]


BAD_KEY = (f"項目名が正しくありません（英小文字・数字・「_」を「.」で区切った{KEY_MAX}文字以内）。",
           f"Invalid field key (lower-case letters, digits and _ separated by dots, at most {KEY_MAX} characters).")

# The one vocabulary of review decisions: the buttons, the finding states, the refusals and the
# confirmations all take their words from here (a finding is judged 問題あり / 問題なし; 却下 is only
# ever the whole submission's rejection). (Japanese, English); {n}/{id} are filled by the caller.
WORDS: dict[str, tuple[str, str]] = {
    "verdict.confirmed": ("問題あり", "Problem"),
    "verdict.overruled": ("問題なし", "No problem"),
    "verdict.open": ("判断を取り消す", "Undo judgement"),
    "finding.open": ("未判断", "Not judged"),
    "finding.confirmed": ("問題あり（判断済み）", "Problem (judged)"),
    "finding.overruled": ("問題なし（判断済み）", "No problem (judged)"),
    "decision.approve": ("承認", "Approve"),
    "decision.return": ("差し戻し", "Return to supplier"),
    "decision.reject": ("却下", "Reject"),
    "confirm.approve": ("#{id} を承認します。よろしいですか？", "Approve #{id}?"),
    "confirm.return": ("#{id} を事業者に差し戻します。よろしいですか？", "Return #{id} to the supplier?"),
    "confirm.reject": ("#{id} の申請全体を却下します。事業者は再提出できません。よろしいですか？",
                       "Reject the whole submission #{id}? The supplier cannot resubmit it."),
    "confirm.ok": ("実行する", "Go ahead"),
    "confirm.cancel": ("やめる", "Cancel"),
    "refuse.open_errors": ("未判断のエラー指摘が{n}件あります。各指摘を「問題あり」か「問題なし」と判断してから承認してください。",
                           "{n} error finding(s) are still open: mark each 'Problem' or 'No problem' first."),
    "refuse.confirmed_error": ("「問題あり」と判断したエラーがあるため承認できません。差し戻すか却下してください。",
                               "An error was judged 'Problem': return or reject the submission instead."),
    "refuse.no_reason": ("「問題なし」とする理由を入力してください。", "Give a reason for 'No problem'."),
}


def word(key: str, **values: Any) -> tuple[str, str]:
    """(Japanese, English) of one entry of WORDS, its placeholders filled."""
    ja, en = WORDS[key]
    return ja.format(**values), en.format(**values)


def counted(finding: FindingRow) -> bool:
    """A finding still stands against the submission unless a reviewer judged it 問題なし."""
    return finding.status != "overruled"


def revalidate(session: Session, sub: Submission, as_of: dt.date | None = None) -> None:
    """Re-run the validators on the stored fields (milliseconds, no re-reading)."""
    findings, status = evaluate(record_from_rows(sub), sub.profile,
                                as_of or sub.as_of or default_as_of(sub.profile))
    store_findings(session, sub, findings)
    if sub.status in DECIDABLE and status != sub.status:
        set_status(session, sub, status, action="revalidated")


def correct_fields(session: Session, sub: Submission, corrections: dict[str, Any],
                   user_id: int, document_id: int | None = None,
                   boxes: dict[str, tuple[int, list[float]]] | None = None) -> None:
    """Apply {key: value}; a key absent from every document is added to the first one.
    `boxes` gives (page, bbox) of a value the reviewer picked on the page."""
    if sub.status not in DECIDABLE:
        raise SubmissionError("この状態の申請は修正できません。",
                              "This submission cannot be corrected in its current state.")
    docs = [d for d in sub.current_documents() if d.status == "read"]
    if document_id is not None:
        docs = [d for d in docs if d.id == document_id]
    if not docs:
        raise SubmissionError("修正できる書類がありません。", "No readable document to correct.")
    if bad_keys(corrections):
        raise SubmissionError(*BAD_KEY)
    for key, value in corrections.items():
        row = _field_row(docs, key)
        if row is None:
            row = FieldRow(key=key, confidence=1.0, method="manual")
            docs[0].fields.append(row)
        old = row.value
        row.value, row.method, row.confidence = value, "manual", 1.0
        if boxes and key in boxes:
            row.page, row.bbox = boxes[key]
        row.corrected_by, row.corrected_at = user_id, utcnow()
        record_event(session, sub, "field_corrected", user_id,
                     {"key": key, "document": row.document.filename if row.document else None,
                      "changed": old != value})
    session.flush()
    revalidate(session, sub)
    from intake.search import reindex
    reindex(session, sub)


def _field_row(docs: list[DocumentRow], key: str) -> FieldRow | None:
    return next((f for d in docs for f in d.fields if f.key == key), None)


def judge_finding(session: Session, sub: Submission, finding_id: int, verdict: str,
                  reason: str | None, user_id: int) -> FindingRow:
    """Confirm a finding, or overrule it (a reason is required to overrule)."""
    if verdict not in ("confirmed", "overruled", "open"):
        raise SubmissionError("判定が不正です。", "Unknown verdict.")
    if verdict == "overruled" and not (reason or "").strip():
        raise SubmissionError(*word("refuse.no_reason"))
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
            raise SubmissionError(*word("refuse.open_errors", n=len(blocking)))
        if any(f.severity == "error" and f.status == "confirmed" for f in sub.findings):
            raise SubmissionError(*word("refuse.confirmed_error"))
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
