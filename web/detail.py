"""One submission: page images with boxes, fields (editable), findings, decisions, history."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy import select

from intake.models import AuditEvent, DocumentRow, FieldRow, FindingRow, Submission, Supplier, User
from intake.review import assign_supplier, claim, correct_fields, decide, judge_finding
from intake.submissions import SubmissionError

from web import fieldforms, pages
from web.access import can_review, may_read, shown, submission_or_404
from web.auth import me
from web.serialize import shown_documents
from web.store import db
from web.views import error_text

bp = Blueprint("detail", __name__, url_prefix="/submissions")


@dataclass
class Box:
    kind: str                  # field | finding
    key: str
    label: str
    style: dict
    target: str                # the id of the row it belongs to


@dataclass
class PageView:
    number: int
    url: str
    size: tuple[float, float]
    boxes: list[Box] = field(default_factory=list)


@dataclass
class DocView:
    row: DocumentRow
    pages: list[PageView] = field(default_factory=list)
    fields: list[dict] = field(default_factory=list)
    no_pages: str | None = None   # why there is no page image (conversion failed, personal data)


def _field_of(sub: Submission, finding: FindingRow) -> FieldRow | None:
    if not finding.field:
        return None
    docs = shown_documents(sub)
    preferred = [d for d in docs if d.id == finding.document_id] + docs
    return next((f for d in preferred for f in d.fields if f.key == finding.field), None)


def doc_views(sub: Submission, user: User) -> list[DocView]:
    findings_by_field: dict[int, list[FindingRow]] = defaultdict(list)
    for finding in sub.findings:
        row = _field_of(sub, finding)
        if row is not None:
            findings_by_field[row.id].append(finding)
    views = []
    for doc in shown_documents(sub):
        view = DocView(doc)
        sizes = pages.page_sizes(doc) if pages.renderable(doc) else []
        view.no_pages = pages.no_pages_reason(doc, sub, user)
        if view.no_pages:
            sizes = []
        for n, size in enumerate(sizes, start=1):
            page = PageView(n, url_for("pages.image", sub_id=sub.id, doc_id=doc.id, number=n), size)
            for f in doc.fields:
                style = pages.placed(doc, f, n, size)
                if style is None:
                    continue
                page.boxes.append(Box("field", f.key, f.key, style, f"field-{f.id}"))
                for finding in findings_by_field.get(f.id, []):
                    page.boxes.append(Box("finding " + finding.severity, f.key, finding.code,
                                          style, f"finding-{finding.id}"))
            view.pages.append(page)
        for f in doc.fields:
            readable = may_read(f.key, sub, user)
            value = shown(f.key, f.value, sub, user)
            view.fields.append({
                "row": f, "readable": readable, "text": fieldforms.as_text(value),
                "multiline": "\n" in fieldforms.as_text(value),
                "table": fieldforms.is_table(f.value), "grid": fieldforms.as_grid(value),
                "extracted": fieldforms.as_text(shown(f.key, f.extracted_value, sub, user)),
                "flagged": [x.severity for x in findings_by_field.get(f.id, [])]})
        views.append(view)
    return views


def history(sub: Submission) -> tuple[list[AuditEvent], dict[int, str]]:
    events = list(db().scalars(select(AuditEvent).where(AuditEvent.submission_id == sub.id)
                               .order_by(AuditEvent.id)))
    ids = {e.user_id for e in events if e.user_id} | ({sub.claimed_by} if sub.claimed_by else set())
    emails = {u.id: u.email for u in db().scalars(select(User).where(User.id.in_(ids)))} if ids else {}
    return events, emails


@bp.get("/<int:sub_id>")
@login_required
def show(sub_id: int) -> Any:
    sub = submission_or_404(sub_id, me())
    if me().role == "supplier":
        from web import portal
        return portal.show(sub)
    events, emails = history(sub)
    reviewers = []
    if me().role == "admin":
        reviewers = list(db().scalars(select(User).where(
            User.role == "reviewer", User.profile == sub.profile, User.active.is_(True))))
    older = [d for d in sub.documents if d.version < sub.version and d.status != "expanded"]
    suppliers = []   # a submission from the scanner folder waits for a reviewer to name its supplier
    if sub.supplier_id is None and can_review(sub, me()):
        suppliers = db().scalars(select(Supplier).order_by(Supplier.name).limit(500)).all()
    return render_template("detail.html", sub=sub, docs=doc_views(sub, me()), events=events,
                           older=older, suppliers=suppliers,
                           emails=emails, reviewer=can_review(sub, me()),
                           reviewers=reviewers,
                           blocking=[f for f in sub.findings
                                     if f.severity == "error" and f.status == "open"])


def _reviewable(sub_id: int) -> Submission:
    sub = submission_or_404(sub_id, me(), lock=True)
    if not can_review(sub, me()):
        abort(404)
    return sub


def _hold(sub: Submission) -> bool:
    """Act only on what one holds: claim a free submission, refuse one another reviewer holds."""
    if sub.claimed_by == me().id:
        return True
    if sub.claimed_by is not None:
        flash(_("他の審査担当者が対応中です。引き継ぐ場合は「引き継ぐ」を押してください。"), "error")
        return False
    claim(db(), sub, me().id)
    return True


def _act(sub: Submission, action) -> bool:  # noqa: ANN001
    """Run a review action in one transaction, flashing its refusal in the user's language."""
    try:
        if _hold(sub):
            action()
            db().commit()
            return True
    except SubmissionError as exc:
        flash(error_text(exc), "error")
    db().rollback()
    return False


@bp.post("/<int:sub_id>/supplier")
@login_required
def supplier(sub_id: int) -> Any:
    sub = _reviewable(sub_id)
    try:
        assign_supplier(db(), sub, request.form.get("supplier", type=int) or 0, me().id)
        db().commit()
        flash(_("事業者を割り当てました。"), "ok")
    except SubmissionError as exc:
        db().rollback()
        flash(error_text(exc), "error")
    return redirect(url_for("detail.show", sub_id=sub_id))


@bp.post("/<int:sub_id>/fields")
@login_required
def save_fields(sub_id: int) -> Any:
    sub = _reviewable(sub_id)
    changes: dict[int, dict[str, Any]] = defaultdict(dict)
    rows = {f.id: (d, f) for d in shown_documents(sub) for f in d.fields}
    bad = []
    for name, text in request.form.items():
        if not name.startswith("f:"):
            continue
        try:
            doc, row = rows[int(name[2:])]
        except (KeyError, ValueError):
            continue
        text = text.replace("\r\n", "\n")  # browsers send a textarea's newlines as CRLF
        if not may_read(row.key, sub, me()) or text.strip() == fieldforms.as_text(row.value).strip():
            continue
        try:
            changes[doc.id][row.key] = fieldforms.parse(text, row.value)
        except fieldforms.BadValue:
            bad.append(row.key)
    new_key = (request.form.get("new_key") or "").strip()
    if new_key and shown_documents(sub):
        if may_read(new_key, sub, me()):
            changes[shown_documents(sub)[0].id][new_key] = request.form.get("new_value", "").strip()
    if bad:
        flash(_("値の形式が正しくありません: %(keys)s", keys="、".join(bad)), "error")
        return redirect(url_for("detail.show", sub_id=sub.id))

    def apply() -> None:
        for doc_id, corrections in changes.items():
            correct_fields(db(), sub, corrections, me().id, document_id=doc_id)
    if changes and _act(sub, apply):
        flash(_("%(n)s件の項目を修正し、再チェックしました。", n=sum(len(c) for c in changes.values())), "ok")
    elif not changes:
        flash(_("変更された項目はありません。"), "ok")
    return redirect(url_for("detail.show", sub_id=sub.id))


@bp.post("/<int:sub_id>/findings/<int:finding_id>")
@login_required
def judge(sub_id: int, finding_id: int) -> Any:
    sub = _reviewable(sub_id)
    verdict = request.form.get("verdict", "")
    _act(sub, lambda: judge_finding(db(), sub, finding_id, verdict,
                                    request.form.get("reason"), me().id))
    return redirect(url_for("detail.show", sub_id=sub.id) + f"#finding-{finding_id}")


@bp.post("/<int:sub_id>/decision")
@login_required
def decision(sub_id: int) -> Any:
    sub = _reviewable(sub_id)
    choice = request.form.get("decision", "")
    before = sub.status
    _act(sub, lambda: decide(db(), sub, choice, request.form.get("comment"), me().id))
    if sub.status != before:
        flash({"approved": _("承認しました。"), "rejected": _("却下しました。"),
               "returned": _("事業者に差し戻しました。")}.get(sub.status, ""), "ok")
        nxt = request.form.get("next", "")
        if nxt.startswith("/") and not nxt.startswith("//"):
            return redirect(nxt)
    return redirect(url_for("detail.show", sub_id=sub.id))
